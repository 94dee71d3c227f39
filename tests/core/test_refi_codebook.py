"""REFI-QDA codebook exchange (.qdc)."""

from __future__ import annotations

from pathlib import Path

import pytest
import xmlschema

from tests.conftest import SHARED
from newscoder.cli import main
from newscoder.core.codebook import add_code, archive_code, update_code
from newscoder.core.edits import apply
from newscoder.core.errors import InputError, UserError
from newscoder.core.exchange.refi_codebook import export_codebook, import_codebook
from newscoder.core.store import Project

CODEBOOK_XSD = xmlschema.XMLSchema(str(SHARED / "refi-qda" / "Codebook.xsd"))


def _tree(project: Project) -> list[tuple]:
    names = {c.id: c.name for c in project.codes()}
    return sorted((c.name, c.color, c.description, names.get(c.parent_id or "")) for c in project.codes())


@pytest.fixture
def nested(fresh_project: Project) -> Project:
    claim = fresh_project.code_by_name("claim")
    edit = add_code(fresh_project, "troop numbers", "How many & where <exactly>", "#ABCDEF", parent_id=claim.id)  # type: ignore[union-attr]
    apply(fresh_project, edit)
    apply(fresh_project, add_code(fresh_project, "deep", "", "#010203", parent_id=edit.changes[-1].after["id"]))  # type: ignore[index]
    apply(fresh_project, archive_code(fresh_project, fresh_project.code_by_name("denial").id))  # type: ignore[union-attr]
    return fresh_project


def test_export_validates_and_round_trips(nested: Project, tmp_path: Path) -> None:
    out = tmp_path / "book.qdc"
    report = export_codebook(nested, out)
    assert report.counts == {"codes": 6}
    CODEBOOK_XSD.validate(str(out))
    text = out.read_text(encoding="utf-8")
    assert 'xmlns="urn:QDA-XML:codebook:1.0"' in text and "origin=" in text
    with Project.create(tmp_path / "other.newscoder", codebook=False) as other:
        imported = import_codebook(other, out)
        assert len(imported.added) == 6 and imported.already_here == 0
        assert _tree(other) == _tree(nested)
        assert {c.id for c in other.codes()} == {c.id for c in nested.codes()}
        again = import_codebook(other, out)
        assert again.added == [] and again.already_here == 6


def test_import_matches_by_guid_then_name(nested: Project, tmp_path: Path) -> None:
    out = tmp_path / "book.qdc"
    export_codebook(nested, out)
    with Project.create(tmp_path / "other.newscoder") as other:  # default codes: same names, other UUIDs
        report = import_codebook(other, out)
        assert sorted(report.added) == ["deep", "troop numbers"]
        assert any("matched by name; the UUIDs differ" in n for n in report.notes)
        lines = "\n".join(report.lines())
        assert "2 codes added, 4 already here" in lines


def test_renamed_code_keeps_our_name(nested: Project, tmp_path: Path) -> None:
    out = tmp_path / "book.qdc"
    export_codebook(nested, out)
    apply(nested, update_code(nested, nested.code_by_name("claim").id, name="assertion"))  # type: ignore[union-attr]
    report = import_codebook(nested, out)
    assert report.added == []
    assert any("'claim' is called 'assertion' here; our name stays" in n for n in report.notes)


FOREIGN = """<?xml version="1.0" encoding="UTF-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0">
<Codes>
<Code guid="{5215CC69-B628-4E02-AFB9-9BEEAEE55808}" name="Topics" isCodable="false">
  <Code guid="{d7aa29da-519b-4946-9b90-253b6db8fd0a}" name="Economy" isCodable="true" color="#ff0">
    <Description>Anything about jobs</Description>
  </Code>
</Code>
<Code guid="not-a-guid" name="Values" isCodable="true" color="bogus"/>
<Code guid="9fa9bcb7-5b59-47a9-8c3e-f65cffdc7520" name="  " isCodable="true"/>
</Codes>
<Sets><Set guid="9fa9bcb7-5b59-47a9-8c3e-f65cffdc7521" name="s"/></Sets>
</CodeBook>
"""


def test_foreign_codebook_is_read_leniently(fresh_project: Project, tmp_path: Path) -> None:
    path = tmp_path / "foreign.qdc"
    path.write_text(FOREIGN, encoding="utf-8")
    report = import_codebook(fresh_project, path)
    assert report.added == ["Topics", "Economy", "Values"]
    economy = fresh_project.code_by_name("economy")
    assert economy is not None and economy.id == "d7aa29da-519b-4946-9b90-253b6db8fd0a"
    assert economy.color == "#FFFF00" and economy.description == "Anything about jobs"
    assert fresh_project.code(economy.parent_id).name == "Topics"  # type: ignore[arg-type, union-attr]
    assert any("code sets" in d for d in report.dropped) and any("without a name" in d for d in report.dropped)


@pytest.mark.parametrize(
    "content,message",
    [
        (b"not xml at all", "not well-formed"),
        (b"<Project xmlns='urn:QDA-XML:project:1.0' name='x'/>", "not a REFI-QDA codebook"),
        (b"<?xml version='1.0'?><!DOCTYPE c [<!ENTITY e 'x'>]><CodeBook><Codes/></CodeBook>", "entities"),
        (b"<CodeBook xmlns='urn:QDA-XML:codebook:1.0'><Codes/></CodeBook>", "holds no codes"),
    ],
)
def test_bad_codebooks_refused(fresh_project: Project, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.qdc"
    path.write_bytes(content)
    before = _tree(fresh_project)
    with pytest.raises(InputError, match=message):
        import_codebook(fresh_project, path)
    assert _tree(fresh_project) == before


def test_empty_codebook_export_refused(tmp_path: Path) -> None:
    with Project.create(tmp_path / "e.newscoder", codebook=False) as project, pytest.raises(UserError, match="empty"):
        export_codebook(project, tmp_path / "e.qdc")
    assert not (tmp_path / "e.qdc").exists()


def test_cli(nested: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cli.qdc"
    assert main(["export", "codebook", "-p", str(nested.path), "-o", str(out)]) == 0
    target = tmp_path / "target.newscoder"
    assert main(["import", "codebook", "-p", str(target), str(out)]) == 0
    assert "codes added" in capsys.readouterr().out
    assert main(["import", "codebook", "-p", str(target), str(tmp_path / "missing.qdc")]) == 1
    assert "no such file" in capsys.readouterr().err
