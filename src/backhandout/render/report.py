"""A one-page summary of a filled tracking sheet, for the clinician."""

from __future__ import annotations

import io
from dataclasses import replace
from functools import partial
from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepInFrame, Paragraph, Spacer

from ..layouts import DEFAULT, MM, Layout, load_layout
from ..tracking_fields import DAYS, PAIN_KINDS, PAIN_MAX
from ..tracking_read import (
    HIGH_PAIN,
    PAIN_WORDS,
    TrackingResult,
    handout_date,
    handout_words,
    high_pain_line,
    problems_line,
    trend_line,
)
from .glyphs import coverage, printable_plan
from .pages import DeferredCanvas, PageText, make_doc
from .styles import Styles, make_styles, plain, table

LINE_STYLES = {"pain_during": ("#1B4F72", None, "FilledCircle"),
               "pain_morning": ("#B26A00", (4, 2), "FilledSquare")}
MAX_LISTED = 6  # weeks of high-pain days, or problems, listed; the rest are counted
NOTE_CHARS = 300


def adherence_chart(result: TrackingResult, styles: Styles, width: float) -> Drawing:
    """A horizontal bar per exercise: the percent of days it was done."""
    font, size = styles.body.fontName, styles.diary.fontSize * 0.8
    names = [f"{i}. {e.name}" for i, e in enumerate(result.exercises, start=1)]
    row = size * 1.6
    label_width = width * 0.36
    height = row * len(names) + size * 3
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, size * 2
    chart.width, chart.height = width - label_width - size * 6, row * len(names)
    chart.data = [[e.percent for e in reversed(result.exercises)]]
    chart.categoryAxis.categoryNames = list(reversed(names))
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = size
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -size * 0.4
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 25
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = size
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#BBBBBB")
    chart.bars[0].fillColor = styles.accent
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = lambda value: f"{value:.0f}%"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = size
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = size * 0.4
    drawing = Drawing(width, height, initialFontName=font)  # not Helvetica: keep fonts embedded
    drawing.add(chart)
    return drawing


