"""Exercise pictures as vector graphics: a row of numbered panels, drawn on a ReportLab canvas."""

from __future__ import annotations

import io
from functools import lru_cache
from collections.abc import Mapping, Sequence
from html import escape

from reportlab.graphics.shapes import (
    FILL_EVEN_ODD,
    STATE_DEFAULTS,
    Circle,
    Drawing,
    Group,
    Polygon,
    PolyLine,
    Rect,
    String,
)
from reportlab.graphics.transform import mmult, translate
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.pathobject import PDFPathObject
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
    Point,
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


@lru_cache(maxsize=64)
def _colour(hex_colour: str | None) -> colors.Color | None:
    """The colour for a hex string (None for none); a figure uses a dozen, again and again."""
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
    """All panels of a figure side by side in one vector drawing.

    Handouts draw the panels straight onto the page with draw_panels(), which
    writes the same operators; a Drawing suits ReportLab's other renderers.
    """
    panels = _panels(figure, width, height, mirror, tuple(labels), bold, palette, text_size,
                     tuple(sorted(captions.items())))
    return panels_drawing(panels, width, height, font, bold, palette)


def panels_drawing(panels: Sequence[PanelDrawing], width: float, height: float, font: str,
                   bold: str, palette: Palette) -> Drawing:
    """Laid-out panels side by side in one vector drawing."""
    drawing = Drawing(width, height)
    drawing.initialFontName = font  # else ReportLab starts from Helvetica, which is not embedded
    x = 0.0
    for panel in panels:
        group = panel_group(panel, font, bold, palette)
        group.translate(x, 0)
        drawing.add(group)
        x += panel.width + PANEL_GAP
    return drawing


# ---------------------------------------------------------------- drawing on a canvas
#
# draw_panels() writes the same PDF operators as renderPDF.draw(figure_drawing(...)),
# in the same order, but straight from the laid-out shapes: no Drawing, Group
# or shape objects are built (each attribute of which ReportLab validates) and
# no state tracker is kept. renderPDF wraps every node in q/Q and sets every
# state attribute the node has, changed or not; the code below does the same,
# so pages stay byte-identical. tests/test_figures.py compares the two. (With
# ReportLab's rl_config.invariant set, renderPDF would sort those settings by
# name; pages drawn here look the same, in the default order.)


def _initial_state(canvas: Canvas, font: str) -> None:
    """renderPDF's opening state: its STATE_DEFAULTS, with the drawing's font."""
    canvas.transform(1, 0, 0, 1, 0, 0)
    canvas.setStrokeColor(STATE_DEFAULTS["strokeColor"])
    canvas.setLineWidth(STATE_DEFAULTS["strokeWidth"])
    canvas.setLineCap(STATE_DEFAULTS["strokeLineCap"])
    canvas.setLineJoin(STATE_DEFAULTS["strokeLineJoin"])
    canvas.setDash()
    canvas.setFillOverprint(STATE_DEFAULTS["fillOverprint"])
    canvas.setStrokeOverprint(STATE_DEFAULTS["strokeOverprint"])
    canvas.setOverprintMask(STATE_DEFAULTS["overprintMask"])
    canvas.setFillColor(STATE_DEFAULTS["fillColor"])
    canvas._fillMode = FILL_EVEN_ODD
    for _ in ("fontSize", "fontName"):  # renderPDF sets the font once for each
        canvas.setFont(font, STATE_DEFAULTS["fontSize"])


def _state(canvas: Canvas, fill: str | None, stroke: str | None, width: float, cap: int,
           join: int, dash: tuple[float, ...] = ()) -> None:
    """Set a shape's colours and line style, as renderPDF does for each node."""
    if fill is not None:
        canvas.setFillColor(_colour(fill))
    if stroke is not None:
        canvas.setStrokeColor(_colour(stroke))
    canvas.setLineWidth(width)
    canvas.setLineCap(cap)
    canvas.setLineJoin(join)
    if dash:
        canvas.setDash(list(dash), 0)
    else:
        canvas.setDash()


def _path(canvas: Canvas, points: Sequence[Point], close: bool) -> PDFPathObject:
    """A path through the points, closed or open."""
    path = canvas.beginPath()
    path.moveTo(*points[0])
    for x, y in points[1:]:
        path.lineTo(x, y)
    if close:
        path.close()
    return path


