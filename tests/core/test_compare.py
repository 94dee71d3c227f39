"""Compare the outlets: each view's numbers on a hand-built project whose right answer is known.

Three outlets report one event. Wire Daily and Morning Post run the same wire story (two body
sentences and a Blinken quote, word for word, under different headlines); Evening Star writes
its own piece with the Blinken quote reworded inside the quotation marks and the Kremlin's
"fake news" denial. Coders Ann and Ben code claims, an estimate and the denial.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newscoder.core.agreement import compute_report, load_study
from newscoder.core.compare import cooccurrence, matrix, presence, quotes, render, report
from newscoder.core.compare.model import NO_VALUE, load_input, structure
from newscoder.core.errors import UserError
from newscoder.core.store import Project
from tests.fixtures import add_segment

LEDE = "Officials said that eight thousand troops crossed the border on Thursday."
WIRE = LEDE + "\nThe ministry said the soldiers were trained to clear trenches and fire artillery.\n"
QUOTE_A = "We have not yet seen these troops fight against Ukrainian forces, but we expect combat in the coming days,"
QUOTE_C = ("We haven’t yet seen these troops actively engage Ukrainian forces, but we expect combat involvement "
           "in the coming days,")
TEXT_A = "Troops cross border\n" + WIRE + f"“{QUOTE_A}” Blinken said."
TEXT_B = "Border crossed, US says\n" + WIRE + f"“{QUOTE_A}” Blinken said."
DENIAL = "The Kremlin called the reports fake news and denied any deployment."
TEXT_C = "Analysis: a new front\n" + DENIAL + f"\n“{QUOTE_C}” Blinken said."
#: words, counted by hand: headline 3 + lede 11 + second sentence 13 + quote line 21
WORDS_A = 48


@pytest.fixture
def outlets(tmp_path: Path) -> tuple[Project, dict[str, str]]:
    project = Project.create(tmp_path / "outlets.newscoder")
    ids = {}
    for key, title, text, source, date in (
        ("A", "Troops cross border", TEXT_A, "Wire Daily", "2024-10-31"),
        ("B", "Border crossed, US says", TEXT_B, "Morning Post", "2024-10-31"),
        ("C", "Analysis: a new front", TEXT_C, "Evening Star", "2024-11-01"),
    ):
        ids[key] = project.add_document(text, title, source=source, published=date)[0].id
    lede_a = TEXT_A.index(LEDE)
    lede_b = TEXT_B.index(LEDE)
    for coder in ("Ann", "Ben"):
        add_segment(project, ids["A"], "claim", coder, lede_a, lede_a + len(LEDE))
        add_segment(project, ids["B"], "claim", coder, lede_b, lede_b + len(LEDE))
    est = TEXT_A.index("eight thousand troops")
    add_segment(project, ids["A"], "estimate", "Ann", est, est + len("eight thousand troops"))
    d = TEXT_C.index(DENIAL)
    add_segment(project, ids["C"], "denial", "Ann", d, d + len(DENIAL))
    part = TEXT_C.index("denied any deployment")
    add_segment(project, ids["C"], "denial", "Ben", part, part + len("denied any deployment"))
    return project, ids


def test_headline_and_lede_found() -> None:
    assert structure("Troops cross border", TEXT_A) == (19, 19 + 1 + len(LEDE))
    assert structure("Another title", "First line\n\nSecond") == (0, len("First line"))


def test_outlets_sorted_and_unset_last(outlets: tuple[Project, dict[str, str]]) -> None:
    project, ids = outlets
    project.add_document("No outlet named here at all.", "Orphan")
    inp = load_input(project)
    assert inp.outlets == ("Evening Star", "Morning Post", "Wire Daily", NO_VALUE)
    assert inp.coder_names() == ["Ann", "Ben"]
    assert inp.n_segments == 7


def test_matrix_counts_rates_shares_and_first_place(outlets: tuple[Project, dict[str, str]]) -> None:
    project, ids = outlets
    inp = load_input(project)
    v = matrix.outlet_code_matrix(inp)
    assert v.codes == ("claim", "denial", "estimate")
    wd, mp, es = v.outlets.index("Wire Daily"), v.outlets.index("Morning Post"), v.outlets.index("Evening Star")
    claim, denial, estimate = 0, 1, 2
    assert int(v.words[wd]) == WORDS_A
    assert v.count[wd].tolist() == [2, 0, 1]
    assert v.count[mp].tolist() == [2, 0, 0]
    assert v.count[es].tolist() == [0, 2, 0]
    # two coders: per 1,000 words and share are per coder
    assert v.per_1000[wd, claim] == pytest.approx(1 / 48 * 1000)
    assert v.per_1000[wd, estimate] == pytest.approx(0.5 / 48 * 1000)
    assert v.share[wd, claim] == pytest.approx(len(LEDE) / len(TEXT_A))
    assert v.share[es, denial] == pytest.approx((len(DENIAL) + len("denied any deployment")) / 2 / len(TEXT_C))
    # first appearances (articles × coders): all in the lede here
    assert v.first[wd, claim].tolist() == [0, 2, 0]
    assert v.first[es, denial].tolist() == [0, 2, 0]
    assert v.first_label(wd, estimate) == "H 0 · L 1 · B 0"
    cells = matrix.cell_segments(inp, v, wd, claim)
    assert [(inp.docs[inp.seg_doc[i]].id, int(inp.seg_start[i])) for i in cells] == [
        (ids["A"], TEXT_A.index(LEDE))] * 2


def test_one_coder_and_a_named_list(outlets: tuple[Project, dict[str, str]]) -> None:
    project, _ = outlets
    one = matrix.outlet_code_matrix(load_input(project, coders=["ann"]))
    wd = one.outlets.index("Wire Daily")
    assert one.coders == 1
    assert one.per_1000[wd, one.codes.index("estimate")] == pytest.approx(1 / 48 * 1000)
    both = load_input(project, coders=["Ben", "Ann"])
    assert both.coder_names() == ["Ben", "Ann"] and not both.pooled
    with pytest.raises(UserError, match="no coder named 'Cy'"):
        load_input(project, coders=["Cy"])


def test_first_place_headline_and_body(tmp_path: Path) -> None:
    project = Project.create(tmp_path / "p.newscoder")
    text = "Big news\nLede here.\nBody one.\nBody two."
    doc = project.add_document(text, "Big news", source="X")[0].id
    add_segment(project, doc, "claim", "Ann", 0, 3)
    add_segment(project, doc, "claim", "Ann", text.index("Body two"), len(text))
    add_segment(project, doc, "denial", "Ann", text.index("Body one"), text.index("Body one") + 4)
    v = matrix.outlet_code_matrix(load_input(project))
    assert v.first[0].tolist() == [[1, 0, 0], [0, 0, 1]]


def test_present_here_missing_there(outlets: tuple[Project, dict[str, str]]) -> None:
    project, _ = outlets
    inp = load_input(project)
    v = presence.present_missing(inp)
    by_name = {i.name: i for i in v.items}
    assert by_name["denial"].present(v.outlets) == ["Evening Star"]
    assert by_name["denial"].missing(v.outlets) == ["Morning Post", "Wire Daily"]
    assert by_name["estimate"].present(v.outlets) == ["Wire Daily"]
    assert by_name["claim"].missing(v.outlets) == ["Evening Star"]
    assert by_name["claim"].counts == {"Morning Post": 2, "Wire Daily": 2}
    segs = presence.item_segments(inp, by_name["denial"], "Evening Star")
    assert len(segs) == 2


def test_presence_takes_a_new_kind(outlets: tuple[Project, dict[str, str]]) -> None:
    project, _ = outlets
    saved = list(presence.KINDS)
    try:
        presence.register_kind("source", lambda inp: [presence.PresenceItem("source", "Kremlin", {"Evening Star": 1},
                                                                             {"Evening Star": 1})])
        v = presence.present_missing(load_input(project))
        assert [(i.kind, i.name) for i in v.items if i.kind == "source"] == [("source", "Kremlin")]
    finally:
        presence.KINDS[:] = saved


def test_wire_story_sentences_are_shared_not_independent(outlets: tuple[Project, dict[str, str]]) -> None:
    project, ids = outlets
    inp = load_input(project)
    v = quotes.shared_and_altered(inp)
    texts = [g.text for g in v.shared]
    assert sorted(texts) == sorted([
        LEDE, "The ministry said the soldiers were trained to clear trenches and fire artillery.",
        f"“{QUOTE_A}” Blinken said."])
    for g in v.shared:
        assert g.outlets == ("Morning Post", "Wire Daily")
        assert g.identical and g.articles == 2
        assert {inp.docs[s.doc].id for s in g.spans} == {ids["A"], ids["B"]}
        for s in g.spans:
            assert inp.docs[s.doc].text[s.start:s.end] == g.text


def test_altered_quote_is_a_word_diff(outlets: tuple[Project, dict[str, str]]) -> None:
    project, _ = outlets
    inp = load_input(project)
    (q,) = quotes.shared_and_altered(inp).altered
    first, second = q.variants
    assert first.text == QUOTE_C and first.outlets == ("Evening Star",)
    assert second.text == QUOTE_A and second.outlets == ("Morning Post", "Wire Daily") and len(second.spans) == 2
    assert quotes.diff_text(second.diff) == (
        "We [-haven’t-] {+have not+} yet seen these troops [-actively engage-] {+fight against+} Ukrainian forces "
        "but we expect combat [-involvement-] in the coming days")
    for var in q.variants:
        for s in var.spans:
            assert inp.docs[s.doc].text[s.start:s.end] == var.text


def test_unrelated_quotes_with_few_shared_words_are_not_altered(tmp_path: Path) -> None:
    project = Project.create(tmp_path / "p.newscoder")
    project.add_document("“Does Russia still maintain that there are no DPRK troops in Russia?” he asked.", "One",
                         source="X")
    project.add_document("“There is evidence that there are DPRK troops in Russia,” he said.", "Two", source="Y")
    assert quotes.shared_and_altered(load_input(project)).altered == ()


def test_cooccurrence_same_sentence(outlets: tuple[Project, dict[str, str]]) -> None:
    project, ids = outlets
    inp = load_input(project)
    v = cooccurrence.cooccurrence(inp)
    assert v.codes == ("claim", "denial", "estimate")
    assert v.counts.tolist() == [[4, 0, 1], [0, 2, 0], [1, 0, 1]]
    pairs = cooccurrence.cell_pairs(inp, v, 0, 2)
    assert len(pairs) == 1
    i, j = pairs[0]
    assert inp.coders[inp.seg_coder[i]][1] == "Ann" and inp.docs[inp.seg_doc[j]].id == ids["A"]


def test_cooccurrence_counts_overlap_across_sentences(tmp_path: Path) -> None:
    project = Project.create(tmp_path / "p.newscoder")
    text = "One sentence here. Two sentence there. Three at last."
    doc = project.add_document(text, "T", source="X")[0].id
    add_segment(project, doc, "claim", "Ann", 0, text.index("Three"))  # sentences 1-2
    add_segment(project, doc, "denial", "Ann", text.index("there"), len(text))  # sentences 2-3
    add_segment(project, doc, "estimate", "Ann", text.index("Three"), len(text))  # sentence 3
    v = cooccurrence.cooccurrence(load_input(project))
    assert v.counts.tolist() == [[2, 1, 0], [1, 2, 1], [0, 1, 1]]


def test_reliability_per_outlet_matches_the_agreement_core(outlets: tuple[Project, dict[str, str]]) -> None:
    project, ids = outlets
    rep = report.compute(project, load_input(project))
    rows = {r.outlet: r for r in rep.views["reliability"].rows}
    assert rows["Wire Daily"].alpha_u is not None and rows["Morning Post"].alpha_u is not None
    assert rows["Morning Post"].documents == 1
    for outlet, doc in (("Evening Star", "C"), ("Wire Daily", "A")):
        study = load_study(project, documents=[ids[doc]])
        whole = next(r for r in compute_report(study, gamma=None).rows
                     if r.metric == "alpha_u" and r.code == "(all)" and len(r.coders) == 2)
        assert rows[outlet].alpha_u == pytest.approx(whole.value)
    assert rows["Evening Star"].alpha_u < 1.0


def test_reliability_needs_two_coders(outlets: tuple[Project, dict[str, str]]) -> None:
    project, _ = outlets
    rep = report.compute(project, load_input(project, coders=["Ann"]))
    assert all(r.alpha_u is None and "two or more coders" in r.note for r in rep.views["reliability"].rows)


def test_report_formats(outlets: tuple[Project, dict[str, str]]) -> None:
    project, _ = outlets
    rep = report.compute(project, load_input(project))
    tables = {name: rows for name, _, rows in rep.tables()}
    assert set(tables) == {"matrix", "estimates_by_outlet", "estimate_drift", "sources_by_outlet", "present_missing",
                           "shared_sentences", "altered_quotes", "timeline", "cooccurrence", "reliability"}
    import json

    data = json.loads(render.render(rep, "json"))
    assert data["methods"]["coders"] == ["Ann", "Ben"] and data["methods"]["documents"] == 3
    assert {"outlet": "Wire Daily", "code": "estimate", "segments": 1} .items() <= data["tables"]["matrix"][-1].items()
    text = render.render(rep, "table").decode()
    assert "Coders: Ann, Ben" in text and "== altered_quotes (2 rows)" in text
    csv_text = render.render(rep, "csv").decode()
    assert "table,outlet,code,segments" in csv_text


def test_html_escapes_and_references_nothing(tmp_path: Path) -> None:
    project = Project.create(tmp_path / "p.newscoder")
    doc = project.add_document("Plain words in a plain article today.", "<img src=/dev/zero>",
                               source="<script>alert(1)</script>")[0].id
    add_segment(project, doc, "claim", "Ann", 0, 5)
    html = render.render(report.compute(project, load_input(project)), "html").decode()
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    for bad in ("src=\"http", "href=\"http", "url(http", "@import", "<link", "<iframe"):
        assert bad not in html
    assert html.count("<svg") == 3 and "Coders: Ann" in html


def test_empty_project(tmp_path: Path) -> None:
    project = Project.create(tmp_path / "p.newscoder")
    rep = report.compute(project, load_input(project))
    assert all(not rows for name, _, rows in rep.tables() if name != "reliability")
    assert "<svg" in render.render(rep, "html").decode()


def test_unknown_variable(outlets: tuple[Project, dict[str, str]]) -> None:
    project, _ = outlets
    with pytest.raises(UserError, match="no variable named 'nope'"):
        load_input(project, by="nope")
    by_date = load_input(project, by="Published")
    assert by_date.outlets == ("2024-10-31", "2024-11-01") and by_date.by == "published"
    assert np.bincount(by_date.doc_outlet).tolist() == [2, 1]


def test_fast_sentence_splitter_keeps_abbreviations() -> None:
    from newscoder.core.compare.sentences import sentence_spans

    text = "Mr. Kim met U.S. officials. “It is done,” he said. J. Smith agreed! 8,000 came.\nNew line here"
    got = [text[a:b] for a, b in sentence_spans(text)]
    assert got == ["Mr. Kim met U.S. officials.", "“It is done,” he said.", "J. Smith agreed!", "8,000 came.",
                   "New line here"]


def test_the_gold_layer_is_one_more_coder(outlets: tuple[Project, dict[str, str]]) -> None:
    from newscoder.core import gold_store

    project, ids = outlets
    start = TEXT_C.index(DENIAL)
    row = {"id": "g1", "document_id": ids["C"], "code_id": project.code_by_name("denial").id,  # type: ignore[union-attr]
           "start": start, "end": start + len(DENIAL), "quote": DENIAL, "decision": "accepted", "adjudicator": "Ann",
           "reason": "", "sources": "[]", "unit_segments": "[]", "created_at": "2026-12-01T00:00:00Z",
           "updated_at": "2026-12-01T00:00:00Z", "deleted_at": None}
    gold_store.upsert_gold_rows(project, [row])
    assert load_input(project).coder_names() == ["Ann", "Ben"]  # pooled: the coders, never gold
    inp = load_input(project, coders=["gold"])
    assert inp.coder_names() == [gold_store.GOLD_CODER]
    v = matrix.outlet_code_matrix(inp)
    assert v.codes == ("denial",) and v.count[:, 0].tolist() == [1, 0, 0]
    both = load_input(project, coders=["Ann", gold_store.GOLD_CODER])
    assert both.n_segments == 5
