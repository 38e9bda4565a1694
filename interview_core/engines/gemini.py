"""The Gemini engine: questions, evaluations and follow-ups from Gemini through `google-genai`.

Every step is resilient and honest. A call has a timeout; timeouts, 429s, 5xx, network errors
and unusable output are retried with jittered exponential backoff (tenacity) within a deadline;
then that step falls back to the offline engine and says so ("scored offline because Gemini
was unavailable: …"). Output is validated against the same pydantic shapes the prompt asks for,
repaired where that is safe (a key point left unassessed counts as missed) and otherwise
rejected, never stored half-parsed. Evidence quotes must be the candidate's real words, and the
overall score is computed here from the criteria with the rubric's weights.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, SecretStr, ValidationError

from interview_core.domain import (
    CriterionScore,
    Evaluation,
    EvidenceQuote,
    InterviewSetup,
    ModelCall,
    QuestionDraft,
    QuestionSource,
    ReportNarrative,
    TimedWord,
)
from interview_core.engines import gemini_prompts as prompts
from interview_core.engines.base import CallSink
from interview_core.engines.offline import OfflineEngine, follow_up_draft
from interview_core.engines.probes import gives_away
from interview_core.questions.bank import type_plan
from interview_core.rubric import criteria_for, overall_score
from interview_core.scoring.delivery import measure
from interview_core.scoring.evaluator import for_judge, states_wrongly
from interview_core.scoring.grader_text import split_grader_text
from interview_core.scoring.judge import PassageJudge, shared_judge

log = logging.getLogger(__name__)

ENGINE = "gemini"
Shape = TypeVar("Shape", bound=BaseModel)
Result = TypeVar("Result")


class GeminiFailure(Exception):
    """A call that did not give a usable result; `reason` is safe to show and store."""

    def __init__(self, reason: str, *, retryable: bool) -> None:
        super().__init__(reason)
        self.reason, self.retryable = reason, retryable
        self.call: ModelCall | None = None  # the failed call's record, once every attempt is spent


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3
    first_wait_s: float = 1.0
    max_wait_s: float = 8.0


def _classify(error: Exception, timeout_s: float) -> GeminiFailure:
    """Turn whatever the SDK or httpx raised into a reason in words (never the raw message,
    which might echo a request)."""
    from google.genai import errors

    if isinstance(error, GeminiFailure):
        return error
    # The SDK sends through httpx or its fork httpx2: their exception classes share names.
    kinds = {cls.__name__ for cls in type(error).__mro__}
    if "TimeoutException" in kinds or isinstance(error, TimeoutError):
        return GeminiFailure(f"no answer within {timeout_s:g} s", retryable=True)
    if "TransportError" in kinds or isinstance(error, ConnectionError):
        return GeminiFailure("network error", retryable=True)
    if isinstance(error, errors.APIError):
        code = error.code or 0
        if code == 429:
            return GeminiFailure("rate limited (HTTP 429)", retryable=True)
        if code >= 500:
            return GeminiFailure(f"server error (HTTP {code})", retryable=True)
        if code in (401, 403):
            return GeminiFailure(f"the API key was refused (HTTP {code})", retryable=False)
        return GeminiFailure(f"the request was refused (HTTP {code})", retryable=False)
    return GeminiFailure(f"unexpected error ({type(error).__name__})", retryable=False)


def _safety_block(response: Any) -> str | None:
    feedback = getattr(response, "prompt_feedback", None)
    if feedback is not None and feedback.block_reason:
        return f"blocked by safety filters ({_enum_name(feedback.block_reason)})"
    for candidate in response.candidates or []:
        reason = _enum_name(candidate.finish_reason)
        if reason in {"SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "RECITATION"}:
            return f"blocked by safety filters ({reason})"
    return None


def _enum_name(value: Any) -> str:
    return str(getattr(value, "name", value) or "")


class GeminiClient:
    """One model behind `google-genai`: a JSON answer in a given shape, or a GeminiFailure."""

    def __init__(
        self,
        *,
        api_key: SecretStr,
        model: str,
        base_url: str | None = None,
        timeout_s: float = 20.0,
        deadline_s: float = 50.0,
        retry: RetryPolicy | None = None,
    ) -> None:
        from google import genai
        from google.genai import types

        self.model, self.timeout_s, self.deadline_s = model, timeout_s, deadline_s
        self.retry = retry or RetryPolicy()
        self._types = types
        self._client = genai.Client(
            api_key=api_key.get_secret_value(),
            http_options=types.HttpOptions(
                base_url=base_url,
                timeout=int(timeout_s * 1000),
                retry_options=types.HttpRetryOptions(attempts=1),  # tenacity below owns retries
            ),
        )

    def ask(
        self,
        *,
        purpose: str,
        system: str,
        prompt: str,
        shape: type[Shape],
        convert: Callable[[Shape], Result],
    ) -> tuple[Result, ModelCall]:
        """`convert(parsed answer)` and the call's record. `convert` raises GeminiFailure for an
        answer that parses but cannot be used; like every output problem it is retried. When
        every attempt failed, raises GeminiFailure with the record attached (`failure.call`)."""
        from tenacity import (
            Retrying,
            retry_if_exception,
            stop_after_attempt,
            stop_after_delay,
            wait_random_exponential,
        )

        started = time.perf_counter()
        tokens = [0, 0]
        attempts = 0

        failures: list[GeminiFailure] = []

        def attempt() -> Result:
            # No call outlives the step's deadline: the last one gets only the time that is left.
            timeout_s = min(self.timeout_s, self.deadline_s - (time.perf_counter() - started))
            if timeout_s < 0.5:  # too little left to be worth a call: report what went wrong before
                reason = failures[-1].reason if failures else f"no answer within {self.deadline_s:g} s"
                raise GeminiFailure(reason, retryable=False)
            try:
                return once(timeout_s)
            except GeminiFailure as failure:
                failures.append(failure)
                raise

        def once(timeout_s: float) -> Result:
            nonlocal attempts
            attempts += 1
            try:
                response = self._client.models.generate_content(
                    model=self.model,
                    contents=prompt,
                    config=self._types.GenerateContentConfig(
                        system_instruction=system,
                        temperature=0.0,
                        response_mime_type="application/json",
                        response_json_schema=shape.model_json_schema(),
                        http_options=self._types.HttpOptions(
                            timeout=int(timeout_s * 1000), retry_options=self._types.HttpRetryOptions(attempts=1)
                        ),
                    ),
                )
            except Exception as error:
                raise _classify(error, round(timeout_s, 1)) from None
            usage = response.usage_metadata
            if usage is not None:
                tokens[0] += usage.prompt_token_count or 0
                tokens[1] += (usage.candidates_token_count or 0) + (usage.thoughts_token_count or 0)
            blocked = _safety_block(response)
            if blocked:
                raise GeminiFailure(blocked, retryable=False)  # temperature 0: asking again gives the same
            return convert(parse(shape, _text(response)))

        retrying = Retrying(
            stop=stop_after_attempt(self.retry.attempts) | stop_after_delay(self.deadline_s),
            wait=wait_random_exponential(multiplier=self.retry.first_wait_s, max=self.retry.max_wait_s),
            retry=retry_if_exception(lambda e: isinstance(e, GeminiFailure) and e.retryable),
            reraise=True,
        )

        def record(ok: bool, error: str = "") -> ModelCall:
            return ModelCall(
                purpose=purpose,
                model=self.model,
                prompt_version=prompts.PROMPT_VERSION,
                ok=ok,
                error=error,
                attempts=attempts,
                input_tokens=tokens[0],
                output_tokens=tokens[1],
                latency_ms=round(1000 * (time.perf_counter() - started)),
            )

        try:
            result = retrying(attempt)  # reraise=True: the last GeminiFailure, not tenacity's RetryError
        except GeminiFailure as failure:
            failure.call = record(False, failure.reason)
            log.info("Gemini %s failed after %d attempt(s): %s", purpose, attempts, failure.reason)
            raise
        return result, record(True)


def _text(response: Any) -> str:
    parts = [
        part.text
        for candidate in (response.candidates or [])[:1]
        for part in ((candidate.content.parts or []) if candidate.content else [])
        if part.text and not getattr(part, "thought", False)
    ]
    return "".join(parts)


_FENCE = re.compile(r"^\s*```(?:json)?\s*|\s*```\s*$")


def parse(shape: type[Shape], text: str) -> Shape:
    """The model's text as `shape`; a stray Markdown fence is the only repair made here."""
    if not text.strip():
        raise GeminiFailure("returned an empty answer", retryable=True)
    try:
        data = json.loads(_FENCE.sub("", text))
    except json.JSONDecodeError:
        raise GeminiFailure("returned malformed JSON", retryable=True) from None
    try:
        return shape.model_validate(data)
    except ValidationError as error:
        raise GeminiFailure(
            f"returned JSON that does not match the schema ({error.error_count()} problem(s))", retryable=True
        ) from None


