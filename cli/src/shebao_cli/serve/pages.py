"""The self-service pages for insured persons (Chinese, plain HTML forms that work on a phone):
enrolment, login, off-site filing with documents, settlements, the first card, contributions.

Handlers route, check the session and CSRF token, call the services and render; a refusal is
shown on the page with the same message the CLI prints."""

from pathlib import Path
from typing import Any, NamedTuple

from litestar import Request, Response, Router, get, post
from litestar.datastructures import ResponseHeader, UploadFile
from litestar.di import Provide
from litestar.params import FromPath, SkipValidation
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Redirect, Template
from litestar.template.config import TemplateConfig

from shebao.errors import NotFound, ShebaoError
from shebao.model.access import PersonSession
from shebao.services import access
from shebao_cli.serve import page_data
from shebao_cli.serve.api import service_of
from shebao_cli.serve.auth import SESSION_COOKIE
from shebao_cli.serve.problems import Forbidden
from shebao_cli.serve.service import Service
from shebao_cli.serve.uploads import checked_upload
from shebao_cli.serve.web_session import (
    check_csrf,
    check_pre_login,
    current_session,
    pre_login_token,
    session_cookie,
)

TEMPLATES = TemplateConfig(directory=Path(__file__).parent / "templates", engine=JinjaTemplateEngine)


def _page(name: str, status: int = 200, **context: Any) -> Template:
    return Template(template_name=name, context=context, status_code=status)


def _login_page(request: Request[Any, Any, Any], name: str, error: str | None = None, **context: Any) -> Template:
    token, cookie = pre_login_token(request)
    page = _page(name, status=400 if error else 200, form_token=token, error=error, **context)
    if cookie is not None:
        page.cookies.append(cookie)
    return page


def _person(request: Request[Any, Any, Any]) -> tuple[Service, PersonSession] | None:
    service = service_of(request)
    session = current_session(service, request)
    return None if session is None else (service, session)


class NotSignedIn(Exception):
    """A page of one's own asked for without a live session: the login page answers."""


class _SignedIn(NamedTuple):
    service: Service
    session: PersonSession


def _signed_in(request: Request[Any, Any, Any]) -> _SignedIn:
    """The service and the person's session for the pages under /me, or ``NotSignedIn``."""
    found = _person(request)
    if found is None:
        raise NotSignedIn
    return _SignedIn(*found)


# given to every page handler that names it; the value is built here, so not validated again
SignedIn = SkipValidation[_SignedIn]


def _to_login(request: Request[Any, Any, Any], error: NotSignedIn) -> Redirect:
    """``NotSignedIn``'s handler: the login page."""
    return Redirect("/login", status_code=303)


async def _form(request: Request[Any, Any, Any]) -> dict[str, list[Any]]:
    form = await request.form()
    return {key: form.getall(key) for key in form}


def _one(form: dict[str, list[Any]], key: str) -> str:
    values = [v for v in form.get(key, []) if isinstance(v, str)]
    return values[0].strip() if values else ""


@get("/", include_in_schema=False)
async def home(request: Request[Any, Any, Any]) -> Template | Redirect:
    if _person(request) is not None:
        return Redirect("/me", status_code=303)
    return _page("home.html")


@get("/enrol", include_in_schema=False)
async def enrol_form(request: Request[Any, Any, Any]) -> Template:
    return _login_page(request, "enrol.html")


@post("/enrol", include_in_schema=False, status_code=303)
async def enrol(request: Request[Any, Any, Any]) -> Template | Redirect:
    form = await _form(request)
    check_pre_login(request, _one(form, "form_token"))
    service = service_of(request)
    citizen_id = _one(form, "citizen_id")
    password = _one(form, "password")
    if password != _one(form, "password_again"):
        return _login_page(request, "enrol.html", "两次输入的密码不一致 (the passwords differ)", citizen_id=citizen_id)
    try:
        access.enrol(service.uow(), citizen_id, _one(form, "code"), password, service.now())
    except ShebaoError as error:
        return _login_page(request, "enrol.html", str(error), citizen_id=citizen_id)
    return Redirect("/login?enrolled=1", status_code=303)


@get("/login", include_in_schema=False)
async def login_form(request: Request[Any, Any, Any]) -> Template:
    return _login_page(request, "login.html", enrolled=request.query_params.get("enrolled") == "1")


