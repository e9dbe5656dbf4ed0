"""TrueType fonts without hinting: the same outlines and widths in fewer bytes.

Hinting programs tune glyphs for coarse screen pixels; printers and today's
PDF viewers ignore them, yet they are over half of each embedded Vera
subset. This drops them (the fpgm, prep and cvt tables and each glyph's
instructions) and the long name records (the licence text, IDs 7 and up;
the copyright and the names stay), as fontTools' subsetter does by default.
Written with struct rather than fontTools, whose import alone costs a
command more than the whole job; tests check the result against fontTools.
"""

from __future__ import annotations

import struct

DROPPED = {b"fpgm", b"prep", b"cvt ", b"hdmx", b"LTSH", b"VDMX"}
KEPT_NAMES = 6  # name IDs 0-6: copyright, family, style, unique ID, full name, version, PostScript

# composite glyph component flags
ARGS_ARE_WORDS, HAS_SCALE, MORE, HAS_XY_SCALE, HAS_2X2, HAS_INSTRUCTIONS = (
    0x1, 0x8, 0x20, 0x40, 0x80, 0x100)


def unhinted(font: bytes) -> bytes:
    """The font without hinting; the font itself if it has no glyf table or cannot be read."""
    try:
        tables = _tables(font)
        if b"glyf" not in tables or b"loca" not in tables or b"head" not in tables:
            return font
        long_loca = struct.unpack(">h", tables[b"head"][50:52])[0] == 1
        glyf, loca = _strip_glyphs(tables[b"glyf"], tables[b"loca"], long_loca)
    except (struct.error, IndexError, ValueError):
        return font
    tables = {tag: data for tag, data in tables.items() if tag not in DROPPED}
    tables[b"glyf"], tables[b"loca"] = glyf, loca
    if b"maxp" in tables and len(tables[b"maxp"]) >= 32:  # maxSizeOfInstructions = 0
        tables[b"maxp"] = tables[b"maxp"][:26] + b"\0\0" + tables[b"maxp"][28:]
    if b"name" in tables:
        tables[b"name"] = _short_names(tables[b"name"])
    smaller = _font(tables, font[:4])
    return smaller if len(smaller) < len(font) else font


def _tables(font: bytes) -> dict[bytes, bytes]:
    count = struct.unpack(">H", font[4:6])[0]
    tables = {}
    for i in range(count):
        tag, _, offset, length = struct.unpack(">4sLLL", font[12 + 16 * i:28 + 16 * i])
        if offset + length > len(font):
            raise ValueError("table outside the font")
        tables[tag] = font[offset:offset + length]
    return tables


def _strip_glyphs(glyf: bytes, loca: bytes, long_loca: bool) -> tuple[bytes, bytes]:
    """Every glyph without instructions; a new loca in the same format."""
    if long_loca:
        offsets = struct.unpack(f">{len(loca) // 4}L", loca)
    else:
        offsets = [2 * n for n in struct.unpack(f">{len(loca) // 2}H", loca)]
    out, new_offsets, pos = [], [], 0
    for start, end in zip(offsets, offsets[1:]):
        glyph = _strip_glyph(glyf[start:end]) if end > start else b""
        glyph += b"\0" * (-len(glyph) % 4)
        new_offsets.append(pos)
        out.append(glyph)
        pos += len(glyph)
    new_offsets.append(pos)
    if long_loca:
        new_loca = struct.pack(f">{len(new_offsets)}L", *new_offsets)
    else:
        new_loca = struct.pack(f">{len(new_offsets)}H", *(n // 2 for n in new_offsets))
    return b"".join(out), new_loca


def _strip_glyph(data: bytes) -> bytes:
    contours = struct.unpack(">h", data[:2])[0]
    if contours >= 0:  # simple: header, end points, instruction length and instructions, points
        at = 10 + 2 * contours
        length = struct.unpack(">H", data[at:at + 2])[0]
        return data[:at] + b"\0\0" + data[at + 2 + length:]
    parts, at, flags = [data[:10]], 10, MORE
    while flags & MORE:
        flags = struct.unpack(">H", data[at:at + 2])[0]
        size = 4 + (4 if flags & ARGS_ARE_WORDS else 2)
        size += 2 if flags & HAS_SCALE else 4 if flags & HAS_XY_SCALE else 8 if flags & HAS_2X2 else 0
        parts.append(struct.pack(">H", flags & ~HAS_INSTRUCTIONS) + data[at + 2:at + size])
        at += size
    return b"".join(parts)


def _short_names(name: bytes) -> bytes:
    """The name table with only records 0 to KEPT_NAMES (format 0)."""
    form, count, storage = struct.unpack(">HHH", name[:6])
    if form != 0:
        return name
    records, strings, pos = [], [], 0
    for i in range(count):
        platform, encoding, language, name_id, length, offset = struct.unpack(
            ">6H", name[6 + 12 * i:18 + 12 * i])
        if name_id <= KEPT_NAMES:
            records.append(struct.pack(">6H", platform, encoding, language, name_id, length, pos))
            strings.append(name[storage + offset:storage + offset + length])
            pos += length
    header = struct.pack(">HHH", 0, len(records), 6 + 12 * len(records))
    return header + b"".join(records) + b"".join(strings)


def _checksum(data: bytes) -> int:
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}L", data)) & 0xFFFFFFFF


def _font(tables: dict[bytes, bytes], version: bytes) -> bytes:
    """An sfnt file from its tables, with checksums and head.checkSumAdjustment set."""
    tables = dict(tables)
    tables[b"head"] = tables[b"head"][:8] + b"\0\0\0\0" + tables[b"head"][12:]
    tags = sorted(tables)
    power = 1 << (len(tags).bit_length() - 1)
    header = version + struct.pack(">HHHH", len(tags), power * 16, power.bit_length() - 1,
                                   (len(tags) - power) * 16)
    offset = len(header) + 16 * len(tags)
    records, body = [], []
    for tag in tags:
        data = tables[tag]
        records.append(struct.pack(">4sLLL", tag, _checksum(data), offset, len(data)))
        padded = data + b"\0" * (-len(data) % 4)
        body.append(padded)
        offset += len(padded)
    font = header + b"".join(records) + b"".join(body)
    adjust = (0xB1B0AFBA - _checksum(font)) & 0xFFFFFFFF
    head_at = struct.unpack(">L", records[tags.index(b"head")][8:12])[0]
    return font[:head_at + 8] + struct.pack(">L", adjust) + font[head_at + 12:]
