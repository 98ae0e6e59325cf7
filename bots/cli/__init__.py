"""The ``resume-engine`` command.

Each sub-module registers its own sub-commands: ``register(subparsers)`` adds parsers whose
``func`` default takes the parsed ``argparse.Namespace`` and returns an exit code.
Every error is one line ``code: message`` on stderr; exit codes: 0 success, 1 the service side
failed (database/Redis unreachable or not migrated, a wait timed out) or an unexpected error,
2 the input or the arguments cannot be used (see :mod:`bots.cli.common`).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from bots.cli.common import EXIT_CODES_HELP

# One module per concern; each owns its sub-commands.
COMMAND_MODULES = (
    "bots.cli.parse",  # parse
    "bots.cli.improve",  # analyze, improve
    "bots.cli.jobs",  # migrate, worker, submit, cleanup
    "bots.cli.serve",  # serve (REST API + mounted webhooks)
    "bots.cli.telegram",  # telegram (long polling)
    "bots.cli.slack",  # slack (Socket Mode)
    "bots.cli.smtp",  # smtp (inbound mail server)
    "bots.cli.health",  # health (container healthchecks)
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="resume-engine",
        description="Improve resumes: parse, analyze, improve and render, from the command line "
        "or as a service.",
        epilog=EXIT_CODES_HELP,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code = args.func(args)
    except BrokenPipeError:
        # The reader went away (``resume-engine parse x.pdf | head``): not an error of ours.
        # Point stdout at /dev/null so the interpreter's final flush does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    return int(code or 0)


if __name__ == "__main__":
    sys.exit(main())
