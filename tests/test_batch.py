"""Batch from a roster: names, row errors, resume, interruption, encryption."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from backhandout import atomic
from backhandout.batch import INDEX, safe_stem, unique_names
from conftest import pdf_pages, run

HEADER = "name,profile,side,weeks,date,output\n"


def roster(tmp_path: Path, text: str, name: str = "roster.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def batch(tmp_path: Path, path: Path, *args: object):
    return run("batch", "--roster", path, "--out-dir", tmp_path / "out", "--jobs", 1, *args)


def pdfs(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in (tmp_path / "out").glob("*.pdf"))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_one_handout_per_row(tmp_path):
    path = roster(tmp_path, HEADER + "Ana Núñez,desk-worker,,,2026-11-21,\n"
                                     "Bob Lee,one-sided-pain,left,6,2026-11-21,\n"
                                     ",post-workout-soreness,,,2026-11-21,\n")
    result = batch(tmp_path, path)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Built 3, skipped 0, failed 0")
    assert pdfs(tmp_path) == ["desk-worker-ana-nunez.pdf", "one-sided-pain-bob-lee.pdf",
                              "post-workout-soreness-row-4.pdf"]
    bob = " ".join(" ".join(pdf_pages((tmp_path / "out" / "one-sided-pain-bob-lee.pdf").read_bytes()))
                   .split())
    assert "For: Bob Lee" in bob and "Pain on: your left side" in bob and "Week 6 Day 1" in bob


def test_names_stay_inside_the_folder_and_are_unique(tmp_path):
    rows = [
        "../../evil,desk-worker,,,2026-11-21,",
        "Ana,desk-worker,,,2026-11-21,../../../tmp/escape.pdf",
        "Ana,desk-worker,,,2026-11-21,/etc/passwd",
        "Ana,desk-worker,,,2026-11-21,..",
        "Ana,desk-worker,,,2026-11-21,CON",
        "Ana,desk-worker,,,2026-11-21,lpt1.pdf",
        "Ana,desk-worker,,,2026-11-21,",
        "ANA,desk-worker,,,2026-11-21,",
        "李小龍,desk-worker,,,2026-11-21,",
        "Ana,desk-worker,,,2026-11-21,C:\\Users\\x.pdf",
    ]
    result = batch(tmp_path, roster(tmp_path, HEADER + "\n".join(rows) + "\n"))
    assert result.exit_code == 0, result.output
    names = pdfs(tmp_path)
    assert names == sorted([
        "desk-worker-evil.pdf", "tmp-escape.pdf", "etc-passwd.pdf", "desk-worker-ana.pdf",
        "desk-worker-ana-2.pdf", "desk-worker-ana-3.pdf", "desk-worker-ana-4.pdf",
        "desk-worker-ana-5.pdf", "desk-worker-row-10.pdf", "C-Users-x.pdf",
    ])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "roster.csv"]


@pytest.mark.parametrize("text, stem", [
    ("../..", ""), ("con", ""), ("Com9", ""), ("nul.txt", "nul-txt"), ("a/b\\c", "a-b-c"),
    ("Ana Núñez", "Ana-Nunez"), ("...", ""), ("x" * 200, "x" * 80),
])
def test_safe_stem(text, stem):
    assert safe_stem(text) == stem


def test_unique_names_ignore_case():
    assert unique_names(["a", "A", "a", "a-2"]) == ["a.pdf", "A-2.pdf", "a-3.pdf", "a-2-2.pdf"]


def test_bad_rows_are_reported_and_the_others_built(tmp_path):
    path = roster(tmp_path, HEADER + "Ana,desk-worker,,,2026-11-21,\n"
                                     "Bob,back-of-knee,,,2026-11-21,\n"
                                     "Cy,desk-worker,middle,,2026-11-21,\n"
                                     "Di,desk-worker,,13,2026-11-21,\n"
                                     "Ed,desk-worker,,,21/11/2026,\n"
                                     "Flo,,,,2026-11-21,\n"
                                     "Gus,desk-worker,,,2026-11-21,,extra\n"
                                     "Hal,desk-worker,right,2,2026-11-21,\n")
    result = batch(tmp_path, path)
    assert result.exit_code == 1
    assert result.stdout.startswith("Built 2, skipped 0, failed 6")
    assert result.stderr.splitlines() == [
        "row 3: profile: unknown profile 'back-of-knee' (choose from: desk-worker, "
        "one-sided-pain, post-workout-soreness)",
        "row 4: side: must be left or right, got 'middle'",
        "row 5: weeks: must be a whole number from 1 to 12, got '13'",
        "row 6: date: must be a date like 2026-11-21 (YYYY-MM-DD), got '21/11/2026'",
        "row 7: no profile given",
        "row 8: 7 cells, but the header has 6 columns",
    ]
    assert pdfs(tmp_path) == ["desk-worker-ana.pdf", "desk-worker-hal.pdf"]


def test_every_column_reaches_the_handout(tmp_path):
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text("name: Riverside Physio\nphone: 01632 960 123\n")
    path = roster(tmp_path, "name,profile,lang,notes,flags,age,layout,clinic\n"
                            f"Ana,desk-worker,,Walk daily <b>,,,,{clinic}\n"
                            "Bob,post-workout-soreness,es,,osteoporosis,,,\n"
                            "Cy,desk-worker,,,,70,large-print,\n")
    result = batch(tmp_path, path, "--date", "2026-11-21")
    assert result.exit_code == 0, result.output
    assert pdfs(tmp_path) == ["desk-worker-ana.pdf", "desk-worker-cy.pdf",
                              "post-workout-soreness-bob.pdf"]
    ana = " ".join(pdf_pages((tmp_path / "out" / "desk-worker-ana.pdf").read_bytes()))
    assert "Walk daily <b>" in ana and "Riverside Physio" in ana
    bob = pdf_pages((tmp_path / "out" / "post-workout-soreness-bob.pdf").read_bytes())
    assert "Página 1 de" in bob[0] and "osteoporosis" in " ".join(bob).lower()
    cy = pdf_pages((tmp_path / "out" / "desk-worker-cy.pdf").read_bytes())
    assert "65" in cy[0] and len(cy) > 14  # large print: one exercise per page, ask-first note


def test_bad_values_in_new_columns_fail_their_row(tmp_path):
    path = roster(tmp_path, "name,profile,lang,flags,age,layout\n"
                            "Ana,desk-worker,,,,\n"
                            "Bob,desk-worker,fr,,,\n"
                            "Cy,desk-worker,,bad-knee,,\n"
                            "Di,desk-worker,,,200,\n"
                            "Ed,desk-worker,,,,tabloid\n")
    result = batch(tmp_path, path, "--date", "2026-11-21")
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert errors[0].startswith("row 3: lang: unknown language 'fr' (choose from: en, es")
    assert errors[1].startswith("row 4: flags: unknown flag 'bad-knee' (choose from: osteoporosis")
    assert errors[2] == "row 5: age: must be a whole number from 1 to 120, got '200'"
    assert errors[3].startswith("row 6: unknown layout 'tabloid' (choose from: a4,")
    assert pdfs(tmp_path) == ["desk-worker-ana.pdf"]


@pytest.mark.parametrize("content, message", [
    ("name,profle\nAna,desk-worker\n", "roster.csv:1: unknown column 'profle' (valid columns: name, profile,"),
    ("name,side\nAna,left\n", "roster.csv:1: missing column 'profile' (columns found: name, side)"),
    ("", "roster.csv: the roster is empty"),
    ("\n\n", "roster.csv: the roster is empty"),
    ("name,profile\n", "roster.csv: the roster has no patients"),
    ("name,profile,name\nA,desk-worker,B\n", "roster.csv:1: column 'name' appears twice"),
    ("name,,profile\nA,,desk-worker\n", "roster.csv:1: column 2 of the header has no name"),
])
def test_file_level_problems_are_one_line(tmp_path, content, message):
    result = batch(tmp_path, roster(tmp_path, content))
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {tmp_path / message}"), result.output
    assert len(result.output.strip().splitlines()) == 1


def test_wrong_encoding_names_the_line(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes("name,profile\nAna,desk-worker\nJosé,desk-worker\n".encode("latin-1"))
    result = batch(tmp_path, path)
    assert result.exit_code == 1
    assert result.output.strip() == (f"Error: {path}:3: not UTF-8 text "
                                     "(save the roster as 'CSV UTF-8')")


def test_utf8_with_bom_and_header_case(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes("\ufeffName , PROFILE\nJosé,desk-worker\n".encode("utf-8"))
    result = batch(tmp_path, path, "--date", "2026-11-21")
    assert result.exit_code == 0, result.output
    assert pdfs(tmp_path) == ["desk-worker-jose.pdf"]


def test_yaml_roster_with_line_numbers(tmp_path):
    path = roster(tmp_path, "- name: Ana\n  profile: desk-worker\n  date: 2026-11-21\n"
                            "- name: Bob\n  profile: one-sided-pain\n  side: up\n"
                            "- just text\n"
                            "- name: Cy\n  profile: desk-worker\n  colour: red\n"
                            "- {name: Di, profile: desk-worker, weeks: 2, date: 2026-11-21}\n",
                  "roster.yaml")
    result = batch(tmp_path, path)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "row 2 (line 4): side: must be left or right, got 'up'",
        "row 3 (line 7): expected a mapping like 'name: ..., profile: ...'",
        "row 4 (line 8): unknown column 'colour' (valid columns: name, profile, side, weeks, "
        "date, output, password, flags, age, pregnancy_weeks, checked, prefer, region, review, "
        "review_in, clinic, layout, lang, notes, add, drop, only, dose, max_exercises, "
        "allow_outside_range, programme)",
    ]
    assert pdfs(tmp_path) == ["desk-worker-ana.pdf", "desk-worker-di.pdf"]


@pytest.mark.parametrize("content, message", [
    ("name: Ana\nprofile: desk-worker\n", "roster.yaml:1: expected a list of patients"),
    ("- [unclosed\n", "roster.yaml:2: YAML syntax error"),
    ("", "roster.yaml: the roster is empty"),
])
def test_yaml_file_problems(tmp_path, content, message):
    result = batch(tmp_path, roster(tmp_path, content, "roster.yaml"))
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {tmp_path / message}"), result.output


def test_rerun_skips_up_to_date_and_rebuilds_changes(tmp_path):
    rows = ["Ana,desk-worker,,,2026-11-21,", "Bob,desk-worker,,,2026-11-21,"]
    path = roster(tmp_path, HEADER + "\n".join(rows) + "\n")
    assert batch(tmp_path, path).exit_code == 0
    ana = tmp_path / "out" / "desk-worker-ana.pdf"
    bob = tmp_path / "out" / "desk-worker-bob.pdf"
    before = {p: p.stat().st_mtime_ns for p in (ana, bob)}
    again = batch(tmp_path, path)
    assert again.exit_code == 0 and again.stdout.startswith("Built 0, skipped 2, failed 0")
    assert {p: p.stat().st_mtime_ns for p in (ana, bob)} == before

    path.write_text(HEADER + rows[0] + "\n" + rows[1].replace(",,,", ",,3,") + "\n")
    changed = batch(tmp_path, path)
    assert changed.stdout.startswith("Built 1, skipped 1, failed 0")
    assert ana.stat().st_mtime_ns == before[ana] and bob.stat().st_mtime_ns != before[bob]

    bob.write_bytes(b"%PDF-1.4 damaged by hand")
    assert batch(tmp_path, path).stdout.startswith("Built 1, skipped 1, failed 0")
    assert batch(tmp_path, path, "--force").stdout.startswith("Built 2, skipped 0, failed 0")


def test_layout_change_rebuilds(tmp_path):
    """The layout is part of a file's key: the same row in large print is another file."""
    path = roster(tmp_path, HEADER + "Ana,desk-worker,,,2026-11-21,\n")
    ana = tmp_path / "out" / "desk-worker-ana.pdf"
    assert batch(tmp_path, path).stdout.startswith("Built 1, skipped 0")
    a4_pages = len(PdfReader(ana).pages)
    again = batch(tmp_path, path, "--layout", "large-print")
    assert again.stdout.startswith("Built 1, skipped 0"), again.output
    assert len(PdfReader(ana).pages) > a4_pages  # one exercise per page
    assert batch(tmp_path, path, "--layout", "large-print").stdout.startswith("Built 0, skipped 1")
    column = roster(tmp_path, "name,profile,date,layout\nAna,desk-worker,2026-11-21,a4\n")
    assert batch(tmp_path, column, "--layout", "large-print").stdout.startswith("Built 1, skipped 0")
    assert len(PdfReader(ana).pages) == a4_pages


