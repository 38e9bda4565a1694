"""Scoring with a judge (issue: scores a candidate can trust, points 2–6 and 10): a point stated
wrongly costs more than one left out and is named with the candidate's words; spoken answers are
cut at their pauses; padding earns nothing and gets a figure; stories are judged on their parts;
Gemini's coverage claims are checked against their quotes.

How the evaluator uses verdicts is tested with a scripted judge (below), as the Gemini engine is
with a scripted server, so each rule is checked whatever the shipped model makes of a passage (its
own behaviour is measured in test_judge.py and bench/bench_judge.py)."""

from pathlib import Path

from pydantic import SecretStr

from interview_core.domain import QuestionDraft, QuestionType, TimedWord
from interview_core.engines.gemini import GeminiClient, GeminiEngine, RetryPolicy
from interview_core.scoring.devset import ASIDE_FORMS, load_graded_items
from interview_core.scoring.evaluator import OfflineEvaluator
from interview_core.scoring.judge import Verdict
from interview_core.scoring.text_analysis import pause_breaks, spans
from tests.core.test_evaluator import INDEX, PLAIN, STAR_STORY
from tests.fake_gemini import FakeGemini
from tests.gemini_replies import evaluation_reply, respond


class ScriptedJudge:
    """Says *contradicts* when the passage holds one of `wrong_phrases`, *covers* when it holds one
    of the point's `right_phrases`, else *not addressed*; records every pair it was asked."""

    name = "scripted"

    def __init__(
        self, right_phrases: dict[str, list[str]], wrong_phrases: dict[str, list[str]], *, sure: float = 0.99
    ) -> None:
        self.right, self.wrong, self.sure = right_phrases, wrong_phrases, sure
        self.asked: list[tuple[str, str]] = []

    def clear_cache(self) -> None:
        pass

    def judge(self, pairs):
        self.asked.extend(pairs)
        verdicts = []
        for point, passage in pairs:
            text = passage.lower()
            if any(phrase in text for phrase in self.wrong.get(point, [])):
                verdicts.append(Verdict(0.0, self.sure, 1 - self.sure))
            elif any(phrase in text for phrase in self.right.get(point, [])):
                verdicts.append(Verdict(0.95, 0.0, 0.05))
            else:
                verdicts.append(Verdict(0.02, 0.01, 0.97))
        return verdicts


EVALUATOR = OfflineEvaluator()
DEVSET = Path(__file__).resolve().parents[1] / "data" / "evaluator_devset"
ROOT = Path(__file__).resolve().parents[2]
ISOLATION = QuestionDraft(
    text="What anomalies can happen under READ COMMITTED, and how does REPEATABLE READ differ?",
    question_type=QuestionType.TECHNICAL,
    key_points=[
        "READ COMMITTED prevents dirty reads: a transaction never sees uncommitted changes",
        "READ COMMITTED allows non-repeatable reads: a row read twice in one transaction can change",
        "REPEATABLE READ reads from one snapshot for the whole transaction, so rereads return the same row",
    ],
)
RIGHT = (
    "Under READ COMMITTED I never see another transaction's uncommitted changes, so dirty reads are impossible. "
    "But if I read the same row twice in one transaction, someone can commit an update in between and the second "
    "read returns the new value. REPEATABLE READ takes one snapshot for the whole transaction, so every reread "
    "of a row returns exactly what I saw the first time."
)
WRONG_SENTENCE = (
    "READ COMMITTED also prevents non-repeatable reads, so a row you read twice in one transaction always "
    "comes back the same."
)


def without_second_sentence(text: str) -> str:
    first, _, rest = text.partition(". ")
    return first + ". " + rest.partition(". ")[2]


def isolation_judge(sure: float = 0.99) -> ScriptedJudge:
    points = ISOLATION.key_points
    return ScriptedJudge(
        {
            points[0]: ["uncommitted changes"],
            points[1]: ["second read returns the new value"],
            points[2]: ["one snapshot for the whole transaction"],
        },
        {points[1]: ["prevents non-repeatable reads"], points[0]: ["lets you read other transactions' uncommitted"]},
        sure=sure,
    )


