"""Shared test helpers: the real catalogue, a CLI runner, PDF text per page."""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader

from backhandout.catalogue import load_catalogue
from backhandout.cli import cli

# The tests' own cache of checked catalogues (cache.py), not the user's; subprocesses inherit it.
os.environ["BACKHANDOUT_CACHE"] = tempfile.mkdtemp(prefix="backhandout-test-cache-")

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "catalogue"
PROFILES = ("desk-worker", "one-sided-pain", "post-workout-soreness")


@pytest.fixture(autouse=True)
def _no_env_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests use the repository catalogue unless they say otherwise."""
    monkeypatch.delenv("BACKHANDOUT_CATALOGUE", raising=False)


@pytest.fixture(scope="session")
def catalogue():
    return load_catalogue(CATALOGUE)


@pytest.fixture
def catalogue_copy(tmp_path: Path) -> Path:
    """A writable copy of the real catalogue, for breaking on purpose."""
    target = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE, target)
    return target


def run(*args: object, cwd: Path | None = None, **kwargs) -> Result:
    """Run the CLI in-process (optionally inside folder cwd) and return the result."""
    runner = CliRunner()
    argv = [str(a) for a in args]
    if cwd is None:
        return runner.invoke(cli, argv, catch_exceptions=False, **kwargs)
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return runner.invoke(cli, argv, catch_exceptions=False, **kwargs)
    finally:
        os.chdir(old)


def break_file(root: Path, relative: str, old: str, new: str) -> None:
    """Replace text in one catalogue file (it must be there), to break it on purpose."""
    path = root / relative
    text = path.read_text()
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1))


def one_line_error(root: Path) -> str:
    """Plan with a broken catalogue: exit 1 and exactly one line, never a traceback."""
    result = run("plan", "desk-worker", "--catalogue", root)
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    return lines[0]


def pdf_pages(data: bytes) -> list[str]:
    """The extracted text of each page."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
