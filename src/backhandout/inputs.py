"""Every file a user hands us is read here: regular files only, and never more than a limit.

A device (`/dev/zero`), a pipe (FIFO), a socket or a folder is refused with
one line before a byte is read: the file is opened without blocking (so a
FIFO with no writer cannot hang the program) and checked with fstat. A file
larger than the limit for its kind is refused, and never read past the limit
even if it grows while it is read. The limits are documented in the README
("Limits").
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .errors import BackhandoutError

KB = 1024
MB = 1024 * KB
CHUNK = 1 * MB


@dataclass(frozen=True)
class Kind:
    """A kind of file we read, and the most bytes one may have."""

    name: str  # for messages: "a roster may be at most 20 MB"
    limit: int


CATALOGUE = Kind("catalogue file", 1 * MB)
LAYOUT = Kind("layout file", 256 * KB)
CLINIC = Kind("clinic file", 64 * KB)
PROGRAMME = Kind("programme file", 64 * KB)
LOGO = Kind("logo", 5 * MB)
FONT = Kind("font file", 32 * MB)
ROSTER = Kind("roster", 20 * MB)
TRANSLATIONS = Kind("translation file", 10 * MB)
PDF = Kind("PDF", 100 * MB)
INDEX = Kind("batch index", 64 * MB)
KINDS = (CATALOGUE, LAYOUT, CLINIC, PROGRAMME, LOGO, FONT, ROSTER, TRANSLATIONS, PDF, INDEX)


def size_text(size: int) -> str:
    """'20 MB', '256 kB', '1.4 MB', '812 bytes'."""
    if size >= MB:
        value, unit = size / MB, "MB"
    elif size >= KB:
        value, unit = size / KB, "kB"
    else:
        return f"{size} bytes"
    return f"{value:.0f} {unit}" if value == int(value) or value >= 100 else f"{value:.1f} {unit}"


def _not_regular(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO), not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a regular file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a regular file"
    return "not a regular file"


def _too_big(size: int | None, kind: Kind) -> str:
    said = ""
    if size is not None:  # in bytes when it would read the same as the limit
        said = size_text(size)
        said = f" ({f'{size:,} bytes' if said == size_text(kind.limit) else said})"
    return f"the file is too big{said}: a {kind.name} may be at most {size_text(kind.limit)}"


@contextmanager
def open_regular(path: str | Path, kind: Kind, shown: str | None = None,
                 error: type[BackhandoutError] = BackhandoutError) -> Iterator[BinaryIO]:
    """Open a regular file for reading, or raise error naming it (never blocks on a FIFO)."""
    shown = str(path) if shown is None else shown
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) \
        | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise error("file not found", file=shown) from None
    except IsADirectoryError:
        raise error("a folder, not a file", file=shown) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        reason = getattr(exc, "strerror", None) or "not a valid file name"
        raise error(f"cannot read: {reason}", file=shown) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise error(_not_regular(info.st_mode), file=shown)
        if info.st_size > kind.limit:
            raise error(_too_big(info.st_size, kind), file=shown)
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as handle:
        yield handle


def read_bytes(path: str | Path, kind: Kind, shown: str | None = None,
               error: type[BackhandoutError] = BackhandoutError) -> bytes:
    """A whole regular file of at most kind.limit bytes, or an error naming the file."""
    shown = str(path) if shown is None else shown
    with open_regular(path, kind, shown, error) as handle:
        try:
            data = handle.read(kind.limit + 1)
        except OSError as exc:
            raise error(f"cannot read: {exc.strerror}", file=shown) from None
    if len(data) > kind.limit:  # it grew after the size check
        raise error(_too_big(None, kind), file=shown)
    return data


def hash_into(digest, path: str | Path, kind: Kind) -> None:
    """Feed a regular file's bytes to a hash, a chunk at a time (for files we only hash)."""
    with open_regular(path, kind) as handle:
        left = kind.limit
        while left > 0:
            chunk = handle.read(min(CHUNK, left))
            if not chunk:
                return
            digest.update(chunk)
            left -= len(chunk)
