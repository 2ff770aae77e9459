"""Errors as RFC 9457 problem documents, with the message the CLI prints for the same error.

Bad input is 400, an unknown record 404, a refused business rule 422 (``rule`` names it),
missing credentials 401, a role that may not 403; a failing plugin 502 and a database error
503. An unexpected exception is 500 without a traceback: the API tests require there is none.
"""

import logging
import sqlite3
from typing import Any

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from shebao.errors import InputError, NotFound, PluginError, RuleViolation, ShebaoError
from shebao.services.access import NotAuthenticated

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://shebao.invalid/problems/"  # names, not pages: RFC 9457 allows a URI that resolves nowhere

log = logging.getLogger("shebao.serve")


class Forbidden(ShebaoError):
    """The caller's role may not do this, or not to this record."""

    def __init__(self, message: str) -> None:
        super().__init__(message)


def problem(request: Request[Any, Any, Any], status: int, kind: str, title: str, detail: str, **extra: Any) -> Response[Any]:
    body = {"type": PROBLEM_BASE + kind, "title": title, "status": status, "detail": detail, "instance": request.url.path}
    body.update(extra)
    headers = {"WWW-Authenticate": 'Bearer realm="shebao"'} if status == 401 else None
    return Response(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def shebao_error(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    message = " / ".join(part for part in str(error).splitlines() if part.strip())
    if isinstance(error, NotAuthenticated):
        return problem(request, 401, "not-authenticated", "Not authenticated", message)
    if isinstance(error, Forbidden):
        return problem(request, 403, "forbidden", "Forbidden", message)
    if isinstance(error, NotFound):
        return problem(request, 404, "not-found", "Not found", message, rule=error.rule)
    if isinstance(error, RuleViolation):
        return problem(request, 422, "rule", "Refused by a business rule", message, rule=error.rule)
    if isinstance(error, InputError):
        return problem(request, 400, "bad-input", "Bad input", message)
    if isinstance(error, PluginError):
        return problem(request, 502, "plugin", "A plugin failed", message, plugin=error.plugin)
    return problem(request, 400, "bad-input", "Bad input", message)


def http_error(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    assert isinstance(error, HTTPException)
    status = error.status_code
    if isinstance(error, ValidationException):
        extra = error.extra if isinstance(error.extra, list) else []
        details = "; ".join(
            f"{e.get('message')} @ {e.get('source', '')} {e.get('key', '')}".strip() for e in extra if isinstance(e, dict)
        )
        return problem(request, 400, "bad-input", "Bad input", details or str(error.detail))
    if status >= 500:
        return unexpected(request, error)
    return problem(request, status, f"http-{status}", str(error.detail), str(error.detail))


def database_error(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    return problem(request, 503, "database", "Database unavailable", f"database: {error}")


def unexpected(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=error)
    return Response(
        {"type": "about:blank", "title": "Internal Server Error", "status": 500, "detail": "internal error (logged)"},
        status_code=HTTP_500_INTERNAL_SERVER_ERROR,
        media_type=PROBLEM_JSON,
    )


EXCEPTION_HANDLERS: Any = {
    400: http_error,
    401: http_error,
    403: http_error,
    404: http_error,
    405: http_error,
    413: http_error,
    415: http_error,
    ShebaoError: shebao_error,
    HTTPException: http_error,
    sqlite3.DatabaseError: database_error,
    Exception: unexpected,
}

__all__ = ["EXCEPTION_HANDLERS", "PROBLEM_JSON", "Forbidden", "MediaType"]
