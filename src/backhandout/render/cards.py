"""One exercise card: title, dose, numbered steps, cautions. Never split."""

from __future__ import annotations

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


def _steps(exercise: PlannedExercise, styles: Styles, width: float) -> Flowable:
    number_width = styles.body.fontSize * 2
    rows = [
        [Paragraph(f"{i}.", styles.step_number), Paragraph(plain(step), styles.table)]
        for i, step in enumerate(exercise.steps, start=1)
    ]
    return table(
        rows,
        [number_width, width - number_width],
        styles,
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), styles.body.fontSize * 0.35),
        ],
    )


def exercise_card(
    number: int,
    exercise: PlannedExercise,
    styles: Styles,
    width: float,
    figure: Flowable | None = None,
) -> Flowable:
    """A bordered card for one exercise, kept whole on one page."""
    pad = styles.body.fontSize * 0.8
    inner = width - 2 * pad
    parts: list[Flowable] = [
        Anchor(exercise.id),
        Paragraph(f"{number}. {plain(exercise.name)}", styles.card_title),
        Paragraph(plain(exercise.purpose), styles.body),
    ]
    if exercise.start_week > 1:
        parts.append(Paragraph(f"<b>{plain(from_week(exercise.start_week))}</b>", styles.body))
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
    parts += [dose, Spacer(1, pad * 0.6)]
    if figure is not None:
        parts += [figure, Spacer(1, pad * 0.5)]
    parts.append(_steps(exercise, styles, inner))
    needs = equipment_line(exercise.equipment)
    if needs:
        parts.append(Paragraph(f"<b>You need:</b> {plain(needs)}", styles.body))
    for caution in exercise.cautions:
        parts.append(Paragraph(f"<b>Take care:</b> {plain(caution)}", styles.body))
    card = table(
        [[parts]],
        [width],
        styles,
        [
            ("BOX", (0, 0), (-1, -1), 1.5, styles.accent),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), pad * 0.7),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.3),
        ],
    )
    return KeepTogether([card, Spacer(1, pad * 1.2)])
