"""Lay out an exercise's panels as flat shapes, in points. Pure Python.

Every panel of an exercise uses one scale, so the body is the same size in
each and only what moves changes. The renderer turns these shapes into
ReportLab drawing commands and nothing else.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..texts import VIEW_BEHIND, VIEW_TOP
from .body import HEAD_RADIUS, SIDES, Vec, blend, skeleton
from .model import Arrow, Figure, Panel, Prop

Point = tuple[float, float]

# Drawn half-thicknesses (cm) of the body's strokes.
TRUNK_R, TORSO_EDGE_R, NECK_R = 11.0, 5.0, 4.5
LIMB_R = {"upper_arm": 4.5, "forearm": 4.0, "hand": 3.5, "thigh": 7.0, "shin": 5.5, "foot": 3.0}
#: How far each named point's outline reaches beyond it (cm), for resting on the floor.
POINT_R = {
    "hips": TRUNK_R, "waist": TRUNK_R, "chest": TRUNK_R, "neck": TRUNK_R, "head": HEAD_RADIUS,
    **{f"{name}_{side}": r for side in SIDES for name, r in (
        ("shoulder", 5.0), ("elbow", 4.5), ("wrist", 4.0), ("hand", 3.5), ("hip", 7.0),
        ("knee", 7.0), ("ankle", 5.5), ("heel", 3.0), ("toes", 3.0))},
}
MAT, PILLOW = 2.5, 8.0
ARROW_GAP, ARROW_MIN, PUSH_LENGTH = 7.0, 14.0, 16.0
LABEL_SIZE = 12.0  # default size of words in pictures (pt): as big as body text
CHAR_WIDTH = 0.62  # a bold letter's average width, times the text size


def estimate_width(text: str, size: float) -> float:
    """A bold text's width (pt) without a font at hand."""
    return len(text) * size * CHAR_WIDTH


def _number_circle(size: float) -> tuple[float, float]:
    """The step number's circle for a text size: centre from the top left, and radius (pt)."""
    return size * 1.0, size * 0.78



def camera(yaw: float, pitch: float):
    """A projection: page x, page y and depth (towards you) from a world point.

    yaw 0 looks at the figure's right side, 90 at its front; pitch raises the
    camera (90: straight down).
    """
    y, p = math.radians(yaw), math.radians(pitch)
    c = (math.sin(y) * math.cos(p), math.sin(p), math.cos(y) * math.cos(p))
    r = (math.cos(y), 0.0, -math.sin(y))
    u = (c[1] * r[2] - c[2] * r[1], c[2] * r[0] - c[0] * r[2], c[0] * r[1] - c[1] * r[0])

    (r0, r1, r2), (u0, u1, u2), (c0, c1, c2) = r, u, c

    def project(q: Vec) -> tuple[float, float, float]:
        x, y, z = q  # dot products written out, added left to right like sum()
        return (x * r0 + y * r1 + z * r2, x * u0 + y * u1 + z * u2, x * c0 + y * c1 + z * c2)

    return project


VIEW_CAMERAS = {"side": (0, 0), "angled": (45, 35), "raised": (0, 30), "behind": (-90, 35),
                "front": (90, 12), "top": (0, 90)}
VIEWS = {name: camera(*angles) for name, angles in VIEW_CAMERAS.items()}
VIEW_CAPTIONS = {"top": VIEW_TOP, "behind": VIEW_BEHIND}  # English; the renderer translates


@dataclass(frozen=True)
class Palette:
    """Colours (hex) and line weights (points) of the figures."""

    ink: str = "#1A1A1A"
    near: str = "#FFFFFF"
    far: str = "#C4C4C4"
    far_ink: str = "#5E5E5E"
    move: str = "#1B4F72"
    move_far: str = "#7FA3C2"
    arrow: str = "#C0392B"
    prop: str = "#E6E6E6"
    prop_ink: str = "#9A9A9A"
    ghost: str = "#8A8A8A"
    frame: str = "#B0B0B0"
    number: str = "#1B4F72"
    label: str = "#333333"
    outline: float = 0.9
    arrow_width: float = 2.4
    arrow_head: float = 6.5
    max_scale: float = 0.95  # points per cm: the largest a figure is drawn


