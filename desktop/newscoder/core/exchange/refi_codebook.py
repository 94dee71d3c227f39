"""REFI-QDA codebook exchange (``.qdc``, namespace ``urn:QDA-XML:codebook:1.0``).

Export keeps the hierarchy, colours and descriptions (GUIDs are our code
UUIDs). Import matches codes by GUID, then by case-insensitive name, and
reports what was added and what was already here. Shortcuts and the archived
flag have no place in REFI-QDA and are not written.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from newscoder.core.errors import InputError, UserError
from newscoder.core.exchange.bundle import Bundle, InCode
from newscoder.core.exchange.merge import merge_bundle
from newscoder.core.exchange.refi_common import (
    CODEBOOK_NS,
    ORIGIN,
    Dropped,
    canonical_guid,
    child_text,
    children,
    color_or_none,
    derived_guid,
    local,
    our_guid,
    xml_safe,
)
from newscoder.core.exchange.safezip import atomic_output, parse_xml
from newscoder.core.records import Code
from newscoder.core.store import Project

#: A .qdc is small; refuse anything absurd before parsing it.
MAX_QDC_BYTES = 64 * 1024 * 1024


@dataclass
class ExportReport:
    path: Path
    what: str
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        parts = ", ".join(f"{n} {k}" for k, n in self.counts.items())
        return [f"Wrote {self.what} {self.path}: {parts}"] + [f"  note: {n}" for n in self.notes]


@dataclass
class CodebookImportReport:
    path: Path
    added: list[str] = field(default_factory=list)
    already_here: int = 0
    notes: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"Imported the codebook {self.path}: {len(self.added)} codes added, {self.already_here} already here"]
        out += [f"  + {name}" for name in self.added]
        out += [f"  note: {n}" for n in self.notes]
        out += [f"  dropped: {d}" for d in self.dropped]
        return out


def build_codes(project: Project, ns: str, parent: Element) -> int:
    """Append ``<Codes>`` with the live codebook as a tree under ``parent``; return the count."""
    from newscoder.core.exchange.refi_attributes import with_definitions

    codes = project.codes()
    if not codes:
        return 0
    definitions = project.code_attribute_json()
    known = {c.id for c in codes}
    kids: dict[str | None, list[Code]] = {}
    for code in codes:
        key = code.parent_id if code.parent_id in known else None
        kids.setdefault(key, []).append(code)
    holder = ET.SubElement(parent, f"{{{ns}}}Codes")

    def add(into: Element, code: Code) -> None:
        elem = ET.SubElement(
            into,
            f"{{{ns}}}Code",
            {"guid": our_guid(code.id), "name": code.name, "isCodable": "true", "color": code.color.upper()},
        )
        description = with_definitions(code.description, definitions.get(code.id, "[]"))
        if description:
            ET.SubElement(elem, f"{{{ns}}}Description").text = description
        for sub in kids.get(code.id, []):
            add(elem, sub)

    for top in kids.get(None, []):
        add(holder, top)
    return len(codes)


def to_bytes(root: Element) -> bytes:
    for elem in root.iter():
        if elem.text:
            elem.text = xml_safe(elem.text)
        for key, value in elem.attrib.items():
            elem.set(key, xml_safe(value))
    ET.indent(root, space=" ")
    data = ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
    # XML parsers turn a raw CR (and CRLF) in text into LF; ElementTree escapes CR
    # only in attributes, so the CRs left are in text: write them as references.
    return data.replace(b"\r", b"&#13;")


def export_codebook(project: Project, path: str | Path) -> ExportReport:
    """Write the codebook as a ``.qdc`` file (atomically)."""
    path = Path(path)
    ET.register_namespace("", CODEBOOK_NS)
    root = Element(f"{{{CODEBOOK_NS}}}CodeBook", {"origin": ORIGIN})
    count = build_codes(project, CODEBOOK_NS, root)
    if count == 0:
        raise UserError("the codebook is empty; there is nothing to export")
    data = to_bytes(root)
    with atomic_output(path, protect=[project.path]) as fh:
        fh.write(data)
    return ExportReport(path, "the codebook", {"codes": count})


def read_codes(codes_elem: Element | None, dropped: Dropped, where: str) -> list[InCode]:
    """The codes of a ``<Codes>`` element, parents before children."""
    out: list[InCode] = []
    seen: set[str] = set()

    def visit(elem: Element, parent: str | None, depth: int) -> None:
        name = " ".join((elem.get("name") or "").split())
        guid = canonical_guid(elem.get("guid"))
        if guid is None or guid in seen:
            guid = derived_guid("code", where, name, str(len(out)))
        if not name:
            dropped.add(f"a code without a name (guid {elem.get('guid')!r}) and the codings that use it")
            return
        seen.add(guid)
        from newscoder.core.exchange.refi_attributes import split_definitions

        description, definitions, problem = split_definitions(child_text(elem, "Description"))
        if problem:
            dropped.add(f"code {name!r}: {problem}")
        out.append(InCode(id=guid, name=name, description=description,
                          color=color_or_none(elem.get("color")), parent_id=parent, attributes=definitions))
        for sub in children(elem, "Code"):
            if depth > 200:
                dropped.add(f"codes nested deeper than 200 levels under {name!r}")
                return
            visit(sub, guid, depth + 1)

    if codes_elem is not None:
        for elem in children(codes_elem, "Code"):
            visit(elem, None, 0)
    return out


def import_codebook(project: Project, path: str | Path) -> CodebookImportReport:
    """Add a ``.qdc`` file's codes that this project lacks (one transaction)."""
    path = Path(path)
    try:
        from newscoder.core.inputs import read_regular

        data = read_regular(path, MAX_QDC_BYTES)
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{path}: is a folder, not a codebook file") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from exc
    root = parse_xml(data, str(path))
    if local(root.tag) != "CodeBook":
        raise InputError(f"{path}: not a REFI-QDA codebook (the root element is <{local(root.tag)}>, not <CodeBook>)")
    dropped = Dropped()
    codes = read_codes(next(iter(children(root, "Codes")), None), dropped, str(path))
    if children(root, "Sets"):
        dropped.count("code sets (Newscoder has no sets)", sum(len(children(s, "Set")) for s in children(root, "Sets")))
    if not codes and not dropped:
        raise InputError(f"{path}: the codebook holds no codes")
    merged = merge_bundle(project, Bundle(label=str(path), codes=codes))
    return CodebookImportReport(
        path, added=merged.codes_added, already_here=len(codes) - len(merged.codes_added) - len(merged.skipped),
        notes=merged.notes + merged.skipped, dropped=dropped.lines(),
    )
