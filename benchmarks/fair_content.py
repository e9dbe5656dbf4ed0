"""The fair yardstick's content for today's handout: fair_ref.py's CONTENT.json, regenerated.

    python benchmarks/fair_content.py OUT.json [--date 2026-01-05] [--patient NAME]

fair_ref.py (a plain ReportLab script, copied unchanged from the team's shared
bench) draws whatever CONTENT.json it is given in its own fixed layout: cover,
one boxed card a page with its pictures, warnings pages, a 4-week diary with
form fields. This writes that file from what `backhandout build desk-worker`
prints today: the same texts (the plan's JSON as the handout words them: the
first page's lists, every card, the self-care pages, both levels of urgent
help, the safe-exercise rules, the diary's labels and the hidden plan field's
value) and each card's pictures as path data, laid out at the size the real
card draws them. Panels the card stacks in two rows are put in one row here
(fair_ref draws one row): the same shapes, so the same drawing work.

What fair_ref then still does not do, and backhandout does: tagging (PDF/UA
structure, alt text), the summary strip of urgent help on page 1, contact
blanks, unhinted font subsets and the colour key. So the comparison favours
the yardstick a little; bench.py prints this caveat beside its figures.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import asdict
from pathlib import Path

KINDS = {"line": 0, "polygon": 1, "circle": 2}


def _figure_rows(flowable):
    """The FigureRows inside a card (in tables within tables, a cell a flowable or a list;
    KeepTogether and Tagged wrappers)."""
    from backhandout.render.figures import FigureRow

    if isinstance(flowable, FigureRow):
        yield flowable
    for cells in getattr(flowable, "_cellvalues", ()):
        for cell in cells:
            for part in cell if isinstance(cell, (list, tuple)) else [cell]:
                yield from _figure_rows(part)
    for part in getattr(flowable, "_content", ()) or ():
        yield from _figure_rows(part)
    if getattr(flowable, "_flowable", None) is not None:  # a Tagged wrapper
        yield from _figure_rows(flowable._flowable)


def card_figures(plan, layout) -> dict[str, dict]:
    """Each card's picture as fair_ref's path data, at the size the real card draws it."""
    from backhandout.figures.scene import Palette
    from backhandout.render.handout import fitted_card
    from backhandout.render.styles import make_styles

    styles, frame = make_styles(layout), Palette().frame
    width = layout.page_width - layout.margin_left - layout.margin_right
    figures = {}
    for number, exercise in enumerate(plan.exercises, 1):
        rows = list(_figure_rows(fitted_card(number, exercise, plan, styles, layout, width)))
        if not rows:
            continue
        row = rows[0]
        panels, x = [], 0.0
        for panel in row.panels():
            shapes = []
            for s in (asdict(shape) for shape in panel.shapes):
                xy = [c for point in s["points"] for c in point]
                shapes.append([KINDS[s["kind"]], s["stroke"], s["fill"], s["width"],
                               s["stroke_width"], list(s["dash"]), *xy])
            labels = [[lb.x, lb.y, lb.text, lb.size, lb.anchor, lb.colour, lb.bold]
                      for lb in panel.labels]
            panels.append({"x": x, "w": panel.width, "h": panel.height, "shapes": shapes,
                           "labels": labels})
            x += panel.width
        figures[exercise.id] = {"w": x, "h": max(p["h"] for p in panels), "frame": frame,
                                "panels": panels}
    return figures


def content(day: dt.date, patient: str | None = None) -> dict:
    """fair_ref's CONTENT for `build desk-worker --date DAY [--patient NAME]`."""
    from backhandout.api import plan_for
    from backhandout.catalogue import load_catalogue
    from backhandout.layouts import DEFAULT, load_layout
    from backhandout.model import Request
    from backhandout.planner import plan_to_dict
    from backhandout.render.handout import long_date
    from backhandout.tracking_fields import META_FIELD, meta_json

    plan = plan_for(Request(profile="desk-worker", patient=patient, date=day), load_catalogue())
    layout = load_layout(DEFAULT)
    data = json.loads(json.dumps(plan_to_dict(plan), default=str))  # lists, as `plan --json` prints
    figures = card_figures(plan, layout)
    date = long_date(plan)
    staged = len(data["stages"]) > 1
    exercises = data["exercises"]
    rows = [[str(i), x["name"], x["dose_line"], f"Week {x['start_week']}" if staged else "",
             str(2 + (i - 1) // 2)] for i, x in enumerate(exercises, 1)]
    cards = []
    for i, x in enumerate(exercises, 1):
        start = (f"Start this in week {x['start_week']}, once the other moves feel easy and do "
                 "not hurt.") if x["start_week"] > 1 else None
        needs = " and ".join(x["equipment"])
        cards.append({"id": x["id"], "title": f"{i}. {x['name']}", "purpose": x["purpose"],
                      "start": start, "dose": f"How much: {x['dose_line']}", "steps": x["steps"],
                      "needs": needs, "cautions": x["cautions"], "figure": figures.get(x["id"])})
    how = [s["text"] for s in data["stages"]] + data["how_to_use"]
    emergency, same_day = data["emergency"], data["same_day"]
    return {
        "title": data["title"], "subject": f"Back-care exercises: {data['profile_name']}",
        "header": [f"Back care: {data['profile_name']}", patient or date],
        "footer": data["disclaimer"], "date_line": f"Date: {date}",
        "glance": {"heading": "Your plan at a glance",
                   "head": ["#", "Exercise", "How much", "Start" if staged else "", "Page"],
                   "rows": rows},
        "sections": [["Before you start", data["ask_first"]], ["How to use this handout", how]],
        "tips": [[t["title"], t["lines"]] for t in
                 [{"title": "About your back", "lines": data["explanation"]}, *data["self_care"]]],
        "exercises_title": "Your exercises", "exercises": cards,
        "warnings": {
            "title": "When to stop and get help", "emergency_heading": emergency["action"],
            "emergency_intro": emergency["intro"],
            "emergency": emergency["signs"] + emergency["after"] + emergency["blanks"],
            "sections": [[same_day["action"], [same_day["intro"], *same_day["signs"],
                                               *same_day["blanks"]], True],
                         ["Soon, not urgent: see your doctor if", data["see_doctor"], True],
                         ["How to do your exercises safely", data["general_rules"], False],
                         ["While your back hurts, do not do these", data["avoid_while_painful"],
                          False]],
            "cautions_heading": "Where this advice comes from", "cautions": [["Sources",
                                                                              data["sources"]]]},
        "diary": {"heading": "Your exercise diary",
                  "intro": ("Tick the box on each day you do the exercise. Write your pain as a "
                            "number from 0 (no pain) to 10 (the worst pain)."),
                  "guide": [data["pain_guide"][k] for k in ("green", "amber", "red")],
                  "weeks": data["weeks"],
                  "exercises": [[x["id"], x["name"], x["start_week"]] for x in exercises],
                  "labels": {"date": "Date (day/month)", "pain_during": "Pain during (0-10)",
                             "pain_morning": "Pain next morning (0-10)", "notes": "Notes"},
                  "meta_field": META_FIELD, "meta": meta_json(plan)},
    }


def main(argv: list[str]) -> None:
    args = list(argv)
    if not args or args[0] in ("-h", "--help"):
        sys.exit(__doc__)
    day, patient = dt.date(2026, 1, 5), None
    if "--date" in args:
        at = args.index("--date")
        day = dt.date.fromisoformat(args[at + 1])
        del args[at:at + 2]
    if "--patient" in args:
        at = args.index("--patient")
        patient = args[at + 1]
        del args[at:at + 2]
    Path(args[0]).write_text(json.dumps(content(day, patient), ensure_ascii=False),
                             encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
