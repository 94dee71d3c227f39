"""Word (.docx) articles via python-docx, after a zip-bomb check."""

from __future__ import annotations

import zipfile
from pathlib import Path

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


def read_docx_article(path: Path) -> Article:
    check_size(path, file_size(path), MAX_FILE_BYTES)
    check_zip(path)
    import docx  # python-docx; imported late: it is slow to import

    try:
        document = docx.Document(str(path))
        text = "\n".join(p.text for p in document.paragraphs)
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
