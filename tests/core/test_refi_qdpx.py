"""REFI-QDA project exchange (.qdpx): export, import, the whole coder workflow."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import xmlschema

from tests.conftest import SAMPLE_ARTICLES, SHARED
from newscoder.cli import main
from newscoder.core.edits import add_segment, apply, delete_segment, set_segment_memo, set_status
from newscoder.core.exchange.copy import export_copy
from newscoder.core.exchange.merge import merge_files
from newscoder.core.exchange.refi_project_export import export_qdpx
from newscoder.core.exchange.refi_project_import import import_qdpx, import_qdpx_new
from newscoder.core.exchange.segments_csv import export_segments
from newscoder.core.importers import import_paths
from newscoder.core.records import Status
from newscoder.core.store import Project

PROJECT_XSD = xmlschema.XMLSchema(str(SHARED / "refi-qda" / "Project.xsd"))


def validate_qdpx(path: Path) -> bytes:
    with zipfile.ZipFile(path) as zf:
        qde = zf.read("project.qde")
        names = zf.namelist()
    PROJECT_XSD.validate(io.BytesIO(qde))
    assert names[0] == "project.qde" and all(n == "project.qde" or n.startswith("sources/") for n in names)
    return qde


def csv_of(project: Project) -> bytes:
    out = io.BytesIO()
    export_segments(project, out)
    return out.getvalue()


def segment_tuples(project: Project) -> list[tuple]:
    codes = {c.id: c.name for c in project.codes()}
    coders = {c.id: c.name for c in project.coders()}
    return [(s.id, s.document_id, s.start, s.end, codes[s.code_id], coders[s.coder_id], s.memo, s.quote,
             s.created_at, s.updated_at) for s in project.segments()]


def code_articles(copy: Project, offset: int) -> list[str]:
    """A coder codes each sample article a little (through core edits)."""
    coder = copy.coder_by_name(copy.meta("intended_coder") or "")
    assert coder is not None
    codes = copy.codes()
    ids = []
    for i, doc in enumerate(copy.documents()):
        for j in range(3):
            start = offset + 40 * j + i
            edit = add_segment(copy, doc.id, codes[(i + j) % 4].id, coder.id, start, start + 25,
                               memo=f"{coder.name} says: ünïcode ✓ #{j}" if j == 1 else "")
            apply(copy, edit)
            ids.append(edit.changes[0].after["id"])  # type: ignore[index]
        apply(copy, set_status(copy, doc.id, coder.id, Status.DONE if i % 2 else Status.IN_PROGRESS))
    return ids


def test_whole_workflow(sample_project: Project, tmp_path: Path) -> None:
    lead = sample_project
    assert len(lead.documents()) == 5
    export_copy(lead, tmp_path / "ana.newscoder", "Ana")
    export_copy(lead, tmp_path / "ben.newscoder", "Ben")
    with Project.open(tmp_path / "ana.newscoder") as ana:
        ana_ids = code_articles(ana, 0)
        apply(ana, delete_segment(ana, ana_ids[0]))
    with Project.open(tmp_path / "ben.newscoder") as ben:
        code_articles(ben, 7)
    reports = merge_files(lead, [tmp_path / "ana.newscoder", tmp_path / "ben.newscoder"])
    assert [r.by_coder[n].added for r, n in zip(reports, ["Ana", "Ben"], strict=True)] == [14, 15]
    assert len(lead.segments()) == 29
    qdpx = tmp_path / "lead.qdpx"
    report = export_qdpx(lead, qdpx)
    assert report.counts["segments"] == 29
    validate_qdpx(qdpx)
    fresh = tmp_path / "fresh.newscoder"
    imported = import_qdpx_new(qdpx, fresh)
    assert imported.dropped == []
    with Project.open(fresh) as copy:
        assert csv_of(copy) == csv_of(lead)
        assert segment_tuples(copy) == segment_tuples(lead)
        for coder in lead.coders():
            assert copy.statuses(coder.id) == lead.statuses(coder.id)
        assert [(d.id, d.title, d.source) for d in copy.documents()] == [
            (d.id, d.title, d.source) for d in lead.documents()
        ]
        assert [(c.name, c.color, c.description) for c in copy.codes()] == [
            (c.name, c.color, c.description) for c in lead.codes()]
    # stable GUIDs: the same project exports the same bytes
    export_qdpx(lead, tmp_path / "again.qdpx")
    assert (tmp_path / "again.qdpx").read_bytes() == qdpx.read_bytes()


def test_export_details(sample_project: Project, tmp_path: Path) -> None:
    coder = sample_project.ensure_coder("Ana")
    doc = sample_project.documents()[0]
    edit = add_segment(sample_project, doc.id, sample_project.codes()[0].id, coder.id, 3, 30, memo="why?")
    apply(sample_project, edit)
    gone = add_segment(sample_project, doc.id, sample_project.codes()[1].id, coder.id, 5, 9)
    apply(sample_project, gone)
    apply(sample_project, delete_segment(sample_project, gone.changes[0].after["id"]))  # type: ignore[index]
    qdpx = tmp_path / "x.qdpx"
    export_qdpx(sample_project, qdpx)
    qde = validate_qdpx(qdpx).decode("utf-8")
    seg_id = edit.changes[0].after["id"]  # type: ignore[index]
    assert f'guid="{seg_id}"' in qde and gone.changes[0].after["id"] not in qde  # type: ignore[index]
    assert 'origin="Newscoder' in qde and f'plainTextPath="internal://{doc.id}.txt"' in qde
    assert "<Description>why?</Description>" in qde and "<PlainTextContent>why?</PlainTextContent>" in qde
    assert f'creatingUser="{coder.id}"' in qde
    assert qde.count("creationDateTime") >= 3
    with zipfile.ZipFile(qdpx) as zf:
        data = zf.read(f"sources/{doc.id}.txt")
    assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data
    assert data.decode("utf-8") == sample_project.document_text(doc.id)


def test_import_into_existing_project_matches_by_hash(sample_project: Project, tmp_path: Path) -> None:
    coder = sample_project.ensure_coder("Ana")
    doc = sample_project.documents()[1]
    apply(sample_project, add_segment(sample_project, doc.id, sample_project.codes()[0].id, coder.id, 0, 12))
    export_qdpx(sample_project, tmp_path / "x.qdpx")
    target = Project.create(tmp_path / "t.newscoder")
    import_paths(target, [SAMPLE_ARTICLES])
    report = import_qdpx(target, tmp_path / "x.qdpx")
    assert report.merge.documents_added == [] and report.merge.documents_matched == 5
    assert [s.id for s in target.segments()] == [s.id for s in sample_project.segments()]
    again = import_qdpx(target, tmp_path / "x.qdpx")
    assert not again.merge.changed
    target.close()


def test_memo_edits_travel_through_qdpx(sample_project: Project, tmp_path: Path) -> None:
    coder = sample_project.ensure_coder("Ana")
    doc = sample_project.documents()[0]
    edit = add_segment(sample_project, doc.id, sample_project.codes()[0].id, coder.id, 0, 12, memo="first")
    apply(sample_project, edit)
    export_qdpx(sample_project, tmp_path / "x.qdpx")
    import_qdpx_new(tmp_path / "x.qdpx", tmp_path / "y.newscoder")
    with Project.open(tmp_path / "y.newscoder") as other:
        seg = other.segment(edit.changes[0].after["id"])  # type: ignore[index]
        assert seg is not None and seg.memo == "first"
        apply(other, set_segment_memo(other, seg.id, "second"))


def _qdpx(path: Path, qde: str, sources: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", qde)
        for name, data in sources.items():
            zf.writestr(name, data)
    return path


U1 = "AD68FBE7-E1EE-4A82-A279-23CC698C89EB"
C1 = "D299EFAE-5779-46DC-9827-A3D1A5D544BC"
C2 = "0F8A1907-7E42-4739-8610-A676B4D1B69F"
S1 = "01106019-2518-43DD-BBD1-8F0252BACB30"
S2 = "C8A57C71-D156-4A94-8407-2BD2FA57E2A4"
FOREIGN = f"""<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Breakfast" origin="OtherTool 8" creatingUserGUID="{U1}">
 <Users><User guid="{{{U1}}}" name="Friedrich"/></Users>
 <CodeBook><Codes>
  <Code guid="{C1}" name="Coke::diet Coke" isCodable="true" color="#966450"><Description>non sucré</Description></Code>
  <Code guid="{C2}" name="Feelings" isCodable="true"/>
 </Codes></CodeBook>
 <Cases><Case guid="11111111-2518-43DD-BBD1-8F0252BACB30" name="Mabel"/></Cases>
 <Sources>
  <TextSource guid="{S1}" name="Mabel.txt" plainTextPath="internal://{S1}.TXT" creationDateTime="2018-03-27T18:01:07.123+02:00">
   <PlainTextSelection guid="4191294A-E287-4510-95B0-69BCE4638E56" name="a" startPosition="7" endPosition="12"
      creatingUser="{U1}" creationDateTime="2018-03-27T19:29:27Z" modifiedDateTime="2018-03-28T10:00:00Z">
    <Coding guid="445A6AEC-1400-4502-919D-0867832FF211" creatingUser="{U1}"><CodeRef targetGUID="{C1}"/></Coding>
    <Coding guid="445A6AEC-1400-4502-919D-0867832FF212" creatingUser="{U1}"><CodeRef targetGUID="{C2}"/></Coding>
    <NoteRef targetGUID="99999999-E287-4510-95B0-69BCE4638E56"/>
   </PlainTextSelection>
   <PlainTextSelection guid="4191294A-E287-4510-95B0-69BCE4638E57" startPosition="10" endPosition="9999">
    <Coding guid="445A6AEC-1400-4502-919D-0867832FF213"><CodeRef targetGUID="{C1}"/></Coding>
   </PlainTextSelection>
   <PlainTextSelection guid="4191294A-E287-4510-95B0-69BCE4638E58" startPosition="0" endPosition="4"/>
  </TextSource>
  <TextSource guid="{S2}" name="Lost.txt" plainTextPath="internal://{S2}.txt">
   <PlainTextSelection guid="4191294A-E287-4510-95B0-69BCE4638E59" startPosition="0" endPosition="4">
    <Coding guid="445A6AEC-1400-4502-919D-0867832FF214"><CodeRef targetGUID="{C1}"/></Coding>
   </PlainTextSelection>
  </TextSource>
  <PictureSource guid="02255470-09E6-400B-9E20-97D71FBEC65D" name="cornflakes.jpg" path="internal://x.jpg"/>
  <PDFSource guid="03F134F1-AB05-46E6-9E20-97D71FBEC65D" name="paper.pdf" path="internal://y.pdf"/>
 </Sources>
 <Notes>
  <Note guid="99999999-E287-4510-95B0-69BCE4638E56" name="n"><PlainTextContent>Coke for breakfast!</PlainTextContent></Note>
  <Note guid="99999999-E287-4510-95B0-69BCE4638E57" name="loose"><PlainTextContent>unattached</PlainTextContent></Note>
 </Notes>
 <Sets><Set guid="22222222-2518-43DD-BBD1-8F0252BACB30" name="s"/></Sets>
 <Graphs><Graph guid="33333333-2518-43DD-BBD1-8F0252BACB30"/></Graphs>
