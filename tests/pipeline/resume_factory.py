"""Fictional resumes for the analyze/improve tests: a builder and hypothesis strategies."""

from __future__ import annotations

from hypothesis import strategies as st

from pipeline.analyze.verbs import ACTION_VERBS, Form, inflect
from pipeline.model import Bullet, Contact, Entry, Resume, Section, SectionKind

CONTACT = Contact(
    name="Avery Quinlan",
    email="avery.quinlan@example.org",
    phone="+442079460123",
    location="Leeds, UK",
    links=["linkedin.com/in/avery-quinlan-example"],
)


def entry(
    *bullets: str,
    title: str = "Analyst",
    organization: str = "Northwind Traders",
    current: bool = False,
    prefix: str = "b",
    dates: str | None = "default",
) -> Entry:
    if dates == "default":
        dates = "Mar 2021 – Present" if current else "Jan 2018 – Feb 2021"
    start, end = (
        (("2021-03", "present") if current else ("2018-01", "2021-02"))
        if dates
        else (
            None,
            None,
        )
    )
    return Entry(
        title=title,
        organization=organization,
        dates=dates,
        start=start,
        end=end,
        bullets=[Bullet(id=f"{prefix}{i}", text=t) for i, t in enumerate(bullets)],
    )


def resume(
    *experience: Entry,
    language: str | None = "en",
    contact: Contact | None = None,
    skills: str = "Python, SQL, Excel, Tableau",
    experience_title: str = "Experience",
    extra: list[Section] | None = None,
) -> Resume:
    sections = [
        Section(
            kind=SectionKind.SUMMARY,
            title="Summary",
            entries=[Entry(text="Analyst with six years of experience in retail data.")],
        ),
        Section(kind=SectionKind.EXPERIENCE, title=experience_title, entries=list(experience)),
        Section(
            kind=SectionKind.EDUCATION,
            title="Education",
            entries=[
                Entry(
                    title="BSc Mathematics",
                    organization="University of Leeds",
                    dates="2014 – 2017",
                    start="2014",
                    end="2017",
                )
            ],
        ),
        Section(kind=SectionKind.SKILLS, title="Skills", entries=[Entry(text=skills)]),
        *(extra or []),
    ]
    return Resume(
        contact=(contact or CONTACT).model_copy(),
        sections=sections,
        language=language,
        pages=1,
    )


# --- hypothesis strategies --------------------------------------------------------------

VERBS = sorted(ACTION_VERBS - {"lead", "set", "cut", "forecast", "found", "research", "record"})
OBJECTS = [
    "the monthly reporting process",
    "a data pipeline for store sales",
    "vendor contracts",
    "the onboarding guide for new analysts",
    "weekly stock forecasts",
    "a dashboard for regional managers",
    "the customer survey programme",
    "quarterly budget reviews",
]
TAILS = [
    "",
    " across three regions",
    " with the finance team",
    " for 40 stores",
    " by 15%",
    " at Contoso",
    " using SQL",
    " in Q3 2022",
    " saving $12K a year",
]
WEAK = [
    "Responsible for ",
    "Helped ",
    "Worked on ",
    "Duties included ",
    "I was responsible for ",
    "Helped to ",
    "Tasked with ",
    "Involved in ",
    "Was involved in ",
    "Was responsible for ",
    "We worked on ",
]
FILLER = ["", "successfully ", "very "]


@st.composite
def bullet_texts(draw: st.DrawFn) -> str:
    """A plausible bullet: maybe a weak opener, maybe a pronoun or filler, some facts."""
    verb = draw(st.sampled_from(VERBS))
    obj = draw(st.sampled_from(OBJECTS))
    tail = draw(st.sampled_from(TAILS))
    style = draw(st.integers(0, 5))
    if style == 0:
        weak = draw(st.sampled_from(WEAK))
        gerund = draw(st.booleans())
        lead = weak + (inflect(verb, Form.GERUND) + " " if gerund and "Helped" not in weak else "")
        if weak.startswith("Helped"):
            lead = weak + (verb + " " if draw(st.booleans()) else "")
        text = lead + obj + tail
    elif style == 1:
        text = f"I {draw(st.sampled_from(FILLER))}{inflect(verb, Form.PAST)} {obj}{tail}"
    elif style == 2:
        text = f"{inflect(verb, Form.GERUND).capitalize()} {obj}{tail}"
    elif style == 3:
        text = f"{verb} {obj}{tail}"  # lower case, base form
    else:
        form = draw(st.sampled_from([Form.PAST, Form.BASE, Form.THIRD]))
        text = f"{inflect(verb, form).capitalize()} {obj} in order to support my team{tail}"
    return text + draw(st.sampled_from(["", "."]))


@st.composite
def resumes(draw: st.DrawFn) -> Resume:
    """English resumes with one current and up to two past roles of 1-5 generated bullets."""
    n_roles = draw(st.integers(1, 3))
    entries = []
    for i in range(n_roles):
        texts = draw(st.lists(bullet_texts(), min_size=1, max_size=5))
        entries.append(entry(*texts, current=i == 0, prefix=f"e{i}b"))
    title = draw(st.sampled_from(["Experience", "Work History", "Where I've worked"]))
    return resume(*entries, experience_title=title)
