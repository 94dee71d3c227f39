"""Smoke test of the PyInstaller bundle (not in the default test run).

    packaging/build.sh && .venv/bin/python -m pytest tests/packaging

Uses ``dist/newscoder/newscoder`` if it exists (set ``NEWSCODER_REBUILD=1`` to build anew),
otherwise builds it with ``packaging/build.sh`` first (about 30 s to a few minutes).
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BUNDLE = REPO / "dist" / "newscoder"
EXE = BUNDLE / "newscoder"
SAMPLES = REPO / "sample_articles"


@pytest.fixture(scope="session")
def exe() -> Path:
    if os.environ.get("NEWSCODER_REBUILD") or not EXE.exists():
        proc = subprocess.run(["bash", str(REPO / "packaging" / "build.sh")], cwd=REPO,
                              capture_output=True, text=True, timeout=1800)
        assert proc.returncode == 0, proc.stderr[-4000:]
    assert EXE.is_file() and os.access(EXE, os.X_OK)
    return EXE


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A clean environment: no venv on PATH, no PYTHONPATH, a temp NEWSCODER_HOME."""
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "settings.json").write_text(json.dumps({"coder_name": "smoke"}), encoding="utf-8")
    keep = {k: v for k, v in os.environ.items() if k in ("HOME", "LANG", "LC_ALL", "TMPDIR", "USER")}
    return {**keep, "PATH": "/usr/bin:/bin", "NEWSCODER_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}


def run(exe: Path, env: dict[str, str], *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(exe), *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120)


def test_version(exe: Path, env: dict[str, str]) -> None:
    from newscoder import __version__

    proc = run(exe, env, "--version")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"newscoder {__version__}"


def test_help_lists_the_commands(exe: Path, env: dict[str, str]) -> None:
    proc = run(exe, env, "--help")
    assert proc.returncode == 0, proc.stderr
    for command in ("import", "export", "merge", "agreement", "info", "backup"):
        assert command in proc.stdout


def test_bundle_carries_resources_and_samples(exe: Path) -> None:
    internal = exe.parent / "_internal"
    assert (internal / "resources" / "codebook" / "default.json").is_file()
    assert sorted(p.name for p in (internal / "sample_articles").iterdir()) == sorted(
        p.name for p in SAMPLES.iterdir()
    )
    assert not list(internal.rglob("libQt6Quick*")), "QtQuick should be excluded"


def test_import_export_and_info_headless(exe: Path, env: dict[str, str], tmp_path: Path) -> None:
    project = tmp_path / "smoke.newscoder"
    proc = run(exe, env, "-p", str(project), "import", "articles", str(SAMPLES))
    assert proc.returncode == 0, proc.stderr
    proc = run(exe, env, "-p", str(project), "info")
    assert proc.returncode == 0, proc.stderr
    assert "5" in proc.stdout
    out = tmp_path / "segments.csv"
    proc = run(exe, env, "-p", str(project), "export", "segments", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    header = next(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert {"document_id", "code", "coder", "start", "end"} <= set(header)


def test_search_autocode_and_agreement_with_gamma_run_in_the_bundle(
    exe: Path, env: dict[str, str], tmp_path: Path
) -> None:
    """The lazily imported parts of the analysis (regex, scipy for γ) are in the bundle."""
    project = tmp_path / "study.newscoder"
    assert run(exe, env, "-p", str(project), "import", "articles", str(SAMPLES)).returncode == 0
    proc = run(exe, env, "-p", str(project), "search", "#troops", "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    hits = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert len(hits) >= 5
    rows = []
    for n, hit in enumerate(hits):
        for coder in ("Ana", "Ben"):
            end = int(hit["end"]) if coder == "Ana" or n % 3 else int(hit["end"]) - 2
            rows.append({"segment_id": f"00000000-0000-4000-8000-{len(rows):012d}", "document_id": hit["document_id"],
                         "coder": coder, "code": "estimate", "start": hit["start"], "end": str(end),
                         "created_at": "2026-12-01T10:00:00Z", "updated_at": "2026-12-01T10:00:00Z"})
    segments = tmp_path / "segments.csv"
    with segments.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    proc = run(exe, env, "-p", str(project), "import", "segments", str(segments))
    assert proc.returncode == 0, proc.stderr
    proc = run(exe, env, "-p", str(project), "agreement", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert "gamma" in proc.stdout and "alpha_u" in proc.stdout
    report = tmp_path / "compare.html"  # matplotlib (imported lazily) draws the report's SVG charts
    proc = run(exe, env, "-p", str(project), "compare", "--format", "html", "-o", str(report))
    assert proc.returncode == 0, proc.stderr
    assert "<svg" in report.read_text(encoding="utf-8")


def test_suggestions_load_the_bundled_model_without_network(exe: Path, env: dict[str, str], tmp_path: Path) -> None:
    """Issue 19: the model files are in the bundle, and learned suggestions run from them."""
    model = exe.parent / "_internal" / "newscoder" / "core" / "suggest" / "model"
    added = sum(p.stat().st_size for p in model.iterdir())
    assert (model / "l2_supercat_256.safetensors").is_file() and added <= 25 * 1024 * 1024
    project = tmp_path / "s.newscoder"
    assert run(exe, env, "-p", str(project), "import", "articles", str(SAMPLES)).returncode == 0
    proc = run(exe, env, "-p", str(project), "search", "denied", "--format", "csv")
    hit = next(csv.DictReader(io.StringIO(proc.stdout)))
    seg = tmp_path / "seg.csv"
    seg.write_text(f"document_id,coder,code,start,end\n{hit['document_id']},Ana,denial,{hit['start']},{hit['end']}\n",
                   encoding="utf-8")
    assert run(exe, env, "-p", str(project), "import", "segments", str(seg)).returncode == 0
    proc = run(exe, env, "-p", str(project), "suggest", "--learn-from", "Ana", "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert rows and {r["code"] for r in rows} >= {"estimate", "denial"}
    assert "learned from Ana" in proc.stderr


def test_default_project_is_seeded_from_the_bundled_samples(exe: Path, env: dict[str, str]) -> None:
    """No -p: the default project is created under NEWSCODER_HOME from the bundle's samples."""
    proc = run(exe, env, "info")
    assert proc.returncode == 0, proc.stderr
    assert (Path(env["NEWSCODER_HOME"]) / "default.newscoder").is_file()


def test_a_user_error_is_one_line_not_a_traceback(exe: Path, env: dict[str, str], tmp_path: Path) -> None:
    proc = run(exe, env, "-p", str(tmp_path / "missing.newscoder"), "info")
    assert proc.returncode == 1
    assert proc.stderr.startswith("newscoder: ") and "Traceback" not in proc.stderr


@pytest.fixture
def gui(exe: Path, env: dict[str, str], tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    project = tmp_path / "gui.newscoder"
    assert run(exe, env, "-p", str(project), "import", "articles", str(SAMPLES)).returncode == 0
    log = (tmp_path / "gui.log").open("w")
    proc = subprocess.Popen([str(exe), "-p", str(project)], env={**env, "NEWSCODER_GUI_EXIT_AFTER_START": "1"},
                            stdout=log, stderr=subprocess.STDOUT, text=True)
    yield proc
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    log.close()


def test_gui_starts_offscreen(gui: subprocess.Popen[str], tmp_path: Path) -> None:
    """The window opens: either the app closes itself (NEWSCODER_GUI_EXIT_AFTER_START) with
    status 0, or it is still alive after a few seconds (then we close it)."""
    deadline = time.monotonic() + 20
    alive_since = time.monotonic()
    while gui.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    output = (tmp_path / "gui.log").read_text(encoding="utf-8", errors="replace")
    if gui.returncode is None:
        assert time.monotonic() - alive_since >= 3
    else:
        assert gui.returncode == 0, output[-3000:]
    assert "Traceback" not in output, output[-3000:]
    assert "Could not load the Qt platform plugin" not in output


def test_bundle_size_is_reasonable(exe: Path) -> None:
    total = sum(p.stat().st_size for p in exe.parent.rglob("*") if p.is_file() and not p.is_symlink())
    # Qt (~95 MiB) and numpy with its OpenBLAS (~50 MiB) were 255 MiB in all; SciPy for γ's exact
    # alignment (linear assignment, HiGHS) adds ~65 MiB with its own OpenBLAS, unused parts left out;
    # matplotlib for the comparison charts ~45 MiB with Pillow, fontTools and kiwisolver; the suggestion
    # model (issue 19) 17.4 MiB of data; Qt's own translations (never loaded) are left out, 7 MiB
    # (343 MiB in all on 2026-12-01).
    assert total < 350 * 1024 * 1024, f"the bundle grew to {total / 2**20:.0f} MiB"


@pytest.mark.skipif(shutil.which("ldd") is None, reason="no ldd")
def test_bundled_qt_platform_plugins_resolve(exe: Path) -> None:
    """Every library the xcb and offscreen plugins need is in the bundle or on the system."""
    internal = exe.parent / "_internal"
    libdirs = f"{internal}:{internal / 'PySide6' / 'Qt' / 'lib'}"
    for plugin in ("libqxcb.so", "libqoffscreen.so"):
        path = internal / "PySide6" / "Qt" / "plugins" / "platforms" / plugin
        proc = subprocess.run(["ldd", str(path)], capture_output=True, text=True,
                              env={"LD_LIBRARY_PATH": libdirs})
        assert "not found" not in proc.stdout, proc.stdout


def test_install_linux_and_uninstall(exe: Path, tmp_path: Path) -> None:
    prefix = tmp_path / "prefix"
    script = REPO / "packaging" / "install-linux.sh"
    proc = subprocess.run(["bash", str(script), "--prefix", str(prefix)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    app_id = "org.newscoder.Newscoder"
    desktop = prefix / "share" / "applications" / f"{app_id}.desktop"
    assert f"Exec={prefix}/bin/newscoder %f" in desktop.read_text(encoding="utf-8").splitlines()
    assert (prefix / "share" / "metainfo" / f"{app_id}.metainfo.xml").is_file()
    assert (prefix / "share" / "mime" / "packages" / f"{app_id}.xml").is_file()
    assert (prefix / "share" / "icons" / "hicolor" / "256x256" / "apps" / f"{app_id}.png").is_file()
    assert (prefix / "share" / "icons" / "hicolor" / "scalable" / "apps" / f"{app_id}.svg").is_file()
    version = subprocess.run([str(prefix / "bin" / "newscoder"), "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.startswith("newscoder ")
    proc = subprocess.run(["bash", str(script), "--prefix", str(prefix), "--uninstall"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert not desktop.exists() and not (prefix / "bin" / "newscoder").exists()
    assert not (prefix / "lib" / "newscoder").exists()
