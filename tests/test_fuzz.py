"""Fuzzed input: any name prints (literally, or by the documented rule), any roster gives row errors."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from backhandout.render.layer import Templates
from backhandout.api import build_pdf
from backhandout.request import MAX_PATIENT
from backhandout.errors import BackhandoutError
from backhandout.layouts import load_layout
from backhandout.model import Request
from backhandout.render.glyphs import coverage, printable
from backhandout.roster import COLUMNS, RosterError, parse_roster
from conftest import pdf_pages

A4 = load_layout("a4")
DAY = dt.date(2026, 11, 21)
SETTINGS = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

SPECIAL = (
    ["<", ">", "&", "&amp;", "<b>", "</para>", "<br/>", '"', "'", "\u200f", "\u200e", "\u202e",
     "\u200d", "\ufeff", "\xad", "\xa0", "\t", "\n", "\r\n", "😀", "👍🏽", "🇪🇸", "مرحبا", "שלום",
     "李", "é", "e\u0301", "ﬁ", "\ufffd", "\x00", "\x1b", "\uffff", "…", "–", "€", "%", "\\", "{away}"]
)
TRICKY = st.sampled_from(SPECIAL)
NAMES = st.lists(st.one_of(st.text(max_size=12), TRICKY), max_size=12).map("".join)


def squeeze(text: str) -> str:
    """Text without any whitespace (line wrapping may split words anywhere)."""
    return "".join(text.split())


KEPT = Templates()  # kept between examples, as a batch worker keeps them


@pytest.mark.parametrize("reuse", [False, True], ids=["whole", "name-layer"])
@SETTINGS
@given(name=NAMES)
@example(name="".join(SPECIAL))
@example(name="x" * MAX_PATIENT)
@example(name="\x1b\u200f")  # nothing printable: no name at all (found by this test)
def test_any_name_builds_and_prints_by_the_rule(catalogue, reuse, name):
    name = name[:MAX_PATIENT]
    request = Request(profile="desk-worker", patient=name, date=DAY)
    data = build_pdf(request, catalogue, templates=KEPT if reuse else None)  # as a batch draws it
    first = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    shown = printable(name, coverage(A4))
    if squeeze(shown) and "For:" not in shown and "Date:" not in shown:  # the labels we split on
        cover = first.split("For:", 1)[1].split("Date:", 1)[0]
        assert squeeze(cover) == squeeze(shown)


def test_the_replacement_rule():
    chars = coverage(A4)
    assert printable("Ana <b>&amp;</b> Núñez – 37 °C…", chars) == "Ana <b>&amp;</b> Núñez – 37 °C…"
    assert printable("a\u200fb\u200dc\xadd\x00e", chars) == "abcde"  # invisible: dropped
    assert printable("a\tb\nc\u2028d", chars) == "a b\nc d"  # spacing: one space; line breaks stay
    assert printable("Jo 😀 مر 李", chars) == "Jo ? ?? ?"  # no glyph: '?'
    assert printable("e\u0301", chars) == "é"


def test_longest_name_fits_and_longer_is_a_clear_error(catalogue):
    name = " ".join(["Wolfeschlegelsteinhausenbergerdorff"] * 10)[:MAX_PATIENT]
    pages = pdf_pages(build_pdf(Request(profile="desk-worker", patient=name, date=DAY), catalogue))
    assert squeeze(name) in squeeze(pages[0])
    with pytest.raises(BackhandoutError, match="at most 200"):
        build_pdf(Request(profile="desk-worker", patient="x" * (MAX_PATIENT + 1)), catalogue)


CELLS = st.one_of(st.text(max_size=30), TRICKY, st.sampled_from(
    ["desk-worker", "one-sided-pain", "left", "right", "4", "13", "2026-11-21", "2026-02-30", ""]))


def _csv_cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


@SETTINGS
@given(columns=st.lists(st.sampled_from(list(COLUMNS)), min_size=1, max_size=6, unique=True),
       cells=st.lists(st.lists(CELLS, min_size=6, max_size=6), min_size=1, max_size=5))
def test_any_roster_gives_requests_or_row_errors(tmp_path_factory, catalogue, columns, cells):
    path = tmp_path_factory.mktemp("roster") / "r.csv"
    lines = [",".join(columns)] + [",".join(_csv_cell(c) for c in row[:len(columns)]) for row in cells]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        rows = parse_roster(path, catalogue, {"date": DAY})
    except RosterError as exc:
        message = str(exc)
        assert message.startswith(str(path)) and "\n" not in message
        return
    for row in rows:
        assert (row.request is None) != (row.error is None)
        assert row.label.startswith("row ")
        if row.request is not None:
            assert row.request.profile in catalogue.profiles


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=200))
def test_any_bytes_as_a_roster_never_crash(tmp_path_factory, catalogue, data):
    for suffix in (".csv", ".yaml"):
        path = Path(tmp_path_factory.mktemp("bytes")) / f"r{suffix}"
        path.write_bytes(data)
        try:
            rows = parse_roster(path, catalogue, {"date": DAY})
        except RosterError:
            continue
        assert all((row.request is None) != (row.error is None) for row in rows)
