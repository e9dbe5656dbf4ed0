"""Reading PDFs with pypdf: one clear error for missing, damaged or encrypted files."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BackhandoutError

if TYPE_CHECKING:
    from pypdf import PdfReader


@contextmanager
def quiet(name: str = "pypdf") -> Iterator[None]:
    """Hide a library's warnings for a while: a damaged file gets one clear error instead."""
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def damaged(source: str, exc: Exception) -> BackhandoutError:
    """The one-line error for a PDF that pypdf cannot read."""
    said = " ".join(str(exc).split())[:80] or exc.__class__.__name__
    return BackhandoutError(f"damaged PDF, cannot be read ({said})", file=source)


def read_pdf(data: bytes, source: str, *, password: str | None = None,
             hint: str = "save an unprotected copy and try again") -> PdfReader:
    """Open PDF bytes; a PDF with only an owner password opens, or with the password given;
    anything unusable fails (`hint` says what to do about a password)."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    if b"%PDF-" not in data[:1024]:
        raise BackhandoutError("not a PDF file", file=source)
    locked = BackhandoutError(
        "the password is wrong for this PDF" if password else
        f"the PDF is encrypted with a password; {hint}", file=source
    )
    try:
        with quiet():
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not (password and reader.decrypt(password)) and not (
                    reader.decrypt("")):
                raise locked
            if not len(reader.pages):
                raise BackhandoutError("the PDF has no pages", file=source)
    except BackhandoutError:
        raise
    except (FileNotDecryptedError, DependencyError):
        raise locked from None
    except Exception as exc:  # pypdf raises many kinds of error for broken files
        raise damaged(source, exc) from None
    return reader


MIN_PAGE = 36.0  # points (half an inch): a smaller page is not paper (and 0 x 0 is none)


def page_size(reader: PdfReader, source: str) -> tuple[float, float]:
    """The first page's width and height in points, or one clear error when its MediaBox
    is missing, broken or too small to be paper."""
    try:
        with quiet():
            box = reader.pages[0].mediabox
            width, height = abs(float(box.width)), abs(float(box.height))
    except Exception:  # pypdf raises ValueError, KeyError, TypeError ... for a bad box
        raise BackhandoutError("the first page has no readable size (MediaBox)", file=source) from None
    if not (MIN_PAGE <= width < 1e5 and MIN_PAGE <= height < 1e5):
        raise BackhandoutError(f"the first page's size ({width:g} x {height:g} points) is not a "
                               "paper size", file=source)
    return width, height


def read_pdf_file(path: Path, *, password: str | None = None,
                  hint: str = "save an unprotected copy and try again") -> tuple[bytes, PdfReader]:
    """Read a PDF file (a regular file of at most 100 MB): its bytes and a reader (see
    read_pdf for the password)."""
    from . import inputs

    shown = str(path)
    data = inputs.read_bytes(path, inputs.PDF, shown)
    return data, read_pdf(data, shown, password=password, hint=hint)
