"""The same handout drawn by a plain ReportLab script: the yardstick for `backhandout build`.

It reads the plan that `backhandout plan --json` prints (so the text is the
same) and draws the same pages with ReportLab alone: the same Vera family
(regular and bold embedded, as in backhandout's file), the same paragraphs
and tables (cover with the plan at a glance, one bordered card a page per
exercise with its pictures and a steps table, the warnings pages, a diary
table per week), a header and "Page X of Y" footer on every page, colour
bands on the warnings and diary pages. No catalogue, no checks, no memos:
what a quick script would do. It uses the same two output settings as
backhandout (invariant=1, no ASCII85), so both write comparable files. It
draws what the desk-worker handout holds (no clinic block, notes or safety
box, side words: that handout has none).

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

Measured on 2026-11-22 for desk-worker (Ana Núñez, 2026-11-21): 13 pages and
271 fields (182 tick boxes, 89 text fields) here and in `backhandout build`;
the text of every page (pdftotext) is the same. This script's file is
214,715 bytes (210 kB as bench.py prints it), the real handout 165,201 (161
kB). Without their form fields the two are 71,966 and 80,330 bytes, so the
fields cost this script about 143 kB and backhandout about 85 kB. The extra
is canvas.acroForm's way of writing fields: a font object and an appearance
stream for every text field, and for every tick box six appearances (normal,
down and rollover, on and off) built anew and then shared. Building them is
roughly half of this script's drawing time (in one process, on a busy
2-core machine: 145-268 ms without the fields, 356-517 ms with them).

    python benchmarks/plain_reportlab.py plan.json out.pdf

bench.py writes plan.json with the "figures" key; a plan straight from
`backhandout plan --json` has none, and the cards then have no pictures.
"""

from __future__ import annotations

import datetime as dt
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
BODY = ParagraphStyle("body", fontName="Vera", fontSize=13, leading=17.55, spaceAfter=4.55,
                      bulletFontName="Vera", bulletFontSize=13)
BULLET = ParagraphStyle("bullet", parent=BODY, leftIndent=17, bulletIndent=3, spaceAfter=3.9)
TITLE = ParagraphStyle("title", parent=BODY, fontName="VeraBd", fontSize=26, leading=31,
                       textColor=ACCENT, spaceAfter=8)
HEADING = ParagraphStyle("heading", parent=BODY, fontName="VeraBd", fontSize=18, leading=22.5,
                         textColor=ACCENT, spaceBefore=11.7, spaceAfter=5.2, keepWithNext=1)
RED_HEADING = ParagraphStyle("red", parent=HEADING, textColor=DANGER, spaceBefore=7.8)
FACT = ParagraphStyle("fact", parent=BODY, fontSize=14.3, leading=19.3)
CARD_TITLE = ParagraphStyle("card", parent=BODY, fontName="VeraBd", fontSize=18, leading=21.6)
CELL = ParagraphStyle("cell", parent=BODY, spaceAfter=0)
SMALL = ParagraphStyle("small", parent=CELL, fontSize=12, leading=13.8)
MUTED = colors.HexColor("#444444")
WIDTH = 210 * mm - 36 * mm
TOP, FOOT = 275 * mm + 16.8, 20 * mm - 23.1  # header and footer baselines
EQUIPMENT = {"mat": "a mat or rug", "chair": "a firm chair without arms", "wall": "a clear wall",
             "towel": "a towel or strap", "pillow": "a pillow", "strap": "a strap or belt"}
TRAFFIC = (("green", "#DDF2DD", "#2E7D32"), ("amber", "#FFF1CC", "#B26A00"),
           ("red", "#FADBD8", "#A50E0E"))


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
            self.setFillColor(MUTED)
            self.drawRightString(192 * mm, FOOT, f"Page {self._pageNumber} of {len(self.pages)}")
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
            canvas.translate(panel["x"], panel.get("y", 0))
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


def decorate(left_text, right_text, footer, band=None):
    """A page callback: a colour band (warnings and diary pages), the header and the footer."""
    def draw(canvas, doc):
        canvas.saveState()
        if band:
            canvas.setFillColor(band)
            canvas.rect(0, 290 * mm, 210 * mm, 7 * mm, stroke=0, fill=1)
        canvas.setFillColor(MUTED)
        canvas.setStrokeColor(MUTED)
        canvas.setLineWidth(0.6)
        canvas.setFont("VeraBd", 10.5)
        canvas.drawString(18 * mm, TOP, left_text)
        canvas.setFont("Vera", 10.5)
        canvas.drawRightString(192 * mm, TOP, right_text)
        canvas.line(18 * mm, TOP - 5.25, 192 * mm, TOP - 5.25)
        canvas.line(18 * mm, FOOT + 13.65, 192 * mm, FOOT + 13.65)
        canvas.drawString(18 * mm, FOOT, footer)
        canvas.restoreState()
    return draw


