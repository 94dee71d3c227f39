"""REFI-QDA project import (``.qdpx``), of our own files and of other tools' files.

The archive is opened with :class:`SafeZip` (no absolute paths or ``..``,
capped sizes and entry count) and the XML parsed with defusedxml. The import
is as lenient as the standard allows: namespaces are optional, GUIDs may have
braces or upper case, file names are matched case-insensitively, CRLF text is
normalised (positions follow). Whatever cannot be brought in is dropped and
*reported* (REFI-QDA §7): non-text sources, cases, sets, graphs, links, notes
not attached to a coded selection, codings of whole sources, selections outside
their text or without a code, sources whose text file is missing.

The result is a :class:`Bundle` merged with the same rules as ``newscoder
merge`` (documents by content hash, codes/coders by GUID then name, segments by
id — a selection's GUID is kept as the segment id), in one transaction. So
importing into a project that already has the articles works, and importing
the same file twice changes nothing.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from newscoder.core import store_exchange as sx
from newscoder.core.codebook import SHORTCUTS
from newscoder.core.errors import InputError, UserError
from newscoder.core.attributes import canonical
from newscoder.core.exchange.bundle import Bundle, InCoder, InDocument, InSegment, InSource, InStatus
from newscoder.core.exchange.merge import MergeReport, merge_bundle
from newscoder.core.exchange.refi_attributes import split_provenance, split_values
from newscoder.core.exchange.refi_checks import Resolved, Selection, check_limits, resolve_positions, reuse_segment_ids
from newscoder.core.exchange.refi_codebook import read_codes
from newscoder.core.exchange.refi_common import (
    Dropped,
    canonical_guid,
    child,
    child_text,
    children,
    derived_guid,
    local,
    parse_datetime,
    parse_int,
)
from newscoder.core.exchange.refi_project_export import STATUS_VARIABLE
from newscoder.core.exchange.refi_status import StatusValues
from newscoder.core.exchange.refi_variables import parse_choices
from newscoder.core.exchange.refi_status import parse_variable as parse_status_variable
from newscoder.core.exchange.safezip import SafeZip, parse_xml, publish, temp_sibling
from newscoder.core import corpus
from newscoder.core.store import Project
from newscoder.core.timeutil import is_timestamp, now_utc

_FIELDS = {"outlet": "source", "source": "source", "date": "published", "published": "published",
           "author": "author", "url": "url"}
_IGNORED_TOP = {"Cases": "cases", "Sets": "sets", "Graphs": "graphs", "Links": "links",
                "Description": "the project description", "NoteRef": "project notes"}
_VALUE_TAGS = ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue", "DateTimeValue")


@dataclass
class QdpxImportReport:
    path: Path
    merge: MergeReport
    dropped: list[str] = field(default_factory=list)
    created: Path | None = None

    def lines(self) -> list[str]:
        out = [f"Imported {self.path}" + (f" into the new project {self.created}" if self.created else "") + ":"]
        out += self.merge.lines()[1:]
        if self.dropped:
            out.append("Left out (Newscoder cannot hold these):")
            out += [f"  - {d}" for d in self.dropped]
        return out


def _group(root: Element, group: str, item: str) -> list[Element]:
    holder = child(root, group)
    return children(holder, item) if holder is not None else []


def _normalise(text: str) -> tuple[str, list[int] | None]:
    """``\\n``-only text and, if it changed, a map old code point index -> new index."""
    if "\r" not in text:
        return text, None
    mapping: list[int] = []
    out: list[str] = []
    i = 0
    while i < len(text):
        mapping.append(len(out))
        ch = text[i]
        if ch == "\r":
            if i + 1 < len(text) and text[i + 1] == "\n":
                mapping.append(len(out))
                i += 1
            out.append("\n")
        else:
            out.append(ch)
        i += 1
    mapping.append(len(out))
    return "".join(out), mapping


class _Reader:
    def __init__(self, zf: SafeZip, root: Element, where: str) -> None:
        self.z = zf
        self.root = root
        self.where = where
        self.dropped = Dropped()
        self.bundle = Bundle(label=where, meta={"name": root.get("name") or ""})
        self.users: dict[str, InCoder] = {}
        self.codes: set[str] = set()
        self.variables: dict[str, str] = {}
        self.variable_types: dict[str, str] = {}  # name -> REFI-QDA typeOfVariable
        self.variable_choices: dict[str, list[str]] = {}  # name -> choices from a Newscoder Description
        self.status_values = StatusValues()
        self.notes: dict[str, str] = {}
        self.used_notes: set[str] = set()
        self.seg_ids: set[str] = set()
        self.source_ids: set[str] = set()
        self.default_user = canonical_guid(root.get("creatingUserGUID"))
        self.source_titles: dict[str, str] = {}

    def read(self) -> Bundle:
        for elem in self.root:
            name = local(elem.tag)
            if name in _IGNORED_TOP:
                n = len(list(elem)) if name in ("Cases", "Sets", "Graphs", "Links") else 1
                self.dropped.count(_IGNORED_TOP[name], max(n, 1))
        self.read_users()
        book = child(self.root, "CodeBook")
        codes = read_codes(child(book, "Codes") if book is not None else None, self.dropped, self.where)
        self.bundle.codes = codes
        self.codes = {c.id for c in codes}
        for var in _group(self.root, "Variables", "Variable"):
            guid = canonical_guid(var.get("guid"))
            if guid:
                self.variables[guid] = (var.get("name") or "").strip()
                self.variable_types[self.variables[guid]] = var.get("typeOfVariable") or "Text"
                choices = parse_choices(child_text(var, "Description"))
                if choices is not None:
                    self.variable_choices[self.variables[guid]] = choices
        self.read_notes()
        sources = child(self.root, "Sources")
        for src in list(sources) if sources is not None else []:
            kind = local(src.tag)
            if kind == "TextSource":
                self.read_text_source(src)
            else:
                self.dropped.add(
                    f"{kind} {src.get('name') or src.get('guid') or ''!r}: only text sources can be imported"
                )
        unused = set(self.notes) - self.used_notes
        if unused:
            self.dropped.count("notes not attached to a coded text selection", len(unused))
        self.bundle.coders = list(self.users.values())
        return self.bundle

    def date(self, value: str | None) -> str | None:
        """A REFI date as our timestamp; one before year 1000 (or unreadable) counts as missing, reported."""
        stamp = parse_datetime(value)
        if value and value.strip() and (stamp is None or not is_timestamp(stamp) or stamp < "1000-01-01T00:00:00Z"):
            self.dropped.count("dates before the year 1000 or unreadable (the import time was used)")
            return None
        return stamp

    def read_users(self) -> None:
        for user in _group(self.root, "Users", "User"):
            guid = canonical_guid(user.get("guid"))
            if guid is None:
                self.dropped.add(f"a user with an invalid guid {user.get('guid')!r}")
                continue
            name = " ".join((user.get("name") or user.get("id") or "").split()) or f"User {guid[:8]}"
            self.users.setdefault(guid, InCoder(guid, name))

    def user(self, *candidates: str | None) -> str:
        for cand in candidates:
            guid = canonical_guid(cand)
            if guid:
                if guid not in self.users:
                    self.users[guid] = InCoder(guid, f"User {guid[:8]}")
                return guid
        guid = self.default_user or derived_guid("unknown user", self.where)
        self.users.setdefault(guid, InCoder(guid, "Unknown user"))
        return guid

    def text_of(self, elem: Element, what: str) -> str | None:
        """The plain text of a TextSource or Note (inline or internal file), or ``None``."""
        inline = child(elem, "PlainTextContent")
        if inline is not None:
            return inline.text or ""
        path = (elem.get("plainTextPath") or "").strip()
        if not path:
            self.dropped.add(f"{what}: no text (neither PlainTextContent nor plainTextPath)")
            return None
        if not path.lower().startswith("internal://"):
            self.dropped.add(f"{what}: its text is an external file ({path}); only internal sources are read")
            return None
        name = path[len("internal://"):]
        member = self.z.find(f"sources/{name}") or self.z.find(name)
        if member is None:
            self.dropped.add(f"{what}: its text file sources/{name} is missing from the archive")
            return None
        data = self.z.read(member)
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.dropped.add(f"{what}: its text file sources/{name} is not UTF-8")
            return None

    def read_notes(self) -> None:
        for note in _group(self.root, "Notes", "Note"):
            guid = canonical_guid(note.get("guid"))
            if guid is None:
                continue
            text = self.text_of(note, f"note {note.get('name') or guid!r}")
            if text is not None:
                self.notes[guid] = text.replace("\r\n", "\n").replace("\r", "\n")

    def read_text_source(self, src: Element) -> None:
        title = " ".join((src.get("name") or "").split()) or "Untitled source"
        what = f"source {title!r}"
        n_sel = len(children(src, "PlainTextSelection"))
        raw = self.text_of(src, what)
        if raw is None:
            if n_sel:
                self.dropped.add(f"{what}: {n_sel} selections dropped with it")
            return
        text, mapping = _normalise(raw)
        if not text:
            self.dropped.add(f"{what}: the text is empty" + (f"; {n_sel} selections dropped" if n_sel else ""))
            return
        guid = canonical_guid(src.get("guid")) or derived_guid(
            "source", self.where, title, str(len(self.bundle.documents))
        )
        if guid in self.source_titles:
            raise InputError(
                f"{self.where}: refused: the sources {self.source_titles[guid]!r} and {title!r} share the GUID "
                f"{guid}; their selections could not be told apart. Nothing was imported"
            )
        self.source_titles[guid] = title
        doc = InDocument(
            id=guid, text=text, title=title, imported_at=self.date(src.get("creationDateTime")) or now_utc()
        )
        if src.get("richTextPath"):
            self.dropped.count("rich-text (DOCX) versions of text sources (the plain text was used)")
        if children(src, "Coding"):
            self.dropped.add(f"{what}: {len(children(src, 'Coding'))} codings of the whole source")
        if children(src, "NoteRef"):
            self.dropped.count("notes attached to whole sources", len(children(src, "NoteRef")))
        description = child_text(src, "Description").strip()
        if description:
            doc.metadata["description"] = description
        self.status_values = StatusValues()
        for vv in children(src, "VariableValue"):
            self.read_value(doc, vv, what)
        self.read_status_variables(doc, what)
        self.bundle.documents.append(doc)
        sels = children(src, "PlainTextSelection")
        spans = resolve_positions(raw, text, mapping, [
            Selection(sel.get("name") or "", parse_int(sel.get("startPosition")), parse_int(sel.get("endPosition")),
                      f"{what}: selection {sel.get('name') or sel.get('guid') or ''!r}")
            for sel in sels
        ], what, self.dropped)
        for sel, resolved in zip(sels, spans, strict=False):
            self.read_selection(doc, sel, resolved, mapping, what)

    def read_value(self, doc: InDocument, vv: Element, what: str) -> None:
        ref = child(vv, "VariableRef")
        name = self.variables.get(canonical_guid(ref.get("targetGUID") if ref is not None else None) or "", "")
        value = next((child_text(vv, t) for t in _VALUE_TAGS if child(vv, t) is not None), "")
        if not name:
            self.dropped.add(f"{what}: a variable value whose variable is not defined")
            return
        ours = parse_status_variable(name)
        if name == STATUS_VARIABLE:
            self.read_statuses(doc, value, what)
        elif ours is not None:
            self.status_values.add(ours[0], ours[1], value)
        elif name.casefold() in _FIELDS:
            setattr(doc, _FIELDS[name.casefold()], " ".join(value.split()))
        else:
            doc.metadata[name] = value

    def read_status_variables(self, doc: InDocument, what: str) -> None:
        """The per-coder "Newscoder status (Ana)" variables of one source (see :mod:`refi_status`)."""
        found, problems = self.status_values.results()
        for problem in problems:
            self.dropped.add(f"{what}: {problem}")
        for name, status, stamp in found:
            guid = next((g for g, u in self.users.items() if u.name.casefold() == name.casefold()), None)
            if guid is None:
                guid = derived_guid("user", name)
                self.users[guid] = InCoder(guid, name)
            self.bundle.statuses.append(InStatus(doc.id, guid, status, parse_datetime(stamp) or now_utc()))

    def read_statuses(self, doc: InDocument, value: str, what: str) -> None:
        try:
            data = json.loads(value)
            for coder, entry in data.items():
                guid = canonical_guid(coder)
                stamp = self.date(entry.get("updated_at"))
                if guid and stamp and isinstance(entry.get("status"), str):
                    self.bundle.statuses.append(InStatus(doc.id, self.user(guid), entry["status"], stamp))
        except (ValueError, AttributeError, TypeError):
            self.dropped.add(f"{what}: an unreadable {STATUS_VARIABLE!r} value")

    def read_selection(self, doc: InDocument, sel: Element, resolved: Resolved, mapping: list[int] | None,
                       what: str) -> None:
        label = f"{what}: selection {sel.get('name') or sel.get('guid') or ''!r}"
        size = len(mapping) - 1 if mapping else len(doc.text)
        if resolved.span is None:
            self.dropped.add(f"{label} at [{sel.get('startPosition')}, {sel.get('endPosition')}) lies outside "
                             f"its text of {size} characters (or covers only a line break)")
            return
        start, end = resolved.span
        rest, provenance, bad_record = split_provenance(child_text(sel, "Description"))
        if bad_record:
            self.dropped.add(f"{label}: {bad_record}")
        memo, values, found_sources, problem = split_values(rest)
        if not (self.root.get("origin") or "").startswith("Newscoder"):
            memo = memo.strip("\n")  # other tools pretty-print; ours is exact (CR as &#13;)
        if problem:
            self.dropped.add(f"{label}: {problem}")
        for s in found_sources:
            if s["id"] not in self.source_ids:
                self.source_ids.add(s["id"])
                self.bundle.sources.append(InSource(s["id"], s["name"], s["kind"] or "other", s["affiliation"]))
        refs = children(sel, "NoteRef") + [r for c in children(sel, "Coding") for r in children(c, "NoteRef")]
        note_texts = []
        for ref in refs:
            guid = canonical_guid(ref.get("targetGUID"))
            if guid is not None and guid in self.notes:
                self.used_notes.add(guid)
                note_texts.append(self.notes[guid])
        if not memo and note_texts:
            memo = "\n\n".join(note_texts)
        codings = children(sel, "Coding")
        if not codings:
            self.dropped.add(f"{label}: a selection without a code")
            return
        created = self.date(sel.get("creationDateTime"))
        modified = self.date(sel.get("modifiedDateTime"))
        for i, coding in enumerate(codings):
            code_ref = child(coding, "CodeRef")
            code = canonical_guid(code_ref.get("targetGUID") if code_ref is not None else None)
            if code not in self.codes:
                self.dropped.add(f"{label}: a coding whose code is not in the codebook")
                continue
            stamp = created or self.date(coding.get("creationDateTime")) or now_utc()
            seg_id = next(
                (g for g in (canonical_guid(sel.get("guid")) if i == 0 else None, canonical_guid(coding.get("guid")))
                 if g and g not in self.seg_ids),
                derived_guid("segment", self.where, doc.id, str(start), str(end), str(code), str(i)),
            )
            self.seg_ids.add(seg_id)
            if i == 0 and provenance is not None:
                self.bundle.provenance.append({"segment_id": seg_id, **provenance})
            user = self.user(coding.get("creatingUser"), sel.get("creatingUser"))
            self.bundle.segments.append(InSegment(
                seg_id, doc.id, code, user, start, end, memo, stamp, max(stamp, modified or stamp),
                attributes=canonical(values) if i == 0 else "{}"))


def _find_qde(zf: SafeZip, where: str) -> str:
    member = zf.find("project.qde")
    if member:
        return member
    candidates = [n for n in zf.names() if n.lower().endswith(".qde") and "/" not in n.strip("/")]
    if len(candidates) == 1:
        return candidates[0]
    raise InputError(f"{where}: not a REFI-QDA project (no project.qde in the archive)")


#: A member larger than 1 MB may unpack to at most this many times its packed size
#: (news text compresses 3-5 times; a 41 KB file must not become a 40 MB article).
MAX_RATIO = 100


def read_qdpx(path: str | Path) -> tuple[Bundle, Dropped]:
    """Read a ``.qdpx`` file into a :class:`Bundle` and the list of what was dropped."""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a QDPX file")
    with SafeZip(path, max_ratio=MAX_RATIO) as zf:
        root = parse_xml(zf.read(_find_qde(zf, str(path))), f"{path} (project.qde)")
        if local(root.tag) != "Project":
            raise InputError(f"{path}: not a REFI-QDA project (the root element is <{local(root.tag)}>, not <Project>)")
        reader = _Reader(zf, root, str(path))
        try:
            bundle = reader.read()
            bundle.meta["variable_types"] = json.dumps(reader.variable_types, sort_keys=True)
            bundle.meta["variable_choices"] = json.dumps(reader.variable_choices, sort_keys=True)
        except RecursionError as exc:
            raise InputError(f"{path}: the project file is nested too deeply to read") from exc
    check_limits(bundle, str(path), reader.dropped)
    return bundle, reader.dropped


def _give_shortcuts(project: Project, names: list[str]) -> None:
    used = {c.shortcut for c in project.codes()}
    free = [s for s in SHORTCUTS if s not in used]
    for name in names:
        code = project.code_by_name(name)
        if not free or code is None or code.archived:
            continue
        sx.set_code_shortcut(project, code.id, free.pop(0))


#: REFI-QDA variable types -> project variable types (Text stays an undefined, text variable)
_VARIABLE_TYPES = {"Float": "number", "Integer": "number", "Date": "date", "Boolean": "choice"}


def _define_variables(project: Project, bundle: Bundle) -> None:
    """Typed project variables for the QDPX's typed variables not defined here yet (issue 14)."""
    try:
        types = json.loads(bundle.meta.get("variable_types") or "{}")
        listed = json.loads(bundle.meta.get("variable_choices") or "{}")
    except ValueError:
        return
    used = {name for doc in bundle.documents for name in doc.metadata}
    defined = {d.name.casefold() for d in corpus.variable_defs(project)}
    wanted = []
    for name, kind in sorted(types.items()):
        ours = _VARIABLE_TYPES.get(str(kind))
        choices = ["true", "false"] if ours == "choice" else []
        values = {v for doc in bundle.documents if (v := doc.metadata.get(name))}
        if kind == "Text" and isinstance(listed.get(name), list) and values <= set(listed[name]):
            ours, choices = "choice", list(listed[name])  # a Newscoder choice variable (refi_variables)
        if ours and name in used and name.casefold() not in defined and 0 < len(name.strip()) <= 64:
            wanted.append((name, ours, choices))
    corpus.add_variable_defs(project, wanted)


