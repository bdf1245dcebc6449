"""The content-addressed file store of one counter: ``<data>/files/ab/<sha256>``.

One file per SHA-256 of its bytes. A file is written to ``files/.tmp/``, fsynced, renamed
into place and its folder fsynced before ``put`` returns, so the caller commits the row that
names it only after the bytes are durable: a crash leaves at worst a file nobody names (and
``sweep`` removes a stale temporary), never a row without its file nor a half file under a
hash's name."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from app.domain.errors import DeskError

CHUNK = 1 << 20
#: A partial file untouched this long belongs to no live write (a write touches it every
#: chunk; the slowest, a file from a USB stick, still writes a chunk a second).
STALE_PARTIAL_SECONDS = 3600.0
HEX = frozenset("0123456789abcdef")


def is_sha256(text: str) -> bool:
    return len(text) == 64 and set(text) <= HEX


def fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


@dataclass(frozen=True)
class StoreProblem:
    sha256: str
    kind: str  # "missing" | "damaged"

    def text(self) -> str:
        vi = "thiếu" if self.kind == "missing" else "hỏng (sai mã băm)"
        return f"tệp {self.sha256[:16]}… {vi} / file {self.kind}"


class FileStore:
    """Bytes by hash under one folder; also used for the copies a backup carries."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @classmethod
    def of(cls, data_dir: Path | str) -> FileStore:
        return cls(Path(data_dir) / "files")

    def path(self, sha256: str) -> Path:
        if not is_sha256(sha256):
            raise ValueError(f"not a sha256: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def _tmp(self) -> Path:
        folder = self.root / ".tmp"
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{uuid.uuid4().hex}.part"

    def _place(self, tmp: Path, sha256: str) -> Path:
        target = self.path(sha256)
        created = not target.parent.is_dir()
        target.parent.mkdir(parents=True, exist_ok=True)
        if created:
            fsync_dir(self.root)
        if target.is_file() and sha256_file(target) == sha256:
            tmp.unlink(missing_ok=True)  # already there and sound: one file per hash
            return target
        os.replace(tmp, target)
        fsync_dir(target.parent)
        return target

    def put_bytes(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        if self.has(sha) and sha256_file(self.path(sha)) == sha:
            return sha
        tmp = self._tmp()
        try:
            with open(tmp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            self._place(tmp, sha)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise _disk_error(exc) from exc
        return sha

    def put_file(self, source: Path) -> str:
        """Copy ``source`` in (hashing while copying); returns its sha256."""
        tmp = self._tmp()
        h = hashlib.sha256()
        try:
            with open(source, "rb") as src, open(tmp, "wb") as dst:
                while chunk := src.read(CHUNK):
                    h.update(chunk)
                    dst.write(chunk)
                dst.flush()
                os.fsync(dst.fileno())
            sha = h.hexdigest()
            self._place(tmp, sha)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise _disk_error(exc) from exc
        return sha

    def read(self, sha256: str) -> bytes:
        path = self.path(sha256)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise DeskError("files.damaged", sha256=sha256) from None
        if hashlib.sha256(data).hexdigest() != sha256:
            raise DeskError("files.damaged", sha256=sha256)
        return data

    def delete(self, sha256: str) -> bool:
        path = self.path(sha256)
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        fsync_dir(path.parent)
        return True

    def hashes(self) -> Iterator[str]:
        """Every hash the folder holds (temporaries and strays excluded)."""
        if not self.root.is_dir():
            return
        for sub in sorted(self.root.iterdir()):
            if len(sub.name) != 2 or not sub.is_dir():
                continue
            for p in sorted(sub.iterdir()):
                if is_sha256(p.name) and p.name[:2] == sub.name and p.is_file():
                    yield p.name

    def verify(self, wanted: Iterable[str]) -> list[StoreProblem]:
        """Re-hash each wanted file: the ones missing or whose bytes do not match."""
        problems: list[StoreProblem] = []
        for sha in sorted(set(wanted)):
            path = self.path(sha)
            if not path.is_file():
                problems.append(StoreProblem(sha, "missing"))
            elif sha256_file(path) != sha:
                problems.append(StoreProblem(sha, "damaged"))
        return problems

    def sweep(self, *, older_than: float = STALE_PARTIAL_SECONDS) -> int:
        """Remove the partial files (``.tmp/*.part``) a crash left behind: those untouched
        for ``older_than`` seconds. A partial being written now is never one of them: its
        modification time moves with every write (and copy_into touches a hard link it
        just made, whose time would otherwise be the old source's)."""
        folder = self.root / ".tmp"
        if not folder.is_dir():
            return 0
        horizon = time.time() - older_than
        gone = 0
        for p in folder.glob("*.part"):
            try:
                st = p.stat()
                if st.st_mtime < horizon:
                    p.unlink()
                    gone += 1
            except OSError:
                continue  # taken into place (or removed) meanwhile by its writer
        return gone

    def copy_into(self, other: FileStore, hashes: Iterable[str]) -> int:
        """Give ``other`` the files it lacks (a hard link where the file system allows,
        else a copy; fsynced and renamed as ``put`` does). Returns how many were added."""
        added = 0
        for sha in sorted(set(hashes)):
            if other.has(sha) and sha256_file(other.path(sha)) == sha:
                continue
            source = self.path(sha)
            if not source.is_file():
                continue
            tmp = other._tmp()
            try:
                try:
                    os.link(source, tmp)
                    os.utime(tmp)  # a partial in use: never "stale" to a sweep (sweep)
                except OSError:
                    shutil.copyfile(source, tmp)
                    with open(tmp, "rb+") as fh:
                        os.fsync(fh.fileno())
                if sha256_file(tmp) != sha:  # never carry a damaged file on
                    tmp.unlink(missing_ok=True)
                    continue
                other._place(tmp, sha)
            except OSError as exc:
                tmp.unlink(missing_ok=True)
                raise _disk_error(exc) from exc
            added += 1
        return added


def sweep_partials(data_dir: Path | str) -> int:
    """Remove the stale partial files (``files/.tmp/*.part``, and those of the backups'
    shared store) a crash left behind; never one being written now (FileStore.sweep).
    Returns how many went. Run at desk open and by ``check``."""
    folder = Path(data_dir)
    return sum(FileStore(root).sweep() for root in (folder / "files", folder / "backups" / "files"))


def _disk_error(exc: OSError) -> DeskError:
    if exc.errno == 28:
        return DeskError("disk.full")
    return DeskError("files.disk", detail=exc.strerror or str(exc), kept="—")
