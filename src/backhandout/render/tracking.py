"""The tracking sheet: a week per table, ticks per exercise, pain scores, notes."""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from ..layouts import MM, Layout
from ..model import Plan
from ..tracking_fields import (
    DAYS,
    META_FIELD,
    day_name,
    meta_json,
    notes_name,
    tick_name,
)
from .advice import contact_strip
from .form import HiddenValue, TabOrdered, TextCell, TextSpec, TickBox, fitting_size
from .styles import Styles, para, plain, table
from .tags import Node, Tagged, list_node

FIELD_PAD = 2  # points between a field and the grid line around its cell
DATE_SAMPLE = "00/00"  # the widest date a date box takes: day/month (the label says so)
DATE_SIZE = 10  # points, where the day's box is wide enough
TRAFFIC = (("green", "#DDF2DD", "#2E7D32"), ("amber", "#FFF1CC", "#B26A00"), ("red", "#FADBD8", "#A50E0E"))


def pain_guide(plan: Plan, styles: Styles, width: float) -> Flowable:
    """The pain traffic light as three coloured boxes with words (prints in grey too)."""
    levels = list_node()
    cells = [
        para(levels.add("LI"), plain(getattr(plan.pain_guide, name)), styles.diary)
        for name, _, _ in TRAFFIC
    ]
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 8)]
    for i, (_, fill, edge) in enumerate(TRAFFIC):
        style += [
            ("BACKGROUND", (i, 0), (i, 0), colors.HexColor(fill)),
            ("LINEBEFORE", (i, 0), (i, 0), 5, colors.HexColor(edge)),
        ]
    return table([cells], [width / 3] * 3, styles, style)


class _DayRows:
    """A week's table as a screen reader reads it: the printed grid turned on its side,
    a row per day (date, each exercise, the two pain scores), then the notes.

    So reading and the Tab key go day by day (see form.tab_order), as on paper a
    patient fills in one day's column. `head(r, c)` and `cell(r, c)` give the node of
    the printed grid's row r, column c.
    """

    def __init__(self, rows: int) -> None:
        self.table = Node("Table")
        top = self.table.add("TR")
        self.corner = top.add("TH", O="Table", Scope="Column")
        self.columns = [top.add("TH", O="Table", Scope="Column") for _ in range(rows)]
        self.days = []
        for _ in range(DAYS):
            row = self.table.add("TR")
            self.days.append((row.add("TH", O="Table", Scope="Row"),
                              [row.add("TD") for _ in range(rows)]))
        notes = self.table.add("TR")
        self.notes_head = notes.add("TH", O="Table", Scope="Row")
        self.notes = notes.add("TD", O="Table", ColSpan=rows)

    def head(self, row: int, column: int) -> Node:
        """The header node of a printed label: the week (0, 0), a day (0, d), a row (r, 0)."""
        if row == 0:
            return self.corner if column == 0 else self.days[column - 1][0]
        return self.columns[row - 1]

    def field(self, row: int, column: int) -> Node:
        """The Form node of the field in printed row r (from 1), day column c (from 1)."""
        return self.days[column - 1][1][row - 1].add("Form")


MIN_DAY = 13 * MM  # a day's column at its narrowest: room to write a date by hand


def _day_width(labels: list[str], font: str, size: float, width: float,
               spelled: float) -> float:
    """A day column's width: 16.5 mm, or less where the page is narrow, and narrower still
    where that keeps every row's label on one line (a long name in Spanish would wrap, and
    two wrapped rows a week can push a week onto a page of its own), but not so narrow
    that "Day 7" (`spelled` wide) or a date written by hand (MIN_DAY) no longer fits."""
    day = min(16.5 * MM, width * 0.62 / DAYS)
    needed = max(stringWidth(label, font, size) for label in labels) + 8  # with the padding
    if width - DAYS * day < needed:
        day = min(day, max(MIN_DAY, spelled, (width - needed) / DAYS))
    return day