@post("/login", include_in_schema=False, status_code=303)
async def login(request: Request[Any, Any, Any]) -> Template | Redirect:
    form = await _form(request)
    check_pre_login(request, _one(form, "form_token"))
    service = service_of(request)
    citizen_id = _one(form, "citizen_id")
    try:
        secret, session = access.login(service.uow(), citizen_id, _one(form, "password"), service.now())
    except ShebaoError as error:
        return _login_page(request, "login.html", str(error), citizen_id=citizen_id)
    max_age = int((session.expires_at - service.now()).total_seconds())
    cookie = session_cookie(secret, max_age, request.url.scheme == "https")
    return Redirect("/me", cookies=[cookie], status_code=303)


@post("/logout", include_in_schema=False, status_code=303)
async def logout(request: Request[Any, Any, Any]) -> Redirect:
    form = await _form(request)
    found = _person(request)
    if found is not None:
        service, session = found
        check_csrf(session, _one(form, "csrf"))
        access.logout(service.uow(), request.cookies[SESSION_COOKIE])
    redirect = Redirect("/login", status_code=303)
    redirect.delete_cookie(SESSION_COOKIE)
    return redirect


@get("/me", include_in_schema=False)
async def me(you: SignedIn) -> Template | Redirect:
    service, session = you
    return _page("me.html", session=session, person=page_data.person(service, session))


@get("/me/filings", include_in_schema=False)
async def my_filings(you: SignedIn) -> Template | Redirect:
    service, session = you
    return _page("filings.html", session=session, filings=page_data.filings_of(service, session))


@get("/me/filings/new", include_in_schema=False)
async def new_filing(request: Request[Any, Any, Any], you: SignedIn) -> Template | Redirect:
    service, session = you
    return _filing_form(service, session, dict(request.query_params))


def _filing_form(service: Service, session: PersonSession, given: dict[str, Any], error: str | None = None) -> Template:
    region = str(given.get("region", "")).strip()
    name = str(given.get("q", "")).strip()
    found, search_error = page_data.institution_choices(service, session, region, name)
    return _page(
        "filing_new.html",
        status=400 if error else 200,
        session=session,
        given=given,
        region=region,
        q=name,
        institutions=found,
        search_error=search_error,
        error=error,
        categories=page_data.CATEGORIES,
        documents=page_data.DOCUMENTS,
    )


@post("/me/filings", include_in_schema=False, status_code=303)
async def apply_filing(request: Request[Any, Any, Any], you: SignedIn) -> Template | Redirect:
    service, session = you
    form = await _form(request)
    check_csrf(session, _one(form, "csrf"))
    given: dict[str, Any] = {key: _one(form, key) for key in ("category", "region", "address", "q")}
    try:
        uploads = []
        for document, label in page_data.DOCUMENTS:
            for part in form.get(f"doc-{document}", []):
                if isinstance(part, UploadFile) and part.filename:
                    uploads.append(checked_upload(document, label, await part.read()))
        institutions = [v for v in form.get("institution", []) if isinstance(v, str)]
        filing_id = page_data.apply_filing(service, session, given, institutions, _one(form, "inpatient") == "on", uploads)
    except ShebaoError as error:
        return _filing_form(service, session, given, str(error))
    return Redirect(f"/me/filings/{filing_id}", status_code=303)


@get("/me/filings/{filing_id:str}", include_in_schema=False)
async def my_filing(filing_id: FromPath[str], you: SignedIn) -> Template | Redirect:
    service, session = you
    return _page("filing.html", session=session, **page_data.filing(service, session, filing_id))


@post("/me/filings/{filing_id:str}/revoke", include_in_schema=False, status_code=303)
async def revoke_filing(request: Request[Any, Any, Any], filing_id: FromPath[str], you: SignedIn) -> Template | Redirect:
    service, session = you
    form = await _form(request)
    check_csrf(session, _one(form, "csrf"))
    try:
        page_data.revoke_filing(service, session, filing_id)
    except ShebaoError as error:
        return _page(
            "filing.html", status=422, session=session, error=str(error), **page_data.filing(service, session, filing_id)
        )
    return Redirect(f"/me/filings/{filing_id}", status_code=303)


