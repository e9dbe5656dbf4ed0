"""Tagged PDF, the drawing side: marked content around what each flowable draws, and
the structure it belongs to, recorded as the pages are drawn.

ReportLab has no tagging of its own. A flowable that knows its role is wrapped
in `Tagged`, which points at a `Node` of the structure (a heading, a paragraph,
a table cell, a picture, a form field). While it draws, the page's content is
marked with the node's role and a marked-content id (`/P <</MCID 3>> BDC ...
EMC`, through the canvas's public `addLiteral`). Everything else on the page
(rules, tints, borders, the grid of a table) is an artifact: each page opens an
`/Artifact` sequence, which a tagged flowable closes while it draws; the header
and footer are pagination artifacts (`artifact("Header")`).

Nodes are either linked to a parent when they are made (their order among
their siblings is the reading order, whatever order they are drawn in: a
card's picture after its steps, the diary's days as rows), or placed where
they are first drawn: inside the innermost container being drawn, else at the
top of the document. Nodes that are never drawn (a card laid out and then
discarded) are left out. A flowable drawn a second time (a table's header row
repeated on the next page) is drawn as an artifact.

At the end the structure is written into the PDF as JSON (`STRUCTURE_KEY` in an
empty structure tree root); tagging.py turns it into the structure tree when the
file is finished, and imposition carries it over to the sheets.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from reportlab.platypus import Flowable

from ..tagging import STRUCTURE_KEY

_ARTIFACT, _MARK = "artifact", "mark"


class Node:
    """One structure element: a role (P, H1, TD, Figure...), its kids in reading order,
    and what a screen reader needs besides the text (alt text, language, attributes)."""

    __slots__ = ("role", "parent", "kids", "alt", "lang", "attributes", "placed")

    def __init__(self, role: str, parent: Node | None = None, *, alt: str | None = None,
                 lang: str | None = None, **attributes: Any) -> None:
        self.role, self.parent, self.alt, self.lang = role, parent, alt, lang
        self.attributes = attributes  # /A: Scope, ColSpan, ListNumbering (with their owner)
        self.kids: list[Any] = []  # Nodes, [page, mcid] and {"annot": [page, key]}
        self.placed = False
        if parent is not None:
            parent.kids.append(self)

    def add(self, role: str, **options: Any) -> Node:
        """A new last kid."""
        return Node(role, self, **options)

    def to_json(self) -> dict[str, Any] | None:
        """The node as the JSON the finisher reads; None when nothing of it was drawn."""
        kids = []
        for kid in self.kids:
            if isinstance(kid, Node):
                kid = kid.to_json()
                if kid is None:
                    continue
            kids.append(kid)
        if not kids:
            return None
        out: dict[str, Any] = {"S": self.role, "K": kids}
        if self.alt:
            out["Alt"] = self.alt
        if self.lang:
            out["Lang"] = self.lang
        if self.attributes:
            out["A"] = self.attributes
        return out


def owner(role: str) -> str:
    """The attribute owner (/O) for a structure role's attributes."""
    return "List" if role in ("L", "LI") else "Table"


def list_node(parent: Node | None = None, numbered: bool = False) -> Node:
    """An L (list) node; numbered lists say so (ListNumbering /Decimal)."""
    if numbered:
        return Node("L", parent, O="List", ListNumbering="Decimal")
    return Node("L", parent)


