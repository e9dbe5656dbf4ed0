"""The same handout drawn by a plain ReportLab script: the yardstick for `backhandout build`.

It reads the plan that `backhandout plan --json` prints (so the text is the
same) and draws the same pages with ReportLab alone: the same four embedded
Vera faces, the same number of pages, paragraphs and tables (cover with the
plan at a glance, one bordered card a page per exercise with its pictures and
a steps table, the warnings pages, a diary table per week), a header and
"Page X of Y" footer on every page. No catalogue, no checks, no memos: what a
quick script would do. It uses the same two output settings as backhandout
(invariant=1, no ASCII85), so both write comparable files.

The pictures come as data, as a script would draw from SVG or JSON path
data: bench.py adds a "figures" key to the plan (by exercise id: each panel's
place and size, its lines, polygons and circles with their colours and
widths, and its step number), laid out at the size the real card draws them.
This script draws them with canvas paths; it does not pose the bodies.

The diary is a fillable form, as in the real handout: for each week and day a
date field, a tick box per exercise started by that week and two pain-score
fields, a notes field per week, and one hidden field naming the plan (271
fields for desk-worker, as backhandout writes). They are made the usual way,
with canvas.acroForm, so they use PDF's standard Helvetica and ReportLab's
own appearance streams, where backhandout writes its widgets by hand.

    python benchmarks/plain_reportlab.py plan.json out.pdf
"""

from __future__ import annotations

import json
import sys
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, KeepTogether, NextPageTemplate,
                                PageBreak, PageTemplate, Paragraph, Spacer, Table)

rl_config.useA85 = 0
for face in ("Vera", "VeraBd", "VeraIt", "VeraBI"):
    pdfmetrics.registerFont(TTFont(face, f"{face}.ttf"))
pdfmetrics.registerFontFamily("Vera", normal="Vera", bold="VeraBd", italic="VeraIt",
                              boldItalic="VeraBI")

ACCENT, LIGHT = colors.HexColor("#1B4F72"), colors.HexColor("#E3EEF6")
DANGER, DANGER_LIGHT = colors.HexColor("#A50E0E"), colors.HexColor("#FBE9E7")
BODY = ParagraphStyle("body", fontName="Vera", fontSize=13, leading=17.5, spaceAfter=4.5,
                      bulletFontName="Vera")
BULLET = ParagraphStyle("bullet", parent=BODY, leftIndent=17, bulletIndent=3, spaceAfter=3.9)
TITLE = ParagraphStyle("title", parent=BODY, fontName="VeraBd", fontSize=26, leading=31,
                       textColor=ACCENT, spaceAfter=8)
HEADING = ParagraphStyle("heading", parent=BODY, fontName="VeraBd", fontSize=18, leading=22.5,
                         textColor=ACCENT, spaceBefore=11.7, spaceAfter=5.2, keepWithNext=1)
RED_HEADING = ParagraphStyle("red", parent=HEADING, textColor=DANGER)
CELL = ParagraphStyle("cell", parent=BODY, spaceAfter=0)
SMALL = ParagraphStyle("small", parent=CELL, fontSize=12, leading=13.8)
WIDTH = 210 * mm - 36 * mm


class Table(Table):
    """A table in the Vera font (ReportLab's default would be a non-embedded Helvetica)."""

    def __init__(self, rows, colWidths=None, style=(), rowHeights=None):
        super().__init__(rows, colWidths=colWidths, rowHeights=rowHeights,
                         style=[("FONT", (0, 0), (-1, -1), "Vera", 13), *style])


