"""The diary filled by third-party tools and shown by independent PDF engines.

Each diary is filled with pdftk (XFDF) or PyMuPDF, then drawn by poppler
(pdftoppm, and pdftocairo + pdftotext for the text), MuPDF (mutool) and
Ghostscript. The cells are found in the blank page's pixels (the grid lines),
not from our own field positions, and the weeks by the numbers in their header
cells. Every typed value must show whole inside its own cell, as text the
engine reads back (accents included) and as ink, and nothing may change
anywhere else on the page. For a4, booklet and letter-booklet, English and
Spanish. Each tool that is missing skips its tests with the reason
(.ci/run installs them from Debian; PyMuPDF comes with the test extras).
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader

from backhandout.api import build_pdf, plan_for
from backhandout.model import Request
from backhandout.tracking_fields import day_name, notes_name, tick_name

DPI = 100
PX = 72 / DPI  # points per pixel
DARK = 176  # grey levels below this are ink (thin grid lines are drawn grey)
NOTE = "Mejor – dolió menos, café"
LAYOUTS = ("a4", "booklet", "letter-booklet")
LANGS = ("en", "es")
WEEKS = 4
STRAY_PIXELS = 4  # pixels that may change outside the filled cells (see check_page)
MARGIN = 10  # points round the week tables where nothing may change
PAD = 2  # points between a field and its cell's grid lines (render/tracking.py FIELD_PAD)


def needs(*tools: str):
    missing = [t for t in tools if shutil.which(t) is None]
    return pytest.mark.skipif(bool(missing), reason=f"needs {', '.join(missing)} (.ci/run installs "
                              "poppler-utils, mupdf-tools, ghostscript and pdftk-java)")


def run(*args: object) -> bytes:
    done = subprocess.run([str(a) for a in args], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return done.stdout


# --- what is filled in ------------------------------------------------------------------------


@dataclass(frozen=True)
class Value:
    field: str
    text: str  # what the engine should read back ("" for a tick: checked by ink only)
    week: int
    row: str  # "date", "tick", "pain_during", "pain_morning", "notes"
    day: int  # 1-7; 1 for the notes (they span the days)


def values_for(first_exercise: str) -> list[Value]:
    """Different days and numbers in each week, so a value in another week's cell shows."""
    values = []
    for week in range(1, WEEKS + 1):
        day = week + 1
        values += [
            Value(day_name(week, day, "date"), f"2{week}/11", week, "date", day),
            Value(tick_name(week, day, first_exercise), "", week, "tick", day),
            Value(day_name(week, day, "pain_during"), str(week + 2), week, "pain_during", day),
            Value(day_name(week, day + 1, "pain_morning"), "10", week, "pain_morning", day + 1),
            Value(notes_name(week), NOTE, week, "notes", 1),
        ]
    return values


def fill_pdftk(blank: Path, values: list[Value], out: Path) -> None:
    fields = "".join(
        f'<field name="{v.field}"><value>{html.escape(v.text or "Yes")}</value></field>'
        for v in values)
    xfdf = out.with_suffix(".xfdf")
    xfdf.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<xfdf xmlns="http://ns.adobe.com/xfdf/">'
                    f"<fields>{fields}</fields></xfdf>", encoding="utf-8")
    run("pdftk", blank, "fill_form", xfdf, "output", out)


def fill_pymupdf(blank: Path, values: list[Value], out: Path) -> None:
    pymupdf = pytest.importorskip("pymupdf")
    wanted = {v.field: v for v in values}
    with pymupdf.open(blank) as doc:
        for page in doc:
            for widget in page.widgets():
                if widget.field_name in wanted:
                    value = wanted[widget.field_name]
                    widget.field_value = value.text or widget.on_state()
                    widget.update()
        doc.save(out)


FILLERS = {"pdftk": (fill_pdftk, ("pdftk",)), "pymupdf": (fill_pymupdf, ())}


# --- what an engine shows ---------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    y: float  # a height inside the text (points from the top)


def _words_from_chars(chars: list[tuple[str, float, float, float]]) -> list[Word]:
    """Chars in reading order -> words (split at spaces and at line changes)."""
    words, current = [], []

    def close():
        if current:
            words.append(Word("".join(c[0] for c in current), min(c[1] for c in current),
                              max(c[2] for c in current), current[0][3]))
            current.clear()

    for char in chars:
        if char[0].isspace() or (current and abs(char[3] - current[-1][3]) > 2):
            close()
        if not char[0].isspace():
            current.append(char)
    close()
    return words


