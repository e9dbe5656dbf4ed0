"""Small files: compact finishing (object streams, unhinted fonts) and the batch's name layer."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from backhandout.render.layer import Templates
from backhandout import api
from backhandout.layouts import load_layout
from backhandout.model import Request
from backhandout.render import render_handout
from conftest import pdf_pages

DAY = dt.date(2026, 11, 21)
TYPICAL = Request(profile="desk-worker", patient="Ana Núñez", date=DAY)


def fonts(data: bytes) -> dict[str, TTFont]:
    """Every embedded TrueType font file, by its PDF name."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return {str(o.FontName): TTFont(io.BytesIO(o.FontFile2.read_bytes()))
                for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and "/FontFile2" in o}


def words(data: bytes) -> list[list[str]]:
    """The words of each page, sorted."""
    return [sorted(text.split()) for text in pdf_pages(data)]


def every_string(data: bytes) -> str:
    """All the text a PDF holds, streams decoded, as one string (to look for a name)."""
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.save(out, qdf=True, object_stream_mode=pikepdf.ObjectStreamMode.disable,
                 compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.all)
    return out.getvalue().decode("latin-1")


def test_a_typical_handout_is_under_105_kb_and_unchanged_on_the_page(catalogue):
    data = api.build_pdf(TYPICAL, catalogue)
    drawn = render_handout(api.plan_for(TYPICAL, catalogue), load_layout("a4"))
    # 100.4 kB tagged, with the redrawn pictures (more panels); README: Accessibility
    assert len(data) < 105_000 < len(drawn)
    assert pdf_pages(data) == pdf_pages(drawn)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.get_fields()) == len(PdfReader(io.BytesIO(drawn)).get_fields()) > 200
    assert data == api.build_pdf(TYPICAL, catalogue)  # still byte for byte the same


def test_fonts_keep_their_outlines_and_lose_only_hinting(catalogue):
    before = fonts(render_handout(api.plan_for(TYPICAL, catalogue), load_layout("a4")))
    after = fonts(api.build_pdf(TYPICAL, catalogue))
    assert sorted(before) == sorted(after) and len(after) >= 2
    for name, font in after.items():
        old = before[name]
        assert not {"fpgm", "prep", "cvt "} & set(font.keys())
        assert font.getGlyphOrder() == old.getGlyphOrder()
        for glyph in font.getGlyphOrder():
            new_g, old_g = font["glyf"][glyph], old["glyf"][glyph]
            assert new_g.getCoordinates(font["glyf"])[0] == old_g.getCoordinates(old["glyf"])[0]
            assert font["hmtx"][glyph] == old["hmtx"][glyph]
        assert font["name"].getDebugName(0) == old["name"].getDebugName(0)  # the copyright stays


def test_password_still_gives_aes_256(catalogue):
    data = api.build_pdf(TYPICAL, catalogue, password="s3cret")
    reader = PdfReader(io.BytesIO(data))
    assert reader.is_encrypted and reader.decrypt("s3cret")
    assert reader.trailer["/Encrypt"]["/R"] == 6
    assert "For: Ana Núñez" in reader.pages[0].extract_text()


@pytest.mark.parametrize("layout, profile, side, lang, name", [
    ("a4", "desk-worker", None, "en", "Ana Núñez"),
    ("letter", "post-workout-soreness", None, "es", "José Ñúñez"),
    ("large-print", "one-sided-pain", "left", "en",
     "María-Fernanda de los Ángeles Rodríguez-Zapatero y Villanueva-Montenegro Ölçer"),
])
def test_name_layer_gives_the_same_pages_as_drawing_whole(catalogue, layout, profile, side, lang,
                                                          name):
    shape = load_layout(layout)
    request = Request(profile=profile, side=side, lang=lang, patient=name, date=DAY)
    other = Request(profile=profile, side=side, lang=lang, patient="Zoë Quexwick", date=DAY)
    kept = Templates()
    zoe = api.build_pdf(other, catalogue, shape, templates=kept)  # the template is drawn for Zoë
    assert "Quexwick" in every_string(zoe)
    layered = api.build_pdf(request, catalogue, shape, templates=kept)
    whole = api.build_pdf(request, catalogue, shape)
    assert words(layered) == words(whole)  # the layer comes last in reading order
    assert len(layered) < 1.2 * len(whole)
    meta = PdfReader(io.BytesIO(layered)).get_fields()["backhandout_plan"]["/V"]
    assert json.loads(meta)["patient"] == name
    assert "Quexwick" not in every_string(layered)  # nothing of the other patient is left
    names = [str(n) for n in fonts(layered)]
    assert len(names) == len(set(names))  # each font subset has its own tag
    assert pixels(layered) == pixels(whole)  # rendered by MuPDF: the same pages, pixel for pixel


