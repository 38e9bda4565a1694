"""Valid Gemini replies built from the request, for the fake server's default responder.

They read what the prompt asks for (how many questions of which types, which criteria and key
points), so a test can run a whole interview through the real SDK without scripting each call.
"""

from __future__ import annotations

import re
from typing import Any

from tests.fake_gemini import Request

_UNTRUSTED = re.compile(r'<untrusted label="answer">\n(.*?)\n</untrusted>', re.S)


def answer_in(request: Request) -> str:
    match = _UNTRUSTED.search(request.prompt)
    return match.group(1) if match else ""


def questions_reply(request: Request) -> dict[str, Any]:
    types = re.search(r"in this order of types: ([a-z_, ]+)\.", request.prompt).group(1).split(", ")
    return {
        "questions": [
            {
                "text": f"Question {n + 1}: how would you design a rate limiter for a public API? ({kind})",
                "question_type": kind,
                "difficulty": "medium",
                "key_points": [
                    "Chooses an algorithm such as a token bucket and explains why",
                    "Keeps counters in a shared store such as Redis so every server agrees",
                    "Returns 429 with a Retry-After header when the limit is hit",
                ],
                "time_allocation_s": 240,
                "tags": ["api", "scaling"],
                # The first a usable model answer, the second a list (not kept), the rest none.
                "model_answer": (MODEL_ANSWER, "- token bucket\n- Redis\n- 429", "")[min(n, 2)],
            }
            for n, kind in enumerate(types)
        ]
    }


MODEL_ANSWER = (
    "I would start with a token bucket per API key, because it allows short bursts while holding the "
    "long-run rate: each key gets a bucket of, say, one hundred tokens that refills at ten per second, "
    "and every request takes one token. The counters cannot live in each server's memory, because a "
    "client spread over ten servers would get ten times its limit, so I keep them in a shared store "
    "such as Redis and update them atomically with a small Lua script that refills, checks and "
    "decrements in one step. When a bucket is empty the API answers 429 Too Many Requests with a "
    "Retry-After header saying how many seconds until a token is back, so well-behaved clients can "
    "wait instead of hammering us. On one public API we ran, that header alone cut retry storms by "
    "more than half, and the Redis calls added under a millisecond to each request."
)


def evaluation_reply(request: Request, *, score: int = 70) -> dict[str, Any]:
    """Covers key point 0 with the answer's first six words; the others are missed."""
    criteria = re.findall(r"^- ([a-z_]+): ", request.prompt, flags=re.M)
    points = re.findall(r"^(\d+)\. ", request.prompt.split("Criteria:")[0], flags=re.M)
    first_words = " ".join(answer_in(request).split()[:6])
    return {
        "criteria": [{"name": name, "score": score, "reason": f"{name} judged"} for name in criteria],
        "key_points": [
            {"index": int(i), "covered": i == "0", "quote": first_words if i == "0" else "", "missing": "not said"}
            for i in points
        ],
        "feedback": "A fair start; go deeper.",
        "strengths": ["Clear opening"],
        "improvements": ["Explain the trade-offs"],
        "model_answer": ["Start with the algorithm", "Then the shared store"],
    }


def follow_up_reply(request: Request) -> dict[str, Any]:
    return {
        "ask": True,
        "question": "What happens to your limits when the API runs on ten machines?",
        "key_points": ["A shared store such as Redis"],
    }


def report_reply(request: Request) -> dict[str, Any]:
    return {
        "summary": "You explained the algorithm well; go deeper on shared state and failure modes.",
        "focus": ["Explain where the counters live", "Name what happens when Redis is down"],
    }


def respond(request: Request) -> dict[str, Any]:
    return {
        "GeneratedQuestions": questions_reply,
        "AnswerVerdict": evaluation_reply,
        "FollowUpVerdict": follow_up_reply,
        "ReportVerdict": report_reply,
    }[request.schema_title](request)
