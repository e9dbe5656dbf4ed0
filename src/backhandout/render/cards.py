"""One exercise card: title, dose, numbered steps, cautions. Never split."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from ..i18n import ENGLISH, Language
from ..model import PlannedExercise
from .pages import Anchor
from .styles import Styles, labelled, plain, table


def equipment_line(equipment: tuple[str, ...], words: Language = ENGLISH) -> str:
    """'a mat or rug and a pillow', or '' when nothing is needed."""
    return words.and_list(words.ui(f"EQUIPMENT_{item.upper()}") for item in equipment)


def from_week(week: int, words: Language = ENGLISH) -> str:
    """'Start this in week 3, once ...' for a later-stage card."""
    return words.ui("CARD_FROM_WEEK", week=week)


def card_gap(styles: Styles) -> float:
    """The space after a card."""
    return styles.body.fontSize * 0.96


def keep_card(card: Table, styles: Styles) -> Flowable:
    """A card kept whole on one page, with a gap after it."""
    return KeepTogether([card, Spacer(1, card_gap(styles))])


def card_table(
    number: int,
    exercise: PlannedExercise,
    styles: Styles,
    width: float,
    figure: Flowable | None = None,
    words: Language = ENGLISH,
) -> Table:
    """The card itself: a bordered table with a row per part.

    Each part is a table row, so a card too tall for any page (a huge layout,
    a long custom exercise) still breaks between rows instead of failing.
    """
    pad = styles.body.fontSize * 0.8
    number_width = styles.body.fontSize * 2
    inner = width - 2 * pad
    dose = table(
        [[Paragraph(plain(f"{words.ui('CARD_DOSE')} {exercise.dose_line}"), styles.dose)]],
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
        whole.append(Paragraph(f"<b>{plain(from_week(exercise.start_week, words))}</b>",
                               styles.body))
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
    needs = equipment_line(exercise.equipment, words)
    notes = [labelled(words.ui("CARD_NEEDS"), needs)] if needs else []
    notes += [labelled(words.ui("CARD_TAKE_CARE"), caution) for caution in exercise.cautions]
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
    return card
