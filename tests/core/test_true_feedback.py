"""Feedback that is true of the answer (issue: scores a candidate can trust, point 6, in part): no
praise for a criterion in an answer, or an interview, that earned nothing."""

from pathlib import Path

from interview_core.domain import CriterionScore, Evaluation, QuestionDraft, QuestionType
from interview_core.scoring.devset import load_graded_items
from interview_core.scoring.evaluator import OfflineEvaluator
from interview_core.scoring.report import build_report

INDEX = QuestionDraft(
    text="What is a database index, and what does it cost you?",
    question_type=QuestionType.TECHNICAL,
    key_points=[
        "An index is a separate sorted structure, usually a B-tree, that finds rows without a full scan",
        "Every insert, update and delete must also update the index, so writes get slower",
        "Indexes take extra storage and memory",
    ],
)
VAGUE = (
    "Indexes are really important for databases in general. They help with performance quite a lot and "
    "you should use them carefully in practice, because they matter for most systems that we build today."
)
OFF_TOPIC = "I mostly enjoy hiking on weekends and I once walked the whole coast path in ten days with friends."


def test_a_vague_answer_is_not_praised_for_its_clarity() -> None:
    evaluation = OfflineEvaluator().evaluate(INDEX, VAGUE)
    assert evaluation.covered_key_points == []
    assert not any(item.startswith("Strong") for item in evaluation.strengths), evaluation.strengths


def test_an_interview_that_scored_near_zero_lists_no_strengths() -> None:
    evaluator = OfflineEvaluator()
    results = [(INDEX, evaluator.evaluate(INDEX, OFF_TOPIC)) for _ in range(3)]
    summary = build_report(results, engine="offline", engine_version="test")
    assert summary.overall_score < 20
    assert summary.strengths == []


def test_every_missed_point_says_what_was_said_about_it_or_that_nothing_was() -> None:
    answer = (
        "An index is a B-tree kept beside the table, so the database finds rows without scanning all of them. "
        "Indexes are used by most databases in general."
    )
    # The matcher's own remarks (the judge's "Stated wrongly" is tested in test_judged_scoring.py; on
    # this answer's first sentence it is wrong, at 0.971, a limit its model card names).
    evaluation = OfflineEvaluator(judge=None).evaluate(INDEX, answer)
    for point in evaluation.missed_key_points:
        reason = evaluation.missed_reasons[point]
        # "Touched on" only with the words that touched it; otherwise it was not addressed.
        assert reason == "Not addressed." or (
            reason.startswith("Touched on in “") and reason.split("“")[1][:20] in answer
        )
    # Storage was never mentioned: it cannot have been touched on.
    assert evaluation.missed_reasons[INDEX.key_points[2]] == "Not addressed."


def test_a_depth_remark_gives_its_figure() -> None:
    evaluation = OfflineEvaluator().evaluate(INDEX, VAGUE)
    reason = evaluation.criteria["depth"].reason
    assert any(char.isdigit() for char in reason) or reason.startswith("Stays at the surface")


def test_a_short_answer_that_gives_reasons_is_told_it_is_short_not_that_it_explains_trade_offs() -> None:
    """77 words on a design question had depth as its weakest area, "Explains reasons and
    trade-offs (N explanatory links)": what held it back was its length."""
    short = (
        "An index is a sorted B-tree beside the table, so lookups avoid a full scan. Because every write must "
        "also update it, inserts get slower, and it costs storage and memory."
    )
    depth = OfflineEvaluator().evaluate(INDEX, short).criteria["depth"]
    assert depth.reason == (
        "Gives reasons (2 explanatory links) but briefly: 31 words, where a full answer in the time has about 165."
    ), depth
    assert depth.score < 70


