"""Write the binary article fixtures (.docx, .pdf) in this folder.

Run: ``.venv/bin/python tests/data/articles/make_articles.py``. The files are
committed; the tests also call these builders to make variants in tmp_path.
"""

from __future__ import annotations

import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _escape_pdf(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def build_pdf(lines: list[str], *, title: str = "", author: str = "", compress: bool = False) -> bytes:
    """A minimal one-page PDF; with ``lines`` empty, the page only draws a box (no text layer)."""
    if lines:
        ops = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
        for line in lines:
            ops.append(f"({_escape_pdf(line)}) Tj T*")
        ops.append("ET")
    else:
        ops = ["0.5 g", "72 400 300 200 re f"]
    stream = "\n".join(ops).encode("latin-1")
    filters = ""
    if compress:
        stream = zlib.compress(stream)
        filters = " /Filter /FlateDecode"
    info = ""
    if title or author:
        info = f"<< /Title ({_escape_pdf(title)}) /Author ({_escape_pdf(author)}) >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)}{filters} >>\nstream\n".encode() + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    if info:
        objects.append(info.encode("latin-1"))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    trailer = f"<< /Size {len(objects) + 1} /Root 1 0 R"
    if info:
        trailer += f" /Info {len(objects)} 0 R"
    out += f"trailer\n{trailer} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def build_docx(path: Path, paragraphs: list[str], *, title: str = "", author: str = "") -> Path:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.core_properties.title = title
    document.core_properties.author = author
    document.save(str(path))
    return path


PDF_LINES = ["Seoul says the troops moved north.", "Officials denied the report."]
DOCX_PARAGRAPHS = ["Kyiv claims 3,000 soldiers arrived.", "", "Moscow denies it \u2014 \u201cfake\u201d."]


def main() -> None:
    (HERE / "report.pdf").write_bytes(
        build_pdf(PDF_LINES, title="Troops move north", author="Jane Roe")
    )
    build_docx(HERE / "memo.docx", DOCX_PARAGRAPHS, title="Kyiv claims", author="Ann Author")


if __name__ == "__main__":
    main()
