"""Many requests -> many PDF files: safe names, parallel, resumable, atomic.

- Names: made from the patient's name (or the roster's output column), with
  no folders, no '..', no reserved Windows names, unique in the folder.
- Atomic: each worker writes a temporary file beside the target and renames
  it into place; an interrupted run leaves whole files only, and the next run
  sweeps any temporary file a hard kill left behind.
- Grouped: rows that share a handout but for the name (a template, see
  render/layer.py) go to a worker together, in chunks, so each worker draws
  each template about once however the roster is ordered and however many
  kinds it mixes; a row whose handout occurs once is drawn whole.
- Resumable: each file's key (a hash of the request, the catalogue files, the
  layout and the version) is kept in .backhandout-index.json in the folder;
  a re-run skips files whose key, size and time still match.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import re
import signal
import sys
import time
import unicodedata
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterator

from . import __version__, inputs
from .api import build_pdf
from .atomic import write_atomic
from .catalogue import load_catalogue
from .errors import BackhandoutError, internal_error
from .layouts import DEFAULT, Layout, load_layout
from .model import Catalogue, Request
from .names import slug
from .roster import Row

INDEX = ".backhandout-index.json"
LOCK = ".backhandout-lock"
RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
            *(f"lpt{i}" for i in range(10))}  # Windows device names (COM0 and LPT0 too)
MAX_STEM = 80
FLUSH_SECONDS = 2.0
CHUNK = 8  # jobs sent to a worker at once: rows of one template, so it is drawn once a chunk
POOL_CHUNKS = 125  # chunks (1,000 jobs) a pool of workers builds before fresh ones take over


@dataclass(frozen=True)
class Job:
    """One file to build: small, so it travels cheaply to a worker process."""

    label: str
    request: Request
    path: str
    key: str
    layout: Layout
    password: str | None = None
    reuse: bool = False  # drawn as a kept template plus the name (others share its handout)


@dataclass
class Outcome:
    """What a batch did: file names built and skipped, rows that failed and why."""

    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # every file planned, in the rows' order
    failed: list[tuple[str, str]] = field(default_factory=list)
    interrupted: bool = False


def safe_stem(text: str) -> str:
    """A file-name stem that stays in its folder: letters, digits, '-' and '_' only."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9_]+", "-", ascii_text).strip("-_")[:MAX_STEM].strip("-_")
    return "" if stem.lower() in RESERVED else stem


def stem_for(row: Row) -> str:
    """The wished-for name: the output column, else <profile>-<patient>, else <profile>-row-N."""
    assert row.request is not None
    if row.output:
        wanted = re.sub(r"\.pdf$", "", row.output.strip(), flags=re.I)
        stem = safe_stem(wanted)
        if stem:
            return stem
    name = slug(row.request.patient or "")
    return f"{row.request.profile}-{name}" if name else f"{row.request.profile}-row-{row.number}"


def unique_names(stems: list[str]) -> list[str]:
    """File names, unique even on case-insensitive disks: ana.pdf, ana-2.pdf, ..."""
    used: set[str] = set()
    names = []
    for stem in stems:
        name, n = f"{stem}.pdf", 1
        while name.lower() in used:
            n += 1
            name = f"{stem}-{n}.pdf"
        used.add(name.lower())
        names.append(name)
    return names


def inside(out_dir: Path, name: str) -> Path:
    """out_dir/name, after checking that it cannot lead outside out_dir."""
    path = out_dir / name
    if Path(name).name != name or name in ("", ".", "..") or path.parent.resolve() != out_dir.resolve():
        raise BackhandoutError(f"refusing to write outside the folder: {name!r}")
    return path


def catalogue_digest(catalogue: Catalogue) -> str:
    """A hash of every file in the catalogue folder (names and bytes)."""
    digest = hashlib.sha256()
    root = Path(catalogue.root)
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        inputs.hash_into(digest, path, inputs.TRANSLATIONS)
        digest.update(b"\0")
    return digest.hexdigest()


def job_key(request: Request, name: str, encrypted: bool, catalogue: str, layout: Layout) -> str:
    """What a file depends on. The password itself is left out (only whether there is one)."""
    data = {"request": asdict(request), "name": name, "encrypted": encrypted,
            "catalogue": catalogue, "layout": asdict(layout), "version": __version__}
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def _entry_ok(entry: Any) -> bool:
    """An index entry as write_index writes it: {"key": str, "size": int, "mtime_ns": int}."""
    return (isinstance(entry, dict) and set(entry) == {"key", "size", "mtime_ns"}
            and isinstance(entry["key"], str)
            and all(type(entry[k]) is int for k in ("size", "mtime_ns")))


