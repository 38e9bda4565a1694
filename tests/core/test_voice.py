"""The interviewer's voice: Piper from a wheel, run here, heard back by our own speech to text
(issue: conversation mode, point 2)."""

from __future__ import annotations

import io
import wave

import numpy as np
import pytest

from interview_core.speech.transcription import decode_audio, shared_transcriber
from interview_core.speech.voice import (
    BrowserVoice,
    interviewer_voice,
    readable,
    shipped_voice,
    split_sentences,
    wav_bytes,
)

LINE = "Thanks. Question 2 of 3. How would you paginate an API endpoint that returns a large, changing list?"


def test_initialisms_and_numbers_are_made_readable() -> None:
    assert readable("What does the API return at p99?") == "What does the eh pee eye return at p 99?"
    assert readable("Send JSON over REST") == "Send Json over Rest"


def test_the_voice_speaks_sentence_by_sentence_and_our_transcriber_understands_it() -> None:
    voice = shipped_voice()
    assert voice is not None, "the voice ships with the app's requirements"
    text = "Thanks for joining. How would you design a rate limiter for a public API?"
    sentences = list(voice.sentences(text))
    assert len(sentences) == 2
    assert all(s.dtype == np.float32 and 0.5 < len(s) / voice.sample_rate < 8 for s in sentences)
    assert all(0.5 < float(np.abs(s).max()) <= 0.9 + 1e-6 for s in sentences)
    data = wav_bytes(sentences, voice.sample_rate)
    with wave.open(io.BytesIO(data)) as wav:
        assert wav.getframerate() == voice.sample_rate and wav.getnchannels() == 1
    heard = shared_transcriber().transcribe(decode_audio(data)).text.lower()
    for word in ("thanks", "joining", "design", "rate limiter", "public"):
        assert word in heard, heard


@pytest.mark.parametrize("text", ["", "   "])
def test_nothing_to_say_is_no_audio(text: str) -> None:
    voice = shipped_voice()
    assert voice is not None
    assert list(voice.sentences(text)) == []


def test_lines_are_split_into_sentences_where_a_sentence_really_ends() -> None:
    assert split_sentences("Thanks. Question 2 of 3. Would you use e.g. a cache with 3.5 ms reads? Why?") == [
        "Thanks.",
        "Question 2 of 3.",
        "Would you use e.g. a cache with 3.5 ms reads?",
        "Why?",
    ]


def test_short_sentences_that_open_replies_are_rendered_once() -> None:
    voice = shipped_voice()
    assert voice is not None
    first = list(voice.sentences("Thanks. Question 2 of 3."))
    again = list(voice.sentences("Thanks. Question 2 of 3. How would you shard a table by tenant?"))
    assert len(again) == 3 and again[0] is first[0] and again[1] is first[1]  # kept, not rendered anew
    long = "How would you shard a table by tenant?"
    assert next(iter(voice.sentences(long))) is not again[2]  # a question is rendered each time


def test_the_browser_voice_is_the_fallback_and_takes_as_long_as_saying_the_line() -> None:
    assert isinstance(interviewer_voice("browser"), BrowserVoice)
    assert interviewer_voice("piper").name != "browser"  # the voice package is installed here
    voice = BrowserVoice()
    short, long = (sum(len(s) for s in voice.sentences(text)) / voice.sample_rate for text in ("Thanks.", LINE))
    assert short < 1.5 and long > len(LINE.split()) / 3  # time to say it, at a slow speaker's pace
    assert all(not s.any() for s in voice.sentences(LINE))  # silence: the browser says the words