def test_the_depth_reason_names_the_links_it_counted() -> None:
    """The reason said "1 “because”, “so that” or “which means”" where the one was a "since" or a
    "but", and "0" for a spoken answer that gave its reasons with "so": it now names what it
    counted, and a "so" that joins two clauses is a reason (a filler "so, um" or "so yeah" is not)."""
    spoken = (
        "um so an index is a b-tree next to the table so the database finds rows without scanning them all "
        "and so yeah every insert has to change the index too and it takes storage and memory as well and it "
        "is kept sorted by the indexed columns in the order you declare them when you create it on the table "
        "and most engines use one by default for the primary key of every table and you can see them all in "
        "the catalog of the database along with their size on disk and the columns they hold in order"
    )
    depth = OfflineEvaluator().evaluate(INDEX, spoken).criteria["depth"]
    assert depth.reason.startswith("Names the right ideas but gives few reasons: 1 explanatory link (“so”) in "), depth
    bare = (
        "An index is a tree. It has rows. It is kept sorted. It takes space. Writes touch it. Reads use it. It is big."
    )
    none = OfflineEvaluator().evaluate(INDEX, bare).criteria["depth"].reason
    assert "0 explanatory links (such as “because”, “since”" in none or none.startswith("Stays at the surface"), none


def test_since_as_a_time_is_no_reason() -> None:
    from interview_core.scoring.evaluator import _EXPLAINERS

    assert not _EXPLAINERS.findall("It has been the default since Java 8 and since 2019, and since then it grew.")
    assert [m.group(0) for m in _EXPLAINERS.finditer("It is slow since every write updates it.")] == ["since"]


def test_a_criticism_is_no_strength_and_praise_no_weakest_area() -> None:
    """A transcript was praised "Strong clarity: Few full stops, so read by clause…", and a 65 was
    told "Weakest area: relevance — Addresses the question asked."."""
    spoken = (
        "so an index is a separate sorted structure usually a b-tree that finds rows without a full scan and "
        "every insert update and delete must also update the index so writes get slower and indexes also take "
        "extra storage and memory on disk and in the buffer pool so I only index the columns my queries filter on"
    )
    evaluation = OfflineEvaluator().evaluate(INDEX, spoken)
    assert evaluation.criteria["clarity"].reason.startswith("Few full stops"), evaluation.criteria["clarity"]
    assert not any(item.startswith("Strong clarity") for item in evaluation.strengths), evaluation.strengths
    criteria = {
        "relevance": CriterionScore(score=65, reason="Addresses the question asked."),
        "key_point_coverage": CriterionScore(score=90, reason="Explains 3 of 3 key points."),
    }
    praised = Evaluation(engine="offline", engine_version="t", score=80, criteria=criteria)
    line = OfflineEvaluator._feedback(praised, 0.65, 1.0, [])
    assert "Weakest area" not in line and "Every criterion scored 65/100 or more." in line, line


def test_a_point_the_feedback_doubts_is_named_as_doubted_wherever_it_is_listed() -> None:
    """The feedback said "Check this: you said …, which may not agree with: P" while P was listed as
    "The terms appear but are not explained in a sentence." and the advice was "Explain: P"."""
    from interview_core.scoring.evaluator import KeyPointMatch

    doubted = KeyPointMatch(
        INDEX.key_points[1], 0.3, "Writes are not affected.", 0.6, doubt=0.8, doubted="Writes are not affected."
    )
    assert OfflineEvaluator._missing_reason(doubted) == (
        "May be stated wrongly: you said “Writes are not affected.” — check it against the point."
    )
    from interview_core.scoring.evaluator import _tip

    assert _tip(doubted) == f"Check this: {INDEX.key_points[1]} (you said “Writes are not affected.”)."
    assert _tip(KeyPointMatch(INDEX.key_points[2], 0.0, "", 0.0)) == f"Explain: {INDEX.key_points[2]}"


def test_an_answer_with_its_own_example_is_not_told_to_add_one() -> None:
    """ "Add an example from your own experience" was the only advice for every story and for 14 of 14
    rambling answers of the graded sets, each of which told one."""
    from interview_core.scoring.delivery import measure

    told = "Indexes cost writes: in production we had nine on one table and inserts took 40 ms."
    plain = "Indexes cost writes, storage and memory, and they find rows without a full scan."
    covered = Evaluation(
        engine="offline",
        engine_version="t",
        score=90,
        criteria={"depth": CriterionScore(score=90, reason="r")},
        covered_key_points=list(INDEX.key_points),
    )

    def advice(answer: str, question: QuestionDraft = INDEX) -> list[str]:
        return OfflineEvaluator._improvements(question, covered, [], measure(answer), answer)

    example = ["Add an example from your own experience to make the answer memorable."]
    assert advice(plain) == example
    assert advice(told) != example and "Nothing essential is missing" in advice(told)[0]
    story = INDEX.model_copy(update={"question_type": QuestionType.BEHAVIORAL})
    assert advice(plain, story) != example


