"""The judge's labelled data: (key point, passage, label) pairs written by hand in
`training/judge_data/*.yaml`, split by question, with the hard negatives derived from them.

No PyTorch here: the tests read the data through this module to check it (labels, splits),
and the training script builds on it.

File format (one file per topic group):

    group: ml
    questions:
      - id: ml-bias-variance
        type: technical
        question: "..."
        key_points:
          - point: "..."
            passages:
              - [covers, paraphrase, "..."]   # label, kind, text
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from interview_core.rubric import STORY_PART

DATA = Path(__file__).resolve().parent / "judge_data"
LABELS = ("covers", "contradicts", "not_addressed")
SPLITS = ("train", "dev", "test")
# Of every group's questions (ordered by a hash of their id), this many go to test and to dev.
_TEST_PER_GROUP, _DEV_PER_GROUP = 3, 2


@dataclass(frozen=True)
class Pair:
    question_id: str
    group: str
    point: str
    passage: str
    label: str
    kind: str  # how the passage was written: paraphrase, negation, other_point, spoken…


@dataclass(frozen=True)
class Question:
    id: str
    group: str
    type: str
    text: str
    points: tuple[str, ...]
    pairs: tuple[Pair, ...]


def load_questions(paths: Iterable[Path] | None = None) -> list[Question]:
    """Every question of every data file, checked: a bad file stops here with its name."""
    questions: list[Question] = []
    seen: set[str] = set()
    for path in sorted(paths if paths is not None else DATA.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        group = raw["group"]
        for entry in raw["questions"]:
            qid = entry["id"]
            if qid in seen:
                raise ValueError(f"{path.name}: question id {qid!r} is used twice")
            seen.add(qid)
            pairs = []
            for point_entry in entry["key_points"]:
                point = point_entry["point"].strip()
                for passage in point_entry["passages"]:
                    label, kind, text = passage
                    if label not in LABELS:
                        raise ValueError(f"{path.name}: {qid}: unknown label {label!r}")
                    pairs.append(Pair(qid, group, point, " ".join(str(text).split()), label, kind))
            points = tuple(p["point"].strip() for p in entry["key_points"])
            questions.append(Question(qid, group, entry["type"], entry["question"], points, tuple(pairs)))
    return questions


def split_of(question: Question, questions: list[Question]) -> str:
    """train, dev or test: decided per question (never per pair), stable across runs and
    machines, the same share of every group in each split."""
    group = sorted((q for q in questions if q.group == question.group), key=lambda q: digest(q.id))
    rank = group.index(question)
    if rank < _TEST_PER_GROUP:
        return "test"
    if rank < _TEST_PER_GROUP + _DEV_PER_GROUP:
        return "dev"
    return "train"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def split_pairs(questions: list[Question]) -> dict[str, list[Pair]]:
    splits: dict[str, list[Pair]] = {name: [] for name in SPLITS}
    for question in questions:
        splits[split_of(question, questions)].extend(question.pairs)
    return splits


def derived_pairs(question: Question, neighbours: Sequence[Question] = (), *, seed: int = 0) -> Iterator[Pair]:
    """Hard negatives the hand-written pairs imply, as *not addressed*: for every key point, two
    passages that cover or contradict another point of the same question, and two that cover a
    point of another question on a neighbouring topic (`neighbours`: same group), so that merge
    sort's "split the array in half" does not pass for binary search's."""
    rng = random.Random(f"{seed}:{question.id}")
    nearby = [p for q in neighbours if q.id != question.id for p in q.pairs if p.label == "covers"]
    for point in question.points:
        others = [p for p in question.pairs if p.point != point and p.label in ("covers", "contradicts")]
        chosen = rng.sample(others, min(2, len(others))) + rng.sample(nearby, min(2, len(nearby)))
        for pair in chosen:
            kind = "other_point" if pair.question_id == question.id else "other_question"
            yield replace(
                pair, question_id=question.id, point=point, label="not_addressed", kind=f"{kind}_{pair.label}"
            )


_FILLERS = ("um", "uh", "you know", "like", "I mean", "so", "basically")


def as_spoken(text: str, rng: random.Random) -> str:
    """The passage as speech-to-text often writes it: no capitals or punctuation but for the odd
    comma, a filler or two and a repeated word."""
    tokens = re.sub(r"[.,;:!?()\"]", " ", text).lower().split()
    if len(tokens) < 4:
        return text
    for _ in range(rng.randint(1, 2)):
        tokens.insert(rng.randrange(1, len(tokens)), rng.choice(_FILLERS))
    repeat = rng.randrange(len(tokens))
    tokens.insert(repeat, tokens[repeat])
    return " ".join(tokens)


def joined_pairs(question: Question, *, seed: int = 0) -> Iterator[Pair]:
    """Two passages read as one stretch, as the evaluator reads two neighbouring sentences: the
    claim one of them makes decides the label, and two sentences near the point that each leave it
    out still leave it out (a model that only saw single passages took two such neighbours
    together for coverage)."""
    rng = random.Random(f"joined:{seed}:{question.id}")
    for point in question.points:
        own = [p for p in question.pairs if p.point == point]
        leaving_out = [p for p in own if p.label == "not_addressed"]
        for label in ("covers", "contradicts"):
            claim = rng.choice([p for p in own if p.label == label])
            other = rng.choice(leaving_out)
            first, second = (claim, other) if rng.random() < 0.5 else (other, claim)
            yield replace(claim, passage=f"{first.passage} {second.passage}", kind=f"joined_{claim.kind}")
        near = [p for p in leaving_out if p.kind in ("other_point", "same_words", "vague")]
        for first, second in (rng.sample(near, 2), rng.sample(near, 2)):
            yield replace(first, passage=f"{first.passage} {second.passage}", kind="joined_not_addressed")


# Sentences that say nothing about any point, as candidates say them between the ones that do.
# (`bench/bench_typed_forms.py` measures the judge in the evaluator with two others, never trained on.)
ASIDES = (
    "Let me think about how best to put this.",
    "I've seen this come up in a lot of different teams.",
    "That's a fair thing to ask, and I'll try to keep it short.",
    "Honestly, I find this part of the job really interesting.",
    "I remember discussing exactly this with a colleague once.",
    "There are a few ways to look at it, so bear with me.",
    "This is the kind of thing that's easy to get wrong under pressure.",
    "I'll give you the short version first and then go deeper if you like.",
    "It took me a while to really appreciate this when I started out.",
    "I think about this more than I probably should.",
    "My last manager used to ask this in every interview too.",
    "Anyway, that's a bit of a tangent.",
    "I want to make sure I'm answering what you asked.",
    "We talked about this a lot at my previous company.",
    "It's one of my favourite topics, to be honest.",
    "So, where was I.",
    "I hope that makes sense so far.",
    "Let me step back for a second.",
    "Everyone I've worked with has had an opinion on this.",
    "I could talk about this for a long time, but I'll be brief.",
    "It depends a bit on the team and the context, of course.",
    "That's how I'd frame it, anyway.",
    "I learned this the hard way, like most people do.",
    "I'm happy to go into more detail on any of it.",
)


def aside_pairs(question: Question, *, seed: int = 0) -> Iterator[Pair]:
    """A passage with an aside about nothing before or after it keeps its label (one of each label
    a point), and an aside alone addresses nothing: judge-4 read an aside joined with a wrong
    sentence as covering the point (+28 points for a wrong answer in the evaluator)."""
    rng = random.Random(f"aside:{seed}:{question.id}")
    for point in question.points:
        own = [p for p in question.pairs if p.point == point]
        for label in LABELS:
            pair = rng.choice([p for p in own if p.label == label])
            aside = rng.choice(ASIDES)
            passage = f"{aside} {pair.passage}" if rng.random() < 0.5 else f"{pair.passage} {aside}"
            yield replace(pair, passage=passage, kind=f"aside_{pair.kind}")
        alone = " ".join(rng.sample(ASIDES, rng.randint(1, 2)))
        yield replace(own[0], passage=alone, label="not_addressed", kind="aside_alone")


def story_part_pairs(question: Question) -> Iterator[Pair]:
    """For a story's key points ("Situation: …", "Result: …"), every passage that covers another
    part of the story, as *not addressed*: a story's sentences all read alike, and a judge that saw
    two such negatives a point took any of them for the Situation, the Result and the Reflection."""
    for point in question.points:
        part = STORY_PART.match(point)
        if part is None:
            continue
        for pair in question.pairs:
            other = STORY_PART.match(pair.point)
            if pair.label == "covers" and other is not None and other.group(1).lower() != part.group(1).lower():
                yield replace(pair, point=point, label="not_addressed", kind="other_part")


# Words whose exchange turns a right statement into a wrong one: the roles a key point gives two
# things ("a max-heap for the smaller half, a min-heap for the larger"). Taken only where the
# passage names both, far enough apart to be in different roles.
_ROLE_PAIRS: tuple[tuple[str, ...], ...] = tuple(
    tuple(pair.split("/"))
    for pair in """
    read/write reads/writes reader/writer readers/writers client/server clients/servers
    producer/consumer producers/consumers leader/follower primary/replica parent/child caller/callee
    sender/receiver request/response requests/responses encrypt/decrypt public/private
    precision/recall bias/variance positives/negatives inner/outer left/right head/tail top/bottom
    first/last input/output local/remote source/target row/column rows/columns push/pull
    commit/rollback authentication/authorization encode/decode heap/stack process/thread
    processes/threads stored/reflected taints/tolerations taint/toleration young/old hot/cold
    disk/memory frontend/backend liveness/readiness access/refresh unit/integration requests/limits
    throughput/latency consistency/availability numerator/denominator prefix/suffix key/value
    keys/values
    """.split()
)
# Directional words: one said the other way round is a wrong value ("the page is written after the
# log" for "before"), even where the passage names only one of them.
_OPPOSITES: tuple[tuple[str, ...], ...] = tuple(
    tuple(pair.split("/"))
    for pair in """
    before/after faster/slower larger/smaller higher/lower lower/upper increase/decrease
    increases/decreases increased/decreased min/max minimum/maximum smallest/largest earliest/latest
    oldest/newest synchronous/asynchronous stateful/stateless mutable/immutable
    optimistic/pessimistic horizontal/vertical ascending/descending upstream/downstream
    inbound/outbound overfitting/underfitting longer/shorter more/fewer stronger/weaker
    cheaper/costlier always/never eager/lazy shallow/deep
    """.split()
)
# A passage's roles are apart when this many words or more lie between the two: "consistency and
# availability" names a pair, and exchanging them says the same thing.
_ROLES_APART = 4


def _word(*terms: str) -> re.Pattern[str]:
    """Any of `terms` as a whole word ("min" in "min-heap", not in "admin" or "x-min")."""
    return re.compile(rf"(?<![\w-])(?:{'|'.join(map(re.escape, terms))})(?![\w])", re.IGNORECASE)


def _exchanged(text: str, first: str, second: str) -> str:
    """`text` with every `first` and `second` exchanged, keeping each occurrence's capital."""

    def swap(match: re.Match[str]) -> str:
        found = match.group(0)
        other = second if found.lower() == first else first
        return other.capitalize() if found[0].isupper() else other

    return _word(first, second).sub(swap, text)


