"""View 8: reliability strip: α_u per outlet, pooled over codes, from the agreement core.

For each outlet, the articles that every selected coder coded or marked done form one group;
D_o and D_e come from ``agreement.unitizing.unitizing_disagreements`` (the same figures as
``newscoder agreement``), and α_u = 1 − ΣD_o / ΣD_e over the codes. Undefined with fewer than
two coders, no shared article or no segment.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


from newscoder.core.agreement.study import Study, load_study
from newscoder.core.agreement.unitizing import unitizing_disagreements
from newscoder.core.compare.model import CompareInput
from newscoder.core.errors import UserError
from newscoder.core.store import Project


@dataclass(frozen=True)
class OutletReliability:
    outlet: str
    alpha_u: float | None
    documents: int  # articles every selected coder coded
    note: str = ""


@dataclass(frozen=True)
class ReliabilityView:
    coders: tuple[str, ...]
    rows: tuple[OutletReliability, ...]
    note: str = ""


def reliability_from_study(study: Study, outlet_of: Mapping[str, str | Sequence[str]],
                           outlets: tuple[str, ...]) -> ReliabilityView:
    """``outlet_of``: each document's outlet, or its outlets (a text run by several counts for each)."""
    from newscoder.core.compare.publications import per_outlet

    n_out = len(outlets)
    index = {o: i for i, o in enumerate(outlets)}
    many = {d: [v] if isinstance(v, str) else list(v) for d, v in outlet_of.items()}
    doc_length, counts, units, group = per_outlet(study, many, index)
    sums = unitizing_disagreements(doc_length, counts, units, max(len(study.codes), 1), group, n_out)
    rows = []
    for o, name in enumerate(outlets):
        docs = int(sums.documents[o])
        d_o, d_e = float(sums.observed[o].sum()), float(sums.expected[o].sum())
        if docs == 0:
            rows.append(OutletReliability(name, None, 0, "no article coded by every selected coder"))
        elif int(sums.units[o].sum()) == 0:
            rows.append(OutletReliability(name, None, docs, "no segments"))
        elif d_e <= 0:
            rows.append(OutletReliability(name, None, docs, "no expected disagreement"))
        else:
            rows.append(OutletReliability(name, 1.0 - d_o / d_e, docs))
    return ReliabilityView(study.coders, tuple(rows))


def prepare(project: Project, inp: CompareInput) -> None:
    """Load the agreement study now (reading the project) so the strip can be computed elsewhere."""
    names = inp.coder_names()
    if len(names) >= 2:
        try:
            inp.extra["study"] = load_study(project, coders=names)
        except UserError:
            pass


def reliability_strip(project: Project | None, inp: CompareInput) -> ReliabilityView:
    """From the study loaded by :func:`prepare` (off the UI thread), else from the project."""
    names = inp.coder_names()
    if len(names) < 2:
        why = "α_u needs two or more coders" + (f" (selected: {names[0]})" if names else "")
        return ReliabilityView(tuple(names), tuple(OutletReliability(o, None, 0, why) for o in inp.outlets), why)
    study = inp.extra.get("study")
    if not isinstance(study, Study):
        if project is None:
            return ReliabilityView(tuple(names), (), "the agreement data was not loaded")
        try:
            study = load_study(project, coders=names)
        except UserError as exc:
            return ReliabilityView(tuple(names), (), str(exc))
    outlets_of: dict[str, list[str]] = {}  # a text run by several outlets is in inp.docs once per outlet
    for d in inp.docs:
        outlets_of.setdefault(d.id, []).append(d.outlet)
    return reliability_from_study(study, outlets_of, inp.outlets)
