"""The command line as a clinician uses it: output, files, exit codes."""

from __future__ import annotations

import json
import re

import pytest
from pypdf import PdfReader
from conftest import PROFILES, run

from backhandout import __version__
from backhandout.cli import cli


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and __version__ in result.output


@pytest.mark.parametrize("command", [None, *sorted(cli.commands)])
def test_every_command_has_help_with_an_example(command):
    result = run(*([command] if command else []), "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output and "backhandout" in result.output


def test_profiles_lists_all():
    result = run("profiles")
    assert result.exit_code == 0
    for profile in PROFILES:
        assert profile in result.output


def test_exercises_table_and_json():
    table = run("exercises")
    assert table.exit_code == 0 and "knee-to-chest" in table.output
    data = json.loads(run("exercises", "--json").output)
    assert len(data) >= 24 and {"id", "name", "category"} <= set(data[0])


def test_exercises_for_a_profile_best_first():
    data = json.loads(run("exercises", "--profile", "desk-worker", "--json").output)
    ids = [e["id"] for e in data]
    assert ids[0] == "standing-back-extension"
    assert "knee-to-chest" not in ids  # forward bending only: avoided for desk workers


def test_plan_text_and_json():
    text = run("plan", "one-sided-pain", "--side", "left")
    assert text.exit_code == 0 and "exercises, about" in text.output
    data = json.loads(run("plan", "desk-worker", "--json", "--date", "2026-11-21").output)
    assert data["profile_id"] == "desk-worker" and data["date"] == "2026-11-21"
    assert 5 <= len(data["exercises"]) <= 7


def test_build_default_path(tmp_path):
    result = run("build", "desk-worker", "--patient", "Ana Núñez", "--date", "2026-11-21",
                 cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "out/desk-worker-ana-nunez.pdf"
    assert (tmp_path / "out" / "desk-worker-ana-nunez.pdf").read_bytes().startswith(b"%PDF")


def test_build_to_named_file(tmp_path):
    out = tmp_path / "sub" / "handout.pdf"
    result = run("build", "post-workout-soreness", "-o", out)
    assert result.exit_code == 0 and result.output.strip() == str(out)
    assert out.stat().st_size > 1000


def _booklet_pages(path) -> int:
    """A booklet's own page count, after checking its sheets: A4 landscape, two pages a side."""
    reader = PdfReader(path)
    for sheet in reader.pages:
        assert (float(sheet.mediabox.width), float(sheet.mediabox.height)) == pytest.approx(
            (841.89, 595.28), abs=0.5)
    pages = int(re.search(r"Page 1 of (\d+)", reader.pages[0].extract_text()).group(1))
    assert len(reader.pages) == 2 * -(-pages // 4)  # padded to whole sheets, two sides each
    return pages


def test_batch_builds_one_booklet_per_profile(tmp_path):
    result = run("batch", "--out-dir", tmp_path / "booklets", "--date", "2026-11-21")
    assert result.exit_code == 0, result.output
    built = sorted((tmp_path / "booklets").glob("*.pdf"))
    assert [p.name for p in built] == [f"{p}-booklet.pdf" for p in PROFILES]
    pages = {p.name: _booklet_pages(p) for p in built}
    assert pages["desk-worker-booklet.pdf"] <= 20  # 5 sheets of A4, folded (the aim: 4)


def test_batch_booklets_in_every_language_given(tmp_path):
    result = run("batch", "--out-dir", tmp_path, "--date", "2026-11-21", "--lang", "en",
                 "--lang", "es", "--layout", "letter-booklet")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == sorted(
        f"{p}-letter-booklet{lang}.pdf" for p in PROFILES for lang in ("", "-es"))
    sheet = PdfReader(tmp_path / "desk-worker-letter-booklet-es.pdf").pages[0]
    assert (float(sheet.mediabox.width), float(sheet.mediabox.height)) == (792, 612)
    assert "Su espalda si se sienta mucho" in " ".join(" ".join(p.extract_text().split()) for p in
                                                        PdfReader(tmp_path / "desk-worker-letter-booklet-es.pdf").pages)


def test_batch_with_a_roster_takes_one_language(tmp_path):
    roster = tmp_path / "r.csv"
    roster.write_text("name,profile\nAna,desk-worker\n")
    result = run("batch", "--roster", roster, "--out-dir", tmp_path, "--lang", "en", "--lang", "es")
    assert result.exit_code == 2 and "give one language with a roster" in result.output
    result = run("batch", "--roster", roster, "--out-dir", tmp_path, "--lang", "es",
                 "--date", "2026-11-21")
    assert result.exit_code == 0, result.output
    handout = PdfReader(tmp_path / "desk-worker-ana.pdf")
    assert handout.pages[0].mediabox.width < handout.pages[0].mediabox.height  # a4: no booklet
    assert "Su espalda si se sienta mucho" in handout.pages[0].extract_text()


@pytest.mark.parametrize("command", ["plan", "build"])
def test_unknown_profile_is_a_usage_error_listing_profiles(command):
    result = run(command, "back-of-knee")
    assert result.exit_code == 2
    assert "'back-of-knee' is not a profile" in result.output
    for profile in PROFILES:
        assert profile in result.output


@pytest.mark.parametrize(
    "args",
    [
        ("build", "desk-worker", "--weeks", "13"),
        ("build", "desk-worker", "--weeks", "0"),
        ("build", "desk-worker", "--date", "21/11/2026"),
        ("build", "one-sided-pain", "--side", "middle"),
        ("exercises", "--profile", "nobody"),
    ],
)
def test_bad_options_are_usage_errors(args):
    result = run(*args)
    assert result.exit_code == 2
    assert "Error:" in result.output and "Traceback" not in result.output


def test_unwritable_output_is_one_clear_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run("build", "desk-worker", "-o", blocker / "x.pdf")
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {blocker / 'x.pdf'}: cannot write:")
    assert len(result.output.strip().splitlines()) == 1
