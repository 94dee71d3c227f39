"""REFI-QDA project export (``.qdpx``: a zip of ``project.qde`` and ``sources/<guid>.txt``).

* Users are our coders; the CodeBook keeps hierarchy, colours, descriptions.
* Each article is a TextSource whose text is ``sources/<document id>.txt``
  (UTF-8, ``\\n``, no BOM), referenced as ``internal://<guid>.txt``.
* Each live segment is a PlainTextSelection (code points, end exclusive) with
  one Coding/CodeRef, ``creatingUser`` and its created/modified times; its memo
  is the selection's Description *and* a Note (with NoteRef).
* Article metadata (outlet, date, author, url) are Text Variables.
* Per-coder document status has no place in REFI-QDA: each coder with one gets
  a Text variable "Newscoder status (Ana)" (done / in progress / not started)
  and a DateTime variable "Newscoder status time (Ana)", readable and filterable
  in MAXQDA and ATLAS.ti, read back by Newscoder (:mod:`refi_status`).
* GUIDs are our UUIDs in one canonical form (lowercase, no braces); derived
  GUIDs (codings, notes, variables) are stable across exports. Tombstoned
  segments are not exported.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, SubElement

from newscoder.core import store_exchange, store_suggest
from newscoder.core.errors import UserError
from newscoder.core.exchange.refi_attributes import with_provenance, with_values
from newscoder.core.sources import list_sources
from newscoder.core.exchange.refi_codebook import ExportReport, build_codes, to_bytes
from newscoder.core.exchange.refi_gold import gold_by_document, gold_selections, gold_user_guid
from newscoder.core.gold_store import GOLD_CODER
from newscoder.core.exchange.refi_common import ORIGIN, PROJECT_NS, derived_guid, our_guid
from newscoder.core.exchange.refi_variables import choices_description
from newscoder.core.exchange.refi_status import LEGACY_VARIABLE, READABLE, status_variable, time_variable
from newscoder.core.exchange.safezip import atomic_output
from newscoder.core import corpus
from newscoder.core.records import Coder, DocumentInfo, Segment
from newscoder.core.store import Project
from newscoder.core.timeutil import is_timestamp

#: (variable name, document field)
VARIABLES: tuple[tuple[str, str], ...] = (
    ("Outlet", "source"),
    ("Date", "published"),
    ("Author", "author"),
    ("URL", "url"),
)
STATUS_VARIABLE = LEGACY_VARIABLE  # the JSON variable of older exports (read, no longer written)
MAX_INTERNAL_BYTES = 2**31 - 1
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _q(tag: str) -> str:
    return f"{{{PROJECT_NS}}}{tag}"


def variable_guid(name: str) -> str:
    return derived_guid("variable", name)


def coding_guid(segment_id: str) -> str:
    return derived_guid("coding", segment_id)


def note_guid(segment_id: str) -> str:
    return derived_guid("memo", segment_id)


def _label(quote: str, limit: int = 60) -> str:
    flat = " ".join(quote.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _statuses(project: Project) -> dict[str, dict[str, tuple[str, str]]]:
    """{document id: {coder id: (status, updated_at)}}."""
    out: dict[str, dict[str, tuple[str, str]]] = {}
    for doc, coder, status, stamp in store_exchange.all_statuses(project):
        out.setdefault(doc, {})[coder] = (status, stamp)
    return out


def _status_values(coders: list[Coder], of_doc: dict[str, tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(variable name, value tag, value) for one article's per-coder statuses, in coder order."""
    out: list[tuple[str, str, str]] = []
    for coder in coders:
        if coder.id in of_doc:
            status, stamp = of_doc[coder.id]
            out.append((status_variable(coder.name), "TextValue", READABLE.get(status, status)))
            if is_timestamp(stamp):
                out.append((time_variable(coder.name), "DateTimeValue", stamp))
    return out


