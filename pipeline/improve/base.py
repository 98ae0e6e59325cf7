"""The improver interface every engine implements (rules now, Gemini later)."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from pydantic import BaseModel, Field

from pipeline.model import ChangeSet, Resume


class Usage(BaseModel):
    """What a paid model call cost. None on :class:`Improvement` for offline engines."""

    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = Field(0.0, description="At the configured per-million-token prices")


class Improvement(BaseModel):
    """An improved resume, the changes that made it (what the user sees), and the cost."""

    resume: Resume
    changes: ChangeSet
    usage: Usage | None = None


@runtime_checkable
class Improver(Protocol):
    """Turns a resume into a better one without inventing or losing facts.

    ``name`` goes into ``ChangeSet.improver``; ``version`` changes whenever the output for the
    same input may change, so stored results are reused only for the same version.
    Implementations must pass their output through :func:`pipeline.improve.guard.enforce`.
    """

    name: str
    version: str

    def improve(self, resume: Resume, job_description: str | None = None) -> Improvement: ...
