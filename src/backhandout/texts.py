"""Fixed sentences a patient reads, kept in one place so `backhandout check` can grade them.

Templates use str.format fields; SAMPLE holds typical values for grading them.
"""

from __future__ import annotations

# Screening: what was changed and why (built by the planner).
LEFT_OUT = "We left out {exercise}. This is because {reasons}."
CHOSE_INSTEAD = "We chose {exercises} instead."
DROPPED_FOR_TIME = "We also left out {exercise} to keep your session short."

# Weekly stages (built by the planner).
STAGE_FIRST = "{weeks}: do exercises 1 to {count}. This takes about {minutes} minutes."
STAGE_LATER = (
    "From week {week}: add {exercises} to make your back stronger. "
    "This takes about {minutes} minutes."
)
STAGE_MOVE_ON = "Move on to the next stage only when the moves feel easy and do not hurt."
CARD_FROM_WEEK = "Start this in week {week}, once the other moves feel easy and do not hurt."

# The handout's own sentences (printed by the renderer).
SESSION = "There are {count} exercises. Doing them all takes about {minutes} minutes."
SESSION_WALK = (
    "There are {count} exercises. Doing them all takes about {minutes} minutes, "
    "plus your {walk}-minute walk."
)
EMERGENCY_INTRO = (
    "Do you have back pain and any of these? Go to a hospital now, or call your emergency number."
)
SAFETY_HEADING = "Made for you"
SAFETY_INTRO = "Your clinician told us about your health. We changed this plan to suit you."
ASK_FIRST_HEADING = "Ask first"
NOTES_HEADING = "Notes from your clinician"
START_COLUMN = "Start"
START_WEEK = "Week {week}"

SAMPLE = {
    "exercise": "Knee to chest",
    "exercises": "Lying twist",
    "reasons": "you have osteoporosis",
    "weeks": "Weeks 1 to 2",
    "count": 5,
    "minutes": 9,
    "week": 3,
    "walk": 10,
}


def all_texts() -> dict[str, str]:
    """Every fixed sentence by its name, templates filled with SAMPLE values."""
    return {
        name: value.format(**SAMPLE)
        for name, value in globals().items()
        if name.isupper() and isinstance(value, str)
    }
