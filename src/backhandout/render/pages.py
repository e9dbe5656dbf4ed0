"""Page templates: header, footer with "Page X of Y", and page references.

Numbers that are only known at the end (the page count, the page each card
lands on) are drawn as PDF form objects that are filled in when the canvas
is saved, so the document is laid out in a single pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from .. import __version__
from ..texts import PAGE_OF
from ..layouts import MM, Layout
from .styles import Styles
from .tags import Tagger

# Forms clip to their box, which starts at (0, 0): text sits inside it at this offset.
# The box is set explicitly: ReportLab's default is the page, and on a page narrower
# than FORM_ORIGIN (a half-Letter booklet) the number's last digit was cut off.
FORM_ORIGIN = (400.0, 20.0)
FORM_BOX = (0.0, 0.0, FORM_ORIGIN[0] + 1, FORM_ORIGIN[1] * 3)
SAFE_EDGE = 5 * MM  # printers cannot print closer to the edge of the paper


@dataclass(frozen=True)
class Spot:
    """Where a template leaves room for the patient's name (render/layer.py draws it there)."""

    kind: str  # "header" (x, y: right end of the baseline) or "cover" (x, y: bottom-left)
    page: int
    x: float
    y: float
    width: float  # the most the name may take: shortened to fit (header) or wrapped (cover)
    mcid: int | None = None  # cover: the marked-content id its drawing carries (tagged PDF)


