"""Model answers: shown after the candidate's answer, with where they make each key point marked
(issue: the app as a candidate meets it)."""

from interview_core.domain import QuestionDraft
from interview_core.questions.bank import load_bank
from interview_core.scoring.model_answer import model_answer


def test_a_bank_questions_model_answer_comes_with_its_key_points_marked_in_it() -> None:
    question = load_bank().get("python-gil-threading")
    assert question is not None
    shown = model_answer(question.as_draft())
    assert shown is not None and shown.text == question.model_answer
    assert len(shown.marked) >= len(question.key_points) - 1  # each mark is a key point it makes
    assert all(mark and mark in shown.text for mark in shown.marked)  # verbatim, so it can be highlighted


def test_a_question_without_one_has_none_and_an_old_stored_bank_question_gets_the_banks() -> None:
    own = QuestionDraft(text="What did you learn from your last project?", question_type="behavioral")
    assert model_answer(own) is None  # the candidate's own question, a follow-up
    stored_before = load_bank().get("python-gil-threading").as_draft().model_copy(update={"model_answer": ""})
    shown = model_answer(stored_before)
    assert shown is not None and shown.text == load_bank().get("python-gil-threading").model_answer
