"""HTML articles: the visible text, streamed through :class:`html.parser.HTMLParser`.

The parser keeps no tree and recurses nowhere, so absurdly deep nesting costs
nothing but time. Block elements start new lines; script, style, navigation and
similar chrome are skipped. When the page has an ``<article>`` (or ``<main>``),
only its text is kept. A site name after the title ("… | TASS", "… - Reuters")
is cut off and becomes the source when the page names none (:func:`split_site_suffix`).
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser
from pathlib import Path

from newscoder.core.importers.base import (
    MAX_TEXT_BYTES,
    Article,
    ArticleError,
    check_text,
    clean_line,
    normalise_newlines,
    read_bytes,
)
from newscoder.core.importers.text import decode_text

SKIP = frozenset({
    "script", "style", "nav", "header", "footer", "aside", "noscript", "template", "svg",
    "form", "button", "iframe", "select", "canvas", "math", "object", "embed", "menu",
    "dialog",
})
BLOCK = frozenset({
    "p", "div", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt",
    "dd", "tr", "table", "blockquote", "section", "article", "main", "pre", "figcaption",
    "figure", "address", "details", "summary", "caption", "body", "html", "td", "th",
})
VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr", "param",
})
CONTENT = frozenset({"article", "main"})
_META_FIELDS = {
    "author": "author", "article:author": "author", "og:site_name": "source",
    "article:published_time": "published", "date": "published", "pubdate": "published",
    "og:url": "url",
}
#: Largest .html file read; larger pages are refused as too large.
MAX_HTML_BYTES = MAX_TEXT_BYTES
#: Longest tag (from ``<`` to ``>``) parsed as a tag.
MAX_TAG_CHARS = 64 * 1024
#: At most this many tags in one page (each costs the parser some microseconds).
MAX_TAGS = 1_000_000
#: Stands for a text ``<`` while parsing (a noncharacter, restored afterwards).
TEXT_LT = "\ufdd0"
_LONE_LT = re.compile(r"<(?![A-Za-z/!?])")
_LONG_TAG = re.compile(rf"<[^<>]{{{MAX_TAG_CHARS},}}>")
_LONG_OPEN = re.compile(rf"<(?=[^<>]{{{MAX_TAG_CHARS},}}(?:<|\Z))")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_stack: list[str] = []  # open SKIP elements, innermost last
        self.content_depth = 0
        self.in_title = False
        self.pre_depth = 0
        self.title_parts: list[str] = []
        self.lines: list[str] = []  # all visible lines
        self.content_lines: list[str] = []  # lines inside <article>/<main>
        self.current: list[str] = []
        self.current_in_content = False
        self.fields: dict[str, str] = {}

    # -- lines -----------------------------------------------------------
    def _break(self) -> None:
        if not self.current:
            return
        raw = "".join(self.current)
        self.current = []
        for piece in raw.split("\n") if self.pre_depth else [raw]:
            line = piece.rstrip() if self.pre_depth else clean_line(piece)
            if line.strip():
                self.lines.append(line)
                if self.current_in_content:
                    self.content_lines.append(line)

    # -- parser callbacks ------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            self._meta(dict(attrs))
            return
        if tag == "link":
            a = dict(attrs)
            if (a.get("rel") or "").lower() == "canonical" and a.get("href"):
                self.fields.setdefault("url", a["href"] or "")
            return
        if tag == "title":
            self.in_title = True
            return
        if self.skip_stack:
            if tag in SKIP:
                self.skip_stack.append(tag)
            return
        if tag in SKIP:
            self.skip_stack.append(tag)
            self._break()
            return
        if tag in BLOCK:
            self._break()
        if tag == "pre":
            self.pre_depth += 1
        if tag in CONTENT:
            self.content_depth += 1
            self.current_in_content = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("meta", "link"):
            self.handle_starttag(tag, attrs)
        elif tag in BLOCK and not self.skip_stack:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
            return
        if self.skip_stack:
            if tag in self.skip_stack:
                while self.skip_stack and self.skip_stack.pop() != tag:
                    pass
            return
        if tag in BLOCK:
            self._break()
        if tag == "pre" and self.pre_depth:
            self.pre_depth -= 1
        if tag in CONTENT and self.content_depth:
            self.content_depth -= 1
            self.current_in_content = self.content_depth > 0

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
            return
        if self.skip_stack:
            return
        if not self.current:
            self.current_in_content = self.content_depth > 0
        self.current.append(data)

    def _meta(self, attrs: dict[str, str | None]) -> None:
        key = (attrs.get("name") or attrs.get("property") or "").lower()
        field = _META_FIELDS.get(key)
        content = clean_line(attrs.get("content") or "")
        if field and content:
            self.fields.setdefault(field, content)

    def finish(self) -> None:
        self.close()
        self._break()


def decode_html(path: Path, data: bytes) -> str:
    """UTF-8, or the charset the page declares in a ``<meta>`` (decoded strictly)."""
    try:
        return decode_text(path, data)
    except ArticleError as exc:
        match = _CHARSET.search(data[:4096])
        if not match or "UTF-8" not in exc.reason:
            raise
        name = match.group(1).decode("ascii", "replace")
        try:
            info = codecs.lookup(name)
        except LookupError:
            raise ArticleError(path, f"the page declares an unknown charset '{name}'") from None
        if not getattr(info, "_is_text_encoding", True):  # rot13, base64, zlib_codec...
            raise ArticleError(path, f"the page declares the charset '{name}', which is not a text encoding") from exc
        codec = info.name
        if codec in ("utf-8", "utf-8-sig"):
            raise
        try:
            return data.decode(codec)
        except UnicodeDecodeError as inner:
            raise ArticleError(
                path, f"not valid {name} text (byte 0x{data[inner.start]:02x} at offset {inner.start})"
            ) from None


def defuse_long_tags(markup: str, lt: str = "&lt;") -> str:
    """Neutralise what makes HTMLParser crawl (linear, in C).

    A ``<`` that cannot start markup is text: ``lt`` (the parser would take
    each one on its own). A tag longer than :data:`MAX_TAG_CHARS` (e.g. an
    inlined image) is dropped; a ``<`` followed by that many characters
    without any ``>`` is text too. ``lt`` is ``&lt;`` or :data:`TEXT_LT`.
    """
    markup = _LONE_LT.sub(lt, markup)
    if len(markup) <= MAX_TAG_CHARS:
        return markup
    return _LONG_OPEN.sub(lt, _LONG_TAG.sub("", markup))


_SEPARATORS = (" | ", " — ", " – ", " - ", " :: ", " · ")
#: A site name has at most this many words...
MAX_SITE_WORDS = 4
#: ...and the headline left without it at least this many.
MIN_HEADLINE_WORDS = 3


def _looks_like_site(name: str) -> bool:
    """``Reuters``, ``AFP``, ``The Moscow Times``, ``RIA Novosti``, ``BBC.com``: short, each word capitalised."""
    words = name.split()
    return 0 < len(words) <= MAX_SITE_WORDS and all(w[0].isupper() or w[0].isdigit() for w in words)


def split_site_suffix(title: str, site: str = "") -> tuple[str, str]:
    """``("Troops move north", "TASS")`` from ``"Troops move north | TASS"``; ``(title, "")`` if there is none.

    The last part after `` | ``, `` - ``, `` – ``, `` — ``, `` :: `` or `` · `` is the site when it equals
    ``site`` (the page's ``og:site_name``), or when it looks like a name (at most four capitalised words)
    and leaves a headline of at least three words. "Russia - Ukraine talks resume" keeps its dash.
    """
    best: tuple[int, str] | None = None
    for sep in _SEPARATORS:
        at = title.rfind(sep)
        if at > 0 and (best is None or at > best[0]):
            best = (at, sep)
    if best is None:
        return title, ""
    at, sep = best
    head, tail = title[:at].strip(), title[at + len(sep):].strip()
    if not head or not tail:
        return title, ""
    if site and tail.casefold() == site.casefold():
        return head, tail
    if _looks_like_site(tail) and sum(any(c.isalnum() for c in w) for w in head.split()) >= MIN_HEADLINE_WORDS:
        return head, tail
    return title, ""


def read_html_article(path: Path) -> Article:
    data = read_bytes(path, MAX_HTML_BYTES)
    markup = decode_html(path, data)
    lt = TEXT_LT if TEXT_LT not in markup else "&lt;"  # a character is cheaper than a reference
    markup = defuse_long_tags(markup, lt)
    tags = markup.count("<")
    if tags > MAX_TAGS:
        raise ArticleError(path, f"too many HTML tags ({tags:,}; the limit is {MAX_TAGS:,})")
    parser = _TextExtractor()
    parser.feed(markup)  # in one piece: feeding chunks rescans an unclosed tag each time
    parser.finish()
    lines = parser.content_lines or parser.lines
    text = normalise_newlines("\n".join(lines))
    if lt == TEXT_LT:
        text = text.replace(TEXT_LT, "<")
        fields = {k: v.replace(TEXT_LT, "<") for k, v in parser.fields.items()}
        title = "".join(parser.title_parts).replace(TEXT_LT, "<")
    else:
        fields, title = parser.fields, "".join(parser.title_parts)
    check_text(path, text)
    title, site = split_site_suffix(clean_line(title), fields.get("source", ""))
    return Article(
        text=text,
        title=title or path.stem,
        source=fields.get("source", "") or site,
        author=fields.get("author", ""),
        published=fields.get("published", ""),
        url=fields.get("url", ""),
    )
