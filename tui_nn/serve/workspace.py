"""The server's own temporary folder: one home per student, the turn locks, the shared data.

Everything lives under one folder made with :func:`tempfile.mkdtemp` (mode
0700), and every student home is made 0700 too, so students on the same
machine cannot read one another's files.  :meth:`Workspace.remove` deletes it
all when the server stops.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import tempfile
from pathlib import Path

from tui_nn.data import shared_copy
from tui_nn.i18n import _

_STUDENT_ID = re.compile(r"^[0-9a-f]{32}$")


class Workspace:
    def __init__(self, parent: str | None = None) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="tui-nn-serve-", dir=parent))
        self.homes = self.root / "homes"
        self.slots = self.root / "slots"
        self.data = self.root / "data"
        for folder in (self.homes, self.slots, self.data):
            folder.mkdir(mode=0o700)
        self._students: set[str] = set()
        self._anonymous = 0

    # --- students ---------------------------------------------------------

    def new_student(self) -> str:
        """A fresh student id (for the cookie that keeps a student's home across a refresh)."""
        student = secrets.token_hex(16)
        self._students.add(student)
        return student

    def knows(self, student: str | None) -> bool:
        return student is not None and bool(_STUDENT_ID.match(student)) and (
            student in self._students
        )

    def home_for(self, student: str | None) -> Path:
        """The home of a known student (kept for the life of the server), else a fresh one."""
        if student is not None and self.knows(student):
            name = f"s-{student}"
        else:
            self._anonymous += 1
            name = f"a-{self._anonymous:05d}-{secrets.token_hex(4)}"
        home = self.homes / name
        home.mkdir(mode=0o700, exist_ok=True)
        os.chmod(home, 0o700)
        return home

    # --- shared data --------------------------------------------------------

    def share_data(self) -> str:
        """Write the digits once for every session; returns a line saying what is shared."""
        from tui_nn.data import sources
        from tui_nn.data.errors import DataError
        from tui_nn.data.idx import read_pair
        from tui_nn.data.mnist import BUILTIN_SEED
        from tui_nn.data.synthetic import builtin_digits

        (x_train, t_train), (x_test, t_test) = builtin_digits(seed=BUILTIN_SEED)
        shared_copy.write_shared_copy(self.data, "builtin", (x_train, t_train, x_test, t_test))
        del x_train, t_train, x_test, t_test
        location, _problem = sources.find_mnist()
        if location is None:
            return _("Data: built-in digits (MNIST not found: `tui-nn data download` fetches it)")
        try:
            x_train, t_train = read_pair(location.file("train_images"),
                                         location.file("train_labels"))
            x_test, t_test = read_pair(location.file("test_images"), location.file("test_labels"))
        except DataError as error:
            return _("Data: built-in digits (MNIST could not be read: {error})").format(
                error=error)
        shared_copy.write_shared_copy(self.data, "mnist", (x_train, t_train, x_test, t_test))
        return _("Data: real MNIST from {path}, one read-only copy shared by every session"
                 ).format(path=location.path)

    # --- the end ----------------------------------------------------------------

    def remove(self) -> None:
        with contextlib.suppress(OSError):
            for path in self.data.glob("*"):
                os.chmod(path, 0o600)
        shutil.rmtree(self.root, ignore_errors=True)
