"""The checked catalogue is kept on disk (cache.py) and read again only when a file changes."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from backhandout import cache
from backhandout.catalogue import _read_catalogue, load_catalogue
from backhandout.errors import CatalogueError


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV, str(folder))
    load_catalogue.cache_clear()  # the in-process copy too: each load below goes to disk
    yield folder
    load_catalogue.cache_clear()


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Count the times the catalogue is read from its YAML files."""
    import backhandout.catalogue as module

    reads: list[Path] = []

    def counted(root: Path):
        reads.append(root)
        return _read_catalogue(root)

    monkeypatch.setattr(module, "_read_catalogue", counted)
    return reads


def test_second_load_comes_from_the_cache(own_cache, catalogue_copy, monkeypatch):
    reads = _reads(monkeypatch)
    first = load_catalogue(catalogue_copy)
    load_catalogue.cache_clear()
    again = load_catalogue(catalogue_copy)
    assert reads == [catalogue_copy] and again == first
    entries = list(own_cache.iterdir())
    assert len(entries) == 1 and entries[0].stat().st_mode & 0o077 == 0  # private
    assert own_cache.stat().st_mode & 0o077 == 0


def test_an_edited_file_is_read_again(own_cache, catalogue_copy, monkeypatch):
    reads = _reads(monkeypatch)
    load_catalogue(catalogue_copy)
    path = catalogue_copy / "exercises" / "cat-cow.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Cat and cow", "Cat and cow stretch"),
                    encoding="utf-8")
    load_catalogue.cache_clear()
    assert load_catalogue(catalogue_copy).exercises["cat-cow"].name == "Cat and cow stretch"
    assert len(reads) == 2
    assert len(list(own_cache.iterdir())) == 1  # replaced, not piled up


def test_a_broken_file_is_an_error_every_time(own_cache, catalogue_copy):
    (catalogue_copy / "exercises" / "cat-cow.yaml").write_text("id: [", encoding="utf-8")
    for _ in range(2):
        load_catalogue.cache_clear()
        with pytest.raises(CatalogueError, match="cat-cow.yaml"):
            load_catalogue(catalogue_copy)
    assert not own_cache.exists() or not list(own_cache.iterdir())


def test_an_entry_others_could_write_is_not_read(own_cache, catalogue_copy, monkeypatch):
    load_catalogue(catalogue_copy)
    entry, = own_cache.iterdir()
    key, value = pickle.loads(entry.read_bytes())
    entry.write_bytes(pickle.dumps((key, "planted")))  # what a hostile entry would give
    entry.chmod(0o666)
    load_catalogue.cache_clear()
    assert load_catalogue(catalogue_copy) == value  # read from the files instead
    entry.chmod(0o600)
    load_catalogue.cache_clear()
    assert load_catalogue(catalogue_copy) == value  # and written afresh, whole


def test_a_damaged_entry_or_an_unwritable_cache_is_no_error(own_cache, catalogue_copy, monkeypatch):
    load_catalogue(catalogue_copy)
    entry, = own_cache.iterdir()
    entry.write_bytes(b"\x80\x05 not a pickle")
    load_catalogue.cache_clear()
    assert "cat-cow" in load_catalogue(catalogue_copy).exercises
    monkeypatch.setenv(cache.ENV, str(entry / "under-a-file"))  # cannot be made
    load_catalogue.cache_clear()
    assert "cat-cow" in load_catalogue(catalogue_copy).exercises


def test_the_cache_can_be_turned_off(own_cache, catalogue_copy, monkeypatch):
    monkeypatch.setenv(cache.ENV, "off")
    reads = _reads(monkeypatch)
    for _ in range(2):
        load_catalogue.cache_clear()
        load_catalogue(catalogue_copy)
    assert len(reads) == 2 and not own_cache.exists()


def test_picture_layouts_read_back_from_disk_are_the_same(own_cache, catalogue, monkeypatch):
    from backhandout.layouts import load_layout
    from backhandout.render import figures
    from backhandout.render.styles import make_styles

    make_styles(load_layout("a4"))  # registers the label font
    args = (catalogue.exercises["cat-cow"].figure, 300.0, 150.0, False, (), "VeraBd",
            figures.Palette(), 9.0, tuple(sorted(figures.PICTURE_WORDS.items())))
    figures._panels.cache_clear()
    fresh = figures._panels(*args)
    assert len(list((own_cache / "figures").iterdir())) == 1
    figures._panels.cache_clear()
    monkeypatch.setattr(figures, "grid", lambda *a, **k: pytest.fail("laid out again"))
    assert figures._panels(*args) == fresh  # from the file
    figures._panels.cache_clear()


def test_a_named_layout_is_kept_and_read_again_when_its_folder_changes(own_cache, tmp_path,
                                                                          monkeypatch):
    import shutil

    import backhandout.layouts as layouts

    folder = tmp_path / "layouts"
    shutil.copytree(layouts.layouts_dir(), folder)
    monkeypatch.setenv(layouts.ENV_VAR, str(folder))
    reads: list[str] = []
    read = layouts._read_layout

    def counted(name: str, files=None):
        reads.append(name)
        return read(name, files)

    monkeypatch.setattr(layouts, "_read_layout", counted)
    for _ in range(2):
        layouts.load_layout.cache_clear()
        assert layouts.load_layout("large-print").body_size == 17
    assert reads == ["large-print"]
    (folder / "large-print.yaml").write_text(
        (folder / "large-print.yaml").read_text(encoding="utf-8").replace("body: 17pt", "body: 18pt"),
        encoding="utf-8")
    layouts.load_layout.cache_clear()
    assert layouts.load_layout("large-print").body_size == 18 and len(reads) == 2
    (folder / "large-print.yaml").write_text("inherits: a4\ntext: {body: 9pt}\n", encoding="utf-8")
    layouts.load_layout.cache_clear()
    with pytest.raises(CatalogueError, match="from 12pt to 24pt"):  # errors are never kept
        layouts.load_layout("large-print")
    layouts.load_layout.cache_clear()


def test_a_layout_inheriting_from_outside_its_folder_is_never_kept(own_cache, tmp_path,
                                                                     monkeypatch):
    """The key covers the layouts folder only: a layout that inherits from a file elsewhere
    is read afresh each time, so an edit there is never missed."""
    import backhandout.layouts as layouts

    folder = tmp_path / "layouts"
    folder.mkdir()
    outside = tmp_path / "base.yaml"
    outside.write_text("inherits: " + str(layouts.layouts_dir() / "a4.yaml") +
                       "\ntext: {body: 13pt}\n", encoding="utf-8")
    (folder / "clinic.yaml").write_text("inherits: ../base.yaml\n", encoding="utf-8")
    monkeypatch.setenv(layouts.ENV_VAR, str(folder))
    layouts.load_layout.cache_clear()
    assert layouts.load_layout("clinic").body_size == 13
    outside.write_text(outside.read_text(encoding="utf-8").replace("13pt", "14pt"),
                       encoding="utf-8")
    layouts.load_layout.cache_clear()
    assert layouts.load_layout("clinic").body_size == 14
    assert list(own_cache.glob("layout-*")) == []
    layouts.load_layout.cache_clear()
