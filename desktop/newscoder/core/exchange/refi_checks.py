"""Checks on what a REFI-QDA project brings, before any of it is stored.

* **Positions.** A selection's ``name`` is usually its text. Each is compared
  with the article text at its positions. Other tools count differently:
  QualCoder writes UTF-16 code units (Qt positions), which drift by one after
  every emoji; MAXQDA counts a CRLF line break as one character. For each
  source the reading of the positions under which most names match is used
  (code points as the standard says, UTF-16 units, line breaks as one
  character, or both); a selection that matches only under another reading is
  repaired with it; one that matches under none is imported as positioned and
  reported. All of it is reported.
* **Limits** (:mod:`newscoder.core.limits`) apply as to every article: text
  over 20 MB or names and memos over their limits refuse the file; an over-long
  title is clipped and reported.
* **A second export of the same project adds nothing.** QualCoder makes new
  GUIDs on every export, so a selection that matches a live segment on article,
  code, coder, start and end takes that segment's id.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from newscoder.core import limits, store_exchange
from newscoder.core.errors import InputError
from newscoder.core.exchange.bundle import Bundle
from newscoder.core.exchange.refi_common import Dropped
from newscoder.core.importers.base import MAX_TEXT_BYTES, mb
from newscoder.core.store import Project, content_hash, name_key

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")

AS_WRITTEN, UTF16, LF, UTF16_LF = "code points", "UTF-16", "LF", "UTF-16+LF"
_EXPLAIN = {
    UTF16: "positions counted in UTF-16 code units (as QualCoder writes them after an emoji); converted",
    LF: "positions count each CRLF line break as one character (MAXQDA line endings); corrected",
    UTF16_LF: "positions counted in UTF-16 code units and CRLF as one character; converted",
}


class Utf16:
    """Convert UTF-16 code-unit offsets into code-point offsets of one text."""

    def __init__(self, text: str) -> None:
        self.starts = [m.start() + k for k, m in enumerate(_ASTRAL.finditer(text))]

    def __bool__(self) -> bool:
        return bool(self.starts)

    def to_cp(self, unit: int) -> int | None:
        before = bisect.bisect_left(self.starts, unit)
        if before and self.starts[before - 1] + 1 == unit:
            return None  # inside a surrogate pair
        return unit - before


def _flat(text: str) -> str:
    return " ".join(text.split())


def name_matches(name: str, span: str) -> bool:
    """Whether a selection's name is the text it covers (whole, or cut with "…")."""
    n, t = _flat(name), _flat(span)
    if n == t:
        return True
    if n.endswith(("…", "...")):
        stem = n.rstrip(".…").rstrip()
        return bool(stem) and t.startswith(stem)
    return len(n) >= 20 and t.startswith(n)


@dataclass
class Selection:
    name: str
    start: int | None
    end: int | None
    label: str


@dataclass
class Resolved:
    span: tuple[int, int] | None  # None: outside the text under every reading
    reading: str


def _candidates(sel: Selection, raw: str, text: str, mapping: Sequence[int] | None,
                raw16: Utf16, text16: Utf16) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    if sel.start is None or sel.end is None:
        return out
    size = len(mapping) - 1 if mapping else len(text)

    def add(reading: str, s: int | None, e: int | None, via_crlf: bool) -> None:
        if s is None or e is None or not 0 <= s < e:
            return
        if via_crlf and mapping:
            if e > size:
                return
            s, e = mapping[s], mapping[e]
        elif e > len(text):
            return
        if s < e:
            out[reading] = (s, e)

    add(AS_WRITTEN, sel.start, sel.end, True)
    if raw16:
        add(UTF16, raw16.to_cp(sel.start), raw16.to_cp(sel.end), True)
    if mapping:
        add(LF, sel.start, sel.end, False)
        if text16:
            add(UTF16_LF, text16.to_cp(sel.start), text16.to_cp(sel.end), False)
    return out


def resolve_positions(raw: str, text: str, mapping: Sequence[int] | None, selections: list[Selection],
                      what: str, dropped: Dropped) -> list[Resolved]:
    """Where each selection lies in ``text`` (the ``\\n``-normalised ``raw``); reports repairs."""
    raw16 = Utf16(raw)
    text16 = Utf16(text) if mapping else raw16
    cands = [_candidates(s, raw, text, mapping, raw16, text16) for s in selections]
    readings = [AS_WRITTEN, UTF16, LF, UTF16_LF]
    score = {r: 0 for r in readings}
    for sel, cand in zip(selections, cands, strict=False):
        for reading, (s, e) in cand.items():
            if sel.name and name_matches(sel.name, text[s:e]):
                score[reading] += 1
    best = max(readings, key=lambda r: (score[r], r == AS_WRITTEN))
    if score[best] == 0:
        best = AS_WRITTEN
    out: list[Resolved] = []
    repaired: dict[str, int] = {}
    mismatched: list[str] = []
    for sel, cand in zip(selections, cands, strict=False):
        chosen = best if best in cand else (AS_WRITTEN if AS_WRITTEN in cand else None)
        if sel.name and chosen is not None and not name_matches(sel.name, text[slice(*cand[chosen])]):
            other = next((r for r in readings if r in cand and name_matches(sel.name, text[slice(*cand[r])])), None)
            if other is not None:
                chosen = other
            else:
                s, e = cand[chosen]
                mismatched.append(f"{sel.label}: its name does not match the text at [{s}, {e}) "
                                  f"({_flat(text[s:e])[:40]!r}); imported as positioned")
        if chosen is None:
            out.append(Resolved(None, AS_WRITTEN))
            continue
        if chosen != AS_WRITTEN:
            repaired[chosen] = repaired.get(chosen, 0) + 1
        out.append(Resolved(cand[chosen], chosen))
    for reading, n in repaired.items():
        dropped.add(f"{what}: {_EXPLAIN[reading]} {n} selection(s)")
    if len(mismatched) > 5:
        mismatched = mismatched[:5] + [
            f"{what}: ... and {len(mismatched) - 5} more selections whose name does not match"
        ]
    for line in mismatched:
        dropped.add(line)
    return out


