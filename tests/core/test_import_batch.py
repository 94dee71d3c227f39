"""One bad file never costs the rest of the batch: 500 articles through the real CLI.

On 944c888 each of these raised a traceback and stored none of the 500:
an HTML ``<meta charset>`` naming rot13, base64 or zlib_codec; a file name
with a byte that is not UTF-8; a PDF glyph that maps to a lone surrogate.
Now the charsets are refused with a reason, the other two are imported (with
U+FFFD where the character cannot be stored), and the rest of the batch is in.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from newscoder.core.importers import import_paths
from newscoder.core.store import Project
from tests.conftest import REPO

HOSTILE = REPO / "tests" / "data" / "hostile" / "articles"
CHARSETS = ["charset-rot13.html", "charset-base64.html", "charset-zlib.html"]


def surrogate_pdf() -> bytes:
    """A one-page PDF whose font maps the glyph 'A' to the lone surrogate U+D800."""
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def /CMapType 2 def\n"
            b"1 begincodespacerange <00> <FF> endcodespacerange\n"
            b"2 beginbfrange <20> <40> <0020> <42> <7E> <0042> endbfrange\n"
            b"1 beginbfchar <41> <D800> endbfchar\n"
            b"endcmap CMapName currentdict /CMap defineresource pop end end")
    stream = b"BT /F1 12 Tf 72 720 Td (Troops A crossed the border) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        f"<< /Length {len(cmap)} >>\nstream\n".encode() + cmap + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def batch(folder: Path, good: int) -> None:
    folder.mkdir()
    for i in range(good):
        (folder / f"a{i:03d}.txt").write_text(f"Article {i}: troops were seen near the border.\n", encoding="utf-8")
    for name in CHARSETS:
        (folder / name).write_bytes((HOSTILE / name).read_bytes())
    (folder / "surrogate.pdf").write_bytes(surrogate_pdf())
    fd = os.open(os.fsencode(folder) + b"/caf\xe9-latin1-name.txt", os.O_WRONLY | os.O_CREAT, 0o644)
    os.write(fd, b"Troops near the border, from a file with a Latin-1 name.\n")
    os.close(fd)


def test_500_file_batch_with_bad_files_through_the_cli(tmp_path: Path, newscoder_home: Path) -> None:
    folder = tmp_path / "in"
    batch(folder, 495)
    project = tmp_path / "p.newscoder"
    env = dict(os.environ, NEWSCODER_HOME=str(newscoder_home))
    done = subprocess.run([sys.executable, "-m", "newscoder", "import", "articles", "-p", str(project), str(folder)],
                          capture_output=True, text=True, timeout=300, env=env)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1
    assert done.stdout.strip().splitlines()[-1] == "imported 497, duplicates 0, failed 3"
    failed = done.stderr.strip().splitlines()
    assert len(failed) == 3 and all("not a text encoding" in line for line in failed)
    assert {line.split(": ", 1)[0] for line in failed} == {str(folder / n) for n in CHARSETS}
    with Project.open(project) as p:
        docs = {d.title: d for d in p.documents()}
        assert len(docs) == 497
        assert "caf\ufffd-latin1-name" in docs
        pdf = p.document(docs["surrogate"].id)
        assert pdf is not None and pdf.text == "Troops \ufffd crossed the border"


def test_a_row_that_cannot_be_stored_costs_only_itself(fresh_project: Project, tmp_path: Path) -> None:
    """Even an error the readers did not foresee (here: the storage refuses one row) stays with its file."""
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(5):
        (folder / f"a{i}.md").write_text(f"---\ntitle: {'T' * (2000 if i == 2 else 5)}{i}\n---\nText {i}.\n",
                                         encoding="utf-8")
    fresh_project.conn.execute(
        "CREATE TEMP TRIGGER refuse_one BEFORE INSERT ON main.documents WHEN NEW.text = 'Text 3.\n' "
        "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")
    result = import_paths(fresh_project, [folder])
    assert sorted(p.name for p in result.imported_paths) == ["a0.md", "a1.md", "a2.md", "a4.md"]
    assert [(p.name, "refused by the test" in r) for p, r in result.failed] == [("a3.md", True)]
    long_title = next(d.title for d in result.imported if d.title.endswith("…"))
    assert len(long_title) == 1000
