"""Choice variables through REFI-QDA, which has no choice type (issue 14).

A choice variable goes out as a ``Text`` variable whose ``<Description>`` ends with one
line a foreign tool shows as plain text::

    Newscoder choices: ["left", "centre", "right"]

and comes back as a choice variable with those choices when every value it holds is one of
them (otherwise it stays text, as a foreign tool's Text variable does).
"""

from __future__ import annotations

import json

CHOICES_PREFIX = "Newscoder choices: "


def choices_description(choices: tuple[str, ...] | list[str]) -> str:
    """The ``<Description>`` line that carries a choice variable's list."""
    return CHOICES_PREFIX + json.dumps(list(choices), ensure_ascii=False)


def parse_choices(description: str) -> list[str] | None:
    """The choices from a ``<Description>`` written by :func:`choices_description`, or ``None``."""
    for line in reversed(description.splitlines()):
        if line.startswith(CHOICES_PREFIX):
            try:
                value = json.loads(line[len(CHOICES_PREFIX):])
            except ValueError:
                return None
            if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
                return None
            clean = list(dict.fromkeys(v.strip() for v in value))
            return clean if len(clean) <= 200 and all(len(v) <= 200 for v in clean) else None
    return None
