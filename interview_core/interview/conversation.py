"""The spoken interview as a conversation: what the interviewer says and does next, with no clicks.

After one Start, the interviewer greets the candidate by the role, asks each question, listens,
decides when the answer is finished (speech.turns), submits it, asks the follow-up when one is due,
moves on, and closes. The candidate can say "repeat the question", "give me a moment", "skip" or
"I'm done" (or click the same), and in mock mode the interviewer moves on at the time limit.

Pure: events in (`start`, `finished_speaking`, `heard`, `turn_ended`, `answered`, `tick`), actions
out (lines to say, an answer to submit, a question to skip, the interview to finish), time from
an injected clock. The page plays the lines, runs the microphone and calls the core's flow; every
turn of both speakers comes out as a `Turn` to be saved the moment it exists.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from interview_core.domain import InterviewMode


class Command(StrEnum):
    REPEAT = "repeat"  # say the question again
    WAIT = "wait"  # the candidate needs a moment: silence does not end the turn
    SKIP = "skip"  # no answer to this question
    DONE = "done"  # the answer is complete: end the turn now


_COMMANDS: tuple[tuple[Command, re.Pattern[str]], ...] = tuple(
    (command, re.compile(rf"^(?:{pattern})$"))
    for command, pattern in (
        (
            Command.REPEAT,
            r"(?:(?:can|could|would) you |please )?(?:repeat|say|read)(?: (?:the|that|this))?(?: question)?"
            r"(?: again)?(?: please)?|pardon|what was the question(?: again)?",
        ),
        (
            Command.WAIT,
            r"(?:(?:can|could) you )?give me (?:a|one) (?:moment|second|sec|minute)(?: please)?|let me think"
            r"(?: (?:for )?a (?:moment|second|bit))?|hold on|one (?:moment|second)|just a (?:moment|second)",
        ),
        (
            Command.SKIP,
            r"(?:(?:i'd like to|i want to|can we|let's|i'll) )?(?:skip|pass)(?: (?:this|that|the) (?:one|question))?"
            r"(?: please)?|next question(?: please)?|i don't know(?:,? let's move on| this one)?",
        ),
        (
            Command.DONE,
            r"(?:and )?(?:i'm|i am) (?:done|finished)|that's (?:it|all|my answer)|(?:and )?that's all i have"
            r"|done|finished",
        ),
    )
)


def _normalised(utterance: str) -> str:
    text = utterance.lower().replace("’", "'")
    text = re.sub(r"\b(?:um+|uh+|er+|erm|okay|ok|so|yeah|sorry)\b", " ", text)
    return " ".join(re.sub(r"[^a-z' ]", " ", text).split())


def spoken_command(utterance: str) -> Command | None:
    """The request an utterance makes, when the whole utterance is one ("Could you repeat the
    question?"); None for anything else, so "I skipped the cache" stays an answer."""
    text = _normalised(utterance)
    return next((command for command, pattern in _COMMANDS if pattern.match(text)), None)


_LAST_SENTENCE = re.compile(r"(?:(?<=[.!?])\s+|^)([^.!?]+[.!?]?)\s*$")


def without_closing_command(answer: str) -> tuple[str, bool]:
    """The answer without a closing "That's it." / "I'm done.", and whether it had one."""
    match = _LAST_SENTENCE.search(answer.strip())
    if match and spoken_command(match.group(1)) is Command.DONE:
        return answer.strip()[: match.start(1)].rstrip(), True
    return answer.strip(), False


@dataclass(frozen=True)
class Question:
    id: int
    text: str
    number: int  # among the interview's own questions: a follow-up has its question's
    total: int
    follow_up: bool
    time_s: float


class Phase(StrEnum):
    IDLE = "idle"  # not started
    SPEAKING = "speaking"  # the interviewer is talking: the microphone is not transcribed
    LISTENING = "listening"  # the candidate's turn
    HOLDING = "holding"  # the candidate asked for a moment
    SCORING = "scoring"  # the answer is being saved and scored; the next question is decided
    FINISHED = "finished"


@dataclass(frozen=True)
class Turn:
    """One turn of the conversation, saved as soon as it exists."""

    speaker: str  # interviewer or candidate
    text: str
    question_id: int | None
    at: float  # clock time


@dataclass(frozen=True)
class Say:
    text: str


@dataclass(frozen=True)
class Submit:
    question_id: int
    text: str


@dataclass(frozen=True)
class Skip:
    question_id: int


@dataclass(frozen=True)
class Finish:
    pass


Action = Say | Submit | Skip | Finish


class Conversation:
    """The interviewer's side of the conversation, one event at a time."""

    def __init__(
        self,
        *,
        role: str,
        mode: InterviewMode,
        on_turn: Callable[[Turn], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.role = role.strip() or "this role"
        self.mode = mode
        self._on_turn = on_turn
        self._clock = clock
        self.phase = Phase.IDLE
        self.question: Question | None = None
        self._asked_at = 0.0
        self._heard: list[str] = []
        self._holding = False

    # --- what the interviewer says --------------------------------------------------------------

    def _say(self, text: str) -> Say:
        self.phase = Phase.SPEAKING
        self._record("interviewer", text)
        return Say(text)

    def _record(self, speaker: str, text: str) -> None:
        if self._on_turn is not None:
            self._on_turn(Turn(speaker, text, self.question.id if self.question else None, self._clock()))

    def _ask(self, question: Question, lead: str = "") -> Say:
        self.question, self._heard, self._holding = question, [], False
        if question.follow_up:
            line = question.text
        elif question.number == question.total and question.total > 1:
            line = f"Last question. {question.text}"
        else:
            line = f"Question {question.number} of {question.total}. {question.text}"
        return self._say(f"{lead} {line}".strip())

    def start(self, first: Question, *, already_said: str = "") -> list[Action]:
        """Greet the candidate by the role and ask the first question. After a dropped connection
        (`first` is not the interview's first question, or part of its answer was said already),
        welcome them back to the question they were on, keeping what they said."""
        if first.number == 1 and not first.follow_up and not already_said:
            greeting = (
                f"Hi, thanks for joining. This is a {first.total}-question interview for the {self.role} role. "
                "Take your time with each answer; when you pause for a while, I'll take it that you're done. "
                "You can say 'repeat the question', 'give me a moment' or 'skip' at any point."
            )
        else:
            greeting = "Welcome back. Let's pick up where we left off."
            if already_said:
                greeting += " I have what you said so far; carry on from there."
        said = self._ask(first, greeting)
        if already_said:
            self._heard = [already_said.strip()]
        return [said]

    def finished_speaking(self) -> None:
        """The line has been played: the candidate's turn starts now (and its clock)."""
        if self.phase is Phase.SPEAKING and self.question is not None:
            if not self._heard and not self._holding:  # the question itself (not "take your time")
                self._asked_at = self._clock()
            self.phase = Phase.HOLDING if self._holding else Phase.LISTENING

    # --- what the candidate says ----------------------------------------------------------------

    def heard(self, utterance: str) -> list[Action]:
        """A transcribed utterance of the candidate's. A request is acted on and is not part of
        the answer; anything else is."""
        if self.question is None or self.phase not in (Phase.LISTENING, Phase.HOLDING):
            return []
        self._record("candidate", utterance)
        command = spoken_command(utterance)
        if command is Command.REPEAT:
            return [self._say(f"Sure. {self.question.text}")]
        if command is Command.WAIT:
            self._holding = True
            return [self._say("Of course, take your time.")]
        if command is Command.SKIP:
            return self._skip("No problem, let's skip that one.")
        if command is Command.DONE:
            return self.turn_ended()
        self.phase, self._holding = Phase.LISTENING, False
        self._heard.append(utterance.strip())
        return []

    def command(self, command: Command) -> list[Action]:
        """The same requests, clicked."""
        if self.question is None or self.phase is Phase.FINISHED:
            return []
        if command is Command.REPEAT:
            return [self._say(self.question.text)]
        if command is Command.WAIT:
            self._holding, self.phase = True, Phase.HOLDING
            return []
        if command is Command.SKIP:
            return self._skip("Let's skip that one.")
        return self.turn_ended()

    def turn_ended(self) -> list[Action]:
        """The candidate's turn is over (silence after finished-sounding words, or "I'm done")."""
        if self.question is None or self.phase not in (Phase.LISTENING, Phase.HOLDING):
            return []
        answer, _ = without_closing_command(" ".join(self._heard))
        if not answer:
            return self._skip("Let's move on.")
        self.phase = Phase.SCORING
        return [Submit(self.question.id, answer)]

    def _skip(self, line: str) -> list[Action]:
        assert self.question is not None
        self._record("interviewer", line)
        self.phase = Phase.SCORING
        return [Say(line), Skip(self.question.id)]

    def tick(self) -> list[Action]:
        """Called as time passes: in mock mode the interviewer moves on at the time limit, with
        what was said so far as the answer."""
        if (
            self.mode is InterviewMode.MOCK
            and self.question is not None
            and self.phase in (Phase.LISTENING, Phase.HOLDING)
            and self._clock() - self._asked_at >= self.question.time_s
        ):
            answer, _ = without_closing_command(" ".join(self._heard))
            self.phase = Phase.SCORING
            line = "We're at time on this one, so let's move on."
            self._record("interviewer", line)
            return [Say(line), Submit(self.question.id, answer) if answer else Skip(self.question.id)]
        return []

    # --- after the answer is saved and scored ------------------------------------------------

    def next(self, question: Question | None, *, reaction: str = "") -> list[Action]:
        """The answer is in: ask `question` next (a follow-up or the next question), or close the
        interview when there is none. In practice mode a one-line `reaction` may come first; in
        mock mode there is none (no scores between questions)."""
        lead = reaction.strip() if self.mode is InterviewMode.PRACTICE else ""
        if question is None:
            self.question = None
            closing = "That's all my questions. Thank you, that was a good conversation. Your results are ready."
            return [self._say(f"{lead} {closing}".strip()), Finish()]
        if not question.follow_up and not lead:
            lead = "Thanks." if self.mode is InterviewMode.MOCK else "Thank you."
        return [self._ask(question, lead)]

    def close(self) -> None:
        self.phase = Phase.FINISHED
