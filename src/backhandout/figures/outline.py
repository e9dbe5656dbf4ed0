"""Flat outlines, in points: a tapered limb round its joints, the hull of a few circles,
a swept trunk. Pure Python; every outline is a closed polygon, counter-clockwise.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

Point = tuple[float, float]
SAG = 0.2  # how far (pt) a polygon's side may fall inside the true curve
_UNIT = tuple((math.cos(k * math.pi / 7), math.sin(k * math.pi / 7)) for k in range(14))


def _steps(radius: float, sweep: float) -> int:
    """How many straight sides an arc needs to look round at this size."""
    if radius <= SAG:
        return 1
    most = 2 * math.acos(max(-1.0, 1 - SAG / radius))
    return max(1, math.ceil(abs(sweep) / max(most, 0.05)))


def arc(c: Point, r: float, a0: float, a1: float) -> list[Point]:
    """Points on a circle from angle a0 to a1 (radians, either way round), both ends included."""
    n = _steps(r, a1 - a0)
    return [(c[0] + r * math.cos(a0 + (a1 - a0) * i / n), c[1] + r * math.sin(a0 + (a1 - a0) * i / n))
            for i in range(n + 1)]


def circle(c: Point, r: float) -> list[Point]:
    """A closed circle's points (without repeating the first)."""
    return arc(c, r, 0.0, 2 * math.pi)[:-1]


def hull(points: Sequence[Point]) -> list[Point]:
    """Convex hull (monotone chain), counter-clockwise."""
    pts = sorted(set(points))
    if len(pts) < 3:
        return list(pts)
    lower: list[Point] = []
    upper: list[Point] = []
    for chain_, seq in ((lower, pts), (upper, reversed(pts))):
        for p in seq:
            px, py = p
            while len(chain_) >= 2:
                (ox, oy), (ax, ay) = chain_[-2], chain_[-1]
                if (ax - ox) * (py - oy) - (ay - oy) * (px - ox) > 0:
                    break
                chain_.pop()
            chain_.append(p)
    return lower[:-1] + upper[:-1]


def circles_hull(balls: Sequence[tuple[Point, float]]) -> list[Point]:
    """The hull of a few circles (each as a 14-gon): a foot, a hand, a head."""
    return hull([(x + r * c, y + r * s) for (x, y), r in balls for c, s in _UNIT])


def _tangents(a: Point, ra: float, b: Point, rb: float) -> tuple[float, float] | None:
    """The outward normals' angles (left side, right side) of the two outer tangents
    from circle a to circle b, or None when one circle holds the other."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    d = math.hypot(dx, dy)
    if d <= abs(ra - rb) + 1e-6:
        return None
    base = math.atan2(dy, dx)
    alpha = math.acos((ra - rb) / d)  # from the direction a->b to each normal
    return base + alpha, base - alpha


def _meet(p: Point, u: Point, q: Point, v: Point) -> tuple[float, float] | None:
    """Where line p + s u meets line q + t v: (s, t), or None when parallel."""
    det = u[0] * (-v[1]) - u[1] * (-v[0])
    if abs(det) < 1e-9:
        return None
    wx, wy = q[0] - p[0], q[1] - p[1]
    s = (wx * (-v[1]) - wy * (-v[0])) / det
    t = (u[0] * wy - u[1] * wx) / det
    return s, t


def _wrap(a: float, b: float, ccw: bool) -> float:
    """Angle b moved by whole turns so going from a to b runs the chosen way, under a turn."""
    if ccw:
        while b < a:
            b += 2 * math.pi
        while b - a >= 2 * math.pi:
            b -= 2 * math.pi
    else:
        while b > a:
            b -= 2 * math.pi
        while a - b >= 2 * math.pi:
            b += 2 * math.pi
    return b


def _side(balls: Sequence[tuple[Point, float]], normals: Sequence[float], left: bool) -> list[Point] | None:
    """One side of a chain from its first ball to its last: tangent lines, rounded
    round the outside of each joint, cut at the inside. None when a fold is too tight."""
    out: list[Point] = []
    n = len(normals)
    for i in range(n):
        (a, ra), (b, rb) = balls[i], balls[i + 1]
        ang = normals[i]
        start = (a[0] + ra * math.cos(ang), a[1] + ra * math.sin(ang))
        end = (b[0] + rb * math.cos(ang), b[1] + rb * math.sin(ang))
        if i == 0:
            out.append(start)
        if i == n - 1:
            out.append(end)
            break
        nxt = normals[i + 1]
        (c, rc) = balls[i + 2]
        nstart = (b[0] + rb * math.cos(nxt), b[1] + rb * math.sin(nxt))
        nend = (c[0] + rc * math.cos(nxt), c[1] + rc * math.sin(nxt))
        # Which way does the chain turn here? Outside of the turn: an arc; inside: a cut.
        d1 = (b[0] - a[0], b[1] - a[1])
        d2 = (c[0] - b[0], c[1] - b[1])
        turn = d1[0] * d2[1] - d1[1] * d2[0]
        outside = (turn < 0) if left else (turn > 0)
        if outside or abs(turn) < 1e-9 * (math.hypot(*d1) * math.hypot(*d2) + 1e-12):
            sweep = (nxt - ang + math.pi) % (2 * math.pi) - math.pi  # the short way round
            out += arc(b, rb, ang, ang + sweep)
            continue
        met = _meet(start, (end[0] - start[0], end[1] - start[1]),
                    nstart, (nend[0] - nstart[0], nend[1] - nstart[1]))
        if met is None or not (0.0 <= met[0] <= 1.0 and 0.0 <= met[1] <= 1.0):
            return None
        out.append((start[0] + (end[0] - start[0]) * met[0], start[1] + (end[1] - start[1]) * met[0]))
    return out


def chain(balls: Sequence[tuple[Point, float]]) -> list[list[Point]]:
    """A limb's outline: one polygon round its balls, or (where a joint folds tighter than
    one outline can follow) one polygon per piece, to be drawn outline first, fill after."""
    kept = [balls[0]]
    for c, r in balls[1:]:  # drop balls hidden inside their neighbour (seen end on)
        if _tangents(kept[-1][0], kept[-1][1], c, r) is None:
            if r > kept[-1][1]:
                kept[-1] = (c, r)
            continue
        kept.append((c, r))
    if len(kept) == 1:
        return [circle(*kept[0])]
    pairs = [_tangents(a, ra, b, rb) for (a, ra), (b, rb) in zip(kept, kept[1:])]
    lefts = [p[0] for p in pairs]  # type: ignore[index]
    rights = [p[1] for p in pairs]  # type: ignore[index]
    left = _side(kept, lefts, True)
    right = _side(kept, rights, False)
    if left is None or right is None:
        return [chain([a, b])[0] for a, b in zip(kept, kept[1:])]
    (a, ra), (b, rb) = kept[0], kept[-1]
    end_cap = arc(b, rb, rights[-1], _wrap(rights[-1], lefts[-1], ccw=True))
    start_cap = arc(a, ra, lefts[0], _wrap(lefts[0], rights[0], ccw=True))
    ring = right + end_cap[1:-1] + list(reversed(left)) + start_cap[1:-1]
    return [ring]


def ellipse_point(c: Point, u: Point, v: Point, t: float) -> Point:
    """The point at parameter t of the ellipse c + u cos t + v sin t."""
    return (c[0] + u[0] * math.cos(t) + v[0] * math.sin(t), c[1] + u[1] * math.cos(t) + v[1] * math.sin(t))


def ellipse_param(u: Point, v: Point, d: Point) -> float:
    """The parameter of the ellipse's point furthest in direction d."""
    return math.atan2(v[0] * d[0] + v[1] * d[1], u[0] * d[0] + u[1] * d[1])


