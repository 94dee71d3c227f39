"""Article ▸ Properties…: edit an article's title, source, author, date and URL.

The text itself never changes; its length, import time, id and hash are shown
for information. OK pushes one undoable edit with only the fields that changed.

A text run by several outlets (issue 13) has one publication per outlet: the dialog edits the
publication whose row is selected (its title, source, author, date and URL) and lists the others;
the variables belong to the text, shared by its publications.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget,
)

from newscoder.core import edits
from newscoder.core.errors import EditError
from newscoder.core.records import DocumentInfo
from newscoder.ui.undo import UndoController
from newscoder.ui.plain import label as label_plain


def tr(text: str) -> str:
    return QCoreApplication.translate("ArticleProperties", text)


FIELD_LABELS = {
    "title": "&Title:",
    "source": "&Source:",
    "author": "&Author:",
    "published": "&Published:",
    "url": "&URL:",
}


class ArticlePropertiesDialog(QDialog):
    """Edits one article's metadata through the undo controller."""

    def __init__(self, controller: UndoController, document_id: str, parent: QWidget | None = None,
                 publication_id: str | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.document_id = document_id
        info = controller.project.document_info(document_id)
        if info is None:
            raise EditError(f"no such article: {document_id}")
        self.info: DocumentInfo = info
        from newscoder.core import store_publications

        self.publications = store_publications.publications_of(controller.project, document_id)
        chosen = next((p for p in self.publications if p.id == publication_id and not p.first), None)
        #: the later publication edited here (None: the document's own metadata, its first publication)
        self.publication = chosen
        self.shown = chosen if chosen is not None else info
        self._stored = {}
        self.setWindowTitle(tr("Article properties"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        for name, label in FIELD_LABELS.items():
            edit = QLineEdit(getattr(self.shown, name))
            edit.setAccessibleName(tr(label).replace("&", "").rstrip(":"))
            self.fields[name] = edit
            form.addRow(tr(label), edit)
        self.fields["published"].setPlaceholderText(tr("e.g. 2024-10-23"))
        self.fields["url"].setPlaceholderText("https://…")
        self.variables = self._variable_rows(form, controller)
        for label, value in (
            (tr("Length:"), tr("{n} characters").format(n=f"{info.length:,}")),
            (tr("Imported:"), info.imported_at),
            (tr("Id:"), info.id),
            (tr("SHA-256:"), info.content_sha256),
            *self._publication_rows(),
        ):
            shown = label_plain(value)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
            shown.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            form.addRow(label, shown)
        layout.addLayout(form)
        self.problem_label = label_plain()
        self.problem_label.setWordWrap(True)
        self.problem_label.setAccessibleName(tr("Problem"))
        self.problem_label.hide()
        layout.addWidget(self.problem_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.fields["title"].setFocus()
        self.resize(560, self.sizeHint().height())

    def _variable_rows(self, form: QFormLayout, controller: UndoController) -> dict[str, QLineEdit | QComboBox]:
        """One row per project variable (defined ones typed; front-matter keys as text)."""
        from newscoder.core import corpus
        from newscoder.core.search import filters

        row = corpus.document_row(controller.project, self.document_id)
        defs = {d.name: d for d in corpus.variable_defs(controller.project)}
        out: dict[str, QLineEdit | QComboBox] = {}
        for name in filters.variable_names(controller.project)[len(corpus.BUILTIN_VARIABLES):]:
            value = str(row.metadata.get(name, "")) if row is not None else ""
            defn = defs.get(name)
            widget: QLineEdit | QComboBox
            if defn is not None and defn.type == "choice":
                widget = QComboBox()
                widget.addItems(["", *defn.choices])
                widget.setCurrentText(value)
            else:
                widget = QLineEdit(value)
                if defn is not None:
                    widget.setPlaceholderText({"number": tr("a number"), "date": tr("YYYY-MM-DD")}.get(defn.type, ""))
            widget.setAccessibleName(name)
            self._stored[name] = value
            out[name] = widget
            label = QLabel(name + ":")
            label.setTextFormat(Qt.TextFormat.PlainText)  # a user's name is never rich text
            form.addRow(label, widget)
        return out

    _stored: dict[str, str] = {}

    def _publication_rows(self) -> list[tuple[str, str]]:
        """"Publications:" every outlet's run of this text, one line each (only when there are several)."""
        if len(self.publications) < 2:
            return []
        lines = [("▸ " if p.id == (self.publication.id if self.publication else self.document_id) else "  ")
                 + f"{p.title} — {', '.join(x for x in (p.source or tr('no source'), p.published) if x)}"
                 for p in self.publications]
        return [(tr("Publications:"), "\n".join(lines)),
                (tr("Coding:"), tr("the text is coded once for all its publications"))]

    def changed_variables(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for name, widget in self.variables.items():
            value = widget.currentText() if isinstance(widget, QComboBox) else widget.text()
            if value.strip() != self._stored.get(name, ""):
                out[name] = value
        return out

    def changed_fields(self) -> dict[str, str]:
        """The fields whose text differs from the stored article (titles trimmed of outer space)."""
        changed: dict[str, str] = {}
        for name, edit in self.fields.items():
            if edit.text() != getattr(self.shown, name):
                value = edit.text().strip()
                if value != getattr(self.shown, name):
                    changed[name] = value
        return changed

    def _publication_edit(self, changed: dict[str, str], more: dict[str, str]) -> edits.Edit:
        """One edit: the publication's fields and the text's variables."""
        from newscoder.core import publications, variables

        assert self.publication is not None
        parts: list[edits.RowChange] = []
        if changed:
            parts += publications.update_publication(self.controller.project, self.publication.id, **changed).changes
        if more:
            parts += variables.set_values(self.controller.project, {self.document_id: more}).changes
        return edits.Edit("Edit publication", tuple(parts))

    def show_problem(self, message: str) -> None:
        self.problem_label.setText("⚠ " + message)
        self.problem_label.show()

    def accept(self) -> None:
        changed = self.changed_fields()
        if "title" in changed and not changed["title"]:
            self.show_problem(tr("An article needs a title; the title cannot be empty."))
            self.fields["title"].setFocus()
            return
        more = self.changed_variables()
        if changed or more:
            messages: list[str] = []

            def record(message: str) -> None:
                messages.append(message)

            self.controller.failed.connect(record)
            try:
                if self.publication is not None:  # a later publication: its own row; the variables the text's
                    edit = self._publication_edit(changed, more)
                elif more:
                    from newscoder.core import variables

                    edit = variables.set_values(self.controller.project, {self.document_id: {**changed, **more}},
                                                label="Edit article properties")
                else:
                    edit = edits.update_document(self.controller.project, self.document_id, **changed)
                ok = self.controller.push(edit)
            except EditError as exc:
                ok, messages = False, [str(exc)]
            finally:
                self.controller.failed.disconnect(record)
            if not ok:
                self.show_problem(tr("Not saved: {message}").format(message="; ".join(messages) or tr("unknown")))
                return
        super().accept()
