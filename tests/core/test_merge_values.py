"""Issue 14: a merge brings variable values for the articles both projects hold; a different value is a
conflict (ours stay), never silently overwritten. Real files, the real CLI (``python -m newscoder merge``)."""

from __future__ import annotations

import json
from pathlib import Path

from newscoder.core import corpus
from newscoder.core.edits import apply
from newscoder.core.store import Project
from newscoder.core.variables import define, set_values
from tests.core.safety_fixtures import cli

TEXT = "Officials said about 8,000 troops crossed the border on Monday."
OTHER = "A second article that only one of the projects holds at first."


def _project(path: Path, values: dict[str, str], *, source: str = "AFP", published: str = "",
             defs: tuple[tuple[str, str, tuple[str, ...]], ...] = ()) -> str:
    with Project.create(path) as p:
        doc, _ = p.add_document(TEXT, "Troops cross", source=source, published=published)
        p.add_document(OTHER, "Other article")
        for name, kind, choices in defs:
            apply(p, define(p, name, kind, choices))
        if values:
            apply(p, set_values(p, {doc.id: values}))
        return doc.id


def _row(path: Path, title: str = "Troops cross") -> corpus.DocRow:
    with Project.open(path) as p:
        return next(r for r in corpus.document_rows(p) if r.title == title)


DEFS = (("troops", "number", ()), ("leaning", "choice", ("left", "centre", "right")))


def test_values_added_same_is_no_op_different_is_a_conflict(tmp_path: Path) -> None:
    ours, theirs = tmp_path / "ours.newscoder", tmp_path / "theirs.newscoder"
    _project(ours, {"leaning": "left", "Country": "Chad"}, defs=DEFS)
    _project(theirs, {"troops": "8,000", "leaning": "right", "country": "Chad", "region": "Sahel"},
             published="2024-10-03", source="Reuters", defs=DEFS)
    dry = cli("merge", "-p", ours, theirs, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "variable values added to articles both hold: 3" in dry.stdout
    before = _row(ours)
    assert before.metadata == {"leaning": "left", "Country": "Chad"} and before.published == ""  # nothing written
    done = cli("merge", "-p", ours, theirs)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "    + Troops cross: published = 2024-10-03" in out
    assert "    + Troops cross: troops = 8000" in out and "    + Troops cross: region = Sahel" in out
    assert "conflict: article 'Troops cross' (" in out
    assert "variable 'leaning' is 'right' there and 'left' here; ours stays" in out
    assert "variable 'source' is 'Reuters' there and 'AFP' here; ours stays" in out
    assert "Country" not in out.replace("country", "")  # the same value (another spelling of the name): no-op
    after = _row(ours)
    assert after.metadata == {"leaning": "left", "Country": "Chad", "troops": "8000", "region": "Sahel"}
    assert after.published == "2024-10-03" and after.source == "AFP"  # ours stays, theirs added where we had none
    again = cli("merge", "-p", ours, theirs)
    assert again.returncode == 0, again.stderr
    assert "variable values added" not in again.stdout  # a second merge adds nothing
    assert "variable 'leaning' is 'right' there and 'left' here; ours stays" in again.stdout  # still reported
    assert _row(ours).metadata == after.metadata


def test_a_value_that_does_not_fit_our_type_is_skipped(tmp_path: Path) -> None:
    ours, theirs = tmp_path / "ours.newscoder", tmp_path / "theirs.newscoder"
    _project(ours, {}, defs=DEFS)
    _project(theirs, {"troops": "several thousand", "leaning": "far right", "when": "2024"})  # no definitions there
    done = cli("merge", "-p", ours, theirs)
    assert done.returncode == 0, done.stderr
    assert "skipped: article 'Troops cross' (" in done.stdout
    assert "troops: 'several thousand' is not a number; not merged" in done.stdout
    assert "leaning: 'far right' is not one of left, centre, right; not merged" in done.stdout
    assert _row(ours).metadata == {"when": "2024"}


def test_front_matter_values_that_are_not_text_keep_their_type(tmp_path: Path) -> None:
    ours, theirs = tmp_path / "ours.newscoder", tmp_path / "theirs.newscoder"
    _project(ours, {})
    _project(theirs, {})
    with Project.open(theirs) as p:  # as a front-matter import may leave them: a number and a list
        with p.atomic():
            p.conn.execute("UPDATE documents SET metadata = ? WHERE title = 'Troops cross'",
                           (json.dumps({"pages": 3, "tags": ["a", "b"]}),))
    done = cli("merge", "-p", ours, theirs)
    assert done.returncode == 0, done.stderr
    assert _row(ours).metadata == {"pages": 3, "tags": ["a", "b"]}
    assert cli("merge", "-p", ours, theirs).stdout.count("conflict") == 0


def test_a_coder_copy_may_not_set_or_change_article_variables(tmp_path: Path) -> None:
    lead = tmp_path / "lead.newscoder"
    _project(lead, {"leaning": "left"}, defs=DEFS)
    copy = tmp_path / "ana.newscoder"
    made = cli("export", "copy", "-p", lead, "--coder", "Ana", "-o", copy)
    assert made.returncode == 0, made.stderr
    with Project.open(copy) as p:
        doc = next(r for r in corpus.document_rows(p) if r.title == "Troops cross")
        apply(p, set_values(p, {doc.id: {"leaning": "right", "troops": "500", "published": "2024-10-01"}}))
    result = cli("merge", "-p", lead, copy)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "skipped: article 'Troops cross' (" in out
    assert "variable 'troops' = '500': a coder copy may not set article variables" in out
    assert "variable 'published' = '2024-10-01': a coder copy may not set article variables" in out
    assert "variable 'leaning' is 'right' there and 'left' here; ours stays" in out
    assert "variable values added" not in out
    row = _row(lead)
    assert row.metadata == {"leaning": "left"} and row.published == ""


def test_the_windows_merge_report_names_the_conflict(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from newscoder.ui.dialogs.exchange_actions import ReportDialog, run_merge
    from tests.ui.dialog_fixtures import ModalAnswerer

    ours, theirs = tmp_path / "ours.newscoder", tmp_path / "theirs.newscoder"
    _project(ours, {"leaning": "left"}, defs=DEFS)
    _project(theirs, {"leaning": "centre", "troops": "12"}, defs=DEFS)
    answerer = ModalAnswerer()
    merged = run_merge(None, ours, [theirs])
    answerer.stop()
    assert merged is not None and merged[0].values_added == ["Troops cross: troops = 12"]
    texts = [w.text.toPlainText() for w in answerer.seen if isinstance(w, ReportDialog)]
    assert texts[0].startswith("Would merge") and texts[1].startswith("Merged")
    for text in texts:
        assert "variable 'leaning' is 'centre' there and 'left' here; ours stays" in text
        assert "+ Troops cross: troops = 12" in text
