"""The texts of the data bundle: the data dictionary (README.md), load.py and load.R."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from newscoder.core.exchange.segments_csv_export import ESCAPE_STARTS

#: Columns written as numbers or TRUE/FALSE, never escaped; every other column of a CSV file is text.
PLAIN_COLUMNS: dict[str, tuple[str, ...]] = {
    "segments.csv": ("start", "end", "length"),
    "documents.csv": ("length", "in_study"),
    "codebook.csv": ("position", "archived"),
    "reliability_matrix.csv": ("char",),
}

README = """\
# Newscoder data bundle

Written by Newscoder {version}. Every CSV file is UTF-8, comma-separated, with a header row, RFC 4180
quoting and CRLF line ends. Text cells carry the app's spreadsheet escaping (see *Spreadsheet safety*
below: `load.py` and `load.R` remove it, so values come back exactly as stored). Offsets are
Unicode code points into the document's text, half-open: `start` is the first character, `end` the one
after the last (`text = document_text[start:end]` in Python; `substr(text, start + 1, end)` in R).

Load everything with `python load.py` (pandas) or `source("load.R")` (base R).

## Spreadsheet safety: the escaping apostrophe

A text cell that starts with {starts}
is written with one apostrophe `'` in front, so that Excel, LibreOffice or Google Sheets show it as
text instead of running it as a formula (the rule of every CSV file Newscoder writes). Reading
back, drop the first character of a cell that starts with `'` followed by one of those characters,
and change nothing else: `unescape` in `load.py` and in `load.R` does exactly that, for every column
listed here, and both loaders call it. Another program reading these files must do the same.
Numbers and TRUE/FALSE are never escaped.

| file | columns that may carry an escaping `'` |
|---|---|
{escaped_rows}

## segments.csv: one row per coded segment (long format)

| column | type | meaning |
|---|---|---|
| segment_id | string (UUID) | the segment's stable id |
| document_id | string | the document (see documents.csv) |
| title | string | document variable: the article's title |
| source | string | document variable: the outlet |
| author | string | document variable: the author(s), may be empty |
| published | string | document variable: publication date as imported (ISO 8601 when known), may be empty |
| url | string | document variable: the article's address, may be empty |
| coder | string | the coder's name |
| code | string | the code's name |
| start | integer | first character (code points, from 0) |
| end | integer | one past the last character |
| length | integer | end - start |
| text | string | the coded text |
| memo | string | the coder's memo, may be empty |
| created_at | string (ISO 8601 UTC) | when the segment was made |
| updated_at | string (ISO 8601 UTC) | when it was last changed |

## documents.csv: one row per document

| column | type | meaning |
|---|---|---|
| document_id | string | the document's stable id |
| title, source, author, published, url | string | as in segments.csv |
| length | integer | characters (code points) of the text |
| imported_at | string (ISO 8601 UTC) | when it was imported |
| in_study | logical (TRUE/FALSE) | counted in the agreement (two or more coders marked it done or coded it) |

## codebook.csv: one row per code

| column | type | meaning |
|---|---|---|
| code_id | string | the code's stable id |
| name | string | the code's name (as in segments.csv) |
| description | string | its definition |
| color | string | display colour, #RRGGBB |
| shortcut | string | its key in the coding window, may be empty |
| parent | string | the parent code's name, empty at the top level |
| position | integer | its place in the codebook |
| archived | logical (TRUE/FALSE) | archived codes are kept but no longer offered |

## reliability_matrix.csv: units × coders, per code

One row per unit (a character of a document in the study) and per code. The coder columns are
named by the coders: {coders}.

| column | type | meaning |
|---|---|---|
| document_id | string | the document |
| char | integer | the character's offset in the document |
| code | string | a code's name: values are `1` (the coder coded this character with it) or `0`; or `(all)`: the value is the set of codes covering the character, names joined by `|`, `(none)` if uncoded |
| one column per coder | string | the value; `NA` when the coder does not count for the document (did not mark it done, coded nothing in it) |

For `krippendorff.alpha` (Python) take the rows of one code, the coder columns, transpose (coders ×
units) and map the values to numbers (`load.py` has `reliability_data`). For `irr::kripp.alpha` (R)
likewise: `t(as.matrix(...))` (`load.R` has `reliability_data`). K-Alpha (SPSS/SAS macro
by Hayes) reads units in rows and coders in columns: the rows of one code as they are.

## agreement.json

