"""Check that a figure's bodies hold together: contacts touch, grips hold, nothing passes
through the floor, the chair or another limb, and parts kept still stay put. Pure Python.

The loader runs check() on every exercise, so `backhandout check` (and every other
command) stops on a picture that shows something the text does not ask for.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from .body import SIDES, Vec
from .model import Figure
from .parts import LIMB_PARTS, STILL_PARTS, part_bottom, part_lowest_ball, part_touch, part_volumes
from .solids import ARM_R, CHEST, LEG_R, PALM, PELVIS, WAIST, Ball, Section, Solids, section_reach
from .stage import BACKWARD, DOWN, Stage, build

CONTACT_GAP = 1.0  # cm a contact may be off its surface
GRIP_GAP = 3.0  # cm a hand may be from what it holds
THROUGH = 1.0  # cm a part may sink into the floor, the chair or another limb
STILL_GAP = 2.0  # cm a part kept still may move between panels
PILLOW_MOST = 25.0  # cm: the tallest pillow (or pile of pillows) drawn

GRIP_HANDS = ("right-hand", "left-hand", "hands")
#: What a hand may hold, besides the chair: a place on the body.
GRIP_TARGETS = (
    *(f"{side}-{where}" for side in SIDES
      for where in ("thigh-back", "thigh-front", "knee", "shin", "hip", "shoulder")),
    "lower-back", "chest", "chair-seat", "chair-back",
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a panel: its index, the field ('contacts', 'grips', 'pose'), what."""

    panel: int
    field: str
    message: str


def _cm(value: float) -> str:
    return f"{abs(value):.0f} cm" if abs(value) >= 1.5 else f"{abs(value):.1f} cm"


def _off(value: float, surface: str) -> str:
    if value > 0:
        return f"is {_cm(value)} above the {surface}"
    return f"goes {_cm(value)} into the {surface}"


def _contact(stage: Stage, i: int, part: str, surface: str) -> tuple[float, str]:
    """How far (cm) one contact is beyond what is allowed (0 or less: it holds), and why."""
    body = stage.bodies[i]
    most = f"(a contact may be at most {CONTACT_GAP:g} cm off)"
    if surface in ("floor", "mat"):
        if surface == "mat" and stage.mat is None:
            return 99.0, f"{part} rests on a mat, but the panel has no mat (add mat to its props)"
        gap = -part_touch(body, part, DOWN) - stage.floor
        return abs(gap) - CONTACT_GAP, f"{part} {_off(gap, surface)} {most}"
    if surface in LIMB_PARTS:  # resting on another limb: the ankle on the knee, knee on knee
        gap = _limb_gap(body, part, surface)
        if gap > 0:
            return gap - CONTACT_GAP, f"{part} is {_cm(gap)} from {surface} {most}"
        return -gap - THROUGH, f"{part} goes {_cm(gap)} into {surface}"
    if surface == "pillow":
        if not stage.pillows[i]:
            return 99.0, f"{part} rests on a pillow, but the panel has no pillow (add pillow to its props)"
        tall = part_bottom(body, part) - stage.floor
        return tall - PILLOW_MOST, (f"{part} is {_cm(tall)} above the floor: too high for a "
                                    f"pillow (at most {PILLOW_MOST:g} cm)")
    chair = stage.chair
    if surface.startswith("chair"):
        if chair is None:
            return 99.0, f"{part} rests on the chair, but the panel has no chair (add chair to its props)"
        if surface == "chair-seat":
            (x, _, _), _ = part_lowest_ball(body, part)
            off_seat = max(chair.back - 2 - x, x - chair.front - 2)
            if off_seat > 0:
                return off_seat, f"{part} is not over the chair's seat"
            gap = -part_touch(body, part, DOWN) - chair.seat
            where, side = "seat", "above"
        else:
            gap = -part_touch(body, part, BACKWARD) - (chair.back + 3.0)
            where, side = "chair's back", "in front of"
        if gap > 0:
            return gap - CONTACT_GAP, f"{part} is {_cm(gap)} {side} the {where} {most}"
        return -gap - CONTACT_GAP, f"{part} goes {_cm(gap)} into the {where}"
    if stage.wall is None:
        return 99.0, f"{part} leans on the wall, but the panel has no wall (add wall to its props)"
    gap = -part_touch(body, part, BACKWARD) - stage.wall
    if gap > 0:
        return gap - CONTACT_GAP, f"{part} is {_cm(gap)} from the wall {most}"
    return -gap - CONTACT_GAP, f"{part} goes {_cm(gap)} into the wall"


