"""Shared set-up of the exercise tests: short limits, so a bad file costs little time."""

from __future__ import annotations

#: Wall-clock limit for checks of files that should finish (generous: the machine is shared).
TIMEOUT = 20.0
#: Limit for files that loop forever: the test waits this long.
SHORT_TIMEOUT = 1.0
#: Limit for files that must load (NumPy included) before they loop: room for a busy machine.
LOOP_TIMEOUT = 2.0
#: Memory limit for files that allocate without end.
SMALL_MEMORY_MB = 300
