"""The lab kit: running work off the interface thread, BLAS threads, and saved-setting checks.

The lab base class itself is :class:`tui_nn.ui.labs.base.Lab` (its module doc is
the kit's contract); this package holds the parts it is built from.
"""

from tui_nn.ui.kit.work import PROGRESS_INTERVAL, WorkContext, WorkRun

__all__ = ["PROGRESS_INTERVAL", "WorkContext", "WorkRun"]
