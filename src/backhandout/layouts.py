"""Page layouts: layouts/*.yaml -> Layout (units, colours, fonts, inheritance).

A layout file may name another with `inherits:` and override only what
differs. Lengths take units (`12mm`, `1.5cm`, `0.5in`, `14pt`; a bare number
is points).
"""

from __future__ import annotations

import os
import re
from dataclasses import MISSING, dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import inputs
from . import schema as s
from .errors import BackhandoutError, CatalogueError
from .lazy import lazy_import
from .resources import data_dir

yaml = lazy_import("yaml")  # parsed only when a file is read (cache.py)

MM = 72 / 25.4
UNITS = {"pt": 1.0, "mm": MM, "cm": 10 * MM, "in": 72.0}
PAPER = {  # portrait width, height in points
    "a3": (297 * MM, 420 * MM),
    "a4": (210 * MM, 297 * MM),
    "a5": (148 * MM, 210 * MM),
    "letter": (612.0, 792.0),
    "half-letter": (396.0, 612.0),
    "legal": (612.0, 1008.0),
}
ENV_VAR = "BACKHANDOUT_LAYOUTS"
COLOURS = ("ink", "muted", "accent", "accent_light", "danger", "danger_light", "warning",
           "warning_light")
DEFAULT = "a4"


@dataclass(frozen=True, kw_only=True)
class Layout:
    """How a handout is laid out on paper (lengths in points)."""

    name: str
    description: str
    page_width: float
    page_height: float
    margin_left: float
    margin_right: float
    margin_top: float
    margin_bottom: float
    font: str
    font_bold: str
    font_italic: str
    font_bold_italic: str
    body_size: float
    leading_ratio: float
    paragraph_space: float
    title_size: float
    heading_size: float
    small_size: float
    ink: str
    muted: str
    accent: str
    accent_light: str
    danger: str
    danger_light: str
    warning: str  # the same-day help box (amber)
    warning_light: str
    figure_height: float
    font_files: tuple[tuple[str, str], ...] = ()
    weeks_per_page: int = 2
    cards_per_page: int = 0  # 0: as many as fit
    card_picture: str = "above"  # on a card: above the steps, beside them, or auto (see render/picture.py)
    booklet_sheet: tuple[float, float] | None = None
    language: str = "en-GB"

    @property
    def duplex(self) -> str:
        """How to print it two-sided: booklets flip on the short edge."""
        return "two-sided-short-edge" if self.booklet_sheet else "two-sided-long-edge"

    @property
    def paper(self) -> tuple[float, float]:
        """The sheet that goes through the printer (landscape for booklets)."""
        if self.booklet_sheet:
            width, height = self.booklet_sheet
            return max(width, height), min(width, height)
        return self.page_width, self.page_height


MARGINS = (5 * MM, 80 * MM)  # printers cannot print closer than 5 mm to the edge
PAGE_SIDE = (120 * MM, 500 * MM)  # a page or booklet sheet, each side
SIZES = {  # text sizes in points: body text at least 12 pt for patients
    "body": (12.0, 24.0), "title": (12.0, 48.0), "heading": (12.0, 36.0), "small": (8.0, 16.0),
}
FIGURE_HEIGHT = (20 * MM, 150 * MM)
MIN_COLUMNS = 25  # the text area is at least this many times the body size wide
MIN_LINES = 25  # ... and this many lines of body text tall
FIGURE_SHARE = 0.4  # a card's pictures take at most this share of the text area's height


def _shown_length(points: float, unit: str) -> str:
    """A length for a message, in the unit the limit is thought of in: '5mm', '12pt'."""
    value = points / UNITS[unit]
    return f"{value:.0f}{unit}" if abs(value - round(value)) < 0.05 else f"{value:.1f}{unit}"


def length(node: yaml.Node, ctx: s.Ctx) -> float:
    """A length with a unit: 12mm, 1.5cm, 0.5in, 14pt (bare numbers are points)."""
    value = s.scalar(node) if isinstance(node, yaml.ScalarNode) else None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        points = float(value)
    else:
        match = re.fullmatch(r"\s*(\d{1,6}(?:\.\d{1,6})?)\s*(pt|mm|cm|in)\s*", str(value)) \
            if value else None
        if not match:
            raise ctx.fail(node, f"expected a length such as 12mm, 0.5in or 14pt, got "
                                 f"{s.describe(node)}")
        points = float(match.group(1)) * UNITS[match.group(2)]
    if not 0 <= points <= 2000:
        raise ctx.fail(node, f"length {s.describe(node)} is out of range")
    return points


