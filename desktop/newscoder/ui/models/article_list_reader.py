"""What the article list's filters and groups read, kept until the articles' variables change.

:class:`ListReader` turns the filter text and a grouping into plain Python sets and maps over the
list's rows (the rows of :class:`~newscoder.ui.models.article_list.ArticleListModel`, by number):
variable filters through :func:`newscoder.core.search.filters.matching_ids` over an inverted index
per variable (one store query each, kept), words against each row's title, outlet and status.
"""

from __future__ import annotations

from typing import Any

from newscoder.core.records import Status
from newscoder.core.store import Project
from newscoder.core.variables_order import Kind, groups_of
from newscoder.ui.models.article_list import status_text

#: the pseudo-variable a list groups by for the coder's own status
STATUS = "status"


class ListReader:
    """Filters and groups the list's rows; caches what it read from the store."""

    def __init__(self) -> None:
        self.error = ""
        #: the documents that pass the variable filters of the last :meth:`filter` (None: no such filter)
        self.keep: set[str] | None = None
        self._names: list[str] | None = None
        self._values: dict[str, dict[str, list[str]]] = {}
        self._haystack: dict[int, str] = {}

    def forget(self) -> None:
        """The articles' variables may have changed: read them again when needed."""
        self._names, self._values = None, {}

    def rows_changed(self) -> None:
        """The list was re-read or re-ordered: row numbers mean other rows now."""
        self._haystack = {}

    def row_changed(self, n: int) -> None:
        self._haystack.pop(n, None)

    def filter(self, project: Project | None, text: str, rows: list[Any], everyone: list[str]) -> set[int] | None:
        """The rows that pass ``text`` (``None``: no filter): their document passes the variable filters
        and their row holds the words. A filter that cannot run sets :attr:`error` and passes nothing."""
        from newscoder.core.errors import UserError
        from newscoder.core.search import filters

        self.error = ""
        self.keep = None
        pieces = [p.strip() for p in text.split(";") if p.strip()]
        if not pieces:
            return None
        variable = [p for p in pieces if filters.is_filter(p)]
        words = [p.casefold() for p in pieces if not filters.is_filter(p)]
        if variable and project is not None:
            try:
                if self._names is None:
                    self._names, self._values = filters.variable_names(project), {}
                self.keep = filters.matching_ids(project, variable, known=self._names,
                                                 index=lambda name: self._index_of(project, name), everyone=everyone)
            except UserError as exc:
                self.error, self.keep = str(exc), set()
                return set()
        keep, hay, passing = self.keep, self._haystack, set()
        for n, r in enumerate(rows):
            if keep is not None and r.id not in keep:
                continue
            if words:
                found = hay.get(n)
                if found is None:
                    found = hay[n] = f"{r.title}\n{r.source}\n{status_text(r.status)}".casefold()
                if not all(w in found for w in words):
                    continue
            passing.add(n)
        return passing

    def _index_of(self, project: Project, name: str) -> dict[str, list[str]]:
        """One variable's articles by value (one query; kept until :meth:`forget`)."""
        from newscoder.core.search import filters

        found = self._values.get(name)
        if found is None:
            found = self._values[name] = filters.variable_index(project, name)
        return found

    @staticmethod
    def groups(project: Project | None, name: str, granularity: str, rows: list[Any]
               ) -> tuple[dict[int, tuple[str, str]], Kind]:
        """Each row's group and how the groups are ordered: the document's value (a row's own title, outlet
        or date where it has one: another publication's); ``status``: my status, as the list shows it."""
        from newscoder.core import store_variables_list as by_variable

        numbers = range(len(rows))
        if name == STATUS:
            kind = Kind("choice", tuple(status_text(s) for s in Status))
            return groups_of(numbers, {n: status_text(r.status) for n, r in enumerate(rows)}, kind), kind
        if project is None:
            return {}, Kind()
        values = by_variable.variable_values(project, name)
        kind = by_variable.variable_kind(project, name)
        own = name in ("title", "source", "published")
        by_row = {n: (str(getattr(r, name, None) or values.get(r.id, "")) if own else values.get(r.id, ""))
                  for n, r in enumerate(rows)}
        return groups_of(numbers, by_row, kind, granularity), kind
