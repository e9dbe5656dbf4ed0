"""An exercise's picture on its card: the row of panels, and how wide it needs to be
to stand beside the steps without being drawn smaller."""

from __future__ import annotations

from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from ..figures.model import Figure
from ..figures.scene import layout_figure
from ..i18n import Language
from ..layouts import Layout
from ..model import PlannedExercise
from .figures import PANEL_GAP, ColourKey, FigureRow, font_file, view_captions

# Beside the steps, a picture takes the narrower share of the card's width when its figure
# is drawn as big there as in the wider one (an upright body, limited by the height); else
# (a body lying or kneeling, limited by the width) the wider share, or, where the layout
# says "auto", it goes above the steps, across the card.
NARROW, WIDE = 0.5, 0.62
SAME_SIZE = 0.97  # drawn at least this share of the size: "as big"


class Picture:
    """An exercise's row of pictures, drawn at a height (`picture(height)`); `key` is the
    colour key it carries above the panels (the first card's), or None."""

    def __init__(self, exercise: PlannedExercise, layout: Layout, words: Language,
                 key: bool) -> None:
        self.exercise, self.layout = exercise, layout
        self.captions = view_captions(words)
        self.key = ColourKey(font=layout.font, text_size=label_size(layout),
                             captions=self.captions) if key else None

    def __call__(self, height: float, with_key: bool = True) -> Flowable:
        """The panels at most height tall; the key above them unless with_key is False (the
        card then shows it across its width)."""
        exercise, layout = self.exercise, self.layout
        return FigureRow(exercise.figure, mirror=exercise.mirror, labels=exercise.figure_labels,
                         height=height, font=layout.font, bold=layout.font_bold,
                         text_size=label_size(layout), captions=self.captions,
                         key=self.key if with_key else None)


def picture(exercise: PlannedExercise, layout: Layout, words: Language,
            key: bool = False) -> Picture | None:
    """The exercise's row of pictures, or None without one; with key, the colour key above
    it (the first card carries it)."""
    return Picture(exercise, layout, words, key) if exercise.figure is not None else None


def label_size(layout: Layout) -> float:
    """The size of the words in a picture (never under 12 pt)."""
    return max(12.0, layout.body_size - 1)


def beside_share(exercise: PlannedExercise, layout: Layout, inner: float) -> float:
    """The share of a card's inner width its picture takes beside the steps (0: above them),
    by the layout's card_picture: above, beside, or auto (beside when as big there)."""
    if exercise.figure is None or layout.card_picture == "above":
        return 0.0
    other = WIDE if layout.card_picture == "beside" else 1.0
    narrow, wide = (_drawn_size(exercise.figure, inner * share, layout.figure_height,
                                exercise.mirror, exercise.figure_labels, layout.font_bold,
                                label_size(layout)) for share in (NARROW, other))
    if narrow >= SAME_SIZE * wide:
        return NARROW
    return WIDE if layout.card_picture == "beside" else 0.0


@lru_cache(maxsize=512)
def _drawn_size(figure: Figure, width: float, height: float, mirror: bool,
                labels: tuple[str, ...], bold: str, text_size: float) -> float:
    """How big the bodies are drawn at this width and height (the sum of their spans); kept
    on disk too (cache.memo), as laying the figure out is most of a card's cold cost."""
    from ..cache import memo

    def size() -> float:
        panels = layout_figure(figure, width, height, mirror=mirror, side_labels=labels,
                               gap=PANEL_GAP, label_size=text_size,
                               measure=lambda text, size: stringWidth(text, bold, size))
        total = 0.0
        for panel in panels:
            xs = [x for x, _ in panel.body.values()]
            ys = [y for _, y in panel.body.values()]
            total += max(xs) - min(xs) + max(ys) - min(ys)
        return total

    return memo("sizes", (figure, width, height, mirror, labels, bold, font_file(bold), text_size),
                size)
