"""The texts of the data bundle: the data dictionary (README.md), load.py and load.R."""

from __future__ import annotations

from collections.abc import Sequence

README = """\
# Newscoder data bundle

Written by Newscoder {version}. Every CSV file is UTF-8, comma-separated, with a header row, RFC 4180
quoting and CRLF line ends. Cells are written exactly as stored (no spreadsheet escaping). Offsets are
Unicode code points into the document's text, half-open: `start` is the first character, `end` the one
after the last (`text = document_text[start:end]` in Python; `substr(text, start + 1, end)` in R).

Load everything with `python load.py` (pandas) or `source("load.R")` (base R).

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
TEXT = {"keep_default_na": False, "na_values": []}  # an empty cell or "NA" in a text column stays text
FIXED = ["document_id", "char", "code"]


def load(folder: str | Path = HERE) -> dict[str, object]:
    """Every file of the bundle: DataFrames for the CSV files, a dict for agreement.json."""
    f = Path(folder)
    segments = pd.read_csv(f / "segments.csv", dtype=str, **TEXT)
    for col in ("start", "end", "length"):
        segments[col] = segments[col].astype("int64")
    documents = pd.read_csv(f / "documents.csv", dtype=str, **TEXT)
    documents["length"] = documents["length"].astype("int64")
    documents["in_study"] = documents["in_study"] == "TRUE"
    codebook = pd.read_csv(f / "codebook.csv", dtype=str, **TEXT)
    codebook["position"] = codebook["position"].astype("int64")
    codebook["archived"] = codebook["archived"] == "TRUE"
    matrix = pd.read_csv(f / "reliability_matrix.csv", dtype=str, keep_default_na=False, na_values=["NA"])
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
bundle_dir <- if (exists("bundle_dir")) bundle_dir else "."
read_text <- function(name) read.csv(file.path(bundle_dir, name), colClasses = "character",
                                     na.strings = character(0), check.names = FALSE, encoding = "UTF-8")
segments <- read_text("segments.csv")
for (col in c("start", "end", "length")) segments[[col]] <- as.integer(segments[[col]])
documents <- read_text("documents.csv")
documents$length <- as.integer(documents$length)
documents$in_study <- documents$in_study == "TRUE"
codebook <- read_text("codebook.csv")
codebook$position <- as.integer(codebook$position)
codebook$archived <- codebook$archived == "TRUE"
reliability_matrix <- read.csv(file.path(bundle_dir, "reliability_matrix.csv"), colClasses = "character",
                               na.strings = "NA", check.names = FALSE, encoding = "UTF-8")
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


def readme(coders: Sequence[str], version: str) -> str:
    return README.format(version=version, coders=", ".join(f"`{c}`" for c in coders) or "(none)")
