"""Fixed texts a patient reads, in English, kept in one place.

`backhandout check` grades them, and each is translated in
catalogue/locale/<lang>.po under the context "ui NAME" (see i18n.py).
Templates use str.format fields; SAMPLE holds typical values for grading them.
A tuple is a text with plural forms: (one, many), chosen by the number {n}.
"""

from __future__ import annotations

from typing import Any

# Screening: what was changed and why (built by the planner).
LEFT_OUT = ("We left out {exercise}. This is because {reasons}.",  # {n}: how many left out
            "We left out {exercise}. This is because {reasons}.")
CHOSE_INSTEAD = "We chose {exercises} instead."
DROPPED_FOR_TIME = "We also left out {exercise} to keep your session short."
SWAPPED = "We chose {exercises} to suit you. This is because {reasons}."
CHOSE_OFF_FLOOR = "We chose more moves you can do in a chair or on your feet. This is because {reasons}."
CHECKED = "We have checked that these exercises are OK for you."
AND_LIST = "{first} and {last}"  # the last two items of a list: "a, b and c"
OR_LIST = "{first} or {last}"  # the last two of a list of phone numbers: "112 or 999"

# Weekly stages (built by the planner).
STAGE_FIRST = "{weeks}: do exercises 1 to {count}. This takes about {minutes} minutes."
STAGE_LATER = (
    "From week {week}: add {exercises} to make your back stronger. "
    "This takes about {minutes} minutes."
)
CARD_FROM_WEEK = "Start this in week {week}, once the other moves feel easy and do not hurt."
WEEK = "Week {week}"
WEEKS_TWO = "Weeks {first} to {last}"  # two weeks in a row: 1 and 2
WEEKS_RANGE = "Weeks {first} to {last}"
EXERCISES_ONE = "exercise {first}"
EXERCISES_TWO = "exercises {first} and {last}"
EXERCISES_RANGE = "exercises {first} to {last}"
EXERCISE_NUMBERS_ONE = "exercise {numbers}"  # in an "ask your doctor before you do ..." line
EXERCISE_NUMBERS = "exercises {numbers}"  # {numbers}: "1, 2 and 5"

# Doses (built by the planner): "Hold 20 seconds – 3 times each side – twice a day".
DOSE_MINUTES = ("{n} minute at an easy pace", "{n} minutes at an easy pace")
DOSE_HOLD = ("Hold {n} second", "Hold {n} seconds")
DOSE_BREATHS = ("Hold for {n} slow breath", "Hold for {n} slow breaths")
DOSE_ROUNDS = ("{n} round", "{n} rounds")
TIMES = ("{n} time", "{n} times")
TIMES_ONCE = "once"  # used instead of TIMES for 1 and 2 ("1 time" is fine if usual)
TIMES_TWICE = "twice"
DOSE_EACH_SIDE = "{times} each side"
DOSE_AWAY_FIRST = "{away_times} towards {away}, then {times} towards {pain}"  # pain on one side
DOSE_PER_DAY = "{times} a day"

# Side words (built by the planner): what {away} and {pain} become.
SIDE_AWAY = "the side away from your pain"  # what {away} becomes without --side
SIDE_PAIN = "the side of your pain"  # what {pain} becomes without --side
SIDE_ONE = "one side"  # what {away} becomes in a handout that is not for pain on one side
SIDE_OTHER = "the other side"  # ... and {pain}
SIDE_YOUR_LEFT = "your left side"  # {away} or {pain} with --side
SIDE_YOUR_RIGHT = "your right side"
FIGURE_AWAY = "away from pain"  # under a figure's feet, without --side
FIGURE_PAIN = "side of pain"
FIGURE_YOUR_LEFT = "your left side"  # under a figure's feet, with --side: keep it short
FIGURE_YOUR_RIGHT = "your right side"
VIEW_TOP = "seen from above"  # under a figure drawn from an unusual view
VIEW_BEHIND = "seen from behind"
FIGURE_STEP = "Step {n}"  # the tag on a picture: the step it shows
FIGURE_STEPS = "Steps {first}–{last}"  # a picture that shows two or more steps in a row
FIGURE_KEY_MOVES = "dark: the part that moves"  # the key to the pictures' colours
FIGURE_KEY_FAR = "grey: the far side"

