"""Read a patient roster (CSV or YAML) into one Request per row, or a row error.

Rows are numbered as a person sees them: in a CSV file the header is row 1
and the first patient is row 2 (as in a spreadsheet); in a YAML file the
first entry of the list is row 1, and its line is given too.

Every column has one line in COLUMNS: where its value goes and how it is
read. A column without a parser (a feature not in this version) is accepted
in the header, and a row that fills it in gets a clear row error.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import yaml

from . import inputs
from .errors import BackhandoutError, RequestError, internal_error
from .model import Catalogue, Clinic, Request
from .request import check_request, parse, review_after
from .schema import compose, scalar

if TYPE_CHECKING:
    from .layouts import Layout

MAX_CELL = 10_000  # characters in one cell (a note to the patient is at most 5,000)


class RosterError(BackhandoutError):
    """The roster file as a whole cannot be read (one line, exit 1)."""


class CellError(ValueError):
    """One cell is wrong; the message says why, without the row number."""


Parser = Callable[[str, Catalogue], Any]


@dataclass(frozen=True)
class Column:
    """Where a column's value goes (a Request field, or 'output' / 'password') and how to read it."""

    key: str
    parse: Parser | None = None  # None: the feature is not in this version yet


def _text(value: str, catalogue: Catalogue) -> str | None:
    return value or None


def _rule(field: str) -> Parser:
    """A cell read by the request's own rule (request.parse), with its wording."""
    def read(value: str, catalogue: Catalogue) -> Any:
        try:
            return parse(field, value)
        except RequestError as exc:
            raise CellError(str(exc)) from None
    return read


def _review_in(value: str, catalogue: Catalogue) -> dt.timedelta:
    try:
        return review_after(value)
    except RequestError as exc:
        raise CellError(str(exc)) from None


def _clinic(value: str, catalogue: Catalogue) -> Clinic:
    from .clinic import load_clinic

    try:
        return load_clinic(Path(value))
    except BackhandoutError as exc:
        raise CellError(f"clinic: {exc}") from None


def _programme(value: str, catalogue: Catalogue) -> Any:
    from .programme import read_programme

    try:
        return read_programme(Path(value), catalogue)
    except BackhandoutError as exc:
        raise CellError(f"programme: {exc}") from None


def _layout(value: str, catalogue: Catalogue) -> Layout:
    from .layouts import available, choices, load_layout

    if not value.endswith((".yaml", ".yml")) and value not in available():
        raise CellError(f"unknown layout {value!r} (choose from: {choices()})")
    try:
        return load_layout(value)
    except BackhandoutError as exc:
        raise CellError(f"layout: {exc}") from None


COLUMNS: dict[str, Column] = {
    "name": Column("patient", _text),
    "profile": Column("profile", _text),
    "side": Column("side", _rule("side")),
    "weeks": Column("weeks", _rule("weeks")),
    "date": Column("date", _rule("date")),
    "output": Column("output", _text),
    "password": Column("password", _text),
    "flags": Column("flags", _rule("flags")),
    "age": Column("age", _rule("age")),
    "pregnancy_weeks": Column("pregnancy_weeks", _rule("pregnancy_weeks")),
    "checked": Column("checked", _rule("checked")),
    "prefer": Column("prefer", _rule("prefer")),
    "region": Column("region", _text),
    "review": Column("review", _rule("review")),
    "review_in": Column("review_in", _review_in),
    "clinic": Column("clinic", _clinic),
    "layout": Column("layout", _layout),
    "lang": Column("lang", _text),
    "notes": Column("notes", _text),
    "add": Column("add", _rule("add")),
    "drop": Column("drop", _rule("drop")),
    "only": Column("only", _rule("only")),
    "dose": Column("doses", _rule("doses")),
    "max_exercises": Column("max_exercises", _rule("max_exercises")),
    "allow_outside_range": Column("allow_outside_range", _rule("allow_outside_range")),
    "programme": Column("programme", _programme),
}
REQUIRED = ("profile",)  # or a programme, which holds the profile
KEPT_WITH_PROGRAMME = ("output", "password")  # the columns a programme row may also fill
_REQUEST_FIELDS = {f.name for f in fields(Request)}


@dataclass(frozen=True)
class Row:
    """One roster row: a request to build, or the reason it cannot be built."""

    number: int
    label: str  # 'row 5', or 'row 3 (line 12)' in a YAML roster
    request: Request | None = None
    output: str | None = None
    password: str | None = None
    error: str | None = None
    layout: Layout | None = None  # None: the batch's --layout
    notes: tuple[str, ...] = ()  # for the clinician: what changed since a programme, ...