def bullets(lines):
    return [Paragraph(escape(line), BULLET, bulletText="•") for line in lines]


def box(parts, edge, fill=None, weight=1.5, top=7.3):
    style = [("BOX", (0, 0), (-1, -1), weight, edge), ("LEFTPADDING", (0, 0), (-1, -1), 10.4),
             ("RIGHTPADDING", (0, 0), (-1, -1), 10.4), ("TOPPADDING", (0, 0), (-1, -1), top)]
    if fill:
        style.append(("BACKGROUND", (0, 0), (-1, -1), fill))
    return Table([[parts]], colWidths=[WIDTH], style=style)


def long_date(plan):
    """21 November 2026."""
    date = dt.date.fromisoformat(plan["date"])
    return f"{date.day} {date:%B} {date.year}"


def session_lines(plan):
    """The first lines of "How to use this handout": the stages, or the session's length."""
    if len(plan["stages"]) > 1:
        return [stage["text"] for stage in plan["stages"]] + [
            "Move on to the next stage only when the moves feel easy and do not hurt."]
    return [f"There are {len(plan['exercises'])} exercises. Doing them all takes about "
            f"{plan['session_minutes']} minutes."]


def cover(plan):
    staged = len(plan["stages"]) > 1
    heads = ["#", "Exercise", "How much", *(["Start"] if staged else []), "Page"]
    rows = [[Paragraph(f"<b>{h}</b>", CELL) for h in heads]]
    rows += [[Paragraph(str(i), CELL), Paragraph(f"<b>{escape(e['name'])}</b>", CELL),
              Paragraph(escape(e["dose_line"]), CELL),
              *([Paragraph(f"Week {e['start_week']}", CELL)] if staged else []),
              Paragraph(str(i + 2), CELL)]  # two cover pages, then one card a page
             for i, e in enumerate(plan["exercises"], 1)]
    start = [65] if staged else []
    glance = Table(rows, colWidths=[26, 151, WIDTH - 224 - sum(start), *start, 47],
                   style=[("LINEBELOW", (0, 0), (-1, -1), 0.6, MUTED), ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                          ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 4),
                          ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 5)])
    session = session_lines(plan)
    items = [Paragraph(escape(plan["title"]), TITLE),
             Table([[Paragraph(f"<b>For:</b> {escape(plan['patient'] or '')}", FACT),
                     Paragraph(f"<b>Date:</b> {long_date(plan)}", FACT)]],
                   colWidths=[WIDTH * 0.55, WIDTH * 0.45],
                   style=[("LEFTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]),
             KeepTogether([Paragraph("Your plan at a glance", HEADING), glance]),
             Paragraph("About your back", HEADING), *bullets(plan["explanation"]),
             Paragraph("How to use this handout", HEADING), *bullets(session + plan["how_to_use"])]
    for tip in plan["tips"]:
        items.append(KeepTogether([Paragraph(escape(tip["title"]), HEADING), *bullets(tip["lines"])]))
    return items


def card(number, e, plan):
    """An exercise card: name, purpose, dose, pictures, numbered steps, what you need, cautions."""
    parts = [Paragraph(f"{number}. {escape(e['name'])}", CARD_TITLE), Paragraph(escape(e["purpose"]), BODY)]
    if e["start_week"] > 1:
        parts.append(Paragraph(f"<b>Start this in week {e['start_week']}, once the other moves feel "
                               "easy and do not hurt.</b>", BODY))
    parts += [Table([[Paragraph(f"<b>How much: {escape(e['dose_line'])}</b>", CELL)]],
                    style=[("BACKGROUND", (0, 0), (-1, -1), LIGHT), ("TOPPADDING", (0, 0), (-1, -1), 4),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]), Spacer(1, 6)]
    if e["id"] in plan.get("figures", {}):
        parts += [Picture(plan["figures"][e["id"]]), Spacer(1, 6)]
    parts.append(Table([[Paragraph(f"<b>{n}.</b>", CELL), Paragraph(escape(s), CELL)]
                        for n, s in enumerate(e["steps"], 1)], colWidths=[26, WIDTH - 47],
                       style=[("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 4.55)]))
    needs = [EQUIPMENT[item] for item in e["equipment"]]
    if needs:
        needs = " and ".join([", ".join(needs[:-1]), needs[-1]] if len(needs) > 1 else needs)
        parts.append(Paragraph(f"<b>You need:</b> {escape(needs)}", BODY))
    parts += [Paragraph(f"<b>Take care:</b> {escape(c)}", BODY) for c in e["cautions"]]
    return KeepTogether([box(parts, ACCENT), Spacer(1, 14)])


def warnings(plan):
    items = [Paragraph("When to stop and get help", TITLE), Paragraph("Get help the same day", RED_HEADING),
             box([Paragraph("<b>Do you have back pain and any of these? Go to a hospital now, or call "
                            "your emergency number.</b>", BODY), *bullets(plan["emergency"])],
                 DANGER, DANGER_LIGHT, weight=3, top=8),
             Paragraph("See your doctor soon", RED_HEADING),
             *bullets(plan["see_doctor"] + plan["profile_warnings"] + plan["ask_first"]),
             Paragraph("Safe exercise rules", HEADING), *bullets(plan["general_rules"])]
    if plan["avoid_while_painful"]:
        items += [Paragraph("While your back hurts, do not do these", HEADING),
                  *bullets(plan["avoid_while_painful"])]
    owners = {}  # each caution once, under the exercises it belongs to
    for e in plan["exercises"]:
        for caution in e["cautions"]:
            owners.setdefault(caution, []).append(e["name"])
    grouped = {}
    for caution, names in owners.items():
        grouped.setdefault(", ".join(names), []).append(caution)
    if grouped:
        items.append(Paragraph("Take care with your exercises", HEADING))
        items += [Paragraph(f"<b>{escape(names)}:</b> {escape(' '.join(lines))}", BULLET, bulletText="•")
                  for names, lines in grouped.items()]
    return items


def story(plan):
    items = [*cover(plan), PageBreak(), Paragraph("Your exercises", TITLE)]
    for i, e in enumerate(plan["exercises"], 1):
        if i > 1:
            items.append(PageBreak())  # one card a page, as the real handout's A4 layout
        items.append(card(i, e, plan))
    items += [NextPageTemplate("danger"), PageBreak(), *warnings(plan), NextPageTemplate("diary")]
    return items + diary(plan)


def week_table(plan, week):
    """One week: days across; a date field, a tick box per exercise, two pain fields a day; notes."""
    exercises = [e for e in plan["exercises"] if e["start_week"] <= week]
    day_width = WIDTH * 0.62 / 7
    label_width = WIDTH - 7 * day_width
    box = 7.6 * mm

    def texts(label, key, size, maxlen):
        return [Paragraph(escape(label), SMALL)] + [
            Field("text", f"w{week}d{d}_{key}", box - 4, tooltip=f"Week {week}, day {d}: {label}",
                  fontSize=size, maxlen=maxlen) for d in range(1, 8)]

    rows = [[Paragraph(f"<b>Week {week}</b>", SMALL)] + [Paragraph(f"<b>Day {d}</b>", SMALL)
                                                       for d in range(1, 8)],
            texts("Date", "date", 8, 10)]
    rows += [[Paragraph(f"{i}. {escape(e['name'])}", SMALL)]
             + [Field("tick", f"w{week}d{d}_{e['id']}", box - 4,
                      tooltip=f"Week {week}, day {d}: {e['name']} done") for d in range(1, 8)]
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
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 8)]
    for i, (_, fill, edge) in enumerate(TRAFFIC):
        style += [("BACKGROUND", (i, 0), (i, 0), colors.HexColor(fill)),
                  ("LINEBEFORE", (i, 0), (i, 0), 5, colors.HexColor(edge))]
    guide = Table([[Paragraph(escape(plan["pain_guide"][name]), SMALL) for name, _, _ in TRAFFIC]],
                  colWidths=[WIDTH / 3] * 3, style=style)
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
                          invariant=1, title=plan["title"], initialFontName="Vera",
                          subject=f"Back-care exercises: {plan['profile_name']}", lang="en-GB")
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="f", leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)
    text = (f"Back care: {plan['profile_name']}", plan["patient"] or long_date(plan), plan["disclaimer"])
    doc.addPageTemplates([PageTemplate(id=name, frames=[frame], onPage=decorate(*text, band))
                          for name, band in (("plain", None), ("danger", DANGER), ("diary", ACCENT))])
    doc.build(story(plan), canvasmaker=NumberedCanvas)


if __name__ == "__main__":
    main(*sys.argv[1:3])
