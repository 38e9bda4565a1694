"""Turn-taking: Silero's speech probabilities and whether the words sound finished decide when the
candidate's turn is over (issue: conversation mode, point 3)."""

from __future__ import annotations

import shutil
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest

from interview_core.speech.turns import CHUNK, SileroVad, TurnDetector, sounds_finished

CHUNK_S = CHUNK / 16000


class ScriptedDetector:
    """Speech probabilities from a script: 1.0 while `speech(t)` says so, 0.0 otherwise."""

    def __init__(self, spans: list[tuple[float, float]]) -> None:
        self.spans, self.at_s = spans, 0.0

    def __call__(self, chunk: np.ndarray) -> float:
        self.at_s += CHUNK_S
        return 1.0 if any(start <= self.at_s < end for start, end in self.spans) else 0.0

    def reset(self) -> None:
        self.at_s = 0.0


def run(turn: TurnDetector, seconds: float) -> float | None:
    """Push `seconds` of audio; the audio time at which the turn ended, or None."""
    for _ in range(int(seconds / CHUNK_S)):
        if turn.push(np.zeros(CHUNK, dtype=np.float32)).ended:
            return turn.snapshot().at_s
    return None


def test_a_finished_sounding_turn_ends_after_the_candidates_patience() -> None:
    turn = TurnDetector(ScriptedDetector([(0.5, 3.0)]), patience_s=1.5)
    turn.hear("So I would put a queue in front of it.", through_s=3.0)
    ended = run(turn, 10)
    assert ended is not None and 4.4 <= ended <= 4.6


def test_a_pause_to_think_mid_sentence_does_not_end_the_turn() -> None:
    """Speech, 2.5 s of thinking after "the first thing I'd do is", then the rest."""
    turn = TurnDetector(ScriptedDetector([(0.5, 3.0), (5.5, 8.0)]), patience_s=1.5)
    turn.hear("So the first thing I'd do is", through_s=3.0)
    assert run(turn, 8.1) is None  # 2.5 s of silence, then speech again
    turn.hear("So the first thing I'd do is check the logs.", through_s=8.0)
    ended = run(turn, 10)
    assert ended is not None and 9.4 <= ended <= 9.6  # 1.5 s after the second stretch


def test_a_turn_whose_last_words_are_not_transcribed_yet_waits_for_them() -> None:
    turn = TurnDetector(ScriptedDetector([(0.5, 3.0)]), patience_s=1.5)
    turn.hear("So I would", through_s=1.0)  # the transcript lags the audio
    assert turn.snapshot().waiting_for_text is False
    ended = run(turn, 10)
    assert ended is not None and ended >= 3.0 + 3.0 - 0.05  # the long wait


def test_give_me_a_moment_holds_the_turn_until_the_candidate_speaks_again() -> None:
    turn = TurnDetector(ScriptedDetector([(0.5, 1.5), (12.0, 14.0)]), patience_s=1.5)
    assert run(turn, 1.6) is None
    turn.hear("Give me a moment.", through_s=1.5)
    turn.hold()  # the candidate's words were a request, not an answer
    assert run(turn, 10) is None and turn.snapshot().holding  # 10 s of silence: still their turn
    assert run(turn, 2.5) is None and not turn.snapshot().holding  # speaking again
    turn.hear("Give me a moment. OK, I'd shard by user id.", through_s=14.0)
    ended = run(turn, 10)
    assert ended is not None and not turn.snapshot().holding


def test_a_cough_is_not_a_turn() -> None:
    turn = TurnDetector(ScriptedDetector([(0.5, 0.6)]), patience_s=1.0)
    assert run(turn, 5) is None and not turn.snapshot().heard_speech


@pytest.mark.parametrize(
    ("text", "finished"),
    [
        ("I would use a token bucket.", True),
        ("and that is why we chose Postgres", True),
        ("So I'd put a queue in front of it.", True),
        ("we moved it to a queue because.", False),
        ("So the first thing I'd do is.", False),  # a segment cut at a pause gets a full stop
        ("so the first thing I'd do is", False),
        ("we moved it to a queue because", False),
        ("the main trade-off is, um", False),
        ("I tried three approaches,", False),
        ("", False),
    ],
)
def test_what_sounds_finished(text: str, finished: bool) -> None:
    assert sounds_finished(text) is finished


def _speech(tmp_path: Path, text: str) -> np.ndarray:
    wav = tmp_path / "say.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(wav), text], check=True)
    resampled = tmp_path / "say16.wav"
    subprocess.run(["sox", str(wav), "-r", "16000", "-c", "1", str(resampled)], check=True)
    with wave.open(str(resampled)) as f:
        return np.frombuffer(f.readframes(f.getnframes()), dtype=np.int16).astype(np.float32) / 32768


@pytest.mark.skipif(not (shutil.which("espeak-ng") and shutil.which("sox")), reason="needs espeak-ng and sox")
def test_silero_hears_speech_and_not_noise_as_loud(tmp_path: Path) -> None:
    vad = SileroVad()
    speech = _speech(tmp_path, "I would use a token bucket because it allows short bursts.")
    rng = np.random.default_rng(0)
    noise = (rng.standard_normal(len(speech)) * np.sqrt(np.mean(speech**2))).astype(np.float32)  # as loud

    def speech_share(audio: np.ndarray) -> float:
        vad.reset()
        probabilities = [vad(audio[i : i + CHUNK]) for i in range(0, len(audio) - CHUNK + 1, CHUNK)]
        return float(np.mean(np.array(probabilities) >= 0.5))

    assert speech_share(speech) > 0.5
    assert speech_share(noise) < 0.05

    turn = TurnDetector(vad, patience_s=1.0)
    silence = np.zeros(16000 * 3, dtype=np.float32)
    turn.push(speech)
    turn.hear("I would use a token bucket because it allows short bursts.", through_s=len(speech) / 16000)
    assert not turn.snapshot().ended
    assert turn.push(silence).ended
