"""Hostile and careless input (issue 16): one line and exit 1, never a traceback, a hang,
a half-written file or a file's contents echoed back. Each defect found has a test here."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import stat
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from conftest import CATALOGUE, pdf_pages, run
from pypdf import PdfReader

from backhandout import api, atomic
from backhandout import batch as batch_module
from backhandout.api import build_pdf
from backhandout.atomic import write_atomic
from backhandout.batch import INDEX, LOCK, safe_stem
from backhandout.errors import BackhandoutError
from backhandout.i18n import plural_forms
from backhandout.layouts import load_layout
from backhandout.model import Request
from backhandout.render.layer import Templates

DAY = dt.date(2026, 11, 21)
DEVICE = Path("/dev/zero")
needs_devices = pytest.mark.skipif(not DEVICE.exists() or not hasattr(os, "mkfifo"),
                                   reason="needs /dev/zero and FIFOs (POSIX)")
FAST = 10  # seconds: reading a device or a huge file would take minutes or all the memory


def one_line(result, *parts: str, code: int = 1) -> str:
    """The result is exit code `code` and one 'Error: ...' line holding every part."""
    assert result.exit_code == code, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    for part in parts:
        assert part in lines[0], lines[0]
    return lines[0]


def timed(*args: object, **kwargs):
    start = time.monotonic()
    result = run(*args, **kwargs)
    assert time.monotonic() - start < FAST, f"took {time.monotonic() - start:.1f} s"
    return result


def cli(*args: object, timeout: float = 60, **kwargs) -> subprocess.CompletedProcess:
    """The real command in its own process (for what could hang or needs real stdio)."""
    return subprocess.run([sys.executable, "-m", "backhandout", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout, **kwargs)


def png(path: Path, width: int, height: int) -> Path:
    """A real PNG of any size (1-bit, so even 12000 x 12000 is small on disk)."""
    row = b"\0" + b"\0" * ((width + 7) // 8)
    raw = zlib.compress(row * height, 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + \
            struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height,
                                                                        1, 0, 0, 0, 0))
                     + chunk(b"IDAT", raw) + chunk(b"IEND", b""))
    return path


def clinic(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "clinic.yaml"
    path.write_text("name: Riverside Physio\nphone: 0161 496 0000\n" + extra, encoding="utf-8")
    return path


def roster(tmp_path: Path, text: str, name: str = "roster.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def batch(tmp_path: Path, path: Path, *args: object):
    return run("batch", "--roster", path, "--out-dir", tmp_path / "out", "--jobs", 1,
               "--date", "2026-11-21", *args)


def built(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in (tmp_path / "out").glob("*.pdf"))


# --- devices, FIFOs and huge files: refused before a byte is read -------------------------

@needs_devices
@pytest.mark.parametrize("command", ["clinic", "logo", "roster", "tracking", "report", "impose",
                                     "print", "layout", "font", "po"])
def test_a_device_is_refused_at_once(tmp_path, command, catalogue_copy):
    zero = tmp_path / "zero"
    zero.symlink_to(DEVICE)
    out = tmp_path / "out.pdf"
    if command == "clinic":
        result = timed("build", "desk-worker", "--clinic", DEVICE, "-o", out)
    elif command == "logo":
        result = timed("build", "desk-worker", "--clinic", clinic(tmp_path, f"logo: {DEVICE}\n"))
    elif command == "roster":
        (tmp_path / "zero.csv").symlink_to(DEVICE)
        result = timed("batch", "--roster", tmp_path / "zero.csv", "--out-dir", tmp_path / "o")
    elif command == "tracking":
        result = timed("tracking", "read", DEVICE)
    elif command == "report":
        result = timed("tracking", "report", DEVICE, "-o", out)
    elif command == "impose":
        result = timed("impose", DEVICE, "-o", out)
    elif command == "print":
        result = timed("print", DEVICE, "--dry-run")
    elif command == "layout":
        (tmp_path / "zero.yaml").symlink_to(DEVICE)
        result = timed("build", "desk-worker", "--layout", tmp_path / "zero.yaml", "-o", out)
    elif command == "font":
        (tmp_path / "zero.ttf").symlink_to(DEVICE)
        layout = tmp_path / "l.yaml"
        layout.write_text("inherits: a4\nfonts:\n  regular: zero.ttf\n")
        result = timed("build", "desk-worker", "--layout", layout, "-o", out)
    else:
        (catalogue_copy / "locale/es.po").unlink()
        (catalogue_copy / "locale/es.po").symlink_to(DEVICE)
        result = timed("build", "desk-worker", "--lang", "es", "--catalogue", catalogue_copy,
                       "-o", out)
    one_line(result, "a device, not a regular file")
    assert not out.exists()


@needs_devices
@pytest.mark.parametrize("where", ["logo", "exercise", "clinic", "roster"])
def test_a_fifo_never_blocks(tmp_path, where, catalogue_copy):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    if where == "logo":
        args = ["build", "desk-worker", "--clinic", clinic(tmp_path, f"logo: {fifo}\n")]
    elif where == "exercise":
        os.mkfifo(catalogue_copy / "exercises/zz-pipe.yaml")
        args = ["plan", "desk-worker", "--catalogue", catalogue_copy]
    elif where == "clinic":
        args = ["build", "desk-worker", "--clinic", fifo]
    else:
        os.mkfifo(tmp_path / "pipe.csv")
        args = ["batch", "--roster", tmp_path / "pipe.csv", "--out-dir", tmp_path / "o"]
    done = cli(*args, cwd=tmp_path, timeout=30)  # a blocking open would time out here
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip().count("\n") == 0 and "a pipe (FIFO), not a regular file" in done.stderr


def sparse(path: Path, size: int) -> Path:
    """A file of that size with nothing written in it (it takes no disk space)."""
    with open(path, "wb") as handle:
        handle.truncate(size)
    return path


@pytest.mark.parametrize(("kind", "limit", "command"), [
    ("roster", "20 MB", "batch"),
    ("PDF", "100 MB", "tracking"),
    ("clinic file", "64 kB", "clinic"),
    ("catalogue file", "1 MB", "exercise"),
    ("layout file", "256 kB", "layout"),
    ("logo", "5 MB", "logo"),
    ("font file", "32 MB", "font"),
    ("translation file", "10 MB", "po"),
])
def test_a_file_over_its_limit_is_refused_unread(tmp_path, catalogue_copy, kind, limit, command):
    number, unit = limit.split()
    size = int(number) * (2**20 if unit == "MB" else 2**10) + 1
    shown = f"{size:,} bytes" if int(number) >= 100 else f"{number}.0 {unit}"
    over = f"the file is too big ({shown}): a {kind} may be at most {limit}"
    out = tmp_path / "x.pdf"
    if command == "batch":
        result = timed("batch", "--roster", sparse(tmp_path / "big.csv", size), "--out-dir", out)
    elif command == "tracking":
        result = timed("tracking", "read", sparse(tmp_path / "big.pdf", size))
    elif command == "clinic":
        result = timed("build", "desk-worker", "--clinic", sparse(tmp_path / "c.yaml", size))
    elif command == "exercise":
        sparse(catalogue_copy / "exercises/zz-big.yaml", size)
        result = timed("plan", "desk-worker", "--catalogue", catalogue_copy)
    elif command == "layout":
        result = timed("build", "desk-worker", "--layout", sparse(tmp_path / "l.yaml", size))
    elif command == "logo":
        sparse(tmp_path / "logo.png", size)
        result = timed("build", "desk-worker", "--clinic", clinic(tmp_path, "logo: logo.png\n"))
    elif command == "font":
        sparse(tmp_path / "Big.ttf", size)
        (tmp_path / "l.yaml").write_text("inherits: a4\nfonts:\n  regular: Big.ttf\n")
        result = timed("build", "desk-worker", "--layout", tmp_path / "l.yaml", "-o", out)
    else:
        sparse(catalogue_copy / "locale/es.po", size)
        result = timed("build", "desk-worker", "--lang", "es", "--catalogue", catalogue_copy)
    one_line(result, over)
    assert not out.exists()


def test_a_file_is_never_read_past_its_limit_even_if_its_size_lies(tmp_path, monkeypatch):
    """A file that grows while it is read, or reports no size (as /proc files do)."""
    from backhandout import inputs

    path = tmp_path / "growing.csv"
    path.write_bytes(b"x" * 3000)
    real = os.fstat
    monkeypatch.setattr(inputs.os, "fstat", lambda fd: os.stat_result(
        (*real(fd)[:6], 0, *real(fd)[7:])))  # st_size 0
    reads = []
    real_open = os.fdopen

    def fdopen(fd, mode):
        handle = real_open(fd, mode)
        original = handle.read
        handle.read = lambda n=-1: reads.append(n) or original(n)  # type: ignore[method-assign]
        return handle

    monkeypatch.setattr(inputs.os, "fdopen", fdopen)
    with pytest.raises(BackhandoutError, match=r"growing.csv: the file is too big: a test file "
                                                r"may be at most 1 kB"):
        inputs.read_bytes(path, inputs.Kind("test file", 1024))
    assert reads == [1025]
    assert inputs.read_bytes(path, inputs.Kind("test file", 3000)) == b"x" * 3000


def test_a_folder_where_a_file_should_be_is_named(catalogue_copy):
    (catalogue_copy / "exercises/zz-folder.yaml").mkdir()
    one_line(run("plan", "desk-worker", "--catalogue", catalogue_copy),
             "zz-folder.yaml: a folder, not a file")


def test_every_limit_is_in_the_readme():
    from backhandout import inputs

    readme = (CATALOGUE.parent / "README.md").read_text()
    limits = readme.split("## Limits", 1)[1].split("\n## ", 1)[0]
    for kind in inputs.KINDS:
        assert f"| {inputs.size_text(kind.limit)}" in limits, kind


def test_a_huge_png_logo_is_refused_from_its_header(tmp_path):
    png(tmp_path / "logo.png", 12000, 12000)
    start = time.monotonic()
    done = cli("build", "desk-worker", "--clinic", clinic(tmp_path, "logo: logo.png\n"), "-o",
               tmp_path / "x.pdf")
    assert time.monotonic() - start < FAST
    assert done.returncode == 1
    assert done.stderr == (f"Error: {tmp_path / 'clinic.yaml'}:3: logo: logo.png: the image is "
                           "12000 x 12000 pixels (at most 4000 pixels a side; about 600 are "
                           "enough)\n")  # one line: no DecompressionBombWarning


def test_a_logo_within_the_limit_is_drawn(tmp_path):
    png(tmp_path / "logo.png", 4000, 1000)
    result = run("build", "desk-worker", "--clinic", clinic(tmp_path, "logo: logo.png\n"),
                 "-o", tmp_path / "x.pdf")
    assert result.exit_code == 0, result.output
    page = PdfReader(tmp_path / "x.pdf").pages[0]
    assert [image.image.size for image in page.images] == [(4000, 1000)]


def test_a_huge_jpeg_logo_is_refused_from_its_header(tmp_path):
    from PIL import Image

    Image.new("RGB", (40, 30), "white").save(tmp_path / "logo.jpg", "JPEG")
    data = bytearray((tmp_path / "logo.jpg").read_bytes())
    at = next(i for i in range(2, len(data)) if data[i] == 0xFF and data[i + 1] == 0xC0)
    data[at + 5:at + 9] = struct.pack(">HH", 30000, 20000)  # height, width in the SOF0 header
    (tmp_path / "logo.jpg").write_bytes(bytes(data))
    one_line(timed("build", "desk-worker", "--clinic", clinic(tmp_path, "logo: logo.jpg\n")),
             "logo: logo.jpg: the image is 20000 x 30000 pixels (at most 4000 pixels a side")


def test_a_png_whose_header_lies_is_not_readable(tmp_path):
    path = png(tmp_path / "logo.png", 100, 100)
    data = bytearray(path.read_bytes())
    data[16:24] = struct.pack(">II", 200, 50)  # the header no longer matches the pixels
    path.write_bytes(bytes(data))
    result = run("build", "desk-worker", "--clinic", clinic(tmp_path, "logo: logo.png\n"))
    one_line(result, "logo: logo.png: not a readable PNG or JPEG image")


# --- YAML that costs minutes or gigabytes --------------------------------------------------

LAUGHS = "".join(f"- &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))


def _at_most_1_gb() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))


@pytest.mark.skipif(os.name != "posix", reason="memory limit for the child: POSIX")
def test_billion_laughs_in_a_roster_is_refused_at_once(tmp_path):
    path = roster(tmp_path, "- &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + LAUGHS
                  + "- {name: Ana, profile: desk-worker, notes: *a9}\n", "roster.yaml")
    assert path.stat().st_size < 1000
    start = time.monotonic()  # in a child of its own, so a regression fails in seconds, not
    done = cli("batch", "--roster", path, "--out-dir", tmp_path / "o",  # minutes and gigabytes
               timeout=FAST * 3, preexec_fn=_at_most_1_gb)
    assert time.monotonic() - start < FAST
    assert done.returncode == 1
    assert done.stderr == (f"Error: {path}:1: YAML aliases (*name) are not allowed here; write "
                           "the value out\n")


@pytest.mark.parametrize("relative", ["layouts", "clinic", "exercises/bird-dog.yaml"])
def test_aliases_are_refused_in_every_file(tmp_path, catalogue_copy, relative):
    if relative == "layouts":
        path = tmp_path / "l.yaml"
        path.write_text("inherits: a4\nmargins:\n  left: &m 20mm\n  right: *m\n")
        result = run("build", "desk-worker", "--layout", path, "-o", tmp_path / "x.pdf")
    elif relative == "clinic":
        path = clinic(tmp_path, "address: &a Mill Lane\nwebsite: *a\n")
        result = run("build", "desk-worker", "--clinic", path, "-o", tmp_path / "x.pdf")
    else:
        path = catalogue_copy / relative
        path.write_text(path.read_text().replace("name: Bird dog", "name: &n Bird dog\n"
                                                 "purpose_copy: *n", 1))
        result = run("plan", "desk-worker", "--catalogue", catalogue_copy)
    one_line(result, "YAML aliases (*name) are not allowed here")


def test_deep_nesting_is_refused(tmp_path):
    notes = "[" * 900 + "]" * 900
    path = roster(tmp_path, f"- {{name: Ana, profile: desk-worker, notes: {notes}}}\n",
                  "roster.yaml")
    one_line(timed("batch", "--roster", path, "--out-dir", tmp_path / "o"),
             "roster.yaml:1: lists and mappings are nested too deep (at most 20 levels)")


@pytest.mark.parametrize("where", ["roster", "catalogue", "layout", "clinic"])
def test_a_number_of_thousands_of_digits_is_refused(tmp_path, catalogue_copy, where):
    digits = "9" * 5000
    if where == "roster":
        path = roster(tmp_path, f"- {{name: Ana, profile: desk-worker, age: {digits}}}\n",
                      "roster.yaml")
        result = timed("batch", "--roster", path, "--out-dir", tmp_path / "o")
    elif where == "catalogue":
        path = catalogue_copy / "exercises/bird-dog.yaml"
        path.write_text(re.sub(r"reps: \d+", f"reps: {digits}", path.read_text(), count=1))
        result = timed("plan", "desk-worker", "--catalogue", catalogue_copy)
    elif where == "layout":
        path = tmp_path / "l.yaml"
        path.write_text(f"inherits: a4\ncards_per_page: {digits}\n")
        result = timed("build", "desk-worker", "--layout", path)
    else:
        result = timed("build", "desk-worker", "--clinic",
                       clinic(tmp_path, f"website: {digits}\n").rename(tmp_path / "c.yaml"))
    one_line(result, "a number of 5,000 characters is too long (at most 30)")


# --- rosters: one bad cell fails one row ---------------------------------------------------

def test_a_huge_cell_fails_its_row_only(tmp_path):
    path = roster(tmp_path, "name,profile,notes\nAna,desk-worker,\n"
                            f"Bob,desk-worker,{'x' * 200_000}\nCy,desk-worker,\n")
    result = batch(tmp_path, path)
    assert result.exit_code == 1
    assert result.stderr == "row 3: notes: the cell is 200,000 characters long (at most 10,000)\n"
    assert built(tmp_path) == ["desk-worker-ana.pdf", "desk-worker-cy.pdf"]
    import csv

    assert csv.field_size_limit() == 131072  # the process-wide setting is put back


@pytest.mark.parametrize("cells", ["weeks=²", "age=³", f"age={'7' * 5000}"])
def test_a_cell_that_breaks_a_parser_fails_its_row_only(tmp_path, cells):
    column, value = cells.split("=")
    path = roster(tmp_path, f"name,profile,{column}\nAna,desk-worker,\nBob,desk-worker,{value}\n"
                            "Cy,desk-worker,\n")
    result = batch(tmp_path, path)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.startswith("row 3: ") and result.stderr.count("\n") == 1
    assert len(result.stderr) < 400
    assert built(tmp_path) == ["desk-worker-ana.pdf", "desk-worker-cy.pdf"]


def test_duplicate_keys_in_a_yaml_roster_fail_the_row(tmp_path):
    path = roster(tmp_path, "- {name: Ana, profile: desk-worker}\n"
                            "- {name: Bob, profile: desk-worker, name: Robert}\n", "roster.yaml")
    result = batch(tmp_path, path)
    assert result.exit_code == 1
    assert result.stderr == "row 2 (line 2): column 'name' appears twice\n"
    assert built(tmp_path) == ["desk-worker-ana.pdf"]


@pytest.mark.parametrize("date", ["20261121", "2026-W47-6", "2026-11-21T10:00", "２０２６-11-21"])
def test_only_yyyy_mm_dd_dates_in_a_roster(tmp_path, date):
    result = batch(tmp_path, roster(tmp_path, f"name,profile,date\nAna,desk-worker,{date}\n"))
    assert result.exit_code == 1
    assert result.stderr == f"row 2: date: must be a date like 2026-11-21 (YYYY-MM-DD), got '{date}'\n"


# --- never a file's contents in an error ---------------------------------------------------

SECRET = "s3cr3t:x:0:0:line-of-a-system-file:/home/s3cr3t:/bin/bash\n" * 30


def test_a_clinic_cell_naming_a_system_file_does_not_echo_it(tmp_path):
    system = tmp_path / "passwd"
    system.write_text(SECRET)
    result = batch(tmp_path, roster(tmp_path, f"name,profile,clinic\nAna,desk-worker,{system}\n"))
    assert result.exit_code == 1
    assert "s3cr3t" not in result.output
    assert result.stderr == (f"row 2: clinic: {system}:1: expected a mapping, got a text of "
                             f"{len(' '.join(SECRET.split())):,} characters\n")


def test_a_catalogue_file_linked_to_a_system_file_does_not_echo_it(tmp_path, catalogue_copy):
    system = tmp_path / "passwd"
    system.write_text(SECRET)
    link = catalogue_copy / "exercises/bird-dog.yaml"
    link.unlink()
    link.symlink_to(system)
    line = one_line(run("plan", "desk-worker", "--catalogue", catalogue_copy), "bird-dog.yaml")
    assert "s3cr3t" not in line


def test_a_system_file_as_roster_does_not_echo_it(tmp_path):
    system = tmp_path / "passwd.csv"
    system.write_text(SECRET)
    line = one_line(run("batch", "--roster", system, "--out-dir", tmp_path / "o"),
                    "unknown column 1 (valid columns: name, profile")
    assert "s3cr3t" not in line


def test_a_file_that_is_one_short_line_is_not_quoted_either(tmp_path):
    path = tmp_path / "token.yaml"
    path.write_text("hunter2-s3cr3t\n")
    line = one_line(run("build", "desk-worker", "--clinic", path),
                    "token.yaml:1: expected a mapping, got a text of 14 characters")
    assert "s3cr3t" not in line


def test_a_long_wrong_value_is_described_not_quoted(catalogue_copy):
    path = catalogue_copy / "exercises/glute-bridge.yaml"
    path.write_text(re.sub(r"reps: \d+", "reps: " + "s3cr3t" * 20, path.read_text(), count=1))
    line = one_line(run("plan", "desk-worker", "--catalogue", catalogue_copy),
                    "dose.reps: expected a whole number, got a text of 120 characters")
    assert "s3cr3t" not in line


def test_a_short_wrong_value_is_still_quoted(catalogue_copy):
    path = catalogue_copy / "exercises/glute-bridge.yaml"
    path.write_text(re.sub(r"reps: \d+", "reps: lots", path.read_text(), count=1))
    one_line(run("plan", "desk-worker", "--catalogue", catalogue_copy),
             "dose.reps: expected a whole number, got 'lots'")


# --- layouts: checked when they load, never a crash when drawn ------------------------------

BAD_LAYOUTS = [
    ("margins:\n  left: 700pt\n", "margins.left: expected a length from 5mm to 80mm, got '700pt'"),
    ("margins:\n  top: 2mm\n", "margins.top: expected a length from 5mm to 80mm"),
    *((f"text:\n  body: {size}pt\n", f"text.body: expected a length from 12pt to 24pt, got "
       f"'{size}pt'") for size in (0, 1, 11, 40, 1000)),
    ("text:\n  body: 30pt\n  leading: 3\n", "text.body: expected a length from 12pt to 24pt"),
    ("text:\n  leading: 3\n", "text.leading: expected a number from 1.0 to 2.0, got '3'"),
    ("text:\n  small: 0pt\n", "text.small: expected a length from 8pt to 16pt"),
    ("text:\n  title: 200pt\n", "text.title: expected a length from 12pt to 48pt"),
    ("page:\n  size: [0, 0]\n", "page.size[0]: expected a length from 120mm to 500mm, got '0'"),
    ("page:\n  size: [50mm, 50mm]\n", "page.size[0]: expected a length from 120mm to 500mm"),
    ("booklet:\n  sheet: [0, 0]\n", "booklet.sheet[0]: expected a length from 120mm to 500mm"),
    ("figure_height: 2000pt\n", "figure_height: expected a length from 20mm to 150mm"),
    ("cards_per_page: 4\ntext:\n  body: 20pt\n",
     "margins: the text area is 174mm wide (the page less the left and right margins): with "
     "20pt text it must be at least 176mm"),
    ("page:\n  size: A5\n  landscape: true\n", "margins: the text area is 116mm tall (the page "
     "less the top and bottom margins): with 12pt text and leading 1.3 it must hold 25 lines"),
    ("figure_height: 120mm\n", "figure_height: a card's pictures (120mm) may take at most 40% "
                               "of the text area's height (106mm here)"),
    ("margins:\n  top: 8mm\n", "margins.top: the top margin (8mm) must hold the page header"),
    ("margins:\n  bottom: 10mm\n", "margins.bottom: the bottom margin (10.0mm) must hold the "
                                 "footer's two lines: at least 15.4mm"),
]


@pytest.mark.parametrize(("text", "message"), BAD_LAYOUTS)
def test_layouts_that_cannot_work_are_refused_before_drawing(tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text("inherits: a4\n" + text)
    out = tmp_path / "x.pdf"
    line = one_line(run("build", "desk-worker", "--layout", path, "-o", out), message)
    assert line.startswith(f"Error: {path}")
    assert not out.exists()


OTF = b"OTTO" + b"\0" * 200


@pytest.mark.parametrize(("content", "message"), [
    (b"hello, I am text\n", "the file is not a TrueType font, or is damaged"),
    (b"", "the file is not a TrueType font, or is damaged"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "the file is not a TrueType font, or is damaged"),
    ("truncated", "the file is not a TrueType font, or is damaged"),
    (OTF, "it has PostScript (CFF) outlines, as most .otf fonts do: use a TrueType font"),
])
def test_a_bad_font_file_is_one_line_naming_file_and_field(tmp_path, content, message):
    import reportlab

    vera = Path(reportlab.__file__).parent / "fonts/Vera.ttf"
    data = vera.read_bytes()[:20000] if content == "truncated" else content
    (tmp_path / "My.ttf").write_bytes(data)
    path = tmp_path / "l.yaml"
    path.write_text("inherits: a4\nfonts:\n  bold: My.ttf\n")
    one_line(run("build", "desk-worker", "--layout", path, "-o", tmp_path / "x.pdf"),
             f"{path}:3: fonts.bold: My.ttf: {message}")


def test_a_font_collection_uses_its_first_font(tmp_path):
    import reportlab
    from fontTools.ttLib import TTCollection, TTFont

    fonts = Path(reportlab.__file__).parent / "fonts"
    collection = TTCollection()
    collection.fonts = [TTFont(fonts / "VeraBd.ttf"), TTFont(fonts / "Vera.ttf")]
    collection.save(tmp_path / "Pair.ttf")
    path = tmp_path / "l.yaml"
    path.write_text("inherits: a4\nfonts:\n  regular: Pair.ttf\n")
    result = run("build", "desk-worker", "--layout", path, "-o", tmp_path / "x.pdf")
    assert result.exit_code == 0, result.output
    fonts_used = {str(f["/BaseFont"]) for p in PdfReader(tmp_path / "x.pdf").pages
                  for f in p["/Resources"]["/Font"].values()}
    assert any(name.endswith("BitstreamVeraSans-Bold") for name in fonts_used)


def test_check_reports_bad_layouts_and_survives_a_bad_font_with_lang(tmp_path, monkeypatch):
    folder = tmp_path / "layouts"
    folder.mkdir()
    (folder / "a4.yaml").write_text((CATALOGUE.parent / "layouts/a4.yaml").read_text())
    (folder / "Bad.ttf").write_bytes(b"not a font")
    (folder / "badfont.yaml").write_text("inherits: a4\nfonts:\n  regular: Bad.ttf\n")
    (folder / "huge.yaml").write_text("inherits: a4\ntext:\n  body: 1000pt\n")
    monkeypatch.setenv("BACKHANDOUT_LAYOUTS", str(folder))
    load_layout.cache_clear()
    try:
        for lang in ("en", "es"):
            result = run("check", "--lang", lang)
            assert result.exit_code == 1 and "Traceback" not in result.output
            errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
            assert f"Error: {folder / 'badfont.yaml'}:3: fonts.regular: Bad.ttf: the file is not a " \
                   "TrueType font, or is damaged" in errors
            assert any(line.startswith(f"Error: {folder / 'huge.yaml'}:3: text.body:")
                       for line in errors)
            assert "Layouts: 3 files checked" in result.stdout
    finally:
        load_layout.cache_clear()


EXTREME_LAYOUTS = [  # each value at an end of its range, and still a handout
    "page:\n  size: Half-Letter\nmargins:\n  left: 5mm\n  right: 5mm\n  top: 30mm\n"
    "  bottom: 30mm\ntext:\n  body: 12pt\n  title: 48pt\n  leading: 1.0\nweeks_per_page: 4\n"
    "figure_height: 50mm\n",
    "page:\n  size: A3\ntext:\n  body: 24pt\n  heading: 36pt\n  title: 48pt\n  small: 16pt\n"
    "  leading: 1.7\n  paragraph_space: 2.0\nmargins:\n  bottom: 30mm\n  top: 20mm\n"
    "  left: 20mm\n  right: 20mm\nfigure_height: 120mm\ncards_per_page: 4\nweeks_per_page: 4\n",
    "page:\n  size: A4\n  landscape: true\ntext:\n  body: 14pt\n  leading: 1.3\n"
    "margins:\n  top: 12mm\n  bottom: 22mm\nfigure_height: 50mm\ncards_per_page: 4\n"
    "weeks_per_page: 1\n",
]


@pytest.mark.parametrize("text", EXTREME_LAYOUTS)
def test_a_layout_that_loads_builds_even_with_long_texts(tmp_path, catalogue, text):
    path = tmp_path / "l.yaml"
    path.write_text("inherits: a4\n" + text)
    layout = load_layout(str(path))
    from backhandout.clinic import load_clinic

    place = clinic(tmp_path, "address: |\n" + "".join(f"  Line {i} of the address, Mill Lane\n"
                                                     for i in range(6))
                   + "website: www.riverside-physio-and-sports-injury.example.org/appointments\n")
    request = Request(profile="one-sided-pain", side="left", weeks=12, patient="Ana Núñez " * 19,
                      date=DAY, flags=("osteoporosis", "pregnancy", "sciatica"), age=70,
                      clinic=load_clinic(place), clinician="C" * 100,
                      notes="This is a sentence of prose. " * 170)
    for reuse in (False, True):
        pages = pdf_pages(build_pdf(request, catalogue, layout,
                                    templates=Templates() if reuse else None))
        assert "This is a sentence of prose." in " ".join(pages)


# --- long text flows across pages, or is refused with its limit ------------------------------

def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("layout", ["a4", "large-print", "booklet"])
def test_a_long_note_flows_across_pages(tmp_path, layout):
    lines = "\n".join(f"line {i}" for i in range(40))
    prose = "This is a sentence of prose for the patient. " * 56  # about 2,540 characters
    for note in (lines, prose.strip()):
        out = tmp_path / "x.pdf"
        result = run("build", "desk-worker", "--notes", note, "--layout", layout, "-o", out)
        assert result.exit_code == 0, result.output
        text = flat(" ".join(pdf_pages(out.read_bytes()) if layout != "booklet" else
                             [p.extract_text() for p in PdfReader(out).pages]))
        if note is lines:
            assert all(f"line {i} " in text + " " for i in range(40))
        else:
            assert text.count("prose") == 56  # a word is never cut by a page break


@pytest.mark.parametrize(("args", "message"), [
    (("--notes", "x" * 5001), "Invalid value for '--notes': is 5,001 characters long (at most 5,000)"),
    (("--notes", "l\n" * 101), "Invalid value for '--notes': has 101 lines (at most 100)"),
    (("--clinician", "Sam Patel " * 254),
     "Invalid value for '--clinician': is 2,539 characters long (at most 100)"),
])
def test_text_too_long_for_a_handout_is_refused_with_its_limit(tmp_path, args, message):
    """A usage error (exit 2) from the one request validator, the same rule as the library's."""
    out = tmp_path / "x.pdf"
    result = run("build", "desk-worker", *args, "-o", out)
    assert result.exit_code == 2 and message in result.output, result.output
    assert "Traceback" not in result.output
    assert not out.exists()


