"""Sentence embeddings on the machine: WordLlama's static token embeddings, read by us.

The model (``model/``: 32,000 Llama-2 BPE tokens × 256 dimensions, float16, 16 MB, MIT) is the
one the ``wordllama`` package ships. Newscoder reads it itself: the safetensors file is a
JSON header and raw little-endian floats, and the tokenizer is byte-fallback BPE over the
vocabulary and merges of ``l2_supercat_tokenizer_config.json``. A text's embedding is the mean
of its tokens' vectors, L2-normalised (WordLlama's ``embed(norm=True)``). No network library
is imported; the files are opened read-only from the installed package, once, lazily.

Offsets: :meth:`Embedder.document` tokenises a whole article word by word; the vectors of any
spans ``[start, end)`` (code points) then cost one pass over the article's tokens.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import struct
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newscoder.core.errors import UserError

MODEL_DIR = Path(__file__).resolve().parent / "model"
WEIGHTS = MODEL_DIR / "l2_supercat_256.safetensors"
TOKENIZER = MODEL_DIR / "l2_supercat_tokenizer_config.json"
#: the name/version the learned suggesters report, and the file whose hash provenance records
MODEL_NAME = "wordllama-l2-supercat-256"

_WORD = re.compile(r"\S+")
_SPACE = "\u2581"  # "▁": SentencePiece's word start


class ModelError(UserError):
    """The shipped model files are missing or unreadable."""


def _read_safetensors(path: Path) -> np.ndarray:
    """The one tensor of a safetensors file (F16/F32) as float32."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ModelError(f"the suggestion model is missing: {path}") from exc
    if len(data) < 8:
        raise ModelError(f"the suggestion model is damaged: {path}")
    (size,) = struct.unpack("<Q", data[:8])
    try:
        header = json.loads(data[8:8 + size])
        info = next(v for k, v in header.items() if k != "__metadata__")
        dtype = {"F16": "<f2", "F32": "<f4"}[info["dtype"]]
        lo, hi = info["data_offsets"]
        array = np.frombuffer(data, dtype=dtype, count=(hi - lo) // np.dtype(dtype).itemsize, offset=8 + size + lo)
        return array.reshape(info["shape"]).astype(np.float32)
    except (ValueError, KeyError, StopIteration, TypeError) as exc:
        raise ModelError(f"the suggestion model is damaged: {path}") from exc


class BPE:
    """Byte-fallback BPE (the Llama-2 tokenizer) over a ``tokenizers`` JSON file; words are cached."""

    def __init__(self, path: Path) -> None:
        try:
            model = json.loads(path.read_text(encoding="utf-8"))["model"]
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(f"the suggestion tokenizer is missing or damaged: {path}") from exc
        self.vocab: dict[str, int] = model["vocab"]
        merges = [m.split(" ") if isinstance(m, str) else m for m in model["merges"]]
        self.ranks: dict[tuple[str, str], int] = {(a, b): i for i, (a, b) in enumerate(merges)}
        self.unk = self.vocab.get(model.get("unk_token") or "<unk>", 0)
        self._cache: dict[str, tuple[int, ...]] = {}
        self._lock = threading.Lock()

    def _symbols(self, piece: str) -> list[str]:
        out: list[str] = []
        for ch in piece:
            if ch in self.vocab:
                out.append(ch)
            else:  # byte fallback: <0xNN> per UTF-8 byte
                out.extend(f"<0x{b:02X}>" for b in ch.encode("utf-8"))
        return out

    def _bpe(self, piece: str) -> tuple[int, ...]:
        symbols = self._symbols(piece)
        ranks = self.ranks
        while len(symbols) > 1:
            best, at = None, -1
            for i in range(len(symbols) - 1):
                r = ranks.get((symbols[i], symbols[i + 1]))
                if r is not None and (best is None or r < best):
                    best, at = r, i
            if best is None:
                break
            symbols[at:at + 2] = [symbols[at] + symbols[at + 1]]
        return tuple(self.vocab.get(s, self.unk) for s in symbols)

    def word(self, word: str) -> tuple[int, ...]:
        """The token ids of one white-space-free word as it follows a space."""
        ids = self._cache.get(word)
        if ids is None:
            ids = self._bpe(_SPACE + word)
            with self._lock:
                if len(self._cache) > 500_000:
                    self._cache.clear()
                self._cache[word] = ids
        return ids

    def encode(self, text: str) -> list[int]:
        return [i for w in text.split() for i in self.word(w)]


@dataclass(frozen=True)
class DocumentVectors:
    """An article's tokens, word by word: the vector of any set of spans in one pass over the tokens."""

    starts: np.ndarray  # the code-point start of each word
    first_token: np.ndarray  # the index of each word's first token (len(words) + 1 entries)
    ids: np.ndarray  # the token ids, in order
    matrix: np.ndarray  # the model's token vectors

    def span(self, start: int, end: int) -> np.ndarray | None:
        """The unit vector of the words that start in ``[start, end)`` (``None``: no words)."""
        v = self.spans([(start, end)])[0]
        return v if v.any() else None

    def spans(self, spans: list[tuple[int, int]]) -> np.ndarray:
        """Unit vectors of many spans (a zero row for a span without words).

        The spans' token boundaries cut the article into pieces; each piece is summed once
        (``np.add.reduceat`` over the gathered token vectors), and a span is the sum of its pieces.
        """
        dim = self.matrix.shape[1]
        if not spans:
            return np.zeros((0, dim), dtype=np.float32)
        arr = np.asarray(spans, dtype=np.int64)
        ta = self.first_token[np.searchsorted(self.starts, arr[:, 0], side="left")]
        tb = self.first_token[np.searchsorted(self.starts, arr[:, 1], side="left")]
        cuts = np.unique(np.concatenate([ta, tb]))
        inner = cuts[cuts < self.ids.size]  # the cuts that start a piece
        out = np.zeros((len(spans), dim), dtype=np.float32)
        if inner.size:
            # piece i sums tokens [inner[i], inner[i + 1]) (the last one: to the end)
            pieces = np.add.reduceat(self.matrix[self.ids[inner[0]:]], inner - inner[0], axis=0)
            running = np.zeros((inner.size + 1, dim), dtype=np.float64)
            np.cumsum(pieces, axis=0, out=running[1:])
            # a cut is inner[k] (running row k) or the end of the tokens (the last row)
            out[:] = running[np.searchsorted(inner, tb)] - running[np.searchsorted(inner, ta)]
        n = np.linalg.norm(out, axis=1, keepdims=True)
        return np.divide(out, n, out=np.zeros_like(out), where=n > 0)


class Embedder:
    """The shipped model, loaded once (see :func:`shared`)."""

    def __init__(self, weights: Path = WEIGHTS, tokenizer: Path = TOKENIZER) -> None:
        self.weights_path = weights
        self.matrix = _read_safetensors(weights)
        self.tokenizer = BPE(tokenizer)
        self._sha: str | None = None

    @property
    def dim(self) -> int:
        return int(self.matrix.shape[1])

    @property
    def sha256(self) -> str:
        """The model file's SHA-256 (recorded with each accepted learned suggestion)."""
        if self._sha is None:
            self._sha = hashlib.sha256(self.weights_path.read_bytes()).hexdigest()
        return self._sha

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit vectors of whole texts (a zero row for a text without words)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            ids = self.tokenizer.encode(text)
            if ids:
                v = self.matrix[ids].sum(axis=0)
                n = float(np.linalg.norm(v))
                if n > 0:
                    out[i] = v / n
        return out

    def document(self, text: str) -> DocumentVectors:
        """Token running sums of a whole article, word by word (see :class:`DocumentVectors`)."""
        starts = [m.start() for m in _WORD.finditer(text)]
        cache = self.tokenizer._cache
        word = self.tokenizer.word
        tokens = [cache.get(w) or word(w) for w in _WORD.findall(text)]
        first = np.zeros(len(tokens) + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens)), out=first[1:])
        ids = np.fromiter(itertools.chain.from_iterable(tokens), dtype=np.int64, count=int(first[-1]))
        return DocumentVectors(np.asarray(starts, dtype=np.int64), first, ids, self.matrix)


_shared: Embedder | None = None
_shared_lock = threading.Lock()


def shared() -> Embedder:
    """The process's one :class:`Embedder`, loaded on first use (~0.1 s)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Embedder()
        return _shared


def loaded() -> bool:
    """Whether the model has been loaded in this process (start-up must not load it)."""
    return _shared is not None
