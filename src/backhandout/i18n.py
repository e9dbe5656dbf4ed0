"""Languages: English texts and their translations in <catalogue>/locale/<code>.po.

Every patient text has a context and its English. Catalogue texts have the
context "<file> <field>" ("exercises/glute-bridge.yaml steps[2]"), fixed texts
"ui NAME" (the name in texts.py). A translation is found by both, so an English
text that changed after it was translated counts as untranslated again.

`Language` is the one seam all patient texts go through: the planner asks it
for catalogue texts, doses and side words, the renderer for its labels. English
needs no file; polib is imported only when another language is loaded.
"""

from __future__ import annotations

import datetime as dt
import gettext
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import inputs, texts
from .errors import BackhandoutError
from .schema import shown_path

EN = "en"
LOCALE_DIR = "locale"
UI = "ui"
DEFAULT_PLURALS = "nplurals=2; plural=(n != 1);"
_FIELD = re.compile(r"\{[^{}]*\}")


def fields(text: str) -> set[str]:
    """The {fields} and side markers a text uses."""
    return set(_FIELD.findall(text))


def ui_context(name: str) -> str:
    """The context of a fixed text: 'ui HEADING_EXERCISES'."""
    return f"{UI} {name}"


class MissingTranslation(BackhandoutError):
    """A text has no usable translation in the language asked for."""


@dataclass(frozen=True)
class Entry:
    """One translation as the PO file holds it."""

    english: str
    forms: tuple[str, ...]  # the translation, or its plural forms; "" when empty
    plural: str = ""  # the English plural form, for a text with plural forms
    problem: str = ""  # why it cannot be used ("" when it can)
    line: int | None = None


def max_translation(english: str, plural: str = "") -> int:
    """The longest a translation may be: three times the English, and at least 600 characters
    (the catalogue's own texts are at most 300: see schema.MAX_TEXT)."""
    return max(600, 3 * max(len(english), len(plural)))


def _problem(english: str, plural: str, forms: tuple[str, ...], fuzzy: bool) -> str:
    if not any(forms):
        return ""
    if fuzzy:
        return "the translation is marked fuzzy: check it, then remove the mark"
    allowed = fields(english) | fields(plural)
    longest = max_translation(english, plural)
    for form in forms:
        if not form:
            return "a plural form is empty"
        if len(form) > longest:
            return f"the translation is {len(form):,} characters long (at most {longest:,})"
        extra = fields(form) - allowed
        if extra:
            return f"the translation uses {', '.join(sorted(extra))}, which the English has not"
    if not plural and fields(english) != fields(forms[0]):
        lost = ", ".join(sorted(fields(english) - fields(forms[0])))
        return f"the translation leaves out {lost}"
    return ""


