"""Fictional resumes built directly as models, for renderer tests that need no parser."""

from __future__ import annotations

from pipeline.model import Bullet, Contact, Entry, Resume, Section, SectionKind


def sample_resume(name: str = "Zoë Åström-Nguyễn", *, bullets: int = 4) -> Resume:
    """A full resume touching every part of the template (two jobs, education, skills)."""
    return Resume(
        contact=Contact(
            name=name,
            email="zoe.astrom@example.org",
            phone="+14155550142",
            location="Zürich, Switzerland",
            links=["github.com/zoe-example", "https://zoe.example.dev"],
        ),
        language="en",
        sections=[
            Section(
                kind=SectionKind.SUMMARY,
                title="Summary",
                entries=[Entry(text="Backend engineer who ships billing and payments systems.")],
            ),
            Section(
                kind=SectionKind.EXPERIENCE,
                title="Experience",
                entries=[
                    Entry(
                        title="Senior Backend Engineer",
                        organization="Acme Payments AG",
                        location="Zürich",
                        dates="03/2021 - now",
                        start="2021-03",
                        end="present",
                        bullets=[
                            Bullet(
                                id=f"e0b{i}",
                                text=f"Built service {i} handling 2 million "
                                "requests a day with Python and PostgreSQL, cutting latency "
                                "by 40% across three regions",
                            )
                            for i in range(bullets)
                        ],
                    ),
                    Entry(
                        title="Engineer",
                        organization="Globex GmbH",
                        dates="2017 – 2021",
                        start="2017",
                        end="2021",
                        bullets=[Bullet(id="e1b0", text="Migrated 40 services to Kubernetes")],
                    ),
                ],
            ),
            Section(
                kind=SectionKind.EDUCATION,
                title="Education",
                entries=[
                    Entry(
                        title="MSc Computer Science",
                        organization="ETH Zürich",
                        dates="2015 – 2017",
                        start="2015",
                        end="2017",
                    ),
                ],
            ),
            Section(
                kind=SectionKind.SKILLS,
                title="Skills",
                entries=[
                    Entry(title="Languages", text="Python, Go, SQL"),
                    Entry(title="Tools", text="Docker, Kubernetes, Terraform"),
                ],
            ),
        ],
    )


def with_summary(text: str, name: str = "Test Person") -> Resume:
    """A minimal resume whose summary is ``text`` (one script per test)."""
    return Resume(
        contact=Contact(name=name, email="test@example.org"),
        sections=[Section(kind=SectionKind.SUMMARY, title="Summary", entries=[Entry(text=text)])],
    )
