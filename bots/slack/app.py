"""Build the Bolt ``AsyncApp`` with its Web API client and the shared HTTP client injected.

The client's ``base_url`` is ``SLACK__API_BASE`` when set (tests point it at a fake Web API);
429 answers are waited out by slack_sdk's ``AsyncRateLimitErrorRetryHandler`` (it sleeps the
``Retry-After`` seconds, https://docs.slack.dev/apis/web-api/rate-limits).
"""

from __future__ import annotations

import httpx
from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from bots.slack import actions, commands, events, views
from bots.slack.intake import Deps, Submit
from config.settings import Settings, SlackSettings

DEFAULT_API_BASE = "https://slack.com/api/"
RATE_LIMIT_RETRIES = 3


def build_client(slack: SlackSettings) -> AsyncWebClient:
    """A Web API client with the bot token; raises ValueError when the token is not set."""
    if slack.bot_token is None:
        raise ValueError("SLACK__BOT_TOKEN is not set")
    base = slack.api_base or DEFAULT_API_BASE
    client = AsyncWebClient(
        token=slack.bot_token.get_secret_value(),
        base_url=base if base.endswith("/") else base + "/",
    )
    client.retry_handlers.append(
        AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES)
    )
    return client


def build_app(
    settings: Settings,
    *,
    client: AsyncWebClient | None = None,
    http: httpx.AsyncClient | None = None,
    submit: Submit | None = None,
) -> AsyncApp:
    """The Slack app with every listener registered.

    Args:
        settings: ``settings.slack.signing_secret`` is required in HTTP mode (Bolt checks every
            request's v0 signature and refuses timestamps older than 5 minutes).
        client: the Web API client (default :func:`build_client`).
        http: the client used for file downloads (default: a new one with the download timeout).
        submit: the job service's ``submit`` (default ``pipeline.jobs.submit``).
    """
    slack = settings.slack
    client = client or build_client(slack)
    http = http or httpx.AsyncClient(timeout=slack.download_timeout_seconds)
    deps = Deps(settings=settings, client=client, http=http)
    if submit is not None:
        deps.submit = submit
    secret = slack.signing_secret.get_secret_value() if slack.signing_secret else None
    app = AsyncApp(
        client=client,
        signing_secret=secret,
        # Socket Mode has no signatures; HTTP mode always verifies.
        request_verification_enabled=secret is not None,
        name="resume-engine",
    )
    commands.register(app, deps)
    views.register(app, deps)
    events.register(app, deps)
    actions.register(app, deps)
    return app
