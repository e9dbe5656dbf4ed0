"""One exercise card: title, dose, picture and numbered steps, cautions, the easier and
harder versions, and a QR code for its web page. Never split."""

from __future__ import annotations

from typing import Any

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table

from ..i18n import ENGLISH, Language
from ..layouts import MM
from ..links import short_address
from ..model import PlannedExercise
from .pages import Anchor
from .styles import Styles, labelled, para, plain, table
from .tags import Node, Tagged, list_node

from .picture import Picture

QR_SIZE = 22 * MM  # with its quiet zone: modules of about 0.5 mm for a 60-character address


def equipment_line(equipment: tuple[str, ...], words: Language = ENGLISH) -> str:
    """'a mat or rug and a pillow', or '' when nothing is needed."""
    return words.and_list(words.ui(f"EQUIPMENT_{item.upper()}") for item in equipment)


def from_week(week: int, words: Language = ENGLISH) -> str:
    """'Start this in week 3, once ...' for a later-stage card."""
    return words.ui("CARD_FROM_WEEK", week=week)


def card_padding(styles: Styles) -> float:
    """The space between a card's border and what it holds."""
    return styles.body.fontSize * 0.8


def card_gap(styles: Styles) -> float:
    """The space between two cards."""
    return styles.body.fontSize * 0.8


def keep_card(card: Table, styles: Styles) -> Flowable:
    """A card kept whole on one page, with a gap above it (none at the top of a page)."""
    card.spaceBefore = card_gap(styles)
    return KeepTogether([card])


def _steps(exercise: PlannedExercise, styles: Styles, steps: Node) -> list[list[Any]]:
    """A row per step: its number and its text, as the items of the list node `steps`."""
    rows = []
    for i, step in enumerate(exercise.steps, start=1):
        item = steps.add("LI")
        rows.append([para(item.add("Lbl"), f"{i}.", styles.step_number),
                     para(item.add("LBody"), plain(step), styles.table)])
    return rows


def row_gap(styles: Styles) -> float:
    """The space under each part of a card."""
    return styles.body.fontSize * 0.25


def _column(steps: list[list[Any]], notes: list[Paragraph], styles: Styles, width: float,
            number_width: float) -> Table:
    """Numbered steps, then notes across the whole column."""
    rows = steps + [[note, ""] for note in notes]
    return table(rows, [number_width, width - number_width], styles, [
        *[("SPAN", (0, r), (1, r)) for r in range(len(steps), len(rows))],
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), row_gap(styles)),
    ])


def _beside(picture: Picture, steps: list[list[Any]], notes: list[Paragraph], styles: Styles,
            widths: tuple[float, float], number_width: float,
            height: float) -> tuple[Table, list[list[Any]], list[Paragraph]]:
    """The picture (height tall, widths[0] wide) on the left, and on its right as many steps
    as fit beside it, then the notes if they fit too. Returns that row, and the steps and
    notes left over (they go below, across the card)."""
    gap = row_gap(styles)
    column = widths[1] - 2 * gap

    def fits(right: Table) -> bool:
        return right.wrap(column, 1e6)[1] - gap <= height

    count = len(steps)
    while count > 1 and not fits(_column(steps[:count], [], styles, column, number_width)):
        count -= 1
    right = _column(steps[:count], notes, styles, column, number_width)
    if count < len(steps) or not fits(right):
        right = _column(steps[:count], [], styles, column, number_width)
    else:
        notes = []
    row = table([[picture(height), right]], list(widths), styles, [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("LEFTPADDING", (1, 0), (1, 0), gap * 2),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ])
    return row, steps[count:], notes


def version_lines(exercise: PlannedExercise, words: Language = ENGLISH) -> list[str]:
    """'Too hard? ...' and 'Too easy? ...' (or 'For now: ...' for the way this patient does it
    now) as Paragraph markup: none when the catalogue names no version."""
    lines = [labelled(words.ui("CARD_WAY"), exercise.way)] if exercise.way else []
    lines += [labelled(words.ui(label), text) for label, text in
              (("CARD_EASIER", exercise.easier), ("CARD_HARDER", exercise.harder)) if text]
    return lines


def qr_code(url: str, size: float = QR_SIZE) -> Drawing:
    """The link as a QR code (ReportLab's own widget), size points square, quiet zone inside."""
    widget = QrCodeWidget(url, barLevel="M", barWidth=size, barHeight=size,
                          barFillColor=colors.black, barStrokeColor=colors.black)
    drawing = Drawing(size, size)
    drawing.add(widget)
    return drawing


def address_markup(url: str, font: str, size: float, width: float) -> str:
    """The short address as Paragraph markup, broken after a '/' or '.' where it must wrap
    (it has no spaces to break at), so every part stays whole and easy to type."""
    text, lines, line = short_address(url), [], ""
    for part in _parts(text):
        if line and stringWidth(line + part, font, size) > width:
            lines.append(line)
            line = ""
        line += part
    lines.append(line)
    return "<br/>".join(plain(line) for line in lines)


