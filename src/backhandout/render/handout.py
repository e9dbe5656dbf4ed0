"""Assemble the whole handout: cover, exercise cards, warnings, diary."""

from __future__ import annotations

import io
import re
from functools import partial

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Spacer,
)

from ..layouts import MM, Layout
from ..model import Plan, PlannedExercise
from ..planner import your_side
from .advice import contact_strip, exercise_rules, self_care_pages, urgent_strip, warnings_pages
from .cards import card_padding, card_table, keep_card
from .picture import beside_share, picture
from .glyphs import coverage, printable_plan
from .layer import NameParagraph
from .pages import DeferredCanvas, PageRef, PageText, Spot, make_doc
from .personal import (
    EitherOrder,
    clinic_block,
    clinic_line,
    notes_box,
    safety_box,
    stage_lines,
)
from .styles import Styles, bullets, labelled, make_styles, para, plain, table
from .tags import Node, Tagged
from .tracking import tracking_sheet


MIN_FIGURE = 0.6  # a card's pictures may shrink to this share of the layout's figure height


def long_date(plan: Plan) -> str:
    """A date the way people write it in the plan's language: 21 November 2026."""
    return plan.words.date(plan.date)


def _heading(text: str, styles: Styles) -> Flowable:
    return para("H2", plain(text), styles.heading)


def _at_a_glance(plan: Plan, styles: Styles, width: float) -> Flowable:
    """The plan at a glance: number, name, dose (and the week a later one starts), card page."""
    size, ui = styles.body.fontSize, plan.words.ui
    page = ui("GLANCE_PAGE")
    page_width = max(stringWidth(page, styles.table_bold.fontName, size) + 10, size * 2.5)
    number_width = size * 2
    both = width - page_width - number_width  # the name and dose columns
    heads = ("#", ui("GLANCE_EXERCISE"), ui("GLANCE_DOSE"), page)
    grid = Node("Table")
    row = grid.add("TR")
    rows = [[para(row.add("TH", O="Table", Scope="Column"), f"<b>{plain(h)}</b>", styles.table)
             for h in heads]]
    for i, exercise in enumerate(plan.exercises, start=1):
        dose = plain(exercise.dose_line)
        if exercise.start_week > plan.first_week:
            dose += f"<br/><b>{plain(ui('GLANCE_FROM_WEEK', week=exercise.start_week))}</b>"
        row = grid.add("TR")
        rows.append([
            para(row.add("TD"), str(i), styles.table),
            para(row.add("TD"), plain(exercise.name), styles.table_bold),
            para(row.add("TD"), dose, styles.table),
            Tagged(row.add("TD"), PageRef(exercise.id, styles.table.fontName, size)),
        ])
    name_width = _name_share(rows[1:], both) * both
    dose_width = both - name_width
    return table(
        rows,
        [number_width, name_width, dose_width, page_width],
        styles,
        [
            ("LINEBELOW", (0, 0), (-1, -1), 0.6, styles.muted),
            ("BACKGROUND", (0, 0), (-1, 0), styles.accent_light),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ],
        repeatRows=1,
    )


NAME_SHARES = tuple(x / 100 for x in range(30, 61, 3))  # of the name and dose columns


def _name_share(rows: list[list[Flowable]], both: float, pad: float = 10) -> float:
    """The share of the name and dose columns the names get so the rows take the fewest
    lines (the text is 12 pt or more, so wrapping less is how the table gets shorter):
    ties go to the share nearest 42%, the names' usual share."""
    def height(share: float) -> float:
        return sum(max(row[1].wrap(both * share - pad, 1e6)[1],
                       row[2].wrap(both * (1 - share) - pad, 1e6)[1]) for row in rows)

    return min(NAME_SHARES, key=lambda share: (round(height(share), 1), abs(share - 0.42)))


def _session_line(plan: Plan) -> str:
    return plan.words.ui("SESSION_WALK" if plan.extra_minutes else "SESSION",
                         count=len(plan.exercises), minutes=plan.session_minutes,
                         walk=plan.extra_minutes)


def _facts_table(name: Flowable | None, facts: list[str], styles: Styles,
                 width: float) -> Flowable:
    """Patient, date, side and clinician: two to a row where they fit, else one to a row.

    The choice never depends on the patient's name (it wraps in its cell), so
    handouts that differ only in the name are laid out alike.
    """
    paragraphs = [para("P", fact, styles.subtitle) for fact in facts]
    cells = ([name] if name else []) + paragraphs
    padding = [("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP"),
               ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]
    widths = _fact_widths(facts, bool(name), styles, width)
    if len(widths) == 1:
        return table([[c] for c in cells], widths, styles, padding)
    cells.append("")
    return table([cells[i:i + 2] for i in range(0, len(cells) - 1, 2)], widths, styles, padding)


