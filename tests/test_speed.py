"""The speed-ups change nothing on paper, and --help stays light."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from reportlab import rl_config

from backhandout.api import build_pdf
from backhandout.model import Request
from backhandout.render import speed
from conftest import PROFILES

DAY = dt.date(2026, 11, 21)


def _builds(catalogue) -> list[bytes]:
    requests = [
        Request(profile=profile, side=side, weeks=weeks, patient=name, date=DAY)
        for profile in PROFILES
        for side, weeks, name in ((None, 4, None), ("left", 12, "Ana <b>Núñez</b> " * 10))
    ]
    return [build_pdf(request, catalogue) for request in requests * 2]


def test_memos_give_byte_identical_pdfs(catalogue):
    fast = _builds(catalogue)
    try:
        speed.tune(enabled=False)
        rl_config.useA85 = 0  # compare the memos alone
        plain = _builds(catalogue)
    finally:
        speed.tune()
    assert fast == plain


HEAVY = ("yaml", "reportlab", "pypdf", "PIL", "textstat", "polib", "backhandout.model",
         "pathlib", "json")


def _heavy_loaded(command: list[str] | None) -> set[str]:
    """The HEAVY modules loaded after running the CLI with command (None: a bare start)."""
    run_cli = "" if command is None else (
        f"from backhandout.cli import cli\ntry:\n    cli({command!r})\nexcept SystemExit:\n    pass\n")
    code = f"import sys\n{run_cli}print('loaded:', *(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.strip().splitlines()[-1].split()[1:])


@pytest.mark.parametrize("command", [["--help"], ["build", "--help"]])
def test_help_imports_no_heavy_module(command):
    # Some installs (an editable one's .pth file) load pathlib before any of our code.
    assert _heavy_loaded(command) - _heavy_loaded(None) == set()


def test_memos_do_not_grow_with_new_names(catalogue):
    def build(names):
        for name in names:
            build_pdf(Request(profile="desk-worker", patient=name, date=DAY), catalogue)

    build([f"Warm {i}" for i in range(3)])
    sizes = (len(speed._parses), len(speed._wrapped))
    build([f"Patient {i}" for i in range(10)])
    assert (len(speed._parses), len(speed._wrapped)) == sizes
