"""Faults while saving and loading networks (issue 10, points 3 and 6).

- kill -9 at random moments during saves, in a subprocess, looped: only complete, loadable
  files are left (no empty placeholder, no orphaned temporary file after the next listing);
- damaged files: a decompression bomb, truncated, empty, a pickle renamed .npz, an object
  array: each refused with a clear message, the bomb before anything is decompressed.
"""

from __future__ import annotations

import io
import os
import pickle
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest

from tui_nn.engine.saving import (
    MAX_NETWORK_BYTES,
    TEMP_PREFIX,
    cleanup_interrupted_saves,
    list_saved_networks,
    load_network,
    network_to_bytes,
    read_network_header,
    save_network,
    saved_networks,
)
from tui_nn.engine.train import TrainConfig, make_network

KILLS = 15
SAVER = """
import sys
from pathlib import Path
import numpy as np
from tui_nn.engine.saving import save_network
from tui_nn.engine.train import TrainConfig, make_network
folder = Path(sys.argv[1])
config = TrainConfig.book(hidden_size=300)  # about 2 MB a file: a save takes a while
net = make_network(config, 784, np.random.default_rng(0))
print("ready", flush=True)
n = 0
while True:
    save_network(folder, net, config, {"n": n})
    save_network(folder / "fixed.npz", net, config, {"n": n})
    n += 1
"""


def small_bytes(hidden: int = 3) -> bytes:
    config = TrainConfig.book(hidden_size=hidden)
    return network_to_bytes(make_network(config, 784, np.random.default_rng(1)), config)


def test_kill_9_during_saves_leaves_only_complete_loadable_files(tmp_path: Path) -> None:
    folder = tmp_path / "nets"
    rng = random.Random(10)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    landed = 0
    for _ in range(KILLS):
        saver = subprocess.Popen(
            [sys.executable, "-c", SAVER, str(folder)],
            stdout=subprocess.PIPE, env=env, text=True,
        )
        try:
            assert saver.stdout is not None and saver.stdout.readline().strip() == "ready"
            time.sleep(rng.uniform(0.0, 0.25))
        finally:
            saver.send_signal(signal.SIGKILL)
            saver.wait(timeout=30)
            if saver.stdout is not None:
                saver.stdout.close()
        if not folder.exists():  # killed before its first save made the folder: nothing to leave
            continue
        landed += any(p.suffix == ".tmp" for p in folder.iterdir())
        listed = list_saved_networks(folder)  # the next listing removes what the kill left
        assert not [p.name for p in folder.iterdir() if p.suffix == ".tmp"]
        on_disk = sorted(folder.glob("*.npz"))
        assert sorted(listed) == on_disk
        for path in on_disk:
            assert path.stat().st_size > 0
            load_network(path)  # complete and readable
    assert landed > 0, "no kill landed inside a save: the test did not test anything"