# The first page (printed by the renderer).
COVER_FOR = "For:"
COVER_DATE = "Date:"
COVER_SIDE = "Pain on:"
HEADING_AT_A_GLANCE = "Your plan at a glance"
HEADING_ABOUT = "About your back"
HEADING_HOW_TO_USE = "How to use this handout"
GLANCE_EXERCISE = "Exercise"
GLANCE_DOSE = "How much"
GLANCE_PAGE = "Page"
GLANCE_FROM_WEEK = "From week {week}"  # under the dose of an exercise that starts later
SESSION = "There are {count} exercises. Doing them all takes about {minutes} minutes."
SESSION_WALK = (
    "There are {count} exercises. Doing them all takes about {minutes} minutes, "
    "plus your {walk}-minute walk."
)
SAFETY_HEADING = "Made for you"
SAFETY_INTRO = "We changed this plan to suit your health."
ASK_FIRST_HEADING = "Before you start"
NOTES_HEADING = "A note for you"
MORE_OFTEN = "Do {exercises} again later in the day. The card says how often."
CLINIC_PHONE = "Phone: {phone}"
CLINIC_FOOTER = "{name} · Phone {phone}"

# Every page.
HEADER = "Back care: {profile}"
PAGE_OF = "Page {page} of {total}"
PDF_SUBJECT = "Back-care exercises: {profile}"  # the PDF file's subject
DATE = "{day} {month} {year}"  # {month} is one of the MONTH_ texts below
MONTH_1 = "January"
MONTH_2 = "February"
MONTH_3 = "March"
MONTH_4 = "April"
MONTH_5 = "May"
MONTH_6 = "June"
MONTH_7 = "July"
MONTH_8 = "August"
MONTH_9 = "September"
MONTH_10 = "October"
MONTH_11 = "November"
MONTH_12 = "December"

# Exercise cards.
HEADING_EXERCISES = "Your exercises"
CARD_DOSE = "How much:"
CARD_NEEDS = "You need:"
CARD_TAKE_CARE = "Take care:"
EQUIPMENT_MAT = "a mat or rug"
EQUIPMENT_CHAIR = "a firm chair without arms"
EQUIPMENT_WALL = "a clear wall"
EQUIPMENT_TOWEL = "a towel or strap"
EQUIPMENT_PILLOW = "a pillow"
EQUIPMENT_STRAP = "a strap or belt"
CARD_EASIER = "Too hard?"  # then the exercise's easier version: "Rest your knees on a pillow."
CARD_HARDER = "Too easy?"  # then its harder version
CARD_WAY = "For now:"  # the easier or harder way the clinician chose: "For now: Make the rolls smaller."
CARD_LINK = "Scan the code, or type this address, to see it done:"  # above the card's web address

# A card's picture as a screen reader reads it (its alt text): what each panel shows.
PICTURE_FIRST = "Picture {n} of {count}: {text}."
PICTURE_NEXT = "Picture {n}: {text}."