def _rods(body: Solids, part: str) -> list[tuple[Ball, Ball]]:
    """A limb part as tapered rods (a single ball is a rod of no length)."""
    _, groups = part_volumes(body, part)
    rods = []
    for group in groups:
        if len(group) == 1:
            rods.append((group[0], group[0]))
        else:
            rods += list(zip(group, group[1:]))
    return rods


def _limb_gap(body: Solids, a: str, b: str) -> float:
    """The gap (cm) between two limb parts' skins; negative where they overlap."""
    best = math.inf
    for (p1, r1), (q1, s1) in _rods(body, a):
        for (p2, r2), (q2, s2) in _rods(body, b):
            d, s, t = _closest(p1, q1, p2, q2)
            best = min(best, d - (r1 + (s1 - r1) * s) - (r2 + (s2 - r2) * t))
    return best


# ---------------------------------------------------------------- grips

def _column(body: Solids, frame: str, i: int) -> Vec:
    m = body.axes[frame]
    return (m[0][i], m[1][i], m[2][i])


def _along(a: Vec, b: Vec, t: float) -> Vec:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t)


def _plus(p: Vec, d: Vec, k: float) -> Vec:
    return (p[0] + d[0] * k, p[1] + d[1] * k, p[2] + d[2] * k)


def _band(body: Solids, root: str, tip: str, radii: tuple[float, float], frame: str,
          towards: float, span: tuple[float, float]) -> Iterator[Vec]:
    """Points on a limb's skin from span[0] to span[1] of its length, on the side that
    faces `towards` (+1 front, -1 back) and 50 degrees either way round."""
    front, side = _column(body, frame, 0), _column(body, frame, 2)
    a, b = body.points[root], body.points[tip]
    for k in range(9):
        t = span[0] + (span[1] - span[0]) * k / 8
        r = radii[0] + (radii[1] - radii[0]) * t
        centre = _along(a, b, t)
        for deg in (-50, -25, 0, 25, 50):
            c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
            d = tuple(towards * c * f + s * z for f, z in zip(front, side))
            yield _plus(centre, d, r)