def test_each_part_of_a_files_key_rebuilds_it(tmp_path, catalogue_copy, monkeypatch):
    """A file is rebuilt when anything it depends on changes: a password added (only its
    presence is kept), the translation file, a catalogue file's name, the version, or
    the file itself touched (same size, another time)."""
    from backhandout import batch as batch_module
    from backhandout.catalogue import load_catalogue

    path = roster(tmp_path, "name,profile,date,lang\nAna,desk-worker,2026-11-21,es\n")
    ana = tmp_path / "out" / "desk-worker-ana.pdf"

    def again(*args: object) -> str:
        result = batch(tmp_path, path, "--catalogue", catalogue_copy, *args)
        return result.stdout.split(" (folder")[0]

    assert again() == "Built 1, skipped 0, failed 0"
    assert again() == "Built 0, skipped 1, failed 0"
    assert again("--password", "s3cret") == "Built 1, skipped 0, failed 0"
    assert PdfReader(ana).is_encrypted
    assert again("--password", "s3cret") == "Built 0, skipped 1, failed 0"
    assert again() == "Built 1, skipped 0, failed 0" and not PdfReader(ana).is_encrypted

    po = catalogue_copy / "locale/es.po"
    po.write_text(po.read_text() + "\n# edited\n")
    assert again() == "Built 1, skipped 0, failed 0"

    stat = ana.stat()
    os.utime(ana, ns=(stat.st_atime_ns, stat.st_mtime_ns - 10**9))  # same size, older
    assert again() == "Built 1, skipped 0, failed 0"

    monkeypatch.setattr(batch_module, "__version__", "99.0")
    assert again() == "Built 1, skipped 0, failed 0"
    monkeypatch.undo()
    assert again() == "Built 1, skipped 0, failed 0"  # back to this version
    assert again() == "Built 0, skipped 1, failed 0"

    exercise = catalogue_copy / "exercises/standing-back-extension.yaml"  # on this handout
    exercise.rename(exercise.with_name("standing-back-extension2.yaml"))  # same order
    load_catalogue.cache_clear()  # as a new process would read it
    result = batch(tmp_path, path, "--catalogue", catalogue_copy)  # same bytes, new contexts:
    assert "skipped 0" in result.stdout  # the Spanish no longer matches; never kept as is
    assert "no Spanish translation for 'Standing back bend'" in result.stderr