class NumberedCanvas(Canvas):
    """The usual recipe for 'Page X of Y': keep each page, draw the numbers on save."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pages = []

    def showPage(self):
        self.pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        for state in self.pages:
            self.__dict__.update(state)
            self.setFont("Vera", 10.5)
            self.drawRightString(192 * mm, 12 * mm, f"Page {self._pageNumber} of {len(self.pages)}")
            super().showPage()
        super().save()


class Picture(Flowable):
    """An exercise's row of picture panels, drawn from the shapes in the plan file."""

    def __init__(self, figure):
        super().__init__()
        self.figure, self.width, self.height = figure, figure["width"], figure["height"]

    def draw(self):
        canvas = self.canv
        for panel in self.figure["panels"]:
            canvas.saveState()
            canvas.translate(panel["x"], 0)
            canvas.setLineWidth(0.6)
            canvas.setStrokeColor(self.figure["frame"])
            canvas.setFillColor(colors.white)
            canvas.roundRect(0.5, 0.5, panel["width"] - 1, panel["height"] - 1, 4, stroke=1, fill=1)
            canvas.setLineCap(1)
            canvas.setLineJoin(1)
            for shape in panel["shapes"]:
                draw_shape(canvas, shape)
            for label in panel["labels"]:
                canvas.setFillColor(label["colour"])
                canvas.setFont("VeraBd" if label["bold"] else "Vera", label["size"])
                draw = {"start": canvas.drawString, "middle": canvas.drawCentredString,
                        "end": canvas.drawRightString}[label["anchor"]]
                draw(label["x"], label["y"], label["text"])
            canvas.restoreState()


class Field(Flowable):
    """A form field filling its table cell: a 'tick' box (square, centred) or a 'text' field.

    No border and no background, so a printed diary shows only the table's grid.
    """

    def __init__(self, kind, name, height, **options):
        super().__init__()
        self.kind, self.name, self.height, self.options = kind, name, height, options

    def wrap(self, available_width, available_height):
        self.width = available_width
        return self.width, self.height

    def draw(self):
        form = self.canv.acroForm
        if self.kind == "tick":
            size = min(self.width, self.height)
            form.checkbox(name=self.name, x=(self.width - size) / 2, y=(self.height - size) / 2,
                          size=size, relative=True, borderWidth=0, borderColor=None, fillColor=None,
                          fieldFlags="", **self.options)
        else:
            form.textfield(name=self.name, width=self.width, height=self.height, relative=True,
                           borderWidth=0, borderColor=None, fillColor=None, **self.options)


def draw_shape(canvas, shape):
    """A 'line', a closed 'polygon' or a 'circle' (its width is the radius)."""
    fill, stroke = shape["fill"], shape["stroke"]
    if fill:
        canvas.setFillColor(fill)
    if stroke:
        canvas.setStrokeColor(stroke)
    points = shape["points"]
    if shape["kind"] == "circle":
        canvas.setLineWidth(shape["stroke_width"])
        canvas.circle(*points[0], shape["width"], stroke=1 if stroke else 0, fill=1 if fill else 0)
        return
    path = canvas.beginPath()
    path.moveTo(*points[0])
    for x, y in points[1:]:
        path.lineTo(x, y)
    if shape["kind"] == "polygon":
        path.close()
    canvas.setLineWidth(shape["width"] or shape["stroke_width"])
    if shape["dash"]:
        canvas.saveState()
        canvas.setDash(shape["dash"])
    canvas.drawPath(path, stroke=1 if stroke else 0, fill=1 if fill else 0)
    if shape["dash"]:
        canvas.restoreState()


def header(text):
    def draw(canvas, doc):
        canvas.saveState()
        canvas.setFont("VeraBd", 10.5)
        canvas.drawString(18 * mm, 280 * mm, text[0])
        canvas.setFont("Vera", 10.5)
        canvas.drawRightString(192 * mm, 280 * mm, text[1])
        canvas.line(18 * mm, 278 * mm, 192 * mm, 278 * mm)
        canvas.drawString(18 * mm, 12 * mm, text[2][:80])
        canvas.restoreState()
    return draw


def bullets(lines):
    return [Paragraph(escape(line), BULLET, bulletText="•") for line in lines]


def box(parts, edge, fill=None):
    style = [("BOX", (0, 0), (-1, -1), 1.5, edge), ("LEFTPADDING", (0, 0), (-1, -1), 10)]
    if fill:
        style.append(("BACKGROUND", (0, 0), (-1, -1), fill))
    return Table([[parts]], colWidths=[WIDTH], style=style)


