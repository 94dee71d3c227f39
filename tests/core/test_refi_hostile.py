"""Hostile and damaged QDPX archives: refused clearly, nothing written; fuzzed XML never crashes."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import REPO
from newscoder.core.edits import add_segment, apply
from newscoder.core.errors import InputError, UserError
from newscoder.core.exchange import safezip
from newscoder.core.exchange.refi_project_export import export_qdpx
from newscoder.core.exchange.refi_project_import import import_qdpx, import_qdpx_new
from newscoder.core.schema import TABLES
from newscoder.core.store import Project

HOSTILE = REPO / "tests" / "data" / "hostile" / "qdpx"

MINIMAL = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p">
 <Sources><TextSource guid="01106019-2518-43dd-bbd1-8f0252bacb30" name="a" plainTextPath="internal://01106019-2518-43dd-bbd1-8f0252bacb30.txt"/></Sources>
</Project>
"""
SOURCE = {"sources/01106019-2518-43dd-bbd1-8f0252bacb30.txt": b"some text"}

XXE = """<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&xxe;"/>
"""
LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&lol4;"/>
"""
PARAM_XXE = """<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY % remote SYSTEM "http://127.0.0.1:1/evil.dtd"> %remote;]>
<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>
"""

#: two sources with one GUID: on 944c888 the second one's selections landed on the first article
SHARED_GUID = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p">
 <CodeBook><Codes><Code guid="11111111-2518-43dd-bbd1-8f0252bacb30" name="c" isCodable="true"/></Codes></CodeBook>
 <Sources>
  <TextSource guid="01106019-2518-43dd-bbd1-8f0252bacb30" name="a"><PlainTextContent>first article text</PlainTextContent></TextSource>
  <TextSource guid="01106019-2518-43dd-bbd1-8f0252bacb30" name="b"><PlainTextContent>second article, another text</PlainTextContent>
   <PlainTextSelection guid="21106019-2518-43dd-bbd1-8f0252bacb30" name="second" startPosition="0" endPosition="6">
    <Coding guid="31106019-2518-43dd-bbd1-8f0252bacb30"><CodeRef targetGUID="11111111-2518-43dd-bbd1-8f0252bacb30"/></Coding>
   </PlainTextSelection></TextSource>
 </Sources>
</Project>
"""
LONG_CODE_NAME = MINIMAL.replace(
    "<Sources>", '<CodeBook><Codes><Code guid="11111111-2518-43dd-bbd1-8f0252bacb30" name="' + "x" * 5000
    + '" isCodable="true"/></Codes></CodeBook><Sources>').replace(
    'plainTextPath="internal://01106019-2518-43dd-bbd1-8f0252bacb30.txt"/>',
    '><PlainTextContent>text</PlainTextContent></TextSource>')


