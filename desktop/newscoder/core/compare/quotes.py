"""View 5: shared and altered quotes.

*Shared sentences*: sentences of six or more words whose word 3-gram sets have a Jaccard
similarity ≥ 0.6 in two or more articles (wire copy run by several outlets is not independent
confirmation). *Altered quotes*: quotations (text inside “…” or "…", five or more words) whose
content words overlap (Jaccard ≥ 0.4, five words or more in common) across articles but whose wording differs; each
variant is shown as a word diff against the first. Both use MinHash/LSH (``neardup``).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import numpy as np

from newscoder.core.compare import neardup
from newscoder.core.compare.model import CompareInput, Doc
from newscoder.core.compare.sentences import sentence_spans as sentences

WORD = re.compile(r"\w+(?:['’]\w+)*")
QUOTE = re.compile(r"“([^”\n]{1,3000})”|\"([^\"\n]{1,3000})\"")
SENTENCE_WORDS, SENTENCE_J = 6, 0.6
QUOTE_WORDS, QUOTE_J = 5, 0.4
QUOTE_SHARED = 5  # and at least this many content words in common
STOP = frozenset("a an and are as at be but by for from has have he her his i in is it its of on or our she "
                 "so that the their them they this to was we were will with would you there these those no not "
                 "been do does did can could should may might into than then also about".split())


@dataclass(frozen=True)
class Span:
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


def _shingles(words: list[str], n: int) -> frozenset[int]:
    """Word n-grams (n > 1) or content words (n = 1) as 63-bit hashes."""
    if n == 1:
        return frozenset(hash(w) & 0x7FFFFFFFFFFFFFFF for w in words if w not in STOP)
    return frozenset(hash(t) & 0x7FFFFFFFFFFFFFFF for t in zip(*(words[i:] for i in range(n)), strict=False))


def _units(docs: tuple[Doc, ...]) -> tuple[list[Span], list[list[str]], list[Span], list[list[str]]]:
    sent_spans, sent_words, quote_spans, quote_words = [], [], [], []
    for d, doc in enumerate(docs):
        text = doc.text
        lowered = text.lower().replace("’", "'")
        same = len(lowered) == len(text) and (lowered.isascii() or text.casefold() == text.lower())
        low = lowered if same else None  # else a letter whose folding changes length or differs: the slow path
        for s, e in sentences(text):
            words = WORD.findall(low, s, e) if low is not None else normal_words(text[s:e])
            if len(words) >= SENTENCE_WORDS:
                sent_spans.append(Span(d, s, e))
                sent_words.append(words)
        if "“" in text or '"' in text:
            for m in QUOTE.finditer(text):
                g = 1 if m.group(1) is not None else 2
                words = normal_words(m.group(g))
                if len(words) >= QUOTE_WORDS:
                    quote_spans.append(Span(d, m.start(g), m.end(g)))
                    quote_words.append(words)
    return sent_spans, sent_words, quote_spans, quote_words


def _groups(words: list[list[str]], spans: list[Span], shingles: int, threshold: float,
            k: int, rows: int) -> list[list[int]]:
    """Groups of items (indices) from two or more articles, linked by Jaccard ≥ threshold.

    Items with the same words are one unit (exact duplicates, e.g. wire copy); MinHash/LSH
    runs over the distinct wordings only and candidates are checked by exact Jaccard."""
    by_key: dict[tuple[str, ...], int] = {}
    members: list[list[int]] = []
    for i, w in enumerate(words):
        u = by_key.setdefault(tuple(w), len(members))
        if u == len(members):
            members.append([])
        members[u].append(i)
    keys = list(by_key)
    sets = [_shingles(list(key), shingles) for key in keys]
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
    for comp in linked:
        items = [i for u in comp for i in members[u]]
        if len({spans[i].doc for i in items}) > 1:
            out.append(sorted(items))
    return out


def word_diff(old: str, new: str) -> tuple[tuple[str, str, str], ...]:
    """Word runs ("equal"|"replace"|"delete"|"insert", old words, new words), compared without case or
    punctuation and shown as written (an "equal" run in the old wording)."""
    old_w, new_w = WORD.findall(old), WORD.findall(new)
    sm = difflib.SequenceMatcher(a=normal_words(" ".join(old_w)), b=normal_words(" ".join(new_w)), autojunk=False)
    return tuple((op, " ".join(old_w[a0:a1]), " ".join(new_w[b0:b1])) for op, a0, a1, b0, b1 in sm.get_opcodes())


def shared_and_altered(inp: CompareInput) -> QuotesView:
    docs = inp.docs
    s_spans, s_words, q_spans, q_words = _units(docs)
    shared = []
    for g in _groups(s_words, s_spans, 3, SENTENCE_J, 16, 2):
        members = sorted((s_spans[i] for i in g), key=lambda s: (s.doc, s.start))
        first = members[0]
        shared.append(SharedGroup(
            spans=tuple(members),
            outlets=tuple(sorted({docs[s.doc].outlet for s in members}, key=inp.outlets.index)),
            articles=len({s.doc for s in members}),
            identical=len({tuple(s_words[i]) for i in g}) == 1,
            text=docs[first.doc].text[first.start:first.end]))
    shared.sort(key=lambda grp: (-grp.articles, grp.spans[0].doc, grp.spans[0].start))
    altered = []
    for g in _groups(q_words, q_spans, 1, QUOTE_J, 32, 2):
        by_words: dict[tuple[str, ...], list[int]] = {}
        for i in sorted(g, key=lambda i: (q_spans[i].doc, q_spans[i].start)):
            by_words.setdefault(tuple(q_words[i]), []).append(i)
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
    return QuotesView(tuple(shared), tuple(altered), len(s_spans), len(q_spans))


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
