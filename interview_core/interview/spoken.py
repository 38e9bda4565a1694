"""A hands-free spoken interview over one live audio connection.

`SpokenInterview` joins the parts: the microphone's frames (WebRTC's thread) go to a recorded,
live-transcribed take (`LiveAnswer`) and to the turn detector while it is the candidate's turn;
the interviewer's lines are rendered by the voice and pushed, a sentence at a time, to the outgoing
audio track; the `Conversation` decides what happens next, and its actions are carried out
through the interview flow (the answer saved and scored, the follow-up asked, the next question
taken, the interview finished). Every turn of both speakers is saved as it happens.

Threads: `push` runs on the audio thread and only analyses and queues; everything slow (speech
synthesis, scoring, the database) runs on one worker thread, one event at a time, in order.
The microphone is not transcribed while the interviewer speaks, so its voice never becomes the
candidate's words; the page asks the browser for echo cancellation as well. It is listened to,
though: when the candidate talks over the interviewer for a while (`_BARGE_IN_S` of speech), the
interviewer stops mid-line and the candidate has the turn, their first words included.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from interview_core.domain import Evaluation, InterviewMode
from interview_core.engines import InterviewEngine
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
)
from interview_core.interview.flow import (
    as_draft,
    finish_interview,
    load_progress,
    skip_question,
    start_interview,
    submit_answer,
    vocabulary_for,
)
from interview_core.interview.live_answer import LiveAnswer, SessionFactory, combine_takes, pending_takes
from interview_core.media.store import MediaStore
from interview_core.speech.live_audio import SegmentTranscriber, StreamResampler
from interview_core.speech.transcription import SAMPLE_RATE
from interview_core.speech.turns import SpeechDetector, TurnDetector
from interview_core.speech.voice import Voice, pcm16
from interview_core.storage import repository
from interview_core.storage.models import row_id

log = logging.getLogger(__name__)

_TICK_S = 0.25  # how often the worker checks the clock (time limits, the end of a line)
_TAIL_S = 0.35  # after the last sample is queued: the browser's jitter buffer still plays it
# Speech over the interviewer's voice that interrupts it: long enough that a cough, an "mm-hm" or
# what echo cancellation leaves of the interviewer's own voice does not cut it off.
_BARGE_IN_S = 0.8
_OVERHEARD_S = 2.0  # audio kept while the interviewer speaks: the interruption's first words


class AudioOut(Protocol):
    """Where the interviewer's voice goes: int16 mono at the voice's rate (streamlit-webrtc's
    PcmAudioSource is one)."""

    def push(self, pcm: np.ndarray) -> None: ...

    def clear(self) -> None: ...


@dataclass(frozen=True)
class SpokenSnapshot:
    """What the page shows: who is speaking, the question, the live transcript, and the end."""

    phase: Phase
    question: str
    number: int
    total: int
    follow_up: bool
    said: str  # the interviewer's latest line
    line: int  # how many lines it has said: a new number is a new line (the browser voice says it)
    heard: str  # the candidate's words for this question so far
    listening: bool  # the candidate's turn: the "your turn" cue
    speaking: bool  # the candidate is talking now
    voice_playing: bool  # the interviewer's voice is still coming out
    finished: bool
    error: str | None = None


class SpokenInterview:
    def __init__(
        self,
        *,
        database: SessionFactory,
        engine: InterviewEngine,
        media: MediaStore,
        transcriber: SegmentTranscriber,
        voice: Voice,
        detector: SpeechDetector,
        out: AudioOut,
        spool_dir: Path,
        owner_id: int,
        interview_id: int,
        patience_s: float = 2.0,
        follow_ups: int = 1,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._database, self._engine, self._media = database, engine, media
        self._transcriber, self._voice, self._out = transcriber, voice, out
        self._spool_dir, self._owner_id, self._interview_id = spool_dir, owner_id, interview_id
        self._follow_ups, self._clock = follow_ups, clock
        with database.session() as session:
            progress = load_progress(session=session, owner_id=owner_id, interview_id=interview_id)
            interview = progress.interview
            self._tech_stack = list(interview.tech_stack)
            start_interview(session=session, owner_id=owner_id, interview_id=interview_id)
            session.commit()
        self._conversation = Conversation(
            role=interview.job_role, mode=InterviewMode(interview.mode), on_turn=self._save_turn, clock=clock
        )
        self._turn = TurnDetector(detector, patience_s=patience_s)
        self._resample = StreamResampler()
        self._lock = threading.Lock()
        self._take: LiveAnswer | None = None
        self._segments_seen = 0
        self._take_offset_s = 0.0
        self._speaking_until = 0.0
        self._said, self._lines = "", 0
        self._prepared: set[int] = set()  # questions whose scoring and next openings are warm
        self._overheard: list[np.ndarray] = []  # 16 kHz audio heard while the interviewer speaks
        self._interrupting = False  # the candidate talked over the interviewer: it stops
        self._finished = False
        self._error: str | None = None
        self._events: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self._worker = threading.Thread(target=self._work, name=f"interviewer-{interview_id}", daemon=True)
        self._worker.start()

    # --- from the page and the audio thread ---------------------------------------------------

    def start(self) -> None:
        """Greet the candidate and ask the current question (after a dropped connection: the
        question the interview is at, with what was said so far kept)."""
        self._events.put(self._begin)

    def command(self, command: Command) -> None:
        """A clicked "repeat", "give me a moment", "skip" or "I'm done"."""
        self._events.put(lambda: self._act(self._conversation.command(command)))

    def push(self, samples: np.ndarray, sample_rate: int, channels: int = 1) -> None:
        """Microphone audio as it arrives. Cheap: analysis here, the rest on the worker."""
        mono = self._resample(samples, sample_rate, channels)
        with self._lock:
            take = self._take
            phase = self._conversation.phase
            question_line = phase is Phase.SPEAKING and self._conversation.question is not None
            if self._interrupting or (question_line and self._clock() < self._speaking_until):
                self._overhear(mono)
                return
        if take is None or phase not in (Phase.LISTENING, Phase.HOLDING):
            return  # the answer is being scored, or the interview is over: not the candidate's turn
        self._hear(take, mono)

    def _overhear(self, mono: np.ndarray) -> None:
        """While the interviewer speaks (lock held): keep the last moments of audio, and let a
        candidate who keeps talking interrupt it."""
        self._overheard.append(mono)
        if self._interrupting:
            return  # all of it is kept until the worker hands the candidate the turn
        kept = sum(len(chunk) for chunk in self._overheard)
        while kept - len(self._overheard[0]) >= _OVERHEARD_S * SAMPLE_RATE:
            kept -= len(self._overheard.pop(0))
        if self._turn.push(mono).speech_s >= _BARGE_IN_S:
            self._interrupting = True
            self._events.put(self._interrupted)

    def _hear(self, take: LiveAnswer, mono: np.ndarray) -> None:
        """The candidate's turn: the audio goes to the take and to the turn detector."""
        take.push(mono, SAMPLE_RATE)
        snapshot = take.snapshot()
        # The turn detector is also restarted by the worker when a turn begins: one at a time.
        with self._lock:
            if self._take is not take:
                return  # the turn ended meanwhile
            if len(snapshot.segments) > self._segments_seen:
                fresh = snapshot.segments[self._segments_seen :]
                self._segments_seen = len(snapshot.segments)
                self._turn.hear(snapshot.text, through_s=self._take_offset_s + fresh[-1].end_s)
                for segment in fresh:
                    if segment.text:
                        self._events.put(partial(self._heard, segment.text))
            ended = self._turn.push(mono).ended
            if ended:
                self._turn.hold()  # once: the worker ends the turn
        if ended:
            self._events.put(lambda: self._act(self._conversation.turn_ended()))

    def snapshot(self) -> SpokenSnapshot:
        with self._lock:
            question = self._conversation.question
            take = self._take
            return SpokenSnapshot(
                phase=self._conversation.phase,
                question=question.text if question else "",
                number=question.number if question else 0,
                total=question.total if question else 0,
                follow_up=question.follow_up if question else False,
                said=self._said,
                line=self._lines,
                heard=take.snapshot().text if take else "",
                listening=self._conversation.phase in (Phase.LISTENING, Phase.HOLDING),
                speaking=self._turn.snapshot().speaking,
                voice_playing=self._clock() < self._speaking_until,
                finished=self._finished,
                error=self._error,
            )

    def close(self) -> None:
        """The connection is gone: stop listening (what was said is saved) and stop the worker."""
        with self._lock:
            take, self._take = self._take, None
        if take is not None:
            take.stop()
        self._events.put(None)

    # --- the worker ---------------------------------------------------------------------------

    def _work(self) -> None:
        while True:
            try:
                event = self._events.get(timeout=_TICK_S)
            except queue.Empty:
                event = self._tick
            if event is None:
                return
            try:
                event()
            except Exception as error:  # say what failed; the interview itself is saved as it goes
                log.exception("the spoken interview %s failed", self._interview_id)
                with self._lock:
                    self._error = f"The interviewer stopped: {error}. Your answers so far are saved."

    def _heard(self, text: str) -> None:
        self._act(self._conversation.heard(text))

    def _tick(self) -> None:
        if self._conversation.phase is Phase.SPEAKING and self._clock() >= self._speaking_until:
            with self._lock:
                self._conversation.finished_speaking()
                listening = self._conversation.phase in (Phase.LISTENING, Phase.HOLDING)
            if listening:
                self._listen()
        self._act(self._conversation.tick())

    def _listen(self) -> None:
        """The candidate's turn begins: a recorded take for the question, a fresh turn detector."""
        question = self._conversation.question
        if question is None:
            return
        with self._lock:
            if self._take is None:
                with self._database.session() as session:
                    row = repository.get_question(session=session, owner_id=self._owner_id, question_id=question.id)
                self._take = LiveAnswer(
                    database=self._database,
                    media=self._media,
                    transcriber=self._transcriber,
                    spool_dir=self._spool_dir,
                    owner_id=self._owner_id,
                    question_id=question.id,
                    vocabulary=vocabulary_for(row, self._tech_stack),
                )
                self._segments_seen = 0
                self._take_offset_s = self._turn.at_s  # the take's clock starts here
            self._turn.restart()
            if self._conversation.phase is Phase.HOLDING:
                self._turn.hold()

    def _begin(self) -> None:
        question = self._current()
        if question is None:
            self._act([Finish()])
            return
        # After a dropped connection: what was said to this question is in its saved takes.
        with self._database.session() as session:
            takes = pending_takes(
                session=session,
                database=self._database,
                media=self._media,
                spool_dir=self._spool_dir,
                owner_id=self._owner_id,
                question_id=question.id,
            )
        self._act(self._conversation.start(question, already_said=combine_takes(takes).text if takes else ""))

    def _current(self) -> Question | None:
        with self._database.session() as session:
            progress = load_progress(session=session, owner_id=self._owner_id, interview_id=self._interview_id)
        index = progress.current_index
        if index is None:
            return None
        row = progress.questions[index]
        return Question(
            id=row_id(row),
            text=row.text,
            number=progress.number_of(index),
            total=len(progress.main_questions),
            follow_up=row.follow_up_of is not None,
            time_s=float(row.time_allocation_s),
        )

    def _act(self, actions: list[Any]) -> None:
        for action in actions:
            if isinstance(action, Say):
                self._speak(action.text)
            elif isinstance(action, Submit):
                self._submit(action)
            elif isinstance(action, Skip):
                self._skip(action.question_id)
            elif isinstance(action, Finish):
                self._finish()

    def _speak(self, text: str) -> None:
        """Render the line a sentence at a time and queue each as soon as it exists."""
        with self._lock:
            self._said, self._lines = text, self._lines + 1
            if self._clock() >= self._speaking_until:
                self._turn.restart()  # from here on it listens for the candidate talking over the line
            start = max(self._clock(), self._speaking_until)
            self._speaking_until = start + 60.0  # speaking, until the line's length is known
        queued_s = 0.0
        for pcm in pcm16(self._voice.sentences(text), self._voice.sample_rate):
            if self._interrupting:
                break  # the candidate is talking: the rest of the line is not said
            self._out.push(pcm)
            queued_s += len(pcm) / self._voice.sample_rate
        with self._lock:
            self._speaking_until = start + queued_s + _TAIL_S
        question = self._conversation.question
        if question is not None and question.id not in self._prepared:
            self._events.put(partial(self._prepare, question))

    def _prepare(self, question: Question) -> None:
        """While the question is being heard: load and warm what scoring its answer needs, and
        render the short sentences the reply opens with, so the reply starts as soon as the turn
        ends (the first answer's scoring would otherwise load the models, the first sentence wait
        for its rendering)."""
        self._prepared.add(question.id)
        with self._database.session() as session:
            row = repository.get_question(session=session, owner_id=self._owner_id, question_id=question.id)
            draft = as_draft(row)
        self._engine.prepare(draft)
        following = question.number + 1
        openings = ["Thanks.", "Thank you.", "Let's move on."]
        if following < question.total:
            openings.append(f"Question {following} of {question.total}.")
        elif following == question.total:
            openings.append("Last question.")
        for _ in self._voice.sentences(" ".join(openings)):
            pass

    def _interrupted(self) -> None:
        """The candidate talked over the interviewer: stop its voice and give them the turn, with
        what they have said so far (kept while it spoke) as the start of their take."""
        self._out.clear()
        with self._lock:
            self._speaking_until = self._clock()
            if self._conversation.phase is Phase.SPEAKING:
                self._conversation.finished_speaking()
            listening = self._conversation.phase in (Phase.LISTENING, Phase.HOLDING)
        if listening:
            self._listen()
        while True:  # frames go on arriving meanwhile: they are kept, then heard in order
            with self._lock:
                overheard, self._overheard = self._overheard, []
                take = self._take if listening else None
                if not overheard:
                    self._interrupting = False
                    return
            if take is not None:
                self._hear(take, np.concatenate(overheard))

    def _stop_take(self) -> tuple[str | None, list[Any]]:
        with self._lock:
            take, self._take = self._take, None
        if take is None:
            return None, []
        heard = take.stop()
        return (heard.media_ref, list(heard.words)) if heard else (None, [])

    def _submit(self, action: Submit) -> None:
        media_ref, words = self._stop_take()
        with self._database.session() as session:
            saved = submit_answer(
                session=session,
                engine=self._engine,
                owner_id=self._owner_id,
                question_id=action.question_id,
                text=action.text,
                media_ref=media_ref,
                timed_words=words,
                is_transcript=True,
                follow_ups=self._follow_ups,
            )
        self._act(self._conversation.next(self._current(), reaction=_reaction(repository.evaluation_of(saved))))

    def _skip(self, question_id: int) -> None:
        self._stop_take()
        with self._database.session() as session:
            skip_question(session=session, owner_id=self._owner_id, question_id=question_id)
        self._act(self._conversation.next(self._current()))

    def _finish(self) -> None:
        with self._database.session() as session:
            finish_interview(
                session=session, engine=self._engine, owner_id=self._owner_id, interview_id=self._interview_id
            )
            session.commit()
        self._conversation.close()
        with self._lock:
            self._finished = True

    def _save_turn(self, turn: Turn) -> None:
        with self._database.session() as session:
            repository.add_turn(
                session=session,
                owner_id=self._owner_id,
                interview_id=self._interview_id,
                question_id=turn.question_id,
                speaker=turn.speaker,
                text=turn.text,
            )
            session.commit()


