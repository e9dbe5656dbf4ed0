"""Reading PDFs with pypdf: one clear error for missing, damaged or encrypted files."""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BackhandoutError

if TYPE_CHECKING:
    from pypdf import PdfReader


def read_pdf(data: bytes, source: str) -> PdfReader:
    """Open PDF bytes; fail with one line for anything that is not a usable PDF."""
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are not for patients
    if not data.lstrip()[:5] == b"%PDF-":
        raise BackhandoutError("not a PDF file", file=source)
    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
        if not encrypted and not len(reader.pages):
            raise BackhandoutError("the PDF has no pages", file=source)
    except BackhandoutError:
        raise
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise BackhandoutError(f"damaged or unreadable PDF ({exc.__class__.__name__})",
                               file=source) from None
    if encrypted:
        raise BackhandoutError("the PDF is encrypted; give an unencrypted copy", file=source)
    return reader


def read_pdf_file(path: Path) -> tuple[bytes, PdfReader]:
    """Read a PDF file: its bytes and a reader."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BackhandoutError("file not found", file=str(path)) from None
    except IsADirectoryError:
        raise BackhandoutError("is a folder, not a PDF file", file=str(path)) from None
    except OSError as exc:
        raise BackhandoutError(f"cannot read: {exc.strerror}", file=str(path)) from None
    return data, read_pdf(data, str(path))
