"""Is this file's schema exactly ours? And is its data sane enough to show?

A project file whose schema differs from the one our migrations build for its
version *in any way* is refused: an extra or changed trigger (it would run on
our writes), a view in place of a table, a column with another type, NOT NULL,
default or key, a missing or extra index. The comparison is on
``sqlite_master``, whose SQL text fully determines an SQLite schema; the text
is normalised (whitespace, case, identifier quoting) so that only real
differences count. Then a few cheap data checks refuse what the schema cannot
rule out: blobs or numbers where text belongs, timestamps that are not
timestamps, segments outside their article, dangling references, code parent
chains that are cyclic or deeper than :data:`MAX_CODE_DEPTH`, and values
longer than :mod:`newscoder.core.limits` allows.

The same check runs on every open, on a merge source and on a backup before it
is restored. Its cost is a few table scans that never read article text
(``typeof`` and ``length`` of short columns only); see docs/reliability.md.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from pathlib import Path

from newscoder.core import limits
from newscoder.core.errors import CorruptProjectError
from newscoder.core.schema import FTS_TABLE

#: Deepest code hierarchy accepted (the REFI-QDA codebook reader stops there too).
MAX_CODE_DEPTH = 200

_TOKEN = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|[A-Za-z_0-9$]+|\S""")
#: Internal tables SQLite may add on its own (ANALYZE, PRAGMA optimize).
_SQLITE_INTERNAL = {"sqlite_stat1", "sqlite_stat4"}


class SchemaMismatchError(CorruptProjectError):
    """The file's schema or data is not what Newscoder writes."""


def normalise_sql(sql: str | None) -> str:
    """SQL text with whitespace, case and identifier quoting made canonical."""
    if sql is None:
        return ""
    out = []
    for tok in _TOKEN.findall(sql):
        if tok[0] in "\"`[":
            tok = tok[1:-1].replace('""', '"')
        if tok[0] != "'":
            tok = tok.lower()
        out.append(tok)
    return " ".join(out)


Objects = dict[tuple[str, str], tuple[str, str]]  # (type, name) -> (table, normalised sql)


def objects(conn: sqlite3.Connection) -> Objects:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM main.sqlite_master").fetchall()
    found: Objects = {}
    for kind, name, table, sql in rows:
        if kind == "table" and name in _SQLITE_INTERNAL:
            continue
        found[(str(kind), str(name))] = (str(table), normalise_sql(sql))
    return found


@functools.cache
def expected_objects(version: int) -> tuple[tuple[tuple[str, str], tuple[str, str]], ...]:
    """What ``sqlite_master`` holds in a file made by our migrations up to ``version``."""
    from newscoder.core.migrations import run_migrations

    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        run_migrations(conn, version)
        return tuple(sorted(objects(conn).items()))
    finally:
        conn.close()


@functools.cache
def expected_columns(version: int) -> dict[str, list[tuple[str, str, bool]]]:
    """Per table: (column, declared type, nullable) as our migrations make them."""
    from newscoder.core.migrations import run_migrations

    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        run_migrations(conn, version)
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: columns(conn, t) for t in tables}
    finally:
        conn.close()


def columns(conn: sqlite3.Connection, table: str) -> list[tuple[str, str, bool]]:
    return [
        (str(r[1]), str(r[2]).upper(), not r[3] and not r[5])
        for r in conn.execute(f'PRAGMA main.table_xinfo("{table}")')
    ]


def _describe(key: tuple[str, str]) -> str:
    return f"{key[0]} {key[1]!r}"


def schema_differences(conn: sqlite3.Connection, version: int) -> list[str]:
    """What differs between the file's schema and ours at ``version`` (empty: identical)."""
    want = dict(expected_objects(version))
    have = objects(conn)
    problems: list[str] = []
    wanted_names = {name: kind for kind, name in want}
    for key in sorted(set(have) - set(want)):
        kind, name = key
        if name in wanted_names:
            problems.append(f"{kind} {name!r} stands where a {wanted_names[name]} belongs")
        else:
            problems.append(f"an extra {_describe(key)}")
    for key in sorted(set(want) - set(have)):
        if key[1] not in {n for _, n in have}:
            problems.append(f"the {_describe(key)} is missing")
    for key in sorted(set(want) & set(have)):
        if want[key] != have[key]:
            detail = ""
            if key[0] == "table":
                detail = _column_detail(conn, key[1], version)
            problems.append(f"the {_describe(key)} is defined differently" + (f" ({detail})" if detail else ""))
    return problems


