"""Read a clinic details file (--clinic FILE.yaml) into a Clinic, strictly.

    name: Riverside Physiotherapy       # required
    phone: 0161 496 0000                # required
    address: 12 Mill Lane, Leeds LS1 4AB
    clinician: Sam Patel
    logo: riverside-logo.png            # PNG or JPEG, relative to this file
    website: riverside-physio.example
    region: uk                          # emergency and urgent numbers (backhandout regions)
    emergency_number: "999"             # instead of the region's
    urgent_number: NHS 111              # instead of the region's (a line or a phone number)
    video_base: https://riverside-physio.example/exercises   # a QR code per card

Each field has a length limit (LIMITS) so the clinic's block always fits on
the first page; the logo's size in pixels is read from its header and
checked before the image is decoded.
"""

from __future__ import annotations

import re
import struct
import warnings
from pathlib import Path

from . import inputs
from . import schema as s
from .errors import BackhandoutError
from .lazy import lazy_import
from .links import url_problem
from .model import Clinic
from .request import MAX_CLINICIAN

yaml = lazy_import("yaml")  # parsed only when a clinic file is given

IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")
MAX_LOGO_SIDE = 4000  # pixels: a logo is printed 45 mm wide at most (about 530 pixels at 300 dpi)
LIMITS = {  # field: (characters, lines)
    "name": (100, 1),
    "phone": (40, 1),
    "address": (300, 6),
    "clinician": (MAX_CLINICIAN, 1),
    "logo": (1000, 1),
    "website": (100, 1),
    "region": (20, 1),
    "urgent_number": (40, 1),
}


def _phone(node: yaml.Node, ctx: s.Ctx) -> str:
    value = s.limited_text(*LIMITS["phone"])(node, ctx)
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
        "name": s.limited_text(*LIMITS["name"]),
        "phone": _phone,
        **{key: s.optional(s.limited_text(*LIMITS[key]))
           for key in ("address", "clinician", "logo", "website")},
        "region": s.optional(s.limited_text(*LIMITS["region"])),  # checked by request.py
        "emergency_number": s.optional(_phone),
        "urgent_number": s.optional(s.limited_text(*LIMITS["urgent_number"])),
        "video_base": s.optional(_video_base),
    }
)


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a JPEG's frame header (SOFn), or None when there is none."""
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD9)):  # markers without a length
            at += 2
            continue
        (length,) = struct.unpack(">H", data[at + 2:at + 4])
        if marker in (*range(0xC0, 0xC4), *range(0xC5, 0xC8), *range(0xC9, 0xCC),
                      *range(0xCD, 0xD0)):
            if at + 9 > len(data):
                return None
            height, width = struct.unpack(">HH", data[at + 5:at + 9])
            return width, height
        if marker == 0xDA or length < 2:  # image data starts: no frame header before it
            return None
        at += 2 + length
    return None


def image_size(data: bytes) -> tuple[int, int] | None:
    """A PNG's or JPEG's (width, height) in pixels from its header, without decoding it."""
    if data.startswith(IMAGE_MAGIC[0]):
        if len(data) < 24 or data[12:16] != b"IHDR":
            return None
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    if data.startswith(IMAGE_MAGIC[1]):
        return _jpeg_size(data)
    return None


def logo_bytes(path: str | Path, shown: str | None = None) -> bytes:
    """A logo's bytes, checked: a PNG or JPEG file of at most MAX_LOGO_SIDE pixels a side.

    The size is read from the header, so a huge image is refused before it is decoded;
    an image that passes is decoded once to be sure it is whole.
    """
    shown = str(path) if shown is None else shown
    data = inputs.read_bytes(path, inputs.LOGO, shown)
    if not data.startswith(IMAGE_MAGIC):
        raise BackhandoutError("not a PNG or JPEG image", file=shown)
    size = image_size(data)
    if size is None or 0 in size:
        raise BackhandoutError("not a readable PNG or JPEG image", file=shown)
    if max(size) > MAX_LOGO_SIDE:
        raise BackhandoutError(f"the image is {size[0]} x {size[1]} pixels (at most "
                               f"{MAX_LOGO_SIDE} pixels a side; about 600 are enough)", file=shown)
    import io

    from PIL import Image  # Pillow comes with ReportLab; only needed for a logo

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.size != size:
                    raise ValueError("the header and the image disagree")
                image.load()
    except Exception:  # Pillow raises many kinds for a broken file
        raise BackhandoutError("not a readable PNG or JPEG image", file=shown) from None
    return data


def _logo(value: str, base: Path, ctx: s.Ctx, node: yaml.Node) -> str:
    """The logo's full path; it must be a readable PNG or JPEG file (see logo_bytes)."""
    path = (base / value).resolve()
    try:
        logo_bytes(path, value)
    except BackhandoutError as exc:
        raise ctx.fail(node, f"{value}: {exc.message}") from None
    return str(path)


def load_clinic(path: Path) -> Clinic:
    """Read and check a clinic file."""
    shown = s.shown_path(path)
    node = s.load_node(path, shown, inputs.CLINIC)
    raw = _CLINIC(node, s.Ctx(shown))
    if raw["logo"] is not None:
        raw["logo"] = _logo(raw["logo"], path.parent, s.Ctx(shown, "logo"), s.child(node, "logo"))
    return Clinic(**raw, file=shown)
