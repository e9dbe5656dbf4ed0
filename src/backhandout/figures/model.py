"""Value types for exercise pictures, as read from the catalogue."""

from __future__ import annotations

from dataclasses import dataclass

VIEWS = ("side", "raised", "angled", "behind", "front", "top")
PROPS = ("floor", "mat", "chair", "wall", "pillow", "towel")
#: Props placed at a body point: the towel loops round it and runs to both hands.
POINT_PROPS = ("towel",)
#: What a body part can rest on or lean against.
SURFACES = ("floor", "mat", "chair-seat", "chair-back", "wall", "pillow")
#: Where the chair stands: you sit well back (against the backrest) or near the front.
CHAIR_PLACES = ("back", "front")


@dataclass(frozen=True, kw_only=True)
class Prop:
    """Something drawn besides the body; `at` names the foot a towel loops round."""

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
    """One picture: the steps it shows (first_step to step), the whole pose, what moves,
    what rests on what (contacts: part, surface) and what the hands hold (grips: hand, target).
    """

    step: int
    view: str
    pose: tuple[tuple[str, float], ...]
    move: tuple[str, ...] = ()
    arrows: tuple[Arrow, ...] = ()
    props: tuple[Prop, ...] = ()
    first_step: int = 0  # 0: the same as step
    contacts: tuple[tuple[str, str], ...] = ()
    grips: tuple[tuple[str, str], ...] = ()

    @property
    def steps(self) -> tuple[int, int]:
        """The first and the last step this panel shows."""
        return (self.first_step or self.step, self.step)

    @property
    def angles(self) -> dict[str, float]:
        """The pose as 'joint.motion' -> degrees."""
        return dict(self.pose)


@dataclass(frozen=True, kw_only=True)
class Figure:
    """An exercise's picture: two or more panels in step order."""

    anchor: str
    panels: tuple[Panel, ...]
    still: tuple[str, ...] = ()  # parts that stay put from panel to panel
    chair: str = "back"  # where you sit on the chair: CHAIR_PLACES
