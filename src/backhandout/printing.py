"""Send a PDF to a CUPS printer with `lp`, with the right paper and duplex."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BackhandoutError
from .layouts import PAPER
from .pdfio import page_size, read_pdf_file

if TYPE_CHECKING:
    from pypdf import PdfReader

MEDIA = {"a3": "A3", "a4": "A4", "a5": "A5", "letter": "Letter", "legal": "Legal"}


def paper_and_sides(reader: PdfReader, source: str = "PDF") -> tuple[str, str]:
    """CUPS media and sides for a PDF: landscape sheets are booklets (short edge)."""
    width, height = page_size(reader, source)
    portrait = (min(width, height), max(width, height))
    media = next(
        (MEDIA[name] for name, size in PAPER.items()
         if name in MEDIA and abs(size[0] - portrait[0]) < 3 and abs(size[1] - portrait[1]) < 3),
        f"Custom.{round(portrait[0])}x{round(portrait[1])}",
    )
    sides = "two-sided-short-edge" if width > height else "two-sided-long-edge"
    return media, sides


def check_printer(name: str) -> str:
    """A CUPS printer name (at most 127 printable characters, no spaces, '/' or '#'), or one
    line saying it is not one (its characters shown escaped, never on two lines)."""
    if not re.fullmatch(r"[^\s/#\\\x00-\x1f\x7f]{1,127}", name) or not name.isprintable():
        raise BackhandoutError(f"not a printer name: {ascii(name)[:60]} (printer names have no "
                               "spaces, '/', '#' or control characters; lpstat -p lists them)",
                               file="--printer")
    return name


def lp_command(path: Path, *, printer: str | None, copies: int) -> list[str]:
    """The exact `lp` command that prints a file as it should be printed."""
    _, reader = read_pdf_file(path)
    media, sides = paper_and_sides(reader, str(path))
    command = ["lp"]
    if printer:
        command += ["-d", check_printer(printer)]
    command += ["-n", str(copies), "-o", f"media={media}", "-o", f"sides={sides}",
                "-t", path.name, "--", str(path)]
    return command


def send(command: list[str]) -> str:
    """Run lp; return what it said (the job id), or fail with one clear line."""
    if shutil.which(command[0]) is None:
        raise BackhandoutError("the 'lp' command was not found: install CUPS "
                               "(Debian/Ubuntu: apt-get install cups-client)", file="lp")
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    except subprocess.TimeoutExpired:
        raise BackhandoutError("no answer from the print system after 60 seconds", file="lp") from None
    if done.returncode != 0:
        said = " ".join((done.stderr or done.stdout).split()) or f"exit code {done.returncode}"
        if "-d" in command and ("does not exist" in said or "not exist" in said):
            printer = command[command.index("-d") + 1]
            raise BackhandoutError(f"unknown printer '{printer}' (lpstat -p lists the printers)",
                                   file="lp")
        raise BackhandoutError(said.removeprefix("lp: "), file="lp")
    return done.stdout.strip()
