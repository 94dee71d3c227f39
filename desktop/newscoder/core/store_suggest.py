"""Named queries for suggestions (store layer): rejections, provenance, a coder's examples.

:mod:`newscoder.core.suggest` runs no SQL of its own. Tables (schema migration ``_suggestions``):
``suggestion_rejections`` (one coder's rejected suggestions) and ``segment_provenance`` (where
an accepted suggestion came from).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from newscoder.core.store import Project

REJECTION_FIELDS = ("id", "coder_id", "document_id", "code_id", "start", "end", "key", "suggester", "created_at")
PROVENANCE_FIELDS = ("segment_id", "suggester", "model_sha256", "score", "created_at")
_REJECTION_COLUMNS = ", ".join(f'"{c}"' for c in REJECTION_FIELDS)
_PROVENANCE_COLUMNS = ", ".join(PROVENANCE_FIELDS)


def rejection_keys(project: Project, coder_id: str, document_id: str | None = None) -> set[str]:
    """The keys of the suggestions this coder rejected (in one article, or anywhere)."""
    if document_id is None:
        rows = project.conn.execute("SELECT key FROM suggestion_rejections WHERE coder_id = ?", (coder_id,))
    else:
        rows = project.conn.execute(
            "SELECT key FROM suggestion_rejections WHERE coder_id = ? AND document_id = ?", (coder_id, document_id))
    return {r[0] for r in rows}


def rejection_by_key(project: Project, coder_id: str, key: str) -> dict[str, Any] | None:
    """One rejection row as a dict, if this coder rejected that suggestion."""
    row = project.conn.execute(
        f"SELECT {_REJECTION_COLUMNS} FROM suggestion_rejections WHERE coder_id = ? AND key = ?",
        (coder_id, key)).fetchone()
    return dict(zip(REJECTION_FIELDS, row, strict=True)) if row else None


def rejected_spans(project: Project, coder_id: str) -> list[tuple[str, str, int, int, str]]:
    """``(document_id, code_id, start, end, text)`` of each rejection of this coder (the learner's negatives)."""
    return project.conn.execute(
        'SELECT r.document_id, r.code_id, r.start, r."end", substr(d.text, r.start + 1, r."end" - r.start) '
        "FROM suggestion_rejections r JOIN documents d ON d.id = r.document_id WHERE r.coder_id = ? "
        "ORDER BY r.created_at, r.id", (coder_id,)).fetchall()


def confirmed_spans(project: Project, coder_id: str) -> list[tuple[str, str, str, int, int, str]]:
    """``(segment_id, document_id, code_id, start, end, quote)`` of this coder's live segments."""
    return project.conn.execute(
        'SELECT id, document_id, code_id, start, "end", quote FROM segments '
        "WHERE coder_id = ? AND deleted_at IS NULL ORDER BY created_at, id", (coder_id,)).fetchall()


def coded_spans(project: Project, coder_id: str, document_id: str) -> list[tuple[str, int, int]]:
    """``(code_id, start, end)`` of this coder's live segments in one article."""
    return project.conn.execute(
        'SELECT code_id, start, "end" FROM segments WHERE coder_id = ? AND document_id = ? AND deleted_at IS NULL',
        (coder_id, document_id)).fetchall()


def document_texts(project: Project, document_ids: Iterable[str]) -> Iterator[tuple[str, str, str]]:
    """``(id, title, text)`` of each given article that exists, in the order given (one query each)."""
    for doc_id in document_ids:
        row = project.conn.execute("SELECT id, title, text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is not None:
            yield row[0], row[1], row[2]


def document_ids(project: Project) -> list[str]:
    """Every article's id, in the article list's order (title)."""
    return [r[0] for r in project.conn.execute("SELECT id FROM documents ORDER BY title COLLATE NOCASE, title, id")]


def provenance(project: Project, segment_ids: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
    """Provenance rows (as dicts) by segment id: of the given segments, or of all."""
    if segment_ids is None:
        rows = project.conn.execute(f"SELECT {_PROVENANCE_COLUMNS} FROM segment_provenance").fetchall()
    else:
        ids = list(segment_ids)
        rows = []
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ", ".join("?" for _ in chunk)
            rows += project.conn.execute(
                f"SELECT {_PROVENANCE_COLUMNS} FROM segment_provenance WHERE segment_id IN ({marks})", chunk).fetchall()
    return {r[0]: dict(zip(PROVENANCE_FIELDS, r, strict=True)) for r in rows}


def all_rejections(project: Project) -> list[dict[str, Any]]:
    """Every rejection row (merge and coder copies carry them)."""
    rows = project.conn.execute(f"SELECT {_REJECTION_COLUMNS} FROM suggestion_rejections ORDER BY id").fetchall()
    return [dict(zip(REJECTION_FIELDS, r, strict=True)) for r in rows]


def _valid_rejection(row: Mapping[str, Any], texts: Mapping[str, str] | None) -> bool:
    if not all(isinstance(row.get(c), str) for c in ("id", "coder_id", "document_id", "code_id", "key",
                                                        "suggester", "created_at")):
        return False
    start, end = row.get("start"), row.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end):
        return False
    text = texts.get(row["document_id"]) if texts is not None else None
    return text is None or end <= len(text)


def _valid_provenance(row: Mapping[str, Any]) -> bool:
    score = row.get("score")
    return (all(isinstance(row.get(c), str) for c in ("segment_id", "suggester", "model_sha256", "created_at"))
            and bool(str(row.get("suggester", "")).strip()) and len(row["suggester"]) <= 200
            and len(row["model_sha256"]) <= 200
            and isinstance(score, (int, float)) and not isinstance(score, bool) and 0.0 <= float(score) <= 1.0)


def insert_missing(project: Project, rejections: Iterable[Mapping[str, Any]],
                   provenance_rows: Iterable[Mapping[str, Any]],
                   texts: Mapping[str, str] | None = None) -> tuple[int, int]:
    """Bulk writer for merge, imports and copies: add rejections and provenance this project lacks.

    A row of the wrong shape or type, or whose article, code, coder or segment is not here, is
    skipped (``texts``: article id → text, to check a rejection's span); an existing row is kept
    as it is (rejections and provenance never change once written). Returns how many of each
    were added. Runs inside the caller's transaction.
    """
    added_r = added_p = 0
    for row in rejections:
        if not _valid_rejection(row, texts):
            continue
        cur = project.conn.execute(
            f"INSERT OR IGNORE INTO suggestion_rejections ({_REJECTION_COLUMNS}) "
            "SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM documents WHERE id = ?) "
            "AND EXISTS (SELECT 1 FROM codes WHERE id = ?) AND EXISTS (SELECT 1 FROM coders WHERE id = ?)",
            [row[c] for c in REJECTION_FIELDS] + [row["document_id"], row["code_id"], row["coder_id"]])
        added_r += cur.rowcount
    for row in provenance_rows:
        if not _valid_provenance(row):
            continue
        values = [row["segment_id"], " ".join(row["suggester"].split()), row["model_sha256"], float(row["score"]),
                  row["created_at"]]
        cur = project.conn.execute(
            f"INSERT OR IGNORE INTO segment_provenance ({_PROVENANCE_COLUMNS}) "
            "SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM segments WHERE id = ?)", values + [row["segment_id"]])
        added_p += cur.rowcount
    return added_r, added_p


def coder_rows(project: Project, coder_id: str, document_ids: Iterable[str]
               ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """One coder's rejections and their live segments' provenance in these articles (a coder copy carries them)."""
    docs = set(document_ids)
    rejections = [r for r in all_rejections(project) if r["coder_id"] == coder_id and r["document_id"] in docs]
    rows = project.conn.execute(
        f"SELECT {', '.join('p.' + c for c in PROVENANCE_FIELDS)}, s.document_id FROM segment_provenance p "
        "JOIN segments s ON s.id = p.segment_id WHERE s.coder_id = ? AND s.deleted_at IS NULL", (coder_id,)).fetchall()
    provenance = [dict(zip(PROVENANCE_FIELDS, r[:-1], strict=True)) for r in rows if r[-1] in docs]
    return rejections, provenance