@pytest.mark.parametrize(("extra", "message"), [
    ("name2: x\n", "name2: unknown key"),
    ("address: |\n" + "".join(f"  line {i}\n" for i in range(100)), "address: the text is"),
    ("address: |\n" + "".join(f"  {i}\n" for i in range(7)), "address: the text has 7 lines (at most 6)"),
    (f"website: {'w' * 3000}\n", "website: the text is 3,000 characters long (at most 100)"),
    (f"clinician: {'c' * 101}\n", "clinician: the text is 101 characters long (at most 100)"),
])
def test_clinic_fields_have_limits(tmp_path, extra, message):
    one_line(run("build", "desk-worker", "--clinic", clinic(tmp_path, extra)), message)


def test_a_2000_character_clinic_name_is_refused(tmp_path):
    path = tmp_path / "clinic.yaml"
    path.write_text(f"name: {'N' * 2000}\nphone: 0161 496 0000\n")
    one_line(run("build", "desk-worker", "--clinic", path),
             "clinic.yaml:1: name: the text is 2,000 characters long (at most 100)")


def test_a_100k_character_catalogue_step_is_refused(catalogue_copy):
    path = catalogue_copy / "exercises/bird-dog.yaml"
    text = path.read_text()
    path.write_text(text.replace("steps:\n", "steps:\n  - " + "word " * 20000 + "\n", 1))
    one_line(run("plan", "desk-worker", "--catalogue", catalogue_copy),
             "bird-dog.yaml:", "steps[0]: the text is 99,999 characters long (at most 300)")


