"""Article import: .txt/.md (with front matter), .html/.htm, .docx and .pdf.

:func:`read_article` reads one file into an :class:`Article` or raises
:class:`ArticleError` naming the file and the reason. :func:`import_paths`
imports files and folders (walked recursively, sorted, hidden files skipped)
into a project in batched transactions; a bad file is reported and skipped,
and a text already in the project is reported as a duplicate, never stored twice.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newscoder.core.importers.base import Article, ArticleError
from newscoder.core.importers.bulk import store_batch
from newscoder.core.records import DocumentInfo
from newscoder.core.store import Project

__all__ = [
    "Article", "ArticleError", "ImportResult", "SUPPORTED_SUFFIXES", "collect_files",
    "import_paths", "read_article",
]

#: Files per transaction.
BATCH_SIZE = 500

Reader = Callable[[Path], Article]


def _text(path: Path) -> Article:
    from newscoder.core.importers.text import read_text_article

    return read_text_article(path)


def _html(path: Path) -> Article:
    from newscoder.core.importers.html import read_html_article

    return read_html_article(path)


def _docx(path: Path) -> Article:
    from newscoder.core.importers.docx import read_docx_article

    return read_docx_article(path)


def _pdf(path: Path) -> Article:
    from newscoder.core.importers.pdf import read_pdf_article

    return read_pdf_article(path)


READERS: dict[str, Reader] = {
    ".txt": _text, ".md": _text, ".html": _html, ".htm": _html, ".docx": _docx, ".pdf": _pdf,
}
SUPPORTED_SUFFIXES = tuple(READERS)


@dataclass
class ImportResult:
    """What an import did: files imported, duplicates (file, existing doc), failures (file, reason)."""

    imported: list[DocumentInfo] = field(default_factory=list)
    duplicates: list[tuple[Path, DocumentInfo]] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)
    #: The file each imported document came from (parallel to ``imported``).
    imported_paths: list[Path] = field(default_factory=list)
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        text = f"imported {len(self.imported)}, duplicates {len(self.duplicates)}, failed {len(self.failed)}"
        return text + (" (cancelled)" if self.cancelled else "")


def read_article(path: Path) -> Article:
    """Read one article file; raises :class:`ArticleError` with a clear reason."""
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        kinds = ", ".join(SUPPORTED_SUFFIXES)
        what = f"'{path.suffix}'" if path.suffix else "without an extension"
        raise ArticleError(path, f"unsupported file type {what} (supported: {kinds})")
    return reader(path)


def _hidden(name: str) -> bool:
    return name.startswith(".")


def _walk(root: Path, failed: list[tuple[Path, str]]) -> list[Path]:
    """Supported, non-hidden files under ``root``, sorted by path (code point order)."""
    found: list[tuple[tuple[str, ...], str]] = []

    def onerror(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else root
        failed.append((where, f"cannot read the folder ({exc.strerror or exc})"))

    top = str(root)
    for dirpath, dirnames, filenames in os.walk(top, onerror=onerror):
        dirnames[:] = [d for d in dirnames if not _hidden(d)]
        rel = os.path.relpath(dirpath, top)
        parts = () if rel == os.curdir else tuple(rel.split(os.sep))
        for name in filenames:
            if not _hidden(name) and os.path.splitext(name)[1].lower() in READERS:
                found.append((parts + (name,), os.path.join(dirpath, name)))
    found.sort()
    return [Path(full) for _, full in found]


def collect_files(paths: Iterable[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Expand files and folders into the files to import, plus failures (missing paths).

    A file named twice (directly or through folders) is imported once.
    """
    files: list[Path] = []
    failed: list[tuple[Path, str]] = []
    seen: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            candidates = _walk(path, failed)
        elif path.exists() or path.is_symlink():
            candidates = [path]
        else:
            failed.append((path, "no such file or folder"))
            continue
        for candidate in candidates:
            key = os.path.normcase(os.path.abspath(candidate))
            if key not in seen:
                seen.add(key)
                files.append(candidate)
    return files, failed


def import_paths(
    project: Project,
    paths: Iterable[Path],
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportResult:
    """Import files and folders into ``project``.

    Files are read one by one (a bad one is recorded in ``failed`` and skipped)
    and stored :data:`BATCH_SIZE` at a time, each batch in one transaction.
    ``progress(done, total, name)`` is called after each file; when
    ``cancelled()`` turns true, reading stops, the files already read are
    stored, and ``result.cancelled`` is set.
    """
    files, failed = collect_files(paths)
    result = ImportResult(failed=failed)
    total = len(files)
    batch: list[tuple[Path, Article]] = []

    def flush() -> None:
        imported, duplicates = store_batch(project, batch)
        for path, info in imported:
            result.imported.append(info)
            result.imported_paths.append(path)
        result.duplicates.extend(duplicates)
        batch.clear()

    for done, path in enumerate(files, start=1):
        if cancelled is not None and cancelled():
            result.cancelled = True
            break
        try:
            batch.append((path, read_article(path)))
        except ArticleError as exc:
            result.failed.append((path, exc.reason))
        if len(batch) >= BATCH_SIZE:
            flush()
        if progress is not None:
            progress(done, total, path.name)
    flush()
    return result
