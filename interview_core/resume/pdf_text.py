"""Text out of an uploaded PDF (a resume, a job description), safely.

A PDF is a program of sorts: a hostile one can hold thousands of pages, a content stream that
inflates to hundreds of megabytes, or loops that keep a parser busy for minutes. So the cheap
checks run here (size, the bytes really being a PDF), and pypdf runs in a child process with a
wall-clock timeout and a memory cap: whatever the file does, the app gets an answer within about
two seconds. Every failure has its own message saying what to do instead.

Run as `python -m interview_core.resume.pdf_text` it is that child: PDF bytes on stdin, JSON on stdout.
"""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interview_core.errors import InvalidInput

MAX_BYTES = 5_000_000
MAX_PAGES = 30
MAX_CHARS = 60_000
TIMEOUT_S = 2.0
MEMORY_BYTES = 768 * 1024 * 1024  # the child's address space, interpreter included


class PdfProblem(InvalidInput):
    """A PDF we cannot take, with the reason in words and a `kind` for code and tests."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


_MESSAGES = {
    "empty": "The file is empty. Choose the PDF again.",
    "not_pdf": "This file is not a PDF (its contents are not PDF data, whatever its name). Export it as PDF, "
    "or paste the text instead.",
    "too_large": f"The PDF is larger than {MAX_BYTES // 1_000_000} MB. A resume is rarely over 1 MB: export it "
    "again without images, or paste the text instead.",
    "damaged": "The PDF is damaged or incomplete and cannot be read. Export it again, or paste the text instead.",
    "encrypted": "The PDF is password-protected. Save a copy without a password, or paste the text instead.",
    "too_many_pages": f"The PDF has more than {MAX_PAGES} pages; a resume has a few. Upload the resume alone, "
    "or paste the text instead.",
    "no_text": "The PDF has no text layer: it looks like a scan or a picture. Paste the resume's text instead "
    "(or export it from your editor as PDF).",
    "too_complex": f"Reading this PDF took longer than {TIMEOUT_S:g} s or too much memory, so it was stopped. "
    "Export it again, or paste the text instead.",
}


def problem(kind: str) -> PdfProblem:
    return PdfProblem(kind, _MESSAGES[kind])


@dataclass(frozen=True)
class PdfText:
    text: str
    pages: int
    truncated: bool  # more text than MAX_CHARS: the rest was left out

    @property
    def chars(self) -> int:
        return len(self.text)


def clean_text(text: str) -> str:
    """NFKC (ligatures such as "ﬁ" become "fi", full-width letters plain), no control or format
    characters (zero-width spaces, bidi overrides), no stray surrogates, tidy whitespace."""
    text = unicodedata.normalize("NFKC", text.encode("utf-8", "ignore").decode("utf-8"))
    kept = []
    for char in text:
        if char in "\n\t":
            kept.append(char)
        elif unicodedata.category(char) in {"Cc", "Cf", "Cs", "Co", "Cn"}:
            kept.append(" " if unicodedata.category(char) == "Cc" else "")
        else:
            kept.append(char)
    lines = (" ".join(line.split()) for line in "".join(kept).splitlines())
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):  # at most one blank line in a row
            out.append(line)
    return "\n".join(out).strip()


def read_pdf(data: bytes) -> PdfText:
    """The PDF's text, or a PdfProblem that says what is wrong and what to do."""
    if not data:
        raise problem("empty")
    if len(data) > MAX_BYTES:
        raise problem("too_large")
    if b"%PDF-" not in data[:1024]:  # the header may follow a little junk, never more
        raise problem("not_pdf")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "interview_core.resume.pdf_text"],
            cwd=Path(__file__).resolve().parents[2],  # where `interview_core` is importable from
            input=data,
            capture_output=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise problem("too_complex") from None
    try:
        result = json.loads(done.stdout)
    except json.JSONDecodeError:
        # Killed (the memory cap) or crashed inside pypdf: the file is the cause either way.
        raise problem("too_complex" if done.returncode < 0 or b"MemoryError" in done.stderr else "damaged") from None
    if "problem" in result:
        raise problem(result["problem"])
    text = clean_text(result["text"])
    if len(text) < 20:
        raise problem("no_text")
    return PdfText(text[:MAX_CHARS], result["pages"], result["truncated"] or len(text) > MAX_CHARS)


def _extract(data: bytes) -> dict[str, object]:
    """In the child: open the PDF and pull out text page by page, within the limits."""
    import io
    import logging

    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    logging.disable(logging.WARNING)  # pypdf warns about every oddity of a damaged file
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):  # an owner password alone still lets anyone read it
                    return {"problem": "encrypted"}
            except (FileNotDecryptedError, DependencyError, NotImplementedError, ValueError):
                return {"problem": "encrypted"}
        # The page tree's own count first: walking thousands of pages takes longer than our limit.
        root: Any = reader.trailer["/Root"]  # a dictionary object; pypdf types it loosely
        declared = root["/Pages"].get("/Count", 0)
        if isinstance(declared, int) and declared > MAX_PAGES:
            return {"problem": "too_many_pages"}
        pages = len(reader.pages)
    except FileNotDecryptedError:
        return {"problem": "encrypted"}
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, OSError):
        return {"problem": "damaged"}
    if pages == 0:
        return {"problem": "damaged"}
    if pages > MAX_PAGES:
        return {"problem": "too_many_pages"}
    parts: list[str] = []
    size = 0
    for page in reader.pages:
        try:
            text = page.extract_text() or ""
        except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, OSError):
            continue  # one broken page does not lose the others
        parts.append(text)
        size += len(text)
        if size > MAX_CHARS * 2:  # enough: the rest would be cut anyway
            return {"text": "\n".join(parts), "pages": pages, "truncated": True}
    return {"text": "\n".join(parts), "pages": pages, "truncated": False}


def _child() -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    except (ImportError, ValueError, OSError):
        pass  # Windows has no `resource`, macOS may refuse the cap: the parent's timeout still holds
    sys.setrecursionlimit(5_000)
    data = sys.stdin.buffer.read()
    try:
        result = _extract(data)
    except MemoryError:
        result = {"problem": "too_complex"}
    sys.stdout.write(json.dumps(result))


if __name__ == "__main__":
    _child()