def length_in(low: float, high: float, unit: str) -> s.Spec:
    """A length from low to high points (the message gives them in unit)."""

    def check(node: yaml.Node, ctx: s.Ctx) -> float:
        points = length(node, ctx)
        if not low - 1e-6 <= points <= high + 1e-6:
            raise ctx.fail(node, f"expected a length from {_shown_length(low, unit)} to "
                                 f"{_shown_length(high, unit)}, got {s.describe(node)}")
        return points

    return check


def _number(low: float, high: float) -> s.Spec:
    def check(node: yaml.Node, ctx: s.Ctx) -> float:
        value = s.scalar(node) if isinstance(node, yaml.ScalarNode) else None
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not low <= value <= high:
            raise ctx.fail(node, f"expected a number from {low} to {high}, got {s.describe(node)}")
        return float(value)

    return check


def _colour(node: yaml.Node, ctx: s.Ctx) -> str:
    value = s.text(node, ctx)
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
        raise ctx.fail(node, f"expected a colour like #1B4F72, got {s.describe(node)}")
    return value.upper()


def _paper(node: yaml.Node, ctx: s.Ctx) -> tuple[float, float]:
    if isinstance(node, yaml.SequenceNode):
        width, height = s.listof(length_in(*PAGE_SIDE, "mm"), 2, 2)(node, ctx)
        return width, height
    name = s.text(node, ctx).lower()
    if name not in PAPER:
        raise ctx.fail(node, f"expected a paper size ({', '.join(PAPER)}) or [width, height], "
                             f"got {s.describe(node)}")
    return PAPER[name]


def _opt(spec: s.Spec) -> s.Spec:
    return s.optional(spec)


_SPEC = s.mapping(
    {
        "inherits": _opt(s.text),
        "description": _opt(s.text),
        "page": _opt(s.mapping({"size": _opt(_paper), "landscape": _opt(s.flag)})),
        "margins": _opt(s.mapping({k: _opt(length_in(*MARGINS, "mm"))
                                   for k in ("top", "bottom", "left", "right")})),
        "fonts": _opt(s.mapping({k: _opt(s.text) for k in ("regular", "bold", "italic",
                                                            "bold_italic")})),
        "text": _opt(s.mapping({
            **{key: _opt(length_in(*SIZES[key], "pt")) for key in SIZES},
            "leading": _opt(_number(1.0, 2.0)), "paragraph_space": _opt(_number(0.0, 2.0)),
        })),
        "colours": _opt(s.mapping({k: _opt(_colour) for k in COLOURS})),
        "figure_height": _opt(length_in(*FIGURE_HEIGHT, "mm")),
        "cards_per_page": _opt(s.whole(0, 4)),
        "card_picture": _opt(s.choice("above", "beside", "auto")),
        "weeks_per_page": _opt(s.whole(1, 4)),
        "booklet": _opt(s.mapping({"sheet": _paper})),
        "language": _opt(s.text),
    }
)

_FLAT = {  # (section, key) in the YAML -> Layout field
    ("margins", "top"): "margin_top", ("margins", "bottom"): "margin_bottom",
    ("margins", "left"): "margin_left", ("margins", "right"): "margin_right",
    ("fonts", "regular"): "font", ("fonts", "bold"): "font_bold",
    ("fonts", "italic"): "font_italic", ("fonts", "bold_italic"): "font_bold_italic",
    ("text", "body"): "body_size", ("text", "title"): "title_size",
    ("text", "heading"): "heading_size", ("text", "small"): "small_size",
    ("text", "leading"): "leading_ratio", ("text", "paragraph_space"): "paragraph_space",
    **{("colours", k): k for k in COLOURS},
}


def layouts_dir() -> Path:
    """The layouts folder: $BACKHANDOUT_LAYOUTS, else the one shipped with the tool."""
    return data_dir("layouts", ENV_VAR)


def available() -> list[str]:
    """Names of the shipped layouts."""
    folder = layouts_dir()
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


def choices() -> str:
    """What --layout accepts, for a message: 'a4, booklet, ..., or a .yaml file'."""
    names = available()
    if names:
        return f"{', '.join(names)}, or a .yaml file"
    folder = s.shown_path(layouts_dir())
    where = f"{ENV_VAR}={folder}" if os.environ.get(ENV_VAR) else folder
    missing = "does not exist" if not layouts_dir().is_dir() else "has no layout files (*.yaml)"
    return f"a .yaml file (the layouts folder {where} {missing})"


