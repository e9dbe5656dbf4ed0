"""Read a filled tracking sheet back: sessions done, adherence and the pain trend.

Definitions (kept simple so a clinician can check them by hand):

- sessions: the days in a week an exercise was ticked (0 to 7);
- adherence: sessions out of the 7 days of each week counted, as a whole percent;
- weeks counted: the sheet's first week (1, or where a returning patient's next
  diary goes on from) up to the last week with anything written in it, so the
  empty weeks of a sheet brought back early do not count as missed;
- pain trend: for each score (during, next morning), the mean of the first week
  with a score against the mean of the last week with one, both rounded to one
  decimal; a change of 2 or more either way is meaningful;
- high pain: every score above 5 (the red zone of the traffic light).

A score that is not a whole number from 0 to 10 is listed as a problem and left
out of the numbers. pypdf is imported only when a file is read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
import unicodedata
from dataclasses import asdict, dataclass, fields, is_dataclass, replace
from fractions import Fraction
from pathlib import Path
from typing import Any

from .errors import BackhandoutError
from .pdfio import damaged, quiet, read_pdf_file
from .tracking_meta import MAX_FIELDS, PlanDataError, parse_plan, plan_from_names
from .tracking_fields import (
    DAYS,
    META_FIELD,
    PAIN_KINDS,
    PAIN_MAX,
    day_name,
    notes_name,
    tick_name,
)

HIGH_PAIN = 5
MAX_VALUE = 2000  # characters kept of one box's text (a notes box holds a few lines)
MEANINGFUL = 2
SCORE_WORDS = {"pain_during": "during", "pain_morning": "next morning"}
PAIN_WORDS = {kind: f"pain {words}" for kind, words in SCORE_WORDS.items()}
_SCORE = re.compile(r"\d{1,2}")


@dataclass(frozen=True, kw_only=True)
class Day:
    """What was written for one day."""

    week: int
    day: int
    number: int  # 1, 2, ... across the whole sheet
    date: str | None
    pain_during: int | None
    pain_morning: int | None
    done: tuple[str, ...]  # ids of the exercises ticked


@dataclass(frozen=True, kw_only=True)
class WeekSessions:
    """One exercise in one week."""

    week: int
    sessions: int
    percent: int
    started: bool = True  # False before the exercise's stage begins


@dataclass(frozen=True, kw_only=True)
class ExerciseAdherence:
    """One exercise over the weeks counted."""

    id: str
    name: str
    sessions: int
    days: int
    percent: int
    weeks: tuple[WeekSessions, ...]


@dataclass(frozen=True, kw_only=True)
class PainTrend:
    """First week against last week for one kind of pain score."""

    kind: str
    weekly: tuple[tuple[int, float], ...] = ()  # (week, mean score) for weeks with scores
    first_week: int | None = None
    last_week: int | None = None
    first_mean: float | None = None
    last_mean: float | None = None
    change: float | None = None
    meaningful: bool = False


@dataclass(frozen=True, kw_only=True)
class HighPain:
    """A score above 5."""

    week: int
    day: int
    kind: str
    score: int


@dataclass(frozen=True, kw_only=True)
class Problem:
    """A value that could not be used."""

    week: int
    day: int
    kind: str
    value: str
    message: str


@dataclass(frozen=True, kw_only=True)
class TrackingResult:
    """Everything read from one filled sheet."""

    file: str
    profile: str
    profile_name: str
    title: str
    patient: str | None
    date: str
    weeks: int
    weeks_counted: int
    exercises: tuple[ExerciseAdherence, ...]
    days: tuple[Day, ...]
    trends: tuple[PainTrend, ...]
    high_pain: tuple[HighPain, ...]
    problems: tuple[Problem, ...]
    notes: tuple[tuple[int, str], ...]
    warning: str = ""  # how the plan was read, when not from its field ('' if it was)
    first_week: int = 1  # the sheet's first week number

    @property
    def counted_weeks(self) -> range:
        """The numbers of the weeks counted (first_week on)."""
        return range(self.first_week, self.first_week + self.weeks_counted)


def read_tracking(path: Path, password: str | None = None) -> TrackingResult:
    """Read a filled tracking sheet; raise BackhandoutError for a file that cannot be one."""
    meta, values, warning = _read_form(Path(path), password)
    return analyse(str(path), meta, values, warning)


def _read_form(path: Path, password: str | None) -> tuple[dict[str, Any], dict[str, Any], str]:
    """The plan, the field values (name -> /V) and a warning ('' if none) of a sheet.

    The plan comes from the hidden plan field, checked as untrusted input
    (tracking_meta.parse_plan); if that is empty, missing or damaged, from the
    diary's field names, with a warning saying so.
    """
    shown = str(path)
    _, reader = read_pdf_file(path, password=password, hint="give it with --password")
    try:
        with quiet():
            found = reader.get_fields() or {}
    except Exception as exc:  # pypdf raises many kinds of error for broken files
        raise damaged(shown, exc) from None
    if len(found) > MAX_FIELDS:
        raise BackhandoutError(f"the form has {len(found)} fields, more than a diary has "
                               f"({MAX_FIELDS}): not a backhandout diary", file=shown)
    fields = {str(name): f.get("/V") for name, f in found.items()}
    raw = fields.get(META_FIELD)
    text = "" if raw is None else str(raw)
    problem = ""
    if text.strip():
        try:
            return parse_plan(text), fields, ""
        except PlanDataError as exc:
            problem = str(exc)
    rebuilt = plan_from_names(fields)
    if rebuilt is None:
        if problem:
            raise BackhandoutError(f"the tracking form's plan data is damaged ({problem}) and "
                                   "there are no diary fields to read instead", file=shown)
        if not fields:
            raise BackhandoutError("no fillable diary in this PDF (a printed, scanned or "
                                   "flattened copy has none)", file=shown)
        raise BackhandoutError("this PDF's form is not a backhandout diary (none of its "
                               "fields is a diary box)", file=shown)
    why = (f"the plan data is damaged ({problem})" if problem else
           "the plan field is empty (the form was reset?)" if META_FIELD in fields else
           "the plan field is missing")
    return rebuilt, fields, (f"{why}: read the exercises from the field names, without their "
                             "names, the patient or the handout's date")


def _text(value: Any) -> str:
    text = "" if value is None else str(value).strip()
    return text if len(text) <= MAX_VALUE else text[:MAX_VALUE].rstrip() + "…"


def _ticked(value: Any) -> bool:
    return _text(value) not in ("", "/Off", "Off")


def _percent(part: int, whole: int) -> int:
    """A whole percent, halves rounded up."""
    return (200 * part + whole) // (2 * whole) if whole else 0


def _one_decimal(value: Fraction) -> float:
    """Round half up to one decimal."""
    return math.floor(value * 10 + Fraction(1, 2)) / 10


def _score(value: Any, week: int, day: int, kind: str, problems: list[Problem]) -> int | None:
    text = _text(value)
    if not text:
        return None
    if _SCORE.fullmatch(text) and int(text) <= PAIN_MAX:
        return int(text)
    problems.append(Problem(week=week, day=day, kind=kind, value=text,
                            message=f"not a pain score from 0 to {PAIN_MAX}"))
    return None


def analyse(file: str, meta: dict[str, Any], values: dict[str, Any],
            warning: str = "") -> TrackingResult:
    """Turn the raw field values of a sheet into sessions, adherence and pain numbers."""
    first = int(meta.get("first_week", 1))
    exercises = [(e["id"], e["name"], int(e.get("start_week", first)))
                 for e in meta["exercises"]]
    weeks = int(meta["weeks"])
    problems: list[Problem] = []
    all_days = []
    for week in range(first, first + weeks):
        for day in range(1, DAYS + 1):
            scores = {k: _score(values.get(day_name(week, day, k)), week, day, k, problems)
                      for k in PAIN_KINDS}
            all_days.append(Day(
                week=week, day=day, number=(week - first) * DAYS + day,
                date=_text(values.get(day_name(week, day, "date"))) or None,
                done=tuple(ex for ex, _, _ in exercises
                           if _ticked(values.get(tick_name(week, day, ex)))),
                **scores,
            ))
    notes = tuple((w, text) for w in range(first, first + weeks)
                  if (text := _text(values.get(notes_name(w)))))
    written = {d.week for d in all_days if d.done or d.date or d.pain_during is not None
               or d.pain_morning is not None} | {w for w, _ in notes} | {p.week for p in problems}
    last = max(written, default=first - 1)
    counted = last - first + 1
    days = tuple(d for d in all_days if d.week <= last)
    return TrackingResult(
        file=file,
        profile=meta["profile"],
        profile_name=meta.get("profile_name", meta["profile"]),
        title=meta.get("title", ""),
        patient=meta.get("patient"),
        date=meta.get("date", ""),
        weeks=weeks,
        weeks_counted=counted,
        exercises=tuple(_adherence(ex, name, start, days, range(first, last + 1))
                        for ex, name, start in exercises),
        days=days,
        trends=tuple(_trend(kind, days) for kind in PAIN_KINDS),
        high_pain=tuple(
            HighPain(week=d.week, day=d.day, kind=kind, score=score)
            for d in days for kind in PAIN_KINDS
            if (score := getattr(d, kind)) is not None and score > HIGH_PAIN
        ),
        problems=tuple(problems),
        notes=notes,
        warning=warning,
        first_week=first,
    )


def _adherence(
    exercise_id: str, name: str, start: int, days: tuple[Day, ...], weeks: range
) -> ExerciseAdherence:
    """Days done per week, counting only the weeks since the exercise's stage began."""
    per_week = tuple(
        WeekSessions(week=w, sessions=(n := sum(exercise_id in d.done for d in days if d.week == w)),
                     percent=_percent(n, DAYS), started=w >= start)
        for w in weeks
    )
    total = sum(w.sessions for w in per_week if w.started)
    possible = DAYS * sum(w.started for w in per_week)
    return ExerciseAdherence(id=exercise_id, name=name, sessions=total, days=possible,
                             percent=_percent(total, possible), weeks=per_week)


