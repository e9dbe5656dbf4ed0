"""A small strict YAML reader: typed fields, line numbers, one-line errors.

PyYAML's composed nodes keep line numbers, so every error can name the file,
the line and the dotted field path, e.g. ``dose.reps``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import yaml

from .errors import CatalogueError

_constructor = yaml.constructor.SafeConstructor()


@dataclass(frozen=True)
class Ctx:
    """Where a node sits: the file and the dotted field path."""

    file: str
    path: str = ""

    def key(self, name: str) -> "Ctx":
        return Ctx(self.file, f"{self.path}.{name}" if self.path else name)

    def index(self, i: int) -> "Ctx":
        return Ctx(self.file, f"{self.path}[{i}]")

    def fail(self, node: yaml.Node | None, message: str) -> CatalogueError:
        line = node.start_mark.line + 1 if node is not None else None
        return CatalogueError(message, file=self.file, line=line, field=self.path or None)


def shown_path(path: Path) -> str:
    """A path as the user should see it: relative when under the working folder."""
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


def load_node(path: Path, shown: str) -> yaml.Node:
    """Parse one YAML file into a node tree, or fail with its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CatalogueError("not UTF-8 text", file=shown) from None
    except OSError as exc:
        raise CatalogueError(f"cannot read: {exc.strerror}", file=shown) from None
    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: 2x faster
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise CatalogueError(f"YAML syntax error: {problem}", file=shown, line=line) from None
    except yaml.reader.ReaderError as exc:  # e.g. a control character
        line = text[: exc.position].count("\n") + 1
        raise CatalogueError(f"YAML syntax error: {exc.reason}", file=shown, line=line) from None
    if node is None:
        raise CatalogueError("the file is empty", file=shown)
    return node


def child(node: yaml.Node, key: str) -> yaml.Node:
    """The value node under key in a mapping, or the node itself when there is none."""
    if not isinstance(node, yaml.MappingNode):
        return node
    return next((v for k, v in node.value if k.value == key), node)


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return repr(node.value) if node.value != "" else "nothing"


def scalar(node: yaml.Node) -> Any:
    """The Python value of a scalar node (str, int, float, bool or None)."""
    return _constructor.construct_object(node, deep=True)


Spec = Callable[[yaml.Node, Ctx], Any]


def text(node: yaml.Node, ctx: Ctx) -> str:
    """A non-empty string."""
    value = scalar(node) if isinstance(node, yaml.ScalarNode) else None
    if not isinstance(value, str):
        raise ctx.fail(node, f"expected text, got {_describe(node)}")
    value = value.strip()
    if not value:
        raise ctx.fail(node, "expected text, got an empty string")
    return value


def whole(low: int, high: int) -> Spec:
    """A whole number between low and high."""

    def check(node: yaml.Node, ctx: Ctx) -> int:
        value = scalar(node) if isinstance(node, yaml.ScalarNode) else None
        if not isinstance(value, int) or isinstance(value, bool):
            raise ctx.fail(node, f"expected a whole number, got {_describe(node)}")
        if not low <= value <= high:
            raise ctx.fail(node, f"expected a number from {low} to {high}, got {value}")
        return value

    return check


def flag(node: yaml.Node, ctx: Ctx) -> bool:
    """true or false."""
    value = scalar(node) if isinstance(node, yaml.ScalarNode) else None
    if not isinstance(value, bool):
        raise ctx.fail(node, f"expected true or false, got {_describe(node)}")
    return value


def choice(*options: str) -> Spec:
    """One of a fixed set of words."""

    def check(node: yaml.Node, ctx: Ctx) -> str:
        value = scalar(node) if isinstance(node, yaml.ScalarNode) else None
        if value not in options:
            raise ctx.fail(node, f"expected one of {', '.join(options)}, got {_describe(node)}")
        return value

    return check


def listof(item: Spec, low: int = 0, high: int = 1000, unique: bool = False) -> Spec:
    """A list of items, with a length between low and high."""

    def check(node: yaml.Node, ctx: Ctx) -> tuple:
        if not isinstance(node, yaml.SequenceNode):
            raise ctx.fail(node, f"expected a list, got {_describe(node)}")
        if not low <= len(node.value) <= high:
            raise ctx.fail(node, f"expected {low} to {high} items, got {len(node.value)}")
        values = tuple(item(child, ctx.index(i)) for i, child in enumerate(node.value))
        if unique and len(set(values)) != len(values):
            raise ctx.fail(node, "items must not repeat")
        return values

    return check


def optional(spec: Spec, default: Any = None) -> Spec:
    """A field that may be null; null gives the default."""

    def check(node: yaml.Node, ctx: Ctx) -> Any:
        if isinstance(node, yaml.ScalarNode) and scalar(node) is None:
            return default
        return spec(node, ctx)

    optional_check = check
    optional_check.default = default  # type: ignore[attr-defined]
    optional_check.is_optional = True  # type: ignore[attr-defined]
    return optional_check


def _entries(node: yaml.Node, ctx: Ctx) -> Iterator[tuple[str, yaml.Node, yaml.Node]]:
    """A mapping's (key, key node, value node): keys must be words, each only once."""
    if not isinstance(node, yaml.MappingNode):
        raise ctx.fail(node, f"expected a mapping, got {_describe(node)}")
    seen: set[str] = set()
    for key_node, value_node in node.value:
        key = scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
        if not isinstance(key, str):
            raise ctx.fail(key_node, f"keys must be words, got {_describe(key_node)}")
        if key in seen:
            raise ctx.key(key).fail(key_node, "this key appears twice")
        seen.add(key)
        yield key, key_node, value_node


def mapping(fields: dict[str, Spec]) -> Spec:
    """A mapping with exactly these keys; keys wrapped in optional() may be left out."""

    def check(node: yaml.Node, ctx: Ctx) -> dict[str, Any]:
        seen: dict[str, yaml.Node] = {}
        for key, key_node, value_node in _entries(node, ctx):
            if key not in fields:
                known = ", ".join(fields)
                raise ctx.key(key).fail(key_node, f"unknown key (expected one of: {known})")
            seen[key] = value_node
        result = {}
        for key, spec in fields.items():
            if key in seen:
                result[key] = spec(seen[key], ctx.key(key))
            elif getattr(spec, "is_optional", False):
                result[key] = spec.default  # type: ignore[attr-defined]
            else:
                raise ctx.key(key).fail(node, "missing field")
        return result

    return check


def mapping_of(spec: Spec) -> Spec:
    """A mapping of any word keys, each value checked with spec."""

    def check(node: yaml.Node, ctx: Ctx) -> dict[str, Any]:
        return {key: spec(value, ctx.key(key)) for key, _, value in _entries(node, ctx)}

    return check