def _font_reason(exc: Exception) -> str:
    """Why ReportLab cannot use a font file, in plain words (never the file's content)."""
    said = str(exc).lower()
    if "postscript outlines" in said:
        return "it has PostScript (CFF) outlines, as most .otf fonts do: use a TrueType font"
    if "ttc" in said:
        return "it is a font collection (.ttc): use a single TrueType font"
    return "the file is not a TrueType font, or is damaged"


@lru_cache(maxsize=64)
def parsed_font(name: str, file: str) -> Any:
    """A TrueType font, read through inputs.py (at most 32 MB) and parsed once per process.

    Layouts check their fonts with it when they load; the renderer registers the same object.
    """
    import io

    from reportlab.pdfbase.ttfonts import TTFont  # only when a layout's fonts are checked

    handle = io.BytesIO(inputs.read_bytes(file, inputs.FONT, s.shown_path(Path(file)),
                                          CatalogueError))
    handle.name = file  # what ReportLab calls the font file (as if it had opened it itself)
    return TTFont(name, handle)


def _check_font(name: str, file: str, label: str, ctx: s.Ctx, node: yaml.Node) -> None:
    """Open and parse a font file; one line naming the file and field if it cannot be used."""
    try:
        font = parsed_font(name, file)
    except BackhandoutError as exc:
        raise ctx.fail(node, f"{label}: {exc.message}") from None
    except Exception as exc:  # ReportLab raises TTFError, struct.error, IndexError ...
        raise ctx.fail(node, f"{label}: {_font_reason(exc)}") from None
    have = font.face.charToGlyph
    if not all(ord(c) in have for c in "0123456789"):
        raise ctx.fail(node, f"{label}: the font has no digits (0-9) for page numbers and doses")


def _font_file(name: str, base: Path, ctx: s.Ctx, node: yaml.Node) -> tuple[str, str]:
    """(font name, TrueType file) for a font given by name or by .ttf path; checked."""
    if name.lower().endswith(".ttf"):
        path = (base / name).resolve()
        if not path.exists():
            raise ctx.fail(node, f"font file not found: {name}")
        _check_font(path.stem, str(path), name, ctx, node)
        return path.stem, str(path)
    import reportlab  # the package root only: cheap

    path = Path(reportlab.__file__).parent / "fonts" / f"{name}.ttf"
    if not path.is_file():
        raise ctx.fail(node, f"unknown font {name!r} (give a .ttf file, or one of Vera, VeraBd, "
                             "VeraIt, VeraBI)")
    _check_font(name, str(path), name, ctx, node)
    return name, str(path)


def _settings(path: Path, shown: str) -> tuple[str | None, dict[str, Any]]:
    """One file's own settings as Layout field values, and what it inherits."""
    node = s.load_node(path, shown, inputs.LAYOUT)
    raw = _SPEC(node, s.Ctx(shown))
    values: dict[str, Any] = {}
    for (section, key), field in _FLAT.items():
        if raw[section] and raw[section][key] is not None:
            values[field] = raw[section][key]
    fonts_node = s.child(node, "fonts")
    for (section, key), field in _FLAT.items():
        if section == "fonts" and field in values:
            key_node = s.child(fonts_node, key)
            name, file = _font_file(values[field], path.parent, s.Ctx(shown, f"fonts.{key}"),
                                    key_node)
            values[field] = name
            values.setdefault("font_files", {})[name] = file
    page = raw["page"] or {}
    if page.get("size"):
        width, height = page["size"]
        if page.get("landscape"):
            width, height = max(width, height), min(width, height)
        values["page_width"], values["page_height"] = width, height
    for key in ("description", "figure_height", "cards_per_page", "card_picture",
                "weeks_per_page", "language"):
        if raw[key] is not None:
            values[key] = raw[key]
    if raw["booklet"]:
        values["booklet_sheet"] = raw["booklet"]["sheet"]
    return raw["inherits"], values


def _find(name: str, folder: Path) -> Path:
    """A layout file: a name in folder, or a .yaml path as given."""
    if name.endswith((".yaml", ".yml")):
        return Path(name)
    return folder / f"{name}.yaml"


_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")


@lru_cache(maxsize=32)
def load_layout(name_or_path: str = DEFAULT) -> Layout:
    """Load a layout by name (from the layouts folder) or by YAML path, with inheritance.
    A named one is kept on disk until a file in the layouts folder changes (cache.py), and
    read again if a font file it names has gone since."""
    folder = layouts_dir()
    if not _NAME.fullmatch(name_or_path) or not folder.is_dir():
        return _read_layout(name_or_path)
    from .cache import cached

    read: list[Path] = []  # kept only if every file it inherits from is in the folder
    inside = folder.resolve()
    layout = cached(f"layout-{name_or_path}", folder, lambda: _read_layout(name_or_path, read),
                    keep=lambda _: all(path.is_relative_to(inside) for path in read))
    if not all(Path(file).is_file() for _, file in layout.font_files):
        return _read_layout(name_or_path)  # for its error
    return layout


