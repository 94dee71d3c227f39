"""Gwet's AC1 and Brennan–Prediger: cross-checked against the ``irrCAC`` package (Gwet's own
formulas, ported from his R package) on random data in real project files, to 1e-9.

The unit matrix handed to irrCAC is built straight from the random segments (not from our
study loader): a character's value is the set of codes covering it, or, per code, 1/0; a
coder who does not count for a document (no segment there, not marked done) is missing.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from test_agreement_support import build_project

from newscoder.core.agreement import compute_report, load_study

irrCAC = pytest.importorskip("irrCAC.raw")
pd = pytest.importorskip("pandas")

CODES = ["claim", "denial", "source"]


def random_project(
    tmp_path: Path, seed: int, n_coders: int, n_docs: int = 6
) -> tuple[Path, list, list[str], list[int]]:
    rng = random.Random(seed)
    coders = [f"c{i}" for i in range(n_coders)]
    lengths = [rng.randint(40, 90) for _ in range(n_docs)]
    texts = [f"{d:02d}" + "x" * (n - 2) for d, n in enumerate(lengths)]
    segments = []
    for d, n in enumerate(lengths):
        for c in coders:
            if d == 0 and c == coders[-1]:
                continue  # the last coder does not look at document 0: missing there
            for _ in range(rng.randint(1, 5)):
                s = rng.randrange(0, n - 1)
                segments.append((c, rng.choice(CODES), d, s, rng.randint(s + 1, min(n, s + 25))))
    path = tmp_path / f"r{seed}.newscoder"
    project, _ = build_project(path, coders, CODES, texts, segments)
    project.close()
    return path, segments, coders, lengths


def unit_frame(segments: list, coders: list[str], lengths: list[int], who: list[str], code: str | None):
    """Characters × coders, straight from the segments (labels; NaN = missing)."""
    counts = {(c, d) for c, _, d, _, _ in segments}
    rows = []
    for d, n in enumerate(lengths):
        if sum((c, d) in counts for c in coders) < 2:
            continue  # the study leaves it out
        for x in range(n):
            row = []
            for c in who:
                if (c, d) not in counts:
                    row.append(np.nan)
                    continue
                cover = sorted({k for cc, k, dd, s, e in segments if cc == c and dd == d and s <= x < e})
                row.append(("1" if code in cover else "0") if code else "+".join(cover) or "none")
            rows.append(row)
    return pd.DataFrame(rows, columns=who)


def value(report, metric: str, code: str, coders: tuple[str, ...]) -> float | None:
    return next(r.value for r in report.rows if r.metric == metric and r.code == code and r.coders == coders)


@pytest.mark.parametrize(("seed", "n_coders"), [(1, 2), (2, 3), (3, 4)])
def test_ac1_and_bp_match_irrcac(tmp_path: Path, seed: int, n_coders: int) -> None:
    path, segments, coders, lengths = random_project(tmp_path, seed, n_coders)
    from newscoder.core.store import Project

    with Project.open(path) as project:
        report = compute_report(load_study(project))
    subsets = [tuple(coders)] + ([(coders[0], coders[-1])] if n_coders > 2 else [])
    checked = 0
    for who in subsets:
        for code in [None, *CODES]:
            frame = unit_frame(segments, coders, lengths, list(who), code)
            cac = irrCAC.CAC(frame, digits=20)
            ac1 = float(cac.gwet()["est"]["coefficient_value"])
            bp = float(cac.bp()["est"]["coefficient_value"])
            name = code or "(all)"
            assert value(report, "gwet_ac1", name, who) == pytest.approx(ac1, abs=1e-9)
            assert value(report, "brennan_prediger", name, who) == pytest.approx(bp, abs=1e-9)
            checked += 1
    assert checked == 4 * len(subsets)


def test_single_category_is_undefined(tmp_path: Path) -> None:
    # every character uncoded by both coders for 'denial': one category, no chance correction
    project, _ = build_project(
        tmp_path / "p.newscoder", ["a", "b"], ["claim", "denial"], ["some text here"],
        [("a", "claim", 0, 0, 4), ("b", "claim", 0, 0, 5)],
    )
    with project:
        report = compute_report(load_study(project))
    row = next(r for r in report.rows if r.metric == "gwet_ac1" and r.code == "denial")
    assert row.value is None and "single category" in row.note
    ac1 = next(r for r in report.rows if r.metric == "gwet_ac1" and r.code == "claim")
    # hand-worked: 14 characters, agree on 13 (p_a = 13/14); π(claim) = 4.5/14
    p_a, pi = 13 / 14, 4.5 / 14
    pe = 2 * pi * (1 - pi)
    assert ac1.value == pytest.approx((p_a - pe) / (1 - pe), abs=1e-12)


# Gwet (2014), Handbook of Inter-Rater Reliability, 4th ed.: 12 units rated by 4 raters on 5 categories
# (irrCAC's raw_4raters; the same data as Krippendorff 2011). Published: AC1 = 0.77544 with
# p_a = 0.81818 and p_e = 0.19032. Brennan–Prediger from the same p_a: (0.81818 - 1/5) / (1 - 1/5).
GWET_4RATERS = [
    "1 2 3 3 2 1 4 1 2 . . .",
    "1 2 3 3 2 2 4 1 2 5 . 3",
    ". 3 3 3 2 3 4 2 2 5 1 .",
    "1 2 3 3 2 4 4 1 2 5 1 .",
]


def test_gwet_handbook_example() -> None:
    from newscoder.core.agreement import charlevel

    matrix = np.array([[int(x) - 1 if x != "." else -1 for x in row.split()] for row in GWET_4RATERS])
    table = charlevel.patterns(np.maximum(matrix, 0), matrix >= 0, np.zeros(12, dtype=np.int64), 1,
                               np.zeros((5, 0), dtype=bool))
    res = charlevel.coding_metrics(table.values, table.group, table.weight, 1, 5, np.array([4]), False)
    assert round(float(res["gwet_ac1"].value[0]), 5) == 0.77544
    assert float(res["brennan_prediger"].value[0]) == pytest.approx((9 / 11 - 0.2) / 0.8, abs=1e-12)
    assert res["gwet_ac1"].units[0] == 12  # unit 12, rated once, still counts towards π


def test_gwet_handbook_example_through_a_project(tmp_path: Path) -> None:
    # In a project, a unit is a one-character document; unit 12 (one rater) is left out of the
    # study (a document needs two coders), so irrCAC is given the other 11 units.
    from test_agreement_support import unit_texts

    segments = [(f"r{r}", f"v{x}", u, 0, 1) for r, row in enumerate(GWET_4RATERS)
                for u, x in enumerate(row.split()) if x != "."]
    project, _ = build_project(tmp_path / "g.newscoder", ["r0", "r1", "r2", "r3"], [f"v{i}" for i in range(1, 6)],
                               unit_texts(12), segments)
    with project:
        report = compute_report(load_study(project))
    frame = pd.DataFrame([[row.split()[u] if row.split()[u] != "." else np.nan for row in GWET_4RATERS]
                          for u in range(11)])
    cac = irrCAC.CAC(frame, digits=20)
    who = ("r0", "r1", "r2", "r3")
    assert value(report, "gwet_ac1", "(all)", who) == pytest.approx(float(cac.gwet()["est"]["coefficient_value"]),
                                                                    abs=1e-12)
    assert value(report, "brennan_prediger", "(all)", who) == pytest.approx((9 / 11 - 0.2) / 0.8, abs=1e-12)
