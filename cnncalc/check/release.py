"""When graded feedback may show the solutions.

Graded mode (the teacher's questions file given) hides them unless told otherwise: with
``--show-solutions``, or from a stated time on (``--solutions-after``, ISO 8601 with its UTC
offset, so that "23:59" means the same moment on every grading machine). Outside graded mode
they are shown unless ``--hide-solutions``.
"""

from __future__ import annotations

from datetime import datetime, timezone

from ..errors import OptionError

EXAMPLE = "2027-01-15T23:59+01:00"


def read_release_time(text: str) -> datetime:
    """An ISO 8601 date and time with its offset (``2027-01-15T23:59+01:00``, ``…Z``); a time
    without an offset is refused: it would mean another moment on a machine in another zone.

    >>> read_release_time("2027-01-15T23:59+01:00").isoformat()
    '2027-01-15T23:59:00+01:00'
    """
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise OptionError(f"--solutions-after {text!r} is not a date and time; write ISO 8601 with the "
                          f"offset from UTC, such as {EXAMPLE}") from None
    if moment.tzinfo is None:
        raise OptionError(f"--solutions-after {text!r} has no offset from UTC; add it, such as "
                          f"{EXAMPLE} (or Z for UTC), so it means one moment everywhere")
    return moment


def solutions_shown(graded: bool, show: bool = False, hide: bool = False,
                    after: datetime | None = None, now: datetime | None = None) -> bool:
    """Whether feedback shows right values and derivations. `hide` wins; then `show`; then
    `after` (shown once `now`, the current time unless given, is at or past it); then the
    mode: hidden when `graded`, shown otherwise."""
    if hide:
        return False
    if show:
        return True
    if after is not None:
        return (now or datetime.now(timezone.utc)) >= after
    return not graded
