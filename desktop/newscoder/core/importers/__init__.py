"""Article import: .txt/.md (with front matter), .html/.htm, .docx and .pdf.

:func:`read_article` reads one file into an :class:`Article` or raises
:class:`ArticleError` naming the file and the reason. :func:`import_paths`
imports files and folders (walked recursively, sorted, hidden files skipped)
into a project in batched transactions; a bad file is reported and skipped,
and a text already in the project is never stored twice: with the same metadata it is reported as a
duplicate; with another title, source, author, date or URL it is added as another *publication* of
that document (the same wire story run by another outlet; see :mod:`newscoder.core.publications`).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newscoder.core import limits
from newscoder.core.importers.base import Article, ArticleError
from newscoder.core.importers.bulk import NewPublication, Stored, store_batch
from newscoder.core.inputs import not_regular_reason
from newscoder.core.projectfile import ProjectWriteError
from newscoder.core.records import DocumentInfo
from newscoder.core.store_publications import Publication
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
    #: files whose text was here already with other metadata: (file, the document, the new publication)
    publications: list[NewPublication] = field(default_factory=list)
    #: duplicates of a later publication of their text (not of the document's own metadata): that publication
    duplicate_of: dict[Path, Publication] = field(default_factory=dict)

    def duplicate_message(self, path: Path, info: DocumentInfo, shown_path: str) -> str:
        """``skipped FILE: duplicate of 'TITLE' (ID)``, naming the publication it repeats when not the first."""
        pub = self.duplicate_of.get(path)
        if pub is None:
            return f"skipped {shown_path}: duplicate of '{info.title}' ({info.id})"
        return (f"skipped {shown_path}: duplicate of '{pub.title}' ({pub.source or 'no source'}), "
                f"a publication of '{info.title}' ({info.id})")

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        added = f", added as publications {len(self.publications)}" if self.publications else ""
        text = f"imported {len(self.imported)}{added}, duplicates {len(self.duplicates)}, failed {len(self.failed)}"
        return text + (" (cancelled)" if self.cancelled else "")


def read_article(path: Path) -> Article:
    """Read one article file; raises :class:`ArticleError` with a clear reason."""
    path = Path(path)
    reason = not_regular_reason(path)
    if reason is not None and not path.is_dir():
        raise ArticleError(path, reason)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        kinds = ", ".join(SUPPORTED_SUFFIXES)
        what = f"'{path.suffix}'" if path.suffix else "without an extension"
        raise ArticleError(path, f"unsupported file type {what} (supported: {kinds})")
    return reader(path)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200]


def checked_article(path: Path, article: Article) -> Article:
    """The article with every field storable: no lone surrogates, within the limits.

    A file name with bytes that are not UTF-8 gives a title with U+FFFD in their
    place; a PDF glyph mapped to a lone surrogate becomes U+FFFD in the text. An
    over-long title, source, author, date or URL (taken from the file's metadata)
    is clipped with "…"; over-long front matter is refused.
    """
    fields = {
        "title": limits.MAX_TITLE, "source": limits.MAX_LINE_FIELD, "author": limits.MAX_LINE_FIELD,
        "published": limits.MAX_LINE_FIELD, "url": limits.MAX_URL,
    }
    for name, limit in fields.items():
        value = limits.scrub_surrogates(getattr(article, name))
        setattr(article, name, limits.clip(value, limit))
    article.text = limits.scrub_surrogates(article.text)
    if article.metadata:
        clean = json.loads(json.dumps(article.metadata, ensure_ascii=False).encode("utf-8", "surrogatepass")
                           .decode("utf-8", "replace"))
        if len(json.dumps(clean, ensure_ascii=False, sort_keys=True)) > limits.MAX_METADATA:
            raise ArticleError(path, f"its metadata (front matter) is longer than {limits.MAX_METADATA:,} characters")
        article.metadata = clean
    return article


def store_batch_or_each(project: Project, batch: list[tuple[Path, Article]]) -> tuple[Stored, list[tuple[Path, str]]]:
    """Store the batch in one transaction; if that fails, file by file, so one bad file costs only itself.

    A full disk, a read-only or busy file stops the import (every file would fail).
    """
    try:
        return store_batch(project, batch), []
    except ProjectWriteError as exc:
        if exc.kind != "limit":
            raise
    except (sqlite3.Error, UnicodeError, ValueError):
        pass
    stored, refused = Stored(), []
    for item in batch:
        try:
            one = store_batch(project, [item])
        except ProjectWriteError as exc:
            if exc.kind != "limit":
                raise
            refused.append((item[0], limits.limit_message(exc) or str(exc)))
        except (sqlite3.Error, UnicodeError, ValueError) as exc:
            refused.append((item[0], f"cannot be stored ({type(exc).__name__}: {_one_line(exc)})"))
        else:
            stored.extend(one)
    return stored, refused


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
        stored, refused = store_batch_or_each(project, batch)
        result.failed.extend(refused)
        for path, info in stored.imported:
            result.imported.append(info)
            result.imported_paths.append(path)
        result.duplicates.extend(stored.duplicates)
        result.publications.extend(stored.added)
        result.duplicate_of.update(stored.duplicate_of)
        batch.clear()

    for done, path in enumerate(files, start=1):
        if cancelled is not None and cancelled():
            result.cancelled = True
            break
        try:
            batch.append((path, checked_article(path, read_article(path))))
        except ArticleError as exc:
            result.failed.append((path, exc.reason))
        except (RecursionError, MemoryError) as exc:
            result.failed.append((path, f"cannot be read ({type(exc).__name__})"))
        except Exception as exc:  # noqa: BLE001 - one bad file never costs the rest of the batch
            result.failed.append((path, f"cannot be read (unexpected {type(exc).__name__}: {_one_line(exc)})"))
        if len(batch) >= BATCH_SIZE:
            flush()
        if progress is not None:
            progress(done, total, path.name)
    flush()
    return result
