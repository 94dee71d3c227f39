"""Rule suggesters (pure: text in, suggestions out; no SQL, no model).

- ``rules.hedge/1`` (code *estimate*): numbers read by the number-and-hedge grammar
  (:mod:`newscoder.core.hedge`): a hedged number ("up to 8,000 troops"), a range, a vague
  quantity ("thousands of"), or a bare number that counts people ("1,200 casualties").
- ``rules.lexicon/1`` (any code with a lexicon, by default *denial* and *condemnation*): the
  clause around a lexicon phrase (:mod:`newscoder.core.suggest.lexicons`).
- ``rules.attribution/1`` (code *claim*): a quotation with a speech or estimation verb in its
  sentence, or what a named source said ("X said that …", "…, X said", "according to X, …").

Each suggester takes the article text and the code id to suggest, and is silent for a code
the project lacks (the engine matches codes by name).
"""

from __future__ import annotations

import bisect
import re

from newscoder.core import hedge
from newscoder.core.suggest.candidates import MIN_WORDS, candidate_spans, enclosing, sentence_spans
from newscoder.core.suggest.types import Suggestion

HEDGE = "rules.hedge/1"
LEXICON = "rules.lexicon/1"
ATTRIBUTION = "rules.attribution/1"

#: how far after a number its counted words may reach (words)
COUNTED_WORDS = 4
_NUMBER_RE = hedge._NUMBER_RE  # the grammar's own number pattern (digits, scales, written numbers)
_COUNTED = frozenset(
    "troops soldiers forces fighters personnel men people civilians casualties dead killed wounded injured "
    "refugees migrants prisoners hostages workers children victims deaths missiles drones shells rounds tanks "
    "units servicemen conscripts recruits mercenaries staff officers".split())
_STOP = frozenset(
    "a an the of to in on at by for from with and or but as is are was were be been has have had will would "
    "could may might can that which who this these those it its their his her they he she we said says".split())
_MONTHS = re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?", re.IGNORECASE)
#: the grammar's number words (:mod:`newscoder.core.hedge`), plural scales, "dozens" and "half" ("a", "an" and
#: "zero" start no estimate of their own)
_NUMBER_WORDS = sorted({w for w in hedge._SMALL if w not in ("a", "an", "zero")}
                       | {f"{w}s?" for w in hedge._SCALES} | {"dozens?", "half"})
#: a digit, a number word or a vague quantity: a sentence without one has no estimate
_ANY_NUMBER = re.compile(  # (the look-ahead on the first letter makes the scan three times faster)
    r"\d+|\b(?=[" + "".join(sorted({w[0] for w in _NUMBER_WORDS} | {w[0].upper() for w in _NUMBER_WORDS}))
    + "])(?:" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)
_DURATION = re.compile(r"-(?:year|day|month|week|hour|minute|second|decade|century|mile|kilometer|kilometre)s?\b",
                       re.IGNORECASE)
_RANGE_WORD = re.compile(r"\b(?:between|from)\s+$", re.IGNORECASE)
_WORD_AFTER = re.compile(r"\s*([A-Za-z][\w’'-]*)")


def _counted_end(text: str, pos: int, limit: int) -> tuple[int, bool]:
    """Extend past up to :data:`COUNTED_WORDS` content words after ``pos``; whether one is a counted noun."""
    end, counted = pos, False
    for _ in range(COUNTED_WORDS):
        m = _WORD_AFTER.match(text, end, limit)
        if m is None or m.group(1).lower() in _STOP:
            break
        end = m.end()
        if m.group(1).lower() in _COUNTED:
            counted = True
            break
    return end, counted


def _is_date_or_year(text: str, a: int, b: int, value: int, sentence_start: int) -> bool:
    word = text[a:b]
    if re.fullmatch(r"(1[89]|20)\d\d", word):
        return True
    before = text[max(sentence_start, a - 10):a]
    after = text[b:b + 10]
    return value <= 31 and (bool(_MONTHS.search(before.split()[-1] if before.split() else ""))
                            or bool(_MONTHS.match(after.strip())))


