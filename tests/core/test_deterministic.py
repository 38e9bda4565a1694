"""The same answer scores the same in any process: under any hash seed the offline evaluator's
output is identical (issue: scores a candidate can trust, point 7). Terms of equal weight used to
be ranked in set order, which the hash seed decides."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCORE_ALL = """
import json, sys
from pathlib import Path
from interview_core.scoring.devset import load_graded_items
from interview_core.scoring.evaluator import OfflineEvaluator
data = Path("tests/data")
items = load_graded_items(sorted((data / "evaluator_devset").glob("*.yaml")))
evaluator = OfflineEvaluator()
out = [evaluator.evaluate(i.question, a).model_dump() for i in items for a in i.answers.values()]
json.dump(out, sys.stdout, sort_keys=True)
"""


def test_scores_are_identical_under_three_hash_seeds() -> None:
    outputs = []
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", SCORE_ALL], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
        )
        assert result.returncode == 0, result.stderr[-2000:]
        outputs.append(json.loads(result.stdout))
    assert outputs[0] == outputs[1] == outputs[2]


def test_the_cli_prints_identical_json_under_three_hash_seeds(tmp_path) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_text(
        "An index is a separate sorted structure, a B-tree, so lookups skip the full scan. Writes pay for it: "
        "every insert and update maintains the index, and it takes extra storage.",
        encoding="utf-8",
    )
    question = "What is a database index and what does it cost?"
    command = [sys.executable, "-m", "interview_core", "evaluate", "--question", question, "--answer-file", str(answer)]
    command += ["--key-point", "An index lets the database find rows without scanning the whole table"]
    command += ["--key-point", "Indexes speed up reads but slow down writes and use storage", "--json"]
    printed = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "INTERVIEW_COACH_DATA_DIR": str(tmp_path)}
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=True)
        printed.add(result.stdout)
    assert len(printed) == 1