def import_qdpx(project: Project, path: str | Path) -> QdpxImportReport:
    """Import a ``.qdpx`` into an open project, in one transaction (all or nothing)."""
    bundle, dropped = read_qdpx(path)
    try:
        with project.atomic():
            matched = reuse_segment_ids(project, bundle)
            report = merge_bundle(project, bundle)
            _give_shortcuts(project, report.codes_added)
            _define_variables(project, bundle)
    except sqlite3.IntegrityError as exc:
        raise InputError(f"{path}: cannot import: inconsistent data ({exc}); nothing was changed") from exc
    if matched:
        report.notes.append(f"{matched} selections matched segments already here (same article, code, coder, "
                            "start and end) and were not added again")
    return QdpxImportReport(Path(path), report, dropped.lines())


def import_qdpx_new(path: str | Path, project_path: str | Path) -> QdpxImportReport:
    """Create a new project at ``project_path`` from a ``.qdpx`` (no file is left on failure)."""
    project_path = Path(project_path)
    if project_path.exists():
        raise UserError(f"{project_path}: a file already exists there")
    bundle, dropped = read_qdpx(path)
    tmp = temp_sibling(project_path, ".creating")
    try:
        project = Project.create(tmp, bundle.meta.get("name") or project_path.stem, codebook=False)
        try:
            with project.atomic():
                report = merge_bundle(project, bundle)
                _give_shortcuts(project, report.codes_added)
                _define_variables(project, bundle)
        except sqlite3.IntegrityError as exc:
            raise InputError(f"{path}: cannot import: inconsistent data ({exc}); nothing was written") from exc
        finally:
            project.close()
        publish(tmp, project_path, overwrite=False)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-wal"), tmp.with_name(tmp.name + "-shm")):
            leftover.unlink(missing_ok=True)
    return QdpxImportReport(Path(path), report, dropped.lines(), created=project_path)
