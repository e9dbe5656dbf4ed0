"""Exercise pictures as ReportLab vector drawings: a row of numbered panels."""

from __future__ import annotations

import io
from functools import lru_cache
from collections.abc import Mapping, Sequence
from xml.sax.saxutils import escape

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import (
    Circle,
    Drawing,
    Group,
    Polygon,
    PolyLine,
    Rect,
    String,
)
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)

from ..figures.model import Figure
from ..figures.scene import (
    LABEL_SIZE,
    VIEW_CAPTIONS,
    Label,
    Palette,
    PanelDrawing,
    Shape,
    layout_figure,
)
from ..layouts import DEFAULT, MM, Layout, load_layout
from ..i18n import Language
from ..model import Exercise
from ..planner import resolve
from .styles import make_styles

PANEL_HEIGHT = 44 * MM
PANEL_GAP = 2.5 * MM


def _colour(hex_colour: str | None) -> colors.Color | None:
    return colors.HexColor(hex_colour) if hex_colour else None


def _shape(shape: Shape):
    flat = [c for point in shape.points for c in point]
    if shape.kind == "circle":
        (x, y), = shape.points
        return Circle(x, y, shape.width, fillColor=_colour(shape.fill),
                      strokeColor=_colour(shape.stroke), strokeWidth=shape.stroke_width)
    if shape.kind == "polygon":
        return Polygon(flat, fillColor=_colour(shape.fill), strokeColor=_colour(shape.stroke),
                       strokeWidth=shape.width or shape.stroke_width, strokeLineJoin=1)
    return PolyLine(flat, strokeColor=_colour(shape.stroke), strokeWidth=shape.width,
                    strokeLineCap=1, strokeLineJoin=1, strokeDashArray=list(shape.dash) or None)


def _label(label: Label, font: str, bold: str) -> String:
    return String(label.x, label.y, label.text, fontName=bold if label.bold else font,
                  fontSize=label.size, fillColor=colors.HexColor(label.colour),
                  textAnchor=label.anchor)


def panel_group(panel: PanelDrawing, font: str, bold: str, palette: Palette) -> Group:
    """One panel: white box, thin frame, the figure, the step number."""
    group = Group()
    group.add(Rect(0.5, 0.5, panel.width - 1, panel.height - 1, rx=4, ry=4,
                   fillColor=colors.white, strokeColor=colors.HexColor(palette.frame),
                   strokeWidth=0.6))
    for shape in panel.shapes:
        group.add(_shape(shape))
    for label in panel.labels:
        group.add(_label(label, font, bold))
    return group


def view_captions(words: Language) -> dict[str, str]:
    """'seen from above' and 'seen from behind' in a language, by view."""
    return {view: words.ui(f"VIEW_{view.upper()}") for view in VIEW_CAPTIONS}


@lru_cache(maxsize=512)
def _panels(figure: Figure, width: float, height: float, mirror: bool, labels: tuple[str, ...],
            bold: str, palette: Palette, text_size: float,
            captions: tuple[tuple[str, str], ...]) -> tuple[PanelDrawing, ...]:
    """The laid-out panels (pure geometry), kept: a batch draws the same figures again and again."""
    return tuple(layout_figure(figure, width, height, mirror=mirror, side_labels=labels,
                               palette=palette, gap=PANEL_GAP, label_size=text_size,
                               captions=dict(captions),
                               measure=lambda text, size: stringWidth(text, bold, size)))


def figure_drawing(figure: Figure, width: float, height: float = PANEL_HEIGHT, *,
                   mirror: bool = False, labels: Sequence[str] = (), font: str = "Vera",
                   bold: str = "VeraBd", palette: Palette = Palette(),
                   text_size: float = LABEL_SIZE,
                   captions: Mapping[str, str] = VIEW_CAPTIONS) -> Drawing:
    """All panels of a figure side by side in one vector drawing."""
    drawing = Drawing(width, height)
    drawing.initialFontName = font  # else ReportLab starts from Helvetica, which is not embedded
    panels = _panels(figure, width, height, mirror, tuple(labels), bold, palette, text_size,
                     tuple(sorted(captions.items())))
    x = 0.0
    for panel in panels:
        group = panel_group(panel, font, bold, palette)
        group.translate(x, 0)
        drawing.add(group)
        x += panel.width + PANEL_GAP
    return drawing


class FigureRow(Flowable):
    """A figure that takes the full width it is given (e.g. inside a card)."""

    def __init__(self, figure: Figure, *, mirror: bool = False, labels: Sequence[str] = (),
                 height: float = PANEL_HEIGHT, font: str = "Vera", bold: str = "VeraBd",
                 text_size: float = LABEL_SIZE,
                 captions: Mapping[str, str] = VIEW_CAPTIONS) -> None:
        super().__init__()
        self.figure, self.mirror, self.labels = figure, mirror, tuple(labels)
        self.height, self.font, self.bold, self.text_size = height, font, bold, text_size
        self.captions = captions
        self.drawing: Drawing | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self.drawing is None or self.drawing.width != available_width:
            self.drawing = figure_drawing(self.figure, available_width, self.height,
                                          mirror=self.mirror, labels=self.labels,
                                          font=self.font, bold=self.bold,
                                          text_size=self.text_size, captions=self.captions)
        self.width = available_width
        return available_width, self.height

    def draw(self) -> None:
        assert self.drawing is not None
        renderPDF.draw(self.drawing, self.canv, 0, 0)


def contact_sheet(
    items: Sequence[tuple[Exercise, Sequence[str]]], layout: Layout | None = None
) -> bytes:
    """Each exercise's picture (with its side words) and the steps its panels show, for review."""
    layout = layout or load_layout(DEFAULT)
    styles = make_styles(layout)
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=(layout.page_width, layout.page_height), leftMargin=layout.margin_left,
        rightMargin=layout.margin_right, topMargin=layout.margin_top * 0.7,
        bottomMargin=layout.margin_bottom * 0.7, title="Exercise pictures", author="backhandout",
        creator="backhandout", invariant=1,
    )
    story: list[Flowable] = [Paragraph("Exercise pictures", styles.title)]
    for exercise, labels in items:
        if exercise.figure is None:
            continue
        steps = " ".join(
            f"<b>{p.step}.</b> {escape(resolve(exercise.steps[p.step - 1], None))}"
            for p in exercise.figure.panels
        )
        story.append(KeepTogether([
            Paragraph(f"{escape(exercise.name)} <font size=9>({escape(exercise.id)})</font>",
                      styles.label),
            FigureRow(exercise.figure, labels=labels,
                      font=layout.font, bold=layout.font_bold),
            Paragraph(steps, styles.diary),
            Spacer(1, 4 * MM),
        ]))
    doc.build(story)
    return out.getvalue()