def read_index(out_dir: Path) -> dict[str, dict[str, Any]]:
    """The folder's index of built files; a missing or damaged index (anything but what
    write_index writes, however deep or odd) is empty, so everything is rebuilt."""
    try:
        data = json.loads(inputs.read_bytes(out_dir / INDEX, inputs.INDEX).decode("utf-8"))
    except (BackhandoutError, ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict) or not all(_entry_ok(e) for e in files.values()):
        return {}
    return files


def write_index(out_dir: Path, files: dict[str, dict[str, Any]]) -> None:
    """Write the index atomically."""
    text = json.dumps({"version": 1, "files": files}, indent=0, sort_keys=True)
    write_atomic(out_dir / INDEX, text.encode())


def _stamp(path: Path) -> dict[str, int]:
    stat = path.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def up_to_date(path: Path, key: str, entry: dict[str, Any] | None) -> bool:
    """True when the file exists and is the one the index says was built for this key."""
    if not entry or entry.get("key") != key:
        return False
    try:
        return entry == {"key": key, **_stamp(path)}
    except OSError:
        return False


def sweep_temporary(out_dir: Path) -> None:
    """Remove temporary files a hard-killed run left behind (.<name>.<random>.tmp)."""
    if out_dir.is_dir():
        for path in out_dir.glob(".*.tmp"):
            if ".pdf." in path.name or path.name.startswith(INDEX + "."):
                path.unlink(missing_ok=True)


def plan_jobs(rows: list[Row], out_dir: Path, catalogue: Catalogue, *, force: bool = False,
              layout: Layout | None = None) -> tuple[list[Job], Outcome, dict[str, dict[str, Any]]]:
    """Decide each row's file: a job to run, skipped (up to date) or failed."""
    outcome = Outcome()
    good = [row for row in rows if row.request is not None]
    outcome.failed += [(row.label, row.error or "cannot be read") for row in rows if row.request is None]
    index = {} if force else read_index(out_dir)
    digest = catalogue_digest(catalogue)
    jobs = []
    for row, name in zip(good, unique_names([stem_for(row) for row in good])):
        try:
            path = inside(out_dir, name)
        except BackhandoutError as exc:
            outcome.failed.append((row.label, str(exc)))
            continue
        assert row.request is not None
        outcome.names.append(name)
        row_layout = row.layout or layout or load_layout(DEFAULT)
        key = job_key(row.request, name, bool(row.password), digest, row_layout)
        if up_to_date(path, key, index.get(name)):
            outcome.skipped.append(name)
        else:
            jobs.append(Job(row.label, row.request, str(path), key, row_layout, row.password))
    return jobs, outcome, index


def template_key(job: Job) -> str:
    """What rows sharing a template have in common: the request but for the name, and the layout."""
    return repr((replace(job.request, patient=None), job.layout))


def chunks(jobs: list[Job], size: int = CHUNK) -> list[tuple[Job, ...]]:
    """The jobs in chunks of one template each, the templates in the order first met, after
    the chunks of jobs drawn whole.

    A job whose template no other job shares is drawn whole (reuse off): drawing a
    template and a layer for one file costs more than drawing the file.
    """
    groups: dict[str, list[Job]] = {}
    for job in jobs:
        groups.setdefault(template_key(job), []).append(job)
    out: list[tuple[Job, ...]] = []
    single: list[Job] = []
    for group in groups.values():
        if len(group) == 1:
            single.append(replace(group[0], reuse=False))
            continue
        group = [replace(job, reuse=True) for job in group]
        out += [tuple(group[i:i + size]) for i in range(0, len(group), size)]
    # Lone rows first: each is a whole drawing (several times a layered row's work), and
    # ending on the small layered chunks leaves no worker idle while another finishes.
    return [tuple(single[i:i + size]) for i in range(0, len(single), size)] + out


# --- running jobs, in this process or in worker processes -------------------------------

_catalogue: Catalogue | None = None
_templates: Any = None  # the worker's render.layer.Templates, made on its first named job
_busy = False
_parent: int | None = None  # in a worker process: the batch's process id
PR_SET_PDEATHSIG = 1  # Linux prctl(2)


class _Stopped(BaseException):
    """Raised inside a worker by SIGTERM, so the temporary file is removed on the way out."""


class WorkerCrashed(Exception):
    """A worker process died while building a row's file (killed, or out of memory)."""