# --- evidence ------------------------------------------------------------------------------------

_QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})  # one character for one: positions hold


def find_quote(answer: str, quote: str) -> str | None:
    """The exact words of `answer` that `quote` reproduces (ignoring case, spacing and curly
    quotes), or None if the candidate never said them."""
    words = quote.translate(_QUOTE_MARKS).strip().strip("\"'").split()
    if len(words) < 2:
        return None
    pattern = r"\s+".join(re.escape(word) for word in words)
    match = re.search(pattern, answer.translate(_QUOTE_MARKS), flags=re.IGNORECASE)
    return answer[match.start() : match.end()] if match else None  # translate keeps positions


def _usable_model_answer(text: str) -> str:
    """Gemini's model answer, kept only when it keeps the bank's rules: 120-250 words of plain
    prose with nothing addressed to a grader. Otherwise none is shown (never a bad example)."""
    listed = re.search(r"(?m)^\s*(?:[-*•#]|\d+[.)])\s|```", text)  # a list, a heading or code
    text = " ".join(text.split())
    if listed or not 120 <= len(text.split()) <= 250 or split_grader_text(text)[1]:
        return ""
    return text


class GeminiEngine:
    """Gemini behind the engine interface, with the offline engine as each step's fallback."""

    name = ENGINE

    def __init__(
        self,
        client: GeminiClient,
        *,
        fallback: OfflineEngine | None = None,
        judge: PassageJudge | Literal["shipped"] | None = "shipped",
    ) -> None:
        """`judge`: checks each coverage claim against its quote (see `_evaluation`); by default
        the shipped offline judge, as in the offline evaluator; None trusts Gemini's reading."""
        self.client = client
        self.fallback = fallback or OfflineEngine()
        self._judge = judge

    @property
    def judge(self) -> PassageJudge | None:
        if self._judge == "shipped":
            self._judge = shared_judge()
        return self._judge

    @property
    def version(self) -> str:
        return f"{self.client.model}/prompt-{prompts.PROMPT_VERSION}"

    def _ask(
        self,
        purpose: str,
        system: str,
        prompt: str,
        shape: type[Shape],
        convert: Callable[[Shape], Result],
        on_call: CallSink | None,
    ) -> Result:
        try:
            result, call = self.client.ask(purpose=purpose, system=system, prompt=prompt, shape=shape, convert=convert)
        except GeminiFailure as failure:
            if on_call is not None and failure.call is not None:
                on_call(failure.call)
            raise
        if on_call is not None:
            on_call(call)
        return result

    # --- questions ---------------------------------------------------------------------------

    def generate_questions(
        self,
        setup: InterviewSetup,
        *,
        seed: int,
        avoid_bank_ids: Collection[str] = (),
        resume_text: str = "",
        on_call: CallSink | None = None,
    ) -> list[QuestionDraft]:
        plan = type_plan(setup.interview_type, setup.question_count, setup.level)
        try:
            return self._ask(
                "questions",
                prompts.QUESTIONS_SYSTEM,
                prompts.questions_prompt(setup, plan=plan, resume_text=resume_text),
                prompts.GeneratedQuestions,
                lambda generated: self._questions(generated, plan),
                on_call,
            )
        except GeminiFailure:
            return self.fallback.generate_questions(setup, seed=seed, avoid_bank_ids=avoid_bank_ids)

    @staticmethod
    def _questions(generated: prompts.GeneratedQuestions, plan: Sequence[Any]) -> list[QuestionDraft]:
        """Exactly the planned number of distinct, usable questions, or a failure (never half)."""
        drafts: list[QuestionDraft] = []
        seen: set[str] = set()
        for item in generated.questions:
            key = " ".join(item.text.lower().split())
            if key in seen or split_grader_text(item.text)[1]:  # a duplicate, or text steering a grader
                continue
            seen.add(key)
            drafts.append(
                QuestionDraft(
                    text=item.text,
                    question_type=item.question_type,
                    difficulty=item.difficulty,
                    key_points=[p.strip() for p in item.key_points if p.strip()],
                    evaluation_criteria=criteria_for(item.question_type),
                    time_allocation_s=item.time_allocation_s,
                    tags=[t.strip().lower() for t in item.tags if t.strip()],
                    source=QuestionSource.AI,
                    model_answer=_usable_model_answer(item.model_answer),
                )
            )
        if len(drafts) < len(plan) or any(len(d.key_points) < 3 for d in drafts):
            raise GeminiFailure(f"returned {len(drafts)} usable questions of {len(plan)}", retryable=True)
        return drafts[: len(plan)]

    # --- evaluation --------------------------------------------------------------------------

    def prepare(self, question: QuestionDraft) -> None:
        self.fallback.prepare(question)  # a fallback, if needed, is then as quick as usual

    def evaluate_answer(
        self,
        question: QuestionDraft,
        answer: str,
        *,
        timed_words: Sequence[TimedWord] = (),
        on_call: CallSink | None = None,
    ) -> Evaluation:
        clean, grader_text = split_grader_text(answer)
        if len(clean.split()) < 3:  # nothing to send: the offline rules say why it scores nothing
            return self.fallback.evaluate_answer(question, answer, timed_words=timed_words)
        try:
            evaluation = self._ask(
                "evaluation",
                prompts.EVALUATION_SYSTEM,
                prompts.evaluation_prompt(question, clean),
                prompts.AnswerVerdict,
                lambda verdict: self._evaluation(question, answer, verdict),
                on_call,
            )
        except GeminiFailure as failure:
            evaluation = self.fallback.evaluate_answer(question, answer, timed_words=timed_words)
            evaluation.fallback_reason = f"Scored offline because Gemini was unavailable: {failure.reason}."
            evaluation.feedback = f"{evaluation.fallback_reason} {evaluation.feedback}"
            return evaluation
        evaluation.delivery = measure(
            answer, timed_words=timed_words, time_allocation_s=question.time_allocation_s
        ).model_dump()
        if grader_text:
            evaluation.needs_review = True
            evaluation.feedback += " Text addressed to the grader was ignored."
        return evaluation

    def _evaluation(self, question: QuestionDraft, answer: str, verdict: prompts.AnswerVerdict) -> Evaluation:
        names = criteria_for(question.question_type)
        given = {c.name.strip().lower(): c for c in verdict.criteria}
        missing = [name for name in names if name not in given]
        if missing:
            raise GeminiFailure(f"left out criteria ({', '.join(missing)})", retryable=True)
        points = question.key_points
        by_index = {v.index: v for v in verdict.key_points if v.index < len(points)}
        covered: list[str] = []
        evidence: list[EvidenceQuote] = []
        reasons: dict[str, str] = {}
        for index, point in enumerate(points):
            item = by_index.get(index)
            quote = find_quote(answer, item.quote) if item and item.covered else None
            if quote and self._states_wrongly(point, quote):
                # Gemini, like any reader, can take confident words for right ones: the offline
                # judge reads the quoted words against the point, and a sure contradiction wins.
                reasons[point] = f"Stated wrongly: you said “{quote}”"
            elif quote:
                covered.append(point)
                evidence.append(EvidenceQuote(key_point=point, quote=quote))
            elif item is None:
                reasons[point] = "Not assessed by Gemini; counted as missed."
            elif item.covered:
                reasons[point] = "Gemini's quote for it is not in the answer, so it counts as missed."
            else:
                reasons[point] = item.missing.strip() or "Not addressed."
        criteria = {
            name: CriterionScore(score=float(given[name].score), reason=given[name].reason.strip()) for name in names
        }
        # Coverage cannot exceed what the quotes prove (an answer that talks a model into a high
        # coverage score without saying the things gets the proven share, plus a little slack).
        proven = 100 * len(covered) / len(points) if points else criteria["key_point_coverage"].score
        if criteria["key_point_coverage"].score > proven + 15:
            criteria["key_point_coverage"] = CriterionScore(
                score=round(min(100.0, proven + 15), 1),
                reason=f"{len(covered)} of {len(points)} key points are backed by the answer's own words.",
            )
        return Evaluation(
            engine=ENGINE,
            engine_version=self.version,
            model=self.client.model,
            prompt_version=prompts.PROMPT_VERSION,
            score=overall_score(question.question_type, {n: c.score for n, c in criteria.items()}),
            criteria=criteria,
            covered_key_points=covered,
            missed_key_points=[p for p in points if p not in covered],
            evidence=evidence,
            missed_reasons=reasons,
            model_answer=[s.strip() for s in verdict.model_answer if s.strip()] or list(points),
            feedback=verdict.feedback.strip(),
            strengths=[s.strip() for s in verdict.strengths if s.strip()],
            improvements=[s.strip() for s in verdict.improvements if s.strip()],
        )

    def _states_wrongly(self, point: str, quote: str) -> bool:
        if self.judge is None:
            return False
        (verdict,) = self.judge.judge([(point, for_judge(quote))])
        return states_wrongly(point, quote, verdict.contradicts)

    # --- follow-ups --------------------------------------------------------------------------

    def follow_up(
        self,
        question: QuestionDraft,
        answer: str,
        evaluation: Evaluation,
        *,
        on_call: CallSink | None = None,
    ) -> QuestionDraft | None:
        """One targeted follow-up after an answer that missed key points or stayed vague."""
        if not self.fallback.wants_follow_up(evaluation):
            return None
        clean, _ = split_grader_text(answer)
        missed = evaluation.missed_key_points or [c for c, s in evaluation.criteria.items() if s.score < 50]
        try:
            verdict = self._ask(
                "follow_up",
                prompts.FOLLOW_UP_SYSTEM,
                prompts.follow_up_prompt(question, clean, missed),
                prompts.FollowUpVerdict,
                lambda verdict: verdict,
                on_call,
            )
        except GeminiFailure:
            return self.fallback.follow_up(question, answer, evaluation)
        points = [p.strip() for p in verdict.key_points if p.strip()]
        if not verdict.ask or len(verdict.question.strip()) < 10 or split_grader_text(verdict.question)[1]:
            return None
        # A follow-up that states what it asks for tests nothing: then ours, which never does.
        probed = [*evaluation.missed_key_points, *points]
        if any(gives_away(question.text, point, verdict.question) for point in probed):
            return self.fallback.follow_up(question, answer, evaluation)
        return follow_up_draft(question, verdict.question.strip(), points or list(evaluation.missed_key_points[:2]))

    # --- the final report --------------------------------------------------------------------

    def summarise(
        self,
        results: Sequence[tuple[QuestionDraft, Evaluation | None]],
        overall: float,
        *,
        on_call: CallSink | None = None,
    ) -> ReportNarrative | None:
        """Gemini's debrief of the whole interview, or None (nothing answered, or Gemini failed:
        the report is complete without it)."""
        if not any(evaluation for _, evaluation in results):
            return None
        lines = [
            f"Q{n}: {question.text} | "
            + (
                f"score {evaluation.score:.0f}; missed: {'; '.join(evaluation.missed_key_points) or 'none'}; "
                f"feedback: {evaluation.feedback}"
                if evaluation
                else "not answered"
            )
            for n, (question, evaluation) in enumerate(results, 1)
        ]
        try:
            verdict = self._ask(
                "report",
                prompts.REPORT_SYSTEM,
                prompts.report_prompt(overall, lines),
                prompts.ReportVerdict,
                lambda verdict: verdict,
                on_call,
            )
        except GeminiFailure:
            return None
        summary = verdict.summary.strip()
        if not summary or split_grader_text(summary)[1]:
            return None
        return ReportNarrative(
            summary=summary,
            focus=[item.strip() for item in verdict.focus if item.strip()],
            model=self.client.model,
            prompt_version=prompts.PROMPT_VERSION,
        )
