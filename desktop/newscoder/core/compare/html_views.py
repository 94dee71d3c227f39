"""The HTML report's wide tables for views 2 and 3 (one column per outlet) and the drift list.

Every user text (outlet, source, what is counted) is escaped; no scripts, no links.
"""

from __future__ import annotations

from html import escape

from newscoder.core.compare import cited, estimates

LIMIT = 500  # rows shown in a wide table (the CSV and JSON outputs hold every row)


def _more(n: int) -> str:
    return f'<p class="note">… and {n - LIMIT} more rows (see the CSV or JSON output).</p>' if n > LIMIT else ""


def estimates_html(v: estimates.EstimatesView) -> str:
    if not v.rows:
        return f'<p class="note">{escape(v.note or "No estimates.")}</p>'
    head = "".join(f"<th>{escape(o)}</th>" for o in v.outlets)
    out = [f'<p class="note">{v.estimates} estimates. Each cell: the figures that outlet reports (×n: how many '
           "estimate segments), ⚑ marks a row whose outlets disagree.</p>",
           f"<table><thead><tr><th>counted</th><th>source</th>{head}<th>drift</th></tr></thead><tbody>"]
    for r in v.rows[:LIMIT]:
        cells = "".join(f"<td>{escape(r.cell_text(o))}</td>" if o in r.cells else '<td class="note">—</td>'
                        for o in v.outlets)
        flags = "<br>".join("⚑ " + escape(d.text()) for d in r.drift)
        out.append(f"<tr><td>{escape(r.counted)}</td><td>{escape(r.source)}</td>{cells}<td>{flags}</td></tr>")
    out.append("</tbody></table>")
    out.append(_more(len(v.rows)))
    drifts = v.drifts
    if drifts:
        out.append("<h3>Drift between outlets</h3><ul>")
        out.extend(f"<li><b>{escape(r.counted)}</b>, {escape(r.source)}: ⚑ {escape(d.text())}</li>"
                   for r, d in drifts[:LIMIT])
        out.append("</ul>")
    else:
        out.append('<p class="note">No drift: where two outlets report the same thing from the same source, '
                   "they give the same numbers with the same hedges.</p>")
    return "".join(out)


def sources_html(v: cited.SourcesView) -> str:
    if not v.rows:
        return f'<p class="note">{escape(v.note or "No sources.")}</p>'
    head = "".join(f"<th>{escape(o)}</th>" for o in v.outlets)
    out = ['<p class="note">Articles citing the source (segments in brackets), for all codes and then per code.</p>',
           f"<table><thead><tr><th>source</th><th>kind</th><th>code</th>{head}</tr></thead><tbody>"]
    for r in v.rows[:LIMIT]:
        cells = "".join(f'<td class="n">{r.articles[o]} ({r.segments[o]})</td>' if o in r.segments
                        else '<td class="n note">—</td>' for o in v.outlets)
        name = f"<b>{escape(r.name)}</b>" if r.code < 0 else ""
        kind = escape(r.kind) if r.code < 0 else ""
        out.append(f"<tr><td>{name}</td><td>{kind}</td><td>{escape(r.code_name)}</td>{cells}</tr>")
    out.append("</tbody></table>")
    out.append(_more(len(v.rows)))
    return "".join(out)


def timeline_note(v: estimates.TimelineView) -> str:
    left = []
    if v.undated:
        left.append(f"{v.undated} estimate(s) in articles with no publication date")
    if v.unnumbered:
        left.append(f"{v.unnumbered} with no number")
    text = (f"{len(v.marks)} estimates, one mark each: colour and marker shape name the source (see the legend)."
            + (" Not shown: " + "; ".join(left) + "." if left else ""))
    return f'<p class="note">{escape(text)}</p>'