def _draw_shape(canvas: Canvas, shape: Shape) -> None:
    """One shape, inside its own q/Q (what _shape() would give, drawn by renderPDF)."""
    canvas.saveState()
    fill = shape.fill or None
    stroke = shape.stroke or None
    if shape.kind == "circle":
        _state(canvas, fill, stroke, shape.stroke_width, 0, 0)
        (x, y), = shape.points
        canvas.circle(x, y, shape.width, fill=fill is not None, stroke=stroke is not None)
    elif shape.kind == "polygon":
        _state(canvas, fill, stroke, shape.width or shape.stroke_width, 0, 1)
        canvas.drawPath(_path(canvas, shape.points, True), stroke=stroke is not None,
                        fill=fill is not None)
    else:
        _state(canvas, None, stroke, shape.width, 1, 1, shape.dash)
        if stroke is not None:  # renderPDF skips a line with no stroke colour
            canvas.drawPath(_path(canvas, shape.points, False))
    canvas.restoreState()


def _draw_label(canvas: Canvas, label: Label, font: str, bold: str) -> None:
    """One label, inside its own q/Q, placed by its anchor like a ReportLab String."""
    canvas.saveState()
    name = bold if label.bold else font
    for _ in ("fontName", "fontSize"):  # renderPDF sets the font once for each
        canvas.setFont(name, label.size)
    canvas.setFillColor(_colour(label.colour))
    x = label.x
    if label.anchor in ("end", "middle"):
        width = stringWidth(label.text, name, label.size, "utf8")
        x -= width if label.anchor == "end" else width * 0.5
    canvas.drawString(x, label.y, label.text)
    canvas.restoreState()


def draw_panels(canvas: Canvas, panels: Sequence[PanelDrawing], font: str, bold: str,
                palette: Palette) -> None:
    """Draw laid-out panels side by side from the canvas origin, as figure_drawing() shows them."""
    canvas.saveState()
    _initial_state(canvas, font)
    canvas.saveState()
    canvas.transform(1, 0, 0, 1, 0, 0)  # the drawing's own
    x = 0.0
    for panel in panels:
        canvas.saveState()
        canvas.transform(*mmult((1, 0, 0, 1, 0, 0), translate(x, 0)))  # as Group.translate
        canvas.saveState()  # the frame: a white rounded box
        _state(canvas, "#FFFFFF", palette.frame, 0.6, 0, 0)
        canvas.roundRect(0.5, 0.5, panel.width - 1, panel.height - 1, 4, fill=1, stroke=1)
        canvas.restoreState()
        for shape in panel.shapes:
            _draw_shape(canvas, shape)
        for label in panel.labels:
            _draw_label(canvas, label, font, bold)
        canvas.restoreState()
        x += panel.width + PANEL_GAP
    canvas.restoreState()
    canvas.restoreState()


class FigureRow(Flowable):
    """A figure that takes the full width it is given (e.g. inside a card)."""

    def __init__(self, figure: Figure, *, mirror: bool = False, labels: Sequence[str] = (),
                 height: float = PANEL_HEIGHT, font: str = "Vera", bold: str = "VeraBd",
                 text_size: float = LABEL_SIZE,
                 captions: Mapping[str, str] = VIEW_CAPTIONS) -> None:
        super().__init__()
        self.figure, self.mirror, self.labels = figure, mirror, tuple(labels)
        self.height, self.font, self.bold, self.text_size = height, font, bold, text_size
        self.captions = tuple(sorted(captions.items()))
        self.palette = Palette()

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.height

    def draw(self) -> None:
        """Lay out (or take the kept layout for this width) and draw the panels."""
        panels = _panels(self.figure, self.width, self.height, self.mirror, self.labels,
                         self.bold, self.palette, self.text_size, self.captions)
        draw_panels(self.canv, panels, self.font, self.bold, self.palette)


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
            f"<b>{p.step}.</b> {escape(resolve(exercise.steps[p.step - 1], None), quote=False)}"
            for p in exercise.figure.panels
        )
        story.append(KeepTogether([
            Paragraph(f"{escape(exercise.name, quote=False)} "
                      f"<font size=9>({escape(exercise.id, quote=False)})</font>",
                      styles.label),
            FigureRow(exercise.figure, labels=labels,
                      font=layout.font, bold=layout.font_bold),
            Paragraph(steps, styles.diary),
            Spacer(1, 4 * MM),
        ]))
    doc.build(story)
    return out.getvalue()
