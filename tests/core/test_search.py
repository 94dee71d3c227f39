"""Corpus search: each query kind, exact code-point offsets, the index kept current, filters, limits."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from newscoder.core import corpus, edits, projectfile
from newscoder.core.importers import import_paths
from newscoder.core.search import engine, query
from newscoder.core.search.query import QuerySyntaxError
from newscoder.core.store import Project
from newscoder.core.records import Status

EMOJI = "👩‍👩‍👧 Family news 🇺🇦: troops at the border. Café owners and cafe\u0301 staff fled.\n" \
        "Officials denied it; others dismissed the claim. Some 8,000 North Korean troops arrived."
PLAIN = "The ministry denied the report.\nAround ten thousand soldiers were seen near Kursk.\n" \
        "Kim Jong Un met officials. The troop build-up continued."


def hits(project: Project, q: str, **kw: object) -> list[tuple[str, int, int, str]]:
    result = engine.search(project, q, **kw)  # type: ignore[arg-type]
    out = []
    for h in result.hits:
        text = project.document_text(h.document_id)
        assert text[h.start:h.end] == h.text  # offsets are code points into the stored text
        assert h.left == text[max(0, h.start - engine.CONTEXT):h.start]
        assert h.right == text[h.end:h.end + engine.CONTEXT]
        out.append((h.title, h.start, h.end, h.text))
    return out


@pytest.fixture
def corpus_project(fresh_project: Project) -> Project:
    fresh_project.add_document(EMOJI, "Emoji", source="AFP", published="2024-10-05")
    fresh_project.add_document(PLAIN, "Plain", source="Reuters", published="2024-11-01")
    return fresh_project


def test_word_hit_offsets_count_code_points_past_emoji(corpus_project: Project) -> None:
    got = hits(corpus_project, "troops")
    expected = [m.start() for m in re.finditer("troops", EMOJI)]
    assert [(t, s) for t, s, _e, _x in got] == [("Emoji", p) for p in expected]
    assert all(x == "troops" for *_r, x in got)
    # a UTF-16 or UTF-8 offset would differ: the family emoji alone is 5 code points, 8 UTF-16 units
    assert expected[0] == EMOJI.index("troops") and len(EMOJI[:expected[0]].encode("utf-16-le")) // 2 > expected[0]


def test_case_and_diacritics_fold_and_combining_marks_stay_in_the_hit(corpus_project: Project) -> None:
    got = hits(corpus_project, "CAFE")
    assert [x for *_r, x in got] == ["Café", "cafe\u0301"]  # composed, and with a combining accent kept whole
    start = EMOJI.index("cafe\u0301")
    assert got[1][1:3] == (start, start + 5)


def test_phrase_prefix_and_punctuated_terms(corpus_project: Project) -> None:
    assert [x for *_r, x in hits(corpus_project, '"north korean troops"')] == ["North Korean troops"]
    assert [x for *_r, x in hits(corpus_project, "dismiss*")] == ["dismissed"]
    assert [x for *_r, x in hits(corpus_project, "troop*")] == ["troops", "troops", "troop"]
    assert [x for *_r, x in hits(corpus_project, "8,000")] == ["8,000"]
    assert [x for *_r, x in hits(corpus_project, '"kim jong"*')] == ["Kim Jong"]  # the last word is the prefix
    assert [x for *_r, x in hits(corpus_project, '"kim jong u"*')] == ["Kim Jong Un"]


def test_boolean_operators(corpus_project: Project) -> None:
    assert {t for t, *_r in hits(corpus_project, "denied AND troops")} == {"Emoji"}
    both = hits(corpus_project, "denied OR dismissed")
    assert [(t, x) for t, _s, _e, x in both] == [("Emoji", "denied"), ("Emoji", "dismissed"), ("Plain", "denied")]
    assert {t for t, *_r in hits(corpus_project, "denied NOT dismissed")} == {"Plain"}
    assert {t for t, *_r in hits(corpus_project, "denied troops")} == {"Emoji"}  # side by side is AND
    # NOT binds tighter than AND, AND tighter than OR
    assert {t for t, *_r in hits(corpus_project, "kursk OR denied NOT dismissed")} == {"Plain"}
    assert {t for t, *_r in hits(corpus_project, "(kursk OR denied) NOT dismissed")} == {"Plain"}


def test_near_spans_the_group(corpus_project: Project) -> None:
    got = hits(corpus_project, "NEAR(officials denied, 2)")
    assert [x for *_r, x in got] == ["Officials denied"]
    assert hits(corpus_project, "NEAR(family troops, 0)") == []  # one word ("news") stands between
    assert [x for *_r, x in hits(corpus_project, "NEAR(family troops,1)")] == ["Family news 🇺🇦: troops"]
    assert [x for *_r, x in hits(corpus_project, 'NEAR("north korean" arrived , 2)')] == [
        "North Korean troops arrived"]


def test_number_patterns(corpus_project: Project) -> None:
    assert [x for *_r, x in hits(corpus_project, "#troops")] == ["Some 8,000 North Korean troops"]
    assert [x for *_r, x in hits(corpus_project, "#soldiers")] == ["Around ten thousand soldiers"]
    assert hits(corpus_project, "#officials") == []


@pytest.mark.parametrize("text, hit", [
    ("Some 3,000–5,000 troops left.", "Some 3,000–5,000 troops"),
    ("An estimated 1.5 million troops.", "An estimated 1.5 million troops"),
    ("About 12 000 Russian troops.", "About 12 000 Russian troops"),
    ("Tens of thousands of troops.", "Tens of thousands of troops"),
    ("A dozen troops.", "A dozen troops"),
    ("Up to 8,000 North Korean troops.", "Up to 8,000 North Korean troops"),
    ("One troop stayed.", "One troop"),
    ("One of the troops.", None),
    ("8,000 of those troops.", None),
    ("In 2024 troops arrived.", None),
    ("Since 2022, troops have come.", None),
    ("On October 5, 2024 troops crossed.", None),
    ("By mid-2023 troops left.", None),
    ("He sent 2000 troops.", "2000 troops"),
    ("In 2,024 troops.", "2,024 troops"),
    ("2024 troops arrived.", "2024 troops"),
])
def test_number_pattern_forms(text: str, hit: str | None) -> None:
    spans = query.Matcher(query.parse("#troops")).spans(text)
    assert [text[a:b] for a, b in spans] == ([hit] if hit else [])


def test_regex_is_case_sensitive_and_offsets_exact(corpus_project: Project) -> None:
    got = hits(corpus_project, r"\d{1,3}(,\d{3})+", regex=True)
    assert [x for *_r, x in got] == ["8,000"]
    assert [x for *_r, x in hits(corpus_project, r"(?i)kim \w+", regex=True)] == ["Kim Jong"]
    assert hits(corpus_project, r"KIM", regex=True) == []
    assert hits(corpus_project, r"x*", regex=True) == []  # empty matches are no hits


def test_crlf_files_are_searched_in_their_stored_form(fresh_project: Project, tmp_path: Path) -> None:
    f = tmp_path / "crlf.txt"
    f.write_bytes(b"title: CRLF\r\n\r\nFirst line.\r\nThe troops denied it.\r\n")
    import_paths(fresh_project, [f])
    got = hits(fresh_project, "denied")
    text = fresh_project.document_text(engine.search(fresh_project, "denied").hits[0].document_id)
    assert "\r" not in text and got[0][1] == text.index("denied")


@pytest.mark.parametrize("bad, reason", [
    ("", "empty"), ('"open', "quote"), ("a AND", "ends"), ("(a", "not closed"), ("OR b", "needs a word"),
    ("NEAR(a)", "at least two"), ("NEAR(a b, x)", "distance"), ("#", "letters"), ("***", "letters"),
    ("a" * 3000, "longer"), (" ".join(["w"] * 100), "terms"),
])
def test_bad_queries_say_why(corpus_project: Project, bad: str, reason: str) -> None:
    with pytest.raises(QuerySyntaxError, match=reason):
        engine.search(corpus_project, bad)


def test_fts_syntax_in_words_is_not_injected(corpus_project: Project) -> None:
    # quotes, colons, carets and column filters in a word are tokenised, never passed to FTS5 raw
    for q in ["text:troops", "^troops", "troops -denied", "{title}", "NEAR", "AND(", "x OR"]:
        try:
            engine.search(corpus_project, q)
        except QuerySyntaxError:
            pass
    assert [x for *_r, x in hits(corpus_project, "text:troops")] == []  # "text troops" as a phrase


def test_catastrophic_regex_is_stopped_by_the_budget(fresh_project: Project) -> None:
    fresh_project.add_document("x" * 40 + "!", "Bad")
    with pytest.raises(engine.RegexError, match="ran longer"):
        engine.search(fresh_project, r"(x|xx)+y", regex=True, budget=0.2)
    with pytest.raises(engine.RegexError, match="not a valid"):
        engine.search(fresh_project, r"(unclosed", regex=True)


def test_cancel_stops_between_articles(corpus_project: Project) -> None:
    with pytest.raises(engine.SearchCancelled):
        engine.search(corpus_project, "the", cancel=lambda: True)


def test_limit_stops_early(corpus_project: Project) -> None:
    result = engine.search(corpus_project, "the", limit=2)
    assert len(result.hits) == 2 and result.truncated


def test_index_follows_inserts_and_title_edits(corpus_project: Project) -> None:
    doc, _ = corpus_project.add_document("A brand new zeppelin.", "New")
    assert [t for t, *_r in hits(corpus_project, "zeppelin")] == ["New"]
    edits.apply(corpus_project, edits.update_document(corpus_project, doc.id, title="Renamed"))
    assert [t for t, *_r in hits(corpus_project, "zeppelin")] == ["Renamed"]
    assert corpus.index_count(corpus_project) == 3
    assert corpus_project.db["documents"].detect_fts() == "documents_fts"  # sqlite-utils sees the index


def test_articles_the_index_lacks_are_still_searched_and_caught_up(corpus_project: Project) -> None:
    with corpus_project.atomic():  # another program (or an older copy) wrote an article without indexing it
        corpus_project.conn.execute(
            "INSERT INTO documents (id, content_sha256, title, text, length, imported_at) "
            "VALUES ('raw', 'h', 'Raw', 'Raw troops here.', 16, '2024-01-01T00:00:00Z')")
    assert corpus.unindexed_count(corpus_project) == 1
    assert ("Raw", 4) in [(t, s) for t, s, _e, _x in hits(corpus_project, "troops")]
    assert corpus.catch_up_index(corpus_project) == 1 and corpus.unindexed_count(corpus_project) == 0
    assert ("Raw", 4) in [(t, s) for t, s, _e, _x in hits(corpus_project, "troops")]


def test_rebuild_index_reports_progress(corpus_project: Project) -> None:
    seen: list[tuple[int, int]] = []
    assert corpus.rebuild_index(corpus_project, lambda d, t, _n: seen.append((d, t))) == 2
    assert seen[-1] == (2, 2)
    assert len(hits(corpus_project, "troops")) == 2


def test_migration_indexes_existing_articles(tmp_path: Path) -> None:
    path = tmp_path / "old.newscoder"
    projectfile.create_file(path, "old", version=2)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO documents (id, content_sha256, title, text, length, imported_at) "
                 "VALUES ('d1', 'h', 'Old', 'Old troops stood.', 17, '2024-01-01T00:00:00Z')")
    conn.commit()
    conn.close()
    with Project.open(path) as project:
        assert [(t, s) for t, s, _e, _x in hits(project, "troops")] == [("Old", 4)]


def test_filters_by_variable_status_and_code(corpus_project: Project) -> None:
    emoji = corpus_project.documents_by_title("Emoji")[0].id
    plain = corpus_project.documents_by_title("Plain")[0].id
    assert {t for t, *_r in hits(corpus_project, "denied", where=["source=afp"])} == {"Emoji"}
    assert {t for t, *_r in hits(corpus_project, "denied", where=["published=2024-11*"])} == {"Plain"}
    assert {t for t, *_r in hits(corpus_project, "denied", where=["source!=AFP"])} == {"Plain"}
    ann = corpus_project.ensure_coder("Ann")
    denial = corpus_project.code_by_name("denial")
    assert denial is not None
    edits.apply(corpus_project, edits.add_segment(corpus_project, plain, denial.id, ann.id, 0, 3))
    assert {t for t, *_r in hits(corpus_project, "denied", where=["code=denial"])} == {"Plain"}
    assert {t for t, *_r in hits(corpus_project, "denied", where=["code!=denial"])} == {"Emoji"}
    assert {t for t, *_r in hits(corpus_project, "denied", where=["status=in_progress"])} == {"Plain"}
    assert {t for t, *_r in hits(corpus_project, "denied", where=["status:Ann=not_started"])} == {"Emoji"}
    edits.apply(corpus_project, edits.set_status(corpus_project, emoji, ann.id, Status.DONE))
    assert {t for t, *_r in hits(corpus_project, "denied", where=["status=done"])} == {"Emoji"}
    for bad, why in [("colour=red", "no variable"), ("status=finished", "status is"), ("code=nope", "no code"),
                     ("status:Zed=done", "no coder"), ("nothing", "NAME=VALUE")]:
        with pytest.raises(Exception, match=why):
            engine.search(corpus_project, "denied", where=[bad])


def test_matcher_alone_on_hostile_text() -> None:
    m = query.Matcher(query.parse("a"))
    text = "\u0301a\u0301 " + "a" * 5 + " ａ A\u200db"
    spans = m.spans(text)
    assert all(text[s:e].strip() for s, e in spans)
    assert (1, 3) in spans  # a leading combining mark is a separator, a trailing one belongs to the word
