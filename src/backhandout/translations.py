"""The translators' side: which texts need translating, what is missing, and the PO files.

`update_po` writes <catalogue>/locale/<code>.po from the current English, the
way gettext's msgmerge does: translations whose English is unchanged are
kept; a changed or moved text keeps its old translation marked fuzzy (to
check), which does not count until a translator removes the mark; texts that
are gone are kept at the end as obsolete (#~).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import texts
from .atomic import write_atomic
from .catalogue_texts import catalogue_texts
from .errors import BackhandoutError
from .i18n import (
    DEFAULT_PLURALS,
    EN,
    Language,
    UI,
    MissingTranslation,
    fields,
    locale_dir,
    plural_forms,
    read_po,
    ui_context,
)
from .model import Catalogue
from .schema import shown_path

# Names and plural rules for a new PO file (any other code: set them in the file's header).
KNOWN = {
    "es": ("Spanish", DEFAULT_PLURALS),
    "fr": ("French", "nplurals=2; plural=(n > 1);"),
    "de": ("German", DEFAULT_PLURALS),
    "it": ("Italian", DEFAULT_PLURALS),
    "nl": ("Dutch", DEFAULT_PLURALS),
    "pt": ("Portuguese", DEFAULT_PLURALS),
    "pt_BR": ("Brazilian Portuguese", "nplurals=2; plural=(n > 1);"),
    "pl": ("Polish", "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && "
                     "(n%100<10 || n%100>=20) ? 1 : 2);"),
    "ro": ("Romanian", "nplurals=3; plural=(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) "
                       "? 1 : 2);"),
}
CODE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")
WRAP = 100


@dataclass(frozen=True)
class Text:
    """One English text to translate, and where it lives."""

    context: str
    english: str
    plural: str = ""  # the English plural form, for a text with plural forms

    @property
    def key(self) -> str:
        """The file part of the context: 'exercises/glute-bridge.yaml', or 'ui'."""
        return self.context.split(" ", 1)[0]


def source_texts(catalogue: Catalogue) -> list[Text]:
    """Every text to translate: the fixed texts, then the catalogue's."""
    fixed = [Text(ui_context(name), *((t,) if isinstance(t, str) else t))
             for name, t in texts.templates().items()]
    return fixed + [Text(src.context, text) for src, text in catalogue_texts(catalogue).values()]


def missing(catalogue: Catalogue, language: Language) -> list[MissingTranslation]:
    """One error per text the language has no usable translation for, in file order."""
    errors = []
    for text in source_texts(catalogue):
        try:
            language.lookup(text.context, text.english, text.plural)
        except MissingTranslation as exc:
            errors.append(exc)
    return errors


def _code_notes() -> dict[str, str]:
    """The comment at the end of each fixed text's line in texts.py, by context."""
    source = Path(texts.__file__).read_text(encoding="utf-8")
    return {ui_context(name): note.strip() for name, note in
            re.findall(r"^([A-Z][A-Z0-9_]*) = .*#(.+)$", source, re.M)}


def translator_note(text: Text, code_notes: dict[str, str] | None = None) -> str:
    """What a translator should know: the texts.py comment, and what to keep as it is."""
    notes = [(code_notes or {}).get(text.context, "")]
    if "{away}" in text.english or "{pain}" in text.english:
        notes.append("{away} and {pain} become side words such as 'the side away from your "
                     "pain' or 'your right side' (see ui SIDE_AWAY ...): keep them, and write "
                     "the sentence so that either fits.")
    names = sorted(fields(text.english + text.plural) - {"{away}", "{pain}"})
    if names:
        notes.append(f"Keep {', '.join(names)} as written: the handout fills them in.")
    return " ".join(note for note in notes if note)


@dataclass
class Counts:
    """What an update found."""

    translated: int = 0
    fuzzy: int = 0
    empty: int = 0
    obsolete: int = 0


def _translated(entry: Any) -> bool:
    forms = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
    return any(forms)


