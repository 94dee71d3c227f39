"""Which attribute values a gold segment takes from the coders' versions it came from (pure).

A gold row copies the values its source segments agree on: an attribute present with the
same value in every source segment is kept; one the sources disagree on (or that some
source leaves empty) is left empty, so a required attribute shows the gold segment as
incomplete until the adjudicator fills it in. A source's ``@span`` link is kept only with
its source value and only when every source links the same words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from newscoder.core import attributes as attrs


def common_values(versions: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The values every mapping in ``versions`` holds alike (empty for no versions)."""
    if not versions:
        return {}
    first, rest = versions[0], versions[1:]
    out = {k: v for k, v in first.items()
           if not attrs.is_empty(v) and all(k in other and other[k] == v for other in rest)}
    for key in list(out):
        if key.endswith(attrs.SPAN_SUFFIX) and key[: -len(attrs.SPAN_SUFFIX)] not in out:
            del out[key]  # a span without its source value means nothing
    return out


def common_json(by_id: Mapping[str, tuple[int, int, Mapping[str, Any]]], segment_ids: Sequence[str],
                within: tuple[int, int] | None = None) -> str:
    """:func:`common_values` of these segments (only those inside ``within``, if given), as stored."""
    chosen = [by_id[s] for s in segment_ids if s in by_id]
    if within is not None:
        chosen = [c for c in chosen if within[0] <= c[0] and c[1] <= within[1]]
    return attrs.canonical(common_values([c[2] for c in chosen]))
