"""Where Newscoder keeps its files.

``NEWSCODER_HOME`` moves everything Newscoder writes (default project, settings,
recent files, backups). Without it, platformdirs' per-user directories are used.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "Newscoder"
PROJECT_SUFFIX = ".newscoder"


def home() -> Path:
    """The root of everything Newscoder writes for this user."""
    override = os.environ.get("NEWSCODER_HOME")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    override = os.environ.get("NEWSCODER_HOME")
    if override:
        return Path(override).expanduser() / "config"
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def default_project_path() -> Path:
    return home() / f"default{PROJECT_SUFFIX}"


def backups_dir() -> Path:
    return home() / "backups"


def _repo_root() -> Path:
    return Path(__file__).resolve().parents[3]


def _bundle_root() -> Path | None:
    base = getattr(sys, "_MEIPASS", None)  # set by a PyInstaller bundle
    return Path(base) if base else None


def resources_dir() -> Path:
    """The ``resources/`` folder (icons, default codebook, styles)."""
    bundle = _bundle_root()
    if bundle is not None and (bundle / "resources").is_dir():
        return bundle / "resources"
    return _repo_root() / "resources"


def sample_articles_dir() -> Path:
    """The ``sample_articles/`` folder shipped with the app."""
    bundle = _bundle_root()
    if bundle is not None and (bundle / "sample_articles").is_dir():
        return bundle / "sample_articles"
    return _repo_root() / "sample_articles"
