"""Menus, toolbar and shortcuts of the main window, generated from the action registry.

Each declared action is bound to a callable from the window's handler table; an action
without a handler (the two View toggles) is only created: whoever follows it connects to
its ``toggled`` signal. Widget-local actions (Delete, `) live on the article view.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar, QWidget

from newscoder.ui import actions as act
from newscoder.ui.actions import ActionId


def build_actions(window: QMainWindow, view: QWidget, handlers: Mapping[ActionId, Callable[..., object]]
                  ) -> tuple[dict[ActionId, QAction], QMenu]:
    """Create every registry action in ``window``'s menus and toolbar; return them and the recent menu."""
    by_id: dict[ActionId, QAction] = {}
    menus = {name: window.menuBar().addMenu(act.menu_title(name)) for name in act.MENUS}
    toolbar = QToolBar(window.tr("Main"))
    toolbar.setObjectName("mainToolbar")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    toolbar.setMovable(False)
    window.addToolBar(toolbar)
    recent = QMenu()
    for spec in act.REGISTRY:
        if spec.id == ActionId.OPEN_RECENT:
            recent = menus["File"].addMenu(act._tr(spec.text))
            continue
        if spec.id in (ActionId.CODE_SELECTION, ActionId.CODE_AGAIN):  # nine actions each on the view
            continue
        action = act.make_action(spec, window)
        handler = handlers.get(spec.id)
        if handler is not None:
            if spec.checkable:
                action.toggled.connect(handler)
            else:
                action.triggered.connect(lambda _checked=False, h=handler: h())
        (view if spec.widget_local else window).addAction(action)
        menus[spec.menu].addAction(action)
        if spec.separator_after:
            menus[spec.menu].addSeparator()
        if spec.toolbar:
            toolbar.addAction(action)
        by_id[spec.id] = action
    toolbar.addSeparator()
    return by_id, recent
