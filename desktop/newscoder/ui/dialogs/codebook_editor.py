"""Edit ▸ Codebook…: add, rename, recolour, re-key, define, reorder, nest, archive, delete.

Every change is one core edit pushed through the window's
:class:`~newscoder.ui.undo.UndoController`, so Ctrl+Z in the main window
undoes it too; the editor refreshes whenever the controller applies an edit.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QItemSelectionModel
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QColorDialog, QDialog, QMessageBox, QWidget,
)

from newscoder.core import codebook
from newscoder.core.edits import Edit
from newscoder.core.records import Code
from newscoder.ui.dialogs.codebook_editor_layout import CodebookEditorLayout
from newscoder.ui.models.codebook_table import NAME, CodebookTableModel, code_depths, display_name
from newscoder.ui.undo import UndoController


def tr(text: str) -> str:
    return QCoreApplication.translate("CodebookEditor", text)


def swatch(color: str, size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class CodebookEditor(QDialog):
    """The codebook editor: a table of codes and a form for the selected one."""

    def __init__(self, controller: UndoController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle(tr("Codebook"))
        self.model = CodebookTableModel(controller, self)
        self.confirm_box: QMessageBox | None = None
        self.color_dialog: QColorDialog | None = None
        self._detail_id: str | None = None
        self._build()
        self.model.problem.connect(self.show_problem)
        controller.failed.connect(self.show_problem)
        controller.applied.connect(self._on_applied)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._load_detail())
        self._select_row(0)
        self.resize(860, 560)

    # -- layout --------------------------------------------------------------
    def _build(self) -> None:
        """The widgets (:class:`CodebookEditorLayout`), connected to what they do."""
        ui = CodebookEditorLayout(self, self.model, self.controller.stack)
        self.new_name, self.add_button, self.table = ui.new_name, ui.add_button, ui.table
        self.editor_actions = ui.editor_actions
        self.name_edit, self.color_button, self.shortcut_combo, self.parent_combo = (
            ui.name_edit, ui.color_button, ui.shortcut_combo, ui.parent_combo)
        self.definition_edit, self.save_definition_button = ui.definition_edit, ui.save_definition_button
        self.attributes_label, self.attributes_button, self.problem_label = (
            ui.attributes_label, ui.attributes_button, ui.problem_label)
        self.new_name.returnPressed.connect(self.add_from_field)
        self.add_button.clicked.connect(self.add_from_field)
        slots: dict[str, Callable[[], object]] = {
            "up": lambda: self.move_selected(-1), "down": lambda: self.move_selected(1),
            "archive": self.toggle_archive, "delete": self.delete_selected, "definition": self.save_definition,
            "attributes": self.edit_attributes}
        for key, slot in slots.items():
            self.editor_actions[key].triggered.connect(slot)
        self.name_edit.editingFinished.connect(self._name_edited)
        self.color_button.clicked.connect(self.choose_color)
        self.shortcut_combo.activated.connect(self._shortcut_chosen)
        self.parent_combo.activated.connect(self._parent_chosen)
        self.definition_edit.textChanged.connect(self._definition_changed)

    # -- selection and the form ----------------------------------------------
    def current_code(self) -> Code | None:
        return self.model.code_at(self.table.currentIndex().row())

    def select_code(self, code_id: str | None) -> None:
        self._select_row(self.model.row_of(code_id))

    def _select_row(self, row: int) -> None:
        if self.model.rowCount() == 0:
            self._load_detail()
            return
        row = max(0, min(row, self.model.rowCount() - 1))
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, NAME),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self._load_detail()

    def _load_detail(self) -> None:
        code = self.current_code()
        if self._detail_id is not None and self.definition_pending() and (code is None or code.id != self._detail_id):
            # leaving a code with an unsaved definition: save it, then come back here
            target = code.id if code else None
            if not self.set_definition(self._detail_id, self.definition_edit.toPlainText()):
                self._detail_id = None  # refused (and reported): do not try again
            self.select_code(target)
            return
        self._detail_id = code.id if code else None
        for widget in (self.name_edit, self.color_button, self.shortcut_combo, self.parent_combo,
                       self.definition_edit):
            widget.setEnabled(code is not None)
            widget.blockSignals(True)
        try:
            self.name_edit.setText(code.name if code else "")
            self.color_button.setText(code.color if code else "")
            self.color_button.setIcon(swatch(code.color) if code else QIcon())
            self.color_button.setAccessibleName(tr("Colour {color}").format(color=code.color) if code else "")
            self._fill_shortcuts(code)
            self._fill_parents(code)
            self.definition_edit.setPlainText(code.description if code else "")
        finally:
            for widget in (self.name_edit, self.color_button, self.shortcut_combo, self.parent_combo,
                           self.definition_edit):
                widget.blockSignals(False)
        self._definition_changed()
        for key in ("up", "down", "archive", "delete"):
            self.editor_actions[key].setEnabled(code is not None)
        siblings = self._siblings(code)
        at = siblings.index(code.id) if code is not None and code.id in siblings else -1
        self.editor_actions["up"].setEnabled(at > 0)
        self.editor_actions["down"].setEnabled(0 <= at < len(siblings) - 1)
        self.editor_actions["archive"].setText(tr("Resto&re") if code and code.archived else tr("A&rchive"))
        self._show_attributes(code)

    # -- attributes (dialogs/attribute_definitions.py) -----------------------------
    def _show_attributes(self, code: Code | None) -> None:
        from newscoder.core.attribute_edits import definitions_of
        from newscoder.ui.dialogs.attribute_definitions import summary

        defs = definitions_of(self.project, code.id) if code is not None and self.project is not None else []
        self.attributes_label.setText(summary(defs) or tr("none"))
        self.editor_actions["attributes"].setEnabled(code is not None)

    def edit_attributes(self) -> None:
        """Open the attribute definitions of the current code (window-modal; OK writes one edit)."""
        from newscoder.core.attribute_edits import definitions_of, set_code_attributes
        from newscoder.ui.dialogs.attribute_definitions import AttributeDefinitionsDialog

        code = self.current_code()
        if code is None:
            return
        dialog = AttributeDefinitionsDialog(code.name, definitions_of(self.project, code.id), self)
        self.attributes_dialog: AttributeDefinitionsDialog | None = dialog

        def finished(result: int) -> None:
            if result == QDialog.DialogCode.Accepted:
                self._push(lambda: set_code_attributes(self.project, code.id, dialog.result_defs), select=code.id)
            self.attributes_dialog = None
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()

    def _fill_shortcuts(self, code: Code | None) -> None:
        self.shortcut_combo.clear()
        self.shortcut_combo.addItem(tr("None"), None)
        holders = {c.shortcut: c for c in self.model.codes() if c.shortcut}
        for key in codebook.SHORTCUTS:
            holder = holders.get(key)
            label = key if holder is None or (code and holder.id == code.id) else tr(
                "{key} (now {name})").format(key=key, name=holder.name)
            self.shortcut_combo.addItem(label, key)
        self.shortcut_combo.setCurrentIndex(max(0, self.shortcut_combo.findData(code.shortcut)) if code else 0)

    def _fill_parents(self, code: Code | None) -> None:
        self.parent_combo.clear()
        self.parent_combo.addItem(tr("(none: top level)"), None)
        if code is None:
            return
        excluded = self._descendants(code.id) | {code.id}
        depths = code_depths(self.model.codes())
        for other in self.model.codes():  # the tree, indented as in the table
            if other.id not in excluded:
                self.parent_combo.addItem("    " * depths.get(other.id, 0) + display_name(other), other.id)
        self.parent_combo.setCurrentIndex(max(0, self.parent_combo.findData(code.parent_id)))

    def _siblings(self, code: Code | None) -> list[str]:
        return [c.id for c in self.model.codes() if code is not None and c.parent_id == code.parent_id]

    def _descendants(self, code_id: str) -> set[str]:
        found: set[str] = set()
        frontier = {code_id}
        while frontier:
            frontier = {c.id for c in self.model.codes() if c.parent_id in frontier} - found
            found |= frontier
        return found

    # -- pushing edits -------------------------------------------------------
    def _push(self, build: Callable[[], Edit], select: str | None = None) -> bool:
        current = self.current_code()
        keep = select or (current.id if current else None)
        ok = self.model.push(build)
        if ok:
            self.clear_problem()
            self.select_code(keep)
        return ok

    def _on_applied(self, _edit: Edit) -> None:
        keep = self._detail_id
        self.model.reload()
        if keep is not None and self.model.row_of(keep) >= 0:
            self._detail_id = None  # the stored definition is already current
            self.select_code(keep)
        else:
            self._detail_id = None
            self._select_row(self.table.currentIndex().row())

    def show_problem(self, message: str) -> None:
        self.problem_label.setText("⚠ " + tr("Not changed: {message}").format(message=message))
        self.problem_label.show()

    def clear_problem(self) -> None:
        self.problem_label.clear()
        self.problem_label.hide()

    @property
    def project(self):  # type: ignore[no-untyped-def]
        return self.controller.project

    def add_code(self, name: str) -> bool:
        new_id: list[str] = []

        def build() -> Edit:
            edit = codebook.add_code(self.project, name, shortcut=codebook.next_free_shortcut(self.project))
            new_id.append(edit.changes[-1].after["id"])  # type: ignore[index]
            return edit

        ok = self.model.push(build)
        if ok:
            self.clear_problem()
            self.select_code(new_id[0])
        return ok

    def add_from_field(self) -> None:
        if self.add_code(self.new_name.text()):
            self.new_name.clear()
            self.name_edit.setFocus()

    def rename(self, code_id: str, name: str) -> bool:
        return self._push(lambda: codebook.update_code(self.project, code_id, name=name))

    def set_color(self, code_id: str, color: str) -> bool:
        return self._push(lambda: codebook.update_code(self.project, code_id, color=color))

    def set_shortcut(self, code_id: str, shortcut: str | None) -> bool:
        return self._push(lambda: codebook.update_code(self.project, code_id, shortcut=shortcut))

    def set_parent(self, code_id: str, parent_id: str | None) -> bool:
        return self._push(lambda: codebook.update_code(self.project, code_id, parent_id=parent_id))

    def set_definition(self, code_id: str, text: str) -> bool:
        return self._push(lambda: codebook.update_code(self.project, code_id, description=text))

    def _name_edited(self) -> None:
        code = self.model.code_at(self.model.row_of(self._detail_id))
        if code is not None and self.name_edit.text() != code.name:
            if not self.rename(code.id, self.name_edit.text()):
                self.name_edit.setText(code.name)

    def choose_color(self) -> None:
        code = self.current_code()
        if code is None:
            return
        dialog = QColorDialog(QColor(code.color), self)
        dialog.setWindowTitle(tr("Colour of “{name}”").format(name=code.name))
        dialog.colorSelected.connect(lambda color: self.set_color(code.id, color.name().upper()))
        self.color_dialog = dialog
        dialog.open()

    def _shortcut_chosen(self, index: int) -> None:
        code = self.current_code()
        if code is not None and self.shortcut_combo.itemData(index) != code.shortcut:
            self.set_shortcut(code.id, self.shortcut_combo.itemData(index))

    def _parent_chosen(self, index: int) -> None:
        code = self.current_code()
        if code is not None and self.parent_combo.itemData(index) != code.parent_id:
            self.set_parent(code.id, self.parent_combo.itemData(index))

    def definition_pending(self) -> bool:
        code = self.model.code_at(self.model.row_of(self._detail_id))
        return code is not None and self.definition_edit.toPlainText() != code.description

    def _definition_changed(self) -> None:
        self.editor_actions["definition"].setEnabled(self.definition_pending())

    def save_definition(self, code_id: str | None = None) -> None:
        target = code_id or self._detail_id
        if target is not None:
            self.set_definition(target, self.definition_edit.toPlainText())

    def move_selected(self, delta: int) -> None:
        code = self.current_code()
        if code is None:
            return
        siblings = self._siblings(code)  # a code moves among the codes of its parent
        at = siblings.index(code.id) + delta
        if 0 <= at < len(siblings):
            flat = [c.id for c in self.project.codes()]
            target = flat.index(siblings[at])
            self._push(lambda: codebook.move_code(self.project, code.id, target))

    def toggle_archive(self) -> None:
        code = self.current_code()
        if code is not None:
            self._push(lambda: codebook.archive_code(self.project, code.id, not code.archived))

    def delete_selected(self) -> None:
        """Delete the selected code; if it has segments, ask first, saying how many."""
        code = self.current_code()
        if code is None:
            return
        count = codebook.live_segment_count(self.project, code.id)
        if count == 0:
            self.delete_code(code.id)
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            tr("Delete code"),
            tr(
                "Delete the code “{name}”? Its {count} coded segment(s), by every coder in every article, "
                "will be deleted too."
            ).format(name=code.name, count=count),
            parent=self,
        )
        box.setInformativeText(
            tr("You can undo this with Undo (Ctrl+Z). To keep the segments, archive the code instead.")
        )
        delete = box.addButton(tr("Delete code and segments"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        from newscoder.ui.plain import plain_box

        plain_box(box)  # the code's name
        box.finished.connect(lambda _r: box.clickedButton() is delete and self.delete_code(code.id))
        self.confirm_box = box
        box.open()

    def delete_code(self, code_id: str) -> bool:
        row = self.model.row_of(code_id)
        ok = self.model.push(lambda: codebook.delete_code(self.project, code_id))
        if ok:
            self.clear_problem()
            self._select_row(row)
        return ok

    def done(self, result: int) -> None:
        if self.definition_pending():
            self.save_definition()
        super().done(result)
