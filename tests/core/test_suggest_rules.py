"""Each rule suggester on hand-built texts: exact code-point spans, reasons, silence where it should be."""

from __future__ import annotations

import pytest

from newscoder.core.errors import EditError
from newscoder.core.suggest import lexicons, rules
from newscoder.core.suggest.candidates import candidate_spans, clauses


def spans(text: str, found: list) -> list[str]:
    return [text[s.start:s.end] for s in found]


# -- estimates --------------------------------------------------------------------------
def test_hedged_number_with_counted_words() -> None:
    text = "Officials said up to 8,000 North Korean troops had arrived. Nothing else happened."
    found = rules.estimates(text, "d", "e")
    assert spans(text, found) == ["up to 8,000 North Korean troops"]
    (s,) = found
    assert s.reason == "number with hedge: up to 8,000"
    assert s.suggester == "rules.hedge/1" and s.code_id == "e" and s.document_id == "d"
    assert s.key == f"d:{s.start}:{s.end}:e"
    assert 0 < s.score <= 1


def test_written_numbers_ranges_and_hedges_after() -> None:
    text = ("Some ten thousand soldiers crossed. Between 10,000 and 12,000 people fled. "
            "About 500 or so remained. Another 3,000 or more civilians waited.")
    got = spans(text, rules.estimates(text, "d", "e"))
    assert "Some ten thousand soldiers" in got
    assert "Between 10,000 and 12,000 people" in got
    assert "About 500" in got
    assert "3,000 or more civilians" in got
    reasons = [s.reason for s in rules.estimates(text, "d", "e")]
    assert "number with hedge: 3,000 or more" in reasons and "number with hedge: About 500" in reasons


def test_bare_numbers_count_only_people_and_dates_are_not_estimates() -> None:
    text = ("On October 30, 2024 the report came out. It lists 1,200 casualties a day. "
            "Flight 370 left at 10:30 on 2024-10-31. Two men spoke.")
    found = rules.estimates(text, "d", "e")
    assert spans(text, found) == ["1,200 casualties"]
    assert found[0].score < 0.6  # a bare number is weaker evidence than a hedged one
    assert found[0].reason == "counted number: 1,200 casualties"


def test_vague_quantities() -> None:
    text = "Thousands of North Korean troops are in Russia."
    found = rules.estimates(text, "d", "e")
    assert spans(text, found) == ["Thousands of North Korean troops"]
    assert found[0].reason.startswith("vague quantity")


def test_non_ascii_offsets_are_code_points() -> None:
    text = "Çağrı 😀 said “roughly 2,500 soldiers” arrived."
    (s,) = rules.estimates(text, "d", "e")
    assert text[s.start:s.end] == "roughly 2,500 soldiers"
    assert s.start == text.index("roughly")


def test_no_numbers_no_estimates() -> None:
    assert rules.estimates("Nothing was counted here at all.", "d", "e") == []
    assert rules.estimates("", "d", "e") == []


# -- lexicons ---------------------------------------------------------------------------
def test_denial_lexicon_suggests_the_clause() -> None:
    text = ("Seoul reported new deployments on Monday. The Kremlin has dismissed the reports as “fake news,” "
            "and nothing more was said.")
    pat = lexicons.pattern(lexicons.DEFAULT["denial"])
    assert pat is not None
    found = rules.lexicon(text, "d", "den", "denial", pat)
    assert spans(text, found) == ["The Kremlin has dismissed the reports as “fake news,”"]
    assert found[0].reason == "denial word: “dismissed”, “fake news”"
    assert found[0].suggester == "rules.lexicon/1"


def test_condemnation_phrase_and_wildcards() -> None:
    pat = lexicons.pattern(["condemn*", "dangerous escalation"])
    assert pat is not None
    text = "The minister called it a dangerous escalation. Others stayed silent about it all."
    assert spans(text, rules.lexicon(text, "d", "c", "condemnation", pat)) == [
        "The minister called it a dangerous escalation"]
    text2 = "Japan strongly condemns the launch of the missile."
    assert spans(text2, rules.lexicon(text2, "d", "c", "condemnation", pat)) == [
        "Japan strongly condemns the launch of the missile"]
    # word boundaries: "condemnable" matches the wildcard, "uncondemned" does not
    assert rules.lexicon("It was uncondemned by all of them.", "d", "c", "condemnation", pat) == []


def test_lexicons_are_edited_per_project_and_checked(fresh_project) -> None:
    assert lexicons.load(fresh_project) == lexicons.DEFAULT
    saved = lexicons.save(fresh_project, {"denial": [" rebuffed ", "rebuffed", ""], "claim": ["asserts"]})
    assert saved == {"denial": ["rebuffed"], "claim": ["asserts"]}
    assert lexicons.load(fresh_project) == saved
    with pytest.raises(EditError):
        lexicons.save(fresh_project, {"denial": "deny"})
    with pytest.raises(EditError):
        lexicons.save(fresh_project, {"denial": ["x" * 201]})
    assert lexicons.load(fresh_project) == saved  # a refused edit keeps what was there