def _runs(points: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Split (day, score) points into runs of consecutive days, so gaps stay gaps."""
    runs: list[list[tuple[int, int]]] = []
    for point in points:
        if runs and point[0] == runs[-1][-1][0] + 1:
            runs[-1].append(point)
        else:
            runs.append([point])
    return runs


def pain_chart(result: TrackingResult, styles: Styles, width: float) -> Drawing:
    """Pain during and next morning per day, 0-10, with the 'above 5' line marked."""
    font, size = styles.body.fontName, styles.diary.fontSize * 0.8
    height = 50 * MM
    last_day = max(result.weeks_counted, 1) * DAYS
    plot = LinePlot()
    plot.x, plot.y = size * 2.5, size * 2.5
    plot.width, plot.height = width - size * 3, height - size * 5
    plot.data, kinds = [], []
    for kind in PAIN_KINDS:
        runs = _runs([(d.number, getattr(d, kind)) for d in result.days
                      if getattr(d, kind) is not None])
        plot.data += runs
        kinds += [kind] * len(runs)
    for i, kind in enumerate(kinds):
        colour, dash, marker = LINE_STYLES[kind]
        plot.lines[i].strokeColor = colors.HexColor(colour)
        plot.lines[i].strokeWidth = 1.5
        plot.lines[i].strokeDashArray = dash
        plot.lines[i].symbol = makeMarker(marker, size=4, fillColor=colors.HexColor(colour))
    if not plot.data:  # no scores: an empty grid
        plot.data, plot.lines[0].strokeColor = [[(1, 0)]], None
    x_axis, y_axis = plot.xValueAxis, plot.yValueAxis
    x_axis.valueMin, x_axis.valueMax = 0.5, last_day + 0.5
    x_axis.valueSteps = list(range(1, last_day + 1, DAYS))
    word = "Week " if result.weeks_counted <= 6 else "W"  # short labels when weeks are narrow
    x_axis.labelTextFormat = lambda day: f"{word}{(int(day) - 1) // DAYS + result.first_week}"
    x_axis.labels.boxAnchor = "nw"
    y_axis.valueMin, y_axis.valueMax, y_axis.valueStep = 0, PAIN_MAX, 1
    y_axis.visibleGrid = True
    y_axis.gridStrokeColor = colors.HexColor("#DDDDDD")
    for axis in (x_axis, y_axis):
        axis.labels.fontName, axis.labels.fontSize = font, size
    drawing = Drawing(width, height, initialFontName=font)  # not Helvetica: keep fonts embedded
    drawing.add(plot)
    level = plot.y + plot.height * HIGH_PAIN / PAIN_MAX
    drawing.add(Line(plot.x, level, plot.x + plot.width, level, strokeColor=styles.danger,
                     strokeWidth=0.8, strokeDashArray=(1, 2)))
    drawing.add(String(plot.x + plot.width, level + 2, f"above {HIGH_PAIN}: too much",
                       fontName=font, fontSize=size * 0.9, fillColor=styles.danger,
                       textAnchor="end"))
    top = plot.y + plot.height + size * 0.9
    for i, kind in enumerate(PAIN_KINDS):
        colour, dash, marker = LINE_STYLES[kind]
        x = plot.x + i * width * 0.35
        drawing.add(Line(x, top + size * 0.3, x + size * 2.5, top + size * 0.3, strokeWidth=1.5,
                         strokeColor=colors.HexColor(colour), strokeDashArray=dash))
        drawing.add(makeMarker(marker, size=4, x=x + size * 1.25, y=top + size * 0.3,
                               fillColor=colors.HexColor(colour)))
        drawing.add(String(x + size * 3, top, PAIN_WORDS[kind].capitalize(), fontName=font,
                           fontSize=size))
    return drawing


def week_table(result: TrackingResult, styles: Styles, width: float) -> Flowable:
    """Days done per exercise and the average pain scores, week by week."""
    weeks = result.counted_weeks
    cell = styles.table.clone("report_cell", fontSize=styles.diary.fontSize * 0.85,
                              leading=styles.diary.fontSize)
    bold = cell.clone("report_bold", fontName=styles.table_bold.fontName)
    rows = [[Paragraph("Week", bold), *[Paragraph(str(w), bold) for w in weeks]]]
    rows += [[Paragraph(f"{i}. {plain(e.name)}", cell),
              *[Paragraph(f"{w.sessions}/{DAYS}" if w.started else "-", cell) for w in e.weeks]]
             for i, e in enumerate(result.exercises, start=1)]
    for trend in result.trends:
        means = dict(trend.weekly)
        rows.append([Paragraph(f"Average {PAIN_WORDS[trend.kind]}", bold),
                     *[Paragraph(f"{means[w]:.1f}" if w in means else "–", cell) for w in weeks]])
    first = width * 0.32
    column = min((width - first) / len(weeks), 16 * MM)
    return table(rows, [first] + [column] * len(weeks), styles, [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("BACKGROUND", (0, 0), (-1, 0), styles.accent_light),
        ("BACKGROUND", (0, -2), (-1, -1), colors.HexColor("#F2F2F2")),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ], hAlign="LEFT")


def _findings(result: TrackingResult, styles: Styles) -> list[Flowable]:
    lines = [*(trend_line(t) for t in result.trends), high_pain_line(result, MAX_LISTED)]
    lines += [problems_line(result, MAX_LISTED)] if result.problems else []
    return [Paragraph(plain(line), styles.bullet, bulletText="•") for line in lines]


def _clip(text: str) -> str:
    """A note cut to NOTE_CHARS characters, so one long note cannot crowd out the page."""
    return text if len(text) <= NOTE_CHARS else text[:NOTE_CHARS].rstrip() + "… (more on the sheet)"


def _notes(result: TrackingResult, styles: Styles) -> list[Flowable]:
    if not result.notes:
        return []
    return [Paragraph("Patient's notes", styles.heading)] + [
        Paragraph(f"<b>Week {week}:</b> {plain(_clip(text))}", styles.bullet, bulletText="•")
        for week, text in result.notes
    ]


def report_styles(layout: Layout) -> Styles:
    """The handout's styles with a smaller title and headings, to fit one page."""
    styles = make_styles(layout)
    title, heading = styles.title, styles.heading
    return replace(
        styles,
        title=title.clone("report_title", fontSize=title.fontSize * 0.75,
                          leading=title.fontSize * 0.9),
        heading=heading.clone("report_heading", fontSize=heading.fontSize * 0.75,
                              leading=heading.fontSize * 0.95, spaceBefore=heading.fontSize * 0.5,
                              spaceAfter=heading.fontSize * 0.2),
    )


def render_report(result: TrackingResult, layout: Layout | None = None) -> bytes:
    """Draw the one-page clinician summary of a filled sheet; return the PDF bytes."""
    layout = layout or load_layout(DEFAULT)
    result = printable_plan(result, coverage(layout))  # text from the sheet, as the fonts print
    styles = report_styles(layout)
    width = layout.page_width - layout.margin_left - layout.margin_right
    text = PageText(header_left="Exercise diary summary",
                    header_right=result.patient or handout_date(result),
                    footer=f"Read by backhandout from the filled diary {Path(result.file).name}")
    out = io.BytesIO()
    doc = make_doc(out, layout, styles, text, title="Exercise diary summary",
                   subject=f"Tracking sheet read-back: {result.profile_name or 'diary'}")
    facts = [("Patient", result.patient or "not named"),
             ("Handout", handout_words(result)),
             ("Weeks filled in", f"{result.weeks_counted} of {result.weeks}")]
    if result.warning:
        facts.append(("Note", result.warning[0].upper() + result.warning[1:] + "."))
    story: list[Flowable] = [
        Paragraph("Exercise diary summary", styles.title),
        *[Paragraph(f"<b>{label}:</b> {plain(value)}", styles.body) for label, value in facts],
    ]
    if result.weeks_counted:
        story += [
            Paragraph("Findings", styles.heading),
            *_findings(result, styles),
            Paragraph("Pain scores (0-10) day by day", styles.heading),
            pain_chart(result, styles, width),
            Paragraph("Days each exercise was done", styles.heading),
            Paragraph(f"Percent of the {result.weeks_counted * DAYS} days in the weeks filled in.",
                      styles.diary),
            adherence_chart(result, styles, width),
            Paragraph("Week by week", styles.heading),
            week_table(result, styles, width),
            *_notes(result, styles),
        ]
    else:
        story += [Spacer(1, 6 * MM), Paragraph("Nothing has been filled in on this diary yet.",
                                               styles.heading)]
    canvas = partial(DeferredCanvas, number_font=(layout.font, layout.small_size))
    doc.build([KeepInFrame(width, doc.height, story, mode="shrink")], canvasmaker=canvas)
    return out.getvalue()
