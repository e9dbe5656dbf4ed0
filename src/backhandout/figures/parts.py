"""Body parts by the names a catalogue uses for contacts, grips and parts kept still.

A part is a few of the body's volumes (solids.py): `pelvis` is the two lowest trunk
sections, `right-hand` the hand and fingers of the right arm, `knees` both knee balls.
"""

from __future__ import annotations

from .body import SIDES, Vec
from .solids import (
    CHEST,
    PELVIS,
    PELVIS_BASE,
    SHOULDERS,
    WAIST,
    Ball,
    Section,
    Solids,
    balls_reach,
    section_reach,
)

#: Trunk parts: their sections.
TRUNK_PARTS = {
    "pelvis": (PELVIS_BASE, PELVIS),
    "lower-back": (WAIST,),
    "belly": (WAIST,),
    "chest": (CHEST, SHOULDERS),
    "upper-back": (CHEST, SHOULDERS),
    "back": (PELVIS, WAIST, CHEST, SHOULDERS),
    "trunk": (PELVIS_BASE, PELVIS, WAIST, CHEST, SHOULDERS),
}
#: Limb parts: (chain or blob, the balls it takes from it).
_LIMB_PIECES = {
    "upper-arm": ("arm", (0, 1)),
    "forearm": ("arm", (1, 2)),
    "hand": ("hand", (0, 1, 2, 3, 4)),
    "thigh": ("leg", (0, 1)),
    "knee": ("leg", (1,)),
    "shin": ("leg", (1, 2)),
    "foot": ("foot", (0, 1, 2, 3)),
}
LIMB_PARTS = {
    **{f"{side}-{piece}": ((limb, side, balls),) for piece, (limb, balls) in _LIMB_PIECES.items()
       for side in SIDES},
    **{("feet" if piece == "foot" else f"{piece}s"): tuple((limb, side, balls) for side in SIDES)
       for piece, (limb, balls) in _LIMB_PIECES.items()},
}
HEAD_PARTS = ("head",)
#: Every name a contact may start with.
CONTACT_PARTS = (*HEAD_PARTS, *TRUNK_PARTS, *LIMB_PARTS)

#: Parts an exercise may keep still: the body points that must stay put.
STILL_PARTS = {
    "head": ("head",),
    "pelvis": ("hips", "hip_right", "hip_left"),
    "chest": ("chest", "shoulder_right", "shoulder_left"),
    "shoulders": ("shoulder_right", "shoulder_left"),
    "hands": ("hand_right", "hand_left"),
    "elbows": ("elbow_right", "elbow_left"),
    "knees": ("knee_right", "knee_left"),
    "feet": ("heel_right", "toes_right", "heel_left", "toes_left"),
    **{f"{side}-{name}": tuple(f"{p}_{side}" for p in points) for side in SIDES
       for name, points in (("hand", ("hand",)), ("knee", ("knee",)),
                            ("foot", ("heel", "toes")), ("elbow", ("elbow",)))},
}


def part_volumes(body: Solids, part: str) -> tuple[list[Section], list[tuple[Ball, ...]]]:
    """A part's trunk sections and its groups of balls (each group one volume)."""
    if part in TRUNK_PARTS:
        return [body.trunk[i] for i in TRUNK_PARTS[part]], []
    if part == "head":
        head = next(b for b in body.blobs if b.name == "head")
        return [], [head.balls]
    groups = []
    for limb, side, picks in LIMB_PARTS[part]:
        if limb in ("foot", "hand"):
            whole = "leg" if limb == "foot" else "arm"
            balls = next(b.balls for b in body.blobs if b.name == limb and b.part == f"{whole}_{side}")
        else:
            balls = next(c.balls for c in body.chains if c.part == f"{limb}_{side}")
        groups.append(tuple(balls[i] for i in picks))
    return [], groups


def part_reach(body: Solids, part: str, d: Vec) -> float:
    """How far a part reaches in direction d (unit)."""
    sections, groups = part_volumes(body, part)
    return max([section_reach(s, d) for s in sections] + [balls_reach(g, d) for g in groups])


#: Parts that lie along a surface: both their ends must touch it.
RODS = ("upper-arm", "forearm", "thigh", "shin")


def part_touch(body: Solids, part: str, d: Vec) -> float:
    """How far a part reaches in direction d where it reaches least: a rod (a thigh, a
    forearm) at its less reaching end, so a rod only touches a surface when it lies on it;
    any other part at its furthest point."""
    if not any(part.endswith(rod) or part.endswith(rod + "s") for rod in RODS):
        return part_reach(body, part, d)
    _, groups = part_volumes(body, part)
    return min(max(c[0] * d[0] + c[1] * d[1] + c[2] * d[2] + r for c, r in (ball,))
               for group in groups for ball in group)


def part_bottom(body: Solids, part: str) -> float:
    """The height of a part's lowest point."""
    return -part_reach(body, part, (0.0, -1.0, 0.0))


def part_lowest_ball(body: Solids, part: str) -> Ball:
    """The ball (or a trunk section's centre, with its depth) that reaches lowest."""
    sections, groups = part_volumes(body, part)
    candidates: list[tuple[float, Ball]] = []
    for s in sections:
        candidates.append((-section_reach(s, (0.0, -1.0, 0.0)), (s.centre, s.a)))
    for group in groups:
        for c, r in group:
            candidates.append((c[1] - r, (c, r)))
    return min(candidates, key=lambda item: item[0])[1]
