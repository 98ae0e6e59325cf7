"""HTTP mode: the Slack endpoints as a FastAPI router for the API app.

``/slack/events`` (Events API), ``/slack/commands`` (slash commands) and
``/slack/interactive`` (modal submissions, buttons) all go to the same Bolt app through its
FastAPI adapter, which verifies every request's ``X-Slack-Signature`` (v0, HMAC-SHA256 of
``v0:{timestamp}:{body}``) and refuses timestamps more than 5 minutes off
(https://docs.slack.dev/authentication/verifying-requests-from-slack) with 401.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from slack_bolt.adapter.fastapi.async_handler import AsyncSlackRequestHandler

from bots.slack.app import build_app
from config.settings import Settings

PATHS = ("/slack/events", "/slack/commands", "/slack/interactive")


def build_router(settings: Settings) -> APIRouter:
    """The Slack routes; needs ``SLACK__BOT_TOKEN`` and ``SLACK__SIGNING_SECRET``.

    Raises:
        ValueError: the signing secret is missing (requests could not be verified).
    """
    if settings.slack.signing_secret is None:
        raise ValueError("SLACK__SIGNING_SECRET is required for the Slack HTTP endpoints")
    handler = AsyncSlackRequestHandler(build_app(settings))
    router = APIRouter(tags=["slack"])

    async def slack_endpoint(request: Request) -> Response:
        return await handler.handle(request)

    for path in PATHS:
        router.add_api_route(path, slack_endpoint, methods=["POST"], include_in_schema=False)
    return router