The agreement report (the same as `newscoder agreement --format json`): `coders`, `codes`,
`documents` (counted), `units` (characters), `rows` (one per code × measure × coders, with `value`
(null when undefined, then `note` says why), `documents`, `units`, `concern`), `excluded` (documents
left out and why), and `software`.
"""

LOAD_PY = '''\
"""Load a Newscoder data bundle with pandas.  Usage: python load.py [FOLDER]"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
FIXED = ["document_id", "char", "code"]
#: A text cell starting with one of these was written with one "'" in front (spreadsheet safety).
ESCAPED = @ESCAPED_PY@
#: Columns that are numbers or TRUE/FALSE (never escaped); every other column is text.
PLAIN = @PLAIN_PY@


def unescape(value):
    """Remove the "'" Newscoder puts before a text cell starting with =, +, -, @, tab, CR or "'"."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(ESCAPED):
        return value[1:]
    return value


def read(path: Path, na_values: tuple[str, ...] = ()) -> pd.DataFrame:
    """One CSV file as text; the header and every text column unescaped. An empty cell stays ""."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=list(na_values))
    frame.columns = [unescape(c) for c in frame.columns]
    for col in frame.columns:
        if col not in PLAIN[path.name]:
            frame[col] = frame[col].map(unescape)
    return frame


def load(folder: str | Path = HERE) -> dict[str, object]:
    """Every file of the bundle: DataFrames for the CSV files, a dict for agreement.json."""
    f = Path(folder)
    segments = read(f / "segments.csv")
    for col in ("start", "end", "length"):
        segments[col] = segments[col].astype("int64")
    documents = read(f / "documents.csv")
    documents["length"] = documents["length"].astype("int64")
    documents["in_study"] = documents["in_study"] == "TRUE"
    codebook = read(f / "codebook.csv")
    codebook["position"] = codebook["position"].astype("int64")
    codebook["archived"] = codebook["archived"] == "TRUE"
    matrix = read(f / "reliability_matrix.csv", na_values=("NA",))  # "NA": the coder does not count
    matrix["char"] = matrix["char"].astype("int64")
    agreement = json.loads((f / "agreement.json").read_text(encoding="utf-8"))
    return {"segments": segments, "documents": documents, "codebook": codebook,
            "reliability_matrix": matrix, "agreement": agreement}


def reliability_data(matrix: pd.DataFrame, code: str = "(all)"):
    """Coders × units float array for krippendorff.alpha (NaN = missing), for one code or "(all)"."""
    import numpy as np

    part = matrix[matrix["code"] == code]
    values = part[[c for c in part.columns if c not in FIXED]]
    labels = sorted(set(values.stack().dropna()))
    number = {label: float(i) for i, label in enumerate(labels)}
    return values.apply(lambda col: col.map(number)).to_numpy(dtype=float).T


if __name__ == "__main__":
    data = load(sys.argv[1] if len(sys.argv) > 1 else HERE)
    for name, frame in data.items():
        if isinstance(frame, pd.DataFrame):
            print(f"{name}: {frame.shape[0]} rows x {frame.shape[1]} columns")
    try:
        import krippendorff
    except ImportError:
        print("(pip install krippendorff to recompute alpha)")
    else:
        alpha = krippendorff.alpha(reliability_data=reliability_data(data["reliability_matrix"]),
                                   level_of_measurement="nominal")
        print(f"nominal alpha, all codes: {alpha!r}")
'''

LOAD_R = '''\
# Load a Newscoder data bundle in R (base R; irr is optional).  Usage: source("load.R")
# (The same steps as load.py: read as text, unescape the header and the text columns, then convert.)
bundle_dir <- if (exists("bundle_dir")) bundle_dir else "."
# Columns that are numbers or TRUE/FALSE (never escaped); every other column is text.
plain_columns <- @PLAIN_R@

# Remove the ' Newscoder puts before a text cell starting with =, +, -, @, tab, CR or ' (spreadsheet safety)
unescape <- function(x) {
  escaped <- !is.na(x) & grepl("@ESCAPED_R@", x, perl = TRUE)
  x[escaped] <- substring(x[escaped], 2)
  x
}

# One CSV file as text; the header and every text column unescaped. An empty cell stays "".
read_text <- function(name, na = character(0)) {
  frame <- read.csv(file.path(bundle_dir, name), colClasses = "character", na.strings = na,
                    check.names = FALSE, encoding = "UTF-8")
  names(frame) <- unescape(names(frame))
  for (col in setdiff(names(frame), plain_columns[[name]])) frame[[col]] <- unescape(frame[[col]])
  frame
}

