"""Watching a file re-checks it on save; a lab can call the learner's own function."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from tests.exercises.conftest import SHORT_TIMEOUT, TIMEOUT
from tests.exercises.learner_files import source, write
from tui_nn.exercises import CheckReport, LabFunction, call_learner_function, watch_file
from tui_nn.exercises.messages import NOT_WRITTEN, SERVED_OFF


def test_watch_checks_again_after_a_save(tmp_path: Path) -> None:
    path = write_starter_file(tmp_path)
    reports: list[CheckReport] = []
    saves = iter([source(3)])

    def fake_sleep(_: float) -> None:  # the learner saves while we wait
        text = next(saves, None)
        if text is not None:
            path.write_text(text, encoding="utf-8")
            stat = path.stat()
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))

    last = watch_file(path, reports.append, timeout=TIMEOUT, max_checks=2, sleep=fake_sleep)
    assert [report.passed for report in reports] == [False, True]
    assert last is reports[-1]


def test_watch_does_not_check_an_unchanged_file_again(tmp_path: Path) -> None:
    path = write_starter_file(tmp_path)
    reports: list[CheckReport] = []
    waits = []
    watch_file(path, reports.append, timeout=TIMEOUT, should_stop=lambda: len(waits) >= 3,
               sleep=waits.append)
    assert len(reports) == 1
    assert len(waits) == 3


def write_starter_file(folder: Path) -> Path:
    from tui_nn.exercises import write_starter

    return write_starter(3, folder).path


def test_a_lab_gets_the_learners_slopes(tmp_path: Path) -> None:
    path = write(tmp_path, 3, source(3))
    calls = call_learner_function(path, "numerical_diff",
                                  [(LabFunction("slope"), x) for x in (5.0, 10.0)],
                                  timeout=TIMEOUT)
    assert calls.problem is None
    assert [call.value for call in calls.calls] == [0.1999999999990898, 0.2999999999986347]


def test_a_lab_gets_the_learners_gradient_arrows(tmp_path: Path) -> None:
    path = write(tmp_path, 4, source(4))
    calls = call_learner_function(path, "numerical_gradient",
                                  [(LabFunction("bowl"), [3.0, 4.0]),
                                   (LabFunction("bowl"), np.array([0.0, 2.0]))],
                                  timeout=TIMEOUT)
    assert all(call.ok for call in calls.calls)
    np.testing.assert_allclose(calls.calls[0].value, [6.0, 8.0])
    np.testing.assert_allclose(calls.calls[1].value, [0.0, 4.0], atol=1e-9)


def test_a_lab_call_of_a_starter_or_a_broken_file_is_a_sentence(tmp_path: Path) -> None:
    starter = write_starter_file(tmp_path)
    calls = call_learner_function(starter, "numerical_diff", [(LabFunction("slope"), 5.0)],
                                  timeout=TIMEOUT)
    assert calls.calls[0].problem == NOT_WRITTEN
    looping = tmp_path / "loop.py"
    looping.write_text("def numerical_diff(f, x):\n    while True:\n        pass\n",
                       encoding="utf-8")
    calls = call_learner_function(looping, "numerical_diff", [(LabFunction("slope"), 5.0)],
                                  timeout=SHORT_TIMEOUT)
    assert calls.problem == "took too long: stopped after 1 s (an endless loop?)"
    missing = call_learner_function(looping, "numerical_gradient", [(1.0,)], timeout=TIMEOUT)
    assert missing.problem == "not found in your file: define numerical_gradient"


def test_a_lab_call_is_off_in_a_served_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUI_NN_SERVED", "1")
    path = write(tmp_path, 3, source(3))
    assert call_learner_function(path, "numerical_diff", [(LabFunction("slope"), 5.0)]).problem \
        == SERVED_OFF