# -- attribution ------------------------------------------------------------------------
def test_quotation_with_speech_verb() -> None:
    text = "“We have not yet seen these troops in combat,” the general said on Monday."
    found = rules.attributions(text, "d", "c")
    assert spans(text, found) == ["We have not yet seen these troops in combat"]
    assert found[0].reason == "quotation with “said”"


def test_reported_speech_after_a_named_source() -> None:
    text = "Secretary Blinken said that Russia has been training the troops for weeks."
    found = rules.attributions(text, "d", "c")
    assert spans(text, found) == ["Russia has been training the troops for weeks"]
    text2 = "Most of the troops are now near the border, Pentagon officials said."
    assert spans(text2, rules.attributions(text2, "d", "c")) == ["Most of the troops are now near the border"]
    text3 = "According to the Pentagon, the troops arrived in Kursk last week."
    assert spans(text3, rules.attributions(text3, "d", "c")) == ["the troops arrived in Kursk last week"]


def test_no_speech_verb_no_claim() -> None:
    assert rules.attributions("The troops arrived in Kursk last week, by train.", "d", "c") == []


# -- candidates -------------------------------------------------------------------------
def test_candidates_are_sentences_and_clauses() -> None:
    text = "North Korea denied it; the report, which cited officials, was wrong. Short one."
    got = [text[a:b] for a, b in candidate_spans(text)]
    assert "North Korea denied it; the report, which cited officials, was wrong" in got
    assert "the report, which cited officials, was wrong" in got
    assert "Short one" in got
    assert clauses(text, 0, 5) == []


def test_lexicon_phrases_are_text_not_patterns() -> None:
    pat = lexicons.pattern(["(a+)+b", "c.*", "naïve claim", "**"])
    assert pat is not None
    text = "They said (a+)+b here. It is a naïve claim, they said. Nothing but aab and cxx in this one."
    got = [text[s.start:s.end] for s in rules.lexicon(text, "d", "c", "x", pat)]
    # the phrases match as written ("(a+)+b" literally, never "aab"; "c.*" never "cxx"); "**" matches nothing
    assert got == ["They said (a+)+b here", "It is a naïve claim"]
    assert "c.*" not in {w for s in rules.lexicon(text, "d", "c", "x", pat) for w in s.reason.split()}
    assert lexicons.pattern([]) is None and lexicons.pattern(["*", "**", " "]) is None
    assert lexicons.clean({"denial": ["**", "deny"]}) == {"denial": ["deny"]}


def test_reported_speech_starts_after_that_but_keeps_relative_clauses() -> None:
    text = "Austin added at the conference that the soldiers were being equipped with uniforms."
    assert spans(text, rules.attributions(text, "d", "c")) == ["the soldiers were being equipped with uniforms"]
    text2 = "Officials said the troops that arrived were trained in Russia."
    assert spans(text2, rules.attributions(text2, "d", "c")) == ["the troops that arrived were trained in Russia"]
    text3 = "During the press conference, Austin noted that Moscow has equipped the soldiers with gear."
    assert spans(text3, rules.attributions(text3, "d", "c")) == ["Moscow has equipped the soldiers with gear"]


def test_short_quoted_phrases_are_not_claims_and_durations_are_not_counts() -> None:
    text = "He warned they would “take necessary measures accordingly” soon, the agency said."
    assert all("quotation" not in s.reason for s in rules.attributions(text, "d", "c"))
    text2 = "The more than two-year-long conflict killed more than 500 soldiers."
    assert spans(text2, rules.estimates(text2, "d", "e")) == ["more than 500 soldiers"]


def test_every_number_of_a_sentence_is_read() -> None:
    text = ("Other reports put it slightly higher at around 11,000, while Seoul said as many as 8,000 "
            "had moved and up to 8,000 North Korean troops waited, with a dozen soldiers left behind.")
    got = spans(text, rules.estimates(text, "d", "e"))
    assert got == ["around 11,000", "as many as 8,000", "up to 8,000 North Korean troops", "a dozen soldiers"]


def test_lexicon_wildcards_cannot_make_matching_explode() -> None:
    import time

    with pytest.raises(EditError, match="more than one"):
        lexicons.clean({"denial": ["a*a*a*x"]})
    with pytest.raises(EditError, match="more than one"):
        lexicons.clean({"denial": ["ab** claims"]})
    allowed = lexicons.clean({"denial": ["a*b*", "decr*ed", "a*a a*a a*x"]})["denial"]
    pat = lexicons.pattern(allowed)
    assert pat is not None and pat.search("it was decreed").group(0) == "decreed"
    word = "a" * 20_000 + " " + "a" * 20_000
    t0 = time.perf_counter()
    assert pat.search(word) is None  # and quickly: linear in the length of the word
    assert time.perf_counter() - t0 < 2.0