def _read_layout(name_or_path: str, read: list[Path] | None = None) -> Layout:
    """Read and check a layout file and those it inherits from (added to `read`)."""
    folder = layouts_dir()
    path = _find(name_or_path, folder)
    if not path.exists():
        raise BackhandoutError(f"unknown layout '{name_or_path}' (choose from: {choices()})")
    chain: list[dict[str, Any]] = []
    seen: list[Path] = [] if read is None else read
    while path is not None:
        if path.resolve() in seen:
            raise CatalogueError("layouts inherit from each other in a loop", file=str(path),
                                 field="inherits")
        seen.append(path.resolve())
        parent, values = _settings(path, s.shown_path(path))
        chain.append(values)
        if parent is None:
            break
        parent_path = _find(parent, folder)
        if parent.endswith((".yaml", ".yml")) and not parent_path.is_absolute():
            parent_path = path.parent / parent
        if not parent_path.exists():
            raise CatalogueError(f"inherits an unknown layout '{parent}'", file=s.shown_path(path),
                                 field="inherits")
        path = parent_path
    merged: dict[str, Any] = {}
    fonts: dict[str, str] = {}
    for values in reversed(chain):
        fonts.update(values.pop("font_files", {}))
        merged.update(values)
    required = [f.name for f in fields(Layout) if f.default is MISSING and f.name != "name"]
    missing = [name for name in required if name not in merged]
    if missing:
        raise CatalogueError(f"missing settings (not set here or in what it inherits): "
                             f"{', '.join(missing)}", file=s.shown_path(_find(name_or_path, folder)))
    layout = Layout(name=Path(name_or_path).stem, font_files=tuple(sorted(fonts.items())), **merged)
    check_fits(layout, s.shown_path(_find(name_or_path, folder)))
    return layout


FOOTER_LINES = 2.8  # the footer's height in small-text sizes: two lines, the rule above them


def check_fits(layout: Layout, shown: str) -> None:
    """Refuse a layout whose values each pass but do not fit together, before anything is drawn:
    the text area must be MIN_COLUMNS body sizes wide and MIN_LINES lines tall, a card's row of
    pictures at most FIGURE_SHARE of it, and the margins must hold the header and footer."""
    size = layout.body_size
    width = layout.page_width - layout.margin_left - layout.margin_right
    height = layout.page_height - layout.margin_top - layout.margin_bottom
    line = size * layout.leading_ratio

    def fail(field: str, message: str) -> CatalogueError:
        return CatalogueError(message, file=shown, field=field)

    if width < MIN_COLUMNS * size:
        raise fail("margins", f"the text area is {width / MM:.0f}mm wide (the page less the left "
                              f"and right margins): with {size:g}pt text it must be at least "
                              f"{MIN_COLUMNS * size / MM:.0f}mm ({MIN_COLUMNS} times the text "
                              "size); use smaller margins, smaller text or a bigger page")
    if height < MIN_LINES * line:
        raise fail("margins", f"the text area is {height / MM:.0f}mm tall (the page less the top "
                              f"and bottom margins): with {size:g}pt text and leading "
                              f"{layout.leading_ratio:g} it must hold {MIN_LINES} lines, "
                              f"{MIN_LINES * line / MM:.0f}mm; use smaller margins, smaller text "
                              "or a bigger page")
    if layout.figure_height > FIGURE_SHARE * height:
        raise fail("figure_height", f"a card's pictures ({layout.figure_height / MM:.0f}mm) may "
                                    f"take at most 40% of the text area's height "
                                    f"({FIGURE_SHARE * height / MM:.0f}mm here)")
    small = layout.small_size
    if layout.margin_top < 3 * small:
        raise fail("margins.top", f"the top margin ({layout.margin_top / MM:.0f}mm) must hold "
                                  f"the page header: at least {3 * small / MM:.0f}mm (3 times "
                                  f"the small text size, {small:g}pt)")
    footer = 5 * MM + FOOTER_LINES * small  # two lines and the rule above them, 5 mm in
    if layout.margin_bottom < footer - 0.01:
        raise fail("margins.bottom", f"the bottom margin ({layout.margin_bottom / MM:.1f}mm) "
                                     f"must hold the footer's two lines: at least "
                                     f"{footer / MM:.1f}mm with {small:g}pt small text")
