"""Exercise pictures as vector graphics: a row of numbered panels, drawn on a ReportLab canvas."""

from __future__ import annotations

import io
from functools import lru_cache
from collections.abc import Callable, Mapping, Sequence
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
from reportlab.pdfbase import pdfmetrics
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

from .. import texts
from ..figures.model import Figure
from ..figures.scene import (
    LABEL_SIZE,
    VIEW_CAPTIONS,
    Label,
    Palette,
    PanelDrawing,
    Point,
    Shape,
    fitted_scale,
    layout_figure,
    needed_height,
    step_words,
)
from ..layouts import DEFAULT, MM, Layout, load_layout
from ..i18n import Language, ui_context
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


#: The colour key's words, by name (the texts.py names).
KEY_TEXTS = {"key_moves": "FIGURE_KEY_MOVES", "key_far": "FIGURE_KEY_FAR"}
_WORD_NAMES = {"top": "VIEW_TOP", "behind": "VIEW_BEHIND", "step": "FIGURE_STEP",
               "steps": "FIGURE_STEPS", **KEY_TEXTS}
#: The words in and beside the pictures, in English.
PICTURE_WORDS = {key: getattr(texts, name) for key, name in _WORD_NAMES.items()}
REFERENCE_HEIGHT = 60 * MM  # at this height a figure is drawn at most Palette.max_scale


def view_captions(words: Language) -> dict[str, str]:
    """The words in and beside the pictures in a language: view captions ('seen from
    above'), step tags ('Step {n}') and the colour key, by name."""
    return {key: words.lookup(ui_context(name), getattr(texts, name))[0]
            for key, name in _WORD_NAMES.items()}