def test_a_point_stated_wrongly_is_named_with_the_candidates_words_and_costs_more_than_leaving_it_out() -> None:
    left_out = without_second_sentence(RIGHT)
    stated_wrongly = left_out.replace(". REPEATABLE", f". {WRONG_SENTENCE} REPEATABLE")
    evaluator = OfflineEvaluator(judge=isolation_judge())
    right, missing, wrong = (evaluator.evaluate(ISOLATION, text) for text in (RIGHT, left_out, stated_wrongly))
    point = ISOLATION.key_points[1]
    assert point in right.covered_key_points
    assert point in missing.missed_key_points and not missing.missed_reasons[point].startswith("Stated wrongly")
    assert wrong.missed_reasons[point].startswith("Stated wrongly: you said “")
    quoted = wrong.missed_reasons[point].split("“", 1)[1].rstrip("”")
    assert quoted in stated_wrongly and "prevents non-repeatable reads" in quoted
    assert "You said “" in wrong.feedback and point in wrong.feedback
    assert wrong.improvements[0].startswith(f"Correct this: {point}")
    assert right.score > missing.score > wrong.score


class AloneWrongJudge(ScriptedJudge):
    """As `isolation_judge`, but the wrong sentence read with a neighbour is only likely wrong."""

    def judge(self, pairs):
        verdicts = super().judge(pairs)
        return [
            Verdict(verdict.covers, 0.6, 0.4) if verdict.contradicts >= 0.99 and passage != WRONG_SENTENCE else verdict
            for (_, passage), verdict in zip(pairs, verdicts, strict=True)
        ]


def test_a_sentence_is_named_wrong_only_where_it_reads_wrong_with_its_neighbour_too() -> None:
    """A sure contradiction that vanishes when the sentence is read with a neighbour is a quirk of
    its wording as often as an error (in the graded sets, 3 of the 6 right answers told "You said
    …, but: …"): it is quoted as one to check, and costs as a doubt."""
    stated_wrongly = without_second_sentence(RIGHT).replace(". REPEATABLE", f". {WRONG_SENTENCE} REPEATABLE")
    point = ISOLATION.key_points[1]
    base = isolation_judge()
    named = OfflineEvaluator(judge=base).evaluate(ISOLATION, stated_wrongly)
    doubted = OfflineEvaluator(judge=AloneWrongJudge(base.right, base.wrong)).evaluate(ISOLATION, stated_wrongly)
    assert named.missed_reasons[point].startswith("Stated wrongly") and "You said “" in named.feedback
    assert point in doubted.missed_key_points and not doubted.missed_reasons[point].startswith("Stated wrongly")
    assert "You said “" not in doubted.feedback and "Check this: you said “" in doubted.feedback
    assert named.score < doubted.score


def test_a_likely_wrong_statement_costs_in_proportion_and_is_quoted_as_one_to_check() -> None:
    """Below the bar for naming it wrong, a likely contradiction still costs (the point and the
    overall score shrink with its probability) and the feedback quotes it as a doubt; an unlikely
    one costs nothing."""
    left_out = without_second_sentence(RIGHT)
    stated_wrongly = left_out.replace(". REPEATABLE", f". {WRONG_SENTENCE} REPEATABLE")
    point = ISOLATION.key_points[1]
    scores = {}
    for sure in (0.5, 0.9, 0.95):
        evaluation = OfflineEvaluator(judge=isolation_judge(sure)).evaluate(ISOLATION, stated_wrongly)
        assert not evaluation.missed_reasons.get(point, "").startswith("Stated wrongly")  # a doubt is not a verdict
        scores[sure] = evaluation.score
        if sure == 0.5:
            assert "Check this" not in evaluation.feedback
        else:
            check = evaluation.feedback.split("Check this: you said “", 1)[1]
            quoted, rest = check.split("”", 1)
            assert quoted in stated_wrongly and "prevents non-repeatable reads" in quoted
            assert point in rest
            lost = int(rest.split("Statements that may be wrong cost ", 1)[1].split(" points", 1)[0])
            assert lost >= 1
    assert scores[0.5] > scores[0.9] > scores[0.95]
    right = OfflineEvaluator(judge=isolation_judge(0.9)).evaluate(ISOLATION, RIGHT)
    assert "Check this" not in right.feedback and right.score > scores[0.9]


