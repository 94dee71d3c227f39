"""Agreement on attribute values of matched segments, with Krippendorff (2011)'s published values."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from newscoder.core import attribute_edits, edits
from newscoder.core.agreement.attribute_agreement import alpha, attribute_agreement
from newscoder.core.codebook import add_code
from newscoder.core.store import Project
from tests.fixtures import add_segment

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: observers A-D,
# units 1-12, values 1-5, "." = missing. Published: nominal α = 0.743, interval α = 0.849.
KRIPPENDORFF_2011 = {
    "A": "1 2 3 3 2 1 4 1 2 . . .",
    "B": "1 2 3 3 2 2 4 1 2 5 . 3",
    "C": ". 3 3 3 2 3 4 2 2 5 1 .",
    "D": "1 2 3 3 2 4 4 1 2 5 1 .",
}


def test_alpha_formula_alone() -> None:
    units = [[int(row.split()[u]) for row in KRIPPENDORFF_2011.values() if row.split()[u] != "."] for u in range(12)]
    assert round(alpha(units, interval=False)[0], 3) == 0.743  # type: ignore[arg-type]
    assert round(alpha(units, interval=True)[0], 3) == 0.849  # type: ignore[arg-type]
    assert alpha([[1, 1], [1, 1]], interval=True) == (None, "no variation: every value is the same "
                                                              "(expected disagreement is 0)")
    assert alpha([[1], [2]], interval=False)[0] is None


@pytest.fixture
def published(tmp_path: Path) -> Project:
    """12 articles (the units); each observer's value is a segment of code "rating" on the article's words,
    carrying the value twice: as an integer "score" (interval) and a choice "label" (nominal).
    Each observer selects a slightly different span, so the segments are matched by overlap, not identity."""
    project = Project.create(tmp_path / "k.newscoder", codebook=False)
    docs = [project.add_document(f"Unit {u + 1}: some ten thousand troops were seen here.", f"Unit {u + 1:02d}")[0].id
            for u in range(12)]
    edits.apply(project, add_code(project, "rating"))
    code = project.code_by_name("rating")
    assert code is not None
    edits.apply(project, attribute_edits.set_code_attributes(project, code.id, [
        {"name": "score", "type": "integer"},
        {"name": "label", "type": "choice", "choices": ["1", "2", "3", "4", "5"]},
    ]))
    for shift, (coder, row) in enumerate(KRIPPENDORFF_2011.items()):
        for unit, value in enumerate(row.split()):
            if value == ".":
                continue
            seg = add_segment(project, docs[unit], "rating", coder, 8 + shift, 37 + shift)  # Jaccard ≥ 0.8
            edits.apply(project, attribute_edits.set_segment_attributes(project, seg, {"score": value,
                                                                                       "label": value}))
    yield project
    project.close()


def test_krippendorff_2011_through_attribute_values_of_matched_segments(published: Project) -> None:
    rows = {r.attribute: r for r in attribute_agreement(published)}
    assert rows["score"].metric == "alpha_interval" and round(rows["score"].value, 3) == 0.849  # type: ignore[arg-type]
    assert rows["label"].metric == "alpha_nominal" and round(rows["label"].value, 3) == 0.743  # type: ignore[arg-type]
    # unit 12 has one value (B's): not pairable; 11 units count
    assert rows["score"].units == 11
    # pairs: matched segment pairs with both values, summed over the 6 coder pairs
    per_unit = [sum(v != "." for v in (r.split()[u] for r in KRIPPENDORFF_2011.values())) for u in range(12)]
    assert rows["score"].pairs == sum(m * (m - 1) // 2 for m in per_unit)
    assert rows["score"].note == ""


def test_two_coders_subset_and_undefined_reason(published: Project) -> None:
    rows = attribute_agreement(published, coders=["A", "D"])
    score = next(r for r in rows if r.attribute == "score")
    assert score.units == 9 and score.pairs == 9
    assert 0 < score.percent < 1  # type: ignore[operator]
    with pytest.raises(Exception, match="at least two coders"):
        attribute_agreement(published, coders=["A"])


def test_a_coder_with_two_segments_in_one_unit_is_left_out_and_said(published: Project) -> None:
    doc = published.documents_by_title("Unit 01")[0].id
    add_segment(published, doc, "rating", "A", 11, 40)  # D's very span: D matches it, B and C the first
    rows = {r.attribute: r for r in attribute_agreement(published)}
    assert "left out" in rows["score"].note


def test_cli(published: Project, tmp_path: Path) -> None:
    published.close()
    run = subprocess.run([sys.executable, "-m", "newscoder", "agreement", "--attributes", "-p",
                          str(tmp_path / "k.newscoder")], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "rating.score" in run.stdout and "0.849" in run.stdout and "0.743" in run.stdout
    run = subprocess.run([sys.executable, "-m", "newscoder", "agreement", "--attributes", "--format", "csv", "-p",
                          str(tmp_path / "k.newscoder")], capture_output=True, text=True)
    assert run.stdout.splitlines()[0] == "code,attribute,metric,value,percent_agreement,pairs,units,note"
    assert "rating,score,alpha_interval,0.8491," in run.stdout
