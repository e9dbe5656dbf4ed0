"""Wording checks for `backhandout check`: one word for each thing, and steps that never
disagree with the dose.

- Preferred terms: catalogue/terms.yaml lists, per language, the word to use and the words
  that mean the same thing (physio, not physiotherapist or clinician); a patient text using
  one of those is named.
- Vague amounts: a step that says "a few times" or "hold for a moment" on a card whose dose
  is exact ("Hold 2 seconds – 5 times") reads two ways; the card's "How much" line says it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import schema as s
from .catalogue_texts import catalogue_texts
from .errors import CatalogueError
from .i18n import Language, MissingTranslation
from .model import Catalogue
from .readability import line_of

TERMS_FILE = "terms.yaml"
VAGUE = ("a few", "a moment", "several", "a while", "some time", "a short time", "a little while")
_VAGUE = re.compile(r"\b(" + "|".join(re.escape(v) for v in VAGUE) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class Terms:
    """One language's preferred words: banned word -> the word to use; allowed phrases."""

    instead: dict[str, str]
    allow: tuple[str, ...]

    def problems(self, text: str) -> list[str]:
        """'uses X: write Y' for each banned word in a text."""
        for phrase in self.allow:
            text = re.sub(re.escape(phrase), " ", text, flags=re.IGNORECASE)
        found = []
        for word, preferred in self.instead.items():
            if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.IGNORECASE):
                found.append(f"uses {word!r}: write {preferred!r}")
        return found


_LANGUAGE = s.mapping({
    "prefer": s.mapping_of(s.listof(s.text, 1, 30, unique=True)),
    "allow": s.optional(s.listof(s.text, 1, 30, unique=True), ()),
})


def load_terms(root: str | Path) -> dict[str, Terms]:
    """catalogue/terms.yaml: the preferred words of each language (none: no file)."""
    path = Path(root) / TERMS_FILE
    if not path.is_file():
        return {}
    shown = s.shown_path(path)
    node = s.load_node(path, shown)
    raw = s.mapping_of(_LANGUAGE)(node, s.Ctx(shown))
    return {code: Terms(instead={word: preferred for preferred, words in entry["prefer"].items()
                                 for word in words},
                        allow=tuple(entry["allow"]))
            for code, entry in raw.items()}


def term_problems(catalogue: Catalogue, language: Language,
                  fixed: dict[str, str]) -> list[str]:
    """One line per patient text that uses a word the language's terms say not to use.

    fixed: the handout's own texts in this language, by name (texts.py)."""
    try:
        terms = load_terms(catalogue.root).get(language.code)
    except CatalogueError as exc:
        return [str(exc)]
    if terms is None:
        return []
    found = []
    for source, english in catalogue_texts(catalogue).values():
        try:
            text = language.text(source.context, english)
        except MissingTranslation:
            continue  # reported as missing
        if language.is_english:
            line = line_of(source.file, source.field)
            where = f"{source.file}:{line}: {source.field}" if line else \
                f"{source.file}: {source.field}"
        else:
            where = f"{language.file}: {source.context}"
        found += [f"{where}: {problem}" for problem in terms.problems(text)]
    for name, text in fixed.items():
        where = f"src/backhandout/texts.py: {name}" if language.is_english \
            else f"{language.file}: ui {name}"
        found += [f"{where}: {problem}" for problem in terms.problems(text)]
    return found


def vague_amounts(catalogue: Catalogue) -> list[str]:
    """One line per step or caution that gives a vague amount where the dose is exact."""
    found = []
    for exercise in sorted(catalogue.exercises.values(), key=lambda e: e.id):
        dose = exercise.dose
        if not (dose.reps or dose.hold_seconds or dose.breaths or dose.minutes):
            continue
        for field, texts in (("steps", exercise.steps), ("cautions", exercise.cautions)):
            for i, text in enumerate(texts):
                match = _VAGUE.search(text)
                if match:
                    line = line_of(exercise.file, f"{field}[{i}]")
                    found.append(f"{exercise.file}:{line}: {field}[{i}]: says "
                                 f"{match.group(1)!r}, but the dose is exact: let the card's "
                                 "'How much' line say how long or how many")
    return found