def test_a_strength_says_consistently_only_of_answers_that_each_earned_it() -> None:
    def scored(score: float, depth: float) -> Evaluation:
        criteria = {"depth": CriterionScore(score=depth, reason="r"), "clarity": CriterionScore(score=40, reason="r")}
        return Evaluation(engine="offline", engine_version="t", score=score, criteria=criteria)

    one = build_report([(INDEX, scored(75, 73))], engine="offline", engine_version="t")
    assert "Strong depth in your answer (73/100)." in one.strengths
    uneven = build_report([(INDEX, scored(80, 95)), (INDEX, scored(60, 55))], engine="offline", engine_version="t")
    assert "Strong depth on average (75/100 over 2 answers)." in uneven.strengths
    even = build_report([(INDEX, scored(80, 80)), (INDEX, scored(70, 72))], engine="offline", engine_version="t")
    assert "Consistently strong depth: 72/100 or more in each of 2 answers." in even.strengths
    assert not any("onsistently" in s for s in one.strengths + uneven.strengths)


def test_a_few_vague_words_are_too_short_not_about_something_else() -> None:
    """ "I'm not totally sure, it depends…" was told it is "mostly about something other than the
    question": it is about nothing, and says so; an answer to another question still hears that."""
    evaluator = OfflineEvaluator()
    unsure = (
        "I'm not totally sure, I think it depends on the situation and the team, and I would look into it "
        "when it comes up and ask someone."
    )
    short = evaluator.evaluate(INDEX, unsure)
    assert short.criteria["relevance"].reason == "Too short to answer the question: 27 words."
    assert short.feedback.startswith("This answer is too short to answer the question, so it scores low.")
    assert "something other" not in short.feedback
    elsewhere = (  # 55 words about hiking
        f"{OFF_TOPIC} We carried our own tents and cooked on a small stove every evening by the sea. "
        "The best day was the last one, when the fog lifted over the cliffs and we could see for miles."
    )
    long = evaluator.evaluate(INDEX, elsewhere)
    assert long.criteria["relevance"].reason == "Mostly about something other than the question."
    assert long.feedback.startswith("This answer is mostly about something other than the question")


def test_an_answer_that_earned_nothing_adds_nothing_to_the_interviews_strengths() -> None:
    """A strong answer (96) and a vague "it depends" (0) were told "Consistently strong clarity:
    93/100 or more in each of 2 answers": the clarity of an answer that scored 0 is no strength."""

    def scored(score: float, clarity: float) -> Evaluation:
        return Evaluation(
            engine="offline",
            engine_version="t",
            score=score,
            criteria={"clarity": CriterionScore(score=clarity, reason="r")},
        )

    report = build_report([(INDEX, scored(96, 97)), (INDEX, scored(0, 93))], engine="offline", engine_version="t")
    assert report.strengths == ["Strong clarity in 1 of 2 answers (97/100).", f"Best answer (96/100): {INDEX.text}"]
    assert not any("each of 2" in s or "on average" in s for s in report.strengths), report.strengths
    answers = [(INDEX, scored(90, 80)), (INDEX, scored(85, 75)), (INDEX, scored(5, 100))]
    three = build_report(answers, engine="offline", engine_version="t")
    assert "Strong clarity in 2 of 3 answers (75/100 or more)." in three.strengths


def test_a_transcript_without_full_stops_is_not_said_to_speak_in_complete_sentences() -> None:
    """Speech-to-text may write no full stops: the answer is cut at its clauses, so "Complete
    sentences averaging 18 words" (said as a strength) described the cutter, not the candidate."""
    evaluator = OfflineEvaluator(encoder=None, judge=None)
    spoken = (
        "so an index is um a separate sorted structure usually a b-tree that finds rows without a full scan "
        "and the catch is that every insert update and delete has to update the index too so writes get "
        "slower and it takes extra storage and memory as well which you pay for on every table you index"
    )
    clarity = evaluator.evaluate(INDEX, spoken).criteria["clarity"].reason
    assert "sentences" not in clarity and clarity.startswith("Few full stops, so read by clause:")
    written = "An index is a sorted structure that finds rows without a scan. Every write must update it too."
    assert evaluator.evaluate(INDEX, written).criteria["clarity"].reason.startswith("Complete sentences averaging")


