"""Per-person chat preferences kept in the aiogram FSM storage (Redis in every mode).

Webhook processes are stateless and several may run, so nothing lives in process memory. The
FSM key is (bot, chat, user): in a private chat that is the chat, in a group each person keeps
their own. Stored shape (JSON)::

    {"jd": str | None, "format": "pdf" | "docx", "mode": "generate" | "analyze",
     "last": {"file_id", "file_name", "mime", "message_id", "at", "had_jd"} | None}
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Literal

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup

OutputFormat = Literal["pdf", "docx"]
Mode = Literal["generate", "analyze"]

# A text sent this soon after a document without a job description re-runs it with the text.
JD_FOLLOW_UP_SECONDS = 10 * 60
# Shorter texts are chit-chat ("thanks"), not a job description; they get the help text.
JD_MIN_CHARS = 80


class Waiting(StatesGroup):
    job_description = State()


@dataclass(frozen=True)
class LastDocument:
    file_id: str
    file_name: str | None
    mime: str | None
    message_id: int
    at: float
    had_jd: bool

    def invites_jd(self, now: float | None = None) -> bool:
        """True when a text sent now counts as this document's job description."""
        return not self.had_jd and (now or time.time()) - self.at <= JD_FOLLOW_UP_SECONDS


@dataclass(frozen=True)
class Prefs:
    job_description: str | None = None
    output_format: OutputFormat = "pdf"
    mode: Mode = "generate"
    last: LastDocument | None = None


async def load(state: FSMContext) -> Prefs:
    data = await state.get_data()
    last = data.get("last")
    return Prefs(
        job_description=data.get("jd"),
        output_format="docx" if data.get("format") == "docx" else "pdf",
        mode="analyze" if data.get("mode") == "analyze" else "generate",
        last=LastDocument(**last) if isinstance(last, dict) else None,
    )


async def update(state: FSMContext, **changes: Any) -> None:
    """Set fields by their stored names (``jd``, ``format``, ``mode``, ``last``)."""
    await state.update_data(**changes)


def last_document(
    file_id: str, file_name: str | None, mime: str | None, message_id: int, had_jd: bool
) -> dict[str, Any]:
    return {
        "file_id": file_id,
        "file_name": file_name,
        "mime": mime,
        "message_id": message_id,
        "at": time.time(),
        "had_jd": had_jd,
    }