def swept(sections: Sequence[tuple[Point, Point, Point]],
          caps: tuple[float, float] = (0.0, 0.0)) -> list[Point] | None:
    """The outline of flat ellipses (centre, axis u, axis v) swept along their centres,
    its ends rounded out by caps (first, last), or None when the sweep is seen end on."""
    centres = [c for c, _, _ in sections]
    length = sum(math.dist(a, b) for a, b in zip(centres, centres[1:]))
    size = max(math.hypot(*u) + math.hypot(*v) for _, u, v in sections)
    if length < size * 0.9:
        return None
    left: list[Point] = []
    right: list[Point] = []
    outs: list[Point] = []
    for i, (c, u, v) in enumerate(sections):
        a = centres[max(0, i - 1)]
        b = centres[min(len(centres) - 1, i + 1)]
        tx, ty = b[0] - a[0], b[1] - a[1]
        t = math.hypot(tx, ty) or 1.0
        n = (-ty / t, tx / t)
        tl, tr = ellipse_param(u, v, n), ellipse_param(u, v, (-n[0], -n[1]))
        left.append(ellipse_point(c, u, v, tl))
        right.append(ellipse_point(c, u, v, tr))
        if i in (0, len(sections) - 1):
            outs.append((-tx / t, -ty / t) if i == 0 else (tx / t, ty / t))

    def cap(i: int, out: Point, length: float) -> list[Point]:
        """A half ellipse from the right edge round to the left edge, bulging out."""
        r, l = right[i], left[i]
        m = ((r[0] + l[0]) / 2, (r[1] + l[1]) / 2)
        half = math.dist(r, l) / 2
        k = _steps(max(half, length), math.pi)
        return [(m[0] + (r[0] - m[0]) * math.cos(a) + out[0] * length * math.sin(a),
                 m[1] + (r[1] - m[1]) * math.cos(a) + out[1] * length * math.sin(a))
                for a in (math.pi * j / k for j in range(1, k))]

    last = len(sections) - 1
    ring = (right + cap(last, outs[1], caps[1]) + list(reversed(left))
            + [p for p in reversed(cap(0, outs[0], caps[0]))])
    return ring


def smooth(points: Sequence[Point], rounds: int = 2, closed: bool = True) -> list[Point]:
    """Corners cut (Chaikin), so a box becomes a soft cushion."""
    pts = list(points)
    for _ in range(rounds):
        out = []
        n = len(pts)
        for i in range(n if closed else n - 1):
            a, b = pts[i], pts[(i + 1) % n]
            out += [(a[0] * 0.75 + b[0] * 0.25, a[1] * 0.75 + b[1] * 0.25),
                    (a[0] * 0.25 + b[0] * 0.75, a[1] * 0.25 + b[1] * 0.75)]
        if not closed:
            out = [pts[0], *out, pts[-1]]
        pts = out
    return pts


def inside(p: Point, polygon: Sequence[Point]) -> bool:
    """Whether a point lies inside a polygon (even-odd)."""
    x, y = p
    hit = False
    n = len(polygon)
    for i in range(n):
        (x0, y0), (x1, y1) = polygon[i], polygon[(i + 1) % n]
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            hit = not hit
    return hit
