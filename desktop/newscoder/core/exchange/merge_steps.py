"""The steps of one merge (documents, coders, codes, sources, segments, statuses) by the rules
in :mod:`newscoder.core.exchange.merge`, written into the open transaction of :func:`~.merge.merge_bundle`.
"""

from __future__ import annotations

from typing import Any

from newscoder.core import store_codes, store_suggest
from newscoder.core import store_exchange as sx
from newscoder.core.attributes import AttributeDef, canonical, parse_values
from newscoder.core.codebook import COLOR_RE, SHORTCUTS, next_color
from newscoder.core.exchange.bundle import Bundle, InSegment, InSource
from newscoder.core.exchange.merge_copy import check_coder_copy
from newscoder.core.exchange.merge_report import MergeReport
from newscoder.core.exchange.merge_values import merge_values
from newscoder.core.exchange.merge_variables import merge_variables
from newscoder.core.gold.merge import merge_gold
from newscoder.core.gold.refi import lift_gold
from newscoder.core.records import Status
from newscoder.core.store import Project, content_hash, name_key
from newscoder.core.suggest.types import suggestion_key
from newscoder.core.timeutil import now_utc

_STATUSES = {s.value for s in Status}


def _defs_or_none(text: str) -> str:
    """Their attribute definitions if they are sound, else none (reported by the caller's checks)."""
    from newscoder.core.attributes import AttributeValueError, parse_definitions

    try:
        parse_definitions(text)
    except AttributeValueError:
        return "[]"
    return text or "[]"


def _clean(name: str) -> str:
    return " ".join((name or "").split())


