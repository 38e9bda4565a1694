"""Answers to coding questions typed with code: the code is found and set aside, and what the
answer says about it is scored (bench/bench_code_answers.py measures the graded code answers)."""

from pathlib import Path

import yaml

from interview_core.domain import QuestionDraft, QuestionType
from interview_core.scoring.devset import TYPED_FORMS, load_graded_items
from interview_core.scoring.evaluator import OfflineEvaluator
from interview_core.scoring.report import build_report
from interview_core.scoring.text_analysis import blanked, bounds, code_blocks, sentences, spans, unwrapped

DATA = Path(__file__).resolve().parents[1] / "data"
SEARCH = QuestionDraft(
    text="Given a rotated sorted array of distinct integers, return the index of a target or -1 in O(log n) time.",
    question_type=QuestionType.CODING,
    key_points=[
        "Use modified binary search; at least one half around mid is always sorted",
        "Check whether the target lies within the sorted half, and discard the other half otherwise",
        "Runs in O(log n) time and O(1) space",
    ],
)
CODE = """def search(nums, target):
    lo, hi = 0, len(nums) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if nums[mid] == target:
            return mid
        if nums[lo] <= nums[mid]:  # the left half is sorted
            if nums[lo] <= target < nums[mid]:
                hi = mid - 1
            else:
                lo = mid + 1
        else:
            if nums[mid] < target <= nums[hi]:
                lo = mid + 1
            else:
                hi = mid - 1
    return -1"""
BEFORE = (
    "Since the array was sorted before it was rotated, I can still use binary search. At every step one of "
    "the two halves around mid is sorted, so I check whether the target lies in that half's range and keep "
    "searching there; otherwise I move to the other half."
)
AFTER = "Each step halves the range, so it is O(log n) time and O(1) space: it only keeps three indexes."
SQL = """SELECT c.id, c.name, MAX(o.created_at) AS last_order
FROM customers c
JOIN orders o ON o.customer_id = c.id
GROUP BY c.id, c.name
HAVING MAX(o.created_at) < now() - interval '90 days'
ORDER BY last_order DESC;"""


def test_fenced_and_bare_code_and_sql_are_found_whole() -> None:
    indented = "    " + CODE.replace("\n", "\n    ")
    for block in (f"```python\n{CODE}\n```", CODE, indented, SQL, f"```\n{SQL}"):
        text = f"{BEFORE}\n\n{block}\n\n{AFTER}"
        found = code_blocks(text)
        assert [text[start:end] for start, end in found] == [block.rstrip()], block
        prose = blanked(text, found)
        assert len(prose) == len(text) and prose.startswith(BEFORE) and prose.endswith(AFTER)
        assert sentences(prose)[-1] == AFTER and "mid" not in " ".join(sentences(prose)[2:])


def test_prose_lists_and_a_line_of_code_in_a_sentence_are_not_code() -> None:
    inline = "I set hi = mid - 1 when the target is left of mid, and lo = mid + 1 otherwise."
    assert code_blocks(inline) == []
    assert sentences(inline) == [inline]  # "mid - 1" was cut at its minus sign as a bullet
    one_line = f"{BEFORE}\n    lo, hi = 0, len(nums) - 1\n{AFTER}"
    assert code_blocks(one_line) == []  # one line alone is too little to set apart
    items = load_graded_items(sorted(DATA.glob("evaluator_devset/*.yaml")))
    answers = [answer for item in items for answer in item.answers.values()]
    for form in ("wrapped at 72", "a bulleted list", "a numbered list"):
        typed = [TYPED_FORMS[form](answer) for answer in answers]
        assert [text[:60] for text in typed if code_blocks(unwrapped(text))] == [], form


def test_no_pair_of_sentences_reaches_across_code() -> None:
    text = f"{BEFORE}\n```python\n{CODE}\n```\n{AFTER}"
    blocks = code_blocks(text)
    found = spans(blanked(text, blocks), apart=blocks)
    assert found and all(span.text in text for span in found)
    assert not any("    " in span.text for span in found)


