"""What an interviewer asks about a key point the answer missed, without giving the point away.

A follow-up that states the missed point ("You did not get to: 'a module using from requests
import get holds its own reference'. Can you explain it?") hands the candidate the answer and
tests nothing. An interviewer asks about the area instead: what it costs, where it breaks, how it
would be checked, what happens underneath, which part of the story is missing. The missed point
only chooses the area; none of its words appears in the question unless the original question
already used it. `gives_away` is that rule, and it checks Gemini's follow-ups too.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from interview_core.domain import QuestionType
from interview_core.rubric import STORY_PART
from interview_core.scoring.text_analysis import content_terms, key_point_terms

# Areas a missed point can belong to, tried in order: what in the point's wording sends it there,
# and ways to ask about the area. Several phrasings each, because a phrasing that happens to share
# a word with the point would hint at it; the first that shares none is asked.
_AREAS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (
        re.compile(r"\bo\(|complexit|\bmemory\b|\boverhead|expensive|\bcosts?\b|\bquadratic|\blinear\b|\bspace\b"),
        (
            "What does your approach cost as the input grows, and why?",
            "How expensive is that, in time and in memory?",
            "If the input were a thousand times larger, what would that do to your solution?",
        ),
    ),
    (
        re.compile(
            r"\battack|\binject|\bsecret|\bcredential|\bencrypt|\bauth|\btoken|\bpermission|\bxss|\bcsrf|vulnerab"
        ),
        (
            "What could an attacker try here, and how would you stop them?",
            "Where are the security risks in that, and how would you close them?",
        ),
    ),
    (
        re.compile(r"\btest|\bassert|\bmock|\bverif"),
        (
            "How would you convince yourself that it works?",
            "How would you check that before shipping it?",
        ),
    ),
    (
        re.compile(r"\bmonitor|\bmetric|\balert|\blogs?\b|\btrac(e|ing)\b|\bdashboard|\bobservab"),
        (
            "Once it is live, how would you know that it is working?",
            "What would you watch in production, and what would make you act?",
        ),
    ),
    (
        re.compile(
            r"\bedge case|\bempty\b|\bduplicate|\bfail|\bbreak|\bcrash|\berror|\bretr(y|ies)\b|\btimeout|\boutage"
            r"|\brace\b|\bdeadlock|\bstale\b|\brecover|\bcorrupt|\blost\b|\boverflow|\bnull\b"
        ),
        (
            "What could go wrong with that, and how would you handle it?",
            "Which situations would break it, and what would you do about them?",
            "Where does that approach fall over?",
        ),
    ),
    (
        re.compile(r"\bscal|\bshard|\bpartition|\breplica|\bthroughput|\bper second\b|\bconcurren|\bmillions?\b"),
        (
            "What changes when the load grows tenfold?",
            "How would that hold up with many more users at once?",
        ),
    ),
    (
        re.compile(
            r"\brather than\b|\binstead\b|\bversus\b|\bvs\b|\bwhereas\b|\bprefer|\bchoose|\bonly when\b"
            r"|\bunless\b|trade-?off"
        ),
        (
            "When would you choose one option over the other, and what do you give up?",
            "What are the alternatives here, and when would each be the better pick?",
        ),
    ),
)
# Underneath, step by step: for a point that names a mechanism, and as the last resort.
_MECHANISM = (
    "Can you take me one level deeper: what actually happens underneath?",
    "Walk me through how that works, step by step, with a small example.",
    "What would you add to that, if you had another minute?",
    "Is there anything important you'd add?",
)
# A story's missing part (behavioural and HR points are labelled with the part they ask for).
_STORY_PROBES = {
    "situation": (
        "Can you set the scene first: what was going on, and what was at stake?",
        "Where were you at the time, and what was happening?",
    ),
    "task": ("What exactly was on your plate there, and why did it matter?", "What were you expected to achieve?"),
    "action": ("What did you do yourself, step by step?", "Walk me through your own part in it."),
    "result": ("How did it turn out? What changed, ideally with a number?", "What came of it in the end?"),
    "reflection": ("Looking back, what would you do differently?", "What did you take away from it?"),
}
_STORY = (
    "Can you give me a real example of that from your own experience?",
    "Tell me about a time that happened. What did you do?",
    "What would that look like in practice, from your own work?",
)
# How a follow-up opens, chosen by the point (so the same interview asks the same way every time).
_OPENERS = ("", "One more on this. ", "Let's stay here a moment. ", "A follow-up on that. ")


def gives_away(question: str, point: str, follow_up: str) -> bool:
    """Whether `follow_up` repeats a content word of the missed `point` that the original
    `question` did not already use: a hint at the answer it is meant to probe for."""
    hinted = key_point_terms(point) - set(content_terms(question))
    return bool(hinted & set(content_terms(follow_up)))


def _stable_choice(options: Sequence[str], key: str) -> str:
    return options[int(hashlib.sha256(key.encode()).hexdigest(), 16) % len(options)]


def probe(question: str, question_type: QuestionType, point: str) -> str:
    """The follow-up an interviewer asks about `point`, which the answer missed, without stating it."""
    lowered = point.lower()
    part = STORY_PART.match(point)
    if part:
        candidates: Sequence[str] = _STORY_PROBES[part.group(1).lower()] + _STORY
    elif question_type in (QuestionType.BEHAVIORAL, QuestionType.HR):
        candidates = _STORY
    else:
        candidates = [asked for trigger, asks in _AREAS if trigger.search(lowered) for asked in asks]
    opener = _stable_choice(_OPENERS, point)
    start = _MECHANISM.index(_stable_choice(_MECHANISM[:2], point))
    for asked in [*candidates, *_MECHANISM[start:], *_MECHANISM[:start]]:
        if not gives_away(question, point, opener + asked):
            return opener + asked
        if not gives_away(question, point, asked):
            return asked
    return "Could you go on?"
