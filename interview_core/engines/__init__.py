"""Question generation and answer evaluation behind one interface.

`InterviewEngine` is what pages, the command line and the report code call. The offline engine
(built-in bank and evaluator) is the default; Gemini implements the same protocol when configured.

May import: the foundation modules, storage, speech, media, resume, questions and scoring.
"""

from interview_core.engines.base import InterviewEngine

__all__ = ["InterviewEngine"]
