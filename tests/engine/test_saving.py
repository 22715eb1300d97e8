"""Saving and loading networks: round trip, atomic writes, and refusing bad files clearly."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from tui_nn.engine.saving import (
    default_file_name,
    default_path,
    list_saved_networks,
    load_network,
    network_to_bytes,
    save_network,
)
from tui_nn.engine.train import TrainConfig, make_network, predict_proba
from tui_nn.paths import nets_dir


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TUI_NN_HOME", str(tmp_path / "home"))
    return tmp_path


def trained_like_net(config: TrainConfig, seed: int = 5):
    net = make_network(config, 784, np.random.default_rng(seed))
    rng = np.random.default_rng(seed + 1)
    for value in net.params.values():
        value += rng.normal(0, 0.1, size=value.shape)  # biases no longer zero
    return net


def images(n: int = 5) -> np.ndarray:
    return np.random.default_rng(7).integers(0, 256, size=(n, 28, 28), dtype=np.uint8)


@pytest.mark.parametrize("config", [TrainConfig.book(), TrainConfig.faster_learner(hidden_size=7)])
def test_round_trip_keeps_weights_settings_and_notes(tmp_path: Path, config: TrainConfig) -> None:
    net = trained_like_net(config)
    meta = {"test_accuracy": 0.9471, "data": "real MNIST (/x)", "iterations": 10_000}
    path = save_network(tmp_path / "sub" / "net.npz", net, config, meta)
    assert path == tmp_path / "sub" / "net.npz" and path.is_file()
    loaded, loaded_config, loaded_meta = load_network(path)
    assert loaded_config == config
    assert loaded_meta == meta
    for key, value in net.params.items():
        np.testing.assert_array_equal(loaded.params[key], value)
    np.testing.assert_array_equal(predict_proba(loaded, images()), predict_proba(net, images()))


def test_saving_into_a_folder_picks_a_new_name_there(home: Path) -> None:
    config = TrainConfig.book(hidden_size=4)
    path = save_network(nets_dir(), trained_like_net(config), config)
    assert path.parent == nets_dir() == home / "home" / "data" / "nets"
    assert path.suffix == ".npz" and "sigmoid-h4" in path.name
    assert list_saved_networks(nets_dir()) == [path]
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp file left behind


def test_saving_over_a_file_replaces_it(tmp_path: Path) -> None:
    config = TrainConfig.book(hidden_size=3)
    path = tmp_path / "net.npz"
    save_network(path, trained_like_net(config, seed=1), config)
    second = trained_like_net(config, seed=2)
    save_network(path, second, config)
    np.testing.assert_array_equal(load_network(path)[0].params["W1"], second.params["W1"])


def test_a_diverged_network_is_not_saved(tmp_path: Path) -> None:
    config = TrainConfig.book(hidden_size=3)
    net = trained_like_net(config)
    net.params["W2"][0, 0] = np.nan
    with pytest.raises(ValueError, match="nan"):
        save_network(tmp_path / "n.npz", net, config)
    assert not (tmp_path / "n.npz").exists()


def test_meta_must_be_plain_data(tmp_path: Path) -> None:
    config = TrainConfig.book(hidden_size=3)
    with pytest.raises(ValueError, match="plain data"):
        save_network(tmp_path / "n.npz", trained_like_net(config), config, {"x": object()})


# -- bad files ----------------------------------------------------------------------


def good_bytes() -> bytes:
    config = TrainConfig.book(hidden_size=3)
    return network_to_bytes(trained_like_net(config), config, {"note": "ok"})


def write(tmp_path: Path, data: bytes, name: str = "bad.npz") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def rebuilt(**replace: np.ndarray) -> bytes:
    """A good file with some arrays replaced (or added)."""
    with np.load(io.BytesIO(good_bytes()), allow_pickle=False) as archive:
        arrays = {key: archive[key] for key in archive.files}
    arrays.update(replace)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def info_with(**changes: object) -> np.ndarray:
    with np.load(io.BytesIO(good_bytes()), allow_pickle=False) as archive:
        info = json.loads(str(archive["tui_nn"]))
    info.update(changes)
    return np.array(json.dumps(info))


@pytest.mark.parametrize("cut", [10, 200, -30])
def test_truncated_file(tmp_path: Path, cut: int) -> None:
    with pytest.raises(ValueError, match=r"damaged|truncated|not a"):
        load_network(write(tmp_path, good_bytes()[:cut]))


def test_corrupted_bytes(tmp_path: Path) -> None:
    data = bytearray(good_bytes())
    middle = len(data) // 2
    data[middle : middle + 40] = b"\x00" * 40
    with pytest.raises(ValueError, match=r"damaged|truncated"):
        load_network(write(tmp_path, bytes(data)))


def test_text_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"not a \.npz archive"):
        load_network(write(tmp_path, b"hello, I am a text file\n"))


def test_foreign_npz(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    np.savez(buffer, weights=np.ones(3))
    with pytest.raises(ValueError, match="not a tui-nn network"):
        load_network(write(tmp_path, buffer.getvalue()))


def test_foreign_zip(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hi")
    with pytest.raises(ValueError, match="not a tui-nn network"):
        load_network(write(tmp_path, buffer.getvalue()))


def test_object_array_is_refused(tmp_path: Path) -> None:
    evil = np.empty(2, dtype=object)
    evil[0], evil[1] = {"a": 1}, [1, 2]
    data = rebuilt(W1=evil)
    with pytest.raises(ValueError, match="Python objects"):
        load_network(write(tmp_path, data))


def test_object_description_is_refused(tmp_path: Path) -> None:
    data = rebuilt(tui_nn=np.array([{"format": "tui-nn network"}], dtype=object))
    with pytest.raises(ValueError, match="Python objects"):
        load_network(write(tmp_path, data))


def test_wrong_shape_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"W2 has shape \(4, 10\)"):
        load_network(write(tmp_path, rebuilt(W2=np.zeros((4, 10)))))


def test_missing_weight_is_refused(tmp_path: Path) -> None:
    with np.load(io.BytesIO(good_bytes()), allow_pickle=False) as archive:
        arrays = {key: archive[key] for key in archive.files if key != "b1"}
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    with pytest.raises(ValueError, match="b1 is missing"):
        load_network(write(tmp_path, buffer.getvalue()))


def test_integer_or_nan_weights_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="decimal numbers"):
        load_network(write(tmp_path, rebuilt(b2=np.zeros(10, dtype=np.int64))))
    with pytest.raises(ValueError, match="nan or infinity"):
        load_network(write(tmp_path, rebuilt(b2=np.full(10, np.inf))))


def test_inconsistent_description_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="hidden size"):
        load_network(write(tmp_path, rebuilt(tui_nn=info_with(hidden_size=4))))
    with pytest.raises(ValueError, match="newer tui-nn"):
        load_network(write(tmp_path, rebuilt(tui_nn=info_with(version=99))))
    with pytest.raises(ValueError, match="bad settings"):
        load_network(write(tmp_path, rebuilt(tui_nn=info_with(config={"activation": "tanh"}))))
    with pytest.raises(ValueError, match="damaged description"):
        load_network(write(tmp_path, rebuilt(tui_nn=np.array("{not json"))))


def test_unexpected_extra_array_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="never has: payload"):
        load_network(write(tmp_path, rebuilt(payload=np.zeros(3))))


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="does not exist"):
        load_network(tmp_path / "nope.npz")
    with pytest.raises(ValueError, match="folder"):
        load_network(tmp_path)


def test_numpy_numbers_in_the_settings_are_saved_as_plain_numbers(tmp_path: Path) -> None:
    config = TrainConfig.book(hidden_size=np.int64(3), learning_rate=np.float32(0.5))
    path = save_network(tmp_path / "n.npz", trained_like_net(config), config)
    loaded_config = load_network(path)[1]
    assert loaded_config.hidden_size == 3 and type(loaded_config.hidden_size) is int
    assert loaded_config.learning_rate == pytest.approx(0.5)


def test_archive_with_an_unknown_compression_is_refused(tmp_path: Path) -> None:
    data = bytearray(good_bytes())
    start = 0
    while (pos := data.find(b"PK\x01\x02", start)) != -1:  # central directory entries
        data[pos + 10 : pos + 12] = (99).to_bytes(2, "little")  # compression method 99
        start = pos + 4
    with pytest.raises(ValueError, match="damaged"):
        load_network(write(tmp_path, bytes(data)))


def test_absurdly_nested_description_is_refused(tmp_path: Path) -> None:
    deep = np.array("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ValueError, match="damaged description"):
        load_network(write(tmp_path, rebuilt(tui_nn=deep)))


def test_default_names_never_overwrite_an_earlier_save(home: Path) -> None:
    import threading

    config = TrainConfig.book(hidden_size=3)
    net = trained_like_net(config)
    first = save_network(nets_dir(), net, config)
    second = save_network(nets_dir(), net, config)  # within the same second, most likely
    assert first != second and first.exists() and second.exists()
    clock = 1_800_000_000.0
    name = default_file_name(config, clock)
    (nets_dir() / name).write_bytes(b"taken")
    assert default_path(nets_dir(), config, clock).name == name.replace(".npz", "-2.npz")
    saved: list[Path] = []
    threads = [
        threading.Thread(target=lambda: saved.append(save_network(nets_dir(), net, config)))
        for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(saved)) == 6
    for path in [first, second, *saved]:
        load_network(path)  # every one is a whole, readable network
