"""Block Kit payloads: the modal, help, the working note and the result message.

Limits (https://docs.slack.dev/reference/block-kit/blocks): a message holds at most 50 blocks
(a modal 100); a section's text at most 3,000 characters; a header's plain text 150; a button's
text 75 and its value 2,000; a modal title 24 and its submit/close labels 24; a message's
``text`` 40,000 (https://docs.slack.dev/reference/methods/chat.postMessage). Everything built
here is cut to fit, so a long change list never makes Slack reject the message.
"""

from __future__ import annotations

from typing import Any

MAX_MESSAGE_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_HEADER_TEXT = 150
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_TOP_CHANGES = 8

MODAL_CALLBACK_ID = "resume_submit"
REPORT_ACTION_ID = "resume_report"
FILE_BLOCK, FILE_ACTION = "file", "file"
JD_BLOCK, JD_ACTION = "job_description", "job_description"
KIND_BLOCK, KIND_ACTION = "kind", "kind"
FORMAT_BLOCK, FORMAT_ACTION = "format", "format"

Block = dict[str, Any]

HELP_TEXT = (
    "*Resume Engine* improves a resume for applicant tracking systems (ATS).\n"
    "• `/resume` opens a form: attach your resume (PDF or DOCX, up to 10 MB), optionally paste "
    "the job description you are applying for, and choose *Improve* (get a new file) or "
    "*Analyze only* (get the score and findings), and PDF or DOCX.\n"
    "• Or send the file to me in a direct message, or mention me with the file attached in a "
    "channel I am in.\n"
    "I post the result in the same conversation: the score before → after, the main changes, "
    "and the improved file. Facts (employers, dates, degrees) are never invented."
)

STAGE_TEXT = {
    "queued": "Queued…",
    "parsing": "Reading the resume…",
    "improving": "Improving the wording and structure…",
    "generating": "Creating the new file…",
    "delivering": "Uploading the result…",
}


def cut(text: str, limit: int) -> str:
    """``text`` shortened to ``limit`` characters, marking the cut with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plain(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": cut(text, limit), "emoji": True}


def _option(value: str, label: str) -> dict[str, Any]:
    return {"text": _plain(label, 75), "value": value}


def resume_modal(private_metadata: str) -> dict[str, Any]:
    """The ``/resume`` form. ``private_metadata`` (max 3,000 chars) carries the origin."""
    improve = _option("improve", "Improve (new file)")
    pdf = _option("pdf", "PDF")
    return {
        "type": "modal",
        "callback_id": MODAL_CALLBACK_ID,
        "private_metadata": private_metadata,
        "title": _plain("Improve a resume", 24),
        "submit": _plain("Start", 24),
        "close": _plain("Cancel", 24),
        "blocks": [
            {
                "type": "input",
                "block_id": FILE_BLOCK,
                "label": _plain("Resume (PDF or DOCX, up to 10 MB)", 2000),
                "element": {
                    "type": "file_input",
                    "action_id": FILE_ACTION,
                    "filetypes": ["pdf", "docx"],
                    "max_files": 1,
                },
            },
            {
                "type": "input",
                "block_id": JD_BLOCK,
                "optional": True,
                "label": _plain("Job description", 2000),
                "hint": _plain("Paste the posting to match its keywords.", 2000),
                "element": {
                    "type": "plain_text_input",
                    "action_id": JD_ACTION,
                    "multiline": True,
                    "max_length": 3000,
                },
            },
            {
                "type": "input",
                "block_id": KIND_BLOCK,
                "label": _plain("What to do", 2000),
                "element": {
                    "type": "radio_buttons",
                    "action_id": KIND_ACTION,
                    "initial_option": improve,
                    "options": [improve, _option("analyze", "Analyze only (score and findings)")],
                },
            },
            {
                "type": "input",
                "block_id": FORMAT_BLOCK,
                "label": _plain("File format", 2000),
                "element": {
                    "type": "radio_buttons",
                    "action_id": FORMAT_ACTION,
                    "initial_option": pdf,
                    "options": [pdf, _option("docx", "Word (DOCX)")],
                },
            },
        ],
    }


def help_blocks() -> list[Block]:
    return [{"type": "section", "text": {"type": "mrkdwn", "text": HELP_TEXT}}]


def working_text(user_id: str) -> str:
    return f"Working on the resume <@{user_id}> sent… I will post the result in this thread."


def progress_text(user_id: str, stage: str) -> str:
    return f"<@{user_id}>'s resume: {STAGE_TEXT.get(stage, stage)}"


def result_blocks(
    headline: str, items: list[str], job_id: str, *, report_button: bool = True
) -> list[Block]:
    """The result message: headline (score before → after), top changes, report button.

    Args:
        headline: e.g. ``"ATS score 62 → 81"`` (``pipeline.summary.Summary.headline``).
        items: the changes or findings, most important first; at most 8 are shown.
        job_id: the job's id, carried by the report button (value ≤ 2,000 chars).
    """
    blocks: list[Block] = [{"type": "header", "text": _plain(headline, MAX_HEADER_TEXT)}]
    shown = items[:MAX_TOP_CHANGES]
    if shown:
        # One section for the list keeps the block count low; it is cut at 3,000 characters.
        lines = "\n".join(f"• {_escape(item)}" for item in shown)
        if len(items) > len(shown):
            lines += f"\n…and {len(items) - len(shown)} more in the full report."
        blocks.append(
            {"type": "section", "text": {"type": "mrkdwn", "text": cut(lines, MAX_SECTION_TEXT)}}
        )
    if report_button:
        blocks.append(
            {
                "type": "actions",
                "block_id": "result_actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": REPORT_ACTION_ID,
                        "text": _plain("Full change report", MAX_BUTTON_TEXT),
                        "value": cut(job_id, MAX_BUTTON_VALUE),
                    }
                ],
            }
        )
    return blocks[:MAX_MESSAGE_BLOCKS]


def _escape(text: str) -> str:
    """Escape the three characters mrkdwn treats as control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def text_blocks(text: str) -> list[Block]:
    """A plain message (refusals, hints) as one section."""
    return [
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": cut(_escape(text), MAX_SECTION_TEXT)},
        }
    ]