def _on_term(signum: int, frame: Any) -> None:
    if _busy:
        raise _Stopped()
    os._exit(128 + signum)


def _die_with(parent: int) -> None:
    """Have this worker stopped (SIGTERM) when the batch's process dies, even by kill -9.

    On Linux the kernel sends the signal (prctl PR_SET_PDEATHSIG); elsewhere, and for a
    parent that died before this ran, build_job checks the parent before each file.
    """
    global _parent
    _parent = parent
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM))
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(128 + signal.SIGTERM)


def _init_worker(root: str, parent: int) -> None:
    """Per worker process: ignore Ctrl-C (the parent stops cleanly), stop with the parent,
    load the catalogue once."""
    global _catalogue
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_term)
    _die_with(parent)
    if _catalogue is None or _catalogue.root != root:  # a forked worker has it already
        _catalogue = load_catalogue(Path(root))


def build_job(job: Job) -> dict[str, int]:
    """Build one file (encrypted if asked) and write it atomically; return its size and time."""
    global _busy, _templates
    if _parent is not None and os.getppid() != _parent:  # the batch is gone: stop
        os._exit(128 + signal.SIGTERM)
    _busy = True
    try:
        if job.reuse and _templates is None:
            from .render.layer import Templates

            _templates = Templates()
        data = build_pdf(job.request, _catalogue, job.layout, password=job.password,
                         templates=_templates if job.reuse else None)
        path = Path(job.path)
        write_atomic(path, data)
        return _stamp(path)
    except _Stopped:
        os._exit(128 + signal.SIGTERM)
    finally:
        _busy = False


def _attempt(job: Job) -> dict[str, int] | BaseException:
    """build_job's stamp, or the error that stopped it: a bad row must not stop the others."""
    try:
        return build_job(job)
    except Exception as exc:
        return exc


def build_chunk(chunk: tuple[Job, ...]) -> list[dict[str, int] | BaseException]:
    """Build a chunk of jobs in turn; each one's stamp, or the error that stopped it."""
    results = [_attempt(job) for job in chunk]
    _give_back_memory()
    return results


def _give_back_memory() -> None:
    """Hand freed memory back to the system after a chunk (glibc's malloc keeps it, and
    over a long roster a worker's memory crept up: 81 MB at 1,000 rows, 115 MB at 20,000;
    with this and fresh workers every POOL_CHUNKS chunks it stays at 63-70 MB)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None).malloc_trim(0)
        except (OSError, AttributeError):
            pass


def _describe(exc: BaseException) -> str:
    if isinstance(exc, (BackhandoutError, WorkerCrashed)):
        return str(exc)
    return internal_error(exc)


Result = tuple[Job, "dict[str, int] | BaseException"]


def _pool(workers: int) -> ProcessPoolExecutor:
    """A pool of forked workers. The parent's objects (the catalogue, the roster's rows and
    jobs) are frozen first (gc.freeze), so a worker's cycle collector does not touch them
    and copy their pages into its own memory: else a worker's memory grows with the roster."""
    assert _catalogue is not None
    gc.freeze()
    return ProcessPoolExecutor(workers, initializer=_init_worker,
                               initargs=(_catalogue.root, os.getpid()))


def _in_pool(queue: deque[tuple[Job, ...]], workers: int, lost: list[Job]) -> Iterator[Result]:
    """Run queued chunks in a pool of worker processes, yielding results as they finish;
    at most POOL_CHUNKS chunks, then the pool ends (the caller starts a fresh one), so a
    worker's memory cannot creep up over a long roster.

    If a worker process dies (killed, out of memory) the pool is broken: the jobs it
    held are put in lost, unknown which one killed it, and the rest stay queued.
    """
    with _pool(workers) as pool:
        pending: dict[Future, tuple[Job, ...]] = {}
        sent = 0

        def submit() -> None:
            nonlocal sent
            if queue and sent < POOL_CHUNKS:
                chunk = queue.popleft()
                pending[pool.submit(build_chunk, chunk)] = chunk
                sent += 1

        try:
            while queue and sent < POOL_CHUNKS and len(pending) < workers * 2:  # a few each
                submit()
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    chunk = pending.pop(future)
                    error = future.exception()
                    if isinstance(error, BrokenProcessPool):
                        lost += [job for held in (chunk, *pending.values()) for job in held]
                        pending.clear()
                        return
                    if error is not None:  # not from a job (build_chunk keeps those)
                        yield from ((job, error) for job in chunk)
                    else:
                        yield from zip(chunk, future.result())
                    submit()
        finally:
            for future in pending:
                future.cancel()