segments <- read_text("segments.csv")
for (col in c("start", "end", "length")) segments[[col]] <- as.integer(segments[[col]])
documents <- read_text("documents.csv")
documents$length <- as.integer(documents$length)
documents$in_study <- documents$in_study == "TRUE"
codebook <- read_text("codebook.csv")
codebook$position <- as.integer(codebook$position)
codebook$archived <- codebook$archived == "TRUE"
reliability_matrix <- read_text("reliability_matrix.csv", na = "NA")  # "NA": the coder does not count
reliability_matrix$char <- as.integer(reliability_matrix$char)

# coders x units matrix of one code (or "(all)"), values as numbers, NA = missing
reliability_data <- function(code = "(all)") {
  part <- reliability_matrix[reliability_matrix$code == code, , drop = FALSE]
  values <- part[, setdiff(names(part), c("document_id", "char", "code")), drop = FALSE]
  labels <- sort(unique(na.omit(unlist(values))))
  t(sapply(values, function(col) match(col, labels)))
}

if (requireNamespace("irr", quietly = TRUE)) {
  print(irr::kripp.alpha(reliability_data("(all)"), method = "nominal"))
}
'''


_R_ESCAPES = {"\t": "\\t", "\r": "\\r", "\\": "\\\\", '"': '\\"'}


def _r_string(value: str) -> str:
    return '"' + "".join(_R_ESCAPES.get(ch, ch) for ch in value) + '"'


def _r_pattern() -> str:
    """The body of an R string: a regular expression for ``'`` followed by one of :data:`ESCAPE_STARTS`."""
    chars = sorted(ESCAPE_STARTS, key=lambda ch: ch != "-")  # "-" first: a literal inside [...]
    return "^'[" + "".join(_R_ESCAPES.get(ch, ch) for ch in chars) + "]"


def _r_plain() -> str:
    items = ",\n".join(f"  {_r_string(name)} = c({', '.join(_r_string(c) for c in cols)})"
                       for name, cols in PLAIN_COLUMNS.items())
    return f"list(\n{items}\n)"


def _py_plain() -> str:
    items = "".join(f"    {name!r}: {cols!r},\n" for name, cols in PLAIN_COLUMNS.items())
    return "{\n" + items + "}"


LOAD_PY = LOAD_PY.replace("@ESCAPED_PY@", repr(ESCAPE_STARTS)).replace("@PLAIN_PY@", _py_plain())
LOAD_R = LOAD_R.replace("@PLAIN_R@", _r_plain()).replace("@ESCAPED_R@", _r_pattern())

_STARTS_WORDS = {"\t": "a tab", "\r": "a carriage return (CR)", "'": "an apostrophe `'`"}


_VARIABLE_TYPES = {"text": "string", "number": "number (written as text; cast with as.numeric / pd.to_numeric)",
                   "date": "string (ISO 8601 date)", "choice": "string (one of the variable's choices)"}


def _variables_section(variables: Sequence[tuple[str, str, str]]) -> str:
    if not variables:
        return "\n## Project variables\n\nThis project defines no variables beyond the columns above.\n"
    rows = "\n".join(f"| {column} | {_VARIABLE_TYPES.get(type_, 'string')} | the article's variable `{name}`, "
                      "may be empty |" for column, name, type_ in variables)
    return ("\n## Project variables: the last columns of segments.csv and documents.csv\n\n"
            "One column per variable of the article (from front matter, the Documents table, QDPX or a "
            "documents CSV), in segments.csv for the segment's article.\n\n"
            "| column | type | meaning |\n|---|---|---|\n" + rows + "\n")


def readme(coders: Sequence[str], version: str, escaped: Mapping[str, Sequence[str]],
           variables: Sequence[tuple[str, str, str]] = ()) -> str:
    """The data dictionary; ``escaped``: per CSV file, the columns that may carry an escaping ``'``;
    ``variables``: ``(column, name, type)`` of the project variables."""
    words = [_STARTS_WORDS.get(ch, f"`{ch}`") for ch in ESCAPE_STARTS]
    starts = ", ".join(words[:-1]) + " or " + words[-1]
    rows = "\n".join(f"| {name} | {', '.join(cols)} |" for name, cols in escaped.items())
    text = README.format(version=version, coders=", ".join(f"`{c}`" for c in coders) or "(none)",
                         starts=starts, escaped_rows=rows)
    marker = "\n## codebook.csv"
    return text.replace(marker, _variables_section(variables) + marker, 1) if marker in text else (
        text + _variables_section(variables))
