"""The offline engine: questions from the built-in bank, answers scored on this machine by the
rubric evaluator (evaluator.py). No key, no network."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from interview_core.domain import (
    Evaluation,
    InterviewSetup,
    QuestionDraft,
    QuestionSource,
    ReportNarrative,
    TimedWord,
)
from interview_core.engines.base import CallSink
from interview_core.engines.probes import probe
from interview_core.questions.bank import QuestionBank, load_bank, select_questions
from interview_core.questions.from_resume import (
    achievement_question,
    interleave,
    job_of,
    resume_question_count,
    targeted_stack,
)
from interview_core.resume.profile import extract_profile
from interview_core.rubric import STORY_PART, criteria_for
from interview_core.scoring.evaluator import TOUCHED_ON, OfflineEvaluator
from interview_core.scoring.model_answer import model_answer


def follow_up_draft(question: QuestionDraft, text: str, key_points: list[str]) -> QuestionDraft:
    """A follow-up to `question`: same type, difficulty and tags, half its time (a minute at least)."""
    return QuestionDraft(
        text=text,
        question_type=question.question_type,
        difficulty=question.difficulty,
        key_points=key_points,
        evaluation_criteria=criteria_for(question.question_type),
        time_allocation_s=max(60, question.time_allocation_s // 2),
        tags=list(question.tags),
        source=QuestionSource.FOLLOW_UP,
    )


class OfflineEngine:
    name = "offline"

    def __init__(self, *, bank: QuestionBank | None = None, evaluator: OfflineEvaluator | None = None) -> None:
        self._bank = bank
        self._evaluator = evaluator

    @property
    def bank(self) -> QuestionBank:
        if self._bank is None:
            self._bank = load_bank()
        return self._bank

    @property
    def evaluator(self) -> OfflineEvaluator:
        if self._evaluator is None:
            self._evaluator = OfflineEvaluator()
        return self._evaluator

    @property
    def version(self) -> str:
        return f"bank-1+{self.evaluator.version}"

    def generate_questions(
        self,
        setup: InterviewSetup,
        *,
        seed: int,
        avoid_bank_ids: Collection[str] = (),
        resume_text: str = "",
        on_call: CallSink | None = None,
    ) -> list[QuestionDraft]:
        """Bank questions for the setup. With a resume, about a third are about its achievements
        and its skills steer the bank; a job description's skills do too, its gaps first."""
        profile = extract_profile(resume_text) if resume_text.strip() else None
        job = job_of(setup)
        personal = [
            achievement_question(achievement, setup.difficulty, setup.interview_type)
            for achievement in (profile.achievements if profile else [])
        ][: resume_question_count(setup.question_count, len(profile.achievements) if profile else 0)]
        if profile or job:
            # model_copy skips validation on purpose: the bank's share may be under the minimum.
            setup = setup.model_copy(
                update={
                    "tech_stack": targeted_stack(setup, profile, job),
                    "question_count": setup.question_count - len(personal),
                }
            )
        chosen = select_questions(self.bank, setup, seed=seed, avoid_ids=avoid_bank_ids)
        return interleave([question.as_draft() for question in chosen], personal)

    def prepare(self, question: QuestionDraft) -> None:
        self.evaluator.prepare(question)
        model_answer(question)  # marked now, so the results page has it at once

    def evaluate_answer(
        self,
        question: QuestionDraft,
        answer: str,
        *,
        timed_words: Sequence[TimedWord] = (),
        on_call: CallSink | None = None,
    ) -> Evaluation:
        return self.evaluator.evaluate(question, answer, timed_words=timed_words)

    def summarise(
        self,
        results: Sequence[tuple[QuestionDraft, Evaluation | None]],
        overall: float,
        *,
        on_call: CallSink | None = None,
    ) -> ReportNarrative | None:
        """None: offline, the rubric report (strengths, weaknesses, recommendations) is the debrief."""
        return None

    @staticmethod
    def wants_follow_up(evaluation: Evaluation) -> bool:
        """An answer on topic that missed key points or stayed vague. (Off-topic or empty answers
        get none: the candidate is better served by the next question.)"""
        relevance = evaluation.criteria.get("relevance")
        if relevance is None or relevance.score < 40 or evaluation.score < 15:
            return False
        coverage = evaluation.criteria.get("key_point_coverage")
        vague = any(evaluation.criteria[c].score < 45 for c in ("depth", "specificity") if c in evaluation.criteria)
        return bool(_probed_points(evaluation)) and ((coverage is not None and coverage.score < 70) or vague)

    def follow_up(
        self,
        question: QuestionDraft,
        answer: str,
        evaluation: Evaluation,
        *,
        on_call: CallSink | None = None,
    ) -> QuestionDraft | None:
        """A rule-based follow-up on the first key point the answer missed: it asks about the
        point's area without stating the point (probes.py)."""
        if not self.wants_follow_up(evaluation):
            return None
        point = _probed_points(evaluation)[0]
        return follow_up_draft(question, probe(question.text, question.question_type, point), [point])


def _probed_points(evaluation: Evaluation) -> list[str]:
    """The missed points a follow-up may ask about: not a part of a story the answer tells ("Can
    you set the scene first?" was asked after a story that opened with it, its Situation point
    missed by the judge but touched on in the story's first sentence, `_missing_reason`)."""
    return [
        point
        for point in evaluation.missed_key_points
        if not (STORY_PART.match(point) and evaluation.missed_reasons.get(point, "").startswith(TOUCHED_ON))
    ]
