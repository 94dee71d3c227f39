"""The search language: words, phrases, prefixes, AND/OR/NOT, NEAR and number patterns.

A query is parsed into a small tree. The tree becomes (1) an FTS5 query that finds the
candidate articles fast, and (2) a matcher that finds the exact hits in each candidate's
text as code-point spans. Words compare as the index compares them: case-insensitive,
diacritics folded (``cafe`` finds ``café``, composed or with a combining accent).

Grammar (FTS5's precedence: NOT binds tighter than AND, AND than OR)::

    query   := or
    or      := and ("OR" and)*
    and     := not (["AND"] not)*          # two terms side by side: AND
    not     := primary ("NOT" primary)*
    primary := "(" or ")" | NEAR "(" phrase+ ["," N] ")" | "#"noun | phrase
    phrase  := word | word* | "several words" | "several word"*

A word with inner punctuation (``8,000``, ``U.S.``) is a phrase of its tokens.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

from newscoder.core.errors import UserError
from newscoder.core.search import numbers

#: a token: a letter or digit, then letters, digits and combining marks (as FTS5's unicode61)
TOKEN = re.compile(r"[^\W_](?:[^\W_]|[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f])*")
NEAR_DEFAULT = 10
MAX_QUERY = 2000
MAX_TERMS = 64


class QuerySyntaxError(UserError):
    """A query that does not parse."""


@dataclass(frozen=True)
class Phrase:
    tokens: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class Near:
    phrases: tuple[Phrase, ...]
    distance: int


@dataclass(frozen=True)
class Number:
    noun: str


@dataclass(frozen=True)
class And:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    keep: Node
    drop: Node


Node = Phrase | Near | Number | And | Or | Not


# -- folding ---------------------------------------------------------------------------------
def fold(text: str) -> tuple[str, list[int] | None]:
    """Lower-cased text without diacritics, and the original index of each folded character.

    ASCII text folds in place (the map is ``None``: indices are the same).
    """
    if text.isascii():
        return text.lower(), None
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if ch.isascii():
            out.append(ch.lower())
            where.append(i)
            continue
        for part in unicodedata.normalize("NFD", ch):
            if unicodedata.combining(part):
                continue
            low = part.lower()
            out.append(low)
            where.extend([i] * len(low))
    return "".join(out), where


def tokens_of(text: str) -> list[str]:
    folded, _ = fold(text)
    return TOKEN.findall(folded)


# -- parsing ---------------------------------------------------------------------------------
_LEX = re.compile(
    r'\s*(?:(?P<open>\()|(?P<close>\))|"(?P<quoted>[^"]*)"(?P<qstar>\*)?|(?P<bare>[^\s()"]+))')


def _lex(query: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(query):
        if query[pos:].strip() == "":
            break
        m = _LEX.match(query, pos)
        if m is None:
            raise QuerySyntaxError(f"unbalanced quote in the query at character {pos + 1}")
        pos = m.end()
        kind = m.lastgroup or ""
        if kind == "qstar":
            out.append(("quoted*", m.group("quoted")))
        else:
            out.append((kind, m.group(kind)))
    return out


class _Parser:
    def __init__(self, query: str) -> None:
        if len(query) > MAX_QUERY:
            raise QuerySyntaxError(f"the query is longer than {MAX_QUERY} characters")
        self.items = _lex(query)
        self.i = 0
        self.terms = 0

    def peek(self) -> tuple[str, str] | None:
        return self.items[self.i] if self.i < len(self.items) else None

    def take(self) -> tuple[str, str]:
        item = self.items[self.i]
        self.i += 1
        return item

    def is_op(self, name: str) -> bool:
        item = self.peek()
        return item is not None and item == ("bare", name)

    def parse(self) -> Node:
        if not self.items:
            raise QuerySyntaxError("the query is empty")
        node = self.or_()
        if self.peek() is not None:
            raise QuerySyntaxError(f"unexpected {self.peek()[1]!r} in the query")  # type: ignore[index]
        return node

    def or_(self) -> Node:
        parts = [self.and_()]
        while self.is_op("OR"):
            self.take()
            parts.append(self.and_())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def and_(self) -> Node:
        parts = [self.not_()]
        while True:
            item = self.peek()
            if item is None or item[0] == "close" or self.is_op("OR"):
                break
            if self.is_op("AND"):
                self.take()
            parts.append(self.not_())
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def not_(self) -> Node:
        node = self.primary()
        while self.is_op("NOT"):
            self.take()
            node = Not(node, self.primary())
        return node

    def primary(self) -> Node:
        item = self.peek()
        if item is None:
            raise QuerySyntaxError("the query ends where a word was expected")
        kind, value = item
        if kind == "open":
            self.take()
            node = self.or_()
            if self.peek() is None or self.peek()[0] != "close":  # type: ignore[index]
                raise QuerySyntaxError("a '(' is not closed")
            self.take()
            return node
        if kind == "bare" and value in ("AND", "OR", "NOT"):
            raise QuerySyntaxError(f"{value} needs a word on each side")
        if kind == "bare" and value == "NEAR" and self.i + 1 < len(self.items) and self.items[self.i + 1][0] == "open":
            return self.near()
        if kind == "bare" and value.startswith("#") and len(value) > 1:
            self.take()
            noun = tokens_of(value[1:])
            if len(noun) != 1:
                raise QuerySyntaxError(f"a number pattern takes one noun: {value!r}")
            self._count()
            return Number(noun[0])
        if kind == "close":
            raise QuerySyntaxError(f"unexpected {value!r} in the query")
        self.take()
        return self.phrase(kind, value)

    def _count(self) -> None:
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise QuerySyntaxError(f"the query has more than {MAX_TERMS} terms")

    def phrase(self, kind: str, value: str) -> Phrase:
        prefix = kind == "quoted*"
        if kind == "bare" and value.endswith("*"):
            prefix, value = True, value.rstrip("*")
        toks = tokens_of(value)
        if not toks:
            raise QuerySyntaxError(f"{value!r} has no letters or digits to search for")
        self._count()
        return Phrase(tuple(toks), prefix)

    def near(self) -> Near:
        self.take()  # NEAR
        self.take()  # (
        phrases: list[Phrase] = []
        distance = NEAR_DEFAULT
        closed = False
        while not closed:
            if self.peek() is None:
                raise QuerySyntaxError("NEAR( is not closed")
            kind, value = self.take()
            if kind == "close":
                break
            tail = re.fullmatch(r"(.*),\s*(\d*)", value, re.DOTALL) if kind == "bare" else None
            if tail is not None:  # "word,5", ",5" or "," then the distance
                if tail[1]:
                    phrases.append(self.phrase(kind, tail[1]))
                digits = tail[2]
                if not digits:
                    nxt = self.take() if self.peek() is not None else ("", "")
                    digits = nxt[1] if nxt[0] == "bare" else ""
                if not digits.isdigit() or int(digits) > 1000:
                    raise QuerySyntaxError("NEAR(…, N) takes a distance N from 0 to 1000")
                distance = int(digits)
                if self.peek() is None or self.take()[0] != "close":
                    raise QuerySyntaxError("NEAR( is not closed after its distance")
                closed = True
            elif kind in ("bare", "quoted", "quoted*") and value not in ("AND", "OR", "NOT"):
                phrases.append(self.phrase(kind, value))
            else:
                raise QuerySyntaxError(f"NEAR() takes words and phrases, not {value!r}")
        if len(phrases) < 2:
            raise QuerySyntaxError("NEAR() needs at least two words or phrases")
        return Near(tuple(phrases), distance)


def parse(query: str) -> Node:
    """The query's tree; raises :class:`QuerySyntaxError` with a one-line reason."""
    return _Parser(query.strip()).parse()


