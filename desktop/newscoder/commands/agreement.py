"""``newscoder agreement`` (inter-coder agreement, read-only) and ``newscoder export bundle``."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

from newscoder import __version__
from newscoder.commands._common import err, open_for_read
from newscoder.core.agreement import compute_report, load_study
from newscoder.core.agreement.bootstrap import DEFAULT_THRESHOLDS, BootstrapSettings
from newscoder.core.agreement.gamma import DEFAULT_SEED, GammaOptions
from newscoder.core.agreement.render import excluded_lines, render_csv, render_json, render_table
from newscoder.core.agreement.study import Study
from newscoder.core.errors import UserError
from newscoder.core.exchange.segments_csv_export import escape_formula
from newscoder.core.store import Project


def _study(project: Project, args: argparse.Namespace) -> Study:
    if getattr(args, "with_suggester", False):
        from newscoder.commands.suggest import suggester_options
        from newscoder.core.suggest.agreement import study_with_suggester

        learn_from, min_score = suggester_options(args)
        return study_with_suggester(
            project, coders=args.coder, codes=args.code, documents=getattr(args, "document", []),
            ignore_whitespace=args.ignore_whitespace, done_only=args.done_only, learn_from=learn_from,
            min_score=min_score)
    if getattr(args, "learn_from", None) or str(getattr(args, "suggester_min_score", "0")) != "0":
        raise UserError("--learn-from and --suggester-min-score go with --with-suggester")
    return load_study(
        project,
        coders=args.coder,
        codes=args.code,
        documents=getattr(args, "document", []),
        ignore_whitespace=args.ignore_whitespace,
        done_only=args.done_only,
    )


def _settings(args: argparse.Namespace) -> BootstrapSettings | None:
    if args.bootstrap is None:
        if args.seed is not None or args.threshold or args.level is not None:
            raise UserError("--seed, --threshold and --level go with --bootstrap [N]")
        return None
    settings = BootstrapSettings(
        resamples=args.bootstrap,
        seed=BootstrapSettings.seed if args.seed is None else args.seed,
        level=BootstrapSettings.level if args.level is None else args.level,
        thresholds=tuple(args.threshold) if args.threshold else DEFAULT_THRESHOLDS,
    )
    settings.check()
    return settings


def _emit(text: str, output: str | None, project_path: Path) -> None:
    if output:
        from newscoder.core.agreement.output import write_text

        write_text(Path(output), text, [project_path])
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def _csv_text(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _gamma(args: argparse.Namespace) -> GammaOptions:
    samples = getattr(args, "gamma_samples", 30)
    if samples < 2:
        raise UserError(f"--gamma-samples must be 2 or more (got {samples})")
    seed = getattr(args, "gamma_seed", None)
    sampler = getattr(args, "gamma_sampler", "statistical")
    return GammaOptions(n_samples=samples, seed=DEFAULT_SEED if seed is None else seed, sampler=sampler)


def _attributes(args: argparse.Namespace) -> int:
    from newscoder.core.agreement.attribute_agreement import HEADER, attribute_agreement, render_table

    with open_for_read(args) as project:
        project_path = Path(project.path)
        rows = attribute_agreement(project, args.coder, args.code, getattr(args, "document", []))
    if args.format == "csv":
        text = _csv_text(list(HEADER), [[escape_formula(c) for c in r.cells()] for r in rows])
    else:
        text = render_table(rows)
    _emit(text, args.output, project_path)
    return 0


def agreement(args: argparse.Namespace) -> int:
    if getattr(args, "attributes", False):
        if getattr(args, "with_suggester", False):
            raise UserError("--with-suggester does not go with --attributes (suggestions have no attribute values)")
        return _attributes(args)
    if getattr(args, "against_gold", False):
        from newscoder.commands.gold import agreement_against_gold

        return agreement_against_gold(args)
    gamma = _gamma(args)
    project = open_for_read(args)
    project_path = Path(project.path)
    try:
        if args.output:  # a bad -o is refused before any work or output
            from newscoder.core.agreement.output import check_output

            check_output(Path(args.output), [project_path])
        study = _study(project, args)
        if args.disagreements:
            return _disagreements(project, study, args, project_path)
    finally:
        project.close()
    if args.per_coder:
        from newscoder.core.agreement.percoder import COLUMNS, per_coder, rows_as_cells

        cells = [[escape_formula(r[0]), escape_formula(r[1]), *r[2:]] for r in rows_as_cells(per_coder(study))]
        _emit(_csv_text(list(COLUMNS), cells), args.output, project_path)
        return 0
    settings = _settings(args)
    if settings is not None and args.by == "document":
        raise UserError("--bootstrap gives intervals for the pooled figures; leave out --by document")
    report = compute_report(study, by_document=args.by == "document", bootstrap=settings, gamma=gamma)
    if args.methods:
        from newscoder.core.agreement.methods import methods_paragraph

        text = methods_paragraph(report, __version__)
    elif args.format == "csv":
        text = render_csv(report)
        for line in excluded_lines(report):
            err(line)
    elif args.format == "json":
        text = render_json(report)
    else:
        text = render_table(report)
    _emit(text, args.output, project_path)
    return 0


def _disagreements(project: Project, study: Study, args: argparse.Namespace, project_path: Path) -> int:
    from newscoder.core.agreement.disagreements import disagreement_header, disagreement_rows

    if not args.output:
        raise UserError("--disagreements needs -o FILE.csv")
    outlets = {d.id: d.source for d in project.documents()}
    rows = [[escape_formula(c) for c in row]
            for row in disagreement_rows(study, project.document_text, lambda i: outlets.get(i, ""))]
    from newscoder.core.agreement.output import write_text

    write_text(Path(args.output), _csv_text(disagreement_header(study), rows), [project_path])
    err(f"{len(rows)} disagreement(s) written to {args.output}")
    return 0


def export_bundle(args: argparse.Namespace) -> int:
    from newscoder.core.agreement.databundle import write_bundle

    project = open_for_read(args)
    try:
        study = _study(project, args)
        written = write_bundle(project, Path(project.path), study, Path(args.output), __version__)
    finally:
        project.close()
    err(f"wrote {len(written)} files to {args.output}")
    return 0
