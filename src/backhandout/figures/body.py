"""A small body model: fixed segment lengths, joint angles, forward kinematics.

Pure Python, no drawing. Lengths are in centimetres for an adult about
170 cm tall. World axes: X points the way a standing figure faces (right
on a side view), Y points up, Z points out of a side view towards you, so
the figure's right side is the near side of a side view.

A pose maps "joint.motion" to degrees, e.g. {"hip_right.flex": 90}. Joints
and their motions, with the clinical sign of each, are listed in JOINTS.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

Vec = tuple[float, float, float]
Mat = tuple[Vec, Vec, Vec]

SIDES = ("right", "left")

#: joint -> motion -> (lowest, highest) in degrees. The first motion is the
#: one a bare number in the catalogue sets.
JOINTS: dict[str, dict[str, tuple[int, int]]] = {
    "body": {"angle": (-45, 225), "roll": (-180, 180), "tilt": (-45, 45)},
    # arch (degrees): the hollow of the lower back, 0 flat; belly (cm): the tummy out (+) or in
    "spine": {"flex": (-60, 90), "side": (-50, 50), "turn": (-70, 70), "arch": (0, 30),
              "belly": (-4, 4)},
    "neck": {"flex": (-60, 70), "side": (-40, 40), "turn": (-80, 80)},
    **{
        f"{joint}_{side}": motions
        for side in SIDES
        for joint, motions in {
            "shoulder": {"flex": (-60, 190), "out": (-40, 180), "turn": (-90, 90)},
            "elbow": {"flex": (0, 150)},
            "wrist": {"flex": (-90, 90)},
            "hip": {"flex": (-40, 150), "out": (-40, 80), "turn": (-60, 90)},
            "knee": {"flex": (0, 160)},
            "ankle": {"flex": (-40, 90)},
        }.items()
    },
}

REST: dict[str, float] = {"body.angle": 90, "spine.arch": 12, "shoulder_right.out": 6,
                          "shoulder_left.out": 6}

# Segment lengths (cm) and drawn half-thicknesses (cm).
SPINE = (17.0, 17.0, 18.0)
NECK, HEAD_CENTRE, HEAD_RADIUS = 8.0, 9.0, 9.5
SHOULDER_WIDTH, SHOULDER_DROP, HIP_WIDTH = 17.0, 3.0, 9.0
UPPER_ARM, FOREARM, HAND, FINGERS = 29.0, 25.0, 6.0, 10.5
THIGH, SHIN = 44.0, 42.0
HEEL, TOE, SOLE = 4.5, 16.5, 8.7

#: (name, from point, to point) for every rigid segment.
SEGMENTS: tuple[tuple[str, str, str], ...] = (
    ("lower_back", "hips", "waist"),
    ("mid_back", "waist", "chest"),
    ("upper_back", "chest", "neck"),
    ("neck", "neck", "head_base"),
    ("head", "head_base", "head"),
    *(
        (f"{name}_{side}", f"{a}_{side}", f"{b}_{side}")
        for side in SIDES
        for name, a, b in (
            ("upper_arm", "shoulder", "elbow"),
            ("forearm", "elbow", "wrist"),
            ("hand", "wrist", "hand"),
            ("fingers", "hand", "fingers"),
            ("thigh", "hip", "knee"),
            ("shin", "knee", "ankle"),
            ("foot", "heel", "toes"),
            ("heel", "ankle", "heel"),
        )
    ),
    ("shoulders", "shoulder_right", "shoulder_left"),
    ("pelvis", "hip_right", "hip_left"),
)

#: Limb groups that a panel can mark as moving.
PARTS = ("head", "trunk", "arm_right", "arm_left", "leg_right", "leg_left")


def _rot(axis: str, degrees: float) -> Mat:
    """Rotation by degrees about world axis "x", "y" or "z"."""
    a = math.radians(degrees)
    c, s = math.cos(a), math.sin(a)
    if axis == "x":
        return ((1, 0, 0), (0, c, -s), (0, s, c))
    if axis == "y":
        return ((c, 0, s), (0, 1, 0), (-s, 0, c))
    return ((c, -s, 0), (s, c, 0), (0, 0, 1))


# The matrix helpers are written out term by term: they are the inner loop of
# every figure. Each entry adds its three products left to right, the order a
# sum() over them would use, so the coordinates are the same to the last bit.

def _mul(a: Mat, b: Mat) -> Mat:
    """The matrix product a b."""
    (a00, a01, a02), (a10, a11, a12), (a20, a21, a22) = a
    (b00, b01, b02), (b10, b11, b12), (b20, b21, b22) = b
    return (
        (a00 * b00 + a01 * b10 + a02 * b20, a00 * b01 + a01 * b11 + a02 * b21,
         a00 * b02 + a01 * b12 + a02 * b22),
        (a10 * b00 + a11 * b10 + a12 * b20, a10 * b01 + a11 * b11 + a12 * b21,
         a10 * b02 + a11 * b12 + a12 * b22),
        (a20 * b00 + a21 * b10 + a22 * b20, a20 * b01 + a21 * b11 + a22 * b21,
         a20 * b02 + a21 * b12 + a22 * b22),
    )


def _at(origin: Vec, frame: Mat, offset: Vec) -> Vec:
    """The point offset (in frame's axes) from origin."""
    (m00, m01, m02), (m10, m11, m12), (m20, m21, m22) = frame
    x, y, z = offset
    return (origin[0] + (m00 * x + m01 * y + m02 * z), origin[1] + (m10 * x + m11 * y + m12 * z),
            origin[2] + (m20 * x + m21 * y + m22 * z))


#: Every "joint.motion" key with its rest value, in JOINTS order.
_MOTIONS: tuple[tuple[str, float], ...] = tuple(
    (key, REST.get(key, 0.0))
    for joint, motions in JOINTS.items()
    for key in (f"{joint}.{motion}" for motion in motions)
)


def full_pose(pose: Mapping[str, float]) -> dict[str, float]:
    """Every joint motion, with unset ones at rest."""
    return {key: pose.get(key, rest) for key, rest in _MOTIONS}


def blend(a: Mapping[str, float], b: Mapping[str, float], t: float) -> dict[str, float]:
    """A pose part way (t from 0 to 1) from a to b."""
    a, b = full_pose(a), full_pose(b)
    return {key: a[key] + (b[key] - a[key]) * t for key in a}


def _limb_frame(parent: Mat, sign: int, flex: float, out: float, turn: float) -> Mat:
    """Frame of an upper arm or thigh: flexion forward, then out to the side, then turn."""
    return _mul(_mul(_mul(parent, _rot("z", flex)), _rot("x", -sign * out)), _rot("y", -sign * turn))


def frames(pose: Mapping[str, float]) -> tuple[dict[str, Vec], dict[str, Mat]]:
    """Forward kinematics: every named body point (hips at the origin) and the frame
    of every body part (x forward, y along the part towards its root, z to the right).
    """
    p = full_pose(pose)
    root = _mul(_mul(_rot("z", p["body.angle"] - 90), _rot("y", p["body.roll"])),
                _rot("x", p["body.tilt"]))
    points: dict[str, Vec] = {"hips": (0.0, 0.0, 0.0)}
    axes: dict[str, Mat] = {"pelvis": root}
    frame, at = root, points["hips"]
    step = _mul(
        _mul(_rot("z", -p["spine.flex"] / 3), _rot("x", p["spine.side"] / 3)),
        _rot("y", -p["spine.turn"] / 3),
    )
    for name, length in zip(("waist", "chest", "neck"), SPINE):
        frame = _mul(frame, step)
        axes[name] = frame
        at = points[name] = _at(at, frame, (0, length, 0))
        if name == "waist":  # on the front and back of the waist (see solids.py)
            arch = 8.5 * math.sin(math.radians(p["spine.arch"]))
            points["belly"] = _at(at, frame, (9.5 + arch + p["spine.belly"], 0, 0))
            points["back"] = _at(at, frame, (arch - 12.5, 0, 0))
    chest = frame
    head = _mul(
        _mul(_mul(chest, _rot("z", -p["neck.flex"])), _rot("x", p["neck.side"])),
        _rot("y", -p["neck.turn"]),
    )
    axes["head"] = head
    points["head_base"] = _at(points["neck"], head, (0, NECK, 0))
    points["head"] = _at(points["head_base"], head, (0, HEAD_CENTRE, 0))
    points["nose"] = _at(points["head"], head, (HEAD_RADIUS + 1.5, -1.5, 0))
    for side, sign in (("right", 1), ("left", -1)):
        s = f"_{side}"
        shoulder = _at(points["neck"], chest, (0, -SHOULDER_DROP, sign * SHOULDER_WIDTH))
        upper = _limb_frame(chest, sign, p[f"shoulder{s}.flex"], p[f"shoulder{s}.out"],
                            p[f"shoulder{s}.turn"])
        elbow = _at(shoulder, upper, (0, -UPPER_ARM, 0))
        fore = _mul(upper, _rot("z", p[f"elbow{s}.flex"]))
        wrist = _at(elbow, fore, (0, -FOREARM, 0))
        palm = _mul(fore, _rot("z", p[f"wrist{s}.flex"]))
        hand = _at(wrist, palm, (0, -HAND, 0))
        hip = _at(points["hips"], root, (0, 0, sign * HIP_WIDTH))
        thigh = _limb_frame(root, sign, p[f"hip{s}.flex"], p[f"hip{s}.out"], p[f"hip{s}.turn"])
        knee = _at(hip, thigh, (0, -THIGH, 0))
        shin = _mul(thigh, _rot("z", -p[f"knee{s}.flex"]))
        ankle = _at(knee, shin, (0, -SHIN, 0))
        foot = _mul(shin, _rot("z", -p[f"ankle{s}.flex"]))
        axes.update({"upper_arm" + s: upper, "forearm" + s: fore, "hand" + s: palm,
                     "thigh" + s: thigh, "shin" + s: shin, "foot" + s: foot})
        points.update({
            "shoulder" + s: shoulder, "elbow" + s: elbow, "wrist" + s: wrist, "hand" + s: hand,
            "fingers" + s: _at(hand, palm, (0, -FINGERS, 0)),
            "hip" + s: hip, "knee" + s: knee, "ankle" + s: ankle,
            "heel" + s: _at(ankle, foot, (-HEEL, -SOLE, 0)),
            "toes" + s: _at(ankle, foot, (TOE, -SOLE, 0)),
        })
    return points, axes


def skeleton(pose: Mapping[str, float]) -> dict[str, Vec]:
    """Forward kinematics: every named body point, with the hips at the origin."""
    return frames(pose)[0]


#: Body points a catalogue may name (anchors, arrows, props).
POINTS: tuple[str, ...] = tuple(skeleton({}))


def distance(a: Vec, b: Vec) -> float:
    """Straight-line distance between two points."""
    return math.dist(a, b)


def segment_lengths(points: Mapping[str, Vec]) -> dict[str, float]:
    """The length of every rigid segment in a posed skeleton."""
    return {name: distance(points[a], points[b]) for name, a, b in SEGMENTS}
