"""What the bot says. Plain text unless a name ends in ``_HTML``; no personal data inside."""

from __future__ import annotations

HELP = (
    "Send me your resume as a PDF or DOCX document and I will send back an improved, "
    "ATS-friendly PDF with a summary of every change.\n"
    "Add the job description as the caption (or send it right after) to tailor it; "
    "/analyze for a score only, /format pdf|docx, /jd, /status, /delete."
)

NOT_A_DOCUMENT = "Please send the file as a PDF or DOCX document (📎 → File), not as a photo."
TOO_BIG = (
    "This file is too large: Telegram lets bots download files up to 20 MB. Please send a PDF "
    "or DOCX under 10 MB (export it again without embedded images, or compress it)."
)
TRY_LATER = "Sorry, the service is busy right now. Please send the file again in a few minutes."
DOWNLOAD_FAILED = "I could not download this file from Telegram. Please send it again."

RECEIVED = "📥 Received your resume."
STAGES = {
    "received": "📥 Received your resume.",
    "reading": "📖 Reading your resume…",
    "improving": "✍️ Improving your resume…",
    "analyzing": "🔎 Analyzing your resume…",
    "building": "🛠 Building your {fmt}…",
    "sending": "📤 Sending your {fmt}…",
    "done": "✅ Done.",
    "failed": "⚠️ Could not process this file.",
}

JD_SAVED = "Saved: this job description will be used for your next resume."
JD_RERUN = "Got the job description: improving your last resume again for it."
JD_CLEARED = "Job description cleared."
JD_ASK = "Send the job description as your next message (or /jd <text>). /jd clear removes it."
FORMAT_SET = "Your improved resume will be sent as {fmt}."
FORMAT_USAGE = "Usage: /format pdf or /format docx (now: {fmt})."
ANALYZE_ON = "Analyze mode on: send a resume to get its score and findings only. /analyze off"
ANALYZE_OFF = "Analyze mode off: send a resume to get an improved file back."
STATUS_NONE = "You have no resumes in progress or on record."
STATUS = "Your last resume: {status}."
DELETED = "Deleted {count} job(s) and their files. Nothing of yours is left on record."
REPORT_GONE = "This report is no longer available (files are deleted after {days} days)."
REPORT_CAPTION = "Full change report"
REPORT_BUTTON = "📄 Full change report (PDF)"
SUMMARY_TITLE_HTML = "<b>What changed</b>"
FINDINGS_TITLE_HTML = "<b>Findings</b>"
