"""Pre-filling a new segment's attributes from its words (pure; no SQL, no Qt).

An *estimate* span gets ``value``, ``low``, ``high`` and ``hedge`` from the number-and-hedge
grammar (:mod:`newscoder.core.hedge`); any code with a ``source`` attribute gets the known
source named in the same sentence ("X said", "according to X"). What is proposed but not
known (a new name) is returned for the editor to offer ("add as a source?").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from newscoder.core import attributes as attrs
from newscoder.core.hedge import HEDGES, parse_estimate
from newscoder.core.sources import SourceProposal, propose_source

#: how far back (characters) a hedge before the span is looked for
HEDGE_CONTEXT = 80


@dataclass
class Prefill:
    values: dict[str, Any] = field(default_factory=dict)
    proposals: list[SourceProposal] = field(default_factory=list)


def prefill(defs: list[attrs.AttributeDef], text: str, start: int, end: int,
            known_sources: Iterable[tuple[str, str]] = ()) -> Prefill:
    """Values for a span ``[start, end)`` of ``text`` coded with a code of these definitions."""
    out = Prefill(attrs.defaults(defs))
    by_name = {d.name: d for d in defs}
    hedge_def = by_name.get("hedge")
    if "value" in by_name and by_name["value"].type in ("integer", "number"):
        found = parse_estimate(text[start:end], text[max(0, start - HEDGE_CONTEXT):start])
        if found is not None:
            for key, got in (("value", found.value), ("low", found.low), ("high", found.high)):
                if key in by_name and got is not None and by_name[key].type in ("integer", "number"):
                    out.values[key] = got
            if hedge_def is not None and hedge_def.type == "choice" and found.hedge in hedge_def.choices:
                out.values["hedge"] = found.hedge
            elif hedge_def is not None and hedge_def.type == "text":
                out.values["hedge"] = found.hedge
    source_defs = [d for d in defs if d.type == "source"]
    if source_defs:
        out.proposals = propose_source(text, start, end, known_sources)
        best = next((p for p in out.proposals if p.source_id is not None), None)
        if best is not None:
            name = source_defs[0].name
            out.values[name] = best.source_id
            out.values[name + attrs.SPAN_SUFFIX] = [best.start, best.end]
    return out


__all__ = ["HEDGES", "Prefill", "prefill"]
