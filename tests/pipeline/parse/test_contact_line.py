"""Contact lines: links never cut out of an email, the location read from the line, and no
segment of the line dropped silently (fictional people, example domains)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.model import Contact, Resume
from pipeline.parse.contact import clean_link, extract_contact, find_links
from pipeline.parse.lines import Line

NAME = "Sam Cooper"


def _contact(*lines: str) -> Contact:
    zone = [Line(NAME, size=20, bold=True)]
    zone += [Line(text, y0=30 + 12 * i) for i, text in enumerate(lines)]
    return extract_contact(zone, [])


# --- links ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "sam.cooper@example.com | +44 20 7946 0000 | London",  # not "sam.co"
        "alex.mercer@example.com | (555) 010-9999 | Denver, CO",  # not "alex.me"
        "samuel.io.dev@example.com | 07700 900123",  # not "samuel.io"
        "jo+site.com@example.org",  # not "site.com"
        "Email: ines.dev@example.de · Phone: +49 30 1234567",
    ],
)
def test_no_link_is_cut_out_of_an_email(line: str) -> None:
    assert _contact(line).links == []


@pytest.mark.parametrize(
    ("line", "links"),
    [
        (
            "sam@example.com | sam.co | linkedin.com/in/samcooper",
            ["sam.co", "linkedin.com/in/samcooper"],
        ),
        ("https://www.github.com/samc/ · sam@example.com", ["www.github.com/samc"]),
        ("Portfolio: samcooper.dev. Phone +44 20 7946 0000", ["samcooper.dev"]),
    ],
)
def test_real_links_beside_emails_are_kept(line: str, links: list[str]) -> None:
    assert _contact(line).links == links


_LABEL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
# Local parts that start like a domain with a known ending ("sam.co"oper, "alex.me"rcer).
_LOCAL = st.builds(
    lambda a, tld, b, sep: f"{a}.{tld}{b}" if sep else f"{a}{b}",
    _LABEL,
    st.sampled_from(["co", "me", "io", "in", "de", "com", "dev", "ai"]),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789._-", max_size=6),
    st.booleans(),
).filter(lambda s: not s.endswith((".", "-", "_")) and ".." not in s)
_EMAILS = st.builds(
    lambda local, dom, tld: f"{local}@{dom}.{tld}",
    _LOCAL,
    _LABEL,
    st.sampled_from(["com", "org", "co.uk", "de", "io"]),
)
_PHONES = st.sampled_from(
    ["+44 20 7946 0000", "(555) 010-9999", "+1 (555) 010-1234", "07700 900123", "+49 30 1234567"]
)
_CITIES = st.sampled_from(
    ["London", "Berlin", "Toronto, Ontario", "Leeds, UK", "Open to relocation"]
)
_LINKS = st.builds(
    lambda scheme, www, host, path: f"{scheme}{www}{host}{path}",
    st.sampled_from(["", "https://", "http://"]),
    st.sampled_from(["", "www."]),
    st.sampled_from(["github.com", "linkedin.com", "samcooper.dev", "example.io"]),
    st.sampled_from(["", "/in/samc", "/samc", "/samc/"]),
)
_SEPS = st.sampled_from([" | ", " · ", " • ", "\t", "   "])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(_EMAILS, _PHONES, _CITIES, _LINKS), min_size=1, max_size=5),
    _SEPS,
    st.booleans(),
)
def test_every_link_is_a_whole_token_of_the_line_and_never_part_of_an_email(
    items: list[str], sep: str, split_lines: bool
) -> None:
    lines = [sep.join(items)] if not split_lines else items
    text = "\n".join(lines)
    tokens = [t for t in re.split(r"[\s|·•]+", text) if t]
    emails = [t for t in tokens if "@" in t]
    for link in _contact(*lines).links:
        assert any(clean_link(t).rstrip(".") == link for t in tokens), (link, text)
        assert not any(link.casefold() in e.casefold() for e in emails), (link, text)
    # and every real link printed is found
    for item in items:
        if "@" not in item and ("/" in item or item.startswith("www.") or item.count(".") == 1):
            if any(host in item for host in ("github.com", "linkedin.com", "samcooper.dev")):
                key = clean_link(item).removeprefix("www.").casefold()
                found = {u.removeprefix("www.").casefold() for u in find_links([text], [])}
                assert key in found, (item, text)


# --- location and other items ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "location", "extras"),
    [
        (["sam.cooper@example.com | +44 20 7946 0000 | London"], "London", []),
        (
            ["sam@example.com | 07700 900123 | Manchester | Open to relocation"],
            "Manchester",
            ["Open to relocation"],
        ),
        (
            [
                "Email: sam@example.com · Phone: +1 (555) 010-1234 · Toronto, Ontario ·",
                "linkedin.com/in/samc",
            ],
            "Toronto, Ontario",
            [],
        ),
        (["sam@example.com", "+49 30 1234567", "Berlin"], "Berlin", []),  # one item per line
        (["sam@example.com\t+44 20 7946 0000\tFrankfurt am Main"], "Frankfurt am Main", []),
        (["sam@example.com | +1 555 010 1111 | Boston, MA"], "Boston, MA", []),
        (["Oak Park, CA 91377 ▪ ▪ 123-456-7890"], "Oak Park, CA 91377", []),
        # not places: a role, a handle, a lower-case phrase; kept as extras all the same
        (["sam@example.com | +44 20 7946 0000 | Senior Accountant"], None, ["Senior Accountant"]),
        (["sam@example.com | +44 20 7946 0000 | SamCooper"], None, ["SamCooper"]),
        (["sam@example.com | +44 20 7946 0000 | open to relocation"], None, ["open to relocation"]),
        # a second phone, a remark; labels, page numbers and separators are not items
        (
            ["sam@example.com | +44 20 7946 0000 | +44 7700 900123 | Remote or hybrid", "1/2"],
            None,
            ["+44 7700 900123", "Remote or hybrid"],
        ),
        (["E-MAIL | sam@example.com | FAX | +44 20 7946 0000"], None, []),
    ],
)
def test_contact_line_segments_are_location_or_extras(
    lines: list[str], location: str | None, extras: list[str]
) -> None:
    contact = _contact(*lines)
    assert contact.location == location
    assert contact.extras == extras


def test_no_contact_segment_is_dropped() -> None:
    """Every segment with letters on a line carrying an email or phone is in some field."""
    line = (
        "sam@example.com | +44 20 7946 0000 | Leeds | Available from May | github.com/samc | samc"
    )
    contact = _contact(line)
    fields = [contact.email, contact.phone, contact.location, *contact.links, *contact.extras]
    assert contact.location == "Leeds"
    assert contact.extras == ["Available from May"]
    assert contact.links == ["github.com/samc"]  # "samc" is the handle that link holds
    assert all(v for v in fields)


def test_a_handle_beside_its_icon_is_held_by_the_link_annotation() -> None:
    zone = [
        Line(NAME, size=20),
        Line(
            "sam@example.com | +44 20 7946 0000 | SamCooper",
            y0=30,
            links=["https://github.com/SamCooper"],
        ),
    ]
    contact = extract_contact(zone, [])
    assert contact.location is None
    assert contact.extras == []
    assert contact.links == ["github.com/SamCooper"]


def test_the_line_under_the_name_stays_the_headline() -> None:
    contact = _contact("Storyteller", "sam@example.com | +44 20 7946 0000")
    assert (contact.headline, contact.location, contact.extras) == ("Storyteller", None, [])


def test_a_sentence_or_quote_next_to_the_contact_line_is_not_an_item() -> None:
    contact = _contact("sam@example.com | +44 20 7946 0000", "“Be the change you want to see.”")
    assert contact.extras == []


def test_name_at_the_start_of_a_one_line_contact_block() -> None:
    zone = [Line("Priya Raman-Okafor | priya.ro@example.com | +1 312 555 0177 | Chicago", y0=0)]
    contact = extract_contact(zone, [])
    assert (contact.name, contact.location, contact.extras) == ("Priya Raman-Okafor", "Chicago", [])


def test_extras_are_in_the_plain_text_for_the_fact_guard() -> None:
    contact = _contact("sam@example.com | +44 20 7946 0000 | Open to relocation")
    assert "Open to relocation" in Resume(contact=contact).plain_text()
    # older stored JSON without the field still loads
    assert Contact.model_validate({"name": NAME}).extras == []
