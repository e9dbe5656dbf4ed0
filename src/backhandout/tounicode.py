"""ToUnicode CMaps within the format's limits: at most 100 entries a block, none to U+0000.

ReportLab writes each font subset's CMap (which turns the subset's codes back into
text, for copying, searching and printing to PDF) as one bfchar block with every
code, including unused ones mapped to U+0000. The CMap format allows at most 100
entries a block; Ghostscript, and so any copy printed to PDF through CUPS, then
loses the accented letters ("Ana N ez"). `fixed` rewrites such a CMap in blocks
of 100 without the unused codes. Pure bytes in, bytes out (compact.py applies it).
"""

from __future__ import annotations

import re

MAX_BLOCK = 100  # entries in one bfchar or bfrange block (PDF reference, 5.9.2 / 9.10.3)
_BLOCK = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_PAIR = re.compile(rb"<([0-9A-Fa-f]{2})>\s*<([0-9A-Fa-f]{4,})>")
_NAME = re.compile(rb"/CMapName\s*/([^\s/<>\[\]()]+)")


def pairs(cmap: bytes) -> list[tuple[int, bytes]]:
    """(code, UTF-16BE hex) of every one-byte bfchar entry."""
    return [(int(code, 16), target.upper()) for block in _BLOCK.findall(cmap)
            for code, target in _PAIR.findall(block)]


def needs_fixing(cmap: bytes) -> bool:
    """True for a one-byte bfchar CMap with a block over the limit or an entry to U+0000."""
    if b"beginbfrange" in cmap or b"begincidrange" in cmap:
        return False  # not the kind ReportLab writes: leave it
    blocks = [_PAIR.findall(block) for block in _BLOCK.findall(cmap)]
    return any(len(b) > MAX_BLOCK or any(int(t, 16) == 0 for _, t in b) for b in blocks)


def fixed(cmap: bytes) -> bytes:
    """The same mapping without unused codes, in blocks of at most 100 entries."""
    found = _NAME.search(cmap)
    name = found.group(1).decode("latin-1") if found else "Backhandout-UCS"
    entries = [(code, target) for code, target in pairs(cmap) if int(target, 16) != 0]
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        f"/CMapName /{name} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<00> <FF>",
        "endcodespacerange",
    ]
    for start in range(0, len(entries), MAX_BLOCK):
        block = entries[start:start + MAX_BLOCK]
        lines.append(f"{len(block)} beginbfchar")
        lines += [f"<{code:02X}> <{target.decode()}>" for code, target in block]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")
