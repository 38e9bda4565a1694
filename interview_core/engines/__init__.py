"""Question generation and answer evaluation behind one interface.

`InterviewEngine` is what pages, the command line and the report code call. The offline engine
(built-in bank and evaluator) is the default; Gemini implements the same protocol when configured.
"""

from interview_core.engines.base import InterviewEngine

__all__ = ["InterviewEngine"]
