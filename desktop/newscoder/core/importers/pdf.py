"""PDF articles with a text layer, via pypdf."""

from __future__ import annotations

import logging
from pathlib import Path

from newscoder.core.limits import scrub_surrogates
from newscoder.core.importers.base import (
    MAX_FILE_BYTES,
    Article,
    ArticleError,
    check_size,
    check_text,
    file_size,
    clean_line,
    normalise_newlines,
)

MAX_PAGES = 5000


def read_pdf_article(path: Path) -> Article:
    check_size(path, file_size(path), MAX_FILE_BYTES)
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        with path.open("rb") as fh:
            if fh.read(1024).find(b"%PDF-") < 0:
                raise ArticleError(path, "not a PDF file (no %PDF header)")
            fh.seek(0)
            reader = PdfReader(fh)
            if reader.is_encrypted and not reader.decrypt(""):
                raise ArticleError(path, "the PDF is password-protected")
            if len(reader.pages) > MAX_PAGES:
                raise ArticleError(path, f"too many pages ({len(reader.pages)}; the limit is {MAX_PAGES})")
            pages = [page.extract_text() or "" for page in reader.pages]
            info = reader.metadata
            title = str(info.title or "") if info else ""
            author = str(info.author or "") if info else ""
    except ArticleError:
        raise
    except PermissionError:
        raise ArticleError(path, "cannot read the file (permission denied)") from None
    except Exception as exc:  # noqa: BLE001 - a hostile file may break the parser in any way
        raise ArticleError(path, f"not a readable PDF ({type(exc).__name__}: {clean_line(str(exc))[:100]})") from None
    text = normalise_newlines("\n".join(p.rstrip("\n") for p in pages)).replace("\x00", "")
    text = scrub_surrogates(text)  # a glyph mapped to a lone surrogate: U+FFFD, not a lost batch
    if not text.strip():
        raise ArticleError(path, "PDF has no text layer (scanned?)")
    check_text(path, text)
    return Article(
        text=text, title=clean_line(scrub_surrogates(title)) or path.stem, author=clean_line(scrub_surrogates(author))
    )