class Language:
    """One language's texts: English itself, or a PO file's translations."""

    def __init__(self, code: str = EN, name: str = "English", file: str = "",
                 entries: Mapping[str, Entry] | None = None,
                 plural: Callable[[int], int] | None = None, tag: str | None = None) -> None:
        self.code, self.name, self.file = code, name, file
        self.entries: Mapping[str, Entry] = entries or {}  # by context
        self.plural = plural or (lambda n: int(n != 1))
        self.tag = tag  # for the PDF's language; None: the layout's

    @property
    def is_english(self) -> bool:
        """True for the source language itself."""
        return self.code == EN

    def lookup(self, context: str, english: str, plural: str = "") -> tuple[str, ...]:
        """The translated forms of a text, or raise MissingTranslation naming it."""
        if self.is_english:
            return (english, plural) if plural else (english,)
        entry = self.entries.get(context)
        if entry is not None and (entry.english, entry.plural) == (english, plural) \
                and any(entry.forms) and not entry.problem:
            return entry.forms
        raise MissingTranslation(self.why_missing(context, english, plural), file=self.file,
                                 field=context)

    def why_missing(self, context: str, english: str, plural: str = "") -> str:
        """'no Spanish translation for ...', and why when the file has one that cannot be used."""
        entry = self.entries.get(context)
        reason = ""
        if entry is not None and any(entry.forms):
            same = (entry.english, entry.plural) == (english, plural)
            reason = entry.problem if same else "the English changed after it was translated"
        message = f"no {self.name} translation for {english!r}"
        return f"{message} ({reason})" if reason else message

    def text(self, context: str, english: str) -> str:
        """A catalogue text in this language."""
        return self.lookup(context, english)[0]

    def ui(self, name: str, /, **values: Any) -> str:
        """A fixed text from texts.py in this language, its fields filled in."""
        english = getattr(texts, name)
        return self.lookup(ui_context(name), english)[0].format(**values)

    def ui_n(self, name: str, n: int, /, **values: Any) -> str:
        """A fixed text with plural forms, in the form that suits the number n."""
        one, many = getattr(texts, name)
        forms = self.lookup(ui_context(name), one, many)
        index = min(self.plural(n), len(forms) - 1)
        return forms[index].format(**{**values, "n": n})

    def _joined(self, items: Iterable[str], template: str) -> str:
        items = list(items)
        if len(items) < 2:
            return "".join(items)
        return self.ui(template, first=", ".join(items[:-1]), last=items[-1])

    def and_list(self, items: Iterable[str]) -> str:
        """'a', 'a and b', 'a, b and c' in this language."""
        return self._joined(items, "AND_LIST")

    def or_list(self, items: Iterable[str]) -> str:
        """'a', 'a or b', 'a, b or c' in this language."""
        return self._joined(items, "OR_LIST")

    def date(self, when: dt.date) -> str:
        """A date the way people write it: '21 November 2026', '21 de noviembre de 2026'."""
        return self.ui("DATE", day=when.day, month=self.ui(f"MONTH_{when.month}"),
                       year=when.year)

    def samples(self) -> dict[str, str]:
        """Every translated fixed text, filled with texts.SAMPLE values (for grading)."""
        by_english = {e.english: e.forms[0] for e in self.entries.values()
                      if any(e.forms) and not e.problem}

        def value(sample: Any) -> Any:
            if isinstance(sample, tuple):
                name, values = sample
                try:
                    return self.ui(name, **{k: value(v) for k, v in values.items()})
                except MissingTranslation:
                    return ENGLISH.ui(name, **values)
            return by_english.get(sample, sample) if isinstance(sample, str) else sample

        filled = {key: value(sample) for key, sample in texts.SAMPLE.items()}
        result = {}
        for name, template in texts.templates().items():
            try:
                if isinstance(template, tuple):
                    result[name] = self.ui_n(name, filled["n"], **filled)
                else:
                    result[name] = self.ui(name, **filled)
            except MissingTranslation:
                continue  # reported by the check as missing
        return result


ENGLISH = Language()


def locale_dir(root: str | Path) -> Path:
    """Where a catalogue keeps its translations."""
    return Path(root) / LOCALE_DIR


def available(root: str | Path) -> tuple[str, ...]:
    """The language codes a catalogue can print: en, and one per PO file."""
    folder = locale_dir(root)
    found = sorted(p.stem for p in folder.glob("*.po")) if folder.is_dir() else []
    return (EN, *(code for code in found if code != EN))


def load_language(root: str | Path, code: str) -> Language:
    """A catalogue's language by code (English needs no file)."""
    if code == EN:
        return ENGLISH
    path = locale_dir(root) / f"{code}.po"
    if not path.exists():
        known = ", ".join(available(root))
        raise BackhandoutError(f"unknown language '{code}' (choose from: {known})")
    return _load(str(path), path.stat().st_mtime_ns)


MAX_PLURALS = 6  # the most plural forms any language has (Arabic)
PLURAL_CHECKED = range(0, 1001)  # every number a handout can print (doses go up to 600)


