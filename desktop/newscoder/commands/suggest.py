"""``newscoder suggest``: the private suggestions as rows (table, CSV or JSON); lexicons; quality.

One row per suggestion: ``document_id,title,code,start,end,text,score,suggester,reason``.
Offsets are code points; ``text`` is the article text at ``[start, end)``. Nothing is written
to the project except by ``--set-lexicons``. Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from newscoder.commands._common import Progress, err, open_for_read, open_for_write
from newscoder.commands.output import write_rows
from newscoder.core import inputs
from newscoder.core.errors import UserError
from newscoder.core.store import Project

HEADER = ("document_id", "title", "code", "start", "end", "text", "score", "suggester", "reason")
QUALITY_HEADER = ("code", "suggester", "suggested", "correct", "precision", "gold", "found", "recall")


def _min_score(value: object) -> float:
    try:
        score = float(str(value))
    except ValueError:
        raise UserError(f"--min-score must be a number from 0 to 1, not {str(value)[:40]!r}") from None
    if not math.isfinite(score) or not 0 <= score <= 1:
        raise UserError(f"--min-score must be a number from 0 to 1, not {str(value)[:40]!r}")
    return score


def suggester_options(args: argparse.Namespace) -> tuple[str | None, float]:
    """``(learn_from, min_score)`` for ``agreement --with-suggester`` (checked)."""
    return getattr(args, "learn_from", None), _min_score(getattr(args, "suggester_min_score", "0"))


def _codes(project: Project, names: list[str]) -> list[str] | None:
    if not names:
        return None
    out = []
    for name in names:
        code = project.code_by_name(name)
        if code is None:
            raise UserError(f"no code named {name[:80]!r} in {project.path.name}")
        out.append(code.id)
    return out


def _coder_id(project: Project, name: str | None) -> str | None:
    if name is None:
        return None
    coder = project.coder_by_name(name)
    if coder is None:
        raise UserError(f"no coder named {name[:80]!r} in {project.path.name}")
    return coder.id


def _documents(project: Project, ids: list[str]) -> list[str]:
    if not ids:
        return [d.id for d in project.documents()]
    for doc_id in ids:
        if project.document_info(doc_id) is None:
            raise UserError(f"no article with id {doc_id[:80]!r} in {project.path.name}")
    return list(dict.fromkeys(ids))


def suggest(args: argparse.Namespace) -> int:
    if getattr(args, "set_lexicons", None):
        return _set_lexicons(args)
    min_score = _min_score(args.min_score)
    with open_for_read(args) as project:
        if args.lexicons:
            from newscoder.core.suggest import lexicons

            json.dump(lexicons.load(project), sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
            sys.stdout.write("\n")
            return 0
        coder_id = _coder_id(project, args.learn_from)
        if args.evaluate:
            return _evaluate(project, coder_id, min_score, args.format)
        codes = _codes(project, args.code)
        documents = _documents(project, args.document)
        from newscoder.core.suggest import SuggestionEngine

        engine = SuggestionEngine(project, coder_id or "", learned=coder_id is not None, codes=codes)
        names = {c.id: c.name for c in project.codes()}
        titles = {d.id: d.title for d in project.documents()}
        texts: dict[str, str] = {}
        bar = Progress("suggesting", len(documents))
        rows = []
        for s in engine.for_corpus(documents, progress=lambda done, total: bar.update(done)):
            if s.score < min_score:
                continue
            if s.document_id not in texts:
                texts = {s.document_id: project.document_text(s.document_id)}
            text = texts[s.document_id]
            rows.append((s.document_id, titles.get(s.document_id, ""), names.get(s.code_id, s.code_id), s.start,
                         s.end, text[s.start:s.end], round(s.score, 4), s.suggester, s.reason))
        bar.close()
    write_rows(HEADER, rows, args.format, widths={"document_id": 36, "title": 30, "text": 60, "reason": 50})
    err(f"{len(rows)} suggestion(s) in {len(documents)} article(s)"
        + (f", learned from {args.learn_from}'s coding" if coder_id else ", rules only (--learn-from CODER to learn)"))
    return 0


def _evaluate(project: Project, coder_id: str | None, min_score: float, fmt: str) -> int:
    if coder_id is None:
        raise UserError("--evaluate needs --learn-from CODER: whose coding to learn from and compare with")
    from newscoder.core.suggest.evaluate import leave_one_out

    bar = Progress("evaluating", 1)

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.update(done)

    rows, articles = leave_one_out(project, coder_id, min_score=min_score, progress=progress)
    bar.close()
    if articles < 2:
        raise UserError("--evaluate needs a coder who coded at least two articles (one is held out at a time)")

    def fmt_ratio(x: float | None) -> str | float:
        return "" if x is None else round(x, 3)

    out = [(q.code, q.suggester, q.suggested, q.correct, fmt_ratio(q.precision), q.gold, q.found,
            fmt_ratio(q.recall)) for q in rows]
    write_rows(QUALITY_HEADER, out, fmt)
    err(f"leave one article out over {articles} articles; a suggestion is correct if it overlaps a segment of "
        "its code by that coder")
    return 0


def _set_lexicons(args: argparse.Namespace) -> int:
    from newscoder.core.suggest import lexicons

    path = Path(args.set_lexicons)
    raw = inputs.read_regular(path, 1_000_000)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise UserError(f"{inputs.shown(path)}: not a JSON object of code name → list of phrases ({exc})") from None
    except RecursionError:
        raise UserError(f"{inputs.shown(path)}: not a JSON object of code name → list of phrases "
                        "(nested too deeply)") from None
    try:
        lexicons.clean(data)  # checked before the project is opened for writing
    except UserError as exc:
        raise UserError(f"{inputs.shown(path)}: {exc}") from None
    with open_for_write(args) as project:
        saved = lexicons.save(project, data)
    err(f"lexicons set: {', '.join(f'{k} ({len(v)})' for k, v in sorted(saved.items())) or 'none'}")
    return 0
