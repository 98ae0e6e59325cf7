"""Compare what the template printed with what a parser read back from it (round trip).

Used by the round-trip tests and ``bench/pipeline.py``. Both sides are compared in printed form:
the parsed resume goes through the same :func:`~pipeline.render.content.plan`.
"""

from __future__ import annotations

import re

from pipeline.model import Resume
from pipeline.render.content import EntryPlan, Plan, plan

_WS = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _entry_fields(e: EntryPlan) -> dict[str, str | list[str]]:
    return {
        "heading": e.heading,
        "subheading": e.subheading,
        "dates": e.dates,
        "location": e.location,
        "label": e.label,
        "text": _norm(" ".join(e.text_lines)),
        "bullets": [_norm(b) for b in e.bullets],
    }


def _fields(p: Plan) -> list[tuple[str, object]]:
    """Every printed field as (where, value), in reading order, for recall counting."""
    out: list[tuple[str, object]] = [
        ("name", p.name),
        ("headline", p.headline),
        ("email", p.email.casefold()),
        ("phone", _digits(p.phone)),
    ]
    for i, s in enumerate(p.sections):
        out.append((f"s{i}", (s.kind.value, s.title)))
        for j, e in enumerate(s.entries):
            for key, value in _entry_fields(e).items():
                if key == "bullets":
                    out += [(f"s{i}e{j}b{k}", b) for k, b in enumerate(value)]
                elif value:
                    out.append((f"s{i}e{j}{key}", value))
    return [(k, v) for k, v in out if v]


def recall(printed: Plan, parsed: Resume) -> tuple[int, int]:
    """(fields recovered, fields printed): a printed field counts as recovered when the parse
    has the same value at the same place (section, entry, bullet index)."""
    want = _fields(printed)
    got = dict(_fields(plan(parsed)))
    return sum(got.get(k) == v for k, v in want), len(want)


def differences(printed: Plan, parsed: Resume) -> list[str]:
    """Every field where ``parsed`` (our parser on our PDF) differs from ``printed``.

    The parsed resume goes through the same :func:`plan` so both sides are in printed form
    (e.g. dates rebuilt from start/end). Empty list = exact round trip.
    """
    got = plan(parsed)
    out: list[str] = []
    if got.name != printed.name:
        out.append(f"name: printed {printed.name!r}, parsed {got.name!r}")
    if got.headline != printed.headline:
        out.append(f"headline: printed {printed.headline!r}, parsed {got.headline!r}")
    if got.email.casefold() != printed.email.casefold():
        out.append(f"email: printed {printed.email!r}, parsed {got.email!r}")
    if _digits(got.phone) != _digits(printed.phone):
        out.append(f"phone: printed {printed.phone!r}, parsed {got.phone!r}")
    kinds = [(s.kind.value, s.title) for s in printed.sections]
    got_kinds = [(s.kind.value, s.title) for s in got.sections]
    if kinds != got_kinds:
        out.append(f"sections: printed {kinds}, parsed {got_kinds}")
        return out
    for i, (want, have) in enumerate(zip(printed.sections, got.sections, strict=True)):
        if len(want.entries) != len(have.entries):
            out.append(
                f"section {i} {want.title!r}: printed {len(want.entries)} entries, parsed "
                f"{len(have.entries)}: {[_entry_fields(e) for e in have.entries]}"
            )
            continue
        for j, (a, b) in enumerate(zip(want.entries, have.entries, strict=True)):
            fa, fb = _entry_fields(a), _entry_fields(b)
            for key in fa:
                if fa[key] != fb[key]:
                    out.append(
                        f"section {i} {want.title!r} entry {j} {key}: printed {fa[key]!r}, "
                        f"parsed {fb[key]!r}"
                    )
    return out
