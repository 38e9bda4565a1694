"""Speech to text on speech we make here (espeak-ng), with the model shipped in a PyPI package."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from interview_core.cli import main
from interview_core.speech.transcription import shared_transcriber, shipped_model_path, vocabulary_prompt

SENTENCE = "A database index is a B-tree that speeds up reads but slows down writes."
VOCABULARY = ["database", "index", "B-tree", "reads", "writes"]


@pytest.fixture(scope="module")
def speech(tmp_path_factory) -> Path:
    if not shutil.which("espeak-ng"):
        if os.environ.get("CI"):
            pytest.fail("espeak-ng is not installed (apt-get install espeak-ng)")
        pytest.skip("espeak-ng is not installed")
    wav = tmp_path_factory.mktemp("speech") / "index.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "120", "-g", "6", "-w", str(wav), SENTENCE], check=True)
    return wav


def test_the_model_ships_in_a_package() -> None:
    assert shipped_model_path() is not None and (shipped_model_path() / "model.bin").is_file()


def test_speech_becomes_words_with_timestamps(speech: Path) -> None:
    transcript = shared_transcriber().transcribe(speech, vocabulary=VOCABULARY)
    text = transcript.text.lower()
    # espeak-ng's robotic voice trips tiny.en now and then ("writes" → "right"): most words, not all.
    assert sum(word in text for word in ("database", "index", "speeds", "reads", "writes")) >= 4, text
    starts = [w.start for w in transcript.words]
    assert starts == sorted(starts) and all(w.end >= w.start for w in transcript.words)
    assert 3 < transcript.duration_s < 12 and transcript.words[-1].end <= transcript.duration_s + 0.5


def test_the_interview_vocabulary_goes_into_the_prompt() -> None:
    prompt = vocabulary_prompt(["What is an index?", "indexes speed up reads", "PostgreSQL", "k8s", "postgresql"])
    assert prompt == "What is an index? Indexes speed up reads. We talked about PostgreSQL and k8s."
    assert vocabulary_prompt([" ", ""]) is None


def test_transcribe_command_prints_one_json_line_per_file(speech: Path, capsys) -> None:
    code = main(["transcribe", str(speech), str(speech), "--vocabulary", ",".join(VOCABULARY), "--json"])
    assert code == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2
    data = json.loads(lines[0])
    assert set(data) == {"file", "text", "duration_s", "processing_s", "words", "delivery"}
    assert data["words"][0].keys() == {"word", "start", "end"}
    assert data["delivery"]["word_count"] == len(data["text"].split())
    assert data["delivery"]["speaking_time_s"] > 2


def test_unreadable_or_missing_audio_is_bad_input(tmp_path: Path, capsys) -> None:
    fake = tmp_path / "notes.wav"
    fake.write_text("this is not audio", encoding="utf-8")
    assert main(["transcribe", str(fake)]) == 2
    assert "Cannot read audio from notes.wav" in capsys.readouterr().err
    assert main(["transcribe", str(tmp_path / "missing.wav")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_the_encoder_window_leaves_at_least_as_much_padding_as_speech() -> None:
    from interview_core.speech.transcription import encoder_frames

    assert encoder_frames(0) == 1000  # never under 10 s
    assert encoder_frames(300) == 1000
    assert encoder_frames(801) == 1700  # 2x the speech, rounded up to 100 frames
    assert encoder_frames(1600) == 3000  # never over Whisper's 30 s window


def test_the_end_of_speech_is_where_the_last_loud_frame_ends() -> None:
    import numpy as np

    from interview_core.speech.transcription import SAMPLE_RATE, speech_end_s

    tone = 0.3 * np.sin(np.arange(SAMPLE_RATE) * 2 * np.pi * 220 / SAMPLE_RATE)
    hiss = 0.0005 * np.random.default_rng(0).standard_normal(SAMPLE_RATE)  # room noise, 50 dB down
    audio = np.concatenate([hiss[:8000], tone, hiss]).astype(np.float32)
    assert speech_end_s(audio) == pytest.approx(1.5, abs=0.02)
    assert speech_end_s(np.zeros(SAMPLE_RATE, dtype=np.float32)) == 0.0
    assert speech_end_s(np.zeros(10, dtype=np.float32)) == pytest.approx(10 / SAMPLE_RATE)


def test_the_silence_after_the_last_words_is_not_decoded_as_another_window(speech: Path) -> None:
    """faster-whisper would encode and decode the trailing silence as a window of its own."""
    import numpy as np

    from interview_core.speech.transcription import SAMPLE_RATE, WhisperTranscriber, decode_audio

    transcriber = WhisperTranscriber()
    audio = np.concatenate([decode_audio(speech.read_bytes()), np.zeros(SAMPLE_RATE, dtype=np.float32)])
    encoded: list[int] = []
    encode = transcriber._model.encode
    transcriber._model.encode = lambda features: encoded.append(features.shape[-1]) or encode(features)
    transcript = transcriber.transcribe(audio, vocabulary=VOCABULARY)
    assert len(encoded) == 1 + transcriber.fallbacks, encoded
    assert sum(word in transcript.text.lower() for word in ("database", "index", "speeds", "reads")) >= 3


def test_the_decoder_gets_room_for_fast_speech_but_not_for_a_loop() -> None:
    from interview_core.speech.transcription import max_new_tokens

    assert max_new_tokens(1.0) == 39  # a 1 s fragment: ample for any four words, not for a loop
    assert max_new_tokens(6.0) == 114  # 20 spelled-out words fit
    assert max_new_tokens(60.0) == 220  # per 30 s window, within Whisper's 448 with the prompt
