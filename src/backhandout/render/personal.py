"""The personal parts of a handout: what the screening changed and what to ask first."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from .. import texts
from ..model import Plan
from .styles import Styles, plain, table


def _box(parts: list[Flowable], styles: Styles, width: float) -> Flowable:
    return table(
        [[parts]],
        [width],
        styles,
        [
            ("BOX", (0, 0), (-1, -1), 2, styles.accent),
            ("BACKGROUND", (0, 0), (-1, -1), styles.accent_light),
            ("LEFTPADDING", (0, 0), (-1, -1), 10),
            ("RIGHTPADDING", (0, 0), (-1, -1), 10),
            ("TOPPADDING", (0, 0), (-1, -1), 6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ],
    )


def _bullets(lines, styles: Styles) -> list[Flowable]:
    return [Paragraph(plain(line), styles.bullet, bulletText="•") for line in lines]


def safety_box(plan: Plan, styles: Styles, width: float) -> Flowable | None:
    """What the screening changed and the matching 'ask first' notes, or None."""
    if not (plan.changes or plan.ask_first):
        return None
    parts: list[Flowable] = [Paragraph(plain(texts.SAFETY_HEADING), styles.card_title)]
    if plan.changes:
        parts += [Paragraph(plain(texts.SAFETY_INTRO), styles.body),
                  *_bullets((c.text for c in plan.changes), styles)]
    if plan.ask_first:
        parts += [Paragraph(f"<b>{plain(texts.ASK_FIRST_HEADING)}</b>", styles.body),
                  *_bullets(plan.ask_first, styles)]
    return _box(parts, styles, width)
