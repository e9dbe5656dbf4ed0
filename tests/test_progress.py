"""progress at review, on diaries the tests fill in (with pypdf, as a viewer would): good
adherence and settling pain, rising pain, pain above 5, no data; then the next diary,
numbered on from the last, read back by tracking read like the first."""

from __future__ import annotations

import io
import json

import pytest
import yaml
from conftest import pdf_pages, run
from pypdf import PdfReader
from test_tracking import fill

from backhandout.tracking_fields import META_FIELD, day_name, tick_name

DAY, REVIEW_DAY = "2026-11-21", "2026-12-19"
CHOSEN = ("--only", "tail-wags,supine-twist,pelvic-tilt,glute-bridge,knee-to-chest",
          "--dose", "knee-to-chest=hold:30s,reps:3,per-day:3",
          "--dose", "pelvic-tilt=reps:20,hold:10s", "--dose", "glute-bridge=reps:12")


def meta(data: bytes) -> dict:
    return json.loads(PdfReader(io.BytesIO(data)).get_fields()[META_FIELD]["/V"])


def diary(data: bytes, during: list[int] | None, morning: list[int] | None,
          days_done: int = 6) -> bytes:
    """Tick every exercise on the first days_done days of each week since it started, and
    give each week's pain scores (during[k], morning[k] for the k-th week) on every day."""
    plan = meta(data)
    first = plan.get("first_week", 1)
    values = {}
    for k, week in enumerate(range(first, first + plan["weeks"])):
        for day in range(1, 8):
            values |= {tick_name(week, day, e["id"]): "/Yes" for e in plan["exercises"]
                       if e["start_week"] <= week and day <= days_done}
            if during:
                values[day_name(week, day, "pain_during")] = str(during[k])
            if morning:
                values[day_name(week, day, "pain_morning")] = str(morning[k])
    return fill(data, values)


def make(tmp_path, *chosen: str):
    path = tmp_path / "ana.yaml"
    made = run("build", "desk-worker", *chosen, "--date", DAY, "--review-in", "4w", "--patient",
               "Ana", "-o", tmp_path / "ana.pdf", "--save", path)
    assert made.exit_code == 0, made.output
    return path


@pytest.fixture
def programme(tmp_path):
    return make(tmp_path, *CHOSEN)


def progress(programme, tmp_path, data: bytes | None, *extra: str):
    args = ["progress", programme, "--date", REVIEW_DAY, *extra]
    if data is not None:
        (tmp_path / "filled.pdf").write_bytes(data)
        args += ["--filled", tmp_path / "filled.pdf"]
    result = run(*args)
    assert result.exit_code == 0, result.output
    lines = dict(line.split(": ", 1) for line in result.stdout.splitlines()
                 if line[:1].isdigit() and ". " in line)
    nexts = yaml.safe_load((tmp_path / "ana-next.yaml").read_text())
    return result, {k.split(". ", 1)[1]: v for k, v in lines.items()}, nexts


def exercises(nexts: dict) -> dict[str, dict]:
    return {e["id"]: e for e in nexts["exercises"]}


def test_done_most_days_and_settling_pain_goes_up(programme, tmp_path):
    data = diary((tmp_path / "ana.pdf").read_bytes(), [5, 4, 3, 2], [3, 2, 1, 0])
    result, said, nexts = progress(programme, tmp_path, data)
    why = "Why: done on 24 of 28 days, and pain settled by the next morning (at most 0 in week 4)."
    assert said["tail-wags"] == f"dose up, reps 10 -> 13. {why}"
    assert said["supine-twist"].startswith("dose up, reps 2 -> 3.")
    assert said["glute-bridge"] == ("dose up, reps 12 -> 15. Why: done on 12 of 14 days, and "
                                    "pain settled by the next morning (at most 0 in week 4).")
    # at the top of their ranges: the harder version, another exercise or a dose
    assert said["knee-to-chest"].startswith("the harder version, double-knee-to-chest instead.")
    assert said["pelvic-tilt"].startswith("the harder version, per-day 3.")
    new = exercises(nexts)
    assert new["tail-wags"]["dose"] == {"reps": 13}
    assert "knee-to-chest" not in new and new["double-knee-to-chest"]["dose"] == \
        {"reps": 2, "hold": "20s"}
    assert new["pelvic-tilt"]["dose"] == {"reps": 20, "hold": "10s", "per-day": 3}
    assert result.stdout.splitlines()[-1].startswith(
        f"Wrote {tmp_path / 'ana-next.yaml'}: diary weeks 5 to 8.")


