"""Safe file names: a patient's name as a file-name part, and a handout's default file name."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from .layouts import DEFAULT
from .model import Request


def slug(text: str) -> str:
    """A safe file-name part: 'Ana Núñez' -> 'ana-nunez'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")


def default_output(request: Request, out_dir: Path = Path("out"), layout: str = DEFAULT,
                   part: str = "", diary: bool = False) -> Path:
    """out/<profile>[-<patient>][-<layout>][-<lang>][-<part>][-diary-weeks-N-M].pdf (no layout
    or language part for the defaults: a4, English; part: 'summary' for a summary sheet; the
    last part for a diary on its own)."""
    name = request.profile
    if request.patient and slug(request.patient):
        name += "-" + slug(request.patient)
    if layout != DEFAULT and slug(layout):
        name += "-" + slug(layout)
    if request.lang != "en":
        name += "-" + slug(request.lang)
    if part:
        name += "-" + slug(part)
    if diary:
        name += f"-diary-weeks-{request.first_week}-{request.first_week + request.weeks - 1}"
    return out_dir / f"{name}.pdf"
