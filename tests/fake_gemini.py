"""A local HTTP server on 127.0.0.1 that speaks the Gemini REST API's generateContent.

Tests point the real `google-genai` SDK at it (GEMINI_BASE_URL) and script what it answers:
a JSON reply, an HTTP error, a hang, a dropped connection, a safety block, broken JSON. Without
a script it answers through `responder`, which builds a valid reply for the request's schema.
Every request is kept (path, headers, body) so tests can check what was sent.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class Reply:
    """One scripted answer. `body`: the model's output (serialised to JSON unless a string)."""

    body: Any = None
    status: int = 200
    hang_s: float = 0.0  # wait this long before answering (longer than the client's timeout: a hang)
    drop: bool = False  # close the connection without answering (a network error)
    blocked: bool = False  # the prompt is blocked by safety filters
    finish_reason: str = "STOP"
    tokens: tuple[int, int] = (120, 80)  # prompt, candidates


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def schema_title(self) -> str:
        config = self.body.get("generationConfig", {})
        schema = config.get("responseJsonSchema") or config.get("responseSchema") or {}
        return str(schema.get("title", ""))

    @property
    def prompt(self) -> str:
        return "\n".join(p.get("text", "") for c in self.body.get("contents", []) for p in c.get("parts", []))

    @property
    def system(self) -> str:
        return "\n".join(p.get("text", "") for p in self.body.get("systemInstruction", {}).get("parts", []))


@dataclass
class FakeGemini:
    responder: Callable[[Request], Any] | None = None
    requests: list[Request] = field(default_factory=list)
    script: deque[Reply] = field(default_factory=deque)

    def __post_init__(self) -> None:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                request = Request(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                fake.requests.append(request)
                reply = fake.script.popleft() if fake.script else Reply(body=fake._respond(request))
                if reply.hang_s:
                    time.sleep(reply.hang_s)
                if reply.drop:
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                self._send(reply.status, fake._payload(reply))

            def _send(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json; charset=UTF-8")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (its timeout)
                    pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def then(self, *replies: Reply) -> FakeGemini:
        self.script.extend(replies)
        return self

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _respond(self, request: Request) -> Any:
        if self.responder is None:
            raise AssertionError(f"unscripted request: {request.schema_title}")
        return self.responder(request)

    @staticmethod
    def _payload(reply: Reply) -> dict[str, Any]:
        if reply.status != 200:
            status = {429: "RESOURCE_EXHAUSTED", 403: "PERMISSION_DENIED", 400: "INVALID_ARGUMENT"}
            return {
                "error": {
                    "code": reply.status,
                    "message": "scripted failure",
                    "status": status.get(reply.status, "INTERNAL"),
                }
            }
        usage = {
            "promptTokenCount": reply.tokens[0],
            "candidatesTokenCount": reply.tokens[1],
            "totalTokenCount": sum(reply.tokens),
        }
        if reply.blocked:
            return {"promptFeedback": {"blockReason": "SAFETY"}, "usageMetadata": usage}
        text = reply.body if isinstance(reply.body, str) else json.dumps(reply.body)
        candidate: dict[str, Any] = {"finishReason": reply.finish_reason, "index": 0}
        if reply.finish_reason != "SAFETY":
            candidate["content"] = {"role": "model", "parts": [{"text": text}]}
        return {"candidates": [candidate], "usageMetadata": usage, "modelVersion": "fake-gemini"}


def point_settings_at(
    server: FakeGemini, monkeypatch: pytest.MonkeyPatch, *, key: str, model: str = "gemini-test", **more: str
) -> None:
    """Configure the app's settings (environment) to use `server` as Gemini."""
    from interview_core.config import get_settings

    for name, value in {"GEMINI_API_KEY": key, "GEMINI_BASE_URL": server.url, "GEMINI_MODEL": model, **more}.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
