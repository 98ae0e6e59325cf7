"""A fake Gemini Developer API on 127.0.0.1 for the google-genai client (tests and benchmarks).

Implements ``POST /v1beta/models/{model}:generateContent`` in the real wire format: answers
are ``{"candidates": [{"content": {"parts": [{"text": ...}], "role": "model"}, "finishReason",
"index"}], "usageMetadata": {"promptTokenCount", "candidatesTokenCount", "totalTokenCount"},
"modelVersion", "responseId"}``; errors are ``{"error": {"code", "message", "status"}}`` with
the HTTP status (https://ai.google.dev/api/generate-content, .../troubleshooting).

Behaviour is a queue of :class:`Reply` objects (one per request); when it is empty the
``default`` callable builds the reply from the request. Token counts are ~4 characters per
token of the request / answer text, like Gemini's own estimate.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from aiohttp import web

from tests.support.processes import free_port

_RESUME = re.compile(r"<resume_json>(.*?)</resume_json>", re.S)
_STATUS = {429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 503: "UNAVAILABLE", 400: "INVALID_ARGUMENT"}


@dataclass
class Reply:
    """One scripted answer: an HTTP error (``status`` != 200), ``text`` in a candidate, or a
    ``raw`` body; ``delay`` seconds before answering (to outlast a client timeout)."""

    status: int = 200
    text: str | None = None
    finish_reason: str = "STOP"
    delay: float = 0.0
    raw: str | None = None  # a 200 body sent as is (a garbled answer from a proxy, say)


def bullets_of(request: dict) -> list[dict]:
    """The ``{"id", "text"}`` bullets of the resume JSON in a generateContent request."""
    text = request["contents"][0]["parts"][0]["text"]
    match = _RESUME.search(text)
    assert match, "the resume is sent between <resume_json> tags"
    doc = json.loads(match.group(1))
    return [b for s in doc["sections"] for e in s["entries"] for b in e["bullets"]]


def rewrites_reply(rewrites: list[dict]) -> Reply:
    return Reply(text=json.dumps({"rewrites": rewrites}))


def mapping_rewriter(table: dict[str, str]) -> Callable[[dict], Reply]:
    """A default reply that rewrites every bullet whose text starts with a key of ``table``."""

    def build(request: dict) -> Reply:
        out = []
        for bullet in bullets_of(request):
            for start, new in table.items():
                if bullet["text"].startswith(start):
                    out.append({"id": bullet["id"], "text": new, "reason": "stronger verb"})
        return rewrites_reply(out)

    return build


@dataclass
class FakeGemini:
    port: int = field(default_factory=free_port)
    replies: deque[Reply] = field(default_factory=deque)
    default: Callable[[dict], Reply] = field(default=lambda _req: rewrites_reply([]))
    requests: list[dict] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    usages: list[dict[str, int]] = field(default_factory=list)  # usageMetadata sent back
    in_flight: int = 0
    max_in_flight: int = 0  # most requests being answered at the same time

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def reset(self, default: Callable[[dict], Reply] | None = None, *replies: Reply) -> None:
        self.replies = deque(replies)
        self.requests.clear()
        self.headers.clear()
        self.paths.clear()
        self.usages.clear()
        self.max_in_flight = 0
        self.default = default or (lambda _req: rewrites_reply([]))

    async def _handle(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.requests.append(body)
        self.headers.append(dict(request.headers))
        self.paths.append(request.path)
        reply = self.replies.popleft() if self.replies else self.default(body)
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if reply.delay:
                await asyncio.sleep(reply.delay)
        finally:
            self.in_flight -= 1
        if reply.raw is not None:
            return web.Response(text=reply.raw, content_type="application/json")
        if reply.status != 200:
            error = {
                "code": reply.status,
                "message": "fake error",
                "status": _STATUS.get(reply.status, "UNKNOWN"),
            }
            return web.json_response({"error": error}, status=reply.status)
        text = reply.text or ""
        prompt = len(json.dumps(body.get("systemInstruction", ""))) + len(
            body["contents"][0]["parts"][0]["text"]
        )
        usage = {
            "promptTokenCount": prompt // 4,
            "candidatesTokenCount": max(1, len(text) // 4),
        }
        usage["totalTokenCount"] = usage["promptTokenCount"] + usage["candidatesTokenCount"]
        self.usages.append(usage)
        model = request.match_info["model"]
        return web.json_response(
            {
                "candidates": [
                    {
                        "content": {"parts": [{"text": text}], "role": "model"},
                        "finishReason": reply.finish_reason,
                        "index": 0,
                    }
                ],
                "usageMetadata": usage,
                "modelVersion": model,
                "responseId": f"fake-{len(self.requests)}",
            }
        )

    @contextmanager
    def running(self) -> Iterator[FakeGemini]:
        """Serve in a background thread (its own event loop) until the block ends."""
        loop = asyncio.new_event_loop()
        app = web.Application()
        app.router.add_post("/v1beta/models/{model}:generateContent", self._handle)
        runner = web.AppRunner(app)
        loop.run_until_complete(runner.setup())
        loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", self.port).start())
        thread = threading.Thread(target=loop.run_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(5)
            loop.run_until_complete(runner.cleanup())
            loop.close()
