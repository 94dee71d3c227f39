"""Issue 11 item 11: two windows (processes) writing settings.json at once lose neither's settings.

Two real processes (tests/reliability/settings_worker.py) each write their own
keys and recent projects as fast as they can into one NEWSCODER_HOME.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newscoder.core import settings

WORKER = Path(__file__).resolve().parents[1] / "reliability" / "settings_worker.py"
ROUNDS = 150


def test_two_processes_writing_settings_lose_nothing(newscoder_home: Path) -> None:
    settings.put("coder_name", "Alice")
    procs = [subprocess.Popen([sys.executable, str(WORKER), name, str(ROUNDS)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env={**os.environ})
             for name in ("left", "right")]
    outs = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, outs, strict=True):
        assert proc.returncode == 0 and out.strip() == "done", err  # no traceback from a torn write
    data = json.loads(settings.settings_path().read_text(encoding="utf-8"))
    missing = [f"{n}-{i}" for n in ("left", "right") for i in range(ROUNDS) if data.get(f"{n}-{i}") != i]
    print(f"\n2 processes x {ROUNDS} rounds: {len(missing)} keys lost")
    assert missing == []
    assert data["coder_name"] == "Alice"
    recent = set(data["recent_projects"])
    assert {f"/projects/{n}-{k}.newscoder" for n in ("left", "right") for k in range(3)} <= recent
    leftovers = [p.name for p in settings.settings_path().parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_update_keeps_keys_written_by_another_window_meanwhile() -> None:
    settings.put("ui_geometry", "old")
    stale = settings.load()  # a window read the settings…
    settings.put("coder_name", "Bob")  # …another window wrote meanwhile…
    stale["ui_geometry"] = "new"
    settings.update({"ui_geometry": stale["ui_geometry"]})  # …the first writes only its own key
    assert settings.get("coder_name") == "Bob" and settings.get("ui_geometry") == "new"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(monkeypatch: pytest.MonkeyPatch) -> None:
    settings.put("coder_name", "Alice")

    def broken(*_a: object, **_k: object) -> str:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(json, "dumps", broken)
        with pytest.raises(OSError):
            settings.put("coder_name", "Bob")
    assert settings.get("coder_name") == "Alice"
    assert [p.name for p in settings.settings_path().parent.iterdir() if p.name.endswith(".tmp")] == []
