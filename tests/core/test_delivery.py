from interview_core.domain import TimedWord
from interview_core.scoring.delivery import measure


def timed(text: str, *, start: float = 0.0, step: float = 0.4, gaps: dict[int, float] | None = None) -> list[TimedWord]:
    """Words spoken every `step` seconds; `gaps` adds silence before the word at that index."""
    words, clock = [], start
    for index, word in enumerate(text.split()):
        clock += (gaps or {}).get(index, 0.0)
        words.append(TimedWord(word=word, start=clock, end=clock + step * 0.8))
        clock += step
    return words


def test_fillers_are_counted_including_multi_word_ones() -> None:
    metrics = measure("Um, so I think it's, you know, kind of a cache. I mean it's sort of fast, uh, basically.")
    assert metrics.fillers == {"um": 1, "you know": 1, "kind of": 1, "i mean": 1, "sort of": 1, "uh": 1, "basically": 1}
    assert metrics.filler_count == 7
    assert metrics.fillers_per_100_words == round(7 * 100 / metrics.word_count, 1)


def test_the_same_words_are_not_fillers_when_they_carry_meaning() -> None:
    metrics = measure(
        "What kind of database would you pick? Do you know how B-trees work? "
        "It's the same sort of problem, and you know that the index helps."
    )
    assert metrics.filler_count == 0


def test_hedges_are_counted() -> None:
    metrics = measure("I think it's probably a hash map, maybe with chaining. I'm not sure.")
    assert metrics.hedges == {"i think": 1, "probably": 1, "maybe": 1, "i'm not sure": 1} or metrics.hedge_count == 4


def test_repeated_words_are_stumbles() -> None:
    assert measure("The the index is is fast, very very fast.").repeated_words == ["the", "is"]


def test_pace_and_long_pauses_come_from_word_timestamps() -> None:
    words = timed(" ".join(["word"] * 60), step=0.4, gaps={20: 3.0, 45: 2.5})
    metrics = measure(" ".join(w.word for w in words), timed_words=words)
    assert [round(p.duration_s, 1) for p in metrics.long_pauses] == [3.1, 2.6]
    assert metrics.long_pauses[0].start == words[19].end and metrics.long_pauses[0].end == words[20].start
    speaking = words[-1].end - words[0].start
    assert metrics.speaking_time_s == round(speaking, 2)
    assert metrics.words_per_minute == round(60 / (speaking / 60), 1)
    assert metrics.pace == "a little slow"  # 122 wpm


def test_pace_labels_follow_the_140_to_160_anchor() -> None:
    ideal = timed(" ".join(["w"] * 150), step=0.4)  # 150 words in 60 s
    assert measure("", timed_words=ideal).pace == "ideal"
    fast = timed(" ".join(["w"] * 200), step=0.3)
    assert measure("", timed_words=fast).pace in {"a little fast", "fast"}


def test_short_pauses_are_not_reported() -> None:
    words = timed("one two three four five six seven eight nine ten eleven twelve", gaps={5: 1.5})
    assert measure("", timed_words=words).long_pauses == []


def test_length_is_judged_against_the_time_allowed() -> None:
    assert measure("word " * 10, time_allocation_s=180).length_verdict == "too short"
    assert measure("word " * 300, time_allocation_s=180).length_verdict == "about right"
    assert measure("word " * 900, time_allocation_s=180).length_verdict == "long"
