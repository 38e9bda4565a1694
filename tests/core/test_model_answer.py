"""Model answers: shown after the candidate's answer, with where they make each key point marked
(issue: the app as a candidate meets it)."""

from interview_core.questions.bank import load_bank
from interview_core.scoring.model_answer import model_answer


def test_a_bank_questions_model_answer_comes_with_its_key_points_marked_in_it() -> None:
    question = load_bank().get("python-gil-threading")
    assert question is not None
    shown = model_answer(question.id)
    assert shown is not None and shown.text == question.model_answer
    assert len(shown.marked) >= len(question.key_points) - 1  # each mark is a key point it makes
    assert all(mark and mark in shown.text for mark in shown.marked)  # verbatim, so it can be highlighted


def test_questions_outside_the_bank_have_none() -> None:
    assert model_answer(None) is None  # the candidate's own question, a follow-up, Gemini's
    assert model_answer("no-such-question") is None