def _parts(text: str) -> list[str]:
    parts, start = [], 0
    for i, ch in enumerate(text):
        if ch in "/.-?&=" and i + 1 < len(text):
            parts.append(text[start:i + 1])
            start = i + 1
    return parts + [text[start:]]


def _link_row(url: str, lines: list[str], styles: Styles, width: float,
              words: Language, card: Node) -> Table:
    """The QR code, and beside it the version lines, then the short address under a label
    (each a paragraph of the card)."""
    gap = styles.body.fontSize
    right = width - QR_SIZE - gap
    address = address_markup(url, styles.table_bold.fontName, styles.table_bold.fontSize, right)
    texts = [para("P", line, styles.table, card) for line in lines]
    texts += [para("P", plain(words.ui("CARD_LINK")), styles.table, card),
              para("P", address, styles.table_bold, card)]
    return table([[qr_code(url), texts]], [QR_SIZE + gap, right], styles, [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ])


def card_table(
    number: int,
    exercise: PlannedExercise,
    styles: Styles,
    width: float,
    picture: Picture | None = None,
    words: Language = ENGLISH,
    *,
    picture_height: float = 0.0,
    beside: float = 0.0,
    first_week: int = 1,
) -> Table:
    """The card itself: a bordered table with a row per part.

    The picture (picture_height tall) goes above the steps, full width, or
    with beside (a share of the width) to the left of them. With the picture
    above, each step is a table row, so a card too tall for any page (a huge
    layout, a long custom exercise) still breaks between rows instead of failing.
    """
    pad = card_padding(styles)
    number_width = styles.body.fontSize * 2
    inner = width - 2 * pad
    card = Node("Sect")  # read as: title, purpose, dose, steps, picture, what you need, care
    title = para("H2", f"{number}. {plain(exercise.name)}", styles.card_title, card)
    purpose = para("P", plain(exercise.purpose), styles.body, card)
    start = para("P", f"<b>{plain(from_week(exercise.start_week, words))}</b>", styles.body, card)
    dose = table(
        [[para("P", plain(f"{words.ui('CARD_DOSE')} {exercise.dose_line}"), styles.dose, card)]],
        [inner],
        styles,
        [
            ("BACKGROUND", (0, 0), (-1, -1), styles.accent_light),
            ("LEFTPADDING", (0, 0), (-1, -1), pad * 0.6),
            ("TOPPADDING", (0, 0), (-1, -1), pad * 0.3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.4),
        ],
    )
    whole: list[Any] = [[Anchor(exercise.id), title], purpose]
    if exercise.start_week > first_week:
        whole.append(start)
    whole.append(dose)
    steps = _steps(exercise, styles, list_node(card, numbered=True))
    drawing = Node("Figure", card, alt=exercise.picture_alt or None)
    needs = equipment_line(exercise.equipment, words)
    notes = [labelled(words.ui("CARD_NEEDS"), needs)] if needs else []
    notes += [labelled(words.ui("CARD_TAKE_CARE"), caution) for caution in exercise.cautions]
    versions = version_lines(exercise, words)
    if not exercise.video:  # with a link, they go beside its QR code
        notes += versions
    below = [para("P", note, styles.table, card) for note in notes]
    if picture is not None:
        shown, across = picture, bool(beside and picture.key)

        def picture(height: float) -> Flowable:
            return Tagged(drawing, shown(height, with_key=not across))
        if across:  # the colour key across the card, above the picture and steps beside it
            whole.append(Tagged(drawing, shown.key))
    if picture is not None and beside:
        widths = (inner * beside, inner * (1 - beside))
        row, steps, below = _beside(picture, steps, below, styles, widths, number_width,
                                    picture_height)
        whole.append(row)
    elif picture is not None:
        whole.append(picture(picture_height))
    rows: list[list[Any]] = [[part, ""] for part in whole]
    first_step = len(rows)
    rows += steps
    after = len(rows)
    rows += [[note, ""] for note in below]
    if exercise.video:
        rows.append([_link_row(exercise.video, versions, styles, inner, words, card), ""])
    spans = [("SPAN", (0, r), (1, r)) for r in [*range(first_step), *range(after, len(rows))]]
    gap = row_gap(styles)
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
            *([("RIGHTPADDING", (0, first_step), (0, after - 1), 0)] if after > first_step else []),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), gap),
            ("TOPPADDING", (0, 0), (-1, 0), pad * 0.6),
            ("BOTTOMPADDING", (0, first_step - 1), (-1, first_step - 1), pad * 0.4),
            ("BOTTOMPADDING", (0, -1), (-1, -1), pad * 0.6),
        ],
    )
    return card
