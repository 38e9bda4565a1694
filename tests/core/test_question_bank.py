from collections import Counter
from pathlib import Path

import pytest

from interview_core.domain import InterviewSetup, InterviewType, Level, QuestionType
from interview_core.questions.bank import (
    BANK_DIR,
    TECHNOLOGY_TAGS,
    BankFileError,
    load_bank,
    select_questions,
    type_plan,
)

BANK = load_bank()


def _select(seed: int = 1, avoid: set[str] | frozenset[str] = frozenset(), **setup):
    setup.setdefault("job_role", "Software Engineer")
    return select_questions(BANK, InterviewSetup(**setup), seed=seed, avoid_ids=avoid)


def test_bank_is_large_and_well_formed() -> None:
    assert len(BANK) >= 250
    assert len({q.id for q in BANK.questions}) == len(BANK)
    assert len({q.text.lower() for q in BANK.questions}) == len(BANK)
    for question in BANK.questions:
        assert 3 <= len(question.key_points) <= 6, question.id
        assert question.time_allocation_s >= 60, question.id


def test_bank_covers_every_area_the_product_promises() -> None:
    tags = Counter(tag for q in BANK.questions for tag in q.tags)
    for area in (
        "python",
        "javascript",
        "typescript",
        "react",
        "nodejs",
        "java",
        "go",
        "sql",
        "databases",
        "docker",
        "kubernetes",
        "aws",
        "machine_learning",
        "data",
        "testing",
        "security",
        "system_design",
        "algorithms",
    ):
        assert tags[area] >= 3, area
    types = Counter(q.type for q in BANK.questions)
    for kind in QuestionType:
        assert types[kind] >= 15, kind
    behavioral = [q for q in BANK.questions if q.type is QuestionType.BEHAVIORAL]
    star = sum(any(p.lower().startswith(("situation", "action", "result")) for p in q.key_points) for q in behavioral)
    assert star / len(behavioral) > 0.9  # behavioral key points spell out STAR expectations


def test_backend_python_postgres_interview_is_on_topic() -> None:
    chosen = _select(job_role="Backend Engineer", tech_stack=["python", "postgresql"], question_count=5)
    assert len(chosen) == 5
    assert len({q.id for q in chosen}) == 5
    assert all(q.type is QuestionType.TECHNICAL for q in chosen)
    tags = [set(q.tags) for q in chosen]
    assert any("python" in t for t in tags)
    assert any(t & {"postgresql", "sql", "databases"} for t in tags)
    # Nothing about another language or framework.
    foreign = TECHNOLOGY_TAGS - {"python", "postgresql"}
    assert not [q.id for q in chosen if q.tags[0] in foreign]


@pytest.mark.parametrize("seed", range(20))
def test_every_stack_item_is_covered_for_any_seed(seed: int) -> None:
    chosen = _select(seed=seed, job_role="Platform Engineer", tech_stack=["Go", "k8s", "AWS"], question_count=6)
    main_tags = {q.tags[0] for q in chosen} | {t for q in chosen for t in q.tags}
    assert {"go", "kubernetes", "aws"} <= main_tags


def test_aliases_select_the_canonical_skill() -> None:
    chosen = _select(tech_stack=["Postgres", "JS"], question_count=6)
    tags = {t for q in chosen for t in q.tags}
    assert {"postgresql", "javascript"} <= tags


def test_same_seed_same_questions_and_seeds_vary_the_choice() -> None:
    setup = {"job_role": "Backend Engineer", "tech_stack": ["python"], "question_count": 5}
    assert [q.id for q in _select(seed=7, **setup)] == [q.id for q in _select(seed=7, **setup)]
    distinct = {tuple(q.id for q in _select(seed=seed, **setup)) for seed in range(10)}
    assert len(distinct) >= 5


def test_recent_questions_are_avoided() -> None:
    setup = {"job_role": "Frontend Engineer", "tech_stack": ["react"], "question_count": 5}
    first = {q.id for q in _select(seed=3, **setup)}
    second = {q.id for q in _select(seed=3, avoid=first, **setup)}
    assert first.isdisjoint(second)
    assert len(second) == 5


