"""Plain-text articles: strict UTF-8, BOM, newlines, front matter, titles."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from newscoder.core.importers import ArticleError, read_article
from newscoder.core.importers.text import split_front_matter


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name", ["story.txt", "story.md", "STORY.TXT"])
def test_plain_text_is_kept_exactly(tmp_path: Path, name: str) -> None:
    body = "  Indented first line.\n\nTrailing spaces   \n\n\n"
    article = read_article(write(tmp_path, name, body.encode()))
    assert article.text == body
    assert article.title == Path(name).stem
    assert (article.source, article.author, article.published, article.url) == ("", "", "", "")
    assert article.metadata == {}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"a\r\nb\r\n", "a\nb\n"),
        (b"a\rb\r", "a\nb\n"),
        (b"a\r\n\r\nb\rc\n", "a\n\nb\nc\n"),
        (b"---\r\ntitle: T\r\n---\r\nbody\r\n", "body\n"),
    ],
)
def test_newlines_are_normalised(tmp_path: Path, raw: bytes, expected: str) -> None:
    article = read_article(write(tmp_path, "a.txt", raw))
    assert article.text == expected
    assert "\r" not in article.text


@pytest.mark.parametrize("front", [False, True])
def test_utf8_bom_is_dropped(tmp_path: Path, front: bool) -> None:
    body = "Ünïcödé body\n"
    raw = ("---\ntitle: Bom\n---\n" + body) if front else body
    article = read_article(write(tmp_path, "bom.txt", codecs.BOM_UTF8 + raw.encode()))
    assert article.text == body
    assert article.title == ("Bom" if front else "bom")


def test_front_matter_fields_and_metadata(tmp_path: Path) -> None:
    raw = (
        "---\n"
        "title: Troops at the border\n"
        "Source: AFP\n"
        "author: 'Jane Roe'\n"
        "published: 2024-10-31\n"
        "url: https://example.org/a?b=c:d\n"
        "seed: 001.txt\n"
        "desk: Asia\n"
        "---\n"
        "The body starts here.\n---\nnot front matter\n"
    )
    article = read_article(write(tmp_path, "fm.md", raw.encode()))
    assert article.title == "Troops at the border"
    assert article.source == "AFP"
    assert article.author == "Jane Roe"
    assert article.published == "2024-10-31"
    assert article.url == "https://example.org/a?b=c:d"
    assert article.metadata == {"seed": "001.txt", "desk": "Asia"}
    assert article.text == "The body starts here.\n---\nnot front matter\n"


@pytest.mark.parametrize(
    ("raw", "fields", "body"),
    [
        ("no front matter\n", {}, "no front matter\n"),
        ("---\nonly a rule, never closed\n", {}, "---\nonly a rule, never closed\n"),
        ("---\n---\nbody", {}, "body"),
        ("---\nk: v\n\n---\n\nbody", {"k": "v"}, "\nbody"),
        ("---  \nk: v\n---\t\nbody", {"k": "v"}, "body"),
        ("---\nempty:\n---\nbody", {"empty": ""}, "body"),
        ("---\ntitle: a: b\n---\nbody", {"title": "a: b"}, "body"),
        (" ---\nk: v\n---\nbody", {}, " ---\nk: v\n---\nbody"),
    ],
)
def test_split_front_matter(raw: str, fields: dict[str, str], body: str) -> None:
    assert split_front_matter(Path("x.txt"), raw) == (fields, body)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("---\nnot a key value line\n---\nbody", "front matter line 2 is not 'key: value'"),
        ("---\ntitle: a\ntitle: b\n---\nbody", "front matter key 'title' appears twice"),
        ("---\nbad key: v\n---\nbody", "front matter line 2"),
    ],
)
def test_bad_front_matter_is_refused(tmp_path: Path, raw: str, reason: str) -> None:
    path = write(tmp_path, "bad.md", raw.encode())
    with pytest.raises(ArticleError) as info:
        read_article(path)
    assert reason in info.value.reason
    assert str(path) in str(info.value)


def test_empty_title_falls_back_to_file_name(tmp_path: Path) -> None:
    article = read_article(write(tmp_path, "2024-10-31 report.v2.txt", b"---\ntitle:\n---\nbody\n"))
    assert article.title == "2024-10-31 report.v2"


def test_unsupported_extension_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "notes.rtf", b"{\\rtf1 hello}")
    with pytest.raises(ArticleError, match=r"unsupported file type '\.rtf'"):
        read_article(path)
