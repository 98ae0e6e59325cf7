"""The Gemini improver: the rule engine's result, with better bullet rewrites where they are safe.

Flow of :meth:`GeminiImprover.improve`:

1. :class:`RuleImprover` runs first. Its result is the floor: headings, skills order, and every
   bullet Gemini does not (validly) rewrite keep the rule engine's version.
2. The bullets go to Gemini in chunks (:func:`pipeline.improve.prompt.chunk_bullet_ids`) as
   delimited JSON data with a response schema; contact details are never sent.
3. Each rewrite must name a bullet id of its chunk, hold no placeholder (a "[number]" becomes a
   suggestion instead) and pass :func:`pipeline.improve.guard.check_rewrite` against the
   original bullet; anything else is counted in ``ChangeSet.rejected`` and the rule version
   stays. The whole result then goes through :func:`pipeline.improve.guard.enforce` again.
4. Failures never raise: timeouts, 429 and 5xx are retried by google-genai itself
   (``HttpRetryOptions``: ``max_retries`` retries, exponential backoff with jitter); after
   that, on any other API error, or with an unreadable answer, the affected bullets keep the
   rule engine's version and ``ChangeSet.notes`` says "improved offline" (all of them) or
   "some bullets improved offline". A truncated answer (``finishReason`` MAX_TOKENS) keeps its
   complete items.

Worst-case wall time: the chunks (at most ``MAX_CONCURRENT``) are sent concurrently, so it is
one request's ``(max_retries + 1) * timeout_seconds`` plus backoff (at most
``retry_max_delay_seconds`` per wait): 4 x 30 s + 3 x 8 s = 144 s with the defaults, under the
``improve_resume`` actor's 180 s time limit.

Cost: ``usage_metadata.prompt_token_count`` are input tokens; ``candidates_token_count`` plus
``thoughts_token_count`` (thinking is billed as output,
https://ai.google.dev/gemini-api/docs/pricing) are output tokens; priced per million with
``settings.gemini.price_*_per_million``.

Nothing here logs resume text: only bullet counts, HTTP status codes and exception types.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import httpx
import httpx2
from google import genai
from google.genai import errors, types

from config.settings import GeminiSettings
from pipeline.improve.base import Improvement, Usage
from pipeline.improve.guard import check_rewrite, enforce
from pipeline.improve.prompt import (
    MAX_OUTPUT_TOKENS,
    PLACEHOLDER,
    PROMPT_VERSION,
    RESPONSE_SCHEMA,
    SYSTEM_INSTRUCTION,
    MalformedReply,
    Rewrite,
    chunk_bullet_ids,
    parse_reply,
    user_message,
)
from pipeline.improve.rules import RuleImprover
from pipeline.model import Change, ChangeSet, Resume

log = logging.getLogger(__name__)

NAME = "gemini"
VERSION = "gemini-1"
OFFLINE = "improved offline"
PARTLY_OFFLINE = "some bullets improved offline"
# 408/429/5xx: what Google documents as retryable (and google-genai's own default set):
# https://ai.google.dev/gemini-api/docs/troubleshooting
RETRY_STATUS_CODES = [408, 429, 500, 502, 503, 504]
# What a call raises once retries are spent: API errors, and transport errors from httpx2 (the
# httpx fork google-genai 3.x sends with) or httpx (when a custom httpx client is passed in).
CALL_ERRORS = (errors.APIError, httpx2.HTTPError, httpx.HTTPError, OSError)
# Requests per resume, all sent at once: 8 chunks of <= 16 bullets cover ~128 bullets (a long
# CV); bullets beyond that keep the rule engine's version ("some bullets improved offline").
MAX_CONCURRENT = 8


def engine_version(model: str) -> str:
    """``gemini-1+p1/<model>``: changes with the code, the prompt or the model (<= 64 chars,
    the width of ``Job.improver_version``)."""
    return f"{VERSION}+{PROMPT_VERSION}/{model}"[:64]


def cost_usd(settings: GeminiSettings, input_tokens: int, output_tokens: int) -> float:
    """USD for a call at the configured per-million-token prices."""
    return (
        input_tokens * settings.price_input_per_million
        + output_tokens * settings.price_output_per_million
    ) / 1_000_000


def build_client(settings: GeminiSettings) -> genai.Client:
    """A google-genai client for the Gemini Developer API with our timeout and retry policy.

    Raises ValueError when no API key is configured.
    """
    if settings.api_key is None:
        raise ValueError("no Gemini API key configured (GEMINI__API_KEY)")
    options = types.HttpOptions(
        # google-genai 3.x defaults to "v1"; response_json_schema and thinking_config are
        # v1beta features of the Gemini API (https://ai.google.dev/gemini-api/docs/api-versions).
        api_version="v1beta",
        timeout=max(1, int(settings.timeout_seconds * 1000)),  # milliseconds
        retry_options=types.HttpRetryOptions(
            attempts=max(1, settings.max_retries + 1),  # includes the first call
            initial_delay=settings.retry_initial_delay_seconds,
            max_delay=settings.retry_max_delay_seconds,
            http_status_codes=RETRY_STATUS_CODES,
        ),
    )
    if settings.base_url:
        options.base_url = settings.base_url
    return genai.Client(api_key=settings.api_key.get_secret_value(), http_options=options)


@functools.lru_cache(maxsize=4)
def _shared_client(key: str, base_url: str | None, timeout: float, retries: tuple) -> genai.Client:
    """One client per configuration and process: building one loads CA certificates three
    times (~0.2 s), and its httpx connection pool is safe to share between worker threads."""
    settings = GeminiSettings(
        api_key=key,
        base_url=base_url,
        timeout_seconds=timeout,
        max_retries=retries[0],
        retry_initial_delay_seconds=retries[1],
        retry_max_delay_seconds=retries[2],
    )
    return build_client(settings)


def client_for(settings: GeminiSettings) -> genai.Client:
    """The shared client for ``settings`` (raises ValueError without an API key)."""
    if settings.api_key is None:
        raise ValueError("no Gemini API key configured (GEMINI__API_KEY)")
    retries = (
        settings.max_retries,
        settings.retry_initial_delay_seconds,
        settings.retry_max_delay_seconds,
    )
    return _shared_client(
        settings.api_key.get_secret_value(), settings.base_url, settings.timeout_seconds, retries
    )


@dataclass
class _Calls:
    """What the model calls produced across chunks."""

    rewrites: dict[str, Rewrite] = field(default_factory=dict)
    input_tokens: int = 0
    output_tokens: int = 0
    answered: int = 0  # chunks with a readable answer
    failed: int = 0  # chunks without one
    unknown_ids: int = 0  # rewrites naming a bullet that is not in their chunk
    truncated: bool = False


class GeminiImprover:
    """Rewrites bullets with Gemini on top of the rule engine; never raises on model failure.

    Args:
        settings: ``settings.gemini`` (key, model, base URL, timeout, retries, prices).
        client: an existing google-genai client (else one is built from ``settings``).
    """

    name = NAME

    def __init__(self, settings: GeminiSettings, client: genai.Client | None = None) -> None:
        self.settings = settings
        self.version = engine_version(settings.model)
        self._client = client
        self._rules = RuleImprover()

    def improve(self, resume: Resume, job_description: str | None = None) -> Improvement:
        base = self._rules.improve(resume, job_description)
        if self.settings.api_key is None and self._client is None:
            return _offline(base, None)
        calls = self._call(resume, job_description)
        usage = Usage(
            input_tokens=calls.input_tokens,
            output_tokens=calls.output_tokens,
            cost_usd=cost_usd(self.settings, calls.input_tokens, calls.output_tokens),
        )
        if calls.answered == 0:
            return _offline(base, usage)
        improved, changes = _merge(resume, base, calls)
        if calls.failed or calls.truncated:
            changes.notes.append(PARTLY_OFFLINE)
        checked = enforce(resume, improved, changes, job_description)
        return Improvement(resume=checked.resume, changes=checked.changes, usage=usage)

    def _call(self, resume: Resume, job_description: str | None) -> _Calls:
        calls = _Calls()
        chunks = chunk_bullet_ids(resume)
        if len(chunks) > MAX_CONCURRENT:
            # One concurrent round keeps the worst case inside the actor's time limit.
            log.info(
                "gemini: %d chunks; the last %d keep the rules",
                len(chunks),
                len(chunks) - MAX_CONCURRENT,
            )
            calls.failed += len(chunks) - MAX_CONCURRENT
            chunks = chunks[:MAX_CONCURRENT]
        if not chunks:
            return calls
        client = self._client or client_for(self.settings)
        config = self._config()
        requests = [user_message(resume, job_description, set(ids)) for ids in chunks]

        def send(message: str) -> types.GenerateContentResponse | BaseException:
            try:
                return client.models.generate_content(
                    model=self.settings.model, contents=message, config=config
                )
            except CALL_ERRORS as exc:  # retries (when retryable) are already spent
                return exc
            except Exception as exc:  # noqa: BLE001 - e.g. a garbled 200 body the SDK cannot
                # parse: the model is the unreliable part; the job goes on with the rules.
                return exc

        # Chunks go out together: the wall time is one request's, not the sum (see prompt.py).
        with ThreadPoolExecutor(max_workers=min(len(requests), MAX_CONCURRENT)) as pool:
            responses = list(pool.map(send, [message for message, _alias in requests]))
        for (_message, alias), response in zip(requests, responses, strict=True):
            if isinstance(response, BaseException):
                log.warning(
                    "gemini: call failed (%s); rule engine for its bullets", _what(response)
                )
                calls.failed += 1
                continue
            self._count(calls, response)
            try:
                items, salvaged = parse_reply(response.text)
            except MalformedReply as exc:
                log.warning("gemini: unreadable answer (%s); rule engine for its bullets", exc)
                calls.failed += 1
                continue
            calls.answered += 1
            calls.truncated |= salvaged or _finish(response) == "MAX_TOKENS"
            for item in items:
                real = alias.get(item.id)  # an id the model made up maps to nothing
                if real is None:
                    calls.unknown_ids += 1
                else:
                    calls.rewrites[real] = item
        if calls.unknown_ids:
            log.warning("gemini: %d rewrites named unknown bullet ids", calls.unknown_ids)
        return calls

    def _config(self) -> types.GenerateContentConfig:
        config = types.GenerateContentConfig(
            system_instruction=SYSTEM_INSTRUCTION,
            temperature=self.settings.temperature,
            max_output_tokens=MAX_OUTPUT_TOKENS,
            response_mime_type="application/json",
            response_json_schema=RESPONSE_SCHEMA,
        )
        if self.settings.thinking_budget is not None:
            config.thinking_config = types.ThinkingConfig(
                thinking_budget=self.settings.thinking_budget
            )
        return config

    @staticmethod
    def _count(calls: _Calls, response: types.GenerateContentResponse) -> None:
        meta = response.usage_metadata
        if meta is None:
            return
        calls.input_tokens += meta.prompt_token_count or 0
        calls.output_tokens += (meta.candidates_token_count or 0) + (meta.thoughts_token_count or 0)


def _what(exc: BaseException) -> str:
    """Loggable description: status code or exception type, never the message body."""
    if isinstance(exc, errors.APIError):
        return f"HTTP {exc.code}"
    return type(exc).__name__


def _finish(response: types.GenerateContentResponse) -> str | None:
    candidates = response.candidates or []
    reason = candidates[0].finish_reason if candidates else None
    return reason.value if reason is not None else None


def _offline(base: Improvement, usage: Usage | None) -> Improvement:
    changes = base.changes.model_copy(deep=True)
    changes.improver = RuleImprover.name
    changes.notes.append(OFFLINE)
    return Improvement(resume=base.resume, changes=changes, usage=usage)


def _full_stop_majority(texts: Iterable[str]) -> bool:
    texts = [t for t in texts if t]
    return sum(t.endswith(".") for t in texts) * 2 > len(texts)


def _punctuate(text: str, full_stop: bool) -> str:
    """Match the resume's terminal punctuation (the rule engine made it consistent)."""
    text = text.strip()
    if full_stop and text and (text[-1].isalnum() or text[-1] in ")%"):
        return text + "."
    if not full_stop and text.endswith(".") and not text.endswith(".."):
        return text[:-1]
    return text


