"""The comparison's figures with matplotlib (imported lazily): the same figure goes into the
window (Qt canvas) and into the HTML report (SVG text, no external references)."""

from __future__ import annotations

import io
import re
from typing import Any

from newscoder.core.compare.report import CompareReport


def _plt() -> Any:
    from matplotlib.figure import Figure  # no pyplot: no global state, no backend switch

    return Figure


def _short(name: str, n: int = 28) -> str:
    """A label cut to ``n`` characters, shown as typed: a ``$`` never starts matplotlib's math mode."""
    cut = name if len(name) <= n else name[: n - 1] + "…"
    return cut.replace("$", r"\$")


def matrix_figure(report: CompareReport) -> Any:
    """Heat map of segments per 1,000 words, outlet × code, each cell labelled with its number."""
    Figure = _plt()
    v = report.views["matrix"]
    fig = Figure(figsize=(max(4.0, 1.0 + 0.9 * len(v.codes)), max(2.0, 0.8 + 0.45 * len(v.outlets))), dpi=96)
    ax = fig.add_subplot()
    if len(v.codes) and len(v.outlets):
        im = ax.imshow(v.per_1000, cmap="Blues", aspect="auto")
        top = float(v.per_1000.max()) or 1.0
        for o in range(len(v.outlets)):
            for c in range(len(v.codes)):
                val = float(v.per_1000[o, c])
                ax.text(c, o, f"{val:.1f}", ha="center", va="center", fontsize=8,
                        color="white" if val > top * 0.6 else "black")
        fig.colorbar(im, ax=ax, label="per 1,000 words")
    ax.set_xticks(range(len(v.codes)), [_short(c, 18) for c in v.codes], rotation=35, ha="right", fontsize=8)
    ax.set_yticks(range(len(v.outlets)), [_short(o) for o in v.outlets], fontsize=8)
    ax.set_title("Segments per 1,000 words (per coder)", fontsize=10)
    fig.tight_layout()
    return fig


def cooccurrence_figure(report: CompareReport) -> Any:
    Figure = _plt()
    v = report.views["cooccurrence"]
    n = len(v.codes)
    fig = Figure(figsize=(max(3.5, 1.2 + 0.6 * n), max(3.0, 1.0 + 0.5 * n)), dpi=96)
    ax = fig.add_subplot()
    if n:
        ax.imshow(v.counts, cmap="Purples")
        top = float(v.counts.max()) or 1.0
        for i in range(n):
            for j in range(n):
                val = int(v.counts[i, j])
                ax.text(j, i, str(val), ha="center", va="center", fontsize=8,
                        color="white" if val > top * 0.6 else "black")
    ax.set_xticks(range(n), [_short(c, 18) for c in v.codes], rotation=35, ha="right", fontsize=8)
    ax.set_yticks(range(n), [_short(c, 18) for c in v.codes], fontsize=8)
    ax.set_title("Sentences where two codes meet", fontsize=10)
    fig.tight_layout()
    return fig


def reliability_figure(report: CompareReport) -> Any:
    Figure = _plt()
    v = report.views["reliability"]
    rows = list(v.rows)
    fig = Figure(figsize=(6.0, max(1.6, 0.6 + 0.4 * len(rows))), dpi=96)
    ax = fig.add_subplot()
    values = [r.alpha_u if r.alpha_u is not None else 0.0 for r in rows]
    ax.barh(range(len(rows)), values, color=["#4c72b0" if r.alpha_u is not None else "#cccccc" for r in rows],
            hatch=None)
    for k, r in enumerate(rows):
        label = f"{r.alpha_u:.2f} ({r.documents} art.)" if r.alpha_u is not None else "undefined"
        ax.text(max(values[k], 0.0) + 0.02, k, label, va="center", fontsize=8)
    ax.axvline(0.8, color="#333333", linestyle="--", linewidth=0.8)
    ax.set_xlim(min(0.0, min(values, default=0.0)), 1.25)
    ax.set_yticks(range(len(rows)), [_short(r.outlet) for r in rows], fontsize=8)
    ax.invert_yaxis()
    ax.set_title("α_u per outlet (dashed: 0.8)", fontsize=10)
    fig.tight_layout()
    return fig