def _copy(target: Any, source: Any, *, fuzzy: bool) -> None:
    """Give target the translation of source (plural forms as far as they go)."""
    if target.msgid_plural:
        forms = source.msgstr_plural if source.msgid_plural else {0: source.msgstr}
        target.msgstr_plural = {i: forms.get(i, "") for i in target.msgstr_plural}
    else:
        target.msgstr = source.msgstr if not source.msgid_plural else source.msgstr_plural[0]
    target.tcomment = source.tcomment
    if fuzzy:
        target.flags.append("fuzzy")
        target.previous_msgid = source.msgid


def _entries(catalogue: Catalogue, old: dict[str, Any], counts: Counts,
             nplurals: int) -> Iterator[Any]:
    """The new file's entries, with what can be kept of the old file's translations."""
    import polib

    by_file = {(e.msgctxt.split(" ", 1)[0], e.msgid): e for e in old.values() if _translated(e)}
    by_english = {e.msgid: e for e in reversed(list(old.values())) if _translated(e)}
    code_notes = _code_notes()
    for text in source_texts(catalogue):
        entry = polib.POEntry(msgctxt=text.context, msgid=text.english,
                              comment=translator_note(text, code_notes))
        if text.plural:
            entry.msgid_plural = text.plural
            entry.msgstr_plural = {i: "" for i in range(nplurals)}
        before = old.pop(text.context, None)
        same = before is not None and before.msgid == text.english \
            and (before.msgid_plural or "") == text.plural
        if same and _translated(before):
            _copy(entry, before, fuzzy=False)
            entry.flags = list(before.flags)
        elif (text.key, text.english) in by_file and text.key != UI and not text.plural:
            _copy(entry, by_file[(text.key, text.english)], fuzzy=False)  # moved within its file
        elif before is not None and _translated(before):
            _copy(entry, before, fuzzy=True)  # the English changed
        elif text.english in by_english and not text.plural:
            _copy(entry, by_english[text.english], fuzzy=True)  # the same English elsewhere
        if not _translated(entry):
            counts.empty += 1
        elif "fuzzy" in entry.flags:
            counts.fuzzy += 1
        else:
            counts.translated += 1
        yield entry
    for gone in old.values():
        if _translated(gone):
            gone.obsolete = True
            counts.obsolete += 1
            yield gone


def update_po(catalogue: Catalogue, code: str) -> tuple[str, Counts]:
    """Create or refresh <catalogue>/locale/<code>.po from the current English."""
    import polib

    if code == EN or not CODE.match(code):
        raise BackhandoutError(f"'{code}' is not a language code to translate into "
                               "(use a code such as es, fr or pt_BR)")
    path = locale_dir(catalogue.root) / f"{code}.po"
    shown = shown_path(path)
    old_po = read_po(path) if path.exists() else None
    name, plurals = KNOWN.get(code, (code, DEFAULT_PLURALS))
    po = polib.POFile(wrapwidth=WRAP, encoding="utf-8")
    po.header = (old_po.header if old_po else
                 f"{name} texts of the backhandout handouts.\n"
                 f"Refresh from the English with: backhandout translations update --lang {code}")
    po.metadata = old_po.metadata if old_po else {
        "Project-Id-Version": "backhandout catalogue",
        "Language": code,
        "Language-Team": name,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plurals,
    }
    try:
        nplurals, _ = plural_forms(po.metadata.get("Plural-Forms", ""))
    except ValueError as exc:
        raise BackhandoutError(f"Plural-Forms header: {exc}", file=shown) from None
    old = {e.msgctxt: e for e in (old_po or []) if e.msgctxt and not e.obsolete}
    counts = Counts()
    for entry in _entries(catalogue, old, counts, nplurals):
        po.append(entry)
    text = str(po)
    write_atomic(path, (text if text.endswith("\n") else text + "\n").encode("utf-8"))
    return shown, counts
