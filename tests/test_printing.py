"""Printing with CUPS: lp commands per file, checks before sending, and a real cups-pdf queue."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from conftest import run
from pypdf import PdfReader

QUEUE = "backhandout-test"


def _one_line_error(result, needle: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and needle in lines[0], result.output


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    """A4 and Letter handouts and an A4 booklet, built once."""
    folder = tmp_path_factory.mktemp("print")
    made = {}
    for name, layout in (("handout", "a4"), ("letter", "letter"), ("booklet", "booklet")):
        made[name] = folder / f"{name}.pdf"
        result = run("build", "post-workout-soreness", "--layout", layout, "--date", "2026-11-21",
                     "--patient", f"Printer Test {name}", "-o", made[name])
        assert result.exit_code == 0, result.output
    return made


def test_print_dry_run_commands(files):
    handout, booklet, letter = files["handout"], files["booklet"], files["letter"]
    result = run("print", handout, "--printer", "Front_Desk", "--copies", "2", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"lp -d Front_Desk -n 2 -o media=A4 -o sides=two-sided-long-edge -t handout.pdf -- {handout}",
        "Would send 1 file (dry run: nothing sent)",
    ]
    result = run("print", booklet, "--dry-run")
    assert result.output.splitlines()[0] == (
        f"lp -n 1 -o media=A4 -o sides=two-sided-short-edge -t booklet.pdf -- {booklet}"
    )
    assert "-o media=Letter -o sides=two-sided-long-edge" in run("print", letter, "--dry-run").output


def test_many_files_one_command_each_in_order_with_its_own_edge(files):
    order = [files["booklet"], files["handout"], files["letter"]]
    result = run("print", *order, "-d", "Front_Desk", "--dry-run")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split(" -- ")[1] for line in lines[:3]] == [str(p) for p in order]
    assert ["short-edge" in lines[0], "long-edge" in lines[1], "media=Letter" in lines[2]] == [
        True, True, True]
    assert lines[3] == "Would send 3 files (dry run: nothing sent)"


def test_every_file_is_checked_before_anything_is_sent(files, tmp_path, monkeypatch):
    """A missing or broken file among good ones: one error naming it, and lp never runs."""
    calls = tmp_path / "calls"
    fake = tmp_path / "bin"
    fake.mkdir()
    for tool in ("lp", "lpstat"):
        (fake / tool).write_text(f"#!/bin/sh\necho {tool} \"$@\" >> {calls}\n"
                                 "echo 'printer accepting requests'\n")
        (fake / tool).chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake}:{os.environ['PATH']}")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(files["handout"].read_bytes()[:500])
    _one_line_error(run("print", files["handout"], tmp_path / "nope.pdf", "-d", "Q"),
                    f"{tmp_path / 'nope.pdf'}: file not found")
    _one_line_error(run("print", files["handout"], broken, "-d", "Q"), f"{broken}: damaged PDF")
    assert not calls.exists()  # neither lpstat nor lp was run


def test_print_without_lp_says_so(files, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    _one_line_error(run("print", files["handout"]), "the 'lp' command was not found")


def test_print_missing_file(tmp_path):
    _one_line_error(run("print", tmp_path / "nope.pdf", "--dry-run"), "file not found")


def test_print_needs_a_file():
    result = run("print")
    assert result.exit_code == 2 and "Missing argument 'FILE...'" in result.output


def test_build_print_dry_run(tmp_path):
    out = tmp_path / "x.pdf"
    result = run("build", "desk-worker", "-o", out, "--print", "-d", "Front_Desk", "-n", "3",
                 "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        str(out),
        f"lp -d Front_Desk -n 3 -o media=A4 -o sides=two-sided-long-edge -t x.pdf -- {out}",
        "Would send 1 file (dry run: nothing sent)",
    ]


def test_batch_print_dry_run_every_file_in_order(tmp_path):
    result = run("batch", "--out-dir", tmp_path, "--date", "2026-11-21", "--lang", "en",
                 "--lang", "es", "--print", "-d", "Front_Desk", "--dry-run")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"Built 6, skipped 0, failed 0 (folder: {tmp_path})"
    sent = [re.search(r"-t (\S+) --", line).group(1) for line in lines[1:7]]
    assert sent == [f"{p}-booklet{lang}.pdf" for lang in ("", "-es")
                    for p in ("desk-worker", "one-sided-pain", "post-workout-soreness")]
    assert all("sides=two-sided-short-edge" in line for line in lines[1:7])
    assert lines[7] == "Would send 6 files (dry run: nothing sent)"


# --- a real CUPS queue (cups-pdf), where the system allows -------------------------------


def _cups_pdf_queue() -> str | None:
    """Start CUPS and add a cups-pdf queue if possible; return why not, or None."""
    for tool in ("lp", "lpstat", "lpadmin", "cupsd"):
        if shutil.which(tool) is None:
            return f"CUPS is not installed ({tool} missing; .ci/run installs cups and cups-pdf)"
    if not Path("/usr/lib/cups/backend/cups-pdf").exists():
        return "the cups-pdf virtual printer is not installed (printer-driver-cups-pdf)"
    if subprocess.run(["lpstat", "-r"], capture_output=True, text=True).stdout.strip() != (
            "scheduler is running"):
        if os.geteuid() != 0:
            return "CUPS is not running and only root can start it here"
        subprocess.run(["cupsd"], capture_output=True)
        time.sleep(1)
    if subprocess.run(["lpstat", "-p", QUEUE], capture_output=True).returncode != 0:
        ppd = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
        extra = ["-P", str(ppd)] if ppd.exists() else ["-m", "everywhere"]
        done = subprocess.run(["lpadmin", "-p", QUEUE, "-E", "-v", "cups-pdf:/", *extra],
                              capture_output=True, text=True)
        if done.returncode != 0:
            return f"could not add a cups-pdf queue: {done.stderr.strip()}"
    return None


@pytest.fixture(scope="module")
def queue() -> str:
    reason = _cups_pdf_queue()
    if reason:
        pytest.skip(reason)
    return QUEUE


OUTBOX = Path.home() / "PDF"  # where cups-pdf writes a job run as this user


def _outbox() -> set[Path]:
    return set(OUTBOX.glob("*.pdf")) if OUTBOX.exists() else set()


def _arrivals(before: set[Path], names: list[str], seconds: float = 60) -> dict[str, Path]:
    """Wait until a file for each job title has arrived in the outbox; by title."""
    deadline = time.time() + seconds
    found: dict[str, Path] = {}
    while time.time() < deadline and len(found) < len(names):
        time.sleep(0.5)
        for path in _outbox() - before:
            for name in names:
                if path.name.startswith(name + "__") or path.name.startswith(name):
                    found.setdefault(name, path)
    time.sleep(0.5)  # let the last one be written whole
    return found


def _job_ids(output: str) -> list[int]:
    return [int(n) for n in re.findall(rf"request id is {QUEUE}-(\d+)", output)]


def test_print_many_to_a_real_cups_pdf_queue(files, queue):
    before = _outbox()
    order = [files["booklet"], files["handout"], files["letter"]]
    result = run("print", *order, "--printer", queue)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split(":")[0] for line in lines[:3]] == [str(p) for p in order]
    ids = _job_ids(result.output)
    assert len(ids) == 3 and ids == sorted(ids)  # one job per file, sent in the order given
    assert lines[3] == f"Sent 3 files to {queue}"
    arrived = _arrivals(before, [p.name for p in order])
    assert sorted(arrived) == sorted(p.name for p in order), f"missing in {OUTBOX}"
    for path in order:
        printed, sent = PdfReader(arrived[path.name]), PdfReader(path)
        assert len(printed.pages) == len(sent.pages)
        page = printed.pages[0]
        width, height = sorted((float(page.mediabox.width), float(page.mediabox.height)))
        assert (width, height) == pytest.approx((612, 792) if path.name == "letter.pdf"
                                                else (595, 842), abs=1)
        landscape = (page.get("/Rotate", 0) % 180 == 90) != (page.mediabox.width > page.mediabox.height)
        assert landscape == (path.name == "booklet.pdf")  # booklet sheets come out landscape
    assert "Printer Test handout" in PdfReader(arrived["handout.pdf"]).pages[0].extract_text()


def test_a_bad_file_sends_nothing_to_the_queue(files, queue, tmp_path):
    before = _outbox()
    jobs = subprocess.run(["lpstat", "-W", "all", "-o", queue], capture_output=True, text=True)
    result = run("print", files["handout"], tmp_path / "missing.pdf", "--printer", queue)
    _one_line_error(result, "missing.pdf: file not found")
    after = subprocess.run(["lpstat", "-W", "all", "-o", queue], capture_output=True, text=True)
    assert after.stdout == jobs.stdout
    assert not _arrivals(before, ["handout.pdf"], seconds=2)


def test_build_and_batch_print_to_the_queue(queue, tmp_path):
    before = _outbox()
    out = tmp_path / "built-then-printed.pdf"
    result = run("build", "desk-worker", "-o", out, "--print", "--printer", queue)
    assert result.exit_code == 0, result.output
    assert len(_job_ids(result.output)) == 1
    result = run("batch", "--out-dir", tmp_path / "b", "--date", "2026-11-21", "--print",
                 "--printer", queue, "--copies", "1")
    assert result.exit_code == 0, result.output
    assert len(_job_ids(result.output)) == 3
    assert result.output.splitlines()[-1] == f"Sent 3 files to {queue}"
    names = ["built-then-printed.pdf", "desk-worker-booklet.pdf", "one-sided-pain-booklet.pdf",
             "post-workout-soreness-booklet.pdf"]
    assert sorted(_arrivals(before, names)) == sorted(names)


def test_print_to_an_unknown_printer_sends_nothing(files, queue):
    result = run("print", files["handout"], files["booklet"], "--printer", "no-such-printer")
    _one_line_error(result, "unknown printer 'no-such-printer'")