def estimates(text: str, document_id: str, code_id: str,
              sentences: list[tuple[int, int]] | None = None) -> list[Suggestion]:
    """Hedged numbers, ranges and vague quantities, and bare numbers that count people."""
    out: list[Suggestion] = []
    # one pass over the whole text finds the sentences worth reading (a digit or a number word)
    marks = [m.start() for m in _ANY_NUMBER.finditer(text)]
    for sa, sb in sentence_spans(text) if sentences is None else sentences:
        k = bisect.bisect_left(marks, sa)
        if k == len(marks) or marks[k] >= sb:
            continue  # no digit and no number word: nothing to read (most sentences)
        taken = sa
        while k < len(marks) and marks[k] < sb:
            pos = marks[k]
            k += 1
            if pos < taken or (pos > 0 and text[pos - 1] in "0123456789-/.:,\u202f\u2009"):
                continue  # read already, or inside a date, a time or a code ("2024-10-31", "10:30")
            if not text[pos].isdigit() and pos - 3 >= taken and text[pos - 3:pos].lower() in ("an ", " a "):
                pos -= 3 if text[pos - 3] != " " else 2  # "a dozen", "an estimated …": the article is part of it
            m = _NUMBER_RE.match(text, pos, sb)  # the grammar's number, read where the cue is (no slow scan)
            if m is None or (m.end() - m.start() <= 3 and m.group(0).lower() in ("a", "an", "and")):
                continue
            value = hedge.number_value(m.group(0))
            if value is None:
                continue
            kw = _RANGE_WORD.search(text, max(sa, m.start() - 9), m.start())
            lead = kw.start() if kw is not None else m.start()
            est = hedge.parse_estimate(text[lead:min(sb, m.end() + 60)], text[max(sa, lead - 80):lead])
            if est is None or est.start != m.start() - lead:
                continue
            num_end = lead + est.end
            number = text[m.start():num_end]
            start = lead if est.hedge == "range" else m.start()
            if est.hedge_text and est.hedge not in ("range", "exact"):
                at = text.rfind(est.hedge_text, max(sa, m.start() - 80), m.start())
                if at >= 0 and not text[at + len(est.hedge_text):m.start()].strip(" $€£¥"):
                    start = at
                else:
                    after = text.find(est.hedge_text, num_end, min(sb, num_end + 20))
                    if after >= 0:
                        num_end = after + len(est.hedge_text)
            if est.hedge == "exact" and _is_date_or_year(text, m.start(), m.end(), value, sa):
                continue
            if _DURATION.match(text, lead + est.end):
                continue  # "a two-year-long conflict", "a 10-day visit": a duration, not a count
            end, counted = _counted_end(text, num_end, sb)
            if est.hedge == "exact":
                if not counted or (value < 10 and not any(c.isdigit() for c in number)):
                    continue
                score, reason = 0.45, f"counted number: {text[m.start():end]}"
            elif est.hedge == "range":
                score, reason = 0.8, f"range: {est.hedge_text}"
            else:
                before = start < m.start()
                shown = f"{est.hedge_text} {number}" if before else f"{number} {est.hedge_text}"
                score, reason = 0.85, f"number with hedge: {shown}"
            score += 0.05 if counted else 0.0
            out.append(Suggestion.make(document_id, code_id, start, end, score, HEDGE, reason))
            taken = end
        for v in hedge._VAGUE_RE.finditer(text, sa, sb):
            if any(s.overlaps(v.start(), v.end()) for s in out):
                continue
            end, counted = _counted_end(text, v.end() + (3 if text[v.end():v.end() + 3] == " of" else 0), sb)
            if counted:
                out.append(Suggestion.make(document_id, code_id, v.start(), end, 0.6, HEDGE,
                                           f"vague quantity: {text[v.start():end]}"))
    return sorted(out, key=lambda s: (s.start, s.end))


def lexicon(text: str, document_id: str, code_id: str, code_name: str, pattern: re.Pattern[str],
            spans: list[tuple[int, int]] | None = None) -> list[Suggestion]:
    """The clause (or sentence) around each lexicon phrase, once per clause."""
    spans = candidate_spans(text) if spans is None else spans
    found: dict[tuple[int, int], list[str]] = {}
    for m in pattern.finditer(text):
        span = enclosing(spans, m.start(), m.end())
        if span is None:
            continue
        words = found.setdefault(span, [])
        if m.group(0).lower() not in words:
            words.append(m.group(0).lower())
    out = []
    for (a, b), words in sorted(found.items()):
        score = 0.7 + 0.05 * min(len(words) - 1, 2)
        shown = ", ".join(f"“{w}”" for w in words[:2])
        out.append(Suggestion.make(document_id, code_id, a, b, score, LEXICON, f"{code_name} word: {shown}"))
    return out


_SPEECH = (r"said|says|say|told|tells|stated|states|added|adds|noted|claimed|claims|announced|announces|"
           r"confirmed|estimated|estimates|reported|reports|warned|warns|assessed|indicated|insisted|argued|"
           r"believes|believed|wrote|accused|alleged|asserted|declared")
