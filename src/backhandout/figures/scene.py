"""Lay out an exercise's panels as flat shapes, in points. Pure Python.

Every panel of an exercise uses one scale, so the body is the same size in
each and only what moves changes. The body is drawn from its volumes
(solids.py) as outlined, lightly filled shapes; the props stand where the
stage (stage.py) puts them. The renderer turns these shapes into ReportLab
drawing commands and nothing else.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from ..texts import FIGURE_STEP, FIGURE_STEPS, VIEW_BEHIND, VIEW_TOP
from . import outline
from .body import HEAD_RADIUS, SIDES, Vec, blend, skeleton
from .model import Arrow, Figure, Panel
from .solids import Section, Solids
from .stage import BACK_HEIGHT, MAT, Stage, build

Point = tuple[float, float]

ARROW_GAP, ARROW_MIN, PUSH_LENGTH = 7.0, 14.0, 16.0
LABEL_SIZE = 12.0  # default size of words in pictures (pt): as big as body text
CHAR_WIDTH = 0.62  # a bold letter's average width, times the text size
TRUNK_CAPS = (5.0, 4.5)  # cm the trunk rounds out below the pelvis and above the shoulders
TAG_PAD = 0.35  # room round the words of a step tag, times the text size


def estimate_width(text: str, size: float) -> float:
    """A bold text's width (pt) without a font at hand."""
    return len(text) * size * CHAR_WIDTH


def camera_axes(yaw: float, pitch: float) -> tuple[Vec, Vec, Vec]:
    """The page's right and up, and the direction towards the camera, in world axes.

    yaw 0 looks at the figure's right side, 90 at its front; pitch raises the
    camera (90: straight down).
    """
    y, p = math.radians(yaw), math.radians(pitch)
    c = (math.sin(y) * math.cos(p), math.sin(p), math.cos(y) * math.cos(p))
    r = (math.cos(y), 0.0, -math.sin(y))
    u = (c[1] * r[2] - c[2] * r[1], c[2] * r[0] - c[0] * r[2], c[0] * r[1] - c[1] * r[0])
    return r, u, c


def camera(yaw: float, pitch: float):
    """A projection: page x, page y and depth (towards you) from a world point."""
    (r0, r1, r2), (u0, u1, u2), (c0, c1, c2) = camera_axes(yaw, pitch)

    def project(q: Vec) -> tuple[float, float, float]:
        x, y, z = q  # dot products written out, added left to right like sum()
        return (x * r0 + y * r1 + z * r2, x * u0 + y * u1 + z * u2, x * c0 + y * c1 + z * c2)

    return project


VIEW_CAMERAS = {"side": (0, 0), "angled": (45, 35), "raised": (0, 30), "behind": (-90, 62),
                "front": (90, 12), "top": (0, 90)}
VIEWS = {name: camera(*angles) for name, angles in VIEW_CAMERAS.items()}
TOWARDS = {name: camera_axes(*angles)[2] for name, angles in VIEW_CAMERAS.items()}
#: Words in the pictures (English; the renderer passes the translations): the captions of
#: unusual views, and the step tags.
VIEW_CAPTIONS = {"top": VIEW_TOP, "behind": VIEW_BEHIND, "step": FIGURE_STEP,
                 "steps": FIGURE_STEPS}
CAPTIONED_VIEWS = ("top", "behind")


@dataclass(frozen=True)
class Palette:
    """Colours (hex) and line weights (points) of the figures."""

    ink: str = "#1A1A1A"
    near: str = "#FFFFFF"
    far: str = "#CFCFCF"
    far_ink: str = "#666666"
    move: str = "#1B4F72"
    move_far: str = "#6F93B5"
    hair: str = "#5A5A5A"
    move_hair: str = "#0B2436"
    arrow: str = "#C0392B"
    prop: str = "#EDEDED"
    prop_ink: str = "#8C8C8C"
    mat: str = "#A9C0B1"
    strap: str = "#6E6E6E"
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
    """One laid-out panel: where it sits in the figure (x, y from the bottom left), its
    size, shapes and words; `body` holds the body points on the panel, for tests."""

    step: int
    width: float
    height: float
    shapes: tuple[Shape, ...]
    labels: tuple[Label, ...]
    body: dict[str, Point] = field(default_factory=dict)
    x: float = 0.0
    y: float = 0.0
    scale: float = 0.0  # points per cm


def _poly(points: Iterable[Point], **style) -> Shape:
    return Shape("polygon", tuple(points), **style)


def _line(points: Iterable[Point], width: float, **style) -> Shape:
    return Shape("line", tuple(points), width, **style)


def _rounded(shapes: Iterable[Shape], page: "_Page") -> list[Shape]:
    """Shapes with their points to a tenth of a point: finer than print shows, half the bytes.
    Mirrored shapes are rounded before they are mirrored, so they stay exact mirrors."""
    w = page.width
    if page.mirror:
        return [replace(s, points=tuple([(w - round(w - x, 1), round(y, 1)) for x, y in s.points]))
                for s in shapes]
    return [replace(s, points=tuple([(round(x, 1), round(y, 1)) for x, y in s.points]))
            for s in shapes]


