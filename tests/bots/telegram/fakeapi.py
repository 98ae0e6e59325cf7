"""A small, protocol-faithful fake of the Telegram Bot API on 127.0.0.1 (aiohttp).

It answers the real aiogram client the way https://core.telegram.org/bots/api documents:
``POST /bot<token>/<method>`` with multipart form fields (JSON-encoded when not plain strings,
files referenced as ``attach://<field>``), replies ``{"ok": true, "result": ...}`` or
``{"ok": false, "error_code", "description", "parameters"}``, and serves downloads at
``GET /file/bot<token>/<file_path>``.

Implemented methods: getMe, getFile, sendMessage, editMessageText, sendDocument,
sendChatAction, answerCallbackQuery, deleteWebhook, getUpdates (a queue the test fills).
Every call is recorded (:attr:`FakeBotAPI.calls`). Faults: :meth:`fail_next` answers one
call of a method with 429 ``retry_after`` or any error; :attr:`blocked_chats` answer every send
with 403 "Forbidden: bot was blocked by the user".
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_ID = 4242
BOT_USERNAME = "resume_engine_test_bot"
TOKEN = f"{BOT_ID}:AAFakeTokenForTestsOnly_0123456789abcdef"
MB = 1024 * 1024


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]]
    at: float = field(default_factory=time.monotonic)


@dataclass
class StoredFile:
    data: bytes | None
    file_path: str | None
    size: int | None
    too_big: bool = False


class FakeBotAPI:
    """The fake server; run it with :meth:`running` (a background thread with its own loop)."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.downloads: list[str] = []
        self.files: dict[str, StoredFile] = {}
        self.blocked_chats: set[int] = set()
        self.updates: list[dict[str, Any]] = []
        # (method, chat id or None for any chat) -> errors to answer, oldest first
        self._faults: dict[tuple[str, int | None], list[tuple[int, str, dict[str, Any] | None]]]
        self._faults = {}
        # (chat id, method): 403 "blocked" for this method in this chat from now on
        self.blocked_methods: set[tuple[int, str]] = set()
        self._ids = itertools.count(1000)
        self._lock = threading.Lock()
        self.url = ""

    # ---- test helpers -------------------------------------------------------------------
    def add_file(
        self, file_id: str, data: bytes | None, *, size: int | None = -1, too_big: bool = False
    ) -> None:
        """Make ``file_id`` downloadable; ``size=None`` hides file_size, ``too_big`` makes
        getFile answer 400 "file is too big" as Telegram does above 20 MB."""
        real_size = len(data) if data is not None else None
        self.files[file_id] = StoredFile(
            data,
            None if too_big else f"documents/{file_id}.bin",
            real_size if size == -1 else size,
            too_big,
        )

    def fail_next(
        self,
        method: str,
        code: int,
        description: str,
        parameters: dict[str, Any] | None = None,
        chat_id: int | None = None,
    ) -> None:
        """Answer the next ``method`` call (for ``chat_id``, or any chat) with this error."""
        self._faults.setdefault((method, chat_id), []).append((code, description, parameters))

    def retry_after_once(self, method: str, seconds: int = 1, chat_id: int | None = None) -> None:
        self.fail_next(
            method,
            429,
            f"Too Many Requests: retry after {seconds}",
            {"retry_after": seconds},
            chat_id,
        )

    def calls_of(self, method: str, chat_id: int | None = None) -> list[Call]:
        with self._lock:
            calls = list(self.calls)
        return [
            c
            for c in calls
            if c.method == method
            and (chat_id is None or str(c.params.get("chat_id")) == str(chat_id))
        ]

    def wait_for(
        self, method: str, chat_id: int | None = None, count: int = 1, timeout: float = 30.0
    ) -> list[Call]:
        """Block until ``count`` calls of ``method`` (for ``chat_id``) were recorded."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            calls = self.calls_of(method, chat_id)
            if len(calls) >= count:
                return calls
            time.sleep(0.02)
        raise TimeoutError(
            f"{method} for chat {chat_id}: {len(self.calls_of(method, chat_id))}"
            f" calls after {timeout}s, wanted {count}"
        )

    # ---- protocol -----------------------------------------------------------------------
    def _message(self, chat_id: Any, **extra: Any) -> dict[str, Any]:
        chat_id = int(chat_id)
        return {
            "message_id": next(self._ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
            "from": {
                "id": BOT_ID,
                "is_bot": True,
                "first_name": "Resume Engine",
                "username": BOT_USERNAME,
            },
            **extra,
        }

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params: dict[str, Any] = {}
        files: dict[str, tuple[str, bytes]] = {}
        if request.content_type == "application/json":
            params = await request.json()
        else:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    files[key] = (value.filename, value.file.read())
                else:
                    text = str(value)
                    try:
                        params[key] = json.loads(text)
                    except ValueError:
                        params[key] = text
        for key, value in list(params.items()):
            if isinstance(value, str) and value.startswith("attach://"):
                params[key] = files.get(value.removeprefix("attach://"), ("", b""))
        with self._lock:
            self.calls.append(Call(method, params, files))
        chat_id = params.get("chat_id")
        chat = int(chat_id) if chat_id is not None else None
        for key in ((method, chat), (method, None)):
            faults = self._faults.get(key)
            if faults:
                code, description, parameters = faults.pop(0)
                return self._error(code, description, parameters)
        if chat is not None and (
            chat in self.blocked_chats or (chat, method) in self.blocked_methods
        ):
            return self._error(403, "Forbidden: bot was blocked by the user")
        handler = getattr(self, f"_m_{method.lower()}", None)
        if handler is None:
            return self._error(404, "Not Found: method not found")
        return await handler(params)

    @staticmethod
    def _ok(result: Any) -> web.Response:
        return web.json_response({"ok": True, "result": result})

    @staticmethod
    def _error(
        code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> web.Response:
        body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
        if parameters:
            body["parameters"] = parameters
        return web.json_response(body, status=code)

    async def _m_getme(self, _: dict[str, Any]) -> web.Response:
        return self._ok(
            {
                "id": BOT_ID,
                "is_bot": True,
                "first_name": "Resume Engine",
                "username": BOT_USERNAME,
                "can_join_groups": True,
                "can_read_all_group_messages": False,
                "supports_inline_queries": False,
            }
        )

    async def _m_getfile(self, params: dict[str, Any]) -> web.Response:
        stored = self.files.get(str(params.get("file_id")))
        if stored is None:
            return self._error(400, "Bad Request: invalid file_id")
        if stored.too_big:
            return self._error(400, "Bad Request: file is too big")
        result: dict[str, Any] = {
            "file_id": params["file_id"],
            "file_unique_id": "u" + str(params["file_id"]),
            "file_path": stored.file_path,
        }
        if stored.size is not None:
            result["file_size"] = stored.size
        return self._ok(result)

    async def _m_sendmessage(self, params: dict[str, Any]) -> web.Response:
        return self._ok(self._message(params["chat_id"], text=params.get("text", "")))

    async def _m_editmessagetext(self, params: dict[str, Any]) -> web.Response:
        return self._ok(
            self._message(
                params["chat_id"], text=params.get("text", ""), edit_date=int(time.time())
            )
        )

    async def _m_senddocument(self, params: dict[str, Any]) -> web.Response:
        name, data = params.get("document") or ("", b"")
        return self._ok(
            self._message(
                params["chat_id"],
                caption=params.get("caption"),
                document={
                    "file_id": f"out{next(self._ids)}",
                    "file_unique_id": f"o{next(self._ids)}",
                    "file_name": name,
                    "file_size": len(data),
                },
            )
        )

    async def _m_sendchataction(self, _: dict[str, Any]) -> web.Response:
        return self._ok(True)

    async def _m_answercallbackquery(self, _: dict[str, Any]) -> web.Response:
        return self._ok(True)

    async def _m_deletewebhook(self, _: dict[str, Any]) -> web.Response:
        return self._ok(True)

    async def _m_getupdates(self, params: dict[str, Any]) -> web.Response:
        offset = int(params.get("offset") or 0)
        pending = [u for u in self.updates if u["update_id"] >= offset]
        if not pending:
            await asyncio.sleep(min(float(params.get("timeout") or 0), 0.2))
        return self._ok(pending)

    async def _download(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        self.downloads.append(path)
        for stored in self.files.values():
            if stored.file_path == path and stored.data is not None:
                return web.Response(body=stored.data)
        return web.Response(status=404)

    def app(self) -> web.Application:
        app = web.Application(client_max_size=64 * MB)
        app.router.add_route("*", r"/bot{token}/{method}", self._api)
        app.router.add_get(r"/file/bot{token}/{path:.+}", self._download)
        return app

    @contextlib.contextmanager
    def running(self) -> Iterator[FakeBotAPI]:
        """Serve on a free 127.0.0.1 port in a background thread; sets :attr:`url`."""
        loop = asyncio.new_event_loop()
        runner = web.AppRunner(self.app(), access_log=None)
        started = threading.Event()

        def serve() -> None:
            asyncio.set_event_loop(loop)
            loop.run_until_complete(runner.setup())
            site = web.TCPSite(runner, "127.0.0.1", 0)
            loop.run_until_complete(site.start())
            port = runner.addresses[0][1]
            self.url = f"http://127.0.0.1:{port}"
            started.set()
            loop.run_forever()

        thread = threading.Thread(target=serve, name="fake-bot-api", daemon=True)
        thread.start()
        started.wait(10)
        try:
            yield self
        finally:
            asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
            loop.call_soon_threadsafe(loop.stop)
            thread.join(10)
