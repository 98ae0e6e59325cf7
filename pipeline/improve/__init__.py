"""Improvers: turn a resume into a better one without inventing or losing a fact.

- :class:`Improver` (protocol), :class:`Improvement`, :class:`Usage`: the interface.
- :class:`RuleImprover`: offline and deterministic (:mod:`.rules`).
- :mod:`.guard`: the fact guard every improver's output passes through.
- :func:`get_improver`: the engine the settings ask for.

``IMPROVER_VERSIONS`` maps engine name to version; a stored result is reused only when the
version it was made with is still current.
"""

from __future__ import annotations

from config.settings import Settings
from pipeline.improve.base import Improvement, Improver, Usage
from pipeline.improve.rules import VERSION as RULES_VERSION
from pipeline.improve.rules import RuleImprover

IMPROVER_VERSION = RULES_VERSION
IMPROVER_VERSIONS: dict[str, str] = {RuleImprover.name: RULES_VERSION}


def get_improver(settings: Settings) -> Improver:  # noqa: ARG001 - the Gemini engine reads it
    """The improver to use: the rule engine for now (the Gemini engine will plug in here when
    ``settings.gemini.enabled``, falling back to rules per bullet through the guard)."""
    return RuleImprover()


__all__ = [
    "IMPROVER_VERSION",
    "IMPROVER_VERSIONS",
    "Improvement",
    "Improver",
    "RuleImprover",
    "Usage",
    "get_improver",
]
