"""A methods paragraph for a paper: what was compared, the figures with intervals, and citations.

Built from a pooled report (the whole selection of coders). Every measure
that appears is named with its citation; the references follow the paragraph.
"""

from __future__ import annotations

from newscoder.core.agreement.report import ALL, AgreementReport, AgreementRow
from newscoder.core.agreement.study import SCOPE_STUDY

#: metric -> (name in prose, short citation)
MEASURES: dict[str, tuple[str, str]] = {
    "alpha_u": ("Krippendorff's unitizing alpha (α_u)", "Krippendorff, 1995, 2004"),
    "gamma": ("Mathet et al.'s γ", "Mathet, Widlöcher & Métivier, 2015"),
    "gamma_cat": ("Mathet et al.'s γ-cat", "Mathet, Widlöcher & Métivier, 2015"),
    "alpha_nominal": ("Krippendorff's α (nominal)", "Krippendorff, 2011"),
    "cohen_kappa": ("Cohen's κ", "Cohen, 1960"),
    "fleiss_kappa": ("Fleiss' κ", "Fleiss, 1971"),
    "gwet_ac1": ("Gwet's AC1", "Gwet, 2008"),
    "brennan_prediger": ("the Brennan–Prediger coefficient", "Brennan & Prediger, 1981"),
    "percent_agreement": ("percent agreement", ""),
    "f1_exact": ("F1 of exactly matching segments", ""),
    "f1_overlap": ("F1 of overlapping segments (Jaccard ≥ 0.5)", ""),
}
REFERENCES = {
    "Krippendorff, 1995, 2004": [
        "Krippendorff, K. (1995). On the reliability of unitizing continuous data. "
        "Sociological Methodology, 25, 47–76.",
        "Krippendorff, K. (2004). Content analysis: An introduction to its methodology (2nd ed.). Sage.",
    ],
    "Mathet, Widlöcher & Métivier, 2015": [
        (
            "Mathet, Y., Widlöcher, A., & Métivier, J.-P. (2015). The unified and holistic method gamma (γ) for "
            "inter-annotator agreement measure and alignment. Computational Linguistics, 41(3), 437–479."
        ),
    ],
    "Krippendorff, 2011": [
        (
            "Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. "
            "University of Pennsylvania, Annenberg School for Communication."
        )
    ],
    "Cohen, 1960": [
        (
            "Cohen, J. (1960). A coefficient of agreement for nominal scales. "
            "Educational and Psychological Measurement, 20(1), 37–46."
        )
    ],
    "Fleiss, 1971": [
        (
            "Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. "
            "Psychological Bulletin, 76(5), 378–382."
        )
    ],
    "Gwet, 2008": [
        (
            "Gwet, K. L. (2008). Computing inter-rater reliability and its variance in the presence of "
            "high agreement. British Journal of Mathematical and Statistical Psychology, 61(1), 29–48."
        )
    ],
    "Brennan & Prediger, 1981": [
        (
            "Brennan, R. L., & Prediger, D. J. (1981). Coefficient kappa: Some uses, misuses, "
            "and alternatives. Educational and Psychological Measurement, 41(3), 687–699."
        )
    ],
    "Hayes & Krippendorff, 2007": [
        (
            "Hayes, A. F., & Krippendorff, K. (2007). Answering the call for a standard "
            "reliability measure for coding data. Communication Methods and Measures, "
            "1(1), 77–89."
        )
    ],
}


def _num(x: float) -> str:
    return f"{x:.3f}".replace("-", "−")


def _figure(row: AgreementRow) -> str:
    if row.value is None:
        return f"undefined ({row.note})"
    text = _num(row.value)
    i = row.interval
    if i is not None and i.low is not None and i.high is not None:
        text += f", {100 * i.level:g} % CI [{_num(i.low)}, {_num(i.high)}]"
        risks = [f"P(< {t:g}) = {p:.3f}" for t, p in i.p_below if p is not None]
        if risks:
            text += ", " + ", ".join(risks)
    return text


def methods_paragraph(report: AgreementReport, version: str) -> str:
    """The paragraph, then a blank line and the references it cites."""
    whole = [r for r in report.rows if len(r.coders) == len(report.coders) and r.document_id is None]
    left_out = sum(1 for e in report.excluded if e.scope == SCOPE_STUDY)
    n_coders = len(report.coders)
    units = f"{report.units:,} characters" + (", whitespace excluded" if report.ignore_whitespace else "")
    parts = [(
        f"Inter-coder agreement was assessed on {report.documents} document{'s' if report.documents != 1 else ''} "
        f"({units}) coded independently by {n_coders} coders with {len(report.codes)} "
        f"code{'s' if len(report.codes) != 1 else ''} ({', '.join(report.codes)})."
    )]
    if report.done_only:
        parts.append("Only documents that every coder had marked as finished were included.")
    if left_out:
        parts.append(f"{left_out} document{'s were' if left_out != 1 else ' was'} left out because fewer than two "
                     "coders had coded or finished them.")
    cited: list[str] = []
    overall: list[str] = []
    for metric, (name, cite) in MEASURES.items():
        row = next((r for r in whole if r.metric == metric and r.code == ALL), None)
        if row is None:
            continue
        if cite and cite not in cited:
            cited.append(cite)
        overall.append(f"{name}{f' ({cite})' if cite else ''} = {_figure(row)}")
    if overall:
        parts.append("Over all codes: " + "; ".join(overall) + ".")
    per_code = []
    for code in report.codes:
        row = next((r for r in whole if r.metric == "alpha_u" and r.code == code), None)
        if row is not None:
            per_code.append(f"{code}: {_figure(row)}")
    if per_code:
        parts.append("α_u per code: " + "; ".join(per_code) + ".")
    b = report.bootstrap
    if b is not None:
        parts.append(
            f"Intervals are {100 * b.level:g} % percentile bootstrap intervals from {b.resamples:,} resamples of "
            f"the documents (seed {b.seed}); P(< t) is the share of resamples below t "
            "(Hayes & Krippendorff, 2007).")
        cited.append("Hayes & Krippendorff, 2007")
    parts.append(
        "Following Krippendorff (2004), α ≥ 0.800 was taken as reliable and 0.667 ≤ α < 0.800 as allowing only "
        f"tentative conclusions. Figures were computed with Newscoder {version}."
    )
    if "Krippendorff, 1995, 2004" not in cited:
        cited.append("Krippendorff, 1995, 2004")
    refs = sorted({line for key in cited for line in REFERENCES.get(key, [])})
    return " ".join(parts) + "\n\nReferences\n" + "\n".join(refs) + "\n"
