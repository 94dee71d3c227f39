"""Word (.docx) articles via python-docx, after a zip-bomb check.

The text is the body in document order: each paragraph a line, each table row
a line with its cells separated by tabs (a merged cell once, a cell's own
paragraphs and nested tables joined by spaces).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from newscoder.core.importers.base import (
    MAX_FILE_BYTES,
    Article,
    ArticleError,
    check_size,
    check_text,
    file_size,
    clean_line,
    mb,
    normalise_newlines,
)

#: Refuse a .docx whose parts would unpack to more than this in total...
MAX_UNCOMPRESSED = 200 * 1024 * 1024
#: ...or whose large parts are compressed more than this many times over.
MAX_RATIO = 200
MAX_MEMBERS = 10_000
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL = _W + "p", _W + "tbl"
#: Tables nested deeper than this are read as plain words.
MAX_TABLE_DEPTH = 16


def check_zip(path: Path) -> None:
    """Refuse files that are not zips, or zips that would unpack to absurd sizes."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile:
        raise ArticleError(path, "not a valid .docx file (it is not a zip archive)") from None
    except OSError as exc:
        raise ArticleError(path, f"cannot read the file ({exc.strerror or exc})") from None
    if len(infos) > MAX_MEMBERS:
        raise ArticleError(path, f"refused: the .docx holds {len(infos)} parts (zip bomb?)")
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        raise ArticleError(
            path, f"refused: the .docx would unpack to {mb(total)} from {mb(packed)} (zip bomb?)"
        )
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ArticleError(
                path,
                f"refused: part {info.filename} is compressed {info.file_size // max(info.compress_size, 1)}"
                f" times over (zip bomb?)",
            )


def _cell_text(cell: Any, depth: int) -> str:
    """A table cell on one line: its paragraphs (and any nested table) joined by spaces."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    if depth > MAX_TABLE_DEPTH:  # absurd nesting (a hostile file): the words, without recursion
        return " ".join("".join(t.text or "" for t in cell._tc.iter(_W + "t")).split())
    parts: list[str] = []
    for child in cell._tc.iterchildren():
        if child.tag == _P:
            parts.append(Paragraph(child, cell).text)
        elif child.tag == _TBL:
            parts.extend(" ".join(_row_cells(row, depth + 1)) for row in Table(child, cell).rows)
    return " ".join(" ".join(parts).split())


def _row_cells(row: Any, depth: int = 0) -> list[str]:
    """The texts of a row's cells (each ``<w:tc>`` once: a cell merged across columns is one cell)."""
    from docx.table import _Cell

    return [_cell_text(_Cell(tc, row), depth) for tc in row._tr.tc_lst]


def body_lines(document: Any) -> list[str]:
    """The body in document order: a paragraph is a line; a table row is a line of tab-separated cells."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == _P:
            lines.append(Paragraph(child, document).text)
        elif child.tag == _TBL:
            rows = ["\t".join(_row_cells(row)) for row in Table(child, document).rows]
            lines.extend(row for row in rows if row.strip())
    return lines


def read_docx_article(path: Path) -> Article:
    """Paragraphs and tables, in document order (tables as tab-separated lines, one per row)."""
    check_size(path, file_size(path), MAX_FILE_BYTES)
    check_zip(path)
    import docx  # python-docx; imported late: it is slow to import

    try:
        document = docx.Document(str(path))
        text = "\n".join(body_lines(document))
        props = document.core_properties
        title, author = props.title or "", props.author or ""
    except ArticleError:
        raise
    except Exception as exc:  # noqa: BLE001 - a hostile file may break the parser in any way
        raise ArticleError(
            path, f"not a readable .docx file ({type(exc).__name__}: {clean_line(str(exc))[:100]})"
        ) from None
    text = normalise_newlines(text)
    check_text(path, text)
    return Article(text=text, title=clean_line(title) or path.stem, author=clean_line(author))