def swapped_pairs(question: Question, *, seed: int = 0) -> Iterator[Pair]:
    """Wrong statements that reuse a covering passage's own words, as *contradicts*: the passage
    with two roles the key point names exchanged ("stored XSS comes back from a single request"),
    or with a directional word of the point turned round ("written after the log"). Only words the
    point itself uses: changing a word the point does not rest on leaves it covered. A judge
    trained without them read a swap of roles as covering the point (bench_judge.py, swapped
    roles: 3 % read as contradictions)."""
    rng = random.Random(f"swapped:{seed}:{question.id}")
    for pair in question.pairs:
        if pair.label != "covers":
            continue
        in_point = [
            (a, b) for a, b in _ROLE_PAIRS + _OPPOSITES if _word(a).search(pair.point) and _word(b).search(pair.point)
        ]
        roles = []
        for first, second in in_point:
            a, b = _word(first).search(pair.passage), _word(second).search(pair.passage)
            if a and b:
                between = pair.passage[min(a.end(), b.end()) : max(a.start(), b.start())]
                if len(between.split()) >= _ROLES_APART:
                    roles.append((first, second))
        if roles:
            first, second = rng.choice(roles)
            passage = _exchanged(pair.passage, first, second)
            yield replace(pair, passage=passage, label="contradicts", kind=f"swapped_{pair.kind}")
            continue
        turned = [
            (a, b)
            for a, b in _OPPOSITES
            for word, other in ((a, b), (b, a))
            if _word(word).search(pair.point)
            and not _word(other).search(pair.point)
            and _word(word).search(pair.passage)
            and not _word(other).search(pair.passage)
        ]
        if turned:
            first, second = rng.choice(turned)
            passage = _exchanged(pair.passage, first, second)
            yield replace(pair, passage=passage, label="contradicts", kind=f"turned_{pair.kind}")


