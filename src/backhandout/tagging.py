"""Tagged PDF, the finishing side: the structure recorded while drawing becomes the
PDF's structure tree (PDF/UA-1).

render/tags.py marks the page content and leaves the structure as JSON under
`STRUCTURE_KEY` in an empty /StructTreeRoot:

    {"lang": "en-GB", "root": {"S": "Document", "K": [...]}, "rolemap": {...}}

where each element is {"S": role, "K": kids, "Alt", "Lang", "ActualText",
"A": attributes} and a kid is an element, [page, mcid] (marked content on a
page, pages counted from 0) or {"annot": [page, key]} (the annotation on that
page whose /StructParent is key, such as a form field's widget). `finish`
writes the tree, its ParentTree, each page's /StructParents and /Tabs /S,
/MarkInfo, /Lang, DisplayDocTitle and XMP metadata with the title and the
PDF/UA identification.

Imposition (booklet.py) moves pages onto sheets: `structure_of` reads the
recorded structure back (or a tagged PDF's own structure tree), `moved` points
it at the sheets, and the sheets' PDF carries it until it is finished here.

pikepdf and pypdf are imported only inside the functions that use them.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

STRUCTURE_KEY = "BHStructure"  # holds the recorded structure (in /StructTreeRoot) until finished
_NAMED = ("O", "Scope", "ListNumbering", "Placement")  # attributes whose values are names
_TEXTS = ("Alt", "ActualText", "Lang", "E")
_MAX_DEPTH = 100


def finish(pdf) -> bool:
    """Turn the recorded structure of an open pikepdf document into its structure tree.

    False (and nothing changed) when the document has no recorded structure.
    """
    import pikepdf

    holder = pdf.Root.get("/StructTreeRoot")
    raw = holder.get("/" + STRUCTURE_KEY) if isinstance(holder, pikepdf.Dictionary) else None
    if raw is None:
        return False
    recorded = json.loads(bytes(raw))
    pages = [page.obj for page in pdf.pages]
    annotations = {}
    for index, page in enumerate(pages):
        for annotation in page.get("/Annots", ()):
            key = annotation.get("/StructParent")
            if key is not None:
                annotations[index, int(key)] = annotation
        if "/Annots" in page:
            page.Tabs = pikepdf.Name.S  # Tab follows the structure (the diary: day by day)
    root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    writer = _Writer(pdf, pages, annotations)
    root.K = writer.element(recorded["root"], root)
    nums: list[Any] = []
    for index, marks in sorted(writer.marks.items()):
        pages[index].StructParents = index
        nums += [index, pdf.make_indirect(pikepdf.Array(
            [marks.get(mcid, pikepdf.Dictionary()) for mcid in range(max(marks) + 1)]))]
    key = len(pages)
    for annotation, parent in writer.owners:
        annotation.StructParent = key
        nums += [key, parent]
        key += 1
    root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(nums)))
    root.ParentTreeNextKey = key
    if recorded.get("rolemap"):
        root.RoleMap = pikepdf.Dictionary({"/" + k: pikepdf.Name("/" + v)
                                           for k, v in recorded["rolemap"].items()})
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    preferences = pdf.Root.get("/ViewerPreferences", pikepdf.Dictionary())
    preferences.DisplayDocTitle = True
    pdf.Root.ViewerPreferences = preferences
    lang = recorded.get("lang") or str(pdf.Root.get("/Lang", "")) or None
    if lang:
        pdf.Root.Lang = pikepdf.String(lang)
    pdf.Root.Metadata = pdf.make_stream(xmp(pdf.docinfo, lang),
                                        Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)
    return True


class _Writer:
    """Writes elements into a pikepdf document, noting each page's marks and annotations'
    parents for the ParentTree."""

    def __init__(self, pdf, pages: list, annotations: dict) -> None:
        self.pdf, self.pages, self.annotations = pdf, pages, annotations
        self.marks: dict[int, dict[int, Any]] = {}
        self.owners: list[tuple[Any, Any]] = []

    def element(self, node: dict[str, Any], parent) -> Any:
        import pikepdf

        element = self.pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name("/" + node["S"]),
                                                            P=parent))
        for name in _TEXTS:
            if node.get(name):
                element[f"/{name}"] = pikepdf.String(node[name])
        if node.get("A"):
            element.A = pikepdf.Dictionary({f"/{k}": _attribute(k, v)
                                            for k, v in node["A"].items()})
        kids: list[Any] = []
        home = None  # the element's page (/Pg): its first marked content's
        for kid in node["K"]:
            if isinstance(kid, list):
                page, mcid = kid
                if not 0 <= page < len(self.pages):
                    continue
                self.marks.setdefault(page, {})[mcid] = element
                if home is None:
                    home = page
                    element.Pg = self.pages[page]
                kids.append(mcid if page == home else pikepdf.Dictionary(
                    Type=pikepdf.Name.MCR, Pg=self.pages[page], MCID=mcid))
            elif "annot" in kid:
                annotation = self.annotations.get(tuple(kid["annot"]))
                if annotation is None:
                    continue
                kids.append(pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Obj=annotation,
                                               Pg=self.pages[kid["annot"][0]]))
                self.owners.append((annotation, element))
            else:
                kids.append(self.element(kid, element))
        if kids:
            element.K = kids[0] if len(kids) == 1 else pikepdf.Array(kids)
        return element


def _attribute(name: str, value: Any) -> Any:
    import pikepdf

    if isinstance(value, list):
        return pikepdf.Array([pikepdf.String(v) for v in value])
    if isinstance(value, str):
        return pikepdf.Name("/" + value) if name in _NAMED else pikepdf.String(value)
    return value


def xmp(info, lang: str | None) -> bytes:
    """An XMP packet with the document's title, author, subject and language, and the
    PDF/UA-1 identification."""
    def value(key: str) -> str:
        return escape(str(info.get(key, "")), quote=False)

    language = escape(lang or "x-default")
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"'
        ' xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">'
        '<pdfuaid:part>1</pdfuaid:part>'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{value("/Title")}</rdf:li>'
        '</rdf:Alt></dc:title>'
        f'<dc:creator><rdf:Seq><rdf:li>{value("/Author")}</rdf:li></rdf:Seq></dc:creator>'
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{value("/Subject")}'
        '</rdf:li></rdf:Alt></dc:description>'
        f'<dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag></dc:language>'
        f'<pdf:Producer>{value("/Producer")}</pdf:Producer>'
        f'<xmp:CreatorTool>{value("/Creator")}</xmp:CreatorTool>'
        '</rdf:Description></rdf:RDF></x:xmpmeta>\n<?xpacket end="w"?>'
    ).encode("utf-8")


# ---------------------------------------------------------------- imposition (pypdf)


def structure_of(reader) -> dict[str, Any] | None:
    """A pypdf-read PDF's structure: the recorded one (not yet finished), else one read
    back from its structure tree; None for an untagged PDF.

    Read back: roles, alt and actual text, languages, simple attributes (names,
    numbers), the role map, marked content on pages and annotations that have a
    /StructParent. Content marked inside form XObjects (/Stm) is not kept.
    """
    root = reader.trailer["/Root"]
    tree = root.get("/StructTreeRoot")
    if tree is None:
        return None
    tree = tree.get_object()
    if "/" + STRUCTURE_KEY in tree:
        return json.loads(str(tree["/" + STRUCTURE_KEY]))
    pages = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)
             if page.indirect_reference is not None}
    top = _read(tree, pages, None, 0) or []
    rolemap = {str(k)[1:]: str(v)[1:] for k, v in tree.get("/RoleMap", {}).items()}
    lang = root.get("/Lang")
    whole = top[0] if len(top) == 1 and top[0].get("S") == "Document" else {
        "S": "Document", "K": top}
    return {"lang": str(lang) if lang else None, "rolemap": rolemap, "root": whole}


def recorded_tree(structure: dict[str, Any]):
    """A pypdf structure tree root holding a structure to be finished (as render/tags.py
    leaves one)."""
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    return DictionaryObject({
        NameObject("/Type"): NameObject("/StructTreeRoot"),
        NameObject("/" + STRUCTURE_KEY): TextStringObject(
            json.dumps(structure, ensure_ascii=True, separators=(",", ":"))),
    })


def _page(obj, pages: dict[int, int], inherited: int | None) -> int | None:
    ref = obj.raw_get("/Pg") if "/Pg" in obj else None
    return pages.get(ref.idnum, inherited) if hasattr(ref, "idnum") else inherited


def _read(obj, pages: dict[int, int], page: int | None, depth: int) -> Any:
    """One node of a pypdf structure tree as JSON kids (a list for the root and arrays)."""
    from pypdf.generic import ArrayObject, DictionaryObject

    obj = obj.get_object()
    if depth > _MAX_DEPTH:
        return None
    if isinstance(obj, int):
        return [page, int(obj)] if page is not None else None
    if isinstance(obj, ArrayObject):
        return [k for k in (_read(item, pages, page, depth + 1) for item in obj) if k]
    if not isinstance(obj, DictionaryObject):
        return None
    kind = obj.get("/Type")
    if kind == "/StructTreeRoot":
        found = _read(obj["/K"], pages, None, depth + 1) if "/K" in obj else []
        return found if isinstance(found, list) else [found] if found else []
    if kind == "/MCR":
        where = _page(obj, pages, page)
        return None if "/Stm" in obj or where is None else [where, int(obj["/MCID"])]
    if kind == "/OBJR":
        annotation = obj["/Obj"].get_object()
        key = annotation.get("/StructParent")
        where = _page(obj, pages, None)
        if where is None and "/P" in annotation:
            where = pages.get(annotation.raw_get("/P").idnum)
        where = page if where is None else where
        return None if key is None or where is None else {"annot": [where, int(key)]}
    if "/S" not in obj:
        return None
    page = _page(obj, pages, page)
    kids = _read(obj["/K"], pages, page, depth + 1) if "/K" in obj else []
    if not isinstance(kids, list) or (kids and not isinstance(kids[0], (list, dict))):
        kids = [kids] if kids else []
    node: dict[str, Any] = {"S": str(obj["/S"])[1:], "K": kids}
    for name in _TEXTS:
        if f"/{name}" in obj:
            node[name] = str(obj[f"/{name}"])
    attributes = obj.get("/A")
    for item in (attributes if isinstance(attributes, ArrayObject) else [attributes]):
        item = item.get_object() if item is not None else None
        if isinstance(item, DictionaryObject):
            for key, value in item.items():
                simple = str(value)[1:] if str(value).startswith("/") else value
                if isinstance(simple, (str, int)):
                    node.setdefault("A", {})[str(key)[1:]] = simple
    return node


def moved(structure: dict[str, Any], where: dict[int, tuple[int, int]]) -> dict[str, Any]:
    """The structure with each page's content moved: where[page] = (new page, the number
    added to its marked-content ids). Content on pages not in `where` is dropped."""
    def move(node: dict[str, Any]) -> dict[str, Any]:
        kids = []
        for kid in node["K"]:
            if isinstance(kid, list):
                if kid[0] in where:
                    page, shift = where[kid[0]]
                    kids.append([page, kid[1] + shift])
            elif "annot" in kid:
                if kid["annot"][0] in where:
                    kids.append({"annot": [where[kid["annot"][0]][0], kid["annot"][1]]})
            else:
                kids.append(move(kid))
        return {**node, "K": kids}

    return {**structure, "root": move(structure["root"])}


def marks_per_page(structure: dict[str, Any]) -> dict[int, int]:
    """The highest marked-content id used on each page."""
    highest: dict[int, int] = {}

    def visit(node: dict[str, Any]) -> None:
        for kid in node["K"]:
            if isinstance(kid, list):
                highest[kid[0]] = max(highest.get(kid[0], -1), kid[1])
            elif "S" in kid:
                visit(kid)

    visit(structure["root"])
    return highest
