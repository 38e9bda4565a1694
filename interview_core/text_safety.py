"""One rule for text at the edges of the core: what may be stored, and how text is shown.

- `storable` is applied to every string a row stores (the database session calls it before each
  flush, so no path can skip it): NUL and other control characters are removed (PostgreSQL refuses
  NUL in text, SQLite keeps it: the same input must behave the same on both), and so are lone
  surrogates, which no database encoding accepts. Line breaks and tabs stay.
- `displayable` removes the Unicode bidirectional controls (overrides, embeddings, isolates,
  marks), which can make text read in another order than it was written ("gnp.exe" spoofing).
- `readable` is how the scorer reads an answer: Unicode NFKC (full-width letters, ligatures),
  invisible format characters (zero-width spaces and joiners, soft hyphens, bidi controls)
  removed, and Cyrillic or Greek look-alikes inside a Latin word mapped to their Latin letters,
  so "ignоre" with a Cyrillic o, or "ig\u200bnore", reads as "ignore"; typographic quotes and
  apostrophes, as phones and word processors type them, read as plain ones ("don’t" as "don't").
- `locate` finds a stretch of an answer as the scorer read it (an evidence quote) in the answer as
  written, so it can be marked there.
- `markdown_text` makes user or model text literal inside Markdown: no links, images, HTML or
  formatting, in the downloaded report as on the page.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls but tab, line feed and carriage return; DEL and the C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_BIDI = re.compile(r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that can start
# formatting, a link, an image or raw HTML.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-!|<>~&])")
_LIST_NUMBER = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-!|<>~&.])")


# Cyrillic and Greek letters drawn like Latin ones (lower and upper case).
_LOOK_ALIKES = str.maketrans(
    "аеорсухіјѕԁһԛԝАВЕКМНОРСТХІЈЅ"  # Cyrillic
    "αεοριτυνκχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",  # Greek
    "aeopcyxijsdhqwABEKMHOPCTXIJSaeopituvkxABEZHIKMNOPTYX",
)
# Curly quotes and apostrophes as plain ones: "don’t" must read as "don't" (the scorer's negations,
# the judge's training text). Typed on a phone, the graded sets' good answers lost up to 20 points.
_PLAIN_QUOTES = str.maketrans("\u2018\u2019\u201a\u201b\u02bc\u201c\u201d\u201e\u201f", "'''''\"\"\"\"")
_LATIN = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"\w+")


def _latin_look_alikes(match: re.Match[str]) -> str:
    word = match.group(0)
    if _LATIN.search(word) and not word.isascii():
        return word.translate(_LOOK_ALIKES)
    return word


def readable(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_PLAIN_QUOTES)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return _WORD.sub(_latin_look_alikes, text)


def locate(text: str, quote: str) -> tuple[int, int] | None:
    """Where `quote`, a stretch of `text` as the scorer read it, lies in `text` as written (start,
    end), or None. The scorer reads any run of spaces, tabs or line breaks between two words as one
    space, and reads the text through `readable`: two spaces after a full stop, a paragraph break,
    a ligature or a zero-width space must not leave a quote unmarked."""
    words = quote.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(map(re.escape, words)))
    found = pattern.search(text)
    if found:
        return found.span()
    # `readable` character by character, noting where each character read came from (NFKC of the
    # whole text and of each character differ only for combining sequences, which then go unmarked).
    read, origin = [], []
    for index, char in enumerate(text):
        if unicodedata.category(char) != "Cf":
            for normal in unicodedata.normalize("NFKC", char).translate(_PLAIN_QUOTES):
                read.append(normal)
                origin.append(index)
    found = pattern.search(_WORD.sub(_latin_look_alikes, "".join(read)))  # look-alikes map one to one
    return (origin[found.start()], origin[found.end() - 1] + 1) if found else None


def storable(text: str) -> str:
    return _SURROGATE.sub("", _CONTROL.sub("", text))


def displayable(text: str) -> str:
    return _BIDI.sub("", text)


def markdown_text(text: str) -> str:
    """`text` shown as typed inside Markdown (line breaks kept as breaks)."""
    escaped = _MARKDOWN.sub(r"\\\1", displayable(text))
    return _LIST_NUMBER.sub(r"\1\\\2", escaped).replace("\n", "  \n")


def unescape_markdown(text: str) -> str:
    """`markdown_text` undone, for a medium that shows text as is (the PDF report)."""
    return _ESCAPED.sub(r"\1", text)
