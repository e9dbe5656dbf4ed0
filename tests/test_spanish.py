"""Spanish handouts: every word on the page in Spanish; missing translations are named."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import polib
import pytest
from conftest import PROFILES, break_file, pdf_pages, run
from pypdf import PdfReader

from backhandout import texts
from backhandout.catalogue_texts import catalogue_texts
from backhandout.figures.scene import estimate_width, layout_figure
from backhandout.i18n import load_language
from backhandout.model import Dose
from backhandout.planner import dose_line
from backhandout.translations import source_texts

DATE = "2026-11-21"
PATIENT = "Begoña Agüero Núñez"
NOTE = "¡Ánimo! Llámenos si el dolor empeora."
CLINIC = """\
name: Fisioterapia Río Claro
phone: 912 345 678
address: Calle Mayor 12, Madrid
clinician: Lucía Fernández
"""
# Words a page in Spanish never has (with the spaces, so Spanish words do not match).
ENGLISH_WORDS = (" the ", " your ", " and ", " with ", "Page ", "Week ", "Day ", "How much",
                 "Take care", " you ", " of ")
OPTIONS = {  # flags that change each profile's plan, and enough weeks for two stages
    "desk-worker": ("--age", "70", "--flag", "pregnancy"),
    "one-sided-pain": ("--side", "left", "--flag", "sciatica"),
    "post-workout-soreness": ("--flag", "osteoporosis", "--flag", "disc-problem"),
}


def flat(text: str) -> str:
    return " ".join(text.split())


def build(tmp_path: Path, profile: str, *options: str, catalogue: Path | None = None) -> bytes:
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text(CLINIC, encoding="utf-8")
    out = tmp_path / f"{profile}.pdf"
    extra = ("--catalogue", catalogue) if catalogue else ()
    result = run("build", profile, "--lang", "es", "--date", DATE, "--patient", PATIENT,
                 "--weeks", "6", "--clinic", clinic, "--notes", NOTE, *options, *extra,
                 "-o", out)
    assert result.exit_code == 0, result.output
    return out.read_bytes()


@pytest.fixture(scope="module", params=PROFILES)
def spanish(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp(request.param)
    data = build(tmp, request.param, *OPTIONS[request.param])
    return request.param, data, [flat(page) for page in pdf_pages(data)]


def english_phrases(catalogue) -> set[str]:
    """Every English text of 2 or more words (the fixed parts of templates too), and the names."""
    names = {e.name for e in catalogue.exercises.values()} | {p.name for p in
                                                              catalogue.profiles.values()}
    found = {flat(text) for _, text in catalogue_texts(catalogue).values()}
    for template in texts.templates().values():
        for form in (template,) if isinstance(template, str) else template:
            found |= {part.strip(" :.,–") for part in re.split(r"\{[^}]*\}", form)}
    return {p for p in found if len(p.split()) >= 2} | names


def test_no_english_is_left_on_any_page(spanish, catalogue):
    profile, _, pages = spanish
    phrases = english_phrases(catalogue)
    assert len(phrases) > 300
    for number, page in enumerate(pages, 1):
        left = [p for p in phrases if p in page] + [w for w in ENGLISH_WORDS if w in f" {page} "]
        assert not left, f"{profile} page {number}: {left}"


def test_spanish_title_date_footer_and_red_flags(spanish, catalogue):
    profile, _, pages = spanish
    language = load_language(catalogue.root, "es")
    title = language.text(f"profiles/{profile}.yaml title", catalogue.profiles[profile].title)
    assert title in pages[0]
    assert "Fecha: 21 de noviembre de 2026" in pages[0]
    for number, page in enumerate(pages, 1):
        assert f"Página {number} de {len(pages)}" in page
        assert "Esto es solo una guía. No sustituye a su médico ni a su fisioterapeuta." in page
        assert "Fisioterapia Río Claro · Teléfono 912 345 678" in page
    warnings = next(p for p in pages if "Cuándo parar y pedir ayuda" in p)
    assert ("Emergencia: vaya a urgencias del hospital o llame ahora al número de emergencias"
            in warnings)
    assert "Hoy: llame a su médico o a su centro de salud" in warnings
    assert "No puede aguantar las heces, o se le escapan" in warnings
    assert "Número de emergencias:" in warnings  # no region: a line to write it in
    assert "Semana 6" in pages[-1] and "Dolor al día siguiente (0-10)" in pages[-1]


def test_accents_extract_and_fonts_are_embedded(spanish):
    _, data, pages = spanish
    whole = " ".join(pages)
    for words in (PATIENT, NOTE, "Señales a vigilar", "Túmbese", "Página"):
        assert words.lower() in whole.lower(), words
    assert set("áéíóúñü¿¡") <= set(whole)
    reader = PdfReader(io.BytesIO(data))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            fonts[font["/BaseFont"]] = descriptor and "/FontFile2" in descriptor.get_object()
    assert fonts and all(fonts.values()), fonts
    assert reader.trailer["/Root"]["/Lang"] == "es"
    assert reader.metadata.subject.startswith("Ejercicios para la espalda: ")


def test_spanish_builds_are_byte_identical(tmp_path):
    first = build(tmp_path, "one-sided-pain", "--side", "right")
    assert build(tmp_path, "one-sided-pain", "--side", "right") == first


@pytest.mark.parametrize("layout", ["large-print", "booklet", "letter"])
def test_other_layouts_work_in_spanish(tmp_path, layout):
    pages = pdf_pages(build(tmp_path, "desk-worker", "--layout", layout))
    assert "Sus ejercicios" in " ".join(pages)


def test_doses_and_sides_have_spanish_grammar(catalogue):
    es = load_language(catalogue.root, "es")
    assert dose_line(Dose(hold_seconds=20, reps=3, times_per_day=2), True, es) == \
        "Mantenga 20 segundos – 3 veces de cada lado – 2 veces al día"
    assert dose_line(Dose(hold_seconds=1, reps=1), True, es) == \
        "Mantenga 1 segundo – 1 vez de cada lado"
    assert dose_line(Dose(breaths=1, reps=5), False, es) == \
        "Mantenga el tiempo de 1 respiración lenta – 5 veces"
    assert dose_line(Dose(breaths=10, reps=8, sets=3), False, es) == \
        "Mantenga el tiempo de 10 respiraciones lentas – 8 veces – 3 series"
    assert dose_line(Dose(minutes=1, times_per_day=1), False, es) == \
        "1 minuto a paso tranquilo – 1 vez al día"
    result = run("plan", "one-sided-pain", "--lang", "es", "--side", "left", "--json")
    plan = json.loads(result.output)
    assert plan["lang"] == "es" and "words" not in plan
    steps = " ".join(s for e in plan["exercises"] for s in e["steps"])
    assert "Inclínese despacio hacia su lado derecho." in steps
    assert "Suba el brazo que está en su lado derecho" in steps
    unsided = json.loads(run("plan", "one-sided-pain", "--lang", "es", "--json").output)
    bend = unsided["exercises"][0]
    assert "Inclínese despacio hacia el lado contrario al dolor." in bend["steps"]
    assert bend["figure_labels"] == ["lado sin dolor", "lado con dolor"]


def test_screening_changes_and_stages_in_spanish():
    result = run("plan", "post-workout-soreness", "--lang", "es", "--flag", "osteoporosis",
                 "--weeks", "6")
    assert "Quitamos los ejercicios Gato y vaca, Glúteos a los talones, Postura del niño a los " \
           "lados y Rodilla al pecho. Es porque usted tiene osteoporosis." in result.output
    assert "Elegimos más ejercicios que puede hacer en una silla o de pie." in result.output
    stages = json.loads(run("plan", "desk-worker", "--lang", "es", "--json").output)["stages"]
    assert stages[0]["text"].startswith("Semanas 1 y 2: haga los ejercicios 1 a ")


def test_batch_and_default_names_in_spanish(tmp_path):
    result = run("batch", "--lang", "es", "--out-dir", tmp_path, "--date", DATE)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == [
        f"{p}-booklet-es.pdf" for p in PROFILES]
    booklet = (tmp_path / "desk-worker-booklet-es.pdf").read_bytes()
    assert "Su espalda si se sienta mucho" in pdf_pages(booklet)[0]  # the first sheet: page 1


def test_an_unknown_language_is_a_usage_error_listing_the_known_ones():
    for args in (("build", "desk-worker"), ("plan", "desk-worker"), ("batch",), ("check",)):
        result = run(*args, "--lang", "xx")
        assert result.exit_code == 2, args
        assert "'xx' is not a language of this catalogue. Choose from: en, es." in result.output


def test_check_passes_for_the_shipped_spanish(catalogue):
    result = run("check", "--lang", "es")
    assert result.exit_code == 0, result.output
    total = len(source_texts(catalogue))
    assert total > 480
    assert f": 0 missing ({total} texts translated)." in result.output
    assert "Plans: 3 profiles checked in es." in result.output
    assert "Fonts: 4 fonts checked" in result.output
    match = re.search(r"Lowest ease (\d+\.\d)", result.output)
    assert match and float(match.group(1)) >= 55


def _errors(result) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith("Error:")]


def _po(root: Path) -> polib.POFile:
    return polib.pofile(str(root / "locale/es.po"))


def test_check_names_a_missing_translation(catalogue_copy):
    po = _po(catalogue_copy)
    po.find("exercises/glute-bridge.yaml steps[2]", by="msgctxt").msgstr = ""
    po.find("ui HEADING_EXERCISES", by="msgctxt").msgstr = ""
    po.save()
    result = run("check", "--lang", "es", "--catalogue", catalogue_copy)
    assert result.exit_code == 1
    file = re.escape(str(catalogue_copy / "locale/es.po"))
    assert [re.sub(file, "FILE", e) for e in _errors(result)] == [
        "Error: FILE: ui HEADING_EXERCISES: no Spanish translation for 'Your exercises'",
        "Error: FILE: exercises/glute-bridge.yaml steps[2]: no Spanish translation for "
        "'Squeeze your buttocks.'",
    ]
    build_result = run("build", "desk-worker", "--lang", "es", "--catalogue", catalogue_copy,
                       "-o", catalogue_copy / "x.pdf")
    assert build_result.exit_code == 1 and "no Spanish translation for" in build_result.output
    assert len(build_result.output.strip().splitlines()) == 1


def test_a_changed_english_text_counts_as_missing_until_translated_again(catalogue_copy,
                                                                         catalogue):
    break_file(catalogue_copy, "exercises/glute-bridge.yaml", "Squeeze your buttocks.",
               "Squeeze your buttocks tight.")
    result = run("check", "--lang", "es", "--catalogue", catalogue_copy)
    assert result.exit_code == 1
    assert _errors(result)[0].endswith(
        "exercises/glute-bridge.yaml steps[2]: no Spanish translation for 'Squeeze your buttocks tight.' "
        "(the English changed after it was translated)")
    update = run("translations", "update", "--catalogue", catalogue_copy)
    total = len(source_texts(catalogue))
    assert update.output.endswith(f": {total - 1} translated, 1 to check (fuzzy), "
                                  "0 untranslated, 0 no longer used.\n"), update.output
    entry = _po(catalogue_copy).find("exercises/glute-bridge.yaml steps[2]", by="msgctxt")
    assert entry.fuzzy and entry.previous_msgid == "Squeeze your buttocks."
    assert entry.msgstr == "Apriete los glúteos."
    assert "marked fuzzy" in _errors(run("check", "--lang", "es", "--catalogue",
                                         catalogue_copy))[0]
    po = _po(catalogue_copy)
    entry = po.find("exercises/glute-bridge.yaml steps[2]", by="msgctxt")
    entry.flags.remove("fuzzy")
    entry.previous_msgid = None
    po.save()
    assert run("check", "--lang", "es", "--catalogue", catalogue_copy).exit_code == 0


def test_update_keeps_translations_and_a_new_language_starts_empty(catalogue_copy, catalogue):
    total = len(source_texts(catalogue))
    before = (catalogue_copy / "locale/es.po").read_text(encoding="utf-8")
    result = run("translations", "update", "--lang", "es", "--catalogue", catalogue_copy)
    assert result.exit_code == 0
    assert (catalogue_copy / "locale/es.po").read_text(encoding="utf-8") == before
    result = run("translations", "update", "--lang", "fr", "--catalogue", catalogue_copy)
    assert result.output.endswith(f": 0 translated, 0 to check (fuzzy), {total} untranslated, "
                                  "0 no longer used.\n")
    french = polib.pofile(str(catalogue_copy / "locale/fr.po"))
    assert french.metadata["Language"] == "fr"
    assert french.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert french.find("ui DOSE_HOLD", by="msgctxt").msgid_plural == "Hold {n} seconds"
    check = run("check", "--lang", "fr", "--catalogue", catalogue_copy)
    assert check.exit_code == 1 and len(_errors(check)) == total
    assert "no French translation for" in _errors(check)[0]
    assert run("translations", "update", "--lang", "en").exit_code == 1


def test_a_translation_must_keep_the_fields(catalogue_copy):
    po = _po(catalogue_copy)
    po.find("ui PAGE_OF", by="msgctxt").msgstr = "Página {page} de {pages}"
    po.save()
    errors = _errors(run("check", "--lang", "es", "--catalogue", catalogue_copy))
    assert errors == [f"Error: {catalogue_copy / 'locale/es.po'}: ui PAGE_OF: no Spanish "
                      "translation for 'Page {page} of {total}' (the translation uses {pages}, "
                      "which the English has not)"]


def test_check_names_a_character_the_fonts_lack(catalogue_copy):
    po = _po(catalogue_copy)
    po.find("ui HEADING_EXERCISES", by="msgctxt").msgstr = "Sus ejercicios ✓"
    po.save()
    errors = _errors(run("check", "--lang", "es", "--catalogue", catalogue_copy))
    assert errors and all("the font has no '✓'" in e for e in errors)


@pytest.mark.parametrize("words", [("su derecha", "su izquierda"),
                                   ("lado sin dolor", "lado con dolor"),
                                   ("away from pain", "side of pain")])
@pytest.mark.parametrize("size", [12.0, 16.0])
def test_side_words_under_the_feet_never_overlap(catalogue, words, size):
    figure = catalogue.exercises["standing-side-bend"].figure
    for panel in layout_figure(figure, 470, 170, side_labels=words, label_size=size):
        spans = [(label.y, label.x - estimate_width(label.text, size), label.x)
                 if label.anchor == "end" else (label.y, label.x, label.x +
                                                estimate_width(label.text, size))
                 for label in panel.labels if not label.text.isdigit()]
        for i, (y, a, b) in enumerate(spans):
            assert all(y != y2 or b <= a2 or b2 <= a for y2, a2, b2 in spans[i + 1:]), spans