def test_a_layout_error_reaching_the_api_is_one_line(monkeypatch, tmp_path):
    from reportlab.platypus.doctemplate import LayoutError

    import backhandout.render as render

    def too_big(*args, **kwargs):
        raise LayoutError("Flowable <Table@0x7f00> too large on page 1")

    monkeypatch.setattr(render, "render_handout", too_big)
    one_line(run("build", "desk-worker", "-o", tmp_path / "x.pdf"),
             "the handout cannot be laid out on the pages of the layout 'a4'")


# --- the last resort: a bug is one line -----------------------------------------------------

def _boom(*args, **kwargs):
    raise RuntimeError("boom\nsecond line")


def test_an_unexpected_error_is_one_line_and_exit_1(monkeypatch, tmp_path):
    monkeypatch.setattr(api, "make_plan", _boom)
    monkeypatch.delenv("BACKHANDOUT_DEBUG", raising=False)
    result = run("build", "desk-worker", "-o", tmp_path / "x.pdf")
    assert result.exit_code == 1
    assert result.output == "Error: internal error: RuntimeError: boom second line; please report it\n"


def test_the_traceback_only_with_backhandout_debug(monkeypatch, tmp_path):
    monkeypatch.setattr(api, "make_plan", _boom)
    monkeypatch.setenv("BACKHANDOUT_DEBUG", "1")
    result = run("build", "desk-worker", "-o", tmp_path / "x.pdf")
    assert result.exit_code == 1
    assert "Traceback (most recent call last)" in result.stderr and "RuntimeError: boom" in result.stderr
    assert result.stderr.strip().splitlines()[-1] == \
        "Error: internal error: RuntimeError: boom second line; please report it"


