"""Where the MNIST files come from: their names and SHA-256 sums, the mirrors, the folders.

The places tui-nn looks for the four ``.gz`` files, in order:

1. an explicit ``data_dir`` (a function argument or ``--data-dir``);
2. the folder in the ``TUI_NN_DATA`` environment variable;
   (in these two, unpacked files without ``.gz`` are read too);
3. the user's cache folder (``<cache>/mnist``, see :mod:`tui_nn.paths`), where
   ``tui-nn data download`` puts them.

Files in the cache were verified when they were downloaded, so a cache file
whose SHA-256 no longer matches is reported and not used.  A folder the learner
points at explicitly is read as long as the files are well-formed IDX files
(so a look-alike such as Fashion-MNIST also loads); whether their checksums
match the original MNIST is reported by ``tui-nn data status``.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tui_nn import paths
from tui_nn.i18n import _

#: The four files, by role.
FILES: dict[str, str] = {
    "train_images": "train-images-idx3-ubyte.gz",
    "train_labels": "train-labels-idx1-ubyte.gz",
    "test_images": "t10k-images-idx3-ubyte.gz",
    "test_labels": "t10k-labels-idx1-ubyte.gz",
}

#: SHA-256 of the original MNIST files (the same sums torchvision's MD5s and others vouch for).
SHA256: dict[str, str] = {
    "train-images-idx3-ubyte.gz": (
        "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"
    ),
    "train-labels-idx1-ubyte.gz": (
        "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"
    ),
    "t10k-images-idx3-ubyte.gz": (
        "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"
    ),
    "t10k-labels-idx1-ubyte.gz": (
        "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"
    ),
}

#: Mirrors tried in order: the S3 copy torchvision uses, then the one TensorFlow uses.
#: (The original site, yann.lecun.com, often refuses downloads.)
DEFAULT_MIRRORS: tuple[str, ...] = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)

ENV_DATA = "TUI_NN_DATA"
ENV_SOURCE = "TUI_NN_SOURCE"
ENV_MIRRORS = "TUI_NN_MIRRORS"
SOURCES = ("auto", "mnist", "builtin")


def mirrors_from_env() -> tuple[str, ...]:
    """The mirrors to try: ``TUI_NN_MIRRORS`` (comma-separated base URLs) or the defaults."""
    raw = os.environ.get(ENV_MIRRORS, "")
    mirrors = tuple(m.strip() for m in raw.split(",") if m.strip())
    return mirrors or DEFAULT_MIRRORS


def cache_mnist_dir() -> Path:
    """The folder downloads go to: ``<cache>/mnist``."""
    return paths.cache_dir() / "mnist"


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class FileCheck:
    """What one of the four files looks like in one folder."""

    name: str
    path: Path
    exists: bool
    sha256: str | None = None
    expected_sha256: str | None = None

    @property
    def verified(self) -> bool:
        return self.exists and self.sha256 is not None and self.sha256 == self.expected_sha256

    def describe(self) -> str:
        if not self.exists:
            return _("{name}: missing").format(name=self.name)
        if self.verified:
            return _("{name}: ok (SHA-256 verified)").format(name=self.name)
        if self.path.suffix != ".gz":
            return _("{name}: present, unpacked (no published checksum to verify)").format(
                name=self.path.name)
        return _("{name}: CHECKSUM MISMATCH (expected {expected}, found {found})").format(
            name=self.name, expected=self.expected_sha256, found=self.sha256)


@dataclass(frozen=True)
class Location:
    """One folder tui-nn looks in, and what it found there."""

    kind: str  # "data_dir", "TUI_NN_DATA" or "cache"
    path: Path
    checks: tuple[FileCheck, ...] = field(default_factory=tuple)
    must_verify: bool = False  # the cache must match the checksums to be used

    @property
    def complete(self) -> bool:
        return bool(self.checks) and all(c.exists for c in self.checks)

    @property
    def verified(self) -> bool:
        return bool(self.checks) and all(c.verified for c in self.checks)

    def file(self, role: str) -> Path:
        """The path of one of the four files, by role ("train_images", ...)."""
        name = FILES[role]
        return next(c.path for c in self.checks if c.name == name)

    @property
    def usable(self) -> bool:
        return self.verified if self.must_verify else self.complete

    def problem(self) -> str | None:
        """Why this folder is not used (None when it is usable)."""
        if self.usable:
            return None
        missing = [c.name for c in self.checks if not c.exists]
        if missing:
            return _("{path}: missing {files}").format(path=self.path, files=", ".join(missing))
        bad = [c.name for c in self.checks if not c.verified]
        return _("{path}: wrong checksum for {files} (file damaged; not used)").format(
            path=self.path, files=", ".join(bad))


def check_folder(
    folder: Path, *, hashes: Mapping[str, str] | None = None, compute: bool = True
) -> tuple[FileCheck, ...]:
    """Look at the four files in ``folder``; ``compute=False`` skips hashing them."""
    hashes = SHA256 if hashes is None else hashes
    checks = []
    for name in FILES.values():
        path = Path(folder) / name
        if not path.is_file():
            # already unpacked: train-images-idx3-ubyte, or train-images.idx3-ubyte
            # (the name inside the original .gz)
            plain = path.with_suffix("")
            dotted = plain.with_name(plain.name.replace("-idx", ".idx"))
            path = next((p for p in (plain, dotted) if p.is_file()), path)
        exists = path.is_file()
        digest = None
        if exists and compute:
            try:
                digest = sha256_of(path)
            except OSError:  # unreadable: reported as not verified
                digest = "(unreadable)"
        checks.append(FileCheck(name, path, exists, digest, hashes.get(name)))
    return tuple(checks)


def candidate_folders(data_dir: Path | str | None = None) -> list[tuple[str, Path]]:
    """The folders to look in, in order, as (kind, path)."""
    folders: list[tuple[str, Path]] = []
    if data_dir is not None:
        folders.append(("data_dir", Path(data_dir).expanduser()))
    env = os.environ.get(ENV_DATA)
    if env:
        folders.append((ENV_DATA, Path(env).expanduser()))
    folders.append(("cache", cache_mnist_dir()))
    return folders


def survey(
    data_dir: Path | str | None = None, *, hashes: Mapping[str, str] | None = None
) -> list[Location]:
    """Every folder looked at, with per-file existence and checksums."""
    return [
        Location(kind, path, check_folder(path, hashes=hashes), must_verify=(kind == "cache"))
        for kind, path in candidate_folders(data_dir)
    ]


def find_mnist(
    data_dir: Path | str | None = None, *, hashes: Mapping[str, str] | None = None
) -> tuple[Location | None, list[str]]:
    """The first usable folder (or None), and the reasons the folders before it were skipped.

    Checksums are computed only for the cache (where a mismatch means damage);
    explicit folders only need the four files to be there (the IDX reader checks
    their format when they are loaded).
    """
    reasons: list[str] = []
    for kind, path in candidate_folders(data_dir):
        must_verify = kind == "cache"
        loc = Location(
            kind,
            path,
            check_folder(path, hashes=hashes, compute=must_verify),
            must_verify=must_verify,
        )
        if loc.usable:
            return loc, reasons
        if not loc.path.is_dir():
            what = _("is a file, not a folder") if loc.path.exists() else _("does not exist")
            reasons.append(f"{kind}: {path} {what}")
        else:
            reasons.append(f"{kind}: {loc.problem()}")
    return None, reasons