@dataclass(frozen=True)
class Shape:
    """A flat shape: an open 'line', a closed 'polygon' or a 'circle' (width = radius)."""

    kind: str
    points: tuple[Point, ...]
    width: float = 0.0
    fill: str | None = None
    stroke: str | None = None
    stroke_width: float = 0.0
    dash: tuple[float, ...] = ()


@dataclass(frozen=True)
class Label:
    """A short text; anchor is 'start', 'middle' or 'end'."""

    x: float
    y: float
    text: str
    size: float
    anchor: str = "middle"
    colour: str = "#333333"
    bold: bool = False


@dataclass(frozen=True)
class PanelDrawing:
    """One laid-out panel; `body` holds the body points on the page, for tests."""

    step: int
    width: float
    height: float
    shapes: tuple[Shape, ...]
    labels: tuple[Label, ...]
    body: dict[str, Point] = field(default_factory=dict)


# ---------------------------------------------------------------- placing

def place(angles: Mapping[str, float], anchor: str, target: Vec | None,
          props: Sequence[Prop]) -> dict[str, Vec]:
    """Pose the body, rest its lowest part on the floor (or mat or pillow), keep the anchor put."""
    points = skeleton(angles)
    floor = MAT if any(p.kind == "mat" for p in props) else 0.0
    raised = {p.at for p in props if p.kind == "pillow"}
    lowest = min(
        points[name][1] - radius - (PILLOW if name in raised else 0.0)
        for name, radius in POINT_R.items()
    )
    ax, _, az = points[anchor]
    tx, _, tz = target if target is not None else (0.0, 0.0, 0.0)
    shift = (tx - ax, floor - lowest, tz - az)
    return {name: (p[0] + shift[0], p[1] + shift[1], p[2] + shift[2]) for name, p in points.items()}


# ---------------------------------------------------------------- body

@dataclass(frozen=True)
class _Part:
    """A group of strokes drawn with one tone, at one depth."""

    name: str
    strokes: tuple[tuple[tuple[str, ...], float], ...]
    polygon: tuple[str, ...] = ()


def _parts() -> tuple[_Part, ...]:
    parts = [
        _Part("trunk", ((("hips", "waist", "chest", "neck"), TRUNK_R),),
              ("shoulder_right", "shoulder_left", "hip_left", "hip_right")),
        _Part("head", ((("neck", "head_base"), NECK_R),)),
    ]
    for side in SIDES:
        s = f"_{side}"
        parts.append(_Part("arm" + s, (
            (("shoulder" + s, "elbow" + s), LIMB_R["upper_arm"]),
            (("elbow" + s, "wrist" + s), LIMB_R["forearm"]),
            (("wrist" + s, "hand" + s), LIMB_R["hand"]),
        )))
        parts.append(_Part("leg" + s, (
            (("hip" + s, "knee" + s), LIMB_R["thigh"]),
            (("knee" + s, "ankle" + s), LIMB_R["shin"]),
            (("ankle" + s, "heel" + s, "toes" + s), LIMB_R["foot"]),
        )))
    return tuple(parts)


PARTS = _parts()


class _Page:
    """World (cm) -> page (points) for one panel: view, scale, offset, mirror."""

    def __init__(self, view: str, scale: float, offset: Point, width: float, mirror: bool):
        self.view, self.scale, self.offset, self.width, self.mirror = view, scale, offset, width, mirror

    def flat(self, p: Vec) -> tuple[float, float, float]:
        return VIEWS[self.view](p)

    def __call__(self, p: Vec) -> Point:
        x, y, _ = self.flat(p)
        x, y = x * self.scale + self.offset[0], y * self.scale + self.offset[1]
        return (self.width - x if self.mirror else x), y


def _is_far(part: str, depth: Mapping[str, float]) -> bool:
    """A limb is far when its root joint is clearly behind its partner's."""
    for limb, joint in (("arm", "shoulder"), ("leg", "hip")):
        for side, other in (("right", "left"), ("left", "right")):
            if part == f"{limb}_{side}":
                return depth[f"{joint}_{side}"] < depth[f"{joint}_{other}"] - 5
    return False


