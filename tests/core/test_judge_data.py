"""The judge's training data (training/judge_data): enough pairs, every key point written in the
same twelve shapes, and a split by question, so the figures on the test split are about
questions the model never saw (issue: scores a candidate can trust, point 1)."""

import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "training"))

from judge_data import (  # noqa: E402
    ASIDES,
    LABELS,
    Pair,
    Question,
    aside_pairs,
    derived_pairs,
    load_questions,
    split_of,
    split_pairs,
    story_part_pairs,
    swapped_pairs,
    training_pairs,
)

from interview_core.rubric import STORY_PART  # noqa: E402
from interview_core.scoring.devset import ASIDE_FORMS  # noqa: E402

QUESTIONS = load_questions()
# The twelve passages every key point has, in order: (label, kind).
SHAPES = [
    ("covers", "close"),
    ("covers", "paraphrase"),
    ("covers", "example"),
    ("covers", "spoken"),
    ("contradicts", "negation"),
    ("contradicts", "wrong_value"),
    ("contradicts", "wrong_claim"),
    ("contradicts", "spoken"),
    ("not_addressed", "other_point"),
    ("not_addressed", "same_words"),
    ("not_addressed", "vague"),
    ("not_addressed", "off_topic"),
]


def test_there_are_at_least_6000_written_pairs_over_every_kind_of_question() -> None:
    pairs = [pair for question in QUESTIONS for pair in question.pairs]
    assert len(pairs) >= 6000
    assert set(Counter(pair.label for pair in pairs)) == set(LABELS)
    types = Counter(question.type for question in QUESTIONS)
    assert {"technical", "coding", "system_design", "behavioral", "hr"} <= set(types)


# `stories3`: stories told in their own words. Three covering passages tell the point through the
# story's own facts only, and two neighbouring stories' same part address nothing (the judge read
# "we went at it pretty hard in standup two days running" as no disagreement at all).
OWN_WORDS_SHAPES = [
    ("covers", "close"),
    ("covers", "paraphrase"),
    ("covers", "example"),
    ("covers", "example"),
    ("covers", "example"),
    ("covers", "spoken"),
    ("contradicts", "negation"),
    ("contradicts", "wrong_claim"),
    ("contradicts", "spoken"),
    ("not_addressed", "other_point"),
    ("not_addressed", "off_topic"),
    ("not_addressed", "off_topic"),
    ("not_addressed", "vague"),
    ("not_addressed", "same_words"),
]
LAYOUTS = {"stories3": OWN_WORDS_SHAPES}


def assert_laid_out(questions: list[Question]) -> None:
    """Every key point has its group's passages (`LAYOUTS`, else `SHAPES`), in order."""
    for question in questions:
        for point in question.points:
            shapes = [(pair.label, pair.kind) for pair in question.pairs if pair.point == point]
            assert shapes == LAYOUTS.get(question.group, SHAPES), (question.id, point)


def test_every_key_point_has_its_groups_passages_in_order() -> None:
    assert_laid_out(QUESTIONS)


def test_passages_are_unique_and_of_interview_length() -> None:
    pairs = [pair for question in QUESTIONS for pair in question.pairs]
    # An off-topic sentence may serve two questions; every other passage is written for its point.
    texts = Counter(pair.passage for pair in pairs if pair.kind != "off_topic")
    assert texts.most_common(1)[0][1] == 1
    assert all(8 <= len(pair.passage.split()) <= 80 for pair in pairs)


def test_the_split_is_by_question_and_covers_every_group() -> None:
    splits = {question.id: split_of(question, QUESTIONS) for question in QUESTIONS}
    groups = {question.group for question in QUESTIONS}
    for group in groups:
        assert {splits[q.id] for q in QUESTIONS if q.group == group} == {"train", "dev", "test"}
    by_split = split_pairs(QUESTIONS)
    test_questions = {pair.question_id for pair in by_split["test"]}
    assert test_questions.isdisjoint(pair.question_id for pair in by_split["train"])
    assert len(by_split["test"]) >= 1000


def graded_questions() -> set[str]:
    graded: set[str] = set()
    for path in (ROOT / "tests/data").glob("evaluator_*/*.yaml"):
        graded |= {item["question"].strip().lower() for item in yaml.safe_load(path.read_text())["items"]}
    return graded


