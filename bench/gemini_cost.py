"""Gemini improver without a key: estimated tokens and cost per resume, and our own overhead.

1. Cost: builds our real request (system instruction, response schema, the resume as
   delimited JSON, with and without the bundled backend job description) for the two-page
   ``examples/sample-resume.pdf`` and a worst-case answer (every bullet rewritten, each with a
   six-word reason, and a metric hint wherever the rule engine suggests one). Tokens are
   estimated at 4 characters per token (Google's rule of thumb for Gemini,
   https://ai.google.dev/gemini-api/docs/tokens); cost at the configured prices
   (``GEMINI__PRICE_INPUT_PER_MILLION`` / ``..._OUTPUT_...``). Target: < $0.001 per resume.
2. Overhead: ``GeminiImprover.improve`` against the loopback fake Gemini server answering
   instantly (the SDK call, JSON parsing, guard, merge), median and p95 over a bounded number
   of runs after one warm-up (a process builds its client once, ~0.2 s), beside the rule
   improver (the peer) on the same resume. The model's own latency
   is not measurable without a key (``bench/quality.py --improver gemini`` measures it).

Usage: python bench/quality.py --improver gemini --dry-run   (or python bench/gemini_cost.py)
"""

from __future__ import annotations

import json
import math
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, bench/ is sys.path[0], and bench/queue.py would shadow the stdlib module.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from config.settings import GeminiSettings, get_settings  # noqa: E402
from pipeline.improve import GeminiImprover, RuleImprover  # noqa: E402
from pipeline.improve.gemini import cost_usd  # noqa: E402
from pipeline.improve.prompt import (  # noqa: E402
    RESPONSE_SCHEMA,
    SYSTEM_INSTRUCTION,
    chunk_bullet_ids,
    user_message,
)
from pipeline.model import Resume  # noqa: E402
from pipeline.parse import parse_document  # noqa: E402

SAMPLE = ROOT / "examples" / "sample-resume.pdf"
JOB = ROOT / "examples" / "job-description-backend.txt"
CHARS_PER_TOKEN = 4
TARGET_USD = 0.001
# A Flash-Lite-class reference (gemini-2.5-flash-lite list prices per 1M tokens when this was
# written, https://ai.google.dev/gemini-api/docs/pricing; check the page before relying on it).
REFERENCE = ("gemini-2.5-flash-lite", 0.10, 0.40)
REASON = "stronger verb, tense made consistent"  # six words, the prompt's cap
RUNS = 30


def _tokens(chars: int) -> int:
    return math.ceil(chars / CHARS_PER_TOKEN)


def _request_and_answer(resume: Resume, job: str | None) -> tuple[int, int]:
    """(input, output) characters of every request for ``resume`` and a worst-case answer."""
    rules = RuleImprover().improve(resume, job)
    rewritten = {b.id: b.text for *_w, b in rules.resume.iter_bullets()}
    hinted = {s.location for s in rules.changes.suggestions if s.reason.startswith("add ")}
    schema = len(json.dumps(RESPONSE_SCHEMA, separators=(",", ":")))
    sent = answered = 0
    for ids in chunk_bullet_ids(resume):
        message, alias = user_message(resume, job, set(ids))
        sent += len(SYSTEM_INSTRUCTION) + schema + len(message)
        items = []
        for short, real in alias.items():
            item = {"id": short, "text": rewritten[real], "reason": REASON}
            if real in hinted:
                item["metric_hint"] = "how many, e.g. [number] users"
            items.append(item)
        answered += len(json.dumps({"rewrites": items}, ensure_ascii=False))
    return sent, answered


def _overhead(resume: Resume) -> tuple[list[float], list[float]]:
    """Seconds per improve: Gemini path on the instant loopback fake, and the rule peer."""
    from tests.pipeline.improve.fake_gemini import FakeGemini, mapping_rewriter

    first = next(b.text for *_w, b in resume.iter_bullets())
    fake = FakeGemini()
    gemini_s: list[float] = []
    rules_s: list[float] = []
    with fake.running():
        settings = GeminiSettings(api_key="bench", base_url=fake.base_url, max_retries=0)
        fake.reset(mapping_rewriter({first[:20]: first}))
        improver, rules = GeminiImprover(settings), RuleImprover()
        improver.improve(resume)  # builds the process's shared client once (~0.2 s, CA certs)
        for _ in range(RUNS):
            t0 = time.perf_counter()
            improver.improve(resume)
            gemini_s.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            rules.improve(resume)
            rules_s.append(time.perf_counter() - t0)
    return gemini_s, rules_s


def estimate(settings: GeminiSettings) -> int:
    resume = parse_document(SAMPLE.read_bytes(), SAMPLE.name, isolate=False)
    bullets = sum(1 for _ in resume.iter_bullets())
    print(
        f"Gemini cost estimate: {SAMPLE.name} ({resume.pages} pages, {bullets} bullets), "
        f"model {settings.model}, ${settings.price_input_per_million:.2f} in / "
        f"${settings.price_output_per_million:.2f} out per 1M tokens, "
        f"~{CHARS_PER_TOKEN} chars per token"
    )
    worst = 0.0
    for label, job in (("no job description", None), ("backend job description", JOB.read_text())):
        sent, answered = _request_and_answer(resume, job)
        tin, tout = _tokens(sent), _tokens(answered)
        usd = cost_usd(settings, tin, tout)
        worst = max(worst, usd)
        print(
            f"  {label:24}: input ~{tin} tokens, output ~{tout} tokens (every bullet "
            f"rewritten) -> ${usd:.5f} per resume"
        )
    verdict = "MET" if worst < TARGET_USD else "NOT MET at these prices"
    print(f"  target < ${TARGET_USD} per resume: {verdict} (worst case ${worst:.5f})")
    name, price_in, price_out = REFERENCE
    if (settings.price_input_per_million, settings.price_output_per_million) != (
        price_in,
        price_out,
    ):
        sent, answered = _request_and_answer(resume, JOB.read_text())
        ref = settings.model_copy(
            update={"price_input_per_million": price_in, "price_output_per_million": price_out}
        )
        usd = cost_usd(ref, _tokens(sent), _tokens(answered))
        print(
            f"  for reference, {name} at ${price_in:.2f} / ${price_out:.2f}: ${usd:.5f} per "
            f"resume ({'MET' if usd < TARGET_USD else 'NOT MET'})"
        )
    gemini_s, rules_s = _overhead(resume)
    gm, rm = statistics.median(gemini_s) * 1000, statistics.median(rules_s) * 1000
    p95 = statistics.quantiles(gemini_s, n=20)[-1] * 1000
    print(
        f"our overhead on the Gemini path (loopback fake answering at once, {RUNS} runs): "
        f"median {gm:.1f} ms, p95 {p95:.1f} ms; rule improver (peer) median {rm:.1f} ms "
        f"({gm / rm:.1f}x). Model latency comes on top (target p95 < 5 s)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(estimate(get_settings().gemini))
