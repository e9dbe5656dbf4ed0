"""Value types for exercise pictures, as read from the catalogue."""

from __future__ import annotations

from dataclasses import dataclass

VIEWS = ("side", "raised", "angled", "behind", "front", "top")
PROPS = ("floor", "mat", "chair", "wall", "pillow", "towel")
#: Props placed at a body point: the pillow goes under it, the towel loops
#: round it and runs to both hands.
POINT_PROPS = ("pillow", "towel")


@dataclass(frozen=True, kw_only=True)
class Prop:
    """Something drawn besides the body; `at` names a body point for pillow and towel."""

    kind: str
    at: str | None = None


@dataclass(frozen=True, kw_only=True)
class Arrow:
    """A movement arrow.

    With no `direction`: it follows the path `point` takes from the previous
    panel's pose to this one. With a `direction` (degrees on the page, 0 to the
    right, 90 up): a short straight push at `point`.
    """

    point: str
    direction: int | None = None


@dataclass(frozen=True, kw_only=True)
class Panel:
    """One numbered picture: the step it shows, the whole pose, what moves."""

    step: int
    view: str
    pose: tuple[tuple[str, float], ...]
    move: tuple[str, ...] = ()
    arrows: tuple[Arrow, ...] = ()
    props: tuple[Prop, ...] = ()

    @property
    def angles(self) -> dict[str, float]:
        """The pose as 'joint.motion' -> degrees."""
        return dict(self.pose)


@dataclass(frozen=True, kw_only=True)
class Figure:
    """An exercise's picture: two or more panels in step order."""

    anchor: str
    panels: tuple[Panel, ...]
