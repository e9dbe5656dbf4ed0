"""Fonts and paragraph styles for a layout."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from html import escape  # (not xml.sax.saxutils, which imports urllib and email: 25 ms)

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Paragraph, Table

from ..layouts import Layout, parsed_font
from .tags import Node, Tagged, list_node


@lru_cache(maxsize=None)
def register_font(name: str, file: str) -> str:
    """Register a TrueType font once per process (the one the layout checked when it loaded)."""
    pdfmetrics.registerFont(parsed_font(name, file))
    return name


def register_family(layout: Layout) -> str:
    """Register the layout's four faces as one family; return the family name."""
    files = dict(layout.font_files)
    for face in (layout.font, layout.font_bold, layout.font_italic, layout.font_bold_italic):
        register_font(face, files.get(face, f"{face}.ttf"))
    pdfmetrics.registerFontFamily(
        layout.font,
        normal=layout.font,
        bold=layout.font_bold,
        italic=layout.font_italic,
        boldItalic=layout.font_bold_italic,
    )
    return layout.font


def plain(value: str) -> str:
    """Escape text so a Paragraph prints it literally."""
    return escape(value, quote=False)


def labelled(label: str, value: str) -> str:
    """'<b>Date:</b> 21 November 2026' as Paragraph markup, both parts escaped."""
    return f"<b>{plain(label)}</b> {plain(value)}"


@dataclass(frozen=True)
class Styles:
    """The paragraph styles and colours one handout uses."""

    body: ParagraphStyle
    bullet: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    card_title: ParagraphStyle
    dose: ParagraphStyle
    step_number: ParagraphStyle
    label: ParagraphStyle
    table: ParagraphStyle
    table_bold: ParagraphStyle
    diary: ParagraphStyle
    danger_heading: ParagraphStyle
    small_print: ParagraphStyle  # a quiet line at the end (sources): body size, muted
    band: ParagraphStyle  # an urgent-help action, white on its colour
    strip: ParagraphStyle  # the same, in the first page's strip
    sign: ParagraphStyle  # one urgent sign a line, close together
    accent: colors.Color
    accent_light: colors.Color
    danger: colors.Color
    danger_light: colors.Color
    warning: colors.Color
    warning_light: colors.Color
    muted: colors.Color


@lru_cache(maxsize=16)
def make_styles(layout: Layout) -> Styles:
    """Build every style from a layout (once per layout and process: styles are never changed)."""
    register_family(layout)
    size = layout.body_size
    lead = size * layout.leading_ratio
    body = ParagraphStyle(
        "body", fontName=layout.font, fontSize=size, leading=lead,
        textColor=colors.HexColor(layout.ink), spaceAfter=size * layout.paragraph_space,
        bulletFontName=layout.font, bulletFontSize=size,
    )
    bold = layout.font_bold
    heading_size = layout.heading_size
    return Styles(
        body=body,
        bullet=ParagraphStyle(
            "bullet", parent=body, leftIndent=size * 1.3, bulletIndent=size * 0.2,
            spaceAfter=size * 0.2,
        ),
        title=ParagraphStyle(
            "title", parent=body, fontName=bold, fontSize=layout.title_size,
            leading=layout.title_size * 1.2, textColor=colors.HexColor(layout.accent),
            spaceAfter=size * 0.6,
        ),
        subtitle=ParagraphStyle("subtitle", parent=body, fontSize=size * 1.1, leading=lead * 1.1),
        heading=ParagraphStyle(
            "heading", parent=body, fontName=bold, fontSize=heading_size,
            leading=heading_size * 1.25, textColor=colors.HexColor(layout.accent),
            spaceBefore=size * 0.7, spaceAfter=size * 0.3, keepWithNext=1,
        ),
        card_title=ParagraphStyle(
            "card_title", parent=body, fontName=bold, fontSize=heading_size,
            leading=heading_size * 1.2, spaceAfter=0,
        ),
        dose=ParagraphStyle("dose", parent=body, fontName=bold, spaceAfter=0),
        step_number=ParagraphStyle("step_number", parent=body, fontName=bold, spaceAfter=0),
        label=ParagraphStyle("label", parent=body, fontName=bold, spaceAfter=size * 0.2),
        table=ParagraphStyle("table", parent=body, spaceAfter=0),
        table_bold=ParagraphStyle("table_bold", parent=body, fontName=bold, spaceAfter=0),
        diary=ParagraphStyle(
            "diary", parent=body, fontSize=max(12, size - 1), leading=max(12, size - 1) * 1.15,
            spaceAfter=0,
        ),
        danger_heading=ParagraphStyle(
            "danger_heading", parent=body, fontName=bold, fontSize=heading_size,
            leading=heading_size * 1.25, textColor=colors.HexColor(layout.danger),
            spaceBefore=size * 0.6, spaceAfter=size * 0.4, keepWithNext=1,
        ),
        small_print=ParagraphStyle(
            "small_print", parent=body, textColor=colors.HexColor(layout.muted),
            spaceBefore=size * 0.6,
        ),
        band=ParagraphStyle("band", parent=body, fontName=bold, fontSize=heading_size,
                            leading=heading_size * 1.12, spaceAfter=0, textColor=colors.white),
        strip=ParagraphStyle("strip", parent=body, fontName=bold, spaceAfter=0,
                             textColor=colors.white),
        sign=ParagraphStyle("sign", parent=body, leftIndent=size * 1.3, bulletIndent=size * 0.2,
                            spaceAfter=0, leading=size * 1.16),
        accent=colors.HexColor(layout.accent),
        accent_light=colors.HexColor(layout.accent_light),
        danger=colors.HexColor(layout.danger),
        danger_light=colors.HexColor(layout.danger_light),
        warning=colors.HexColor(layout.warning),
        warning_light=colors.HexColor(layout.warning_light),
        muted=colors.HexColor(layout.muted),
    )


