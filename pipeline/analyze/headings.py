"""Standard section headings, and which printed headings are variants of them.

ATS parsers look for a small set of heading words (Jobscan and Workday's parser guides list
"Experience", "Education", "Skills", ...); creative headings ("Where I've worked") risk a whole
section being missed. English only: a resume in another language keeps its headings.
"""

from __future__ import annotations

import re

from pipeline.model import SectionKind

STANDARD: dict[SectionKind, str] = {
    SectionKind.SUMMARY: "Summary",
    SectionKind.EXPERIENCE: "Experience",
    SectionKind.EDUCATION: "Education",
    SectionKind.SKILLS: "Skills",
    SectionKind.PROJECTS: "Projects",
    SectionKind.CERTIFICATIONS: "Certifications",
    SectionKind.AWARDS: "Awards",
    SectionKind.PUBLICATIONS: "Publications",
    SectionKind.LANGUAGES: "Languages",
    SectionKind.INTERESTS: "Interests",
    SectionKind.VOLUNTEERING: "Volunteering",
    SectionKind.REFERENCES: "References",
}

# Headings ATS software recognises as they are (normalised: lower case, letters and spaces).
ACCEPTED: dict[SectionKind, frozenset[str]] = {
    SectionKind.SUMMARY: frozenset(
        {
            "summary",
            "professional summary",
            "profile",
            "career summary",
            "objective",
            "career objective",
            "professional profile",
        }
    ),
    SectionKind.EXPERIENCE: frozenset(
        {
            "experience",
            "work experience",
            "professional experience",
            "employment",
            "relevant experience",
        }
    ),
    SectionKind.EDUCATION: frozenset(
        {"education", "education and training", "academic background"}
    ),
    SectionKind.SKILLS: frozenset(
        {
            "skills",
            "technical skills",
            "core skills",
            "key skills",
            "core competencies",
            "skills and abilities",
        }
    ),
    SectionKind.PROJECTS: frozenset(
        {"projects", "personal projects", "selected projects", "key projects"}
    ),
    SectionKind.CERTIFICATIONS: frozenset(
        {
            "certifications",
            "certificates",
            "licenses",
            "licenses and certifications",
            "certifications and licenses",
        }
    ),
    SectionKind.AWARDS: frozenset(
        {"awards", "honors", "honours", "honors and awards", "awards and honors", "achievements"}
    ),
    SectionKind.PUBLICATIONS: frozenset({"publications", "selected publications", "papers"}),
    SectionKind.LANGUAGES: frozenset({"languages", "language skills"}),
    SectionKind.INTERESTS: frozenset({"interests", "hobbies", "hobbies and interests"}),
    SectionKind.VOLUNTEERING: frozenset({"volunteering", "volunteer experience", "volunteer work"}),
    SectionKind.REFERENCES: frozenset({"references"}),
}
# Well-known variants the improver renames. "Work History" is accepted by parsers but the brief
# of this product is one standard word per section, so it is renamed too.
RENAME: frozenset[str] = frozenset(
    {
        "work history",
        "employment history",
        "career history",
        "work experience",
        "professional experience",
        "employment",
        "jobs",
        "positions",
        "positions held",
        "career",
        "professional background",
        "experience summary",
        "academic background",
        "studies",
        "qualifications",
        "abilities",
        "expertise",
        "competencies",
        "skill set",
        "skillset",
        "toolbox",
        "tech stack",
        "about me",
        "about",
        "who i am",
        "where i have worked",
        "where ive worked",
        "what i can do",
        "what i know",
        "things i have built",
        "certificates",
        "honours",
        "honors",
        "hobbies",
    }
)


# Accepted headings are left alone (renaming "Technical Skills" would only churn).
RENAME = RENAME - frozenset().union(*ACCEPTED.values())


def normalise(title: str) -> str:
    """Lower case, "&" as "and", punctuation dropped, spaces collapsed."""
    t = title.lower().replace("&", " and ").replace("’", "").replace("'", "")
    return " ".join(re.sub(r"[^\w\s]", " ", t).split())


# A heading that contains one of these words is recognised by ATS parsers for its kind
# ("Computer Skills", "Honors & Awards", "Relevant Experience").
KEYWORDS: dict[SectionKind, frozenset[str]] = {
    SectionKind.SUMMARY: frozenset({"summary", "profile", "objective"}),
    SectionKind.EXPERIENCE: frozenset({"experience", "employment"}),
    SectionKind.EDUCATION: frozenset({"education"}),
    SectionKind.SKILLS: frozenset({"skills", "competencies"}),
    SectionKind.PROJECTS: frozenset({"projects"}),
    SectionKind.CERTIFICATIONS: frozenset({"certifications", "certificates", "licenses"}),
    SectionKind.AWARDS: frozenset({"awards", "honors", "honours", "achievements"}),
    SectionKind.PUBLICATIONS: frozenset({"publications", "papers"}),
    SectionKind.LANGUAGES: frozenset({"languages"}),
    SectionKind.INTERESTS: frozenset({"interests", "hobbies"}),
    SectionKind.VOLUNTEERING: frozenset({"volunteering", "volunteer"}),
    SectionKind.REFERENCES: frozenset({"references"}),
}


def is_standard_heading(title: str, kind: SectionKind) -> bool:
    """True when ATS software recognises ``title`` as a heading of ``kind``: the standard
    word, an accepted variant, or a heading containing the kind's keyword."""
    norm = normalise(title)
    if norm in ACCEPTED.get(kind, frozenset()):
        return True
    if kind in STANDARD and norm == normalise(STANDARD[kind]):
        return True
    return bool(set(norm.split()) & KEYWORDS.get(kind, frozenset()))


def standard_heading(title: str, kind: SectionKind) -> str | None:
    """The standard heading ``title`` should become, or None to keep it (English only).

    Only known variants are renamed ("Work History", "Where I've worked" -> "Experience"): an
    unknown title may carry information ("Master thesis", "Patents") that a rename would lose.
    Upper-case titles keep upper case ("WORK HISTORY" -> "EXPERIENCE").
    """
    if kind not in STANDARD:
        return None
    norm = normalise(title)
    target = STANDARD[kind]
    if norm == normalise(target) or norm not in RENAME:
        return None
    return target.upper() if title.isupper() else target
