"""Main-window coding: marks, code keys, recoding, memos, deleting, and applying edits.

A mixin for :class:`~newscoder.ui.main_window.MainWindow`: every change is one
core edit pushed through the window's :class:`~newscoder.ui.undo.UndoController`;
:meth:`CodingSlots._on_applied` refreshes only what an edit touched.
"""

from __future__ import annotations

from typing import Any

from newscoder.core import edits
from newscoder.core.edits import Edit
from newscoder.core.errors import EditError
from newscoder.core.model import Segment
from newscoder.ui.actions import ActionId
from newscoder.ui.highlights import Mark
from newscoder.ui.palette import mark_color, widget_colors
from newscoder.ui.snapping import snap_to_words
from newscoder.ui.plain import esc, tip


class CodingSlots:
    """Mixin: needs project, coder_id, document_id, view, panel, codebook, segment_model…"""

    project: Any
    controller: Any
    coder_id: str | None
    document_id: str | None
    text: str

    # -- marks ------------------------------------------------------------------------
    def _drawn(self, seg: Segment) -> bool:
        return seg.deleted_at is None and (seg.coder_id == self.coder_id or self.show_others)

    def _document_marks(self, document_id: str) -> list[Mark]:
        """Marks for every drawn segment of an article, read as light rows (no records)."""
        assert self.project is not None
        sql = 'SELECT id, code_id, coder_id, start, "end" FROM segments WHERE document_id = ? AND deleted_at IS NULL'
        params: list[str] = [document_id]
        if not self.show_others:
            sql += " AND coder_id = ?"
            params.append(self.coder_id or "")
        colors = {c.id: self._ink(c.color) for c in self.codebook.all_codes()}
        me, to16 = self.coder_id, self.view.offsets.to_utf16
        return [
            Mark(sid, to16(a), to16(b), code_id, colors.get(code_id, "#999999"), coder_id, coder_id == me)
            for sid, code_id, coder_id, a, b in self.project.conn.execute(sql, params)
        ]

    def _ink(self, color: str) -> str:
        """A code colour made readable on the article's palette (light or dark)."""
        base, text = widget_colors(self.view)
        try:
            return mark_color(color, base, text)
        except ValueError:
            return color

    def _mark(self, seg: Segment) -> Mark:
        code = self.codebook.code(seg.code_id)
        a, b = self.view.offsets.span_to_utf16(seg.start, seg.end)
        return Mark(seg.id, a, b, seg.code_id, self._ink(code.color if code else "#999999"), seg.coder_id,
                    seg.coder_id == self.coder_id)

    def _tooltip(self, marks: list[Mark]) -> str:
        lines = []
        for m in marks[:6]:
            code = self.codebook.code(m.code_id)
            seg = self.project.segment(m.segment_id) if self.project else None
            name = esc(code.name) if code else "?"
            coder = esc(self._coder_names.get(m.coder_id, "?"))
            memo = f"<br><i>{esc(seg.memo)}</i>" if seg and seg.memo else ""
            lines.append(f"<b>{name}</b> — {coder}{memo}")
        return "<br>".join(lines)

    # -- coding -----------------------------------------------------------------------
    @property
    def show_others(self) -> bool:
        return self.action(ActionId.SHOW_OTHER_CODERS).isChecked()

    @property
    def snap(self) -> bool:
        return self.action(ActionId.SNAP_TO_WORDS).isChecked()

    def code_key(self, key: str) -> None:
        code = self.codebook.by_shortcut(key)
        if code is None:
            self.statusBar().showMessage(self.tr("No code has the key %1.").replace("%1", key), 4000)
            return
        self.code_with(code.id)

    def code_with(self, code_id: str) -> None:
        """Code the selected text, or recode the selected segment."""
        if not (self.project and self.document_id and self.coder_id and self.controller):
            return
        start, end = self.view.selection_cp()
        if start < end:
            if self.snap:
                start, end = snap_to_words(self.text, start, end)
            if start >= end:
                self.statusBar().showMessage(self.tr("Select some words first."), 4000)
                return
            try:
                edit = edits.add_segment(self.project, self.document_id, code_id, self.coder_id, start, end)
            except EditError as exc:
                self._on_failed(str(exc))
                return
            new_id = edit.changes[0].after["id"]  # type: ignore[index]
            if self.controller.push(edit):
                cur = self.view.textCursor()
                cur.clearSelection()
                self.view.setTextCursor(cur)
                self.select_segment(new_id)
            return
        if self.view.selected_id:
            self._change_code(self.view.selected_id, code_id)
        else:
            self.statusBar().showMessage(self.tr("Select some words first."), 4000)

    def _change_code(self, segment_id: str, code_id: str) -> None:
        seg = self.project.segment(segment_id) if self.project else None
        if seg is None or seg.code_id == code_id or seg.coder_id != self.coder_id:
            return
        self._push(lambda: edits.change_segment_code(self.project, segment_id, code_id))

    def _edit_memo(self, segment_id: str, memo: str) -> None:
        self._push(lambda: edits.set_segment_memo(self.project, segment_id, memo))

    def delete_segment(self) -> None:
        if self.view.selected_id:
            self._push(lambda: edits.delete_segment(self.project, self.view.selected_id))

    def _push(self, build: Any) -> None:
        if self.controller is None:
            return
        try:
            self.controller.push(build())
        except EditError as exc:
            self._on_failed(str(exc))

    def select_segment(self, segment_id: str | None, *, scroll: bool = False) -> None:
        self.view.set_selected_segment(segment_id, scroll=scroll)
        seg = self.segment_model.segment(segment_id) if segment_id else None
        self.panel.show_segment(seg)
        code = self.codebook.code(seg.code_id) if seg is not None else None
        if code is not None:  # the code by name and key, never by colour alone
            key = f" ({code.shortcut})" if code.shortcut else ""
            self.statusBar().showMessage(self.tr("Selected segment: %1").replace("%1", code.name + key), 6000)

    def _segment_clicked(self, segment_id: str) -> None:
        self.select_segment(segment_id or None)

    def cycle_segments(self) -> None:
        """Select the next of my segments overlapping the cursor (or the selected one)."""
        current = self.view.index.get(self.view.selected_id) if self.view.selected_id else None
        pos = self.view.textCursor().position() if current is None else current.start
        hits = self.view.my_marks_at(pos) if current is None else [
            m for m in self.view.index.overlapping(current.start, current.end) if m.mine
        ]
        if not hits:
            return
        ids = [m.segment_id for m in hits]
        nxt = ids[(ids.index(current.segment_id) + 1) % len(ids)] if current and current.segment_id in ids else ids[0]
        self.select_segment(nxt, scroll=True)

    def _selection_changed(self) -> None:
        start, end = self.view.selection_cp()
        if start < end:
            if self.snap:
                start, end = snap_to_words(self.text, start, end)
            self.panel.show_selection(self.text[start:end])
        else:
            self.panel.show_selection("")

    def set_snap(self, on: bool) -> None:
        self._selection_changed()

    def set_show_others(self, on: bool) -> None:
        if self.document_id and self.project:
            self.view.set_marks(self._document_marks(self.document_id))

    # -- applying edits -------------------------------------------------------------------
    @staticmethod
    def _documents_of(edit: Edit) -> list[str]:
        docs: list[str] = []
        for change in edit.changes:
            row = change.after or change.before or {}
            doc = row.get("document_id") if change.table != "documents" else row.get("id")
            if doc and doc not in docs:
                docs.append(doc)
        return docs

    def _on_replayed(self, edit: Edit) -> None:
        docs = self._documents_of(edit)
        if docs and self.document_id not in docs:
            self.select_article(docs[0])

    def _on_applied(self, edit: Edit) -> None:
        assert self.project is not None
        if any(c.table == "codes" for c in edit.changes):
            self.codebook.load(self.project)
            self.segment_model.refresh_all()
            self.set_show_others(self.show_others)
        for change in edit.changes:
            if change.table != "segments":
                continue
            row = change.after or change.before or {}
            if row.get("document_id") != self.document_id:
                continue
            seg = self.project.segment(row["id"])
            if seg is None or not self._drawn(seg):
                self.view.drop_mark(row["id"])
            else:
                self.view.put_mark(self._mark(seg))
            if seg is None or seg.deleted_at is not None:
                self.segment_model.remove(row["id"])
                if self.panel.segment and self.panel.segment.id == row["id"]:
                    self.select_segment(None)
            elif seg.coder_id == self.coder_id:
                self.segment_model.upsert(seg)
                if self.panel.segment and self.panel.segment.id == seg.id:
                    self.panel.show_segment(seg)
        for doc in self._documents_of(edit):
            self.articles.refresh_document(doc)
            if doc == self.document_id and any(c.table == "documents" for c in edit.changes):
                self._show_article(doc)
        self._update_progress()
        self._update_article_status()
        self.saved_label.setText(self.tr("✓ Saved"))
        self.saved_label.setToolTip(self.tr("Every change is written to the project file at once."))

    def _on_failed(self, message: str) -> None:
        """An edit (or an undo whose row another program changed meanwhile) was refused: say so clearly."""
        self.saved_label.setText(self.tr("Not saved"))
        self.saved_label.setToolTip(tip(message))
        self.statusBar().showMessage(self.tr("Not saved: %1").replace("%1", message), 15000)
        self.last_failure = message

    def _update_progress(self) -> None:
        done, total = self.articles.done_count()
        self.progress_label.setText(self.tr("%1 of %2 articles done").replace("%1", str(done)).replace("%2", str(total)))

    def _update_article_status(self) -> None:
        row = self.articles.article(self.document_id) if self.document_id else None
        if row is not None:
            from newscoder.ui.models.article_list import status_text

            self.statusBar().showMessage(self.tr("This article: %1").replace("%1", status_text(row.status)))