def test_catalogue_change_rebuilds(tmp_path, catalogue_copy):
    path = roster(tmp_path, HEADER + "Ana,desk-worker,,,2026-11-21,\n")
    assert batch(tmp_path, path, "--catalogue", catalogue_copy).exit_code == 0
    assert batch(tmp_path, path, "--catalogue", catalogue_copy).stdout.startswith("Built 0, skipped 1")
    warnings = catalogue_copy / "warnings.yaml"
    warnings.write_text(warnings.read_text() + "\n# edited\n")
    assert batch(tmp_path, path, "--catalogue", catalogue_copy).stdout.startswith("Built 1, skipped 0")


def test_damaged_index_means_rebuild(tmp_path):
    path = roster(tmp_path, HEADER + "Ana,desk-worker,,,2026-11-21,\n")
    batch(tmp_path, path)
    (tmp_path / "out" / INDEX).write_text("{not json")
    assert batch(tmp_path, path).stdout.startswith("Built 1, skipped 0")
    assert json.loads((tmp_path / "out" / INDEX).read_text())["files"]


def test_interrupted_write_leaves_no_broken_file(tmp_path, monkeypatch):
    rows = "".join(f"P{i},desk-worker,,,2026-11-21,\n" for i in range(4))
    path = roster(tmp_path, HEADER + rows)
    real_replace = os.replace
    calls = []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) == 2:  # Ctrl-C just before the second file is renamed into place
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", replace)
    result = batch(tmp_path, path)
    monkeypatch.undo()
    assert result.exit_code == 130
    assert "Interrupted" in result.stderr
    out = tmp_path / "out"
    assert pdfs(tmp_path) == ["desk-worker-p0.pdf"] and leftovers(out) == []
    assert pdf_pages((out / "desk-worker-p0.pdf").read_bytes())
    resumed = batch(tmp_path, path)
    assert resumed.stdout.startswith("Built 3, skipped 1, failed 0")


