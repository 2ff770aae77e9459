"""Who is calling, and what each role may do: decided here, in one place.

Hospitals, counters and auditors send ``Authorization: Bearer <token>``; insured persons
carry a session cookie from the self-service pages. ``PERMISSIONS`` says which roles may use
each kind of endpoint; ``own_person`` and ``own_institution`` narrow a role to its own records.
"""

from typing import Any

from litestar.connection import ASGIConnection

from shebao.model.access import Actor, Role
from shebao.services import access
from shebao_cli.serve.problems import Forbidden
from shebao_cli.serve.service import Service

SESSION_COOKIE = "shebao_session"

INSURED, COUNTER, HOSPITAL, AUDITOR = Role.INSURED, Role.COUNTER, Role.HOSPITAL, Role.AUDITOR

PERMISSIONS: dict[str, frozenset[Role]] = {
    "settle": frozenset({COUNTER, HOSPITAL}),
    "reverse": frozenset({COUNTER, HOSPITAL}),
    "preview": frozenset({COUNTER, HOSPITAL}),
    "entitlement": frozenset({COUNTER, HOSPITAL, AUDITOR, INSURED}),
    "read-settlements": frozenset({COUNTER, HOSPITAL, AUDITOR, INSURED}),
    "read-person": frozenset({COUNTER, HOSPITAL, AUDITOR, INSURED}),
    "filing-covers": frozenset({COUNTER, HOSPITAL, AUDITOR, INSURED}),
    "read-filings": frozenset({COUNTER, AUDITOR, INSURED}),
    "filing-apply": frozenset({COUNTER, INSURED}),
    "filing-decide": frozenset({COUNTER}),
    "filing-revoke": frozenset({COUNTER, INSURED}),
    "institutions": frozenset({COUNTER, HOSPITAL, AUDITOR, INSURED}),
    "read-card": frozenset({COUNTER, AUDITOR, INSURED}),
}


def authenticate(service: Service, connection: ASGIConnection[Any, Any, Any, Any]) -> Actor:
    header = connection.headers.get("authorization", "")
    if header:
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise access.NotAuthenticated("the Authorization header is 'Bearer <token>'")
        token = service.api_token(secret)
        return Actor(token.role, f"token:{token.id}", institution_code=token.institution_code)
    cookie = connection.cookies.get(SESSION_COOKIE)
    if cookie and connection.scope.get("method") in ("GET", "HEAD"):
        # a browser sends the cookie with any request: the API reads with it but never changes
        # anything with it (the pages' forms, with their CSRF tokens, do that)
        session = access.session(service.uow(), cookie, service.now())
        return Actor(INSURED, f"person:{session.citizen_id}", citizen_id=session.citizen_id)
    if cookie:
        raise access.NotAuthenticated("changes through the API need an API token; insured persons use the pages")
    raise access.NotAuthenticated("send an API token (Authorization: Bearer …) or log in")


def permit(actor: Actor, permission: str) -> None:
    if actor.role not in PERMISSIONS[permission]:
        raise Forbidden(f"the {actor.role.value} role may not {permission.replace('-', ' ')}")


def own_person(actor: Actor, citizen_id: str) -> None:
    """An insured person sees and changes only their own record."""
    if actor.role is INSURED and actor.citizen_id != citizen_id:
        raise Forbidden("an insured person may see only their own record")


def own_institution(actor: Actor, institution_code: str) -> None:
    """A hospital's token works only for its own institution."""
    if actor.role is HOSPITAL and actor.institution_code != institution_code:
        raise Forbidden(f"this token belongs to institution {actor.institution_code}, not {institution_code}")


REVEALING_ROLES = frozenset({COUNTER, AUDITOR})


def reveals(actor: Actor, asked: bool = False) -> bool:
    """Ids and phone numbers are masked, as the CLI shows them without --reveal; the person they
    belong to sees them whole, and a counter or an auditor who asks (``reveal=true``, audited)."""
    if actor.role is INSURED:
        return True
    if asked and actor.role not in REVEALING_ROLES:
        raise Forbidden(f"the {actor.role.value} role may not reveal masked personal data")
    return asked
