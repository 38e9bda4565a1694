"""The spoken interview as a conversation (issue: conversation mode, points 1, 4 and 5)."""

from __future__ import annotations

import pytest

from interview_core.domain import InterviewMode
from interview_core.interview.conversation import (
    Command,
    Conversation,
    Finish,
    Phase,
    Question,
    Say,
    Skip,
    Submit,
    Turn,
    spoken_command,
    without_closing_command,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def question(number: int, *, follow_up: bool = False, total: int = 3) -> Question:
    return Question(
        id=number * 10 + follow_up,
        text=f"Question text {number}?",
        number=number,
        total=total,
        follow_up=follow_up,
        time_s=120,
    )


def conversation(mode: InterviewMode = InterviewMode.PRACTICE) -> tuple[Conversation, list[Turn], Clock]:
    turns: list[Turn] = []
    clock = Clock()
    return Conversation(role="Backend Engineer", mode=mode, on_turn=turns.append, clock=clock), turns, clock


def test_one_start_runs_the_whole_interview_and_every_turn_is_recorded() -> None:
    talk, turns, _ = conversation()
    (greeting,) = talk.start(question(1))
    assert isinstance(greeting, Say) and "Backend Engineer" in greeting.text and "Question 1 of 3" in greeting.text
    talk.finished_speaking()
    assert talk.phase is Phase.LISTENING
    assert talk.heard("I would put the sessions in Redis,") == []
    assert talk.heard("because every server can read them.") == []
    assert talk.turn_ended() == [Submit(10, "I would put the sessions in Redis, because every server can read them.")]
    (follow_up,) = talk.next(question(1, follow_up=True), reaction="Good start.")
    assert follow_up == Say("Good start. Question text 1?")  # a follow-up has no number of its own
    talk.finished_speaking()
    talk.heard("By expiring them after thirty minutes.")
    assert talk.turn_ended() == [Submit(11, "By expiring them after thirty minutes.")]
    (last,) = talk.next(question(3))
    assert isinstance(last, Say) and "Last question" in last.text
    talk.finished_speaking()
    talk.heard("I'd use a queue.")
    talk.turn_ended()
    closing, finish = talk.next(None)
    assert isinstance(closing, Say) and finish == Finish()
    assert [t.speaker for t in turns] == [
        "interviewer",
        "candidate",
        "candidate",
        "interviewer",
        "candidate",
        "interviewer",
        "candidate",
        "interviewer",
    ]
    assert turns[1].question_id == 10 and turns[4].question_id == 11


def test_spoken_requests_are_acted_on_and_are_not_part_of_the_answer() -> None:
    talk, _, _ = conversation()
    talk.start(question(1))
    talk.finished_speaking()
    assert talk.heard("Sorry, could you repeat the question?") == [Say("Sure. Question text 1?")]
    talk.finished_speaking()
    (line,) = talk.heard("Give me a moment.")
    assert isinstance(line, Say) and talk.phase is Phase.SPEAKING
    talk.finished_speaking()
    assert talk.phase is Phase.HOLDING  # silence does not end this turn
    talk.heard("OK so I'd shard by user ID.")
    assert talk.heard("That's it.") == [Submit(10, "OK so I'd shard by user ID.")]
    talk.next(question(2))
    talk.finished_speaking()
    line, skip = talk.heard("Can we skip this one?")
    assert isinstance(line, Say) and skip == Skip(20)


def test_the_same_requests_can_be_clicked() -> None:
    talk, _, _ = conversation()
    talk.start(question(1))
    talk.finished_speaking()
    assert talk.command(Command.REPEAT) == [Say("Question text 1?")]
    talk.finished_speaking()
    talk.heard("A B-tree keeps keys sorted.")
    assert talk.command(Command.DONE) == [Submit(10, "A B-tree keeps keys sorted.")]


def test_mock_mode_moves_on_at_the_time_limit_and_gives_no_reactions() -> None:
    talk, _, clock = conversation(InterviewMode.MOCK)
    talk.start(question(1))
    talk.finished_speaking()
    talk.heard("I would start with the requirements")
    clock.now += 119
    assert talk.tick() == []
    clock.now += 2
    line, submit = talk.tick()
    assert isinstance(line, Say) and "move on" in line.text
    assert submit == Submit(10, "I would start with the requirements")
    (next_question,) = talk.next(question(2), reaction="Great answer!")
    assert isinstance(next_question, Say) and "Great" not in next_question.text


def test_practice_mode_has_no_time_limit() -> None:
    talk, _, clock = conversation(InterviewMode.PRACTICE)
    talk.start(question(1))
    talk.finished_speaking()
    clock.now += 1000
    assert talk.tick() == []


def test_the_candidate_is_not_heard_while_the_interviewer_speaks() -> None:
    talk, turns, _ = conversation()
    talk.start(question(1))
    assert talk.heard("Question text 1?") == []  # its own voice, picked up by the microphone
    assert [t.speaker for t in turns] == ["interviewer"]


def test_a_turn_with_nothing_said_moves_on_without_an_answer() -> None:
    talk, _, _ = conversation()
    talk.start(question(1))
    talk.finished_speaking()
    line, skip = talk.turn_ended()
    assert isinstance(line, Say) and skip == Skip(10)


@pytest.mark.parametrize(
    ("utterance", "command"),
    [
        ("Could you repeat the question?", Command.REPEAT),
        ("Sorry, what was the question?", Command.REPEAT),
        ("Um, give me a second.", Command.WAIT),
        ("Let me think.", Command.WAIT),
        ("Skip.", Command.SKIP),
        ("Next question, please.", Command.SKIP),
        ("I'm done.", Command.DONE),
        ("That's all I have.", Command.DONE),
        ("I skipped the cache on writes.", None),
        ("Then I repeat the request with backoff.", None),
        ("Once I was done with the migration, we cut over.", None),
    ],
)
def test_what_counts_as_a_request(utterance: str, command: Command | None) -> None:
    assert spoken_command(utterance) is command


def test_a_closing_im_done_is_taken_off_the_answer() -> None:
    assert without_closing_command("I would use a queue. That's it.") == ("I would use a queue.", True)
    assert without_closing_command("I would use a queue.") == ("I would use a queue.", False)
