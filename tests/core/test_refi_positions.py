"""REFI-QDA imports check each selection against its text, and a re-export adds nothing.

Each case failed on 944c888: codings landed on other text without a word
(QualCoder's UTF-16 positions, MAXQDA's line endings), dates before year 1000
became timestamps that sort wrongly ("1-01-01T..."), a second QualCoder export
of an unchanged project doubled every segment.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest

from newscoder.core.errors import InputError
from newscoder.core.exchange.refi_project_import import import_qdpx
from newscoder.core.store import Project
from tests.core.test_refi_hostile import make_zip

CODE = "11111111-2518-43dd-bbd1-8f0252bacb30"
USER = "99999999-2518-43dd-bbd1-8f0252bacb30"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;").replace("\r", "&#13;")


def qde(text: str, selections: list[tuple[str, int, int]], *, date: str = "2024-01-02T03:04:05Z",
        fresh_guids: bool = False) -> str:
    """A QualCoder-like project: one source, one code, one user; selections (name, start, end)."""
    def g(fixed: str) -> str:
        return str(uuid.uuid4()) if fresh_guids else fixed

    code, user = g(CODE), g(USER)
    sels = "".join(
        f'<PlainTextSelection guid="{g(f"2{i:07d}-2518-43dd-bbd1-8f0252bacb30")}" name="{_esc(name)}" '
        f'startPosition="{s}" endPosition="{e}" creatingUser="{user}" creationDateTime="{date}">'
        f'<Coding guid="{g(f"3{i:07d}-2518-43dd-bbd1-8f0252bacb30")}" creatingUser="{user}">'
        f'<CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>'
        for i, (name, s, e) in enumerate(selections)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="p" '
        'origin="QualCoder 3.5">'
        f'<Users><User guid="{user}" name="ana"/></Users>'
        f'<CodeBook><Codes><Code guid="{code}" name="claim x" isCodable="true"/></Codes></CodeBook>'
        f'<Sources><TextSource guid="{g("01106019-2518-43dd-bbd1-8f0252bacb30")}" name="article" '
        f'creationDateTime="{date}"><PlainTextContent>{_esc(text)}</PlainTextContent>{sels}</TextSource></Sources>'
        "</Project>"
    )


def utf16(text: str, cp: int) -> int:
    return len(text[:cp].encode("utf-16-le")) // 2


def quotes(project: Project) -> list[str]:
    return sorted(s.quote for s in project.segments())


def run(project: Project, tmp_path: Path, xml: str, name: str = "in.qdpx") -> list[str]:
    report = import_qdpx(project, make_zip(tmp_path / name, {"project.qde": xml}))
    return report.lines()


def test_qualcoder_utf16_positions_after_an_emoji_are_converted(fresh_project: Project, tmp_path: Path) -> None:
    text = "Fans cheered 🎉🎉 as troops left the border town. Officials 😀 denied it."
    wanted = ["troops left", "Officials", "denied it"]
    sels = [(w, utf16(text, text.index(w)), utf16(text, text.index(w) + len(w))) for w in wanted]
    lines = run(fresh_project, tmp_path, qde(text, sels))
    assert quotes(fresh_project) == sorted(wanted)
    assert any("UTF-16 code units" in line and "3 selection" in line for line in lines), lines


def test_maxqda_crlf_positions_counting_lf_are_corrected(fresh_project: Project, tmp_path: Path) -> None:
    text = "Line one.\r\nTroops crossed.\r\nOfficials denied it.\r\n"
    flat = text.replace("\r\n", "\n")
    wanted = ["Troops crossed", "Officials denied"]
    sels = [(w, flat.index(w), flat.index(w) + len(w)) for w in wanted]
    lines = run(fresh_project, tmp_path, qde(text, sels))
    assert quotes(fresh_project) == sorted(wanted)
    assert any("MAXQDA line endings" in line for line in lines), lines


def test_crlf_positions_as_the_standard_says_still_work(fresh_project: Project, tmp_path: Path) -> None:
    text = "Line one.\r\nTroops crossed.\r\n"
    sels = [("Troops crossed", text.index("Troops"), text.index("Troops") + 14)]
    lines = run(fresh_project, tmp_path, qde(text, sels))
    assert quotes(fresh_project) == ["Troops crossed"]
    assert not any("corrected" in line or "converted" in line for line in lines)


def test_a_name_that_matches_nowhere_is_reported(fresh_project: Project, tmp_path: Path) -> None:
    text = "Troops crossed the border on Monday."
    lines = run(fresh_project, tmp_path, qde(text, [("Troops crossed", 0, 14), ("the river", 15, 24)]))
    assert quotes(fresh_project) == ["Troops crossed", "the borde"]
    assert any("'the river'" in line and "does not match the text at [15, 24)" in line for line in lines), lines


def test_dates_before_year_1000_are_replaced_and_reported(fresh_project: Project, tmp_path: Path) -> None:
    text = "Troops crossed the border on Monday."
    lines = run(fresh_project, tmp_path, qde(text, [("Troops", 0, 6)], date="0099-01-01T00:00:00Z"))
    seg = fresh_project.segments()[0]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", seg.created_at) and seg.created_at >= "2000"
    assert fresh_project.documents()[0].imported_at >= "2000"
    assert any("before the year 1000" in line for line in lines), lines


def test_a_second_qualcoder_export_adds_nothing(fresh_project: Project, tmp_path: Path) -> None:
    text = "Troops crossed the border on Monday. Officials denied it."
    sels = [("Troops crossed", 0, 14), ("Officials denied", 37, 53)]
    run(fresh_project, tmp_path, qde(text, sels, fresh_guids=True), "first.qdpx")
    before = [(s.id, s.start, s.end) for s in fresh_project.segments()]
    codes = len(fresh_project.codes())
    lines = run(fresh_project, tmp_path, qde(text, sels, fresh_guids=True), "second.qdpx")
    assert [(s.id, s.start, s.end) for s in fresh_project.segments()] == before
    assert len(before) == 2 and len(fresh_project.codes()) == codes and len(fresh_project.coders()) == 1
    assert any("2 selections matched segments already here" in line for line in lines), lines


def test_source_over_the_article_limit_is_refused(fresh_project: Project, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from newscoder.core.exchange import refi_checks

    monkeypatch.setattr(refi_checks, "MAX_TEXT_BYTES", 1000)  # 20 MB, scaled down
    with pytest.raises(InputError, match=r"(?s)over the limits.*its text is 1 KB \(the limit is 1 KB\)"):
        run(fresh_project, tmp_path, qde("x " * 600, []))
    assert fresh_project.documents() == []


def test_over_long_source_name_is_clipped(fresh_project: Project, tmp_path: Path) -> None:
    xml = qde("Some text.", []).replace('name="article"', 'name="' + "T" * 100_000 + '"')
    lines = run(fresh_project, tmp_path, xml)
    assert len(fresh_project.documents()[0].title) == 1000
    assert any("cut to 1,000" in line for line in lines)
