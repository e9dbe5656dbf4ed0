"""Page layouts: layouts/*.yaml -> Layout (units, colours, fonts, inheritance).

A layout file may name another with `inherits:` and override only what
differs. Lengths take units (`12mm`, `1.5cm`, `0.5in`, `14pt`; a bare number
is points).
"""

from __future__ import annotations

import re
from dataclasses import MISSING, dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from . import schema as s
from .errors import BackhandoutError, CatalogueError
from .resources import data_dir

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


def length(node: yaml.Node, ctx: s.Ctx) -> float:
    """A length with a unit: 12mm, 1.5cm, 0.5in, 14pt (bare numbers are points)."""
    value = s.scalar(node) if isinstance(node, yaml.ScalarNode) else None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        points = float(value)
    else:
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(pt|mm|cm|in)\s*", str(value)) if value else None
        if not match:
            raise ctx.fail(node, f"expected a length such as 12mm, 0.5in or 14pt, got {value!r}")
        points = float(match.group(1)) * UNITS[match.group(2)]
    if not 0 <= points <= 2000:
        raise ctx.fail(node, f"length {value!r} is out of range")
    return points


def _number(low: float, high: float) -> s.Spec:
    def check(node: yaml.Node, ctx: s.Ctx) -> float:
        value = s.scalar(node) if isinstance(node, yaml.ScalarNode) else None
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not low <= value <= high:
            raise ctx.fail(node, f"expected a number from {low} to {high}, got {value!r}")
        return float(value)

    return check


def _colour(node: yaml.Node, ctx: s.Ctx) -> str:
    value = s.text(node, ctx)
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
        raise ctx.fail(node, f"expected a colour like #1B4F72, got {value!r}")
    return value.upper()


def _paper(node: yaml.Node, ctx: s.Ctx) -> tuple[float, float]:
    if isinstance(node, yaml.SequenceNode):
        width, height = s.listof(length, 2, 2)(node, ctx)
        return width, height
    name = s.text(node, ctx).lower()
    if name not in PAPER:
        raise ctx.fail(node, f"expected a paper size ({', '.join(PAPER)}) or [width, height], "
                             f"got {name!r}")
    return PAPER[name]


def _opt(spec: s.Spec) -> s.Spec:
    return s.optional(spec)


_SPEC = s.mapping(
    {
        "inherits": _opt(s.text),
        "description": _opt(s.text),
        "page": _opt(s.mapping({"size": _opt(_paper), "landscape": _opt(s.flag)})),
        "margins": _opt(s.mapping({k: _opt(length) for k in ("top", "bottom", "left", "right")})),
        "fonts": _opt(s.mapping({k: _opt(s.text) for k in ("regular", "bold", "italic",
                                                            "bold_italic")})),
        "text": _opt(s.mapping({
            "body": _opt(length), "title": _opt(length), "heading": _opt(length),
            "small": _opt(length), "leading": _opt(_number(1.0, 3.0)),
            "paragraph_space": _opt(_number(0.0, 3.0)),
        })),
        "colours": _opt(s.mapping({k: _opt(_colour) for k in COLOURS})),
        "figure_height": _opt(length),
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


def _font_file(name: str, base: Path, ctx: s.Ctx, node: yaml.Node) -> tuple[str, str]:
    """(font name, TrueType file) for a font given by name or by .ttf path."""
    if name.lower().endswith(".ttf"):
        path = (base / name).resolve()
        if not path.is_file():
            raise ctx.fail(node, f"font file not found: {name}")
        return path.stem, str(path)
    import reportlab  # the package root only: cheap

    path = Path(reportlab.__file__).parent / "fonts" / f"{name}.ttf"
    if not path.is_file():
        raise ctx.fail(node, f"unknown font {name!r} (give a .ttf file, or one of Vera, VeraBd, "
                             "VeraIt, VeraBI)")
    return name, str(path)


def _settings(path: Path, shown: str) -> tuple[str | None, dict[str, Any]]:
    """One file's own settings as Layout field values, and what it inherits."""
    node = s.load_node(path, shown)
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


@lru_cache(maxsize=32)
def load_layout(name_or_path: str = DEFAULT) -> Layout:
    """Load a layout by name (from the layouts folder) or by YAML path, with inheritance."""
    folder = layouts_dir()
    path = _find(name_or_path, folder)
    if not path.is_file():
        names = ", ".join(available()) or "none"
        raise BackhandoutError(f"unknown layout '{name_or_path}' (choose from: {names}, "
                               "or give a .yaml file)")
    chain: list[dict[str, Any]] = []
    seen: list[Path] = []
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
        if not parent_path.is_file():
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
    return Layout(name=Path(name_or_path).stem, font_files=tuple(sorted(fonts.items())), **merged)
