"""The live pipeline with synthetic frames: resampling, utterance detection, segments saved as
they are transcribed, failures reported, nothing lost at the end of the stream."""

import shutil
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest

from interview_core.speech.live_audio import LiveTranscriber, to_mono_16k
from interview_core.speech.transcription import SAMPLE_RATE, Transcript, shared_transcriber


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class CountingTranscriber:
    """Stands in for Whisper: says how long each segment was."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def transcribe(self, audio, *, vocabulary=(), optional=False):
        seconds = len(audio) / SAMPLE_RATE
        self.calls.append(seconds)
        return Transcript(text=f"segment of {seconds:.1f} s", duration_s=seconds)


def tone(seconds: float, rate: int = SAMPLE_RATE, loud: float = 0.3) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (loud * np.sin(2 * np.pi * 220 * t)).astype(np.float32)


def silence(seconds: float, rate: int = SAMPLE_RATE) -> np.ndarray:
    return (np.random.default_rng(0).normal(0, 0.001, int(seconds * rate))).astype(np.float32)


def feed(live: LiveTranscriber, audio: np.ndarray, rate: int = SAMPLE_RATE, chunk_s: float = 0.02, clock=None) -> None:
    step = int(rate * chunk_s)
    for start in range(0, len(audio), step):
        if clock:
            clock.now += chunk_s
        live.push(audio[start : start + step], rate)


def test_resampling_keeps_duration_and_pitch() -> None:
    stereo_48k = np.repeat((tone(1.0, 48_000) * 32767).astype(np.int16), 2)
    mono = to_mono_16k(stereo_48k, 48_000, channels=2)
    assert abs(len(mono) - SAMPLE_RATE) <= 1
    spectrum = np.abs(np.fft.rfft(mono))
    assert abs(np.argmax(spectrum) * SAMPLE_RATE / len(mono) - 220) < 2
    assert 0.25 < np.abs(mono).max() < 0.35  # int16 scaled to float, channels averaged


def test_each_pause_closes_an_utterance_and_every_segment_is_handed_over_at_once() -> None:
    saved, clock, fake = [], FakeClock(), CountingTranscriber()
    live = LiveTranscriber(fake, on_segment=saved.append, clock=clock)
    feed(live, np.concatenate([silence(1), tone(1.5), silence(1), tone(0.8), silence(0.2)]), clock=clock)
    final = live.finish()
    assert final.state == "finished" and final.heard_speech
    assert [s.index for s in saved] == [0, 1] and final.segments == tuple(saved)
    first, second = saved
    assert first.start_s == pytest.approx(1.0, abs=0.25) and first.end_s == pytest.approx(3.0, abs=0.25)
    assert second.start_s == pytest.approx(3.5, abs=0.25)  # the last one, cut by the end of the stream
    assert final.received_s == pytest.approx(4.5, abs=0.05)


def test_silence_and_clicks_are_not_speech() -> None:
    fake = CountingTranscriber()
    live = LiveTranscriber(fake)
    feed(live, np.concatenate([silence(2), tone(0.06), silence(2)]))
    final = live.finish()
    assert fake.calls == [] and final.segments == () and final.text == ""


def test_a_long_monologue_is_cut_into_bounded_segments() -> None:
    fake = CountingTranscriber()
    live = LiveTranscriber(fake, max_segment_s=5)
    feed(live, tone(12))
    live.finish()
    assert len(fake.calls) == 3 and max(fake.calls) <= 5.1


def test_long_speech_is_cut_at_its_next_gap_between_words_and_short_speech_is_not() -> None:
    fake = CountingTranscriber()
    live = LiveTranscriber(fake, split_after_s=5, guess_after_s=None)
    gap = silence(0.15)  # between words: shorter than a pause (0.5 s)
    feed(live, np.concatenate([tone(2), gap, tone(4), gap, tone(2), silence(1)]))
    live.finish()
    # No cut at the gap after 2 s (too early); a cut 0.12 s into the gap after 6 s; the rest (2 s of
    # speech and the half-second pause that ends it) follows.
    assert fake.calls == [pytest.approx(6.27, abs=0.05), pytest.approx(2.55, abs=0.1)]


def test_a_guess_made_early_in_the_pause_is_the_transcript_when_the_pause_ends_the_utterance() -> None:
    fake = CountingTranscriber()
    live = LiveTranscriber(fake, guess_after_s=0.2, silence_s=0.5)
    feed(live, np.concatenate([tone(1.0), silence(1.0)]))
    final = live.finish()
    # One call, made 0.2 s into the pause (the pre-roll is empty at the very start of a stream).
    assert fake.calls == [pytest.approx(1.2, abs=0.06)]
    assert final.segments[0].end_s == pytest.approx(1.5, abs=0.06)  # the segment still spans the whole pause


def test_a_guess_is_dropped_when_the_speaker_carries_on() -> None:
    fake = CountingTranscriber()
    live = LiveTranscriber(fake, guess_after_s=0.2, silence_s=0.5)
    feed(live, np.concatenate([tone(1.0), silence(0.35), tone(1.0), silence(1.0)]))
    final = live.finish()
    assert len(final.segments) == 1  # one utterance: the short pause did not end it
    # The final transcript covers both stretches of speech, not the stale guess.
    assert final.segments[0].text == f"segment of {1.0 + 0.35 + 1.0 + 0.2:.1f} s"


def test_a_failing_recogniser_is_reported_and_later_segments_still_come() -> None:
    class Flaky(CountingTranscriber):
        def transcribe(self, audio, *, vocabulary=(), optional=False):
            if not self.calls:
                self.calls.append(0)
                raise RuntimeError("model crashed")
            return super().transcribe(audio)

    live = LiveTranscriber(Flaky(), guess_after_s=None)
    feed(live, np.concatenate([tone(1), silence(1), tone(1), silence(1)]))
    final = live.finish()
    assert final.state == "failed" and "model crashed" in final.error
    assert len(final.segments) == 1


def test_real_speech_at_48k_stereo_appears_as_text_with_stream_timestamps(tmp_path: Path) -> None:
    if not shutil.which("espeak-ng"):
        pytest.skip("espeak-ng is not installed")
    wav = tmp_path / "say.wav"
    subprocess.run(
        [
            "espeak-ng",
            "-v",
            "en-us",
            "-s",
            "120",
            "-g",
            "6",
            "-w",
            str(wav),
            "A database index speeds up reads. Writes get slower.",
        ],
        check=True,
    )
    with wave.open(str(wav)) as handle:
        rate = handle.getframerate()
        speech = np.frombuffer(handle.readframes(handle.getnframes()), dtype=np.int16).astype(np.float32) / 32768
    speech_48k = np.interp(np.arange(0, len(speech), rate / 48_000), np.arange(len(speech)), speech)
    stream = np.concatenate([silence(1, 48_000), speech_48k.astype(np.float32), silence(1.5, 48_000)])
    stereo = np.repeat((stream * 32767).astype(np.int16), 2)
    live = LiveTranscriber(shared_transcriber(), vocabulary=["database", "index", "reads", "writes"])
    step = 48_000 * 2 // 50  # 20 ms of stereo frames
    for start in range(0, len(stereo), step):
        live.push(stereo[start : start + step], 48_000, channels=2)
    final = live.finish()
    text = final.text.lower()
    assert "index" in text and ("reads" in text or "writes" in text), text
    assert final.words and final.words[0].start >= 0.7  # in stream time, after the leading second


def test_a_stream_in_small_frames_resamples_exactly_like_the_whole_signal() -> None:
    from interview_core.speech.live_audio import StreamResampler

    rng = np.random.default_rng(3)
    for rate, frame in ((48_000, 960), (44_100, 441), (8_000, 160)):
        signal = rng.normal(0, 0.1, rate * 2).astype(np.float32)
        whole = to_mono_16k(signal, rate)
        stream = StreamResampler()
        pieces = np.concatenate(
            [*(stream(signal[i : i + frame], rate) for i in range(0, len(signal), frame)), stream.flush()]
        )
        assert abs(len(whole) - 32_000) <= 2
        assert len(pieces) == len(whole)
        np.testing.assert_allclose(pieces, whole, atol=1e-5)
