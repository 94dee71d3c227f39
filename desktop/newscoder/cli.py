"""``newscoder``: the command line, a thin argparse front over :mod:`newscoder.core`.

With no subcommand it starts the GUI; every subcommand runs without Qt.
Exit codes: 0 success, 1 failure (a clear message on stderr), 2 usage.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from newscoder import __version__
from newscoder.core.errors import UserError

#: subcommand path -> "module:function" in newscoder.commands; resolved lazily so
#: that ``newscoder --help`` and each command import only what they need.
HANDLERS: dict[tuple[str, ...], str] = {
    ("import", "articles"): "articles:import_articles",
    ("import", "segments"): "segments_csv:import_segments",
    ("import", "codebook"): "refi:import_codebook",
    ("import", "qdpx"): "refi:import_qdpx",
    ("export", "segments"): "segments_csv:export_segments",
    ("export", "estimates"): "estimates:export_estimates",
    ("export", "copy"): "merging:export_copy",
    ("export", "codebook"): "refi:export_codebook",
    ("export", "qdpx"): "refi:export_qdpx",
    ("export", "bundle"): "agreement:export_bundle",
    ("merge",): "merging:merge",
    ("agreement",): "agreement:agreement",
    ("compare",): "compare:compare",
    ("info",): "info:info",
    ("search",): "search:search",
    ("autocode",): "autocode:autocode",
    ("documents",): "documents:list_documents",
    ("documents", "set"): "documents:set_variables",
    ("documents", "import"): "documents:import_documents",
    ("documents", "define"): "documents:define_variable",
    ("reindex",): "reindex:reindex",
    ("suggest",): "suggest:suggest",
    ("gold", "auto"): "gold:gold_auto",
    ("gold", "status"): "gold:gold_status_command",
    ("backup", "list"): "backups:list_backups",
    ("backup", "create"): "backups:create_backup",
    ("backup", "restore"): "backups:restore_backup",
}


EPILOG = """\
usage by task (every command takes -p/--project PATH, before or after its name):
  newscoder [-p PROJECT]                      the coding window (GUI): the given project,
                                              else the one used last, else the default one
  newscoder import articles FILE_OR_DIR...    .txt .md .html .docx .pdf; folders are walked
  newscoder import segments FILE.csv          coded segments, as written by 'export segments'
  newscoder export segments [-o FILE.csv]     the coded dataset as CSV (--attributes: attribute columns; --gold too)
  newscoder export estimates [-o FILE.csv]    the estimate ledger: number, hedge, counted, source
  newscoder info                              documents, coders, codes, segments per coder
  newscoder search QUERY [--where N=V]        every hit in context (words, "phrases", NEAR, #troops, --regex)
  newscoder autocode QUERY --code C --coder N code every hit (--extent sentence, --dictionary F, --dry-run)
  newscoder documents [set ID N=V | import F] articles with their variables; set or import variables
  newscoder reindex                           rebuild the full-text search index
  newscoder suggest [--learn-from CODER]      private suggestions on this machine (--code, --document,
                                              --min-score, --evaluate, --lexicons, --set-lexicons F.json)
  newscoder export copy --coder NAME -o F     a project copy for one coder (blind)
  newscoder merge OTHER.newscoder...          bring coders' copies back in (--dry-run first)
  newscoder agreement                         alpha_u, alpha, kappa, AC1, F1, gamma (--bootstrap, --methods,
                                              --per-coder, --disagreements -o F.csv, --done-only)
  newscoder compare [--by VAR] [--coder N]    compare the outlets: code matrix, estimates (hedge drift), sources,
                                              present/missing, shared and altered quotes, timeline, co-occurrence,
                                              alpha_u per outlet (--format html)
  newscoder export bundle -o DIR              data for R and pandas: CSVs, reliability matrix, loaders
  newscoder gold auto --coders A,B --adjudicator NAME   agreed units into the gold layer
  newscoder gold status                       adjudication: decided and remaining, by article
  newscoder agreement --against-gold          each coder's accuracy against the gold layer
  newscoder export|import codebook FILE.qdc   REFI-QDA codebook
  newscoder export|import qdpx FILE.qdpx      REFI-QDA project
  newscoder backup list|create|restore        rolling backups of the project

'newscoder COMMAND --help' gives each command's options. Exit codes: 0 done, 1 failed, 2 usage.
"""


def _project_option(parser: argparse.ArgumentParser, *, top: bool) -> None:
    parser.add_argument(
        "-p",
        "--project",
        metavar="PATH",
        default=None if top else argparse.SUPPRESS,
        help="the project file (default: the default project; the GUI opens the one used last)",
    )


def _sub(parent: argparse._SubParsersAction, name: str, help_text: str) -> argparse.ArgumentParser:
    parser = parent.add_parser(name, help=help_text, description=help_text)
    _project_option(parser, top=False)
    return parser


def _add_import(sub: argparse._SubParsersAction) -> None:
    imp = sub.add_parser("import", help="bring articles, segments, a codebook or a REFI-QDA project in")
    what = imp.add_subparsers(dest="what", metavar="WHAT", required=True)
    p = _sub(what, "articles", "import .txt/.md/.html/.docx/.pdf articles (folders are walked)")
    p.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
    p = _sub(what, "segments", "import coded segments from a CSV written by 'export segments'")
    p.add_argument("file", metavar="FILE.csv")
    p.add_argument("--create-codes", action="store_true",
                   help="create codes the file names that the codebook lacks (default: refuse those rows)")
    p = _sub(what, "codebook", "import a REFI-QDA codebook (.qdc)")
    p.add_argument("file", metavar="FILE.qdc")
    p = _sub(what, "qdpx", "import a REFI-QDA project (.qdpx)")
    p.add_argument("file", metavar="FILE.qdpx")


def _add_export(sub: argparse._SubParsersAction) -> None:
    exp = sub.add_parser("export", help="write segments CSV, a coder copy, a codebook or a REFI-QDA project")
    what = exp.add_subparsers(dest="what", metavar="WHAT", required=True)
    p = _sub(what, "segments", "write the coded segments as CSV (stdout unless -o)")
    p.add_argument("-o", "--output", metavar="FILE")
    p.add_argument("--coder", action="append", default=[], metavar="NAME", help="only this coder (repeatable)")
    p.add_argument("--code", action="append", default=[], metavar="NAME", help="only this code (repeatable)")
    p.add_argument("--raw", action="store_true", help="do not escape cells that look like formulas")
    p.add_argument("--excel", action="store_true", help="start the file with a UTF-8 BOM for Excel")
    p.add_argument("--variables", action="store_true", help="add the articles' variables as extra columns")
    p.add_argument("--gold", action="store_true",
                   help="the gold layer (adjudicated segments) instead of the coders' segments")
    p.add_argument("--attributes", action="store_true",
                   help="add a column per code attribute (code.attribute) and source_kind, source_affiliation")
    p = _sub(what, "estimates", "write the estimate ledger as CSV: number, hedge, what is counted, who said it")
    p.add_argument("-o", "--output", metavar="FILE")
    p.add_argument("--coder", action="append", default=[], metavar="NAME", help="only this coder (repeatable)")
    p.add_argument("--excel", action="store_true", help="start the file with a UTF-8 BOM for Excel")
    p = _sub(what, "copy", "write a project copy for one coder (articles and codebook, no other coders' work)")
    p.add_argument("--coder", required=True, metavar="NAME")
    p.add_argument("--document", action="append", default=[], metavar="ID")
    p.add_argument("--sample", type=int, metavar="N", help="a reproducible random sample of N articles")
    p.add_argument("--seed", type=int, metavar="S", help="the random seed for --sample")
    p.add_argument("-o", "--output", required=True, metavar="FILE.newscoder")
    p = _sub(what, "codebook", "write the codebook as REFI-QDA (.qdc)")
    p.add_argument("-o", "--output", required=True, metavar="FILE.qdc")
    p = _sub(what, "qdpx", "write the project as REFI-QDA (.qdpx)")
    p.add_argument("-o", "--output", required=True, metavar="FILE.qdpx")
    p = _sub(what, "bundle", "write the data for R and pandas: segments, documents, codebook, reliability "
             "matrix, agreement.json, a data dictionary, load.py and load.R")
    p.add_argument("-o", "--output", required=True, metavar="DIR")
    _study_options(p)


def _study_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--coder", action="append", default=[], metavar="NAME")
    p.add_argument("--code", action="append", default=[], metavar="NAME")
    p.add_argument("--ignore-whitespace", action="store_true", help="leave whitespace characters out of the units")
    p.add_argument("--done-only", action="store_true", help="count only articles every selected coder marked done")


def _add_analysis(sub: argparse._SubParsersAction) -> None:
    p = _sub(sub, "merge", "bring coder projects' work into this project")
    p.add_argument("others", nargs="+", metavar="OTHER.newscoder")
    p.add_argument("--dry-run", action="store_true", help="show what would change, change nothing")
    p = _sub(sub, "agreement", "inter-coder agreement: alpha_u, alpha, kappa, AC1, Brennan-Prediger, F1, gamma")
    _study_options(p)
    p.add_argument("--document", action="append", default=[], metavar="ID")
    p.add_argument("--by", choices=["document"], help="one set of rows per document")
    p.add_argument("--against-gold", action="store_true",
                   help="each coder against the gold layer (adjudicated segments): per code, every figure and F1")
    p.add_argument("--with-suggester", action="store_true",
                   help="add the suggester as one more coder ('suggester:rules', or learned with --learn-from): "
                        "its F1 and alpha_u against each human (and against gold with --against-gold)")
    p.add_argument("--learn-from", metavar="CODER",
                   help="with --with-suggester: learn from this coder's segments in the other articles")
    p.add_argument("--suggester-min-score", default="0", metavar="X",
                   help="with --with-suggester: count only suggestions scoring at least X (0 to 1)")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument("--bootstrap", type=int, nargs="?", const=1000, metavar="N",
                   help="bootstrap intervals from N resamples of the documents (default 1000)")
    p.add_argument("--seed", type=int, metavar="S", help="the bootstrap's random seed (same seed, same interval)")
    p.add_argument("--level", type=float, metavar="L", help="the interval's level (default 0.95)")
    p.add_argument("--threshold", type=float, action="append", default=[], metavar="T",
                   help="report P(value < T) (repeatable; default 0.667 and 0.8)")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--methods", action="store_true", help="print a methods paragraph for a paper")
    what.add_argument("--per-coder", action="store_true",
                      help="per-coder diagnostics (CSV): leave-one-out alpha_u, code shares, span lengths")
    what.add_argument("--disagreements", action="store_true",
                      help="list each unit the coders did not code alike (CSV; needs -o FILE.csv)")
    what.add_argument("--attributes", action="store_true",
                      help="agreement on attribute values of matched segments: alpha (interval or nominal by "
                           "type), percent agreement, pairs")
    p.add_argument("-o", "--output", metavar="FILE")
    p.add_argument("--gamma-samples", type=int, default=30, metavar="N",
                   help="sampled continua for gamma's chance disorder (default 30, as pygamma-agreement)")
    p.add_argument("--gamma-seed", type=int, default=None, metavar="SEED",
                   help="seed of those samples (default: a fixed seed, given in each gamma row)")
    p.add_argument("--gamma-sampler", choices=["statistical", "shuffle"], default="statistical",
                   help="gamma's chance samples: pygamma-agreement's default, or Mathet et al.'s shuffling")
    p = _sub(sub, "compare", "compare the outlets: code matrix, estimates (hedge drift), sources, present/missing, "
                              "quotes, timeline, co-occurrence, alpha_u")
    p.add_argument("--by", default="source", metavar="VARIABLE", help="group articles by this variable "
                   "(default: source, the outlet)")
    p.add_argument("--coder", action="append", default=[], metavar="NAME",
                   help="only this coder's work (repeatable; 'gold': the adjudicated gold layer; "
                        "default: every coder, pooled)")
    p.add_argument("--format", choices=["table", "csv", "json", "html"], default="table")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (html needs it unless stdout is a pipe)")
    _sub(sub, "info", "documents, coders, codes, and segments per coder")
    _add_gold(sub)
    bak = sub.add_parser("backup", help="list, create or restore backups of a project")
    what = bak.add_subparsers(dest="what", metavar="ACTION", required=True)
    _sub(what, "list", "list the project's backups, newest first")
    _sub(what, "create", "write a backup now")
    p = _sub(what, "restore", "restore a backup over the project (the current state is backed up first)")
    p.add_argument("backup", metavar="BACKUP", help="a backup file, or its number in 'backup list'")


def _add_corpus(sub: argparse._SubParsersAction) -> None:
    def where(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--where", action="append", default=[], metavar="NAME=VALUE",
                            help="only articles with this variable value; status=done, code=NAME, code!=NAME "
                                 "(repeatable)")

    p = _sub(sub, "search", "find words, phrases, prefixes, AND/OR/NOT, NEAR, #number patterns or a regex")
    p.add_argument("query", metavar="QUERY",
                   help='words, "a phrase", prefix*, AND/OR/NOT, NEAR(a b, 5), #noun; with --regex a pattern')
    p.add_argument("--regex", action="store_true", help="QUERY is a regular expression (case-sensitive; (?i) for not)")
    where(p)
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument("--limit", type=int, metavar="N", help="at most N hits")
    p = _sub(sub, "autocode", "code every hit of a query (or of a dictionary's patterns) with a code")
    p.add_argument("query", nargs="?", metavar="QUERY", help="as for 'search' (or use --dictionary)")
    p.add_argument("--code", metavar="NAME", help="the code to give each hit")
    p.add_argument("--coder", required=True, metavar="NAME", help="the coder the segments belong to (must exist)")
    p.add_argument("--dictionary", metavar="FILE.csv", help="a CSV of code,pattern[,kind] rows (kind: words or regex)")
    p.add_argument("--regex", action="store_true", help="QUERY is a regular expression")
    p.add_argument("--extent", choices=["match", "word", "sentence", "paragraph"], default="match",
                   help="how much around each hit is coded (default: the match)")
    where(p)
    p.add_argument("--dry-run", action="store_true", help="show what would be coded, write nothing")
    _sub(sub, "reindex", "rebuild the full-text search index (a damaged index, or after another program wrote)")
    _add_suggest(sub)
    docs = sub.add_parser("documents", help="list articles with their variables; set or import variables",
                          description="list articles with all their variables (or 'set', 'import')")
    _project_option(docs, top=False)
    where(docs)
    docs.add_argument("--format", choices=["table", "csv", "json"], default="table")
    what = docs.add_subparsers(dest="what", metavar="ACTION")
    p = _sub(what, "set", "set variables of one article: NAME=VALUE...")
    p.add_argument("document", metavar="DOCUMENT_ID")
    p.add_argument("assignments", nargs="+", metavar="NAME=VALUE")
    p = _sub(what, "import", "set variables from a CSV: document_id (or title) plus one column per variable")
    p.add_argument("file", metavar="FILE.csv")
    p = _sub(what, "define", "define a typed project variable: text, number, date or choice (with its choices)")
    p.add_argument("name", metavar="NAME")
    p.add_argument("type", choices=["text", "number", "date", "choice"])
    p.add_argument("choices", nargs="*", metavar="CHOICE")
def _add_suggest(sub: argparse._SubParsersAction) -> None:
    p = _sub(sub, "suggest", "suggestions on this machine (rules, and learned from a coder's own coding); "
                             "nothing is saved, nothing leaves the machine")
    p.add_argument("--document", action="append", default=[], metavar="ID", help="only this article (repeatable)")
    p.add_argument("--code", action="append", default=[], metavar="NAME", help="only this code (repeatable)")
    p.add_argument("--learn-from", metavar="CODER",
                   help="learn from this coder's segments and rejections, and leave out what they coded")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument("--min-score", default="0", metavar="X", help="only suggestions scoring at least X (0 to 1)")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--evaluate", action="store_true",
                      help="precision and recall per code, leaving one article out at a time (needs --learn-from)")
    what.add_argument("--lexicons", action="store_true", help="print the project's lexicons (JSON)")
    what.add_argument("--set-lexicons", metavar="FILE.json",
                      help="replace the project's lexicons: a JSON object of code name to a list of phrases")


def _add_gold(sub: argparse._SubParsersAction) -> None:
    gold = sub.add_parser("gold", help="the gold layer: adjudicated segments (auto-accept, status)")
    what = gold.add_subparsers(dest="what", metavar="ACTION", required=True)
    p = _sub(what, "auto", "copy into gold every unit on which all the given coders agree (same code and span)")
    p.add_argument("--coders", required=True, metavar="A,B[,C...]", help="the coders to compare, comma-separated")
    p.add_argument("--adjudicator", required=True, metavar="NAME", help="who takes the decisions")
    p.add_argument("--dry-run", action="store_true", help="count, change nothing")
    p = _sub(what, "status", "decided and remaining units of adjudication, by article (worst first)")
    p.add_argument("--coders", metavar="A,B[,C...]", help="the coders adjudicated (default: every coder with segments)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newscoder",
        description="Newscoder: code news articles. With no command, opens the coding window.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"newscoder {__version__}")
    _project_option(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_import(sub)
    _add_export(sub)
    _add_analysis(sub)
    _add_corpus(sub)
    return parser


def _handler(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    key: tuple[str, ...] = (args.command,) + ((args.what,) if getattr(args, "what", None) else ())
    module_name, func_name = HANDLERS[key].split(":")
    module = importlib.import_module(f"newscoder.commands.{module_name}")
    return getattr(module, func_name)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            from newscoder.ui.app import run_gui

            return run_gui(args.project)
        output = getattr(args, "output", None)
        if output and str(output).endswith(("/", os.sep)) and getattr(args, "what", None) != "bundle":
            # Path() drops a trailing slash: "-o out/" names a folder, never a file called "out"
            raise UserError(f"cannot write {output}: it names a folder; give a file name")
        return int(_handler(args)(args) or 0)
    except UserError as exc:
        print(f"newscoder: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("newscoder: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. '| head'): silence the final flush of stdout.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
