"""Names of the tracking sheet's form fields, shared by the drawing and the reading side.

One field per cell of the diary, named after the cell so a filled sheet can be
read back without knowing its layout:

    w1_d3_date               the date written for week 1, day 3
    w1_d3_ex_knee-to-chest   tick: the exercise was done that day
    w1_d3_pain_during        pain during the exercises, 0-10
    w1_d3_pain_morning       pain the next morning, 0-10
    w1_notes                 free notes for the week

Names have no dots: a dot in a PDF field name means a parent/child hierarchy.
The hidden, read-only field ``backhandout_plan`` holds the plan as JSON (see
`plan_meta`), so a reader knows the exercises' names and order and the weeks.
Weeks are numbered as printed: a returning patient's next diary goes on from
the last one (w5_..., w6_...).
No ReportLab and no pypdf in here.
"""

from __future__ import annotations

import json

from typing import Any

from .model import Plan

DAYS = 7
PAIN_MAX = 10
META_FIELD = "backhandout_plan"
META_VERSION = 1
PAIN_KINDS = ("pain_during", "pain_morning")
TICK_ON = "Yes"


def tick_name(week: int, day: int, exercise_id: str) -> str:
    """The tick box for one exercise on one day."""
    return f"w{week}_d{day}_ex_{exercise_id}"


def day_name(week: int, day: int, what: str) -> str:
    """A per-day text field: 'date', 'pain_during' or 'pain_morning'."""
    return f"w{week}_d{day}_{what}"


def notes_name(week: int) -> str:
    """The notes field of one week."""
    return f"w{week}_notes"


def meta_json(plan: Plan) -> str:
    """The hidden plan field's value: plan_meta as compact JSON."""
    return json.dumps(plan_meta(plan), sort_keys=True, separators=(",", ":"))


def plan_meta(plan: Plan) -> dict[str, Any]:
    """What the reader needs to know about the plan behind a sheet (a returning patient's
    next diary, numbered on from the last, also says its first week)."""
    numbered = {"first_week": plan.first_week} if plan.first_week != 1 else {}
    return numbered | {
        "version": META_VERSION,
        "profile": plan.profile_id,
        "profile_name": plan.profile_name,
        "title": plan.title,
        "patient": plan.patient,
        "date": plan.date.isoformat(),
        "weeks": plan.weeks,
        "exercises": [{"id": e.id, "name": e.name, "start_week": e.start_week}
                      for e in plan.exercises],
    }
