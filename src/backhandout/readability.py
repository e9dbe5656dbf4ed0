"""Reading level: a reading score for every text a patient reads, per language.

Texts come from the catalogue (exercises, profiles, warnings, flags) and
from texts.py (the fixed sentences the handout prints); in another language,
from its PO file. Each text is graded on its own, as the patient meets it:
one step, one caution, one line. A text of fewer than MIN_WORDS words (a
name, a heading, a label) is listed but not graded: the formulas mean little
for a few words, and "Osteoporosis" alone would score as a college text.
Likewise a fixed text that is not a whole sentence (a heading, a dose part
such as "exercises 5 to 7") is graded inside the sentences that use it.

English: the Flesch-Kincaid grade (a US school grade; at most 6 by default).
Spanish: the Szigriszt-Pazos perspicuity on the INFLESZ scale (0-100, higher
is easier: below 40 very hard, 40-55 fairly hard, 55-65 normal, 65-80 fairly
easy, above 80 very easy). Each text must be at least 55 by default; the
whole set of texts, read as one, is reported too. textstat is imported only here, and only when a
grade is asked for, so other commands do not pay for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from . import schema as s
from . import texts
from .catalogue_texts import catalogue_texts
from .i18n import ENGLISH, Language, MissingTranslation, ui_context
from .model import Catalogue
from .planner import resolve

MIN_WORDS = 4
UI_GROUP = "ui"  # the fixed texts of a translation
DEFAULT_MAX_GRADE = 6.0
_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


@dataclass(frozen=True, kw_only=True)
class Scale:
    """A reading formula for one language."""

    name: str  # as the report names it
    what: str  # "reading grade" or "reading ease"
    textstat_lang: str
    formula: str  # the textstat function
    lower_is_easier: bool
    limit: float  # the default limit a text must not pass
    bands: tuple[tuple[float, str], ...] = ()  # (lowest score, what it means), easiest first

    def band(self, value: float) -> str:
        """What a score means on this scale ('fairly easy'), or ''."""
        return next((name for low, name in self.bands if value >= low), "")

    def too_hard(self, score: float, limit: float) -> bool:
        """True when a score is past the limit."""
        return score > limit if self.lower_is_easier else score < limit

    def limit_words(self, limit: float) -> str:
        """'at most 6' or 'at least 65'."""
        return f"{'at most' if self.lower_is_easier else 'at least'} {limit:g}"

    def failed_words(self, limit: float) -> str:
        """'is above 6' or 'is below 65'."""
        return f"is {'above' if self.lower_is_easier else 'below'} {limit:g}"


SCALES = {
    "en": Scale(name="Flesch-Kincaid", what="reading grade", textstat_lang="en_US",
                formula="flesch_kincaid_grade", lower_is_easier=True, limit=DEFAULT_MAX_GRADE),
    "es": Scale(name="Szigriszt-Pazos, INFLESZ scale", what="reading ease",
                textstat_lang="es", formula="szigriszt_pazos", lower_is_easier=False,
                limit=55.0, bands=((80, "very easy"), (65, "fairly easy"), (55, "normal"),
                                   (40, "fairly hard"), (float("-inf"), "very hard"))),
}


@dataclass(frozen=True, kw_only=True)
class Graded:
    """One patient-facing text, where it lives, and its score (None: too short to grade)."""

    file: str
    line: int | None
    field: str
    text: str
    grade: float | None
    group: str = ""  # what the report groups by: the file, or the source file of a translation


def words(text: str) -> int:
    """How many words a text has."""
    return len(re.findall(r"[^\W_]+(?:['’-][^\W_]+)*", text))


def is_sentence(text: str) -> bool:
    """True for a whole sentence (or more); False for a heading or a part of one."""
    return text.rstrip().endswith((".", "?", "!"))


def score(text: str, scale: Scale) -> float:
    """A text's score on a scale."""
    return float(getattr(_textstat(scale.textstat_lang), scale.formula)(text))


def grade(text: str) -> float:
    """The Flesch-Kincaid grade of an English text (US school grade)."""
    return score(text, SCALES["en"])


_current: dict[str, str] = {}


def _textstat(lang: str) -> Any:
    import textstat  # slow to import: only the check command needs it

    if _current.get("lang") != lang:
        textstat.set_lang(lang)
        _current["lang"] = lang
    return textstat


def _fixed_file() -> str:
    return s.shown_path(Path(texts.__file__))


def _shown(text: str, language: Language) -> str:
    """A text as the handout prints it: side markers read without --side, and an
    {exercises} marker as a sample exercise name."""
    text = text.replace("{exercises}", str(texts.SAMPLE["exercises"]))
    try:
        return resolve(text, None, language)
    except MissingTranslation:
        return text


def _english_texts(catalogue: Catalogue) -> list[tuple[str, str, str, str]]:
    """(file, field, text, group) for every English patient text."""
    found = [(src.file, src.field, text, src.file)
             for src, text in catalogue_texts(catalogue).values()]
    file = _fixed_file()
    return found + [(file, name, text, file) for name, text in ENGLISH.samples().items()]


def _translated_texts(catalogue: Catalogue, language: Language
                      ) -> list[tuple[str, str, str, str]]:
    """(file, context, text, group) for every translated text (missing ones left out)."""
    found = []
    for src, english in catalogue_texts(catalogue).values():
        try:
            found.append((src.context, language.text(src.context, english), src.key))
        except MissingTranslation:
            continue
    found += [(ui_context(name), text, UI_GROUP) for name, text in language.samples().items()]
    return [(language.file, context, text, group) for context, text, group in found]


def _node(file: str) -> yaml.Node:
    return _parsed(file, Path(file).stat().st_mtime_ns)


@lru_cache(maxsize=64)
def _parsed(file: str, _mtime: int) -> yaml.Node:
    """A YAML file's node tree, read again only when the file changes."""
    return s.load_node(Path(file), file)


def line_of(file: str, field: str) -> int | None:
    """The line a field starts on: 'tips[1].lines[0]' in a YAML file, 'NAME =' in a .py file."""
    if file.endswith(".py"):
        source = Path(file).read_text(encoding="utf-8").splitlines()
        return next((i for i, line in enumerate(source, 1) if line.startswith(f"{field} =")), None)
    node = _node(file)
    for key, index in _STEP.findall(field):
        if node is None:
            return None
        if key and isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == key), None)
        elif index and isinstance(node, yaml.SequenceNode) and int(index) < len(node.value):
            node = node.value[int(index)]
        else:
            return None
    return node.start_mark.line + 1 if node is not None else None


def grade_all(catalogue: Catalogue, language: Language = ENGLISH) -> list[Graded]:
    """Every patient text in a language with its score, in file order.

    Languages without a scale in SCALES are listed with no scores.
    """
    scale = SCALES.get(language.code)
    graded = []
    if language.is_english:
        found = [(file, line_of(file, field), field, text, group)
                 for file, field, text, group in _english_texts(catalogue)]
    else:
        found = [(file, language.entries[context].line, context, text, group)
                 for file, context, text, group in _translated_texts(catalogue, language)]
    for file, line, field, text, group in found:
        shown = _shown(text, language)
        fragment = group in (UI_GROUP, _fixed_file()) and not is_sentence(shown)
        value = score(shown, scale) if scale and words(shown) >= MIN_WORDS and not fragment \
            else None
        graded.append(Graded(file=file, line=line, field=field, text=shown, grade=value,
                             group=group))
    return graded
