import json
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from interview_core.cli import main
from interview_core.questions.bank import load_bank
from interview_core.storage.database import MIGRATIONS_DIR

ROOT = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(code: int, err: str, *, mentions: str) -> None:
    assert code == 2
    assert err.count("\n") == 1, err
    assert err.startswith("error: ")
    assert mentions in err
    assert "Traceback" not in err


def test_questions_json_through_the_real_entry_point() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "interview_core",
            "questions",
            "--role",
            "Backend Engineer",
            "--type",
            "technical",
            "--stack",
            "python,postgresql",
            "--count",
            "5",
            "--json",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["engine"] == "offline"
    assert len(data["questions"]) == 5
    assert len({q["text"] for q in data["questions"]}) == 5
    for question in data["questions"]:
        assert {"text", "type", "difficulty", "key_points", "time_allocation_s"} <= set(question)
        assert question["type"] == "technical"
        assert 3 <= len(question["key_points"]) <= 6
        assert isinstance(question["time_allocation_s"], int)


def test_questions_with_a_seed_are_reproducible(capsys) -> None:
    args = ("questions", "--role", "Data Scientist", "--type", "mixed", "--count", "6", "--seed", "11", "--json")
    first, second = json.loads(run(capsys, *args)[1]), json.loads(run(capsys, *args)[1])
    assert first == second
    assert first["seed"] == 11


def test_questions_readable_output(capsys) -> None:
    code, out, _ = run(capsys, "questions", "--role", "SRE", "--stack", "kubernetes", "--count", "3")
    assert code == 0
    assert "3 questions" in out
    assert out.count("\n1. ") == 1 and "\n3. " in out


@pytest.mark.parametrize(
    ("argv", "mentions"),
    [
        (["questions", "--role", "Dev", "--count", "2"], "--count"),
        (["questions", "--role", "Dev", "--count", "11"], "--count"),
        (["questions", "--role", "Dev", "--count", "five"], "--count"),
        (["questions", "--role", "Dev", "--type", "trivia"], "--type"),
        (["questions", "--role", " "], "--role"),
        (["questions"], "--role"),
        (["nonsense"], "invalid choice"),
        (["evaluate", "--question", "What is a database index?", "--answer", "x"], "--key-point"),
        (["evaluate", "--question", "Q?", "--key-point", "k", "--answer", "a", "--answer-file", "f"], "not allowed"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, argv: list[str], mentions: str) -> None:
    code, out, err = run(capsys, *argv)
    assert out == ""
    assert_one_line_error(code, err, mentions=mentions)


def test_missing_answer_file_is_bad_input(capsys, tmp_path: Path) -> None:
    code, _, err = run(
        capsys,
        "evaluate",
        "--question",
        "What is an index?",
        "--key-point",
        "speeds reads",
        "--answer-file",
        str(tmp_path / "missing.txt"),
    )
    assert_one_line_error(code, err, mentions="no such file")


def test_evaluate_json_has_every_field(capsys, tmp_path: Path) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_text(
        "An index is a separate B-tree structure that lets the database find rows without scanning the table. "
        "It speeds up reads on the indexed columns, but every insert and update must also update the index, "
        "so writes get slower and it uses extra storage.",
        encoding="utf-8",
    )
    code, out, _ = run(
        capsys,
        "evaluate",
        "--question",
        "What is a database index and what does it cost?",
        "--key-point",
        "An index is a B-tree structure that finds rows without scanning the whole table",
        "--key-point",
        "Indexes speed up reads but slow down writes and use extra storage",
        "--key-point",
        "Composite index column order matters for which queries can use it",
        "--answer-file",
        str(answer),
        "--json",
    )
    assert code == 0
    data = json.loads(out)
    for field in (
        "engine",
        "score",
        "criteria",
        "covered_key_points",
        "missed_key_points",
        "evidence",
        "feedback",
        "strengths",
        "improvements",
        "delivery",
    ):
        assert field in data, field
    assert 0 <= data["score"] <= 100
    assert all(0 <= value <= 100 for value in data["criteria"].values())
    assert len(data["covered_key_points"]) + len(data["missed_key_points"]) == 3
    assert "Composite index column order matters for which queries can use it" in data["missed_key_points"]
    for quote in data["evidence"]:
        assert quote["quote"] in answer.read_text(encoding="utf-8")


def test_evaluate_an_empty_answer_scores_zero(capsys) -> None:
    code, out, _ = run(
        capsys,
        "evaluate",
        "--question",
        "Explain CAP.",
        "--key-point",
        "consistency availability",
        "--answer",
        "   ",
        "--json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["score"] == 0
    assert "empty" in data["feedback"].lower()


def test_evaluate_a_bank_question_uses_its_key_points(capsys) -> None:
    question = next(q for q in load_bank().questions if q.type.value == "behavioral")
    code, out, _ = run(capsys, "evaluate", "--question", question.text, "--answer", "I do not know.", "--json")
    assert code == 0
    assert json.loads(out)["missed_key_points"] == list(question.key_points)


def test_evaluate_readable_output(capsys) -> None:
    code, out, _ = run(
        capsys,
        "evaluate",
        "--question",
        "What is a race condition?",
        "--key-point",
        "Two threads access shared data and the result depends on timing",
        "--answer",
        "A race condition is when two threads access shared data and the result depends on timing.",
    )
    assert code == 0
    assert out.startswith("Score ")
    assert "key_point_coverage" in out


def test_broken_settings_exit_2_without_echoing_secrets(capsys, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://root:hunter2@db/x")
    code, _, err = run(capsys, "db", "current")
    assert_one_line_error(code, err, mentions="DATABASE_URL")
    assert "hunter2" not in err


def test_db_upgrade_then_current(capsys) -> None:
    code, out, _ = run(capsys, "db", "upgrade")
    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    assert code == 0 and f"revision {head}" in out
    code, out, _ = run(capsys, "db", "current")
    assert code == 0 and out.strip() == head


def test_evaluate_with_word_timestamps_reports_pace_and_pauses(capsys, tmp_path: Path) -> None:
    words = "so an index lets the database find rows without scanning the whole table".split()
    timed = [{"word": w, "start": i * 0.4, "end": i * 0.4 + 0.3} for i, w in enumerate(words)]
    timed[-1] = {"word": "table", "start": 9.0, "end": 9.3}  # a 4 s pause before the last word
    stamps = tmp_path / "words.json"
    stamps.write_text(json.dumps(timed), encoding="utf-8")
    code, out, _ = run(
        capsys,
        "evaluate",
        "--question",
        "What is an index?",
        "--key-point",
        "An index finds rows without scanning the whole table",
        "--answer",
        " ".join(words),
        "--timestamps",
        str(stamps),
        "--json",
    )
    assert code == 0
    delivery = json.loads(out)["delivery"]
    assert delivery["speaking_time_s"] == 9.3
    assert delivery["long_pauses"][0]["after_word"] == "whole"
    assert delivery["words_per_minute"] == round(len(words) / (9.3 / 60), 1)


def test_bad_timestamps_are_bad_input(capsys, tmp_path: Path) -> None:
    stamps = tmp_path / "words.json"
    stamps.write_text('[{"word": "so"}]', encoding="utf-8")
    code, _, err = run(
        capsys,
        "evaluate",
        "--question",
        "What is an index?",
        "--key-point",
        "finds rows",
        "--answer",
        "an answer of several words here",
        "--timestamps",
        str(stamps),
    )
    assert_one_line_error(code, err, mentions="--timestamps")
