"""Drawing: turns a Plan and a Layout into PDF bytes with ReportLab."""

import sys

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