</Project>
"""


def test_foreign_project_is_imported_leniently_and_losses_reported(tmp_path: Path) -> None:
    text = "Hello\r\nMabel has Coke for breakfast.\r\n"
    path = _qdpx(tmp_path / "f.qdpx", FOREIGN, {f"Sources/{S1}.txt": b"\xef\xbb\xbf" + text.encode()})
    report = import_qdpx_new(path, tmp_path / "f.newscoder")
    dropped = "\n".join(report.dropped)
    for expected in ("PictureSource 'cornflakes.jpg'", "PDFSource 'paper.pdf'", "sets", "graphs", "cases",
                     "Lost.txt", "is missing", "lies outside its text", "a selection without a code",
                     "notes not attached"):
        assert expected in dropped, expected
    with Project.open(tmp_path / "f.newscoder") as project:
        assert project.name == "Breakfast"
        [doc] = project.documents()
        assert project.document_text(doc.id) == "Hello\nMabel has Coke for breakfast.\n"
        assert doc.imported_at == "2018-03-27T16:01:07Z"
        segs = project.segments()
        assert len(segs) == 2  # one selection, two codings
        assert {project.code(s.code_id).name for s in segs} == {"Coke::diet Coke", "Feelings"}  # type: ignore[union-attr]
        # CRLF normalised: "M" is code point 7 in the file, 6 in the stored text
        assert {s.quote for s in segs} == {"Mabel"}
        assert {s.memo for s in segs} == {"Coke for breakfast!"}
        assert "4191294a-e287-4510-95b0-69bce4638e56" in {s.id for s in segs}
        assert {(s.created_at, s.updated_at) for s in segs} == {("2018-03-27T19:29:27Z", "2018-03-28T10:00:00Z")}
        assert [c.name for c in project.coders()] == ["Friedrich"]
        assert project.code_by_name("coke::diet coke").color == "#966450"  # type: ignore[union-attr]


def test_cli_export_and_import(sample_project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    qdpx = tmp_path / "c.qdpx"
    assert main(["export", "qdpx", "-p", str(sample_project.path), "-o", str(qdpx)]) == 0
    assert "5 articles" in capsys.readouterr().out
    new = tmp_path / "new.newscoder"
    assert main(["import", "qdpx", "-p", str(new), str(qdpx)]) == 0
    assert "into the new project" in capsys.readouterr().out
    assert main(["import", "qdpx", "-p", str(new), str(qdpx)]) == 0
    assert "nothing to change" in capsys.readouterr().out
    bad = tmp_path / "bad.qdpx"
    bad.write_bytes(b"PK but not really")
    assert main(["import", "qdpx", "-p", str(tmp_path / "n2.newscoder"), str(bad)]) == 1
    assert "not a QDPX file" in capsys.readouterr().err
    assert not (tmp_path / "n2.newscoder").exists()


@pytest.mark.parametrize("variant", ["empty", "nested", "odd_text"])
def test_every_qdpx_we_write_validates(tmp_path: Path, variant: str) -> None:
    from newscoder.core.codebook import add_code

    project = Project.create(tmp_path / "v.newscoder", codebook=variant != "empty")
    if variant != "empty":
        doc, _ = project.add_document("Tab\there, ctrl \x01 char, emoji 🎉 and ü.\nLine two.", "Title \x02 & <b>",
                                      source="A&B", author="Ä", url="http://x/?a=1&b=2")
        coder = project.ensure_coder("Zoë")
        parent = project.codes()[0].id
        edit = add_code(project, "child", "desc \x03", "#ABCDEF", parent_id=parent)
        apply(project, edit)
        apply(project, add_segment(project, doc.id, edit.changes[-1].after["id"], coder.id, 24, 32,  # type: ignore[index]
                                   memo="memo \x04 <&>" if variant == "odd_text" else ""))
        apply(project, set_status(project, doc.id, coder.id, Status.DONE))
    export_qdpx(project, tmp_path / "v.qdpx")
    validate_qdpx(tmp_path / "v.qdpx")
    report = import_qdpx_new(tmp_path / "v.qdpx", tmp_path / "w.newscoder")
    with Project.open(tmp_path / "w.newscoder") as other:
        assert [s.quote for s in other.segments()] == [s.quote for s in project.segments()]
        assert report.dropped == []
    project.close()
