from interview_core.account.demo import load_demo
from interview_core.engines.offline import OfflineEngine
from interview_core.interview.flow import submit_answer
from interview_core.scoring.evaluator import OFFLINE_LIMITS
from interview_core.storage import repository
from pages.common import plain
from tests.pages.conftest import end_early, started_interview

HOSTILE = "<img src=x onerror=alert(1)> **bold** [click](http://evil) and a B-tree index speeds up reads."


def test_results_scores_the_interview_and_shows_charts_and_answers(app, db, owner_id) -> None:
    interview_id = started_interview(db, owner_id)
    with db.session() as session:
        first = repository.list_questions(session=session, owner_id=owner_id, interview_id=interview_id)[0]
        submit_answer(session=session, engine=OfflineEngine(), owner_id=owner_id, question_id=first.id, text=HOSTILE)
    end_early(db, owner_id, interview_id)
    app.query_params["interview"] = str(interview_id)
    app.switch_page("pages/results.py").run()
    assert not app.exception
    assert [m.label for m in app.metric] == [
        "Overall score",
        "Answered",
        "Fillers per 100 words",
        "Hedges per 100 words",
        "Pace (wpm)",
    ]
    assert len(app.get("plotly_chart")) == 2
    assert not app.status  # the finished "Scoring your answers…" box does not stay on the page
    assert [e.label for e in app.expander][:3] == [
        "Question 1 — " + app.expander[0].label.split(" — ")[1],
        "Question 2 — not answered",
        "Question 3 — not answered",
    ]
    # The hostile answer is shown escaped: as text, never as HTML or Markdown.
    shown = [m.value for m in app.markdown if "onerror" in m.value]
    assert shown and all("\\<img" in value and "\\*\\*bold\\*\\*" in value for value in shown)
    assert repository.get_report(session=db.session().__enter__(), owner_id=owner_id, interview_id=interview_id)
    assert {b.label for b in app.get("download_button")} == {"Download report (Markdown)", "Download report (PDF)"}
    # Each bank question's model answer is shown after the candidate's, the points it makes marked.
    strong = [m.value for m in app.markdown if m.value == "**A strong answer, as a candidate might say it**"]
    assert len(strong) == 3
    assert sum(":orange-background[" in m.value for m in app.markdown) >= 3
    assert OFFLINE_LIMITS in [c.value for c in app.caption]  # what an offline score can get wrong
    # Each answer's own advice (it was scored and stored, but shown nowhere).
    shown = [m.value for m in app.markdown]
    assert shown.count("**To improve this answer**") == 1  # the one answer given
    with db.session() as session:
        (answer,) = repository.list_answers(session=session, owner_id=owner_id, interview_id=interview_id)
        evaluation = repository.evaluation_of(answer)
    tips = evaluation.improvements if evaluation else []
    assert tips and all(f"- {plain(tip)}" in shown for tip in tips)


def test_practice_this_question_again_opens_a_one_question_interview(app, db, owner_id) -> None:
    interview_id = started_interview(db, owner_id)
    end_early(db, owner_id, interview_id)
    app.query_params["interview"] = str(interview_id)
    app.switch_page("pages/results.py").run()
    app.button(key="results_again_2").click().run()
    assert not app.exception
    again = int(app.query_params["interview"])
    with db.session() as session:
        questions = repository.list_questions(session=session, owner_id=owner_id, interview_id=again)
        original = repository.list_questions(session=session, owner_id=owner_id, interview_id=interview_id)
    assert [q.text for q in questions] == [original[1].text]


def test_history_shows_stats_trends_and_deletes_on_confirmation(app, db, owner_id) -> None:
    with db.session() as session:
        load_demo(session=session, engine=OfflineEngine(), owner_id=owner_id)
    app.switch_page("pages/history.py").run()
    assert not app.exception
    assert [m.value for m in app.metric[:2]] == ["6", "6"]
    assert len(app.get("plotly_chart")) == 2
    app.selectbox(key="history_type").select("technical").run()
    assert "3 interviews" in app.caption[-1].value or any("3 interviews" in c.value for c in app.caption)
    app.selectbox(key="history_type").select(None).run()
    app.selectbox(key="history_sort").select("best").run()
    scores = [m.value for m in app.metric[4:]]
    assert scores == sorted(scores, key=float, reverse=True)
    victim = int(app.checkbox[0].key.rsplit("_", 1)[1])
    app.checkbox[0].check().run()
    app.button(key=f"history_delete_{victim}").click().run()
    assert not app.exception
    with db.session() as session:
        assert repository.count_interviews(session=session, owner_id=owner_id) == 5


def test_history_without_interviews_says_how_to_start(app) -> None:
    app.switch_page("pages/history.py").run()
    assert not app.exception
    assert "No interviews yet" in app.info[0].value


