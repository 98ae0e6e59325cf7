"""The modal's submission: validate, close the modal, then start the job.

The ``view_submission`` must be answered within 3 seconds; a bad file is refused in the modal
itself (``response_action: errors`` shows the message under the file field), everything slow
(``files.info``, the download, the submission) happens after the ack.
"""

from __future__ import annotations

import json
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp

from bots.slack import blocks
from bots.slack.intake import Deps, Origin, Request, file_problem, start_job


def _selected(values: dict[str, Any], block: str, action: str, default: str) -> str:
    option = values.get(block, {}).get(action, {}).get("selected_option") or {}
    return str(option.get("value") or default)


def parse_submission(view: dict[str, Any]) -> tuple[list[dict[str, Any]], Request]:
    """The files and the request in a submitted ``/resume`` modal.

    ``state.values[block][action]`` holds, for a file_input, ``{"type": "file_input",
    "files": [file objects]}`` (https://docs.slack.dev/reference/block-kit/block-elements/file-input-element).
    """
    values = view.get("state", {}).get("values", {})
    files = list(values.get(blocks.FILE_BLOCK, {}).get(blocks.FILE_ACTION, {}).get("files") or [])
    description = values.get(blocks.JD_BLOCK, {}).get(blocks.JD_ACTION, {}).get("value")
    kind = _selected(values, blocks.KIND_BLOCK, blocks.KIND_ACTION, "improve")
    request = Request(
        file_id=str(files[0].get("id", "")) if files else "",
        # The view id is unique per opened modal: a double submit is one job.
        external_id=f"view:{view.get('id', '')}",
        kind="analyze" if kind == "analyze" else "generate",
        output_format=_selected(values, blocks.FORMAT_BLOCK, blocks.FORMAT_ACTION, "pdf"),
        job_description=(description or "").strip() or None,
    )
    return files, request


def register(app: AsyncApp, deps: Deps) -> None:
    @app.view(blocks.MODAL_CALLBACK_ID)
    async def on_submission(ack: AsyncAck, view: dict[str, Any], body: dict[str, Any]) -> None:
        files, request = parse_submission(view)
        limit = min(deps.settings.slack.max_file_bytes, deps.settings.limits.max_file_bytes)
        problem = (
            "Attach one PDF or DOCX file." if len(files) != 1 else file_problem(files[0], limit)
        )
        if problem is not None:
            await ack(response_action="errors", errors={blocks.FILE_BLOCK: problem})
            return
        await ack()
        meta = json.loads(view.get("private_metadata") or "{}")
        origin = Origin(
            team_id=str(meta.get("team_id") or body.get("team", {}).get("id", "")),
            channel_id=str(meta.get("channel_id") or ""),
            user_id=str(body.get("user", {}).get("id") or meta.get("user_id", "")),
            response_url=meta.get("response_url"),
        )
        await start_job(deps, origin, request)
