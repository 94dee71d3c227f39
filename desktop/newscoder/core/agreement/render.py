"""Rendering an agreement report as a text table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from newscoder.core.agreement.report import AgreementReport, AgreementRow
from newscoder.core.agreement.study import SCOPE_ALPHA_U, SCOPE_STUDY, ExcludedDocument
from newscoder.core.exchange.segments_csv_export import escape_formula

CSV_COLUMNS = ("code", "metric", "value", "coders", "documents", "units", "note", "concern")
CI_COLUMNS = ("ci_low", "ci_high", "ci_level", "resamples", "defined_resamples", "seed")
METRIC_LABELS = {
    "alpha_u": "Krippendorff's alpha_u (unitizing)",
    "alpha_nominal": "Krippendorff's alpha (nominal)",
    "cohen_kappa": "Cohen's kappa",
    "fleiss_kappa": "Fleiss' kappa",
    "gwet_ac1": "Gwet's AC1",
    "brennan_prediger": "Brennan-Prediger coefficient",
    "percent_agreement": "percent agreement (A_o)",
    "f1_exact": "F1, exact match",
    "f1_overlap": "F1, overlap match",
    "gamma": "gamma (Mathet et al. 2015)",
    "gamma_cat": "gamma-cat (categories of aligned units)",
}


def _coders(row: AgreementRow) -> str:
    return "|".join(row.coders)


def threshold_label(t: float) -> str:
    return f"p_below_{t:g}"


def csv_header(report: AgreementReport) -> list[str]:
    head = (["document_id", "title"] if report.by_document else []) + list(CSV_COLUMNS)
    if report.bootstrap is not None:
        head += list(CI_COLUMNS) + [threshold_label(t) for t in report.bootstrap.thresholds]
    return head


def _num(x: float | None) -> str:
    return "" if x is None else repr(x)


def interval_cells(report: AgreementReport, row: AgreementRow) -> list[str]:
    if report.bootstrap is None:
        return []
    i = row.interval
    if i is None:
        return [""] * (len(CI_COLUMNS) + len(report.bootstrap.thresholds))
    return [_num(i.low), _num(i.high), repr(i.level), str(i.resamples), str(i.defined), str(i.seed)] + [
        _num(p) for _, p in i.p_below
    ]


def csv_rows(report: AgreementReport) -> list[list[str]]:
    out = []
    for row in report.rows:
        cells = [
            escape_formula(row.code),
            row.metric,
            "" if row.value is None else repr(row.value),
            escape_formula(_coders(row)),
            str(row.documents),
            str(row.units),
            escape_formula(row.note),
            escape_formula(row.concern),
        ]
        lead = ([escape_formula(row.document_id or ""), escape_formula(row.document_title or "")]
                if report.by_document else [])
        out.append(lead + cells + interval_cells(report, row))
    return out


def render_csv(report: AgreementReport) -> str:
    """CSV with the columns of :data:`CSV_COLUMNS` (``document_id`` first when by document)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # CRLF line ends, like the segments export
    writer.writerow(csv_header(report))
    writer.writerows(csv_rows(report))
    return buffer.getvalue()


def _excluded_dict(e: ExcludedDocument) -> dict[str, str]:
    return {"document_id": e.document_id, "title": e.title, "reason": e.reason, "scope": e.scope}


