"""Read a clinic details file (--clinic FILE.yaml) into a Clinic, strictly.

    name: Riverside Physiotherapy       # required
    phone: 0161 496 0000                # required
    address: 12 Mill Lane, Leeds LS1 4AB
    clinician: Sam Patel
    logo: riverside-logo.png            # PNG or JPEG, relative to this file
    website: riverside-physio.example
    region: uk                          # emergency and urgent numbers (regions.yaml)
    emergency_number: "999"             # or these, instead of the region's
    urgent_number: NHS 111
    video_base: https://riverside-physio.example/exercises   # a QR code per card
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from . import schema as s
from .links import url_problem
from .model import Clinic

IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


def _phone(node: yaml.Node, ctx: s.Ctx) -> str:
    value = s.text(node, ctx)
    if not re.search(r"\d", value):
        raise ctx.fail(node, f"expected a phone number with digits, got {value!r}")
    return value


def _video_base(node: yaml.Node, ctx: s.Ctx) -> str:
    """The clinic's page per exercise: a web address, with {id} or ending where the id goes."""
    value = s.text(node, ctx)
    problem = url_problem(value, base=True)
    if problem:
        raise ctx.fail(node, problem)
    return value


_CLINIC = s.mapping(
    {
        "name": s.text,
        "phone": _phone,
        "address": s.optional(s.text),
        "clinician": s.optional(s.text),
        "logo": s.optional(s.text),
        "website": s.optional(s.text),
        "region": s.optional(s.text),  # checked against regions.yaml with the request
        "emergency_number": s.optional(_phone),
        "urgent_number": s.optional(s.text),
        "video_base": s.optional(_video_base),
    }
)


def _logo(value: str, base: Path, ctx: s.Ctx, node: yaml.Node) -> str:
    """The logo's full path; it must be a readable PNG or JPEG file."""
    path = (base / value).resolve()
    try:
        start = path.read_bytes()[:8]
    except OSError as exc:
        raise ctx.fail(node, f"cannot read {value}: {exc.strerror}") from None
    if not start.startswith(IMAGE_MAGIC):
        raise ctx.fail(node, f"{value} is not a PNG or JPEG image")
    from PIL import Image  # Pillow comes with ReportLab; only needed for a logo

    try:
        with Image.open(path) as image:
            image.load()
    except Exception:  # Pillow raises many kinds for a broken file
        raise ctx.fail(node, f"{value} is not a readable PNG or JPEG image") from None
    return str(path)


def load_clinic(path: Path) -> Clinic:
    """Read and check a clinic file."""
    shown = s.shown_path(path)
    node = s.load_node(path, shown)
    raw = _CLINIC(node, s.Ctx(shown))
    if raw["logo"] is not None:
        raw["logo"] = _logo(raw["logo"], path.parent, s.Ctx(shown, "logo"), s.child(node, "logo"))
    return Clinic(**raw, file=shown)
