"""Linux desktop integration files: the .desktop entry, the MIME type, AppStream metainfo, icons."""

from __future__ import annotations

import configparser
import shutil
import struct
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LINUX = REPO / "resources" / "linux"
ICONS = REPO / "resources" / "icons"
APP_ID = "org.newscoder.Newscoder"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
MIME = LINUX / f"{APP_ID}.mime.xml"
MIME_TYPE = "application/x-newscoder-project"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


def _entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(DESKTOP.read_text(encoding="utf-8"))
    assert parser.sections() == ["Desktop Entry"]
    return parser["Desktop Entry"]


def _list(value: str) -> list[str]:
    assert value.endswith(";"), f"a desktop-entry list ends with ';': {value!r}"
    return value[:-1].split(";")


def _console_script() -> str:
    data = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    (name,) = data["project"]["scripts"]
    return str(name)


@pytest.mark.parametrize(
    "key", ["Type", "Name", "GenericName", "Comment", "Exec", "Icon", "Categories", "MimeType", "Keywords"]
)
def test_desktop_entry_has_key(key: str) -> None:
    assert _entry().get(key, "").strip(), f"{DESKTOP.name} lacks {key}"


def test_desktop_entry_launches_the_console_script_with_a_file() -> None:
    entry = _entry()
    assert entry["Type"] == "Application"
    argv = entry["Exec"].split()
    assert argv[0] == _console_script() == "newscoder"
    assert argv[1:] == ["%f"]
    assert entry["TryExec"] == argv[0]
    assert entry["Terminal"] == "false"


def test_desktop_entry_icon_is_the_app_id_and_the_icon_files_exist() -> None:
    assert _entry()["Icon"] == APP_ID == DESKTOP.stem
    assert (ICONS / f"{APP_ID}.svg").is_file()


def test_desktop_entry_lists() -> None:
    entry = _entry()
    assert _list(entry["Categories"])[:3] == ["Office", "Science", "Education"]
    assert _list(entry["MimeType"]) == [MIME_TYPE]
    assert "qualitative coding" in _list(entry["Keywords"])


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")
def test_desktop_file_validate_finds_no_error() -> None:
    proc = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    errors = [line for line in proc.stdout.splitlines() if ": error:" in line]
    assert proc.returncode == 0 and not errors, proc.stdout


def test_metainfo_is_well_formed_with_the_right_ids() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("name") == "Newscoder"
    assert root.findtext("project_license") == "GPL-3.0-or-later"
    launchable = root.find("launchable")
    assert launchable is not None and launchable.text == DESKTOP.name
    assert [b.text for b in root.iter("binary")] == ["newscoder"]
    assert [m.text for m in root.iter("mediatype")] == [MIME_TYPE]
    version = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert version in [r.get("version") for r in root.iter("release")], "add a <release> for this version"
    for image in root.iter("image"):
        assert (image.text or "").startswith("https://")


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream not installed")
def test_appstreamcli_validates_the_metainfo() -> None:
    proc = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mime_type_matches_the_project_suffix_and_application_id() -> None:
    from newscoder.core.paths import PROJECT_SUFFIX
    from newscoder.core.schema import APPLICATION_ID

    root = ET.parse(MIME).getroot()
    (mime,) = root.findall(f"{MIME_NS}mime-type")
    assert mime.get("type") == MIME_TYPE
    assert [g.get("pattern") for g in mime.findall(f"{MIME_NS}glob")] == [f"*{PROJECT_SUFFIX}"]
    inner = mime.find(f"{MIME_NS}magic/{MIME_NS}match/{MIME_NS}match")
    assert inner is not None and int(inner.get("value", ""), 16) == APPLICATION_ID
    assert inner.get("offset") == "68"


def test_a_project_file_carries_the_magic_the_mime_type_expects(project_path: Path) -> None:
    from newscoder.core.store import Project

    Project.create(project_path).close()
    header = project_path.read_bytes()[:72]
    assert header.startswith(b"SQLite format 3")
    assert struct.unpack(">I", header[68:72])[0] == 0x4E534344


@pytest.mark.parametrize("size", PNG_SIZES)
def test_png_icon_has_its_size(size: int) -> None:
    path = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    assert (width, height) == (size, size)
