"""Urgent help in two levels (and a third, soon), with the right numbers for the place;
the self-management page; sources and wording on paper and in `check`."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import break_file, one_line_error, pdf_pages, run

from backhandout.api import build_pdf, plan_for
from backhandout.model import Clinic, Request

DAY = dt.date(2026, 11, 21)

# CONTENT.md, "Two levels of urgency": each sign there, as the catalogue words it (one a line).
EMERGENCY = [
    "Pins and needles or numb skin between your inner thighs or in your genitals",  # loss of feeling or pins and needles between the inner thighs or in the genitals
    "Numbness in or around your back passage or your buttocks",  # numbness in or around the back passage or buttocks
    "It feels different when you wipe with toilet paper",  # a changed feeling when wiping
    "New trouble when you start to pass urine, or stop or control it",  # trouble starting, stopping or controlling the flow
    "Not feeling urine pass",  # not feeling urine pass
    "Leaking urine, or a new need to wear pads",  # leaking urine or a new need for pads
    "Not knowing if your bladder is full or empty",  # not knowing whether the bladder is full or empty
    "You cannot stop a bowel movement, or you leak",  # not being able to stop a bowel movement, or leaking
    "Not feeling a bowel movement or wind pass",  # not feeling a bowel movement or wind
    "A change in how you get an erection, or in how you can ejaculate",  # erection or ejaculation
    "Loss of feeling in your genitals during sex",  # loss of feeling in the genitals during sex
    "Legs getting weaker, or a foot that drags or slaps as you walk",  # worsening weakness, foot drop
    "Pain, numbness or weakness in both legs",  # pain, numbness or weakness in both legs
    "Back pain after a bad fall or accident",  # back pain after a major fall or accident
]
SAME_DAY = [
    "A fever, or feeling hot and shivery, or unwell",  # fever, hot and shivery or unwell
    "A weak immune system",  # a weak immune system
    "Injecting drugs",  # injecting drugs
    "Cancer in the past, and this back pain is new",  # a history of cancer and new back pain
    "Weight loss that you cannot explain",  # weight loss you cannot explain
    "Pain all the time that gets worse, even at night when you turn over",  # constant, worse, night
    "You have osteoporosis, and hurt your back in a small fall or strain",  # minor fall, osteoporosis
    "You took steroid tablets for a long time, and hurt your back in a small fall",  # ... steroids
    "New back pain, and you are under 20 or over 50",  # new back pain under 20 or over 50
    "Pain high in your back, between your shoulder blades",  # pain between the shoulder blades
]


def flat(text: str) -> str:
    return " ".join(text.split())


def pages(catalogue, **kwargs) -> list[str]:
    return [flat(p) for p in pdf_pages(build_pdf(Request(profile="desk-worker", date=DAY,
                                                         **kwargs), catalogue))]


def warnings_page(texts: list[str], title: str = "When to stop and get help") -> str:
    return next(p for p in texts if title in p)


def test_the_boxes_hold_exactly_the_signs_content_lists(catalogue):
    assert list(catalogue.warnings.emergency) == EMERGENCY
    assert list(catalogue.warnings.same_day) == SAME_DAY
    assert not set(EMERGENCY) & set(SAME_DAY)
    inflammatory = " ".join(catalogue.warnings.see_doctor)  # "see a GP soon": the third level
    assert "stiff for over 30 minutes each morning" in inflammatory


@pytest.mark.parametrize("lang", ["en", "es"])
def test_each_sign_is_printed_once_in_its_own_box(catalogue, lang):
    plan = plan_for(Request(profile="desk-worker", date=DAY, lang=lang, region="uk"), catalogue)
    text = warnings_page(pages(catalogue, lang=lang, region="uk"),
                         "When to stop" if lang == "en" else "Cuándo parar")
    now, today = text.index(plan.emergency.action), text.index(plan.same_day.action)
    soon = text.index(plan.words.ui("URGENT_SOON"))
    assert now < today < soon
    for sign in plan.emergency.signs:
        assert text.count(flat(sign)) == 1 and now < text.index(flat(sign)) < today, sign
    for sign in plan.same_day.signs:
        assert text.count(flat(sign)) == 1 and today < text.index(flat(sign)) < soon, sign
    assert len(plan.emergency.signs) == len(EMERGENCY) and len(plan.same_day.signs) == len(SAME_DAY)


@pytest.mark.parametrize("region, emergency, today", [
    ("uk", "Emergency: go to A&E or call 999 now",
     "Today: call your doctor or your clinic, or NHS 111"),
    ("us", "Emergency: go to the emergency room (ER) or call 911 now",
     "Today: call your doctor or your clinic"),
    ("ie", "Emergency: go to A&E or call 112 or 999 now", "Today: call your doctor or your clinic"),
    ("au", "Emergency: go to the emergency department or call 000 now",
     "Today: call your doctor or your clinic"),
])
def test_numbers_are_right_for_the_region(catalogue, region, emergency, today):
    texts = pages(catalogue, region=region)
    assert emergency in texts[0] and today in texts[0]  # the first page's strip
    page = warnings_page(texts)
    assert emergency in page and today in page
    assert "Do not drive yourself." in page
    assert "Emergency number:" not in page


def test_no_region_gives_lines_to_write_in_and_never_a_guess(catalogue):
    texts = pages(catalogue)
    whole = " ".join(texts)
    for number in ("999", "911", "112", "000", "NHS 111", "A&E"):
        assert not re.search(rf"(?<![\d-]){re.escape(number)}(?!\d)", whole), number
    page = warnings_page(texts)
    assert "Emergency: go to hospital or call the emergency number now" in page
    for label in ("Emergency number:", "Doctor or clinic phone:", "Urgent health line:"):
        assert label in page


def test_spanish_numbers_for_spain(catalogue):
    page = warnings_page(pages(catalogue, lang="es", region="es"), "Cuándo parar")
    assert "Emergencia: vaya a urgencias o llame al 112 ahora" in page
    assert "No vaya conduciendo usted." in page


def test_the_clinic_file_chooses_the_region_and_may_override_the_numbers(catalogue, tmp_path):
    clinic = Clinic(name="Riverside Physio", phone="0161 496 0000", region="uk",
                    urgent_number="0161 496 0999")
    page = warnings_page(pages(catalogue, clinic=clinic))
    assert "Emergency: go to A&E or call 999 now" in page
    assert "Today: call your doctor or your clinic, or 0161 496 0999" in page
    assert "Riverside Physio: 0161 496 0000" in page
    assert "Doctor or clinic phone:" not in page
    own = Clinic(name="Clínica", phone="912 345 678", emergency_number="112")
    assert "or call 112 now" in warnings_page(pages(catalogue, clinic=own))
    path = tmp_path / "clinic.yaml"
    path.write_text("name: Riverside\nphone: 0161 496 0000\nregion: mars\n")
    result = run("plan", "desk-worker", "--clinic", path)
    assert result.exit_code == 1
    assert result.output.strip() == (f"Error: {path}: region: unknown region 'mars' (choose "
                                     "from: uk, uk-ni, ie, us, ca, es, eu, au, nz)")


def test_region_option_and_regions_command():
    result = run("regions")
    assert result.exit_code == 0
    assert "uk     United Kingdom (England, Scotland, Wales): emergency 999; urgent line NHS 111" \
        in result.output
    bad = run("plan", "desk-worker", "--region", "mars")
    assert bad.exit_code == 2 and "Invalid value for '--region': unknown region 'mars'" in \
        bad.output


def test_pregnancy_has_its_own_stop_box(catalogue):
    page = warnings_page(pages(catalogue, flags=("pregnancy",), region="uk"))
    assert "Pregnant: stop and call your midwife or doctor now" in page
    for sign in catalogue.warnings.pregnancy_stop:
        assert flat(sign) in page


def test_the_self_management_page_and_the_review_date(catalogue):
    texts = pages(catalogue, review=dt.date(2026, 12, 19), clinician="Sam Patel")
    assert "Next check: 19 December 2026" in texts[0]
    assert "Your physio or doctor: Sam Patel" in texts[0]
    care = next(p for p in texts if "Looking after your back" in p)
    for line in ("Most back pain is not caused by serious damage. Hurt does not mean harm.",
                 "Staying at work helps you get better",
                 "Keep moving gently. Cut back your exercises",
                 "Lie on your side with a pillow between your knees.",
                 "Go for an easy walk of 10 to 15 minutes on most days."):
        assert line in " ".join(texts[texts.index(care):]), line
    blank = pages(catalogue)
    assert "Your physio or doctor:" in blank[0] and "Next check:" in blank[0]


def test_review_in_and_its_rules():
    result = run("plan", "desk-worker", "--date", "2026-11-21", "--review-in", "2w")
    assert "Review: 2026-12-05" in result.output
    for args, message in ((("--review-in", "3x"), "--review-in': must be a number of weeks"),
                          (("--review", "2026-11-01"), "must be on or after the handout's date"),
                          (("--review", "2026-12-01", "--review-in", "2w"),
                           "give --review or --review-in, not both")):
        result = run("plan", "desk-worker", "--date", "2026-11-21", *args)
        assert result.exit_code == 2 and message in result.output, result.output


def test_the_last_page_says_where_the_advice_comes_from(catalogue):
    texts = pages(catalogue)
    assert "Where this advice comes from: the NHS, NICE, physios and public health pages. " \
           f"Version {catalogue.version}." in texts[-1]
    assert set(catalogue.sources) >= {"A", "B", "C", "D", "E", "G", "H", "N", "P", "S"}
    for exercise in catalogue.exercises.values():
        assert exercise.sources and set(exercise.sources) <= set(catalogue.sources)


def test_an_unknown_source_tag_is_one_line(catalogue_copy):
    break_file(catalogue_copy, "exercises/glute-bridge.yaml", "sources: [A, B, D]",
               "sources: [A, Z]")
    assert re.search(r"glute-bridge\.yaml:\d+: sources\[1\]: unknown source 'Z' \(SOURCES\.md "
                     r"lists: A, B, C, D, E, G, H, N, P, S\)$", one_line_error(catalogue_copy))


def test_check_names_a_word_that_is_not_the_preferred_one(catalogue_copy):
    break_file(catalogue_copy, "exercises/glute-bridge.yaml", "  - Rest, then repeat.",
               "  - Rest, then ask your physiotherapist.")
    break_file(catalogue_copy, "exercises/pelvic-tilt.yaml", "  - Relax your back, then repeat.",
               "  - Relax for a moment, then repeat.")
    result = run("check", "--catalogue", catalogue_copy)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert any(re.search(r"glute-bridge\.yaml:\d+: steps\[5\]: uses 'physiotherapist': write "
                         r"'physio'$", e) for e in errors), errors
    assert any(re.search(r"pelvic-tilt\.yaml:\d+: steps\[5\]: says 'a moment', but the dose is "
                         r"exact", e) for e in errors), errors


def test_check_passes_and_reports_the_wording():
    result = run("check", "--lang", "es")
    assert result.exit_code == 0, result.output
    assert "Wording (English): 0 problems" in result.output
    assert "Wording (Spanish): 0 problems" in result.output


def test_summary_only_is_the_first_page_with_the_whole_handouts_page_numbers(tmp_path,
                                                                            catalogue):
    full, summary = tmp_path / "full.pdf", tmp_path / "summary.pdf"
    options = ("desk-worker", "--date", "2026-11-21", "--region", "uk")
    assert run("build", *options, "-o", full).exit_code == 0
    result = run("build", *options, "--summary-only", "-o", summary)
    assert result.exit_code == 0 and result.output.strip() == str(summary)
    [page] = [flat(p) for p in pdf_pages(summary.read_bytes())]
    whole = [flat(p) for p in pdf_pages(full.read_bytes())]
    assert "Emergency: go to A&E or call 999 now" in page and "Page 1 of" not in page
    plan = plan_for(Request(profile="desk-worker", date=DAY, region="uk"), catalogue)
    for i, exercise in enumerate(plan.exercises, 1):
        pattern = (rf"{i} {re.escape(exercise.name)} {re.escape(exercise.dose_line)}"
                   r"(?: From week \d+)? (\d+)")
        card = int(re.search(pattern, page).group(1))
        assert card == int(re.search(pattern, whole[0]).group(1))
        assert f"{i}. {exercise.name}" in whole[card - 1]  # the page of its card
    warnings = 1 + next(i for i, p in enumerate(whole) if "When to stop and get help" in p)
    assert re.search(rf"Signs to look for: page .*\b{warnings}\b", page)