# -- limits ------------------------------------------------------------------------------
def check_limits(bundle: Bundle, where: str, dropped: Dropped) -> None:
    """Refuse over-large texts, names and memos; clip over-long titles (reported)."""
    problems: list[str] = []
    for doc in bundle.documents:
        size = len(doc.text.encode("utf-8", "surrogatepass"))
        if size > MAX_TEXT_BYTES:
            problems.append(f"source {doc.title[:60]!r}: its text is {mb(size)} (the limit is {mb(MAX_TEXT_BYTES)})")
        if len(doc.title) > limits.MAX_TITLE:
            dropped.add(f"source {doc.title[:60]!r}…: its name is {len(doc.title):,} characters; "
                        f"cut to {limits.MAX_TITLE:,}")
            doc.title = limits.clip(doc.title, limits.MAX_TITLE)
        for field, limit in (("source", limits.MAX_LINE_FIELD), ("author", limits.MAX_LINE_FIELD),
                             ("published", limits.MAX_LINE_FIELD), ("url", limits.MAX_URL)):
            value = getattr(doc, field)
            if len(value) > limit:
                dropped.add(f"source {doc.title[:60]!r}: its {field} is {len(value):,} characters; cut to {limit:,}")
                setattr(doc, field, limits.clip(value, limit))
        if sum(len(str(k)) + len(str(v)) for k, v in doc.metadata.items()) > limits.MAX_METADATA:
            problems.append(f"source {doc.title[:60]!r}: its variables and description are longer than "
                            f"{limits.MAX_METADATA:,} characters")
    for code in bundle.codes:
        if len(code.name) > limits.MAX_NAME:
            problems.append(f"code {code.name[:60]!r}…: the name is {len(code.name):,} characters "
                            f"(at most {limits.MAX_NAME})")
        if len(code.description or "") > limits.MAX_MEMO:
            problems.append(f"code {code.name[:60]!r}: the description is longer than {limits.MAX_MEMO:,} characters")
    for coder in bundle.coders:
        if len(coder.name) > limits.MAX_NAME:
            problems.append(f"user {coder.name[:60]!r}…: the name is {len(coder.name):,} characters "
                            f"(at most {limits.MAX_NAME})")
    long_memos = [s.id for s in bundle.segments if len(s.memo or "") > limits.MAX_MEMO]
    if long_memos:
        problems.append(f"{len(long_memos)} selection memo(s) longer than {limits.MAX_MEMO:,} characters "
                        f"(first: {long_memos[0]})")
    if problems:
        raise InputError(f"{where}: refused: over the limits; nothing was imported", problems[:10])


# -- a second export of the same project ---------------------------------------------------
def reuse_segment_ids(project: Project, bundle: Bundle) -> int:
    """Give each selection that matches a live segment (article, code, coder, start, end) its id.

    Returns how many were matched. Codes and coders are matched as merge
    matches them (GUID, then name).
    """
    docs: dict[str, str] = {}
    for doc in bundle.documents:
        local = project.document_by_sha(content_hash(doc.text.replace("\r\n", "\n").replace("\r", "\n")))
        if local is not None:
            docs[doc.id] = local.id
    if not docs:
        return 0
    codes: dict[str, str] = {}
    for code in bundle.codes:
        mine = project.code(code.id) or project.code_by_name(code.name)
        if mine is not None:
            codes[code.id] = mine.id
    coders: dict[str, str] = {}
    for coder in bundle.coders:
        found = project.coder(coder.id) or (project.coder_by_name(coder.name) if name_key(coder.name) else None)
        if found is not None:
            coders[coder.id] = found.id
    matched = 0
    for seg in bundle.segments:
        doc_id, code_id, coder_id = docs.get(seg.document_id), codes.get(seg.code_id), coders.get(seg.coder_id)
        if doc_id is None or code_id is None or coder_id is None:
            continue
        same = store_exchange.live_segment_at(project, doc_id, code_id, coder_id, seg.start, seg.end)
        if same is not None and same != seg.id:
            for record in bundle.provenance:  # an accepted suggestion's record follows its segment (issue 19)
                if record["segment_id"] == seg.id:
                    record["segment_id"] = same
            seg.id = same
            matched += 1
    return matched