def test_temporary_files_of_a_killed_run_are_swept(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".desk-worker-ana.pdf.abc123.tmp").write_bytes(b"%PDF-half")
    (out / "keep.tmp").write_text("not ours")
    path = roster(tmp_path, HEADER + "Ana,desk-worker,,,2026-11-21,\n")
    assert batch(tmp_path, path).exit_code == 0
    assert leftovers(out) == ["keep.tmp"]


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT])
def test_killed_parallel_run_leaves_whole_files_only(tmp_path, how):
    rows = "".join(f"Patient {i},desk-worker,,,2026-11-21,\n" for i in range(40))
    path = roster(tmp_path, HEADER + rows)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "backhandout", "batch", "--roster", str(path),
               "--out-dir", str(out), "--jobs", "2"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and len(list(out.glob("*.pdf"))) < 3:
        time.sleep(0.02)
    os.killpg(process.pid, how)  # like Ctrl-C in a terminal, or kill of the whole group
    _, stderr = process.communicate(timeout=180)
    assert process.returncode != 0
    assert leftovers(out) == [], stderr
    built = list(out.glob("*.pdf"))
    assert 3 <= len(built) < 40
    for pdf in built:
        assert len(PdfReader(pdf).pages) > 5
    resumed = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    assert len(list(out.glob("*.pdf"))) == 40


