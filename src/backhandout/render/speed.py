"""ReportLab memos that make drawing faster, with identical pages: `with tuned():`.

They are applied only around the documents we draw (api.drawn, the review
sheet) and taken off again, so other code in the same process gets ReportLab
as it is. They replace three of ReportLab's private methods (Paragraph._setup,
Paragraph.wrap, TTFont.splitString), so pyproject.toml caps ReportLab below
its next major version and tests/test_speed.py pins their signatures.

- Parsing a Paragraph's markup is kept per (text, style): a batch prints the
  same catalogue text and diary labels again and again. Each Paragraph gets
  its own copies of the parsed fragments. Only text met again in another
  document is kept (a patient's name or note is not, however often its own
  document measures it), and each memo is bounded, so a worker's memory
  stays flat however long the roster; styles are made once per
  layout (render.styles.make_styles), so the keys repeat.
- A Paragraph is wrapped several times at the same width while tables and
  KeepTogether measure their contents; line breaking depends on the width
  only, so the result is kept for that width (shared between Paragraphs of
  the same kept text).
- Turning text into a font's subset codes is kept per document and text
  (diary labels and headers repeat on every page).

tests/test_speed.py checks that pages come out byte-identical with and
without these memos.
"""

from __future__ import annotations

from contextlib import contextmanager
from copy import copy
from typing import Any, Iterator

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus.paragraph import Paragraph, cleanBlockQuotedText, textTransformFrags
from reportlab.platypus.paraparser import ParaParser

_ORIGINAL = {"wrap": Paragraph.wrap, "_setup": Paragraph._setup, "split": TTFont.splitString}


MAX_KEPT = 4096  # entries per memo; a full memo starts again (memory stays bounded)
_parses: dict[tuple, tuple | None] = {}
_wrapped: dict[tuple, tuple] = {}
_seen: dict[int, int] = {}  # a text's hash -> the drawing (tuned() block) it was first met in
_drawing = 0  # counts the outermost tuned() blocks: one a document (or a template and layer)


def _repeated(key: tuple) -> bool:
    """True once a key is met in a second drawing: text of one document only (a patient's
    name, their own note, however often it is measured there) is never kept."""
    token = hash(key)
    first = _seen.get(token)
    if first is not None:
        return first != _drawing
    if len(_seen) >= 2 * MAX_KEPT:
        _seen.clear()
    _seen[token] = _drawing
    return False


def _keep(memo: dict, key: tuple, value: Any) -> None:
    if len(memo) >= MAX_KEPT:
        memo.clear()
    memo[key] = value


def _parse(text: str, style: ParagraphStyle, case_sensitive: int) -> tuple | None:
    parser = ParaParser()
    parser.caseSensitive = case_sensitive
    cleaned = cleanBlockQuotedText(text)
    style_out, frags, bullet_frags = parser.parse(cleaned, style)
    if frags is None:
        return None  # a markup error: the original code raises it
    textTransformFrags(frags, style_out)
    return cleaned, style_out, tuple(frags), tuple(bullet_frags) if bullet_frags else None


def _memo_setup(self: Paragraph, text: Any, style: Any, bullet_text: Any, frags: Any,
                cleaner: Any) -> None:
    if frags is None and cleaner is cleanBlockQuotedText and isinstance(text, str):
        key = (text, style, self.caseSensitive)
        hit = _parses.get(key)
        if hit is None and _repeated(key):
            hit = _parse(text, style, self.caseSensitive)
            if hit is not None:
                _keep(_parses, key, hit)
        if hit is not None:
            cleaned, style_out, parsed, bullet_frags = hit
            bullet = [copy(f) for f in bullet_frags] if bullet_frags else bullet_text
            _ORIGINAL["_setup"](self, cleaned, style_out, bullet, [copy(f) for f in parsed], cleaner)
            if bullet_frags is None:
                self._bh_key = (text, style, self.caseSensitive, bullet_text)
            return
    _ORIGINAL["_setup"](self, text, style, bullet_text, frags, cleaner)


def _memo_wrap(self: Paragraph, available_width: float, available_height: float):
    if available_width < 1:  # ReportLab's "cannot fit here" answer: nothing to keep
        return _ORIGINAL["wrap"](self, available_width, available_height)
    shared = "_bh_key" in self.__dict__
    key = (self._bh_key if shared else id(self), available_width)
    memo = self.__dict__.get("_bh_wrap")
    if (memo is None or memo[0] != key) and shared:
        memo = _wrapped.get(key)
    if memo is not None and memo[0] == key:
        _, self.width, self.height, self.blPara, self._wrapWidths = memo
        return self.width, self.height
    result = _ORIGINAL["wrap"](self, available_width, available_height)
    self._bh_wrap = (key, self.width, self.height, self.blPara, self._wrapWidths)
    if shared:
        _keep(_wrapped, key, self._bh_wrap)
    return result


def _memo_split(self: TTFont, text: str, doc: Any, encoding: str = "utf-8") -> list:
    state = self.state.get(doc)  # per-document font state, dropped with the document
    hit = state.__dict__.get("_bh_split", {}).get(text) if state is not None else None
    if hit is not None:
        return list(hit)
    result = _ORIGINAL["split"](self, text, doc, encoding)
    self.state[doc].__dict__.setdefault("_bh_split", {})[text] = tuple(result)
    return result


_depth = 0  # how many tuned() blocks are open (they nest)


def _apply(enabled: bool) -> None:
    Paragraph.wrap = _memo_wrap if enabled else _ORIGINAL["wrap"]
    Paragraph._setup = _memo_setup if enabled else _ORIGINAL["_setup"]
    TTFont.splitString = _memo_split if enabled else _ORIGINAL["split"]


@contextmanager
def tuned(enabled: bool = True) -> Iterator[None]:
    """Draw with the memos inside this block (enabled=False: with ReportLab's own methods,
    for comparing); ReportLab is as it was after it. Paragraphs made inside the block
    should be drawn inside it too (a kept wrap is only read by the memo's wrap)."""
    global _depth, _drawing
    if not enabled:
        _apply(False)
        try:
            yield
        finally:
            _apply(_depth > 0)
        return
    if _depth == 0:
        _drawing += 1
    _depth += 1
    _apply(True)
    try:
        yield
    finally:
        _depth -= 1
        _apply(_depth > 0)