@dataclass(frozen=True)
class RawRow:
    """A row as read from the file: column -> text, before checking."""

    number: int
    label: str
    cells: dict[str, str]
    error: str | None = None


def _known() -> str:
    return ", ".join(COLUMNS)


def _column_name(name: object) -> str:
    """A header as a column name: any case, '-' or ' ' for '_' (pregnancy-weeks)."""
    return re.sub(r"[\s-]+", "_", str(name).strip().lower())


def _unknown(name: str, position: int) -> str:
    """The error for an unknown column; its name is quoted only when it looks like one."""
    shown = repr(name) if re.fullmatch(r"[\w .-]{1,40}", name) else str(position)
    return f"unknown column {shown} (valid columns: {_known()})"


def _too_long(cells: dict[str, str]) -> str | None:
    """The row error for a cell longer than MAX_CELL, or None."""
    for name, value in cells.items():
        if len(value) > MAX_CELL:
            return f"{name}: the cell is {len(value):,} characters long (at most {MAX_CELL:,})"
    return None


def _decode(data: bytes, shown: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RosterError("not UTF-8 text (save the roster as 'CSV UTF-8')",
                          file=shown, line=line) from None


@contextmanager
def _cells_up_to(limit: int) -> Iterator[None]:
    """Let the csv module read cells of any length up to limit (its setting is process-wide,
    so it is put back after): a long cell is then one row's error, not the file's."""
    old = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def read_csv(data: bytes, shown: str) -> list[RawRow]:
    """CSV bytes -> raw rows; the header names the columns."""
    reader = csv.reader(io.StringIO(_decode(data, shown), newline=""))
    try:
        with _cells_up_to(max(len(data), MAX_CELL) + 1):
            records = list(reader)
    except csv.Error as exc:
        raise RosterError(f"not a readable CSV file ({exc})", file=shown,
                          line=reader.line_num or None) from None
    header_at = next((i for i, record in enumerate(records) if any(c.strip() for c in record)), None)
    if header_at is None:
        raise RosterError("the roster is empty (expected a header row: name,profile,...)", file=shown)
    header = [_column_name(c) for c in records[header_at]]
    for i, name in enumerate(header, start=1):
        if not name:
            raise RosterError(f"column {i} of the header has no name", file=shown, line=header_at + 1)
        if name not in COLUMNS:
            raise RosterError(_unknown(name, i), file=shown, line=header_at + 1)
        if header.count(name) > 1:
            raise RosterError(f"column {name!r} appears twice", file=shown, line=header_at + 1)
    missing = [name for name in REQUIRED if name not in header and "programme" not in header]
    if missing:
        raise RosterError(f"missing column {missing[0]!r} (columns found: {', '.join(header)})",
                          file=shown, line=header_at + 1)
    rows = []
    for index, record in enumerate(records[header_at + 1:], start=header_at + 2):
        if not any(c.strip() for c in record):
            continue
        label = f"row {index}"
        if len(record) > len(header):
            error = f"{len(record)} cells, but the header has {len(header)} columns"
            rows.append(RawRow(index, label, {}, error))
            continue
        cells = dict(zip(header, (c.strip() for c in record)))
        rows.append(RawRow(index, label, cells, _too_long(cells)))
    return rows


def _cell(node: yaml.Node) -> str:
    """A YAML value as text: dates as YYYY-MM-DD, lists joined with commas."""
    if isinstance(node, yaml.SequenceNode):
        return ", ".join(_cell(item) for item in node.value)
    if isinstance(node, yaml.MappingNode):
        raise CellError("expected a single value, got a mapping")
    value = scalar(node)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value).strip()


def _yaml_row(node: yaml.MappingNode) -> tuple[dict[str, str], str | None]:
    """One YAML entry's cells, and the first thing wrong with it (or None)."""
    cells: dict[str, str] = {}
    error = None
    for position, (key_node, value_node) in enumerate(node.value, start=1):
        if not isinstance(key_node, yaml.ScalarNode):
            error = error or "column names must be words, not lists or mappings"
            continue
        name = _column_name(key_node.value)
        if name not in COLUMNS:
            error = error or _unknown(name, position)
            continue
        if name in cells:
            error = error or f"column {name!r} appears twice"
            continue
        try:
            cells[name] = _cell(value_node)
        except CellError as exc:
            error = error or f"{name}: {exc}"
    return cells, error or _too_long(cells)


