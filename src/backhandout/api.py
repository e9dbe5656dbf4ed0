"""The library entry points the CLI calls: plan, build, write."""

from __future__ import annotations

import os
import re
import stat
import tempfile
import unicodedata
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, TypeVar

from .catalogue import load_catalogue
from .errors import BackhandoutError
from .layouts import DEFAULT, Layout, load_layout
from .model import Catalogue, Plan, Request
from .planner import make_plan
from .request import check_request

if TYPE_CHECKING:
    from .render.layer import Templates

T = TypeVar("T")


def plan_for(request: Request, catalogue: Catalogue | None = None) -> Plan:
    """Plan a handout for a request, checked first (request.check_request)."""
    catalogue = catalogue or load_catalogue()
    return make_plan(catalogue, check_request(request, catalogue))


def build_pdf(
    request: Request, catalogue: Catalogue | None = None, layout: Layout | None = None,
    *, password: str | None = None, templates: Templates | None = None,
    summary_only: bool = False, diary_only: bool = False,
) -> bytes:
    """Plan and draw a handout (imposed as a booklet if the layout says so); return PDF bytes.

    The file is finished compactly, and encrypted with AES-256 if a password
    is given (an empty one is refused). With templates (render.layer.Templates,
    kept by a batch worker), a named handout is drawn as a template kept there
    for the next patient with the same handout, plus a layer with the name: the
    same pages, much faster from the second patient on.
    With summary_only, just the one-page summary (its page numbers those of
    the whole handout), never imposed.
    With diary_only, only the exercise diary (for a returning patient).
    """
    from .compact import compact
    from .render import render_diary, render_handout  # ReportLab: only here

    layout = layout or load_layout(DEFAULT)
    if password == "":  # refused the same way whether the handout is drawn whole or layered
        raise BackhandoutError("the password is empty (give a password, or none)")
    plan = plan_for(request, catalogue)
    if summary_only:
        return compact(drawn(partial(render_handout, summary_only=True), plan, layout),
                       password=password)
    if diary_only:
        data = drawn(render_diary, plan, layout)
        if layout.booklet_sheet:
            from .booklet import impose_bytes

            data = impose_bytes(data, layout.booklet_sheet)
        return compact(data, password=password)
    if templates is not None and not layout.booklet_sheet:
        from .render.layer import layered_pdf

        layered = drawn(partial(layered_pdf, password=password), plan, layout, templates)
        if layered is not None:
            return layered
    data = drawn(render_handout, plan, layout)
    if layout.booklet_sheet:
        from .booklet import impose_bytes

        data = impose_bytes(data, layout.booklet_sheet)
    return compact(data, password=password)


def drawn(render: Callable[..., T], plan: Plan, layout: Layout, *args: Any) -> T:
    """render(plan, layout, ...), with ReportLab's LayoutError (something taller or wider than
    a page: checks on layouts and texts should make it impossible) as one clear line."""
    from reportlab.platypus.doctemplate import LayoutError

    from .render.speed import tuned

    try:
        with tuned():
            return render(plan, layout, *args)
    except LayoutError:
        raise BackhandoutError(
            f"the handout cannot be laid out on the pages of the layout '{layout.name}': a text "
            "or picture is too big for a page (try a layout with smaller text or a bigger page)"
        ) from None


def figures_pdf(catalogue: Catalogue | None = None, exercise: str | None = None) -> bytes:
    """A review sheet of every exercise's pictures beside its steps (or one exercise's),
    for clinicians reviewing the catalogue."""
    from .planner import figure_sides, uses_side_words
    from .render.figures import contact_sheet
    from .render.speed import tuned

    catalogue = catalogue or load_catalogue()
    items = [
        (e, figure_sides(None) if uses_side_words(e) else ())
        for e in sorted(catalogue.exercises.values(), key=lambda e: e.id)
        if exercise is None or e.id == exercise
    ]
    with tuned():
        return contact_sheet(items)


def slug(text: str) -> str:
    """A safe file-name part: 'Ana Núñez' -> 'ana-nunez'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")


def default_output(request: Request, out_dir: Path = Path("out"), layout: str = DEFAULT,
                   part: str = "", diary: bool = False) -> Path:
    """out/<profile>[-<patient>][-<layout>][-<lang>][-<part>][-diary-weeks-N-M].pdf (no layout
    or language part for the defaults: a4, English; part: 'summary' for a summary sheet; the
    last part for a diary on its own)."""
    name = request.profile
    if request.patient and slug(request.patient):
        name += "-" + slug(request.patient)
    if layout != DEFAULT and slug(layout):
        name += "-" + slug(layout)
    if request.lang != "en":
        name += "-" + slug(request.lang)
    if part:
        name += "-" + slug(part)
    if diary:
        name += f"-diary-weeks-{request.first_week}-{request.first_week + request.weeks - 1}"
    return out_dir / f"{name}.pdf"


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
