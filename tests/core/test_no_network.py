"""An offline, private app sends nothing anywhere (issue: hardening, point 5).

The app's import path, a scoring (the sentence encoder on onnxruntime), a transcription
(faster-whisper, and its Silero VAD on onnxruntime) and a page run happen in a child process
under strace, which then idles long enough for a telemetry client to wake (onnxruntime 1.29+
looks its event host up about ten seconds after import). Any socket address outside loopback, a
DNS lookup included, fails the test: strace sees native code too, which a Python-level socket
hook would not.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
IDLE_S = 15

CHILD = textwrap.dedent(
    f"""
    import time
    import numpy as np
    import interview_core  # first, as in the app, the command line and the tests
    from interview_core.domain import QuestionDraft, QuestionType
    from interview_core.scoring.evaluator import OfflineEvaluator
    from interview_core.speech.transcription import shared_transcriber
    from faster_whisper.vad import get_vad_model

    question = QuestionDraft(
        text="What is a database index?", question_type=QuestionType.TECHNICAL,
        key_points=["An index finds rows without scanning the whole table"],
    )
    OfflineEvaluator().evaluate(question, "An index is a B-tree that finds rows without a full table scan.")
    tone = (0.1 * np.sin(np.arange(16_000) * 2 * np.pi * 220 / 16_000)).astype(np.float32)
    shared_transcriber().transcribe(tone)
    get_vad_model()

    from streamlit.testing.v1 import AppTest
    app = AppTest.from_file("app.py", default_timeout=120).run()
    assert not app.exception, app.exception
    time.sleep({IDLE_S})
    print("done", flush=True)
    """
)
_IPV4 = re.compile(r'inet_addr\("([^"]+)"\)')
_IPV6 = re.compile(r'inet_pton\(AF_INET6, "([^"]+)"')


def _outside_loopback(trace: str) -> list[str]:
    found = []
    for line in trace.splitlines():
        for address in _IPV4.findall(line):
            if not address.startswith("127."):
                found.append(line.strip())
        for address in _IPV6.findall(line):
            if address not in ("::1", "::") and not address.startswith("::ffff:127."):
                found.append(line.strip())
    return found


def test_the_app_scoring_and_speech_make_no_connection_outside_this_machine(tmp_path: Path) -> None:
    if not shutil.which("strace"):
        if os.environ.get("CI"):
            pytest.fail("strace is missing (apt-get install strace)")
        pytest.skip("strace is not installed")
    trace_file = tmp_path / "network.trace"
    env = {**os.environ, "INTERVIEW_COACH_DATA_DIR": str(tmp_path / "data")}
    env.pop("ORT_DISABLE_TELEMETRY", None)  # the package must switch it off by itself
    result = subprocess.run(
        ["strace", "-f", "-qq", "-e", "trace=connect,sendto,sendmsg,sendmmsg", "-o", str(trace_file),
         sys.executable, "-c", CHILD],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0 and "done" in result.stdout, result.stderr[-3000:]
    trace = trace_file.read_text()
    assert _outside_loopback(trace) == []


def test_the_trace_reader_spots_a_lookup_and_lets_loopback_through() -> None:
    trace = "\n".join(
        [
            '12 connect(8, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}, 16) = 0',
            '12 connect(9, {sa_family=AF_INET, sin_port=htons(5432), sin_addr=inet_addr("127.0.0.1")}, 16) = 0',
            '12 connect(9, {sa_family=AF_INET6, sin6_port=htons(80), inet_pton(AF_INET6, "::1", &sin6_addr)}, 28) = 0',
            '12 connect(9, {sa_family=AF_INET6, sin6_port=htons(443), inet_pton(AF_INET6, "2001:db8::1", &x)}, 28)',
        ]
    )
    assert [line.split("inet_")[1][:14] for line in _outside_loopback(trace)] == ['addr("10.255.2', "pton(AF_INET6,"]