def words_poppler(pdf: Path, page: int, tmp: Path) -> list[Word]:
    flat = tmp / f"cairo-{pdf.stem}-{page}.pdf"  # pdftocairo draws the fields into the page
    run("pdftocairo", "-pdf", "-f", page, "-l", page, pdf, flat)
    out = run("pdftotext", "-bbox", flat, "-").decode()
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [Word(html.unescape(m[5]), float(m[1]), float(m[3]), (float(m[2]) + float(m[4])) / 2)
            for m in re.finditer(pattern, out)]


def words_mupdf(pdf: Path, page: int, tmp: Path) -> list[Word]:
    root = ET.fromstring(run("mutool", "draw", "-q", "-F", "stext", "-o", "-", pdf, page))
    chars = []
    for char in root.iter("char"):
        quad = [float(v) for v in char.get("quad").split()]
        chars.append((char.get("c"), min(quad[0::2]), max(quad[0::2]), float(char.get("y"))))
    return _words_from_chars(chars)


def words_gs(pdf: Path, page: int, tmp: Path) -> list[Word]:
    out = run("gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=txtwrite", "-dTextFormat=0",
              f"-dFirstPage={page}", f"-dLastPage={page}", "-sOutputFile=-", pdf).decode()
    chars = [(html.unescape(m[5]), float(m[1]), float(m[3]), float(m[2]))
             for m in re.finditer(r'<char bbox="(\d+) (\d+) (\d+) (\d+)" c="([^"]*)"/>', out)]
    return _words_from_chars(chars)


def image_poppler(pdf: Path, page: int, tmp: Path) -> Image.Image:
    prefix = tmp / f"pp-{pdf.stem}-{page}"
    run("pdftoppm", "-r", DPI, "-png", "-singlefile", "-f", page, "-l", page, pdf, prefix)
    return Image.open(f"{prefix}.png").convert("L")


def image_mupdf(pdf: Path, page: int, tmp: Path) -> Image.Image:
    out = tmp / f"mu-{pdf.stem}-{page}.png"
    run("mutool", "draw", "-q", "-r", DPI, "-o", out, pdf, page)
    return Image.open(out).convert("L")


def image_gs(pdf: Path, page: int, tmp: Path) -> Image.Image:
    out = tmp / f"gs-{pdf.stem}-{page}.png"
    run("gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pnggray", f"-r{DPI}",
        f"-dFirstPage={page}", f"-dLastPage={page}", f"-sOutputFile={out}", pdf)
    return Image.open(out).convert("L")


ENGINES = {
    "poppler": (words_poppler, image_poppler, ("pdftoppm", "pdftocairo", "pdftotext")),
    "mupdf": (words_mupdf, image_mupdf, ("mutool",)),
    "ghostscript": (words_gs, image_gs, ("gs",)),
}


# --- the diary's cells, from the blank page's pixels ------------------------------------------