def test_an_answer_made_of_questions_is_concrete_in_the_questions_it_asks() -> None:
    """Asked "What questions do you have for us?", a candidate answers with questions: counting the
    things they did themselves told a strong answer "1 things you did yourself" (the bank's model
    answer scored 84.9 for it). There its questions of six words or more count instead."""
    asked = "Yes, a few. What would success look like for this role after six months? What is the biggest challenge "
    asked += "the team faces right now? How do code review and on-call work on this team? And who decides when "
    asked += "people disagree on a design?"
    points = ["Asks about the team, its challenges and how success is measured", "Asks about engineering practices"]
    ours = QuestionDraft(text="What questions do you have for us?", question_type=QuestionType.HR, key_points=points)
    other = ours.model_copy(update={"text": "What would you want to know before joining a team?"})
    evaluator = OfflineEvaluator()
    for_questions, as_usual = (evaluator.evaluate(q, asked).criteria["specificity"] for q in (ours, other))
    assert for_questions.reason == "Concrete detail: 1 figure, 4 questions of your own."
    assert as_usual.reason == "Concrete detail: 1 figure, 0 things you did yourself."
    assert for_questions.score > as_usual.score
    short = evaluator.evaluate(ours, "Yes. What is the salary? Is it remote? When do I start?").criteria["specificity"]
    assert short.reason == "Concrete detail: 0 figures, 0 questions of your own."


def test_an_answer_that_scores_near_zero_is_praised_for_nothing() -> None:
    """A confident wrong answer that makes one point and states others wrongly scores near zero; its
    strengths said "Explained: …" beside that score. The point it made stays in its evidence."""
    devset = Path(__file__).resolve().parents[1] / "data" / "evaluator_devset" / "a.yaml"
    item = next(i for i in load_graded_items([devset]) if i.id == "a-java-synchronized-volatile")
    evaluation = OfflineEvaluator().evaluate(item.question, item.answers["wrong"])
    assert evaluation.score < 10 and evaluation.covered_key_points and evaluation.evidence
    assert evaluation.strengths == []
    assert OfflineEvaluator().evaluate(item.question, item.answers["good"]).strengths  # an answer that earned some


def test_an_answer_named_as_stating_a_point_wrongly_is_praised_for_no_point() -> None:
    """A confident wrong answer (25.9) was praised "Explained: Percentage rollouts hash a stable user
    ID with the flag key …" for "I'd pick a random number per request …, which is fairer than
    hashing", beside feedback naming another of its sentences wrong. An answer so named is praised
    for no key point; its right counterpart still is."""
    devset = Path(__file__).resolve().parents[1] / "data" / "evaluator_devset" / "c.yaml"
    item = next(i for i in load_graded_items([devset]) if i.id == "c-sd-feature-flags")
    wrong = OfflineEvaluator().evaluate(item.question, item.answers["wrong"])
    assert wrong.score >= 10 and "You said “" in wrong.feedback  # scored, and a sentence named wrong
    assert wrong.covered_key_points and not any(s.startswith("Explained: ") for s in wrong.strengths)
    good = OfflineEvaluator().evaluate(item.question, item.answers["good"])
    assert "You said “" not in good.feedback
    assert any(s.startswith("Explained: ") for s in good.strengths)


