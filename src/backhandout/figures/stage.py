"""Where everything stands, in centimetres: each panel's body on the floor, and the props
(mat, chair, wall, pillows) that stay put for a whole figure. Pure Python.

Drawing (scene.py) and checking (contacts.py) both read a Stage, so what the
picture shows is what the checks measure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .model import Figure, Panel
from .parts import part_bottom, part_lowest_ball, part_reach
from .solids import Solids, balls_reach, section_reach, shifted, solids

MAT = 2.5  # mat thickness
PILLOW = 9.0  # a pillow's height when nothing presses it flatter or taller
SEAT_DEPTH, SEAT_WIDTH, SEAT_THICK, BACK_HEIGHT = 44.0, 44.0, 4.0, 46.0
FRONT_GAP = 16.0  # how far the backrest is behind you when you sit near the front of the seat
UP, DOWN, BACKWARD = (0.0, 1.0, 0.0), (0.0, -1.0, 0.0), (-1.0, 0.0, 0.0)

Box = tuple[float, float, float, float, float, float]  # x0, x1, y0, y1, z0, z1


@dataclass(frozen=True)
class Chair:
    """A plain chair facing +x: the seat's top, its back edge and front edge."""

    seat: float
    back: float
    front: float

    def boxes(self) -> dict[str, Box]:
        """The chair's solid parts, by name."""
        w = SEAT_WIDTH / 2
        legs = {f"leg {i}": (x, x + 3, 0.0, self.seat - SEAT_THICK, z, z + 3)
                for i, (x, z) in enumerate(((self.back, -w), (self.back, w - 3),
                                            (self.front - 3, -w), (self.front - 3, w - 3)))}
        return {
            "seat": (self.back, self.front, self.seat - SEAT_THICK, self.seat, -w, w),
            "back": (self.back, self.back + 3, self.seat, self.seat + BACK_HEIGHT, -w, w),
            **legs,
        }


@dataclass(frozen=True)
class Pillow:
    """A pillow on the floor: its middle (x, z) and its top."""

    x: float
    z: float
    top: float


@dataclass(frozen=True)
class Stage:
    """A figure's bodies, placed, and its props, in world cm (floor at y = 0)."""

    bodies: tuple[Solids, ...]
    floor: float  # the top of the mat, or 0
    mat: tuple[float, float] | None  # its x span
    chair: Chair | None
    wall: float | None  # the x of the wall's face
    pillows: tuple[tuple[Pillow, ...], ...]  # per panel


def lowest(body: Solids, skip_trunk: bool = False) -> float:
    """The body's lowest point."""
    low = min(-balls_reach(v.balls, DOWN) for v in (*body.chains, *body.blobs))
    if skip_trunk:
        return low
    return min(low, min(-section_reach(s, DOWN) for s in body.trunk))


def _pillow_parts(panel: Panel) -> tuple[str, ...]:
    return tuple(part for part, surface in panel.contacts if surface == "pillow")


def _lift(body: Solids, panel: Panel, floor: float) -> float:
    """How far to lift (or lower) the body so its lowest point rests on the floor or its pillow."""
    low = lowest(body)
    for part in _pillow_parts(panel):
        low = min(low, part_bottom(body, part) - PILLOW)
    return floor - low


def _sitting(figure: Figure) -> int:
    """The first panel that sits on the chair (else the first panel)."""
    return next((i for i, p in enumerate(figure.panels)
                 if any(s == "chair-seat" for _, s in p.contacts)), 0)


_BUILT: dict[Figure, Stage] = {}


def build(figure: Figure) -> Stage:
    """Pose and place every panel's body and the figure's props (kept: the loader checks a
    figure and the renderer then draws the same one)."""
    stage = _BUILT.get(figure)
    if stage is None:
        if len(_BUILT) > 256:
            _BUILT.clear()
        stage = _BUILT[figure] = _build(figure)
    return stage


def _build(figure: Figure) -> Stage:
    kinds = {prop.kind for panel in figure.panels for prop in panel.props}
    floor = MAT if "mat" in kinds else 0.0
    bodies: list[Solids] = []
    target = None
    for panel in figure.panels:
        body = solids(panel.angles)
        lift = _lift(body, panel, floor)
        ax, _, az = body.points[figure.anchor]
        if target is None:
            target = (ax, az)
        bodies.append(shifted(body, (target[0] - ax, lift, target[1] - az)))
    chair = None
    if "chair" in kinds:
        seated = bodies[_sitting(figure)]
        seat = min(part_bottom(seated, "pelvis"), part_bottom(seated, "thighs"))
        back = -part_reach(seated, "pelvis", BACKWARD) - 1.0
        if figure.chair == "front":
            back -= FRONT_GAP
        chair = Chair(seat=seat, back=back, front=back + SEAT_DEPTH)
    wall = None
    if "wall" in kinds:
        if chair is not None:
            wall = chair.back - 0.5
        else:
            leaning = next((i for i, p in enumerate(figure.panels)
                            if any(s == "wall" for _, s in p.contacts)), 0)
            wall = -part_reach(bodies[leaning], "back", BACKWARD)
    mat = None
    if "mat" in kinds:
        xs = [x for body in bodies for x in _xs(body)]
        mat = (min(xs) - 5.0, max(xs) + 5.0)
    pillows = tuple(_pillows(panel, body, floor) for panel, body in zip(figure.panels, bodies))
    return Stage(tuple(bodies), floor, mat, chair, wall, pillows)


def _xs(body: Solids) -> Sequence[float]:
    return [q[0] + s * r for v in (*body.chains, *body.blobs) for q, r in v.balls for s in (-1, 1)]


def _pillows(panel: Panel, body: Solids, floor: float) -> tuple[Pillow, ...]:
    out = []
    for part in _pillow_parts(panel):
        (x, _, z), _ = part_lowest_ball(body, part)
        out.append(Pillow(x=x, z=z, top=max(part_bottom(body, part), floor + 3.0)))
    return tuple(out)
