"""Typed resume model and the values the pipeline steps exchange.

The JSON shape of :class:`Resume` is public (CLI ``--json``, the API, benchmarks)::

    {"contact": {"name", "headline", "email", "phone", "location", "links": [...],
                 "extras": [...]},
     "sections": [{"kind", "title",
                   "entries": [{"title", "organization", "location", "dates", "start", "end",
                                "bullets": [{"id", "text"}], "text"}]}],
     "language", "pages", "warnings": [...]}
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum

from pydantic import BaseModel, Field


class SectionKind(StrEnum):
    SUMMARY = "summary"
    EXPERIENCE = "experience"
    EDUCATION = "education"
    SKILLS = "skills"
    PROJECTS = "projects"
    CERTIFICATIONS = "certifications"
    AWARDS = "awards"
    PUBLICATIONS = "publications"
    LANGUAGES = "languages"
    INTERESTS = "interests"
    VOLUNTEERING = "volunteering"
    REFERENCES = "references"
    OTHER = "other"


class Contact(BaseModel):
    name: str | None = None
    headline: str | None = Field(None, description='Line under the name, e.g. "Product Designer"')
    email: str | None = None
    phone: str | None = Field(None, description="E.164 where it can be normalised, else as printed")
    location: str | None = None
    links: list[str] = Field(default_factory=list)
    extras: list[str] = Field(
        default_factory=list,
        description='Other contact-line items as printed, e.g. "Open to relocation"',
    )


class Bullet(BaseModel):
    id: str = Field(description="Stable across runs on the same input")
    text: str


class Entry(BaseModel):
    title: str | None = None
    organization: str | None = None
    location: str | None = None
    dates: str | None = Field(None, description="As printed")
    start: str | None = Field(None, description="YYYY-MM, YYYY or None")
    end: str | None = Field(None, description="YYYY-MM, YYYY, 'present' or None")
    bullets: list[Bullet] = Field(default_factory=list)
    text: str | None = Field(None, description="Free text that is not a bullet")


class Section(BaseModel):
    kind: SectionKind
    title: str
    entries: list[Entry] = Field(default_factory=list)


# How the parser's warning about dropped hidden text starts (the analysis gives it its own fix).
HIDDEN_TEXT_WARNING = "Ignored hidden text"


class Resume(BaseModel):
    contact: Contact = Field(default_factory=Contact)
    sections: list[Section] = Field(default_factory=list)
    language: str | None = Field(None, description="ISO 639-1")
    pages: int = 0
    warnings: list[str] = Field(default_factory=list)

    def iter_bullets(self) -> Iterator[tuple[Section, Entry, Bullet]]:
        """Every bullet with the section and entry that hold it, in reading order."""
        for section in self.sections:
            for entry in section.entries:
                for bullet in entry.bullets:
                    yield section, entry, bullet

    def section(self, kind: SectionKind) -> Section | None:
        """The first section of ``kind``, or None."""
        return next((s for s in self.sections if s.kind == kind), None)

    def plain_text(self) -> str:
        """All the text of the resume, one field per line (for fact checks and keyword match)."""
        parts: list[str] = []
        c = self.contact
        parts += [v for v in (c.name, c.headline, c.email, c.phone, c.location) if v]
        parts += c.links
        parts += c.extras
        for section in self.sections:
            parts.append(section.title)
            for e in section.entries:
                parts += [v for v in (e.title, e.organization, e.location, e.dates, e.text) if v]
                parts += [b.text for b in e.bullets]
        return "\n".join(parts)


# --- analysis -------------------------------------------------------------------------------


class Finding(BaseModel):
    """One thing that cost points, where it is, and how to fix it."""

    code: str = Field(description="Stable machine name, e.g. 'weak_opener'")
    category: str = Field(description="parseability | sections | contact | dates | content")
    message: str
    fix: str = Field(description="One-line fix the person can apply")
    location: str | None = Field(None, description="section index / entry / bullet id")
    points: float = Field(0.0, description="Points this finding cost")


class CategoryScore(BaseModel):
    name: str
    score: float
    max_score: float


class KeywordMatch(BaseModel):
    """Job-description match, reported beside the score, never folded into it."""

    matched: list[str] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    total: int = 0
    coverage: float = Field(0.0, description="Weighted coverage, 0..1")
    stuffing: bool = False

    @property
    def summary(self) -> str:
        return f"matched {len(self.matched)} of {self.total}"


class Analysis(BaseModel):
    score: int = Field(ge=0, le=100)
    categories: list[CategoryScore] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    keywords: KeywordMatch | None = None


# --- improvement ----------------------------------------------------------------------------


class Change(BaseModel):
    """One edit an improver made, as the user sees it."""

    location: str = Field(description="bullet id, or 'section:<i>' / 'contact' etc.")
    before: str
    after: str
    reason: str
    kind: str = Field("rewrite", description="rewrite | heading | reorder | suggestion")


class ChangeSet(BaseModel):
    changes: list[Change] = Field(default_factory=list)
    suggestions: list[Change] = Field(
        default_factory=list, description="Advice that changes no text (e.g. add a metric)"
    )
    improver: str = "rules"
    rejected: int = Field(0, description="Rewrites the fact guard refused")
    notes: list[str] = Field(default_factory=list, description="e.g. 'improved offline'")