def grid(figure: Figure, width: float, height: float, labels: tuple[str, ...], palette: Palette,
         text_size: float,
         measure: Callable[[str, float], float] = lambda text, size: len(text) * size * 0.62,
         *, mirror: bool = False, captions: Mapping[str, str] = PICTURE_WORDS,
         ) -> tuple[PanelDrawing, ...]:
    """A figure laid out in a box: in one row, or in more where that draws it bigger.

    Every grid (all panels in one row, two rows ...) is sized; the two likeliest are laid
    out, and the one that draws the body biggest wins (fewer rows unless more draw it
    clearly bigger). The rows are only as tall as the body needs. A figure is never drawn
    bigger than the layout's figure height allows (Palette.max_scale at 60 mm).
    """
    n = len(figure.panels)
    most = palette.max_scale * height / REFERENCE_HEIGHT
    options = []
    for rows in range(1, n + 1):
        cols = -(-n // rows)
        if rows > 1 and -(-n // (rows - 1)) == cols:
            continue  # the same grid as one row fewer
        row_h = (height - PANEL_GAP * (rows - 1)) / rows
        panel_w = (width - PANEL_GAP * (cols - 1)) / cols
        scale = fitted_scale(figure, panel_w, row_h, side_labels=labels, palette=palette,
                             label_size=text_size, max_scale=most, measure=measure)
        row_h = min(row_h, needed_height(figure, scale, side_labels=labels, palette=palette,
                                         label_size=text_size, panel_w=panel_w, measure=measure))
        options.append((scale, cols, row_h))
    options.sort(key=lambda o: -o[0])
    best: tuple[float, int, list[PanelDrawing]] | None = None
    for _, cols, row_h in options[:2]:
        panels = layout_figure(figure, width, row_h, mirror=mirror, side_labels=labels,
                               palette=palette, gap=PANEL_GAP, label_size=text_size,
                               captions=dict(captions), columns=cols, max_scale=most,
                               measure=measure)
        got = panels[0].scale
        fewer = best is not None and cols > best[1]  # this one has fewer rows
        if best is None or got > best[0] * 1.03 or (fewer and got >= best[0] / 1.03):
            best = (got, cols, panels)
    return tuple(best[2])  # type: ignore[index]


def font_file(name: str) -> str:
    """The file a registered font was read from: what text widths measured in it depend on
    (a key for results kept on disk)."""
    return getattr(pdfmetrics.getFont(name).face, "filename", name)


@lru_cache(maxsize=512)
def _panels(figure: Figure, width: float, height: float, mirror: bool, labels: tuple[str, ...],
            bold: str, palette: Palette, text_size: float,
            captions: tuple[tuple[str, str], ...]) -> tuple[PanelDrawing, ...]:
    """The laid-out panels (pure geometry) in a box, kept: a batch draws the same figures
    again and again, and a cold start finds them on disk (cache.memo; the label font is
    known by its file, as the widths come from it)."""
    from ..cache import memo

    def measure(text: str, size: float) -> float:
        return stringWidth(text, bold, size)

    inputs = (figure, width, height, mirror, labels, bold, font_file(bold), palette, text_size,
              captions)
    return memo("figures", inputs, lambda: grid(figure, width, height, labels, palette, text_size,
                                                measure, mirror=mirror, captions=dict(captions)))


def block_height(panels: Sequence[PanelDrawing]) -> float:
    """The height of laid-out panels, top row to bottom row."""
    return max(p.y + p.height for p in panels)


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
    return panels_drawing(panels, width, block_height(panels), font, bold, palette)


def panels_drawing(panels: Sequence[PanelDrawing], width: float, height: float, font: str,
                   bold: str, palette: Palette) -> Drawing:
    """Laid-out panels side by side in one vector drawing."""
    drawing = Drawing(width, height)
    drawing.initialFontName = font  # else ReportLab starts from Helvetica, which is not embedded
    for panel in panels:
        group = panel_group(panel, font, bold, palette)
        group.translate(panel.x, panel.y)
        drawing.add(group)
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
    for panel in panels:
        canvas.saveState()
        canvas.transform(*mmult((1, 0, 0, 1, 0, 0), translate(panel.x, panel.y)))  # as Group.translate
        canvas.saveState()  # the frame: a white rounded box
        _state(canvas, "#FFFFFF", palette.frame, 0.6, 0, 0)
        canvas.roundRect(0.5, 0.5, panel.width - 1, panel.height - 1, 4, fill=1, stroke=1)
        canvas.restoreState()
        for shape in panel.shapes:
            _draw_shape(canvas, shape)
        for label in panel.labels:
            _draw_label(canvas, label, font, bold)
        canvas.restoreState()
    canvas.restoreState()
    canvas.restoreState()


def key_items(captions: Mapping[str, str], palette: Palette) -> list[tuple[str, str]]:
    """The colour key: (what the sample shows, its words). Dark blue and light blue (a far
    limb that moves) share one sample; the red arrows explain themselves."""
    return [("move", captions["key_moves"]), ("far", captions["key_far"])]


def _key_lines(items: Sequence[tuple[str, str]], width: float, font: str,
               size: float) -> list[list[tuple[str, str, float]]]:
    """The key's items on as few lines as fit the width: (sample, words, x) each."""
    sample = size * 1.6
    lines: list[list[tuple[str, str, float]]] = [[]]
    x = 0.0
    for kind, words in items:
        w = sample + size * 0.4 + stringWidth(words, font, size)
        if lines[-1] and x + w > width:
            lines.append([])
            x = 0.0
        lines[-1].append((kind, words, x))
        x += w + size * 1.4
    return lines


def draw_key(canvas: Canvas, items: Sequence[tuple[str, str]], width: float, font: str,
             size: float, palette: Palette) -> float:
    """Draw the colour key downwards from the canvas origin; return its height."""
    sample = size * 1.6
    lines = _key_lines(items, width, font, size)
    step = size * 1.45
    canvas.saveState()
    for row, line in enumerate(lines):
        y = -step * (row + 1) + size * 0.3
        for kind, words, x in line:
            if kind == "arrow":
                canvas.setStrokeColor(colors.HexColor(palette.arrow))
                canvas.setFillColor(colors.HexColor(palette.arrow))
                canvas.setLineWidth(palette.arrow_width)
                mid = y + size * 0.33
                canvas.line(x, mid, x + sample - size * 0.5, mid)
                path = canvas.beginPath()
                path.moveTo(x + sample, mid)
                path.lineTo(x + sample - size * 0.6, mid + size * 0.35)
                path.lineTo(x + sample - size * 0.6, mid - size * 0.35)
                path.close()
                canvas.drawPath(path, stroke=0, fill=1)
            else:
                fills = (palette.move, palette.move_far) if kind == "move" else (palette.far,)
                ink = palette.ink if kind == "move" else palette.far_ink
                canvas.setStrokeColor(colors.HexColor(ink))
                canvas.setLineWidth(palette.outline)
                part = sample / len(fills)
                for k, fill in enumerate(fills):  # dark blue, and the light blue of a far limb
                    canvas.setFillColor(colors.HexColor(fill))
                    canvas.roundRect(x + k * part, y - size * 0.05, part, size * 0.8, size * 0.3,
                                     fill=1, stroke=1)
            canvas.setFillColor(colors.HexColor(palette.label))
            canvas.setFont(font, size)
            canvas.drawString(x + sample + size * 0.4, y, words)
    canvas.restoreState()
    return step * len(lines) + size * 0.35


class ColourKey(Flowable):
    """The one-line key to the pictures' colours, for a page of cards to carry once."""

    def __init__(self, *, font: str = "Vera", text_size: float = LABEL_SIZE,
                 captions: Mapping[str, str] = PICTURE_WORDS, palette: Palette = Palette()) -> None:
        super().__init__()
        self.font, self.text_size, self.palette = font, text_size, palette
        self.items = key_items({**PICTURE_WORDS, **captions}, palette)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        lines = _key_lines(self.items, available_width, self.font, self.text_size)
        self.height = self.text_size * 1.45 * len(lines) + self.text_size * 0.35
        return available_width, self.height

    def draw(self) -> None:
        self.canv.translate(0, self.height)
        draw_key(self.canv, self.items, self.width, self.font, self.text_size, self.palette)


class FigureRow(Flowable):
    """A figure that takes the full width it is given (e.g. inside a card), at most
    `height` tall: its panels in one row, or in two where that draws them bigger.
    With a key (a ColourKey), the colour key stands above the panels."""

    def __init__(self, figure: Figure, *, mirror: bool = False, labels: Sequence[str] = (),
                 height: float = PANEL_HEIGHT, font: str = "Vera", bold: str = "VeraBd",
                 text_size: float = LABEL_SIZE,
                 captions: Mapping[str, str] = VIEW_CAPTIONS,
                 key: ColourKey | None = None) -> None:
        super().__init__()
        self.figure, self.mirror, self.labels = figure, mirror, tuple(labels)
        self.height, self.font, self.bold, self.text_size = height, font, bold, text_size
        self.captions = tuple(sorted({**PICTURE_WORDS, **captions}.items()))
        self.palette = Palette()
        self.key = key
        self.width = 0.0

    def panels(self) -> tuple[PanelDrawing, ...]:
        """The laid-out panels at the width last wrapped to (kept for that width)."""
        return _panels(self.figure, self.width, self.height, self.mirror, self.labels,
                       self.bold, self.palette, self.text_size, self.captions)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self._key_h = self.key.wrap(available_width, available_height)[1] if self.key else 0.0
        self._block = block_height(self.panels())
        return available_width, self._block + self._key_h

    def draw(self) -> None:
        """Lay out (or take the kept layout for this width) and draw the panels."""
        if self.key is not None:
            self.canv.saveState()
            self.canv.translate(0, self._block + self._key_h)
            draw_key(self.canv, self.key.items, self.width, self.font, self.key.text_size,
                     self.palette)
            self.canv.restoreState()
        draw_panels(self.canv, self.panels(), self.font, self.bold, self.palette)


def _review_steps(exercise: Exercise, styles, captions: Mapping[str, str]) -> list[Flowable]:
    """The exercise's steps, those the pictures show in bold with their tag."""
    shown = {}
    for panel in exercise.figure.panels:
        first, last = panel.steps
        for step in range(first, last + 1):
            shown[step] = step_words(panel, captions)
    out: list[Flowable] = []
    for i, step in enumerate(exercise.steps, 1):
        text = escape(resolve(step, None), quote=False)
        if i in shown:
            out.append(Paragraph(f"<b>{i}. {text}</b>  <font size=8 color='#1B4F72'>"
                                 f"[{escape(shown[i])}]</font>", styles.diary))
        else:
            out.append(Paragraph(f"<font color='#555555'>{i}. {text}</font>", styles.diary))
    figure = exercise.figure
    notes = []
    if figure.still:
        notes.append("kept still: " + ", ".join(figure.still))
    views = sorted({p.view for p in figure.panels})
    notes.append("view: " + ", ".join(views))
    out.append(Paragraph(f"<font size=8 color='#555555'>{escape('; '.join(notes))}</font>",
                         styles.diary))
    return out


def contact_sheet(
    items: Sequence[tuple[Exercise, Sequence[str]]], layout: Layout | None = None
) -> bytes:
    """A review sheet: each exercise's pictures (with their side words) at the size an A4
    card prints them, and its steps beside them, the steps the pictures show in bold."""
    from reportlab.lib.pagesizes import landscape
    from reportlab.platypus import Table, TableStyle

    layout = layout or load_layout(DEFAULT)
    styles = make_styles(layout)
    page = landscape((layout.page_width, layout.page_height))
    out = io.BytesIO()
    margin = 12 * MM
    doc = SimpleDocTemplate(
        out, pagesize=page, leftMargin=margin, rightMargin=margin, topMargin=margin,
        bottomMargin=margin, title="Exercise pictures", author="backhandout",
        creator="backhandout", invariant=1,
    )
    width = page[0] - 2 * margin
    card = layout.page_width - layout.margin_left - layout.margin_right - 2 * layout.body_size * 0.8
    text_size = max(12.0, layout.body_size - 1)
    story: list[Flowable] = [Paragraph("Exercise pictures", styles.title),
                             ColourKey(font=layout.font, text_size=10)]
    for exercise, labels in items:
        if exercise.figure is None:
            continue
        row = FigureRow(exercise.figure, labels=labels, height=layout.figure_height,
                        font=layout.font, bold=layout.font_bold, text_size=text_size)
        table = Table([[row, _review_steps(exercise, styles, PICTURE_WORDS)]],
                      colWidths=[card, width - card])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (0, 0), 4 * MM),
                                   ("LINEABOVE", (0, 0), (-1, 0), 0.5, colors.HexColor("#B0B0B0")),
                                   ("TOPPADDING", (0, 0), (-1, -1), 3 * MM)]))
        story.append(KeepTogether([
            Paragraph(f"{escape(exercise.name, quote=False)} "
                      f"<font size=9>({escape(exercise.id, quote=False)})</font>",
                      styles.label),
            table,
            Spacer(1, 3 * MM),
        ]))
    doc.build(story)
    return out.getvalue()