def test_no_training_question_is_one_of_the_evaluation_sets_questions() -> None:
    assert not graded_questions() & {question.text.strip().lower() for question in QUESTIONS}


def test_derived_negatives_move_a_passage_to_another_point_as_not_addressed() -> None:
    question = QUESTIONS[0]
    neighbours = [q for q in QUESTIONS if q.group == question.group]
    derived = list(derived_pairs(question, neighbours))
    assert len(derived) == 4 * len(question.points)
    originals = {pair.passage: pair.point for q in neighbours for pair in q.pairs}
    assert all(pair.label == "not_addressed" and originals[pair.passage] != pair.point for pair in derived)
    assert all(pair.question_id == question.id for pair in derived)  # they stay in their question's split
    assert sum(pair.kind.startswith("other_question") for pair in derived) == 2 * len(question.points)


def test_answer_stretches_come_only_from_the_devset_files_trained_on() -> None:
    """Stretches of graded answers are trained on from the devset's SOURCES only: the other devset
    file and the held-out set must stay unseen, or they would no longer measure the judge."""
    from answer_pairs import LABELS as ANSWER_LABELS
    from answer_pairs import SOURCES, load_answer_pairs

    ids = {}
    for path in (ROOT / "tests/data").glob("evaluator_*/*.yaml"):
        for item in yaml.safe_load(path.read_text())["items"]:
            ids[item["id"]] = (path.parent.name, path.name)
    everything = load_answer_pairs()
    pairs = [pair for pair in everything if pair.answer != "model"]
    assert len(pairs) >= 4000
    assert {ids[pair.question_id] for pair in pairs} == {("evaluator_devset", source) for source in SOURCES}
    assert {pair.label for pair in everything} <= set(ANSWER_LABELS)
    # The bank's model answers: bank questions only (none of a graded set's), right answers, and
    # none of a question the judge data keeps for dev or test.
    from interview_core.questions.bank import load_bank

    model = [pair for pair in everything if pair.answer == "model"]
    bank = {question.id: question.text for question in load_bank().questions}
    unseen = {question.text for question in QUESTIONS if split_of(question, QUESTIONS) != "train"}
    assert len(model) >= 4000 and {pair.question_id for pair in model} <= set(bank)
    assert not {bank[pair.question_id] for pair in model} & unseen
    assert {pair.label for pair in model} == {"covers", "not_contradicts"}
    # Right answers' stretches cover a point or leave it out (or are left open: not contradicts);
    # the wrong and weak ones are labelled one by one.
    right = Counter(pair.label for pair in pairs if pair.answer in ("excellent", "good", "paraphrase"))
    assert right["contradicts"] <= 0.02 * sum(right.values())
    labelled = Counter(pair.label for pair in pairs if pair.answer in ("wrong", "weak"))
    assert labelled["contradicts"] >= 300 and labelled["not_addressed"] >= 300


def test_the_pairs_kept_aside_are_written_the_same_way_and_not_loaded_by_default() -> None:
    aside = load_questions(sorted((ROOT / "training/judge_data/aside").glob("*.yaml")))
    assert aside and {question.id for question in aside}.isdisjoint(question.id for question in QUESTIONS)
    assert_laid_out(aside)
    assert not graded_questions() & {question.text.strip().lower() for question in aside}


# Each key point of the swapped-roles and polarity files (written for training, kept aside: not
# trained on yet; and the bench's test set, never to be trained on) has these six passages, and the
# rearranged files give each swapped-roles point four more right ones.
SWAP_SHAPES = {
    "swap": [
        ("contradicts", "swapped"),
        ("contradicts", "swapped_paraphrase"),
        ("contradicts", "swapped_spoken"),
        ("covers", "reordered"),
        ("covers", "reordered_paraphrase"),
        ("not_addressed", "both_sides"),
    ],
    "polarity": [
        ("contradicts", "negated_disagree"),
        ("contradicts", "plain_disagree"),
        ("covers", "negated_agree"),
        ("covers", "negated_agree_spoken"),
        ("covers", "plain_agree"),
        ("not_addressed", "same_words"),
    ],
    "rearranged": [
        ("covers", "clauses_swapped"),
        ("covers", "passive"),
        ("covers", "reordered_spoken"),
        ("covers", "two_sentences"),
    ],
}


