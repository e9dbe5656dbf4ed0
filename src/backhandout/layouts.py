"""Page layout settings: size, margins, type sizes, colours."""

from __future__ import annotations

from dataclasses import dataclass

MM = 72 / 25.4


@dataclass(frozen=True, kw_only=True)
class Layout:
    """How a handout is laid out on paper (lengths in points)."""

    name: str = "a4"
    page_width: float = 210 * MM
    page_height: float = 297 * MM
    margin_left: float = 18 * MM
    margin_right: float = 18 * MM
    margin_top: float = 22 * MM
    margin_bottom: float = 20 * MM
    font: str = "Vera"
    font_bold: str = "VeraBd"
    font_italic: str = "VeraIt"
    font_bold_italic: str = "VeraBI"
    body_size: float = 13
    leading_ratio: float = 1.35
    title_size: float = 26
    heading_size: float = 18
    small_size: float = 10.5
    accent: str = "#1B4F72"
    accent_light: str = "#E3EEF6"
    danger: str = "#A50E0E"
    danger_light: str = "#FBE9E7"
    ink: str = "#000000"
    muted: str = "#444444"
    weeks_per_page: int = 2
    cards_per_page: int = 0  # 0: as many as fit


A4 = Layout()
