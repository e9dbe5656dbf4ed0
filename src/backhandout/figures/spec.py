"""Read and check the `figure:` block of an exercise file."""

from __future__ import annotations

from typing import Any

from .. import schema as s
from ..lazy import lazy_import
from .body import JOINTS, PARTS, POINTS
from .contacts import GRIP_HANDS, GRIP_TARGETS, check
from .model import CHAIR_PLACES, POINT_PROPS, PROPS, SURFACES, VIEWS, Arrow, Figure, Panel, Prop
from .parts import CONTACT_PARTS, LIMB_PARTS, STILL_PARTS

yaml = lazy_import("yaml")  # parsed only when a file is read (cache.py)

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
        at = {"towel": s.choice(*_FOOT), "chair": s.choice(*CHAIR_PLACES)}
        raw = s.mapping({k: s.optional(v) for k, v in at.items()})(node, ctx)
        given = [(k, v) for k, v in raw.items() if v is not None]
        if len(given) != 1:
            raise ctx.fail(node, "expected {towel: FOOT} or {chair: back|front}")
        return Prop(kind=given[0][0], at=given[0][1])
    kind = s.choice(*(p for p in PROPS if p not in POINT_PROPS))(node, ctx)
    return Prop(kind=kind)


def _pairs(keys: tuple[str, ...], values: tuple[str, ...]) -> s.Spec:
    """`[pelvis: floor, hands: floor]` (or a plain mapping): what touches or holds what."""
    key_spec, value_spec = s.choice(*keys), s.choice(*values)

    def check_pairs(node: yaml.Node, ctx: s.Ctx) -> tuple[tuple[str, str], ...]:
        if isinstance(node, yaml.SequenceNode):
            items = []
            for i, item in enumerate(node.value):
                if not isinstance(item, yaml.MappingNode) or len(item.value) != 1:
                    raise ctx.index(i).fail(item, "expected one pair like pelvis: floor")
                items.append((item.value[0], ctx.index(i)))
        elif isinstance(node, yaml.MappingNode):
            items = [((k, v), ctx) for k, v in node.value]
        else:
            raise ctx.fail(node, "expected a list of pairs like [pelvis: floor]")
        out = []
        for (k, v), where in items:
            name = key_spec(k, where)
            out.append((name, value_spec(v, where.key(str(name)))))
        if len(set(out)) != len(out):
            raise ctx.fail(node, "a pair appears twice")
        return tuple(out)

    return check_pairs


_CONTACTS = _pairs(CONTACT_PARTS, (*SURFACES, *(p for p in LIMB_PARTS if p.count("-") == 1)))
_GRIPS = _pairs(GRIP_HANDS, GRIP_TARGETS)


def _steps(node: yaml.Node, ctx: s.Ctx) -> tuple[int, int]:
    """`step: 3`, or `step: [1, 2]` for a picture that shows two or more steps in a row."""
    if isinstance(node, yaml.SequenceNode):
        first, last = s.listof(s.whole(1, 7), 2, 2)(node, ctx)
        if last <= first:
            raise ctx.fail(node, "expected [first, last] with last after first")
        return first, last
    step = s.whole(1, 7)(node, ctx)
    return step, step


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
        "step": _steps,
        "view": s.optional(s.choice(*VIEWS)),
        "pose": s.optional(_pose, {}),
        "move": s.optional(s.listof(s.choice(*PARTS), 1, len(PARTS), unique=True), ()),
        "arrow": s.optional(_arrows, ()),
        "props": s.optional(_PROPS),
        "contacts": s.optional(_CONTACTS),
        "grips": s.optional(_GRIPS),
    }
)

_FIGURE = s.mapping(
    {
        "view": s.optional(s.choice(*VIEWS), "side"),
        "anchor": s.optional(_point, "hips"),
        "props": s.optional(_PROPS, ()),
        "still": s.optional(s.listof(s.choice(*STILL_PARTS), 1, 6, unique=True), ()),
        "panels": s.listof(_PANEL, 2, 6),
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
    """Check a figure block against its exercise's step count and build it, then check
    that its bodies hold together (contacts.py).

    Each panel's pose lists only what changes from the panel before it; its
    contacts and grips hold until a panel gives its own.
    """
    raw: dict[str, Any] = _FIGURE(node, ctx)
    panels: list[Panel] = []
    pose: dict[str, float] = {}
    contacts: tuple[tuple[str, str], ...] = ()
    grips: tuple[tuple[str, str], ...] = ()
    for i, item in enumerate(raw["panels"]):
        where = ctx.key("panels").index(i)
        first, step = item["step"]
        if step > step_count:
            raise where.key("step").fail(
                _nth(node, "panels", i, "step"),
                f"there is no step {step} (the exercise has {step_count} steps)",
            )
        if panels and first <= panels[-1].step:
            raise where.key("step").fail(
                _nth(node, "panels", i, "step"), "panels must follow the steps in order"
            )
        if not panels and any(a.direction is None for a in item["arrow"]):
            raise where.key("arrow").fail(
                _nth(node, "panels", i, "arrow"),
                "the first panel has no movement to follow (give a direction)",
            )
        pose = pose | item["pose"]
        contacts = item["contacts"] if item["contacts"] is not None else contacts
        grips = item["grips"] if item["grips"] is not None else grips
        panels.append(
            Panel(
                step=step,
                first_step=first if first != step else 0,
                view=item["view"] or raw["view"],
                pose=tuple(sorted(pose.items())),
                move=item["move"],
                arrows=item["arrow"],
                props=item["props"] if item["props"] is not None else raw["props"],
                contacts=contacts,
                grips=grips,
            )
        )
    chairs = [p.at for panel in panels for p in panel.props if p.kind == "chair" and p.at]
    built = Figure(anchor=raw["anchor"], panels=tuple(panels), still=raw["still"],
                   chair=chairs[0] if chairs else "back")
    for problem in check(built)[:1]:
        panel_node = _nth(node, "panels", problem.panel)
        own = _nth(panel_node, problem.field) if problem.field != "pose" else _nth(panel_node, "pose")
        line_node = own if own is not panel_node else _nth(panel_node, "step")
        raise ctx.key("panels").index(problem.panel).key(problem.field).fail(
            line_node, problem.message)
    return built