def _placed(shapes: Iterable[Shape], page: "_Page") -> list[Shape]:
    """Shapes drawn at scale 1 (in the view's cm) moved onto a page: scaled, shifted,
    mirrored, rounded. Line widths stay; a circle's radius scales."""
    s, (ox, oy), w = page.scale, page.offset, page.width
    out = []
    for shape in shapes:
        if page.mirror:
            pts = tuple([(w - round(x * s + ox, 1), round(y * s + oy, 1)) for x, y in shape.points])
        else:
            pts = tuple([(round(x * s + ox, 1), round(y * s + oy, 1)) for x, y in shape.points])
        if shape.kind == "circle":
            out.append(replace(shape, points=pts, width=shape.width * s))
        else:
            out.append(replace(shape, points=pts))
    return out


def _placed_ring(ring: Sequence[Point], page: "_Page") -> list[Point]:
    s, (ox, oy), w = page.scale, page.offset, page.width
    if page.mirror:
        return [(w - (x * s + ox), y * s + oy) for x, y in ring]
    return [(x * s + ox, y * s + oy) for x, y in ring]


class _Page:
    """World (cm) -> page (points) for one panel: view, scale, offset, mirror."""

    def __init__(self, view: str, scale: float, offset: Point, width: float, mirror: bool):
        self.view, self.scale, self.offset, self.width, self.mirror = view, scale, offset, width, mirror
        self.project = VIEWS[view]

    def flat(self, p: Vec) -> tuple[float, float, float]:
        return self.project(p)

    def __call__(self, p: Vec) -> Point:
        x, y, _ = self.project(p)
        x, y = x * self.scale + self.offset[0], y * self.scale + self.offset[1]
        return (self.width - x if self.mirror else x), y

    def vec(self, d: Vec) -> Point:
        """A world direction (or length) on the page."""
        x, y, _ = self.project(d)
        return (-x if self.mirror else x) * self.scale, y * self.scale


# ---------------------------------------------------------------- body

def _is_far(part: str, depth: Callable[[str], float]) -> bool:
    """A limb is far when its root joint is clearly behind its partner's."""
    for limb, joint in (("arm", "shoulder"), ("leg", "hip")):
        for side, other in (("right", "left"), ("left", "right")):
            if part == f"{limb}_{side}":
                return depth(f"{joint}_{side}") < depth(f"{joint}_{other}") - 5
    return False


def _rings_shapes(rings: Sequence[Sequence[Point]], fill: str, ink: str, o: float) -> list[Shape]:
    """One outlined, filled shape; several pieces are outlined first and filled after, so
    they join without seams."""
    if len(rings) == 1:
        return [_poly(rings[0], fill=fill, stroke=ink, stroke_width=o)]
    return ([_poly(r, width=2 * o, fill=ink, stroke=ink) for r in rings]
            + [_poly(r, fill=fill) for r in rings])


def _balls(balls, page: _Page) -> list[tuple[Point, float]]:
    return [(page(c), r * page.scale) for c, r in balls]


def _lerp(a: Vec, b: Vec, t: float) -> Vec:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t)


def _unit(v: Vec) -> Vec:
    n = math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]) or 1.0
    return (v[0] / n, v[1] / n, v[2] / n)


def _finer(trunk: Sequence[Section]) -> list[Section]:
    """The trunk's sections with one more between each two, on a smoothed curve."""
    out = [trunk[0]]
    for s, t in zip(trunk, trunk[1:]):
        for f in (0.35, 0.65):
            out.append(Section(_lerp(s.centre, t.centre, f), _unit(_lerp(s.depth, t.depth, f)),
                               _unit(_lerp(s.width, t.width, f)), s.a + (t.a - s.a) * f,
                               s.b + (t.b - s.b) * f))
    out.append(trunk[-1])
    return out


def _trunk_ring(trunk: Sequence[Section], page: _Page) -> list[Point]:
    flat = []
    for s in _finer(trunk):
        u, v = page.vec((s.depth[0] * s.a, s.depth[1] * s.a, s.depth[2] * s.a)), \
            page.vec((s.width[0] * s.b, s.width[1] * s.b, s.width[2] * s.b))
        flat.append((page(s.centre), u, v))
    ring = outline.swept(flat, (TRUNK_CAPS[0] * page.scale, TRUNK_CAPS[1] * page.scale))
    if ring is None:  # seen along the spine: the hull of every section
        ring = outline.hull([outline.ellipse_point(c, u, v, k * math.pi / 8)
                             for c, u, v in flat for k in range(16)])
    return ring


def _tones(palette: Palette, moving: bool, far: bool) -> tuple[str, str]:
    if moving:
        return (palette.move_far if far else palette.move), palette.ink
    return (palette.far, palette.far_ink) if far else (palette.near, palette.ink)


