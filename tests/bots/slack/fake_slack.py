"""A protocol-faithful fake of the Slack Web API and file host on 127.0.0.1, for tests and bench.

Implements what the app uses: auth.test, views.open, files.info, the private file download
(bytes only with the right Bearer token, Slack's HTML sign-in page with 200 otherwise),
files.getUploadURLExternal, the upload URL, files.completeUploadExternal, chat.postMessage,
chat.postEphemeral, chat.update, chat.delete, conversations.open, apps.connections.open with its
Socket Mode WebSocket, and slash-command ``response_url``s. Every call is recorded. Answers
follow https://docs.slack.dev/reference/methods: HTTP 200 with ``{"ok": false, "error": ...}``
for API errors, HTTP 429 with ``Retry-After`` for rate limits.

It runs its own event loop in a thread so the test's loop, a worker subprocess and a uvicorn
server can all talk to it.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.support.processes import free_port

SIGN_IN_HTML = (
    b"<!DOCTYPE html><html><head><title>Slack</title></head><body>"
    b"<h1>Sign in to your workspace</h1></body></html>"
)


@dataclass
class FakeFile:
    id: str
    name: str
    data: bytes
    filetype: str
    mimetype: str
    mode: str = "ok"  # ok | sign_in | redirect_elsewhere | redirect_same
    size: int | None = None  # reported size (default len(data))


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    token: str | None
    at: float = field(default_factory=time.monotonic)


class FakeSlack:
    """``with FakeSlack(token) as slack:``; ``slack.api_base`` goes into SLACK__API_BASE."""

    def __init__(
        self, bot_token: str = "xoxb-test-token", app_token: str = "xapp-test-token"
    ) -> None:
        self.bot_token = bot_token
        self.app_token = app_token
        self._sockets: list[web.WebSocketResponse] = []
        self.port = free_port()
        self.calls: list[Call] = []
        self.files: dict[str, FakeFile] = {}
        self.uploads: dict[str, bytes] = {}  # file_id -> uploaded bytes
        self.upload_names: dict[str, str] = {}
        self.responses: list[dict[str, Any]] = []  # posts to response_url
        self.views: list[dict[str, Any]] = []  # modals opened, with their ids
        self.not_in_channel: set[str] = set()
        # Channels that accept one message, then remove the app (not_in_channel afterwards).
        self.remove_after_first_post: set[str] = set()
        self.rate_limit: dict[str, int] = {}  # method -> 429 answers still to give
        self.download_auth: list[str | None] = []  # Authorization headers seen by downloads
        self.other_host_hits: list[str | None] = []  # Authorization seen by the "other host"
        self._ts = itertools.count(1)
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: web.AppRunner | None = None
        self.other_port = free_port()
        self._other_runner: web.AppRunner | None = None

    # --- lifecycle ---------------------------------------------------------------------------

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base(self) -> str:
        return f"{self.base}/api/"

    def response_url(self, name: str = "r1") -> str:
        return f"{self.base}/response/{name}"

    def __enter__(self) -> FakeSlack:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    async def _start(self) -> None:
        app = web.Application(client_max_size=20 * 1024 * 1024)
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_get("/files-pri/{file_id}/{name}", self._download)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_post("/response/{name}", self._response)
        app.router.add_get("/link", self._socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        other = web.Application()
        other.router.add_get("/{tail:.*}", self._other_host)
        self._other_runner = web.AppRunner(other, access_log=None)
        await self._other_runner.setup()
        await web.TCPSite(self._other_runner, "127.0.0.1", self.other_port).start()

    async def _stop(self) -> None:
        for ws in list(self._sockets):
            await ws.close()
        for runner in (self._runner, self._other_runner):
            if runner is not None:
                await runner.cleanup()

    # --- test helpers ------------------------------------------------------------------------

    def add_file(
        self, name: str, data: bytes, *, mode: str = "ok", size: int | None = None
    ) -> FakeFile:
        filetype = name.rsplit(".", 1)[-1].lower()
        mimetype = {
            "pdf": "application/pdf",
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        }.get(filetype, "application/octet-stream")
        file = FakeFile(f"F{next(self._ids):08d}", name, data, filetype, mimetype, mode, size)
        self.files[file.id] = file
        return file

    def file_object(self, file: FakeFile) -> dict[str, Any]:
        """The file object as Slack shows it in events, views and files.info."""
        return {
            "id": file.id,
            "name": file.name,
            "title": file.name,
            "filetype": file.filetype,
            "mimetype": file.mimetype,
            "size": file.size if file.size is not None else len(file.data),
            "url_private": f"{self.base}/files-pri/{file.id}/{file.name}",
            "url_private_download": f"{self.base}/files-pri/{file.id}/{file.name}",
        }

    def of(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 30.0) -> list[Call]:
        """Block until ``count`` calls of ``method`` were made; raises TimeoutError."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [c for c in self.calls if c.method == method]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"{method}: {len(found)} of {count} calls after {timeout}s")
                self._changed.wait(left)

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self.uploads.clear()
            self.upload_names.clear()
            self.responses.clear()
            self.views.clear()
            self.not_in_channel.clear()
            self.remove_after_first_post.clear()
            self.rate_limit.clear()
            self.download_auth.clear()
            self.other_host_hits.clear()

    # --- handlers ----------------------------------------------------------------------------

    def _record(self, method: str, params: dict[str, Any], token: str | None) -> None:
        with self._changed:
            self.calls.append(Call(method, params, token))
            self._changed.notify_all()

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            if request.content_type == "application/json":
                params.update(await request.json())
            else:
                params.update(dict(await request.post()))
        for key in ("blocks", "view", "files"):
            if isinstance(params.get(key), str):
                params[key] = json.loads(params[key])
        return params

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request)
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else params.get("token")
        if self.rate_limit.get(method, 0) > 0:
            self.rate_limit[method] -= 1
            self._record(f"{method}#429", params, token)
            return web.json_response(
                {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": "0"}
            )
        self._record(method, params, token)
        if method == "apps.connections.open":
            # Socket Mode: the app-level token, never the bot token.
            if token != self.app_token:
                return web.json_response({"ok": False, "error": "invalid_auth"})
            return web.json_response({"ok": True, "url": f"ws://127.0.0.1:{self.port}/link"})
        if token != self.bot_token:
            return web.json_response({"ok": False, "error": "invalid_auth"})
        handler = getattr(self, "api_" + method.replace(".", "_"), None)
        if handler is None:
            return web.json_response({"ok": False, "error": "unknown_method"})
        return web.json_response(handler(params))

    def _postable(self, channel: str) -> dict[str, Any] | None:
        if not channel or channel.startswith("U") or channel.startswith("W"):
            return {"ok": False, "error": "channel_not_found"}
        if channel in self.not_in_channel:
            return {"ok": False, "error": "not_in_channel"}
        return None

    def _next_ts(self) -> str:
        return f"1700000000.{next(self._ts):06d}"

    def api_auth_test(self, _: dict[str, Any]) -> dict[str, Any]:
        return {
            "ok": True,
            "url": f"{self.base}/",
            "team": "Test",
            "user": "resume",
            "team_id": "T0001",
            "user_id": "UBOT",
            "bot_id": "BBOT",
        }

    def api_views_open(self, p: dict[str, Any]) -> dict[str, Any]:
        if not p.get("trigger_id"):
            return {"ok": False, "error": "invalid_arguments"}
        view = dict(p["view"])
        view.update({"id": f"V{next(self._ids):08d}", "team_id": "T0001"})
        with self._lock:
            self.views.append(view)
        return {"ok": True, "view": view}

    def api_files_info(self, p: dict[str, Any]) -> dict[str, Any]:
        file = self.files.get(str(p.get("file")))
        if file is None:
            return {"ok": False, "error": "file_not_found"}
        return {"ok": True, "file": self.file_object(file)}

    def api_chat_postMessage(self, p: dict[str, Any]) -> dict[str, Any]:
        refused = self._postable(str(p.get("channel", "")))
        if refused is None and p.get("channel") in self.remove_after_first_post:
            self.not_in_channel.add(str(p["channel"]))
        return refused or {
            "ok": True,
            "channel": p["channel"],
            "ts": self._next_ts(),
            "message": {"text": p.get("text")},
        }

    def api_chat_postEphemeral(self, p: dict[str, Any]) -> dict[str, Any]:
        refused = self._postable(str(p.get("channel", "")))
        return refused or {"ok": True, "message_ts": self._next_ts()}

    def api_chat_update(self, p: dict[str, Any]) -> dict[str, Any]:
        refused = self._postable(str(p.get("channel", "")))
        return refused or {"ok": True, "channel": p["channel"], "ts": p.get("ts")}

    def api_chat_delete(self, p: dict[str, Any]) -> dict[str, Any]:
        refused = self._postable(str(p.get("channel", "")))
        return refused or {"ok": True, "channel": p["channel"], "ts": p.get("ts")}

    def api_conversations_open(self, p: dict[str, Any]) -> dict[str, Any]:
        user = str(p.get("users", ""))
        return {"ok": True, "channel": {"id": "D" + user.removeprefix("U")}}

    def api_files_getUploadURLExternal(self, p: dict[str, Any]) -> dict[str, Any]:
        if not p.get("filename") or not str(p.get("length", "")).isdigit():
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"F{next(self._ids):08d}"
        self.upload_names[file_id] = str(p["filename"])
        return {"ok": True, "upload_url": f"{self.base}/upload/{file_id}", "file_id": file_id}

    def api_files_completeUploadExternal(self, p: dict[str, Any]) -> dict[str, Any]:
        channel = str(p.get("channel_id") or "")
        refused = self._postable(channel) if channel else None
        if refused:
            return refused
        files = p.get("files") or []
        if any(f.get("id") not in self.uploads for f in files):
            return {"ok": False, "error": "upload_not_found"}
        return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}

    async def _download(self, request: web.Request) -> web.StreamResponse:
        file = self.files.get(request.match_info["file_id"])
        auth = request.headers.get("Authorization")
        with self._lock:
            self.download_auth.append(auth)
        if file is None:
            return web.Response(status=404)
        if file.mode == "redirect_elsewhere":
            raise web.HTTPFound(f"http://127.0.0.1:{self.other_port}/cdn/{file.id}")
        if file.mode == "redirect_same" and "hop" not in request.query:
            raise web.HTTPFound(f"{request.path}?hop=1")
        if auth != f"Bearer {self.bot_token}" or file.mode == "sign_in":
            # What Slack does: 200 and its sign-in page.
            return web.Response(body=SIGN_IN_HTML, content_type="text/html")
        return web.Response(body=file.data, content_type=file.mimetype)

    async def _other_host(self, request: web.Request) -> web.Response:
        with self._lock:
            self.other_host_hits.append(request.headers.get("Authorization"))
        return web.Response(body=b"%PDF-1.7 not really", content_type="application/pdf")

    async def _upload(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        if file_id not in self.upload_names:
            return web.Response(status=404)
        body = await request.read()
        with self._changed:
            self.uploads[file_id] = body
            self._changed.notify_all()
        return web.Response(text="OK - " + str(len(body)))

    # --- Socket Mode (https://docs.slack.dev/apis/events-api/using-socket-mode) -------------

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_json(
            {"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0APP"}}
        )
        self._record("socket.connected", {}, None)
        async for message in ws:
            if message.type == web.WSMsgType.TEXT:
                self._record("socket.ack", json.loads(message.data), None)
        self._sockets.remove(ws)
        return ws

    def socket_send(self, kind: str, payload: dict[str, Any]) -> str:
        """Send an envelope (``slash_commands``, ``interactive``, ``events_api``) to the
        connected app; returns its envelope id (the app's ack carries it back)."""
        envelope_id = f"env-{next(self._ids)}"
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": kind != "events_api",
            "retry_attempt": 0,
        }
        asyncio.run_coroutine_threadsafe(self._sockets[-1].send_json(envelope), self._loop).result(
            5
        )
        return envelope_id

    async def _response(self, request: web.Request) -> web.Response:
        payload = await request.json()
        self._record("response_url", payload, None)
        with self._lock:
            self.responses.append(payload)
        return web.Response(text="ok")
