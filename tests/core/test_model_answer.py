"""Model answers: shown after the candidate's answer, with where they make each key point marked
(issue: the app as a candidate meets it)."""

from interview_core.domain import QuestionDraft
from interview_core.questions.bank import load_bank
from interview_core.scoring.evaluator import OfflineEvaluator
from interview_core.scoring.model_answer import model_answer
from interview_core.text_safety import locate
from tests.core.test_evaluator import INDEX, PLAIN


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


def test_every_evidence_quote_is_found_in_the_answer_as_typed_with_its_spacing_and_characters() -> None:
    """The scorer reads two spaces, a paragraph break or a tab as one space, and reads through NFKC
    and without invisible characters, so its quotes are not always the answer's own characters: in
    the bank's model answers typed with paragraphs and two spaces after a full stop, 54 of 683 were
    not found, and went unmarked."""
    sentences = PLAIN.split(". ")
    typed = f"{sentences[0]}.\n\n{sentences[1]}".replace(", so", ",  so").replace("every", "ev\u200bery")
    evidence = OfflineEvaluator().evaluate(INDEX, typed).evidence
    assert evidence and any(e.quote not in typed for e in evidence)  # the quotes are the scorer's text
    for quote in (e.quote for e in evidence):
        found = locate(typed, quote)
        assert found is not None, quote
        start, end = found
        assert " ".join(typed[start:end].replace("\u200b", "").split()) == " ".join(quote.split())
    assert locate(typed, "an index is never used") is None and locate(typed, "  ") is None
    assert locate("A \ufb01le on disk.", "A file on disk.") == (0, len("A \ufb01le on disk."))
