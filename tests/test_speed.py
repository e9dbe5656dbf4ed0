"""The speed-ups change nothing on paper, and --help stays light."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from backhandout.api import build_pdf
from backhandout.model import Request
from backhandout.render import speed
from conftest import PROFILES

DAY = dt.date(2026, 11, 21)


def _requests() -> list[Request]:
    requests = [
        Request(profile=profile, side=side, weeks=weeks, patient=name, date=DAY)
        for profile in PROFILES
        for side, weeks, name in ((None, 4, None), ("left", 12, "Ana <b>Núñez</b> " * 10))
    ]
    return requests * 2


def _builds(catalogue) -> list[bytes]:
    return [build_pdf(request, catalogue) for request in _requests()]


def test_memos_give_byte_identical_pdfs(catalogue, monkeypatch):
    fast = _builds(catalogue)
    real = speed.tuned
    monkeypatch.setattr(speed, "tuned", lambda enabled=True: real(enabled=False))  # as api.drawn calls it
    plain = _builds(catalogue)
    assert fast == plain


def test_memos_are_on_only_while_drawing(catalogue):
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus.paragraph import Paragraph

    build_pdf(Request(profile="desk-worker", date=DAY), catalogue)
    assert Paragraph.wrap is speed._ORIGINAL["wrap"]
    assert Paragraph._setup is speed._ORIGINAL["_setup"]
    assert TTFont.splitString is speed._ORIGINAL["split"]
    with speed.tuned():
        with speed.tuned():
            assert Paragraph.wrap is speed._memo_wrap
        assert Paragraph.wrap is speed._memo_wrap  # nested blocks: still on in the outer one
    assert Paragraph.wrap is speed._ORIGINAL["wrap"]


def test_the_private_reportlab_api_the_memos_replace_is_unchanged():
    """speed.py replaces these; a ReportLab that changes them must fail here (and the
    version cap in pyproject.toml keeps the next major version out until it is checked)."""
    import inspect

    import reportlab
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import paragraph
    from reportlab.platypus.paraparser import ParaParser

    assert reportlab.Version.split(".")[0] in ("4", "5")
    pinned = {
        paragraph.Paragraph._setup: "(self, text, style, bulletText, frags, cleaner)",
        paragraph.Paragraph.wrap: "(self, availWidth, availHeight)",
        TTFont.splitString: "(self, text, doc, encoding='utf-8')",
        paragraph.cleanBlockQuotedText: "(text, joiner=' ')",
        paragraph.textTransformFrags: "(frags, style)",
        ParaParser.parse: "(self, text, style)",
    }
    for function, signature in pinned.items():
        assert str(inspect.signature(function)) == signature, function.__qualname__
    for attribute in ("blPara", "_wrapWidths", "caseSensitive"):  # what the memos read and set
        probe = paragraph.Paragraph("probe", paragraph.ParagraphStyle("probe"))
        probe.wrap(100, 100)
        assert hasattr(probe, attribute), attribute


HEAVY = ("yaml", "reportlab", "pypdf", "PIL", "PIL.Image", "textstat", "polib",
         "backhandout.model", "pathlib", "json")


def _heavy_loaded(command: list[str] | None) -> set[str]:
    """The HEAVY modules loaded after running the CLI with command (None: a bare start)."""
    run_cli = "" if command is None else (
        f"from backhandout.cli import cli\ntry:\n    cli({command!r})\nexcept SystemExit:\n    pass\n")
    loaded = "m in sys.modules and type(sys.modules[m]).__name__ != '_LazyModule'"  # lazy.py
    code = f"import sys\n{run_cli}print('loaded:', *(m for m in {HEAVY!r} if {loaded}))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.strip().splitlines()[-1].split()[1:])


@pytest.mark.parametrize("command", [["--help"], ["build", "--help"]])
def test_help_imports_no_heavy_module(command):
    # Some installs (an editable one's .pth file) load pathlib before any of our code.
    assert _heavy_loaded(command) - _heavy_loaded(None) == set()


def test_a_cached_build_reads_no_yaml_and_loads_no_pillow(tmp_path):
    """With the catalogue and layout cached (cache.py), a build parses no YAML, and Pillow,
    which ReportLab imports, is never loaded: handouts hold no bitmap."""
    command = ["build", "desk-worker", "-o", str(tmp_path / "a.pdf")]
    _heavy_loaded(command)  # fills the cache (the tests' own: conftest.py)
    loaded = _heavy_loaded(command)
    assert "reportlab" in loaded and (tmp_path / "a.pdf").stat().st_size > 50_000
    assert loaded & {"yaml", "PIL.Image"} == set()


def test_memos_do_not_grow_with_new_names(catalogue):
    def build(names):
        for name in names:
            build_pdf(Request(profile="desk-worker", patient=name, date=DAY), catalogue)

    build([f"Warm {i}" for i in range(3)])
    sizes = (len(speed._parses), len(speed._wrapped))
    build([f"Patient {i}" for i in range(10)])
    assert (len(speed._parses), len(speed._wrapped)) == sizes
