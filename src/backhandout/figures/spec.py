"""Read and check the `figure:` block of an exercise file."""

from __future__ import annotations

from typing import Any

import yaml

from .. import schema as s
from .body import JOINTS, PARTS, POINTS
from .model import POINT_PROPS, PROPS, VIEWS, Arrow, Figure, Panel, Prop

_point = s.choice(*POINTS)
_FOOT = tuple(p for p in POINTS if p.split("_")[0] in ("heel", "toes", "ankle"))


def _pose(node: yaml.Node, ctx: s.Ctx) -> dict[str, int]:
    """Joint angles: `knee_right: 90` sets the first motion, `hip_right: {out: 20}` any."""
    if not isinstance(node, yaml.MappingNode):
        raise ctx.fail(node, "expected a mapping of joint angles")
    angles: dict[str, int] = {}
    seen: set[str] = set()
    for key_node, value in node.value:
        joint = s.scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
        where = ctx.key(str(joint))
        if joint not in JOINTS:
            known = ", ".join(JOINTS)
            raise where.fail(key_node, f"unknown joint (expected one of: {known})")
        if joint in seen:
            raise where.fail(key_node, "this joint appears twice")
        seen.add(joint)
        motions = JOINTS[joint]
        if isinstance(value, yaml.MappingNode):
            spec = s.mapping({m: s.optional(s.whole(*r)) for m, r in motions.items()})
            for motion, degrees in spec(value, where).items():
                if degrees is not None:
                    angles[f"{joint}.{motion}"] = degrees
        else:
            motion, limits = next(iter(motions.items()))
            angles[f"{joint}.{motion}"] = s.whole(*limits)(value, where)
    return angles


def _prop(node: yaml.Node, ctx: s.Ctx) -> Prop:
    if isinstance(node, yaml.MappingNode):
        at = {"pillow": _point, "towel": s.choice(*_FOOT)}
        raw = s.mapping({k: s.optional(at[k]) for k in POINT_PROPS})(node, ctx)
        given = [(k, v) for k, v in raw.items() if v is not None]
        if len(given) != 1:
            raise ctx.fail(node, f"expected one of {', '.join(POINT_PROPS)} with a body point")
        return Prop(kind=given[0][0], at=given[0][1])
    kind = s.choice(*(p for p in PROPS if p not in POINT_PROPS))(node, ctx)
    return Prop(kind=kind)


def _arrow(node: yaml.Node, ctx: s.Ctx) -> Arrow:
    if isinstance(node, yaml.MappingNode):
        raw = s.mapping({"at": _point, "direction": s.whole(0, 359)})(node, ctx)
        return Arrow(point=raw["at"], direction=raw["direction"])
    return Arrow(point=_point(node, ctx))


def _arrows(node: yaml.Node, ctx: s.Ctx) -> tuple[Arrow, ...]:
    if isinstance(node, yaml.SequenceNode):
        return s.listof(_arrow, 1, 4)(node, ctx)
    return (_arrow(node, ctx),)


_PROPS = s.listof(_prop, 0, 6)

_PANEL = s.mapping(
    {
        "step": s.whole(1, 7),
        "view": s.optional(s.choice(*VIEWS)),
        "pose": s.optional(_pose, {}),
        "move": s.optional(s.listof(s.choice(*PARTS), 1, len(PARTS), unique=True), ()),
        "arrow": s.optional(_arrows, ()),
        "props": s.optional(_PROPS),
    }
)

_FIGURE = s.mapping(
    {
        "view": s.optional(s.choice(*VIEWS), "side"),
        "anchor": s.optional(_point, "hips"),
        "props": s.optional(_PROPS, ()),
        "panels": s.listof(_PANEL, 2, 4),
    }
)


def _nth(node: yaml.Node, key: str, index: int | None = None, sub: str | None = None) -> yaml.Node:
    """A node below a mapping (key), a list item (index) and its key (sub), for error lines."""
    for k, v in node.value if isinstance(node, yaml.MappingNode) else ():
        if k.value == key:
            node = v
            break
    if index is not None and isinstance(node, yaml.SequenceNode):
        node = node.value[index]
        if sub is not None:
            node = _nth(node, sub)
    return node


def figure(node: yaml.Node, ctx: s.Ctx, step_count: int) -> Figure:
    """Check a figure block against its exercise's step count and build it.

    Each panel's pose lists only what changes from the panel before it.
    """
    raw: dict[str, Any] = _FIGURE(node, ctx)
    panels: list[Panel] = []
    pose: dict[str, float] = {}
    for i, item in enumerate(raw["panels"]):
        where = ctx.key("panels").index(i)
        step = item["step"]
        if step > step_count:
            raise where.key("step").fail(
                _nth(node, "panels", i, "step"),
                f"there is no step {step} (the exercise has {step_count} steps)",
            )
        if panels and step <= panels[-1].step:
            raise where.key("step").fail(
                _nth(node, "panels", i, "step"), "panels must follow the steps in order"
            )
        if not panels and any(a.direction is None for a in item["arrow"]):
            raise where.key("arrow").fail(
                _nth(node, "panels", i, "arrow"),
                "the first panel has no movement to follow (give a direction)",
            )
        pose = pose | item["pose"]
        panels.append(
            Panel(
                step=step,
                view=item["view"] or raw["view"],
                pose=tuple(sorted(pose.items())),
                move=item["move"],
                arrows=item["arrow"],
                props=item["props"] if item["props"] is not None else raw["props"],
            )
        )
    return Figure(anchor=raw["anchor"], panels=tuple(panels))
