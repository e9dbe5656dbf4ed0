"""Password-protect a finished PDF (AES-256, via pypdf)."""

from __future__ import annotations

import io

from .errors import BackhandoutError


def encrypt_pdf(data: bytes, password: str) -> bytes:
    """Return the PDF encrypted with AES-256: it opens only with the password."""
    from pypdf import PdfReader, PdfWriter  # pypdf is imported only when encrypting

    if not password:
        raise BackhandoutError("the password is empty")
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    try:
        writer.encrypt(user_password=password, algorithm="AES-256")
    except ImportError:
        raise BackhandoutError(
            "AES-256 encryption needs the 'cryptography' package: pip install cryptography"
        ) from None
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
