"""Per-machine settings kept as JSON under ``NEWSCODER_HOME`` (or the user config dir).

Qt-free so the CLI and the GUI share them: the last project, recent projects,
the coder's name, and opaque UI state the GUI stores (geometry, splitters).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from newscoder.core import paths

MAX_RECENT = 10


def settings_path() -> Path:
    return paths.config_dir() / "settings.json"


def load() -> dict[str, Any]:
    path = settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save(data: dict[str, Any]) -> None:
    """Write settings atomically (a torn write never loses the old file)."""
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def get(key: str, default: Any = None) -> Any:
    return load().get(key, default)


def put(key: str, value: Any) -> None:
    data = load()
    data[key] = value
    save(data)


def note_project_opened(path: Path) -> None:
    """Remember ``path`` as the last project and at the top of the recent list."""
    data = load()
    resolved = str(Path(path).resolve())
    recent = [p for p in data.get("recent_projects", []) if p != resolved]
    data["recent_projects"] = [resolved, *recent][:MAX_RECENT]
    data["last_project"] = resolved
    save(data)


def recent_projects() -> list[Path]:
    return [Path(p) for p in get("recent_projects", [])]


def last_project() -> Path | None:
    value = get("last_project")
    return Path(value) if value else None
