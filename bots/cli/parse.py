"""``resume-engine parse FILE [--json] [--explain]``: show what the parser reads from a resume.

Exit codes: 0 parsed; 2 refused or the file cannot be read (``code: message`` on stderr, e.g.
``not_found: No such file: cv.pdf``, and with ``--json`` also ``{"error": {"code", "message"}}``
on stdout); 1 unexpected error. See :mod:`bots.cli.common`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from bots.cli.common import EXIT_CODES_HELP, EXIT_REFUSED, CliError, print_error, read_input
from pipeline.errors import ResumeError
from pipeline.model import Resume


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``parse`` sub-command."""
    parser = sub.add_parser(
        "parse",
        help="parse a resume (PDF or DOCX) and print its outline or JSON",
        description="Parse a resume and print what was read: contact, sections, entries and "
        "bullets.",
        epilog=EXIT_CODES_HELP,
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="a PDF or DOCX file")
    parser.add_argument(
        "--json", action="store_true", help="print the Resume JSON (or the error) on stdout"
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="also print why each line became a heading, entry or bullet (on stderr with --json)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Imported here so `resume-engine --help` and other commands do not load the parser.
    from pipeline.parse import parse_document_explained

    path: Path = args.file
    try:
        data = read_input(path)
        resume, notes = parse_document_explained(data, path.name, explain=args.explain)
    except (ResumeError, CliError) as err:
        print_error(err.code, err.message, json_out=args.json)
        return EXIT_REFUSED
    if args.json:
        sys.stdout.write(resume.model_dump_json(indent=2) + "\n")
        if args.explain:
            _write_explain(notes, sys.stderr)
        return 0
    write_outline(resume, sys.stdout, source=path.name)
    if args.explain:
        _write_explain(notes, sys.stdout)
    return 0


def write_outline(resume: Resume, out: TextIO, *, source: str) -> None:
    """Human-readable outline: contact, then sections with entries and bullets."""
    lang = resume.language or "unknown"
    out.write(f"{source}: {resume.pages} page(s), language {lang}\n")
    c = resume.contact
    for label, value in (
        ("Name", c.name), ("Headline", c.headline), ("Email", c.email), ("Phone", c.phone),
        ("Location", c.location),
    ):  # fmt: skip
        out.write(f"  {label + ':':10}{value if value else '-'}\n")
    for link in c.links:
        out.write(f"  {'Link:':10}{link}\n")
    for warning in resume.warnings:
        out.write(f"  warning: {warning}\n")
    for section in resume.sections:
        out.write(f"\n{section.title.upper()}  [{section.kind.value}]\n")
        for entry in section.entries:
            head = " | ".join(v for v in (entry.title, entry.organization, entry.location) if v)
            span = f"{entry.start or '?'} -> {entry.end or '?'}" if entry.dates else ""
            if head or entry.dates:
                dates = f"  ({entry.dates}; {span})" if entry.dates else ""
                out.write(f"  - {head or '(untitled)'}{dates}\n")
            if entry.text:
                out.write(f"      {entry.text}\n")
            for bullet in entry.bullets:
                out.write(f"      * {bullet.text}\n")


def _write_explain(notes: list[str], out: TextIO) -> None:
    out.write("\nWhy each line became what it is:\n")
    for note in notes:
        out.write(f"  {note}\n")
