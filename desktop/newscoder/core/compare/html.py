"""The comparison as one self-contained HTML file: every view's numbers, inline SVG charts,
a methods line; no scripts, no external references (every user text escaped)."""

from __future__ import annotations

from dataclasses import replace
from html import escape
from typing import Any

from newscoder.core.compare import charts, html_views
from newscoder.core.compare.report import VIEWS, CompareReport

CSS = """
body{font-family:system-ui,'DejaVu Sans',sans-serif;margin:1.5em auto;max-width:70em;color:#222;padding:0 1em}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5em 0;font-size:.9em}
th,td{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f0f0f0}
.methods{background:#f7f7f7;padding:.5em;border-left:4px solid #4c72b0}
del{background:#fdd;text-decoration:line-through}ins{background:#dfd;text-decoration:none}
.chart svg{max-width:100%;height:auto}.note{color:#666}
"""


def _cell(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<td class="n">{escape(str(value))}</td>'
    return f"<td>{escape('' if value is None else str(value))}</td>"


LIMIT = 2000  # rows of one table shown (CSV and JSON hold them all)


def _more(total: int) -> str:
    return f'<p class="note">… and {total - LIMIT} more rows (see the CSV or JSON output).</p>' if total > LIMIT else ""


def _table(header: list[str], rows: list[list[Any]], limit: int = LIMIT) -> str:
    head = "".join(f"<th>{escape(h.replace('_', ' '))}</th>" for h in header)
    body = "".join("<tr>" + "".join(_cell(v) for v in r) + "</tr>" for r in rows[:limit])
    more = f'<p class="note">… and {len(rows) - limit} more rows (see the CSV or JSON output).</p>' \
        if len(rows) > limit else ""
    if not rows:
        return '<p class="note">Nothing to show.</p>'
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"


def _diff_html(diff: tuple[tuple[str, str, str], ...]) -> str:
    parts = []
    for op, old, new in diff:
        if op == "equal":
            parts.append(escape(old))
            continue
        if old:
            parts.append(f"<del>{escape(old)}</del>")
        if new:
            parts.append(f"<ins>{escape(new)}</ins>")
    return " ".join(parts)


def _altered(report: CompareReport) -> str:
    view = report.views.get("quotes")
    if view is None or not view.altered:
        return '<p class="note">No altered quotations.</p>'
    out = ["<h3>Altered quotations (word diff against the first wording)</h3><ol>"]
    for q in view.altered:
        out.append("<li><ul>")
        for var in q.variants:
            where = ", ".join(var.outlets)
            shown = _diff_html(var.diff) if var.diff else escape(var.text)
            out.append(f"<li><b>{escape(where)}</b> ({len(var.spans)} article(s)): “{shown}”</li>")
        out.append("</ul></li>")
    out.append("</ol>")
    return "".join(out)


def as_html(report: CompareReport) -> str:
    m = report.methods
    parts = ["<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">",
             "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
             "img-src data:\">",
             "<title>Newscoder: compare the outlets</title>",
             f"<style>{CSS}</style></head><body>",
             "<h1>Compare the outlets</h1>",
             f'<p class="methods">{escape(m.line())}</p>']
    for spec in VIEWS:
        if spec.key not in report.views:
            continue
        parts.append(f'<h2 id="{spec.key}">{escape(spec.title)}</h2>')
        figure = charts.FIGURES.get(spec.key)
        if figure is not None and not (spec.key == "timeline" and not report.views[spec.key].marks):
            parts.append(f'<div class="chart">{charts.svg(figure(report))}</div>')
        if spec.key == "estimates":
            parts.append(html_views.estimates_html(report.views[spec.key]))
            continue
        if spec.key == "sources":
            parts.append(html_views.sources_html(report.views[spec.key]))
            continue
        if spec.key == "timeline":  # the first rows only (every row: CSV or JSON)
            v = report.views[spec.key]
            parts.append(html_views.timeline_note(v))
            (_name, header, rows), = spec.tables(report.inp, replace(v, marks=v.marks[:LIMIT]))
            parts.append(_table(header, rows) + _more(len(v.marks)))
            continue
        tables = spec.tables(report.inp, report.views[spec.key])
        if spec.key == "quotes":
            parts.append(_altered(report))
            parts.append("<h3>Shared sentences (near-duplicates in two or more articles)</h3>")
            name, header, rows = tables[0]
            parts.append(_table(header, rows))
            continue
        for _name, header, rows in tables:
            parts.append(_table(header, rows))
    parts.append("</body></html>\n")
    return "".join(parts)
