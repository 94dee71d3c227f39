"""The core and the CLI's subcommands must never import Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import newscoder

PACKAGE = Path(newscoder.__file__).parent


def _modules(sub: str) -> list[str]:
    root = PACKAGE / sub
    names = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return names


def _imports_qt(modules: list[str]) -> list[str]:
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print(','.join(sorted(k for k in sys.modules if k.split('.')[0] in ('PySide6', 'shiboken6'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return [m for m in out.stdout.strip().split(",") if m]


def test_core_imports_no_qt() -> None:
    modules = _modules("core")
    assert "newscoder.core.store" in modules
    assert _imports_qt(modules) == []


def test_cli_commands_import_no_qt() -> None:
    modules = ["newscoder.cli", *_modules("commands")]
    assert _imports_qt(modules) == []


def test_the_check_can_fail() -> None:
    """Guard the guard: importing the UI package does pull Qt in."""
    assert "PySide6.QtCore" in _imports_qt(["PySide6.QtCore"])
