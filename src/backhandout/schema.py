"""A small strict YAML reader: typed fields, line numbers, one-line errors.

PyYAML's composed nodes keep line numbers, so every error can name the file,
the line and the dotted field path, e.g. ``dose.reps``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator

from . import inputs
from .errors import BackhandoutError, CatalogueError
from .lazy import lazy_import

yaml = lazy_import("yaml")  # parsed only when a file is read (cache.py)


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


MAX_DEPTH = 20  # lists and mappings inside each other
MAX_NUMBER = 30  # characters in a number: int() of thousands of digits is slow or fails
MAX_TEXT = 300  # characters in one text, unless a field says otherwise


def _check_tree(root: yaml.Node, shown: str, error: type[BackhandoutError]) -> None:
    """Refuse aliases (one node reached twice: 'billion laughs'), deep nesting and huge numbers.

    Walks the tree without recursion, visiting each node once.
    """
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        line = node.start_mark.line + 1
        if id(node) in seen:
            raise error("YAML aliases (*name) are not allowed here; write the value out",
                        file=shown, line=line)
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if node.tag.endswith((":int", ":float")) and len(node.value) > MAX_NUMBER:
                raise error(f"a number of {len(node.value):,} characters is too long "
                            f"(at most {MAX_NUMBER})", file=shown, line=line)
            continue
        if depth >= MAX_DEPTH:
            raise error(f"lists and mappings are nested too deep (at most {MAX_DEPTH} levels)",
                        file=shown, line=line)
        children = node.value if isinstance(node, yaml.SequenceNode) else \
            [item for pair in node.value for item in pair]
        stack += [(child, depth + 1) for child in reversed(children)]


def compose(text: str, shown: str, error: type[BackhandoutError] = CatalogueError) -> yaml.Node | None:
    """Parse YAML text into a checked node tree (None for an empty document), or fail with its line.

    Aliases, nesting deeper than MAX_DEPTH and numbers longer than MAX_NUMBER are
    refused, so a small hostile file cannot take minutes or gigabytes.
    """
    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: 2x faster
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise error(f"YAML syntax error: {problem}", file=shown, line=line) from None
    except yaml.reader.ReaderError as exc:  # e.g. a control character
        line = text[: exc.position].count("\n") + 1
        raise error(f"YAML syntax error: {exc.reason}", file=shown, line=line) from None
    except yaml.YAMLError:
        raise error("YAML syntax error", file=shown) from None
    if node is not None:
        _check_tree(node, shown, error)
    return node


def load_node(path: Path, shown: str, kind: inputs.Kind = inputs.CATALOGUE) -> yaml.Node:
    """Read one YAML file (a regular file within kind's size limit) into a checked node tree."""
    data = inputs.read_bytes(path, kind, shown, CatalogueError)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogueError("not UTF-8 text", file=shown, line=line) from None
    node = compose(text, shown)
    if node is None:
        raise CatalogueError("the file is empty", file=shown)
    return node


def child(node: yaml.Node, key: str) -> yaml.Node:
    """The value node under key in a mapping, or the node itself when there is none."""
    if not isinstance(node, yaml.MappingNode):
        return node
    return next((v for k, v in node.value if k.value == key), node)


QUOTED = 40  # characters of a wrong value an error may quote


def describe(node: yaml.Node, root: bool = False) -> str:
    """What a node holds, for an error: a short value is quoted, a file's content never is."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.value == "":
        return "nothing"
    if root or len(node.value) > QUOTED or "\n" in node.value:
        return f"a text of {len(node.value):,} characters"
    return repr(node.value)


@lru_cache(maxsize=1)
def _constructor() -> Any:
    return yaml.constructor.SafeConstructor()


def scalar(node: yaml.Node) -> Any:
    """The Python value of a scalar node (str, int, float, bool or None)."""
    return _constructor().construct_object(node, deep=True)


Spec = Callable[["yaml.Node", Ctx], Any]


def limited_text(chars: int = MAX_TEXT, lines: int = 1) -> Spec:
    """A non-empty string of at most chars characters on at most lines lines."""

    def check(node: yaml.Node, ctx: Ctx) -> str:
        value = scalar(node) if isinstance(node, yaml.ScalarNode) else None
        if not isinstance(value, str):
            raise ctx.fail(node, f"expected text, got {describe(node, ctx.path == '')}")
        value = value.strip()
        if not value:
            raise ctx.fail(node, "expected text, got an empty string")
        if len(value) > chars:
            raise ctx.fail(node, f"the text is {len(value):,} characters long (at most {chars:,})")
        count = value.count("\n") + 1
        if count > lines:
            raise ctx.fail(node, f"the text has {count:,} lines (at most {lines})")
        return value

    return check


text = limited_text(MAX_TEXT, lines=MAX_TEXT)
text.__doc__ = f"A non-empty string of at most {MAX_TEXT} characters."


def whole(low: int, high: int) -> Spec:
    """A whole number between low and high."""

    def check(node: yaml.Node, ctx: Ctx) -> int:
        value = scalar(node) if isinstance(node, yaml.ScalarNode) else None
        if not isinstance(value, int) or isinstance(value, bool):
            raise ctx.fail(node, f"expected a whole number, got {describe(node)}")
        if not low <= value <= high:
            raise ctx.fail(node, f"expected a number from {low} to {high}, got {value}")
        return value

    return check


def flag(node: yaml.Node, ctx: Ctx) -> bool:
    """true or false."""
    value = scalar(node) if isinstance(node, yaml.ScalarNode) else None
    if not isinstance(value, bool):
        raise ctx.fail(node, f"expected true or false, got {describe(node)}")
    return value


def choice(*options: str) -> Spec:
    """One of a fixed set of words."""

    def check(node: yaml.Node, ctx: Ctx) -> str:
        value = scalar(node) if isinstance(node, yaml.ScalarNode) else None
        if value not in options:
            raise ctx.fail(node, f"expected one of {', '.join(options)}, got {describe(node)}")
        return value

    return check


def listof(item: Spec, low: int = 0, high: int = 1000, unique: bool = False) -> Spec:
    """A list of items, with a length between low and high."""

    def check(node: yaml.Node, ctx: Ctx) -> tuple:
        if not isinstance(node, yaml.SequenceNode):
            raise ctx.fail(node, f"expected a list, got {describe(node, ctx.path == '')}")
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
        raise ctx.fail(node, f"expected a mapping, got {describe(node, ctx.path == '')}")
    seen: set[str] = set()
    for key_node, value_node in node.value:
        key = scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
        if not isinstance(key, str):
            raise ctx.fail(key_node, f"keys must be words, got {describe(key_node)}")
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
