"""Assemble the whole handout: cover, exercise cards, warnings, diary."""

from __future__ import annotations

import io
from functools import partial

from reportlab.platypus import (
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
)

from ..layouts import A4, MM, Layout
from ..model import Plan
from .cards import exercise_card
from .glyphs import coverage, printable_plan
from .pages import DeferredCanvas, PageRef, PageText, make_doc
from .styles import Styles, make_styles, plain, table
from .tracking import tracking_sheet


def long_date(plan: Plan) -> str:
    """A date the way people write it: 21 November 2026."""
    return f"{plan.date.day} {plan.date:%B %Y}"


def _bullets(lines, styles: Styles) -> list[Flowable]:
    return [Paragraph(plain(line), styles.bullet, bulletText="•") for line in lines]


def _at_a_glance(plan: Plan, styles: Styles, width: float) -> Flowable:
    size = styles.body.fontSize
    page_width = size * 3.6
    number_width = size * 2
    name_width = (width - page_width - number_width) * 0.36
    rows = [
        [Paragraph("<b>#</b>", styles.table), Paragraph("<b>Exercise</b>", styles.table),
         Paragraph("<b>How much</b>", styles.table), Paragraph("<b>Page</b>", styles.table)]
    ]
    for i, exercise in enumerate(plan.exercises, start=1):
        rows.append(
            [
                Paragraph(str(i), styles.table),
                Paragraph(plain(exercise.name), styles.table_bold),
                Paragraph(plain(exercise.dose_line), styles.table),
                PageRef(exercise.id, styles.table.fontName, size),
            ]
        )
    return table(
        rows,
        [number_width, name_width, width - page_width - number_width - name_width, page_width],
        styles,
        [
            ("LINEBELOW", (0, 0), (-1, -1), 0.6, styles.muted),
            ("BACKGROUND", (0, 0), (-1, 0), styles.accent_light),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ],
        repeatRows=1,
    )


def _session_line(plan: Plan) -> str:
    line = (
        f"There are {len(plan.exercises)} exercises. "
        f"Doing them all takes about {plan.session_minutes} minutes"
    )
    if plan.extra_minutes:
        line += f", plus your {plan.extra_minutes}-minute walk"
    return line + "."


def _facts_table(facts: list[str], styles: Styles, width: float) -> Flowable:
    """Patient, date and side, two to a row."""
    cells = [Paragraph(fact, styles.subtitle) for fact in facts] + [""]
    rows = [cells[i:i + 2] for i in range(0, len(facts), 2)]
    padding = [("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP"),
               ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]
    return table(rows, [width * 0.55, width * 0.45], styles, padding)


def cover(plan: Plan, styles: Styles, width: float) -> list[Flowable]:
    """The first page: who it is for, why, how to use it, the plan at a glance."""
    facts = []
    if plan.patient:
        facts.append(f"<b>For:</b> {plain(plan.patient)}")
    facts.append(f"<b>Date:</b> {long_date(plan)}")
    if plan.side:
        facts.append(f"<b>Pain on:</b> your {plan.side} side")
    story: list[Flowable] = [
        Paragraph(plain(plan.title), styles.title),
        _facts_table(facts, styles, width),
        Paragraph("About your back", styles.heading),
        *_bullets(plan.explanation, styles),
        Paragraph("How to use this handout", styles.heading),
        *_bullets((_session_line(plan), *plan.how_to_use), styles),
        KeepTogether(
            [Paragraph("Your plan at a glance", styles.heading), _at_a_glance(plan, styles, width)]
        ),
    ]
    for tip in plan.tips:
        story.append(
            KeepTogether([Paragraph(plain(tip.title), styles.heading), *_bullets(tip.lines, styles)])
        )
    return story


def _danger_box(lines, styles: Styles, width: float, intro: str) -> Flowable:
    parts = [Paragraph(f"<b>{plain(intro)}</b>", styles.body), *_bullets(lines, styles)]
    return table(
        [[parts]],
        [width],
        styles,
        [
            ("BOX", (0, 0), (-1, -1), 3, styles.danger),
            ("BACKGROUND", (0, 0), (-1, -1), styles.danger_light),
            ("LEFTPADDING", (0, 0), (-1, -1), 10),
            ("RIGHTPADDING", (0, 0), (-1, -1), 10),
            ("TOPPADDING", (0, 0), (-1, -1), 8),
        ],
    )


def _grouped_cautions(plan: Plan) -> dict[tuple[str, ...], list[str]]:
    """Each distinct caution once, gathered under the exercises it belongs to."""
    names: dict[str, list[str]] = {}
    for exercise in plan.exercises:
        for caution in exercise.cautions:
            names.setdefault(caution, []).append(exercise.name)
    grouped: dict[tuple[str, ...], list[str]] = {}
    for caution, owners in names.items():
        grouped.setdefault(tuple(owners), []).append(caution)
    return grouped


def warnings_pages(plan: Plan, styles: Styles, width: float) -> list[Flowable]:
    """The 'when to stop and get help' pages."""
    story: list[Flowable] = [
        Paragraph("When to stop and get help", styles.title),
        Paragraph("Get help the same day", styles.danger_heading),
        _danger_box(
            plan.emergency, styles, width,
            "Go to an emergency department or call your emergency number "
            "if you have back pain and any of these:",
        ),
        Paragraph("See your doctor soon", styles.danger_heading),
        *_bullets((*plan.see_doctor, *plan.profile_warnings), styles),
        Paragraph("Safe exercise rules", styles.heading),
        *_bullets(plan.general_rules, styles),
    ]
    if plan.avoid_while_painful:
        story += [
            Paragraph("While your back hurts, do not do these", styles.heading),
            *_bullets(plan.avoid_while_painful, styles),
        ]
    cautions = _grouped_cautions(plan)
    if cautions:
        story.append(Paragraph("Take care with your exercises", styles.heading))
        story += [
            Paragraph(f"<b>{plain(', '.join(names))}:</b> {plain(' '.join(lines))}",
                      styles.bullet, bulletText="•")
            for names, lines in cautions.items()
        ]
    return story


def render_handout(plan: Plan, layout: Layout = A4) -> bytes:
    """Draw a plan as a PDF and return its bytes."""
    plan = printable_plan(plan, coverage(layout))
    styles = make_styles(layout)
    width = layout.page_width - layout.margin_left - layout.margin_right
    text = PageText(
        header_left=f"Back care: {plan.profile_name}",
        header_right=plan.patient or long_date(plan),
        footer=plan.disclaimer,
    )
    out = io.BytesIO()
    doc = make_doc(out, layout, styles, text, title=plan.title,
                   subject=f"Back-care exercises: {plan.profile_name}")
    story: list[Flowable] = cover(plan, styles, width)
    story.append(PageBreak())
    story.append(Paragraph("Your exercises", styles.title))
    for i, exercise in enumerate(plan.exercises, start=1):
        story.append(exercise_card(i, exercise, styles, width))
    story += [NextPageTemplate("danger"), PageBreak(), *warnings_pages(plan, styles, width)]
    story += [NextPageTemplate("diary"), PageBreak(), *tracking_sheet(plan, styles, layout, width)]
    canvas = partial(DeferredCanvas, number_font=(layout.font, layout.small_size))
    doc.build(story, canvasmaker=canvas)
    return out.getvalue()