def test_parallel_build_matches_serial(tmp_path):
    rows = "".join(f"P{i},one-sided-pain,left,,2026-11-21,\n" for i in range(4))
    path = roster(tmp_path, HEADER + rows)
    assert batch(tmp_path, path).exit_code == 0
    serial = {p.name: p.read_bytes() for p in (tmp_path / "out").glob("*.pdf")}
    result = run("batch", "--roster", path, "--out-dir", tmp_path / "par", "--jobs", 2)
    assert result.exit_code == 0, result.output
    assert {p.name: p.read_bytes() for p in (tmp_path / "par").glob("*.pdf")} == serial


def _opened(path: Path, password: str | None) -> PdfReader:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    assert reader.is_encrypted
    if password is not None:
        assert reader.decrypt(password)
    return reader


def test_password_encrypts_with_aes256(tmp_path):
    path = roster(tmp_path, "name,profile,password\nAna,desk-worker,\nBob,desk-worker,bob-only\n")
    result = batch(tmp_path, path, "--password", "s3cret", "--date", "2026-11-21")
    assert result.exit_code == 0, result.output
    ana = tmp_path / "out" / "desk-worker-ana.pdf"
    bob = tmp_path / "out" / "desk-worker-bob.pdf"
    reader = _opened(ana, None)
    assert not reader.decrypt("wrong")
    with pytest.raises(Exception):
        reader.pages[0].extract_text()
    reader = _opened(ana, "s3cret")
    encrypt = reader.trailer["/Encrypt"]
    assert (encrypt["/V"], encrypt["/R"], encrypt["/CF"]["/StdCF"]["/CFM"]) == (5, 6, "/AESV3")
    assert "For: Ana" in reader.pages[0].extract_text()
    assert "For: Bob" in _opened(bob, "bob-only").pages[0].extract_text()
    assert not PdfReader(io.BytesIO(bob.read_bytes())).decrypt("s3cret")


