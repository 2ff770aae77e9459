"""The insured person's side of a page request: the session cookie, and CSRF tokens.

A logged-in form carries the session's own CSRF token (kept in the session row); the enrol
and login forms, before any session exists, carry a random token that must equal a cookie
set with the form (double submit). Either check fails closed."""

import hmac
import secrets
from typing import Any

from litestar import Request
from litestar.datastructures import Cookie

from shebao.model.access import PersonSession
from shebao.services import access
from shebao_cli.serve.auth import SESSION_COOKIE
from shebao_cli.serve.problems import Forbidden
from shebao_cli.serve.service import Service

PRE_LOGIN_CSRF_COOKIE = "shebao_form"


def current_session(service: Service, request: Request[Any, Any, Any]) -> PersonSession | None:
    secret = request.cookies.get(SESSION_COOKIE)
    if not secret:
        return None
    try:
        return access.session(service.uow(), secret, service.now())
    except access.NotAuthenticated:
        return None


def session_cookie(secret: str, max_age: int, secure: bool) -> Cookie:
    return Cookie(key=SESSION_COOKIE, value=secret, max_age=max_age, httponly=True, samesite="lax", secure=secure, path="/")


def pre_login_token(request: Request[Any, Any, Any]) -> tuple[str, Cookie | None]:
    """The form token of the enrol and login pages, and the cookie to set if there was none."""
    existing = request.cookies.get(PRE_LOGIN_CSRF_COOKIE)
    if existing:
        return existing, None
    token = secrets.token_urlsafe(24)
    return token, Cookie(key=PRE_LOGIN_CSRF_COOKIE, value=token, httponly=True, samesite="strict", path="/")


def check_pre_login(request: Request[Any, Any, Any], form_token: str) -> None:
    cookie = request.cookies.get(PRE_LOGIN_CSRF_COOKIE, "")
    if not cookie or not hmac.compare_digest(cookie, form_token):
        raise Forbidden("the form is stale or was not sent from this site: reload the page and try again")


def check_csrf(session: PersonSession, form_token: str) -> None:
    if not hmac.compare_digest(session.csrf_token, form_token):
        raise Forbidden("the form is stale or was not sent from this site: reload the page and try again")