def test_when_everything_is_recent_the_interview_is_still_full() -> None:
    everything = {q.id for q in BANK.questions}
    chosen = _select(avoid=everything, interview_type="hr", question_count=10)
    assert len(chosen) == 10 and len({q.id for q in chosen}) == 10


def test_unknown_stack_gets_general_questions() -> None:
    chosen = _select(job_role="Software Developer", tech_stack=["Elixir", "Phoenix"], question_count=5)
    assert len(chosen) == 5
    assert not [q.id for q in chosen if q.tags[0] in TECHNOLOGY_TAGS]
    assert sum("general" in q.tags for q in chosen) >= 3


@pytest.mark.parametrize("level", list(Level))
def test_questions_suit_the_level(level: Level) -> None:
    chosen = _select(level=level, tech_stack=["python"], question_count=8, interview_type="mixed")
    assert all(q.suits_level(level) <= 1 for q in chosen)
    assert sum(q.suits_level(level) == 0 for q in chosen) >= 6


@pytest.mark.parametrize("interview_type", list(InterviewType))
@pytest.mark.parametrize("count", [3, 7, 10])
def test_count_and_type_are_honoured(interview_type: InterviewType, count: int) -> None:
    chosen = _select(interview_type=interview_type, question_count=count, tech_stack=["java"])
    assert len(chosen) == count
    assert len({q.id for q in chosen}) == count
    if interview_type is not InterviewType.MIXED:
        assert {q.type.value for q in chosen} == {interview_type.value}


def test_mixed_interviews_blend_types_by_level() -> None:
    entry = type_plan(InterviewType.MIXED, 8, Level.ENTRY)
    senior = type_plan(InterviewType.MIXED, 8, Level.SENIOR)
    assert len(entry) == len(senior) == 8
    assert QuestionType.SYSTEM_DESIGN not in entry
    assert QuestionType.SYSTEM_DESIGN in senior
    assert {QuestionType.TECHNICAL, QuestionType.BEHAVIORAL} <= set(entry)
    assert entry[0] is QuestionType.HR  # opens like a real interview


def test_a_malformed_bank_file_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text(
        "topic: broken\nquestions:\n  - id: x\n    text: too short\n", encoding="utf-8"
    )
    with pytest.raises(BankFileError, match=r"broken\.yaml"):
        load_bank(tmp_path)


def test_lead_behavioral_interview_asks_lead_questions() -> None:
    chosen = _select(job_role="Engineering Manager", level="lead", interview_type="behavioral", question_count=5)
    assert all(q.level_max is Level.LEAD for q in chosen)
    assert sum("leadership" in q.tags for q in chosen) >= 3


def test_stories_from_another_specialism_are_not_asked() -> None:
    """A frontend developer is not asked about a security incident or a model that failed in production."""
    for seed in range(10):
        chosen = _select(seed=seed, job_role="Frontend Developer", interview_type="behavioral", question_count=6)
        assert not [q.id for q in chosen if {"security", "devops", "machine_learning"} & set(q.tags)]


def test_every_bank_question_has_a_model_answer_a_candidate_could_say() -> None:
    """120–250 words in plain spoken sentences: no lists, headings or code blocks, nothing that
    talks to a grader about key points."""
    for question in BANK.questions:
        words = len(question.model_answer.split())
        assert 120 <= words <= 250, f"{question.id}: {words} words"
        assert not any(mark in question.model_answer for mark in ("```", "\n- ", "##", "key point")), question.id


def test_a_model_answer_for_a_question_not_in_the_bank_names_it(tmp_path: Path) -> None:
    (tmp_path / "python.yaml").write_text((BANK_DIR / "python.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "model_answers").mkdir()
    (tmp_path / "model_answers" / "python.yaml").write_text(
        "answers:\n  python-no-such-question: Something.\n", encoding="utf-8"
    )
    with pytest.raises(BankFileError, match="python-no-such-question"):
        load_bank(tmp_path)
