"""Make the diary form's font: DejaVu Sans cut down to the Windows-1252 (WinAnsi) characters.

Run once by hand (needs fontTools, from the test extras, and Debian's fonts-dejavu-core):

    .venv/bin/python src/backhandout/render/fonts/make_form_font.py

DejaVu Sans is Bitstream Vera (the handout's font) with more characters, under
the Vera licence (see LICENSE-DejaVu.txt beside this file). The form's text
fields need every character a patient may type in the languages we print,
each at its WinAnsi code, in an embedded font a PDF reader can type with; the
result holds those 218 characters, no hinting and no layout tables (about 16 kB,
10 kB compressed in the PDF). A second font holds only the tick (see `tick_font`).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
TARGET = Path(__file__).with_name("DejaVuSans-WinAnsi.ttf")
TICK_TARGET = Path(__file__).with_name("DejaVuSans-Tick.ttf")
TICK = 0x2714  # heavy check mark, ZapfDingbats' "4" (a20)
TICK_CODE = 0x34


def winansi() -> list[int]:
    """The Unicode code points of every character Windows-1252 encodes, from space up."""
    points = []
    for code in range(32, 256):
        try:
            points.append(ord(bytes([code]).decode("cp1252")))
        except UnicodeDecodeError:
            continue  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: unassigned
    return [p for p in points if p != 0x7F]


def main() -> None:
    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    options.notdef_outline = True
    options.glyph_names = False
    options.drop_tables += ["GPOS", "GSUB", "GDEF", "kern", "FFTM", "MATH", "gasp"]
    font = TTFont(SOURCE)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=winansi())
    subsetter.subset(font)
    missing = [hex(p) for p in winansi() if p not in font.getBestCmap()]
    if missing:
        sys.exit(f"DejaVu Sans lacks {missing}")
    out = io.BytesIO()
    font.save(out)
    TARGET.write_bytes(out.getvalue())
    print(f"{TARGET}: {len(out.getvalue())} bytes, {len(font.getGlyphOrder())} glyphs")
    tick_font()


def tick_font() -> None:
    """A symbolic font with one glyph, the tick, at ZapfDingbats' code for it ("4"): the
    form's /ZaDb, for a viewer that redraws a ticked box from its caption."""
    from fontTools.ttLib.tables._c_m_a_p import cmap_format_4, cmap_format_6

    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    options.notdef_outline = True
    options.drop_tables += ["GPOS", "GSUB", "GDEF", "kern", "FFTM", "MATH", "gasp"]
    font = TTFont(SOURCE)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[TICK])
    subsetter.subset(font)
    glyph = font.getBestCmap()[TICK]
    windows, mac = cmap_format_4(4), cmap_format_6(6)
    windows.platformID, windows.platEncID, windows.language = 3, 0, 0  # symbolic: 0xF000 + code
    windows.cmap = {0xF000 + TICK_CODE: glyph}
    mac.platformID, mac.platEncID, mac.language = 1, 0, 0
    mac.cmap = {TICK_CODE: glyph}
    font["cmap"].tables = [mac, windows]
    out = io.BytesIO()
    font.save(out)
    TICK_TARGET.write_bytes(out.getvalue())
    print(f"{TICK_TARGET}: {len(out.getvalue())} bytes")


if __name__ == "__main__":
    main()