def _body_shapes(points: Mapping[str, Vec], page: _Page, moving: Iterable[str],
                 palette: Palette, ghost: bool = False) -> list[Shape]:
    """Outlined body parts, back to front; a ghost is a dashed outline only."""
    depth = {name: page.flat(p)[2] for name, p in points.items()}
    moving = set(moving)
    shapes: list[Shape] = []
    parts = [p for p in PARTS if not ghost or p.name in moving]
    order = sorted(parts, key=lambda part: sum(
        depth[n] for line, _ in part.strokes for n in line) / sum(len(l) for l, _ in part.strokes))
    o = palette.outline
    for part in order:
        far = _is_far(part.name, depth)
        if ghost:
            fill, ink = None, palette.ghost
        elif part.name in moving:
            fill, ink = (palette.move_far if far else palette.move), palette.ink
        else:
            fill, ink = (palette.far if far else palette.near), (palette.far_ink if far else palette.ink)
        lines = [(tuple(page(points[n]) for n in line), 2 * r * page.scale) for line, r in part.strokes]
        poly = tuple(page(points[n]) for n in part.polygon)
        edge = 2 * TORSO_EDGE_R * page.scale
        if ghost:
            dash = (2.0, 1.6)
            shapes += [Shape("line", pts, w, stroke=ink, stroke_width=0.7, dash=dash) for pts, w in lines]
            continue
        # Outline pass, then fill pass, so joints inside one part look seamless.
        if poly:
            shapes.append(Shape("polygon", poly, edge + 2 * o, fill=ink, stroke=ink))
        shapes += [Shape("line", pts, w + 2 * o, stroke=ink) for pts, w in lines]
        if poly:
            shapes.append(Shape("polygon", poly, edge, fill=fill, stroke=fill))
        shapes += [Shape("line", pts, w, stroke=fill) for pts, w in lines]
        if part.name == "head":
            shapes += _head(points, depth, page, fill, ink, o)
    return shapes


def _head(points: Mapping[str, Vec], depth: Mapping[str, float], page: _Page,
          fill: str, ink: str, o: float) -> list[Shape]:
    head, nose = page(points["head"]), page(points["nose"])
    r = HEAD_RADIUS * page.scale
    shapes = []
    facing_away = depth["nose"] < depth["head"] - 4
    profile = math.dist(head, nose) > r * 0.6
    if profile and not facing_away:  # the nose sticks out: draw it under the head
        shapes.append(Shape("circle", (nose,), 2.6 * page.scale, fill=fill, stroke=ink, stroke_width=o))
    shapes.append(Shape("circle", (head,), r, fill=fill, stroke=ink, stroke_width=o))
    if not profile and not facing_away:  # face towards you: a small nose dot
        shapes.append(Shape("circle", (nose,), 1.3 * page.scale, fill=ink))
    return shapes


# ---------------------------------------------------------------- props

def _box_lines(x0: float, x1: float, y0: float, y1: float, z0: float, z1: float) -> list[tuple[Vec, Vec]]:
    c = [(x, y, z) for x in (x0, x1) for y in (y0, y1) for z in (z0, z1)]
    return [(a, b) for i, a in enumerate(c) for b in c[i + 1:]
            if sum(1 for u, v in zip(a, b) if u != v) == 1]


def _prop_shapes(props: Sequence[Prop], points: Mapping[str, Vec], span: tuple[float, float],
                 page: _Page, palette: Palette) -> tuple[list[Shape], list[Shape]]:
    """Shapes behind the body, and shapes in front of it (the towel)."""
    floor = MAT if any(p.kind == "mat" for p in props) else 0.0
    behind: list[Shape] = []
    front: list[Shape] = []
    fill, ink, o = palette.prop, palette.prop_ink, palette.outline

    def slab(x0: float, x1: float, y0: float, y1: float, z0: float, z1: float) -> Shape:
        corners = [page((x, y, z)) for x in (x0, x1) for y in (y0, y1) for z in (z0, z1)]
        return Shape("polygon", _hull(corners), fill=fill, stroke=ink, stroke_width=o)

    for prop in props:
        if prop.kind == "mat":
            behind.append(slab(span[0] - 12, span[1] + 12, 0, MAT, -35, 35))
        elif prop.kind == "chair":
            hx, hy, _ = points["hips"]
            seat = hy - TRUNK_R
            x0, x1 = hx - 16, hx + 30
            parts = [slab(x0, x1, seat - 3, seat, -22, 22)]
            for x in (x0 + 2, x1 - 2):
                parts.append(slab(x - 1.5, x + 1.5, 0, seat - 3, -20, 20))
            parts.append(slab(x0, x0 + 3, seat, seat + 48, -20, 20))
            behind += parts
        elif prop.kind == "wall":
            back = min(points[n][0] - POINT_R[n] for n in ("hips", "waist", "chest", "neck", "head"))
            top = max(p[1] for p in points.values()) + 12
            behind.append(slab(back - 5, back, 0, top, -40, 40))
        elif prop.kind == "pillow":  # on the floor, up to the underside of the point
            x, y, z = points[prop.at]
            top = max(floor + PILLOW, y - POINT_R.get(prop.at, 5.0))
            behind.append(slab(x - 14, x + 14, floor, top, z - 16, z + 16))
        elif prop.kind == "towel":  # from the hands, round the sole at the named foot, back
            side = prop.at.rsplit("_", 1)[-1]
            heel, toes = points[f"heel_{side}"], points[f"toes_{side}"]
            ball = tuple(h + (t - h) * 0.7 for h, t in zip(heel, toes))
            loop = (page(points["hand_right"]), page(toes), page(ball), page(points["hand_left"]))
            front.append(Shape("line", loop, 2.2 * page.scale + 2 * o, stroke=palette.ink))
            front.append(Shape("line", loop, 2.2 * page.scale, stroke=palette.far))
    return behind, front


