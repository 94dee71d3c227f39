"""Per-coder article status in REFI-QDA files, as variables people can read in MAXQDA and ATLAS.ti.

REFI-QDA has no place for "Ana has finished this article". Each coder who has
a status gets two document variables:

* ``Newscoder status (Ana)`` (Text): ``done``, ``in progress`` or ``not started``;
* ``Newscoder status time (Ana)`` (DateTime): when it was set (merges keep the newer).

Both show in the other programs' document-variable tables and can be filtered
on. Newscoder reads them back, and still reads the JSON ``Newscoder status``
variable (keyed by user GUID) of files written before.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LEGACY_VARIABLE = "Newscoder status"
_STATUS_PREFIX = "Newscoder status ("
_TIME_PREFIX = "Newscoder status time ("
#: stored status -> the text shown in other programs
READABLE = {"done": "done", "in_progress": "in progress", "not_started": "not started"}
_STORED = {text: status for status, text in READABLE.items()}


def status_variable(coder_name: str) -> str:
    return f"{_STATUS_PREFIX}{coder_name})"


def time_variable(coder_name: str) -> str:
    return f"{_TIME_PREFIX}{coder_name})"


def parse_variable(name: str) -> tuple[str, str] | None:
    """``("status" | "time", coder name)`` for one of our per-coder variables, else ``None``."""
    for kind, prefix in (("time", _TIME_PREFIX), ("status", _STATUS_PREFIX)):
        if name.startswith(prefix) and name.endswith(")") and len(name) > len(prefix) + 1:
            return kind, " ".join(name[len(prefix):-1].split())
    return None


def stored_status(text: str) -> str | None:
    """``"in_progress"`` from ``"In progress"`` (or from the stored form itself); ``None`` if unknown."""
    clean = " ".join(text.replace("_", " ").split()).casefold()
    return _STORED.get(clean)


@dataclass
class StatusValues:
    """The per-coder status variables read from one source, collected until the source is done."""

    by_coder: dict[str, dict[str, str]] = field(default_factory=dict)

    def add(self, kind: str, coder: str, value: str) -> None:
        self.by_coder.setdefault(coder, {})[kind] = value.strip()

    def results(self) -> tuple[list[tuple[str, str, str | None]], list[str]]:
        """``(coder name, stored status, time or None)`` per coder, and problems (for the import report)."""
        out: list[tuple[str, str, str | None]] = []
        problems: list[str] = []
        for coder, values in sorted(self.by_coder.items()):
            status = stored_status(values.get("status", ""))
            if status is None:
                problems.append(f"{status_variable(coder)!r} is {values.get('status', '')[:40]!r}, "
                                f"not one of {', '.join(READABLE.values())}")
                continue
            out.append((coder, status, values.get("time") or None))
        return out, problems