def body_shapes(body: Solids, page: _Page, moving: Iterable[str], palette: Palette,
                outline_width: float) -> tuple[list[Shape], list[Point], list[list[Point]]]:
    """The body, back to front; also the head's outline and the moving parts' outlines,
    which arrows keep off."""
    points = body.points
    depth = lambda name: page.flat(points[name])[2]  # noqa: E731
    moving = set(moving)
    o = outline_width
    groups: list[tuple[float, int, list[Shape]]] = []
    moved: list[list[Point]] = []
    # The trunk, neck and head, drawn in that order as one group.
    trunk_fill, trunk_ink = _tones(palette, "trunk" in moving, False)
    head_fill, head_ink = _tones(palette, "head" in moving, False)
    neck = next(c for c in body.chains if c.part == "head")
    head_blob = next(b for b in body.blobs if b.name == "head")
    neck_rings = outline.chain(_balls(neck.balls, page))
    trunk_ring = _trunk_ring(body.trunk, page)
    head_ring = outline.circles_hull(_balls(head_blob.balls, page))
    centre = [*_rings_shapes(neck_rings, head_fill, head_ink, o),
              *_rings_shapes([trunk_ring], trunk_fill, trunk_ink, o),
              *_rings_shapes([head_ring], head_fill, head_ink, o),
              *_face(body, page, head_fill, head_ink, palette, o)]
    trunk_depth = sum(page.flat(s.centre)[2] for s in body.trunk) / len(body.trunk)
    groups.append((trunk_depth, 0, centre))
    if "trunk" in moving:
        moved.append(trunk_ring)
    if "head" in moving:
        moved.append(head_ring)
    for k, side in enumerate(SIDES):
        for limb in ("arm", "leg"):
            name = f"{limb}_{side}"
            chain = next(c for c in body.chains if c.part == name)
            fill, ink = _tones(palette, name in moving, _is_far(name, depth))
            rings = outline.chain(_balls(chain.balls, page))
            shapes = []
            ds = [page.flat(c)[2] for c, _ in chain.balls]
            end = next(b for b in body.blobs if b.part == name)  # the foot or the hand
            end_ring = outline.circles_hull(_balls(end.balls, page))
            if limb == "leg":  # the foot under the shin; the hand over the wrist
                shapes += _rings_shapes([end_ring], fill, ink, o)
            shapes += _rings_shapes(rings, fill, ink, o)
            if limb == "arm":
                shapes += _rings_shapes([end_ring], fill, ink, o)
            rings_all = [end_ring, *rings]
            groups.append((sum(ds) / len(ds), 1 + k, shapes))
            if name in moving:
                moved += rings_all
    groups.sort(key=lambda g: (g[0], g[1]))
    return [s for _, _, shapes in groups for s in shapes], head_ring, moved


def _dot(a: Vec, b: Vec) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def _runs(flags: Sequence[bool]) -> list[int]:
    """The indices of the one run of True in a circular list, in order."""
    n = len(flags)
    start = next((i for i in range(n) if flags[i] and not flags[i - 1]), None)
    if start is None:
        return list(range(n)) if all(flags) else []
    out = []
    i = start
    while flags[i % n] and len(out) < n:
        out.append(i % n)
        i += 1
    return out