def _alone(job: Job) -> Result:
    """Build one job in a worker process of its own: if that one dies too, the job is the
    one that kills its worker, and is reported as its row's error."""
    with _pool(1) as pool:
        future = pool.submit(build_job, job)
        try:
            return job, future.result()
        except BrokenProcessPool:
            return job, WorkerCrashed("the worker process building this handout was killed "
                                      "(perhaps the computer ran out of memory); the other "
                                      "rows went on")
        except Exception as exc:  # the row's own error, as from any worker
            return job, exc


def _results(jobs: list[Job], workers: int) -> Iterator[Result]:
    """Yield (job, stamp or error) as jobs finish; in this process when one worker is enough.

    A worker that dies does not stop the batch: the jobs it might have held are built
    again one by one, each in a fresh process, so only the row that kills a worker
    fails (WorkerCrashed), and the rest go on in a new pool.
    """
    grouped = chunks(jobs)
    if workers <= 1 or len(jobs) <= 1:
        for chunk in grouped:
            for job in chunk:
                yield job, _attempt(job)
        return
    queue = deque(grouped)
    while queue:
        lost: list[Job] = []
        yield from _in_pool(queue, min(workers, len(queue)), lost)
        for job in lost:
            yield _alone(job)


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


@contextmanager
def folder_lock(out_dir: Path) -> Iterator[None]:
    """Hold the folder's lock file (.backhandout-lock) while a batch writes into it.

    A second batch into the same folder stops with one line instead of both writing
    the index. The lock is the kernel's (flock): it ends with the process holding it,
    however that process ends, so a lock left by a killed batch is simply taken over.
    Systems without flock (Windows) run without the lock.
    """
    try:
        import fcntl
    except ImportError:
        yield
        return
    path = out_dir / LOCK
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
                     | getattr(os, "O_NOFOLLOW", 0), 0o666)
    except OSError as exc:
        raise BackhandoutError(f"cannot lock the folder: {exc.strerror}", file=str(out_dir)) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            who = f" (process {holder})" if holder.isdigit() else ""
            raise BackhandoutError(f"another batch{who} is writing to this folder: wait for it "
                                   "to finish, or use another --out-dir", file=str(out_dir)) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


def run_batch(rows: list[Row], out_dir: Path, catalogue: Catalogue, *, workers: int = 1,
              force: bool = False, progress: Callable[[int], None] | None = None,
              layout: Layout | None = None) -> Outcome:
    """Build every row's handout into out_dir; never raise for one bad row.

    Only one batch at a time writes into a folder (folder_lock). Ctrl-C or SIGTERM
    stops the run after the files being written are whole; the outcome then says
    interrupted, and a re-run carries on.
    """
    gc.enable()  # the CLI turns it off for short commands; a batch runs long (workers too)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackhandoutError(f"cannot make the folder: {exc.strerror}", file=str(out_dir)) from None
    with folder_lock(out_dir):
        return _run_locked(rows, out_dir, catalogue, workers=workers, force=force,
                           progress=progress, layout=layout)


def _run_locked(rows: list[Row], out_dir: Path, catalogue: Catalogue, *, workers: int,
                force: bool, progress: Callable[[int], None] | None,
                layout: Layout | None) -> Outcome:
    global _catalogue
    _catalogue = catalogue
    sweep_temporary(out_dir)
    jobs, outcome, index = plan_jobs(rows, out_dir, catalogue, force=force, layout=layout)
    if progress:
        progress(len(outcome.skipped) + len(outcome.failed))
    if not jobs:
        return outcome
    try:
        previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    except ValueError:  # not the main thread
        previous = None
    flushed = time.monotonic()
    results = _results(jobs, workers)
    try:
        for job, result in results:
            name = Path(job.path).name
            if isinstance(result, BaseException):
                outcome.failed.append((job.label, _describe(result)))
                index.pop(name, None)
            else:
                outcome.built.append(name)
                index[name] = {"key": job.key, **result}
            if progress:
                progress(1)
            if time.monotonic() - flushed > FLUSH_SECONDS:
                write_index(out_dir, index)
                flushed = time.monotonic()
    except KeyboardInterrupt:
        outcome.interrupted = True
    finally:
        results.close()  # stops the workers after the files being written are whole
        gc.unfreeze()  # (frozen for the workers: see _pool)
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        write_index(out_dir, index)
    return outcome
