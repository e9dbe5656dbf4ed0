"""Web links printed on a card as a QR code and a short address: the rules in one place.

An exercise may carry `video: https://...` in the catalogue, and a clinic file
`video_base: https://...` (the clinic's page per exercise: the base, then "/"
and the exercise's id, or the base with `{id}` where the id goes). Nothing is
ever fetched. Links are read as hostile input: only http and https, printable
ASCII with no spaces or quotes, a real host name, and short enough to type and
to fit a small QR code.
"""

from __future__ import annotations

import re

MAX_URL = 150  # characters: a QR code of this many stays small and easy to scan
ID_MARK = "{id}"
_URL = re.compile(r"(https?)://([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
                  r"(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+)(:[0-9]{1,5})?"
                  r"(/[A-Za-z0-9._~!$&'()*+,;=:@%/?#{}-]*)?")


def url_problem(value: str, *, base: bool = False) -> str | None:
    """Why a text is not a link we print (None when it is one)."""
    if len(value) > MAX_URL:
        return f"is {len(value)} characters long (at most {MAX_URL})"
    if not value.isascii() or not value.isprintable() or " " in value:
        return "must be a web address without spaces, like https://example.org/knee-rolls"
    if not _URL.fullmatch(value):
        return "must be a web address starting https:// or http://, like https://example.org/page"
    marks = value.count("{") + value.count("}")
    if marks and (not base or value.count(ID_MARK) != 1 or marks != 2):
        return (f"may hold {ID_MARK} once, where the exercise's id goes" if base
                else "must not hold { or }")
    return None


def exercise_url(base: str, exercise_id: str) -> str:
    """The clinic's page for one exercise: base with {id} filled in, or base/id."""
    if ID_MARK in base:
        return base.replace(ID_MARK, exercise_id)
    return f"{base.rstrip('/')}/{exercise_id}"


def card_link(exercise_id: str, video: str | None, video_base: str | None) -> str | None:
    """The link a card prints: the clinic's own page when its file sets video_base, else
    the exercise's video; None when neither is set."""
    if video_base:
        return exercise_url(video_base, exercise_id)
    return video


def short_address(url: str) -> str:
    """The address as a person types it into a browser: without https://."""
    return re.sub(r"^https?://", "", url)
