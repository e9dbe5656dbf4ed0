"""Make text printable with the layout's fonts, in one place before it reaches ReportLab.

The rule (documented in the README):

- line breaks stay (a clinician's note keeps its lines; elsewhere a line
  break prints as a space); tabs and other spacing characters become a
  plain space;
- invisible control and format characters (e.g. the right-to-left mark
  U+200F, zero-width joiners, soft hyphens) are dropped;
- any other character the fonts have no glyph for (emoji, most non-Latin
  scripts) becomes a question mark '?'.

Everything else prints exactly as given. Text is NFC-normalised first, so
'e' + combining acute prints as 'é'.
"""

from __future__ import annotations

import unicodedata
from dataclasses import fields, is_dataclass, replace
from functools import lru_cache
from typing import Any, TypeVar

from reportlab.pdfbase import pdfmetrics

from ..layouts import Layout
from .styles import register_family

REPLACEMENT = "?"
_INVISIBLE = ("Cc", "Cf")
_NOT_CHARACTERS = ("Cn", "Co", "Cs")

T = TypeVar("T")


@lru_cache(maxsize=None)
def _font_chars(name: str) -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)


@lru_cache(maxsize=16)
def coverage(layout: Layout) -> frozenset[int]:
    """The code points every face of the layout's font family can draw (one set per layout)."""
    register_family(layout)
    faces = (layout.font, layout.font_bold, layout.font_italic, layout.font_bold_italic)
    return frozenset.intersection(*(_font_chars(face) for face in faces))


@lru_cache(maxsize=2048)
def printable(text: str, chars: frozenset[int]) -> str:
    """Text as it will print: see the module docstring for the rule."""
    if text.isascii() and text.isprintable():
        return text  # the common case: every font has printable ASCII
    out = []
    for ch in unicodedata.normalize("NFC", text):
        category = unicodedata.category(ch)
        if ch == "\n":
            out.append(ch)
        elif category in _INVISIBLE:
            if ch.isspace():
                out.append(" ")
        elif ord(ch) in chars and category not in _NOT_CHARACTERS:
            out.append(ch)
        else:
            out.append(" " if ch.isspace() else REPLACEMENT)
    return "".join(out)


def printable_plan(value: T, chars: frozenset[int]) -> T:
    """Apply printable() to every string in a plan (dataclasses and tuples, recursively)."""
    return _clean(value, chars)


def _clean(value: Any, chars: frozenset[int]) -> Any:
    if isinstance(value, str):
        return printable(value, chars)
    if isinstance(value, tuple):
        return tuple(_clean(item, chars) for item in value)
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: _clean(getattr(value, f.name), chars)
                                 for f in fields(value) if f.init})
    return value
