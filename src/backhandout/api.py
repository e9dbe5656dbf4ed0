"""The library entry points the CLI calls: plan and build (atomic.py writes the files)."""

from __future__ import annotations

from functools import partial
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
