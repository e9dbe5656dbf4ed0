"""Drawing: turns a Plan and a Layout into PDF bytes with ReportLab."""

import sys

from ..lazy import lazy_import

# ReportLab imports Pillow (for bitmaps) as it loads; handouts draw none, so it is loaded only
# if something uses it: about 9 ms of a cold build.
lazy_import("PIL.Image")
if "pyphen" not in sys.modules:
    # ReportLab's paragraph module imports pyphen (hyphenation) whenever it is installed
    # (textstat, used only by `check`, brings it); handouts never hyphenate. Kept out of this
    # import only, so `check` can still use it: about 4 ms of a cold build.
    sys.modules["pyphen"] = None  # type: ignore[assignment]
    try:
        import reportlab.platypus.paragraph  # noqa: F401
    finally:
        del sys.modules["pyphen"]

from .handout import render_diary, render_handout  # noqa: E402

__all__ = ["render_diary", "render_handout"]