def test_a_strong_answer_has_no_weakest_area_but_its_lowest_criterion() -> None:
    """A 98 was told "Weakest area: relevance — Addresses the question asked." at 93/100."""
    strong = (
        "An index is a separate sorted structure, usually a B-tree, so the database finds matching rows by "
        "walking the tree instead of scanning the whole table. The cost is on writes: every insert, update "
        "and delete must also update each index, so writes get slower as you add indexes. Indexes also take "
        "extra storage on disk and memory in the buffer pool, so I index the columns my queries filter and "
        "sort on, and I drop indexes nothing uses."
    )
    evaluation = OfflineEvaluator().evaluate(INDEX, strong)
    lowest = min(criterion.score for criterion in evaluation.criteria.values())
    assert lowest >= 70, evaluation.criteria
    assert "Weakest area" not in evaluation.feedback
    assert f"Every criterion scored {lowest:.0f}/100 or more." in evaluation.feedback
    weak = OfflineEvaluator().evaluate(INDEX, VAGUE)
    assert "Weakest area:" in weak.feedback


def test_a_part_the_story_tells_is_not_called_not_addressed() -> None:
    """A story walked in the app had "Situation/Result/Reflection: Not addressed." beside
    "STAR: has situation, action, result, reflection": the judge read none of its sentences as
    those points. A part the story tells is "touched on", with the sentence that tells it."""
    from interview_core.questions.bank import load_bank

    question = next(q for q in load_bank().questions if q.id == "behavioral-disagree-manager").as_draft()
    situation = "Last year our CTO decided we would rewrite the ledger service in Rust over one quarter."
    result = (
        "The two modules shipped in six weeks, ledger incidents fell from about three a month to zero over the "
        "next quarter, and we dropped the full rewrite."
    )
    lesson = (
        "What I learned is to disagree with evidence and a cheaper alternative, in private first, and to commit "
        "fully once the decision is made."
    )
    story = " ".join(
        [
            situation,
            "I disagreed, because the ledger moved about two million dollars a day and a rewrite would freeze "
            "fixes for months.",
            "Instead of arguing in the all-hands, I asked for thirty minutes with him and brought data: nine of "
            "eleven ledger incidents came from two modules, not from the language.",
            "I proposed rewriting those two modules first behind a feature flag and measuring error rates for a month.",
            "He agreed to the smaller plan.",
            result,
            lesson,
        ]
    )
    evaluation = OfflineEvaluator().evaluate(question, story)
    reasons = evaluation.missed_reasons
    assert "Not addressed." not in reasons.values(), reasons
    told = {"Situation": situation, "Result": result, "Reflection": lesson}
    for point, reason in reasons.items():
        part = point.split(":")[0]
        if part in told:
            assert reason.startswith(f"Touched on in “{' '.join(told[part].split()[:10])}"), (point, reason)
    vague = OfflineEvaluator().evaluate(question, "I disagree with managers sometimes, and usually we talk about it.")
    assert set(vague.missed_reasons.values()) == {"Not addressed."}
    # Told for another question, the story's parts are not that question's: walked in the app, its
    # opening was "touched on" as the Situation of "Tell me about a process on your team that you improved."
    process = next(q for q in load_bank().questions if q.text.startswith("Tell me about a process on your team"))
    elsewhere = OfflineEvaluator().evaluate(process.as_draft(), story)
    assert not any(reason.startswith("Touched on") for reason in elsewhere.missed_reasons.values()), elsewhere


def test_a_story_of_the_kind_asked_in_its_own_words_is_not_called_about_something_else() -> None:
    """A story about disagreeing with the CTO's rewrite, told in its own domain's words, scored near
    zero and was told it was "mostly about something other than the question". The judge reads it
    as the kind of story asked for: the candidate is told what the scorer could not do, and how to
    tie the story to the question."""
    from interview_core.questions.bank import load_bank

    question = next(q for q in load_bank().questions if q.id == "behavioral-disagree-manager").as_draft()
    story = (
        "Last year our CTO decided we would rewrite the ledger service in Rust over one quarter. I disagreed, "
        "because the ledger moved about two million dollars a day and a rewrite would freeze fixes for months. "
        "Instead of arguing in the all-hands, I asked for thirty minutes with him and brought data: nine of "
        "eleven ledger incidents came from two modules, not from the language. I proposed rewriting those two "
        "modules first behind a feature flag and measuring error rates for a month."
    )
    evaluation = OfflineEvaluator().evaluate(question, story)
    assert "mostly about something other" not in evaluation.feedback
    assert evaluation.feedback.startswith(
        "This story could not be tied to the question, so it scores low: say at its start which situation it "
        "is, in the question's words (“you disagreed with a decision your manager made”)."
    ), evaluation.feedback
    hiking = OfflineEvaluator().evaluate(
        question,
        OFF_TOPIC + " We carried our own tents, cooked on a small stove every evening and watched the seals "
        "from the cliffs. On the last day it rained so hard that we sheltered in a pub for three hours.",
    )
    assert "could not be tied" not in hiking.feedback
    assert hiking.criteria["relevance"].reason == "Mostly about something other than the question."