def _column_detail(conn: sqlite3.Connection, table: str, version: int) -> str:
    ours = {c[0]: c for c in expected_columns(version).get(table, [])}
    theirs = {c[0]: c for c in columns(conn, table)}
    notes = []
    for name in ours:
        if name not in theirs:
            notes.append(f"no column {name!r}")
        elif theirs[name][1] != ours[name][1]:
            notes.append(f"column {name!r} is {theirs[name][1] or 'untyped'}, not {ours[name][1]}")
        elif theirs[name][2] != ours[name][2]:
            notes.append(f"column {name!r} {'allows' if theirs[name][2] else 'forbids'} NULL")
    notes += [f"an extra column {name!r}" for name in theirs if name not in ours]
    return "; ".join(notes[:3])


# -- data ---------------------------------------------------------------------------
_TIMESTAMPS = {"created_at", "updated_at", "deleted_at", "imported_at"}
#: References, tested in the same scan as the types (``IN`` a small table is a hash probe).
_REFERENCES = {
    "segments": [
        ("document_id IN (SELECT id FROM main.documents)", "refers to a missing article"),
        ("code_id IN (SELECT id FROM main.codes)", "refers to a missing code"),
        ("coder_id IN (SELECT id FROM main.coders)", "refers to a missing coder"),
    ],
    "codes": [("parent_id IS NULL OR parent_id IN (SELECT id FROM main.codes)", "refers to a missing parent code")],
    "gold_segments": [
        ("document_id IN (SELECT id FROM main.documents)", "refers to a missing article"),
        ("code_id IN (SELECT id FROM main.codes)", "refers to a missing code"),
    ],
    "document_status": [
        ("document_id IN (SELECT id FROM main.documents)", "refers to a missing article"),
        ("coder_id IN (SELECT id FROM main.coders)", "refers to a missing coder"),
    ],
    "suggestion_rejections": [
        ("document_id IN (SELECT id FROM main.documents)", "refers to a missing article"),
        ("code_id IN (SELECT id FROM main.codes)", "refers to a missing code"),
        ("coder_id IN (SELECT id FROM main.coders)", "refers to a missing coder"),
    ],
    "segment_provenance": [("segment_id IN (SELECT id FROM main.segments)", "refers to a missing segment")],
}
_KEYS = {"documents": "id", "codes": "id", "coders": "id", "segments": "id", "gold_segments": "id", "project": "key",
         "suggestion_rejections": "id", "segment_provenance": "segment_id",
         "document_status": "document_id || '/' || coder_id"}


def _column_rule(column: str, sqltype: str, nullable: bool) -> str:
    q = f'"{column}"'
    if sqltype == "INTEGER":
        rule = f"typeof({q}) = 'integer'"
    elif sqltype == "REAL":
        rule = f"typeof({q}) IN ('real', 'integer')"
    elif column in _TIMESTAMPS:  # YYYY-MM-DDTHH:MM:SSZ, cheaply (a GLOB costs twice as much)
        rule = (f"(typeof({q}) = 'text' AND length({q}) = 20 "
                f"AND {q} BETWEEN '1000-01-01T00:00:00Z' AND '9999-12-31T23:59:59Z')")
    else:
        rule = f"typeof({q}) = 'text'"
    return f"({q} IS NULL OR {rule})" if nullable else rule


def _table_rules(table: str, cols: list[tuple[str, str, bool]]) -> list[tuple[str, str]]:
    """(SQL condition a sane row meets, what a row that fails it has) for one table."""
    rules = []
    for column, sqltype, nullable in cols:
        what = f"{column} holds a value of the wrong type" + (" or not a timestamp" if column in _TIMESTAMPS else "")
        rules.append((_column_rule(column, sqltype, nullable), what))
    for lim in limits.LIMITS:
        if lim.table == table:
            cond = f'length("{lim.column}") <= {lim.limit}'
            if lim.where:
                cond = f"(NOT ({lim.where}) OR {cond})"
            rules.append((cond, f"{lim.column} is longer than {lim.limit:,} characters"))
    return rules + _REFERENCES.get(table, [])