#: Okabe–Ito colours (its yellow, faint on white, replaced by wine) and marker shapes: a source is told
#: apart by both (and named in the legend)
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#882255")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">", "h")
OTHER = "other sources"
RASTER = 2000  # more marks than this are drawn as one embedded image (the SVG stays small)


def timeline_figure(report: CompareReport) -> Any:
    """Estimates over publication date: one mark per estimate, colour and shape by source (legend names
    them); a range is a vertical line from its low to its high end. Sources past the eleventh most
    cited share one grey cross ("other sources")."""
    from matplotlib import dates as mdates

    Figure = _plt()
    v = report.views["timeline"]
    import numpy as np

    fig = Figure(figsize=(7.5, 3.2), dpi=96)
    ax = fig.add_subplot()

    counts = np.bincount(v.source, minlength=len(v.sources))
    top_k = sorted(range(len(v.sources)), key=lambda k: (-int(counts[k]), v.sources[k].casefold(), v.sources[k]))
    top = set(top_k[: len(MARKERS)])
    shown = [k for k in range(len(v.sources)) if k in top] + ([-1] if len(v.sources) > len(top) else [])
    big = len(v.marks) > RASTER
    # sources on one day stand side by side (dodged by a sliver of the date range), never on top of each other
    span = float(v.day.max() - v.day.min()) if v.day.size else 0.0
    step = max(span, 1.0) * 0.012
    for n, k in enumerate(shown):
        x = v.day + (n - (len(shown) - 1) / 2) * step
        mask = v.source == k if k >= 0 else ~np.isin(v.source, list(top))
        name = v.sources[k] if k >= 0 else OTHER
        colour = COLOURS[n % len(COLOURS)] if k >= 0 else "#999999"
        marker = MARKERS[n] if k >= 0 else "x"
        label = f"{_short(name, 32)} ({int(mask.sum())})"
        ax.scatter(x[mask], v.mid[mask], c=colour, marker=marker, s=36, label=label,
                   edgecolors="white" if marker != "x" else None, linewidths=0.5, alpha=0.85, rasterized=big, zorder=3)
        ranged = mask & ~np.isnan(v.low)
        if ranged.any():
            ax.vlines(x[ranged], v.low[ranged], v.high[ranged], colors=colour, linewidth=1.2, alpha=0.6,
                      rasterized=big, zorder=2)
    positive = v.mid[v.mid > 0]
    if positive.size and positive.size == v.mid.size and positive.max() / positive.min() >= 50:
        ax.set_yscale("log")
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=8))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
    for label in ax.get_xticklabels():
        label.set_rotation(30)
        label.set_horizontalalignment("right")
    ax.tick_params(labelsize=8)
    ax.yaxis.set_major_formatter(lambda y, _pos: f"{y:,.0f}")
    ax.grid(True, color="#dddddd", linewidth=0.6, zorder=0)
    ax.set_ylabel("estimate (a range: its span)", fontsize=8)
    ax.set_title("Estimates by publication date; colour and shape: source", fontsize=10)
    if shown:
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, frameon=False)
    else:
        ax.text(0.5, 0.5, "No dated estimates with a number", ha="center", va="center", transform=ax.transAxes)
    fig.tight_layout()
    return fig


FIGURES = {"matrix": matrix_figure, "timeline": timeline_figure, "cooccurrence": cooccurrence_figure,
           "reliability": reliability_figure}


def svg(fig: Any) -> str:
    """The figure as inline SVG text (no XML prolog, no doctype, no external references)."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    text = buf.getvalue()
    text = text[text.index("<svg"):]
    return re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.DOTALL)