class _Merger:
    def __init__(self, project: Project, bundle: Bundle, report: MergeReport) -> None:
        self.p = project
        self.b = bundle
        self.r = report
        self.doc_map: dict[str, str] = {}
        self.texts: dict[str, str] = {}
        self.code_map: dict[str, str] = {}
        self.coder_map: dict[str, str] = {}
        self.source_map: dict[str, str] = {}
        self.definitions: dict[str, list[AttributeDef]] = {}
        self.coder_names: dict[str, str] = {c.id: c.name for c in project.coders()}
        self.base = self._base()
        #: segment rows to write (by id, in first-seen order): one :meth:`Project.upsert_segments` call
        self.writes: dict[str, dict[str, Any]] = {}

    # -- merge base ---------------------------------------------------------
    def _base_key(self) -> str | None:
        return f"merge_base:{self.b.project_uuid}" if self.b.project_uuid else None

    def _base(self) -> str | None:
        candidates = []
        key = self._base_key()
        if key and self.p.meta(key):
            candidates.append(self.p.meta(key) or "")
        if self.b.meta.get("source_project") and self.b.meta.get("source_project") == self.p.uuid:
            candidates.append(self.b.meta.get("copied_at", ""))
        candidates = [c for c in candidates if c]
        return max(candidates) if candidates else None

    def _changed_since_base(self, stamp: str) -> bool:
        return self.base is None or stamp > self.base

    # -- steps --------------------------------------------------------------
    def run(self) -> None:
        lift_gold(self.b)  # a QDPX export's gold user goes back into the gold layer
        check_coder_copy(self.p, self.b)
        self.documents()
        merge_variables(self.p, self.b, self.r)
        merge_values(self.p, self.b, self.r)  # values for the articles both hold (new ones came with theirs)
        self.coders()
        self.codes()
        self.sources()
        for seg in self.b.segments:
            self.segment(seg)
        self.p.upsert_segments(self.writes.values())
        self.statuses()
        self.suggestions()
        if self.b.gold:
            self.r.gold = merge_gold(self.p, self.b.gold, self.doc_map, self.code_map, self.texts,
                                     self._changed_since_base, self.r.conflicts, self._attributes)
            self.r.skipped += self.r.gold.skipped
        key = self._base_key()
        stamps = [s.updated_at for s in self.b.segments] + [s.updated_at for s in self.b.statuses]
        stamps += [str(g["updated_at"]) for g in self.b.gold]
        if key and stamps:
            newest = max(stamps)
            if newest > (self.p.meta(key) or ""):
                self.p.set_meta(key, newest)

    def documents(self) -> None:
        for doc in self.b.documents:
            text = doc.text.replace("\r\n", "\n").replace("\r", "\n")
            local = self.p.document_by_sha(content_hash(text))
            if local is None:
                if not _clean(doc.title):
                    doc.title = "Untitled"
                local, _ = self.p.add_document(
                    text, doc.title, source=doc.source, author=doc.author, published=doc.published, url=doc.url,
                    metadata=doc.metadata, imported_at=doc.imported_at or now_utc(),
                )
                self.r.documents_added.append(local.title)
            else:
                self.r.documents_matched += 1
            self.doc_map[doc.id] = local.id
            self.texts[local.id] = text

    def coders(self) -> None:
        for coder in self.b.coders:
            name = _clean(coder.name)
            mine = self.p.coder(coder.id)
            if mine is not None:
                if name and name_key(name) != name_key(mine.name):
                    self.r.notes.append(f"coder {name!r} is called {mine.name!r} here; our name stays")
                self.coder_map[coder.id] = mine.id
                continue
            if not name:
                self.r.skipped.append(f"a coder without a name ({coder.id})")
                continue
            mine = self.p.coder_by_name(name)
            if mine is not None:
                self.r.notes.append(
                    f"coder {name!r} matched by name; the UUIDs differ ({coder.id} there, {mine.id} here)"
                )
                self.coder_map[coder.id] = mine.id
                continue
            sx.insert_coder(self.p, coder.id, name, name_key(name), coder.created_at or now_utc())
            self.coder_map[coder.id] = coder.id
            self.coder_names[coder.id] = name
            self.r.coders_added.append(name)

    def codes(self) -> None:
        for code in self.b.codes:
            name = _clean(code.name)
            mine = self.p.code(code.id)
            if mine is not None and self._code_deleted(mine.id):
                self.r.skipped.append(f"code {name!r}: deleted here; its segments are left out")
                continue
            if mine is not None:
                if name and name_key(name) != name_key(mine.name):
                    self.r.notes.append(f"code {name!r} is called {mine.name!r} here; our name stays")
                self.code_map[code.id] = mine.id
                self._code_attributes(mine.id, mine.name, code.attributes)
                continue
            if not name:
                self.r.skipped.append(f"a code without a name ({code.id}) and its segments")
                continue
            mine = self.p.code_by_name(name)
            if mine is not None:
                self.r.notes.append(
                    f"code {name!r} matched by name; the UUIDs differ ({code.id} there, {mine.id} here)"
                )
                self.code_map[code.id] = mine.id
                self._code_attributes(mine.id, mine.name, code.attributes)
                continue
            self._insert_code(code.id, name, code)

    def _code_attributes(self, code_id: str, name: str, theirs: str) -> None:
        """Attribute definitions: ours stay; a code with none here takes theirs."""
        theirs = _defs_or_none(theirs)
        ours = sx.code_attributes(self.p, code_id)
        if (theirs or "[]") == ours or (theirs or "[]") == "[]":
            return
        if ours == "[]":
            sx.set_code_attributes(self.p, code_id, theirs)
            self.r.notes.append(f"code {name!r}: attribute definitions taken from the other project")
        else:
            self.r.notes.append(f"code {name!r}: attribute definitions differ; ours stay")

    # -- sources ------------------------------------------------------------------
    def sources(self) -> None:
        """Sources by id, then by name; a source merged away there maps to what it was merged into."""
        from newscoder.core.schema import SOURCE_KINDS

        live = [s for s in self.b.sources if not s.merged_into and not s.deleted_at]
        for src in live:
            name = _clean(src.name)
            if sx.source_link(self.p, src.id) is not None:
                self.source_map[src.id] = self._follow(src.id)
                continue
            if not name:
                self.r.skipped.append(f"a source without a name ({src.id})")
                continue
            mine = sx.live_source_by_key(self.p, name_key(name))
            if mine is not None:
                self.source_map[src.id] = mine
                continue
            kind = src.kind if src.kind in SOURCE_KINDS else "other"
            now = now_utc()
            sx.insert_source(self.p, src.id, name, name_key(name), kind, _clean(src.affiliation),
                             src.created_at or now, src.updated_at or now)
            self.source_map[src.id] = src.id
            self.r.sources_added.append(name)
        by_id = {s.id: s for s in self.b.sources}
        for src in self.b.sources:
            if src.id in self.source_map:
                continue
            target = self._their_target(src, by_id)
            if target is not None:
                self.source_map[src.id] = target
            elif sx.source_link(self.p, src.id) is not None:
                self.source_map[src.id] = self._follow(src.id)

    def _their_target(self, src: InSource, by_id: dict[str, InSource]) -> str | None:
        seen = {src.id}
        current = src
        while current.merged_into and current.merged_into in by_id and current.merged_into not in seen:
            seen.add(current.merged_into)
            current = by_id[current.merged_into]
        return self.source_map.get(current.id)

    def _follow(self, source_id: str) -> str:
        seen: set[str] = set()
        current = source_id
        while current not in seen:
            seen.add(current)
            row = sx.source_link(self.p, current)
            if row is None or not row[1]:
                break
            current = row[1]
        return current

    def _attributes(self, text: str, code_id: str, seg_id: str) -> str:
        """Their values with their source ids mapped to ours, each checked against our code's definitions.

        A value that does not fit (unknown attribute, wrong type, unknown source) is left out and reported.
        """
        values = parse_values(text)
        if not values:
            return "{}"
        from newscoder.core.attributes import AttributeValueError, clean_values

        if code_id not in self.definitions:
            from newscoder.core.attribute_edits import definitions_of

            self.definitions[code_id] = definitions_of(self.p, code_id)
        defs = self.definitions[code_id]
        kept: dict[str, object] = {}
        for key, value in values.items():
            value = self.source_map.get(value, value) if isinstance(value, str) else value
            try:
                kept.update(clean_values(defs, {**{k: v for k, v in kept.items() if not k.endswith("@span")},
                                                key: value}) if key.endswith("@span") else
                            clean_values(defs, {key: value}))
            except AttributeValueError as exc:
                self.r.skipped.append(f"segment {seg_id}: attribute value left out ({exc})")
                continue
            base = key.split("@", 1)[0]
            if any(d.name == base and d.type == "source" for d in defs) and not key.endswith("@span") and \
                    sx.source_link(self.p, kept.get(key)) is None:
                self.r.skipped.append(f"segment {seg_id}: attribute {key}: no such source; left out")
                kept.pop(key, None)
        return canonical(kept)

    def _code_deleted(self, code_id: str) -> bool:
        return sx.code_deleted(self.p, code_id)

    def _insert_code(self, code_id: str, name: str, code) -> None:  # type: ignore[no-untyped-def]
        color = code.color.upper() if code.color and COLOR_RE.match(code.color) else next_color(self.p)
        used = {c.shortcut for c in self.p.codes()}
        shortcut = code.shortcut if code.shortcut in SHORTCUTS and code.shortcut not in used else None
        parent = self.code_map.get(code.parent_id) if code.parent_id else None
        last = store_codes.last_code_position(self.p)
        now = now_utc()
        sx.insert_code(self.p, code_id, name, name_key(name), code.description or "", color, shortcut, parent,
                       last + 1, bool(code.archived), code.created_at or now, code.updated_at or now,
                       _defs_or_none(code.attributes))
        self.code_map[code_id] = code_id
        self.r.codes_added.append(name)

    def _coder_name(self, coder_id: str) -> str:
        return self.coder_names.get(coder_id, coder_id)

    def segment(self, seg: InSegment) -> None:
        doc = self.doc_map.get(seg.document_id)
        coder = self.coder_map.get(seg.coder_id)
        code = self.code_map.get(seg.code_id)
        if doc is None or coder is None or code is None:
            what = "article" if doc is None else ("coder" if coder is None else "code")
            self.r.skipped.append(f"segment {seg.id}: its {what} is not in the other project's data")
            return
        text = self.texts[doc]
        if not (isinstance(seg.start, int) and isinstance(seg.end, int) and 0 <= seg.start < seg.end <= len(text)):
            self.r.skipped.append(f"segment {seg.id}: [{seg.start}, {seg.end}) is outside its article")
            return
        tally = self.r.tally(self._coder_name(coder))
        row = self._ours(seg.id)
        attributes = self._attributes(seg.attributes, code, seg.id)
        theirs = (doc, code, coder, seg.start, seg.end, seg.memo or "", seg.deleted_at or None, attributes)
        if row is None:
            if seg.deleted_at:
                tally.unchanged += 1  # deleted there, never here: nothing to do
                return
            self._write(seg, doc, code, coder, text, seg.created_at, None, attributes)
            tally.added += 1
            return
        ours, our_stamp, our_created = tuple(row[:8]), row[8], row[9]
        if ours == theirs:
            tally.unchanged += 1
            return
        take = self._theirs_wins(our_stamp, seg.updated_at, bool(ours[6]), bool(seg.deleted_at))
        both = self._changed_since_base(our_stamp) and self._changed_since_base(seg.updated_at)
        if both:
            tally.conflicts += 1
            winner = "theirs" if take else "ours"
            self.r.conflicts.append(
                f"segment {seg.id} ({self._coder_name(coder)}) changed in both: ours {our_stamp}, "
                f"theirs {seg.updated_at}; kept {winner}"
            )
        if not take:
            if not both:
                tally.kept_ours += 1
            return
        self._write(seg, doc, code, coder, text, our_created, seg.deleted_at or None, attributes)
        if seg.deleted_at and not ours[6]:
            tally.deleted += 1
        else:
            tally.updated += 1

    def _ours(self, segment_id: str) -> tuple[Any, ...] | None:
        """Our segment (as this merge has written it so far): the compared fields, updated_at, created_at."""
        w = self.writes.get(segment_id)
        if w is not None:
            return (w["document_id"], w["code_id"], w["coder_id"], w["start"], w["end"], w["memo"], w["deleted_at"],
                    w["attributes"], w["updated_at"], w["created_at"])
        return sx.segment_merge_state(self.p, segment_id)

    def _write(self, seg: InSegment, doc: str, code: str, coder: str, text: str, created_at: str,
               deleted_at: str | None, attributes: str) -> None:
        """Queue their segment as it is (our ``created_at`` kept on an update); written after the last one."""
        self.writes[seg.id] = {
            "id": seg.id, "document_id": doc, "code_id": code, "coder_id": coder, "start": seg.start,
            "end": seg.end, "quote": text[seg.start:seg.end], "memo": seg.memo or "", "created_at": created_at,
            "updated_at": seg.updated_at, "deleted_at": deleted_at, "attributes": attributes,
        }

    @staticmethod
    def _theirs_wins(ours: str, theirs: str, ours_deleted: bool, theirs_deleted: bool) -> bool:
        if theirs != ours:
            return theirs > ours
        return theirs_deleted and not ours_deleted

    def suggestions(self) -> None:
        """Issue 19: their coders' rejected suggestions and their segments' provenance (ours kept)."""
        if not (self.b.rejections or self.b.provenance):
            return
        rejections = []
        for r in self.b.rejections:
            doc, code, coder = (self.doc_map.get(r["document_id"]), self.code_map.get(r["code_id"]),
                                self.coder_map.get(r["coder_id"]))
            if doc is None or code is None or coder is None:
                continue
            rejections.append({**r, "document_id": doc, "code_id": code, "coder_id": coder,
                               "key": suggestion_key(doc, r["start"], r["end"], code)})
        store_suggest.insert_missing(self.p, rejections, self.b.provenance, self.texts)

    def statuses(self) -> None:
        for st in self.b.statuses:
            doc = self.doc_map.get(st.document_id)
            coder = self.coder_map.get(st.coder_id)
            if doc is None or coder is None or st.status not in _STATUSES:
                self.r.skipped.append(f"a status {st.status!r} for an article or coder not in the other project's data")
                continue
            tally = self.r.tally(self._coder_name(coder))
            row = sx.status_row(self.p, doc, coder)
            if row is None:
                sx.insert_status(self.p, doc, coder, st.status, st.updated_at)
                tally.statuses_added += 1
                continue
            if row[0] == st.status:
                continue
            take = st.updated_at > row[1]
            if self._changed_since_base(row[1]) and self._changed_since_base(st.updated_at):
                tally.conflicts += 1
                self.r.conflicts.append(
                    f"status of {self.p.document_info(doc).title!r} ({self._coder_name(coder)}) changed in both: "  # type: ignore[union-attr]
                    f"ours {row[0]} at {row[1]}, theirs {st.status} at {st.updated_at}; "
                    f"kept {'theirs' if take else 'ours'}"
                )
            if take:
                sx.update_status(self.p, doc, coder, st.status, st.updated_at)
                tally.statuses_updated += 1