#: Checks that cost a lookup per row (a third of the whole check's time): run with the
#: integrity check (every CLI open, merge source and backup), left out of the window's
#: fast open (``Project.open(check=False)``).
_DEEP = {
    "segments": [('coalesce("end" <= (SELECT d.length FROM main.documents d WHERE d.id = document_id), 0)',
                  "ends after its article's end")],
    "gold_segments": [('coalesce("end" <= (SELECT d.length FROM main.documents d WHERE d.id = document_id), 0)',
                       "ends after its article's end")],
}


def data_problems(conn: sqlite3.Connection, version: int, *, deep: bool = True) -> list[str]:
    """The first bad row of each table, described; empty if the data is sane.

    One scan per table tests every rule at once (``typeof`` and ``length``
    never read article text); only a row that fails is looked at closely.
    """
    problems: list[str] = []
    for table, cols in expected_columns(version).items():
        if table.startswith(FTS_TABLE):  # the search index (and its shadow tables) holds no user data
            continue
        key = _KEYS.get(table, "rowid")
        rules = _table_rules(table, cols) + (_DEEP.get(table, []) if deep else [])
        if not rules:
            continue
        every = " AND ".join(f"({cond})" for cond, _ in rules)
        row = conn.execute(f'SELECT rowid, {key} FROM main."{table}" WHERE NOT ({every}) LIMIT 1').fetchone()
        if row is None:
            continue
        checks = ", ".join(f"({cond}) IS 1" for cond, _ in rules)
        passed = conn.execute(f'SELECT {checks} FROM main."{table}" WHERE rowid = ?', (row[0],)).fetchone()
        failed = [what for ok, (_, what) in zip(passed, rules, strict=False) if not ok] or ["fails a check"]
        problems.append(f"{table} row {_short(row[1])}: " + ", ".join(failed[:2]))
    if problems:
        return problems  # the code tree check assumes sane references
    return code_tree_problems(conn)


def code_tree_problems(conn: sqlite3.Connection) -> list[str]:
    """Refuse cyclic code parent chains and chains deeper than :data:`MAX_CODE_DEPTH`."""
    total, reached, deepest = conn.execute(
        f"""
        WITH RECURSIVE tree(id, depth) AS (
            SELECT id, 0 FROM main.codes WHERE parent_id IS NULL
            UNION ALL
            SELECT c.id, tree.depth + 1 FROM main.codes c JOIN tree ON c.parent_id = tree.id
            WHERE tree.depth < {MAX_CODE_DEPTH + 1}
        )
        SELECT (SELECT count(*) FROM main.codes), count(*), coalesce(max(depth), 0) FROM tree
        """
    ).fetchone()
    if deepest > MAX_CODE_DEPTH:
        return [f"codes: a parent chain deeper than {MAX_CODE_DEPTH} levels"]
    if reached != total:
        return [f"codes: {total - reached} codes sit in a parent cycle"]
    return []


def _short(value: object) -> str:
    text = str(value)
    return repr(text if len(text) <= 40 else text[:40] + "…")


def verify(conn: sqlite3.Connection, path: Path | str, version: int, *, deep: bool = True) -> None:
    """Refuse ``path`` (open on ``conn``) unless its schema and data are ours.

    ``deep=False`` leaves out the checks that cost a lookup per row (a segment
    ending after its article's end), for the window's fast open.
    """
    try:
        problems = schema_differences(conn, version)
        if not problems:
            problems = data_problems(conn, version, deep=deep)
    except sqlite3.DatabaseError as exc:
        raise SchemaMismatchError(f"{path}: the project file is damaged ({exc})") from exc
    if problems:
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise SchemaMismatchError(
            f"{path}: refused: this file is not as Newscoder writes it: " + "; ".join(problems[:3]) + more
            + ". It may have been edited by another program; restore a backup (newscoder backup list)"
        )
