"""`backhandout check`: is the catalogue sound, and can patients read it?

Loading the catalogue already checks every file strictly. On top of that the
check plans every profile, reads any layout files, and grades the reading
level of every patient-facing text (see readability.py). With a language, it
also names every text that has no translation, plans every profile in that
language, checks that the layouts' fonts have every character the
translations use, and grades the translations.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BackhandoutError
from .i18n import ENGLISH, Language
from .layouts import Layout, layouts_dir, load_layout, parsed_font
from .model import Catalogue, Plan, Request
from .planner import make_plan
from .readability import MIN_WORDS, SCALES, Graded, grade_all, score
from .schema import shown_path
from .translations import missing


@dataclass
class Report:
    """What `check` prints: report lines, and one line per problem."""

    lines: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def plan_text(plan: Plan) -> str:
    """Every sentence a patient reads in a handout, as one text (for its reading level)."""
    lines = [*plan.explanation, *plan.how_to_use, *plan.general_rules, *plan.see_doctor,
             *plan.profile_warnings, *(c.text for c in plan.changes), *plan.cautions,
             *plan.ask_first, *plan.emergency.signs, *plan.same_day.signs,
             *(line for tip in plan.self_care for line in tip.lines),
             *(s.text for s in plan.stages if s.text)]
    for exercise in plan.exercises:
        lines += [exercise.purpose, *exercise.steps, *exercise.cautions]
    return " ".join(line if line.rstrip().endswith((".", "?", "!")) else f"{line}."
                    for line in lines)


def _plans(catalogue: Catalogue, report: Report, lang: str = "en") -> None:
    scale = SCALES.get(lang)
    scores = []
    for profile in sorted(catalogue.profiles):
        try:
            plan = make_plan(catalogue, Request(profile=profile, lang=lang))
        except BackhandoutError as exc:
            report.errors.append(f"{profile}: {exc}")
            continue
        if scale:
            scores.append(f"{profile} {score(plan_text(plan), scale):.1f}")
    language = "" if lang == "en" else f" in {lang}"
    report.lines.append(f"Plans: {len(catalogue.profiles)} profiles checked{language}.")
    if scores:
        report.lines.append(f"Each handout read as one ({scale.what}): {', '.join(scores)}.")


def _pictures(catalogue: Catalogue, report: Report) -> None:
    """Every picture has alt text that matches its panels (the translations of it are
    checked with every other text)."""
    from .alt_text import problem

    pictures = [e for e in catalogue.exercises.values() if e.figure is not None]
    for exercise in sorted(pictures, key=lambda e: e.file):
        wrong = problem(exercise)
        if wrong:
            report.errors.append(f"{exercise.file}: alt: {wrong}")
    report.lines.append(f"Pictures: {len(pictures)} checked for alt text.")


def _layouts(report: Report) -> list[Layout]:
    """Load every layout file in the layouts folder, inheritance and fonts included."""
    folder = layouts_dir()
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        report.errors.append(f"{shown_path(folder)}: no layout files (*.yaml) found")
        return []
    loaded = []
    for path in files:
        try:
            loaded.append(load_layout(str(path)))
        except BackhandoutError as exc:
            report.errors.append(str(exc))
    report.lines.append(f"Layouts: {len(files)} files checked in {shown_path(folder)}.")
    return loaded


def _translations(catalogue: Catalogue, language: Language, report: Report) -> bool:
    """One error per missing translation; True when there is none."""
    errors = missing(catalogue, language)
    report.errors += [str(error) for error in errors]
    done = len(language.entries) - len(errors)
    report.lines.append(f"Translations: {language.file}: {len(errors)} missing"
                        f"{f' ({done} texts translated)' if not errors else ''}.")
    return not errors


def _fonts(language: Language, layouts: list[Layout], report: Report) -> None:
    """Every character the translations use is in every font of every layout."""
    used = sorted({c for entry in language.entries.values() for form in entry.forms
                   for c in form if c.isprintable() and not c.isspace()})
    files = sorted({file for layout in layouts for _, file in layout.font_files})
    for file in files:
        have = parsed_font(Path(file).stem, file).face.charToGlyph
        lacking = "".join(c for c in used if ord(c) not in have)
        if lacking:
            report.errors.append(f"{shown_path(Path(file))}: the font has no "
                                 f"{', '.join(repr(c) for c in lacking)}, used in {language.file}")
    report.lines.append(f"Fonts: {len(files)} fonts checked for the {len(used)} characters "
                        f"of the {language.name} texts.")


def _by_group(graded: Iterable[Graded]) -> dict[str, list[Graded]]:
    groups: dict[str, list[Graded]] = {}
    for item in graded:
        groups.setdefault(item.group, []).append(item)
    return groups


def _reading(catalogue: Catalogue, language: Language, limit: float | None, every_text: bool,
             report: Report) -> None:
    scale = SCALES.get(language.code)
    if scale is None:
        report.lines.append(f"Reading level: no formula for {language.name}; not graded.")
        return
    limit = scale.limit if limit is None else limit
    graded = grade_all(catalogue, language)
    scored = [g for g in graded if g.grade is not None]
    report.lines.append(f"{scale.what.capitalize()} ({scale.name}, {language.name} texts of "
                        f"{MIN_WORDS} or more words, {scale.limit_words(limit)}):")

    def hardness(g: Graded) -> float:
        value = g.grade or 0.0
        return value if scale.lower_is_easier else -value

    for group, items in _by_group(graded).items():
        if every_text:
            for g in items:
                shown = f"{g.grade:5.1f}" if g.grade is not None else "    -"
                report.lines.append(f"{shown}  {g.file}:{g.line}  {g.field}: {g.text}")
            continue
        hardest = max((g for g in items if g.grade is not None), key=hardness, default=None)
        if hardest is not None:
            field = hardest.field.removeprefix(f"{group} ")
            report.lines.append(f"{hardest.grade:5.1f}  {group}  ({len(items)} texts; "
                                f"hardest: {field})")
    if not scored:
        return
    top = max(scored, key=hardness)
    word = "Highest grade" if scale.lower_is_easier else "Lowest ease"
    report.lines.append(
        f"Checked {len(scored)} texts ({len(graded) - len(scored)} too short to grade). "
        f"{word} {top.grade:.1f}: {top.file}:{top.line} {top.field}."
    )
    if scale.bands:
        whole = score(" ".join(g.text for g in scored), scale)
        report.lines.append(f"All these texts read as one: {whole:.1f} ({scale.band(whole)}).")
    for g in scored:
        if g.grade is not None and scale.too_hard(g.grade, limit):
            report.errors.append(f"{g.file}:{g.line}: {g.field}: {scale.what} {g.grade:.1f} "
                                 f"{scale.failed_words(limit)}: {g.text}")


def _wording(catalogue: Catalogue, language: Language, report: Report) -> None:
    """Preferred terms in the language; vague amounts in the English steps."""
    from .wording import term_problems, vague_amounts

    fixed = language.samples()
    problems = term_problems(catalogue, language, fixed)
    if language.is_english:
        problems += vague_amounts(catalogue)
    report.errors += problems
    report.lines.append(f"Wording ({language.name}): {len(problems)} problems "
                        "(preferred terms; steps that disagree with the dose).")


def run_checks(catalogue: Catalogue, *, max_grade: float, every_text: bool = False,
               language: Language = ENGLISH, min_ease: float | None = None) -> Report:
    """Plan every profile, read the layouts, grade every patient text; with a language,
    check its translations too."""
    report = Report()
    name = shown_path(Path(catalogue.root))
    report.lines.append(f"Catalogue: {name}: {len(catalogue.exercises)} exercises, "
                        f"{len(catalogue.profiles)} profiles, {len(catalogue.flags)} flags: read.")
    _plans(catalogue, report)
    _pictures(catalogue, report)
    layouts = _layouts(report)
    if not language.is_english and _translations(catalogue, language, report):
        _plans(catalogue, report, language.code)
    if not language.is_english:
        _fonts(language, layouts, report)
    _reading(catalogue, ENGLISH, max_grade, every_text, report)
    _wording(catalogue, ENGLISH, report)
    if not language.is_english:
        _reading(catalogue, language, min_ease, every_text, report)
        _wording(catalogue, language, report)
    return report
