"""Download a private Slack file with the bot token, safely.

Slack serves files shared with the app at ``url_private_download``; the request must carry
``Authorization: Bearer xoxb-...`` and the app needs the ``files:read`` scope
(https://docs.slack.dev/messaging/working-with-files#authentication). When the token is missing,
lacks the scope, or the file was not shared where the app can see it, Slack answers **200 with
its HTML sign-in page** instead of the file, so the status code alone proves nothing.

Safety rules:
- the token goes only to Slack's hosts (``slack.com`` and its subdomains over HTTPS) or to the
  host of ``SLACK__API_BASE`` when that is set (tests, Enterprise proxies);
- redirects are followed by hand, only to such hosts (httpx would keep the header on a
  same-origin redirect and drop it elsewhere, which turns into the sign-in page); anything
  else is refused, never requested;
- the body is streamed and cut at ``max_bytes``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

MAX_REDIRECTS = 3


class DownloadError(Exception):
    """The file could not be fetched. ``code`` is stable; ``message`` is for the user."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


_WHY = (
    "This happens when the app is missing the files:read permission (ask a workspace admin to "
    "reinstall it from the manifest) or when the file is not shared where the app can see it "
    "(share it in a DM with the app, or in a channel the app is a member of)."
)
SIGN_IN_PAGE = "Slack sent its sign-in page instead of your file. " + _WHY
NOT_VISIBLE = "Slack did not let the app see your file. " + _WHY


@dataclass(frozen=True)
class TokenPolicy:
    """Which URLs may receive the bot token.

    ``extra_origin`` is ``(scheme, host:port)`` of ``SLACK__API_BASE`` when set.
    """

    extra_origin: tuple[str, str] | None = None

    @classmethod
    def from_api_base(cls, api_base: str | None) -> TokenPolicy:
        if not api_base:
            return cls()
        parts = urlsplit(api_base)
        return cls((parts.scheme, parts.netloc.lower()))

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme == "https" and (host == "slack.com" or host.endswith(".slack.com")):
            return True
        return (
            self.extra_origin is not None
            and (
                parts.scheme,
                parts.netloc.lower(),
            )
            == self.extra_origin
        )


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip()[:15].lower()
    return start.startswith((b"<!doctype html", b"<html"))


async def download_private_file(
    url: str,
    token: str,
    *,
    policy: TokenPolicy,
    max_bytes: int,
    client: httpx.AsyncClient,
) -> bytes:
    """Fetch ``url`` with the bot token and return the file's bytes.

    Args:
        url: the file's ``url_private_download`` (or ``url_private``).
        token: the bot token (``xoxb-``); sent only to URLs ``policy`` allows.
        max_bytes: refuse anything larger (Slack's file_input allows 10 MB).
        client: an httpx client; its own redirect following is not used.

    Raises:
        DownloadError: ``untrusted_host`` (URL or redirect outside Slack), ``sign_in_page``
            (HTML instead of the file), ``too_large``, ``http_error`` (status >= 400 or a
            redirect loop), ``network`` (connection failed or timed out).
    """
    for _ in range(MAX_REDIRECTS + 1):
        if not policy.allows(url):
            raise DownloadError(
                "untrusted_host",
                "This file link does not point to Slack, so the app did not open it.",
            )
        try:
            async with client.stream(
                "GET", url, headers={"Authorization": f"Bearer {token}"}, follow_redirects=False
            ) as response:
                if response.is_redirect:
                    location = response.headers.get("location", "")
                    url = urljoin(url, location)
                    continue
                if response.status_code >= 400:
                    raise DownloadError(
                        "http_error",
                        f"Slack refused the file download (HTTP {response.status_code}). "
                        "Please share the file again.",
                    )
                return await _read_body(response, max_bytes)
        except httpx.TransportError as exc:
            raise DownloadError(
                "network", "Slack did not answer while downloading the file; try again."
            ) from exc
    raise DownloadError("http_error", "The file download kept redirecting; please share it again.")


async def _read_body(response: httpx.Response, max_bytes: int) -> bytes:
    too_large = DownloadError(
        "too_large",
        f"This file is larger than {max_bytes // (1024 * 1024)} MB. Please send a smaller PDF "
        "or DOCX (export it again without embedded images).",
    )
    declared = response.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        raise too_large
    if "text/html" in response.headers.get("content-type", "").lower():
        raise DownloadError("sign_in_page", SIGN_IN_PAGE)
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        # Some proxies label the sign-in page application/octet-stream: sniff it as well.
        if size == 0 and _looks_like_html(chunk):
            raise DownloadError("sign_in_page", SIGN_IN_PAGE)
        size += len(chunk)
        if size > max_bytes:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)