_SPEECH_FIRST = "".join(sorted({w[0] for w in _SPEECH.split("|")} | {"a"}))
_SPEECH_RE = re.compile(rf"\b(?=[{_SPEECH_FIRST}])(?:{_SPEECH}|according to)\b", re.IGNORECASE)
_QUOTE_RE = re.compile(r"“([^”]{3,})”|\"([^\"]{3,})\"|«([^»]{3,})»")
_NAME = r"(?:[A-Z][\w’'.-]+(?:\s+(?:[A-Z][\w’'.-]+|of|the|al-|de))*|[Hh]e|[Ss]he|[Tt]hey|[Oo]fficials|[Tt]he\s+\w+)"
#: "X said (that) CONTENT"
_SAID_THAT = re.compile(rf"{_NAME}\s+(?:{_SPEECH})\s+(?:on\s+\w+\s+)?(?:that\s+)?")
#: "CONTENT, X said" / "CONTENT, said X": the cue ends the sentence (at most a few words after it)
_CONTENT_SAID = re.compile(
    rf",[\"”’]?\s+(?:(?:[\w’'.-]+\s+){{1,5}}?(?:{_SPEECH})|(?:{_SPEECH})\s+{_NAME})\b[^,]{{0,40}}$")
#: "… said at the briefing that CONTENT", "… said on Thursday that CONTENT": the content starts after "that"
#: (only after a time or a prepositional phrase: "the troops that arrived" is content)
_EARLY_THAT = re.compile(
    r"(?:(?:at|in|on|during|through|via|to|after|before|last|this|earlier|later|yesterday|today|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday)\b[\s,]+(?:[^\s,]+[\s,]+){0,6}?)?that[\s,]+", re.IGNORECASE)
#: a quotation this short is a phrase, not a claim, unless it starts like a sentence
QUOTE_WORDS = 6
_ACCORDING = re.compile(r"^[Aa]ccording to [^,]{2,80},\s*")


def _words(text: str, a: int, b: int) -> int:
    return len(text[a:b].split())


def attributions(text: str, document_id: str, code_id: str,
                 sentences: list[tuple[int, int]] | None = None) -> list[Suggestion]:
    """Quotations with a speech verb in their sentence, and what a named source said."""
    out: list[Suggestion] = []
    verbs = [m.start() for m in _SPEECH_RE.finditer(text)]  # one pass: the sentences with a cue
    for sa, sb in sentence_spans(text) if sentences is None else sentences:
        at = bisect.bisect_left(verbs, sa)
        if at == len(verbs) or verbs[at] >= sb:
            continue
        sentence = text[sa:sb]
        verb = _SPEECH_RE.search(sentence)
        if verb is None:
            continue
        cue = verb.group(0).lower()
        quoted = False
        for q in _QUOTE_RE.finditer(sentence):
            g = next(i for i in (1, 2, 3) if q.group(i) is not None)
            a, b = sa + q.start(g), sa + q.end(g)
            a, b = a + len(text[a:b]) - len(text[a:b].lstrip()), b - (len(text[a:b]) - len(text[a:b].rstrip()))
            while b > a and text[b - 1] in ".,;:":
                b -= 1
            words = _words(text, a, b)
            if words >= QUOTE_WORDS or (words >= MIN_WORDS and text[a].isupper()):
                out.append(Suggestion.make(document_id, code_id, a, b, 0.6, ATTRIBUTION, f"quotation with “{cue}”"))
                quoted = True
        if quoted:
            continue
        span: tuple[int, int] | None = None
        # the first form that fits wins (each pattern is read only if the ones before it did not fit)
        according = _ACCORDING.match(sentence)
        tail = _CONTENT_SAID.search(sentence) if according is None else None
        m = _SAID_THAT.search(sentence) if according is None and tail is None else None
        if according is not None:
            span = (sa + according.end(), sb)
        elif tail is not None:
            span = (sa, sa + tail.start())
        elif m is not None and m.end() < len(sentence):
            span = (sa + m.end(), sb)
        if span is None:
            continue
        a, b = span
        early = _EARLY_THAT.match(text, a, b)
        if early is not None:
            a = early.end()
        while b > a and text[b - 1] in ".,;:\"”’ ":
            b -= 1
        while a < b and text[a] in " \"“‘":
            a += 1
        if _words(text, a, b) >= MIN_WORDS:
            out.append(Suggestion.make(document_id, code_id, a, b, 0.5, ATTRIBUTION, f"reported speech: “{cue}”"))
    return out