def test_a_confident_wrong_answer_scores_far_below_a_right_one() -> None:
    confident_wrong = (
        "READ COMMITTED lets you read other transactions' uncommitted changes, which is why it is fast. "
        "It prevents non-repeatable reads, so reading a row twice always gives the same value. REPEATABLE READ "
        "is the same thing under another name: it takes a fresh snapshot for every statement."
    )
    evaluator = OfflineEvaluator(judge=isolation_judge())
    wrong = evaluator.evaluate(ISOLATION, confident_wrong)
    assert wrong.score < evaluator.evaluate(ISOLATION, RIGHT).score - 30
    assert sum(reason.startswith("Stated wrongly") for reason in wrong.missed_reasons.values()) >= 2


def timed(text: str, pause_after: set[int]) -> list[TimedWord]:
    words, clock = [], 0.0
    for index, word in enumerate(text.split()):
        words.append(TimedWord(word=word, start=clock, end=clock + 0.25))
        clock += 0.3 + (1.0 if index in pause_after else 0.0)
    return words


def test_a_denial_read_against_a_point_that_itself_says_not_is_a_doubt_to_check_never_a_verdict() -> None:
    """The judge reads two negations as a contradiction too often ("never sees uncommitted changes"
    against "a transaction can't see uncommitted changes": agreement). Where the point and the
    sentence both say "not", a sure contradiction is quoted as one to check, not named as wrong."""
    point = ISOLATION.key_points[0]  # "... a transaction never sees uncommitted changes"
    judge = ScriptedJudge({}, {point: ["uncommitted changes"]})
    rest = "Rereads of a row can change. REPEATABLE READ reads one snapshot for the whole transaction."
    for sentence, named in (
        ("Under READ COMMITTED a transaction can't see uncommitted changes of others.", False),
        ("Under READ COMMITTED a transaction sees uncommitted changes of others.", True),
    ):
        assert_named_or_doubted(ISOLATION, judge, sentence, rest, named=named)


def assert_named_or_doubted(
    question: QuestionDraft, judge: ScriptedJudge, sentence: str, rest: str, *, named: bool
) -> None:
    """`sentence`, which the judge reads as contradicting the question's first point, is named as
    wrong ("Stated wrongly", "You said …, but:") or quoted as one to check ("Check this: you said")."""
    point = question.key_points[0]
    evaluation = OfflineEvaluator(judge=judge).evaluate(question, f"{sentence} {rest}")
    assert point in evaluation.missed_key_points
    assert evaluation.missed_reasons[point].startswith("Stated wrongly") is named, sentence
    assert ("Check this: you said “" in evaluation.feedback) is not named
    assert sentence in evaluation.feedback


def test_a_denial_read_against_a_point_that_warns_against_something_is_a_doubt_never_a_verdict() -> None:
    """ "Dangerous sinks like innerHTML should be replaced with textContent" says "not" in other
    words: a good answer was told "You said “I avoid innerHTML and use textContent…”, but:" that very
    point, on a sure verdict. A sentence that agrees by denying is a doubt to check; one that does
    not deny is still named wrong."""
    xss = QuestionDraft(
        text="How do you defend a web application against cross-site scripting?",
        question_type=QuestionType.TECHNICAL,
        key_points=[
            "Dangerous sinks like innerHTML should be replaced with textContent, or the HTML sanitised with DOMPurify",
            "Context-aware output encoding is the main defence",
            "A Content Security Policy with nonces blocks injected inline scripts",
        ],
    )
    judge = ScriptedJudge({}, {xss.key_points[0]: ["innerhtml"]})
    rest = "I encode output for the context it is rendered in. A CSP with nonces is a second layer."
    for sentence, named in (
        ("I avoid innerHTML and use textContent, or sanitise with DOMPurify if HTML is really needed.", False),
        ("I set innerHTML directly because the framework escapes it for me anyway.", True),
    ):
        assert_named_or_doubted(xss, judge, sentence, rest, named=named)


