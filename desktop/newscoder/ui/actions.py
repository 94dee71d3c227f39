"""Every action of the main window, declared ONCE (Picard style).

The registry gives each :class:`ActionId` its text, shortcut, menu and the
name of the main-window slot it triggers. Menus, toolbar and
Help ▸ Keyboard shortcuts are all generated from it, so they never drift.
Entries with ``slot=None`` are keys handled by a widget (the code keys in the
article view); they are listed in the help but get no QAction.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("Actions", text)


class ActionId(Enum):
    NEW_PROJECT = auto()
    OPEN_PROJECT = auto()
    OPEN_RECENT = auto()
    IMPORT_ARTICLES = auto()
    IMPORT_FOLDER = auto()
    EXPORT_SEGMENTS = auto()
    MERGE_PROJECT = auto()
    EXPORT_COPY = auto()
    IMPORT_CODEBOOK = auto()
    EXPORT_CODEBOOK = auto()
    IMPORT_QDPX = auto()
    EXPORT_QDPX = auto()
    RESTORE_BACKUP = auto()
    SWITCH_CODER = auto()
    QUIT = auto()
    UNDO = auto()
    REDO = auto()
    CODEBOOK = auto()
    FIND = auto()
    SNAP_TO_WORDS = auto()
    SHOW_OTHER_CODERS = auto()
    FOCUS_LIST = auto()
    FOCUS_ARTICLE = auto()
    FOCUS_FILTER = auto()
    PREVIOUS_ARTICLE = auto()
    NEXT_ARTICLE = auto()
    MARK_DONE = auto()
    CODE_SELECTION = auto()
    DELETE_SEGMENT = auto()
    CYCLE_SEGMENTS = auto()
    ARTICLE_PROPERTIES = auto()
    CODE_BROWSER = auto()
    AGREEMENT = auto()
    SHORTCUTS_HELP = auto()
    CODING_GUIDE = auto()
    AGREEMENT_DEFINITIONS = auto()
    ABOUT = auto()


@dataclass(frozen=True)
class ActionSpec:
    id: ActionId
    text: str  # untranslated source text; shown through tr()
    menu: str  # File, Edit, View, Article, Analysis, Help
    slot: str | None  # MainWindow method name; None: handled by a widget
    shortcuts: tuple[str | QKeySequence.StandardKey, ...] = ()
    checkable: bool = False
    checked: bool = False
    widget_local: bool = False  # shortcut only while the article has focus
    toolbar: bool = False
    tip: str = ""
    separator_after: bool = False  # a menu separator follows this action

    def key_sequences(self) -> list[QKeySequence]:
        out: list[QKeySequence] = []
        for s in self.shortcuts:
            if isinstance(s, QKeySequence.StandardKey):
                out.extend(QKeySequence.keyBindings(s))
            else:
                out.append(QKeySequence(s))
        unique: dict[str, QKeySequence] = {}
        for k in out:
            unique.setdefault(k.toString(), k)
        return list(unique.values())


SK = QKeySequence.StandardKey

REGISTRY: tuple[ActionSpec, ...] = (
    ActionSpec(ActionId.NEW_PROJECT, "&New project…", "File", "new_project", (SK.New,)),
    ActionSpec(ActionId.OPEN_PROJECT, "&Open project…", "File", "open_project", (SK.Open,), toolbar=True),
    ActionSpec(ActionId.OPEN_RECENT, "Open &recent", "File", None),
    ActionSpec(ActionId.IMPORT_ARTICLES, "&Import articles…", "File", "import_articles", ("Ctrl+I",), toolbar=True),
    ActionSpec(ActionId.IMPORT_FOLDER, "Import &folder…", "File", "import_folder", ("Ctrl+Shift+I",),
               tip="Import every supported file under a folder"),
    ActionSpec(ActionId.EXPORT_SEGMENTS, "&Export segments as CSV…", "File", "export_segments_csv", ("Ctrl+E",),
               separator_after=True),
    ActionSpec(ActionId.MERGE_PROJECT, "&Merge coder project…", "File", "merge_project", ("Ctrl+Shift+M",),
               tip="Bring another coder's work into this project (with a preview)"),
    ActionSpec(ActionId.EXPORT_COPY, "Export coder cop&y…", "File", "export_copy", (),
               tip="Write a project file with these articles and codebook for one coder", separator_after=True),
    ActionSpec(ActionId.IMPORT_CODEBOOK, "Import code&book (.qdc)…", "File", "import_codebook", ()),
    ActionSpec(ActionId.EXPORT_CODEBOOK, "Export codeboo&k (.qdc)…", "File", "export_codebook", ()),
    ActionSpec(ActionId.IMPORT_QDPX, "Import REFI-QDA pro&ject (.qdpx)…", "File", "import_qdpx", ()),
    ActionSpec(ActionId.EXPORT_QDPX, "Export REFI-QDA projec&t (.qdpx)…", "File", "export_qdpx", (),
               separator_after=True),
    ActionSpec(ActionId.RESTORE_BACKUP, "Restore backu&p…", "File", "restore_backup", ()),
    ActionSpec(ActionId.SWITCH_CODER, "Switch &coder…", "File", "switch_coder", ("Ctrl+Shift+U",), toolbar=True,
               separator_after=True),
    ActionSpec(ActionId.QUIT, "&Quit", "File", "close", (SK.Quit, "Ctrl+Q")),
    ActionSpec(ActionId.UNDO, "&Undo", "Edit", "undo", (SK.Undo,), toolbar=True),
    ActionSpec(ActionId.REDO, "&Redo", "Edit", "redo", ("Ctrl+Shift+Z", SK.Redo), toolbar=True),
    ActionSpec(ActionId.CODEBOOK, "&Codebook…", "Edit", "edit_codebook", ("Ctrl+Shift+K",)),
    ActionSpec(ActionId.FIND, "&Find in article…", "Edit", "show_find", (SK.Find,), separator_after=True),
    ActionSpec(ActionId.SNAP_TO_WORDS, "&Snap selections to words", "View", "set_snap", ("Ctrl+Shift+W",),
               checkable=True, checked=True),
    ActionSpec(ActionId.SHOW_OTHER_CODERS, "Show &other coders", "View", "set_show_others", ("Ctrl+Shift+O",),
               checkable=True, checked=False, separator_after=True),
    ActionSpec(ActionId.FOCUS_LIST, "Go to article &list", "View", "focus_list", ("Ctrl+1",)),
    ActionSpec(ActionId.FOCUS_ARTICLE, "Go to article &text", "View", "focus_article", ("Ctrl+2",)),
    ActionSpec(ActionId.FOCUS_FILTER, "&Filter articles", "View", "focus_filter", ("Ctrl+L",)),
    ActionSpec(ActionId.PREVIOUS_ARTICLE, "&Previous article", "Article", "previous_article",
               ("Alt+Up", "Ctrl+PgUp"), toolbar=True),
    ActionSpec(ActionId.NEXT_ARTICLE, "&Next article", "Article", "next_article",
               ("Alt+Down", "Ctrl+PgDown"), toolbar=True),
    ActionSpec(ActionId.MARK_DONE, "Mark &done and go to next", "Article", "mark_done", ("Ctrl+D",), toolbar=True,
               separator_after=True),
    ActionSpec(ActionId.CODE_SELECTION, "Code the selection (or recode the selected segment) with code 1–9",
               "Article", None, ("1", "2", "3", "4", "5", "6", "7", "8", "9")),
    ActionSpec(ActionId.DELETE_SEGMENT, "D&elete selected segment", "Article", "delete_segment",
               ("Del", "Backspace"), widget_local=True),
    ActionSpec(ActionId.CYCLE_SEGMENTS, "C&ycle overlapping segments", "Article", "cycle_segments", ("`",),
               widget_local=True),
    ActionSpec(ActionId.ARTICLE_PROPERTIES, "P&roperties…", "Article", "article_properties", ("Alt+Return",)),
    ActionSpec(ActionId.CODE_BROWSER, "&Code browser…", "Analysis", "code_browser", ("Ctrl+B",)),
    ActionSpec(ActionId.AGREEMENT, "&Agreement…", "Analysis", "agreement", ("Ctrl+Shift+G",)),
    ActionSpec(ActionId.SHORTCUTS_HELP, "&Keyboard shortcuts", "Help", "shortcuts_help", ("F1",)),
    ActionSpec(ActionId.CODING_GUIDE, "&Coding guide", "Help", "coding_guide", ("Shift+F1",)),
    ActionSpec(ActionId.AGREEMENT_DEFINITIONS, "A&greement definitions", "Help", "agreement_definitions", (),
               separator_after=True),
    ActionSpec(ActionId.ABOUT, "&About Newscoder", "Help", "about", ()),
)

MENUS = ("File", "Edit", "View", "Article", "Analysis", "Help")
SPEC = {spec.id: spec for spec in REGISTRY}


def menu_title(menu: str) -> str:
    return {
        "File": _tr("&File"), "Edit": _tr("&Edit"), "View": _tr("&View"), "Article": _tr("&Article"),
        "Analysis": _tr("A&nalysis"), "Help": _tr("&Help"),
    }[menu]


def make_action(spec: ActionSpec, parent: QWidget) -> QAction:
    action = QAction(_tr(spec.text), parent)
    action.setObjectName(f"action_{spec.id.name.lower()}")
    keys = spec.key_sequences()
    if keys:
        action.setShortcuts(keys)
    if spec.widget_local:
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.setCheckable(spec.checkable)
    if spec.checkable:
        action.setChecked(spec.checked)
    if spec.tip:
        action.setToolTip(_tr(spec.tip))
    return action


_PORTABLE_KEYS = frozenset({
    Qt.Key.Key_Escape, Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Backspace, Qt.Key.Key_Return,
    Qt.Key.Key_Enter, Qt.Key.Key_Insert, Qt.Key.Key_Delete, Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_Left,
    Qt.Key.Key_Up, Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown,
    *(Qt.Key(Qt.Key.Key_F1.value + i) for i in range(12)),
})


def portable(sequence: QKeySequence) -> bool:
    """Keys every keyboard has: printable keys, F1–F12, arrows and the like (not F14, "Undo", "New", "Exit")."""
    keys = [sequence[i].key() for i in range(sequence.count())]
    return bool(keys) and all(k.value < 0x01000000 or k in _PORTABLE_KEYS for k in keys)


def shown_shortcuts(spec: ActionSpec) -> list[str]:
    """The shortcuts the help page lists: ours as declared, and of a platform's standard key only its primary,
    portable binding (Qt's alternates such as "F14, Undo" or "Exit" are left out)."""
    shown: list[str] = []
    for s in spec.shortcuts:
        if isinstance(s, QKeySequence.StandardKey):
            primary = next((k for k in QKeySequence.keyBindings(s) if portable(k)), None)
            texts = [primary.toString(QKeySequence.SequenceFormat.NativeText)] if primary is not None else []
        else:
            texts = [QKeySequence(s).toString(QKeySequence.SequenceFormat.NativeText)]
        shown.extend(t for t in texts if t and t not in shown)
    return shown


def shortcut_rows() -> list[tuple[str, str, str]]:
    """(menu, action text, shortcuts) for every declared action with a shortcut."""
    rows = []
    for spec in REGISTRY:
        keys = shown_shortcuts(spec)
        if not keys:
            continue
        if spec.id == ActionId.CODE_SELECTION:
            shown = "1 … 9"
        else:
            shown = ", ".join(keys)
        rows.append((menu_title(spec.menu).replace("&", ""), _tr(spec.text).replace("&", ""), shown))
    return rows


def shortcuts_html() -> str:
    """The Help ▸ Keyboard shortcuts page, generated from :data:`REGISTRY`."""
    parts = [f"<h3>{_tr('Keyboard shortcuts')}</h3><table cellspacing='0' cellpadding='4'>"]
    current = None
    for menu, text, keys in shortcut_rows():
        if menu != current:
            parts.append(f"<tr><td colspan='2'><b>{menu}</b></td></tr>")
            current = menu
        parts.append(f"<tr><td>{text}</td><td><code>{keys}</code></td></tr>")
    parts.append("</table>")
    parts.append(
        "<p>"
        + _tr("Select with the mouse or Shift+arrow keys; selections snap to whole words unless "
              "View ▸ Snap selections to words is off. Click inside a segment to select it.")
        + "</p>"
    )
    return "".join(parts)