def test_an_unexpected_error_in_a_batch_row_lets_the_others_go_on(monkeypatch, tmp_path):
    real = batch_module.build_pdf

    def build(request, *args, **kwargs):
        if request.patient == "Bob":
            raise ZeroDivisionError("division by zero")
        return real(request, *args, **kwargs)

    monkeypatch.setattr(batch_module, "build_pdf", build)
    path = roster(tmp_path, "name,profile\nAna,desk-worker\nBob,desk-worker\nCy,desk-worker\n")
    result = batch(tmp_path, path)
    assert result.exit_code == 1
    assert result.stderr == "row 3: internal error: ZeroDivisionError: division by zero; please report it\n"
    assert built(tmp_path) == ["desk-worker-ana.pdf", "desk-worker-cy.pdf"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [("profiles",), ("--help",), ("exercises", "--json")])
def test_output_to_a_full_disk_is_one_line(args):
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "backhandout", *args], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr == "Error: cannot write the output: No space left on device\n"


# --- private files ----------------------------------------------------------------------------

@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_written_files_follow_the_umask_and_keep_their_mode(tmp_path):
    old = os.umask(0o077)
    try:
        write_atomic(tmp_path / "private.pdf", b"%PDF-1.7 a")
        os.umask(0o022)
        write_atomic(tmp_path / "shared.pdf", b"%PDF-1.7 b")
        (tmp_path / "kept.pdf").write_bytes(b"old")
        os.chmod(tmp_path / "kept.pdf", 0o600)
        write_atomic(tmp_path / "kept.pdf", b"%PDF-1.7 c")
    finally:
        os.umask(old)
    mode = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir()}
    assert mode == {"private.pdf": 0o600, "shared.pdf": 0o644, "kept.pdf": 0o600}
    assert (tmp_path / "kept.pdf").read_bytes() == b"%PDF-1.7 c"


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_an_encrypted_batch_under_umask_077_is_private(tmp_path):
    old = os.umask(0o077)
    try:
        path = roster(tmp_path, "name,profile\nAna,desk-worker\n")
        assert batch(tmp_path, path, "--password", "s3cret").exit_code == 0
    finally:
        os.umask(old)
    for file in (tmp_path / "out").iterdir():
        assert stat.S_IMODE(file.stat().st_mode) & 0o077 == 0, file.name


