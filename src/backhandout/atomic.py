"""Atomic file writing: a file is either whole or not there, even after a power cut."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .errors import BackhandoutError


def _umask() -> int:
    """The process's umask (read from /proc where it can be, so it is never changed)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # elsewhere: set and put back at once
    os.umask(mask)
    return mask


def _mode_for(path: Path) -> int:
    """The mode a written file gets: an existing file keeps its own; a new one follows the
    umask, as any program's new file does (0644 with the usual 022, 0600 with 077)."""
    try:
        info = os.lstat(path)
        if stat.S_ISREG(info.st_mode):
            return stat.S_IMODE(info.st_mode)
    except OSError:
        pass
    return 0o666 & ~_umask()


def _sync_folder(folder: Path) -> None:
    """fsync a folder, so a rename in it survives a power cut (where the system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # some file systems cannot sync a folder
        pass
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that it is either whole or not there at all, even after a power cut.

    The bytes go to a private temporary file beside it, which is synced to disk, given
    the file's mode (see _mode_for) and renamed into place; then the folder is synced.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = _mode_for(path)
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise BackhandoutError(f"cannot write: {exc.strerror}", file=str(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise BackhandoutError(f"cannot write: {exc.strerror}", file=str(path)) from None
        raise
    _sync_folder(path.parent)
