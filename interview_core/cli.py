"""`python -m interview_core`: the core's command line.

Exit codes: 0 success; 2 bad input or configuration (one line on stderr, no traceback);
1 anything else (one line on stderr; the traceback only with --debug).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from pydantic import TypeAdapter, ValidationError
from sqlalchemy.exc import SQLAlchemyError

from interview_core.domain import (
    MAX_QUESTIONS,
    MIN_QUESTIONS,
    Difficulty,
    Evaluation,
    InterviewSetup,
    InterviewType,
    Level,
    ModelCall,
    QuestionDraft,
    QuestionType,
    TimedWord,
)
from interview_core.errors import CoachError, ConfigurationError, InvalidInput, NeedsKeyPoints, validation_message
from interview_core.storage.models import row_id

if TYPE_CHECKING:
    from interview_core.resume.store import ReadResume

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2
MAX_ANSWER_FILE_BYTES = 1_000_000

# pydantic field name → the flag the user typed, so messages name what they can change.
_FLAGS = {
    "job_role": "--role",
    "level": "--level",
    "interview_type": "--type",
    "difficulty": "--difficulty",
    "tech_stack": "--stack",
    "focus_areas": "--focus",
    "question_count": "--count",
    "text": "--question",
    "key_points": "--key-point",
}


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line, like every other input error here."""

    def error(self, message: str) -> NoReturn:
        raise InvalidInput(f"{self.prog}: {message} (see --help)")


def _comma_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m interview_core", description="Interview coach core.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    questions = commands.add_parser("questions", help="choose questions for an interview setup")
    questions.add_argument("--role", required=True, help='job role, e.g. "Backend Engineer"')
    questions.add_argument("--level", choices=[v.value for v in Level], default=Level.MID.value)
    questions.add_argument("--type", choices=[v.value for v in InterviewType], default="technical")
    questions.add_argument("--difficulty", choices=[v.value for v in Difficulty], default="medium")
    questions.add_argument("--stack", type=_comma_list, default=[], help="comma-separated, e.g. python,postgresql")
    questions.add_argument("--focus", type=_comma_list, default=[], help="comma-separated focus areas")
    questions.add_argument("--count", type=int, default=5, help=f"{MIN_QUESTIONS} to {MAX_QUESTIONS}")
    questions.add_argument("--seed", type=int, help="same seed, same questions (default: random)")
    questions.add_argument("--resume", type=Path, help="a resume PDF: questions about its achievements and skills")
    questions.add_argument("--job-description", type=Path, help="a job description (text or PDF file)")
    questions.add_argument("--json", action="store_true", help="print JSON")

    resume = commands.add_parser("resume", help="read a resume PDF: skills, years, roles, achievements")
    resume.add_argument("file", type=Path, metavar="FILE")
    resume.add_argument("--json", action="store_true", help="print JSON")

    evaluate = commands.add_parser("evaluate", help="score one answer")
    evaluate.add_argument("--question", required=True)
    evaluate.add_argument("--type", choices=[v.value for v in QuestionType], default="technical")
    evaluate.add_argument(
        "--key-point",
        action="append",
        default=[],
        dest="key_points",
        help="what a strong answer says (repeat); default: the bank's, if the question is from it",
    )
    source = evaluate.add_mutually_exclusive_group(required=True)
    source.add_argument("--answer")
    source.add_argument("--answer-file", type=Path)
    evaluate.add_argument(
        "--timestamps", type=Path, help='JSON file of spoken words: [{"word": "so", "start": 0.0, "end": 0.2}, ...]'
    )
    evaluate.add_argument("--time-allocation", type=int, help="seconds the question allows (default: by type)")
    evaluate.add_argument("--json", action="store_true", help="print JSON")

    transcribe = commands.add_parser("transcribe", help="speech to text with word timestamps and delivery metrics")
    transcribe.add_argument("files", nargs="+", type=Path, metavar="FILE")
    transcribe.add_argument("--vocabulary", type=_comma_list, default=[], help="comma-separated terms to expect")
    transcribe.add_argument("--json", action="store_true", help="one JSON line per file")

    commands.add_parser("demo", help="load sample templates and scored interviews for the local profile")

    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", required=True, parser_class=_Parser)
    db_commands.add_parser("upgrade", help="apply pending migrations (the app does this at start)")
    db_commands.add_parser("current", help="print the applied revision")
    revision = db_commands.add_parser("revision", help="autogenerate a migration from models.py")
    revision.add_argument("-m", "--message", required=True)
    return parser


