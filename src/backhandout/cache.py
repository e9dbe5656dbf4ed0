"""A small on-disk cache of checked inputs and pure results, so a cold start does less.

Reading and checking the catalogue (29 YAML files, each picture posed and its
contacts checked) takes longer than drawing a page; its result only changes
when a file does. So load_catalogue keeps the checked catalogue here (cached),
keyed by every file's path, size, times and inode under the catalogue folder,
and by the files of this package itself (a new version, or an edited
checker, never reads an old entry). Pure results worth keeping (a picture's
laid-out panels) are kept one file each (memo), keyed by their inputs and
this package's files; at most MAX_MEMOS of a kind are kept.

- Where: $BACKHANDOUT_CACHE, else $XDG_CACHE_HOME/backhandout, else
  ~/.cache/backhandout. BACKHANDOUT_CACHE=off turns it off.
- Safe: the folder is made private (0700); an entry is read only if it is
  a regular file owned by this user and writable by no one else (a pickle
  runs code when read, so no other user may have written it); entries are
  written whole (a temporary file renamed into place).
- Best effort: any problem reading or writing the cache (a read-only home, a
  full disk, a damaged entry) just means the inputs are read as without it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
from pathlib import Path
from typing import Any, Callable, TypeVar

T = TypeVar("T")
ENV = "BACKHANDOUT_CACHE"
MAX_ENTRY = 8 * 1024 * 1024  # bytes: a catalogue entry is about 64 kB
MAX_MEMOS = 2000  # files of one memo kind (a picture layout is about 10 kB)
PACKAGE = Path(__file__).resolve().parent
_package_key: str | None = None


def folder() -> Path | None:
    """The cache folder, or None when the cache is off."""
    chosen = os.environ.get(ENV, "")
    if chosen.lower() in ("off", "0", "no"):
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "backhandout"


def _stamps(root: Path) -> list[tuple[str, int, int, int, int]]:
    """(path, size, mtime, ctime, inode) of every file under root, in a fixed order."""
    out = []
    for where, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            path = os.path.join(where, name)
            info = os.stat(path)
            out.append((os.path.relpath(path, root), info.st_size, info.st_mtime_ns,
                        info.st_ctime_ns, info.st_ino))
    return out


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def package_key() -> str:
    """A key of this package's own files (kept for the process)."""
    global _package_key
    if _package_key is None:
        _package_key = _digest(repr((sys.version, _stamps(PACKAGE))))
    return _package_key


def _owned(path: Path, is_kind: Callable[[int], bool]) -> os.stat_result | None:
    """path's status if it is of that kind (stat.S_ISREG, S_ISDIR), this user's, and no one
    else may write it; else None."""
    info = os.lstat(path)
    mine = is_kind(info.st_mode) and info.st_uid == os.getuid()
    return info if mine and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH) else None


def _read(path: Path) -> Any:
    try:
        info = _owned(path, stat.S_ISREG)
        if info is None or info.st_size > MAX_ENTRY or _owned(path.parent, stat.S_ISDIR) is None:
            return None
        with open(path, "rb") as handle:
            return pickle.loads(handle.read(MAX_ENTRY + 1))
    except Exception:  # a missing, damaged or foreign entry: read the inputs instead
        return None


def _write(path: Path, value: Any) -> None:
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if _owned(path.parent, stat.S_ISDIR) is None:
            return
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        if len(data) > MAX_ENTRY:
            return
        import tempfile

        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except Exception:  # no cache this time (read-only or full disk): not an error
        return


def cached(kind: str, root: Path, make: Callable[[], T],
           keep: Callable[[T], bool] = lambda value: True) -> T:
    """make(), or the value it gave last time if no file under root (or of this package) has
    changed since. Errors from make() are never cached: they are raised each time, nor are
    values keep() refuses (made from files outside root, which the key does not cover).
    One entry per kind and folder, replaced when its files change."""
    where = folder()
    if where is None:
        return make()
    try:  # a key that changes whenever a file under root, or this package, changes
        key = _digest(repr((kind, package_key(), str(root.resolve()), _stamps(root))))
    except OSError:  # a file vanished while we looked: no cache this time
        return make()
    entry = where / f"{kind}-{_digest(str(root.resolve()))[:24]}.pickle"
    kept = _read(entry)
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == key:
        return kept[1]
    value = make()
    if keep(value):
        _write(entry, (key, value))
    return value


def memo(kind: str, inputs: object, make: Callable[[], T]) -> T:
    """make(), kept on disk by repr(inputs) (which must say everything the result depends
    on) and this package's files."""
    where = folder()
    if where is None:
        return make()
    try:
        text = repr((package_key(), inputs))
    except OSError:
        return make()
    entry = where / kind / f"{_digest(text)[:40]}.pickle"
    kept = _read(entry)
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == text:
        return kept[1]
    value = make()
    try:
        if sum(1 for _ in os.scandir(entry.parent)) >= MAX_MEMOS:
            for old in os.scandir(entry.parent):  # start afresh: simpler than least-recently-used
                os.unlink(old.path)
    except OSError:  # not made yet (the write makes it), or not ours to tidy
        pass
    _write(entry, (text, value))
    return value
