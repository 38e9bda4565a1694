"""User-facing errors.

Every problem a candidate can cause or fix is a `CoachError` whose message says what happened and
what to do, in words a candidate understands. Pages show `str(error)`; the command line prints it
and exits 2. Messages never contain secrets or tracebacks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import ValidationError


class CoachError(Exception):
    """A problem the user can understand and act on."""


class InvalidInput(CoachError):
    """The user gave a value we cannot use (the message names the field and the fix)."""


class NeedsKeyPoints(InvalidInput):
    """Offline scoring has nothing to score against: the question has no key points. Carries key
    points proposed from the closest bank questions, for the user to accept or replace."""

    def __init__(self, suggestions: list[str]) -> None:
        self.suggestions = suggestions
        offer = (
            f" Or accept these, from the closest questions in the bank: {' | '.join(suggestions)}"
            if suggestions
            else ""
        )
        super().__init__(
            "Offline scoring needs the points a strong answer makes: give 3–5 key points (--key-point in the "
            f"command line).{offer}"
        )


class ConfigurationError(CoachError):
    """A setting is missing or malformed (the message names the setting, never its value)."""


class NotFound(CoachError):
    """The thing does not exist, or belongs to someone else (we do not say which)."""


class StorageUnavailable(CoachError):
    """The database cannot be reached or written."""


def validation_message(error: ValidationError, field_names: Mapping[str, str]) -> str:
    """One readable line from a pydantic error, naming fields as the user knows them
    (a command-line flag, a form label) and never echoing the rejected value."""
    problems = []
    for issue in error.errors(include_url=False):
        field = str(issue["loc"][0]) if issue["loc"] else ""
        problems.append(_in_plain_words(field_names.get(field, field), issue))
    return "; ".join(problems)


# Pydantic's common complaints as a person would put them, filled from the complaint's limits.
_PLAIN = {
    "string_too_short": "{name}: at least {min_length} characters",
    "string_too_long": "{name}: at most {max_length} characters",
    "too_short": "{name}: choose at least {min_length}",
    "too_long": "{name}: at most {max_length}",
    "greater_than_equal": "{name}: at least {ge}",
    "less_than_equal": "{name}: at most {le}",
}


def _in_plain_words(name: str, issue: Any) -> str:
    """One complaint in plain words ("Job role: String should have at least 2 characters" → "Job
    role is required"); one without a plain wording as pydantic words it."""
    kind, limits, given = issue["type"], issue.get("ctx") or {}, issue.get("input")
    empty = given is None or (given.strip() == "" if isinstance(given, str) else given in ([], ()))
    if kind == "missing" or (kind in ("string_too_short", "too_short") and empty):
        return f"{name} is required"
    if kind in _PLAIN:
        return _PLAIN[kind].format(name=name, **limits)
    return f"{name}: {issue['msg']}"