class PhraseJudge:
    """Reads a passage holding `phrases` (one, or every one of several) as covering every point
    with probability `covers`, and anything else as not addressing it."""

    name = "phrase"

    def __init__(self, phrases: str | tuple[str, ...], covers: float) -> None:
        self.phrases = (phrases,) if isinstance(phrases, str) else phrases
        self.covers = covers

    def clear_cache(self) -> None:
        pass

    def judge(self, pairs):
        return [
            Verdict(self.covers, 0.0, 1 - self.covers)
            if all(phrase in passage.lower() for phrase in self.phrases)
            else Verdict(0.0, 0.0, 1.0)
            for _, passage in pairs
        ]


WRITES = QuestionDraft(
    text="What does an index cost you?",
    question_type=QuestionType.TECHNICAL,
    key_points=["Every insert, update and delete must also update the index, so writes get slower"],
)
# The point in other words: not one of its specific terms.
PARAPHRASE = (
    "Each time a row is added or changed, that extra lookup structure has to be kept in step as well, "
    "so saving data takes longer."
)


def test_a_paraphrase_the_judge_reads_as_covering_the_point_counts_as_covered_in_any_words() -> None:
    # Without the sentence encoder, nothing but the judge sees that these words make the point.
    # (An answer about the question: in one mostly about something else, the judge alone covers nothing.)
    answer = f"An index has a cost. {PARAPHRASE}"
    covered = OfflineEvaluator(encoder=None, judge=PhraseJudge("kept in step", 0.8)).evaluate(WRITES, answer)
    assert covered.covered_key_points == WRITES.key_points
    assert covered.evidence[0].quote == PARAPHRASE
    unsure = OfflineEvaluator(encoder=None, judge=PhraseJudge("kept in step", 0.3)).evaluate(WRITES, answer)
    assert unsure.missed_key_points == WRITES.key_points
    coverage = "key_point_coverage"
    assert covered.criteria[coverage].score > unsure.criteria[coverage].score


def test_the_evidence_is_the_one_sentence_that_makes_the_point_not_its_neighbour_too() -> None:
    """Where one sentence covers the point on its own, it is the quote: the stretch of two that
    holds it also covers the point, and quoted the sentence before it, another point's or none."""
    opening = "We added indexes for the dashboard queries on orders, users and invoices last spring."
    answer = f"{opening} {PARAPHRASE}"
    evaluation = OfflineEvaluator(encoder=None, judge=PhraseJudge("kept in step", 0.9)).evaluate(WRITES, answer)
    assert evaluation.covered_key_points == WRITES.key_points
    assert [quote.quote for quote in evaluation.evidence] == [PARAPHRASE]


def test_an_answer_to_another_question_is_not_told_it_explained_points_on_the_judges_word() -> None:
    """The judge reads how a sentence is built more than what it is about: in an answer that is
    mostly about something else, its verdict alone covers nothing, so the feedback does not say
    "You explained 1 of 1 key points" beside "mostly about something other than the question"."""
    hike = (
        "On weekends I hike the coast path with friends, and we kept in step for ten days, which made it easy. "
        "We carried light packs, slept in small guesthouses along the way and ate fish and chips in every "
        "harbour town we passed."
    )
    judge = PhraseJudge("kept in step", 0.99)
    evaluation = OfflineEvaluator(encoder=None, judge=judge).evaluate(WRITES, hike)
    assert evaluation.criteria["relevance"].score < 30
    assert evaluation.covered_key_points == [] and evaluation.evidence == []
    assert "mostly about something other" in evaluation.feedback and "explained 0 of 1" in evaluation.feedback
    on_topic = OfflineEvaluator(encoder=None, judge=judge).evaluate(WRITES, f"An index has a cost. {PARAPHRASE}")
    assert on_topic.covered_key_points == WRITES.key_points  # the same verdict, in an answer to this question


def test_an_unpunctuated_transcript_needs_a_surer_verdict_to_count_on_the_judge_alone() -> None:
    """The judge reads text without punctuation as saying something about the point more often than
    the same text written (bench_judge.py: spoken renderings); such a stretch counts on its verdict
    alone only where the judge is sure."""
    spoken = "an index has a cost um so each time a row is added or changed that extra lookup structure is kept in step"
    for covers, counted in ((0.8, False), (0.97, True)):
        evaluation = OfflineEvaluator(encoder=None, judge=PhraseJudge("kept in step", covers)).evaluate(WRITES, spoken)
        assert (evaluation.covered_key_points == WRITES.key_points) is counted, covers