def _hull(points: Sequence[Point]) -> tuple[Point, ...]:
    """Convex hull (monotone chain), so a projected box is one clean polygon."""
    pts = sorted(set((round(x, 6), round(y, 6)) for x, y in points))
    if len(pts) < 3:
        return tuple(pts)

    def cross(o: Point, a: Point, b: Point) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[Point] = []
    upper: list[Point] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return tuple(lower[:-1] + upper[:-1])


# ---------------------------------------------------------------- arrows

def _arrow_shapes(path: Sequence[Point], palette: Palette) -> list[Shape]:
    """A bold arrow along a page path, with a white halo so it reads over the body."""
    if len(path) < 2:
        return []
    (x0, y0), (x1, y1) = path[-2], path[-1]
    d = math.hypot(x1 - x0, y1 - y0) or 1.0
    ux, uy = (x1 - x0) / d, (y1 - y0) / d
    h = palette.arrow_head
    tip = (x1 + ux * h * 0.6, y1 + uy * h * 0.6)
    head = (tip, (x1 - uy * h * 0.55 - ux * h * 0.4, y1 + ux * h * 0.55 - uy * h * 0.4),
            (x1 + uy * h * 0.55 - ux * h * 0.4, y1 - ux * h * 0.55 - uy * h * 0.4))
    w = palette.arrow_width
    return [
        Shape("line", tuple(path), w + 2.4, stroke="#FFFFFF"),
        Shape("polygon", head, 2.4, fill="#FFFFFF", stroke="#FFFFFF"),
        Shape("line", tuple(path), w, stroke=palette.arrow),
        Shape("polygon", head, 0.5, fill=palette.arrow, stroke=palette.arrow),
    ]


def _trim(path: list[Point], start: float, end: float) -> list[Point]:
    """The part of a path between two fractions of its length."""
    lengths = [0.0]
    for a, b in zip(path, path[1:]):
        lengths.append(lengths[-1] + math.dist(a, b))
    total = lengths[-1]
    if total == 0:
        return path
    out = []
    for target in [start + (end - start) * i / 24 for i in range(25)]:
        s = target * total
        i = next((k for k in range(1, len(lengths)) if lengths[k] >= s), len(lengths) - 1)
        seg = lengths[i] - lengths[i - 1] or 1.0
        t = (s - lengths[i - 1]) / seg
        a, b = path[i - 1], path[i]
        out.append((a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t))
    return out


