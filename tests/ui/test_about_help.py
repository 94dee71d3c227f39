"""Help menu: About (version, licence, project file, Qt/PySide), coding guide, agreement definitions."""

from __future__ import annotations

import subprocess
import sys

import PySide6
from PySide6.QtCore import qVersion

from newscoder import __version__
from newscoder.core import agreement
from newscoder.ui.actions import ActionId


def test_about_names_version_licence_project_and_qt(main_window) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    w.action(ActionId.ABOUT).trigger()
    dialog = w.help_pages.page("about")
    assert dialog.isVisible()
    text = dialog.label.text()
    for needle in (__version__, "GPL-3.0-or-later", str(w.project.path.resolve()), PySide6.__version__, qVersion()):
        assert needle in text, needle
    dialog.close()


def test_coding_guide_names_each_code_and_key(main_window) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    page = w.help_pages.coding_guide().browser.toPlainText()
    for code in w.project.codes(include_archived=False):
        assert code.name in page
        assert code.shortcut in page
    assert "Select a span" in page


def test_agreement_definitions_rendered_from_markdown(main_window) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    page = w.help_pages.agreement_definitions()
    shown = page.browser.toPlainText()
    first_heading = agreement.definitions().splitlines()[0].lstrip("# ").strip()
    assert first_heading in shown
    assert "#" not in shown.splitlines()[0]  # rendered, not raw markdown
    page.close()


def test_help_pages_reuse_one_window(main_window) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    first = w.help_pages.shortcuts_help()
    second = w.help_pages.shortcuts_help()
    assert not first.isVisible() and second.isVisible()
    second.close()


def test_version_flag() -> None:
    out = subprocess.run([sys.executable, "-m", "newscoder", "--version"], capture_output=True, text=True, timeout=60)
    assert __version__ in out.stdout + out.stderr