def test_a_written_file_and_its_folder_are_synced(tmp_path, monkeypatch):
    synced = []
    real = os.fsync

    def fsync(fd):
        synced.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        real(fd)

    monkeypatch.setattr(atomic.os, "fsync", fsync)
    write_atomic(tmp_path / "x.pdf", b"%PDF")
    assert synced == [False, True]  # the file before the rename, the folder after


# --- batch faults -----------------------------------------------------------------------------

def test_a_worker_killed_mid_row_is_that_rows_error(tmp_path, monkeypatch):
    real = batch_module.build_pdf

    def build(request, *args, **kwargs):
        if request.patient == "Bad":
            os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer would
        return real(request, *args, **kwargs)

    monkeypatch.setattr(batch_module, "build_pdf", build)  # forked workers get it too
    names = [f"P{i}" for i in range(4)] + ["Bad"] + [f"Q{i}" for i in range(4)]
    path = roster(tmp_path, "name,profile\n" + "".join(f"{n},desk-worker\n" for n in names))
    result = run("batch", "--roster", path, "--out-dir", tmp_path / "out", "--jobs", 2,
                 "--date", "2026-11-21")
    assert result.exit_code == 1, result.output
    assert "Interrupted" not in result.output
    assert result.stderr == ("row 6: the worker process building this handout was killed "
                             "(perhaps the computer ran out of memory); the other rows went on\n")
    assert len(built(tmp_path)) == 8 and not list((tmp_path / "out").glob("*.tmp"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal: Linux")
def test_kill_9_of_a_batch_stops_its_workers(tmp_path):
    rows = "".join(f"Patient {i},desk-worker\n" for i in range(40))
    path = roster(tmp_path, "name,profile\n" + rows)
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "backhandout", "batch", "--roster", path,
                                "--out-dir", out, "--jobs", "2", "--date", "2026-11-21"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(out.glob("*.pdf"))) < 2:
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)  # the batch only, not its group
    process.wait()
    stopped = time.monotonic() + 15
    while True:
        try:
            os.killpg(process.pid, 0)  # any worker left in the group?
        except ProcessLookupError:
            break
        if time.monotonic() > stopped:
            os.killpg(process.pid, signal.SIGKILL)
            pytest.fail("workers still running 15 s after their batch was killed")
        time.sleep(0.05)
    assert not list(out.glob(".*.tmp"))
    assert len(list(out.glob("*.pdf"))) < 40


