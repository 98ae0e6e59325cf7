"""What the resume templates print, in order: one plan shared by the PDF and DOCX renderers.

Both renderers walk the same :class:`Plan`, so the two outputs carry the same content in the
same order, and the round-trip tests compare a parsed rendering against the plan (what was
printed), not against the raw model. All strings here are already :func:`fonts.printable`.

Template (single column, one reading order, the layout ATS parsers and our own parser read best):

    NAME                                         (bold, large; also the PDF title)
    Headline                                     (11.5 pt, when the contact has one)
    email | phone | location | link | link       (" | " separated, broken between items)
    Section Title                                (bold 12 pt, rule below; title as given)
    Entry title                        dates     (bold 11 pt, dates right-aligned)
    Organization • Location                      (10.5 pt, when both title and org exist)
    free text lines                              (10 pt body)
    • bullet text
    Label: inline text                           (skills-like entries: "Languages: Python, Go")

Each head line differs from the body text in size, not only weight, so a parser that tells
structure by typography (ours does) reads it as part of the entry's head.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import phonenumbers

from pipeline.model import Contact, Entry, Resume, SectionKind
from pipeline.parse.dates import find_ranges
from pipeline.render.fonts import printable, printable_lines

CONTACT_SEPARATOR = " | "
DATE_SEPARATOR = " – "
LOCATION_SEPARATOR = " • "  # en dash with spaces, the most common resume convention
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_YM = re.compile(r"^(\d{4})(?:-(\d{2}))?$")
# Sections whose entries read as "Label: values" rather than as positions.
_INLINE_KINDS = {SectionKind.SKILLS, SectionKind.LANGUAGES, SectionKind.INTERESTS}


@dataclass(slots=True)
class EntryPlan:
    """One entry as printed (see :meth:`lines`); ``label`` is set instead of a heading for
    inline entries, printed as ``"label: text_lines[0]"``."""

    heading: str = ""
    dates: str = ""
    subheading: str = ""
    location: str = ""
    label: str = ""
    text_lines: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)

    def lines(self) -> tuple[str, str]:
        """The two head lines: (bold line, organization line); ``dates`` go right of the first.

        Title and organization: ``"Title"`` / ``"Organization • Location"``. Only one of them:
        ``"Name • Location"`` / ``""``, the form parsers read as organization and location.
        """
        if self.heading and self.subheading:
            return self.heading, _join(self.subheading, self.location)
        return _join(self.heading, self.location), ""


def _join(*parts: str) -> str:
    return LOCATION_SEPARATOR.join(p for p in parts if p)


@dataclass(slots=True)
class SectionPlan:
    kind: SectionKind
    title: str
    entries: list[EntryPlan] = field(default_factory=list)


@dataclass(slots=True)
class Plan:
    name: str
    contact_items: list[str]
    sections: list[SectionPlan]
    language: str | None = None
    email: str = ""
    phone: str = ""
    links: list[str] = field(default_factory=list)
    headline: str = ""


def format_point(value: str | None, english: bool) -> str:
    """``"2020-03"`` -> ``"Mar 2020"``, ``"2020"`` -> ``"2020"``, ``"present"`` -> ``"Present"``.

    Non-English resumes print months as ``"03/2020"`` (no translated month names here).
    """
    if not value:
        return ""
    if value.lower() == "present":
        return "Present"
    m = _YM.match(value)
    if not m:
        return value
    year, month = m.group(1), m.group(2)
    if not month or not 1 <= int(month) <= 12:
        return year
    return f"{_MONTHS[int(month) - 1]} {year}" if english else f"{month}/{year}"


def format_dates(entry: Entry, language: str | None) -> str:
    """Consistent dates for an entry: ``"Mar 2020 – Present"``, ``"2018 – 2020"``, ``"2019"``.

    Rebuilt from the normalised ``start``/``end`` when the parser set them; "present" is only
    printed in English, so a non-English ongoing role keeps its dates as printed. Other dates
    printed with the range ("Sep. 2013, Mar. 2011 - Oct. 2011") are printed too, in order.
    """
    english = language in (None, "en")
    if entry.start and (english or (entry.end or "").lower() != "present"):
        main = _format_range(entry.start, entry.end, english)
        return _with_other_dates(entry, main, english)
    return printable(entry.dates)


def _format_range(start: str, end: str | None, english: bool) -> str:
    first, last = format_point(start, english), format_point(end, english)
    if not last or last == first:
        return first
    return f"{first}{DATE_SEPARATOR}{last}"


def _with_other_dates(entry: Entry, main: str, english: bool) -> str:
    """``main`` (the start/end range) among the other dates printed in ``entry.dates``.

    ``"Sep. 2013, Mar. 2011 - Oct. 2011"`` keeps start/end for its range only; the lone
    ``Sep. 2013`` is printed too (``"Sep 2013, Mar 2011 – Oct 2011"``), in the printed order.
    When the range is not among the printed dates, ``main`` alone is returned.
    """
    ranges = find_ranges(entry.dates or "")
    if len(ranges) < 2:
        return main
    parts: list[str] = []
    found = False
    for r in ranges:
        if not found and (r.start, r.end) == (entry.start, entry.end):
            parts.append(main)
            found = True
        elif r.start and (english or (r.end or "").lower() != "present"):
            parts.append(_format_range(r.start, r.end, english))
        else:
            parts.append(printable(r.text))  # a masked year ("20XX") or a non-English "now"
    return ", ".join(parts) if found else main


def format_phone(phone: str | None) -> str:
    """E.164 numbers print in international format (``+1 415-555-0100``); others as given."""
    text = printable(phone)
    if text.startswith("+"):
        try:
            number = phonenumbers.parse(text, None)
        except phonenumbers.NumberParseException:
            return text
        if phonenumbers.is_possible_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return text


def _contact(contact: Contact) -> tuple[list[str], str, str, list[str]]:
    email = printable(contact.email)
    phone = format_phone(contact.phone)
    links = [p for p in (printable(link) for link in contact.links) if p and p != email]
    # Leftover contact items ("Open to relocation", a second phone) are printed, never lost.
    extras = [p for p in (printable(x) for x in contact.extras) if p]
    items = [v for v in (email, phone, printable(contact.location)) if v] + links + extras
    return items, email, phone, links


def _entry(entry: Entry, kind: SectionKind, language: str | None) -> EntryPlan:
    title, org = printable(entry.title), printable(entry.organization)
    plan = EntryPlan(
        dates=format_dates(entry, language),
        location=printable(entry.location),
        text_lines=printable_lines(entry.text),
        bullets=[t for t in (printable(b.text) for b in entry.bullets) if t],
    )
    inline = (
        kind in _INLINE_KINDS
        and title
        and not (org or plan.dates or plan.location)
        and len(plan.text_lines) == 1
    )
    if inline:
        plan.label = title
    elif title:
        plan.heading, plan.subheading = title, org
    else:
        plan.heading = org
    if not plan.heading and plan.location:  # a lone place prints (and reads back) as the name
        plan.heading, plan.location = plan.location, ""
    return plan


def plan(resume: Resume) -> Plan:
    """The printed content of ``resume``, in reading order. Empty entries and sections vanish."""
    items, email, phone, links = _contact(resume.contact)
    sections = []
    for section in resume.sections:
        entries = [_entry(e, section.kind, resume.language) for e in section.entries]
        entries = [
            e for e in entries if e.heading or e.label or e.text_lines or e.bullets or e.dates
        ]
        title = printable(section.title)
        if title and entries:
            sections.append(SectionPlan(section.kind, title, entries))
    return Plan(
        name=printable(resume.contact.name),
        headline=printable(resume.contact.headline),
        contact_items=items,
        sections=sections,
        language=resume.language,
        email=email,
        phone=phone,
        links=links,
    )
