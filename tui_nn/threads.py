"""One thread policy for NumPy's heavy work: how many threads its BLAS library may use.

NumPy's matrix products run in a BLAS library (OpenBLAS in NumPy's wheels),
which by default splits even a small product over every core.  The products
of a training step or of a numerical gradient are small (100 x 784 x 50), and
on a machine whose cores are busy (the app's interface thread, other
programs) the threads mostly wait for each other.  Measured on the 2-core
development machine with other jobs running (``bench/epoch_speed.py
--threads 1 2``, see ``bench/README.md``), one thread is faster for every
heavy path, so :data:`HEAVY_WORK_THREADS` is 1.

Every heavy path of the app and of ``tui-nn train`` runs inside
``with blas_threads(HEAVY_WORK_THREADS):``.  The engine itself never changes
the setting (it imports NumPy and the standard library only), so a caller
of the engine from Python decides.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from threadpoolctl import threadpool_limits

#: BLAS threads for training, numerical gradients and accuracy (chosen by measurement).
HEAVY_WORK_THREADS = 1


@contextmanager
def blas_threads(n: int | None) -> Iterator[None]:
    """Let BLAS use at most ``n`` threads inside the ``with`` block; ``None`` leaves it as is.

    Limits nest: leaving an inner block puts back the limit of the outer one
    (threadpoolctl restores what it found on entry).  The setting belongs to
    the whole process, not to one thread, so two blocks running at the same
    time in different threads share it.
    """
    if n is None:
        yield
        return
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"the number of BLAS threads must be a whole number >= 1, not {n!r}")
    with threadpool_limits(limits=n, user_api="blas"):
        yield