@pytest.mark.parametrize("index", [
    '{"files": {"desk-worker-ana.pdf": 1}}',
    '{"files": {"desk-worker-ana.pdf": "key"}}',
    '{"files": "everything"}',
    '["files"]',
    '{"files": {"desk-worker-ana.pdf": {"key": 1, "size": "x", "mtime_ns": null}}}',
    '{"files": {"desk-worker-ana.pdf": {"key": "k", "size": 1, "mtime_ns": 1, "more": 1}}}',
    '{"files": ' + "[" * 100_000 + "]" * 100_000 + "}",
    '{"files": {"a.pdf": {"key": "k", "size": ' + "9" * 5000 + ', "mtime_ns": 1}}}',
    "\udcff",
])
def test_any_damaged_index_is_treated_as_empty(tmp_path, index):
    path = roster(tmp_path, "name,profile\nAna,desk-worker\n")
    assert batch(tmp_path, path).exit_code == 0
    (tmp_path / "out" / INDEX).write_bytes(index.encode("utf-8", "surrogateescape"))
    again = batch(tmp_path, path)
    assert again.exit_code == 0, again.output
    assert again.stdout.startswith("Built 1, skipped 0, failed 0")
    assert json.loads((tmp_path / "out" / INDEX).read_text())["files"]["desk-worker-ana.pdf"]


