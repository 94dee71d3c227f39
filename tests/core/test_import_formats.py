"""HTML, .docx and .pdf articles: text, title and fields."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO
from newscoder.core.importers import ArticleError, import_paths, read_article
from newscoder.core.store import Project

ARTICLES = REPO / "tests" / "data" / "articles"


def _builders() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_articles", ARTICLES / "make_articles.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make = _builders()


def test_committed_pdf_fixture() -> None:
    article = read_article(ARTICLES / "report.pdf")
    assert article.text == "\n".join(make.PDF_LINES)
    assert article.title == "Troops move north"
    assert article.author == "Jane Roe"


def test_committed_docx_fixture() -> None:
    article = read_article(ARTICLES / "memo.docx")
    assert article.text == "\n".join(make.DOCX_PARAGRAPHS)
    assert article.title == "Kyiv claims"
    assert article.author == "Ann Author"


@pytest.mark.parametrize("compress", [False, True])
@pytest.mark.parametrize(("title", "expected_title"), [("", "scan-2024"), ("A  PDF\ttitle", "A PDF title")])
def test_pdf_text_and_title(tmp_path: Path, compress: bool, title: str, expected_title: str) -> None:
    path = tmp_path / "scan-2024.pdf"
    path.write_bytes(make.build_pdf(["First (line)", "Second \\ line"], title=title, compress=compress))
    article = read_article(path)
    assert article.text == "First (line)\nSecond \\ line"
    assert article.title == expected_title


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(make.build_pdf([]))
    with pytest.raises(ArticleError) as info:
        read_article(path)
    assert info.value.reason == "PDF has no text layer (scanned?)"


@pytest.mark.parametrize(
    ("paragraphs", "title", "author", "expected_title"),
    [
        (["One.", "Two."], "", "", "letter"),
        (["Line\nwith a break", "next"], "Core title", "Ed Itor", "Core title"),
    ],
)
def test_docx(tmp_path: Path, paragraphs: list[str], title: str, author: str, expected_title: str) -> None:
    path = make.build_docx(tmp_path / "letter.docx", paragraphs, title=title, author=author)
    article = read_article(path)
    assert "\r" not in article.text
    assert article.text == "\n".join(paragraphs)
    assert article.title == expected_title
    assert article.author == author


def test_empty_docx_is_refused(tmp_path: Path) -> None:
    path = make.build_docx(tmp_path / "blank.docx", [""])
    with pytest.raises(ArticleError, match="no article text"):
        read_article(path)


HTML = """<!DOCTYPE html>
<html><head><title>  Troops
  near the border </title>
<meta name="author" content="Ann Reporter">
<meta property="og:site_name" content="Daily Bugle">
<meta property="article:published_time" content="2024-10-31T10:00:00Z">
<link rel="canonical" href="https://example.org/troops">
<style>p { color: red }</style><script>var x = "<p>not text</p>";</script>
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<header>Site header</header>
<h1>Troops near the border</h1>
<p>First   paragraph,
wrapped &amp; <b>bold</b>.</p>
<div>Second<br>third</div>
<ul><li>one</li><li>two</li></ul>
<noscript>enable js</noscript>
<aside>Related stories</aside>
<footer>Copyright</footer>
</body></html>"""


@pytest.mark.parametrize("suffix", [".html", ".htm", ".HTML"])
def test_html_visible_text(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"page{suffix}"
    path.write_text(HTML, encoding="utf-8")
    article = read_article(path)
    assert article.text == (
        "Troops near the border\nFirst paragraph, wrapped & bold.\nSecond\nthird\none\ntwo"
    )
    assert article.title == "Troops near the border"
    assert article.author == "Ann Reporter"
    assert article.source == "Daily Bugle"
    assert article.published == "2024-10-31T10:00:00Z"
    assert article.url == "https://example.org/troops"


def test_html_prefers_article_element(tmp_path: Path) -> None:
    path = tmp_path / "a.html"
    path.write_text(
        "<body><div>Menu</div><article><p>Body one.</p><p>Body two.</p></article><div>More</div></body>",
        encoding="utf-8",
    )
    article = read_article(path)
    assert article.text == "Body one.\nBody two."
    assert article.title == "a"


def test_html_pre_keeps_lines(tmp_path: Path) -> None:
    path = tmp_path / "pre.html"
    path.write_text("<p>Intro</p><pre>a  b\n  c\n</pre>", encoding="utf-8")
    assert read_article(path).text == "Intro\na  b\n  c"


@pytest.mark.parametrize("charset", ["windows-1252", "iso-8859-1"])
def test_html_declared_charset(tmp_path: Path, charset: str) -> None:
    path = tmp_path / "legacy.html"
    path.write_bytes(f'<meta charset="{charset}"><p>Caf\u00e9 in Seoul</p>'.encode(charset))
    assert read_article(path).text == "Caf\u00e9 in Seoul"


def test_html_undeclared_legacy_bytes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "legacy.html"
    path.write_bytes("<p>Caf\u00e9</p>".encode("cp1252"))
    with pytest.raises(ArticleError, match="not valid UTF-8"):
        read_article(path)


@pytest.mark.parametrize("depth", [10_000, 20_000])
def test_html_deep_nesting_with_text(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "deep.html"
    path.write_text(
        "<title>Deep</title>" + "<div><span>" * depth + "Hello <i>deep</i> world" + "</span></div>" * depth,
        encoding="utf-8",
    )
    article = read_article(path)
    assert article.text == "Hello deep world"
    assert article.title == "Deep"


def test_every_format_imports_into_a_project(tmp_path: Path, fresh_project: Project) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a.txt").write_text("plain text\n", encoding="utf-8")
    (folder / "b.md").write_text("---\ntitle: Markdown\n---\n# heading\n", encoding="utf-8")
    (folder / "c.html").write_text(HTML, encoding="utf-8")
    (folder / "d.htm").write_text("<p>old extension</p>", encoding="utf-8")
    make.build_docx(folder / "e.docx", ["word text"])
    (folder / "f.pdf").write_bytes(make.build_pdf(["pdf text"]))
    result = import_paths(fresh_project, [folder])
    assert result.failed == []
    titles = sorted(d.title for d in fresh_project.documents())
    assert titles == sorted(["a", "Markdown", "Troops near the border", "d", "e", "f"])
    texts = {fresh_project.document_text(d.id) for d in result.imported}
    assert {"plain text\n", "# heading\n", "old extension", "word text", "pdf text"} <= texts


@pytest.mark.parametrize(
    ("markup", "text", "title"),
    [
        ("<title>a < b</title><p>1 < 2 &lt; 3</p>", "1 < 2 < 3", "a < b"),
        ("<title>\ufdd0 kept</title><p>x \ufdd0 < y</p>", "x \ufdd0 < y", "\ufdd0 kept"),
    ],
)
def test_html_text_less_than_signs(tmp_path: Path, markup: str, text: str, title: str) -> None:
    path = tmp_path / "lt.html"
    path.write_text(markup, encoding="utf-8")
    article = read_article(path)
    assert (article.text, article.title) == (text, title)
