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
    return name if len(name) <= n else name[: n - 1] + "…"


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


FIGURES = {"matrix": matrix_figure, "cooccurrence": cooccurrence_figure, "reliability": reliability_figure}


def svg(fig: Any) -> str:
    """The figure as inline SVG text (no XML prolog, no doctype, no external references)."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    text = buf.getvalue()
    text = text[text.index("<svg"):]
    return re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.DOTALL)