def _trend(kind: str, days: tuple[Day, ...]) -> PainTrend:
    by_week: dict[int, list[int]] = {}
    for d in days:
        if (score := getattr(d, kind)) is not None:
            by_week.setdefault(d.week, []).append(score)
    weekly = tuple((w, _one_decimal(Fraction(sum(s), len(s)))) for w, s in sorted(by_week.items()))
    if len(weekly) < 2:
        return PainTrend(kind=kind, weekly=weekly)
    (first, first_mean), (last, last_mean) = weekly[0], weekly[-1]
    change = _one_decimal(Fraction(str(last_mean)) - Fraction(str(first_mean)))
    return PainTrend(kind=kind, weekly=weekly, first_week=first, last_week=last,
                     first_mean=first_mean, last_mean=last_mean, change=change,
                     meaningful=abs(change) >= MEANINGFUL)


# --- output -----------------------------------------------------------------------------


def handout_words(result: TrackingResult) -> str:
    """Which handout: 'Back care when you sit a lot (desk-worker), 21 November 2026', or
    that it is not known (a plan read from the field names)."""
    if not result.profile:
        return "not known (the sheet's plan data was not usable)"
    name = f"{result.title or result.profile_name} ({result.profile})"
    return f"{name}, {handout_date(result)}" if result.date else name