def _merge(original: Resume, base: Improvement, calls: _Calls) -> tuple[Resume, ChangeSet]:
    """The rule result with each valid Gemini rewrite in place of the rule version."""
    result = base.resume.model_copy(deep=True)
    bullets = {b.id: b for _s, _e, b in result.iter_bullets()}
    before = {b.id: b.text for _s, _e, b in original.iter_bullets()}
    # Stricter than the resume-wide guard: a model rewrite may use no fact that is not in its
    # own bullet or its entry's header. Otherwise a claim planted in one bullet, the skills or
    # the job description ("add 'CEO of Google'") could spread to the others and still pass.
    header = {
        b.id: "\n".join(v for v in (e.title, e.organization, e.location, e.dates) if v)
        for _s, e, b in original.iter_bullets()
    }
    full_stop = _full_stop_majority(b.text for b in bullets.values())
    accepted: dict[str, Change] = {}
    hints: list[Change] = []
    rejected = calls.unknown_ids
    for bid in before:  # reading order
        item = calls.rewrites.get(bid)
        if item is None:
            continue
        if PLACEHOLDER.search(item.text) or ("[" in item.text and "[" not in before[bid]):
            # A placeholder is advice, not text: the person must supply the real figure.
            rejected += 1
            hints.append(_hint(bid, before[bid], item.text))
            continue
        text = _punctuate(item.text, full_stop)
        if text in (before[bid], bullets[bid].text):
            continue
        if not check_rewrite(before[bid], text, allowed_text=header[bid]).ok:
            rejected += 1
            continue
        bullets[bid].text = text
        accepted[bid] = Change(location=bid, before=before[bid], after=text, reason=item.reason)
        if item.metric_hint:
            hints.append(_hint(bid, text, item.metric_hint))
    changes: list[Change] = []
    for change in base.changes.changes:
        changes.append(accepted.pop(change.location, change))
    changes += accepted.values()
    hinted = {h.location for h in hints}
    suggestions = [
        s for s in base.changes.suggestions if not (s.location in hinted and _is_metric(s))
    ] + hints
    changeset = base.changes.model_copy(
        update={
            "changes": changes,
            "suggestions": suggestions,
            "improver": NAME,
            "rejected": base.changes.rejected + rejected,
            "notes": list(base.changes.notes),
        }
    )
    return result, changeset


def _hint(bid: str, text: str, hint: str) -> Change:
    return Change(
        location=bid,
        before=text,
        after="",
        kind="suggestion",
        reason=f"a number would make this stronger: {hint}",
    )


def _is_metric(suggestion: Change) -> bool:
    return suggestion.reason.startswith("add ")