@dataclass(frozen=True)
class Grid:
    """One week's table: its column and row edges in points from the top-left corner."""

    week: int
    columns: tuple[float, ...]  # 9 edges: label column, then the 7 days
    rows: tuple[float, ...]  # header, date, one per exercise, two pain rows, notes

    def cell(self, row: str, day: int) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) of a cell; the notes cell spans the 7 days."""
        index = {"date": 1, "pain_during": -4, "pain_morning": -3, "notes": -2}.get(row, 2)
        top, bottom = self.rows[index], self.rows[index + 1]
        if row == "notes":
            return self.columns[1], top, self.columns[-1], bottom
        return self.columns[day], top, self.columns[day + 1], bottom


def _lines(image: Image.Image, length: int) -> list[tuple[int, int, int]]:
    """(position, start, end) of every dark run at least `length` pixels long, per pixel row."""
    width, height = image.size
    data = image.point(lambda v: 0 if v < DARK else 255).tobytes()
    found = []
    for y in range(height):
        row = data[y * width:(y + 1) * width]
        found += [(y, m.start(), m.end()) for m in re.finditer(rb"\x00{%d,}" % length, row)]
    return found


def _merge(positions: list[int]) -> list[int]:
    """Neighbouring pixel positions (one line drawn over 2 pixels) as one, their middle."""
    groups: list[list[int]] = []
    for p in sorted(set(positions)):
        if groups and p - groups[-1][-1] <= 2:
            groups[-1].append(p)
        else:
            groups.append([p])
    return [sum(g) / len(g) for g in groups]


def grids(blank: Image.Image, words: list[Word]) -> list[Grid]:
    """The week tables on a page: long horizontal lines of one extent, and the 9 vertical
    lines across them; the week is the number in the table's first header cell."""
    width = blank.size[0]
    extents: dict[tuple[int, int], list[int]] = {}
    for y, start, end in _lines(blank, width // 5):
        key = next((k for k in extents if abs(k[0] - start) <= 2 and abs(k[1] - end) <= 2),
                   (start, end))
        extents.setdefault(key, []).append(y)
    pixels = blank.load()

    def joined(x: float, top: float, bottom: float) -> bool:  # a border line from top to bottom
        column = [min(pixels[int(x) + dx, y] for dx in (-1, 0, 1)) for y in range(int(top), int(bottom))]
        return sum(v < DARK for v in column) >= 0.95 * len(column)

    tables: dict[tuple[int, int, int], list[float]] = {}
    for (start, end), ys in extents.items():
        lines, part = _merge(ys), 0
        for i, y in enumerate(lines):
            if i and not joined(start, lines[i - 1], y):
                part += 1
            tables.setdefault((start, end, part), []).append(y)
    found = []
    turned = blank.transpose(Image.Transpose.ROTATE_90)  # columns become rows (x -> y)
    for (start, end, _), rows in tables.items():
        if len(rows) < 6:
            continue
        top, bottom = rows[0], rows[-2]  # down to the notes row (which spans the days)
        xs = [width - 1 - y for y, a, b in _lines(turned, int((bottom - top) * 0.9))
              if a <= top + 3 and b >= bottom - 3]
        columns = [x for x in _merge(xs) if start - 2 <= x <= end + 2]
        if len(columns) != 9:
            continue
        cols, rws = tuple(c * PX for c in columns), tuple(r * PX for r in rows)
        header = [w for w in words if cols[0] < (w.x0 + w.x1) / 2 < cols[1] and rws[0] < w.y < rws[1]]
        numbers = [int(n) for w in header for n in re.findall(r"\d+", w.text)]
        assert len(numbers) == 1, f"week number in {[w.text for w in header]}"
        found.append(Grid(numbers[0], cols, rws))
    return found


# --- the documents -----------------------------------------------------------------------------


@functools.lru_cache(maxsize=None)
def _blank(layout: str, lang: str, folder: str) -> tuple[Path, tuple[int, ...], str]:
    """A 4-week handout; the pages holding the diary; the first exercise's id."""
    from backhandout.layouts import load_layout

    request = Request(profile="desk-worker", patient="Ana Núñez", weeks=WEEKS,
                      date=dt.date(2026, 11, 21), lang=lang)
    if layout == "impose-a4":  # `backhandout impose` of an A4 handout: pages shrunk to 71%
        from backhandout.booklet import impose_bytes
        from backhandout.compact import compact
        from backhandout.layouts import PAPER

        data = compact(impose_bytes(build_pdf(request), PAPER["a4"]))
    else:
        data = build_pdf(request, layout=load_layout(layout))
    path = Path(folder) / f"blank-{layout}-{lang}.pdf"
    path.write_bytes(data)
    reader = PdfReader(io.BytesIO(data))
    pages = tuple(n for n, page in enumerate(reader.pages, 1)
                  if any(a.get_object().get("/FT") == "/Btn" for a in page.get("/Annots", [])))
    return path, pages, plan_for(request).exercises[0].id


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("engines")


def _inside(word: Word, box: tuple[float, float, float, float], slack: float = 0.6) -> bool:
    left, top, right, bottom = box
    return left - slack <= word.x0 and word.x1 <= right + slack and top < word.y < bottom


def _shrunk(box, by: float):
    return box[0] + by, box[1], box[2] - by, box[3]


@functools.lru_cache(maxsize=None)
def blank_view(engine: str, blank: Path, page: int, tmp: Path):
    """A blank page as an engine shows it: its words, its pixels and its week tables."""
    read_words, draw, _ = ENGINES[engine]
    words, image = read_words(blank, page, tmp), draw(blank, page, tmp)
    return words, image, {g.week: g for g in grids(image, words)}


def check_page(engine: str, blank: Path, filled: Path, page: int, values: list[Value],
               tmp: Path, tick_ink: bool = True) -> list[str]:
    """What is wrong on one page as the engine shows it (empty: every value in its cell)."""
    read_words, draw, _ = ENGINES[engine]
    blank_words, blank_image, tables = blank_view(engine, blank, page, tmp.parent)
    filled_image = draw(filled, page, tmp)
    problems = []
    here = [v for v in values if v.week in tables]
    before = {(w.text, round(w.x0), round(w.y)) for w in blank_words}
    new = [w for w in read_words(filled, page, tmp) if (w.text, round(w.x0), round(w.y)) not in before]
    used = set()
    for value in here:
        cell = tables[value.week].cell(value.row, value.day)
        inside = [w for w in new if _inside(w, _shrunk(cell, PAD - 0.5))]
        used |= {id(w) for w in inside}
        if not value.text and any(len(w.text) > 1 for w in inside):  # a tick drawn as a glyph
            problems.append(f"week {value.week} tick: shows {[w.text for w in inside]}")
        if value.text:
            shown = " ".join(w.text for w in sorted(inside, key=lambda w: (round(w.y), w.x0)))
            if shown != value.text:
                problems.append(f"week {value.week} {value.row}: shows {shown!r}, not {value.text!r}")
    stray = [w.text for w in new if id(w) not in used]
    if stray:
        problems.append(f"text outside its cell: {stray}")
    # Ink: every changed pixel in a filled cell, and ink in every filled cell.
    changed = ImageChops.difference(blank_image, filled_image).point(lambda v: 255 if v > 64 else 0)
    inside = 0
    for value in here:
        left, top, right, bottom = tables[value.week].cell(value.row, value.day)
        box = (int(left / PX), int(top / PX), int(right / PX) + 1, int(bottom / PX) + 1)
        ink = changed.crop(box).histogram()[255]
        inside += ink
        if ink < 5 and (tick_ink or value.row != "tick"):
            problems.append(f"week {value.week} {value.row}: no ink in its cell")
    # Nothing else in the diary may change: count changed pixels outside the filled cells
    # within the week tables (and a margin round them). Not on the other half of a booklet
    # sheet: PyMuPDF's save makes poppler draw that half's text a few pixels differently
    # (seen: 491 pixels of antialiasing, no visible change), which is not the form's doing.
    grid = [tables[w] for w in tables]
    area = (int((min(g.columns[0] for g in grid) - MARGIN) / PX),
            int((min(g.rows[0] for g in grid) - MARGIN) / PX),
            int((max(g.columns[-1] for g in grid) + MARGIN) / PX) + 1,
            int((max(g.rows[-1] for g in grid) + MARGIN) / PX) + 1)
    outside = changed.crop(area).histogram()[255] - inside
    if outside > STRAY_PIXELS:
        problems.append(f"{outside} pixels changed outside the filled cells")
    return problems


def check(engine: str, filler: str, layout: str, lang: str, folder: Path) -> None:
    for tool in ENGINES[engine][2] + FILLERS[filler][1]:
        if shutil.which(tool) is None:
            pytest.skip(f"needs {tool} (.ci/run installs poppler-utils, mupdf-tools, "
                        "ghostscript and pdftk-java)")
    blank, pages, first = _blank(layout, lang, str(folder))
    values = values_for(first)
    # PyMuPDF draws its own tick as "3" in ZapfDingbats declared /WinAnsiEncoding (there is
    # no "three" in ZapfDingbats), which poppler rightly draws as nothing: PyMuPDF's
    # appearance stream, not ours. Everything else is still checked.
    tick_ink = (filler, engine) != ("pymupdf", "poppler")
    filled = folder / f"filled-{filler}-{layout}-{lang}.pdf"
    if not filled.exists():
        FILLERS[filler][0](blank, values_for(first), filled)
    tmp = folder / f"{engine}-{filler}-{layout}-{lang}"
    tmp.mkdir(exist_ok=True)
    problems, weeks = [], set()
    for page in pages:
        problems += [f"page {page}: {p}" for p in check_page(engine, blank, filled, page, values, tmp,
                                                                tick_ink)]
        weeks |= set(blank_view(engine, blank, page, folder)[2])
    assert weeks == set(range(1, WEEKS + 1)), f"found the grids of weeks {sorted(weeks)}"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("engine", ["poppler", "mupdf"])
def test_pdftk_fill_shows_in_its_cells(folder, engine, layout, lang):
    check(engine, "pdftk", layout, lang, folder)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("engine", ["poppler", "mupdf"])
def test_pymupdf_fill_shows_in_its_cells(folder, engine, layout, lang):
    check(engine, "pymupdf", layout, lang, folder)


@pytest.mark.parametrize("layout", ["a4", "booklet"])
def test_ghostscript_shows_a_pdftk_fill_in_its_cells(folder, layout):
    check("ghostscript", "pdftk", layout, "es", folder)


@pytest.mark.parametrize("engine", ["poppler", "mupdf"])
def test_an_imposed_a4_diary_shows_a_pdftk_fill_in_its_cells(folder, engine):
    """`impose` shrinks A4 pages onto half an A4 sheet: the fields and their text with them."""
    check(engine, "pdftk", "impose-a4", "es", folder)
