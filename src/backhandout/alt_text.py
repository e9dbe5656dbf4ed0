"""Alternative text for the exercise pictures: what a screen reader says for a card's
picture ("Picture 1 of 2: lying on your back, knees bent, feet flat. Picture 2: ...").

Each exercise file keeps its picture's text in an `alt:` mapping, just above
`figure:`: a step each panel shows -> what that panel shows. `draft` writes a
first version from the pose data and the steps (`backhandout alt-text --write`);
a person then reads the pictures and makes it plain and exact. The texts are
patient texts: graded by `check` and translated like the steps (context
"exercises/<id>.yaml alt.<step>"). `problem` says when a figure's panels and
its alt text no longer match (`check` fails on it); the handout then reads the
steps the panels show instead, so no picture is ever without a description.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from .figures.model import Panel
from .i18n import Language
from .model import Exercise


def shows(panel: Panel, step: int) -> bool:
    """True if the panel's picture shows this step (a panel may be drawn for a range of steps)."""
    first, last = panel.steps
    return first <= step <= last


def steps_shown(exercise: Exercise, panel: Panel) -> list[str]:
    """The texts of the steps a panel shows."""
    first, last = panel.steps
    return list(exercise.steps[first - 1:last])


def problem(exercise: Exercise) -> str | None:
    """Why the exercise's alt text does not describe its picture, or None when it does: one
    text per panel, keyed by a step that panel shows."""
    if exercise.figure is None:
        return None
    panels = exercise.figure.panels
    if not exercise.alt:
        return "the picture has no alt text (backhandout alt-text --write drafts one)"
    given = [step for step, _ in exercise.alt]
    fits = len(given) == len(panels) and all(
        shows(p, step) for step, p in zip(given, panels))
    if not fits:
        shown = ", ".join(_shown(p) for p in panels)
        return (f"the alt text describes steps {', '.join(map(str, given))} but the picture's "
                f"panels show steps {shown}")
    return None


def _shown(panel: Panel) -> str:
    """'3', or '1-2' for a panel that shows more than one step."""
    first, last = panel.steps
    return str(last) if first == last else f"{first}-{last}"


def panel_texts(exercise: Exercise) -> list[str]:
    """What each panel shows: the alt text, or (when it does not match the picture) the
    steps each panel shows."""
    if exercise.figure is None:
        return []
    if problem(exercise) is None:
        return [text for _, text in exercise.alt]
    return [". ".join(step.rstrip(".") for step in steps_shown(exercise, p))
            for p in exercise.figure.panels]


def joined(texts: Sequence[str], words: Language) -> str:
    """'Picture 1 of 2: ... Picture 2: ...' in the handout's language."""
    parts = []
    for n, text in enumerate(texts, start=1):
        text = text.strip().rstrip(".")
        if n == 1:
            parts.append(words.ui("PICTURE_FIRST", n=n, count=len(texts), text=text))
        else:
            parts.append(words.ui("PICTURE_NEXT", n=n, text=text))
    return " ".join(parts)


# ------------------------------------------------------------------ drafts from pose data

_POSITIONS = {
    "lying-on-back": "lying on your back", "lying-face-down": "lying face down",
    "lying-on-side": "lying on your side", "hands-and-knees": "on your hands and knees",
    "kneeling": "kneeling", "half-kneeling": "kneeling on one knee", "sitting": "sitting",
    "standing": "standing",
}


def _both(angles: dict[str, float], joint: str, motion: str) -> tuple[float, float]:
    return (angles.get(f"{joint}_right.{motion}", 0.0), angles.get(f"{joint}_left.{motion}", 0.0))


def position(panel: Panel, fallback: str) -> str:
    """How the body is placed in a panel, from its pose: lying on your back, sitting..."""
    a = panel.angles
    body, roll = a.get("body.angle", 90.0), a.get("body.roll", 0.0)
    hips, knees = (sum(_both(a, j, "flex")) / 2 for j in ("hip", "knee"))
    if abs(abs(roll) - 90) < 30:
        return "lying on your side"
    if body >= 150:
        return "lying on your back"
    if body <= 35:
        if max(_both(a, "hip", "flex")) >= 60 and max(_both(a, "knee", "flex")) >= 60:
            return "on your hands and knees"
        return "lying face down"
    if hips >= 60 and knees >= 60:
        return "sitting"
    if knees >= 60:
        return "kneeling"
    if hips < 35 and knees < 35:
        return "standing"
    return _POSITIONS.get(fallback, fallback.replace("-", " "))