def read_yaml(data: bytes, shown: str) -> list[RawRow]:
    """A YAML list of mappings -> raw rows (aliases, deep nesting and huge numbers refused)."""
    root = compose(_decode(data, shown), shown, RosterError)
    if root is None:
        raise RosterError("the roster is empty (expected a list of patients)", file=shown)
    if not isinstance(root, yaml.SequenceNode):
        raise RosterError("expected a list of patients (- name: ..., profile: ...)", file=shown,
                          line=root.start_mark.line + 1)
    rows = []
    for index, node in enumerate(root.value, start=1):
        label = f"row {index} (line {node.start_mark.line + 1})"
        if not isinstance(node, yaml.MappingNode):
            rows.append(RawRow(index, label, {}, "expected a mapping like 'name: ..., profile: ...'"))
            continue
        cells, error = _yaml_row(node)
        rows.append(RawRow(index, label, cells, error))
    return rows


def read_roster(path: Path) -> list[RawRow]:
    """Read a .csv, .yaml or .yml roster file (a regular file of at most 20 MB)."""
    shown = str(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".yaml", ".yml"):
        raise RosterError("a roster must be a .csv, .yaml or .yml file", file=shown)
    data = inputs.read_bytes(path, inputs.ROSTER, shown, RosterError)
    rows = read_csv(data, shown) if suffix == ".csv" else read_yaml(data, shown)
    if not rows:
        raise RosterError("the roster has no patients", file=shown)
    return rows


def parse_row(raw: RawRow, catalogue: Catalogue, defaults: dict[str, Any]) -> Row:
    """Check one raw row and turn it into a Request (defaults fill empty cells)."""
    if raw.error:
        return Row(raw.number, raw.label, error=raw.error)
    values: dict[str, Any] = {}
    for name, text in raw.cells.items():
        column = COLUMNS[name]
        if not text:
            continue
        if column.parse is None:
            return Row(raw.number, raw.label, error=f"column {name!r} is not supported yet")
        try:
            values[column.key] = column.parse(text, catalogue)
        except CellError as exc:
            return Row(raw.number, raw.label, error=str(exc))
    if "programme" in values:
        return _programme_row(raw, values)
    for name in REQUIRED:
        if COLUMNS[name].key not in values:
            return Row(raw.number, raw.label, error=f"no {name} given")
    merged = defaults | {k: v for k, v in values.items() if v is not None}
    if "review_in" in merged:
        if "review" in values:
            return Row(raw.number, raw.label, error="give review or review_in, not both")
        merged["review"] = merged.get("date", dt.date.today()) + merged.pop("review_in")
    try:
        request = check_request(
            Request(**{k: v for k, v in merged.items() if k in _REQUEST_FIELDS}), catalogue)
    except RequestError as exc:
        return Row(raw.number, raw.label, error=str(exc))
    from .request import range_notes

    return Row(raw.number, raw.label, request, merged.get("output"), merged.get("password"),
               layout=merged.get("layout"), notes=tuple(range_notes(request, catalogue)))


def _programme_row(raw: RawRow, values: dict[str, Any]) -> Row:
    """A row that names a programme file: the request and layout are the file's."""
    from .layouts import load_layout

    others = [name for name in raw.cells if raw.cells[name] and name != "programme"
              and name not in KEPT_WITH_PROGRAMME]
    if others:
        return Row(raw.number, raw.label, error=f"give a programme or {others[0]}, not both "
                                                "(the programme holds the whole handout)")
    programme = values["programme"]
    return Row(raw.number, raw.label, programme.request, values.get("output"),
               values.get("password"), layout=load_layout(programme.layout),
               notes=tuple(f"{programme.file}: {note}" for note in programme.notes))


def _parse_or_report(raw: RawRow, catalogue: Catalogue, defaults: dict[str, Any]) -> Row:
    """parse_row, with any unexpected failure as that row's error: the other rows go on."""
    try:
        return parse_row(raw, catalogue, defaults)
    except Exception as exc:  # a bug must not stop the whole roster
        return Row(raw.number, raw.label, error=internal_error(exc))


def parse_roster(path: Path, catalogue: Catalogue, defaults: dict[str, Any]) -> list[Row]:
    """Read and check a roster: one Row per patient, in file order."""
    return [_parse_or_report(raw, catalogue, defaults) for raw in read_roster(path)]
