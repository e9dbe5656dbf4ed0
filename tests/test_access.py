"""Accessible handouts: tagged PDF (PDF/UA-1) checked by third-party tools, read in
structure order, with alt text for every picture in every language."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from functools import lru_cache

import pikepdf
import pytest

from backhandout.render.layer import Templates
from backhandout import api
from backhandout.booklet import impose_bytes
from backhandout.compact import compact
from backhandout.layouts import PAPER, load_layout
from backhandout.model import Request
from backhandout.render import render_handout

from conftest import run

DAY = dt.date(2026, 12, 2)
KEPT = Templates()  # as a batch worker keeps them


@lru_cache(maxsize=None)
def handout(layout: str = "a4", lang: str = "en", patient: str | None = None,
            reuse: bool = False) -> bytes:
    request = Request(profile="desk-worker", lang=lang, date=DAY, patient=patient)
    return api.build_pdf(request, layout=load_layout(layout), templates=KEPT if reuse else None)


# ------------------------------------------------------------ reading in structure order


def marked_text(data: bytes) -> dict[tuple[int, int], str]:
    """The text of each marked-content sequence, by (page index, MCID), read by pdfminer."""
    from pdfminer.pdfdevice import PDFTextDevice
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    found: dict[tuple[int, int], list[str]] = {}

    class Device(PDFTextDevice):
        page, stack = -1, []

        def begin_page(self, page, ctm):
            Device.page += 1
            self.stack = []

        def begin_tag(self, tag, props=None):
            mcid = props.get("MCID") if isinstance(props, dict) else None
            self.stack.append(mcid if mcid is not None else (self.stack[-1] if self.stack else None))

        def end_tag(self):
            self.stack.pop()

        def render_string(self, textstate, seq, ncs, graphicstate):
            if self.stack and self.stack[-1] is not None:
                found.setdefault((self.page, self.stack[-1]), []).append("")
            super().render_string(textstate, seq, ncs, graphicstate)

        def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):
            if self.stack and self.stack[-1] is not None:
                found[(self.page, self.stack[-1])][-1] += font.to_unichr(cid)
            return 0

    manager = PDFResourceManager()
    device = Device(manager)
    interpreter = PDFPageInterpreter(manager, device)
    for page in PDFPage.get_pages(io.BytesIO(data)):
        interpreter.process_page(page)
    return {key: " ".join(p.strip() for p in parts if p.strip()) for key, parts in found.items()}


def reading(data: bytes) -> list[tuple[str, str]]:
    """(role, text) for every structure element with content, in structure order: its marked
    text, a Figure's alt text, a Form field's tooltip."""
    texts = marked_text(data)
    out: list[tuple[str, str]] = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}

        def walk(element, page):
            role = str(element.S)[1:]
            if "/Pg" in element:
                page = pages[element.Pg.objgen]
            kids = element.get("/K", [])
            kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
            own = []
            for kid in kids:
                if isinstance(kid, int):
                    own.append(texts.get((page, kid), ""))
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                    own.append(texts.get((pages[kid.Pg.objgen], int(kid.MCID)), ""))
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                    own.append(str(kid.Obj.get("/TU", "")))
                elif isinstance(kid, pikepdf.Dictionary):
                    if own:
                        out.append((role, " ".join(own)))
                        own = []
                    walk(kid, page)
            if role == "Figure":
                own = [str(element.Alt)]
            if own:
                out.append((role, " ".join(t for t in own if t)))

        walk(pdf.Root.StructTreeRoot.K, None)
    return out


def test_reading_order_gives_cover_plan_cards_warnings_diary(catalogue):
    read = reading(handout())
    roles = [role for role, _ in read]
    text = [t for _, t in read]
    plan = api.plan_for(Request(profile="desk-worker", date=DAY), catalogue)
    assert read[0] == ("H1", plan.title)
    assert ("TH", "Exercise") in read and ("TD", plan.exercises[0].name) in read
    at = 0
    for number, exercise in enumerate(plan.exercises, start=1):
        at = text.index(f"{number}. {exercise.name}", at)  # the card's heading
        assert roles[at] == "H2"
        card = read[at:at + 30]
        assert ("P", f"How much: {exercise.dose_line}") in card
        steps = [t for r, t in card if r == "LBody"]
        assert steps[:len(exercise.steps)] == list(exercise.steps)
        figure = [t for r, t in card if r == "Figure"]
        assert figure == [exercise.picture_alt] and figure[0].startswith("Picture 1 of ")
    warnings = text.index("When to stop and get help")
    diary = text.index("Your exercise diary")
    assert at < warnings < diary and roles[warnings] == roles[diary] == "H1"
    fields = [t for r, t in read[diary:] if r == "Form"]
    # the Tab order and the reading order: day by day, then the week's notes
    assert fields[0:3] == ["Week 1, day 1: Date (day/month)",
                           f"Week 1, day 1: {plan.exercises[0].name} done",
                           f"Week 1, day 1: {plan.exercises[1].name} done"]
    day_one = [f for f in fields if f.startswith("Week 1, day 1:")]
    assert fields[len(day_one)] == "Week 1, day 2: Date (day/month)"
    assert day_one[-2:] == ["Week 1, day 1: Pain during (0-10)",
                            "Week 1, day 1: Pain next morning (0-10)"]
    assert "Week 1: notes" in fields


def test_bridge_picture_is_described_in_both_languages(catalogue):
    for lang, start in (("en", "Picture 1 of 2: lying on your back"),
                        ("es", "Dibujo 1 de 2: boca arriba")):
        plan = api.plan_for(Request(profile="desk-worker", lang=lang, date=DAY), catalogue)
        bridge = next(e for e in plan.exercises if e.id == "glute-bridge")
        assert bridge.picture_alt.startswith(start)
        assert bridge.picture_alt.count(".") == 2  # two pictures, a sentence each


# ------------------------------------------------------------ third-party checkers

CASES = [("a4", "en"), ("a4", "es"), ("large-print", "en"), ("large-print", "es"),
         ("booklet", "en"), ("booklet", "es"), ("letter-booklet", "es")]


@pytest.mark.parametrize("layout,lang", CASES)
def test_pdfua_finds_nothing(tmp_path, layout, lang):
    pytest.importorskip("pdfua")
    from pdfua import validate

    path = tmp_path / "h.pdf"
    path.write_bytes(handout(layout, lang))
    report = validate(str(path))
    findings = [f"{o.rule_id}: {f.message}" for o in report.outcomes for f in o.findings]
    skipped = [o.rule_id for o in report.outcomes if o.skipped_reason]
    assert findings == [] and skipped == []


def test_pdfua_finds_nothing_on_a_named_batch_handout_and_an_imposed_one(tmp_path):
    pytest.importorskip("pdfua")
    from pdfua import validate

    handout("a4", patient="Bob Lee", reuse=True)  # the template, for the next name
    named = handout("a4", patient="Ana Núñez", reuse=True)
    imposed = compact(impose_bytes(handout(), PAPER["a4"]))
    for data in (named, imposed):
        path = tmp_path / "h.pdf"
        path.write_bytes(data)
        assert [f for o in validate(str(path)).outcomes for f in o.findings] == []
    assert ("P", "For: Ana Núñez") in reading(named)
    assert reading(imposed) == reading(handout())  # same order, whatever the sheets


def test_untagged_pdf_is_reported_by_pdfua(tmp_path):
    """The checker can fail: the same pages untagged give its errors."""
    pytest.importorskip("pdfua")
    from pdfua import validate

    plan = api.plan_for(Request(profile="desk-worker", date=DAY))
    path = tmp_path / "h.pdf"
    path.write_bytes(compact(render_handout(plan, load_layout("a4"), tagged=False)))
    ids = {o.rule_id for o in validate(str(path)).outcomes if o.findings}
    assert {"UA-01-005", "UA-01-002"} <= ids


@pytest.mark.skipif(shutil.which("avalpdf") is None,
                    reason="avalpdf is not installed (its PDFix SDK is a 250 MB proprietary "
                           "binary: pip install avalpdf to run this)")
def test_avalpdf_reports_no_issue(tmp_path):
    path = tmp_path / "h.pdf"
    path.write_bytes(handout())
    out = subprocess.run(["avalpdf", str(path), "--show-validation"], capture_output=True,
                         text=True, timeout=300).stdout
    assert "Issues: 0" in out


# ------------------------------------------------------------ the pages stay the same


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")
@pytest.mark.parametrize("layout", ["a4", "booklet"])
def test_tagging_does_not_change_a_pixel(tmp_path, layout):
    plan = api.plan_for(Request(profile="desk-worker", lang="es", date=DAY))
    for name, tagged in (("plain", False), ("tagged", True)):
        data = render_handout(plan, load_layout(layout), tagged=tagged)
        if load_layout(layout).booklet_sheet:
            data = impose_bytes(data, load_layout(layout).booklet_sheet)
        (tmp_path / f"{name}.pdf").write_bytes(compact(data))
        subprocess.run(["pdftoppm", "-r", "40", str(tmp_path / f"{name}.pdf"),
                        str(tmp_path / name)], check=True)
    plain = sorted(tmp_path.glob("plain-*.ppm"))
    assert plain and [p.read_bytes() for p in plain] == [
        p.read_bytes() for p in sorted(tmp_path.glob("tagged-*.ppm"))]


def test_catalog_says_language_title_and_pdfua():
    for data, lang in ((handout("booklet", "es"), "es"), (handout(), "en-GB")):
        with pikepdf.open(io.BytesIO(data)) as pdf:
            assert str(pdf.Root.Lang) == lang
            assert pdf.Root.MarkInfo.Marked and pdf.Root.ViewerPreferences.DisplayDocTitle
            xmp = pdf.Root.Metadata.read_bytes().decode()
            assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
            assert str(pdf.docinfo.Title) in xmp
            assert all(page.obj.Tabs == "/S" for page in pdf.pages if "/Annots" in page.obj)


def test_an_element_in_another_language_says_so():
    from backhandout.tagging import finish

    pdf = pikepdf.new()
    pdf.add_blank_page()
    holder = pikepdf.Dictionary(BHStructure=pikepdf.String(
        '{"lang": "es", "root": {"S": "Document", "K": [{"S": "P", "Lang": "en", '
        '"K": [[0, 0]]}]}}'))
    pdf.Root.StructTreeRoot = holder
    assert finish(pdf)
    element = pdf.Root.StructTreeRoot.K.K
    assert str(element.Lang) == "en" and str(pdf.Root.Lang) == "es"


# ------------------------------------------------------------ alt text in the catalogue


def test_check_fails_on_a_picture_without_alt_text(catalogue_copy):
    path = catalogue_copy / "exercises" / "glute-bridge.yaml"
    text = path.read_text()
    path.write_text(text.replace("  1: lying on your back", "  3: lying on your back"))
    result = run("check", "--catalogue", catalogue_copy)
    assert result.exit_code == 1
    assert ("glute-bridge.yaml: alt: the alt text describes steps 3, 4 but the picture's "
            "panels show steps 1-2, 3-4") in result.output


def test_alt_text_command_drafts_and_writes_a_missing_text(catalogue_copy):
    from backhandout.catalogue import load_catalogue

    path = catalogue_copy / "exercises" / "glute-bridge.yaml"
    start = path.read_text().index("alt:")
    end = path.read_text().index("figure:")
    path.write_text(path.read_text()[:start] + path.read_text()[end:])
    shown = run("alt-text", "glute-bridge", "--catalogue", catalogue_copy)
    assert "the picture has no alt text" in shown.output
    assert "draft: lying on your back, knees bent (lie on your back" in shown.output
    written = run("alt-text", "--write", "--catalogue", catalogue_copy)
    assert "Wrote 1 drafts." in written.output
    text = path.read_text()
    assert text.index("alt:\n  1: lying on your back") < text.index("figure:")
    load_catalogue.cache_clear()  # the same process reads the file again
    assert "alt text matches the picture" in run(
        "alt-text", "glute-bridge", "--catalogue", catalogue_copy).output
    assert run("alt-text", "no-such", "--catalogue", catalogue_copy).exit_code == 2


def test_a_handout_whose_alt_text_is_out_of_date_reads_the_steps(catalogue_copy):
    from backhandout.catalogue import load_catalogue

    path = catalogue_copy / "exercises" / "glute-bridge.yaml"
    path.write_text(path.read_text().replace("  1: lying on your back", "  3: lying on your back"))
    plan = api.plan_for(Request(profile="desk-worker", date=DAY), load_catalogue(catalogue_copy))
    bridge = next(e for e in plan.exercises if e.id == "glute-bridge")
    assert bridge.picture_alt == ("Picture 1 of 2: Lie on your back with both knees bent. "
                                  "Put your feet flat, hip-width apart. Picture 2: Squeeze "
                                  "your buttocks. Lift your hips until your shoulders, hips "
                                  "and knees line up.")
