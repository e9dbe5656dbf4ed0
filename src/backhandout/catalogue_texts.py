"""Every patient text in a catalogue, with where it lives.

One walk over the catalogue serves three jobs: listing the texts (to grade
them and to write the translation template), and translating them (the same
catalogue with every text in another language).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import schema as s
from .i18n import Language
from .model import Catalogue, Exercise, Flag, Profile, Tip, Unscreened, Warnings

WARNING_LISTS = ("how_to_use", "general_rules", "avoid_while_painful", "emergency",
                 "emergency_travel", "same_day", "see_doctor", "pregnancy_stop", "pregnancy_care")
FLAG_TEXTS = ("label", "explanation", "ask_first", "caution")  # ask_first, caution: optional


@dataclass(frozen=True)
class Source:
    """Where one text lives: the file as shown, its place in the catalogue, the field."""

    file: str  # as the user sees it: catalogue/exercises/glute-bridge.yaml
    key: str  # inside the catalogue: exercises/glute-bridge.yaml
    field: str  # steps[2]

    @property
    def context(self) -> str:
        """The translation context: 'exercises/glute-bridge.yaml steps[2]'."""
        return f"{self.key} {self.field}"


Visit = Callable[[Source, str], str]


def _in(kind: str, file: str) -> Callable[[str], Source]:
    return lambda field: Source(file, f"{kind}/{Path(file).name}" if kind else Path(file).name,
                                field)


def _many(at: Callable[[str], Source], name: str, items: tuple[str, ...],
          visit: Visit) -> tuple[str, ...]:
    return tuple(visit(at(f"{name}[{i}]"), text) for i, text in enumerate(items))


def _exercise(e: Exercise, visit: Visit) -> Exercise:
    at = _in("exercises", e.file)
    versions = {way: replace(v, text=visit(at(f"{way}.text"), v.text))
                for way in ("easier", "harder") if (v := e.version(way))}
    return replace(e, name=visit(at("name"), e.name), purpose=visit(at("purpose"), e.purpose),
                   steps=_many(at, "steps", e.steps, visit),
                   cautions=_many(at, "cautions", e.cautions, visit), **versions,
                   alt=tuple((step, visit(at(f"alt.{step}"), text)) for step, text in e.alt))


def _tips(at: Callable[[str], Source], name: str, tips: tuple[Tip, ...],
          visit: Visit) -> tuple[Tip, ...]:
    return tuple(
        replace(tip, title=visit(at(f"{name}[{i}].title"), tip.title),
                lines=_many(at, f"{name}[{i}].lines", tip.lines, visit))
        for i, tip in enumerate(tips)
    )


def _profile(p: Profile, visit: Visit) -> Profile:
    at = _in("profiles", p.file)
    return replace(p, name=visit(at("name"), p.name), title=visit(at("title"), p.title),
                   explanation=_many(at, "explanation", p.explanation, visit),
                   tips=_tips(at, "tips", p.tips, visit),
                   warnings=_many(at, "warnings", p.warnings, visit))


def _warnings(w: Warnings, file: str, visit: Visit) -> Warnings:
    at = _in("", file)
    lists = {name: _many(at, name, getattr(w, name), visit) for name in WARNING_LISTS}
    guide = {colour: visit(at(f"pain_guide.{colour}"), getattr(w.pain_guide, colour))
             for colour in ("green", "amber", "red")}
    return replace(w, disclaimer=visit(at("disclaimer"), w.disclaimer), **lists,
                   pain_guide=replace(w.pain_guide, **guide),
                   self_care=_tips(at, "self_care", w.self_care, visit))


def _flag(i: int, flag: Flag, file: str, visit: Visit) -> Flag:
    at = _in("", file)
    texts: dict[str, Any] = {name: visit(at(f"flags[{i}].{name}"), getattr(flag, name))
                             for name in FLAG_TEXTS if getattr(flag, name)}
    return replace(flag, **texts)


def _question(i: int, question: Unscreened, file: str, visit: Visit) -> Unscreened:
    return replace(question, text=visit(_in("", file)(f"unscreened[{i}].text"), question.text))


def walk(catalogue: Catalogue, visit: Visit) -> Catalogue:
    """Call visit on every patient text; return the catalogue holding what it returned.

    Order: warnings.yaml, flags.yaml, profiles, exercises (each by file name).
    """
    root = Path(catalogue.root)
    warnings_file = s.shown_path(root / "warnings.yaml")
    flags_file = s.shown_path(root / "flags.yaml")
    warnings = _warnings(catalogue.warnings, warnings_file, visit)
    flags = {f.id: _flag(i, f, flags_file, visit) for i, f in enumerate(catalogue.flags.values())}
    unscreened = tuple(_question(i, q, flags_file, visit)
                       for i, q in enumerate(catalogue.unscreened))
    profiles = {p.id: _profile(p, visit)
                for p in sorted(catalogue.profiles.values(), key=lambda p: p.file)}
    exercises = {e.id: _exercise(e, visit)
                 for e in sorted(catalogue.exercises.values(), key=lambda e: e.file)}
    return replace(
        catalogue,
        exercises={i: exercises[i] for i in catalogue.exercises},
        profiles={i: profiles[i] for i in catalogue.profiles},
        warnings=warnings,
        flags=flags,
        unscreened=unscreened,
    )


def catalogue_texts(catalogue: Catalogue) -> dict[str, tuple[Source, str]]:
    """Every patient text once, by its context, in walk order."""
    found: dict[str, tuple[Source, str]] = {}

    def collect(source: Source, text: str) -> str:
        found.setdefault(source.context, (source, text))
        return text

    walk(catalogue, collect)
    return found


def localize(catalogue: Catalogue, language: Language) -> Catalogue:
    """The catalogue with every patient text in a language (English: as it is)."""
    if language.is_english:
        return catalogue
    return walk(catalogue, lambda source, text: language.text(source.context, text))
