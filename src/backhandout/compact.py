"""Finish a PDF small: embedded fonts without hinting, objects packed in compressed streams.

ReportLab writes every object (each of the diary's ~270 form fields) as plain
text and embeds fonts with their TrueType hinting programs, which matter only
for low-resolution screens and make up over half of each font. pikepdf (qpdf)
packs the objects into compressed object streams (PDF 1.5); unhint.py drops
the hinting, as WeasyPrint does by default. Together they more than halve a
handout. pikepdf is imported only here, when a PDF is written.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from functools import lru_cache

from .errors import BackhandoutError

@lru_cache(maxsize=64)
def unhinted(font: bytes) -> bytes:
    """A TrueType font (subset) without hinting (unhint.py), kept for the next file."""
    from .unhint import unhinted as strip

    return strip(font)


def _streams(pdf, key: str) -> Iterator:
    """Each distinct stream that some dictionary of the PDF holds under `key` (/FontFile2...)."""
    import pikepdf

    done: set[tuple[int, int]] = set()
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and key in obj:
            stream = obj[key]
            if isinstance(stream, pikepdf.Stream) and stream.objgen not in done:
                done.add(stream.objgen)
                yield stream


def _strip_hinting(pdf) -> None:
    """Replace each embedded TrueType font file by its unhinted version."""
    for stream in _streams(pdf, "/FontFile2"):
        font = stream.read_bytes()
        smaller = unhinted(font)
        if len(smaller) < len(font):
            stream.write(smaller)  # compressed again on save
            stream.Length1 = len(smaller)


def fix_to_unicode(pdf) -> None:
    """Rewrite each font's ToUnicode CMap within the format's limits (tounicode.py)."""
    from .tounicode import fixed, needs_fixing

    for stream in _streams(pdf, "/ToUnicode"):
        cmap = stream.read_bytes()
        if needs_fixing(cmap):
            stream.write(fixed(cmap))  # compressed again on save


def compact(data: bytes, *, password: str | None = None) -> bytes:
    """The same PDF, smaller (and encrypted with AES-256 if a password is given)."""
    import pikepdf

    if password == "":
        raise BackhandoutError("the password is empty")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return save(pdf, password=password)


INVARIANT_DATE = "D:20000101000000+00'00'"  # the date ReportLab's invariant mode writes


def save(pdf, *, password: str | None = None, fonts_finished: bool = False) -> bytes:
    """Write an open pikepdf document compactly, its recorded structure turned into its
    structure tree (tagging.py); deterministic for the same content.

    The file's dates are always INVARIANT_DATE: ReportLab would take SOURCE_DATE_EPOCH
    from the environment instead, and the same input must give the same bytes.
    With fonts_finished, the fonts are already unhinted and their ToUnicode maps fixed
    (a template and its layer: render/layer.with_layer).
    """
    import pikepdf

    from .tagging import finish

    finish(pdf)
    if not fonts_finished:
        _strip_hinting(pdf)
        fix_to_unicode(pdf)
    for key in ("/CreationDate", "/ModDate"):
        if key in pdf.docinfo:
            pdf.docinfo[key] = pikepdf.String(INVARIANT_DATE)
    if "/ID" in pdf.trailer:  # ReportLab's is made from the date: qpdf makes one from the content
        del pdf.trailer.ID
    out = io.BytesIO()
    encryption = pikepdf.Encryption(owner=password, user=password, R=6) if password else False
    # Streams with no filter yet (unhinted fonts, the layer's) are compressed; the rest are
    # kept as they are, which saves decoding and compressing them again (not possible when
    # encrypting, which also needs a random ID).
    keep = {} if password else {"stream_decode_level": pikepdf.StreamDecodeLevel.none}
    pdf.save(
        out,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        compress_streams=True,
        deterministic_id=not password,
        encryption=encryption,
        fix_metadata_version=False,  # our XMP (tagging.xmp) names no PDF version to fix
        **keep,
    )
    return out.getvalue()