def training_pairs(
    questions: list[Question],
    *,
    seed: int = 0,
    story_parts: bool = False,
    spoken_negatives: bool = False,
    swapped_roles: bool = False,
    asides: bool = False,
) -> list[Pair]:
    """The train split as the model sees it (`questions`: those of the train split only): the
    written pairs, the derived negatives, two-passage stretches, and a spoken rendering of half
    the written (non-spoken) covers and contradicts passages; with `story_parts`, every other
    part's passage as a negative of each part of a story (`story_part_pairs`); with
    `spoken_negatives`, half the not-addressed passages rendered as speech too (without them the
    judge learns that speech itself says something about the point: bench_judge.py, spoken
    renderings); with `swapped_roles`, covering passages with their roles exchanged or a direction
    turned round as contradictions (`swapped_pairs`); with `asides`, passages beside an aside about
    nothing (`aside_pairs`)."""
    rng = random.Random(seed)
    pairs: list[Pair] = []
    for question in questions:
        pairs.extend(question.pairs)
        if story_parts:
            pairs.extend(story_part_pairs(question))
        pairs.extend(derived_pairs(question, [q for q in questions if q.group == question.group], seed=seed))
        pairs.extend(joined_pairs(question, seed=seed))
        if asides:
            pairs.extend(aside_pairs(question, seed=seed))
        swapped = list(swapped_pairs(question, seed=seed)) if swapped_roles else []
        pairs.extend(swapped)
        for pair in (*question.pairs, *swapped):
            rendered = spoken_negatives or pair.label != "not_addressed"
            if rendered and pair.kind not in ("spoken",) and rng.random() < 0.5:
                pairs.append(replace(pair, passage=as_spoken(pair.passage, rng), kind=f"{pair.kind}_asr"))
    return pairs
