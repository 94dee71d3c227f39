"""Corpus search: a query (or a regular expression) over every article, as keyword-in-context hits.

Word queries ask the full-text index for the candidate articles, then find the exact hits
in each candidate's text (:class:`query.Matcher`); a regular expression reads every
(filtered) article. Hits come in article order (title), then by position; offsets are code
points into the stored text, and ``text`` is always ``article_text[start:end]``.

A regular expression runs under a time budget (the ``regex`` module's timeout), so a
pattern that backtracks catastrophically ends with a clear error, and a ``cancel`` callback
is asked between articles (the window's Search pane runs a search off the UI thread).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from newscoder.core import corpus
from newscoder.core.errors import UserError
from newscoder.core.search import filters as filters_mod
from newscoder.core.search import query as q
from newscoder.core.store import Project

CONTEXT = 40
MAX_REGEX = 1000
#: how long a regular expression may run over the corpus by default, in seconds
REGEX_BUDGET = 10.0


class SearchCancelled(UserError):
    """The search was cancelled."""


class RegexError(UserError):
    """A regular expression that does not compile or runs too long."""


@dataclass(frozen=True)
class Hit:
    """One hit in keyword-in-context form."""

    document_id: str
    title: str
    source: str
    published: str
    start: int
    end: int
    text: str
    left: str
    right: str


@dataclass
class SearchResult:
    hits: list[Hit] = field(default_factory=list)
    documents: int = 0  # articles with at least one hit
    scanned: int = 0  # articles read
    truncated: bool = False  # stopped at the limit


def compile_regex(pattern: str):  # type: ignore[no-untyped-def]
    """The pattern compiled by the ``regex`` module, or a one-line :class:`RegexError`."""
    import regex

    if not pattern:
        raise RegexError("the regular expression is empty")
    if len(pattern) > MAX_REGEX:
        raise RegexError(f"the regular expression is longer than {MAX_REGEX} characters")
    try:
        return regex.compile(pattern, regex.VERSION0)
    except (regex.error, ValueError, OverflowError, RecursionError) as exc:
        raise RegexError(f"not a valid regular expression: {exc}") from None


def _kwic(doc: tuple[str, str, str, str, str], start: int, end: int, context: int) -> Hit:
    doc_id, title, source, published, text = doc
    return Hit(doc_id, title, source, published, start, end, text[start:end],
               text[max(0, start - context):start], text[end:end + context])


class Spans:
    """Finds the hit spans of one query in one text (shared by search, autocode and the pane)."""

    def __init__(self, query: str, *, regex: bool = False, budget: float = REGEX_BUDGET) -> None:
        self.regex = regex
        self.budget = budget
        self.deadline: float | None = None
        if regex:
            self._pattern = compile_regex(query)
            self.node = None
        else:
            self.node = q.parse(query)
            self._matcher = q.Matcher(self.node)

    def candidates(self, project: Project, among: set[str] | None) -> list[str]:
        if self.node is None:
            return corpus.all_ids(project, among)
        return corpus.matching_ids(project, q.to_fts(self.node), among)

    def find(self, text: str) -> list[tuple[int, int]]:
        if not self.regex:
            return self._matcher.spans(text)
        import regex

        if self.deadline is None:
            self.deadline = time.monotonic() + self.budget
        left = self.deadline - time.monotonic()
        try:
            if left <= 0:
                raise TimeoutError
            return [m.span() for m in self._pattern.finditer(text, timeout=left) if m.end() > m.start()]
        except TimeoutError:
            raise RegexError(
                f"the regular expression ran longer than {self.budget:g} s and was stopped "
                "(a pattern such as (a+)+ can take forever; make it more specific)") from None
        except regex.error as exc:  # pragma: no cover - runtime errors of the engine
            raise RegexError(f"the regular expression failed: {exc}") from None


def iter_hits(
    project: Project,
    query: str,
    *,
    regex: bool = False,
    where: Iterable[str | filters_mod.Filter] = (),
    context: int = CONTEXT,
    cancel: Callable[[], bool] | None = None,
    budget: float = REGEX_BUDGET,
    stats: SearchResult | None = None,
) -> Iterator[Hit]:
    """Every hit, lazily, article by article (stop reading to stop the search)."""
    spans = Spans(query, regex=regex, budget=budget)
    among = filters_mod.matching_ids(project, where)
    ids = spans.candidates(project, among)
    for doc in corpus.texts(project, ids):
        if cancel is not None and cancel():
            raise SearchCancelled("the search was cancelled")
        found = spans.find(doc[4])
        if stats is not None:
            stats.scanned += 1
            stats.documents += bool(found)
        for a, b in found:
            yield _kwic(doc, a, b, context)


def search(
    project: Project,
    query: str,
    *,
    regex: bool = False,
    where: Iterable[str | filters_mod.Filter] = (),
    limit: int | None = None,
    context: int = CONTEXT,
    cancel: Callable[[], bool] | None = None,
    budget: float = REGEX_BUDGET,
) -> SearchResult:
    """The hits of ``query`` (at most ``limit``), with counts."""
    result = SearchResult()
    for hit in iter_hits(project, query, regex=regex, where=where, context=context, cancel=cancel,
                         budget=budget, stats=result):
        if limit is not None and len(result.hits) >= limit:
            result.truncated = True
            break
        result.hits.append(hit)
    return result
