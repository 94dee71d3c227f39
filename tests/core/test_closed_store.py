"""The store is a boundary: no SQL and no ``.conn`` in ui/, commands/, cli.py and the core packages.

Closed core packages: exchange, agreement, search, gold, importers (see :data:`CORE_CLOSED`), and
codebook.py, session.py, variables.py, backup.py, sources.py.

The UI, the subcommands and the CLI read and write only through the store's named
queries (``Project.segment_spans``, ``Project.article_rows``, …) and core edits; merge,
copies, QDPX and segments CSV through ``Project`` and the store layer's ``core/store_exchange.py`` and
``core/store_csv.py`` (segments only through ``Project.upsert_segments``); agreement, search and gold
through ``core/store_agreement.py``, ``core/corpus.py`` and ``core/gold_store.py``; the codebook's
edits, bulk article imports, backups and sources through ``core/store_codes.py``, ``core/store_documents.py``,
``core/store_backup.py`` and ``core/store_sources.py``; the article list's sort, groups and filters, and
merge's variable values, through ``core/store_variables_list.py``. The store itself is ``core/store.py``
(``Project``) over ``core/connection.py`` and ``core/rows.py``; suggestions go through ``core/store_suggest.py``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import newscoder

PACKAGE = Path(newscoder.__file__).parent
CORE_CLOSED = ("exchange", "agreement", "search", "gold", "importers", "compare", "suggest")
CLOSED = [*sorted((PACKAGE / "ui").rglob("*.py")), *sorted((PACKAGE / "commands").rglob("*.py")), PACKAGE / "cli.py",
          *(p for pkg in CORE_CLOSED for p in sorted((PACKAGE / "core" / pkg).rglob("*.py"))),
          *(PACKAGE / "core" / f"{m}.py"
            for m in ("codebook", "session", "variables", "variables_order", "backup", "sources", "demo"))]
#: closed packages' modules that still run SQL, each with why (the list may only shrink)
STILL_OPEN: dict[str, str] = {
}
#: SQL as this code base writes it: upper-case keywords in their grammar (prose such as "Select words" is not SQL)
SQL = re.compile(
    r"\b(SELECT\b.*\bFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|PRAGMA\s+\w+|"
    r"CREATE\s+(TABLE|INDEX|UNIQUE|VIEW|TRIGGER)|DROP\s+(TABLE|INDEX)|BEGIN\s+IMMEDIATE)\b",
    re.DOTALL,
)


def offences(source: str) -> list[str]:
    """``.conn``/``.execute`` uses and string literals that start like SQL, with their line numbers."""
    found = []
    tree = ast.parse(source)
    docstrings = {
        id(n.body[0].value) for n in ast.walk(tree)
        if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if id(node) in docstrings:
            continue
        if isinstance(node, ast.Attribute) and node.attr in ("conn", "execute", "executemany", "executescript"):
            found.append(f"line {node.lineno}: .{node.attr}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value):
            found.append(f"line {node.lineno}: SQL {node.value.strip()[:40]!r}")
    return found


def test_the_checker_catches_sql_and_conn() -> None:
    assert offences('project.conn.execute("SELECT 1")') == ["line 1: .execute", "line 1: .conn"]
    assert offences('f"UPDATE segments SET memo = {x}"') == ["line 1: SQL 'UPDATE segments SET memo ='"]
    assert offences('q = "SELECT id FROM codes"') == ["line 1: SQL 'SELECT id FROM codes'"]
    assert offences('check = "PRAGMA quick_check"') == ["line 1: SQL 'PRAGMA quick_check'"]
    assert offences('label = "Select some words first."') == []  # prose is not SQL
    assert offences('hint = "Select the text from the list"') == []


def test_no_sql_outside_the_store() -> None:
    bad = {str(p.relative_to(PACKAGE)): o for p in CLOSED if (o := offences(p.read_text(encoding="utf-8")))}
    names = {str(p.relative_to(PACKAGE)) for p in CLOSED}
    assert {"ui/main_window.py", "core/exchange/merge.py", "core/exchange/copy.py", "core/agreement/study.py",
            "core/search/engine.py", "core/gold/merge.py", "core/importers/bulk.py", "core/codebook.py",
            "core/backup.py"} <= names
    assert {k: v for k, v in bad.items() if k not in STILL_OPEN} == {}
    assert sorted(k for k in STILL_OPEN if k not in bad) == []  # closed since: take it off the list


def test_segments_have_two_writers() -> None:
    """Segments are written by user edits (core/edits.py) and ``Project.upsert_segments`` only."""
    writes = re.compile(r"\b(INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+\"?segments\b")
    writers = {
        str(p.relative_to(PACKAGE)) for p in sorted(PACKAGE.rglob("*.py"))
        if writes.search(p.read_text(encoding="utf-8")) or 'table("segments")' in p.read_text(encoding="utf-8")
    }
    # core/edits.py writes any table through its generic row changes (``INSERT INTO {change.table}``),
    # so no segments literal names it; store_exchange.insert_rows refuses the segments table
    assert writers == {"core/store.py"}
    for bulk in ("core/exchange/merge_steps.py", "core/exchange/copy.py", "core/exchange/segments_csv_import.py"):
        assert "upsert_segments(" in (PACKAGE / bulk).read_text(encoding="utf-8"), bulk
