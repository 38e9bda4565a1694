"""Scoring, offline: the evaluator and what it reads with (text analysis, sentence embeddings,
the trained judge, delivery metrics, text addressed to the grader), the interview report, and the graded sets'
loader (`devset`). The rubric itself is a foundation module (`interview_core.rubric`).

May import: the foundation modules, storage, speech, media, resume and questions.
"""