def test_an_answer_that_only_drifts_is_not_called_about_something_else() -> None:
    """Three paraphrases of right answers (relevance 37–45) were told "This answer is mostly about
    something other than the question" beside the relevance reason "Touches the question but drifts
    or stays general": the lead sentence now says what the relevance reason says."""
    criteria = {"relevance": CriterionScore(score=42, reason="Touches the question but drifts or stays general.")}
    evaluation = Evaluation(engine="offline", engine_version="t", score=20, criteria=criteria)
    drifting = OfflineEvaluator._feedback(evaluation, 0.42, 0.38, [])
    assert drifting.startswith("This answer touches the question only loosely"), drifting
    assert "something other than" not in drifting
    away = OfflineEvaluator._feedback(evaluation, 0.2, 0.02, [])
    assert away.startswith("This answer is mostly about something other than the question"), away


def test_depth_advice_follows_what_held_depth_back() -> None:
    """ "Go one level deeper: say why it works and what it costs" was given beside "Explains reasons
    and trade-offs (5 explanatory links)" (depth held down by the points an answer to another
    question did not cover) and beside "Gives reasons … but briefly"."""
    from interview_core.scoring.delivery import measure

    def advice(reason: str) -> list[str]:
        criteria = {"depth": CriterionScore(score=30, reason=reason)}
        covered = Evaluation(engine="offline", engine_version="t", score=40, criteria=criteria)
        return OfflineEvaluator._improvements(INDEX, covered, [], measure("words"), "words")

    deeper = "Go one level deeper: say why it works and what it costs, with an example."
    assert deeper not in advice("Explains reasons and trade-offs (5 explanatory links).")
    brief = advice("Gives reasons (2 explanatory links) but briefly: 31 words, where a full answer has about 165.")
    assert deeper not in brief and brief[0].startswith("Use your time"), brief
    assert deeper in advice("Names the right ideas but gives few reasons: 0 explanatory links in 90 words.")
    assert deeper in advice("Stays at the surface: the key mechanisms are not explained.")


def test_the_points_covered_only_partly_are_the_ones_the_missed_list_says_were_touched_on() -> None:
    """ "Explains 2 of 5 key points, 2 only partly." was said beside two points "Not addressed."."""
    import re

    evaluator = OfflineEvaluator()
    items = load_graded_items([Path(__file__).parents[1] / "data" / "evaluator_devset" / "c.yaml"])[:4]
    for item in items:
        for answer in item.answers.values():
            evaluation = evaluator.evaluate(item.question, answer)
            if not evaluation.criteria:
                continue
            found = re.search(r", (\d+) only partly\.", evaluation.criteria["key_point_coverage"].reason)
            touched = [
                r for r in evaluation.missed_reasons.values() if r.startswith(("Touched on in", "The terms appear"))
            ]
            assert (int(found.group(1)) if found else 0) == len(touched), (evaluation.criteria, touched)


def test_a_storys_lesson_is_not_the_evidence_of_its_other_parts() -> None:
    """ "My lesson: start from the decision the audience has to make and speak in their units" was the
    evidence of the Situation, the Task and the Result of one story: the evidence of a part other
    than the reflection is a sentence that is not the lesson, where the judge reads one as that part."""
    graded = Path(__file__).resolve().parents[2] / "training" / "graded_answers" / "people.yaml"
    item = next(i for i in load_graded_items([graded]) if i.id == "g-people-explain-nontechnical")
    evaluation = OfflineEvaluator().evaluate(item.question, item.answers["excellent"])
    parts = {e.key_point.split(":")[0]: e.quote for e in evaluation.evidence}
    assert {"Situation", "Result"} <= set(parts), parts
    for part, quote in parts.items():
        if part != "Reflection":
            assert not quote.startswith(("My lesson", "What I took")), (part, quote)


