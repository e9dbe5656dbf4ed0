"""Urgent help, in two levels, with the numbers that are right for the patient's region.

Pure: builds the texts the warnings page and the first page print. With no
region and no numbers from the clinic file, the boxes get labelled blank lines
to write the numbers in: never a guess.
"""

from __future__ import annotations

from .i18n import Language
from .model import Catalogue, Region, Request, Urgent


def region_of(catalogue: Catalogue, request: Request) -> Region | None:
    """The request's region, else its clinic's, else none."""
    code = request.region or (request.clinic.region if request.clinic else None)
    return catalogue.regions.get(code) if code else None


def urgent_help(catalogue: Catalogue, request: Request, words: Language,
                pregnant: bool) -> tuple[Urgent, Urgent, Urgent | None]:
    """The emergency box, the same-day box and, in pregnancy, the midwife box."""
    warnings, clinic = catalogue.warnings, request.clinic
    region = region_of(catalogue, request)
    ui = words.ui
    place = ui(f"PLACE_{region.place.upper()}" if region else "PLACE_ANY")
    number = (clinic.emergency_number if clinic and clinic.emergency_number else None) or \
        (words.or_list(region.emergency) if region else None)
    emergency = Urgent(
        action=ui("URGENT_EMERGENCY", place=place, number=number) if number
        else ui("URGENT_EMERGENCY_BLANK", place=place),
        intro=ui("EMERGENCY_INTRO"),
        signs=warnings.emergency,
        after=warnings.emergency_travel,
        blanks=() if number else (ui("BLANK_EMERGENCY"),),
    )
    line = (clinic.urgent_number if clinic and clinic.urgent_number else None) or \
        (region.urgent if region else None)
    blanks = []
    if not clinic:
        blanks.append(ui("BLANK_CLINIC"))
    if not line and not region:
        blanks.append(ui("BLANK_URGENT"))
    same_day = Urgent(
        action=ui("URGENT_TODAY_LINE", line=line) if line else ui("URGENT_TODAY"),
        intro=ui("SAME_DAY_INTRO"),
        signs=warnings.same_day,
        blanks=tuple(blanks),
        phone=ui("URGENT_CLINIC", name=clinic.name, phone=clinic.phone) if clinic else None,
    )
    midwife = Urgent(action=ui("URGENT_PREGNANCY"), intro=ui("PREGNANCY_INTRO"),
                     signs=warnings.pregnancy_stop) if pregnant else None
    return emergency, same_day, midwife
