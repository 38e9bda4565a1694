"""Delivery metrics: how an answer was said, shown beside the content score and never mixed in.

Works from text alone (word count, fillers, hedges, repeats, length against the time allowed) and,
when speech-to-text supplies word timestamps, also from timing (speaking time, pace, long pauses).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from pydantic import BaseModel, Field

from interview_core.domain import TimedWord
from interview_core.scoring.text_analysis import blanked, code_blocks, words

# The pace most listeners find easy to follow; coaching material anchors on 140–160 wpm.
IDEAL_WPM = (140, 160)
LONG_PAUSE_S = 2.0
# Words a spoken answer fills the allotted time with at a comfortable pace.
_SPOKEN_WPM = 150

# Fillers, with the contexts in which the same words are not fillers left out:
# "what kind of database", "you know that X", "I like Go".
_FILLER_PATTERNS = (
    r"\b(?:um+|uh+|erm+|er|ah+|hmm+|mm+)\b",
    r"(?<!\bwhat )(?<!\bwhich )(?<!\bthis )(?<!\bthat )(?<!\bsame )(?<!\bany )(?<!\bsome )(?<!\bone )"
    r"(?<!\bthe )(?<!\ba )(?<!\bevery )(?<!\beach )(?<!\bdifferent )\b(?:kind|sort) of\b",
    r"(?<!\bdo )(?<!\bdid )(?<!\bif )\byou know\b(?! (?:that|how|what|when|where|why|whether|if|about)\b)",
    r"\bi mean\b",
    r"\b(?:basically|literally|totally|honestly)\b",
    r"(?:^|[,.] )(?:so|well|like|okay|right)(?=,)",
    r",\s*like,",
    r"\bso yeah\b",
)
_FILLERS = re.compile("|".join(f"(?:{pattern})" for pattern in _FILLER_PATTERNS), re.IGNORECASE)
_REPEATED_WORD = re.compile(r"\b(\w+)(?:[\s,]+\1\b)+", re.IGNORECASE)


def without_fillers(text: str) -> str:
    """The text with its fillers and stammered repeats ("the the") taken out: what a listener
    hears as the content. Speech-to-text keeps them all, and they cost the judge its reading."""
    # A filler after a full stop takes the stop with it in its pattern: keep the stop.
    kept = _FILLERS.sub(lambda m: m.group(0)[0] + " " if m.group(0)[:1] in ",." else " ", text)
    cleaned = _REPEATED_WORD.sub(r"\1", kept)
    cleaned = re.sub(r"\s+([,.;:!?])", r"\1", cleaned)
    return re.sub(r"(?:^|(?<=[.!?]))\s*,\s*", " ", " ".join(cleaned.split())).strip()


_HEDGES = re.compile(
    r"\b(?:i think|i guess|i believe|i suppose|i feel like|maybe|perhaps|probably|possibly|might be|"
    r"not (?:really |entirely |totally )?sure|i'm not sure|if i remember correctly|i would say|more or less)\b",
    re.IGNORECASE,
)


class Pause(BaseModel):
    after_word: str
    start: float
    end: float
    duration_s: float


class DeliveryMetrics(BaseModel):
    word_count: int
    speaking_time_s: float | None = None
    words_per_minute: float | None = None
    pace: str | None = None  # slow, a little slow, ideal, a little fast, fast
    filler_count: int = 0
    fillers_per_100_words: float = 0.0
    fillers: dict[str, int] = Field(default_factory=dict)
    hedge_count: int = 0
    hedges_per_100_words: float = 0.0
    hedges: dict[str, int] = Field(default_factory=dict)
    long_pauses: list[Pause] = Field(default_factory=list)
    repeated_words: list[str] = Field(default_factory=list)
    length_ratio: float | None = None  # words / what the time allowed at a comfortable pace
    length_verdict: str | None = None  # too short, short, about right, long


def _pace(wpm: float) -> str:
    low, high = IDEAL_WPM
    if wpm < low - 30:
        return "slow"
    if wpm < low:
        return "a little slow"
    if wpm <= high:
        return "ideal"
    if wpm <= high + 25:
        return "a little fast"
    return "fast"


def _tally(pattern: re.Pattern[str], text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for match in pattern.finditer(text):
        key = re.sub(r"[^a-z' ]", "", match.group(0).lower()).strip()
        counts[key] = counts.get(key, 0) + 1
    return counts


def _repeats(tokens: Sequence[str]) -> list[str]:
    """Words said twice in a row ("the the", "I I"): a stumble, not emphasis like "very very"."""
    found = []
    for previous, current in itertools.pairwise(tokens):
        if previous.lower() == current.lower() and current.lower() not in {"very", "really", "that", "had"}:
            found.append(current.lower())
    return found


def measure(
    text: str, *, timed_words: Sequence[TimedWord] = (), time_allocation_s: int | None = None
) -> DeliveryMetrics:
    # How the answer was said: code typed among it is no words said (a 17-line function and nothing
    # else was "Delivery: 62 words", by either engine).
    text = blanked(text, code_blocks(text))
    tokens = words(text) if text.strip() else [w.word for w in timed_words]
    count = len(tokens)
    per_100 = 100 / count if count else 0.0
    fillers, hedges = _tally(_FILLERS, text), _tally(_HEDGES, text)
    metrics = DeliveryMetrics(
        word_count=count,
        filler_count=sum(fillers.values()),
        fillers_per_100_words=round(sum(fillers.values()) * per_100, 1),
        fillers=fillers,
        hedge_count=sum(hedges.values()),
        hedges_per_100_words=round(sum(hedges.values()) * per_100, 1),
        hedges=hedges,
        repeated_words=_repeats(tokens),
    )
    if timed_words:
        ordered = sorted(timed_words, key=lambda w: w.start)
        speaking = max(0.0, ordered[-1].end - ordered[0].start)
        metrics.speaking_time_s = round(speaking, 2)
        if speaking >= 5:  # a pace over a few seconds says nothing
            metrics.words_per_minute = round(len(ordered) / (speaking / 60), 1)
            metrics.pace = _pace(metrics.words_per_minute)
        metrics.long_pauses = [
            Pause(after_word=a.word.strip(), start=a.end, end=b.start, duration_s=round(b.start - a.end, 2))
            for a, b in itertools.pairwise(ordered)
            if b.start - a.end > LONG_PAUSE_S
        ]
    if time_allocation_s:
        expected = time_allocation_s / 60 * _SPOKEN_WPM
        ratio = count / expected
        metrics.length_ratio = round(ratio, 2)
        metrics.length_verdict = (
            "too short" if ratio < 0.15 else "short" if ratio < 0.35 else "about right" if ratio <= 1.2 else "long"
        )
    return metrics
