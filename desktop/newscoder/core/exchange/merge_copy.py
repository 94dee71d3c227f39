"""A coder copy changes only its own coder's work (issue 11, item 5).

A copy of *this* project (``export copy`` wrote this project's UUID and the
coder into its meta) may add, change or delete only the segments and statuses
of the coder it was made for. Anything else (another coder in the copy, a
segment or status booked to another coder, a segment id that is another
coder's here: reused, deleted or taken over) refuses the whole merge, each
problem reported by id. A full project (not a copy of this one) is not checked
here and merges by the usual rules.
"""

from __future__ import annotations

from newscoder.core import store_exchange
from newscoder.core.errors import InputError
from newscoder.core.exchange.bundle import Bundle
from newscoder.core.exchange.copy import META_CODER, META_CODER_ID, META_SOURCE
from newscoder.core.store import Project, name_key

#: At most this many refused ids are spelled out.
MAX_SHOWN = 50


def _clean(name: str) -> str:
    return " ".join((name or "").split())


def copy_coder(project: Project, bundle: Bundle) -> tuple[str, str | None] | None:
    """``(name, id)`` of the coder a copy of ``project`` was made for; ``None`` for a full project."""
    name = _clean(bundle.meta.get(META_CODER, ""))
    if not name or bundle.meta.get(META_SOURCE) != project.uuid:
        return None
    return name, bundle.meta.get(META_CODER_ID) or None


def copy_problems(project: Project, bundle: Bundle, name: str, known_id: str | None) -> list[str]:
    """Every way the copy touches work that is not ``name``'s, by id."""
    problems: list[str] = []
    allowed: set[str] = set()  # coder ids in the copy
    for coder in bundle.coders:
        if (coder.id == known_id) if known_id else (name_key(_clean(coder.name)) == name_key(name)):
            allowed.add(coder.id)
        else:
            problems.append(f"coder {coder.id} ({_clean(coder.name)!r}): not the copy's coder")
    mine = set()
    for cid in allowed:
        local = project.coder(cid) or project.coder_by_name(name)
        mine.add(local.id if local else cid)
    for seg in bundle.segments:
        if seg.coder_id not in allowed:
            problems.append(f"segment {seg.id}: belongs to another coder ({seg.coder_id})")
            continue
        here = store_exchange.segment_coder(project, seg.id)
        if here is not None and here not in mine:
            owner = project.coder(here)
            verb = "delete" if seg.deleted_at else "change or take over"
            problems.append(f"segment {seg.id}: is {owner.name if owner else here}'s segment here; "
                            f"the copy may not {verb} it")
    for st in bundle.statuses:
        if st.coder_id not in allowed:
            problems.append(f"status of article {st.document_id}: belongs to another coder ({st.coder_id})")
    for gold in bundle.gold:  # export copy carries no gold layer: adjudication is not a coder's work
        problems.append(f"gold segment {gold.get('id')}: a coder copy may not change the adjudicated gold layer")
    return problems


def check_coder_copy(project: Project, bundle: Bundle) -> None:
    """Refuse (:class:`InputError`) a coder copy that touches another coder's work; nothing is written."""
    found = copy_coder(project, bundle)
    if found is None:
        return
    name, known_id = found
    problems = copy_problems(project, bundle, name, known_id)
    if problems:
        shown = problems[:MAX_SHOWN]
        if len(problems) > MAX_SHOWN:
            shown.append(f"... and {len(problems) - MAX_SHOWN} more")
        raise InputError(
            f"{bundle.label}: refused: this coder copy for {name} changes work that is not {name}'s "
            f"({len(problems)} problem(s)); nothing was merged", shown,
        )
