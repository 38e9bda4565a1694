"""The pairs the judge reads in whole graded answers, for training: (key point, stretch) exactly as
the evaluator hands them to the judge, from the devset's graded answers.

The hand-written passages of `judge_data/` are one clean sentence each; a candidate's answer is
longer sentences, clauses cut at pauses, a stretch of two, fillers. A model trained on the former
alone called many correct sentences of real answers contradictions ("the kubelet kills the
container and starts it again" against "a failing liveness probe makes the kubelet restart the
container"). These pairs show it the latter:

- stretches of answers that are right (excellent, good, paraphrase, spoken, rambling, off-topic)
  contradict nothing: unlabelled, their label is *not_contradicts* (covers or not addressed,
  whichever; the training loss takes the two together); labelled by hand, covers or not addressed
  (a label, once given, is kept when the file is rewritten);
- stretches of the wrong and weak answers are labelled one by one by hand (`*-wrong.yaml`).

`judge_answers/covers_labels/` holds the same right answers' stretches labelled covers or not
addressed one by one (helpers, spot-checked). Not trained on yet: a run with them (test macro-F1
0.834) scored the devset's unseen file worse (required pairs 88.5 % against 90.1 %, good > wrong
10/16 against 13/16), so the shipped model is the one without them.

Only devset files named in `SOURCES` are read: the devset's last file and the held-out set are
never trained on, so they still measure the evaluator on answers the judge never saw.

The bank's model answers (`interview_core/data/questions/model_answers/`, a strong answer to each
of the bank's questions, written and checked for issue 17) are right answers to questions the
graded sets do not hold, in natural words: `bank-model-answers.yaml` holds their stretches,
*covers* where the stretch is the evidence the evaluator quotes for a point it found covered,
*not_contradicts* otherwise. A bank question asked in the judge data's dev or test split (same
text) is left out, so those splits stay unseen. The evidence is what the shipped evaluator quotes
(the file in the repository was written with judge-2, before the model trained on it); the choice
of stretches does not depend on the judge.

The same is done with `graded_answers/` (session 9): 32 questions in the devset's format, written
for training, on subjects none of the graded sets holds (their README); their stretches are
`aside/graded-*-right.yaml` and, labelled one by one, `aside/graded-*-wrong.yaml`, kept aside (a
run trained with them was not shipped; see aside/README.md).

    python training/answer_pairs.py   # rewrites training/judge_answers/*-right.yaml; lists the
                                      # wrong and weak answers' stretches to label (*.todo)
    python training/answer_pairs.py --graded training/graded_answers/FILE.yaml   # that file only
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from interview_core.scoring.devset import load_graded_items  # noqa: E402
from interview_core.scoring.judge import Verdict  # noqa: E402

OUT = Path(__file__).resolve().parent / "judge_answers"
SOURCES = ("a.yaml", "b.yaml")  # of tests/data/evaluator_devset; c.yaml and the held-out set stay unseen
# Graded answers written for training only, in the devset's format, on subjects none of the graded
# sets holds; their stretches (`graded-*.yaml`) are kept aside, not trained on by default (aside/README).
GRADED = Path(__file__).resolve().parent / "graded_answers"
GRADED_OUT = OUT / "aside"
RIGHT = ("excellent", "good", "paraphrase", "spoken", "rambling", "off_topic", "model")
TO_LABEL = ("wrong", "weak")
LABELS = ("covers", "contradicts", "not_addressed", "not_contradicts")


@dataclass(frozen=True)
class AnswerPair:
    question_id: str
    answer: str  # which graded answer the stretch is from
    point: str
    passage: str
    label: str  # one of LABELS


class _Recorder:
    """A judge that says nothing is addressed and remembers what it was asked: the evaluator's
    choice of stretches does not depend on the verdicts, only on the match by terms and meaning."""

    name = "recorder"

    def __init__(self) -> None:
        self.pairs: list[tuple[str, str]] = []

    def judge(self, pairs: Sequence[tuple[str, str]]) -> list[Verdict]:
        self.pairs.extend(pairs)
        return [Verdict(0.0, 0.0, 1.0) for _ in pairs]

    def clear_cache(self) -> None:
        pass


def read_pairs(path: Path, kinds: Sequence[str]) -> list[tuple[str, str, str, str]]:
    """(question id, answer kind, point, passage) for every pair the judge reads, once each."""
    from interview_core.scoring.evaluator import OfflineEvaluator

    recorder = _Recorder()
    evaluator = OfflineEvaluator(judge=recorder)
    found: dict[tuple[str, str, str], tuple[str, str, str, str]] = {}
    for item in load_graded_items([path]):
        for kind in kinds:
            if kind not in item.answers:
                continue
            recorder.pairs.clear()
            evaluator.evaluate(item.question, item.answers[kind])
            for point, passage in recorder.pairs:
                found.setdefault((item.id, point, passage), (item.id, kind, point, passage))
    return list(found.values())


def model_answer_pairs() -> list[dict]:
    """The stretches of the bank's model answers the evaluator hands the judge, labelled."""
    from judge_data import load_questions, split_of

    from interview_core.questions.bank import load_bank
    from interview_core.scoring.evaluator import OfflineEvaluator, for_judge

    questions = load_questions()
    unseen = {q.text for q in questions if split_of(q, questions) != "train"}
    recorder = _Recorder()
    recording = OfflineEvaluator(judge=recorder)
    scoring = OfflineEvaluator()
    pairs: dict[tuple[str, str, str], dict] = {}
    for question in load_bank().questions:
        if not question.model_answer or question.text in unseen:
            continue
        draft = question.as_draft()
        evidence = {(e.key_point, for_judge(e.quote)) for e in scoring.evaluate(draft, question.model_answer).evidence}
        recorder.pairs.clear()
        recording.evaluate(draft, question.model_answer)
        for point, passage in recorder.pairs:
            label = "covers" if (point, passage) in evidence else "not_contradicts"
            pairs.setdefault(
                (question.id, point, passage),
                {"question": question.id, "answer": "model", "point": point, "passage": passage, "label": label},
            )
    return list(pairs.values())