def test_two_unpunctuated_passages_read_together_never_cover_a_point_on_the_judges_word_alone() -> None:
    """Two passages of a transcript without punctuation, read together, are read as covering a point
    neither makes about a third of the time (judge-3 on its dev split: 31 % from 0.95, against 2.7 %
    for one such passage and 1.3 % for two written sentences). So there the judge's verdict is only
    its share of the score, while two written sentences still count together."""
    judge = PhraseJudge(("row is added", "kept in step"), 0.99)
    spoken = "an index has a cost um so each time a row is added or changed that extra lookup structure is kept in step"
    pause = {spoken.split().index("changed")}
    transcript = OfflineEvaluator(encoder=None, judge=judge).evaluate(WRITES, spoken, timed_words=timed(spoken, pause))
    assert [s.text for s in spans(spoken, breaks=pause_breaks(spoken, timed(spoken, pause))) if s.parts == 1] == [
        "an index has a cost um so each time a row is added or changed",
        "that extra lookup structure is kept in step",
    ]
    assert transcript.covered_key_points == []
    written = (
        "An index has a cost: each time a row is added or changed, there is more to do. "
        "That extra lookup structure is kept in step."
    )
    assert OfflineEvaluator(encoder=None, judge=judge).evaluate(WRITES, written).covered_key_points == WRITES.key_points


def test_a_spoken_answer_is_cut_into_passages_where_the_speaker_paused() -> None:
    transcript = "so an index is a b-tree next to the table and um reads get faster but every insert has to update it"
    tokens = transcript.split()
    pauses = {tokens.index("table"), tokens.index("faster")}
    breaks = pause_breaks(transcript, timed(transcript, pauses))
    assert [transcript[:b].split()[-1] for b in breaks] == ["table", "faster"]
    cut = [span.text for span in spans(transcript, breaks=breaks) if span.parts == 1]
    assert cut == [
        "so an index is a b-tree next to the table",
        "and um reads get faster",
        "but every insert has to update it",
    ]
    # A word the text no longer has (edited after transcription) is skipped, never guessed.
    assert pause_breaks("an index is fast", timed("an index was fast", {1})) == [len("an index")]


def test_padding_earns_nothing_and_gets_a_get_to_the_point_note_with_the_figure() -> None:
    padding = (
        " To be honest this is a topic I have thought about a lot over the years, across many projects and many "
        "teams, and I think it is one of those things that everybody should know, and people often ask me about it."
        " I always say the same thing, which is what I said above, more or less, in so many words, and most of the"
        " time people nod and we move on to the next item on the agenda, which is usually something else entirely."
        " It came up in my first job, where the senior engineers had strong opinions about almost everything, and"
        " I learned a great deal from listening to them argue over lunch and in the long planning meetings."
        " Later it came up again when I moved teams, and again when I started interviewing people myself, so I"
        " suppose it is fair to say that it has followed me around for most of my career so far."
        " Different companies have different cultures around this kind of thing, some very formal with written"
        " guidelines and review boards, and some very relaxed where everyone just does what they think is best."
        " I have worked in both kinds of places and I can see the good and the bad sides of each of them, honestly."
        " In the end I think what matters most is that the team agrees on an approach and sticks with it over time,"
        " rather than changing its mind every few months whenever somebody new joins and brings fresh opinions."
        " Anyway, that is roughly how I think about it in general, and I am happy to talk about it for as long as"
        " you like, because it is one of my favourite subjects and I never really get tired of discussing it."
        " My friends outside work have heard me go on about it at dinner more times than they would like, I think."
    )
    rambling = PLAIN + padding
    focused, padded = EVALUATOR.evaluate(INDEX, PLAIN), EVALUATOR.evaluate(INDEX, rambling)
    assert padded.score <= focused.score
    note = padded.improvements[0]
    assert note.startswith("Get to the point:") and f"{len(rambling.split())} words" in note
    assert not any(tip.startswith("Get to the point") for tip in focused.improvements)
    # A little padding lifts nothing either: its words earn depth no length, its sentences set clarity
    # no easier pace (before, a few of them lifted this 57-word answer by 4.6 points).
    lightly = EVALUATOR.evaluate(INDEX, PLAIN + padding[: padding.index(" It came up")])
    assert lightly.score <= focused.score
    assert lightly.criteria["depth"].score <= focused.criteria["depth"].score + 1
    # The same padding said again and again is read once, and the candidate is told so.
    said = padding[: padding.index(" I always")]
    once, repeated = EVALUATOR.evaluate(INDEX, PLAIN + said), EVALUATOR.evaluate(INDEX, PLAIN + said * 6)
    assert repeated.score == once.score and "You repeated 5 sentences, from “To be honest" in repeated.feedback


