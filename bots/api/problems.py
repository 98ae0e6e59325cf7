"""RFC 9457 problem details: every error the API answers is ``application/problem+json``.

Shape (RFC 9457 section 3)::

    {"type": "https://resume-engine.dev/problems/<slug>", "title": str, "status": int,
     "detail": str, "instance": "/api/v1/...", ...extension members}

Extensions used here: ``code`` (our stable machine name, e.g. ``unsupported_type``) and, for
422, ``errors`` (FastAPI's validation error list without the rejected input values).
"""

from __future__ import annotations

import logging
import re
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://resume-engine.dev/problems/"


class ProblemResponse(JSONResponse):
    media_type = MEDIA_TYPE


class ApiProblem(Exception):
    """Raise from a route to answer a problem; ``headers`` e.g. ``Retry-After``."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.code = code or _slug(status)
        self.headers = headers


def _slug(status: int) -> str:
    try:
        return HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
    except ValueError:
        return "error"


def problem(
    request: Request,
    status: int,
    detail: str,
    *,
    code: str | None = None,
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> ProblemResponse:
    """Build a problem response for ``request``."""
    code = code or _slug(status)
    try:
        title = HTTPStatus(status).phrase
    except ValueError:
        title = "Error"
    body: dict[str, Any] = {
        "type": TYPE_BASE + code,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        "code": code,
        **extensions,
    }
    return ProblemResponse(body, status_code=status, headers=headers)


async def _on_api_problem(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, ApiProblem)
    return problem(request, exc.status, exc.detail, code=exc.code, headers=exc.headers)


# Details we give for framework errors; Starlette's defaults ("Not Found") say too little.
_DETAILS = {
    404: "No such resource.",
    405: "This method is not allowed on this resource.",
    413: "The upload is too large.",
}


# Starlette's form parser refuses a text field over its per-part limit (1 MB by default) with a
# 400 whose detail is this; it is an invalid field, answered like every other one (422).
_FIELD_TOO_LARGE = re.compile(r"(?:Part|Field) exceeded maximum size of (\d+)KB")


def _field_too_large(request: Request, kilobytes: int) -> ProblemResponse:
    msg = f"A text field of this form is over {kilobytes} KB, more than the server reads."
    if request.url.path.startswith("/api/"):  # the submit forms: the field is job_description
        limit = request.app.state.settings.api.job_description_max_chars
        msg += f" job_description may be at most {limit} characters."
    return problem(
        request,
        422,
        msg,
        code="validation_error",
        errors=[{"loc": ["body"], "msg": msg, "type": "string_too_long"}],
    )


async def _on_http_exception(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    if exc.status_code == 400 and (match := _FIELD_TOO_LARGE.match(detail)):
        return _field_too_large(request, int(match.group(1)))
    if exc.status_code in _DETAILS and detail == HTTPStatus(exc.status_code).phrase:
        detail = _DETAILS[exc.status_code]
    headers = dict(exc.headers) if exc.headers else None
    if exc.status_code == 413:
        # Raised by the streaming body cap (Starlette's RequestBodyLimitMiddleware).
        from bots.api.uploads import too_large_message

        limit = request.app.state.settings.limits.max_file_bytes
        return problem(request, 413, too_large_message(limit), code="too_large", headers=headers)
    return problem(request, exc.status_code, detail, headers=headers)


async def _on_validation_error(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, RequestValidationError)
    # Never echo the rejected input: it may be resume text or contact details.
    errors = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in exc.errors()
    ]
    return problem(
        request,
        422,
        "The request is not valid; see `errors`.",
        code="validation_error",
        errors=errors,
    )


async def _on_unexpected(request: Request, exc: Exception) -> ProblemResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem(request, 500, "An unexpected error occurred; it has been logged.")


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into a problem document."""
    app.add_exception_handler(ApiProblem, _on_api_problem)
    app.add_exception_handler(StarletteHTTPException, _on_http_exception)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(Exception, _on_unexpected)


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` entries documenting problem documents for ``statuses``."""
    from bots.api.schemas import Problem

    return {
        status: {
            "model": Problem,
            "description": HTTPStatus(status).phrase,
            "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in statuses
    }


def tidy_openapi(app: FastAPI) -> None:
    """Make ``app.openapi()`` list only ``application/problem+json`` for problem responses.

    FastAPI files a response ``model`` under the route's JSON media type as well; errors are
    never sent as plain ``application/json``, so that entry would be false.
    """
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            for path in schema.get("paths", {}).values():
                for operation in path.values():
                    for response in operation.get("responses", {}).values():
                        content = response.get("content", {})
                        if MEDIA_TYPE in content:
                            content.pop("application/json", None)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
