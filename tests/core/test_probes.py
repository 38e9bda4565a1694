"""Follow-ups probe a missed key point without stating it (issue: conversation mode, point 4)."""

from interview_core.domain import QuestionType
from interview_core.engines.probes import gives_away, probe
from interview_core.questions.bank import load_bank


def test_no_follow_up_repeats_a_key_points_words_beyond_the_questions_own() -> None:
    bank = load_bank()
    asked = 0
    for question in bank.questions:
        for point in question.key_points:
            follow_up = probe(question.text, question.type, point)
            assert not gives_away(question.text, point, follow_up), (question.id, point, follow_up)
            asked += 1
    assert asked > 1000


def test_the_rule_catches_a_follow_up_that_hands_over_the_answer() -> None:
    question = "How does patch in unittest.mock decide what to replace?"
    point = "A module using from requests import get holds its own reference, unaffected by the patch"
    leaking = f"One more thing on this. You did not get to: “{point}”. Can you explain it, with an example?"
    assert gives_away(question, point, leaking)
    # Words the question itself used are no hint.
    assert not gives_away(question, point, "What exactly does patch replace, and where?")


def test_the_probe_fits_the_missed_points_area_and_a_story_asks_for_its_missing_part() -> None:
    question = "Given an array, return the length of the longest increasing subsequence."
    assert "cost" in probe(question, QuestionType.CODING, "Runs in O(n log n) time with patience sorting")
    story = "Tell me about a time you disagreed with your manager."
    assert "turn out" in probe(story, QuestionType.BEHAVIORAL, "Result: states the outcome with its measurable effect")


def test_the_same_point_is_always_probed_the_same_way() -> None:
    args = (
        "Explain database indexes.",
        QuestionType.TECHNICAL,
        "Indexes slow down writes because every insert updates them",
    )
    assert probe(*args) == probe(*args)