def story(plan):
    items = [Paragraph(escape(plan["title"]), TITLE),
             Table([[Paragraph(f"<b>For:</b> {escape(plan['patient'] or '')}", BODY),
                     Paragraph(f"<b>Date:</b> {plan['date']}", BODY)]], colWidths=[WIDTH / 2] * 2),
             Paragraph("About your back", HEADING), *bullets(plan["explanation"]),
             Paragraph("How to use this handout", HEADING), *bullets(plan["how_to_use"])]
    rows = [[Paragraph(f"<b>{h}</b>", CELL) for h in ("#", "Exercise", "How much", "Page")]]
    rows += [[Paragraph(str(i), CELL), Paragraph(f"<b>{escape(e['name'])}</b>", CELL),
              Paragraph(escape(e["dose_line"]), CELL), Paragraph(str(i + 1), CELL)]
             for i, e in enumerate(plan["exercises"], 1)]
    items.append(KeepTogether([Paragraph("Your plan at a glance", HEADING),
                               Table(rows, colWidths=[26, 150, WIDTH - 223, 47],
                                     style=[("LINEBELOW", (0, 0), (-1, -1), 0.6, colors.grey),
                                            ("BACKGROUND", (0, 0), (-1, 0), LIGHT)])]))
    for tip in plan["tips"]:
        items.append(KeepTogether([Paragraph(escape(tip["title"]), HEADING), *bullets(tip["lines"])]))
    items += [PageBreak(), Paragraph("Your exercises", TITLE)]
    for i, e in enumerate(plan["exercises"], 1):
        if i > 1:
            items.append(PageBreak())  # one card a page, as the real handout's A4 layout
        steps = Table([[Paragraph(f"<b>{n}.</b>", CELL), Paragraph(escape(s), CELL)]
                       for n, s in enumerate(e["steps"], 1)], colWidths=[26, WIDTH - 50])
        parts = [Paragraph(f"{i}. {escape(e['name'])}", HEADING), Paragraph(escape(e["purpose"]), BODY),
                 Table([[Paragraph(f"<b>How much: {escape(e['dose_line'])}</b>", CELL)]],
                       style=[("BACKGROUND", (0, 0), (-1, -1), LIGHT)]),
                 Spacer(1, 6)]
        if e["id"] in plan.get("figures", {}):
            parts += [Picture(plan["figures"][e["id"]]), Spacer(1, 6)]
        parts.append(steps)
        parts += [Paragraph(f"<b>Take care:</b> {escape(c)}", BODY) for c in e["cautions"]]
        items.append(KeepTogether([box(parts, ACCENT), Spacer(1, 14)]))
    items += [NextPageTemplate("plain"), PageBreak(), Paragraph("When to stop and get help", TITLE),
              Paragraph("Get help the same day", RED_HEADING),
              box([Paragraph("<b>Go to an emergency department if you have any of these:</b>", BODY),
                   *bullets(plan["emergency"])], DANGER, DANGER_LIGHT),
              Paragraph("See your doctor soon", RED_HEADING),
              *bullets(plan["see_doctor"] + plan["profile_warnings"]),
              Paragraph("Safe exercise rules", HEADING), *bullets(plan["general_rules"])]
    if plan["avoid_while_painful"]:
        items += [Paragraph("While your back hurts, do not do these", HEADING),
                  *bullets(plan["avoid_while_painful"])]
    cautions = [f"<b>{escape(e['name'])}:</b> {escape(' '.join(e['cautions']))}"
                for e in plan["exercises"] if e["cautions"]]
    items += [Paragraph("Take care with your exercises", HEADING),
              *[Paragraph(c, BULLET, bulletText="•") for c in cautions]]
    return items + diary(plan)


