"""PDF text extraction against the hostile corpus in tests/data/pdfs (made by make_pdfs.py): each
failure gets its own clear message, nothing crashes, and no file takes longer than the limit."""

import time
from pathlib import Path

import pytest

from interview_core.cli import main
from interview_core.resume.pdf_text import MAX_BYTES, MAX_CHARS, TIMEOUT_S, PdfProblem, clean_text, read_pdf

PDFS = Path(__file__).resolve().parents[1] / "data" / "pdfs"

HOSTILE = {
    "hostile_empty.pdf": ("empty", "The file is empty"),
    "hostile_not_a_pdf.pdf": ("not_pdf", "not a PDF"),
    "hostile_renamed_text.pdf": ("not_pdf", "not a PDF"),
    "hostile_truncated.pdf": ("damaged", "damaged or incomplete"),
    "hostile_garbage_after_header.pdf": ("damaged", "damaged or incomplete"),
    "hostile_encrypted.pdf": ("encrypted", "password-protected"),
    "hostile_image_only.pdf": ("no_text", "no text layer"),
    "hostile_5000_pages.pdf": ("too_many_pages", "more than 30 pages"),
    "hostile_compression_bomb.pdf": ("too_complex", "took longer than"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_each_hostile_pdf_gets_its_own_clear_message(name) -> None:
    kind, words = HOSTILE[name]
    started = time.monotonic()
    with pytest.raises(PdfProblem) as caught:
        read_pdf((PDFS / name).read_bytes())
    assert caught.value.kind == kind and words in str(caught.value)
    assert "Traceback" not in str(caught.value)
    assert time.monotonic() - started < TIMEOUT_S + 1.5  # the child is stopped at the limit


def test_a_file_over_the_size_limit_is_refused_before_parsing() -> None:
    with pytest.raises(PdfProblem) as caught:
        read_pdf(b"%PDF-1.7\n" + b"0" * MAX_BYTES)
    assert caught.value.kind == "too_large" and "larger than 5 MB" in str(caught.value)


def test_a_very_long_line_is_cut_at_the_character_limit() -> None:
    parsed = read_pdf((PDFS / "hostile_long_line.pdf").read_bytes())
    assert parsed.truncated and parsed.chars == MAX_CHARS and parsed.text.startswith("Python developer xxx")


def test_odd_unicode_is_normalised_and_invisible_characters_removed() -> None:
    text = read_pdf((PDFS / "hostile_odd_unicode.pdf").read_bytes()).text
    assert "Zoë Ångström-Łukasiewicz" in text and "finance platform" in text  # the ﬁ ligature became "fi"
    assert "\u200b" not in text and "\u202e" not in text and "ﬂ" not in text
    assert "Ελληνικά" in text and "Русский" in text


def test_clean_text_drops_control_and_format_characters() -> None:
    assert clean_text("a\u0000b\u200bc\u202ed\ufeff  e\n\n\n\nf\ud800") == "a bcd e\n\nf"


@pytest.mark.parametrize("name", ["resume_one_column.pdf", "resume_two_column.pdf", "resume_bullets.pdf"])
def test_realistic_resumes_give_their_text(name) -> None:
    parsed = read_pdf((PDFS / name).read_bytes())
    assert parsed.pages == 1 and not parsed.truncated and 500 < parsed.chars < 2_000
    assert "EXPERIENCE" in parsed.text and "EDUCATION" in parsed.text


@pytest.mark.parametrize("name", HOSTILE)
def test_the_resume_command_exits_2_with_one_line_for_a_hostile_file(name, capsys) -> None:
    assert main(["resume", str(PDFS / name), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.strip().splitlines()) == 1
    assert captured.err.startswith(f"error: {name}: ")