def test_an_aside_about_nothing_costs_a_technical_answer_no_relevance_but_a_plea_that_is_most_of_it_does() -> None:
    item = {item.id: item for item in load_graded_items([DEVSET / "c.yaml"])}["c-code-word-break"]
    answer = item.answers["excellent"]
    plain = EVALUATOR.evaluate(item.question, answer)
    # Before, this one sentence made the answer "drift" (relevance 72 → 61) and cost it 19 points.
    aside = " To be honest this is a topic I have thought about a lot over the years, across many projects and teams."
    for told in (aside.strip() + " " + answer, answer + aside):
        with_aside = EVALUATOR.evaluate(item.question, told)
        assert with_aside.criteria["relevance"].score == plain.criteria["relevance"].score
        assert abs(with_aside.score - plain.score) <= 2
    # Sentences about nothing that are most of the answer are the answer: they still count.
    short = (
        "I would use dynamic programming over prefixes of the string: a prefix can be split if some dictionary "
        "word ends it and the prefix before that word can be split too."
    )
    plea = " Please, I have been out of work for eight months and this interview means everything to my family."
    assert (
        EVALUATOR.evaluate(item.question, short + plea).criteria["relevance"].score
        < EVALUATOR.evaluate(item.question, short).criteria["relevance"].score
    )


def test_an_aside_is_read_alone_so_it_neither_makes_a_wrong_sentence_cover_its_point_nor_hides_a_right_one() -> None:
    # Joined with the aside, the judge read the wrong scheduler sentence as covering its point
    # (56.3 → 84.4), and the right heap sentence lost the stretch that explained it (93.2 → 79.0).
    aside = ASIDE_FORMS["an aside before"]
    cases = [
        (ROOT / "training/graded_answers/webops.yaml", "g-webops-k8s-requests-limits", "wrong"),
        (DEVSET / "c.yaml", "c-code-meeting-rooms", "excellent"),
    ]
    for path, item_id, label in cases:
        item = {item.id: item for item in load_graded_items([path])}[item_id]
        plain = EVALUATOR.evaluate(item.question, item.answers[label])
        told = EVALUATOR.evaluate(item.question, aside(item.answers[label]))
        assert told.covered_key_points == plain.covered_key_points, item_id
        assert abs(told.score - plain.score) <= 1, item_id


def test_a_well_told_story_of_bad_conduct_loses_its_action_and_scores_below_a_good_story() -> None:
    good = (
        "Last year my manager wanted to ship our billing migration in one big release two weeks early. I thought "
        "the risk was too high, so I pulled the incident history and showed him privately that our last two "
        "big-bang releases caused outages, and proposed three smaller releases. He agreed; we shipped the first "
        "slice on time with zero incidents and our relationship improved. I learned to bring evidence and an "
        "alternative, not just an objection."
    )
    bad = (
        "Last year my manager wanted to ship our billing migration in one big release two weeks early. I knew he "
        "was wrong, so I skipped him and complained to his director in a group email, and I quietly told my team "
        "to stop working on his plan. He was overruled, we shipped my way, and he never brought it up again. I "
        "learned that going over someone's head is the fastest way to get things done."
    )
    points = STAR_STORY.key_points
    judge = ScriptedJudge(
        {
            points[0]: ["billing migration in one big release"],
            points[1]: ["showed him privately"],
            points[2]: ["zero incidents"],
            points[3]: ["i learned to bring evidence"],
        },
        {points[1]: ["skipped him and complained"], points[3]: ["going over someone's head is the fastest"]},
    )
    evaluator = OfflineEvaluator(judge=judge)
    good_score, bad_eval = evaluator.evaluate(STAR_STORY, good), evaluator.evaluate(STAR_STORY, bad)
    assert "action" in bad_eval.criteria["structure"].reason.split("missing", 1)[-1]
    assert good_score.score > bad_eval.score + 20