def week_table(plan, week):
    """One week: days across; a date field, a tick box per exercise, two pain fields a day; notes."""
    exercises = [e for e in plan["exercises"] if e["start_week"] <= week]
    day_width = WIDTH * 0.62 / 7
    label_width = WIDTH - 7 * day_width
    box = 7.6 * mm
    where = lambda day: f"Week {week}, day {day}"  # noqa: E731

    def texts(label, key, size, maxlen):
        return [Paragraph(escape(label), SMALL)] + [
            Field("text", f"w{week}d{d}_{key}", box - 4, tooltip=f"{where(d)}: {label}",
                  fontSize=size, maxlen=maxlen) for d in range(1, 8)]

    rows = [[Paragraph(f"<b>Week {week}</b>", SMALL)] + [Paragraph(f"<b>Day {d}</b>", SMALL)
                                                       for d in range(1, 8)],
            texts("Date", "date", 8, 10)]
    rows += [[Paragraph(f"{i}. {escape(e['name'])}", SMALL)]
             + [Field("tick", f"w{week}d{d}_{e['id']}", box - 4, tooltip=f"{where(d)}: {e['name']} done")
                for d in range(1, 8)]
             for i, e in enumerate(exercises, 1)]
    rows += [texts("Pain during (0-10)", "pain_during", 12, 2),
             texts("Pain next morning (0-10)", "pain_morning", 12, 2),
             [Paragraph("Notes", SMALL), Field("text", f"w{week}_notes", box * 1.8 - 4,
                                               tooltip=f"Week {week}: notes", fontSize=10, maxlen=0,
                                               fieldFlags="multiline")] + [""] * 6]
    heights = [None] + [max(box, row[0].wrap(label_width - 4, box)[1] + 3) for row in rows[1:-1]]
    pain = len(rows) - 3
    return Table(rows, colWidths=[label_width] + [day_width] * 7, rowHeights=heights + [box * 1.8],
                 style=[("GRID", (0, 0), (-1, -1), 0.8, colors.black),
                        ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                        ("BACKGROUND", (0, pain), (0, pain + 1), colors.HexColor("#F2F2F2")),
                        ("SPAN", (1, -1), (-1, -1)),
                        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("VALIGN", (0, -1), (0, -1), "TOP"),
                        ("TOPPADDING", (0, 0), (-1, -1), 1), ("LEFTPADDING", (0, 0), (-1, -1), 3),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                        *[(side, (1, 1), (-1, -1), 2) for side in  # keep the fields off the grid
                          ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")]])


def diary(plan):
    """The diary pages, two weeks a page, and a hidden field saying which plan the form is for."""
    about = {"profile": plan["profile_id"], "date": plan["date"], "weeks": plan["weeks"],
             "exercises": [[e["id"], e["start_week"]] for e in plan["exercises"]]}
    items = [PageBreak(), Field("text", "plan", 0, value=json.dumps(about), annotationFlags="hidden",
                                fieldFlags="readOnly", maxlen=0)]
    guide = Table([[Paragraph(escape(plan["pain_guide"][k]), SMALL) for k in ("green", "amber", "red")]],
                  colWidths=[WIDTH / 3] * 3)
    for week in range(1, plan["weeks"] + 1):
        if week % 2:
            items += [PageBreak()] if week > 1 else []
            items += [Paragraph("Your exercise diary", HEADING),
                      Paragraph("Tick the box on each day you do the exercise. Write your pain as "
                                "a number from 0 (no pain) to 10 (the worst pain).", BODY),
                      guide, Spacer(1, 11)]
        items.append(KeepTogether([week_table(plan, week), Spacer(1, 14)]))
    return items


def main(source: str, target: str) -> None:
    with open(source, encoding="utf-8") as handle:
        plan = json.load(handle)
    doc = BaseDocTemplate(target, pagesize=(210 * mm, 297 * mm), leftMargin=18 * mm,
                          rightMargin=18 * mm, topMargin=22 * mm, bottomMargin=20 * mm,
                          invariant=1, title=plan["title"], initialFontName="Vera")
    decorate = header((f"Back care: {plan['profile_name']}", plan["patient"] or plan["date"],
                       plan["disclaimer"]))
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="f", leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="plain", frames=[frame], onPage=decorate)])
    doc.build(story(plan), canvasmaker=NumberedCanvas)


if __name__ == "__main__":
    main(*sys.argv[1:3])
