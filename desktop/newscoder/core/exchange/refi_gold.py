"""The gold layer in a REFI-QDA project export.

REFI-QDA has no notion of adjudication, so the gold layer goes out as one more
``User``, named :data:`~newscoder.core.gold_store.GOLD_CODER` (its GUID derived from the
project's UUID, stable across exports), who made every gold segment. Each gold
selection says it is gold in its ``Description``: "Gold standard: <decision> by
<adjudicator>", the reason on the next line, the coders' segment GUIDs it came from and (if
more) those it settles. Importing or merging the file brings them back into the gold layer
(:mod:`newscoder.core.gold.refi`).
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, SubElement

from newscoder.core import gold_store
from newscoder.core.exchange.refi_attributes import with_values
from newscoder.core.exchange.refi_common import PROJECT_NS, derived_guid, our_guid
from newscoder.core.gold_store import GoldSegment
from newscoder.core.store import Project


def _q(tag: str) -> str:
    return f"{{{PROJECT_NS}}}{tag}"


def gold_user_guid(project: Project) -> str:
    return derived_guid("gold-user", project.uuid)


def gold_by_document(project: Project) -> dict[str, list[GoldSegment]]:
    """The live gold segments ("accept nothing" left out) per document, by position."""
    out: dict[str, list[GoldSegment]] = {}
    for g in gold_store.gold_rows(project, segments_only=True):
        out.setdefault(g.document_id, []).append(g)
    return out


def _label(quote: str, limit: int = 60) -> str:
    flat = " ".join(quote.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def gold_selections(project: Project, source: Element, gold: list[GoldSegment], code_guids: dict[str, str],
                    notes: list[str], sources: dict[str, tuple[str, str, str]] | None = None) -> int:
    """Append each gold segment to ``source`` as a PlainTextSelection by the gold user; how many.

    Its attribute values end the description as a coder's selection's do
    (:func:`~newscoder.core.exchange.refi_attributes.with_values`; ``sources``: id → name, kind, affiliation).
    """
    user = gold_user_guid(project)
    n = 0
    for g in gold:
        code_guid = code_guids.get(g.code_id)
        if code_guid is None:
            notes.append(f"gold segment {g.id}: its code is not in the codebook; left out")
            continue
        sel = SubElement(source, _q("PlainTextSelection"), {
            "guid": our_guid(g.id), "name": _label(g.quote), "startPosition": str(g.start),
            "endPosition": str(g.end), "creatingUser": user, "creationDateTime": g.created_at,
            "modifyingUser": user, "modifiedDateTime": g.updated_at,
        })
        lines = [f"Gold standard: {g.decision} by {g.adjudicator}"]
        if g.reason:
            lines.append(f"Reason: {g.reason}")
        if g.sources:
            lines.append("From coders' segments: " + ", ".join(our_guid(s) for s in sorted(g.sources)))
        if set(g.unit_segments) != set(g.sources):
            lines.append("Settles coders' segments: " + ", ".join(our_guid(s) for s in sorted(g.unit_segments)))
        SubElement(sel, _q("Description")).text = with_values("\n".join(lines), g.attributes, sources or {})
        coding = SubElement(sel, _q("Coding"), {
            "guid": derived_guid("coding", g.id), "creatingUser": user, "creationDateTime": g.created_at,
        })
        SubElement(coding, _q("CodeRef"), {"targetGUID": code_guid})
        n += 1
    return n
