"""The personal parts of a handout: clinic details, screening notes, clinician's notes, stages."""

from __future__ import annotations

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, KeepTogether, Spacer

from ..errors import BackhandoutError
from ..i18n import ENGLISH, Language
from ..layouts import MM
from ..model import Clinic, Plan
from .styles import Styles, bullets, para, plain, table, tinted_box
from .tags import Node, Tagged

LOGO_BOX = (45 * MM, 20 * MM)  # the largest a logo is drawn: width, height


def literal(value: str) -> str:
    """Escape text for a Paragraph and keep its line breaks."""
    return "<br/>".join(plain(line) for line in value.splitlines())


def clinic_line(clinic: Clinic | None, words: Language = ENGLISH) -> str:
    """'Riverside Physiotherapy · Phone 0161 496 0000' for the foot of every page."""
    return words.ui("CLINIC_FOOTER", name=clinic.name, phone=clinic.phone) if clinic else ""


def logo(clinic: Clinic) -> Flowable:
    """The clinic's logo, scaled to fit LOGO_BOX without stretching.

    The image is read and checked again (clinic.logo_bytes: a bounded, regular
    PNG or JPEG file) and handed to ReportLab as bytes, so the PDF names it by
    its content, not by its path.
    """
    import io

    from ..clinic import logo_bytes

    try:
        data = logo_bytes(clinic.logo)
        width, height = ImageReader(io.BytesIO(data)).getSize()
    except Exception:  # ReportLab raises many kinds for a bad image
        raise BackhandoutError("cannot read the logo image", file=clinic.file,
                               field="logo") from None
    scale = min(LOGO_BOX[0] / width, LOGO_BOX[1] / height)
    return Image(io.BytesIO(data), width * scale, height * scale, hAlign="LEFT")


def clinic_block(clinic: Clinic, styles: Styles, width: float,
                 words: Language = ENGLISH) -> Flowable:
    """Logo (if any) beside the clinic's name, address, phone and website."""
    lines = [f"<b>{plain(clinic.name)}</b>"]
    if clinic.address:
        lines.append(literal(clinic.address))
    lines.append(plain(words.ui("CLINIC_PHONE", phone=clinic.phone)))
    if clinic.website:
        lines.append(plain(clinic.website))
    details = para("P", "<br/>".join(lines), styles.table)
    padding = [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
               ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]
    if not clinic.logo:
        return table([[details]], [width], styles, padding)
    gap = LOGO_BOX[0] + 6 * MM
    return table([[logo(clinic), details]], [gap, width - gap], styles, padding)


def _box(title: str, parts: list[Flowable], styles: Styles, width: float) -> Flowable:
    """A tinted box with a title, for the personal parts of the first page."""
    head = [para("H2", plain(title), styles.card_title), Spacer(1, styles.body.fontSize * 0.3)]
    return Tagged(Node("Div"), tinted_box(head + parts, width, styles, edge=styles.accent,
                                          fill=styles.accent_light, weight=2, top=6, bottom=4))


def safety_box(plan: Plan, styles: Styles, width: float) -> Flowable | None:
    """What the screening changed, the flags' cautions, and the 'ask first' lines (or that
    the clinician has checked them): 'Made for you', or 'Before you start' when the
    handout was not screened. None when there is nothing to say."""
    ui = plan.words.ui
    asks = (*plan.ask_first, *([plan.checked] if plan.checked else []))
    if not (plan.changes or plan.cautions or asks):
        return None
    parts: list[Flowable] = []
    changed = (*(c.text for c in plan.changes), *plan.cautions)
    if changed:
        parts += [para("P", plain(ui("SAFETY_INTRO")), styles.body), *bullets(changed, styles)]
    if asks and changed:
        parts.append(para("P", f"<b>{plain(ui('ASK_FIRST_HEADING'))}</b>", styles.body))
    parts += bullets(asks, styles)
    return _box(ui("SAFETY_HEADING" if changed else "ASK_FIRST_HEADING"), parts, styles, width)


def notes_box(plan: Plan, styles: Styles, width: float) -> Flowable | None:
    """The clinician's free note, printed exactly as written, or None."""
    if not plan.notes:
        return None
    return _box(plan.words.ui("NOTES_HEADING"), [para("P", literal(plan.notes), styles.body)],
                styles, width)


def stage_lines(plan: Plan) -> tuple[str, ...]:
    """The stages in plain words; () for a single stage (the cards of a later stage say
    to start them once the others feel easy)."""
    if len(plan.stages) < 2:
        return ()
    return tuple(stage.text for stage in plan.stages)


def start_week(week: int, words: Language = ENGLISH) -> str:
    """'Week 3', for the plan at a glance."""
    return words.ui("WEEK", week=week)


class EitherOrder(Flowable):
    """`block` (kept together) then `filler`; `filler` first when `block` does not fit the space left.

    Keeps a tall block that must not split (the plan at a glance) from leaving
    a blank gap: text that may flow fills the page first instead.
    """

    def __init__(self, block: list[Flowable], filler: list[Flowable]) -> None:
        super().__init__()
        self.block, self.filler = block, filler

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return available_width, available_height + 1  # never drawn itself: always split

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        height = sum(f.wrapOn(self.canv, available_width, available_height)[1]
                     + f.getSpaceBefore() + f.getSpaceAfter() for f in self.block)
        block = KeepTogether(self.block)
        order = [block, *self.filler] if height <= available_height else [*self.filler, block]
        return [Spacer(0, 0), *order]  # an empty first part always fits
