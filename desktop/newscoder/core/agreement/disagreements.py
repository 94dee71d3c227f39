"""The disagreements themselves: each stretch of text the coders did not code alike.

A *unit* is a stretch covered by one code's segments of any selected coder
(overlapping or touching segments of that code, all coders together, merged
into one stretch), in a document of the study. The coders coded it alike when
every coder who counts for the document has the very same segments of the
code there; otherwise it is listed with its *kind*:

* ``boundary``: every counting coder has the code there, but not the same spans;
* ``code``: a counting coder lacks the code there but coded the stretch (or part
  of it) with another code;
* ``missing``: a counting coder has no segment there at all.

Coders who do not count for the document (did not mark it done, coded nothing
in it) are shown as not counted, not as disagreeing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from newscoder.core.agreement.intervals import merge_union
from newscoder.core.agreement.study import Study

KINDS = ("code", "boundary", "missing")
NOT_COUNTED = "(not counted)"
#: the text column is cut after this many characters (the span columns give the full extent)
MAX_TEXT = 2000


@dataclass(frozen=True)
class CoderView:
    """What one coder did in a disagreement's stretch."""

    counted: bool
    codes: tuple[str, ...]  # the unit's code if they have it, else the other codes they used there
    spans: tuple[tuple[int, int], ...]  # half-open code-point offsets of those segments


@dataclass(frozen=True)
class Disagreement:
    document_id: str
    title: str
    code: str
    kind: str  # one of KINDS
    start: int
    end: int
    coders: tuple[CoderView, ...]  # in the study's coder order


def find_disagreements(study: Study) -> Iterator[Disagreement]:
    """Every unit not coded alike, by document (study order), then position, then code."""
    u = study.units
    D = len(study.documents)
    by_doc = np.argsort(u.doc, kind="stable")
    doc_ptr = np.searchsorted(u.doc[by_doc], np.arange(D + 1))
    group = u.code * D + u.doc
    first, c_start, c_end = merge_union(group, u.start, u.end)
    c_code, c_doc = u.code[first], u.doc[first]
    order = np.lexsort((c_code, c_start, c_doc))
    for i in order.tolist():
        k, d, s, e = int(c_code[i]), int(c_doc[i]), int(c_start[i]), int(c_end[i])
        here = by_doc[doc_ptr[d]:doc_ptr[d + 1]]
        here = here[(u.start[here] < e) & (u.end[here] > s)]
        views: list[CoderView] = []
        kinds: list[str] = []
        spans_of_code: list[tuple[tuple[int, int], ...]] = []
        for c in range(len(study.coders)):
            if not study.counts[c, d]:
                views.append(CoderView(False, (), ()))
                continue
            mine = here[u.coder[here] == c]
            same = np.sort(mine[u.code[mine] == k])
            if same.size:
                spans = tuple(zip(u.start[same].tolist(), u.end[same].tolist(), strict=True))
                views.append(CoderView(True, (study.codes[k],), spans))
                spans_of_code.append(spans)
                continue
            others = mine[np.argsort(u.start[mine], kind="stable")]
            names = tuple(dict.fromkeys(study.codes[int(x)] for x in u.code[others]))
            spans = tuple(zip(u.start[others].tolist(), u.end[others].tolist(), strict=True))
            views.append(CoderView(True, names, spans))
            kinds.append("code" if names else "missing")
        if kinds:
            kind = "code" if "code" in kinds else "missing"
        elif len(set(spans_of_code)) > 1:
            kind = "boundary"
        else:
            continue  # coded alike
        doc = study.documents[d]
        yield Disagreement(doc.id, doc.title, study.codes[k], kind, s, e, tuple(views))


def disagreement_header(study: Study) -> list[str]:
    head = ["document_id", "title", "outlet", "code", "kind", "start", "end", "text"]
    for name in study.coders:
        head += [f"{name}: code", f"{name}: span"]
    return head


def disagreement_rows(
    study: Study, text_of: Callable[[str], str], outlet_of: Callable[[str], str]
) -> Iterator[list[str]]:
    """CSV rows (cells as plain strings, not yet escaped for spreadsheets)."""
    texts: dict[str, str] = {}
    for item in find_disagreements(study):
        if item.document_id not in texts:
            texts = {item.document_id: text_of(item.document_id)}  # one document's text at a time
        text = texts[item.document_id][item.start:item.end]
        if len(text) > MAX_TEXT:
            text = text[: MAX_TEXT - 1] + "…"
        row = [item.document_id, item.title, outlet_of(item.document_id), item.code, item.kind,
               str(item.start), str(item.end), text]
        for view in item.coders:
            if not view.counted:
                row += [NOT_COUNTED, ""]
            else:
                row += ["; ".join(view.codes), "; ".join(f"{a}-{b}" for a, b in view.spans)]
        yield row
