"""Fixed sentences a patient reads, kept in one place so `backhandout check` can grade them.

Templates use str.format fields; SAMPLE holds typical values for grading them.
"""

from __future__ import annotations

# Screening: what was changed and why (built by the planner).
LEFT_OUT = "We left out {exercise} because {reasons}."
CHOSE_INSTEAD = "We chose {exercises} instead."
DROPPED_FOR_TIME = "We also left out {exercise} to keep your session short."

# The cover (printed by the renderer).
SAFETY_HEADING = "Made for you"
SAFETY_INTRO = "Your clinician told us about your health. We changed this plan to suit you."
ASK_FIRST_HEADING = "Ask first"
NOTES_HEADING = "Notes from your clinician"

SAMPLE = {
    "exercise": "Knee to chest",
    "exercises": "Lying twist",
    "reasons": "you have osteoporosis",
}


def all_texts() -> dict[str, str]:
    """Every fixed sentence by its name, templates filled with SAMPLE values."""
    return {
        name: value.format(**SAMPLE)
        for name, value in globals().items()
        if name.isupper() and isinstance(value, str)
    }