# The warnings pages: two levels of urgent help, the action first.
HEADING_WARNINGS = "When to stop and get help"
URGENT_EMERGENCY = "Emergency: go to {place} or call {number} now"
URGENT_EMERGENCY_BLANK = "Emergency: go to {place} or call the emergency number now"
PLACE_AE = "A&E"  # what the region calls the hospital's emergency department
PLACE_ER = "the emergency room (ER)"
PLACE_ED = "the emergency department"
PLACE_ANY = "hospital"  # no region given: "go to hospital"
EMERGENCY_INTRO = "Go now if any one of these is new or getting worse:"
BLANK_EMERGENCY = "Emergency number:"  # a line to write the number in
URGENT_TODAY = "Today: call your doctor or your clinic"
URGENT_TODAY_LINE = "Today: call your doctor or your clinic, or {line}"
SAME_DAY_INTRO = "Do this if you have back pain and any of these:"
BLANK_CLINIC = "Doctor or clinic phone:"
BLANK_URGENT = "Urgent health line:"
URGENT_CLINIC = "{name}: {phone}"
URGENT_PREGNANCY = "Pregnant: stop and call your midwife or doctor now"
PREGNANCY_INTRO = "Do this if any one of these happens:"
URGENT_SOON = "Soon, not urgent: see your doctor if"
SIGNS_ON_PAGE = "Signs to look for: page"  # followed by the page number
HEADING_RULES = "How to do your exercises safely"
HEADING_AVOID = "While your back hurts, do not do these"

# Looking after your back (after the cards).
HEADING_SELF_CARE = "Looking after your back"
HEADING_PREGNANCY = "If you are pregnant"
CONTACT_NAME = "Your physio or doctor:"
CONTACT_PHONE = "Phone:"
CONTACT_REVIEW = "Next check:"  # the review date
SOURCES_LINE = "Where this advice comes from: the NHS, NICE, physios and public health pages. Version {version}."

# The exercise diary (and the tooltips of its form fields).
DIARY_HEADING = "Your exercise diary"
DIARY_INTRO = (
    "Tick the box on each day you do the exercise. "
    "Write your pain as a number from 0 (no pain) to 10 (the worst pain)."
)
DIARY_DAY = "Day {day}"
DIARY_WEEK_DAY = "Week {week}: day"  # above day numbers when "Day 1" does not fit
DIARY_DATE = "Date (day/month)"  # the date boxes take 5 characters: 21/11
DIARY_PAIN_DURING = "Pain during (0-10)"
DIARY_PAIN_MORNING = "Pain next morning (0-10)"
DIARY_NOTES = "Notes"
TOOLTIP_CELL = "Week {week}, day {day}: {label}"  # shown over a diary box on screen
TOOLTIP_DONE = "Week {week}, day {day}: {exercise} done"
TOOLTIP_NOTES = "Week {week}: notes"

# Typical values for grading the templates. A tuple (NAME, values) is itself a
# template here, so each language grades its own words.
SAMPLE: dict[str, Any] = {
    "exercise": "Knee to chest",
    "exercises": "Lying twist",
    "numbers": "1, 2 and 5",
    "away_times": "6 times",
    "away": ("SIDE_AWAY", {}),
    "pain": ("SIDE_PAIN", {}),
    "place": ("PLACE_AE", {}),
    "number": "999",
    "line": "NHS 111",
    "version": "2026.12",
    "reasons": "you have osteoporosis",
    "weeks": ("WEEKS_TWO", {"first": 1, "last": 2}),
    "times": ("TIMES_TWICE", {}),
    "count": 5,
    "minutes": 9,
    "week": 3,
    "walk": 10,
    "n": 3,
    "first": 5,
    "last": 7,
    "day": 21,
    "month": ("MONTH_11", {}),
    "year": 2026,
    "page": 3,
    "total": 13,
    "profile": "Desk worker",
    "label": ("DIARY_PAIN_DURING", {}),
    "name": "Riverside Physiotherapy",
    "phone": "0161 496 0000",
    "text": "lying on your back with your knees bent and your feet flat",
}

Template = str | tuple[str, str]


def templates() -> dict[str, Template]:
    """Every fixed text by its name, as written above (templates unfilled)."""
    return {
        name: value
        for name, value in globals().items()
        if name.isupper() and isinstance(value, (str, tuple))
    }


def all_texts() -> dict[str, str]:
    """Every fixed text in English by its name, templates filled with SAMPLE values."""
    from .i18n import ENGLISH

    return ENGLISH.samples()
