"""Reading level: the Flesch-Kincaid grade of every text a patient reads.

Texts come from the catalogue (exercises, profiles, warnings, flags) and
from texts.py (the fixed sentences the handout prints). Each text is graded
on its own, as the patient meets it: one step, one caution, one line. A text
of fewer than MIN_WORDS words (a name, a heading, a label) is listed but not
graded: the formula means little for a few words, and "Osteoporosis" alone
would score as a college text. textstat is imported only here, and only when
a grade is asked for, so other commands do not pay for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import yaml

from . import schema as s
from . import texts
from .model import Catalogue
from .planner import resolve

MIN_WORDS = 4
DEFAULT_MAX_GRADE = 6.0
_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


@dataclass(frozen=True, kw_only=True)
class Graded:
    """One patient-facing text, where it lives, and its grade (None: too short to grade)."""

    file: str
    line: int | None
    field: str
    text: str
    grade: float | None


def words(text: str) -> int:
    """How many words a text has."""
    return len(re.findall(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*", text))


def grade(text: str) -> float:
    """The Flesch-Kincaid grade of a text (US school grade)."""
    return _textstat().flesch_kincaid_grade(text)


@lru_cache(maxsize=1)
def _textstat() -> Any:
    import textstat  # slow to import: only the check command needs it

    textstat.set_lang("en_US")
    return textstat


def _catalogue_texts(catalogue: Catalogue) -> Iterator[tuple[str, str, str]]:
    """(file, field, text) for every patient-facing text in the catalogue."""
    for e in sorted(catalogue.exercises.values(), key=lambda e: e.file):
        yield e.file, "name", e.name
        yield e.file, "purpose", e.purpose
        yield from ((e.file, f"steps[{i}]", t) for i, t in enumerate(e.steps))
        yield from ((e.file, f"cautions[{i}]", t) for i, t in enumerate(e.cautions))
        flag_cautions = {f.caution for f in catalogue.flags.values()}
        yield from ((e.file, f"screening.{r.flag}.caution", r.caution) for r in e.screening
                    if r.caution and r.caution not in flag_cautions)
    for p in sorted(catalogue.profiles.values(), key=lambda p: p.file):
        yield p.file, "name", p.name
        yield p.file, "title", p.title
        yield from ((p.file, f"explanation[{i}]", t) for i, t in enumerate(p.explanation))
        for i, tip in enumerate(p.tips):
            yield p.file, f"tips[{i}].title", tip.title
            yield from ((p.file, f"tips[{i}].lines[{j}]", t) for j, t in enumerate(tip.lines))
        yield from ((p.file, f"warnings[{i}]", t) for i, t in enumerate(p.warnings))
    w, file = catalogue.warnings, s.shown_path(Path(catalogue.root) / "warnings.yaml")
    yield file, "disclaimer", w.disclaimer
    for name in ("how_to_use", "general_rules", "avoid_while_painful", "see_doctor", "emergency"):
        yield from ((file, f"{name}[{i}]", t) for i, t in enumerate(getattr(w, name)))
    for colour in ("green", "amber", "red"):
        yield file, f"pain_guide.{colour}", getattr(w.pain_guide, colour)
    file = s.shown_path(Path(catalogue.root) / "flags.yaml")
    for i, flag in enumerate(catalogue.flags.values()):
        for name in ("label", "explanation", "ask_first", "caution"):
            yield file, f"flags[{i}].{name}", getattr(flag, name)


def _fixed_texts() -> Iterator[tuple[str, str, str]]:
    file = s.shown_path(Path(texts.__file__))
    for name, text in texts.all_texts().items():
        yield file, name, text


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


def grade_all(catalogue: Catalogue) -> list[Graded]:
    """Every patient-facing text with its grade, in file order."""
    graded = []
    for file, field, text in (*_catalogue_texts(catalogue), *_fixed_texts()):
        shown = resolve(text, None)  # side markers read as the handout prints them
        graded.append(Graded(file=file, line=line_of(file, field), field=field, text=shown,
                             grade=grade(shown) if words(shown) >= MIN_WORDS else None))
    return graded
