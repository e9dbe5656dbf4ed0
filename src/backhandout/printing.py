"""Send PDFs to a CUPS printer with `lp`: the right paper and duplex edge for each file.

Many files are checked first (each a readable PDF, the printer known and accepting
jobs), then sent one CUPS job per file, in the order given.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BackhandoutError
from .layouts import PAPER
from .pdfio import page_size, read_pdf_file

if TYPE_CHECKING:
    from pypdf import PdfReader

MEDIA = {"a3": "A3", "a4": "A4", "a5": "A5", "letter": "Letter", "legal": "Legal"}
TIMEOUT = 60  # seconds to wait for the print system's answer


@dataclass(frozen=True)
class Sent:
    """What printing did: one line per file, and the summary."""

    lines: tuple[str, ...]
    summary: str


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


def printer_name(name: str) -> str:
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
        command += ["-d", printer_name(printer)]
    command += ["-n", str(copies), "-o", f"media={media}", "-o", f"sides={sides}",
                "-t", path.name, "--", str(path)]
    return command


def lp_commands(paths: list[Path], *, printer: str | None, copies: int) -> list[list[str]]:
    """One `lp` command per file, in order; every file is read (and must be a PDF) first."""
    if not paths:
        raise BackhandoutError("no files to print")
    return [lp_command(path, printer=printer, copies=copies) for path in paths]


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    """Run a CUPS command; one clear line if CUPS is missing or does not answer."""
    if shutil.which(command[0]) is None:
        raise BackhandoutError(f"the '{command[0]}' command was not found: install CUPS "
                               "(Debian/Ubuntu: apt-get install cups-client)", file="lp")
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT,
                              check=False)
    except subprocess.TimeoutExpired:
        raise BackhandoutError(f"no answer from the print system after {TIMEOUT} seconds",
                               file="lp") from None


def _said(done: subprocess.CompletedProcess[str]) -> str:
    return " ".join((done.stderr or done.stdout).split()) or f"exit code {done.returncode}"


def check_printer(printer: str | None) -> str:
    """The printer's name (the system default when none is given), once CUPS says it exists
    and accepts jobs."""
    if not printer:
        if shutil.which("lpstat") is None:
            _run(["lp"])  # says CUPS is missing, in lp's words
        said = _said(_run(["lpstat", "-d"]))
        if ":" not in said or "no system default" in said:
            raise BackhandoutError("no default printer: give --printer NAME "
                                   "(lpstat -p lists the printers)", file="lp")
        printer = said.split(":", 1)[1].strip()
    if shutil.which("lpstat") is None:
        _run(["lp"])
    done = _run(["lpstat", "-a", printer])
    if done.returncode != 0:
        raise BackhandoutError(f"unknown printer '{printer}' (lpstat -p lists the printers)",
                               file="lp")
    if "not accepting" in done.stdout:
        raise BackhandoutError(f"printer '{printer}' is not accepting jobs now "
                               f"({_said(done)})", file="lp")
    return printer


def send(command: list[str]) -> str:
    """Run lp; return what it said (the job id), or fail with one clear line."""
    done = _run(command)
    if done.returncode != 0:
        said = _said(done)
        if "-d" in command and ("does not exist" in said or "not exist" in said):
            printer = command[command.index("-d") + 1]
            raise BackhandoutError(f"unknown printer '{printer}' (lpstat -p lists the printers)",
                                   file="lp")
        raise BackhandoutError(said.removeprefix("lp: "), file="lp")
    return done.stdout.strip()


def print_files(paths: list[Path], *, printer: str | None, copies: int,
                dry_run: bool = False) -> Sent:
    """Print files in order, one CUPS job each, after checking all of them and the printer.

    With dry_run, nothing is sent: the lines are the lp commands. A job the print system
    refuses stops the run, with one line saying what was sent and what was not.
    """
    commands = lp_commands(paths, printer=printer, copies=copies)
    count = f"{len(paths)} file{'s' if len(paths) != 1 else ''}"
    if dry_run:
        return Sent(tuple(shlex.join(command) for command in commands),
                    f"Would send {count} (dry run: nothing sent)")
    name = check_printer(printer)
    lines: list[str] = []
    for i, (path, command) in enumerate(zip(paths, commands)):
        try:
            lines.append(f"{path}: {send(command)}")
        except BackhandoutError as exc:
            sent = ", ".join(p.name for p in paths[:i]) or "none"
            rest = ", ".join(p.name for p in paths[i + 1:])
            raise BackhandoutError(f"{exc.message}; sent before it: {sent}"
                                   + (f"; not sent: {rest}" if rest else ""),
                                   file=str(path)) from None
    each = f", {copies} copies each" if copies > 1 else ""
    return Sent(tuple(lines), f"Sent {count} to {name}{each}")