def make_zip(path: Path, entries: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return path


def dump(project: Project) -> dict[str, list[tuple]]:
    return {t: project.conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in TABLES}


def hostile_files() -> dict[str, dict[str, bytes | str]]:
    return {
        "xxe.qdpx": {"project.qde": XXE},
        "billion_laughs.qdpx": {"project.qde": LAUGHS},
        "parameter_entity.qdpx": {"project.qde": PARAM_XXE},
        "zip_slip.qdpx": {"project.qde": MINIMAL, "../../evil.txt": b"x", **SOURCE},
        "absolute_path.qdpx": {"project.qde": MINIMAL, "/etc/evil.txt": b"x", **SOURCE},
        "windows_drive.qdpx": {"project.qde": MINIMAL, "C:\\evil.txt": b"x", **SOURCE},
        "no_qde.qdpx": {"sources/a.txt": b"x"},
        "not_a_project.qdpx": {"project.qde": "<CodeBook xmlns='urn:QDA-XML:codebook:1.0'/>"},
        "broken_xml.qdpx": {"project.qde": "<Project name='x'><Sources>"},
        "shared_source_guid.qdpx": {"project.qde": SHARED_GUID, **SOURCE},
        "article_bomb.qdpx": {
            "project.qde": MINIMAL,
            "sources/01106019-2518-43dd-bbd1-8f0252bacb30.txt": b"a" * (40 << 20),
        },
        "long_code_name.qdpx": {"project.qde": LONG_CODE_NAME},
    }


EXPECTED = {
    "xxe.qdpx": "entities",
    "billion_laughs.qdpx": "entities",
    "parameter_entity.qdpx": "entities",
    "zip_slip.qdpx": "outside",
    "absolute_path.qdpx": "absolute path",
    "windows_drive.qdpx": "absolute path",
    "no_qde.qdpx": "no project.qde",
    "not_a_project.qdpx": "not a REFI-QDA project",
    "broken_xml.qdpx": "not well-formed",
    "shared_source_guid.qdpx": "share the GUID",
    "article_bomb.qdpx": "times its packed size",
    "long_code_name.qdpx": "over the limits",
}


def test_stored_hostile_files_are_current() -> None:
    """tests/data/hostile/qdpx holds these files (regenerate with this module's hostile_files())."""
    for name in hostile_files():
        assert (HOSTILE / name).is_file(), name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_archive_refused_nothing_written(fresh_project: Project, tmp_path: Path, name: str) -> None:
    path = HOSTILE / name
    before = dump(fresh_project)
    with pytest.raises(InputError, match=EXPECTED[name]):
        import_qdpx(fresh_project, path)
    assert dump(fresh_project) == before
    target = tmp_path / "new.newscoder"
    with pytest.raises(InputError, match=EXPECTED[name]):
        import_qdpx_new(path, target)
    assert not target.exists() and [p.name for p in tmp_path.iterdir() if p.name.startswith(".new")] == []


def test_oversized_entry_refused(fresh_project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safezip, "MAX_ENTRY_BYTES", 10_000)
    path = make_zip(tmp_path / "big.qdpx", {"project.qde": MINIMAL, **{k: b"0" * 50_000 for k in SOURCE}})
    with pytest.raises(InputError, match="unpacks to 50000 bytes"):
        import_qdpx(fresh_project, path)


def test_lying_zip_header_caught_while_reading(fresh_project: Project, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A bomb whose directory claims a small size is stopped by counting the bytes actually unpacked."""
    path = make_zip(tmp_path / "bomb.qdpx", {"project.qde": MINIMAL, **{k: b"0" * 200_000 for k in SOURCE}})
    zf = safezip.SafeZip(path)
    for info in zf.members.values():
        info.file_size = 10  # pretend
    zf.max_entry_bytes = 1000
    with pytest.raises(InputError, match="more than 1000 bytes|is damaged"):
        zf.read(next(iter(SOURCE)))
    zf.close()


def test_total_size_and_entry_count_capped(fresh_project: Project, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_zip(
        tmp_path / "many.qdpx", {"project.qde": MINIMAL, **{f"sources/{i}.txt": b"x" * 100 for i in range(30)}}
    )
    monkeypatch.setattr(safezip, "MAX_ENTRIES", 10)
    with pytest.raises(InputError, match="31 entries"):
        import_qdpx(fresh_project, path)
    monkeypatch.setattr(safezip, "MAX_ENTRIES", 1000)
    monkeypatch.setattr(safezip, "MAX_TOTAL_BYTES", 1000)
    with pytest.raises(InputError, match="unpacks to"):
        import_qdpx(fresh_project, path)


def test_missing_source_is_dropped_and_reported_not_refused(fresh_project: Project, tmp_path: Path) -> None:
    path = make_zip(tmp_path / "m.qdpx", {"project.qde": MINIMAL})
    report = import_qdpx(fresh_project, path)
    assert any("is missing from the archive" in d for d in report.dropped)
    assert fresh_project.documents() == []


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04garbage", b"\x00" * 100])
def test_not_a_zip(fresh_project: Project, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.qdpx"
    path.write_bytes(content)
    with pytest.raises(InputError, match="not a QDPX file"):
        import_qdpx(fresh_project, path)


# -- fuzzing --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def seed_qde(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, dict[str, bytes]]:
    tmp = tmp_path_factory.mktemp("seed")
    with Project.create(tmp / "s.newscoder") as project:
        doc, _ = project.add_document("Up to 8,000 troops, officials said.\nMore.", "T", source="AFP")
        coder = project.ensure_coder("Ana")
        apply(project, add_segment(project, doc.id, project.codes()[0].id, coder.id, 0, 12, memo="m"))
        apply(project, add_segment(project, doc.id, project.codes()[1].id, coder.id, 3, 20))
        export_qdpx(project, tmp / "s.qdpx")
    with zipfile.ZipFile(tmp / "s.qdpx") as zf:
        return zf.read("project.qde"), {n: zf.read(n) for n in zf.namelist() if n != "project.qde"}


TOKENS = [b"<", b">", b"\"", b"'", b"&", b"&amp;", b"-1", b"0", b"99999999999999999999", b"", b"{", b"}",
          b"</Project>", b"<Code/>", b"<PlainTextSelection/>", b"internal://", b"../", b"\x00", b"\xff\xfe",
          b"01106019-2518-43DD-BBD1-8F0252BACB30", b"startPosition=\"5\"", b"xmlns=\"x\"", b"<![CDATA[", b"]]>"]


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["insert", "delete", "replace"]))
        token = draw(st.sampled_from(TOKENS) | st.binary(max_size=6))
        if kind == "insert":
            data[pos:pos] = token
        elif kind == "delete":
            data[pos:pos + draw(st.integers(1, 40))] = b""
        else:
            data[pos:pos + len(token)] = token
    return bytes(data)


def test_fuzzed_qdpx_never_crashes_nor_half_writes(seed_qde: tuple[bytes, dict[str, bytes]], tmp_path: Path) -> None:
    qde, sources = seed_qde
    project = Project.create(tmp_path / "fuzz.newscoder")
    counter = iter(range(10**6))

    @settings(deadline=None, suppress_health_check=list(HealthCheck))  # max_examples: tests/conftest.py
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        blob = data.draw(mutated(qde))
        path = tmp_path / f"f{next(counter)}.qdpx"
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("project.qde", blob)
            for name, content in sources.items():
                zf.writestr(name, content)
        path.write_bytes(buf.getvalue())
        before = dump(project)
        try:
            report = import_qdpx(project, path)
        except (InputError, UserError):
            assert dump(project) == before
            return
        finally:
            path.unlink()
        assert isinstance(report.lines(), list)
        # whatever was written is consistent
        assert project.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert project.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    try:
        check()
    finally:
        project.close()
    print(f"\nqdpx fuzz (structural mutations): {next(counter)} archives imported")
    print(f"\nqdpx fuzz (byte mutations): {next(counter)} archives imported")


def test_sqlite_untouched_by_refused_new_import(tmp_path: Path) -> None:
    target = tmp_path / "p.newscoder"
    with pytest.raises(InputError):
        import_qdpx_new(HOSTILE / "xxe.qdpx", target)
    assert not target.exists()
    assert sqlite3.sqlite_version


ATTR_VALUES = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "-1",
            "0",
            "1",
            "12",
            "20",
            "999999",
            "1e3",
            "{01106019-2518-43DD-BBD1-8F0252BACB30}",
            "internal://missing.txt",
            "internal://../../x",
            "2018-02-30T00:00:00Z",
            "9999-12-31T23:59:59+14:00",
            "#fff",
            "#GGGGGG",
            "true",
            "",
        ]
    ),
)


def test_fuzzed_attributes_never_crash(seed_qde: tuple[bytes, dict[str, bytes]], tmp_path: Path) -> None:
    """Structured mutations: attribute values replaced, elements removed or duplicated."""
    import xml.etree.ElementTree as ET

    qde, sources = seed_qde
    project = Project.create(tmp_path / "fuzz2.newscoder")
    counter = iter(range(10**6))

    @settings(deadline=None, suppress_health_check=list(HealthCheck))  # max_examples: tests/conftest.py
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        root = ET.fromstring(qde)
        elems = list(root.iter())
        for _ in range(data.draw(st.integers(1, 5))):
            elem = elems[data.draw(st.integers(0, len(elems) - 1))]
            action = data.draw(st.sampled_from(["attr", "remove", "dup", "text"]))
            if action == "attr" and elem.attrib:
                key = data.draw(st.sampled_from(sorted(elem.attrib)))
                elem.set(key, data.draw(ATTR_VALUES))
            elif action == "text":
                elem.text = data.draw(ATTR_VALUES)
            elif action in ("remove", "dup") and len(elem):
                kid = list(elem)[data.draw(st.integers(0, len(elem) - 1))]
                if action == "remove":
                    elem.remove(kid)
                else:
                    elem.append(kid)
        path = tmp_path / f"g{next(counter)}.qdpx"
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("project.qde", ET.tostring(root))
            for name, content in sources.items():
                zf.writestr(name, content)
        before = dump(project)
        try:
            import_qdpx(project, path)
        except (InputError, UserError):
            assert dump(project) == before
            return
        finally:
            path.unlink()
        assert project.conn.execute("PRAGMA foreign_key_check").fetchall() == []

    try:
        check()
    finally:
        project.close()
