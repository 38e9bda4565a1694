"""What a resume says about its owner, and what a job description asks for, offline.

Rules over the text (from `pdf_text.read_pdf` or pasted): sections by their headings, skills by
the skills vocabulary (skills.py, with its aliases), years of experience from a stated figure or
else from the date ranges of the jobs, roles and seniority from job titles, achievements from
lines with numbers and outcomes, education from its section or degree names. The text is data:
nothing in it is ever followed as an instruction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

from pydantic import BaseModel, Field

from interview_core.domain import Level
from interview_core.skills import SKILLS, Skill, canonical_skill

MAX_ACHIEVEMENTS = 8

_SECTIONS = {
    "experience": r"(?:professional |work |relevant )?experience|employment(?: history)?|work history|career",
    "education": r"education|academic background|qualifications",
    "skills": r"(?:technical |core |key )?skills|tools|technologies|tech stack|toolbox|competencies",
    "projects": r"(?:selected |personal |side )?projects",
    "summary": r"summary|profile|about(?: me)?|objective",
    "achievements": r"achievements|accomplishments|awards",
    "other": r"languages|certifications|interests|publications|references|volunteering",
}
_HEADING = re.compile(
    r"^\s*(?:" + "|".join(f"(?P<{name}>{pattern})" for name, pattern in _SECTIONS.items()) + r")\s*:?\s*$",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*(?:[•●▪◦‣∙·*\-–—]|\d+[.)])\s*")


def sections(text: str) -> dict[str, list[str]]:
    """Lines by section; lines before the first heading are the "header". A line the PDF wrapped
    (the next one goes on in lower case) is joined back to its start."""
    found: dict[str, list[str]] = {"header": []}
    current = "header"
    for raw in text.splitlines():
        line = raw.strip()
        match = _HEADING.match(line)
        if match and len(line) <= 40:
            current = next(name for name, value in match.groupdict().items() if value)
            found.setdefault(current, [])
            continue
        lines = found.setdefault(current, [])
        if not line:
            continue
        if (
            lines
            and line[0].islower()
            and not _BULLET.match(line)
            and not lines[-1].endswith((".", ":", ";", "!", "?"))
        ):
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
    return found


# --- skills --------------------------------------------------------------------------------------

# Names that are ordinary words (or too short) to trust in running text: in prose they count only
# written as below (case-sensitive) or not at all; in a skills list every alias counts.
_PROSE_EXACT = {"go": "Go", "ts": "TS", "js": "JS", "ml": "ML", "ai": "AI", "ci": "CI", "cd": "CD", "qa": "QA"}
_PROSE_NEVER = {
    "next", "node", "nest", "rest", "web", "data", "api", "cache", "pg", "kt", "py", "shell", "bash", "express",
    "spring", "flask", "lambda", "management", "mentoring", "containers", "database", "unix", "http", "dns",
    "tcp", "html", "cdn", "async", "latency", "optimization", "profiling", "security", "authentication",
    "testing", "performance", "networking", "concurrency", "caching", "frontend", "backend", "cloud", "linux",
    "go lang", "sre", "git", "github", "gitlab", "leadership", "databases", "apis", "algorithms", "ci/cd",
    "devops", "data structures", "system design", "version control", "front end", "back end", "scalability",
}  # fmt: skip


def _alias_patterns() -> list[tuple[re.Pattern[str], Skill]]:
    patterns = []
    for skill in SKILLS:
        for name in {skill.name.lower(), *skill.aliases}:
            # An alias another skill claims is that skill's ("kafka" is Kafka, not Messaging).
            if name in _PROSE_NEVER or canonical_skill(name) is not skill:
                continue
            if name in _PROSE_EXACT:
                pattern = re.compile(rf"(?<![\w./#+-]){re.escape(_PROSE_EXACT[name])}(?![\w#+])")
            else:
                pattern = re.compile(rf"(?<![\w./#+-]){re.escape(name)}(?![\w#+]|\.\w)", re.IGNORECASE)
            patterns.append((pattern, skill))
    return patterns


_PROSE_PATTERNS = _alias_patterns()
_LIST_SPLIT = re.compile(r"\s*(?:[,;|•●▪/]|\s-\s|\band\b)\s*")


def find_skills(text: str, *, lists: Iterable[str] = ()) -> list[str]:
    """Canonical skill names, in the order first seen: from running text (unambiguous names only)
    and from list lines (`lists`: a skills section's lines), where every alias counts."""
    found: dict[str, int] = {}
    for line in lists:
        for position, item in enumerate(_LIST_SPLIT.split(_BULLET.sub("", line))):
            cleaned = re.sub(r"\(.*?\)", "", item).strip(" .:")
            skill = canonical_skill(cleaned)
            if skill is not None:
                found.setdefault(skill.name, position)
    offset = 1_000
    for pattern, skill in _PROSE_PATTERNS:
        match = pattern.search(text)
        if match:
            found.setdefault(skill.name, offset + match.start())
    return sorted(found, key=found.__getitem__)


# --- years ---------------------------------------------------------------------------------------

_STATED_YEARS = re.compile(
    r"(\d{1,2}(?:\.\d)?)\s*\+?\s*(?:years?|yrs?)\b(?:\s+of)?(?:\s+(?:professional|industry|work|hands-on|"
    r"commercial|relevant))?\s+(?:experience|in\s+(?:software|engineering|industry|tech))",
    re.IGNORECASE,
)
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_DATE = r"(?:(?P<{p}m>[A-Za-z]{{3,9}})\.?\s+|(?P<{p}n>\d{{1,2}})\s*/\s*)?(?P<{p}y>(?:19|20)\d\d)"
_RANGE = re.compile(
    _DATE.format(p="a")
    + r"\s*(?:-|–|—|to|until)\s*(?:"
    + _DATE.format(p="b")
    + r"|(?P<now>present|now|current|today|ongoing))",
    re.IGNORECASE,
)


def _month(match: re.Match[str], prefix: str, default: int) -> int:
    name, number = match.group(f"{prefix}m"), match.group(f"{prefix}n")
    if number and 1 <= int(number) <= 12:
        return int(number)
    if name and name[:3].lower() in _MONTHS:
        return _MONTHS[name[:3].lower()]
    return default


def job_periods(lines: Iterable[str], *, today: date) -> list[tuple[int, int]]:
    """(start, end) as month numbers (year × 12 + month) for every date range in `lines`."""
    periods = []
    now = today.year * 12 + today.month
    for line in lines:
        for match in _RANGE.finditer(line):
            start = int(match.group("ay")) * 12 + _month(match, "a", 1)
            end = now if match.group("now") else int(match.group("by")) * 12 + _month(match, "b", 12)
            if start <= end <= now + 1:
                periods.append((start, end))
    return periods


def years_of_experience(text: str, parts: dict[str, list[str]], *, today: date) -> float | None:
    """A figure the resume states ("8 years of experience"), else the jobs' date ranges merged
    (overlapping jobs count once; education is left out)."""
    stated = [float(value) for value in _STATED_YEARS.findall(text) if 0 < float(value) <= 50]
    if stated:
        return max(stated)
    lines = parts.get("experience") or [
        line for name, section in parts.items() if name != "education" for line in section
    ]
    periods = sorted(job_periods(lines, today=today))
    if not periods:
        return None
    months, (start, end) = 0, periods[0]
    for next_start, next_end in periods[1:]:
        if next_start <= end:
            end = max(end, next_end)
        else:
            months += end - start
            start, end = next_start, next_end
    months += end - start
    return round(months / 12, 1)


# --- roles ---------------------------------------------------------------------------------------

_TITLE = re.compile(
    r"\b(?:(?:senior|sr\.?|junior|jr\.?|lead|staff|principal|head of|chief|associate|graduate|intern)\s+)*"
    r"(?:[A-Z][\w/+.#-]*\s+){0,3}"
    r"(?:engineer|developer|programmer|scientist|analyst|architect|manager|designer|consultant|"
    r"administrator|specialist|sre|devops|cto|intern)\b",
    re.IGNORECASE,
)
_SENIORITY = (
    (Level.LEAD, r"\b(?:lead|staff|principal|head of|chief|director|manager|cto|vp)\b"),
    (Level.SENIOR, r"\b(?:senior|sr\.?)\s"),
    (Level.ENTRY, r"\b(?:junior|jr\.?|graduate|intern|trainee|entry)\b"),
)


def find_roles(parts: dict[str, list[str]]) -> list[str]:
    """Job titles, in the order they appear (most resumes list the latest first)."""
    roles: list[str] = []
    for line in [*parts.get("header", [])[:3], *parts.get("experience", [])]:
        match = _TITLE.search(line.split("·")[0].split("|")[0] if "@" in line else line)
        if match and len(match.group(0).split()) <= 6 and not _BULLET.match(line):
            title = " ".join(match.group(0).split())
            if title.lower() not in {r.lower() for r in roles}:
                roles.append(title)
    return roles


def seniority(roles: Sequence[str], years: float | None) -> Level | None:
    if roles:
        for level, pattern in _SENIORITY:
            if re.search(pattern, roles[0] + " ", re.IGNORECASE):
                return level
    if years is None:
        return Level.MID if roles else None
    return Level.ENTRY if years < 2 else Level.MID if years < 5 else Level.SENIOR


# --- achievements and education ------------------------------------------------------------------

_OUTCOME = re.compile(
    r"\b(?:cut|reduc\w*|decreas\w*|lower\w*|increas\w*|improv\w*|grew|grow\w*|saved?|saving|boost\w*|"
    r"doubl\w*|tripl\w*|halv\w*|fell|rose|sped|speed\w*|accelerat\w*|raised|generat\w*|won|launch\w*|"
    r"shipp\w*|deliver\w*|scal\w*|migrat\w*|automat\w*|caught|serv\w*|process\w*|led|built|designed)\b",
    re.IGNORECASE,
)
_FIGURE = re.compile(r"\d+(?:[.,]\d+)?\s*(?:%|x\b|k\b|m\b|ms\b|s\b|tb\b|gb\b|\+)?|[$€£]\s*\d")
_DEGREE = re.compile(
    r"\b(?:b\.?\s?sc|m\.?\s?sc|b\.?\s?tech|m\.?\s?tech|b\.?a\.?|m\.?a\.?|b\.?s\.?|m\.?s\.?|ph\.?\s?d|mba|"
    r"bachelor|master|doctorate|diploma|university|college|institute of technology)\b",
    re.IGNORECASE,
)


def find_achievements(parts: dict[str, list[str]]) -> list[str]:
    """Lines that report an outcome with a figure: "Cut reconciliation time from 6 hours to 40 minutes"."""
    pool = [*parts.get("experience", []), *parts.get("projects", []), *parts.get("achievements", [])]
    if not pool:
        pool = [line for name, lines in parts.items() if name not in {"education", "skills"} for line in lines]
    found = []
    for line in pool:
        for sentence in _outcome_clauses(_BULLET.sub("", line).strip()):
            if (
                8 <= len(sentence.split()) <= 45
                and _OUTCOME.search(sentence)
                and _FIGURE.search(sentence)
                and not _RANGE.search(sentence)  # a job's dates, not an outcome
            ):
                found.append(sentence.rstrip("."))
    return found[:MAX_ACHIEVEMENTS]


def _outcome_clauses(line: str) -> list[str]:
    """A line as its outcomes: whole, or where it holds a job's dates, the clauses after them
    ("Payments startup (2020–2025): led the ledger team of 5; cut reconciliation errors 90%" holds
    two, and its dates are no figure of an outcome)."""
    dates = _RANGE.search(line)
    if not dates:
        return [line]
    # The outcomes follow the dates, or (dates last) come before them.
    rest = line[dates.end() :].lstrip(" )]:–—-,|") or line[: dates.start()].rstrip(" ([:–—-,|")
    return [clause.strip() for clause in re.split(r";|\.\s", rest) if clause.strip()]


def find_education(parts: dict[str, list[str]], text: str) -> list[str]:
    lines = parts.get("education") or [line for line in text.splitlines() if _DEGREE.search(line)]
    return [_BULLET.sub("", line).strip() for line in lines if line.strip()][:4]


# --- the profiles --------------------------------------------------------------------------------


class ResumeProfile(BaseModel):
    skills: list[str] = Field(default_factory=list)
    years_experience: float | None = None
    roles: list[str] = Field(default_factory=list)
    seniority: Level | None = None
    achievements: list[str] = Field(default_factory=list)
    education: list[str] = Field(default_factory=list)


def extract_profile(text: str, *, today: date | None = None) -> ResumeProfile:
    parts = sections(text)
    years = years_of_experience(text, parts, today=today or date.today())
    roles = find_roles(parts)
    return ResumeProfile(
        skills=find_skills(text, lists=parts.get("skills", [])),
        years_experience=years,
        roles=roles,
        seniority=seniority(roles, years),
        achievements=find_achievements(parts),
        education=find_education(parts, text),
    )


class JobRequirements(BaseModel):
    skills: list[str] = Field(default_factory=list)
    years_required: float | None = None
    seniority: Level | None = None


_REQUIRED_YEARS = re.compile(r"(\d{1,2})\s*\+?\s*(?:years?|yrs?)\b", re.IGNORECASE)


def job_requirements(text: str) -> JobRequirements:
    """What a job description asks for: skills (list lines count fully), years, seniority."""
    lists = [line for line in text.splitlines() if _BULLET.match(line) or line.count(",") >= 2]
    years = [float(y) for y in _REQUIRED_YEARS.findall(text) if 0 < float(y) <= 30]
    roles = [match.group(0) for match in _TITLE.finditer(text[:300])]
    return JobRequirements(
        skills=find_skills(text, lists=lists),
        years_required=min(years) if years else None,
        seniority=seniority(roles, None) if roles else None,
    )


def skill_gaps(resume: ResumeProfile, job: JobRequirements) -> list[str]:
    """What the job asks for that the resume does not show."""
    have = {skill.lower() for skill in resume.skills}
    return [skill for skill in job.skills if skill.lower() not in have]
