"""Generate the fictional sample resumes in examples/ (``python examples/make_examples.py``).

Every person, employer, address and number here is invented. The files are written the way
people write resumes before they ask for help: weak openers ("Responsible for", "Helped"),
first-person pronouns, missing metrics, so ``make demo`` shows what the improver does.

- sample-resume.pdf: plain single column, two pages, Helvetica (reportlab platypus).
- sample-two-column.pdf: a sidebar (contact, skills, education) beside the main column.
- sample-resume.docx: the single-column resume as Word would save it (Heading styles, bullets).

Output is deterministic (reportlab invariant mode, fixed DOCX core properties) so regenerating
does not churn the committed files.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from docx import Document
from docx.shared import Pt
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    FrameBreak,
    PageTemplate,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)

HERE = Path(__file__).resolve().parent

PLAIN = {
    "name": "Jordan Avery Whitfield",
    "contact": "jordan.whitfield@example.com | (555) 014-2398 | Portland, OR | "
    "github.com/jwhitfield-example",
    "sections": [
        (
            "Summary",
            [
                {
                    "text": "I am a backend developer with seven years of experience building web "
                    "services in Python and Go. I like working on APIs, databases and the tooling "
                    "that keeps them running, and I am looking for a senior backend role."
                },
            ],
        ),
        (
            "Work Experience",
            [
                {
                    "title": "Senior Backend Developer",
                    "org": "Lumen Parcel Co., Portland, OR",
                    "dates": "Mar 2021 – Present",
                    "bullets": [
                        "Responsible for the shipment tracking API used by our retail partners",
                        "I worked on moving the order service from a monolith to Python "
                        "microservices on Kubernetes",
                        "Helped the team to reduce the p95 latency of the rates endpoint by 45%",
                        "Duties included on-call rotation, incident reviews and writing runbooks",
                        "My team and I designed the event pipeline on Kafka and PostgreSQL that "
                        "replaced nightly batch jobs",
                        "Worked on the CI pipeline so that builds run in parallel and finish in 8 "
                        "minutes instead of 25",
                    ],
                },
                {
                    "title": "Backend Developer",
                    "org": "Fernhill Health Systems, Seattle, WA",
                    "dates": "Jun 2018 – Feb 2021",
                    "bullets": [
                        "Responsible for maintaining the appointment booking service written "
                        "in Django",
                        "I helped migrate 40 million patient records from MySQL to PostgreSQL",
                        "Was involved in building a REST API for the mobile app",
                        "Worked on Redis caching for the search endpoints",
                        "Helped with code reviews and mentoring of two junior developers",
                    ],
                },
                {
                    "title": "Software Engineer",
                    "org": "Brightwater Analytics, Tacoma, WA",
                    "dates": "Jul 2016 – May 2018",
                    "bullets": [
                        "Responsible for the ETL jobs that loaded client data every night",
                        "I wrote Python scripts to clean CSV exports from 12 client systems",
                        "Worked on a dashboard in Flask for the sales team",
                        "Helped to set up automated tests with pytest",
                    ],
                },
                {
                    "title": "IT Support Intern",
                    "org": "Cedar County Library, Olympia, WA",
                    "dates": "Jun 2015 – Aug 2015",
                    "bullets": [
                        "Responsible for fixing printers and resetting passwords for staff",
                        "I helped to move the catalogue workstations to Linux",
                    ],
                },
            ],
        ),
        (
            "Projects",
            [
                {
                    "title": "parcel-sim (open source)",
                    "dates": "2022",
                    "bullets": [
                        "I built a load generator in Go that replays production traffic against "
                        "staging",
                        "Worked on documentation and examples for new contributors",
                    ],
                },
                {
                    "title": "Home weather station",
                    "dates": "2020",
                    "bullets": [
                        "Helped build a Raspberry Pi station that posts readings to a small "
                        "FastAPI service",
                    ],
                },
            ],
        ),
        (
            "Education",
            [
                {
                    "title": "B.S. Computer Science",
                    "org": "Evergreen Valley University, Olympia, WA",
                    "dates": "2012 – 2016",
                    "bullets": [
                        "Senior project: a peer-to-peer file sync tool written in C",
                    ],
                },
            ],
        ),
        (
            "Certifications",
            [
                {"title": "Certified Kubernetes Application Developer (CKAD)", "dates": "2022"},
                {"title": "AWS Certified Developer – Associate", "dates": "2020"},
            ],
        ),
        (
            "Technical Skills",
            [
                {"text": "Languages: Python, Go, SQL, Bash"},
                {"text": "Frameworks: Django, FastAPI, Flask"},
                {"text": "Data: PostgreSQL, MySQL, Redis, Kafka"},
                {"text": "Infrastructure: Docker, Kubernetes, Terraform, AWS, GitHub Actions"},
            ],
        ),
        (
            "Volunteering",
            [
                {
                    "title": "Mentor",
                    "org": "Code Club Portland",
                    "dates": "2019 – Present",
                    "bullets": [
                        "I helped teenagers with their first Python projects every other Saturday",
                        "Responsible for organising the yearly demo day",
                    ],
                },
            ],
        ),
    ],
}


def _styles(size: float = 10.5) -> dict[str, ParagraphStyle]:
    return {
        "name": ParagraphStyle("name", fontName="Helvetica-Bold", fontSize=22, leading=28),
        "contact": ParagraphStyle(
            "contact", fontName="Helvetica", fontSize=10, leading=14, spaceAfter=6
        ),
        "h": ParagraphStyle(
            "h",
            fontName="Helvetica-Bold",
            fontSize=13,
            leading=17,
            spaceBefore=12,
            spaceAfter=3,
            keepWithNext=1,
        ),
        "entry": ParagraphStyle(
            "entry",
            fontName="Helvetica-Bold",
            fontSize=size + 0.5,
            leading=size * 1.45,
            spaceBefore=7,
        ),
        "sub": ParagraphStyle(
            "sub", fontName="Helvetica-Oblique", fontSize=size, leading=size * 1.4
        ),
        "body": ParagraphStyle("body", fontName="Helvetica", fontSize=size, leading=size * 1.4),
        "bullet": ParagraphStyle(
            "bullet",
            fontName="Helvetica",
            fontSize=size,
            leading=size * 1.45,
            leftIndent=16,
            bulletIndent=4,
            spaceBefore=1.5,
        ),
    }


def _section_flowables(sections: list, st: dict[str, ParagraphStyle]) -> list:
    out: list = []
    for heading, entries in sections:
        out.append(Paragraph(heading, st["h"]))
        for e in entries:
            if "title" in e:
                out.append(
                    Paragraph(
                        f"{e['title']} — {e['dates']}" if e.get("dates") else e["title"],
                        st["entry"],
                    )
                )
            if e.get("org"):
                out.append(Paragraph(e["org"], st["sub"]))
            if e.get("text"):
                out.append(Paragraph(e["text"], st["body"]))
            out += [Paragraph(b, st["bullet"], bulletText="•") for b in e.get("bullets", [])]
    return out


def make_plain_pdf(path: Path) -> None:
    st = _styles(11)
    doc = SimpleDocTemplate(
        str(path),
        pagesize=LETTER,
        leftMargin=0.9 * inch,
        rightMargin=0.9 * inch,
        topMargin=0.8 * inch,
        bottomMargin=0.8 * inch,
        title="Resume",
        author="Jordan Avery Whitfield",
        invariant=True,
    )
    story = [Paragraph(PLAIN["name"], st["name"]), Paragraph(PLAIN["contact"], st["contact"])]
    story += _section_flowables(PLAIN["sections"], st)
    doc.build(story)


TWO_COLUMN = {
    "name": "Marisol Quintero-Haas",
    "headline": "Product Designer",
    "sidebar": [
        (
            "Contact",
            [
                "marisol.qh@example.net",
                "+44 20 7946 0321",
                "Leeds, United Kingdom",
                "linkedin.com/in/mqhaas",
            ],
        ),
        (
            "Skills",
            [
                "Figma",
                "User research",
                "Prototyping",
                "Design systems",
                "HTML and CSS",
                "Accessibility (WCAG 2.2)",
            ],
        ),
        ("Languages", ["English (native)", "Spanish (fluent)", "German (basic)"]),
    ],
    "main": [
        (
            "Profile",
            [
                {
                    "text": "I am a product designer who enjoys turning messy workflows into "
                    "simple screens. I have worked in fintech and public services for six years."
                },
            ],
        ),
        (
            "Experience",
            [
                {
                    "title": "Senior Product Designer",
                    "org": "Harrow & Vale Bank, Leeds",
                    "dates": "Jan 2022 – Present",
                    "bullets": [
                        "Responsible for the redesign of the mobile onboarding flow",
                        "I worked on a shared design system with 60 components used by four teams",
                        "Helped run usability tests with 35 customers every quarter",
                    ],
                },
                {
                    "title": "Product Designer",
                    "org": "Northgate Digital Services, Sheffield",
                    "dates": "Sep 2018 – Dec 2021",
                    "bullets": [
                        "Worked on the council tax online forms used by 200,000 residents",
                        "Was responsible for accessibility reviews before each release",
                        "I helped the developers to build the new booking pages in React",
                    ],
                },
            ],
        ),
        (
            "Education",
            [
                {
                    "title": "BA (Hons) Graphic Design",
                    "org": "University of Pennine Arts",
                    "dates": "2014 – 2017",
                },
            ],
        ),
    ],
}


def make_two_column_pdf(path: Path) -> None:
    st = _styles(10)
    width, height = LETTER
    margin, side_w, gap = 0.6 * inch, 1.8 * inch, 0.2 * inch
    head_h = 0.9 * inch
    header = Frame(margin, height - margin - head_h, width - 2 * margin, head_h, id="header")
    sidebar = Frame(margin, margin, side_w, height - 2 * margin - head_h, id="side")
    main = Frame(
        margin + side_w + gap,
        margin,
        width - 2 * margin - side_w - gap,
        height - 2 * margin - head_h,
        id="main",
    )
    doc = BaseDocTemplate(
        str(path), pagesize=LETTER, title="CV", author=TWO_COLUMN["name"], invariant=True
    )
    doc.addPageTemplates([PageTemplate(id="two", frames=[header, sidebar, main])])
    side_h = ParagraphStyle("sideh", parent=st["h"], fontSize=11.5, spaceBefore=6)
    story: list = [
        Paragraph(TWO_COLUMN["name"], st["name"]),
        Paragraph(TWO_COLUMN["headline"], st["sub"]),
        FrameBreak(),
    ]
    for heading, items in TWO_COLUMN["sidebar"]:
        story.append(Paragraph(heading, side_h))
        story += [Paragraph(i, st["body"]) for i in items]
        story.append(Spacer(1, 4))
    story.append(FrameBreak())
    story += _section_flowables(TWO_COLUMN["main"], st)
    doc.build(story)


def make_docx(path: Path) -> None:
    doc = Document()
    doc.styles["Normal"].font.size = Pt(10.5)
    doc.add_heading(PLAIN["name"], level=0)
    doc.add_paragraph(PLAIN["contact"])
    for heading, entries in PLAIN["sections"]:
        doc.add_heading(heading, level=1)
        for e in entries:
            if "title" in e:
                para = doc.add_paragraph()
                para.add_run(e["title"]).bold = True
                if e.get("dates"):
                    para.add_run(f" — {e['dates']}")
            if e.get("org"):
                doc.add_paragraph().add_run(e["org"]).italic = True
            if e.get("text"):
                doc.add_paragraph(e["text"])
            for b in e.get("bullets", []):
                doc.add_paragraph(b, style="List Bullet")
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = "Resume", PLAIN["name"], PLAIN["name"]
    props.created = props.modified = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    _write_zip_deterministically(buf.getvalue(), path)


def _write_zip_deterministically(data: bytes, path: Path) -> None:
    """python-docx stamps zip members with the current time; pin it so the file is stable."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(member, src.read(info.filename))
    path.write_bytes(out.getvalue())


def main() -> None:
    make_plain_pdf(HERE / "sample-resume.pdf")
    make_two_column_pdf(HERE / "sample-two-column.pdf")
    make_docx(HERE / "sample-resume.docx")


if __name__ == "__main__":
    main()
