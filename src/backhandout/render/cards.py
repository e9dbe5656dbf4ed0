"""One exercise card: title, dose, numbered steps, cautions. Never split."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from ..model import PlannedExercise
from ..texts import CARD_FROM_WEEK
from .pages import Anchor
from .styles import Styles, plain, table

EQUIPMENT_WORDS = {
    "mat": "a mat or rug",
    "chair": "a firm chair without arms",
    "wall": "a clear wall",
    "towel": "a towel or strap",
    "pillow": "a pillow",
    "strap": "a strap or belt",
}


def equipment_line(equipment: tuple[str, ...]) -> str:
    """'a mat or rug and a pillow', or '' when nothing is needed."""
    words = [EQUIPMENT_WORDS[item] for item in equipment]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def from_week(week: int) -> str:
    """'Start this in week 3, once ...' for a later-stage card."""
    return CARD_FROM_WEEK.format(week=week)


def exercise_card(
    number: int,
    exercise: PlannedExercise,
    styles: Styles,
    width: float,
    figure: Flowable | None = None,
) -> Flowable:
    """A bordered card for one exercise, kept whole on one page.

    Each part is a table row, so a card too tall for any page (a huge layout,
    a long custom exercise) still breaks between rows instead of failing.
    """
    pad = styles.body.fontSize * 0.8
    number_width = styles.body.fontSize * 2
    inner = width - 2 * pad
    dose = table(
        [[Paragraph(f"How much: {plain(exercise.dose_line)}", styles.dose)]],
        [inner],
        styles,
        [
            ("BACKGROUND", (0, 0), (-1, -1), styles.accent_light),
            ("LEFTPADDING", (0, 0), (-1, -1), pad * 0.6),
            ("TOPPADDING", (0, 0), (-1, -1), pad * 0.4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.5),
        ],
    )
    whole: list[Any] = [
        [Anchor(exercise.id), Paragraph(f"{number}. {plain(exercise.name)}", styles.card_title)],
        Paragraph(plain(exercise.purpose), styles.body),
    ]
    if exercise.start_week > 1:
        whole.append(Paragraph(f"<b>{plain(from_week(exercise.start_week))}</b>", styles.body))
    whole.append(dose)
    if figure is not None:
        whole.append(figure)
    rows: list[list[Any]] = [[part, ""] for part in whole]
    first_step = len(rows)
    rows += [
        [Paragraph(f"{i}.", styles.step_number), Paragraph(plain(step), styles.table)]
        for i, step in enumerate(exercise.steps, start=1)
    ]
    after = len(rows)
    needs = equipment_line(exercise.equipment)
    notes = [f"<b>You need:</b> {plain(needs)}"] if needs else []
    notes += [f"<b>Take care:</b> {plain(caution)}" for caution in exercise.cautions]
    rows += [[Paragraph(note, styles.table), ""] for note in notes]
    spans = [("SPAN", (0, r), (1, r)) for r in [*range(first_step), *range(after, len(rows))]]
    gap = styles.body.fontSize * 0.35
    card = table(
        rows,
        [number_width + pad, width - number_width - pad],
        styles,
        [
            *spans,
            ("BOX", (0, 0), (-1, -1), 1.5, styles.accent),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("LEFTPADDING", (0, 0), (0, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, first_step), (0, after - 1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), gap),
            ("TOPPADDING", (0, 0), (-1, 0), pad * 0.7),
            ("BOTTOMPADDING", (0, first_step - 1), (-1, first_step - 1), pad * 0.6),
            ("BOTTOMPADDING", (0, -1), (-1, -1), pad * 0.6),
        ],
    )
    return KeepTogether([card, Spacer(1, pad * 1.2)])
