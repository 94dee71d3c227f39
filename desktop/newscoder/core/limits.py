"""Limits on the lengths of titles, names and memos, enforced on every path in.

Why: a 100,000-character title without spaces took 4 GB in the window and
100 MB of it crashed the window at every start. The limits (in characters,
i.e. code points) are generous for news articles:

=================================  ==========
article title                          1,000
article source, author, published      1,000
article URL                            4,096
article metadata (as JSON)           100,000
code and coder names, project name       200
code descriptions, segment memos     100,000
=================================  ==========

They are enforced in three places:

* every project connection gets TEMP triggers (:func:`install_guards`) that
  abort any INSERT or UPDATE that breaks a limit, whatever code path it comes
  from (edits, article import, merge, CSV, REFI-QDA, properties). The triggers
  live in the connection, not in the file, so the file's schema is unchanged;
* importers check or clip first, to give a message naming the file and row
  (an over-long article title from a file is clipped with "…", since a title is
  derived from the file; names and memos are refused);
* a file that already holds an over-long value is refused on open
  (:mod:`newscoder.core.schemacheck`), naming the table, row and field.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

MAX_TITLE = 1_000
MAX_LINE_FIELD = 1_000
MAX_URL = 4_096
MAX_METADATA = 100_000
MAX_NAME = 200
MAX_MEMO = 100_000

_SURROGATE = re.compile("[\ud800-\udfff]")

#: The marker at the start of a limit trigger's message.
MARKER = "newscoder limit: "


@dataclass(frozen=True)
class Limit:
    table: str
    column: str
    limit: int
    label: str
    #: only rows where this SQL condition holds (e.g. one key of the project table)
    where: str = ""

    def message(self) -> str:
        return f"{self.label} is longer than {self.limit:,} characters"


LIMITS: tuple[Limit, ...] = (
    Limit("documents", "title", MAX_TITLE, "an article title"),
    Limit("documents", "source", MAX_LINE_FIELD, "an article source"),
    Limit("documents", "author", MAX_LINE_FIELD, "an article author"),
    Limit("documents", "published", MAX_LINE_FIELD, "an article date"),
    Limit("documents", "url", MAX_URL, "an article URL"),
    Limit("documents", "metadata", MAX_METADATA, "an article's metadata"),
    Limit("codes", "name", MAX_NAME, "a code name"),
    Limit("codes", "description", MAX_MEMO, "a code description"),
    Limit("coders", "name", MAX_NAME, "a coder name"),
    Limit("segments", "memo", MAX_MEMO, "a segment memo"),
    Limit("gold_segments", "adjudicator", MAX_NAME, "an adjudicator's name"),
    Limit("gold_segments", "reason", MAX_MEMO, "a gold decision's reason"),
    Limit("project", "value", MAX_NAME, "the project name", where="key = 'name'"),
    Limit("publications", "title", MAX_TITLE, "a publication's title"),
    Limit("publications", "source", MAX_LINE_FIELD, "a publication's source"),
    Limit("publications", "author", MAX_LINE_FIELD, "a publication's author"),
    Limit("publications", "published", MAX_LINE_FIELD, "a publication's date"),
    Limit("publications", "url", MAX_URL, "a publication's URL"),
    Limit("publications", "metadata", MAX_METADATA, "a publication's metadata"),
)


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def guard_statements() -> list[str]:
    """The ``CREATE TEMP TRIGGER`` statements that enforce :data:`LIMITS`."""
    out = []
    for i, lim in enumerate(LIMITS):
        cond = f'length(NEW."{lim.column}") > {lim.limit}'
        if lim.where:
            cond = f"({lim.where.replace('key', 'NEW.key')}) AND {cond}"
        msg = _sql_literal(MARKER + lim.message())
        for event in ("INSERT", "UPDATE"):
            out.append(
                f"CREATE TEMP TRIGGER IF NOT EXISTS newscoder_limit_{i}_{event.lower()} "
                f"BEFORE {event} ON main.{lim.table} FOR EACH ROW WHEN {cond} "
                f"BEGIN SELECT RAISE(ABORT, {msg}); END"
            )
    return out


def install_guards(conn: sqlite3.Connection) -> None:
    """Make every write on ``conn`` that breaks a limit fail (see the module docs)."""
    for statement in guard_statements():
        conn.execute(statement)


def limit_message(exc: BaseException) -> str | None:
    """The limit a trigger reported in ``exc``, or ``None``."""
    text = str(exc)
    if MARKER in text:
        return text[text.index(MARKER) + len(MARKER):]
    return None


def too_long(value: str | None, limit: int) -> bool:
    return value is not None and len(value) > limit


def clip(value: str, limit: int) -> str:
    """``value`` cut to at most ``limit`` characters, ending in "…" if cut."""
    if len(value) <= limit:
        return value
    return value[: limit - 1].rstrip() + "…"


def scrub_surrogates(text: str) -> str:
    """Lone surrogates (which UTF-8 and SQLite cannot hold) become U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text
