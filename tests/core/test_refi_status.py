"""QDPX: per-coder article status as variables MAXQDA and ATLAS.ti users can read (issue 13), read back exactly."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from tests.core.test_refi_qdpx import validate_qdpx
from newscoder.core.edits import apply, set_status
from newscoder.core.exchange.refi_project_export import export_qdpx
from newscoder.core.exchange.refi_project_import import import_qdpx_new
from newscoder.core.exchange.refi_status import parse_variable, stored_status
from newscoder.core.records import Status
from newscoder.core.store import Project

NS = {"q": "urn:QDA-XML:project:1.0"}


def _statuses(project: Project) -> list[tuple[str, str, str, str]]:
    names = {c.id: c.name for c in project.coders()}
    rows = project.conn.execute("SELECT document_id, coder_id, status, updated_at FROM document_status ORDER BY 1, 2")
    return sorted((doc, names[coder], status, stamp) for doc, coder, status, stamp in rows)


def _coded(project: Project) -> tuple[str, str]:
    ana, ben = project.ensure_coder("Ana"), project.ensure_coder("Ben Ng")
    first, second = (d.id for d in project.documents()[:2])
    apply(project, set_status(project, first, ana.id, Status.DONE))
    apply(project, set_status(project, first, ben.id, Status.IN_PROGRESS))
    apply(project, set_status(project, second, ana.id, Status.IN_PROGRESS))
    return first, second


def _values(qde: bytes) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """(variable name -> type, source guid -> {variable name: value})."""
    root = ET.fromstring(qde)
    variables = {v.get("guid"): (v.get("name"), v.get("typeOfVariable")) for v in root.iterfind(".//q:Variable", NS)}
    values: dict[str, dict[str, str]] = {}
    for src in root.iterfind(".//q:TextSource", NS):
        for vv in src.iterfind("q:VariableValue", NS):
            name = variables[vv.find("q:VariableRef", NS).get("targetGUID")][0]  # type: ignore[union-attr]
            values.setdefault(src.get("guid") or "", {})[name] = vv[1].text or ""
    return {n: t for n, t in variables.values()}, values


def test_status_is_one_readable_variable_per_coder(sample_project: Project, tmp_path: Path) -> None:
    first, second = _coded(sample_project)
    export_qdpx(sample_project, tmp_path / "out.qdpx")
    types, values = _values(validate_qdpx(tmp_path / "out.qdpx"))
    assert types["Newscoder status (Ana)"] == "Text" and types["Newscoder status (Ben Ng)"] == "Text"
    assert types["Newscoder status time (Ana)"] == "DateTime"
    assert "Newscoder status" not in types  # no JSON blob keyed by GUID any more
    assert values[first]["Newscoder status (Ana)"] == "done"
    assert values[first]["Newscoder status (Ben Ng)"] == "in progress"
    assert values[second]["Newscoder status (Ana)"] == "in progress"
    assert "Newscoder status (Ben Ng)" not in values[second]
    assert not any("{" in v for doc in values.values() for v in doc.values())


def test_statuses_round_trip_exactly(sample_project: Project, tmp_path: Path) -> None:
    _coded(sample_project)
    export_qdpx(sample_project, tmp_path / "out.qdpx")
    report = import_qdpx_new(tmp_path / "out.qdpx", tmp_path / "back.newscoder")
    assert report.dropped == []
    with Project.open(tmp_path / "back.newscoder") as back:
        assert _statuses(back) == _statuses(sample_project)


def _rewrite(path: Path, out: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w") as zout:
        for name in zin.namelist():
            data = zin.read(name)
            zout.writestr(name, edit(data.decode()).encode() if name == "project.qde" else data)
    return out


def test_a_status_edited_in_another_program_is_read(sample_project: Project, tmp_path: Path) -> None:
    first, _ = _coded(sample_project)
    export_qdpx(sample_project, tmp_path / "out.qdpx")

    def maxqda_edit(qde: str) -> str:  # Ben is set to "Done" by hand, and the program drops the time values
        root = ET.fromstring(qde)
        for src in root.iterfind(".//q:TextSource", NS):
            for vv in list(src.iterfind("q:VariableValue", NS)):
                if vv[1].tag.endswith("DateTimeValue"):
                    src.remove(vv)
                elif vv[1].text == "in progress" and src.get("guid") == first:
                    vv[1].text = "Done"
        return ET.tostring(root, encoding="unicode")

    edited = _rewrite(tmp_path / "out.qdpx", tmp_path / "edited.qdpx", maxqda_edit)
    import_qdpx_new(edited, tmp_path / "back.newscoder")
    with Project.open(tmp_path / "back.newscoder") as back:
        ben = back.coder_by_name("Ben Ng")
        assert ben is not None and back.status(first, ben.id) == Status.DONE


def test_an_unknown_status_text_is_reported(sample_project: Project, tmp_path: Path) -> None:
    _coded(sample_project)
    export_qdpx(sample_project, tmp_path / "out.qdpx")
    edited = _rewrite(tmp_path / "out.qdpx", tmp_path / "edited.qdpx", lambda q: q.replace(">done<", ">finished<"))
    report = import_qdpx_new(edited, tmp_path / "back.newscoder")
    assert any("'finished'" in line and "Newscoder status (Ana)" in line for line in report.dropped)


def test_legacy_json_status_is_still_read(sample_project: Project, tmp_path: Path) -> None:
    first, _ = _coded(sample_project)
    ana = sample_project.coder_by_name("Ana")
    assert ana is not None
    stamp = sample_project.conn.execute(
        "SELECT updated_at FROM document_status WHERE document_id = ? AND coder_id = ?", (first, ana.id)).fetchone()[0]
    sample_project.conn.execute("DELETE FROM document_status")
    sample_project.conn.commit()
    export_qdpx(sample_project, tmp_path / "out.qdpx")
    guid = "5b5a1d3e-0000-4000-8000-000000000001"
    blob = f'{{"{ana.id}": {{"status": "done", "updated_at": "{stamp}"}}}}'

    def add_legacy(qde: str) -> str:  # what Newscoder wrote before: one JSON text keyed by user GUID
        root = ET.fromstring(qde)
        q = "{urn:QDA-XML:project:1.0}"
        ET.SubElement(root.find("q:Variables", NS), q + "Variable",  # type: ignore[arg-type]
                      {"guid": guid, "name": "Newscoder status", "typeOfVariable": "Text"})
        src = next(s for s in root.iterfind(".//q:TextSource", NS) if s.get("guid") == first)
        vv = ET.SubElement(src, q + "VariableValue")
        ET.SubElement(vv, q + "VariableRef", {"targetGUID": guid})
        ET.SubElement(vv, q + "TextValue").text = blob
        return ET.tostring(root, encoding="unicode")

    report = import_qdpx_new(
        _rewrite(tmp_path / "out.qdpx", tmp_path / "legacy.qdpx", add_legacy), tmp_path / "b.newscoder"
    )
    assert report.dropped == []
    with Project.open(tmp_path / "b.newscoder") as back:
        assert back.status(first, ana.id) == Status.DONE


def test_variable_names_parse() -> None:
    assert parse_variable("Newscoder status (Ana)") == ("status", "Ana")
    assert parse_variable("Newscoder status time (Ben  Ng)") == ("time", "Ben Ng")
    assert parse_variable("Newscoder status") is None and parse_variable("Outlet") is None
    assert stored_status("In Progress") == "in_progress" and stored_status("done") == "done"
    assert stored_status("finished") is None
