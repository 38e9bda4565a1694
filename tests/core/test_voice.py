"""The interviewer's voice: Piper from a wheel, run here, heard back by our own speech to text
(issue: conversation mode, point 2)."""

from __future__ import annotations

import io
import wave

import numpy as np
import pytest

from interview_core.speech.transcription import decode_audio, shared_transcriber
from interview_core.speech.voice import readable, shipped_voice, wav_bytes


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
