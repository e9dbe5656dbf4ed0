"""The patient's name as a layer of its own, so a batch lays out each distinct handout once.

A roster's rows often differ only in the name: same profile, side, date and
layout. For those, the handout is drawn once without the name (a template:
where the name goes is recorded as spots), and each patient's file is the
template with a one-page-deep layer holding just their name on top. The
spots are where the full drawing puts the name, in the same fonts, sizes
and colours, so both ways print the same page. The name's own font subset
takes only its letters.

The whole path is here: the name's paragraph and spots, the layer's drawing,
the templates kept (Templates, owned by whoever builds many files: the batch
worker), and putting the two together (with_layer, with pikepdf).
"""

from __future__ import annotations

import hashlib
import io
from collections import OrderedDict
from dataclasses import dataclass, replace
from functools import lru_cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from .. import inputs
from ..compact import compact, fix_to_unicode, save, unhinted
from ..layouts import Layout
from ..model import Plan
from ..tracking_fields import META_FIELD, meta_json
from .glyphs import coverage, printable, printable_plan
from .pages import Spot, fit
from .styles import make_styles
from .tags import Node

LAYER_SUFFIX = "-name"  # the name's fonts: the layout's faces, registered again for the layer
LAYER_FACE_MARK = "-BHLAYER"  # marks the layer's font names; with_layer takes it off again