def test_one_damaged_entry_makes_the_whole_index_empty(tmp_path):
    path = roster(tmp_path, "name,profile\nAna,desk-worker\nBob,desk-worker\n")
    assert batch(tmp_path, path).exit_code == 0
    index = json.loads((tmp_path / "out" / INDEX).read_text())
    for damage in ({"size": "1"}, {"mtime_ns": 1.5}, {"extra": 1}):
        entry = index["files"]["desk-worker-bob.pdf"]
        (tmp_path / "out" / INDEX).write_text(json.dumps(
            {"version": 1, "files": {**index["files"], "desk-worker-bob.pdf": {**entry, **damage}}}))
        again = batch(tmp_path, path)
        assert again.stdout.startswith("Built 2, skipped 0, failed 0"), (damage, again.output)
        index = json.loads((tmp_path / "out" / INDEX).read_text())


@pytest.mark.skipif(os.name != "posix", reason="flock is POSIX")
def test_a_second_batch_in_the_same_folder_is_refused(tmp_path):
    import fcntl

    out = tmp_path / "out"
    out.mkdir()
    with open(out / LOCK, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        lock.write("4242\n")
        lock.flush()
        path = roster(tmp_path, "name,profile\nAna,desk-worker\n")
        result = batch(tmp_path, path)
        one_line(result, f"{out}: another batch (process 4242) is writing to this folder: "
                         "wait for it to finish, or use another --out-dir")
        assert built(tmp_path) == []
    # the lock ends with whoever held it: a lock file left by a killed batch is taken over
    assert (out / LOCK).read_text() == "4242\n"
    assert batch(tmp_path, path).exit_code == 0 and built(tmp_path) == ["desk-worker-ana.pdf"]


# --- smaller items ----------------------------------------------------------------------------

def _pdf_with_media(tmp_path: Path, media) -> Path:
    import pikepdf

    source = tmp_path / "src.pdf"
    assert run("build", "desk-worker", "-o", source).exit_code == 0
    with pikepdf.open(source) as pdf:
        for page in pdf.pages:
            if media is None:
                del page.obj["/MediaBox"]
            else:
                page.obj.MediaBox = pikepdf.Array(media)
        if media is None and "/MediaBox" in pdf.Root.Pages:
            del pdf.Root.Pages["/MediaBox"]
        pdf.save(tmp_path / "odd.pdf")
    return tmp_path / "odd.pdf"


@pytest.mark.parametrize(("media", "message"), [
    (None, "the first page has no readable size (MediaBox)"),
    ([0, 0, 0, 0], "the first page's size (0 x 0 points) is not a paper size"),
])
def test_print_a_page_without_a_usable_size(tmp_path, media, message):
    one_line(run("print", _pdf_with_media(tmp_path, media), "--dry-run"), message)


def test_a_printer_name_with_a_newline_is_one_line(tmp_path):
    source = tmp_path / "src.pdf"
    assert run("build", "desk-worker", "-o", source).exit_code == 0
    one_line(run("print", source, "--dry-run", "--printer", "Front\nDesk"),
             "--printer: not a printer name: 'Front\\nDesk'")


@pytest.mark.parametrize(("header", "message"), [
    ("nplurals=2; plural=(n-100);", "the plural= rule gives form -100 for n=0"),
    ("nplurals=2; plural=n/0;", "the plural= rule fails for n=0"),
    ("nplurals=50000000; plural=(n != 1);", "nplurals must be from 1 to 6, got 50000000"),
    ("nplurals=2; plural=(n > 1 ? 2 : 0);", "gives form 2 for n=2"),
    ("nplurals=2; plural=__import__('os').system('x');", "plural"),
])
def test_malicious_plural_forms_are_clear_errors(catalogue_copy, header, message):
    po = catalogue_copy / "locale/es.po"
    po.write_text(re.sub(r'"Plural-Forms: [^"]*\\n"', f'"Plural-Forms: {header}\\\\n"',
                         po.read_text(), count=1))
    assert header in po.read_text()
    for args in (("build", "desk-worker", "--lang", "es", "-o", catalogue_copy / "x.pdf"),
                 ("check", "--lang", "es"), ("translations", "update", "--lang", "es")):
        start = time.monotonic()
        result = run(*args, "--catalogue", catalogue_copy)
        assert time.monotonic() - start < FAST
        assert result.exit_code == 1 and "Traceback" not in result.output, result.output
        assert "Plural-Forms header: " in result.output and message in result.output, result.output


def test_plural_rules_of_real_languages_pass():
    assert plural_forms("nplurals=2; plural=(n != 1);")[0] == 2
    polish = "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
    assert plural_forms(polish)[1](22) == 1
    arabic = ("nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
              "n%100>=11 ? 4 : 5);")
    assert plural_forms(arabic)[1](111) == 4
    with pytest.raises(ValueError):
        plural_forms("plural=(n != 1);")


def test_a_missing_layouts_folder_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKHANDOUT_LAYOUTS", str(tmp_path / "nowhere"))
    result = run("build", "desk-worker")
    assert result.exit_code == 2
    assert "Choose from: , or" not in result.output
    assert f"the layouts folder BACKHANDOUT_LAYOUTS={tmp_path / 'nowhere'} does not exist" in \
        " ".join(result.output.split())


@pytest.mark.parametrize("name", ["COM0", "lpt0", "Com5", "LPT9", "nul", "aux"])
def test_windows_device_names_are_never_file_names(name):
    assert safe_stem(name) == ""


def test_source_date_epoch_does_not_change_the_bytes(tmp_path):
    files = []
    for epoch in (None, "1000000000"):
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        if epoch:
            env["SOURCE_DATE_EPOCH"] = epoch
        out = tmp_path / f"{epoch}.pdf"
        done = cli("build", "desk-worker", "--date", "2026-11-21", "--patient", "Ana", "-o", out,
                   env=env)
        assert done.returncode == 0, done.stderr
        files.append(out.read_bytes())
    assert files[0] == files[1]


def test_an_empty_password_is_refused_the_same_everywhere(tmp_path, catalogue):
    path = roster(tmp_path, "name,profile\nAna,desk-worker\n,desk-worker\n")
    result = batch(tmp_path, path, "--password", "")
    assert result.exit_code == 2 and "the password is empty" in result.output
    assert not (tmp_path / "out").exists()
    for reuse in (False, True):  # a named handout (layered) and a whole one alike
        with pytest.raises(BackhandoutError, match="the password is empty"):
            build_pdf(Request(profile="desk-worker", patient="Ana", date=DAY), catalogue,
                      password="", templates=Templates() if reuse else None)