@get("/me/institutions", include_in_schema=False)
async def institutions(request: Request[Any, Any, Any], you: SignedIn) -> Template | Redirect:
    service, session = you
    region = request.query_params.get("region", "").strip()
    name = request.query_params.get("q", "").strip()
    results, error = page_data.institution_choices(service, session, region, name)
    return _page(
        "institutions.html",
        session=session,
        regions=page_data.open_regions(service),
        region=region,
        q=name,
        institutions=results,
        error=error,
    )


@get("/me/settlements", include_in_schema=False)
async def my_settlements(you: SignedIn) -> Template | Redirect:
    service, session = you
    return _page("settlements.html", session=session, settlements=page_data.settlements(service, session))


@get("/me/settlements/{settlement_id:int}", include_in_schema=False)
async def my_settlement(settlement_id: FromPath[int], you: SignedIn) -> Template | Redirect:
    service, session = you
    return _page("settlement.html", session=session, s=page_data.settlement_of(service, session, settlement_id))


@get("/me/card", include_in_schema=False)
async def my_card(you: SignedIn) -> Template | Redirect:
    service, session = you
    return _page("card.html", session=session, **page_data.card(service, session))


@post("/me/card", include_in_schema=False, status_code=303)
async def apply_card(request: Request[Any, Any, Any], you: SignedIn) -> Template | Redirect:
    service, session = you
    form = await _form(request)
    check_csrf(session, _one(form, "csrf"))
    given = {key: _one(form, key) for key in ("document", "address", "phone", "photo_receipt")}
    try:
        page_data.apply_card(service, session, given)
    except ShebaoError as error:
        return _page("card.html", status=400, session=session, error=str(error), given=given, **page_data.card(service, session))
    return Redirect("/me/card", status_code=303)


@get("/me/card/{document:str}", include_in_schema=False)
async def card_document(document: FromPath[str], you: SignedIn) -> Response[bytes]:
    """``form.docx``, ``form.html``, ``notice.docx`` or ``notice.html``."""
    service, session = you
    which, _, extension = document.partition(".")
    content, media_type, filename = page_data.card_document(service, session, which, extension)
    return _download(content, media_type, filename)


def _download(content: bytes, media_type: str, filename: str) -> Response[bytes]:
    """A Word document to save; HTML to print from the browser."""
    disposition = "inline" if media_type.startswith("text/html") else f'attachment; filename="{filename}"'
    return Response(content, media_type=media_type.split(";")[0], headers={"Content-Disposition": disposition})


@get("/me/contributions/{document:str}", include_in_schema=False)
async def contribution_notice(document: FromPath[str], you: SignedIn) -> Response[bytes]:
    """``notice.docx`` or ``notice.html``: this month's contribution notice."""
    service, session = you
    which, _, extension = document.partition(".")
    if which != "notice":
        raise NotFound("document", document)
    content, media_type, filename = page_data.contribution_notice_document(service, session, extension)
    return _download(content, media_type, filename)


@get("/me/contributions", include_in_schema=False)
async def my_contributions(you: SignedIn) -> Template | Redirect:
    service, session = you
    return _page("contributions.html", session=session, **page_data.contributions_of(service, session))


def page_error(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    """A refusal on a page is shown as a page, in Chinese and with the CLI's message."""
    status = 403 if isinstance(error, Forbidden) else 404 if isinstance(error, NotFound) else 400
    return _page("error.html", status=status, message=str(error))


def pages_router() -> Router:
    return Router(
        "/",
        route_handlers=[
            home,
            enrol_form,
            enrol,
            login_form,
            login,
            logout,
            me,
            my_filings,
            new_filing,
            apply_filing,
            my_filing,
            revoke_filing,
            institutions,
            my_settlements,
            my_settlement,
            my_card,
            apply_card,
            card_document,
            my_contributions,
            contribution_notice,
        ],
        dependencies={"you": Provide(_signed_in, sync_to_thread=False)},
        exception_handlers={ShebaoError: page_error, NotSignedIn: _to_login},
        include_in_schema=False,
        # the pages are never framed by another site, their types never sniffed, and where a
        # person came from stays on this site
        response_headers=[
            ResponseHeader(name="X-Frame-Options", value="DENY"),
            ResponseHeader(name="X-Content-Type-Options", value="nosniff"),
            ResponseHeader(name="Referrer-Policy", value="same-origin"),
            ResponseHeader(name="Cache-Control", value="no-store"),
        ],
    )