def plural_forms(header: str) -> tuple[int, Callable[[int], int]]:
    """nplurals and the plural= rule of a Plural-Forms header, checked: 1 to MAX_PLURALS forms,
    and for every n in PLURAL_CHECKED the rule gives a form from 0 to nplurals - 1.

    The expression is read by gettext.c2py (C syntax only: no Python runs), and tried on
    those numbers once here, so `n/0` or `(n-100)` is a clear error, not a crash mid-build.
    """
    text = header or DEFAULT_PLURALS
    count = re.search(r"nplurals\s*=\s*(\d+)", text)
    if not count:
        raise ValueError("no nplurals= in Plural-Forms")
    digits = count.group(1)
    nplurals = int(digits) if len(digits) <= 3 else MAX_PLURALS + 1
    if not 1 <= nplurals <= MAX_PLURALS:
        raise ValueError(f"nplurals must be from 1 to {MAX_PLURALS}, got {digits[:12]}")
    match = re.search(r"(?<![a-z])plural\s*=\s*([^;]+)", text)
    if not match:
        raise ValueError("no plural= in Plural-Forms")
    rule = gettext.c2py(match.group(1).strip())
    for n in PLURAL_CHECKED:
        try:
            form = rule(n)
        except (ArithmeticError, RecursionError):
            raise ValueError(f"the plural= rule fails for n={n}") from None
        if not 0 <= form < nplurals:
            raise ValueError(f"the plural= rule gives form {form} for n={n} "
                             f"(nplurals={nplurals}: forms 0 to {nplurals - 1})")
    return nplurals, rule


def plural_rule(header: str) -> Callable[[int], int]:
    """The checked plural= rule of a Plural-Forms header, as a function of n (see plural_forms)."""
    return plural_forms(header)[1]


def read_po(path: Path) -> Any:
    """A PO file as a polib.POFile: read through inputs.py (at most 10 MB, a regular file);
    an error names the file and the line only, never what the line says."""
    import polib  # only when a language other than English is used

    shown = shown_path(path)
    data = inputs.read_bytes(path, inputs.TRANSLATIONS, shown)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BackhandoutError("not UTF-8 text", file=shown, line=line) from None
    if "\n" not in text:
        text += "\n"  # polib takes a one-line text for a file name
    try:
        return polib.pofile(text, encoding="utf-8")
    except Exception as exc:  # polib raises OSError, ValueError and others for a bad file
        match = re.search(r"line (\d+)", str(exc))
        raise BackhandoutError("cannot read the translations: not a valid PO file", file=shown,
                               line=int(match.group(1)) if match else None) from None


def language_name(team: str, code: str) -> str:
    """'Spanish' from a Language-Team header such as 'Spanish <es@example.org>'."""
    name = (team or "").split("<")[0].strip()
    return name or code


@lru_cache(maxsize=16)
def _load(file: str, _mtime: int) -> Language:
    """Read a PO file (again only when it changes)."""
    shown = shown_path(Path(file))
    po = read_po(Path(file))
    try:
        plural = plural_rule(po.metadata.get("Plural-Forms", ""))
    except ValueError as exc:
        raise BackhandoutError(f"Plural-Forms header: {exc}", file=shown) from None
    entries = {}
    for item in po:
        if item.obsolete or item.msgctxt is None:
            continue
        if item.msgid_plural:
            forms = tuple(item.msgstr_plural[i] for i in sorted(item.msgstr_plural))
        else:
            forms = (item.msgstr,)
        problem = _problem(item.msgid, item.msgid_plural, forms, "fuzzy" in item.flags)
        entries[item.msgctxt] = Entry(english=item.msgid, forms=forms, problem=problem,
                                      plural=item.msgid_plural or "", line=item.linenum)
    code = Path(file).stem
    return Language(code=code, name=language_name(po.metadata.get("Language-Team", ""), code),
                    file=shown, entries=entries, plural=plural,
                    tag=po.metadata.get("Language") or code)
