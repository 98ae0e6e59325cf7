"""Improvers: turn a resume into a better one without inventing or losing a fact.

- :class:`Improver` (protocol), :class:`Improvement`, :class:`Usage`: the interface.
- :class:`RuleImprover`: offline and deterministic (:mod:`.rules`).
- :mod:`.guard`: the fact guard every improver's output passes through.
- :class:`GeminiImprover`: Gemini rewrites on top of the rules (:mod:`.gemini`, :mod:`.prompt`).
- :func:`get_improver`: the engine the settings ask for.

``IMPROVER_VERSIONS`` maps engine name to version; a stored result is reused only when the
version it was made with is still current.
"""

from __future__ import annotations

from config.settings import Settings
from pipeline.improve.base import Improvement, Improver, Usage
from pipeline.improve.gemini import NAME as GEMINI_NAME
from pipeline.improve.gemini import VERSION as GEMINI_VERSION
from pipeline.improve.gemini import GeminiImprover
from pipeline.improve.rules import VERSION as RULES_VERSION
from pipeline.improve.rules import RuleImprover

IMPROVER_VERSION = RULES_VERSION
# Gemini's version also names the model: GeminiImprover(settings).version.
IMPROVER_VERSIONS: dict[str, str] = {RuleImprover.name: RULES_VERSION, GEMINI_NAME: GEMINI_VERSION}


def get_improver(settings: Settings) -> Improver:
    """The improver to use: :class:`GeminiImprover` when ``GEMINI__API_KEY`` is set (it falls
    back to the rules per bullet, or entirely when Gemini is unreachable), else the rules."""
    if settings.gemini.enabled:
        return GeminiImprover(settings.gemini)
    return RuleImprover()


__all__ = [
    "IMPROVER_VERSION",
    "IMPROVER_VERSIONS",
    "GeminiImprover",
    "Improvement",
    "Improver",
    "RuleImprover",
    "Usage",
    "get_improver",
]