def test_my_data_can_be_downloaded_and_deleted_from_history(app, db, owner_id) -> None:
    import io
    import zipfile

    with db.session() as session:
        load_demo(session=session, engine=OfflineEngine(), owner_id=owner_id)
    app.run()
    assert any("One profile, no sign-in" in c.value for c in app.sidebar.caption)  # no sign-in configured
    app.switch_page("pages/history.py").run()
    assert not app.exception
    export = app.get("download_button")[-1]
    assert export.proto.label == "Download all my data (ZIP)"
    from interview_core.account.privacy import export_zip
    from pages.common import services

    with db.session() as session:
        archive = zipfile.ZipFile(io.BytesIO(export_zip(session=session, media=services().media, owner_id=owner_id)))
    assert "data.json" in archive.namelist()
    assert app.button(key="history_wipe").disabled
    app.checkbox(key="history_wipe_ok").check().run()
    app.button(key="history_wipe").click().run()
    assert not app.exception
    assert any("Deleted 6 interviews" in s.value for s in app.success)
    with db.session() as session:
        assert repository.list_interviews(session=session, owner_id=owner_id) == []


def test_a_spoken_answer_plays_beside_its_transcript_and_a_sentence_seeks_the_player(app, db, owner_id) -> None:
    from interview_core.domain import TimedWord
    from interview_core.interview.results import spoken_sentences
    from pages.common import services

    words = [
        TimedWord(word=w, start=s, end=s + 0.3)
        for w, s in [("An", 0.0), ("index", 0.4), ("helps.", 0.8), ("It", 3.0), ("costs", 3.4), ("writes", 3.8)]
    ]
    assert spoken_sentences([w.model_dump() for w in words]) == [(0.0, "An index helps."), (3.0, "It costs writes")]
    interview_id = started_interview(db, owner_id)
    ref = services().media.save(owner_id=owner_id, data=b"RIFF" + bytes(400), suffix="wav")
    with db.session() as session:
        first = repository.list_questions(session=session, owner_id=owner_id, interview_id=interview_id)[0]
        submit_answer(
            session=session, engine=OfflineEngine(), owner_id=owner_id, question_id=first.id,
            text="An index helps. It costs writes", media_ref=ref, timed_words=words, is_transcript=True,
        )  # fmt: skip
        answer_id = repository.list_answers(session=session, owner_id=owner_id, interview_id=interview_id)[0].id
    end_early(db, owner_id, interview_id)
    app.query_params["interview"] = str(interview_id)
    app.switch_page("pages/results.py").run()
    assert not app.exception
    (audio,) = app.get("audio")
    assert audio.proto.start_time == 0
    app.button(key=f"results_jump_{answer_id}_1").click().run()
    assert app.get("audio")[0].proto.start_time == 3


def test_demo_interviews_are_marked_and_removed_on_their_own(app, db, owner_id) -> None:
    with db.session() as session:
        load_demo(session=session, engine=OfflineEngine(), owner_id=owner_id)
    own = started_interview(db, owner_id)
    app.switch_page("pages/history.py").run()
    assert sum(":gray-badge[Demo]" in m.value for m in app.markdown) == 6  # the demo's, not the candidate's
    app.button(key="history_remove_demo").click().run()
    assert not app.exception
    with db.session() as session:
        left = repository.list_interviews(session=session, owner_id=owner_id)
        templates = repository.list_templates(session=session, owner_id=owner_id)
    assert [i.id for i in left] == [own] and templates == []


def test_practising_a_question_again_shows_the_earlier_attempt_beside_the_new_one(app, db, owner_id) -> None:
    interview_id = started_interview(db, owner_id)
    engine = OfflineEngine()
    with db.session() as session:
        first = repository.list_questions(session=session, owner_id=owner_id, interview_id=interview_id)[0]
        submit_answer(session=session, engine=engine, owner_id=owner_id, question_id=first.id, text="It depends.")
    end_early(db, owner_id, interview_id)
    app.query_params["interview"] = str(interview_id)
    app.switch_page("pages/results.py").run()
    assert not any(m.value == "**Compared with your earlier attempt**" for m in app.markdown)  # the first go
    app.button(key=f"results_again_{first.id}").click().run()
    again = int(app.query_params["interview"])
    with db.session() as session:
        (retry,) = repository.list_questions(session=session, owner_id=owner_id, interview_id=again)
        better = " ".join(f"{point}, which matters because it shapes the design." for point in retry.key_points)
        submit_answer(session=session, engine=engine, owner_id=owner_id, question_id=retry.id, text=better)
    end_early(db, owner_id, again)
    app.switch_page("pages/results.py").run()
    assert not app.exception
    assert any(m.value == "**Compared with your earlier attempt**" for m in app.markdown)
    table = next(d.value for d in app.dataframe if list(d.value.columns)[-1] == "this time")
    assert list(table.iloc[:, 0]) == ["Score", "Key points covered", "Delivery"]
    earlier, now = table.iloc[0, 1], table.iloc[0, 2]  # the score row: earlier, this time
    assert float(now) > float(earlier)