def _selection(parent: Element, seg: Segment, code_guid: str,
               sources: dict[str, tuple[str, str, str]] | None = None,
               provenance: dict[str, Any] | None = None) -> None:
    user = our_guid(seg.coder_id)
    sel = SubElement(parent, _q("PlainTextSelection"), {
        "guid": our_guid(seg.id),
        "name": _label(seg.quote),
        "startPosition": str(seg.start),
        "endPosition": str(seg.end),
        "creatingUser": user,
        "creationDateTime": seg.created_at,
        "modifyingUser": user,
        "modifiedDateTime": seg.updated_at,
    })
    description = with_provenance(with_values(seg.memo, seg.attributes, sources or {}), provenance)
    if description:
        SubElement(sel, _q("Description")).text = description
    coding = SubElement(sel, _q("Coding"), {
        "guid": coding_guid(seg.id), "creatingUser": user, "creationDateTime": seg.created_at,
    })
    SubElement(coding, _q("CodeRef"), {"targetGUID": code_guid})
    if seg.memo:
        SubElement(sel, _q("NoteRef"), {"targetGUID": note_guid(seg.id)})


def _note(notes: Element, seg: Segment) -> None:
    user = our_guid(seg.coder_id)
    note = SubElement(notes, _q("Note"), {
        "guid": note_guid(seg.id),
        "name": "Memo: " + _label(seg.quote, 40),
        "creatingUser": user,
        "creationDateTime": seg.updated_at,
        "modifyingUser": user,
        "modifiedDateTime": seg.updated_at,
    })
    SubElement(note, _q("PlainTextContent")).text = seg.memo


def build_project_xml(project: Project) -> tuple[Element, ExportReport]:
    """The ``project.qde`` tree, and the counts for the report."""
    ET.register_namespace("", PROJECT_NS)
    report = ExportReport(Path(), "the REFI-QDA project")
    attrs = {"name": project.name, "origin": ORIGIN}
    created = project.meta("created_at") or ""
    if is_timestamp(created):
        attrs["creationDateTime"] = created
    root = Element(_q("Project"), attrs)
    coders = project.coders()
    gold = gold_by_document(project)
    if coders or gold:
        users = SubElement(root, _q("Users"))
        for coder in coders:
            SubElement(users, _q("User"), {"guid": our_guid(coder.id), "name": coder.name})
        if gold:
            SubElement(users, _q("User"), {"guid": gold_user_guid(project), "name": GOLD_CODER})
    book = SubElement(root, _q("CodeBook"))
    n_codes = build_codes(project, PROJECT_NS, book)
    if n_codes == 0:
        root.remove(book)
    code_guids = {c.id: our_guid(c.id) for c in project.codes()}
    source_rows = {s.id: (s.name, s.kind, s.affiliation) for s in list_sources(project)}
    provenance = store_suggest.provenance(project)  # accepted suggestions (issue 19)
    statuses = _statuses(project)
    variables = SubElement(root, _q("Variables"))
    with_status = {coder for of_doc in statuses.values() for coder in of_doc}
    declared = [(name, "Text") for name, _field in VARIABLES]
    for coder in (c for c in coders if c.id in with_status):
        declared += [(status_variable(coder.name), "Text"), (time_variable(coder.name), "DateTime")]
    docs = sorted(project.documents(), key=lambda d: d.id)
    project_vars = project_variable_types(project, docs, report, {n for n, _k in declared})
    choices = {d.name: d.choices for d in corpus.variable_defs(project) if d.type == "choice" and d.choices}
    for name, kind in declared + list(project_vars.items()):
        var = SubElement(variables, _q("Variable"), {"guid": variable_guid(name), "name": name, "typeOfVariable": kind})
        if name in project_vars and name in choices:
            SubElement(var, _q("Description")).text = choices_description(choices[name])
    sources = SubElement(root, _q("Sources")) if docs else None
    notes = Element(_q("Notes"))
    n_segments = 0
    for doc in docs:
        assert sources is not None
        guid = our_guid(doc.id)
        src = SubElement(sources, _q("TextSource"), {
            "guid": guid, "name": doc.title, "plainTextPath": f"internal://{guid}.txt",
        })
        if is_timestamp(doc.imported_at):
            src.set("creationDateTime", doc.imported_at)
        segs = sorted(project.segments(document_id=doc.id), key=lambda s: (s.start, s.end, s.id))
        for seg in segs:
            code_guid = code_guids.get(seg.code_id)
            if code_guid is None:
                report.notes.append(f"segment {seg.id}: its code is not in the codebook; left out")
                continue
            _selection(src, seg, code_guid, source_rows, provenance.get(seg.id))
            n_segments += 1
            if seg.memo:
                _note(notes, seg)
        n_gold = gold_selections(project, src, gold.get(doc.id, []), code_guids, report.notes,
                                 source_rows)
        report.counts["gold segments"] = report.counts.get("gold segments", 0) + n_gold
        values = [(name, "TextValue", getattr(doc, fld)) for name, fld in VARIABLES if getattr(doc, fld)]
        values += _status_values(coders, statuses.get(doc.id, {}))
        for name, tag, value in values:
            vv = SubElement(src, _q("VariableValue"))
            SubElement(vv, _q("VariableRef"), {"targetGUID": variable_guid(name)})
            SubElement(vv, _q(tag)).text = value
        for name, kind in project_vars.items():
            value = doc.metadata.get(name)
            if isinstance(value, str) and value:
                vv = SubElement(src, _q("VariableValue"))
                SubElement(vv, _q("VariableRef"), {"targetGUID": variable_guid(name)})
                SubElement(vv, _q(f"{kind}Value")).text = value
    if len(notes):
        root.append(notes)
    report.counts = {"articles": len(docs), "codes": n_codes, "coders": len(coders), "segments": n_segments,
                     "memos": len(notes), **({"gold segments": report.counts["gold segments"]} if gold else {})}
    return root, report


