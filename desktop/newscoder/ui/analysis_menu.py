"""The commands that open dialogs and side windows over the project (Edit, Article and Analysis menus).

:class:`AnalysisMenuController` is given what it works on explicitly: the window (parent
and dock host), the current session, the undo controller the dialogs push their edits to
(and whose ``applied`` the side windows follow), the article view, and how to go to an
article or a segment. It keeps the side windows it opened, so it can close them when the
project changes (:meth:`close_side_windows`).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QDialog, QDockWidget, QMainWindow, QWidget

from newscoder.core.session import CodingSession
from newscoder.core.store import Project
from newscoder.ui.article_view import ArticleView
from newscoder.ui.undo import UndoController

if TYPE_CHECKING:
    from newscoder.ui.compare.window import CompareWindow
    from newscoder.ui.dialogs.adjudication import AdjudicationWindow
    from newscoder.ui.dialogs.adjudication_forms import SetupDialog
    from newscoder.ui.dialogs.agreement_window import AgreementWindow
    from newscoder.ui.dialogs.code_browser import CodeBrowser
    from newscoder.ui.dialogs.estimates_window import EstimatesWindow


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


def _disconnect(signal: Any, slot: Any) -> None:
    """Drop a connection; quiet if Qt already dropped it (no "Failed to disconnect" warning at quit)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            signal.disconnect(slot)
        except (RuntimeError, TypeError):
            pass