def pixels(data: bytes, dpi: int = 72) -> list[bytes]:
    """Every page rendered by a third-party engine (MuPDF), as raw RGB samples.

    At 72 dpi a point is a pixel. (At 60 dpi the cover's name in letter, at y = 97.8 pt,
    falls on exactly half a pixel, and a difference in the last bit of the position
    moves the whole line one pixel.)"""
    pymupdf = pytest.importorskip("pymupdf", reason="PyMuPDF renders the pages: pip install '.[test]'")
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        return [page.get_pixmap(dpi=dpi, annots=False).samples for page in doc]


def test_layered_handout_reads_back(tmp_path, catalogue):
    path = tmp_path / "ana.pdf"
    kept = Templates()
    api.build_pdf(Request(profile="desk-worker", patient="Bob", date=DAY), catalogue, templates=kept)
    path.write_bytes(api.build_pdf(TYPICAL, catalogue, templates=kept))
    from backhandout.tracking_read import read_tracking

    assert read_tracking(path).patient == "Ana Núñez"


@pytest.mark.parametrize("face", ["Vera", "VeraBd", "VeraIt", "VeraBI"])
def test_unhint_keeps_every_glyph_of_a_whole_font(face):
    import reportlab

    from backhandout.unhint import unhinted

    original = (Path(reportlab.__file__).parent / "fonts" / f"{face}.ttf").read_bytes()
    smaller = unhinted(original)
    assert len(smaller) < 0.7 * len(original)
    old, new = TTFont(io.BytesIO(original)), TTFont(io.BytesIO(smaller))
    new.ensureDecompiled()  # every table reads back
    assert not {"fpgm", "prep", "cvt "} & set(new.keys())
    composites = 0
    for glyph in old.getGlyphOrder():
        a, b = old["glyf"][glyph], new["glyf"][glyph]
        composites += a.isComposite()
        assert b.getCoordinates(new["glyf"])[0] == a.getCoordinates(old["glyf"])[0], glyph
        assert not b.program.getBytecode() if hasattr(b, "program") else True
        assert new["hmtx"][glyph] == old["hmtx"][glyph]
    assert composites > 20  # accented letters are built from parts: those were rewritten too
    assert new["name"].getDebugName(0) == old["name"].getDebugName(0)
    assert new["name"].getDebugName(6) == old["name"].getDebugName(6)
    assert unhinted(b"not a font") == b"not a font"


# --- ToUnicode CMaps (copying text, and printing to PDF through Ghostscript) --------------------


def to_unicode_maps(data: bytes) -> list[bytes]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [o.ToUnicode.read_bytes() for o in pdf.objects
                if isinstance(o, pikepdf.Dictionary) and "/ToUnicode" in o]


@pytest.mark.parametrize("reuse", [False, True])
def test_to_unicode_maps_keep_the_format_limits(catalogue, reuse):
    """At most 100 entries a bfchar block, and no code mapped to U+0000."""
    import re

    from backhandout.tounicode import MAX_BLOCK, pairs

    request = Request(profile="desk-worker", patient="Ana Núñez", lang="es", date=DAY)
    kept = Templates() if reuse else None
    if kept is not None:
        api.build_pdf(Request(profile="desk-worker", patient="Bob", lang="es", date=DAY),
                      catalogue, templates=kept)
    maps = to_unicode_maps(api.build_pdf(request, catalogue, templates=kept))
    assert len(maps) >= 2
    for cmap in maps:
        counts = [int(n) for n in re.findall(rb"(\d+) beginbfchar", cmap)]
        assert counts and max(counts) <= MAX_BLOCK and sum(counts) == len(pairs(cmap))
        assert all(int(target, 16) for _, target in pairs(cmap))
    assert any((0, b"0000") not in pairs(c) and len(pairs(c)) > 100 for c in maps)


def test_fixed_cmap_keeps_every_mapping():
    from reportlab.pdfbase.ttfonts import makeToUnicodeCMap

    from backhandout.tounicode import fixed, needs_fixing, pairs

    subset = [0] * 32 + list(range(32, 127)) + [0xF1, 0xFA, 0x2013] + [0] * 3
    original = makeToUnicodeCMap("AAAAAA+Vera", subset).encode()
    assert needs_fixing(original)
    new = fixed(original)
    assert not needs_fixing(new)
    assert pairs(new) == [(c, f"{u:04X}".encode()) for c, u in enumerate(subset) if u]


@pytest.mark.skipif(shutil.which("gs") is None, reason="needs ghostscript")
def test_ghostscript_reads_accented_letters(tmp_path, catalogue):
    """Ghostscript's text (as in a copy printed to PDF through CUPS) keeps the accents."""
    path = tmp_path / "es.pdf"
    path.write_bytes(api.build_pdf(Request(profile="desk-worker", patient="Ana Núñez", lang="es",
                                           date=DAY), catalogue))
    text = subprocess.run(["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=txtwrite",
                           "-dFirstPage=1", "-dLastPage=1", "-sOutputFile=-", path],
                          capture_output=True, text=True, check=True).stdout
    assert "Ana Núñez" in text and "Cuánto" in " ".join(text.split())