class NameParagraph(Paragraph):
    """A paragraph holding the name: drawn as usual, or only its spot noted on a template.

    Tagged as its node's content (a P); on a template, the spot keeps the marked-content
    id the name layer's drawing of it will carry (see with_layer).
    """

    def __init__(self, *args, node: Node | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.node = node

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802 (ReportLab's name)
        spots = getattr(canvas, "name_spots", None)
        tags = getattr(canvas, "tags", None) if self.node is not None else None
        if spots is None:
            if tags is None:
                return super().drawOn(canvas, x, y, _sW)
            with tags.marked(self.node):
                return super().drawOn(canvas, x, y, _sW)
        ax, ay = canvas.absolutePosition(x, y)
        mcid = tags.reserve(self.node) if tags is not None else None
        spots.append(Spot("cover", canvas.getPageNumber(), ax, ay, self.width, mcid))
        return None


@lru_cache(maxsize=None)
def layer_fonts(layout: Layout) -> str:
    """Register the layout's faces again under new names, as a family, for the name layer.

    A separate registration gives the layer its own font subset, holding only
    the name's letters (not the whole of ASCII, as ReportLab's first subset does).
    ReportLab hands out one font object per face name, so each face is read
    afresh and its name marked (with_layer takes the mark off again).
    The faces are unhinted once here, so the layer's subsets need no more work.
    """
    files = dict(layout.font_files)  # every face's file (layouts.py resolves them all)
    names = []
    for face in (layout.font, layout.font_bold, layout.font_italic, layout.font_bold_italic):
        data = inputs.read_bytes(files[face], inputs.FONT)
        if face in (layout.font, layout.font_bold):  # the two the name is drawn in
            data = unhinted(data)
        font = TTFont(face + LAYER_SUFFIX, io.BytesIO(data), asciiReadable=0)
        font.face.name += LAYER_FACE_MARK.encode()
        pdfmetrics.registerFont(font)
        names.append(font.fontName)
    pdfmetrics.registerFontFamily(names[0], normal=names[0], bold=names[1], italic=names[2],
                                  boldItalic=names[3])
    return names[0]


@dataclass(frozen=True)
class Layer:
    """The name layer: a small PDF, the page of it drawn on each template page (the headers),
    and the cover's name: (template page, layer page, marked-content id), or None."""

    pdf: bytes
    order: tuple[int, ...]
    cover: tuple[int, int, int | None] | None


def draw_layer(spots: tuple[Spot, ...], layout: Layout, *, name: str, header_size: float,
               header_colour, cover: str, cover_style: ParagraphStyle) -> Layer:
    """The name at each spot, as a small PDF (see Layer).

    Pages with the same header spots (all but the blank ones) share one layer page;
    the cover's name has a page of its own, as it is tagged content where the header
    is an artifact. name: the name as printed; cover: the cover's paragraph markup.
    """
    regular = layer_fonts(layout)
    style = ParagraphStyle("name", parent=cover_style, fontName=regular)
    by_page: dict[int, list[Spot]] = {}
    for spot in spots:
        by_page.setdefault(spot.page, []).append(spot)
    shapes: dict[tuple, int] = {}
    order = []
    for page in range(1, max(by_page) + 1):
        shape = tuple((s.x, s.y, s.width) for s in by_page.get(page, ()) if s.kind == "header")
        order.append(shapes.setdefault(shape, len(shapes)))
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(layout.page_width, layout.page_height), invariant=1,
                    pageCompression=1, initialFontName=regular, initialFontSize=header_size)
    for shape in shapes:
        for x, y, width in shape:
            canvas.setFillColor(header_colour)
            canvas.setFont(regular, header_size)
            canvas.drawRightString(x, y, fit(name, regular, header_size, width))
        canvas.showPage()
    covered = None
    for spot in (s for s in spots if s.kind == "cover"):
        paragraph = Paragraph(cover, style)
        paragraph.wrap(spot.width, layout.page_height)
        paragraph.drawOn(canvas, spot.x, spot.y)
        canvas.showPage()
        covered = (spot.page - 1, len(shapes), spot.mcid)
    canvas.save()
    return Layer(out.getvalue(), tuple(order), covered)


@dataclass(frozen=True)
class Template:
    """A handout drawn without the name, finished compactly, and where the name goes."""

    pdf: bytes
    spots: tuple[Spot, ...]
    printed: Plan  # the plan as printed (its texts limited to the layout's fonts)


class Templates:
    """Templates kept for the next patient with the same handout: the last `kept` used.

    A batch sends rows with the same template to a worker together (batch.py
    groups them), so a few are enough however many kinds a roster holds.
    """

    def __init__(self, kept: int = 4) -> None:
        self.kept = kept
        self._kept: OrderedDict[str, Template] = OrderedDict()

    def get(self, key: str, draw) -> Template:
        """The template for key, drawn with draw() if it is not kept."""
        if key in self._kept:
            self._kept.move_to_end(key)
            return self._kept[key]
        template = self._kept[key] = draw()
        if len(self._kept) > self.kept:
            self._kept.popitem(last=False)
        return template


def layered_pdf(plan: Plan, layout: Layout, templates: Templates, *,
                password: str | None = None) -> bytes | None:
    """A named handout as a kept template plus a layer with the name, finished compactly
    (and encrypted if a password is given); the same pages as drawing it whole.

    None when there is no name to print (none given, or none of its characters printable):
    then draw it whole. A template is kept per plan without the name, layout and height of
    the name on the cover.
    """
    from .handout import name_paragraph, render_handout  # (handout.py uses NameParagraph)

    styles = make_styles(layout)
    width = layout.page_width - layout.margin_left - layout.margin_right
    named = replace(plan, patient=printable(plan.patient or "", coverage(layout)))
    name = name_paragraph(named, styles, width)
    if name is None or not named.patient:
        return None
    key = hashlib.sha256(repr((replace(plan, patient=None), layout, name.height)).encode()).hexdigest()

    def draw() -> Template:
        spots: list[Spot] = []
        pdf = compact(render_handout(plan, layout, name_spots=spots))
        return Template(pdf, tuple(spots), printable_plan(plan, coverage(layout)))

    template = templates.get(key, draw)
    layer = draw_layer(template.spots, layout, name=named.patient, header_size=layout.small_size,
                       header_colour=styles.muted, cover=name.text, cover_style=styles.subtitle)
    fields = {META_FIELD: meta_json(replace(template.printed, patient=named.patient))}
    return with_layer(template.pdf, layer.pdf, layer.order, fields, cover=layer.cover,
                      password=password)


def with_layer(template: bytes, layer: bytes, order: tuple[int, ...], fields: dict[str, str], *,
               cover: tuple[int, int, int | None] | None = None,
               password: str | None = None) -> bytes:
    """The template with a page of the layer on top of each page (page i gets layer page
    order[i]), and text fields set (value and default); finished compactly.

    The layer's pages are the headers' names, drawn as pagination artifacts; cover =
    (template page, layer page, mcid) is the cover's name, drawn as the tagged
    content the template's structure reserved for it (marked-content id mcid).
    The template should be compact already (its fonts are not finished again here).

    The layer's fonts get their own subset tags, as the PDF standard asks of
    different subsets of one font in one file.
    """
    import pikepdf

    with pikepdf.open(io.BytesIO(template)) as pdf, pikepdf.open(io.BytesIO(layer)) as top:
        fix_to_unicode(top)  # the template's fonts are finished already (only these are new)
        for n, font in enumerate(_fonts(top)):
            _retag(font, f"BH{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}NM")
        forms = [pdf.copy_foreign(page.as_form_xobject()) for page in top.pages]
        header = b"/Artifact <</Type /Pagination /Subtype /Header>> BDC %s EMC\n"
        for page, index in zip(pdf.pages, order):
            _isolate(pdf, page)
            _overlay(pdf, page, forms[index], "/BhNameLayer", header)
        if cover is not None:
            page, index, mcid = cover
            mark = b"/Artifact BMC %s EMC\n" if mcid is None else b"/P <</MCID %d>> BDC %%s EMC\n" % mcid
            _overlay(pdf, pdf.pages[page], forms[index], "/BhNameCover", mark)
        for field in pdf.Root.AcroForm.Fields:
            name = str(field.get("/T", ""))
            if name in fields:
                field.V = field.DV = pikepdf.String(fields[name])  # DV: kept by "Reset form"
        return save(pdf, password=password, fonts_finished=True)


def _overlay(pdf, page, form, resource: str, mark: bytes = b"%s\n") -> None:
    """Draw a form XObject (a page of the same size) on top of `page`, inside a marked-content
    sequence (`mark`, with %s where the drawing goes).

    Like pikepdf's Page.add_overlay, but with a fixed resource name, so the
    same input always gives the same bytes.
    """
    import pikepdf

    name = page.add_resource(form, pikepdf.Name.XObject, pikepdf.Name(resource))
    page.contents_add(pikepdf.Stream(pdf, mark % (b"q " + bytes(name.unparse()) + b" Do Q")))


def _isolate(pdf, page) -> None:
    """Put a page's own drawing inside q/Q, so what is drawn over it starts afresh."""
    import pikepdf

    page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
    page.contents_add(pikepdf.Stream(pdf, b"Q\n"))


def _fonts(pdf) -> list:
    """Every font dictionary a page of pdf uses, once each."""
    seen: dict[tuple[int, int], object] = {}
    for page in pdf.pages:
        for font in page.Resources.get("/Font", {}).values():
            seen.setdefault(font.objgen, font)
    return list(seen.values())


def _retag(font, tag: str) -> None:
    """Give a font subset another six-letter tag: AAAAAA+Name -> tag+Name."""
    import pikepdf

    base = str(font.get("/BaseFont", ""))
    if "+" not in base:
        return
    name = pikepdf.Name("/" + tag + base[base.index("+"):].replace(LAYER_FACE_MARK, ""))
    font.BaseFont = name
    if "/FontDescriptor" in font:
        font.FontDescriptor.FontName = name
