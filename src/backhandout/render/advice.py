"""The advice pages: urgent help in two levels, when to see a doctor, looking after your back.

Each urgent box reads as a checklist a frightened person can scan: the action
first in a coloured band, then one sign a line. A box is a table, so a box
too tall for the space left breaks between signs and repeats its band.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from ..layouts import MM
from ..model import Plan, Urgent
from .pages import Anchor, PageRef
from .styles import Styles, bullets, labelled, para, plain, table
from .tags import Node, Tagged, list_node

WARNINGS_ANCHOR = "warnings"  # the page the urgent-help boxes start on


def blank_line(label: str, styles: Styles, width: float) -> Flowable:
    """'Emergency number: ______' as a label and a ruled line to write on."""
    size = styles.body.fontSize
    label_width = min(width * 0.7, stringWidth(label, styles.table_bold.fontName, size) + size * 0.5)
    return table([[para("P", f"<b>{plain(label)}</b>", styles.table), ""]],
                 [label_width, width - label_width], styles,
                 [("LINEBELOW", (1, 0), (1, 0), 0.8, styles.muted),
                  ("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                  ("TOPPADDING", (0, 0), (-1, -1), size * 0.5),
                  ("BOTTOMPADDING", (0, 0), (-1, -1), 2)])


def urgent_box(urgent: Urgent, styles: Styles, width: float, *, edge: colors.Color,
               fill: colors.Color) -> Flowable:
    """One level of urgent help: the action in a band, the signs one a line, then how to
    get there and lines to write the numbers in."""
    pad = styles.body.fontSize * 0.8
    inner = width - 2 * pad
    box = Node("Div")  # the action as a heading, the intro, the signs as a list, the rest
    rows: list[list[Flowable]] = [[para("H2", plain(urgent.action), styles.band, box)]]
    if urgent.intro:
        rows.append([para("P", f"<b>{plain(urgent.intro)}</b>", styles.table, box)])
    signs = list_node(box)
    rows += [[Tagged(signs.add("LI"),
                     Paragraph(plain(line), styles.sign, bulletText="•"))]
             for line in urgent.signs]
    after = [para("P", f"<b>{plain(line)}</b>", styles.table, box) for line in urgent.after]
    if urgent.phone:
        after.append(para("P", f"<b>{plain(urgent.phone)}</b>", styles.table, box))
    first_after = len(rows)
    rows += [[item] for item in after]
    if urgent.blanks:
        half = inner / len(urgent.blanks)
        rows.append([table([[blank_line(label, styles, half - pad / 2) for label in urgent.blanks]],
                           [half] * len(urgent.blanks), styles,
                           [("LEFTPADDING", (0, 0), (-1, -1), 0),
                            ("RIGHTPADDING", (0, 0), (-1, -1), pad / 2)])])
    commands = [
        ("BOX", (0, 0), (-1, -1), 2.5, edge),
        ("BACKGROUND", (0, 0), (-1, 0), edge),
        ("BACKGROUND", (0, 1), (-1, -1), fill),
        ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, 0), pad * 0.6), ("BOTTOMPADDING", (0, 0), (-1, 0), pad * 0.6),
        ("TOPPADDING", (0, 1), (-1, 1), pad * 0.6),
        *([("BOTTOMPADDING", (0, 1), (-1, 1), pad * 0.3)] if urgent.intro else []),
        ("BOTTOMPADDING", (0, -1), (-1, -1), pad * 0.7),
    ]
    if len(rows) > first_after:
        commands.append(("TOPPADDING", (0, first_after), (-1, first_after), pad * 0.4))
    return table(rows, [width], styles, commands, repeatRows=1)


def urgent_strip(plan: Plan, styles: Styles, width: float) -> Flowable:
    """The two urgent-help actions in their colours, and the page with the signs: for the
    first page and the summary sheet."""
    bands = [(plan.emergency.action, styles.danger), (plan.same_day.action, styles.warning)]
    ref = PageRef(WARNINGS_ANCHOR, styles.table_bold.fontName, styles.table_bold.fontSize)
    strip = Node("Div")
    actions = [para("P", plain(action), styles.strip, strip) for action, _ in bands]
    signs = Node("P", strip)  # "Signs to look for: page" and the number, one paragraph
    label = Tagged(signs, Paragraph(f"<b>{plain(plan.words.ui('SIGNS_ON_PAGE'))}</b>",
                                    styles.table))
    side = width * 0.3
    rows = [[actions[i], [label, Tagged(signs, ref)] if i == 0 else ""]
            for i in range(len(bands))]
    pad = styles.body.fontSize * 0.5
    commands = [("BACKGROUND", (0, i), (0, i), colour) for i, (_, colour) in enumerate(bands)]
    commands += [("SPAN", (1, 0), (1, 1)), ("BOX", (1, 0), (1, 1), 1, styles.muted),
                 ("LEFTPADDING", (0, 0), (-1, -1), pad), ("TOPPADDING", (0, 0), (-1, -1), pad),
                 ("BOTTOMPADDING", (0, 0), (-1, -1), pad), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                 ("LINEBELOW", (0, 0), (0, 0), 2, colors.white)]
    return KeepTogether([Spacer(1, pad), table(rows, [width - side, side], styles, commands)])


def _heading(text: str, styles: Styles) -> Flowable:
    return para("H2", plain(text), styles.heading)


def warnings_pages(plan: Plan, styles: Styles, width: float) -> list[Flowable]:
    """'When to stop and get help': emergency, then today, then (pregnant) the midwife,
    then what to see a doctor about soon: one box a level, the action first."""
    ui = plan.words.ui
    gap = Spacer(1, styles.body.fontSize * 0.5)
    story: list[Flowable] = [
        Anchor(WARNINGS_ANCHOR),
        para("H1", plain(ui("HEADING_WARNINGS")), styles.title),
        urgent_box(plan.emergency, styles, width, edge=styles.danger, fill=styles.danger_light),
        gap,
        urgent_box(plan.same_day, styles, width, edge=styles.warning, fill=styles.warning_light),
    ]
    if plan.pregnancy_stop:
        story += [gap, urgent_box(plan.pregnancy_stop, styles, width, edge=styles.danger,
                                  fill=styles.danger_light)]
    return [*story, gap, see_doctor(plan, styles, width)]


def see_doctor(plan: Plan, styles: Styles, width: float) -> Flowable:
    """The third level: what to see a doctor about soon, not urgently."""
    ui = plan.words.ui
    soon = Urgent(action=ui("URGENT_SOON"), intro="",
                  signs=(*plan.see_doctor, *plan.profile_warnings))
    return urgent_box(soon, styles, width, edge=styles.accent, fill=styles.accent_light)


def _block(title: str, lines: tuple[str, ...], styles: Styles) -> Flowable:
    return KeepTogether([_heading(title, styles), *bullets(lines, styles)])


LINE_ROOM = 20 * MM  # the least room a blank line leaves to write on


def contact_strip(plan: Plan, styles: Styles, width: float, *,
                  one_row: bool = False) -> Flowable | None:
    """Who to contact and when the plan is reviewed: what is known, else a line to write it
    in (for the first page and the diary). The name on its own row, phone and date below;
    with one_row, all three on one row (None when they would leave too little room to write).
    """
    ui = plan.words.ui
    gap = styles.body.fontSize * 0.8
    fields = [(ui("CONTACT_NAME"), plan.clinician),
              (ui("CONTACT_PHONE"), plan.clinic.phone if plan.clinic else None),
              (ui("CONTACT_REVIEW"), plan.words.date(plan.review) if plan.review else None)]
    if one_row:
        bold, size = styles.table_bold.fontName, styles.table.fontSize
        sizes = [stringWidth(f"{label} {value or ''}", bold, size) + size * 0.5
                 for label, value in fields]
        spare = (width - sum(sizes) - 3 * gap) / 3
        if spare < LINE_ROOM:
            return None
        widths = [size_ + spare + gap for size_ in sizes]
    else:
        widths = [width, width / 2, width / 2]

    def field(i: int) -> Flowable:
        label, value = fields[i]
        return para("P", labelled(label, value), styles.table) if value \
            else blank_line(label, styles, widths[i] - gap)

    rows, columns, spans = ([[field(0), field(1), field(2)]], widths, []) if one_row else \
        ([[field(0), ""], [field(1), field(2)]], [width / 2, width / 2],
         [("SPAN", (0, 0), (1, 0))])
    return table(rows, columns, styles,
                 [*spans, ("LEFTPADDING", (0, 0), (-1, -1), 0),
                  ("RIGHTPADDING", (0, 0), (-1, -1), gap), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                  ("TOPPADDING", (0, 0), (-1, -1), styles.body.fontSize * 0.2),
                  ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])


def exercise_rules(plan: Plan, styles: Styles) -> list[Flowable]:
    """How to do the exercises safely, and what not to do while it hurts (after the cards)."""
    ui = plan.words.ui
    story = [_block(ui("HEADING_RULES"), plan.general_rules, styles)]
    if plan.avoid_while_painful:
        story.append(_block(ui("HEADING_AVOID"), plan.avoid_while_painful, styles))
    return story


def self_care_pages(plan: Plan, styles: Styles, width: float) -> list[Flowable]:
    """'Looking after your back': about this plan, what to expect, keeping active,
    flare-ups, sleep, and the profile's tips."""
    ui = plan.words.ui
    story: list[Flowable] = [KeepTogether([
        para("H1", plain(ui("HEADING_SELF_CARE")), styles.title), _heading(ui("HEADING_ABOUT"), styles),
        *bullets(plan.explanation, styles)])]
    story += [_block(tip.title, tip.lines, styles) for tip in plan.self_care]
    return story