def _emit(data: dict[str, Any]) -> None:
    print(json.dumps(data, ensure_ascii=False))


def _cmd_questions(args: argparse.Namespace) -> int:
    from interview_core.questions.bank import new_seed
    from interview_core.services import build_services

    try:
        setup = InterviewSetup(
            job_role=args.role,
            level=args.level,
            interview_type=args.type,
            difficulty=args.difficulty,
            tech_stack=args.stack,
            focus_areas=args.focus,
            question_count=args.count,
        )
    except ValidationError as error:
        raise InvalidInput(validation_message(error, _FLAGS)) from None
    from interview_core.interview.flow import question_origin

    seed = new_seed() if args.seed is None else args.seed
    resume_text = _read_resume(args.resume).text if args.resume else ""
    if args.job_description:
        setup = setup.model_copy(update={"job_description": _read_document(args.job_description)[:20_000]})
    engine = build_services().engine
    calls: list[ModelCall] = []
    questions = engine.generate_questions(setup, seed=seed, resume_text=resume_text, on_call=calls.append)
    generated_by, note = question_origin(engine, questions, calls)
    if note:
        print(f"note: {note}", file=sys.stderr)
    if args.json:
        _emit(
            {
                "engine": generated_by,
                **({"model": calls[-1].model} if generated_by != "offline" and calls else {}),
                "seed": seed,
                "questions": [
                    {
                        "id": q.bank_id,
                        "source": q.source.value,
                        "text": q.text,
                        "type": q.question_type.value,
                        "difficulty": q.difficulty.value,
                        "key_points": q.key_points,
                        "time_allocation_s": q.time_allocation_s,
                        "tags": q.tags,
                    }
                    for q in questions
                ],
            }
        )
        return EXIT_OK
    total_min = sum(q.time_allocation_s for q in questions) / 60
    print(f"{setup.display_title()} — {len(questions)} questions, about {total_min:.0f} min (seed {seed})")
    for number, q in enumerate(questions, 1):
        print(f"\n{number}. [{q.question_type.value}, {q.difficulty.value}, {q.time_allocation_s // 60} min] {q.text}")
        for point in q.key_points:
            print(f"   - {point}")
    return EXIT_OK


def _read_bytes(path: Path, *, flag: str, limit: int) -> bytes:
    """At most `limit` + 1 bytes: one over says the file is too large without reading it all."""
    try:
        with path.open("rb") as handle:
            return handle.read(limit + 1)
    except FileNotFoundError:
        raise InvalidInput(f"{flag} {path}: no such file") from None
    except IsADirectoryError:
        raise InvalidInput(f"{flag} {path}: is a folder, not a file") from None
    except OSError as error:
        raise InvalidInput(f"{flag} {path}: {error.strerror}") from None


def _read_text(path: Path, *, flag: str) -> str:
    data = _read_bytes(path, flag=flag, limit=MAX_ANSWER_FILE_BYTES)
    if len(data) > MAX_ANSWER_FILE_BYTES:
        raise InvalidInput(f"{flag} {path}: larger than {MAX_ANSWER_FILE_BYTES // 1000} kB")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(f"{flag} {path}: not UTF-8 text") from None


def _read_resume(path: Path, flag: str = "--resume") -> ReadResume:
    from interview_core.resume.pdf_text import MAX_BYTES
    from interview_core.resume.store import read_resume

    try:
        return read_resume(data=_read_bytes(path, flag=flag, limit=MAX_BYTES))
    except InvalidInput as error:
        raise InvalidInput(f"{path.name}: {error}") from None