def table(rows: list, widths: list[float], styles: Styles, commands: list,
          kind: type[Table] = Table, **kwargs) -> Table:
    """A Table whose default font is the layout's (not ReportLab's Helvetica)."""
    font = [("FONT", (0, 0), (-1, -1), styles.body.fontName, styles.body.fontSize)]
    return kind(rows, colWidths=widths, style=font + commands, **kwargs)


def bullets(lines, styles: Styles, parent: Node | None = None) -> list[Flowable]:
    """One bulleted paragraph per line, printed literally: a list (L), an item a line."""
    items = list_node(parent)
    return [Tagged(items.add("LI"),
                   Paragraph(plain(line), styles.bullet, bulletText="•")) for line in lines]


def para(role: str | Node, text: str, style: ParagraphStyle, parent: Node | None = None,
         **options) -> Tagged:
    """A Paragraph of markup as the content of a new node of this role (or of this node)."""
    node = role if isinstance(role, Node) else Node(role, parent, **options)
    return Tagged(node, Paragraph(text, style))


class _Box(Table):
    """A one-cell table kept whole: moved to the next page when it does not fit the space
    left, as any table row is; split across pages (splitInRow) only when it is taller
    than a whole page, where it could never be drawn whole."""

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        frame = getattr(self, "_frame", None)
        page = frame._aH if frame is not None else available_height
        if self._height <= page:
            return []
        # leave at least splitInRow (a line) for the next page: ReportLab gives up otherwise
        return super().split(available_width, min(available_height, self._height - self.splitInRow))


def tinted_box(parts: list, width: float, styles: Styles, *, edge: colors.Color,
               fill: colors.Color, weight: float, top: float, bottom: float | None = None) -> Table:
    """Flowables in a bordered, tinted box (first-page notes, the emergency signs).

    The box is kept whole on a page; one taller than a whole page (a long note in
    large print) flows on across pages instead of failing.
    """
    padding = [("LEFTPADDING", (0, 0), (-1, -1), 10), ("RIGHTPADDING", (0, 0), (-1, -1), 10),
               ("TOPPADDING", (0, 0), (-1, -1), top)]
    if bottom is not None:
        padding.append(("BOTTOMPADDING", (0, 0), (-1, -1), bottom))
    return table([[parts]], [width], styles,
                 [("BOX", (0, 0), (-1, -1), weight, edge),
                  ("BACKGROUND", (0, 0), (-1, -1), fill), *padding], kind=_Box,
                 splitInRow=styles.body.leading)  # no piece thinner than a line
