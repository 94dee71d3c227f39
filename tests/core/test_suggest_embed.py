"""The shipped model read by our own code: files, tokenizer, vectors, lazy loading, and no network."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from newscoder.core.suggest import embed

#: SHA-256 of the files as the ``wordllama`` 0.4.0.post1 wheel ships them (model/README.md)
UPSTREAM = {
    "l2_supercat_256.safetensors": "64b47a2dc493cb8e85944076601189739852d7b64e0e1eedcb1937a251cd9fd5",
    "l2_supercat_tokenizer_config.json": "93248f2a9ec36c7b35f700a033d5f36228aae48db61aee31007fa49062cdeb68",
}


@pytest.fixture(scope="module")
def model() -> embed.Embedder:
    return embed.shared()


def test_the_shipped_files_are_the_upstream_ones_and_small() -> None:
    total = 0
    for name, sha in UPSTREAM.items():
        path = embed.MODEL_DIR / name
        assert hashlib.sha256(path.read_bytes()).hexdigest() == sha
        total += path.stat().st_size
    assert (embed.MODEL_DIR / "LICENSE.wordllama").read_text().startswith("MIT License")
    assert total <= 25 * 1024 * 1024  # the limit for what suggestions add


def test_model_shape_and_hash(model: embed.Embedder) -> None:
    assert model.matrix.shape == (32_000, 256) and model.matrix.dtype == np.float32
    assert model.sha256 == UPSTREAM["l2_supercat_256.safetensors"]


def test_tokenizer_known_llama2_ids_and_lossless_pieces(model: embed.Embedder) -> None:
    tok = model.tokenizer
    assert tok.vocab["▁the"] == 278 and tok.vocab["<0x0A>"] == 13  # Llama 2's own ids
    assert tok.encode("the troops") == [278, tok.vocab["▁troops"]]
    inverse = {i: s for s, i in tok.vocab.items()}
    for text in ["North Korea’s 8,000 troops", "Çağrı said “no” 😀", "U.S.-led talks, 10k+ people"]:
        ids = tok.encode(text)
        pieces = [inverse[i] for i in ids]
        raw = bytearray()
        for p in pieces:  # byte-fallback pieces decode to their bytes, others to their UTF-8
            raw += bytes([int(p[3:5], 16)]) if p.startswith("<0x") and p.endswith(">") else p.encode("utf-8")
        assert raw.decode("utf-8") == "".join("▁" + w for w in text.split())


def test_span_vectors_equal_whole_text_vectors(model: embed.Embedder) -> None:
    text = "Officials said up to 8,000 troops arrived.\nThe Kremlin denied it, calling it “fake news”."
    doc = model.document(text)
    # a span's vector is that of the whole words starting in it (here: word-aligned spans)
    for a, b in [(0, 42), (43, len(text)), (15, 26), (0, len(text))]:
        v = doc.span(a, b)
        assert v is not None
        expected = model.embed([text[a:b]])[0]
        assert float(v @ expected) == pytest.approx(1.0, abs=1e-5)
    assert doc.span(5, 5) is None
    rows = doc.spans([(0, 41), (41, 42)])
    assert rows.shape == (2, 256) and not rows[1].any()


def test_similar_sentences_are_closer_than_unrelated_ones(model: embed.Embedder) -> None:
    a, b, c = model.embed(["Moscow denied sending any troops to the border.",
                           "The Kremlin rejected claims that it had deployed soldiers.",
                           "The recipe needs two cups of flour and some sugar."])
    assert float(a @ b) > float(a @ c) + 0.1


def test_rules_load_neither_the_model_nor_numpy(tmp_path: Path) -> None:
    """Start-up is unchanged: the engine and its rules import no numpy; the model loads on first learned need."""
    from tests.fixtures import make_project

    make_project(tmp_path / "p.newscoder").close()
    code = textwrap.dedent("""
        import sys
        from newscoder.core.store import Project
        from newscoder.core.suggest import SuggestionEngine
        project = Project.open(sys.argv[1])
        engine = SuggestionEngine(project, "nobody")  # learned, but nobody has coded: nothing to learn from
        found = [s for d in project.documents() for s in engine.for_document(d.id)]
        assert found, "the rules found nothing"
        assert "numpy" not in sys.modules and "newscoder.core.suggest.embed" not in sys.modules
    """)
    run = subprocess.run([sys.executable, "-c", code, str(tmp_path / "p.newscoder")], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr


NO_NETWORK = textwrap.dedent("""
    import _socket, socket, sys
    tried = []
    def refuse(*a, **k):  # every attempt is recorded: code that caught the error still fails the test
        tried.append(a[:2])
        raise OSError("network blocked by the test")
    for module in (socket, _socket):
        for name in ("socket", "create_connection", "getaddrinfo", "gethostbyname", "socketpair"):
            if hasattr(module, name):
                setattr(module, name, refuse)
    from newscoder.core import edits
    from newscoder.core.store import Project
    from newscoder.core.suggest import SuggestionEngine, embed
    project = Project.open(sys.argv[1])
    coder = project.coder_by_name("Ann")
    engine = SuggestionEngine(project, coder.id)
    doc = [d for d in project.documents() if d.title == "Two"][0]
    found = engine.for_document(doc.id)
    assert embed.loaded(), "the model was not used"
    learned = [s for s in found if "neighbours/1" in s.suggester]
    assert learned, found
    s = learned[0]
    assert any("neighbours/1" in c.suggester for c in
               SuggestionEngine(project, coder.id).for_corpus([d.id for d in project.documents()]))
    edits.apply(project, engine.accept(s))
    assert not tried, f"a connection was attempted: {tried}"
    print(len(found), s.suggester, s.model_sha256[:12])
""")


def test_suggestions_end_to_end_with_every_socket_refused(tmp_path: Path) -> None:
    from tests.fixtures import add_segment, make_project

    one = "The Kremlin denied sending troops to the border. Officials met on Monday."
    two = "Russia denied sending more troops to the border. The weather was cold."
    with make_project(tmp_path / "p.newscoder", {"One": one, "Two": two}) as project:
        add_segment(project, next(d.id for d in project.documents() if d.title == "One"), "denial", "Ann",
                    0, one.index("."))
    run = subprocess.run([sys.executable, "-c", NO_NETWORK, str(tmp_path / "p.newscoder")], capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    count, suggester, sha = run.stdout.split()
    assert int(count) >= 1 and "neighbours/1" in suggester and sha == UPSTREAM["l2_supercat_256.safetensors"][:12]


def test_a_missing_or_damaged_model_is_a_clear_error(tmp_path: Path) -> None:
    from newscoder.core.errors import UserError

    with pytest.raises(UserError, match="missing"):
        embed.Embedder(weights=tmp_path / "none.safetensors")
    bad = tmp_path / "bad.safetensors"
    bad.write_bytes(b"\x10\x00\x00\x00\x00\x00\x00\x00{not json at all")
    with pytest.raises(UserError, match="damaged"):
        embed.Embedder(weights=bad)
    with pytest.raises(UserError, match="tokenizer"):
        embed.Embedder(tokenizer=tmp_path / "none.json")
