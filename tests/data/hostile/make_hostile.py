"""Write the hostile article corpus in ``articles/`` (each file < 200 KB on disk).

Run: ``.venv/bin/python tests/data/hostile/make_hostile.py``. Every file here must
be refused by ``newscoder import articles`` with one clear line and no change to
the project. The 50 MB text file is not committed: the tests generate it.
"""

from __future__ import annotations

import random
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent / "articles"
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "articles"))

from make_articles import build_pdf  # noqa: E402

#: file name -> the words its refusal must contain
EXPECTED: dict[str, str] = {
    "binary.txt": "binary",
    "invalid-utf8.txt": "not valid UTF-8",
    "utf16-bom.txt": "UTF-16",
    "utf16-nobom.txt": "UTF-16",
    "utf16be-nobom.md": "UTF-16",
    "empty.txt": "empty",
    "whitespace-only.txt": "no article text",
    "front-matter-only.md": "no article text",
    "deep-nesting.html": "no article text",
    "bomb.docx": "zip bomb",
    "bomb-bzip2.docx": "zip bomb",
    "not-a-zip.docx": "not a valid .docx",
    "notext.pdf": "PDF has no text layer",
    "truncated.pdf": "not a readable PDF",
    "not-a-pdf.pdf": "not a PDF",
    "image.png.txt": "binary",
    # a <meta charset> naming a codec that is not a text encoding (a traceback on 944c888)
    "charset-rot13.html": "not a text encoding",
    "charset-base64.html": "not a text encoding",
    "charset-zlib.html": "not a text encoding",
}

TEXT = "North Korean troops were seen near the border, officials said. "


def _bomb(path: Path, size: int, method: int) -> None:
    chunk = b"\0" * (1 << 20)
    with zipfile.ZipFile(path, "w", compression=method) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            for _ in range(size >> 20):
                fh.write(chunk)


def main() -> None:
    HERE.mkdir(exist_ok=True)
    rng = random.Random(20241031)
    (HERE / "binary.txt").write_bytes(bytes(rng.randrange(256) for _ in range(4096)) + b"\0")
    (HERE / "invalid-utf8.txt").write_bytes(("Caf\u00e9 in Pyongyang. " + TEXT).encode("cp1252"))
    (HERE / "utf16-bom.txt").write_bytes(TEXT.encode("utf-16"))
    (HERE / "utf16-nobom.txt").write_bytes(TEXT.encode("utf-16-le"))
    (HERE / "utf16be-nobom.md").write_bytes(TEXT.encode("utf-16-be"))
    (HERE / "empty.txt").write_bytes(b"")
    (HERE / "whitespace-only.txt").write_bytes(b" \n\t\r\n  \n")
    (HERE / "front-matter-only.md").write_bytes(b"---\ntitle: Nothing here\n---\n")
    depth = 10_000
    (HERE / "deep-nesting.html").write_bytes(
        b"<html><head><title>deep</title></head><body>" + b"<div>" * depth + b"</div>" * depth + b"</body></html>"
    )
    _bomb(HERE / "bomb.docx", 150 << 20, zipfile.ZIP_DEFLATED)
    _bomb(HERE / "bomb-bzip2.docx", 1 << 30, zipfile.ZIP_BZIP2)
    (HERE / "not-a-zip.docx").write_bytes(TEXT.encode() * 10)
    (HERE / "notext.pdf").write_bytes(build_pdf([]))
    (HERE / "truncated.pdf").write_bytes(build_pdf(["Some text that is cut off."])[:300])
    (HERE / "not-a-pdf.pdf").write_bytes(TEXT.encode())
    png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(rng.randrange(256) for _ in range(200))
    (HERE / "image.png.txt").write_bytes(png)
    for codec in ("rot13", "base64", "zlib_codec"):
        name = {"zlib_codec": "zlib"}.get(codec, codec)
        (HERE / f"charset-{name}.html").write_bytes(
            f'<html><head><meta charset="{codec}"><title>t</title></head><body><p>'.encode()
            + "Caf\u00e9 in Pyongyang. ".encode("cp1252") + TEXT.encode() + b"</p></body></html>"
        )
    for path in sorted(HERE.iterdir()):
        assert path.stat().st_size < 200_000, path


if __name__ == "__main__":
    main()
