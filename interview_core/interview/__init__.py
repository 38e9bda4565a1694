"""One interview's life: planning, answering, scoring and finishing it (`flow`), live spoken
answers (`live_answer`), what the results show (`results`), hosted-model usage (`usage`) and the
report as a file (`export`).

May import: every package below it (storage, speech, media, resume, questions, scoring, engines).
"""
