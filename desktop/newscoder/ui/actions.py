"""Every action of the main window, declared ONCE (Picard style).

The registry gives each :class:`ActionId` its text, shortcuts and menu; the main
window binds each id to a callable (:meth:`MainWindow.handlers`), so no slot is
named by a string. Menus, toolbar and Help ▸ Keyboard shortcuts are all generated
from it, so they never drift. ``CODE_SELECTION`` becomes nine actions, one per code
key, each carrying its key as data (:func:`make_code_key_actions`); the article
view handles no key itself.
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
    SEARCH_CORPUS = auto()
    MORE_LIKE_THIS = auto()
    REVIEW_SUGGESTIONS = auto()
    DOCUMENTS_TABLE = auto()
    SNAP_TO_WORDS = auto()
    SHOW_OTHER_CODERS = auto()
    SHOW_SUGGESTIONS = auto()
    FOCUS_LIST = auto()
    FOCUS_ARTICLE = auto()
    FOCUS_FILTER = auto()
    PREVIOUS_ARTICLE = auto()
    NEXT_ARTICLE = auto()
    MARK_DONE = auto()
    REOPEN_ARTICLE = auto()
    CODE_SELECTION = auto()
    CODE_AGAIN = auto()
    CLEAR_SELECTION = auto()
    MOVE_START_LEFT = auto()
    MOVE_START_RIGHT = auto()
    MOVE_END_LEFT = auto()
    MOVE_END_RIGHT = auto()
    DELETE_SEGMENT = auto()
    CYCLE_SEGMENTS = auto()
    NEXT_SUGGESTION = auto()
    PREVIOUS_SUGGESTION = auto()
    ACCEPT_SUGGESTION = auto()
    REJECT_SUGGESTION = auto()
    ARTICLE_PROPERTIES = auto()
    CODE_BROWSER = auto()
    AGREEMENT = auto()
    EDIT_ATTRIBUTES = auto()
    SOURCES_PANE = auto()
    ESTIMATES = auto()
    SORT_ARTICLES = auto()
    REVERSE_SORT = auto()
    GROUP_ARTICLES = auto()
    COLLAPSE_GROUPS = auto()
    EXPAND_GROUPS = auto()
    ADJUDICATE = auto()
    COMPARE_OUTLETS = auto()
    EXPORT_COMPARISON = auto()
    SHORTCUTS_HELP = auto()
    CODING_GUIDE = auto()
    AGREEMENT_DEFINITIONS = auto()
    ABOUT = auto()
    # keys inside dialogs (DIALOG_REGISTRY): listed on the shortcuts page, bound by the dialogs
    CODEBOOK_RENAME = auto()
    CODEBOOK_MOVE_UP = auto()
    CODEBOOK_MOVE_DOWN = auto()
    CODEBOOK_ARCHIVE = auto()
    CODEBOOK_DELETE = auto()
    CODEBOOK_SAVE_DEFINITION = auto()
    CODEBOOK_ATTRIBUTES = auto()
    AGREEMENT_COMPUTE = auto()
    AGREEMENT_HELP = auto()
    SEARCH_ACCEPT = auto()
    SEARCH_SKIP = auto()
    SEARCH_CODE_ALL = auto()
    ADJUDICATE_ACCEPT = auto()
    ADJUDICATE_UNION = auto()
    ADJUDICATE_INTERSECTION = auto()
    ADJUDICATE_EDIT = auto()
    ADJUDICATE_NOTHING = auto()
    ADJUDICATE_ADD = auto()
    ADJUDICATE_REASON = auto()
    ADJUDICATE_NEXT = auto()
    ADJUDICATE_PREVIOUS = auto()
    ADJUDICATE_AGREED = auto()
    ADJUDICATE_UNDO = auto()
    ADJUDICATE_REDO = auto()
    LIST_COLLAPSE_GROUP = auto()
    LIST_EXPAND_GROUP = auto()
    LIST_TOGGLE_GROUP = auto()


@dataclass(frozen=True)
class ActionSpec:
    id: ActionId
    text: str  # untranslated source text; shown through tr()
    menu: str  # File, Edit, View, Article, Analysis, Help
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
    ActionSpec(ActionId.NEW_PROJECT, "&New project…", "File", (SK.New,)),
    ActionSpec(ActionId.OPEN_PROJECT, "&Open project…", "File", (SK.Open,), toolbar=True),
    ActionSpec(ActionId.OPEN_RECENT, "Open &recent", "File"),
    ActionSpec(ActionId.IMPORT_ARTICLES, "&Import articles…", "File", ("Ctrl+I",), toolbar=True),
    ActionSpec(ActionId.IMPORT_FOLDER, "Import &folder…", "File", ("Ctrl+Shift+I",),
               tip="Import every supported file under a folder"),
    ActionSpec(ActionId.EXPORT_SEGMENTS, "&Export segments as CSV…", "File", ("Ctrl+E",),
               separator_after=True),
    ActionSpec(ActionId.MERGE_PROJECT, "&Merge coder project…", "File", ("Ctrl+Shift+M",),
               tip="Bring another coder's work into this project (with a preview)"),
    ActionSpec(ActionId.EXPORT_COPY, "Export coder cop&y…", "File", (),
               tip="Write a project file with these articles and codebook for one coder"),
    ActionSpec(ActionId.EXPORT_COMPARISON, "Export comp&arison…", "File", (),
               tip="Write the outlet comparison as one HTML file (or CSV, JSON)", separator_after=True),
    ActionSpec(ActionId.IMPORT_CODEBOOK, "Import code&book (.qdc)…", "File", ()),
    ActionSpec(ActionId.EXPORT_CODEBOOK, "Export codeboo&k (.qdc)…", "File", ()),
    ActionSpec(ActionId.IMPORT_QDPX, "Import REFI-QDA pro&ject (.qdpx)…", "File", ()),
    ActionSpec(ActionId.EXPORT_QDPX, "Export REFI-QDA projec&t (.qdpx)…", "File", (),
               separator_after=True),
    ActionSpec(ActionId.RESTORE_BACKUP, "Restore backu&p…", "File", ()),
    ActionSpec(ActionId.SWITCH_CODER, "Switch &coder…", "File", ("Ctrl+Shift+U",), toolbar=True,
               separator_after=True),
    ActionSpec(ActionId.QUIT, "&Quit", "File", (SK.Quit, "Ctrl+Q")),
    ActionSpec(ActionId.UNDO, "&Undo", "Edit", (SK.Undo,), toolbar=True),
    ActionSpec(ActionId.REDO, "&Redo", "Edit", ("Ctrl+Shift+Z", SK.Redo), toolbar=True),
    ActionSpec(ActionId.CODEBOOK, "&Codebook…", "Edit", ("Ctrl+Shift+K",)),
    ActionSpec(ActionId.FIND, "&Find in article…", "Edit", (SK.Find,)),
    ActionSpec(ActionId.SEARCH_CORPUS, "&Search all articles…", "Edit", ("Ctrl+Shift+F",),
               tip="Search the whole corpus; review and code the hits"),
    ActionSpec(ActionId.MORE_LIKE_THIS, "&More like this…", "Edit", ("Ctrl+Shift+L",),
               tip="Passages across the corpus like the selected segment, to review in the Search pane"),
    ActionSpec(ActionId.REVIEW_SUGGESTIONS, "Review su&ggestions in all articles…", "Edit", ("Ctrl+Alt+H",),
               tip="Every article's suggestions for you, to review in the Search pane", separator_after=True),
    ActionSpec(ActionId.SNAP_TO_WORDS, "&Snap selections to words", "View", ("Ctrl+Shift+W",),
               checkable=True, checked=True),
    ActionSpec(ActionId.SHOW_OTHER_CODERS, "Show &other coders", "View", ("Ctrl+Shift+O",),
               checkable=True, checked=False),
    ActionSpec(ActionId.SHOW_SUGGESTIONS, "Su&ggestions", "View", ("Ctrl+Shift+H",), checkable=True,
               checked=False, separator_after=True,
               tip="Ghost marks for passages like your own coding (computed on this machine); Tab goes to them"),
    ActionSpec(ActionId.FOCUS_LIST, "Go to article &list", "View", ("Ctrl+1",)),
    ActionSpec(ActionId.FOCUS_ARTICLE, "Go to article &text", "View", ("Ctrl+2",)),
    ActionSpec(ActionId.FOCUS_FILTER, "&Filter articles", "View", ("Ctrl+L",)),
    ActionSpec(ActionId.SOURCES_PANE, "So&urces pane", "View", ("Ctrl+Shift+S",), checkable=True,
               separator_after=True),
    ActionSpec(ActionId.SORT_ARTICLES, "Sort a&rticles by…", "View", ("Ctrl+Alt+S",),
               tip="Sort the article list by any document variable"),
    ActionSpec(ActionId.REVERSE_SORT, "Re&verse the sort order", "View", ("Ctrl+Alt+R",), checkable=True,
               tip="Newest first, Z to A, largest first (articles without the variable stay last)"),
    ActionSpec(ActionId.GROUP_ARTICLES, "Group articles &by…", "View", ("Ctrl+Alt+G",),
               tip="Group the article list by a document variable, with counts"),
    ActionSpec(ActionId.COLLAPSE_GROUPS, "&Collapse all groups", "View", ("Ctrl+Alt+-",)),
    ActionSpec(ActionId.EXPAND_GROUPS, "E&xpand all groups", "View", ("Ctrl+Alt+=", "Ctrl+Alt++"),
               separator_after=True),
    ActionSpec(ActionId.PREVIOUS_ARTICLE, "&Previous article", "Article",
               ("Alt+Up", "Ctrl+PgUp"), toolbar=True),
    ActionSpec(ActionId.NEXT_ARTICLE, "&Next article", "Article",
               ("Alt+Down", "Ctrl+PgDown"), toolbar=True),
    ActionSpec(ActionId.MARK_DONE, "Mark &done and go to next", "Article", ("Ctrl+D",), toolbar=True),
    ActionSpec(ActionId.REOPEN_ARTICLE, "Re&open article (not done)", "Article", ("Ctrl+Shift+D",),
               tip="Undo \"done\" for this article: back to in progress, or not started if nothing is coded",
               separator_after=True),
    ActionSpec(ActionId.CODE_SELECTION, "Code the selection (or recode the selected segment on screen) with code 1–9",
               "Article", ("1", "2", "3", "4", "5", "6", "7", "8", "9")),
    ActionSpec(ActionId.CODE_AGAIN, "Give the span just coded a second code", "Article",
               tuple(f"Shift+{n}" for n in range(1, 10))),
    ActionSpec(ActionId.CLEAR_SELECTION, "Clear the &selection", "Article", ("Esc",), widget_local=True),
    ActionSpec(ActionId.MOVE_START_LEFT, "Move segment start one word &left", "Article", ("Alt+Left",),
               widget_local=True),
    ActionSpec(ActionId.MOVE_START_RIGHT, "Move segment start one word ri&ght", "Article", ("Alt+Right",),
               widget_local=True),
    ActionSpec(ActionId.MOVE_END_LEFT, "Move segment end one word le&ft", "Article", ("Alt+Shift+Left", "Alt+,"),
               widget_local=True),
    ActionSpec(ActionId.MOVE_END_RIGHT, "Move segment end one word rig&ht", "Article", ("Alt+Shift+Right", "Alt+."),
               widget_local=True),
    ActionSpec(ActionId.DELETE_SEGMENT, "D&elete selected segment", "Article", ("Del",), widget_local=True),
    ActionSpec(ActionId.CYCLE_SEGMENTS, "C&ycle overlapping segments", "Article", ("`",),
               widget_local=True),
    ActionSpec(ActionId.NEXT_SUGGESTION, "Ne&xt suggestion (with View ▸ Suggestions on)", "Article", ("Tab",),
               widget_local=True),
    ActionSpec(ActionId.PREVIOUS_SUGGESTION, "Pre&vious suggestion", "Article", ("Shift+Tab",), widget_local=True),
    ActionSpec(ActionId.ACCEPT_SUGGESTION, "&Accept the current suggestion (a code key: with that code)",
               "Article", ("Return", "Enter"), widget_local=True),
    ActionSpec(ActionId.REJECT_SUGGESTION, "Re&ject the current suggestion (never suggested again)", "Article",
               ("Backspace",), widget_local=True, separator_after=True),
    ActionSpec(ActionId.ARTICLE_PROPERTIES, "P&roperties…", "Article", ("Alt+Return",)),
    ActionSpec(ActionId.DOCUMENTS_TABLE, "Documents &table…", "Article", ("Ctrl+Shift+T",),
               tip="Every article and its variables; edit many at once, paste from a spreadsheet"),
    ActionSpec(ActionId.EDIT_ATTRIBUTES, "Edit attri&butes of the selected segment", "Article", ("F2",),
               widget_local=True, tip="Number, hedge, what is counted, who said it: Tab, Enter, Esc"),
    ActionSpec(ActionId.CODE_BROWSER, "&Code browser…", "Analysis", ("Ctrl+B",)),
    ActionSpec(ActionId.AGREEMENT, "&Agreement…", "Analysis", ("Ctrl+Shift+G",)),
    ActionSpec(ActionId.ADJUDICATE, "A&djudicate…", "Analysis", ("Ctrl+Shift+J",),
               tip="Settle the coders' disagreements into the gold layer, unit by unit"),
    ActionSpec(ActionId.ESTIMATES, "&Estimates…", "Analysis", ("Ctrl+Shift+N",),
               tip="The estimate ledger by what is counted, with hedge drift"),
    ActionSpec(ActionId.COMPARE_OUTLETS, "Compare &outlets…", "Analysis", ("Ctrl+Shift+R",),
               tip="Outlet × code, present/missing, shared and altered quotes, co-occurrence, α_u per outlet"),
    ActionSpec(ActionId.SHORTCUTS_HELP, "&Keyboard shortcuts", "Help", ("F1",)),
    ActionSpec(ActionId.CODING_GUIDE, "&Coding guide", "Help", ("Shift+F1",)),
    ActionSpec(ActionId.AGREEMENT_DEFINITIONS, "A&greement definitions", "Help", (),
               separator_after=True),
    ActionSpec(ActionId.ABOUT, "&About Newscoder", "Help", ()),
)

#: Shortcuts inside dialogs, declared here too so that Help ▸ Keyboard shortcuts lists every key.
#: ``menu`` names the dialog; the dialog binds each to its own slot (:func:`keys_of`).
DIALOG_REGISTRY: tuple[ActionSpec, ...] = (
    ActionSpec(ActionId.CODEBOOK_RENAME, "Rename the code in place", "Codebook editor", ("F2",)),
    ActionSpec(ActionId.CODEBOOK_MOVE_UP, "Move &up", "Codebook editor", ("Ctrl+Up",)),
    ActionSpec(ActionId.CODEBOOK_MOVE_DOWN, "Move do&wn", "Codebook editor", ("Ctrl+Down",)),
    ActionSpec(ActionId.CODEBOOK_ARCHIVE, "A&rchive", "Codebook editor", ("Ctrl+Shift+A",)),
    ActionSpec(ActionId.CODEBOOK_DELETE, "&Delete…", "Codebook editor", ("Del",)),
    ActionSpec(ActionId.CODEBOOK_SAVE_DEFINITION, "Sa&ve definition", "Codebook editor", ("Ctrl+Return",)),
    ActionSpec(ActionId.CODEBOOK_ATTRIBUTES, "Edit a&ttributes…", "Codebook editor", ("Ctrl+T",)),
    ActionSpec(ActionId.AGREEMENT_COMPUTE, "&Compute", "Agreement window", ("F5",)),
    ActionSpec(ActionId.AGREEMENT_HELP, "Help on the measures", "Agreement window", (SK.HelpContents,)),
    ActionSpec(ActionId.SEARCH_ACCEPT, "Code the current hit and go to the next", "Search pane", ("Return", "Enter")),
    ActionSpec(ActionId.SEARCH_SKIP, "Skip the current hit", "Search pane", ("Backspace",)),
    ActionSpec(ActionId.SEARCH_CODE_ALL, "Code all the hits left", "Search pane", ("Ctrl+Return",)),
    ActionSpec(ActionId.ADJUDICATE_ACCEPT, "Accept coder 1–9's version", "Adjudication window",
               ("1", "2", "3", "4", "5", "6", "7", "8", "9")),
    ActionSpec(ActionId.ADJUDICATE_UNION, "Take the &union", "Adjudication window", ("U",)),
    ActionSpec(ActionId.ADJUDICATE_INTERSECTION, "Take the &intersection", "Adjudication window", ("I",)),
    ActionSpec(ActionId.ADJUDICATE_EDIT, "&Edit the boundary or the code…", "Adjudication window", ("E",)),
    ActionSpec(ActionId.ADJUDICATE_NOTHING, "Accept &nothing", "Adjudication window", ("N",)),
    ActionSpec(ActionId.ADJUDICATE_ADD, "A&dd a gold segment no coder has…", "Adjudication window", ("A",)),
    ActionSpec(ActionId.ADJUDICATE_REASON, "Give a &reason…", "Adjudication window", ("R",)),
    ActionSpec(ActionId.ADJUDICATE_NEXT, "Ne&xt unit", "Adjudication window", ("Return", "Enter")),
    ActionSpec(ActionId.ADJUDICATE_PREVIOUS, "&Previous unit", "Adjudication window", ("Shift+Return",)),
    ActionSpec(ActionId.ADJUDICATE_AGREED, "Accept every &agreed unit", "Adjudication window", ("Ctrl+Shift+A",)),
    ActionSpec(ActionId.ADJUDICATE_UNDO, "&Undo the last decision", "Adjudication window", (SK.Undo,)),
    ActionSpec(ActionId.ADJUDICATE_REDO, "&Redo", "Adjudication window", ("Ctrl+Shift+Z", SK.Redo)),
    ActionSpec(ActionId.LIST_COLLAPSE_GROUP, "Collapse the group (on an article: go to its header)", "Article list",
               ("Left",)),
    ActionSpec(ActionId.LIST_EXPAND_GROUP, "Expand the group", "Article list", ("Right",)),
    ActionSpec(ActionId.LIST_TOGGLE_GROUP, "Collapse or expand the group (on an article: go to its text)",
               "Article list", ("Space", "Return", "Enter")),
)

#: registry entries that are not one QAction: the recent-projects submenu, and the nine (twice nine) code keys
NOT_ONE_ACTION = frozenset({ActionId.OPEN_RECENT, ActionId.CODE_SELECTION, ActionId.CODE_AGAIN})

MENUS = ("File", "Edit", "View", "Article", "Analysis", "Help")
DIALOGS = ("Codebook editor", "Agreement window", "Search pane", "Adjudication window", "Article list")
SPEC = {spec.id: spec for spec in (*REGISTRY, *DIALOG_REGISTRY)}


def keys_of(action_id: ActionId) -> list[QKeySequence]:
    """The declared key sequences of an action (dialogs bind their keys through this)."""
    return SPEC[action_id].key_sequences()


def menu_title(menu: str) -> str:
    return {
        "File": _tr("&File"), "Edit": _tr("&Edit"), "View": _tr("&View"), "Article": _tr("&Article"),
        "Analysis": _tr("A&nalysis"), "Help": _tr("&Help"),
        "Codebook editor": _tr("Codebook editor"), "Agreement window": _tr("Agreement window"),
        "Search pane": _tr("Search pane"),
        "Adjudication window": _tr("Adjudication window"), "Article list": _tr("Article list"),
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


def make_code_key_actions(parent: QWidget, *, again: bool = False) -> list[QAction]:
    """The code keys 1–9 (``again``: Shift+1–9, a second code for the span just coded): one action each,
    its digit in ``data()``, active while ``parent`` has focus."""
    spec = SPEC[ActionId.CODE_AGAIN if again else ActionId.CODE_SELECTION]
    out = []
    for sequence in spec.shortcuts:
        assert isinstance(sequence, str)
        key = sequence[-1]
        text = "Give the span just coded code %1 too" if again else "Code with key %1"
        action = QAction(_tr(text).replace("%1", key), parent)
        action.setObjectName(f"action_code_{'again' if again else 'key'}_{key}")
        action.setShortcut(QKeySequence(sequence))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setData(key)
        parent.addAction(action)
        out.append(action)
    return out


_PORTABLE_KEYS = frozenset({
    Qt.Key.Key_Escape, Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Backspace, Qt.Key.Key_Return,
    Qt.Key.Key_Enter, Qt.Key.Key_Insert, Qt.Key.Key_Delete, Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_Left,
    Qt.Key.Key_Up, Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown,
    *(Qt.Key(Qt.Key.Key_F1.value + i) for i in range(12)),
})


def portable(sequence: QKeySequence) -> bool:
    """Keys every keyboard has: printable keys, F1–F12, arrows and the like (not F14, "Undo", "New", "Exit")."""
    keys = [sequence[i].key() for i in range(sequence.count())]  # type: ignore[index]  # Qt has [], the stubs not
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
    for spec in (*REGISTRY, *DIALOG_REGISTRY):
        keys = shown_shortcuts(spec)
        if not keys:
            continue
        if spec.id in (ActionId.CODE_SELECTION, ActionId.ADJUDICATE_ACCEPT):
            shown = "1 … 9"
        elif spec.id == ActionId.CODE_AGAIN:
            shown = "Shift+1 … Shift+9"
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
        + "</p><p>"
        + _tr("Search all articles (Ctrl+Shift+F) takes words, \"phrases\", prefixes (troop*), AND, OR, NOT, "
              "NEAR(a b, 5), number patterns (#troops: a number, its hedge and the noun) or a regular expression. "
              "In the hits, ↑/↓ follow them in the article; Enter codes the hit at the chosen extent, Backspace "
              "skips it, 1–9 code it with that key, Ctrl+Enter codes all the rest as one undo step. "
              "The article filter takes words and NAME=VALUE pieces separated by ; (outlet=AFP; status=done; "
              "code!=denial; published>=2024-10; published<2024-11): < <= > >= compare numbers, dates and "
              "choices by their type. View ▸ Sort articles by… and Group articles by… take any variable; "
              "in a grouped list ← and → collapse and expand a group, Alt+↑/↓ skip the headers.")
        + " "
        + _tr("View ▸ Suggestions (off until turned on) draws suggestions as dotted outlines with the code's key. "
              "Tab / Shift+Tab make the next / previous one current; then Enter accepts it, a code key accepts "
              "it with that code, Backspace rejects it for good. Without a current suggestion these keys keep "
              "their usual meaning. Edit ▸ More like this… lists passages like the selected segment in the "
              "Search pane's review list; Edit ▸ Review suggestions in all articles… lists every article's "
              "suggestions there.")
        + " "
        + _tr("Analysis ▸ Adjudicate… settles the coders' disagreements into the gold layer, one unit at a "
              "time; the coders' own segments never change. Each decision is one step of that window's undo.")
        + "</p>"
    )
    return "".join(parts)