def _shape_pairs(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["pairs"]


def test_swapped_roles_and_polarity_pairs_have_their_shapes_and_the_bench_set_is_never_trained_on() -> None:
    from answer_pairs import OUT, load_answer_pairs

    aside = OUT / "aside"
    trained = [*aside.glob("swapped-*.yaml"), aside / "polarity.yaml", *aside.glob("rearranged-*.yaml")]
    loaded = {pair.question_id for pair in load_answer_pairs()}
    assert not any(question.startswith(("swap", "polarity")) for question in loaded)  # aside: not trained on
    held = sorted(ROOT.glob("bench/data/judge_swaps/*.yaml"))
    assert len(trained) == 11 and len(held) == 5
    seen: dict[str, set[str]] = {"trained": set(), "held": set()}
    passages: dict[str, set[str]] = {"trained": set(), "held": set()}
    trained_points: dict[str, set[tuple[str, str]]] = {"swap": set(), "rearranged": set(), "polarity": set()}
    for where, paths in (("trained", trained), ("held", held)):
        for path in paths:
            shapes: dict[tuple[str, str], list[tuple[str, str]]] = {}
            for pair in _shape_pairs(path):
                shapes.setdefault((pair["question"], pair["point"]), []).append((pair["label"], pair["answer"]))
                seen[where].add(pair["question"])
                passages[where].add(pair["passage"])
                assert 8 <= len(pair["passage"].split()) <= 60, pair["passage"]
            family = {"polarity": "polarity", "rearranged": "rearranged"}.get(path.stem.split("-")[0], "swap")
            assert all(sorted(shape) == SWAP_SHAPES[family] for shape in shapes.values()), path.name
            assert len(shapes) >= (20 if where == "trained" else 8), path.name
            if where == "trained":
                trained_points[family] |= set(shapes)
    # Every swapped-roles point has its right rearrangements, word for word the same point.
    assert trained_points["rearranged"] == trained_points["swap"]
    assert not seen["trained"] & seen["held"]
    assert not passages["trained"] & passages["held"]


def test_a_story_part_can_be_given_every_other_part_as_a_negative_and_only_on_request() -> None:
    """`--story-parts`: the Result's passages are not the Situation's, whatever they share."""
    story = next(q for q in QUESTIONS if any(p.lower().startswith("situation:") for p in q.points))
    derived = list(story_part_pairs(story))
    covering = {(p.point, p.passage) for p in story.pairs if p.label == "covers"}
    part = {p: m.group(1).lower() for p in story.points if (m := STORY_PART.match(p))}
    assert derived and all(pair.label == "not_addressed" and pair.kind == "other_part" for pair in derived)
    for pair in derived:
        source = next(point for point, passage in covering if passage == pair.passage)
        assert part[source] != part[pair.point]  # never a passage of the same part
    non_story = [q for q in QUESTIONS if not any(STORY_PART.match(p) for p in q.points)]
    assert non_story and not any(list(story_part_pairs(q)) for q in non_story)
    train = [q for q in QUESTIONS if split_of(q, QUESTIONS) == "train"]
    assert not any(p.kind == "other_part" for p in training_pairs(train))
    requested = sum(p.kind == "other_part" for p in training_pairs(train, story_parts=True))
    assert requested == sum(len(list(story_part_pairs(q))) for q in train) > 0


def test_a_passage_beside_an_aside_keeps_its_label_an_aside_alone_addresses_nothing_and_only_on_request() -> None:
    """`--asides`: "That's how I'd frame it, anyway." beside a wrong sentence leaves it wrong; the
    asides the typed-forms bench adds are never among those trained on."""
    question = QUESTIONS[0]
    derived = list(aside_pairs(question))
    written = {p.passage: p for p in question.pairs}
    for pair in derived:
        if pair.kind == "aside_alone":
            assert pair.label == "not_addressed" and pair.passage.startswith(ASIDES)
            continue
        source = next(
            w
            for text, w in written.items()
            if pair.passage in (f"{a} {text}" for a in ASIDES) or pair.passage in (f"{text} {a}" for a in ASIDES)
        )
        assert (pair.point, pair.label, pair.kind) == (source.point, source.label, f"aside_{source.kind}")
    for point in question.points:
        kept = Counter(p.label for p in derived if p.point == point and p.kind != "aside_alone")
        assert kept == Counter(LABELS)  # one passage of each label, beside an aside
    benched = " ".join(typed("") for typed in ASIDE_FORMS.values())
    assert not any(aside in benched for aside in ASIDES)
    train = [q for q in QUESTIONS if split_of(q, QUESTIONS) == "train"]
    assert not any(p.kind.startswith("aside_") for p in training_pairs(train))
    requested = sum(p.kind.startswith("aside_") for p in training_pairs(train, asides=True))
    assert requested == sum(len(list(aside_pairs(q))) for q in train) > 0


def test_swapped_roles_exchange_two_roles_of_the_point_or_turn_one_round_and_only_on_request() -> None:
    """`--swapped-roles`: "a max-heap for the smaller half" becomes "a min-heap for the smaller
    half", as a contradiction; a pair named side by side ("reads and writes") is not exchanged,
    and a word the point does not use is never changed."""
    heaps = _one_point_question(
        "Keep the smaller half of the numbers in a max-heap and the larger half in a min-heap.",
        [
            "I keep a max-heap for the lower half and a min-heap for the upper half of the stream.",
            "Both reads and writes go through one max-heap, nothing else.",
            "I read the first item quickly.",
        ],
    )
    derived = {pair.passage: pair for pair in swapped_pairs(heaps)}
    assert list(derived) == ["I keep a min-heap for the lower half and a max-heap for the upper half of the stream."]
    assert derived.popitem()[1].label == "contradicts"
    log = _one_point_question(
        "The change is flushed to the log before the data page is written.",
        ["Before the page goes to disk, the log record is flushed.", "Pages are written later, in batches."],
    )
    assert [(p.passage, p.kind) for p in swapped_pairs(log)] == [
        ("After the page goes to disk, the log record is flushed.", "turned_covers")
    ]
    train = [q for q in QUESTIONS if split_of(q, QUESTIONS) == "train"]
    assert training_pairs(train) == training_pairs(train, swapped_roles=False)
    swapped = [p for p in training_pairs(train, swapped_roles=True) if p.kind.startswith(("swapped_", "turned_"))]
    assert len(swapped) > 100 and {p.label for p in swapped} == {"contradicts"}


def _one_point_question(point: str, covering: list[str]) -> Question:
    """A one-point question whose passages all cover the point (for `swapped_pairs`)."""
    pairs = tuple(Pair("q", "g", point, text, "covers", "covers") for text in covering)
    return Question("q", "g", "technical", "?", (point,), pairs)


def test_graded_answers_written_for_training_are_new_questions_with_every_stretch_labelled() -> None:
    """training/graded_answers/: questions none of the graded sets or the judge data's dev and test
    splits asks, all eight kinds of answer, and the stretches of every wrong and weak answer
    labelled (kept aside: not trained on by default)."""
    from answer_pairs import GRADED, GRADED_OUT, LABELS, load_answer_pairs

    measured = set()
    for path in (ROOT / "tests/data").glob("evaluator_*/*.yaml"):
        measured |= {item["question"] for item in yaml.safe_load(path.read_text())["items"]}
    unseen = {question.text for question in QUESTIONS if split_of(question, QUESTIONS) != "train"}
    files = sorted(GRADED.glob("*.yaml"))
    assert len(files) == 4
    kinds = {"excellent", "good", "paraphrase", "spoken", "rambling", "wrong", "weak", "off_topic"}
    written = set()
    for path in files:
        items = yaml.safe_load(path.read_text())["items"]
        assert len(items) == 8 and all(set(item["answers"]) == kinds for item in items), path.name
        assert all(4 <= len(item["key_points"]) <= 6 for item in items), path.name
        written |= {item["question"] for item in items}
        # Every wrong and weak answer's stretches labelled one by one.
        pairs = _shape_pairs(GRADED_OUT / f"graded-{path.stem}-wrong.yaml")
        assert {pair["label"] for pair in pairs} == set(LABELS[:3]), path.name
        answered = {(pair["question"], pair["answer"]) for pair in pairs}
        assert answered == {(item["id"], kind) for item in items for kind in ("wrong", "weak")}, path.name
    assert len(written) == 32 and not written & (measured | unseen)
    loaded = {pair.question_id for pair in load_answer_pairs()}
    assert not any(question.startswith("g-") for question in loaded)  # aside: not trained on
