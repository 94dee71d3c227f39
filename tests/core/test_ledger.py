"""The estimate ledger (`newscoder export estimates`) and hedge drift."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from newscoder.core import attribute_edits, edits
from newscoder.core.exchange.ledger import LEDGER_COLUMNS, hedge_drift, ledger_rows, write_ledger
from newscoder.core.importers import import_paths
from newscoder.core.store import Project
from tests.core.attr_helpers import CODED, code_sample_estimates
from tests.fixtures import SAMPLE_ARTICLES


@pytest.fixture
def sample(tmp_path: Path) -> Project:
    project = Project.create(tmp_path / "s.newscoder")
    import_paths(project, [SAMPLE_ARTICLES])
    code_sample_estimates(project, "Ana")
    yield project
    project.close()


def _rows(project: Project, coders: tuple[str, ...] = ()) -> list[dict[str, str]]:
    out = io.BytesIO()
    write_ledger(project, out, coders)
    reader = csv.reader(io.StringIO(out.getvalue().decode("utf-8"), newline=""))
    head = next(reader)
    assert tuple(head) == LEDGER_COLUMNS
    return [dict(zip(head, r, strict=True)) for r in reader]


def test_ledger_of_the_sample_articles(sample: Project) -> None:
    rows = _rows(sample)
    assert len(rows) == len(CODED)
    # sorted by counted, then value (numerically: 1500 before 10000)
    keys = [(r["counted"].casefold(), int(r["value"])) for r in rows]
    assert keys == sorted(keys)
    assert [r["value"] for r in rows if r["counted"] == "troops in Russia"][:2] == ["1500", "3000"]
    blinken = [r for r in rows if r["source"] == "Antony Blinken" and r["value"] == "8000"]
    assert {r["hedge"] for r in blinken} == {"approximately", "up to", "as many as"}
    assert {r["source_outlet"] for r in blinken} == {"", "AFP", "VOA"}  # three samples name no outlet
    texts = sample.documents()
    by_id = {d.id: sample.document_text(d.id) for d in texts}
    for r in rows:
        assert by_id[r["document_id"]][int(r["start"]):int(r["end"])] == r["text"]
        assert r["source_kind"] in ("person", "military", "intelligence service", "anonymous official")
    at_least = next(r for r in rows if r["value"] == "3000")
    assert (at_least["low"], at_least["high"], at_least["hedge"]) == ("3000", "", "at least")


def test_hedge_drift_flags_blinkens_8000(sample: Project) -> None:
    drift = hedge_drift(list(ledger_rows(sample)))
    (blinken,) = [d for d in drift if d.source == "Antony Blinken" and d.value == 8000]
    assert set(blinken.hedges) == {"approximately", "up to", "as many as"}
    assert "Antony Blinken 8,000:" in blinken.describe()
    # one source's different numbers are not drift; one outlet alone is not drift
    assert not [d for d in drift if d.value == 1500]


def test_coder_filter_and_unknown_coder(sample: Project) -> None:
    code_sample_estimates(sample, "Ben")
    assert len(_rows(sample)) == 2 * len(CODED)
    assert {r["coder"] for r in _rows(sample, ("ben",))} == {"Ben"}
    from newscoder.core.errors import UserError

    with pytest.raises(UserError, match="no coder named"):
        _rows(sample, ("Zed",))


def test_formula_cells_are_escaped_and_missing_values_are_blank(sample: Project) -> None:
    seg = sample.segments()[0]
    edits.apply(sample, attribute_edits.set_segment_attributes(sample, seg.id, {"counted": "=1+1", "hedge": "range",
                                                                                  "low": 10, "high": 12}))
    rows = _rows(sample)
    assert rows[0]["counted"] == "'=1+1" and rows[0]["value"] == ""


def test_no_estimate_code(tmp_path: Path) -> None:
    with Project.create(tmp_path / "e.newscoder", codebook=False) as p:
        from newscoder.core.errors import UserError

        with pytest.raises(UserError, match="no code named 'estimate'"):
            _rows(p)


def test_cli(sample: Project, tmp_path: Path) -> None:
    sample.close()
    out = tmp_path / "ledger.csv"
    cmd = [sys.executable, "-m", "newscoder", "export", "estimates", "-p", str(tmp_path / "s.newscoder")]
    run = subprocess.run([*cmd, "-o", str(out), "--coder", "Ana"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert f"wrote {len(CODED)} estimates" in run.stderr
    assert out.read_bytes().startswith(",".join(LEDGER_COLUMNS).encode() + b"\r\n")
    for bad, message in ((tmp_path, "not a regular file"), (tmp_path / "s.newscoder", "is the project file")):
        run = subprocess.run([*cmd, "-o", str(bad)], capture_output=True, text=True)
        assert run.returncode == 1 and message in run.stderr and "Traceback" not in run.stderr
    run = subprocess.run([*cmd, "--coder", "Nobody"], capture_output=True, text=True)
    assert run.returncode == 1 and "no coder named 'Nobody'" in run.stderr