def test_the_rest_of_a_lesson_cut_at_a_clause_is_no_evidence_of_an_action() -> None:
    """The bank's strong story ends "What I learned is to balance candour with respect …: she often has
    context I don't, so my job is to … then back her decision fully." The sentence is read in two
    clauses, and the second was quoted as the Action "committed fully once the decision was final",
    where the story says "Once it was decided, I committed completely: I wrote the runbook…"."""
    from interview_core.questions.bank import load_bank

    question = next(q for q in load_bank().questions if q.id == "behavioral-disagree-manager")
    evaluation = OfflineEvaluator().evaluate(question.as_draft(), question.model_answer)
    quotes = {e.key_point: e.quote for e in evaluation.evidence}
    committed = next(quote for point, quote in quotes.items() if point.startswith("Action: committed fully"))
    assert committed.startswith("Once it was decided, I committed completely"), committed


def test_an_answer_about_something_else_is_first_told_to_answer_the_question() -> None:
    """An answer about hiking was advised to explain two of the index's points and to "go one level
    deeper: say why it works and what it costs", as if it had answered the question."""
    hiking = (
        "I mostly enjoy hiking at weekends, and I plan the routes myself with paper maps and the weather "
        "forecast, so that the group knows the distance, the climb and where to stop for water. Last month "
        "we walked the whole coast path in ten days, sleeping in small guest houses along the way, and the "
        "hardest part was the weather on the third day."
    )
    evaluation = OfflineEvaluator().evaluate(INDEX, hiking)
    assert evaluation.criteria["relevance"].reason.startswith("Mostly about something other"), evaluation.criteria
    assert evaluation.improvements[0] == "Answer the question that was asked: restate it in one line, then stay on it."
    on_topic = OfflineEvaluator().evaluate(INDEX, VAGUE)
    assert "Answer the question that was asked" not in " ".join(on_topic.improvements)


# The same right answer to INDEX in the languages a candidate most likely answers in instead.
IN_OTHER_LANGUAGES = {
    "Spanish": "Un índice es una estructura ordenada aparte, normalmente un árbol B, que permite a la base de datos "
    "encontrar filas sin recorrer toda la tabla. Cada inserción, actualización o borrado también debe actualizar "
    "el índice, así que las escrituras son más lentas, y ocupa espacio en disco y memoria.",
    "French": "Un index est une structure triée à part, souvent un arbre B, qui permet à la base de trouver les "
    "lignes sans parcourir toute la table. Chaque insertion, mise à jour ou suppression doit aussi mettre à jour "
    "l'index, donc les écritures sont plus lentes, et il prend de la place sur le disque et en mémoire.",
    "German": "Ein Index ist eine eigene sortierte Struktur, meist ein B-Baum, mit der die Datenbank Zeilen findet, "
    "ohne die ganze Tabelle zu lesen. Jedes Einfügen, Ändern und Löschen muss auch den Index pflegen, daher werden "
    "Schreibzugriffe langsamer, und er braucht zusätzlichen Speicher auf der Platte und im Arbeitsspeicher.",
    "Portuguese": "Um índice é uma estrutura ordenada à parte, normalmente uma árvore B, que permite ao banco "
    "encontrar linhas sem percorrer a tabela inteira. Cada inserção, atualização ou remoção também precisa "
    "atualizar o índice, então as escritas ficam mais lentas, e ele ocupa espaço em disco e memória.",
    "Italian": "Un indice è una struttura ordinata a parte, di solito un albero B, che permette al database di "
    "trovare le righe senza leggere tutta la tabella. Ogni inserimento, aggiornamento o cancellazione deve anche "
    "aggiornare l'indice, quindi le scritture sono più lente, e occupa spazio su disco e in memoria.",
    "Dutch": "Een index is een aparte gesorteerde structuur, meestal een B-boom, waarmee de database rijen vindt "
    "zonder de hele tabel te lezen. Elke insert, update of delete moet ook de index bijwerken, dus schrijven wordt "
    "trager, en het kost extra ruimte op schijf en in het geheugen.",
    "a language other than English": "Индекс — это отдельная упорядоченная структура, обычно B-дерево, которая "
    "позволяет базе данных находить строки без полного просмотра таблицы. Каждая вставка, обновление и удаление "
    "должны обновлять индекс, поэтому запись медленнее, и индекс занимает место на диске и в памяти.",
}