def test_gemini_coverage_claims_that_the_judge_reads_as_wrong_do_not_count() -> None:
    answer = f"{WRONG_SENTENCE} Dirty reads cannot happen because uncommitted changes stay invisible."
    server = FakeGemini(responder=respond)
    try:
        server.responder = lambda request: {
            **evaluation_reply(request, score=90),
            "key_points": [
                {"index": 0, "covered": True, "quote": "Dirty reads cannot happen because uncommitted changes"},
                {"index": 1, "covered": True, "quote": WRONG_SENTENCE},
                {"index": 2, "covered": False, "quote": "", "missing": "not said"},
            ],
        }
        client = GeminiClient(
            api_key=SecretStr("AIzaTEST-judge"), model="gemini-test", base_url=server.url, retry=RetryPolicy(attempts=1)
        )
        evaluation = GeminiEngine(client, judge=isolation_judge()).evaluate_answer(ISOLATION, answer)
    finally:
        server.close()
    assert evaluation.covered_key_points == [ISOLATION.key_points[0]]
    assert evaluation.missed_reasons[ISOLATION.key_points[1]].startswith("Stated wrongly: you said “READ COMMITTED")


def test_a_storys_situation_is_quoted_from_its_start_and_its_reflection_from_its_end() -> None:
    """The judge reads nearly any sentence of a story as covering any part's line, so a covered
    Situation point quoted the reflection, the sentence sharing most of its words. Where the
    story's first (last) sentences are read as that part, they are the evidence; the score is
    the same either way."""
    question = QuestionDraft(
        text="Tell me about an outage you handled.",
        question_type=QuestionType.BEHAVIORAL,
        key_points=[
            "Situation: describes the outage and who it affected",
            "Reflection: says what they changed afterwards",
        ],
    )
    story = (
        "Last March our payments API went down for two hours during the evening peak. "
        "I rolled the release back and paged the database team while support answered customers. "
        "What I changed afterwards is that I describe every outage and who it affected in a short note to the team."
    )
    evaluator = OfflineEvaluator(encoder=None, judge=PhraseJudge("", 0.9))  # every sentence covers every part
    evidence = {quote.key_point: quote.quote for quote in evaluator.evaluate(question, story).evidence}
    assert evidence[question.key_points[0]].startswith("Last March our payments API went down")
    assert evidence[question.key_points[1]].startswith("What I changed afterwards")
    unordered = OfflineEvaluator(encoder=None, judge=PhraseJudge("", 0.9))
    unordered._story_evidence = lambda matches, spans: list(matches)  # type: ignore[method-assign]
    before = unordered.evaluate(question, story)
    assert before.evidence[0].quote.startswith("What I changed afterwards")  # the reflection, as before
    assert before.score == evaluator.evaluate(question, story).score


def test_a_story_the_judge_reads_as_covering_most_points_is_about_the_question_in_any_words() -> None:
    """An excellent story of an underperformer in its own words ("Dev was slipping badly … three of
    his four tickets rolled over") was far from the question for the sentence encoder: relevance 33,
    "drifts or stays general", and 54.2, below an answer about hiring (57.8). The judge reads it as
    covering 4 of the 6 points: it is about the question. A neighbouring story is not lifted."""
    items = {item.id: item for item in load_graded_items([DEVSET / "c.yaml"])}
    item = items["c-beh-underperformer"]
    story, hiring = (EVALUATOR.evaluate(item.question, item.answers[label]) for label in ("excellent", "off_topic"))
    assert story.criteria["relevance"].reason == "Covers 4 of 6 key points, in words far from the question's."
    assert story.score > hiring.score + 20
    assert hiring.criteria["relevance"].reason == "Touches the question but drifts or stays general."