def _fact_widths(facts: list[str], named: bool, styles: Styles, width: float) -> list[float]:
    """Column widths of the facts table: [left, right], or [width] when a fact would wrap."""
    size, bold = styles.subtitle.fontSize, styles.table_bold.fontName
    columns = ((0.55, facts[1 if named else 0::2]), (0.45, facts[0 if named else 1::2]))
    if any(stringWidth(re.sub("<[^>]+>", "", f), bold, size) > width * share - 6
           for share, column in columns for f in column):
        return [width]
    return [width * 0.55, width * 0.45]


def name_paragraph(plan: Plan, styles: Styles, width: float) -> NameParagraph | None:
    """The cover's 'For: <name>' paragraph (None without a name), wrapped to its cell."""
    if not plan.patient:
        return None
    name = NameParagraph(labelled(plan.words.ui("COVER_FOR"), plan.patient), styles.subtitle,
                         node=Node("P"))
    name.wrap(_fact_widths(_facts(plan), True, styles, width)[0], styles.subtitle.leading * 99)
    return name


def _facts(plan: Plan) -> list[str]:
    """The cover's facts after the name: date and side (who to contact is below)."""
    ui = plan.words.ui
    facts = [labelled(ui("COVER_DATE"), long_date(plan))]
    if plan.side:
        facts.append(labelled(ui("COVER_SIDE"), your_side(plan.side, plan.words)))
    return facts


def cover(plan: Plan, styles: Styles, width: float) -> list[Flowable]:
    """The first page: who it is for, what is special for them, the plan at a glance, how to
    use it, and the two urgent-help actions."""
    ui = plan.words.ui
    boxes = [safety_box(plan, styles, width), notes_box(plan, styles, width)]
    story: list[Flowable] = [
        *([clinic_block(plan.clinic, styles, width, plan.words)] if plan.clinic else []),
        para("H1", plain(plan.title), styles.title),
        _facts_table(name_paragraph(plan, styles, width), _facts(plan), styles, width),
        contact_strip(plan, styles, width),
        *(item for box in boxes if box for item in (Spacer(1, 3 * MM), box)),
        EitherOrder(
            [_heading(ui("HEADING_AT_A_GLANCE"), styles), _at_a_glance(plan, styles, width)],
            [_heading(ui("HEADING_HOW_TO_USE"), styles),
             *bullets((*(stage_lines(plan) or [_session_line(plan)]), *plan.how_to_use), styles)],
        ),
        urgent_strip(plan, styles, width),
    ]
    return story


def frame_height(layout: Layout) -> float:
    """The height a page gives its text (inside the margins)."""
    return layout.page_height - layout.margin_top - layout.margin_bottom


def fitted_card(number: int, exercise: PlannedExercise, plan: Plan, styles: Styles,
                layout: Layout, width: float, room: float | None = None) -> Flowable:
    """An exercise card that fits in room (default: a page).

    The picture goes where the layout says (above or beside the steps). A card
    too tall for the room gets its picture above the steps, shrinking it (to
    MIN_FIGURE of its height at most), as long text in large print can make it.
    """
    room = frame_height(layout) if room is None else room
    drawn = picture(exercise, layout, plan.words, key=number == 1)
    beside = beside_share(exercise, layout, width - 2 * card_padding(styles))
    height = layout.figure_height
    while True:
        card = card_table(number, exercise, styles, width, drawn, plan.words,
                          picture_height=height, beside=beside, first_week=plan.first_week)
        over = card.wrapOn(Canvas(io.BytesIO()), width, room)[1] - room
        if over > 0 and beside:
            beside = 0.0
            continue
        smallest = layout.figure_height * MIN_FIGURE
        if over <= 0 or drawn is None or height <= smallest:
            return keep_card(card, styles)
        height = max(smallest, height - over - 1)


def exercise_cards(plan: Plan, styles: Styles, layout: Layout, width: float) -> list[Flowable]:
    """The heading and the cards: as many to a page as fit (or the layout's cards_per_page),
    each whole, the heading always on the page of the first card."""
    heading = para("H1", plain(plan.words.ui("HEADING_EXERCISES")), styles.title)
    below_heading = (heading.wrap(width, frame_height(layout))[1] + heading.getSpaceAfter())
    story: list[Flowable] = []
    for i, exercise in enumerate(plan.exercises, start=1):
        per_page = layout.cards_per_page
        if per_page and i > 1 and (i - 1) % per_page == 0:
            story.append(PageBreak())
        room = frame_height(layout) - (below_heading if i == 1 else 0)
        card = fitted_card(i, exercise, plan, styles, layout, width, room)
        if i == 1:  # under the heading, no gap above the card
            first = card._content[0]
            first.spaceBefore = 0
            card = KeepTogether([heading, first])
        story.append(card)
    return story