def test_a_right_answer_in_another_language_is_told_so_not_that_it_is_about_something_else() -> None:
    """The scorer reads English: a right answer in Spanish was "mostly about something other than
    the question" and "explained 0 of 3 key points"."""
    evaluator = OfflineEvaluator()
    for language, answer in IN_OTHER_LANGUAGES.items():
        evaluation = evaluator.evaluate(INDEX, answer)
        said = " ".join([evaluation.feedback, *evaluation.improvements, *evaluation.missed_reasons.values()])
        said += " ".join(criterion.reason for criterion in evaluation.criteria.values())
        assert evaluation.feedback.startswith(
            f"The answer is in {language}. The offline scorer reads answers in English"
        )
        assert "Mostly about" not in said and "mostly about" not in said and "explained 0" not in said.lower()
        assert set(evaluation.missed_reasons.values()) == {"Not assessed: the answer is not in English."}
        assert evaluation.score == 0 and not evaluation.strengths


def test_an_answer_that_could_not_be_read_is_no_reason_to_answer_the_question_asked() -> None:
    """A right answer in Spanish scored every criterion 0 with "the answer is in Spanish", and the
    interview report averaged those zeros: "Answer the question that was asked" came first in
    "What to practise next", "Relevance is weak" in "To work on", and the answer was the weakest."""
    evaluator = OfflineEvaluator()
    good = (
        "An index is a separate sorted structure, usually a B-tree, so the database finds rows by walking the "
        "tree instead of scanning the whole table. The cost is on writes: every insert, update and delete must "
        "also update each index, so writes get slower, and each index takes extra disk space and memory."
    )
    spanish = evaluator.evaluate(INDEX, IN_OTHER_LANGUAGES["Spanish"])
    assert spanish.not_assessed == "The answer is in Spanish."
    short = evaluator.evaluate(INDEX, "A B-tree.")
    assert short.not_assessed == "The answer is only 2 words long."
    read = evaluator.evaluate(INDEX, good)
    assert read.not_assessed == "" and read.score > 60

    results = [(INDEX, read), (INDEX, spanish), (INDEX, short)]
    report = build_report(results, engine="offline", engine_version="t")
    assert report.overall_score == round(read.score / 3, 1)  # the two still count 0
    assert report.breakdown == {name: criterion.score for name, criterion in read.criteria.items()}
    assert report.weaknesses[0] == (
        "2 of 3 answers could not be assessed (the answer is in Spanish; the answer is only 2 words long)."
    )
    assert not any(w.startswith(("Weakest answer", "Relevance")) for w in report.weaknesses)
    assert report.recommendations[:2] == [
        "Answer in English, in a few complete sentences.",
        "Answer the question directly in a few complete sentences.",
    ]
    assert not any(advice.startswith("Answer the question that was asked") for advice in report.recommendations)
    alone = build_report([(INDEX, spanish)], engine="offline", engine_version="t")
    assert alone.breakdown == {} and alone.strengths == [] and alone.weakest_skills == []
    assert alone.recommendations == ["Answer in English, in a few complete sentences."]


def test_no_english_answer_reads_as_another_language() -> None:
    """Every answer of the graded sets (written, paraphrased, spoken, rambling, off-topic, wrong) and
    every model answer of the bank; and English made of terms, with few small words of its own."""
    from interview_core.questions.bank import load_bank
    from interview_core.scoring.text_analysis import other_language

    data = Path(__file__).resolve().parents[1] / "data"
    items = load_graded_items(sorted(data.glob("evaluator_*/*.yaml")))
    answers = [answer for item in items for answer in item.answers.values()]
    answers += [question.model_answer for question in load_bank().questions if question.model_answer]
    answers.append("B-tree, O(log n), range scans, write amplification, covering index, selectivity, page reads, CI")
    answers.append("um so er im using redis as the cache de facto and per request a TTL plus die on errors yeah")
    assert len(answers) > 700
    assert [answer[:60] for answer in answers if other_language(answer)] == []