class DeferredCanvas(Canvas):
    """A canvas that fills in page counts and page references on save; with `tagged`,
    it also marks its content and records the structure (render/tags.py)."""

    def __init__(self, *args, number_font: tuple[str, float] = ("Vera", 10),
                 page_of: str = PAGE_OF, name_spots: list[Spot] | None = None,
                 anchors: dict[str, int] | None = None, tagged: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.number_font, self.page_of = number_font, page_of
        self.name_spots = name_spots  # a list: leave the patient's name out, note where it goes
        # The page each anchor lands on; a dict given here is filled in (or, for a summary
        # page drawn alone, holds the pages of the whole handout already).
        self.anchors: dict[str, int] = {} if anchors is None else anchors
        self.used_refs: dict[str, tuple[str, float]] = {}
        if tagged:
            self.tags = Tagger(self, kwargs.get("lang"))

    def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
        tags = getattr(self, "tags", None)
        if tags is not None:
            tags.end_page()
        super().showPage()

    def save(self) -> None:
        total = self.getPageNumber() - 1
        for page in range(1, total + 1):
            self._text_form(page_form(page), self.page_of.format(page=page, total=total),
                            *self.number_font, True)
        for key, (font, size) in sorted(self.used_refs.items()):
            self._text_form(f"ref-{key}", str(self.anchors.get(key, "")), font, size, False)
        if getattr(self, "tags", None) is not None:
            self.tags.save()
        super().save()

    def _text_form(self, name: str, text: str, font: str, size: float, right: bool) -> None:
        self.beginForm(name, *FORM_BOX)
        self.setFont(font, size)
        draw = self.drawRightString if right else self.drawString
        draw(FORM_ORIGIN[0] if right else 0, FORM_ORIGIN[1], text)
        self.endForm()


def do_text_form(canvas: Canvas, name: str, x: float, y: float, *, right: bool = False) -> None:
    """Place a text form so its baseline starts (or, if right, ends) at x, y."""
    canvas.saveState()
    canvas.translate(x - (FORM_ORIGIN[0] if right else 0), y - FORM_ORIGIN[1])
    canvas.doForm(name)
    canvas.restoreState()


def page_form(page: int) -> str:
    """Name of the form holding 'Page X of Y' for one page."""
    return f"page-{page}"


class Anchor(Flowable):
    """Invisible marker: records the page it lands on under a key."""

    width = height = 0

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.anchors[self.key] = self.canv.getPageNumber()


class PageRef(Flowable):
    """The page number an Anchor landed on, filled in at the end."""

    def __init__(self, key: str, font: str, size: float) -> None:
        super().__init__()
        self.key, self.font, self.size = key, font, size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = stringWidth("000", self.font, self.size)
        self.height = self.size * 1.2
        return self.width, self.height

    def draw(self) -> None:
        self.canv.used_refs[self.key] = (self.font, self.size)
        do_text_form(self.canv, f"ref-{self.key}", 0, self.size * 0.25)


@dataclass(frozen=True)
class PageText:
    """What the header and footer say."""

    header_left: str
    header_right: str  # the patient's name, else the date
    footer: str
    named: bool = False  # header_right is the patient's name
    clinic: str = ""  # a second footer line: clinic name and phone
    page_of: str = PAGE_OF  # "Page {page} of {total}" in the handout's language


def fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten text with an ellipsis so it fits in width (for headers); one line only."""
    text = " ".join(text.split())
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def footer_lines(text: PageText, font: str, bold: str, size: float, width: float) -> list[str]:
    """The footer's lines: the disclaimer (on one or two lines), then the clinic line if any.

    With a clinic line, the page number moves down beside it, so the disclaimer has
    the full width (one line, where two would run into the clinic line).
    """
    widest = text.page_of.format(page="00", total="00")
    room = width - stringWidth(widest, font, size) - size
    lines = simpleSplit(text.footer, font, size, width if text.clinic else room)
    if len(lines) > 2:  # a long disclaimer is shortened on its second line
        lines = [lines[0], fit(" ".join(lines[1:]), font, size, width if text.clinic else room)]
    return lines + ([fit(text.clinic, bold, size, room)] if text.clinic else [])


def _decorate(layout: Layout, styles: Styles, text: PageText, band: str | None) -> Callable:
    """A page callback drawing the header, the footer and, on warnings and diary pages, a
    thick coloured rule under the header. Nothing is drawn within SAFE_EDGE of the paper's
    edge: the header and footer move inwards where the margins are small."""
    left = layout.margin_left
    right = layout.page_width - layout.margin_right
    size = layout.small_size
    regular, bold = layout.font, layout.font_bold
    line = size * 1.2

    def draw(canvas: Canvas, doc: BaseDocTemplate) -> None:
        tags = getattr(canvas, "tags", None)
        if tags is None:
            header(canvas)
            footer(canvas)
            return
        tags.begin_page()
        with tags.artifact("Header"):
            header(canvas)
        with tags.artifact("Footer"):
            footer(canvas)

    def header(canvas: Canvas) -> None:
        canvas.saveState()
        top = min(layout.page_height - layout.margin_top + size * 1.6,
                  layout.page_height - SAFE_EDGE - size)
        canvas.setFillColor(styles.muted)
        canvas.setFont(bold, size)
        half = (right - left) / 2 - size
        shown_right = fit(text.header_right, regular, size, half)
        room = half if text.named else max(
            half, right - left - stringWidth(shown_right, regular, size) - 2 * size)
        canvas.drawString(left, top, fit(text.header_left, bold, size, room))
        canvas.setFont(regular, size)
        if text.named and canvas.name_spots is not None:
            canvas.name_spots.append(Spot("header", canvas.getPageNumber(), right, top, half))
        else:
            canvas.drawRightString(right, top, shown_right)
        canvas.setStrokeColor(styles.muted)
        canvas.setLineWidth(0.6)
        if band is not None:  # warnings and diary pages: a thick coloured rule
            canvas.setStrokeColor(styles.danger if band == "danger" else styles.accent)
            canvas.setLineWidth(4)
        canvas.line(left, top - size * 0.6, right, top - size * 0.6)
        canvas.restoreState()

    def footer(canvas: Canvas) -> None:
        canvas.saveState()
        canvas.setFillColor(styles.muted)
        canvas.setStrokeColor(styles.muted)
        canvas.setLineWidth(0.6)
        lines = footer_lines(text, regular, bold, size, right - left)
        lowest = SAFE_EDGE + size * 0.3  # room for the descenders
        first = max(layout.margin_bottom - size * 2.2, lowest + (len(lines) - 1) * line)
        canvas.line(left, first + size * 1.3, right, first + size * 1.3)
        for i, shown in enumerate(lines):
            clinic = bool(text.clinic) and i == len(lines) - 1
            canvas.setFont(bold if clinic else regular, size)
            canvas.drawString(left, first - i * line, shown)
        number_y = first - (len(lines) - 1) * line if text.clinic else first
        do_text_form(canvas, page_form(canvas.getPageNumber()), right, number_y, right=True)
        canvas.restoreState()

    return draw


def make_doc(
    out, layout: Layout, styles: Styles, text: PageText, *, title: str, subject: str,
    author: str = "backhandout", keywords: str = "", lang: str | None = None,
) -> BaseDocTemplate:
    """A document with 'plain', 'danger' (warnings) and 'diary' page templates."""
    doc = BaseDocTemplate(
        out,
        pagesize=(layout.page_width, layout.page_height),
        leftMargin=layout.margin_left,
        rightMargin=layout.margin_right,
        topMargin=layout.margin_top,
        bottomMargin=layout.margin_bottom,
        title=title,
        subject=subject,
        author=author,
        creator=f"backhandout {__version__}",
        keywords=keywords,
        lang=lang or layout.language,
        invariant=1,
        initialFontName=layout.font,
        initialFontSize=layout.body_size,
    )
    frame_args = (doc.leftMargin, doc.bottomMargin, doc.width, doc.height)
    doc.addPageTemplates(
        [
            PageTemplate(id=name, frames=[Frame(*frame_args, id=name, leftPadding=0,
                                                rightPadding=0, topPadding=0, bottomPadding=0)],
                         onPage=_decorate(layout, styles, text, band), autoNextPageTemplate=name)
            for name, band in (("plain", None), ("danger", "danger"), ("diary", "accent"))
        ]
    )
    return doc
