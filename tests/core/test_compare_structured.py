"""Compare views 2, 3, 4 (sources and claims) and 6 on a hand-built project whose answer is known.

Three outlets report Blinken's figure for the troops in Kursk: Wire Daily says "as many as
8,000", Morning Post "up to 8,000" (a hedge drift), Evening Star "10,000" (a changed number,
what is counted spelt with a capital). Only Evening Star quotes the Ukrainian army (11,000 in
Russia); only Wire Daily carries the Kremlin's denial. Ann codes everything; Ben codes Morning
Post's figure as "as many as" too (so pooled, Morning Post shows both hedges).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest

from newscoder.core import attribute_edits, edits, sources
from newscoder.core.compare import cited, estimates, presence, render, report
from newscoder.core.compare.model import load_input
from newscoder.core.compare.structured import NO_SOURCE, Figure
from newscoder.core.gold import decide
from newscoder.core.store import Project
from tests.fixtures import add_segment

TEXT_A = "Troops in Kursk\nBlinken said as many as 8,000 troops were in Kursk. The Kremlin denied the deployment."
TEXT_B = "Kursk troops\nBlinken said up to 8,000 troops were in Kursk."
TEXT_C = "A new front\nBlinken said 10,000 troops were in Kursk. The Ukrainian army said 11,000 were in Russia."
HOSTILE = "<img src=/dev/zero>"


def _code(project: Project, doc: str, text: str, code: str, coder: str, words: str,
          values: dict[str, object]) -> str:
    start = text.index(words)
    seg = add_segment(project, doc, code, coder, start, start + len(words))
    edits.apply(project, attribute_edits.set_segment_attributes(project, seg, values))
    return seg


def _source(project: Project, name: str, kind: str = "person") -> str:
    edits.apply(project, sources.add_source(project, name, kind))
    found = sources.source_by_name(project, name)
    assert found is not None
    return found.id


def build(path: Path, hostile: bool = False) -> tuple[Project, dict[str, str]]:
    project = Project.create(path)
    a = project.add_document(TEXT_A, "Troops in Kursk", source=HOSTILE if hostile else "Wire Daily",
                             published="2024-10-31")[0].id
    b = project.add_document(TEXT_B, "Kursk troops", source="Morning Post", published="2024-10-31T09:00")[0].id
    c = project.add_document(TEXT_C, "A new front", source="Evening Star", published="2024-11-01")[0].id
    blinken = _source(project, HOSTILE if hostile else "Antony Blinken")
    kremlin = _source(project, "Kremlin", "government body")
    army = _source(project, "Ukrainian army", "military")
    est = {"counted": "troops in Kursk", "source": blinken}
    ids = {
        "a": _code(project, a, TEXT_A, "estimate", "Ann", "as many as 8,000 troops",
                   {**est, "value": 8000, "high": 8000, "hedge": "as many as"}),
        "b": _code(project, b, TEXT_B, "estimate", "Ann", "up to 8,000 troops",
                   {**est, "value": 8000, "high": 8000, "hedge": "up to"}),
        "b_ben": _code(project, b, TEXT_B, "estimate", "Ben", "up to 8,000 troops",
                       {**est, "value": 8000, "hedge": "as many as"}),
        "c": _code(project, c, TEXT_C, "estimate", "Ann", "10,000 troops",
                   {**est, "counted": "Troops in Kursk", "value": 10000, "hedge": "exact"}),
        "c_army": _code(project, c, TEXT_C, "estimate", "Ann", "11,000",
                        {"counted": "troops in Russia", "source": army, "value": 11000, "hedge": "exact"}),
        "denial": _code(project, a, TEXT_A, "denial", "Ann", "The Kremlin denied the deployment.",
                        {"source": kremlin, "target": "the deployment"}),
        "claim_a": _code(project, a, TEXT_A, "claim", "Ann", "Blinken said", {"source": blinken}),
        "claim_b": _code(project, b, TEXT_B, "claim", "Ann", "Blinken said", {"source": blinken}),
    }
    ids.update(doc_a=a, doc_b=b, doc_c=c, blinken=blinken)
    return project, ids


@pytest.fixture
def built(tmp_path: Path) -> tuple[Project, dict[str, str]]:
    return build(tmp_path / "structured.newscoder")


def _seg_ids(inp, idx: np.ndarray) -> list[str]:  # type: ignore[no-untyped-def]
    return [inp.seg_id[int(i)] for i in idx]


def test_figure_labels() -> None:
    assert Figure(8000.0, None, 8000.0, "as many as").label() == "as many as 8,000"
    assert Figure(10000.0, None, None, "exact").label() == "10,000"
    assert Figure(None, 10000.0, 12000.0, "range").label() == "10,000–12,000"
    assert Figure(None, None, None, "unspecified").label() == "unspecified"
    assert Figure(None, 10000.0, 12000.0, "range").mid == 11000.0


def test_estimates_by_outlet_one_coder_flags_hedge_drift_and_a_changed_number(built) -> None:  # type: ignore[no-untyped-def]
    project, ids = built
    inp = load_input(project, coders=["Ann"])
    v = estimates.estimates_by_outlet(inp)
    assert v.outlets == ("Evening Star", "Morning Post", "Wire Daily")
    assert [(r.counted, r.source) for r in v.rows] == [("troops in Kursk", "Antony Blinken"),
                                                        ("troops in Russia", "Ukrainian army")]
    kursk, russia = v.rows
    assert {o: kursk.cell_text(o) for o in v.outlets} == {
        "Evening Star": "10,000", "Morning Post": "up to 8,000", "Wire Daily": "as many as 8,000"}
    assert kursk.counts == {"Evening Star": 1, "Morning Post": 1, "Wire Daily": 1}
    assert [d.text() for d in kursk.drift] == [
        "hedge drift: 8,000: as many as (Wire Daily) · up to (Morning Post)",
        "changed number: Evening Star 10,000; Morning Post 8,000; Wire Daily 8,000"]
    assert russia.cells == {"Evening Star": (("11,000", 1),)} and russia.drift == ()
    # every number opens its spans: the cell, the row, the drift flag
    assert _seg_ids(inp, estimates.cell_segments(inp, v, kursk, v.outlets.index("Morning Post"))) == [ids["b"]]
    assert set(_seg_ids(inp, estimates.cell_segments(inp, v, kursk, None))) == {ids["a"], ids["b"], ids["c"]}
    assert set(_seg_ids(inp, estimates.drift_segments(inp, v, kursk, kursk.drift[0]))) == {ids["a"], ids["b"]}


def test_estimates_pooled_show_both_coders_readings(built) -> None:  # type: ignore[no-untyped-def]
    project, ids = built
    inp = load_input(project)
    v = estimates.estimates_by_outlet(inp)
    kursk = v.rows[0]
    assert kursk.cell_text("Morning Post") == "as many as 8,000; up to 8,000"
    assert kursk.counts["Morning Post"] == 2
    only_ben = estimates.estimates_by_outlet(load_input(project, coders=["Ben"]))
    assert [(r.source, r.cells) for r in only_ben.rows] == [("Antony Blinken",
                                                            {"Morning Post": (("as many as 8,000", 1),)})]
    assert only_ben.rows[0].drift == ()


def test_sources_by_outlet_split_by_code(built) -> None:  # type: ignore[no-untyped-def]
    project, ids = built
    inp = load_input(project, coders=["Ann"])
    v = cited.sources_by_outlet(inp)
    got = [(r.label, r.articles, r.segments) for r in v.rows]
    assert got == [
        ("Antony Blinken", {"Evening Star": 1, "Morning Post": 1, "Wire Daily": 1},
         {"Evening Star": 1, "Morning Post": 2, "Wire Daily": 2}),
        ("Antony Blinken · claim", {"Morning Post": 1, "Wire Daily": 1}, {"Morning Post": 1, "Wire Daily": 1}),
        ("Antony Blinken · estimate", {"Evening Star": 1, "Morning Post": 1, "Wire Daily": 1},
         {"Evening Star": 1, "Morning Post": 1, "Wire Daily": 1}),
        ("Kremlin", {"Wire Daily": 1}, {"Wire Daily": 1}),
        ("Kremlin · denial", {"Wire Daily": 1}, {"Wire Daily": 1}),
        ("Ukrainian army", {"Evening Star": 1}, {"Evening Star": 1}),
        ("Ukrainian army · estimate", {"Evening Star": 1}, {"Evening Star": 1}),
    ]
    assert v.rows[3].kind == "government body"
    blinken_wd = cited.row_segments(inp, v.rows[0], v.outlets.index("Wire Daily"))
    assert set(_seg_ids(inp, blinken_wd)) == {ids["a"], ids["claim_a"]}


def test_sources_and_claims_present_here_missing_there(built) -> None:  # type: ignore[no-untyped-def]
    project, ids = built
    inp = load_input(project, coders=["Ann"])
    v = presence.present_missing(inp)
    rows = {(i.kind, i.name): (i.present(v.outlets), i.missing(v.outlets)) for i in v.items}
    assert rows[("source", "Kremlin")] == (["Wire Daily"], ["Evening Star", "Morning Post"])
    assert rows[("source", "Ukrainian army")] == (["Evening Star"], ["Morning Post", "Wire Daily"])
    assert ("source", "Antony Blinken") not in rows  # every outlet quotes him
    assert rows[("claim", "denial by Kremlin about the deployment")] == (
        ["Wire Daily"], ["Evening Star", "Morning Post"])
    assert rows[("claim", "claim by Antony Blinken")] == (["Morning Post", "Wire Daily"], ["Evening Star"])
    assert not any(k == "claim" and n.startswith("estimate") for k, n in rows)
    denial = next(i for i in v.items if i.name.startswith("denial by"))
    assert _seg_ids(inp, presence.item_segments(inp, denial, "Wire Daily")) == [ids["denial"]]
    assert presence.item_segments(inp, denial, "Evening Star").size == 0


def test_timeline_one_mark_per_estimate_at_its_date(built) -> None:  # type: ignore[no-untyped-def]
    project, ids = built
    project.add_document("Undated piece.", "Undated", source="Wire Daily")
    inp = load_input(project)
    v = estimates.timeline(inp)
    assert [(m.date.isoformat(), m.figure.label(), m.source, m.outlet, m.coder) for m in v.marks] == [
        ("2024-10-31", "up to 8,000", "Antony Blinken", "Morning Post", "Ann"),
        ("2024-10-31", "as many as 8,000", "Antony Blinken", "Morning Post", "Ben"),
        ("2024-10-31", "as many as 8,000", "Antony Blinken", "Wire Daily", "Ann"),
        ("2024-11-01", "10,000", "Antony Blinken", "Evening Star", "Ann"),
        ("2024-11-01", "11,000", "Ukrainian army", "Evening Star", "Ann"),
    ]
    assert v.sources == ("Antony Blinken", "Ukrainian army") and v.undated == 0
    assert inp.seg_id[v.marks[2].segment] == ids["a"]


def test_timeline_counts_undated_and_unnumbered(tmp_path: Path) -> None:
    project, ids = build(tmp_path / "t.newscoder")
    d = project.add_document("Thousands of troops.", "Vague", source="Wire Daily")[0].id
    _code(project, d, "Thousands of troops.", "estimate", "Ann", "Thousands of troops", {"hedge": "unspecified"})
    e = project.add_document("Some 500 troops.", "No date", source="Wire Daily")[0].id
    _code(project, e, "Some 500 troops.", "estimate", "Ann", "500 troops", {"value": 500})
    v = estimates.timeline(load_input(project, coders=["Ann"]))
    assert (len(v.marks), v.undated, v.unnumbered) == (4, 1, 1)
    ev = estimates.estimates_by_outlet(load_input(project, coders=["Ann"]))
    assert ev.rows[-1].source == NO_SOURCE and ev.rows[-1].counted == "(not given)"


def test_gold_layer_is_one_more_coder(built) -> None:  # type: ignore[no-untyped-def]
    project, ids = built
    seg = project.segment(ids["b"])
    assert seg is not None
    edits.apply(project, decide.add_gold(project, ids["doc_b"], seg.code_id, seg.start, seg.end, "Chris"))
    (gold,) = [g for g in __import__("newscoder.core.gold_store", fromlist=["x"]).gold_rows(project)]
    project.conn.execute("UPDATE gold_segments SET attributes = ? WHERE id = ?", (json.dumps(
        {"value": 8000, "hedge": "up to", "counted": "troops in Kursk", "source": ids["blinken"]}), gold.id))
    inp = load_input(project, coders=["gold"])
    v = estimates.estimates_by_outlet(inp)
    assert [(r.source, r.cells) for r in v.rows] == [("Antony Blinken", {"Morning Post": (("up to 8,000", 1),)})]
    assert [(r.label, r.articles) for r in cited.sources_by_outlet(inp).rows] == [
        ("Antony Blinken", {"Morning Post": 1}), ("Antony Blinken · estimate", {"Morning Post": 1})]
    (mark,) = estimates.timeline(inp).marks
    assert (mark.coder, mark.date.isoformat(), mark.figure.label()) == (
        "Gold (adjudicated)", "2024-10-31", "up to 8,000")
    both = estimates.estimates_by_outlet(load_input(project, coders=["Ann", "gold"]))
    assert both.rows[0].counts["Morning Post"] == 2  # Ann's and the gold layer's


def test_report_tables_and_html_escape_hostile_names(tmp_path: Path) -> None:
    project, ids = build(tmp_path / "hostile.newscoder", hostile=True)
    rep = report.compute(project, load_input(project, coders=["Ann"]))
    tables = {name: (header, rows) for name, header, rows in rep.tables()}
    header, rows = tables["estimates_by_outlet"]
    assert header == ["counted", "source", "source_kind", "outlet", "figures", "estimates", "drift"]
    assert rows[0][:6] == ["troops in Kursk", HOSTILE, "person", HOSTILE, "as many as 8,000", 1]
    assert tables["estimate_drift"][1][0][2] == "hedge drift"
    assert tables["timeline"][1][0][:6] == ["2024-10-31", 8000, None, 8000, "as many as", "as many as 8,000"]
    assert {r[0] for r in tables["sources_by_outlet"][1]} == {HOSTILE, "Kremlin", "Ukrainian army"}
    html = render.render(rep, "html").decode("utf-8")
    assert "<img" not in html and "&lt;img src=/dev/zero&gt;" in html
    assert html.count("<svg") == 4  # matrix, timeline, co-occurrence, reliability
    assert "Estimates by outlet" in html and "Sources by outlet" in html and "Timeline of estimates" in html
    data = json.loads(render.render(rep, "json"))
    assert data["tables"]["timeline"][0]["date"] == "2024-10-31"
    text = render.render(rep, "csv").decode("utf-8")
    assert "estimates_by_outlet,troops in Kursk" in text


def test_dollar_signs_in_names_are_not_math(tmp_path: Path) -> None:
    """matplotlib reads "$…$" as math (an unbalanced "$" raises): a source named so is drawn as typed."""
    from newscoder.core.compare import charts

    project, ids = build(tmp_path / "d.newscoder")
    edits.apply(project, sources.update_source(project, ids["blinken"], name="$US $pent"))
    rep = report.compute(project, load_input(project))
    svg = charts.svg(charts.timeline_figure(rep))
    assert "<svg" in svg
    assert charts._short("a $b") == r"a \$b"


def test_dates_parse_with_a_time_after_the_day() -> None:
    from newscoder.core.compare.structured import parse_date

    assert parse_date("2024-10-31T09:00") == dt.date(2024, 10, 31)
    assert parse_date("31 October") is None and parse_date("") is None


def test_coders_disagreeing_alike_in_two_outlets_is_no_drift(tmp_path: Path) -> None:
    """Pooled, Morning Post and Wire Daily both hold "as many as" and "up to" 8,000 (the coders read each span
    differently): the outlets do not differ, so no hedge drift; the same words with and without a high end
    read as one figure."""
    project, ids = build(tmp_path / "p.newscoder")
    a = project.segment(ids["a"])
    assert a is not None
    seg = add_segment(project, ids["doc_a"], "estimate", "Ben", a.start, a.end)
    edits.apply(project, attribute_edits.set_segment_attributes(
        project, seg, {"counted": "troops in Kursk", "source": ids["blinken"], "value": 8000, "hedge": "up to"}))
    ben_b = project.segment(ids["b_ben"])
    assert ben_b is not None
    v = estimates.estimates_by_outlet(load_input(project))
    kursk = v.rows[0]
    assert kursk.cell_text("Morning Post") == kursk.cell_text("Wire Daily") == "as many as 8,000; up to 8,000"
    assert [d.kind for d in kursk.drift] == ["changed number"]  # Evening Star's 10,000 still differs
