"""`backhandout check`: is the catalogue sound, and can patients read it?

Loading the catalogue already checks every file strictly. On top of that the
check plans every profile, reads any layout files, and grades the reading
level of every patient-facing text (see readability.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BackhandoutError
from .layouts import layouts_dir, load_layout
from .model import Catalogue, Request
from .planner import make_plan
from .readability import MIN_WORDS, Graded, grade_all
from .schema import shown_path


@dataclass
class Report:
    """What `check` prints: report lines, and one line per problem."""

    lines: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _plans(catalogue: Catalogue, report: Report) -> None:
    for profile in sorted(catalogue.profiles):
        try:
            make_plan(catalogue, Request(profile=profile))
        except BackhandoutError as exc:
            report.errors.append(f"{profile}: {exc}")
    report.lines.append(f"Plans: {len(catalogue.profiles)} profiles checked.")


def _layouts(report: Report) -> None:
    """Load every layout file in the layouts folder, inheritance and fonts included."""
    folder = layouts_dir()
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        report.errors.append(f"{shown_path(folder)}: no layout files (*.yaml) found")
        return
    for path in files:
        try:
            load_layout(str(path))
        except BackhandoutError as exc:
            report.errors.append(str(exc))
    report.lines.append(f"Layouts: {len(files)} files checked in {shown_path(folder)}.")


def _by_file(graded: Iterable[Graded]) -> dict[str, list[Graded]]:
    files: dict[str, list[Graded]] = {}
    for item in graded:
        files.setdefault(item.file, []).append(item)
    return files


def _reading(catalogue: Catalogue, max_grade: float, every_text: bool, report: Report) -> None:
    graded = grade_all(catalogue)
    scored = [g for g in graded if g.grade is not None]
    report.lines.append(f"Reading grade (Flesch-Kincaid, texts of {MIN_WORDS} or more words, "
                        f"at most {max_grade:g}):")
    for file, items in _by_file(graded).items():
        if every_text:
            for g in items:
                shown = f"{g.grade:5.1f}" if g.grade is not None else "    -"
                report.lines.append(f"{shown}  {g.file}:{g.line}  {g.field}: {g.text}")
            continue
        hardest = max((g for g in items if g.grade is not None), key=lambda g: g.grade or 0,
                      default=None)
        if hardest is not None:
            report.lines.append(f"{hardest.grade:5.1f}  {file}  ({len(items)} texts; "
                                f"hardest: {hardest.field})")
    top = max(scored, key=lambda g: g.grade or 0)
    report.lines.append(
        f"Checked {len(scored)} texts ({len(graded) - len(scored)} too short to grade). "
        f"Highest grade {top.grade:.1f}: {top.file}:{top.line} {top.field}."
    )
    for g in scored:
        if g.grade is not None and g.grade > max_grade:
            report.errors.append(f"{g.file}:{g.line}: {g.field}: reading grade {g.grade:.1f} "
                                 f"is above {max_grade:g}: {g.text}")


def run_checks(catalogue: Catalogue, *, max_grade: float, every_text: bool = False) -> Report:
    """Plan every profile, read the layouts, grade every patient text."""
    report = Report()
    name = shown_path(Path(catalogue.root))
    report.lines.append(f"Catalogue: {name}: {len(catalogue.exercises)} exercises, "
                        f"{len(catalogue.profiles)} profiles, {len(catalogue.flags)} flags: read.")
    _plans(catalogue, report)
    _layouts(report)
    _reading(catalogue, max_grade, every_text, report)
    return report
