"""Coder copies: a project file for one coder, with the articles and codebook.

The copy keeps the articles', codes' and (if known) the coder's UUIDs, so its
work merges back exactly. It gets its own project UUID and records the source
in project meta: ``source_project`` (the source's UUID), ``intended_coder``
(the coder's name, proposed when the copy is first opened) and ``copied_at``.

Other coders' segments and statuses are left out (blind coding). The intended
coder's own live segments and statuses on the chosen articles *are* carried,
so a coder can continue or revise earlier work; they merge back by id.
"""

from __future__ import annotations

import os
import random
import sqlite3
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from newscoder.core import store_suggest
from newscoder.core import projectfile
from newscoder.core import store_exchange as sx
from newscoder.core.errors import ProjectOpenError, UserError
from newscoder.core.exchange import output as out
from newscoder.core.exchange.checkpoint import checkpoint
from newscoder.core.store import Project, name_key
from newscoder.core.timeutil import now_utc

META_SOURCE = "source_project"
META_CODER = "intended_coder"
META_CODER_ID = "intended_coder_id"
META_COPIED = "copied_at"


@dataclass(frozen=True)
class CopyReport:
    path: Path
    coder: str
    coder_id: str
    documents: int
    codes: int
    segments: int
    statuses: int

    def lines(self) -> list[str]:
        return [
            f"Wrote {self.path} for coder {self.coder}:",
            f"  {self.documents} articles, {self.codes} codes",
            f"  carried {self.segments} of {self.coder}'s own segments and {self.statuses} statuses",
        ]


def intended_coder(project: Project) -> str | None:
    """The coder a copy was made for (to propose when it is first opened)."""
    return project.meta(META_CODER)


def choose_documents(
    project: Project, document_ids: Sequence[str] = (), sample: int | None = None, seed: int | None = None
) -> list[str]:
    """The chosen document ids: all, the given ones, and/or a reproducible sample."""
    all_ids = sorted(d.id for d in project.documents())
    if document_ids:
        unknown = [d for d in document_ids if d not in set(all_ids)]
        if unknown:
            raise UserError(f"no such article: {', '.join(unknown)}")
        pool = sorted(set(document_ids))
    else:
        pool = all_ids
    if sample is None:
        if seed is not None:
            raise UserError("--seed only goes with --sample N")
        return pool
    if seed is None:
        raise UserError("--sample needs --seed S, so that the sample can be drawn again")
    if not 0 < sample <= len(pool):
        raise UserError(f"cannot sample {sample} articles from {len(pool)}")
    return sorted(random.Random(seed).sample(pool, sample))


def export_copy(
    project: Project,
    output: str | Path,
    coder: str,
    *,
    document_ids: Sequence[str] = (),
    sample: int | None = None,
    seed: int | None = None,
) -> CopyReport:
    """Write a coder copy to ``output`` (refused if it exists or is an input; written atomically).

    The project's WAL is checkpointed first, so the file itself holds every save.
    """
    output = Path(output)
    name = " ".join(coder.split())
    if not name:
        raise UserError("a coder copy needs a coder name")
    real = out.check_target(output, protect=[project.path], overwrite=False)
    docs = choose_documents(project, document_ids, sample, seed)
    checkpoint(project)
    existing = project.coder_by_name(name)
    coder_id = existing.id if existing else str(uuid.uuid4())
    tmp = out.temp_beside(real, ".creating")
    try:
        projectfile.create_file(tmp, f"{project.name} — {name}")
        with sx.filling(tmp) as dest:
            counts = _fill(project, dest, docs, name, coder_id, existing is not None)
            now = now_utc()
            sx.set_meta_rows(
                dest, [(META_SOURCE, project.uuid), (META_CODER, name), (META_CODER_ID, coder_id), (META_COPIED, now)]
            )
        with tmp.open("rb+") as fh:  # our own temporary file, never the project
            os.fsync(fh.fileno())
        out.set_umask_mode(tmp)
        out.publish(tmp, real, output, overwrite=False)
    except OSError as exc:
        raise out.write_error(output, exc) from exc
    except sqlite3.Error as exc:
        raise _sqlite_error(output, exc) from exc
    except projectfile.ProjectWriteError as exc:  # the store's bulk segment writer names the file it wrote
        cause = exc.__cause__
        if not isinstance(cause, sqlite3.Error):
            raise
        raise _sqlite_error(output, cause) from cause
    except ProjectOpenError as exc:
        raise out.OutputError(f"cannot write {output}: {exc}; nothing was written") from exc
    finally:
        out.remove_with_sidecars(tmp)
    return CopyReport(output, name, coder_id, len(docs), counts[0], counts[1], counts[2])


def _sqlite_error(output: Path, exc: sqlite3.Error) -> out.OutputError:
    clear = projectfile.translate_error(exc, output)
    if clear is not None and clear.kind == "full":
        return out.OutputError(f"cannot write {output}: the disk is full; nothing was written")
    return out.OutputError(f"cannot write {output}: {exc}; nothing was written")


def _fill(project: Project, dest: Project, docs: list[str], name: str, coder_id: str,
          known: bool) -> tuple[int, int, int]:
    sx.insert_rows(dest, "documents", sx.document_rows(project, docs))
    cols, rows = sx.live_code_rows(project)
    # parents first, so that the foreign key holds while inserting
    by_id = {r[cols.index("id")]: r for r in rows}
    ordered: list[tuple] = []
    seen: set[str] = set()

    def visit(row: tuple) -> None:
        cid = row[cols.index("id")]
        if cid in seen:
            return
        seen.add(cid)
        parent = row[cols.index("parent_id")]
        if parent in by_id:
            visit(by_id[parent])
        ordered.append(row)

    for row in rows:
        visit(row)
    sx.insert_rows(dest, "codes", (cols, ordered))
    # every source (merged-away ones too, so old ids still resolve); merged_into may point forward
    sx.defer_foreign_keys(dest)
    sx.insert_rows(dest, "sources", sx.source_rows(project))
    if known:
        sx.insert_rows(dest, "coders", sx.coder_rows(project, coder_id))
    else:
        sx.insert_coder(dest, coder_id, name, name_key(name), now_utc())
    segs = stats = 0
    if known and docs:
        segs = dest.upsert_segments(sx.coder_live_segments(project, coder_id, docs))
        statuses = sx.coder_status_rows(project, coder_id, docs)
        sx.insert_rows(dest, "document_status", statuses)
        stats = len(statuses[1])
        store_suggest.insert_missing(dest, *store_suggest.coder_rows(project, coder_id, docs))  # issue 19
    return len(ordered), segs, stats