class Tagger:
    """Marks a canvas's content and records the structure (one per document)."""

    def __init__(self, canvas, lang: str | None = None) -> None:
        self.canvas, self.lang = canvas, lang
        self.root = Node("Document")
        self.state: str | None = None
        self.page_mcid = 0
        self.containers: list[Node] = []
        self.form: Node | None = None  # the Form node of the field being drawn
        self.keys = 0  # provisional /StructParent keys of annotations

    @property
    def page(self) -> int:
        """The current page's index (from 0)."""
        return self.canvas.getPageNumber() - 1

    def begin_page(self) -> None:
        """Start a page's content as an artifact (call first on each page)."""
        self.page_mcid = 0
        self.canvas.addLiteral("/Artifact BMC")
        self.state = _ARTIFACT

    def end_page(self) -> None:
        """Close the page's artifact sequence (call before the page is shown)."""
        if self.state == _ARTIFACT:
            self.canvas.addLiteral("EMC")
        self.state = None

    def _place(self, node: Node) -> None:
        while node.parent is not None:
            node = node.parent
        if not node.placed and node is not self.root:
            (self.containers[-1] if self.containers else self.root).kids.append(node)
            node.placed = True

    def _mcid(self, node: Node) -> int:
        self._place(node)
        mcid, self.page_mcid = self.page_mcid, self.page_mcid + 1
        node.kids.append([self.page, mcid])
        return mcid

    def reserve(self, node: Node) -> int:
        """A marked-content id on this page for node's content, drawn later by someone else
        (the name layer): nothing is drawn now."""
        return self._mcid(node)

    @contextmanager
    def marked(self, node: Node) -> Iterator[None]:
        """What is drawn inside is node's content (inside another node's: that one's)."""
        if self.state != _ARTIFACT:
            yield
            return
        self.canvas.addLiteral(f"EMC /{node.role} <</MCID {self._mcid(node)}>> BDC")
        self.state = _MARK
        try:
            yield
        finally:
            self.canvas.addLiteral("EMC /Artifact BMC")
            self.state = _ARTIFACT

    @contextmanager
    def artifact(self, kind: str | None = None) -> Iterator[None]:
        """What is drawn inside is an artifact: a pagination artifact of a kind (Header,
        Footer), or a plain one (repeated content)."""
        if self.state != _ARTIFACT or kind is None:
            yield
            return
        self.canvas.addLiteral(f"EMC /Artifact <</Type /Pagination /Subtype /{kind}>> BDC")
        try:
            yield
        finally:
            self.canvas.addLiteral("EMC /Artifact BMC")

    @contextmanager
    def container(self, node: Node) -> Iterator[None]:
        """Nodes first drawn inside (and not linked to a parent) become node's kids."""
        self._place(node)
        self.containers.append(node)
        try:
            yield
        finally:
            self.containers.pop()

    @contextmanager
    def field(self, node: Node) -> Iterator[None]:
        """Annotations added inside (form widgets) belong to node (a Form)."""
        self._place(node)
        self.form = node
        try:
            yield
        finally:
            self.form = None

    def annotation(self) -> int | None:
        """A provisional /StructParent key for an annotation being added now, recorded
        under the Form node being drawn; None outside one."""
        if self.form is None:
            return None
        key, self.keys = self.keys, self.keys + 1
        self.form.kids.append({"annot": [self.page, key]})
        return key

    def save(self) -> None:
        """Write the structure into the catalogue, for the finisher (tagging.py): an empty
        structure tree root holding it as JSON."""
        from reportlab.pdfbase.pdfdoc import PDFName, PDFString

        tree = self.root.to_json() or {"S": "Document", "K": []}
        recorded = json.dumps({"lang": self.lang, "root": tree}, ensure_ascii=True,
                              separators=(",", ":"))
        self.canvas.setCatalogEntry("StructTreeRoot", {"Type": PDFName("StructTreeRoot"),
                                                       STRUCTURE_KEY: PDFString(recorded)})


# Roles whose content is marked; the others group their kids (and mark nothing).
_GROUPS = frozenset({"Document", "Sect", "Div", "L", "Table", "TR", "THead", "TBody"})


class Tagged(Flowable):
    """A flowable drawn as a structure node's content (see the module's docstring).

    It stands in for the flowable everywhere (size, splitting, spacing, any
    attribute), like ReportLab's own TopPadder; only drawing is wrapped. A node
    that groups others (a Sect, a Table) makes the flowable a container; a Form
    node takes the widgets it adds.
    """

    def __init__(self, node: Node, flowable: Flowable) -> None:
        self.__dict__.update(_node=node, _flowable=flowable, _drawn=False)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self._flowable.wrap(available_width, available_height)

    def wrapOn(self, canv, available_width: float, available_height: float):  # noqa: N802
        return self._flowable.wrapOn(canv, available_width, available_height)

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return [Tagged(self._node, part)
                for part in self._flowable.split(available_width, available_height)]

    def splitOn(self, canv, available_width: float, available_height: float):  # noqa: N802
        return [Tagged(self._node, part)
                for part in self._flowable.splitOn(canv, available_width, available_height)]

    def minWidth(self) -> float:  # noqa: N802
        return self._flowable.minWidth()

    # ReportLab writes some settings straight into a flowable's __dict__ (keepWithNext=0
    # once it has grouped a heading with what follows): those, here, win.
    def getKeepWithNext(self):  # noqa: N802
        own = self.__dict__.get("keepWithNext")
        return self._flowable.getKeepWithNext() if own is None else own

    def getSpaceBefore(self) -> float:  # noqa: N802
        own = self.__dict__.get("spaceBefore")
        return self._flowable.getSpaceBefore() if own is None else own

    def getSpaceAfter(self) -> float:  # noqa: N802
        own = self.__dict__.get("spaceAfter")
        return self._flowable.getSpaceAfter() if own is None else own

    def identity(self, maxLen=None) -> str:  # noqa: N803
        return f"Tagged {self._node.role}: {self._flowable.identity(maxLen)}"

    def drawOn(self, canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        tags: Tagger | None = getattr(canvas, "tags", None)
        again, self.__dict__["_drawn"] = self._drawn, True
        if tags is None:
            self._flowable.drawOn(canvas, x, y, _sW)
            return
        role = self._node.role
        if again:
            scope = tags.artifact()
        elif role == "Form":
            scope = tags.field(self._node)
        elif role in _GROUPS:
            scope = tags.container(self._node)
        else:
            scope = tags.marked(self._node)
        with scope:
            self._flowable.drawOn(canvas, x, y, _sW)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.__dict__["_flowable"], name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._flowable, name, value)

    def __delattr__(self, name: str) -> None:
        delattr(self._flowable, name)


def tag(role: str | Node, flowable: Flowable, parent: Node | None = None, **options: Any) -> Tagged:
    """The flowable as the content of a new node of this role (or of this node)."""
    node = role if isinstance(role, Node) else Node(role, parent, **options)
    return Tagged(node, flowable)
