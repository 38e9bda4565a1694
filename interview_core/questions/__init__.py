"""Questions: the built-in bank and its selection (`bank`), and questions about the candidate's
own resume (`from_resume`).

May import: the foundation modules, storage, media and resume.
"""