def project_variable_types(project: Project, docs: list[DocumentInfo], report: ExportReport,
                           builtin: set[str]) -> dict[str, str]:
    """Project variables (defined ones and other metadata keys) and their REFI-QDA types.

    number → Float, date → Date (when every value is a full ``YYYY-MM-DD``), the rest Text
    (REFI-QDA has no choice type: a choice variable's list goes in its Description,
    see :mod:`refi_variables`). A name that clashes with a built-in variable is left out.
    """
    defs = {d.name: d.type for d in corpus.variable_defs(project)}
    names = list(defs) + [k for k in corpus.metadata_keys(project) if k not in defs]
    taken = {n.casefold() for n in builtin} | {LEGACY_VARIABLE.casefold()}
    out: dict[str, str] = {}
    for name in names:
        if name.casefold() in taken:
            report.notes.append(f"variable {name!r}: its name is taken by a built-in variable; left out")
            continue
        taken.add(name.casefold())
        values = [v for d in docs if isinstance(v := d.metadata.get(name), str) and v]
        kind = defs.get(name, "text")
        if kind == "number" and all(re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", v) for v in values):
            out[name] = "Float"
        elif kind == "date" and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) for v in values):
            out[name] = "Date"
        else:
            out[name] = "Text"
    return out


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_FIXED_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def export_qdpx(project: Project, path: str | Path) -> ExportReport:
    """Write the project as a ``.qdpx`` file (atomically; the same project gives the same bytes)."""
    path = Path(path)
    root, report = build_project_xml(project)
    report.path = path
    qde = to_bytes(root)
    with atomic_output(path, protect=[project.path]) as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(_info("project.qde"), qde)
        for doc_id in sorted(d.id for d in project.documents()):
            data = project.document_text(doc_id).encode("utf-8")
            if len(data) > MAX_INTERNAL_BYTES:
                raise UserError(f"the article {doc_id} is larger than REFI-QDA allows for one file (2 GB)")
            zf.writestr(_info(f"sources/{our_guid(doc_id)}.txt"), data)
    return report