def handout_date(result: TrackingResult) -> str:
    """The handout's date as people write it (21 November 2026), or as stored."""
    try:
        day = dt.date.fromisoformat(result.date)
    except ValueError:
        return result.date
    return f"{day.day} {day:%B %Y}"


def trend_line(trend: PainTrend) -> str:
    """One sentence about a pain trend."""
    label = PAIN_WORDS[trend.kind].capitalize()
    if trend.change is None:
        return f"{label}: not enough scores for a trend (needs two weeks with scores)."
    way = "down" if trend.change < 0 else "up" if trend.change > 0 else "no change"
    size = f" {abs(trend.change):.1f}" if trend.change else ""
    verdict = "a meaningful change" if trend.meaningful else "not a meaningful change"
    if trend.meaningful:
        verdict += ", better" if trend.change < 0 else ", worse"
    return (f"{label}: week {trend.first_week} average {trend.first_mean:.1f}, "
            f"week {trend.last_week} average {trend.last_mean:.1f}: {way}{size} ({verdict}).")


def listed(items: list[str], limit: int | None = None, sep: str = ", ") -> str:
    """Items joined; past `limit`, the rest only counted."""
    if limit is None or len(items) <= limit:
        return sep.join(items)
    return sep.join(items[:limit]) + f"{sep}and {len(items) - limit} more"


def high_pain_line(result: TrackingResult, limit: int | None = None) -> str:
    """The days with a score above 5 in one line, grouped by week."""
    if not result.high_pain:
        return f"Days with pain above {HIGH_PAIN}: none."
    by_day: dict[tuple[int, int], list[str]] = {}
    for h in result.high_pain:
        by_day.setdefault((h.week, h.day), []).append(f"{SCORE_WORDS[h.kind]} {h.score}")
    weeks: dict[int, list[str]] = {}
    for (week, day), scores in by_day.items():
        weeks.setdefault(week, []).append(f"day {day} ({', '.join(scores)})")
    items = [f"week {week}: {', '.join(days)}" for week, days in weeks.items()]
    return f"Days with pain above {HIGH_PAIN} ({len(by_day)}): {listed(items, limit, '; ')}."