def _read_document(path: Path) -> str:
    """A job description: a PDF (read like a resume) or a UTF-8 text file."""
    if path.suffix.lower() == ".pdf":
        return _read_resume(path, "--job-description").text
    return _read_text(path, flag="--job-description")


def _cmd_resume(args: argparse.Namespace) -> int:
    read = _read_resume(args.file, "resume")
    profile = read.profile
    if args.json:
        _emit(
            {
                "pages": read.pages,
                "text_chars": len(read.text),
                "truncated": read.truncated,
                **profile.model_dump(mode="json"),
            }
        )
        return EXIT_OK
    years = f"{profile.years_experience:g} years" if profile.years_experience is not None else "years unknown"
    print(f"{args.file.name}: {read.pages} page(s), {len(read.text):,} characters; {years}")
    print(f"Roles: {', '.join(profile.roles) or '—'} (seniority: {profile.seniority or '—'})")
    print(f"Skills: {', '.join(profile.skills) or '—'}")
    for title, items in (("Achievements", profile.achievements), ("Education", profile.education)):
        if items:
            print(f"{title}:")
            print("\n".join(f"  - {item}" for item in items))
    return EXIT_OK


def _read_answer(args: argparse.Namespace) -> str:
    return args.answer if args.answer is not None else _read_text(args.answer_file, flag="--answer-file")


def _read_timestamps(path: Path | None) -> list[TimedWord]:
    if path is None:
        return []
    try:
        data = json.loads(_read_text(path, flag="--timestamps"))
        return TypeAdapter(list[TimedWord]).validate_python(data)
    except json.JSONDecodeError as error:
        raise InvalidInput(f"--timestamps {path}: not JSON ({error.msg} at line {error.lineno})") from None
    except ValidationError:
        raise InvalidInput(
            f'--timestamps {path}: expected a list of {{"word": str, "start": seconds, "end": seconds}}'
        ) from None


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from interview_core.questions.bank import load_bank
    from interview_core.rubric import criteria_for
    from interview_core.services import build_services

    key_points = [point.strip() for point in args.key_points if point.strip()]
    question_type = QuestionType(args.type)
    if not key_points:
        match = next(
            (q for q in load_bank().questions if q.text.strip().lower() == args.question.strip().lower()), None
        )
        if match is None:
            from interview_core.scoring.evaluator import suggest_key_points

            raise NeedsKeyPoints(suggest_key_points(args.question))
        key_points, question_type = list(match.key_points), match.type
    fields = {"time_allocation_s": args.time_allocation} if args.time_allocation else {}
    try:
        question = QuestionDraft(
            text=args.question,
            question_type=question_type,
            key_points=key_points,
            evaluation_criteria=criteria_for(question_type),
            **fields,
        )
    except ValidationError as error:
        raise InvalidInput(validation_message(error, _FLAGS)) from None
    answer, timed_words = _read_answer(args), _read_timestamps(args.timestamps)
    evaluation = build_services().engine.evaluate_answer(question, answer, timed_words=timed_words)
    if evaluation.fallback_reason:
        print(f"note: {evaluation.fallback_reason}", file=sys.stderr)
    if args.json:
        _emit(_evaluation_json(evaluation))
        return EXIT_OK
    print(f"Score {evaluation.score:.0f}/100 ({evaluation.engine} {evaluation.engine_version})")
    for name, criterion in evaluation.criteria.items():
        print(f"  {name:<20} {criterion.score:5.0f}  {criterion.reason}")
    print(f"\n{evaluation.feedback}")
    d = evaluation.delivery
    pace = f", {d['words_per_minute']:.0f} wpm ({d['pace']})" if d.get("words_per_minute") else ""
    print(
        f"\nDelivery: {d.get('word_count', 0)} words{pace}, {d.get('fillers_per_100_words', 0):.1f} fillers "
        f"and {d.get('hedges_per_100_words', 0):.1f} hedges per 100 words, "
        f"{len(d.get('long_pauses') or [])} long pauses"
    )
    for title, items in (("Strengths", evaluation.strengths), ("Improvements", evaluation.improvements)):
        if items:
            print(f"\n{title}:")
            print("\n".join(f"  - {item}" for item in items))
    return EXIT_OK


