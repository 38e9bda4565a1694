"""The interview coach's core: everything that is not page layout.

Pages, tests and the command line (`python -m interview_core`) all call this package.
It never imports Streamlit, so it runs the same in a script, a test or a worker.
"""

import os
import sys

# onnxruntime 1.29 and later (the sentence encoder, Silero VAD inside faster-whisper) start a
# telemetry client that looks up Microsoft's event host a few seconds after import, and
# `disable_telemetry_events()` does not stop it. An offline, private app sends nothing anywhere:
# the variable must be set before onnxruntime's first import, and every path into the app, the
# command line and the tests imports this package first. Forced, not defaulted.
os.environ["ORT_DISABLE_TELEMETRY"] = "1"
if "onnxruntime" in sys.modules:  # pragma: no cover - someone imported it before us
    import logging

    logging.getLogger(__name__).warning("onnxruntime was imported before interview_core: its telemetry may be on")

__version__ = "0.1.0"