def _face(body: Solids, page: _Page, fill: str, ink: str, palette: Palette, o: float) -> list[Shape]:
    """Hair, ear, eyes and nose: which way the head faces."""
    frame = body.axes["head"]
    fwd, up, right = ((frame[0][i], frame[1][i], frame[2][i]) for i in range(3))
    head = body.points["head"]
    toward = TOWARDS[page.view]
    dark = fill in (palette.move, palette.move_far)
    feature = "#FFFFFF" if fill == palette.move else ink
    r = HEAD_RADIUS
    shapes: list[Shape] = []

    def at(x: float, y: float, z: float = 0.0) -> Vec:
        return (head[0] + fwd[0] * x + up[0] * y + right[0] * z,
                head[1] + fwd[1] * x + up[1] * y + right[1] * z,
                head[2] + fwd[2] * x + up[2] * y + right[2] * z)

    # Hair: a cap of the skull, tipped back, cut where it turns away from you.
    h = _unit(tuple(-0.61 * a + 0.79 * b for a, b in zip(fwd, up)))
    cos_cap = math.cos(math.radians(80))
    cam_r, cam_u, _ = camera_axes(*VIEW_CAMERAS[page.view])
    n = 24
    rim = [tuple(math.cos(2 * math.pi * k / n) * a + math.sin(2 * math.pi * k / n) * b
                 for a, b in zip(cam_r, cam_u)) for k in range(n)]
    rim_in = [_dot(d, h) >= cos_cap for d in rim]
    e1 = _unit(tuple(a - _dot(fwd, h) * b for a, b in zip(fwd, h)))
    e2 = (h[1] * e1[2] - h[2] * e1[1], h[2] * e1[0] - h[0] * e1[2], h[0] * e1[1] - h[1] * e1[0])
    sin_cap = math.sqrt(1 - cos_cap * cos_cap)
    edge = [tuple(cos_cap * hh + sin_cap * (math.cos(2 * math.pi * k / n) * a
                                             + math.sin(2 * math.pi * k / n) * b)
                  for hh, a, b in zip(h, e1, e2)) for k in range(n)]
    edge_seen = [_dot(d, toward) >= 0 for d in edge]

    def on(d: Vec) -> Point:
        return page((head[0] + d[0] * r, head[1] + d[1] * r, head[2] + d[2] * r))

    sil, seen = _runs(rim_in), _runs(edge_seen)
    hair: list[Point] = []
    if sil and len(sil) < n and seen:
        arc_pts = [on(rim[i]) for i in sil]
        cut = [on(edge[i]) for i in seen]
        if math.dist(cut[-1], arc_pts[-1]) < math.dist(cut[0], arc_pts[-1]):
            cut.reverse()
        hair = arc_pts + cut
    elif not sil and len(seen) == n:
        hair = [on(d) for d in edge]
    elif len(sil) == n:
        hair = [on(d) for d in rim]
    if len(hair) >= 3:
        shapes.append(_poly(hair, fill=palette.move_hair if dark else palette.hair,
                            stroke=ink, stroke_width=o * 0.6))
    # The ear, on a side that faces you.
    for sign in (1, -1):
        side = tuple(sign * c for c in right)
        if _dot(side, toward) > 0.45:
            c = page(at(-0.8, -1.2, sign * r * 0.93))
            shapes.append(Shape("circle", (c,), 2.0 * page.scale, fill=fill, stroke=ink,
                                stroke_width=o * 0.7))
    # The eyes.
    for sign in (1, -1):
        d = _unit((0.80, 0.14, 0.42 * sign))
        normal = tuple(d[0] * a + d[1] * b + d[2] * c for a, b, c in zip(fwd, up, right))
        if _dot(normal, toward) > 0.25:
            c = page(at(d[0] * r * 0.98, d[1] * r * 0.98, d[2] * r * 0.98))
            shapes.append(Shape("circle", (c,), 1.0 * page.scale, fill=feature))
    # The nose: filled over the skull's outline, with its two edges drawn.
    if _dot(fwd, toward) > -0.35:
        bridge, tip, base = page(at(r * 0.94, 1.0)), page(at(r + 1.9, -3.0)), page(at(r * 0.86, -4.4))
        inner = page(at(r * 0.55, -1.8))
        shapes.append(_poly((bridge, tip, base, inner), fill=fill))
        shapes.append(_line((bridge, tip, base), o, stroke=ink))
    return shapes


# ---------------------------------------------------------------- props

def _box(page: _Page, box: tuple[float, float, float, float, float, float], fill: str, ink: str,
         o: float, soft: bool = False) -> Shape:
    x0, x1, y0, y1, z0, z1 = box
    corners = [page((x, y, z)) for x in (x0, x1) for y in (y0, y1) for z in (z0, z1)]
    ring = outline.hull(corners)
    if soft:
        ring = outline.smooth(ring, 3)
    return _poly(ring, fill=fill, stroke=ink, stroke_width=o)