class AnalysisMenuController(QObject):
    """Edit ▸ Codebook, Article ▸ Properties, the documents table, and Analysis's windows."""

    def __init__(self, window: QMainWindow, session: Callable[[], CodingSession | None], undo: UndoController,
                 view: ArticleView, coder: Callable[[], str], refresh: Callable[[], None],
                 select_article: Callable[[str | None], None], select_segment: Callable[[str], None]) -> None:
        super().__init__(window)
        self.window, self.undo, self.view = window, undo, view
        self._session, self._coder, self._refresh = session, coder, refresh
        self._select_article, self._select_segment = select_article, select_segment
        self._code_dock: QDockWidget | None = None
        self._code_browser: CodeBrowser | None = None
        self._estimates_window: EstimatesWindow | None = None
        self._agreement_window: AgreementWindow | None = None
        self._compare_window: CompareWindow | None = None
        self._adjudication_setup: SetupDialog | None = None
        self._adjudication_window: AdjudicationWindow | None = None

    @property
    def project(self) -> Project | None:
        session = self._session()
        return session.project if session is not None else None

    # -- dialogs over the project ---------------------------------------------------------
    def edit_codebook(self) -> None:
        if self.project is None:
            return
        from newscoder.ui.dialogs.codebook_editor import CodebookEditor

        CodebookEditor(self.undo, self.window).exec()
        self._refresh()

    def article_properties(self) -> None:
        session = self._session()
        if session is None or not session.document_id:
            return
        from newscoder.ui.dialogs.article_properties import ArticlePropertiesDialog

        ArticlePropertiesDialog(self.undo, session.document_id, self.window).exec()
        self._refresh()

    def documents_table(self) -> None:
        if self.project is None:
            return
        from newscoder.ui.dialogs.documents_table import DocumentsDialog

        dialog = DocumentsDialog(self.undo, self.window)
        dialog.exec()
        dialog.deleteLater()

    # -- side windows ------------------------------------------------------------------------
    def code_browser(self) -> None:
        """Analysis ▸ Code browser: docked below the article (it never covers the segment it opens)."""
        project = self.project
        if project is None:
            return
        from newscoder.ui.dialogs.code_browser import CodeBrowser

        dock = self._code_dock
        if dock is None:
            dock = QDockWidget(tr("Code browser"), self.window)
            dock.setObjectName("codeBrowserDock")
            self.window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            self._code_dock = dock
        old = self._code_browser
        if old is not None and old.project is project and dock.widget() is old:
            old.show()
            dock.show()
            dock.raise_()
            old.table.setFocus()
            return
        browser = CodeBrowser(project, dock)
        browser.setWindowFlags(Qt.WindowType.Widget)  # a panel in the dock, not a window
        browser.open_segment.connect(self.open_segment)
        browser.finished.connect(lambda _r, d=dock: d.hide())
        # a bound method of the browser: Qt drops the connection when the browser goes (no manual disconnect,
        # no "Failed to disconnect" at quit)
        self.undo.applied.connect(browser.follow)
        if old is not None:
            old.deleteLater()
        dock.setWidget(browser)
        browser.show()
        dock.show()
        browser.table.setFocus()
        self._code_browser = browser

    def estimates(self) -> None:
        """Analysis ▸ Estimates…: the ledger grouped by what is counted, with hedge drift; follows every edit."""
        project = self.project
        if project is None:
            return
        old = self._estimates_window
        if old is not None and old.isVisible() and old.project is project:
            old.refresh()
            old.raise_()
            old.activateWindow()
            return
        from newscoder.ui.dialogs.estimates_window import EstimatesWindow

        window = EstimatesWindow(project, self.window)
        window.open_segment.connect(self.open_segment)
        window.setModal(False)
        undo = self.undo
        undo.applied.connect(window.refresh)
        window.finished.connect(lambda _r, w=window, u=undo: _disconnect(u.applied, w.refresh))
        window.show()
        self._estimates_window = window

    def open_segment(self, document_id: str, segment_id: str) -> None:
        """Go to a segment a side window points at: its article, the segment selected, the keys on the text."""
        self._select_article(document_id)
        self._select_segment(segment_id)
        self.view.setFocus()

    def agreement(self) -> QWidget | None:
        """Analysis ▸ Agreement…: a non-modal window on its own connection."""
        project = self.project
        if project is None:
            return None
        from newscoder.ui.dialogs.agreement_window import AgreementWindow

        window = AgreementWindow(project.path, self.window)
        window.show()
        self._agreement_window = window
        return window

    def compare_outlets(self) -> QWidget | None:
        """Analysis ▸ Compare outlets…: a non-modal window over this project; numbers open their spans."""
        project = self.project
        if project is None:
            return None
        from newscoder.ui.compare.window import CompareWindow

        old = self._compare_window
        if old is not None and old.isVisible() and old.project is project:
            old.raise_()
            old.activateWindow()
            return old
        window = CompareWindow(project, self.window)
        window.open_span.connect(self.show_span)
        window.show()
        window.refresh()
        self._compare_window = window
        return window

    def export_comparison(self) -> None:
        """File ▸ Export comparison…: the same report as ``newscoder compare``."""
        project = self.project
        if project is None:
            return
        from newscoder.ui.compare.window import CompareWindow

        window = self._compare_window
        if window is None or window.project is not project:
            window = CompareWindow(project, self.window, charts=False)
        window.choose_and_export()

    def show_span(self, document_id: str, start: int, end: int) -> None:
        """Show ``[start, end)`` of an article selected in the article view (code points)."""
        from PySide6.QtGui import QTextCursor

        from newscoder.ui.offsets import OffsetMap

        self._select_article(document_id)
        session = self._session()
        if session is None or session.document_id != document_id:
            return
        a, b = OffsetMap(session.text).span_to_utf16(start, end)
        cursor = QTextCursor(self.view.document())
        cursor.setPosition(a)
        cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        self.view.setTextCursor(cursor)
        self.view.ensureCursorVisible()
        self.window.raise_()
        self.window.activateWindow()

    def adjudicate(self) -> QDialog | None:
        """Analysis ▸ Adjudicate…: choose the coders, then a non-modal adjudication window."""
        project = self.project
        if project is None:
            return None
        from newscoder.ui.dialogs.adjudication_forms import SetupDialog

        coders = [(c.id, c.name) for c in project.coders()]
        counts = project.live_segment_counts("coder_id")
        ticked = [c for c, _n in coders if counts.get(c)]  # coders who coded something
        setup = SetupDialog(self.window, coders, self._coder(), ticked)
        setup.accepted.connect(lambda: self.open_adjudication(setup.chosen(), setup.adjudicator(),
                                                              setup.blind.isChecked()))
        self._adjudication_setup = setup
        setup.open()
        return setup

    def open_adjudication(self, coders: list[tuple[str, str]], adjudicator: str, blind: bool = False) -> QWidget:
        project = self.project
        assert project is not None
        from newscoder.ui.dialogs.adjudication import AdjudicationWindow

        old = self._adjudication_window
        if old is not None and shiboken6.isValid(old):
            old.close()
        window = AdjudicationWindow(project.path, coders, adjudicator, self.window, blind=blind)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.show()
        self._adjudication_window = window
        return window

    def close_side_windows(self) -> None:
        """Close the windows holding the current project (before switching or restoring)."""
        if self._code_browser is not None:
            self._code_browser.reject()
            self._code_browser.deleteLater()
            self._code_browser = None
        for dialog in (self._agreement_window, self._estimates_window, self._compare_window):
            if dialog is not None:
                dialog.reject()
        self._agreement_window = self._estimates_window = self._compare_window = None
        window = self._adjudication_window
        if window is not None and shiboken6.isValid(window):
            window.close()
            self._adjudication_window = None