def test_code_is_set_aside_and_the_answer_told_so() -> None:
    evaluator = OfflineEvaluator()
    prose = evaluator.evaluate(SEARCH, f"{BEFORE} {AFTER}")
    with_code = evaluator.evaluate(SEARCH, f"{BEFORE}\n\n```python\n{CODE}\n```\n\n{AFTER}")
    # The same words with the code between them: the same points, the same reasons.
    assert with_code.covered_key_points == prose.covered_key_points
    assert abs(with_code.score - prose.score) <= 2, (with_code.score, prose.score)
    assert with_code.feedback.endswith(
        "Your code (17 lines) was not scored: the offline scorer reads what you say about it, so say what it "
        "does, why it works and what it costs."
    )
    assert "Few full stops" not in with_code.criteria["clarity"].reason
    answer = f"{BEFORE}\n\n```python\n{CODE}\n```\n\n{AFTER}"
    assert all(quote.quote in answer for quote in with_code.evidence)
    # Delivery counts the words said, not the code's.
    assert with_code.delivery["word_count"] == prose.delivery["word_count"]


def test_code_alone_is_not_assessed_and_the_report_says_why() -> None:
    evaluator = OfflineEvaluator()
    for answer in (CODE, f"```python\n{CODE}\n```", f"My solution:\n{CODE}"):
        evaluation = evaluator.evaluate(SEARCH, answer)
        assert evaluation.score == 0 and evaluation.not_assessed == "The answer is code with no explanation."
        # "Delivery: 62 words" counted the code's; "My solution:" is the only thing said.
        assert evaluation.delivery["word_count"] == (2 if answer.startswith("My solution:") else 0)
        assert evaluation.improvements[0].startswith("Explain your code in words")
        assert set(evaluation.missed_reasons.values()) == {
            "Not assessed: the code is not read, and nothing was said about it."
        }
    report = build_report([(SEARCH, evaluation)], engine="offline", engine_version="t")
    assert report.weaknesses == ["1 of 1 answers could not be assessed (the answer is code with no explanation)."]


def test_the_graded_code_answers_keep_their_prose() -> None:
    """Every graded code answer holds code the scorer finds, and prose it reads."""
    typed = yaml.safe_load((DATA / "graded_code/code_answers.yaml").read_text(encoding="utf-8"))["items"]
    assert len(typed) >= 10
    for entry in typed:
        for label, answer in entry["answers"].items():
            blocks = code_blocks(unwrapped(answer))
            assert blocks, (entry["id"], label)
            assert len(sentences(blanked(unwrapped(answer), blocks))) >= 1, (entry["id"], label)


def test_big_o_bounds_are_read_in_one_spelling() -> None:
    same = ["O(n^2)", "O(n squared)", "O(n²)", "O(n*n)", "o(n^2)"]
    assert {bounds(text) for text in same} == {frozenset({"n^2"})}
    assert bounds("O(log n), O(lg n) or O(log(n))") == {"logn"}
    assert bounds("O(V + E) is O(E+V)") == {"e+v"}
    assert bounds("O(n log n) time and O(1) space") == {"nlogn", "1"}
    assert bounds("go (fast) and also (x)") == frozenset()


def test_a_sentence_that_states_another_bound_does_not_make_the_point() -> None:
    """The judge read merge sort's "That gives O(n log n) in every case" (an answer to another
    question) as making "Runs in O(log n) time and O(1) space", and "Sorting is linear, so this
    would be O(n) overall" as touching "Sorting first works but costs O(n log n)"."""
    evaluator = OfflineEvaluator()
    items = {item.id: item for item in load_graded_items(sorted(DATA.glob("evaluator_devset/*.yaml")))}
    search = items["a-coding-search-rotated"]
    merge_sort = evaluator.evaluate(search.question, search.answers["off_topic"])
    assert "Runs in O(log n) time and O(1) space" in merge_sort.missed_key_points
    right = evaluator.evaluate(
        SEARCH, f"{BEFORE} It runs in O(log n) time with O(1) extra space, since it only keeps indexes."
    )
    assert "Runs in O(log n) time and O(1) space" in right.covered_key_points
    runs = items["c-code-longest-consecutive"]
    linear = evaluator.evaluate(runs.question, runs.answers["weak"])
    sorting = runs.question.key_points[0]
    assert sorting.startswith("Sorting first works but costs O(n log n)")
    assert linear.missed_reasons[sorting] == "Not addressed."
