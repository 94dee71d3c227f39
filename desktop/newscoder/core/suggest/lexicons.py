"""Editable lexicons: which words suggest which code (denials, condemnations, …), per project.

A lexicon maps a code's name to phrases. A phrase matches case-insensitively on word
boundaries; a trailing ``*`` matches any ending (``reject*``: reject, rejects, rejected,
rejecting). The project keeps its lexicons in its meta table (``suggest_lexicons``, JSON),
so they travel with the file; a project that never edited them uses :data:`DEFAULT`.
``newscoder suggest --lexicon FILE`` and ``--show-lexicons`` read and write them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from newscoder.core.errors import EditError
from newscoder.core.store import Project, name_key

META_KEY = "suggest_lexicons"
MAX_PHRASES = 2000
MAX_PHRASE = 200

#: the default lexicons, keyed by code name (the default codebook's denial and condemnation)
DEFAULT: dict[str, list[str]] = {
    "denial": [
        "deny", "denies", "denied", "denying", "denial*", "dismiss*", "reject*", "refute*", "rebut*",
        "fake news", "categorically false", "groundless", "baseless", "unfounded", "no evidence",
        "not true", "untrue", "false claim*", "rumors", "rumours", "fabricat*", "disinformation",
        "refused to confirm", "declined to confirm", "would not confirm", "did not confirm",
    ],
    "condemnation": [
        "condemn*", "denounc*", "decr*ed", "dangerous escalation", "provocation*", "provocative",
        "illegal", "unlawful", "unacceptable", "outrageous", "reckless", "violation of international law",
        "war crime*", "act of aggression", "deplor*", "slammed", "blasted", "legitimate military target*",
        "legitimate target*", "strongly criticized", "strongly criticised",
    ],
}


def clean(lexicons: Mapping[str, object]) -> dict[str, list[str]]:
    """Checked lexicons: code name → distinct, trimmed, non-empty phrases (bounded sizes)."""
    if not isinstance(lexicons, Mapping):
        raise EditError("lexicons must be an object of code name → list of phrases")
    out: dict[str, list[str]] = {}
    total = 0
    for code, phrases in lexicons.items():
        name = " ".join(str(code).split())
        if not name:
            raise EditError("a lexicon needs a code name")
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            raise EditError(f"the lexicon of {name!r} must be a list of phrases")
        seen: dict[str, str] = {}
        for p in phrases:
            phrase = " ".join(p.split())
            if not any(ch.isalnum() for ch in phrase):
                continue  # nothing to match ("", "*", "**"): it would match every word
            if len(phrase) > MAX_PHRASE:
                raise EditError(f"a phrase in the lexicon of {name!r} is longer than {MAX_PHRASE} characters")
            if any(word.count("*") > 1 for word in phrase.rstrip("*").split(" ")):
                # two wildcards in one word make the match time explode on a long word (a*a*a*x on "aaaa…")
                raise EditError(f"a phrase in the lexicon of {name!r} has more than one * inside a word "
                                f"(one inside and one at the end are allowed): {phrase[:60]!r}")
            seen.setdefault(phrase.casefold(), phrase)
        total += len(seen)
        if total > MAX_PHRASES:
            raise EditError(f"lexicons hold at most {MAX_PHRASES} phrases")
        out[name] = list(seen.values())
    return out


def load(project: Project) -> dict[str, list[str]]:
    """The project's lexicons (:data:`DEFAULT` if it never set them, or if they are unreadable)."""
    raw = project.meta(META_KEY)
    if not raw:
        return {k: list(v) for k, v in DEFAULT.items()}
    try:
        return clean(json.loads(raw))
    except (ValueError, RecursionError, EditError):
        return {k: list(v) for k, v in DEFAULT.items()}


def save(project: Project, lexicons: Mapping[str, object]) -> dict[str, list[str]]:
    """Store checked lexicons in the project (one transaction); returns what was stored."""
    checked = clean(lexicons)
    project.set_meta(META_KEY, json.dumps(checked, ensure_ascii=False, sort_keys=True))
    return checked


def pattern(phrases: list[str]) -> re.Pattern[str] | None:
    """One case-insensitive regular expression matching any phrase on word boundaries."""
    parts = []
    phrases = [p for p in phrases if any(ch.isalnum() for ch in p)]
    for phrase in sorted(phrases, key=len, reverse=True):
        star = phrase.endswith("*")
        body = phrase.rstrip("*")
        pieces = [re.escape(w) for w in body.split(" ")]
        # an inner "*" (decr*ed) matches letters inside one word
        regex = r"\s+".join(p.replace(r"\*", r"\w*") for p in pieces)
        parts.append(regex + (r"\w*" if star else ""))
    if not parts:
        return None
    firsts = {p[0] for p in phrases}
    # a look-ahead on the first letter lets the scan skip most positions at once
    letters = firsts | {c.upper() for c in firsts} | {c.lower() for c in firsts}
    ahead = "(?=[" + "".join(sorted(re.escape(c) for c in letters)) + "])" if all(c.isalpha() for c in firsts) else ""
    return re.compile(r"(?<!\w)" + ahead + "(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def by_code_key(lexicons: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """Lexicons keyed by the code's name key (as codes are matched)."""
    return {name_key(k): v for k, v in lexicons.items()}