def test_batch_without_roster_still_builds_each_profile(tmp_path):
    result = run("batch", "--out-dir", tmp_path / "out", "--jobs", 2, "--date", "2026-11-21")
    assert result.exit_code == 0, result.output
    assert pdfs(tmp_path) == ["desk-worker-booklet.pdf", "one-sided-pain-booklet.pdf",
                              "post-workout-soreness-booklet.pdf"]


def test_yaml_control_character_is_a_clear_error(tmp_path):
    result = batch(tmp_path, roster(tmp_path, "- name: A\n  profile: desk-worker\n- name: \x01\n",
                                    "roster.yaml"))
    assert result.exit_code == 1
    assert result.output.strip() == (f"Error: {tmp_path / 'roster.yaml'}:3: YAML syntax error: "
                                     "control characters are not allowed")


def test_build_errors_from_workers_keep_their_whole_message(tmp_path):
    rows = "".join(f"P{i},desk-worker,,,2026-11-21,\n" for i in range(3))
    path = roster(tmp_path, HEADER + rows)
    for folder in ("out", "par"):
        (tmp_path / folder / "desk-worker-p1.pdf").mkdir(parents=True)  # cannot be replaced
    serial = batch(tmp_path, path)
    parallel = run("batch", "--roster", path, "--out-dir", tmp_path / "par", "--jobs", 2)
    assert serial.exit_code == parallel.exit_code == 1
    target = tmp_path / "{}" / "desk-worker-p1.pdf"
    assert serial.stderr.startswith(f"row 3: {str(target).format('out')}: cannot write:")
    assert parallel.stderr.startswith(f"row 3: {str(target).format('par')}: cannot write:")


def _job(name: str, profile: str = "desk-worker", notes: str | None = None):
    import datetime as dt

    from backhandout.batch import Job
    from backhandout.layouts import load_layout
    from backhandout.model import Request

    request = Request(profile=profile, patient=name, notes=notes, date=dt.date(2026, 11, 21))
    return Job(name, request, f"/tmp/{name}.pdf", "key", load_layout("a4"))


def test_rows_are_grouped_by_template_and_lone_ones_drawn_whole():
    from backhandout.batch import CHUNK, chunks

    jobs = [_job(f"d{i}") if i % 2 else _job(f"o{i}", "one-sided-pain" if i % 4 else
                                                   "post-workout-soreness") for i in range(40)]
    jobs.append(_job("noted", notes="Only for this patient."))
    grouped = chunks(jobs)
    for chunk in grouped:
        assert len(chunk) <= CHUNK
        assert len({(j.request.profile, j.request.notes) for j in chunk}) == 1  # one template each
    flat = [job for chunk in grouped for job in chunk]
    assert sorted(j.label for j in flat) == sorted(j.label for j in jobs)
    assert [j.label for j in flat if not j.reuse] == ["noted"]  # its handout occurs once
    assert [j.label for j in flat if j.request.profile == "desk-worker" and j.reuse][:3] == \
        ["d1", "d3", "d5"]  # the roster's order within a template


def test_workers_are_replaced_on_a_long_roster_and_build_the_same_files(tmp_path, monkeypatch):
    import backhandout.batch as module

    rows = "".join(f"P{i},{('desk-worker', 'one-sided-pain')[i % 2]},"
                   f"{'left' if i % 2 else ''},,2026-11-21,\n" for i in range(20))
    path = roster(tmp_path, HEADER + rows)
    assert batch(tmp_path, path).exit_code == 0
    serial = {p.name: p.read_bytes() for p in (tmp_path / "out").glob("*.pdf")}
    pools = []
    real = module._pool
    monkeypatch.setattr(module, "POOL_CHUNKS", 1)  # a fresh pool after every chunk
    monkeypatch.setattr(module, "_pool", lambda workers: pools.append(workers) or real(workers))
    result = run("batch", "--roster", path, "--out-dir", tmp_path / "par", "--jobs", 2)
    assert result.exit_code == 0, result.output
    assert len(pools) == 4  # 20 rows, 2 templates: chunks of 8 and 2 each, one pool a chunk
    assert {p.name: p.read_bytes() for p in (tmp_path / "par").glob("*.pdf")} == serial
