"""View 5: shared and altered quotes.

*Shared sentences*: sentences of six or more words whose word 3-gram sets have a Jaccard
similarity ≥ 0.6 in two or more articles (wire copy run by several outlets is not independent
confirmation). *Altered quotes*: quotations (text inside “…” or "…", five or more words) whose
content words overlap (Jaccard ≥ 0.4, five words or more in common) across articles but whose wording differs; each
variant is shown as a word diff against the first. Both use MinHash/LSH (``neardup``).
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from newscoder.core.compare import neardup
from newscoder.core.compare.model import CompareInput, Doc
from newscoder.core.compare.sentences import sentence_spans as sentences
from newscoder.core.compare.structured import no_cycle_collection

WORD = re.compile(r"\w+(?:['’]\w+)*")
QUOTE = re.compile(r"“([^”\n]{1,3000})”|\"([^\"\n]{1,3000})\"")
SENTENCE_WORDS, SENTENCE_J = 6, 0.6
QUOTE_WORDS, QUOTE_J = 5, 0.4
QUOTE_SHARED = 5  # and at least this many content words in common
STOP = frozenset("a an and are as at be but by for from has have he her his i in is it its of on or our she "
                 "so that the their them they this to was we were will with would you there these those no not "
                 "been do does did can could should may might into than then also about".split())


class Span(NamedTuple):
    doc: int  # index into CompareInput.docs
    start: int
    end: int


@dataclass(frozen=True)
class SharedGroup:
    spans: tuple[Span, ...]  # one or more per article, by article
    outlets: tuple[str, ...]
    articles: int
    identical: bool  # the same words (case and punctuation aside) everywhere
    text: str  # the first member's text


@dataclass(frozen=True)
class Variant:
    text: str  # the wording (its first article's)
    spans: tuple[Span, ...]  # the quotation's inner text in every article with this wording
    outlets: tuple[str, ...]
    diff: tuple[tuple[str, str, str], ...]  # against the first variant: (op, old words, new words); () for it


@dataclass(frozen=True)
class AlteredQuote:
    variants: tuple[Variant, ...]  # two or more wordings

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(o for v in self.variants for o in v.outlets))


@dataclass(frozen=True)
class QuotesView:
    shared: tuple[SharedGroup, ...]
    altered: tuple[AlteredQuote, ...]
    sentences: int
    quotations: int


def normal_words(text: str) -> list[str]:
    return WORD.findall(text.casefold().replace("’", "'"))


_MASK = 0x7FFFFFFFFFFFFFFF
_WORD_IDS: dict[str, int] = {}


def word_id(word: str) -> int:
    """A 63-bit hash of ``word`` that is the same in every process.

    Python's ``hash()`` of a string changes from one process to the next (``PYTHONHASHSEED``), which
    made the near-duplicate groups vary between runs; integers and tuples of integers hash the same
    everywhere, so n-grams are hashed as tuples of these ids."""
    got = _WORD_IDS.get(word)
    if got is None:
        got = int.from_bytes(hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                             "little") & _MASK
        if len(_WORD_IDS) < 1_000_000:
            _WORD_IDS[word] = got
    return got


def _shingles(words: list[str], n: int) -> frozenset[int]:
    """Word n-grams (n > 1) or content words (n = 1) as 63-bit hashes, stable across processes."""
    if n == 1:
        return frozenset(word_id(w) for w in words if w not in STOP)
    ids = [word_id(w) for w in words]
    return frozenset(hash(t) & _MASK for t in zip(*(ids[i:] for i in range(n)), strict=False))


class _Items:
    """Sentences or quotations as parallel lists; ``unit`` is the index of the item's wording (its words,
    case and punctuation aside) in ``words``. Each distinct text is tokenised once (wire copy repeats)."""

    def __init__(self) -> None:
        self.doc: list[int] = []
        self.start: list[int] = []
        self.end: list[int] = []
        self.unit: list[int] = []
        self.words: list[list[str]] = []  # per unit
        self._by_text: dict[str, int] = {}  # lowered text -> unit (-1: too few words)
        self._by_words: dict[tuple[str, ...], int] = {}

    def add(self, d: int, s: int, e: int, key: str, least: int) -> None:
        u = self._by_text.get(key)
        if u is None:
            words = WORD.findall(key)
            if len(words) < least:
                u = -1
            else:
                u = self._by_words.setdefault(tuple(words), len(self.words))
                if u == len(self.words):
                    self.words.append(words)
            self._by_text[key] = u
        if u >= 0:
            self.doc.append(d)
            self.start.append(s)
            self.end.append(e)
            self.unit.append(u)

    def span(self, i: int) -> Span:
        return Span(self.doc[i], self.start[i], self.end[i])


def _units(docs: tuple[Doc, ...]) -> tuple[_Items, _Items]:
    sents, quotes = _Items(), _Items()
    for d, doc in enumerate(docs):
        text = doc.text
        lowered = text.lower().replace("’", "'")
        same = len(lowered) == len(text) and (lowered.isascii() or text.casefold() == text.lower())
        low = lowered if same else None  # else a letter whose folding changes length or differs: the slow path
        for s, e in sentences(text):
            sents.add(d, s, e, low[s:e] if low is not None else text[s:e].casefold().replace("’", "'"),
                      SENTENCE_WORDS)
        if "“" in text or '"' in text:
            for m in QUOTE.finditer(text):
                g = 1 if m.group(1) is not None else 2
                quotes.add(d, m.start(g), m.end(g), m.group(g).casefold().replace("’", "'"), QUOTE_WORDS)
    return sents, quotes


def _groups(items: _Items, shingles: int, threshold: float, k: int, rows: int) -> list[list[int]]:
    """Groups of items (indices) from two or more articles, linked by Jaccard ≥ threshold.

    Items with the same words are one unit (exact duplicates, e.g. wire copy); MinHash/LSH
    runs over the distinct wordings only and candidates are checked by exact Jaccard."""
    members: list[list[int]] = [[] for _ in items.words]
    for i, u in enumerate(items.unit):
        members[u].append(i)
    sets = [_shingles(words, shingles) for words in items.words]
    item_of = np.repeat(np.arange(len(sets)), [len(s) for s in sets])
    flat = np.fromiter((h for s in sets for h in s), dtype=np.int64, count=int(item_of.size))
    sig = neardup.signatures(item_of, flat, len(sets), k)
    usable = np.array([len(s) > 0 for s in sets], dtype=bool)
    cand = neardup.candidate_pairs(sig, rows, usable)
    least = 1 if shingles > 1 else QUOTE_SHARED
    good = [(int(i), int(j)) for i, j in cand.tolist()
            if len(sets[i] & sets[j]) >= least and neardup.jaccard(sets[i], sets[j]) >= threshold]
    linked = neardup.components(len(sets), good)
    in_comp = {u for comp in linked for u in comp}
    linked += [[u] for u in range(len(sets)) if u not in in_comp and len(members[u]) > 1]
    out = []
    doc = items.doc
    for comp in linked:
        group = [i for u in comp for i in members[u]]
        first = doc[group[0]]
        if any(doc[i] != first for i in group):
            out.append(sorted(group))
    return out


def word_diff(old: str, new: str) -> tuple[tuple[str, str, str], ...]:
    """Word runs ("equal"|"replace"|"delete"|"insert", old words, new words), compared without case or
    punctuation and shown as written (an "equal" run in the old wording)."""
    old_w, new_w = WORD.findall(old), WORD.findall(new)
    sm = difflib.SequenceMatcher(a=normal_words(" ".join(old_w)), b=normal_words(" ".join(new_w)), autojunk=False)
    return tuple((op, " ".join(old_w[a0:a1]), " ".join(new_w[b0:b1])) for op, a0, a1, b0, b1 in sm.get_opcodes())


def shared_and_altered(inp: CompareInput) -> QuotesView:
    with no_cycle_collection():
        return _shared_and_altered(inp)


def _shared_and_altered(inp: CompareInput) -> QuotesView:
    docs = inp.docs
    sents, quotations = _units(docs)
    shared = []
    for g in _groups(sents, 3, SENTENCE_J, 16, 2):
        members = sorted((sents.span(i) for i in g), key=lambda s: (s.doc, s.start))
        first = members[0]
        shared.append(SharedGroup(
            spans=tuple(members),
            outlets=tuple(sorted({docs[s.doc].outlet for s in members}, key=inp.outlets.index)),
            articles=len({s.doc for s in members}),
            identical=len({sents.unit[i] for i in g}) == 1,
            text=docs[first.doc].text[first.start:first.end]))
    shared.sort(key=lambda grp: (-grp.articles, grp.spans[0].doc, grp.spans[0].start))
    altered = []
    q_spans = [quotations.span(i) for i in range(len(quotations.unit))]
    for g in _groups(quotations, 1, QUOTE_J, 32, 2):
        by_words: dict[int, list[int]] = {}
        for i in sorted(g, key=lambda i: (q_spans[i].doc, q_spans[i].start)):
            by_words.setdefault(quotations.unit[i], []).append(i)
        if len(by_words) < 2:
            continue
        first_i = next(iter(by_words.values()))[0]
        base = docs[q_spans[first_i].doc].text[q_spans[first_i].start:q_spans[first_i].end]
        variants = []
        for n, same in enumerate(by_words.values()):
            lead = q_spans[same[0]]
            outlets = sorted({docs[q_spans[i].doc].outlet for i in same}, key=inp.outlets.index)
            variants.append(Variant(
                docs[lead.doc].text[lead.start:lead.end], tuple(q_spans[i] for i in same), tuple(outlets),
                word_diff(base, docs[lead.doc].text[lead.start:lead.end]) if n else ()))
        altered.append(AlteredQuote(tuple(variants)))
    return QuotesView(tuple(shared), tuple(altered), len(sents.unit), len(q_spans))


def diff_text(diff: tuple[tuple[str, str, str], ...]) -> str:
    """A word diff as plain text: ``[-removed-]{+added+}``."""
    parts = []
    for op, old, new in diff:
        if op == "equal":
            parts.append(old)
            continue
        if old:
            parts.append(f"[-{old}-]")
        if new:
            parts.append(f"{{+{new}+}}")
    return " ".join(parts)