def _target_points(stage: Stage, i: int, target: str) -> list[Vec]:
    """Points on the skin (or the chair) a hand may hold, for one target."""
    body = stage.bodies[i]
    if target.startswith("chair"):
        chair = stage.chair
        if chair is None:
            return []
        if target == "chair-seat":  # the sides of the seat, front to back
            return [(chair.back + (chair.front - chair.back) * k / 10, chair.seat - 1.5, z)
                    for k in range(11) for z in (-22.0, 22.0)]
        top = chair.seat + 46.0
        return [(chair.back + 1.5, top - 2, -22 + 44 * k / 10) for k in range(11)]
    if target in ("lower-back", "chest"):
        sections = ((body.trunk[PELVIS], body.trunk[WAIST]) if target == "lower-back"
                    else (body.trunk[CHEST],))
        towards = -1 if target == "lower-back" else 1
        rows = [[_skin(s, towards, 0.75 * k / 4) for k in range(-4, 5)] for s in sections]
        if len(rows) == 2:  # and between the pelvis and the waist
            rows.append([_along(p, q, 0.5) for p, q in zip(*rows)])
        return [p for row in rows for p in row]
    side, where = target.split("-", 1)
    s = f"_{side}"
    if where == "thigh-back":
        return list(_band(body, "hip" + s, "knee" + s, (LEG_R["hip"], LEG_R["knee"]), "thigh" + s,
                          -1, (0.4, 0.95)))
    if where == "thigh-front":
        return list(_band(body, "hip" + s, "knee" + s, (LEG_R["hip"], LEG_R["knee"]), "thigh" + s,
                          1, (0.3, 0.95)))
    if where == "shin":
        return list(_band(body, "knee" + s, "ankle" + s, (LEG_R["knee"], LEG_R["ankle"]), "shin" + s,
                          1, (0.05, 0.6)))
    if where == "knee":
        return list(_band(body, "hip" + s, "knee" + s, (LEG_R["hip"], LEG_R["knee"]), "thigh" + s,
                          1, (0.85, 1.0)))
    if where == "shoulder":  # its top and its front, in the chest's own directions
        c, r = body.points["shoulder" + s], ARM_R["shoulder"]
        front, up, out = (_column(body, "chest", k) for k in range(3))
        sign = 1 if side == "right" else -1
        dirs = [up, front, _unit(tuple(a + b for a, b in zip(front, up))),
                _unit(tuple(a + b + sign * 0.5 * w for a, b, w in zip(front, up, out)))]
        return [_plus(c, d, r) for d in dirs]
    # the side of the hip: the pelvis section's edge, and a little above it
    sign = 1 if side == "right" else -1
    pelvis = body.trunk[1]
    return [tuple(c + sign * pelvis.b * w + k * f * pelvis.a * 0.5 + up * 3.0 * u
                  for c, w, f, u in zip(pelvis.centre, pelvis.width, pelvis.depth,
                                        _column(body, "pelvis", 1)))
            for k in (-1, 0, 1) for up in (0, 1)]


def _skin(s: Section, towards: int, lateral: float) -> Vec:
    """A point on a trunk section's edge: its front (towards 1) or back (-1), part way out."""
    d = math.sqrt(max(0.0, 1 - lateral * lateral))
    return tuple(c + towards * d * s.a * f + lateral * s.b * w
                 for c, f, w in zip(s.centre, s.depth, s.width))  # type: ignore[return-value]


def _unit(v: Vec) -> Vec:
    n = math.sqrt(sum(c * c for c in v))
    return (v[0] / n, v[1] / n, v[2] / n)


def grip_gap(stage: Stage, i: int, hand: str, target: str) -> float:
    """How far (cm) a hand's palm is from what it should hold (0: it holds it)."""
    side = hand.split("-")[0]
    palm = stage.bodies[i].points[f"hand_{side}"]
    points = _target_points(stage, i, target)
    if not points:
        return math.inf
    return max(0.0, min(math.dist(palm, p) for p in points) - PALM)


# ---------------------------------------------------------------- passing through

#: The pieces of each limb: name and the two balls (chain or foot) they join.
def _pieces(body: Solids) -> list[tuple[str, str, Ball, Ball]]:
    """Every limb's pieces: (limb, name, ball, ball), each a tapered rod."""
    out = []
    for chain in body.chains:
        if chain.part == "head":
            continue
        side = chain.part.split("_")[1]
        for name, a, b in zip(chain.pieces, chain.balls, chain.balls[1:]):
            out.append((chain.part, f"{side}-{name.replace('_', '-')}", a, b))
    for blob in body.blobs:
        side = blob.part.split("_")[-1]
        if blob.name == "foot":
            ankle, heel, ball, toe = blob.balls
            for a, b in ((ankle, heel), (heel, toe), (ankle, ball)):
                out.append((blob.part, f"{side}-foot", a, b))
        elif blob.name == "hand":
            wrist, _, knuckles, tips, _ = blob.balls
            for a, b in ((wrist, knuckles), (knuckles, tips)):
                out.append((blob.part, f"{side}-hand", a, b))
    return out