def test_an_orphaned_temporary_file_is_removed_by_the_next_save(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    orphan = tmp_path / f"{TEMP_PREFIX}{dead.pid}-abcdef.tmp"
    orphan.write_bytes(b"half a network")
    ours = tmp_path / f"{TEMP_PREFIX}{os.getpid()}-abcdef.tmp"  # a save running right now
    ours.write_bytes(b"being written")
    config = TrainConfig.book(hidden_size=3)
    saved = save_network(tmp_path, make_network(config, 784, np.random.default_rng(0)), config)
    assert not orphan.exists() and ours.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([saved.name, ours.name])
    assert cleanup_interrupted_saves(tmp_path) == 0


def test_an_empty_npz_is_not_listed_and_says_it_is_empty(tmp_path: Path) -> None:
    empty = tmp_path / "sigmoid-h50-20261201-120000.npz"
    empty.write_bytes(b"")
    assert list_saved_networks(tmp_path) == []
    with pytest.raises(ValueError, match="is empty"):
        load_network(empty)
    with pytest.raises(ValueError, match="is empty"):
        read_network_header(empty)


def bomb_bytes(hidden: int = 100_000) -> bytes:
    """A valid-looking network whose W1 unpacks to 784 x 100,000 float64 = 627 MB.

    Made with a streamed writer so the test itself never holds the 627 MB.
    """
    config = TrainConfig.book(hidden_size=hidden)
    good = io.BytesIO(small_bytes())
    with np.load(good, allow_pickle=False) as archive:
        info = str(archive["tui_nn"])
    import json

    described = json.loads(info)
    described.update(hidden_size=hidden, config=config.to_dict())
    buffer = io.BytesIO()
    shapes = {"W1": (784, hidden), "b1": (hidden,), "W2": (hidden, 10), "b2": (10,)}
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for key, shape in shapes.items():
            with out.open(f"{key}.npy", "w", force_zip64=True) as member:
                header = {"descr": "<f8", "fortran_order": False, "shape": shape}
                np.lib.format.write_array_header_1_0(member, header)
                zeros = bytes(2**20)
                left = int(np.prod(shape)) * 8
                while left > 0:
                    member.write(zeros[: min(left, len(zeros))])
                    left -= len(zeros)
        text = io.BytesIO()
        np.lib.format.write_array(text, np.array(json.dumps(described)))
        out.writestr("tui_nn.npy", text.getvalue())
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bomb") / "bomb.npz"
    path.write_bytes(bomb_bytes())
    return path


def test_decompression_bomb_is_refused_before_it_is_unpacked(bomb: Path) -> None:
    assert bomb.stat().st_size < 2 * 2**20  # small on disk ...
    assert MAX_NETWORK_BYTES < 784 * 100_000 * 8  # ... 627 MB unpacked
    import tracemalloc

    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match=r"too large .* W1 would take 598 MB"):
            load_network(bomb)
        with pytest.raises(ValueError, match="too large"):
            read_network_header(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 2**20, f"{peak / 2**20:.0f} MB were allocated to refuse it"


def test_header_says_what_a_file_is_without_loading_it(tmp_path: Path) -> None:
    config = TrainConfig.faster_learner(hidden_size=7)
    net = make_network(config, 784, np.random.default_rng(3))
    path = save_network(tmp_path / "n.npz", net, config, {"test_accuracy": 0.91, "data": "x"})
    header = read_network_header(path)
    assert header.path == path and header.config == config
    assert (header.input_size, header.hidden_size, header.output_size) == (784, 7, 10)
    assert header.arrays["W1"] == ((784, 7), "float64")
    assert header.nbytes >= (784 * 7 + 7 + 70 + 10) * 8
    assert header.describe() == "relu, 7 hidden · test accuracy 0.9100, x"


@pytest.mark.parametrize("cut", [4, 30, 100, 1000, -200, -22, -1])
def test_truncated_files_are_refused(tmp_path: Path, cut: int) -> None:
    path = tmp_path / "cut.npz"
    path.write_bytes(small_bytes()[:cut])
    for read in (load_network, read_network_header):
        with pytest.raises(ValueError, match=r"damaged|truncated|not a"):
            read(path)


def test_a_pickle_renamed_npz_is_refused_without_running_it(tmp_path: Path) -> None:
    path = tmp_path / "evil.npz"
    path.write_bytes(pickle.dumps({"W1": np.ones(3)}))
    for read in (load_network, read_network_header):
        with pytest.raises(ValueError, match=r"not a \.npz archive"):
            read(path)


def test_an_object_array_is_refused_from_its_header(tmp_path: Path) -> None:
    with np.load(io.BytesIO(small_bytes()), allow_pickle=False) as archive:
        arrays = {key: archive[key] for key in archive.files}
    evil = np.empty(3, dtype=object)
    arrays["b1"] = evil
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    path = tmp_path / "objects.npz"
    path.write_bytes(buffer.getvalue())
    for read in (load_network, read_network_header):
        with pytest.raises(ValueError, match="Python objects"):
            read(path)


def test_saved_networks_lists_headers_and_problems_newest_first(tmp_path: Path) -> None:
    config = TrainConfig.book(hidden_size=4)
    good = save_network(tmp_path / "good.npz", make_network(config, 784,
                        np.random.default_rng(0)), config, {"test_accuracy": 0.5})
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"PK\x03\x04 not really")
    os.utime(good, (1_000_000, 1_000_000))  # older
    listed = saved_networks(tmp_path)
    assert [entry.path for entry in listed] == [bad, good]
    assert listed[0].header is None and listed[0].summary().startswith("cannot be loaded: it is")
    assert listed[1].summary() == "sigmoid, 4 hidden · test accuracy 0.5000"
    assert saved_networks(tmp_path, limit=1)[1].header is None