def _page_text(plan: Plan, numbered: bool = True) -> PageText:
    """What every page's header and footer say (no "Page X of Y" unless numbered)."""
    words = plan.words
    return PageText(
        header_left=words.ui("HEADER", profile=plan.profile_name),
        header_right=plan.patient or long_date(plan),
        named=bool(plan.patient),
        footer=plan.disclaimer,
        clinic=clinic_line(plan.clinic, words),
        page_of=words.ui("PAGE_OF", page="{page}", total="{total}") if numbered else "",
    )


def _draw(plan: Plan, layout: Layout, styles: Styles, story: list[Flowable],
          name_spots: list[Spot] | None = None, first: str = "plain",
          anchors: dict[str, int] | None = None, numbered: bool = True,
          tagged: bool = True) -> bytes:
    """Build a story into PDF bytes with the handout's pages (headers, footers, page X of Y),
    the first page on the `first` page template; tagged (render/tags.py) unless asked not to.
    An anchors dict is filled with the page each card (and the warnings) lands on, or holds
    them already for a summary drawn alone."""
    words, text = plan.words, _page_text(plan, numbered)
    out = io.BytesIO()
    doc = make_doc(out, layout, styles, text, title=plan.title,
                   subject=words.ui("PDF_SUBJECT", profile=plan.profile_name),
                   author=plan.clinic.name if plan.clinic else "backhandout",
                   lang=words.tag or layout.language)
    doc.pageTemplates.sort(key=lambda template: template.id != first)
    canvas = partial(DeferredCanvas, number_font=(layout.font, layout.small_size),
                     page_of=text.page_of, name_spots=name_spots, anchors=anchors,
                     tagged=tagged)
    doc.build(story, canvasmaker=canvas)
    return out.getvalue()


def render_handout(plan: Plan, layout: Layout, *, name_spots: list[Spot] | None = None,
                   summary_only: bool = False, anchors: dict[str, int] | None = None,
                   tagged: bool = True) -> bytes:
    """Draw a plan as a PDF and return its bytes.

    With a name_spots list, the patient's name is left out and the spots
    where it goes are added to the list (see layer.py). Tagged (render/tags.py),
    unless asked not to: the same pages without marked content. With summary_only, just
    the first page (the plan at a glance, how often, who to contact, urgent
    help), its page numbers those of the whole handout. An anchors dict is
    filled with the page each card (and the warnings) lands on.
    """
    plan = printable_plan(plan, coverage(layout))
    styles = make_styles(layout)
    width = layout.page_width - layout.margin_left - layout.margin_right
    if summary_only:
        anchors = {}
        render_handout(plan, layout, anchors=anchors)
        return _draw(plan, layout, styles, cover(plan, styles, width), anchors=anchors,
                     numbered=False, tagged=tagged)
    story: list[Flowable] = cover(plan, styles, width)
    story += exercise_cards(plan, styles, layout, width)
    story += [*exercise_rules(plan, styles), *self_care_pages(plan, styles, width)]
    story += [NextPageTemplate("danger"), PageBreak(), *warnings_pages(plan, styles, width)]
    sources = para("P", plain(plan.sources), styles.small_print)  # on the last page, always
    diary = tracking_sheet(plan, styles, layout, width, frame_height(layout), [sources])
    story += [NextPageTemplate("diary"), PageBreak(), *diary]
    return _draw(plan, layout, styles, story, name_spots, anchors=anchors, tagged=tagged)


def render_diary(plan: Plan, layout: Layout, *, tagged: bool = True) -> bytes:
    """Only the exercise diary, for a returning patient: its weeks (numbered from the plan's
    first week), who to contact and the next check, and the sources line."""
    plan = printable_plan(plan, coverage(layout))
    styles = make_styles(layout)
    width = layout.page_width - layout.margin_left - layout.margin_right
    sources = para("P", plain(plan.sources), styles.small_print)
    diary = tracking_sheet(plan, styles, layout, width, frame_height(layout), [sources],
                           always=True)
    return _draw(plan, layout, styles, diary, first="diary", tagged=tagged)