# -- to FTS5 ---------------------------------------------------------------------------------
def _fts_phrase(p: Phrase) -> str:
    return '"' + " ".join(p.tokens) + '"' + ("*" if p.prefix else "")


def to_fts(node: Node) -> str:
    """The FTS5 query (over the text column) that finds every article the tree can match."""
    return "text : (" + _fts(node) + ")"


def _fts(node: Node) -> str:
    if isinstance(node, Phrase):
        return _fts_phrase(node)
    if isinstance(node, Near):
        return "NEAR(" + " ".join(_fts_phrase(p) for p in node.phrases) + f", {node.distance})"
    if isinstance(node, Number):
        return _fts_phrase(Phrase((numbers.stem(node.noun),), True))
    if isinstance(node, And):
        return "(" + " AND ".join(_fts(p) for p in node.parts) + ")"
    if isinstance(node, Or):
        return "(" + " OR ".join(_fts(p) for p in node.parts) + ")"
    return "(" + _fts(node.keep) + " NOT " + _fts(node.drop) + ")"


# -- matching one text -----------------------------------------------------------------------
class _Text:
    """One article's text folded for matching, with lazily built token positions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded, self.where = fold(text)
        self._starts: list[int] | None = None

    def original(self, a: int, b: int) -> tuple[int, int]:
        """A folded span as a span of the original text (trailing combining marks included)."""
        if self.where is None:
            return a, b
        start = self.where[a]
        end = self.where[b - 1] + 1
        while end < len(self.text) and unicodedata.combining(self.text[end]):
            end += 1
        return start, end

    def token_index(self, pos: int) -> int:
        if self._starts is None:
            self._starts = [m.start() for m in TOKEN.finditer(self.folded)]
        return bisect_right(self._starts, pos) - 1


_SEP = r"(?:[\W_]|[\u0300-\u036f])+"
_EDGE_L = r"(?<![^\W_])"
_EDGE_R = r"(?![^\W_]|[\u0300-\u036f])"
_TAIL = r"(?:[^\W_]|[\u0300-\u036f])*"


def _phrase_re(p: Phrase) -> re.Pattern[str]:
    body = _SEP.join(re.escape(t) for t in p.tokens)
    return re.compile(_EDGE_L + body + (_TAIL if p.prefix else "") + _EDGE_R)


def _nearest(occ: list[tuple[int, int, int, int]], token: int) -> tuple[int, int, int, int]:
    return min(occ, key=lambda o: abs(o[0] - token))


class Matcher:
    """Finds a tree's hits in one text at a time: sorted, non-overlapping code-point spans."""

    def __init__(self, node: Node) -> None:
        self.node = node
        self._res: dict[Phrase, re.Pattern[str]] = {}

    def _re(self, p: Phrase) -> re.Pattern[str]:
        got = self._res.get(p)
        if got is None:
            got = self._res[p] = _phrase_re(p)
        return got

    def spans(self, text: str) -> list[tuple[int, int]]:
        t = _Text(text)
        found = self._eval(self.node, t)
        out: list[tuple[int, int]] = []
        for a, b in sorted(t.original(a, b) for a, b in found):
            if out and a < out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], b))
            else:
                out.append((a, b))
        return out

    def _eval(self, node: Node, t: _Text) -> list[tuple[int, int]]:
        if isinstance(node, Phrase):
            return [m.span() for m in self._re(node).finditer(t.folded)]
        if isinstance(node, Number):
            return numbers.find(node.noun, t.folded)
        if isinstance(node, Near):
            return self._near(node, t)
        if isinstance(node, And):
            parts = [self._eval(p, t) for p in node.parts]
            return [s for part in parts for s in part] if all(parts) else []
        if isinstance(node, Or):
            return [s for p in node.parts for s in self._eval(p, t)]
        return self._eval(node.keep, t) if not self._eval(node.drop, t) else []

    def _near(self, node: Near, t: _Text) -> list[tuple[int, int]]:
        """Spans from the first to the last phrase of each group within ``distance`` tokens."""
        occ: list[list[tuple[int, int, int, int]]] = []  # per phrase: (first token, last token, start, end)
        for p in node.phrases:
            found = [(t.token_index(a), t.token_index(b - 1), a, b) for a, b in
                     (m.span() for m in self._re(p).finditer(t.folded))]
            if not found:
                return []
            occ.append(found)
        need = sum(len(p.tokens) for p in node.phrases)
        out: list[tuple[int, int]] = []
        for anchor in occ[0]:
            group = [anchor] + [_nearest(others, anchor[0]) for others in occ[1:]]
            first, last = min(g[0] for g in group), max(g[1] for g in group)
            if (last - first + 1) - need <= node.distance:
                out.append((min(g[2] for g in group), max(g[3] for g in group)))
        return out