def _prop_shapes(stage: Stage, i: int, panel: Panel, page: _Page, palette: Palette, height: float,
                 o: float, unit: bool) -> tuple[list[Shape], list[Shape]]:
    """Shapes behind the body, and shapes in front of it (the towel): with unit, those that
    only scale with the figure (drawn once at scale 1); else those drawn for the panel's size."""
    body = stage.bodies[i]
    behind: list[Shape] = []
    front: list[Shape] = []
    fill, ink = palette.prop, palette.prop_ink
    kinds = {p.kind for p in panel.props}
    sized = not unit
    if stage.wall is not None and "wall" in kinds and sized == (page.view == "side"):
        x = stage.wall
        if page.view == "side":  # a wall from the floor to the top of the panel, hatched
            plain = _Page(page.view, page.scale, page.offset, page.width, False)
            (ax, ay), (bx, _) = plain((x - 7.0, 0.0, 0.0)), plain((x, 0.0, 0.0))
            left, right = min(ax, bx), max(ax, bx)
            top = height - 2.0
            behind.append(_poly(((left, ay), (right, ay), (right, top), (left, top)), fill=fill,
                                stroke=ink, stroke_width=o))
            step = max(4.0, 5.0 * page.scale)
            k = 0.0
            while k < (top - ay) + (right - left):
                a = (left, ay + k)
                b = (left + (right - left), ay + k - (right - left))
                # clip the 45-degree line to the wall's band
                pts = []
                for t in (0.0, 1.0):
                    px, py = a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
                    if py < ay:
                        px, py = px - (ay - py), ay
                    if py > top:
                        px, py = px + (py - top), top
                    pts.append((min(max(px, left), right), py))
                if pts[0] != pts[1]:
                    behind.append(_line(pts, 0.5, stroke=ink))
                k += step
            if page.mirror:  # drawn plain, then mirrored: the same wall, hatched the mirror way
                w = page.width
                behind = [replace(s, points=tuple((w - px, py) for px, py in s.points))
                          for s in behind]
        else:
            top = max(p[1] for p in body.points.values()) + 15
            behind.append(_box(page, (x - 7, x, 0.0, top, -45, 45), fill, ink, o))
    if sized:
        for prop in panel.props:
            if prop.kind == "towel":  # from the hands, round the sole at the named foot, back
                side = prop.at.rsplit("_", 1)[-1]
                pts = body.points
                heel, toes = pts[f"heel_{side}"], pts[f"toes_{side}"]
                ball = _lerp(heel, toes, 0.72)
                arch = _lerp(heel, toes, 0.45)
                loop = (page(pts["hand_right"]), page(ball), page(arch), page(pts["hand_left"]))
                front.append(_line(loop, 2.6 * page.scale + 2 * o, stroke=palette.ink))
                front.append(_line(loop, 2.6 * page.scale, stroke=palette.strap))
        return behind, front
    if stage.mat is not None and "mat" in kinds:
        x0, x1 = stage.mat
        behind.append(_box(page, (x0, x1, 0.0, MAT, -30, 30), palette.mat, ink, o))
    if stage.chair is not None and "chair" in kinds:
        boxes = stage.chair.boxes()
        seat = boxes.pop("seat")
        back = stage.chair.back
        rail = (back, back + 3, stage.chair.seat + BACK_HEIGHT * 0.45,
                stage.chair.seat + BACK_HEIGHT, seat[4], seat[5])
        posts = [(back, back + 3, stage.chair.seat, stage.chair.seat + BACK_HEIGHT, z, z + 3)
                 for z in (seat[4], seat[5] - 3)]
        parts = [*boxes.values(), *posts, rail, seat]
        parts = [b for k, b in zip(range(len(parts)), parts)]
        parts.sort(key=lambda b: page.flat(((b[0] + b[1]) / 2, (b[2] + b[3]) / 2,
                                            (b[4] + b[5]) / 2))[2])
        for b in parts:
            behind.append(_box(page, b, fill, ink, o))
    for pillow in stage.pillows[i]:
        behind.append(_box(page, (pillow.x - 20, pillow.x + 20, stage.floor, pillow.top,
                                  pillow.z - 18, pillow.z + 18), fill, ink, o, soft=True))
    return behind, front


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
        _line(path, w + 2.4, stroke="#FFFFFF"),
        _poly(head, width=2.4, fill="#FFFFFF", stroke="#FFFFFF"),
        _line(path, w, stroke=palette.arrow),
        _poly(head, width=0.5, fill=palette.arrow, stroke=palette.arrow),
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
    for target in [start + (end - start) * i / 12 for i in range(13)]:
        s = target * total
        i = next((k for k in range(1, len(lengths)) if lengths[k] >= s), len(lengths) - 1)
        seg = lengths[i] - lengths[i - 1] or 1.0
        t = (s - lengths[i - 1]) / seg
        a, b = path[i - 1], path[i]
        out.append((a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t))
    return out