def _closest(p1: Vec, q1: Vec, p2: Vec, q2: Vec) -> tuple[float, float, float]:
    """The closest points of two segments: (distance, s on the first, t on the second)."""
    d1x, d1y, d1z = q1[0] - p1[0], q1[1] - p1[1], q1[2] - p1[2]
    d2x, d2y, d2z = q2[0] - p2[0], q2[1] - p2[1], q2[2] - p2[2]
    rx, ry, rz = p1[0] - p2[0], p1[1] - p2[1], p1[2] - p2[2]
    a = d1x * d1x + d1y * d1y + d1z * d1z
    e = d2x * d2x + d2y * d2y + d2z * d2z
    f = d2x * rx + d2y * ry + d2z * rz
    c = d1x * rx + d1y * ry + d1z * rz
    b = d1x * d2x + d1y * d2y + d1z * d2z
    if a < 1e-9 or e < 1e-9:
        s = 0.0 if a < 1e-9 else min(max(-c / a, 0.0), 1.0)
        t = 0.0 if e < 1e-9 else min(max(f / e, 0.0), 1.0)
    else:
        denom = a * e - b * b
        s = min(max((b * f - c * e) / denom, 0.0), 1.0) if denom > 1e-9 else 0.0
        t = (b * s + f) / e
        if t < 0:
            s, t = min(max(-c / a, 0.0), 1.0), 0.0
        elif t > 1:
            s, t = min(max((b - c) / a, 0.0), 1.0), 1.0
    dx = rx + d1x * s - d2x * t
    dy = ry + d1y * s - d2y * t
    dz = rz + d1z * s - d2z * t
    return math.sqrt(dx * dx + dy * dy + dz * dz), s, t


def _through_limbs(body: Solids) -> list[tuple[float, str]]:
    pieces = _pieces(body)
    # A ball round each piece, so pieces far apart are passed over quickly.
    bounds = [(((p[0] + q[0]) / 2, (p[1] + q[1]) / 2, (p[2] + q[2]) / 2),
               math.dist(p, q) / 2 + max(r, s)) for _, _, (p, r), (q, s) in pieces]
    out = []
    for k, (limb1, name1, (p1, r1), (q1, s1)) in enumerate(pieces):
        c1, b1 = bounds[k]
        for m in range(k + 1, len(pieces)):
            limb2, name2, (p2, r2), (q2, s2) = pieces[m]
            if limb1 == limb2:
                continue
            c2, b2 = bounds[m]
            if math.dist(c1, c2) >= b1 + b2:
                continue
            d, s, t = _closest(p1, q1, p2, q2)
            depth = (r1 + (s1 - r1) * s) + (r2 + (s2 - r2) * t) - d
            if depth > 0:
                out.append((depth - THROUGH, f"{name1} goes {_cm(depth)} into {name2}"))
    return out


_RING = tuple((math.cos(k * math.pi / 5), math.sin(k * math.pi / 5)) for k in range(10))


def _volumes(body: Solids) -> Iterator[tuple[str, list[tuple[Vec, float]]]]:
    """Every volume as sample balls, with a name: the trunk's sections as rings of points."""
    for name, (p, r), (q, s) in ((n, a, b) for _, n, a, b in _pieces(body)):
        yield name, [(_along(p, q, t), r + (s - r) * t) for t in (0.0, 0.5, 1.0)]
    for s in body.trunk:
        (cx, cy, cz), (fx, fy, fz), (wx, wy, wz) = s.centre, s.depth, s.width
        yield "trunk", [((cx + s.a * c * fx + s.b * n * wx, cy + s.a * c * fy + s.b * n * wy,
                          cz + s.a * c * fz + s.b * n * wz), 0.0) for c, n in _RING]
    head = next(b for b in body.blobs if b.name == "head")
    yield "head", list(head.balls)


def _floor_depths(body: Solids) -> Iterator[tuple[str, float]]:
    """Every volume's lowest point, with its name."""
    for _, name, (p, r), (q, s) in _pieces(body):
        yield name, min(p[1] - r, q[1] - s)
    for s in body.trunk:
        yield "trunk", -section_reach(s, DOWN)
    head = next(b for b in body.blobs if b.name == "head")
    yield "head", min(c[1] - r for c, r in head.balls)


