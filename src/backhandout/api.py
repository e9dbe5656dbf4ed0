"""The library entry points the CLI calls: plan, build, write."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

from .catalogue import load_catalogue
from .errors import BackhandoutError
from .layouts import DEFAULT, Layout, load_layout
from .model import Catalogue, Plan, Request
from .planner import make_plan
from .request import check_request

def plan_for(request: Request, catalogue: Catalogue | None = None) -> Plan:
    """Plan a handout for a request, checked first (request.check_request)."""
    catalogue = catalogue or load_catalogue()
    return make_plan(catalogue, check_request(request, catalogue))


def build_pdf(
    request: Request, catalogue: Catalogue | None = None, layout: Layout | None = None,
    *, password: str | None = None, reuse: bool = False, diary_only: bool = False,
) -> bytes:
    """Plan and draw a handout (imposed as a booklet if the layout says so); return PDF bytes.

    The file is finished compactly, and encrypted with AES-256 if a password
    is given. With reuse (for batches), a named handout is drawn as a
    template kept for the next patient with the same handout, plus a layer
    with the name: the same pages, much faster from the second patient on.
    With diary_only, only the exercise diary (for a returning patient).
    """
    from .compact import compact, with_layer
    from .render import render_diary, render_handout, render_layered  # ReportLab: only here

    layout = layout or load_layout(DEFAULT)
    plan = plan_for(request, catalogue)
    if diary_only:
        data = render_diary(plan, layout)
        if layout.booklet_sheet:
            from .booklet import impose_bytes

            data = impose_bytes(data, layout.booklet_sheet)
        return compact(data, password=password)
    layered = render_layered(plan, layout, compact) if reuse and not layout.booklet_sheet else None
    if layered:
        from .tracking_fields import META_FIELD

        return with_layer(layered.template, layered.layer, layered.order,
                          {META_FIELD: layered.plan_field}, password=password)
    data = render_handout(plan, layout)
    if layout.booklet_sheet:
        from .booklet import impose_bytes

        data = impose_bytes(data, layout.booklet_sheet)
    return compact(data, password=password)


def figures_pdf(catalogue: Catalogue | None = None) -> bytes:
    """A contact sheet of every exercise's picture, for clinicians reviewing the catalogue."""
    from .planner import figure_sides, uses_side_words
    from .render.figures import contact_sheet

    catalogue = catalogue or load_catalogue()
    items = [
        (e, figure_sides(None) if uses_side_words(e) else ())
        for e in sorted(catalogue.exercises.values(), key=lambda e: e.id)
    ]
    return contact_sheet(items)


def slug(text: str) -> str:
    """A safe file-name part: 'Ana Núñez' -> 'ana-nunez'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")


def default_output(request: Request, out_dir: Path = Path("out"), layout: str = DEFAULT,
                   diary: bool = False) -> Path:
    """out/<profile>[-<patient>][-<layout>][-<lang>][-diary-weeks-N-M].pdf (no layout or
    language part for the defaults: a4, English; the last part for a diary on its own)."""
    name = request.profile
    if request.patient and slug(request.patient):
        name += "-" + slug(request.patient)
    if layout != DEFAULT and slug(layout):
        name += "-" + slug(layout)
    if request.lang != "en":
        name += "-" + slug(request.lang)
    if diary:
        name += f"-diary-weeks-{request.first_week}-{request.first_week + request.weeks - 1}"
    return out_dir / f"{name}.pdf"


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that it is either whole or not there at all."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise BackhandoutError(f"cannot write: {exc.strerror}", file=str(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise BackhandoutError(f"cannot write: {exc.strerror}", file=str(path)) from None
        raise
