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


@pytest.mark.parametrize("module", ["yaml", "reportlab", "pypdf", "backhandout.model", "pathlib", "json"])
def test_help_imports_no_heavy_module(module):
    def loaded(imports: str) -> bool:
        code = f"import sys{imports}; print({module!r} in sys.modules)"
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        return out.stdout.strip() == "True"

    if loaded(""):  # some installs (an editable one's .pth file) load it before any of our code
        pytest.skip(f"{module} is loaded at interpreter start-up here")
    assert not loaded(", backhandout.cli")


def test_memos_do_not_grow_with_new_names(catalogue):
    def build(names):
        for name in names:
            build_pdf(Request(profile="desk-worker", patient=name, date=DAY), catalogue)

    build([f"Warm {i}" for i in range(3)])
    sizes = (len(speed._parses), len(speed._wrapped))
    build([f"Patient {i}" for i in range(10)])
    assert (len(speed._parses), len(speed._wrapped)) == sizes
