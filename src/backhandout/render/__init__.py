"""Drawing: turns a Plan and a Layout into PDF bytes with ReportLab."""

from .speed import tune

tune()

from .handout import render_diary, render_handout, render_layered  # noqa: E402

__all__ = ["render_diary", "render_handout", "render_layered"]