def test_the_next_programme_goes_on_from_the_last(programme, tmp_path):
    data = diary((tmp_path / "ana.pdf").read_bytes(), [5, 4, 3, 2], [3, 2, 1, 0])
    _, _, nexts = progress(programme, tmp_path, data)
    assert (nexts["first_week"], nexts["weeks"], nexts["gentle_weeks"]) == (5, 4, 0)
    assert str(nexts["date"]) == REVIEW_DAY and str(nexts["review"]) == "2027-01-16"
    assert nexts["patient"] == "Ana"


def test_rising_pain_takes_the_easier_version(programme, tmp_path):
    data = diary((tmp_path / "ana.pdf").read_bytes(), [2, 3, 4, 5], [1, 2, 3, 4])
    _, said, nexts = progress(programme, tmp_path, data)
    why = "Why: pain during rose by 3.0 (week 1 average 2.0, week 4 average 5.0)"
    assert said["tail-wags"] == f"the easier version, knee-rolls instead. {why}."
    assert said["supine-twist"] == f'the easier way ("Rest your knees on a pillow."). {why}.'
    # no easier version: the dose goes down a step, within the range
    assert said["glute-bridge"] == f"dose down, reps 12 -> 8. {why}; the catalogue has no " \
                                   "easier version."
    new = exercises(nexts)
    assert "knee-rolls" in new and "tail-wags" not in new
    assert new["supine-twist"]["way"] == "easier"


def test_both_knees_eases_to_one_knee(tmp_path):
    path = make(tmp_path, "--only", "double-knee-to-chest,cat-cow")
    data = diary((tmp_path / "ana.pdf").read_bytes(), [2, 3, 4, 5], [1, 2, 3, 4])
    _, said, nexts = progress(path, tmp_path, data)
    assert said["double-knee-to-chest"].startswith("the easier version, knee-to-chest instead.")
    assert [e["id"] for e in nexts["exercises"]] == ["knee-to-chest", "cat-cow"]


def test_a_version_already_in_the_programme_falls_back_to_the_dose(tmp_path):
    path = make(tmp_path, "--only", "tail-wags,knee-rolls", "--dose", "knee-rolls=reps:15")
    data = diary((tmp_path / "ana.pdf").read_bytes(), [2, 3, 4, 5], [1, 2, 3, 4])
    _, said, _ = progress(path, tmp_path, data)
    assert said["tail-wags"].startswith("no change. Why: pain during rose by 3.0")
    assert said["tail-wags"].endswith("its easier version, knee-rolls, is in the programme "
                                      "already, and the dose is at the low end of its range: "
                                      "talk it over with the patient.")
    assert said["knee-rolls"].startswith('the easier way ("Make the rolls smaller.")')


def test_the_easier_way_is_printed_on_the_card(programme, tmp_path):
    data = diary((tmp_path / "ana.pdf").read_bytes(), [2, 3, 4, 5], [1, 2, 3, 4])
    progress(programme, tmp_path, data)
    out = tmp_path / "next.pdf"
    assert run("build", "--programme", tmp_path / "ana-next.yaml", "-o", out).exit_code == 0
    text = "\n".join(pdf_pages(out.read_bytes()))
    assert "For now: Rest your knees on a pillow." in text
    assert "Too hard? Rest your knees on a pillow." not in text


def test_pain_above_5_in_the_last_week_eases_off(programme, tmp_path):
    data = diary((tmp_path / "ana.pdf").read_bytes(), [6, 6, 6, 6], [6, 6, 6, 6])
    _, said, _ = progress(programme, tmp_path, data)
    assert said["supine-twist"].endswith("Why: pain was above 5 on 7 days of week 4.")


def test_pain_that_does_not_settle_by_morning_changes_nothing(programme, tmp_path):
    data = diary((tmp_path / "ana.pdf").read_bytes(), [4, 4, 4, 4], [4, 4, 4, 4])
    _, said, _ = progress(programme, tmp_path, data)
    assert set(said.values()) == {"no change. Why: pain the next morning was up to 4 in week 4 "
                                  "(it has not settled to 0 to 3)."}


def test_done_on_few_days_changes_nothing(programme, tmp_path):
    data = diary((tmp_path / "ana.pdf").read_bytes(), [3, 2, 2, 1], [1, 1, 0, 0], days_done=2)
    _, said, _ = progress(programme, tmp_path, data)
    assert said["tail-wags"] == "no change. Why: done on 8 of 28 days (not most days)."


def test_a_blank_diary_changes_nothing_and_says_so(programme, tmp_path):
    result, said, nexts = progress(programme, tmp_path, (tmp_path / "ana.pdf").read_bytes())
    assert set(said.values()) == {"no change. Why: nothing is filled in on the diary."}
    before = yaml.safe_load(programme.read_text())
    assert [e["dose"] for e in nexts["exercises"]] == [e["dose"] for e in before["exercises"]]
    assert nexts["gentle_weeks"] == 2  # not known to be done


