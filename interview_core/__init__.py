"""The interview coach's core: everything that is not page layout.

Pages, tests and the command line (`python -m interview_core`) all call this package.
It never imports Streamlit, so it runs the same in a script, a test or a worker.
"""

__version__ = "0.1.0"
