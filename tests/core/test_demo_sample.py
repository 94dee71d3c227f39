"""The first-run sample project: outlets and dates from the articles, two demo coders' labelled work."""

from __future__ import annotations

from pathlib import Path

from newscoder.core import demo
from newscoder.core.compare import matrix, report
from newscoder.core.compare.model import NO_VALUE, load_input
from newscoder.core.defaults import create_seeded_project


def test_sample_articles_carry_outlet_and_date(tmp_path: Path) -> None:
    with create_seeded_project(tmp_path / "s.newscoder") as project:
        docs = {d.metadata["seed"]: d for d in project.documents()}
        assert docs["004_55bce36a464c4aa4.txt"].source == "AFP"
        assert docs["000_69107ba93e1b296a.txt"].source == "VOA"
        assert {d.published for d in docs.values()} == {"2024-10-31", "2024-10-23"}
        assert docs["003_f849b6cfeae00e11.txt"].published == "2024-10-23"


def test_every_demo_phrase_is_coded_and_labelled(tmp_path: Path) -> None:
    with create_seeded_project(tmp_path / "s.newscoder") as project:
        wanted = sum(p is not None for entry in demo.DEMO for p in entry[2:])
        segments = project.segments()
        assert len(segments) == wanted
        assert {project.coder(s.coder_id).name for s in segments} == set(demo.CODERS)  # type: ignore[union-attr]
        assert all(s.memo == demo.MEMO for s in segments)
        assert project.meta("demo_note") == demo.NOTE and "Demo data" in demo.NOTE
        for _seed, _code, *phrases in demo.DEMO:
            for coder, phrase in zip(demo.CODERS, phrases, strict=True):
                if phrase is not None:
                    assert any(s.quote == phrase and project.coder(s.coder_id).name == coder  # type: ignore[union-attr]
                               for s in segments), phrase


def test_a_newcomer_sees_a_filled_comparison(tmp_path: Path) -> None:
    with create_seeded_project(tmp_path / "s.newscoder") as project:
        inp = load_input(project)
        rep = report.compute(project, inp)
        v: matrix.MatrixView = rep.views["matrix"]
        assert v.outlets == ("AFP", "VOA", NO_VALUE)
        assert v.count.sum() == len(project.segments())
        assert all(r.alpha_u is not None for r in rep.views["reliability"].rows)
        denial = next(i for i in rep.views["presence"].items if i.name == "denial")
        assert denial.missing(v.outlets) == ["VOA"]
        assert rep.views["cooccurrence"].counts[0, 2] > 0  # claims around estimates
        (blinken, *_), = [[q for q in rep.views["quotes"].altered if "Ukrainian forces" in q.variants[0].text]]
        assert "AFP" in blinken.outlets
