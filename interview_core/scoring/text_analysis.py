"""Plain-text analysis shared by the evaluator and the delivery metrics: sentences, words,
content terms reduced to one canonical form (stemmed, common synonyms folded together), how much a
stretch of text reads like an explanation rather than a list of terms, and what an answer holds
besides its explanation (code, the question restated, sentences said again, big-O bounds)."""

from __future__ import annotations

import itertools
import math
import re
import textwrap
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import snowballstemmer

from interview_core.domain import TimedWord

WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9+#'’.-]*[A-Za-z0-9+#]|[A-Za-z0-9]")
# A list item's mark: a bullet or a step's number, before a space ("1.5 s" and "-5" are none).
_LIST_MARK = r"(?:[-*•]|\d+[.)])(?=\s)"
# A line's label in a pasted exchange ("Q: …", "A: …", "Answer: …"): read with the first sentence,
# "A: AUC is …" kept a wrong answer's first sentence from reading as the contradiction it is.
_LINE_LABEL = r"(?:Q|A|Question|Answer|My answer)\s*:(?=\s)"
# The marks that open the lines of a list.
LIST_MARKS = re.compile(rf"^\s*{_LIST_MARK}", re.MULTILINE)
# Abbreviations that a lower-case word follows inside a sentence ("Redis, Kafka, etc. are").
_ABBREVIATIONS = "etc vs approx incl esp cf al resp viz dept fig eq inc ltd corp".split()
# Sentence ends; also line breaks and bullets, so a list is split into its items. A sentence may
# start in lower case: an identifier ("… the steps. terraform plan shows …") or an answer typed
# all in lower case. Unsplit, such an answer was one run of passages cut at clause words, and a
# wrong statement's sentence was never read alone: the graded sets' wrong answers, lower-cased,
# scored a median 17 points higher (up to 59). A lower-case start ends no sentence after an
# abbreviation: "e.g. redis", "3 a.m. the", "U.S. teams" and "etc. are" stay whole.
_SENTENCE_END = re.compile(
    # A list item's bullet or number goes with the break before it (a line's, or the text's start):
    # left in, "2." was a sentence of its own and the judge read "2. The index…".
    rf"(?:^|\n)\s*(?:{_LIST_MARK}|{_LINE_LABEL})?[ \t]*|"
    # Markdown's emphasis may close a sentence or open the next ("**Redis** keeps…").
    r"(?<=[.!?])[\"')\]*_`]*\s+(?=[\"'(\[*_`]*[A-Z0-9])|"
    r"(?<=[A-Za-z0-9)][.!?])(?<!\.[A-Za-z][.!?])"
    + "".join(rf"(?<!\b{a}\.)(?<!\b{a.capitalize()}\.)" for a in _ABBREVIATIONS)
    # A bullet typed inline ("Pros: - fast - cheap"), but no minus or times sign: "hi = mid - 1"
    # and "n * m" were cut at it.
    + r"\s+(?=[*_`]*[a-z])|\s+•\s+|\s+[-*]\s+(?=[*_`]*[A-Za-z]{2})|;\s+|"
    # A full stop typed without its space ("an index.The writes"): only before a word that opens
    # sentences and names no code ("typing.Optional", "React.Component" stay whole). Unsplit, the
    # graded sets' wrong answers typed so scored a median 11.7 points higher (up to 52).
    r"(?<=[a-z][a-z][.!?])(?=(?:The|This|That|These|Those|It|I|We|You|They|So|But|And|Or|If|When|Then|"
    r"Also|For|In|On|With|Because|Since|However|First|Second|Finally|My|Our|A|An)\s)"
)

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are aren't as at be because been
    before being below between both but by can cannot could couldn't did didn't do does doesn't doing
    don't down during each either else even ever every few for from further get gets got had hadn't
    has hasn't have haven't having he her here hers herself him himself his how however i if in into
    is isn't it it's its itself just let like many may me might mine more most much must my myself
    need no nor not now of off on once one only or other ought our ours ourselves out over own per
    quite rather really same shall she should so some such than that that's the their theirs them
    themselves then there there's these they this those though through thus to too under until up
    upon us very via was wasn't we were weren't what when where whether which while who whom whose
    why will with within without would you your yours yourself yourselves yet also etc e.g i.e
    thing things something anything everything way ways kind sort basically actually um uh erm
    yeah okay ok well take takes taking took taken make makes made making go goes going went come
    comes came put puts""".split()
)

# Words that carry grammar rather than content: a real sentence has plenty, a list of terms none.
# Plain joiners ("and", "also", "or", "plus") are left out: "heap and O(n) and sort" is still a list.
_JOINERS = frozenset("and also or plus then with etc".split())
FUNCTION_WORDS = (
    STOPWORDS
    | frozenset(
        """is are was were be been being has have had do does did will would can could should may
    might must i we you he she it they this that which who because so when if than as""".split()
    )
) - _JOINERS

# Words a rubric uses to describe an answer ("describes the dependency", "Action: explains ...");
# they say nothing about the content, so key points are matched without them.
RUBRIC_WORDS = frozenset(
    """situation task action result reflection describe describes described explain explains
    explained state states stated mention mentions mentioned give gives name names show shows
    discuss discusses outline outlines identify identifies acknowledge acknowledges demonstrate
    demonstrates candidate specific specifically clear clearly concrete concretely say says
    note notes talk talks""".split()
)

# Everyday paraphrases folded into one term, so "lookups get quicker" meets "speeds up reads".
# General software-engineering language only; nothing here is specific to one question.
_SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("fast", "faster", "fastest", "quick", "quicker", "quickly", "speed", "speedup", "rapid", "accelerate"),
    ("slow", "slower", "slowest", "slowdown", "sluggish", "latency", "lag", "delay"),
    ("increase", "increases", "more", "grow", "grows", "raise", "higher", "rise", "boost", "extra", "additional"),
    ("decrease", "reduce", "reduces", "less", "fewer", "lower", "shrink", "cut", "cuts", "drop", "minimize"),
    ("big", "large", "huge", "massive", "bigger", "larger"),
    ("small", "tiny", "smaller", "little"),
    ("fail", "failure", "failures", "crash", "crashes", "outage", "break", "breaks", "broken"),
    ("error", "errors", "bug", "bugs", "defect", "mistake", "fault", "exception"),
    ("cost", "costs", "expensive", "overhead", "price", "penalty"),
    ("store", "stores", "save", "persist", "keep", "hold", "storage"),
    ("read", "reads", "fetch", "retrieve", "lookup", "lookups", "load", "query", "queries", "select"),
    ("write", "writes", "insert", "inserts", "update", "updates", "modify", "mutation"),
    ("remove", "delete", "deletes", "evict", "eviction", "purge"),
    ("avoid", "prevent", "prevents", "stop", "block", "blocks", "guard", "protect"),
    ("use", "uses", "using", "utilize", "leverage", "employ", "apply"),
    ("ensure", "guarantee", "guarantees", "enforce"),
    ("split", "partition", "partitions", "shard", "shards", "sharding", "divide", "chunk"),
    ("copy", "copies", "replica", "replicas", "replicate", "replication", "duplicate"),
    ("check", "verify", "validate", "validation", "test", "assert"),
    ("measure", "monitor", "monitoring", "metric", "metrics", "track", "observe", "observability"),
    ("user", "users", "customer", "customers", "client", "clients", "caller"),
    ("problem", "issue", "issues", "challenge", "trouble"),
    ("result", "outcome", "impact", "effect"),
    ("wait", "waits", "waiting", "idle"),
    ("parallel", "concurrent", "concurrently", "simultaneous", "simultaneously", "same time"),
    ("memory", "ram", "heap"),
    ("begin", "start", "starts", "initial", "first"),
    ("end", "finish", "final", "last", "complete"),
    ("whole", "entire", "full", "all"),
    ("scan", "scans", "scanning", "traverse", "iterate", "loop"),
    ("team", "teammate", "teammates", "colleague", "colleagues", "coworker", "peers"),
    ("manager", "boss", "supervisor"),
    ("learn", "learned", "learnt", "lesson", "lessons", "takeaway"),
    ("explain", "clarify", "describe", "walk"),
    ("agree", "agreement", "consensus", "align", "aligned", "alignment"),
    ("disagree", "disagreement", "conflict", "dispute", "pushback", "tension"),
    ("deadline", "timeline", "schedule", "date"),
    ("goal", "objective", "target", "aim"),
)

# A Snowball stemmer keeps its working word in the object, so one shared between threads mixes
# up their words (wrong stems, IndexError): each thread that scores gets its own.
_stemmers = threading.local()


def _stemmer() -> Any:
    stemmer = getattr(_stemmers, "english", None)
    if stemmer is None:
        stemmer = _stemmers.english = snowballstemmer.stemmer("english")
    return stemmer


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _stemmer().stemWord(word.lower().strip(".'’-"))


@lru_cache(maxsize=1)
def _synonym_map() -> dict[str, str]:
    mapping: dict[str, str] = {}
    for group in _SYNONYM_GROUPS:
        canonical = stem(group[0])
        for word in group:
            mapping.setdefault(stem(word), canonical)
    return mapping


def words(text: str) -> list[str]:
    """Word tokens as typed (case kept)."""
    return WORD.findall(text)


# The commonest small words of the languages a candidate most likely answers in instead of English,
# leaving out those English text has too ("a", "in", "die", "per", "plus", "um", "er"), or its
# answers ("ci", "mit", "im" typed for "I'm"), and single letters ("y", "e", "o": a variable, big O).
_OTHER_LANGUAGES = {
    language: frozenset(small_words.split())
    for language, small_words in {
        "Spanish": "de la que el los del las por con una para es se lo como pero más sus al ya este porque esta "
        "entre cuando muy sin sobre también hay donde puede cada uso",
        "French": "le la les des est et une pour dans qui que pas sur au du avec ce il ne se sont mais nous "
        "vous je en un par ou cette chaque être",
        "German": "der und das ist nicht ein eine zu den sich des auf für dem auch es werden aus "
        "hat dass sie nach wird bei einer noch wie über oder wir ich wenn kann",
        "Portuguese": "de que não em uma os da para com por mais dos se na mas ao ele das seu sua ou "
        "quando muito também pelo pela isso ela entre depois sem eu é",
        "Italian": "di che il la è una non sono mi si ho lo ha le con ma del della anche questo gli più "
        "al nel se quando ogni",
        "Dutch": "de het een van en dat te niet zijn voor met ook als maar bij naar wordt aan om hij ik je wanneer kan",
    }.items()
}
_LETTERS = re.compile(r"[^\W\d_]+")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


def other_language(text: str) -> str:
    """The language `text` is in where that is not English ("Spanish", or "a language other than
    English" for another script), else "". The scorer reads English: a right answer in Spanish was
    "mostly about something other than the question". Read from its small words, so a list of
    English terms ("B-tree, O(log n), range scans") is English, and English's own small words must
    be outnumbered twice over."""
    found = [word.lower() for word in _LETTERS.findall(text)]
    letters = "".join(found)
    if len(letters) >= 24 and len(_LATIN_LETTER.findall(letters)) < len(letters) / 2:
        return "a language other than English"
    if len(found) < 12:
        return ""
    english = sum(word in FUNCTION_WORDS for word in found)
    hits = {language: sum(word in small for word in found) for language, small in _OTHER_LANGUAGES.items()}
    language, most = max(hits.items(), key=lambda item: item[1])
    return language if most >= 0.15 * len(found) and most > 2 * english else ""


def term(word: str) -> str:
    """The canonical content form of a word: stemmed, synonyms folded."""
    stemmed = stem(word)
    return _synonym_map().get(stemmed, stemmed)


def content_terms(text: str, *, ignore: frozenset[str] = frozenset()) -> list[str]:
    """Canonical forms of the content words, in order (stopwords and one-letter words dropped)."""
    return [
        term(w)
        for w in words(text)
        if w.lower() not in STOPWORDS and w.lower() not in ignore and (len(w) > 1 or w.isdigit())
    ]


def key_point_terms(point: str) -> set[str]:
    """A key point's content terms, without the rubric's own vocabulary."""
    return set(content_terms(point, ignore=RUBRIC_WORDS))


# Speech-to-text writes few full stops: a spoken answer can arrive as one 200-word sentence, and a
# key point matched against all of it loses its precision. A sentence this long is cut into
# passages where a clause starts ("so", "because", "and then"…), or at a comma.
_LONG_SENTENCE = 32
# A passage must leave at least this many words after it: a spoken sentence that ends "…, so yeah"
# keeps its sign-off rather than making it a passage of its own, which says nothing yet is quoted
# and matched like one.
_SHORTEST_TAIL = 5
_CLAUSE = re.compile(
    r"\s+(?=(?:and then|and so|so that|so|because|but|which means|that means|then|whereas|although|"
    r"and the|and if|if|when|after that|first|second|third|finally)\b)|(?<=,)\s+",
    re.IGNORECASE,
)
# Where a stretch still too long is cut next: words that often join two thoughts in speech.
_WEAK_CLAUSE = re.compile(r"\s+(?=(?:and|or|which|who|where|while|now|also|plus)\b)", re.IGNORECASE)


def _bracket_depth(text: str, end: int) -> int:
    """How many brackets are open at `end`."""
    head = text[:end]
    return max(0, head.count("(") + head.count("[") - head.count(")") - head.count("]"))


def _passages(sentence: str) -> list[str]:
    if len(WORD.findall(sentence)) <= _LONG_SENTENCE:
        return [sentence]
    passages = []
    for piece in _cut(sentence, _CLAUSE):
        if len(WORD.findall(piece)) <= _LONG_SENTENCE:
            passages.append(piece)
            continue
        # Speech with no punctuation can run 100 words without a clause word ("…his growth was
        # concrete within eight months he delivered the feature independently and was promoted…"):
        # such a stretch matched every point of a story and was quoted whole as the evidence of
        # each. It is cut at weaker joints ("and", "which"…), and what is still too long, evenly.
        for part in _cut(piece, _WEAK_CLAUSE):
            passages.extend(_evenly(part) if len(WORD.findall(part)) > _LONG_SENTENCE else [part])
    return passages


def _cut(text: str, joints: re.Pattern[str]) -> list[str]:
    """`text` cut where `joints` match into pieces of about 10–25 words, taking whole stretches of
    the original so each passage stays a substring of the answer (its quotes can be found and
    highlighted). Never inside brackets: "min(n, 2) + effective spindle count" cut at its comma
    quoted a half-expression back to the candidate."""
    cuts = [*(m.end() for m in joints.finditer(text) if _bracket_depth(text, m.start()) == 0), len(text)]
    pieces, start = [], 0
    for i, cut in enumerate(cuts):
        last = i + 1 == len(cuts)
        so_far = len(WORD.findall(text[start:cut]))
        following = 0 if last else len(WORD.findall(text[cut : cuts[i + 1]]))
        rest = len(WORD.findall(text[cut:]))
        if last or (so_far >= 10 and so_far + following > 24 and rest >= _SHORTEST_TAIL):
            pieces.append(text[start:cut].strip())
            start = cut
    return [piece for piece in pieces if piece]


def _evenly(text: str) -> list[str]:
    """`text` in pieces of about the same number of words (none over `_LONG_SENTENCE` unless a
    bracket spans the cut), each cut at a word outside brackets."""
    starts = [m.start() for m in WORD.finditer(text)]
    count = -(-len(starts) // _LONG_SENTENCE)
    outside = [i for i, start in enumerate(starts) if i and _bracket_depth(text, start) == 0]
    cuts = {starts[min(outside, key=lambda i: abs(i - k * len(starts) / count))] for k in range(1, count) if outside}
    bounds = [0, *sorted(cuts), len(text)]
    return [text[a:b].strip() for a, b in itertools.pairwise(bounds) if text[a:b].strip()]


# A Markdown heading ("## My answer") names what follows and is no sentence. Read as one, it was
# a story's opening, and paired with the sentence after it ("## My answer AUC is …") it outranked
# that sentence, which was then never read alone: a wrong answer lost its contradiction and scored
# 30 points higher.
_HEADING = re.compile(r"#{1,6}\s")
# An opening or closing courtesy ("Great question, thanks for asking!", "Does that make sense?")
# says nothing and is no sentence either: read with the statement after it, the judge took "Great
# question, thanks for asking! The scheduler places pods based on live usage…" for the right
# point, and a wrong answer so opened scored 27 points higher.
_THANKS = (
    r"(?:thanks?(?: you)?(?: for (?:asking|the question))?|"
    r"(?:that'?s |what )?(?:a )?(?:great|good|interesting|nice|fair) question)"
)
_COURTESY = re.compile(
    rf"(?:(?:ok(?:ay)?|sure|right|so|yes|yeah|well)[,!.]?\s*)*(?:{_THANKS}|"
    r"(?:does|did) (?:that|this) (?:answer your question|make sense|help)|(?:i )?hope (?:that|this) helps|"
    r"happy to (?:go|dig) (?:deeper|into (?:any|more) (?:of )?(?:that|this|detail))|that'?s (?:it|all|my answer)|"
    r"let me know if you (?:want|need|would like) (?:more|me to go deeper)(?: detail)?)?"
    rf"(?:[,;]?\s*(?:and |so )?{_THANKS})*[.!?]*",
    re.IGNORECASE,
)


def courtesies(text: str) -> list[tuple[int, int]]:
    """Where `text` holds courtesies that are whole sentences ("Great question!", "Hope that
    helps."), as (start, end) offsets: the evaluator sets them aside, so they count as no words."""
    pieces = [piece for piece in (part.strip() for part in _SENTENCE_END.split(text)) if piece]
    return [
        place
        for piece, place in zip(pieces, _places(text, pieces), strict=True)
        if WORD.search(piece) and _COURTESY.fullmatch(piece)
    ]


# The line that opens or closes a fenced block of code in Markdown.
_FENCE = re.compile(r"[ \t]*(?:```|~~~)")
# A list's number standing alone ("Steps: 1. measure first. 2. Then fix it."): no sentence.
_LIST_NUMBER = re.compile(r"\(?\d+[.)]")
# Text wrapped at a fixed width (pasted from an editor or an email) has lines this long or longer,
# and three in four of those that go on to another run to within `_WRAP_SLACK` characters of it.
_WRAP_WIDTH, _WRAP_SLACK = 45, 16


def unwrapped(text: str) -> str:
    """`text` with the line breaks that only wrap its sentences made spaces, one character for one,
    so offsets stay where they were. Every line break ended a sentence: the devset's answers
    wrapped at 72 characters were read in fragments, their wrong ones scoring a median 17.2 points
    higher (up to 76.8) and good ones up to 37.9 lower. Only a text wrapped at a width is unwrapped
    (code, a list, lines broken by hand are not), and never before a list item or an indented line,
    inside a fenced block or at a blank line."""
    lines = text.split("\n")
    fenced, inside = [], False
    for line in lines:
        fence = bool(_FENCE.match(line))
        inside ^= fence
        fenced.append(inside or fence)
    going_on = [
        len(line.rstrip())
        for line, following, code in zip(lines, lines[1:], fenced, strict=False)
        if line.strip() and following.strip() and not code
    ]
    width = max(len(line.rstrip()) for line in lines)
    if (
        width < _WRAP_WIDTH
        or len(going_on) < 2
        or sum(n >= width - _WRAP_SLACK for n in going_on) < 0.75 * len(going_on)
    ):
        return text
    out = []
    for index, (line, following) in enumerate(itertools.pairwise(lines)):
        out.append(line)
        wraps = (
            line.strip()
            and following.strip()
            and not (fenced[index] or fenced[index + 1])
            and following[:1] not in " \t"  # an indented line is code, or a list item's
            and not LIST_MARKS.match(following)
        )
        out.append(" " if wraps else "\n")
    out.append(lines[-1])
    return "".join(out)


# A bound in big-O notation: "O(n log n)", "O(V + E)", "O(n²)" (one level of brackets inside).
_BIG_O = re.compile(r"\b[Oo]\s*\(((?:[^()]|\([^()]*\))*)\)")


def bounds(text: str) -> frozenset[str]:
    """The big-O bounds `text` states, each in one spelling: "O(n^2)", "O(n squared)", "O(n²)" and
    "O(n*n)" are one; so are "O(log n)", "O(lg n)" and "O(log(n))", and "O(E + V)" and "O(V + E)"."""
    found = set()
    for match in _BIG_O.finditer(text):
        bound = match.group(1).lower().replace("²", "^2").replace("squared", "^2").replace("**", "^")
        bound = re.sub(r"\s+", "", bound).replace("lg", "log").replace("log(n)", "logn")
        bound = re.sub(r"\b([a-z])\*\1\b", r"\1^2", bound).replace("*", "").replace("·", "")
        found.add("+".join(sorted(bound.split("+"))))
    return frozenset(found)


# Words that introduce a restated question rather than answer it ("So the question is …").
_ASKING = frozenset(term(w) for w in "question asked asking ask answer you me want wants so ok okay right".split())
# A sentence restates the question when it holds this share of the question's terms and few of its own.
_RESTATED_SHARE, _OWN_TERMS = 0.8, 1


def restatements(question: str, text: str) -> list[tuple[int, int]]:
    """Where `text` restates `question` (pasted above the answer, "Q: …", "The question is …"), as
    (start, end) offsets: sentences holding 80 % of the question's terms (or of one of its
    sentences) and at most one of their own, or repeating one of its sentences as it stands. Such a
    sentence answers nothing, yet lent an answer to another question the question's words: pasted
    above them, the graded sets' off-topic answers scored a median 29 points higher (up to 66) and
    weak ones up to 50. A sentence that opens the answer in the question's words and goes on to say
    something has terms of its own, and stays."""
    wanted = set(content_terms(question))
    # A question of several sentences ("Given customers(…) and orders(…), write a query …") is
    # restated sentence by sentence too.
    parts = [
        terms for terms in (set(content_terms(part)) for part in [question, *sentences(question)]) if len(terms) >= 3
    ]
    # Its short sentences ("What did you do?") only as they stand.
    asked = {tuple(words(part.lower())) for part in sentences(question)}

    def restates(stretch: str) -> bool:
        terms = set(content_terms(stretch))
        return tuple(words(stretch.lower())) in asked or (
            len(terms - wanted - _ASKING) <= _OWN_TERMS
            and any(len(terms & part) >= _RESTATED_SHARE * len(part) for part in parts)
        )

    places = _places(text, sentences(text))
    found: list[tuple[int, int]] = []
    # A long question restated is cut into passages like any long sentence: up to three passages of
    # one sentence are read together.
    for first in range(len(places)):
        for last in range(first, min(first + 3, len(places))):
            if restates(text[places[first][0] : places[last][1]]):
                found.extend(place for place in places[first : last + 1] if place not in found)
                break
            if text[places[last][1] - 1] in ".!?":
                break
    return found


# What opens a sentence said again ("As I said, …", "So again, …"): not part of what it says.
_AGAIN = re.compile(
    r"^(?:(?:and|so|again|once more|to repeat|(?:as|like) i (?:said|mentioned)(?: (?:before|earlier))?)\b[\s,]*)+",
    re.IGNORECASE,
)
# A sentence this short said twice ("Yes." "It depends.") is how people talk, not a repeat.
_REPEAT_WORDS = 3


def repeats(text: str) -> list[tuple[int, int]]:
    """Where `text` says again, word for word, a sentence it said before (an answer pasted twice, a
    paragraph repeated, "As I said, …" with what was said), as (start, end) offsets of each later
    copy. The evaluator reads each sentence once: pasted twice, the graded answers moved by −23 to
    +30 points (a copy's last sentence paired with the first copy's opening outranked both), and a
    weak one gained 16."""
    seen: set[tuple[str, ...]] = set()
    found = []
    # Whole sentences: a long one is cut into passages where its length says, and "As I said, "
    # moves the cut.
    whole = _whole_sentences(text)
    for sentence, place in zip(whole, _places(text, whole), strict=True):
        said = tuple(words(_AGAIN.sub("", sentence).lower()))
        if len(said) < _REPEAT_WORDS:
            continue
        if said in seen:
            found.append(place)
        seen.add(said)
    return sorted([*found, *_repeated_runs(blanked(text, found))])


# Words said again in a row this many or more are a repeat wherever they begin and end: speech-to-
# text may write a whole answer as one sentence, so a stretch said again is no sentence of its own.
_REPEATED_RUN = 12


def _repeated_runs(text: str) -> list[tuple[int, int]]:
    """Where `text` says again `_REPEATED_RUN` or more words in a row that it said before."""
    found = [(match.start(), match.end(), match.group().lower()) for match in WORD.finditer(text)]
    tokens = [token for _, _, token in found]
    first_seen: dict[tuple[str, ...], int] = {}
    runs, index = [], 0
    while index + _REPEATED_RUN <= len(tokens):
        gram = tuple(tokens[index : index + _REPEATED_RUN])
        earlier = first_seen.get(gram)
        if earlier is None or earlier + _REPEATED_RUN > index:  # unseen, or overlapping itself
            first_seen.setdefault(gram, index)
            index += 1
            continue
        length = _REPEATED_RUN
        while (
            index + length < len(tokens)
            and earlier + length < index
            and tokens[earlier + length] == tokens[index + length]
        ):
            length += 1
        runs.append((found[index][0], found[index + length - 1][1]))
        index += length
    return runs


# Code a candidate pastes into an answer: a fenced block (`_FENCE`), or lines that read as code. A
# line of SQL opens with a clause keyword in capitals; other code has its symbols, never a sentence's end.
_SQL_CLAUSE = re.compile(
    r"(?:SELECT|FROM|WHERE|(?:(?:LEFT|RIGHT|FULL|INNER|CROSS)\s+)?(?:OUTER\s+)?JOIN|ON|AND|OR|GROUP\s+BY|"
    r"ORDER\s+BY|PARTITION\s+BY|HAVING|LIMIT|OFFSET|WITH|UNION|INSERT|VALUES|UPDATE|SET|DELETE|CREATE|"
    r"WINDOW|CASE|WHEN|ELSE|END|EXCEPT|INTERSECT)\b"
)
# What prose hardly ever holds and code does: an assignment or a comparison, an index, a method
# call, a block's opening line, a statement's keyword, a line ending in a brace or a semicolon.
_CODE_SIGNS = re.compile(
    r"\w\s*(?:[-+*/%|&]?=|==|!=|<=|>=|=>|->)\s*\S|\w\[[^\]]*\]|\w\.\w+\(|[{};]$|"
    r"^(?:def|class|for|while|if|elif|else|try|except|finally|with|switch|case)\b.*:$|"
    r"^(?:def|class|return|import|from\s+[\w.]+\s+import|const|let|var|function|public|private)\b"
)
# A line this much like prose (see `prose_score`) that leans on the code around it is prose.
_PROSE_LINE = 0.5


def _code_line(line: str) -> bool | None:
    """True: the line reads as code; None: it could be either (blank, a comment, "return mid",
    "else:") and belongs to the code around it; False: it is prose or a list item."""
    body = line.strip()
    if not body or body.startswith(("#", "//", "--")):
        return None
    if LIST_MARKS.match(line) or body[-1] in ".!?":  # code never ends a line with a full stop
        return False
    if _SQL_CLAUSE.match(body) or _CODE_SIGNS.search(body):
        return True
    return None if line[:1] in " \t" and prose_score(body) < _PROSE_LINE else False


def code_blocks(text: str) -> list[tuple[int, int]]:
    """Where `text` holds code, as (start, end) character offsets: every fenced block (fences
    included; one left open runs to its last line before prose) and every run of two or more lines
    that read as code (with the blank, comment and bare lines between them). A line of code inside
    a sentence ("I set hi = mid - 1.") is prose; a single line of code alone is too little to set
    apart."""
    lines, offset = [], 0
    for line in text.splitlines(keepends=True):
        lines.append((offset, offset + len(line.rstrip("\r\n")), line))
        offset += len(line)
    blocks: list[tuple[int, int]] = []
    run: list[int] = []  # the indexes of a run's lines of code, bare lines between them included
    index = 0
    while index < len(lines):
        start, _, line = lines[index]
        if _FENCE.match(line):
            closing = next((i for i in range(index + 1, len(lines)) if _FENCE.match(lines[i][2])), None)
            if closing is None:  # left open: the code ends where prose starts again
                prose = next((i for i in range(index + 1, len(lines)) if _code_line(lines[i][2]) is False), len(lines))
                closing = max([index, *(i for i in range(index + 1, prose) if lines[i][2].strip())])
            blocks.extend(_run(lines, run))
            run = []
            blocks.append((start, lines[closing][1]))
            index = closing + 1
            continue
        kind = _code_line(line)
        if kind or (kind is None and run and line.strip()):
            run.append(index)
        elif kind is False:
            blocks.extend(_run(lines, run))
            run = []
        index += 1
    blocks.extend(_run(lines, run))
    return blocks


def _run(lines: Sequence[tuple[int, int, str]], run: Sequence[int]) -> list[tuple[int, int]]:
    """A run of lines as a block of code, if two or more of them read as code."""
    if sum(bool(_code_line(lines[i][2])) for i in run) < 2:
        return []
    return [(lines[run[0]][0], lines[run[-1]][1])]


_LANGUAGE = re.compile(r"[A-Za-z0-9+#.-]{1,20}")


def code_body(block: str) -> tuple[str, str]:
    """A code block's language, as its opening fence names it ("python"; "" where none is named),
    and its code: the lines between its fences, indentation common to all taken away."""
    lines = block.split("\n")
    language = ""
    if lines and _FENCE.match(lines[0]):
        named = lines[0].strip().lstrip("`~").strip()
        language = named if _LANGUAGE.fullmatch(named) else ""
        lines = lines[1:]
        if lines and _FENCE.match(lines[-1]):
            lines = lines[:-1]
    return language, textwrap.dedent("\n".join(lines)).strip("\n")


def blanked(text: str, blocks: Sequence[tuple[int, int]]) -> str:
    """`text` with `blocks` (code, a restated question) blanked: every character but a line break
    made a space, so the rest keeps its offsets and quotes taken from it are found in the answer
    as typed."""
    out = list(text)
    for start, end in blocks:
        for index in range(start, end):
            if out[index] != "\n":
                out[index] = " "
    return "".join(out)


def sentences(text: str, *, breaks: Sequence[int] = ()) -> list[str]:
    """Sentences (and list items) as they appear in the text: every one is a substring of it (a
    very long one, as speech-to-text writes them, comes in passages; a line break that only wraps
    a sentence reads as a space, see `unwrapped`). `breaks`: character offsets where the speaker
    paused (`pause_breaks`), which end a passage as a full stop would."""
    return [passage for sentence in _whole_sentences(text, breaks=breaks) for passage in _passages(sentence)]


def _whole_sentences(text: str, *, breaks: Sequence[int] = ()) -> list[str]:
    """`sentences` before a long one is cut into its passages."""
    text = unwrapped(text)
    bounds = [0, *sorted(b for b in set(breaks) if 0 < b < len(text)), len(text)]
    parts = [part.strip() for start, end in itertools.pairwise(bounds) for part in _SENTENCE_END.split(text[start:end])]
    return [
        part
        for part in parts
        if WORD.search(part)
        and not _LIST_NUMBER.fullmatch(part)
        and not _HEADING.match(part)
        and not _COURTESY.fullmatch(part)
    ]


def _places(text: str, found: Sequence[str]) -> list[tuple[int, int]]:
    """Where each of `found` (substrings of `text` in order, as `sentences` gives them) lies in it."""
    places, cursor = [], 0
    for piece in found:
        start = text.find(piece, cursor)
        cursor = start + len(piece)
        places.append((start, cursor))
    return places


# A pause this long between two words of a spoken answer ends a thought, whatever the punctuation.
PASSAGE_PAUSE_S = 0.6


def pause_breaks(text: str, timed_words: Sequence[TimedWord], *, pause_s: float = PASSAGE_PAUSE_S) -> list[int]:
    """Where in `text` (a transcript) the speaker paused for `pause_s` or longer: the character
    offset after the word before each pause. The timed words are found in the text in order; a
    word that cannot be found (the text was edited) is skipped, never guessed."""
    breaks: list[int] = []
    cursor = 0
    lowered = text.lower()
    for word, following in itertools.pairwise(timed_words):
        token = word.word.strip().lower().strip(".,;:!?\"'")
        if not token:
            continue
        found = lowered.find(token, cursor, cursor + len(token) + 40)
        if found < 0:
            continue
        cursor = found + len(token)
        if following.start - word.end >= pause_s:
            breaks.append(cursor)
    return breaks


@dataclass(frozen=True)
class Span:
    """A stretch of the answer (one sentence or two neighbours) ready for matching."""

    text: str  # verbatim from the answer: what is quoted back and marked in it
    terms: frozenset[str]
    prose: float  # 0 = a bare list of terms, 1 = reads like an explanation
    first: int  # index of its first sentence
    parts: int  # how many sentences it spans
    reading: str  # what the judge reads: its sentences joined by a space (as it was trained on), the last ended


def prose_score(text: str) -> float:
    """How much a stretch reads like a sentence that explains, rather than a list of terms.

    Natural English is about 40–55 % function words; a comma list of terms has almost none, and
    a list separates most of its words with commas.
    """
    tokens = words(text)
    if not tokens:
        return 0.0
    function_share = sum(token.lower() in FUNCTION_WORDS for token in tokens) / len(tokens)
    commas = text.count(",") + text.count("/") + text.count("#") + text.count("|")
    comma_share = commas / len(tokens)
    score = min(1.0, max(0.0, (function_share - 0.12) / 0.2))
    if comma_share > 0.2:
        score *= max(0.0, 1.0 - (comma_share - 0.2) * 3)
    if len(tokens) < 8:
        score *= len(tokens) / 8  # a fragment of a few words explains little
    return score


def spans(text: str, *, breaks: Sequence[int] = (), apart: Sequence[tuple[int, int]] = ()) -> list[Span]:
    """Every sentence and every pair of neighbouring sentences (a point is often made across two).
    A pair's text is the answer's own, from the first sentence to the end of the second, whatever
    lay between them (a semicolon, a line break, two spaces): it is quoted back as evidence and
    marked in the answer, so it must be found there (joined with a space, 7 % of the graded and
    model answers' evidence quotes were not, and went unmarked). It is matched and judged as its
    two sentences joined by a space, as the judge was trained on. `apart`: stretches (code set
    aside, see `blanked`) that no pair reaches across: its quote would not be the answer's."""
    text = unwrapped(text)
    found = sentences(text, breaks=breaks)
    bounds = _places(text, found)
    # The answer's end ends its last sentence, full stop or none: the judge read "… is the number of
    # rooms needed" and "… needed." differently, and a good answer lost 11.7 points without its stop.
    readings = list(found)
    if readings and readings[-1][-1:].isalnum():
        readings[-1] += "."
    stretches = [Span(s, frozenset(content_terms(s)), prose_score(s), i, 1, readings[i]) for i, s in enumerate(found)]
    for i, ((start, first_end), (second_start, end)) in enumerate(itertools.pairwise(bounds)):
        if any(first_end <= a < second_start for a, _ in apart):
            continue
        joined = f"{readings[i]} {readings[i + 1]}"
        stretches.append(Span(text[start:end], frozenset(content_terms(joined)), prose_score(joined), i, 2, joined))
    return stretches


class TermWeights:
    """Inverse document frequency over a reference corpus: rare, specific terms weigh more than
    words every answer uses ("system", "data")."""

    def __init__(self, documents: Iterable[str]) -> None:
        counts: Counter[str] = Counter()
        total = 0
        for document in documents:
            counts.update(set(content_terms(document)))
            total += 1
        self._total = max(total, 1)
        self._counts = counts

    def __call__(self, term_: str) -> float:
        return math.log((self._total + 1) / (self._counts.get(term_, 0) + 0.5))

    def total(self, terms: Iterable[str]) -> float:
        return sum(self(t) for t in terms)
