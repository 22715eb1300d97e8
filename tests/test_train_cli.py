"""``tui-nn train``: a tiny headless run, saving, and clear errors for bad options."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tui_nn.cli import main
from tui_nn.train_cli import config_from_args, format_duration
from tui_nn.train_progress import fit_line, stats_parts

TINY = ["train", "--source", "builtin", "--train-size", "200", "--iterations", "20"]


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TUI_NN_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("TUI_NN_SOURCE", raising=False)
    return tmp_path


def accuracies(text: str) -> tuple[float, float]:
    match = re.search(r"final: train accuracy (\d\.\d+)\s+test accuracy (\d\.\d+)", text)
    assert match, text
    return float(match.group(1)), float(match.group(2))


def test_tiny_run_prints_epochs_result_and_data(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*TINY, "--batch", "50", "--lr", "0.5", "--hidden", "20"]) == 0
    captured = capsys.readouterr()
    out = captured.out
    assert "data: built-in digits" in out
    assert "200 training images / batch 50 = 4 iterations per epoch" in out
    assert "20 iterations = 5 epochs" in out
    epoch_lines = [line for line in out.splitlines() if line.startswith("epoch ")]
    assert len(epoch_lines) == 5 and epoch_lines[-1].startswith("epoch 5/5  iteration 20")
    assert "finished after 20 iterations" in out
    train_acc, test_acc = accuracies(out)
    assert 0.0 <= test_acc <= 1.0 and 0.0 <= train_acc <= 1.0
    # the last epoch line and the final line agree
    assert f"test accuracy {test_acc:.4f}" in epoch_lines[-1]
    assert "20/20 it" in captured.err  # the progress bar, on stderr


def test_run_is_reproducible_and_seed_matters(capsys: pytest.CaptureFixture[str]) -> None:
    runs = []
    for seed in ("1", "1", "2"):
        assert main([*TINY, "--quiet", "--seed", seed, "--lr", "1", "--batch", "20"]) == 0
        runs.append(capsys.readouterr().out)
    assert "epoch " not in runs[0]
    # everything but the timings must be the same for the same seed
    timing = re.compile(r" in [^(]*\(.*\)$", re.MULTILINE)
    timeless = [timing.sub(" in <time>", r) for r in runs]
    assert all("<time>" in t for t in timeless), runs
    assert timeless[0] == timeless[1]
    assert accuracies(runs[0]) == accuracies(runs[1])
    # ...and another seed gives another run (other weights, other batches)
    assert timeless[2] != timeless[0]


def test_same_seed_saves_the_same_weights_and_another_seed_does_not(home: Path) -> None:
    from tui_nn.engine.saving import load_network

    paths = [home / f"run{k}.npz" for k in range(3)]
    for seed, path in zip(("1", "1", "2"), paths, strict=True):
        assert main([*TINY, "--quiet", "--seed", seed, "--save", str(path)]) == 0
    nets = [load_network(path)[0] for path in paths]
    for key in ("W1", "b1", "W2", "b2"):
        np.testing.assert_array_equal(nets[0].params[key], nets[1].params[key])
    assert not np.array_equal(nets[0].params["W1"], nets[2].params["W1"])


def test_save_then_load(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tui_nn.data import load_dataset
    from tui_nn.engine.saving import load_network
    from tui_nn.engine.train import accuracy

    target = home / "out" / "mine.npz"
    args = [*TINY, "--quiet", "--preset", "faster", "--hidden", "8", "--save", str(target)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert f"saved: {target}" in out
    net, config, meta = load_network(target)
    assert (config.activation, config.hidden_size, config.learning_rate) == ("relu", 8, 0.3)
    assert meta["data"] == "built-in digits" and meta["iterations"] == 20
    dataset = load_dataset(source="builtin")
    test_acc = accuracy(net, dataset.x_test, dataset.t_test)
    assert test_acc == pytest.approx(accuracies(out)[1], abs=1e-4)
    assert meta["test_accuracy"] == pytest.approx(test_acc, abs=1e-4)


def test_save_without_path_uses_the_data_folder(home: Path, capsys) -> None:
    assert main([*TINY, "--quiet", "--hidden", "4", "--save"]) == 0
    saved = list((home / "home" / "data" / "nets").glob("*.npz"))
    assert len(saved) == 1 and f"saved: {saved[0]}" in capsys.readouterr().out


def test_epochs_option(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["train", "--source", "builtin", "--train-size", "300", "--batch", "100"]
    assert main([*args, "--epochs", "2", "--hidden", "5"]) == 0
    out = capsys.readouterr().out
    assert "finished after 6 iterations" in out


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--lr", "1e309"], "learning rate must be a finite number"),
        (["--lr", "nan"], "learning rate must be a finite number"),
        (["--lr", "-1"], "learning rate must be more than 0"),
        (["--lr", "fast"], "is not a number"),
        (["--batch", "-5"], "1 or more"),
        (["--batch", "ten"], "not a whole number"),
        (["--hidden", "0"], "1 or more"),
        (["--init", "big"], "weight initialisation must be a positive number"),
        (["--init", "1000"], "std must be a positive number up to 100"),
        (["--activation", "tanh"], "invalid choice"),
        (["--iterations", "5", "--epochs", "2"], "not allowed with"),
    ],
)
def test_bad_options(option: list[str], message: str, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["train", *option])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_bad_combination_found_by_validation(capsys) -> None:
    assert main([*TINY, "--hidden", "20000"]) == 2
    assert "hidden size must be between" in capsys.readouterr().err


def test_missing_mnist_is_a_clear_error(home: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("TUI_NN_DATA", str(home / "nowhere"))
    assert main(["train", "--source", "mnist", "--iterations", "5"]) == 1
    err = capsys.readouterr().err
    assert "MNIST" in err and "not found" in err and "Traceback" not in err


def test_numerical_gradient_asks_first(capsys) -> None:
    status = main([*TINY, "--gradient", "numerical", "--iterations", "10000"])
    captured = capsys.readouterr()
    assert status == 1
    expected = "numerical gradient (structured: central differences for each of 39,760 parameters)"
    assert expected in captured.out
    assert "--yes" in captured.err and "epoch " not in captured.out


def test_numerical_gradient_runs_when_short(capsys) -> None:
    args = ["train", "--source", "builtin", "--train-size", "20", "--batch", "5"]
    assert main([*args, "--hidden", "1", "--gradient", "numerical", "--iterations", "1"]) == 0
    out = capsys.readouterr().out
    assert "numerical gradient" in out and "finished after 1 iteration in" in out


def test_divergence_exits_1_and_does_not_save(home: Path, capsys) -> None:
    target = home / "x.npz"
    args = [*TINY, "--quiet", "--preset", "faster", "--lr", "1e100", "--save", str(target)]
    assert main(args) == 1
    captured = capsys.readouterr()
    assert "diverged" in captured.out and "smaller --lr" in captured.err
    assert "final: train accuracy n/a  test accuracy n/a" in captured.out
    assert not target.exists()


def test_presets_and_overrides() -> None:
    namespace = argparse.Namespace(preset="faster", hidden=None, activation=None, init=None,
                                   batch=None, lr=0.05, iterations=None, train_size=None,
                                   gradient=None, sampling=None, seed=None, eval_size=None)
    config = config_from_args(namespace)
    assert (config.activation, config.weight_init, config.hidden_size) == ("relu", "he", 100)
    assert config.learning_rate == 0.05


def test_progress_line_and_durations() -> None:
    line = "  ".join(stats_parts(3_000, 10_000, 600, 0.25, 10.0))
    assert fit_line(stats_parts(3_000, 10_000, 600, 0.25, 10.0), 200)[1] == line
    assert "3,000/10,000 it" in line and "epoch 5.0/16.7" in line
    assert "300 it/s" in line and "0:23 left" in line and "loss 0.2500" in line
    assert format_duration(3.25) == "3.2 s"
    assert format_duration(125) == "2 min 05 s"
    assert format_duration(59.6) == "59.6 s" and format_duration(59.96) == "1 min 00 s"
    assert format_duration(35 * 3600 + 60) == "35 hours"
    assert format_duration(float(np.inf)) == "forever"


def test_parser_does_not_import_numpy() -> None:
    code = (
        "import sys; from tui_nn.cli import build_parser; build_parser(); "
        "print('numpy' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


def test_ctrl_c_reports_and_saves_the_network_so_far(home: Path, monkeypatch, capsys) -> None:
    import signal

    from tui_nn import train_progress

    real_update = train_progress.TrainProgress.update

    def interrupt_at_5(self, iteration, loss, seconds):
        if iteration == 5:
            signal.raise_signal(signal.SIGINT)  # as Ctrl+C does
        return real_update(self, iteration, loss, seconds)

    monkeypatch.setattr(train_progress.TrainProgress, "update", interrupt_at_5)
    target = home / "partial.npz"
    assert main([*TINY, "--hidden", "6", "--save", str(target)]) == 130
    out = capsys.readouterr().out
    assert "stopped (Ctrl+C) after 5 iterations" in out
    # two epochs (iterations 2 and 4) were measured before the stop, and the end once more
    assert "of which 0 µs measuring accuracy" not in out
    assert target.exists() and f"saved: {target}" in out


def test_a_closed_pipe_ends_quietly(capsys) -> None:
    from tui_nn import train_cli

    class ClosedPipe:
        def write(self, text: str) -> int:
            raise BrokenPipeError

        def flush(self) -> None:
            pass

    parser = argparse.ArgumentParser()
    train_cli.add_arguments(parser)
    args = parser.parse_args(["--source", "builtin", "--iterations", "3", "--hidden", "3"])
    assert train_cli.run(args, out=ClosedPipe(), err=sys.stderr) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_ctrl_c_while_loading_data(monkeypatch, capsys) -> None:
    import tui_nn.data

    def interrupted(**_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(tui_nn.data, "load_dataset", interrupted)
    assert main(TINY) == 130
    err = capsys.readouterr().err
    assert "interrupted" in err and "Traceback" not in err


def test_epoch_arithmetic_is_stated_with_its_rounding(capsys) -> None:
    base = ["train", "--source", "builtin", "--train-size", "600", "--hidden", "3", "--quiet"]
    assert main([*base, "--batch", "250", "--epochs", "2"]) == 0
    out = capsys.readouterr().out
    assert "finished after 4 iterations" in out  # 600 / 250 = 2.4 -> 2 per epoch
    parser = argparse.ArgumentParser()
    from tui_nn import train_cli
    from tui_nn.data import load_dataset
    from tui_nn.engine.train import Trainer

    train_cli.add_arguments(parser)
    data = load_dataset(source="builtin")
    for extra, expected in (
        ([], "600 training images / batch 250 = 2.4, rounded down: 2 iterations per epoch"),
        (["--sampling", "shuffle"],
         "600 training images / batch 250 = 2.4, rounded up (the last batch has 100): "
         "3 iterations per epoch"),
    ):
        args = parser.parse_args(["--train-size", "600", "--batch", "250", "--iterations", "1",
                                  *extra])
        config = config_from_args(args)
        trainer = Trainer(config, data.x_train, data.t_train, data.x_test, data.t_test)
        lines = train_cli.describe_config(config, trainer)
        assert any(expected in line for line in lines), lines
        assert "1 iteration = " in lines[-1]
    assert main([*base, "--batch", "250", "--epochs", "2", "--sampling", "shuffle"]) == 0
    assert "finished after 6 iterations" in capsys.readouterr().out


def test_option_choices_are_the_engines() -> None:
    from tui_nn import train_options
    from tui_nn.engine import nets, train_config

    assert train_options.ACTIVATION_CHOICES == nets.ACTIVATIONS
    assert train_options.GRADIENT_CHOICES == train_config.GRADIENTS
    assert train_options.SAMPLING_CHOICES == train_config.SAMPLINGS
