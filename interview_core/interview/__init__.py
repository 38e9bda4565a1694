"""One interview's life: planning, answering, scoring and finishing it (`flow`), live spoken
answers (`live_answer`), the spoken interview as a conversation (`conversation`: the
interviewer's side; `spoken`: running it over a live connection), what the results show
(`results`), hosted-model usage (`usage`) and the report as a file (`export`).

May import: every package below it (storage, speech, media, resume, questions, scoring, engines).
"""