def _reaction(evaluation: Evaluation | None) -> str:
    """A line on the answer just given, true of it: how many of its key points it covered."""
    if evaluation is None:
        return ""
    covered, total = (
        len(evaluation.covered_key_points),
        len(evaluation.covered_key_points) + len(evaluation.missed_key_points),
    )
    if not total:
        return "Thanks."
    if covered == total:
        return f"Thanks. That covered all {total} points I was looking for."
    return f"Thanks. That covered {covered} of the {total} points I was looking for."


_lines: dict[int, InterviewerLine] = {}  # interview id → the tab's line that holds it
_lines_lock = threading.Lock()


class InterviewerLine:
    """One tab's link to the interviewer of one interview: a `SpokenInterview` made (and started,
    resuming where the interview is) on the first frame of each connection and closed when the
    connection ends. Only one tab per interview holds the line: a second tab would start a second
    interviewer talking over the first."""

    def __init__(self, interview_id: int, make: Callable[[], SpokenInterview]) -> None:
        self._interview_id, self._make = interview_id, make
        self._lock = threading.Lock()
        self._current: SpokenInterview | None = None
        self._last: SpokenSnapshot | None = None

    def claim(self) -> bool:
        """Hold the line for this interview; False while another tab holds it."""
        with _lines_lock:
            return _lines.setdefault(self._interview_id, self) is self

    def release(self) -> None:
        self.ended()
        with _lines_lock:
            if _lines.get(self._interview_id) is self:
                del _lines[self._interview_id]

    def push(self, samples: np.ndarray, sample_rate: int, channels: int = 1) -> None:
        with self._lock:
            if self._current is None:
                self._current = self._make()
                self._current.start()
            current = self._current
        current.push(samples, sample_rate, channels)

    def command(self, command: Command) -> None:
        with self._lock:
            current = self._current
        if current is not None:
            current.command(command)

    def ended(self) -> None:
        """The connection is gone: what was said is saved; the next connection resumes."""
        with self._lock:
            current, self._current = self._current, None
        if current is not None:
            self._last = current.snapshot()
            current.close()

    def snapshot(self) -> SpokenSnapshot | None:
        with self._lock:
            current = self._current
        return current.snapshot() if current is not None else self._last
