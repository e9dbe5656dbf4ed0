"""The body's volumes in 3-D, in centimetres: what is drawn, what rests on the floor, what
a contact or a grip is measured against. Pure Python.

Three kinds of volume, each simple to project and to measure:

- a chain of balls (a limb, the neck): the hull of each pair of neighbouring balls, so a
  limb tapers from its root to its tip and bends round at every joint;
- a blob (a foot, the head): the hull of a few balls;
- the trunk: flat ellipses across the spine (pelvis, waist, chest, shoulders), swept
  along it, so it has a chest, a waist and a seat.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from .body import HEAD_RADIUS, SIDES, Mat, Vec, frames, full_pose

Ball = tuple[Vec, float]


@dataclass(frozen=True, slots=True)
class Chain:
    """Balls joined in a row; piece i runs from ball i to ball i + 1."""

    part: str  # the drawing group (and 'move' name): arm_right, leg_left, head ...
    balls: tuple[Ball, ...]
    pieces: tuple[str, ...]  # each piece's name: upper_arm, forearm, hand, fingers ...


@dataclass(frozen=True, slots=True)
class Blob:
    """The hull of a few balls: a foot, the head."""

    part: str
    name: str
    balls: tuple[Ball, ...]


@dataclass(frozen=True, slots=True)
class Section:
    """A flat ellipse across the trunk: centre, depth axis (a cm), width axis (b cm)."""

    centre: Vec
    depth: Vec
    width: Vec
    a: float
    b: float


@dataclass(frozen=True, slots=True)
class Solids:
    """A posed body: its points, the frames of its parts and its volumes."""

    points: dict[str, Vec]
    axes: dict[str, Mat]
    trunk: tuple[Section, ...]
    chains: tuple[Chain, ...]
    blobs: tuple[Blob, ...]


# Trunk sections: (frame, point, forward and up offset, depth, width), in cm.
PELVIS_BASE, PELVIS, WAIST, CHEST, SHOULDERS = range(5)
_SECTIONS = (
    ("pelvis", "hips", (-2.5, -7.5), 8.0, 12.5),
    ("pelvis", "hips", (0.5, 1.0), 12.5, 16.5),
    ("waist", "waist", (-1.5, 0.0), 11.0, 14.5),
    ("chest", "chest", (0.0, 0.0), 12.5, 16.0),
    ("chest", "neck", (-2.0, -5.0), 9.0, 13.5),
)
#: Radii (cm) of the balls along each limb, root to tip.
ARM_R = {"shoulder": 5.0, "elbow": 3.7, "wrist": 2.4}
PALM = 2.5  # how far the palm's skin is from the hand point
LEG_R = {"hip": 8.0, "knee": 5.4, "ankle": 3.5}
NECK_R = (5.2, 4.8)
#: The foot's balls in its own frame (forward, up), with their radii.
FOOT = (((0.0, 0.0), 3.5), ((-4.0, -5.4), 3.3), ((12.5, -6.4), 2.3), ((16.0, -6.9), 1.8))
#: The hand's balls in its own frame (forward: the thumb's side; up: towards the wrist):
#: wrist, palm, knuckles, finger tips, thumb.
HAND_BALLS = (((0.0, 0.0), 2.3), ((0.0, -5.0), 2.9), ((0.0, -9.0), 2.6), ((0.4, -15.2), 1.4),
              ((2.5, -6.8), 1.3))
#: The head's balls in its own frame: the skull and the jaw.
HEAD = (((0.0, 0.0), HEAD_RADIUS), ((3.6, -6.6), 5.6))


def _off(origin: Vec, frame: Mat, x: float, y: float, z: float = 0.0) -> Vec:
    (m00, m01, m02), (m10, m11, m12), (m20, m21, m22) = frame
    return (origin[0] + m00 * x + m01 * y + m02 * z, origin[1] + m10 * x + m11 * y + m12 * z,
            origin[2] + m20 * x + m21 * y + m22 * z)


def _column(frame: Mat, i: int) -> Vec:
    return (frame[0][i], frame[1][i], frame[2][i])


def solids(pose: Mapping[str, float]) -> Solids:
    """The posed body's volumes, hips at the origin."""
    points, axes = frames(pose)
    p = full_pose(pose)
    arch = 8.5 * math.sin(math.radians(p["spine.arch"]))
    belly = p["spine.belly"]
    trunk = []
    for i, (frame_name, at, (x, y), a, b) in enumerate(_SECTIONS):
        frame = axes[frame_name]
        if i == WAIST:  # the lower back's hollow moves the waist forward; the tummy grows it
            x, a = x + arch + belly / 2, a + belly / 2
        trunk.append(Section(_off(points[at], frame, x, y), _column(frame, 0), _column(frame, 2),
                             a, b))
    chains = [Chain("head", ((points["neck"], NECK_R[0]), (points["head_base"], NECK_R[1])),
                    ("neck",))]
    blobs = [Blob("head", "head", tuple((_off(points["head"], axes["head"], x, y), r)
                                        for (x, y), r in HEAD))]
    for side in SIDES:
        s = f"_{side}"
        chains.append(Chain("arm" + s, tuple((points[n + s], r) for n, r in ARM_R.items()),
                            ("upper_arm", "forearm")))
        blobs.append(Blob("arm" + s, "hand", tuple(
            (_off(points["wrist" + s], axes["hand" + s], x, y), r) for (x, y), r in HAND_BALLS)))
        chains.append(Chain("leg" + s, tuple((points[n + s], r) for n, r in LEG_R.items()),
                            ("thigh", "shin")))
        blobs.append(Blob("leg" + s, "foot", tuple(
            (_off(points["ankle" + s], axes["foot" + s], x, y), r) for (x, y), r in FOOT)))
    return Solids(points, axes, tuple(trunk), tuple(chains), tuple(blobs))


# ---------------------------------------------------------------- measuring

def _dot(a: Vec, b: Vec) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def section_reach(section: Section, d: Vec) -> float:
    """How far a trunk section reaches in direction d (unit): its support value."""
    da, db = _dot(section.depth, d) * section.a, _dot(section.width, d) * section.b
    return _dot(section.centre, d) + math.sqrt(da * da + db * db)


def balls_reach(balls: tuple[Ball, ...], d: Vec) -> float:
    """How far a chain or blob reaches in direction d (unit)."""
    return max(_dot(c, d) + r for c, r in balls)


def shifted(body: Solids, by: Vec) -> Solids:
    """The same body moved by a vector."""
    dx, dy, dz = by

    def move(p: Vec) -> Vec:
        return (p[0] + dx, p[1] + dy, p[2] + dz)

    return Solids(
        {name: move(p) for name, p in body.points.items()}, body.axes,
        tuple(Section(move(s.centre), s.depth, s.width, s.a, s.b) for s in body.trunk),
        tuple(Chain(c.part, tuple((move(q), r) for q, r in c.balls), c.pieces)
              for c in body.chains),
        tuple(Blob(b.part, b.name, tuple((move(q), r) for q, r in b.balls)) for b in body.blobs),
    )
