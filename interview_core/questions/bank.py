"""The offline question bank: questions shipped as YAML in `interview_core/data/questions/`,
and the selection that picks the right ones for an interview setup.

Selection is deterministic for a given seed: the same setup, seed and history give the same
questions, so an interview can be reproduced and a test can pin its result.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from interview_core.domain import (
    Difficulty,
    InterviewSetup,
    InterviewType,
    Level,
    QuestionDraft,
    QuestionSource,
    QuestionType,
)
from interview_core.rubric import criteria_for
from interview_core.skills import canonical_skill, role_tags, skill_tags

BANK_DIR = Path(__file__).parents[1] / "data" / "questions"

# Tags a question may carry. Kept closed so a typo in a data file fails the load, not the match.
TAGS = frozenset(
    """python javascript typescript react nodejs java go sql postgresql mysql mongodb redis
    databases docker kubernetes aws cloud devops ci_cd linux data machine_learning pandas testing
    security system_design algorithms data_structures api concurrency performance networking
    frontend backend css microservices messaging caching git debugging architecture leadership
    communication teamwork conflict ownership failure prioritization career motivation culture
    general""".split()
)
# Tags that name one technology.
TECHNOLOGY_TAGS = frozenset(
    """python javascript typescript react nodejs java go postgresql mysql mongodb redis docker
    kubernetes aws pandas""".split()
)
# Technologies and specialist fields: a question about one the candidate did not ask for is pushed
# below cross-cutting topics (testing, performance, teamwork), e.g. a security-incident story for a
# frontend developer, or a Java question for a Python developer.
SPECIALIST_TAGS = TECHNOLOGY_TAGS | set("devops security machine_learning data frontend css cloud ci_cd linux".split())
# Behavioral and HR questions differ by seniority, not by how hard they are to answer.
_STORY_TYPES = frozenset({QuestionType.BEHAVIORAL, QuestionType.HR})


class BankQuestion(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    text: Annotated[str, StringConstraints(min_length=10)]
    type: QuestionType
    difficulty: Difficulty
    level_min: Level
    level_max: Level
    tags: tuple[str, ...] = Field(min_length=1, max_length=4)
    time_allocation_s: int = Field(ge=30, le=1_800)
    key_points: tuple[str, ...] = Field(min_length=3, max_length=6)
    # A strong candidate's answer, as they would say it (model_answers/<file>.yaml beside the bank):
    # shown after the candidate's own, with the key points marked in it.
    model_answer: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> BankQuestion:
        if self.level_min.rank > self.level_max.rank:
            raise ValueError("level_min is above level_max")
        unknown = set(self.tags) - TAGS
        if unknown:
            raise ValueError(f"unknown tags {sorted(unknown)}")
        return self

    def as_draft(self) -> QuestionDraft:
        """The question as an interview asks it (and the evaluator reads it)."""
        return QuestionDraft(
            text=self.text,
            question_type=self.type,
            difficulty=self.difficulty,
            key_points=list(self.key_points),
            evaluation_criteria=criteria_for(self.type),
            time_allocation_s=self.time_allocation_s,
            tags=list(self.tags),
            source=QuestionSource.BANK,
            bank_id=self.id,
            model_answer=self.model_answer,
        )

    def suits_level(self, level: Level) -> int:
        """0 when the level is in range, else how many levels away it is."""
        if level.rank < self.level_min.rank:
            return self.level_min.rank - level.rank
        return max(0, level.rank - self.level_max.rank)


class BankFileError(ValueError):
    """A bank data file is malformed (a packaging bug, not a user error)."""


@dataclass(frozen=True)
class QuestionBank:
    questions: tuple[BankQuestion, ...]

    def __post_init__(self) -> None:
        counts = Counter(question.id for question in self.questions)
        duplicates = sorted(qid for qid, count in counts.items() if count > 1)
        if duplicates:
            raise BankFileError(f"duplicate question ids: {duplicates}")

    def __len__(self) -> int:
        return len(self.questions)

    def get(self, question_id: str) -> BankQuestion | None:
        return next((q for q in self.questions if q.id == question_id), None)


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader is ~10x faster


def _load_file(path: Path) -> list[BankQuestion]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
        return [BankQuestion.model_validate(item) for item in data["questions"]]
    except (yaml.YAMLError, KeyError, TypeError, ValidationError) as error:
        raise BankFileError(f"{path.name}: {error}") from error


def _load_model_answers(directory: Path) -> dict[str, str]:
    """Question id → its model answer, from every file of `directory` (none when it is missing)."""
    answers: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")):
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
            found = {str(key): " ".join(str(text).split()) for key, text in data["answers"].items()}
        except (yaml.YAMLError, KeyError, TypeError, AttributeError) as error:
            raise BankFileError(f"model_answers/{path.name}: {error}") from error
        answers.update(found)
    return answers


@lru_cache(maxsize=4)
def load_bank(directory: Path = BANK_DIR) -> QuestionBank:
    """Every question in the folder's YAML files, validated, with its model answer; loaded once
    per process."""
    questions: list[BankQuestion] = []
    for path in sorted(directory.glob("*.yaml")):
        questions.extend(_load_file(path))
    answers = _load_model_answers(directory / "model_answers")
    unknown = sorted(set(answers) - {q.id for q in questions})
    if unknown:
        raise BankFileError(f"model answers for questions not in the bank: {unknown}")
    return QuestionBank(tuple(q.model_copy(update={"model_answer": answers.get(q.id, "")}) for q in questions))


# --- selection -------------------------------------------------------------------------------


def new_seed() -> int:
    """A fresh seed, stored with the interview so its selection can be reproduced."""
    return random.SystemRandom().randrange(1, 2**31)


# Share of each question type in a mixed interview, before the level adjusts it.
_MIXED_SHARES: dict[QuestionType, float] = {
    QuestionType.HR: 0.1,
    QuestionType.TECHNICAL: 0.4,
    QuestionType.CODING: 0.15,
    QuestionType.SYSTEM_DESIGN: 0.1,
    QuestionType.BEHAVIORAL: 0.25,
}
# A real interview opens with the candidate, goes technical, and closes on behaviour.
_SLOT_ORDER = [
    QuestionType.HR,
    QuestionType.TECHNICAL,
    QuestionType.CODING,
    QuestionType.SYSTEM_DESIGN,
    QuestionType.BEHAVIORAL,
]


def type_plan(interview_type: InterviewType, count: int, level: Level) -> list[QuestionType]:
    """The question type of each slot, in interview order."""
    if interview_type is not InterviewType.MIXED:
        return [QuestionType(interview_type.value)] * count
    shares = dict(_MIXED_SHARES)
    if level is Level.ENTRY:
        shares[QuestionType.CODING] += shares.pop(QuestionType.SYSTEM_DESIGN)
    elif level in (Level.SENIOR, Level.LEAD):
        shares[QuestionType.SYSTEM_DESIGN] += 0.1
        shares[QuestionType.CODING] -= 0.05
        shares[QuestionType.TECHNICAL] -= 0.05
    # Largest remainder: exact total, and each share rounds the fairest way.
    exact = {kind: share * count / sum(shares.values()) for kind, share in shares.items()}
    slots = {kind: int(value) for kind, value in exact.items()}
    by_remainder = sorted(exact, key=lambda kind: (exact[kind] - slots[kind], shares[kind]), reverse=True)
    for kind in by_remainder[: count - sum(slots.values())]:
        slots[kind] += 1
    return [kind for kind in _SLOT_ORDER for _ in range(slots.get(kind, 0))]


@dataclass(frozen=True)
class _Wanted:
    level: Level
    difficulty: Difficulty
    stack: tuple[str, ...]
    role: tuple[str, ...]
    focus: tuple[str, ...]


def _focus_tags(items: Iterable[str]) -> list[str]:
    """Focus areas may be skills ("Kubernetes") or bank tags ("leadership", "system design")."""
    tags: list[str] = []
    for item in items:
        skill = canonical_skill(item)
        tag = skill.tag if skill else item.strip().lower().replace(" ", "_").replace("-", "_")
        if tag in TAGS and tag not in tags:
            tags.append(tag)
    return tags


def _relevance(question: BankQuestion, wanted: _Wanted, used: Counter[str]) -> float:
    """How well a question fits; `used` counts tags already chosen, so coverage spreads."""
    level_gap = question.suits_level(wanted.level)
    score = -2.0 * level_gap
    if level_gap == 0 and question.level_max.rank - question.level_min.rank <= 1:
        score += 0.75  # written for this seniority rather than for everyone
    difficulty_weight = 0.5 if question.type in _STORY_TYPES else 1.0
    score -= difficulty_weight * abs(question.difficulty.rank - wanted.difficulty.rank)
    for position, tag in enumerate(question.tags):
        weight = 1.5 if position == 0 else 1.0
        if tag in wanted.stack:
            score += weight * 4.0 / (1 + used[tag])
        if tag in wanted.focus:
            score += weight * 3.0 / (1 + used[tag])
        if tag in wanted.role:
            score += weight * 1.5 / (1 + used[tag])
    if question.tags[0] == "general":
        score += 1.0  # sensible for any role, and the fallback for stacks the bank does not know
    specialist = SPECIALIST_TAGS.intersection(question.tags)
    if specialist and specialist.isdisjoint(wanted.stack + wanted.role + wanted.focus):
        score -= 2.5
    return score


def select_questions(
    bank: QuestionBank,
    setup: InterviewSetup,
    *,
    seed: int,
    avoid_ids: Collection[str] = (),
) -> list[BankQuestion]:
    """Pick `setup.question_count` distinct questions for the setup.

    Relevance (stack, role, focus areas, level, difficulty) decides; a seeded jitter varies the
    choice among equally good questions. Questions in `avoid_ids` (the user's recent interviews)
    are used only when a type has no fresh question left.
    """
    rng = random.Random(seed)
    wanted = _Wanted(
        level=setup.level,
        difficulty=setup.difficulty,
        stack=tuple(skill_tags(setup.tech_stack)),
        role=tuple(role_tags(setup.job_role)),
        focus=tuple(_focus_tags(setup.focus_areas)),
    )
    avoid = set(avoid_ids)
    # One jitter per question, drawn in bank order, so a seed means the same thing on every run.
    jitter = {question.id: rng.uniform(0.0, 1.2) for question in bank.questions}
    chosen: list[BankQuestion] = []
    used: Counter[str] = Counter()
    for slot_type in type_plan(setup.interview_type, setup.question_count, setup.level):
        taken = {question.id for question in chosen}
        pool = [q for q in bank.questions if q.type is slot_type and q.id not in taken]
        # A bank short of this type (a trimmed custom bank) still fills the slot with something.
        pool = pool or [q for q in bank.questions if q.id not in taken]
        fresh = [q for q in pool if q.id not in avoid]
        candidates = fresh or pool
        if not candidates:
            break
        best = max(candidates, key=lambda q: (_relevance(q, wanted, used) + jitter[q.id], q.id))
        chosen.append(best)
        used.update(best.tags)
    return chosen