def _into_box(p: Vec, r: float, box: tuple[float, ...]) -> float:
    """How deep a ball goes into a box (negative: it stays clear)."""
    x0, x1, y0, y1, z0, z1 = box
    dx = max(x0 - p[0], 0.0, p[0] - x1)
    dy = max(y0 - p[1], 0.0, p[1] - y1)
    dz = max(z0 - p[2], 0.0, p[2] - z1)
    outside = math.sqrt(dx * dx + dy * dy + dz * dz)
    if outside > 0:
        return r - outside
    return r + min(p[0] - x0, x1 - p[0], p[1] - y0, y1 - p[1], p[2] - z0, z1 - p[2])


def _through(stage: Stage, i: int) -> list[tuple[float, str]]:
    """What sinks into the floor, the chair or another limb: (cm beyond what is allowed, why)."""
    body = stage.bodies[i]
    out = []
    ground = "mat" if stage.mat is not None else "floor"
    for name, low in _floor_depths(body):
        if low < stage.floor:
            out.append((stage.floor - low - THROUGH, f"{name} goes {_cm(stage.floor - low)} into the {ground}"))
    if stage.chair is not None:
        boxes = stage.chair.boxes()
        for name, balls in _volumes(body):
            reach = [(min(c[k] - r for c, r in balls), max(c[k] + r for c, r in balls))
                     for k in range(3)]
            for part, box in boxes.items():
                if any(hi <= box[2 * k] or lo >= box[2 * k + 1] for k, (lo, hi) in enumerate(reach)):
                    continue  # clear of this part of the chair
                depth = max(_into_box(c, r, box) for c, r in balls)
                if depth > 0:  # the seat's padding gives a little more
                    where = "the chair's seat" if part == "seat" else (
                        "the chair's back" if part == "back" else "a chair leg")
                    out.append((depth - THROUGH - 1.0, f"{name} goes {_cm(depth)} into {where}"))
    return out + _through_limbs(body)


# ---------------------------------------------------------------- the whole figure

@dataclass(frozen=True)
class Finding:
    """One measured rule in a panel: how far (cm) beyond what is allowed (0 or less: fine)."""

    panel: int
    field: str
    excess: float
    message: str


def measure(figure: Figure, stage: Stage | None = None) -> list[Finding]:
    """Every contact, grip, overlap and still part of a figure, measured."""
    stage = stage or build(figure)
    found: list[Finding] = []
    for i, panel in enumerate(figure.panels):
        for part, surface in panel.contacts:
            found.append(Finding(i, "contacts", *_contact(stage, i, part, surface)))
        for hand, target in panel.grips:
            for one in (("right-hand", "left-hand") if hand == "hands" else (hand,)):
                if target.startswith("chair") and stage.chair is None:
                    found.append(Finding(i, "grips", 99.0, f"{one} holds the chair, but the "
                                         "panel has no chair (add chair to its props)"))
                    continue
                gap = grip_gap(stage, i, one, target)
                found.append(Finding(i, "grips", gap - GRIP_GAP, f"{one} is {_cm(gap)} from "
                                     f"{target} (a grip may be at most {GRIP_GAP:g} cm off)"))
        found += [Finding(i, "pose", excess, why) for excess, why in _through(stage, i)]
        if i:
            for part in figure.still:
                moved = max(math.dist(stage.bodies[i].points[p], stage.bodies[i - 1].points[p])
                            for p in STILL_PARTS[part])
                found.append(Finding(i, "pose", moved - STILL_GAP, f"{part} move {_cm(moved)} "
                                     "from the panel before; the exercise keeps them still "
                                     f"(at most {STILL_GAP:g} cm)"))
    return found


def check(figure: Figure, stage: Stage | None = None) -> list[Problem]:
    """Everything wrong with a figure's panels, in panel order (the worst first in each)."""
    bad = [f for f in measure(figure, stage) if f.excess > 0]
    bad.sort(key=lambda f: (f.panel, -f.excess))
    return [Problem(f.panel, f.field, f.message) for f in bad]