def features(panel: Panel) -> list[str]:
    """The main things a panel's pose shows, in plain words (knees bent, arms up...)."""
    a = panel.angles
    out: list[str] = []
    lying = a.get("body.angle", 90.0) >= 150  # on your back
    hip_r, hip_l = _both(a, "hip", "flex")
    knee_r, knee_l = _both(a, "knee", "flex")
    if lying and min(hip_r, hip_l) >= 100:
        out.append("both knees pulled towards your chest")
    elif lying and max(hip_r, hip_l) >= 100:
        out.append("one knee pulled towards your chest")
    elif min(knee_r, knee_l) >= 60:
        out.append("knees bent")
    elif max(knee_r, knee_l) >= 60:
        out.append("one knee bent")
    shoulders = _both(a, "shoulder", "flex")
    if min(shoulders) >= 150:
        out.append("arms above your head")
    elif max(shoulders) >= 150:
        out.append("one arm reaching forward")
    spine = a.get("spine.flex", 0.0)
    if spine <= -15:
        out.append("back arched")
    elif spine >= 30:
        out.append("back rounded")
    if abs(a.get("spine.side", 0.0)) >= 15:
        out.append("bending to the side")
    if abs(a.get("spine.turn", 0.0)) >= 20:
        out.append("shoulders turned")
    if abs(a.get("hip_right.out", 0.0) - a.get("hip_left.out", 0.0)) >= 30:
        out.append("knees lowered to one side")
    return out


def draft_panel(exercise: Exercise, index: int) -> str:
    """A first version of what one panel shows, from its pose and its step."""
    assert exercise.figure is not None
    panel = exercise.figure.panels[index]
    parts = [position(panel, exercise.position), *features(panel)]
    step = exercise.steps[panel.steps[0] - 1].rstrip(".")
    text = ", ".join(parts)
    return f"{text} ({step[:1].lower()}{step[1:]})"


def draft(exercise: Exercise) -> tuple[tuple[int, str], ...]:
    """A first version of an exercise's alt text: each panel's first step -> what it shows."""
    if exercise.figure is None:
        return ()
    return tuple((p.steps[0], draft_panel(exercise, i)) for i, p in enumerate(exercise.figure.panels))


# ------------------------------------------------------------------ writing it in the file

_TOP_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*:")


def _yaml_text(text: str) -> str:
    """A one-line YAML scalar, quoted where plain text would be read otherwise."""
    if re.search(r":\s|\s#|:$|^[-?:,\[\]{}#&*!|>'\"%@`\s]|\s$", text) or text.lower() in (
            "yes", "no", "true", "false", "null", "on", "off", "~"):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def alt_block(alt: Sequence[tuple[int, str]]) -> str:
    """The `alt:` block of an exercise file."""
    return "alt:\n" + "".join(f"  {step}: {_yaml_text(text)}\n" for step, text in alt)


def with_alt(source: str, alt: Sequence[tuple[int, str]]) -> str:
    """An exercise file's text with its `alt:` block replaced, or added just above
    `figure:` (every other line stays as it is)."""
    lines = source.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.startswith("alt:")), None)
    if start is not None:
        end = start + 1
        while end < len(lines) and not _TOP_KEY.match(lines[end]):
            end += 1
        del lines[start:end]
    at = next((i for i, line in enumerate(lines) if line.startswith("figure:")), len(lines))
    if at == len(lines) and lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    lines.insert(at, alt_block(alt))
    return "".join(lines)


def write_alt(path: Path, alt: Sequence[tuple[int, str]]) -> None:
    """Write an exercise file's `alt:` block in place."""
    path.write_text(with_alt(path.read_text(encoding="utf-8"), alt), encoding="utf-8")