def test_no_diary_changes_nothing_and_says_so(programme, tmp_path):
    result, said, _ = progress(programme, tmp_path, None)
    assert result.stdout.startswith("Diary: none given (--filled DIARY.pdf): nothing to go on")
    assert set(said.values()) == {"no change. Why: no diary was given."}


def test_scores_without_ticks_or_no_scores(programme, tmp_path):
    data = diary((tmp_path / "ana.pdf").read_bytes(), None, None)
    _, said, _ = progress(programme, tmp_path, data)
    assert set(said.values()) == {"no change. Why: the diary has no pain scores."}


def test_a_diary_of_another_programme_is_refused(programme, tmp_path):
    other = run("build", "one-sided-pain", "-o", tmp_path / "other.pdf")
    assert other.exit_code == 0
    data = diary((tmp_path / "other.pdf").read_bytes(), [3, 2, 1, 0], [1, 0, 0, 0])
    (tmp_path / "other-filled.pdf").write_bytes(data)
    result = run("progress", programme, "--filled", tmp_path / "other-filled.pdf")
    assert result.exit_code == 1
    assert result.output.strip().endswith("the diary is not of this programme: it has profile "
                                          "one-sided-pain")


def test_the_next_diary_is_numbered_on_and_read_back(programme, tmp_path):
    data = diary((tmp_path / "ana.pdf").read_bytes(), [5, 4, 3, 2], [3, 2, 1, 0])
    progress(programme, tmp_path, data)
    nexts = tmp_path / "ana-next.yaml"
    out = tmp_path / "diary.pdf"
    built = run("build", "--programme", nexts, "--diary-only", "-o", out)
    assert built.exit_code == 0, built.output
    pages = pdf_pages(out.read_bytes())
    assert len(pages) == 2 and "Week 5" in pages[0] and "Week 8" in pages[1]
    assert "Next check:" in pages[0] and "Your exercises" not in "\n".join(pages)
    plan = meta(out.read_bytes())
    assert plan["first_week"] == 5 and plan["weeks"] == 4
    assert all(e["start_week"] == 5 for e in plan["exercises"])  # the gentle weeks are done
    (tmp_path / "next-filled.pdf").write_bytes(diary(out.read_bytes(), [2, 2, 1, 1], [1, 1, 0, 0]))
    read = run("tracking", "read", tmp_path / "next-filled.pdf")
    assert read.exit_code == 0, read.output
    assert "Ana, handout of 19 December 2026: 4 weeks on the sheet (weeks 5 to 8), 4 filled in." \
        in read.stdout
    assert "Wk 5" in read.stdout and "Wk 8" in read.stdout and "Wk 1 " not in read.stdout
    assert "Pain during: week 5 average 2.0, week 8 average 1.0" in read.stdout
    data = json.loads(run("tracking", "read", tmp_path / "next-filled.pdf", "--json").stdout)
    assert data["first_week"] == 5 and [d["week"] for d in data["days"]][::7] == [5, 6, 7, 8]
    again = run("progress", nexts, "--filled", tmp_path / "next-filled.pdf", "-o",
                tmp_path / "third.yaml")
    assert again.exit_code == 0, again.output
    assert "diary weeks 9 to 12" in again.stdout


def test_the_default_output_name_of_a_diary_alone(programme, tmp_path):
    result = run("build", "--programme", programme, "--diary-only", cwd=tmp_path)
    assert result.stdout.strip() == "out/desk-worker-ana-diary-weeks-1-4.pdf"
    assert (tmp_path / result.stdout.strip()).is_file()


@pytest.mark.parametrize("first, weeks, said", [
    (0, 4, "backhandout_plan.first_week: 0 is not from 1 to 52"),
    ("5", 4, "backhandout_plan.first_week: expected a whole number, got text"),
    (50, 4, "backhandout_plan.weeks: 4 is not from 1 to 3"),
])
def test_a_crafted_first_week_is_one_clear_line(programme, tmp_path, first, weeks, said):
    data = (tmp_path / "ana.pdf").read_bytes()
    plan = meta(data) | {"first_week": first, "weeks": weeks}
    (tmp_path / "crafted.pdf").write_bytes(fill(data, {META_FIELD: json.dumps(plan)}))
    result = run("tracking", "read", tmp_path / "crafted.pdf")
    assert result.exit_code == 0  # read from the field names instead, with a warning
    assert f"the plan data is damaged ({said})" in result.stderr