def load_answer_pairs(directory: Path = OUT) -> list[AnswerPair]:
    """Every pair of the answer files, checked: a bad label stops here with its file."""
    pairs = []
    for path in sorted(directory.glob("*.yaml")):
        for raw in yaml.safe_load(path.read_text(encoding="utf-8"))["pairs"]:
            if raw["label"] not in LABELS:
                raise ValueError(f"{path.name}: label {raw['label']!r} is not one of {LABELS}")
            pairs.append(AnswerPair(raw["question"], raw["answer"], raw["point"], raw["passage"], raw["label"]))
    return pairs


def _labels(path: Path) -> dict[tuple[str, str, str], str]:
    """(question, point, passage) → label, of a file written before (empty if there is none)."""
    if not path.exists():
        return {}
    return {(p["question"], p["point"], p["passage"]): p["label"] for p in yaml.safe_load(path.read_text())["pairs"]}


def _write(path: Path, source: str, pairs: list[dict]) -> None:
    text = yaml.safe_dump({"source": source, "pairs": pairs}, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(text, encoding="utf-8")


def write_answer_files(path: Path, stem: str, name: str, out: Path = OUT) -> None:
    """Rewrites the right answers' stretches of one graded file (`{stem}-right.yaml`); writes its
    wrong and weak answers' stretches to label (`{stem}-wrong.todo`) where no labelled file exists
    yet, or says how many stretches the labelled file lacks."""
    right_file = out / f"{stem}-right.yaml"
    labelled_right = _labels(right_file)
    right = [
        {
            "question": q,
            "answer": a,
            "point": p,
            "passage": s,
            "label": labelled_right.get((q, p, s), "not_contradicts"),
        }
        for q, a, p, s in read_pairs(path, RIGHT)
    ]
    _write(right_file, name, right)
    to_label = [
        {"question": q, "answer": a, "point": p, "passage": s, "label": "?"}
        for q, a, p, s in read_pairs(path, TO_LABEL)
    ]
    labelled = out / f"{stem}-wrong.yaml"
    if labelled.exists():
        known = _labels(labelled)
        missing = [p for p in to_label if (p["question"], p["point"], p["passage"]) not in known]
        print(f"{path.name}: {len(right)} pairs from right answers; {labelled.name} lacks {len(missing)} stretches")
    else:
        _write(out / f"{stem}-wrong.todo", name, to_label)
        print(f"{path.name}: {len(right)} pairs from right answers; {len(to_label)} to label in {stem}-wrong.todo")


def main() -> None:
    """Every graded source's answer files, then the bank's model answers'; `--graded FILE` writes
    one file of `graded_answers/` only (nothing else is rewritten)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--graded", type=Path, help="one file of training/graded_answers/: its stretches only")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    if args.graded:
        path = args.graded.resolve()
        if path.parent != GRADED or not path.is_file():
            parser.error(f"--graded takes a file of {GRADED.relative_to(ROOT)}/, not {args.graded}")
        write_answer_files(path, f"graded-{path.stem}", str(path.relative_to(ROOT)), GRADED_OUT)
        return
    for source in SOURCES:
        write_answer_files(
            ROOT / "tests/data/evaluator_devset" / source,
            f"devset-{Path(source).stem}",
            f"tests/data/evaluator_devset/{source}",
        )
    for path in sorted(GRADED.glob("*.yaml")):
        write_answer_files(path, f"graded-{path.stem}", str(path.relative_to(ROOT)), GRADED_OUT)
    model = model_answer_pairs()
    _write(OUT / "bank-model-answers.yaml", "interview_core/data/questions/model_answers", model)
    covers = sum(p["label"] == "covers" for p in model)
    print(f"bank model answers: {len(model)} pairs, {covers} of them the evidence for a covered point")


if __name__ == "__main__":
    main()