def _offset(path: list[Point], away_from: Point, gap: float) -> list[Point]:
    """Shift a path sideways by gap, to the side away from a point."""
    mid = path[len(path) // 2]
    (ax, ay), (bx, by) = path[0], path[-1]
    nx, ny = -(by - ay), bx - ax
    n = math.hypot(nx, ny)
    if n == 0:
        return path
    nx, ny = nx / n, ny / n
    if (mid[0] - away_from[0]) * nx + (mid[1] - away_from[1]) * ny < 0:
        nx, ny = -nx, -ny
    return [(x + nx * gap, y + ny * gap) for x, y in path]


def _steps(before: Mapping[str, float], after: Mapping[str, float], anchor: str,
           target: Vec | None, props: Sequence[Prop]) -> list[dict[str, Vec]]:
    """The placed body at 25 even steps from pose `before` to pose `after`, for arrows."""
    return [place(blend(before, after, i / 24), anchor, target, props) for i in range(25)]


def _path_points(arrow: Arrow, placed: Mapping[str, Vec], steps: Sequence[Mapping[str, Vec]],
                 page: _Page, centre: Point) -> list[Point]:
    """The page path of an arrow, trimmed, lengthened if tiny, and moved off the body.

    placed is the panel's body; steps (from _steps) is the body on its way there.
    """
    if arrow.direction is not None:
        x, y = page(placed[arrow.point])
        cx, cy = page(placed["waist"])
        a = math.radians(arrow.direction)
        ux, uy = math.cos(a) * (-1 if page.mirror else 1), math.sin(a)
        length = PUSH_LENGTH * page.scale
        if (x - cx) * ux + (y - cy) * uy < -1e-6:  # moving in: come from outside onto the point
            gap = 2.0 * page.scale
            return [(x - ux * (gap + length), y - uy * (gap + length)), (x - ux * gap, y - uy * gap)]
        gap = (POINT_R.get(arrow.point, 0.0) + 4.0) * page.scale  # moving out: start past the body
        return [(x + ux * gap, y + uy * gap), (x + ux * (gap + length), y + uy * (gap + length))]
    raw = [page(step[arrow.point]) for step in steps]
    path = _trim(raw, 0.12, 0.82)
    (ax, ay), (bx, by) = path[0], path[-1]
    chord = math.hypot(bx - ax, by - ay)
    least = ARROW_MIN * page.scale
    if chord < least:
        if chord == 0:
            return []
        ux, uy = (bx - ax) / chord, (by - ay) / chord
        mx, my = (ax + bx) / 2, (ay + by) / 2
        path = [(mx - ux * least / 2, my - uy * least / 2), (mx + ux * least / 2, my + uy * least / 2)]
    return _offset(path, centre, ARROW_GAP * page.scale)


# ---------------------------------------------------------------- panels

def _extent(shapes: Iterable[Shape]) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = []
    for shape in shapes:
        pad = shape.width if shape.kind == "circle" else shape.width / 2 + shape.stroke_width / 2
        for x, y in shape.points:
            xs += [x - pad, x + pad]
            ys += [y - pad, y + pad]
    return min(xs), min(ys), max(xs), max(ys)


def layout_figure(figure: Figure, width: float, height: float, *, mirror: bool = False,
                  side_labels: Sequence[str] = (), palette: Palette = Palette(),
                  gap: float = 6.0, label_size: float = LABEL_SIZE,
                  captions: Mapping[str, str] = VIEW_CAPTIONS,
                  measure: Callable[[str, float], float] = estimate_width
                  ) -> list[PanelDrawing]:
    """Lay out all panels of a figure side by side, each `height` tall, in `width` total.

    measure(text, size) is the width of the side words in their bold font.
    """
    n = len(figure.panels)
    panel_w = (width - gap * (n - 1)) / n
    first = place(figure.panels[0].angles, figure.anchor, None, figure.panels[0].props)
    target = first[figure.anchor]
    placed = [place(p.angles, figure.anchor, target, p.props) for p in figure.panels]
    # The body on its way into each panel (from the one before, or from rest for
    # the first), placed once here and projected anew for every trial scale.
    steps = [
        _steps(figure.panels[i - 1].angles if i else {}, p.angles, figure.anchor, target, p.props)
        if any(a.direction is None for a in p.arrows) else []
        for i, p in enumerate(figure.panels)
    ]
    xs = [p[0] for pts in placed for p in pts.values()]
    span = (min(xs), max(xs))
    # room for captions (two lines for side words) below and the number above
    margin, bottom, top = 5.0, label_size * (2.2 if side_labels else 1) + 6, 6.0
    inner_w, inner_h = panel_w - 2 * margin, height - bottom - top

    def draft(i: int, page: _Page) -> list[Shape]:
        panel, points = figure.panels[i], placed[i]
        behind, front = _prop_shapes(panel.props, points, span, page, palette)
        shapes = behind + _body_shapes(points, page, panel.move, palette) + front
        centre = page(points["waist"]) if i > 0 else (0, 0)
        for arrow in panel.arrows:
            shapes += _arrow_shapes(_path_points(arrow, points, steps[i], page, centre), palette)
        return shapes

    # One scale for the whole figure; each view is centred on its own.
    boxes: dict[str, list[tuple[float, float, float, float]]] = {}
    for i, panel in enumerate(figure.panels):
        boxes.setdefault(panel.view, []).append(_extent(draft(i, _Page(panel.view, 1.0, (0, 0), 0, False))))
    union = {view: (min(b[0] for b in bs), min(b[1] for b in bs), max(b[2] for b in bs), max(b[3] for b in bs))
             for view, bs in boxes.items()}
    # Line widths do not scale, so fit with a little room to spare, then check.
    scale = palette.max_scale
    for x0, y0, x1, y1 in union.values():
        scale = min(scale, inner_w / (x1 - x0), inner_h / (y1 - y0))
    drawings: list[PanelDrawing] = []
    for attempt in range(8):
        drawings = []
        fits = True
        for i, panel in enumerate(figure.panels):
            x0, y0, x1, y1 = union[panel.view]
            offset = (margin + (inner_w - (x1 - x0) * scale) / 2 - x0 * scale,
                      bottom + (inner_h - (y1 - y0) * scale) * 0.3 - y0 * scale)
            page = _Page(panel.view, scale, offset, panel_w, mirror)
            shapes = draft(i, page)
            ex = _extent(shapes)
            fits &= ex[0] >= 1 and ex[1] >= 1 and ex[2] <= panel_w - 1 and ex[3] <= height - 1
            floor_y = page((0.0, 0.0, 0.0))[1]
            extra: list[Shape] = []
            if panel.view in ("side", "front"):
                extra.append(Shape("line", ((2, floor_y), (panel_w - 2, floor_y)), 1.0,
                                   stroke=palette.prop_ink))
            labels = _labels(panel, placed[i], page, height, side_labels, palette, label_size,
                             captions, measure)
            at, radius = _number_circle(label_size)
            number = Shape("circle", ((at, height - at),), radius, fill=palette.number)
            drawings.append(PanelDrawing(
                step=panel.step, width=panel_w, height=height,
                shapes=tuple(extra + shapes) + (number,), labels=labels,
                body={name: page(p) for name, p in placed[i].items()},
            ))
        if fits:
            break
        scale *= 0.94
    return drawings


def _two_lines(words: str) -> list[str]:
    """Split a label at the space nearest its middle."""
    spaces = [i for i, c in enumerate(words) if c == " "]
    if not spaces:
        return [words]
    cut = min(spaces, key=lambda i: abs(i - len(words) / 2))
    return [words[:cut], words[cut + 1:]]


def _labels(panel: Panel, points: Mapping[str, Vec], page: _Page, height: float,
            side_labels: Sequence[str], palette: Palette, size: float,
            captions: Mapping[str, str] = VIEW_CAPTIONS,
            measure: Callable[[str, float], float] = estimate_width) -> tuple[Label, ...]:
    """The step number, a caption for unusual views, and side words under a front view.

    The side words stand under each foot, on one or two lines; where they would
    run into each other (narrow panels, long words) the one under the left foot
    goes on the upper line and the other on the lower line.
    """
    at, _ = _number_circle(size)
    labels = [Label(at, height - at - size * 0.36, str(panel.step), size, "middle", "#FFFFFF", True)]
    if side_labels and panel.view == "front":
        right_x, left_x = page(points["hip_right"])[0], page(points["hip_left"])[0]
        words = (side_labels[0], side_labels[1]) if right_x < left_x else (side_labels[1], side_labels[0])
        one_line = (len(words[0]) + len(words[1]) + 3) * size * CHAR_WIDTH <= page.width
        split = [[word] if one_line else _two_lines(word) for word in words]
        room = page.width - 8 - size * 0.5  # 4pt in from each edge, half a letter between
        side_by_side = all(measure(a, size) + measure(b, size) <= room
                           for a, b in zip(reversed(split[0]), reversed(split[1])))
        placed = [(split[0], 4, "start"), (split[1], page.width - 4, "end")]
        if not side_by_side:  # one above the other, each on one line
            placed = [([words[0], ""], 4, "start"), ([words[1]], page.width - 4, "end")]
        for lines, x, anchor in placed:
            for row, line in enumerate(reversed(lines)):
                if line:
                    labels.append(Label(x, 4 + row * size * 1.1, line, size, anchor,
                                        palette.label, True))
    elif panel.view in captions:
        labels.append(Label(page.width - 4, 4, captions[panel.view], size, "end",
                            palette.label))
    return tuple(labels)