def week_table(plan: Plan, week: int, styles: Styles, width: float) -> Flowable:
    """One week: days across, a tick row per exercise, two pain rows, a notes row."""
    small, ui = styles.diary, plan.words.ui
    grid = _DayRows(len(plan.exercises) + 3)
    bold = styles.table_bold.fontName
    labels = [f"{i}. {e.name}" for i, e in enumerate(plan.exercises, start=1)]
    labels += [ui(name) for name in ("DIARY_DATE", "DIARY_PAIN_DURING", "DIARY_PAIN_MORNING")]
    spelled_day = stringWidth(ui("DIARY_DAY", day=DAYS), bold, small.fontSize) + 5
    day_width = _day_width(labels, small.fontName, small.fontSize, width, spelled_day)
    label_width = width - DAYS * day_width
    spelled = spelled_day <= day_width
    days = [ui("DIARY_DAY", day=day) if spelled else str(day) for day in range(1, DAYS + 1)]
    week_label = ui("WEEK" if spelled else "DIARY_WEEK_DAY", week=week)
    header = [para(grid.head(0, 0), f"<b>{plain(week_label)}</b>", small)] + [
        para(grid.head(0, d), f"<b>{plain(day)}</b>", small) for d, day in enumerate(days, 1)
    ]
    box = max(7.6 * MM, small.fontSize * 1.6)
    inner = box - 2 * FIELD_PAD
    # Tab order: down each day's column (date, ticks, pain), then the week's notes.
    last_row = len(plan.exercises) + 3

    def texts(what: str, name: str, spec: TextSpec, row: int) -> list[Flowable]:
        label = ui(name)
        return [para(grid.head(row, 0), plain(label), small)] + [
            Tagged(grid.field(row, d),
                   TextCell(day_name(week, d, what),
                            ui("TOOLTIP_CELL", week=week, day=d, label=label),
                            inner, spec, order=(d, row)))
            for d in range(1, DAYS + 1)
        ]

    pain = TextSpec(size=12, max_length=2, centred=True)
    date = TextSpec(size=fitting_size(DATE_SAMPLE, day_width - 2 * FIELD_PAD, DATE_SIZE),
                    max_length=len(DATE_SAMPLE), centred=True)
    rows = [header, texts("date", "DIARY_DATE", date, 1)]
    rows += [
        [para(grid.head(i + 1, 0), f"{i}. {plain(e.name)}", small)] + [
            Tagged(grid.field(i + 1, d),
                   TickBox(tick_name(week, d, e.id),
                           ui("TOOLTIP_DONE", week=week, day=d, exercise=e.name), inner,
                           order=(d, i + 1)))
            for d in range(1, DAYS + 1)
        ]
        for i, e in enumerate(plan.exercises, start=1)
    ]
    notes = Tagged(grid.notes.add("Form"),
                   TextCell(notes_name(week), ui("TOOLTIP_NOTES", week=week),
                            box * 1.8 - 2 * FIELD_PAD, TextSpec(size=10, multiline=True),
                            order=(DAYS + 1, 0)))
    rows += [
        texts("pain_during", "DIARY_PAIN_DURING", pain, last_row - 1),
        texts("pain_morning", "DIARY_PAIN_MORNING", pain, last_row),
        [para(grid.notes_head, plain(ui("DIARY_NOTES")), small), notes] + [""] * (DAYS - 1),
    ]
    padding = 3
    heights = [None] + [
        max(box, row[0].wrap(label_width - 4, box)[1] + padding) for row in rows[1:-1]
    ] + [box * 1.8]
    first_pain = 2 + len(plan.exercises)
    return TabOrdered(table(
        rows,
        [label_width] + [day_width] * DAYS,
        styles,
        [
            ("GRID", (0, 0), (-1, -1), 0.8, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), styles.accent_light),
            ("BACKGROUND", (0, first_pain), (0, first_pain + 1), colors.HexColor("#F2F2F2")),
            ("SPAN", (1, -1), (-1, -1)),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("VALIGN", (0, -1), (0, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 1),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            *[(side, (1, 1), (-1, -1), FIELD_PAD) for side in
              ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")],
        ],
        rowHeights=heights,
    ))


def _height(flowable: Flowable, width: float, room: float, canvas: Canvas,
            at_top: bool) -> float:
    """How tall a flowable (a KeepTogether: all it holds) stands in a frame."""
    parts = flowable._content if isinstance(flowable, KeepTogether) else [flowable]
    total = 0.0
    for i, part in enumerate(parts):
        total += part.wrapOn(canvas, width, room)[1] + part.getSpaceAfter() + \
            (part.getSpaceBefore() if i or not at_top else 0)
    return total


def page_count(story: list[Flowable], width: float, room: float) -> int:
    """How many pages a diary story takes, flowed as platypus flows it: a page break, or
    a block kept together that does not fit the room left, starts a page."""
    canvas, pages, left, top = Canvas(io.BytesIO()), 1, room, True
    for flowable in story:
        if isinstance(flowable, PageBreak):
            pages, left, top = pages + 1, room, True
            continue
        height = _height(flowable, width, room, canvas, top)
        if height > left - 1 and not top:
            pages, left = pages + 1, room
            height = _height(flowable, width, room, canvas, True)
        left, top = left - height, False
    return pages


def _pages(plan: Plan, styles: Styles, layout: Layout, width: float,
           tail: list[Flowable]) -> list[list[Flowable]]:
    """The diary's pages: heading, intro and pain guide, then that page's weeks, each kept
    with its gap below (and the last with the tail)."""
    per_page = max(1, layout.weeks_per_page)
    pages = []
    for first in range(plan.first_week, plan.last_week + 1, per_page):
        page = [
            para("H1", plain(plan.words.ui("DIARY_HEADING")), styles.heading),
            para("P", plain(plan.words.ui("DIARY_INTRO")), styles.body),
            pain_guide(plan, styles, width),
            Spacer(1, 4 * MM),
        ]
        page += [KeepTogether([week_table(plan.for_week(week), week, styles, width),
                               Spacer(1, 5 * MM), *(tail if week == plan.last_week else [])])
                 for week in range(first, min(first + per_page, plan.last_week + 1))]
        pages.append(page)
    return pages


def _with_contact(pages: list[list[Flowable]], strip: Flowable | None, page: int = 0,
                  top: bool = True) -> list[Flowable]:
    """The pages as one story, the contact strip on one page: under its intro (top), or
    under its last week (before the tail)."""
    story: list[Flowable] = []
    for i, flowables in enumerate(pages):
        flowables = list(flowables)
        if strip is not None and i == page and top:  # closer gaps, to keep the weeks here
            flowables[2:4] = [strip, Spacer(1, 1.5 * MM), flowables[2], Spacer(1, 2 * MM)]
        elif strip is not None and i == page:
            week, gap, *tail = flowables[-1]._content
            flowables[-1] = KeepTogether([week, gap, strip, *tail])
        story += [*([PageBreak()] if i else []), *flowables]
    return story


def tracking_sheet(plan: Plan, styles: Styles, layout: Layout, width: float,
                   room: float | None = None, tail: list[Flowable] = (), *,
                   always: bool = False) -> list[Flowable]:
    """Every page of the diary, each with the pain guide at the top; `tail` (the sources
    line) is kept with the last week.

    Who to contact and the next check (or lines to write them in) go on the first diary
    page with room for them (room: the frame's height, for measuring): under its intro,
    else under its weeks; in two rows, else in one. Where no page has room, the diary goes
    without (the first page of the handout has them), unless `always` (a diary printed on
    its own): then on its first page.
    """
    pages = _pages(plan, styles, layout, width, list(tail))
    strips = [contact_strip(plan, styles, width), contact_strip(plan, styles, width, one_row=True)]
    # first: the heading is not at the top; a Form element, as PDF/UA wants every field in one
    field = Tagged(Node("Form"), HiddenValue(META_FIELD, meta_json(plan)))
    if room is None:
        return [field, *_with_contact(pages, strips[0])]
    plain_story = [field, *_with_contact(pages, None)]
    pages_without = page_count(plain_story, width, room)
    for strip in (s for s in strips if s is not None):
        for page in range(len(pages)):
            for top in (True, False):
                story = [field, *_with_contact(pages, strip, page, top)]
                if page_count(story, width, room) <= pages_without:
                    return story
    return [field, *_with_contact(pages, strips[0])] if always else plain_story
