"""Writes the PDFs in this folder: realistic resumes in three layouts and a corpus of hostile files.

    python tests/data/pdfs/make_pdfs.py

The files are committed (tests read them; a fresh clone needs neither fonts nor this script).
It needs fpdf2, pypdf and Pillow (requirements-dev.txt) and the DejaVu fonts (Debian
fonts-dejavu-core) for the Unicode resume.
"""

from __future__ import annotations

import io
import zlib
from pathlib import Path

from fpdf import FPDF
from PIL import Image, ImageDraw
from pypdf import PdfReader, PdfWriter

HERE = Path(__file__).resolve().parent
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")

ONE_COLUMN = """\
Maria Lopez
Senior Backend Engineer · maria.lopez@example.com · Madrid

SUMMARY
Backend engineer with 8 years of experience building payment and reconciliation systems in Python
and Go. I like boring, observable systems.

EXPERIENCE
Senior Backend Engineer, Ledgerly (Mar 2020 - Present)
Cut reconciliation time from 6 hours to 40 minutes by moving batch jobs to incremental Kafka consumers.
Led the migration of 14 services from MySQL to PostgreSQL with zero downtime.
Mentored four engineers; two were promoted.

Backend Engineer, ShopWave (Jun 2017 - Feb 2020)
Built the order API in Django REST framework serving 2,000 requests per second.
Reduced p99 latency by 35% with Redis caching and query tuning.

EDUCATION
BSc Computer Science, Universidad Politécnica de Madrid, 2017

SKILLS
Python, Go, PostgreSQL, MySQL, Redis, Kafka, Docker, Kubernetes, AWS, Terraform
"""

TWO_COLUMN_LEFT = """\
SKILLS
JavaScript / TypeScript
React, Next.js
Node.js, GraphQL
CSS (Tailwind)
Jest, Playwright
Git, CI/CD

EDUCATION
MSc Human-Computer
Interaction, University
of Edinburgh, 2019

LANGUAGES
English, French
"""

TWO_COLUMN_RIGHT = """\
Tom Becker - Frontend Developer

EXPERIENCE

Frontend Developer, Brightly Health
2021 - present
Rebuilt the patient portal in React and TypeScript; page load fell from 4.2 s to 1.1 s.
Introduced component tests that caught 120 regressions before release in one year.

Junior Web Developer, Pixel & Co
2019 - 2021
Shipped 30 marketing sites for clients; improved Lighthouse accessibility scores to 95+.
"""

BULLETS = """\
PRIYA NAIR | Data Engineer | priya@example.org

PROFESSIONAL EXPERIENCE
Data Engineer — Streamline Analytics | Jan 2019 – Dec 2023
• Designed Airflow pipelines processing 3 TB of events per day on Spark and AWS.
• Saved $120k a year by moving cold data from Redshift to S3 with Parquet.
• Increased data freshness from daily to every 15 minutes.
• Wrote dbt models and SQL tests for 40 core tables.
Analytics Engineer — Finch Retail | Jul 2016 – Dec 2018
• Built the first warehouse in PostgreSQL and taught analysts SQL.
• Automated weekly reports, saving 10 hours of manual work per week.

EDUCATION
• B.Tech in Information Technology, Anna University, 2016

TOOLS
• Python • SQL • Spark • Airflow • dbt • AWS • Docker • Git
"""

UNICODE = """\
Zoë Ångström-Łukasiewicz — ﬁnance platform engineer
Ｆｕｌｌ-width ＰＹＴＨＯＮ; zero\u200bwidth\u200bspaces; bidi \u202eesrever\u202c; combining é
Ελληνικά, Русский, العربية, עברית ligatures: ﬂow ﬀ ﬃ — math: ∑ ∫ ≤ ≥ → ★
6 years of experience with Python and PostgreSQL.
"""


def _pdf(*, font_size: float = 10.5) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(DEJAVU / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(DEJAVU / "DejaVuSans-Bold.ttf"))
    pdf.set_font("DejaVu", size=font_size)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    return pdf


def _lines(pdf: FPDF, text: str, *, width: float = 0, x: float | None = None) -> None:
    for line in text.splitlines():
        if x is not None:
            pdf.set_x(x)
        heading = line.isupper() and len(line) > 3
        pdf.set_font("DejaVu", "B" if heading else "", 11.5 if heading else 10.5)
        pdf.multi_cell(width, 5.5, line or " ", new_x="LMARGIN" if x is None else "LEFT", new_y="NEXT")


def resumes() -> None:
    pdf = _pdf()
    _lines(pdf, ONE_COLUMN)
    pdf.output(str(HERE / "resume_one_column.pdf"))

    pdf = _pdf()
    top = pdf.get_y()
    _lines(pdf, TWO_COLUMN_LEFT, width=55, x=10)
    pdf.set_y(top)
    _lines(pdf, TWO_COLUMN_RIGHT, width=125, x=75)
    pdf.output(str(HERE / "resume_two_column.pdf"))

    pdf = _pdf()
    _lines(pdf, BULLETS)
    pdf.output(str(HERE / "resume_bullets.pdf"))

    pdf = _pdf()
    _lines(pdf, UNICODE)
    pdf.output(str(HERE / "hostile_odd_unicode.pdf"))


def hostile() -> None:
    resume = (HERE / "resume_one_column.pdf").read_bytes()
    (HERE / "hostile_empty.pdf").write_bytes(b"")
    (HERE / "hostile_renamed_text.pdf").write_text(ONE_COLUMN, encoding="utf-8")
    png = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(png, "PNG")
    (HERE / "hostile_not_a_pdf.pdf").write_bytes(png.getvalue())
    (HERE / "hostile_truncated.pdf").write_bytes(resume[: len(resume) // 3])
    (HERE / "hostile_garbage_after_header.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(resume)))
    writer.encrypt(user_password="hunter2", owner_password="owner", algorithm="AES-256")
    with (HERE / "hostile_encrypted.pdf").open("wb") as handle:
        writer.write(handle)

    # A "scan": the resume as a picture, no text layer.
    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(ONE_COLUMN.splitlines()[:30]):
        draw.text((80, 80 + 28 * number), line, fill=0)
    scan = io.BytesIO()
    image.save(scan, "PNG")
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.image(scan, x=0, y=0, w=210)
    pdf.output(str(HERE / "hostile_image_only.pdf"))

    writer = PdfWriter()
    for _ in range(5000):
        writer.add_blank_page(width=595, height=842)
    with (HERE / "hostile_5000_pages.pdf").open("wb") as handle:
        writer.write(handle)

    pdf = _pdf()
    pdf.text(10, 20, "Python developer " + "x" * 150_000)  # one line, far off the page
    pdf.output(str(HERE / "hostile_long_line.pdf"))

    _compression_bomb(HERE / "hostile_compression_bomb.pdf")


def _compression_bomb(path: Path) -> None:
    """One page whose content stream inflates from ~70 kB to ~70 MB of text operators."""
    content = zlib.compress(b"BT /F1 9 Tf 10 10 Td (a) Tj ET\n" * 2_300_000, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    path.write_bytes(out.getvalue())


if __name__ == "__main__":
    resumes()
    hostile()
    for file in sorted(HERE.glob("*.pdf")):
        print(f"{file.name:<40} {file.stat().st_size:>9,} bytes")