def to_json_data(report: AgreementReport) -> dict[str, Any]:
    b = report.bootstrap
    rows = []
    for row in report.rows:
        item: dict[str, Any] = {}
        if report.by_document:
            item["document_id"] = row.document_id
            item["title"] = row.document_title
        item.update(
            code=row.code,
            metric=row.metric,
            value=row.value,
            coders=list(row.coders),
            documents=row.documents,
            units=row.units,
            note=row.note,
            concern=row.concern,
        )
        if row.interval is not None:
            i = row.interval
            item["interval"] = {
                "low": i.low, "high": i.high, "level": i.level, "resamples": i.resamples,
                "defined_resamples": i.defined, "seed": i.seed,
                "p_below": {f"{t:g}": p for t, p in i.p_below},
            }
        rows.append(item)
    return {
        "coders": list(report.coders),
        "codes": list(report.codes),
        "documents": report.documents,
        "units": report.units,
        "ignore_whitespace": report.ignore_whitespace,
        "by_document": report.by_document,
        "done_only": report.done_only,
        "bootstrap": None if b is None else {
            "resamples": b.resamples, "seed": b.seed, "level": b.level, "thresholds": list(b.thresholds),
        },
        "rows": rows,
        "excluded": [_excluded_dict(e) for e in report.excluded],
    }


def render_json(report: AgreementReport) -> str:
    return json.dumps(to_json_data(report), ensure_ascii=False, indent=2) + "\n"


def excluded_lines(report: AgreementReport) -> list[str]:
    """One line per excluded document, for people (the table, or stderr with CSV)."""
    lines = []
    for scope, heading in (
        (SCOPE_STUDY, "Excluded documents (count for fewer than two selected coders):"),
        (SCOPE_ALPHA_U, "Excluded from the pooled alpha_u (do not count for every selected coder):"),
    ):
        items = [e for e in report.excluded if e.scope == scope]
        if items:
            lines.append(heading)
            lines += [f"  {e.document_id}  {e.title!r}: {e.reason}" for e in items]
    return lines


def _fmt(value: float | None) -> str:
    return "undefined" if value is None else f"{value:.4f}"


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _ci_cells(row: AgreementRow, on: bool, n_thresholds: int = 0) -> list[str]:
    if not on:
        return []
    i = row.interval
    if i is None:
        return [""] * (1 + n_thresholds)
    low = "undefined" if i.low is None else f"[{i.low:.3f}, {i.high:.3f}]"
    return [low] + ["" if p is None else f"{p:.3f}" for _, p in i.p_below]


def render_table(report: AgreementReport) -> str:
    """A human-readable table (values to 4 decimals; CSV and JSON give full precision)."""
    unit_note = " (whitespace ignored)" if report.ignore_whitespace else ""
    lines = [
        f"Coders: {', '.join(report.coders)}" + ("  (done only)" if report.done_only else ""),
        f"Codes: {', '.join(report.codes) or 'none'}",
        f"Documents: {report.documents} counted, {sum(1 for e in report.excluded if e.scope == SCOPE_STUDY)} excluded",
        f"Units: {report.units} characters{unit_note}",
        "",
    ]
    ci = report.bootstrap
    ci_head = [f"{100 * ci.level:g}% CI"] + [f"P<{t:g}" for t in ci.thresholds] if ci else []
    header = (["document", "title"] if report.by_document else []) + [
        "coders", "code", "metric", "value", *ci_head, "docs", "units", "note", "concern"]
    body = [
        ([r.document_id or "", _short(r.document_title or "")] if report.by_document else [])
        + [
            ", ".join(r.coders),
            r.code,
            r.metric,
            _fmt(r.value),
            *_ci_cells(r, ci is not None, len(ci.thresholds) if ci else 0),
            str(r.documents),
            str(r.units),
            r.note,
            r.concern,
        ]
        for r in report.rows
    ]
    widths = [max(len(x) for x in col) for col in zip(header, *body, strict=True)] if body else []
    numeric = {header.index(c) for c in ("value", "docs", "units", *ci_head)}

    def line(cells: list[str]) -> str:
        parts = [c.rjust(w) if i in numeric else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
        return "  ".join(parts).rstrip()

    if body:
        lines.append(line(header))
        lines.append("  ".join("-" * w for w in widths))
        lines += [line(b) for b in body]
    else:
        lines.append("(no rows)")
    extra = excluded_lines(report)
    if extra:
        lines += [""] + extra
    return "\n".join(lines) + "\n"