def _shift(path: list[Point], away_from: Point, gap: float, flip: bool,
           mirror: bool) -> list[Point]:
    """Shift a path sideways by gap, to the side away from a point (or towards it, flipped);
    a path that runs through the point goes the way the figure faces (mirrored too)."""
    mid = path[len(path) // 2]
    (ax, ay), (bx, by) = path[0], path[-1]
    nx, ny = -(by - ay), bx - ax
    n = math.hypot(nx, ny)
    if n == 0:
        return path
    nx, ny = nx / n, ny / n
    side = (mid[0] - away_from[0]) * nx + (mid[1] - away_from[1]) * ny
    if abs(side) < 1e-6:
        side = -nx if mirror else nx
    if (side < 0) != flip:
        nx, ny = -nx, -ny
    return [(x + nx * gap, y + ny * gap) for x, y in path]


def _travel(figure: Figure, stage: Stage, i: int, point: str) -> list[Vec]:
    """Where a body point goes on its way from panel i - 1 to panel i (13 steps, world cm)."""
    before, after = figure.panels[i - 1].angles, figure.panels[i].angles
    a, b = stage.bodies[i - 1].points["hips"], stage.bodies[i].points["hips"]
    out = []
    for k in range(13):
        t = k / 12
        p = skeleton(blend(before, after, t))[point]
        s = _lerp(a, b, t)
        out.append((p[0] + s[0], p[1] + s[1], p[2] + s[2]))
    return out


def _clear(path: Sequence[Point], head: Sequence[Point], avoid: Sequence[Sequence[Point]],
           margin: float) -> bool:
    """Whether a path keeps off the face and off the parts that move."""
    hx = sum(p[0] for p in head) / len(head)
    hy = sum(p[1] for p in head) / len(head)
    hr = max(math.dist((hx, hy), p) for p in head) + margin
    for p in path:
        if math.dist(p, (hx, hy)) < hr:
            return False
        if any(outline.inside(p, ring) for ring in avoid):
            return False
    return True


def _arrow_path(arrow: Arrow, body: Solids, travel: Sequence[Vec], page: _Page,
                head: Sequence[Point], avoid: Sequence[Sequence[Point]]) -> list[Point]:
    """The page path of an arrow, trimmed, lengthened if tiny, and moved off the body."""
    x, y = page(body.points[arrow.point])
    cx, cy = page(body.points["waist"])
    margin = 1.5 + page.scale
    if arrow.direction is not None:
        a = math.radians(arrow.direction)
        ux, uy = math.cos(a) * (-1 if page.mirror else 1), math.sin(a)
        length = PUSH_LENGTH * page.scale
        if (x - cx) * ux + (y - cy) * uy < -1e-6:  # moving in: come from outside onto the point
            gap = 2.0 * page.scale
            return [(x - ux * (gap + length), y - uy * (gap + length)), (x - ux * gap, y - uy * gap)]
        path: list[Point] = []
        for extra in (4.0, 8.0, 13.0):  # moving out: start past the body
            gap = (extra + 3.0) * page.scale
            path = [(x + ux * gap, y + uy * gap), (x + ux * (gap + length), y + uy * (gap + length))]
            if _clear(path, head, (), margin):
                break
        return path
    raw = [page(p) for p in travel]
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
    first: list[Point] = []
    for flip in (False, True):
        for gap in (ARROW_GAP, ARROW_GAP * 1.8, ARROW_GAP * 2.8):
            moved = _shift(path, (cx, cy), gap * page.scale, flip, page.mirror)
            first = first or moved
            if _clear(moved, head, avoid, margin):
                return moved
    # Still on the moving part: put it ahead of the part, the way it moves.
    (ax, ay), (bx, by) = path[0], path[-1]
    d = math.hypot(bx - ax, by - ay) or 1.0
    ux, uy = (bx - ax) / d, (by - ay) / d
    for ahead in (1.0, 2.0, 3.0, 4.5):
        k = ahead * ARROW_GAP * page.scale
        moved = [(x + ux * k, y + uy * k) for x, y in path]
        if _clear(moved, head, avoid, margin):
            return moved
    return first


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


def _on_tag(shapes: Sequence[Shape], tag: Sequence[Point], width: float, props: str) -> bool:
    """Whether the body or an arrow comes near the step tag's corner, or the corner opposite
    (where the tag falls when the figure is mirrored). Props (stroked `props`) may."""
    x1 = max(p[0] for p in tag) + 2.0
    y0 = min(p[1] for p in tag) - 2.0
    for shape in shapes:
        if shape.stroke == props:
            continue
        pad = shape.width if shape.kind == "circle" else shape.width / 2 + shape.stroke_width / 2
        for x, y in shape.points:
            if y + pad > y0 and (x - pad < x1 or x + pad > width - x1):
                return True
    return False


def step_words(panel: Panel, captions: Mapping[str, str]) -> str:
    """'Step 3', or 'Steps 1 to 2' for a panel that shows more than one step."""
    first, last = panel.steps
    if first == last:
        return captions["step"].format(n=last)
    return captions["steps"].format(first=first, last=last)


def _tag(text: str, size: float, height: float, width: float,
         measure: Callable[[str, float], float]) -> tuple[tuple[Point, ...], Label, float]:
    """A step tag in the panel's top left corner: its outline, its words, its width. In a
    panel too narrow for "Steps 1–2" the tag keeps its size and says just "1–2" (smaller
    words only where even that does not fit)."""
    w = measure(text, size) + 2 * TAG_PAD * size
    if w > width - 6:
        text = text.split(" ")[-1]
        w = measure(text, size) + 2 * TAG_PAD * size
    if w > width - 6:
        size *= (width - 6) / w
        w = width - 6
    h = size * (1 + 2 * TAG_PAD * 0.8)
    x0, y1 = 3.0, height - 3.0
    box = outline.smooth(((x0, y1 - h), (x0 + w, y1 - h), (x0 + w, y1), (x0, y1)), 2)
    label = Label(x0 + w / 2, y1 - h / 2 - size * 0.36, text, size, "middle", "#FFFFFF", True)
    return tuple((round(x, 1), round(y, 1)) for x, y in box), label, w


@dataclass(frozen=True)
class _Unit:
    """A panel drawn once at scale 1 (in the view's cm): the props that only scale, the body,
    and the outlines arrows keep off (the head, the moving parts)."""

    behind: tuple[Shape, ...]
    body: tuple[Shape, ...]
    head: tuple[Point, ...]
    moved: tuple[tuple[Point, ...], ...]


@dataclass(frozen=True)
class _Prepared:
    """What a figure's layout needs at any size: the stage, the arrows' paths, each panel
    drawn at scale 1, and the size of each view's panels at scale 1."""

    stage: Stage
    travels: tuple[dict[str, list[Vec]], ...]
    units: tuple[_Unit, ...]
    union: dict[str, tuple[float, float, float, float]]


def _unit_panel(figure: Figure, stage: Stage, i: int, palette: Palette) -> _Unit:
    panel = figure.panels[i]
    page = _Page(panel.view, 1.0, (0.0, 0.0), 0.0, False)
    o = palette.outline
    behind, _ = _prop_shapes(stage, i, panel, page, palette, 0.0, o, unit=True)
    shapes, head, moved = body_shapes(stage.bodies[i], page, panel.move, palette, o)
    return _Unit(tuple(behind), tuple(shapes), tuple(head), tuple(tuple(r) for r in moved))


def _draft(figure: Figure, prep: _Prepared, i: int, page: _Page, palette: Palette,
           height: float) -> tuple[list[Shape], list[Shape]]:
    """The panel's body and props on the page, and its arrows."""
    panel, stage, unit = figure.panels[i], prep.stage, prep.units[i]
    body = stage.bodies[i]
    o = palette.outline
    sized, front = _prop_shapes(stage, i, panel, page, palette, height, o, unit=False)
    head = _placed_ring(unit.head, page)
    moved = [_placed_ring(r, page) for r in unit.moved]
    arrows: list[Shape] = []
    for arrow in panel.arrows:
        path = _arrow_path(arrow, body, prep.travels[i].get(arrow.point, ()), page, head, moved)
        arrows += _arrow_shapes(path, palette)
    shapes = (_rounded(sized, page) + _placed(unit.behind, page) + _placed(unit.body, page)
              + _rounded(front, page))
    return shapes, _rounded(arrows, page)


_PREPARED: dict[tuple[Figure, Palette], _Prepared] = {}


def prepare(figure: Figure, palette: Palette = Palette()) -> _Prepared:
    """The stage, arrow paths, panels at scale 1 and unit sizes of a figure (kept: a figure
    is laid out often)."""
    key = (figure, palette)
    done = _PREPARED.get(key)
    if done is not None:
        return done
    stage = build(figure)
    travels = tuple(
        {a.point: _travel(figure, stage, i, a.point) for a in p.arrows if a.direction is None}
        for i, p in enumerate(figure.panels)
    )
    units = tuple(_unit_panel(figure, stage, i, palette) for i in range(len(figure.panels)))
    rough = _Prepared(stage, travels, units, {})
    boxes: dict[str, list[tuple[float, float, float, float]]] = {}
    for i, panel in enumerate(figure.panels):
        body, arrows = _draft(figure, rough, i, _Page(panel.view, 1.0, (0, 0), 0, False),
                              palette, 0.0)
        boxes.setdefault(panel.view, []).append(_extent(body + arrows))
    union = {view: (min(b[0] for b in bs), min(b[1] for b in bs), max(b[2] for b in bs),
                    max(b[3] for b in bs)) for view, bs in boxes.items()}
    if len(_PREPARED) > 256:
        _PREPARED.clear()
    done = _PREPARED[key] = _Prepared(stage, travels, units, union)
    return done


def _room(figure: Figure, label_size: float, side_labels: Sequence[str],
          panel_w: float = 0.0,
          measure: Callable[[str, float], float] = estimate_width) -> tuple[float, float, float]:
    """Room (pt) kept clear: at the sides, below (captions, side words: one line when both
    fit side by side, else two) and above."""
    if side_labels and any(p.view == "front" for p in figure.panels):
        side_by_side = sum(measure(w, label_size) for w in side_labels) <= panel_w - 8 - label_size
        return 4.0, label_size * (1.1 if side_by_side else 2.2) + 4, 4.0
    if any(p.view in CAPTIONED_VIEWS for p in figure.panels):
        return 4.0, label_size + 4, 4.0
    return 4.0, 4.0, 4.0


def fitted_scale(figure: Figure, panel_w: float, height: float, *, side_labels: Sequence[str] = (),
                 palette: Palette = Palette(), label_size: float = LABEL_SIZE,
                 max_scale: float | None = None,
                 measure: Callable[[str, float], float] = estimate_width) -> float:
    """The scale (pt per cm) the figure's panels get at this panel size (before the final
    check, which may take it a few per cent smaller)."""
    margin, bottom, top = _room(figure, label_size, side_labels, panel_w, measure)
    inner_w, inner_h = panel_w - 2 * margin, height - bottom - top
    scale = max_scale or palette.max_scale
    for x0, y0, x1, y1 in prepare(figure, palette).union.values():
        scale = min(scale, inner_w / (x1 - x0), inner_h / (y1 - y0))
    return scale


def needed_height(figure: Figure, scale: float, *, side_labels: Sequence[str] = (),
                  palette: Palette = Palette(), label_size: float = LABEL_SIZE,
                  panel_w: float = 0.0,
                  measure: Callable[[str, float], float] = estimate_width) -> float:
    """The panel height (pt) the figure needs at a scale."""
    _, bottom, top = _room(figure, label_size, side_labels, panel_w, measure)
    tallest = max(y1 - y0 for _, y0, _, y1 in prepare(figure, palette).union.values())
    tag = label_size * (1 + 2 * TAG_PAD * 0.8) + 3  # a wide figure keeps below the tag
    return tallest * scale * 1.03 + bottom + top + tag + 2


def layout_figure(figure: Figure, width: float, height: float, *, mirror: bool = False,
                  side_labels: Sequence[str] = (), palette: Palette = Palette(),
                  gap: float = 6.0, label_size: float = LABEL_SIZE,
                  captions: Mapping[str, str] = VIEW_CAPTIONS,
                  measure: Callable[[str, float], float] = estimate_width,
                  columns: int | None = None, max_scale: float | None = None
                  ) -> list[PanelDrawing]:
    """Lay out all panels of a figure in rows of `columns` (all in one row by default),
    each panel `height` tall, the rows `width` wide.

    measure(text, size) is the width of the words in their bold font.
    """
    captions = {**VIEW_CAPTIONS, **captions}
    n = len(figure.panels)
    cols = min(n, columns or n)
    rows = -(-n // cols)
    panel_w = (width - gap * (cols - 1)) / cols
    prep = prepare(figure, palette)
    stage, union = prep.stage, prep.union
    margin, bottom, top = _room(figure, label_size, side_labels, panel_w, measure)
    inner_w = panel_w - 2 * margin
    tags = [_tag(step_words(p, captions), label_size, height, panel_w, measure)
            for p in figure.panels]

    def draft(i: int, page: _Page) -> tuple[list[Shape], list[Shape]]:
        return _draft(figure, prep, i, page, palette, height)

    # Line widths do not scale, so fit with a little room to spare, then check.
    scale = fitted_scale(figure, panel_w, height, side_labels=side_labels, palette=palette,
                         label_size=label_size, max_scale=max_scale, measure=measure)
    drawings: list[PanelDrawing] = []
    for attempt in range(10):
        drawings = []
        fits = True
        for i, panel in enumerate(figure.panels):
            x0, y0, x1, y1 = union[panel.view]
            left = margin + (inner_w - (x1 - x0) * scale) / 2 - x0 * scale
            offset = (left, bottom - y0 * scale)  # on the bottom: the tag keeps the top clear
            page = _Page(panel.view, scale, offset, panel_w, mirror)
            body, arrows = draft(i, page)
            shapes = body + arrows
            tag_box, tag_label, tag_w = tags[i]
            ex = _extent(shapes)
            if _on_tag(shapes, tag_box, panel_w, palette.prop_ink):  # keep off the step tag, plain or mirrored
                fits = False
            fits &= ex[0] >= 1 and ex[1] >= 1 and ex[2] <= panel_w - 1 and ex[3] <= height - 1
            extra: list[Shape] = []
            if panel.view in ("side", "front"):
                floor_y = page((0.0, 0.0, 0.0))[1]
                extra.append(_line(((2, floor_y), (panel_w - 2, floor_y)), 1.0,
                                   stroke=palette.prop_ink))
            labels = _labels(panel, stage.bodies[i], page, side_labels, palette, label_size,
                             captions, measure)
            tag = _poly(tag_box, fill=palette.number)
            row, col = divmod(i, cols)
            drawings.append(PanelDrawing(
                step=panel.step, width=panel_w, height=height,
                shapes=tuple(extra + shapes) + (tag,), labels=(tag_label, *labels),
                body={name: page(p) for name, p in stage.bodies[i].points.items()},
                x=col * (panel_w + gap), y=(rows - 1 - row) * (height + gap), scale=scale,
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


def _labels(panel: Panel, body: Solids, page: _Page, side_labels: Sequence[str],
            palette: Palette, size: float, captions: Mapping[str, str],
            measure: Callable[[str, float], float]) -> tuple[Label, ...]:
    """A caption for unusual views, and side words under a front view.

    The side words stand under each foot, on one or two lines; where they would
    run into each other (narrow panels, long words) the one under the left foot
    goes on the upper line and the other on the lower line.
    """
    points = body.points
    labels = []
    if side_labels and panel.view == "front":
        right_x, left_x = page(points["hip_right"])[0], page(points["hip_left"])[0]
        words = (side_labels[0], side_labels[1]) if right_x < left_x else (side_labels[1], side_labels[0])
        one_line = measure(words[0], size) + measure(words[1], size) <= page.width - 8 - size
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
    elif panel.view in CAPTIONED_VIEWS:
        labels.append(Label(page.width - 4, 4, captions[panel.view], size, "end",
                            palette.label))
    return tuple(labels)
