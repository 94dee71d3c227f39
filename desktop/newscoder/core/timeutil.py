"""Timestamps: always UTC, always ``YYYY-MM-DDTHH:MM:SSZ``."""

from __future__ import annotations

import datetime as _dt
import re

_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def now_utc() -> str:
    """The current time as ``YYYY-MM-DDTHH:MM:SSZ``."""
    return _dt.datetime.now(_dt.UTC).strftime(_FORMAT)


def format_utc(moment: _dt.datetime) -> str:
    """Format an aware (or naive-as-UTC) datetime in the project's format."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(_dt.UTC)
    return moment.strftime(_FORMAT)


def is_timestamp(value: str) -> bool:
    """True if ``value`` is exactly in the project's timestamp format and valid."""
    if not _PATTERN.match(value):
        return False
    try:
        _dt.datetime.strptime(value, _FORMAT)
    except ValueError:
        return False
    return True


def parse_timestamp(value: str) -> _dt.datetime:
    """Parse a project timestamp into an aware UTC datetime."""
    return _dt.datetime.strptime(value, _FORMAT).replace(tzinfo=_dt.UTC)
