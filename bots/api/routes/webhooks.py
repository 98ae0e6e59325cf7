"""Webhook subscriptions of an API key: create (the secret is shown once), list, delete, and
the record of delivery attempts.

The URL is checked when it is registered (http/https only, every resolved address public unless
``WEBHOOKS__ALLOW_PRIVATE_TARGETS``) and again at every delivery, because DNS can change.
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from bots.api import links
from bots.api.deps import RateLimitedKeyDep, SettingsDep
from bots.api.problems import ApiProblem, responses
from bots.api.schemas import (
    WebhookDeliveryPublic,
    WebhookEndpointCreate,
    WebhookEndpointCreated,
    WebhookEndpointPublic,
)
from bots.webhooks.signing import new_secret
from bots.webhooks.ssrf import TargetRefused, resolve_target
from storage.models import WebhookDelivery, WebhookEndpoint

router = APIRouter(prefix=links.API_PREFIX + "/webhooks", tags=["webhooks"])

MAX_ENDPOINTS_PER_KEY = 20
DELIVERIES_SHOWN = 100  # most recent attempts listed


def _public(endpoint: WebhookEndpoint) -> WebhookEndpointPublic:
    return WebhookEndpointPublic(
        id=endpoint.id,
        url=endpoint.url,
        event_types=list(endpoint.event_types),
        enabled=endpoint.enabled,
        created_at=endpoint.created_at,
    )


async def _own_endpoint(endpoint_id: uuid.UUID, key: str) -> WebhookEndpoint:
    endpoint = await WebhookEndpoint.get_or_none(id=endpoint_id, owner_key_hash=key)
    if endpoint is None:
        raise ApiProblem(
            404, "No webhook endpoint with this id for this API key.", code="webhook_not_found"
        )
    return endpoint


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=WebhookEndpointCreated,
    summary="Subscribe a URL to job events; the signing secret is shown only in this answer",
    responses=responses(401, 409, 422, 429),
)
async def create_webhook(
    body: WebhookEndpointCreate, key: RateLimitedKeyDep, settings: SettingsDep
) -> WebhookEndpointCreated:
    url = str(body.url)
    if len(url) > 2048:
        raise ApiProblem(422, "The URL is longer than 2048 characters.", code="validation_error")
    try:
        await resolve_target(url, allow_private=settings.webhooks.allow_private_targets)
    except TargetRefused as exc:
        raise ApiProblem(
            422, f"This URL cannot receive webhooks: {exc}.", code="webhook_url_refused"
        ) from exc
    if await WebhookEndpoint.filter(owner_key_hash=key).count() >= MAX_ENDPOINTS_PER_KEY:
        raise ApiProblem(
            409,
            f"An API key may have at most {MAX_ENDPOINTS_PER_KEY} webhook "
            "endpoints; delete one first.",
            code="too_many_webhooks",
        )
    endpoint = await WebhookEndpoint.create(
        id=uuid.uuid4(),
        url=url,
        event_types=sorted(set(body.event_types)),
        secret=new_secret(),
        owner_key_hash=key,
    )
    return WebhookEndpointCreated(**_public(endpoint).model_dump(), secret=endpoint.secret)


@router.get(
    "",
    response_model=list[WebhookEndpointPublic],
    summary="This key's webhook endpoints (secrets are never shown again)",
    responses=responses(401, 429),
)
async def list_webhooks(key: RateLimitedKeyDep) -> list[WebhookEndpointPublic]:
    endpoints = await WebhookEndpoint.filter(owner_key_hash=key).order_by("created_at")
    return [_public(e) for e in endpoints]


@router.get(
    "/{endpoint_id}/deliveries",
    response_model=list[WebhookDeliveryPublic],
    summary="The most recent delivery attempts to one endpoint, newest first",
    responses=responses(401, 404, 422, 429),
)
async def list_deliveries(
    endpoint_id: uuid.UUID, key: RateLimitedKeyDep
) -> list[WebhookDeliveryPublic]:
    endpoint = await _own_endpoint(endpoint_id, key)
    rows = (
        await WebhookDelivery.filter(endpoint_id=endpoint.id)
        .order_by("-created_at")
        .limit(DELIVERIES_SHOWN)
    )
    return [
        WebhookDeliveryPublic(
            id=r.id,
            job_id=r.job_id,
            event_type=r.event_type,
            attempt=r.attempt_count,
            status_code=r.last_status_code,
            error=r.last_error,
            next_attempt_at=r.next_attempt_at,
            delivered_at=r.delivered_at,
            created_at=r.created_at,
        )
        for r in rows
    ]


@router.delete(
    "/{endpoint_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    summary="Unsubscribe (pending retries to it stop)",
    responses=responses(401, 404, 422, 429),
)
async def delete_webhook(endpoint_id: uuid.UUID, key: RateLimitedKeyDep) -> Response:
    endpoint = await _own_endpoint(endpoint_id, key)
    await endpoint.delete()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