def _evaluation_json(evaluation: Evaluation) -> dict[str, Any]:
    return {
        "engine": evaluation.engine,
        "engine_version": evaluation.engine_version,
        **({"model": evaluation.model, "prompt_version": evaluation.prompt_version} if evaluation.model else {}),
        "fallback_reason": evaluation.fallback_reason,
        "score": evaluation.score,
        "criteria": {name: c.score for name, c in evaluation.criteria.items()},
        "criteria_reasons": {name: c.reason for name, c in evaluation.criteria.items()},
        "covered_key_points": evaluation.covered_key_points,
        "missed_key_points": evaluation.missed_key_points,
        "evidence": [quote.model_dump() for quote in evaluation.evidence],
        "missed_reasons": evaluation.missed_reasons,
        "model_answer": evaluation.model_answer,
        "feedback": evaluation.feedback,
        "strengths": evaluation.strengths,
        "improvements": evaluation.improvements,
        "delivery": evaluation.delivery,
        "needs_review": evaluation.needs_review,
        "not_assessed": evaluation.not_assessed,
    }


def _cmd_db(args: argparse.Namespace) -> int:
    from interview_core.config import get_settings
    from interview_core.storage.database import (
        _alembic_config,
        create_db_engine,
        current_revision,
        database_url,
        migrate,
        redacted,
        unavailable,
    )

    url = database_url(get_settings())
    engine = create_db_engine(url)
    try:
        if args.db_command == "upgrade":
            migrate(engine)
            print(f"{redacted(url)} is at revision {current_revision(engine)}")
        elif args.db_command == "current":
            print(current_revision(engine) or "(empty database)")
        else:
            from alembic import command

            with engine.begin() as connection:
                command.revision(_alembic_config(connection), message=args.message, autogenerate=True)
    except SQLAlchemyError as error:
        raise unavailable(url, error) from None
    return EXIT_OK


def _cmd_transcribe(args: argparse.Namespace) -> int:
    from interview_core.config import get_settings
    from interview_core.scoring.delivery import measure
    from interview_core.speech.transcription import shared_transcriber

    missing = [str(path) for path in args.files if not path.is_file()]
    if missing:
        raise InvalidInput(f"no such file: {', '.join(missing)}")
    transcriber = shared_transcriber(get_settings().whisper_model)
    for path in args.files:
        transcript = transcriber.transcribe(path, vocabulary=args.vocabulary)
        delivery = measure(transcript.text, timed_words=transcript.words)
        if args.json:
            _emit(
                {
                    "file": str(path),
                    "text": transcript.text,
                    "duration_s": transcript.duration_s,
                    "processing_s": transcript.processing_s,
                    "words": [w.model_dump() for w in transcript.words],
                    "delivery": delivery.model_dump(),
                }
            )
        else:
            print(f"{path} ({transcript.duration_s:.1f} s, {transcript.processing_s:.1f} s to transcribe):")
            print(f"  {transcript.text}")
    return EXIT_OK


def _cmd_demo(args: argparse.Namespace) -> int:
    from interview_core.account.demo import load_demo
    from interview_core.services import build_services
    from interview_core.storage import repository

    services = build_services()
    with services.database.session() as session:
        owner = repository.local_user(session=session)
        added = load_demo(session=session, engine=services.engine, owner_id=row_id(owner))
    print(f"Loaded {added} demo interviews." if added else "The demo data is already loaded.")
    return EXIT_OK


_COMMANDS = {
    "questions": _cmd_questions,
    "resume": _cmd_resume,
    "evaluate": _cmd_evaluate,
    "transcribe": _cmd_transcribe,
    "demo": _cmd_demo,
    "db": _cmd_db,
}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        args = _build_parser().parse_args(argv)
        return _COMMANDS[args.command](args)
    except (InvalidInput, ConfigurationError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except CoachError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        if debug:
            raise
        print(f"error: unexpected {type(error).__name__}; run again with --debug for details", file=sys.stderr)
        return EXIT_FAILURE
