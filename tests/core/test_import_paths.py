"""import_paths: folders, duplicates, batches, progress, cancelling, the sample articles."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from tests.conftest import SAMPLE_ARTICLES, SHARED
from newscoder.core import importers
from newscoder.core.importers import collect_files, import_paths
from newscoder.core.store import Project, content_hash


def make_tree(root: Path) -> list[str]:
    """A folder tree; returns the relative paths that should be imported, in order."""
    files = {
        "b.txt": "bee\n",
        "a.md": "ay\n",
        "sub/z.txt": "zed\n",
        "sub/deeper/c.html": "<p>see</p>",
        "Sub2/d.TXT": "dee\n",
        "sub/notes.rtf": "skipped silently",
        "sub/image.png": "skipped silently",
        "README": "no extension: skipped",
        ".hidden.txt": "hidden file: skipped",
        ".git/config.txt": "hidden folder: skipped",
        "sub/.cache/x.txt": "hidden folder: skipped",
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return ["Sub2/d.TXT", "a.md", "b.txt", "sub/deeper/c.html", "sub/z.txt"]


def test_directory_walk_is_sorted_and_skips(tmp_path: Path) -> None:
    expected = make_tree(tmp_path / "in")
    files, failed = collect_files([tmp_path / "in"])
    assert failed == []
    assert [p.relative_to(tmp_path / "in").as_posix() for p in files] == expected


def test_walk_imports_in_order(tmp_path: Path, fresh_project: Project) -> None:
    make_tree(tmp_path / "in")
    result = import_paths(fresh_project, [tmp_path / "in"])
    assert [d.title for d in result.imported] == ["d", "a", "b", "c", "z"]
    assert [p.name for p in result.imported_paths] == ["d.TXT", "a.md", "b.txt", "c.html", "z.txt"]
    assert result.failed == [] and result.duplicates == []


@pytest.mark.parametrize(("name", "reason"), [("notes.rtf", "unsupported file type '.rtf'"),
                                               ("README", "unsupported file type without an extension")])
def test_explicit_unsupported_file_is_an_error(tmp_path: Path, fresh_project: Project, name: str, reason: str) -> None:
    path = tmp_path / name
    path.write_text("text", encoding="utf-8")
    result = import_paths(fresh_project, [path])
    assert len(result.failed) == 1 and result.failed[0][0] == path
    assert result.failed[0][1].startswith(reason)


def test_explicit_hidden_file_is_imported(tmp_path: Path, fresh_project: Project) -> None:
    path = tmp_path / ".draft.txt"
    path.write_text("draft\n", encoding="utf-8")
    assert [d.title for d in import_paths(fresh_project, [path]).imported] == [".draft"]


def test_missing_path_fails_but_others_import(tmp_path: Path, fresh_project: Project) -> None:
    good = tmp_path / "good.txt"
    good.write_text("good\n", encoding="utf-8")
    missing = tmp_path / "nope.txt"
    result = import_paths(fresh_project, [missing, good])
    assert result.failed == [(missing, "no such file or folder")]
    assert [d.title for d in result.imported] == ["good"]


def test_same_file_twice_in_one_call_is_read_once(tmp_path: Path, fresh_project: Project) -> None:
    path = tmp_path / "a.txt"
    path.write_text("a\n", encoding="utf-8")
    result = import_paths(fresh_project, [path, tmp_path, path])
    assert len(result.imported) == 1 and result.duplicates == []


def test_same_text_with_other_metadata_is_a_publication_and_same_metadata_a_duplicate(
        tmp_path: Path, fresh_project: Project) -> None:
    """Issue 13: the same body under another title is another publication of the one document;
    importing the folder again adds nothing and reports every file as a duplicate."""
    (tmp_path / "one.txt").write_text("---\ntitle: First\n---\nSame body.\n", encoding="utf-8")
    (tmp_path / "two.txt").write_text("---\ntitle: Second\n---\nSame body.\n", encoding="utf-8")
    (tmp_path / "three.txt").write_bytes(b"Same body.\r\n")
    result = import_paths(fresh_project, [tmp_path])
    assert [d.title for d in result.imported] == ["First"]
    first = result.imported[0]
    assert result.duplicates == []
    assert [(p.name, d.id, pub.title, n) for p, d, pub, n in result.publications] == [
        ("three.txt", first.id, "three", 2), ("two.txt", first.id, "Second", 3),
    ]
    assert result.publications[0].message("three.txt") == (
        f"added three.txt as the second publication of 'First' ({first.id}): no source")
    assert result.summary() == "imported 1, added as publications 2, duplicates 0, failed 0"
    again = import_paths(fresh_project, [tmp_path])
    assert again.imported == [] and again.publications == [] and len(again.duplicates) == 3
    assert all(d == first for _, d in again.duplicates)
    assert len(fresh_project.documents()) == 1


@pytest.mark.parametrize("batch_size", [1, 3, 500])
def test_batches_store_everything(tmp_path: Path, fresh_project: Project, monkeypatch: pytest.MonkeyPatch,
                                  batch_size: int) -> None:
    monkeypatch.setattr(importers, "BATCH_SIZE", batch_size)
    for i in range(10):
        (tmp_path / f"{i:02}.txt").write_text(f"article {i % 7}\n", encoding="utf-8")
    result = import_paths(fresh_project, [tmp_path])
    # files 07-09 repeat the texts of 00-02 under other titles (their file names): other publications
    assert len(result.imported) == 7 and len(result.publications) == 3 and result.duplicates == []
    assert sorted(p.path.name for p in result.publications) == ["07.txt", "08.txt", "09.txt"]
    again = import_paths(fresh_project, [tmp_path])
    assert len(again.duplicates) == 10 and not again.imported and not again.publications
    stored = {d.id: d for d in fresh_project.documents()}
    assert set(stored) == {d.id for d in result.imported}
    for info in result.imported:
        assert stored[info.id] == info
        assert content_hash(fresh_project.document_text(info.id)) == info.content_sha256


def test_progress_is_called_per_file(tmp_path: Path, fresh_project: Project) -> None:
    make_tree(tmp_path)
    calls: list[tuple[int, int, str]] = []
    import_paths(fresh_project, [tmp_path], progress=lambda d, t, n: calls.append((d, t, n)))
    assert calls == [(1, 5, "d.TXT"), (2, 5, "a.md"), (3, 5, "b.txt"), (4, 5, "c.html"), (5, 5, "z.txt")]


def test_cancel_stops_and_keeps_what_was_read(tmp_path: Path, fresh_project: Project) -> None:
    for i in range(6):
        (tmp_path / f"{i}.txt").write_text(f"text {i}\n", encoding="utf-8")
    seen: list[int] = []
    result = import_paths(
        fresh_project, [tmp_path], progress=lambda d, t, n: seen.append(d), cancelled=lambda: len(seen) >= 2
    )
    assert result.cancelled
    assert [d.title for d in result.imported] == ["0", "1"]
    assert len(fresh_project.documents()) == 2


def test_worker_thread_with_its_own_connection(tmp_path: Path, fresh_project: Project) -> None:
    for i in range(20):
        (tmp_path / f"{i}.txt").write_text(f"text {i}\n", encoding="utf-8")
    results = []

    def work() -> None:
        with Project.open(fresh_project.path) as mine:
            results.append(import_paths(mine, [tmp_path]))

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    assert len(results[0].imported) == 20
    assert len(fresh_project.documents()) == 20


def test_sample_articles_import_once(fresh_project: Project) -> None:
    first = import_paths(fresh_project, [SAMPLE_ARTICLES])
    assert (len(first.imported), len(first.duplicates), len(first.failed)) == (5, 0, 0)
    again = import_paths(fresh_project, [SAMPLE_ARTICLES])
    assert (len(again.imported), len(again.duplicates), len(again.failed)) == (0, 5, 0)
    assert len(fresh_project.documents()) == 5


SAMPLES = sorted(SAMPLE_ARTICLES.glob("*.txt"))


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_sample_body_is_byte_identical_to_seed(fresh_project: Project, sample: Path) -> None:
    result = import_paths(fresh_project, [sample])
    info = result.imported[0]
    seed = SHARED / "seed_articles" / info.metadata["seed"]
    assert fresh_project.document_text(info.id).encode("utf-8") == seed.read_bytes()
    assert info.title and info.title != sample.stem


def test_sample_project_fixture(sample_project: Project) -> None:
    docs = sample_project.documents()
    assert len(docs) == 5
    assert {d.metadata["seed"] for d in docs} == {p.name for p in (SHARED / "seed_articles").glob("*.txt")}
    assert {d.source for d in docs} == {"", "AFP", "VOA"}


@pytest.mark.parametrize("name", ["pipe.txt", "pipe.docx", "pipe.pdf", "pipe.html"])
def test_named_pipe_is_refused_not_waited_on(tmp_path: Path, fresh_project: Project, name: str) -> None:
    pipe = tmp_path / name
    os.mkfifo(pipe)
    result = import_paths(fresh_project, [tmp_path])
    assert result.failed == [(pipe, "is a FIFO (named pipe), not a regular file; refused")]


def test_broken_symlink_in_folder(tmp_path: Path, fresh_project: Project) -> None:
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "ok.txt").write_text("ok\n", encoding="utf-8")
    result = import_paths(fresh_project, [tmp_path])
    assert result.failed == [(tmp_path / "gone.txt", "no such file")]
    assert [d.title for d in result.imported] == ["ok"]
