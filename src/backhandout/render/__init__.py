"""Drawing: turns a Plan and a Layout into PDF bytes with ReportLab."""

from .handout import render_handout

__all__ = ["render_handout"]