def problems_line(result: TrackingResult, limit: int | None = None) -> str:
    """The values that could not be used, in one line (empty when there are none)."""
    if not result.problems:
        return ""
    items = [f"week {p.week} day {p.day} {PAIN_WORDS[p.kind]} {p.value!r}" for p in result.problems]
    return f"Not understood, left out (not a score from 0 to {PAIN_MAX}): {listed(items, limit)}."


_LINE_BREAKS = re.compile("\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_HIDDEN = ("Cc", "Cf", "Cs", "Zl", "Zp")  # controls (escape sequences), bidi overrides...


def terminal_safe(text: str) -> str:
    """Text from a sheet, safe to print: line breaks become ' / ', tabs a space, and
    control and format characters (terminal escape sequences, right-to-left overrides)
    are removed."""
    text = _LINE_BREAKS.sub(" / ", text).replace("\t", " ")
    if text.isascii() and text.isprintable():
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) not in _HIDDEN)


def _each_text(value: Any, change) -> Any:
    """Every string in a result (dataclasses and tuples, recursively) changed by `change`."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, tuple):
        return tuple(_each_text(item, change) for item in value)
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: _each_text(getattr(value, f.name), change)
                                 for f in fields(value)})
    return value


def printable_result(result: TrackingResult) -> TrackingResult:
    """The result with every text made terminal_safe."""
    return _each_text(result, terminal_safe)


def numbered(result: TrackingResult) -> str:
    """' (weeks 5 to 8)' for a diary numbered on from an earlier one; '' from week 1."""
    if result.first_week == 1:
        return ""
    return f" (weeks {result.first_week} to {result.first_week + result.weeks - 1})"


def summary_text(result: TrackingResult) -> str:
    """A short plain-text summary for the terminal (every text from the sheet made safe)."""
    result = printable_result(result)
    who = f"{result.patient}, " if result.patient else ""
    lines = [
        f"{result.title or result.profile_name} ({result.profile})" if result.profile else
        "Exercise diary (the sheet's plan data was not usable: see the warning)",
        (f"{who}handout of {handout_date(result)}: " if result.date else who) +
        f"{result.weeks} weeks on the sheet{numbered(result)}, "
        f"{result.weeks_counted} filled in.",
    ]
    if not result.weeks_counted:
        return "\n".join(lines + ["Nothing has been filled in yet."])
    width = max(len(e.name) for e in result.exercises) + 4
    weeks = result.counted_weeks
    lines += ["", "Sessions done (days ticked out of 7):",
              f"{'':<{width}}" + "".join(f"{'Wk ' + str(w):>7}" for w in weeks) + f"{'All':>7}"]
    for i, e in enumerate(result.exercises, start=1):
        cells = "".join(f"{str(w.sessions) + '/7' if w.started else '-':>7}" for w in e.weeks)
        lines.append(f"{f'{i}. {e.name}':<{width}}{cells}{str(e.percent) + '%':>7}")
    lines += ["", *(trend_line(t) for t in result.trends), high_pain_line(result)]
    lines += [problems_line(result)] if result.problems else []
    lines += [f"Notes, week {w}: {text}" for w, text in result.notes]
    return "\n".join(lines)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def csv_cell(text: str) -> str:
    """A text cell a spreadsheet will not run: one that could start a formula (=, +, -, @,
    also after spaces) gets a leading apostrophe, as spreadsheets themselves write it."""
    text = terminal_safe(text)
    return "'" + text if text.lstrip(" ").startswith(FORMULA_STARTS) else text


def csv_text(result: TrackingResult) -> str:
    """One CSV row per exercise per week counted."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["exercise_id", "exercise", "week", "sessions", "days", "adherence_percent"])
    for e in result.exercises:
        for w in e.weeks:
            if w.started:
                writer.writerow([csv_cell(e.id), csv_cell(e.name), w.week, w.sessions, DAYS,
                                 w.percent])
    return out.getvalue()


def _json_char(ch: str) -> str:
    """A character as JSON may write it: as \\u escapes if a terminal could act on it."""
    if ch.isascii() or unicodedata.category(ch) not in _HIDDEN:
        return ch
    units = ch.encode("utf-16-be")
    return "".join(f"\\u{int.from_bytes(units[i:i + 2], 'big'):04x}" for i in range(0, len(units), 2))


def json_text(result: TrackingResult) -> str:
    """The whole result as JSON, exactly as read; characters a terminal could act on
    (C1 controls, format characters) are written as \\u escapes (JSON escapes the rest)."""
    text = json.dumps(asdict(result), indent=2, ensure_ascii=False)
    return text if text.isascii() else "".join(_json_char(ch) for ch in text)
