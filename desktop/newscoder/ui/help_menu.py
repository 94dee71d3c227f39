"""The Help menu's pages: shortcuts, the coding guide, agreement definitions, About.

Each page is non-modal and shown once: asking again replaces the page shown before.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QMainWindow

from newscoder.core.records import Code
from newscoder.core.store import Project


class HelpMenuController(QObject):
    """Help ▸ Keyboard shortcuts, Coding guide, Agreement definitions, About."""

    def __init__(self, window: QMainWindow, codes: Callable[[], list[Code]],
                 project: Callable[[], Project | None]) -> None:
        super().__init__(window)
        self.window = window
        self._codes, self._project = codes, project
        self._pages: dict[str, QDialog] = {}

    def page(self, name: str) -> QDialog | None:
        """The page last shown under ``name`` (``shortcuts``, ``guide``, ``definitions``, ``about``)."""
        return self._pages.get(name)

    def _show(self, name: str, page: QDialog) -> QDialog:
        old = self._pages.get(name)
        if old is not None:
            old.close()
        page.show()
        self._pages[name] = page
        return page

    def shortcuts_help(self) -> QDialog:
        from newscoder.ui import help_dialogs

        return self._show("shortcuts", help_dialogs.shortcuts_page(self.window))

    def coding_guide(self) -> QDialog:
        from newscoder.ui import help_dialogs

        codes = [(c.shortcut or "", c.name, c.description) for c in self._codes()]
        return self._show("guide", help_dialogs.coding_guide_page(self.window, codes))

    def agreement_definitions(self) -> QDialog:
        from newscoder.ui import help_dialogs

        return self._show("definitions", help_dialogs.definitions_page(self.window))

    def about(self) -> QDialog:
        from newscoder.ui.about import AboutDialog

        project = self._project()
        return self._show("about", AboutDialog(project.path if project is not None else None, self.window))
