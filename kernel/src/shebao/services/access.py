"""Use cases of access to the service: API tokens for hospitals, counters and auditors;
insured persons' enrolment with a one-time code, their passwords (argon2), logins (rate
limited) and sessions. Only hashes of secrets are stored; a secret is shown once."""

import datetime as dt
import hashlib
import hmac
import secrets
from typing import TYPE_CHECKING, Protocol

from shebao.errors import InputError, NotFound, RuleViolation, ShebaoError, must_exist
from shebao.i18n import N_, _, ngettext
from shebao.model.access import TOKEN_ROLES, ApiToken, PersonSession, Role
from shebao.model.card import ActivationKind
from shebao.services.people import get_person
from shebao.store.ports import AccessRepository, UnitOfWork

if TYPE_CHECKING:
    from argon2 import PasswordHasher

TOKEN_PREFIX = "shb_"
ENROLMENT_CODE_DAYS = 7
SESSION_HOURS = 8
LOGIN_FAILURES_ALLOWED = 5  # within LOGIN_WINDOW; then logins wait until the window passes
LOGIN_WINDOW = dt.timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 8


class AccessUnit(UnitOfWork, Protocol):
    @property
    def access(self) -> AccessRepository: ...


class NotAuthenticated(ShebaoError):
    """No valid credentials: a missing, unknown or revoked token, or no live session."""


def secret_hash(secret: str) -> str:
    """Tokens, codes and session ids are random and long: a SHA-256 keeps them unguessable at rest
    and is fast enough to check on every request (argon2 is for what people choose: passwords)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(uow: AccessUnit, role: Role, institution_code: str | None, label: str, now: dt.datetime) -> tuple[ApiToken, str]:
    """A new API token; the secret is returned once and stored only as its hash."""
    if role not in TOKEN_ROLES:
        raise InputError(
            _("a token's role is one of {value}, not {value2}").format(
                value=", ".join(r.value for r in TOKEN_ROLES), value2=role.value
            )
        )
    if (role is Role.HOSPITAL) != bool(institution_code):
        raise InputError(_("a hospital token names its institution (--institution), and only a hospital token does"))
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with uow:
        if institution_code is not None:
            institution_code = institution_code.strip().upper()
            if uow.institutions.get(institution_code) is None:
                raise NotFound(N_("institution"), institution_code)
        token_id = uow.access.add_token(secret_hash(secret), role, institution_code, label.strip(), now, uow.operator)
        uow.audit.record("token.create", f"token:{token_id}", role=role.value, institution=institution_code, label=label)
        uow.commit()
    token = uow.access.token(token_id)
    assert token is not None
    return token, secret


def tokens(uow: AccessUnit) -> list[ApiToken]:
    return uow.access.tokens()


def revoke_token(uow: AccessUnit, token_id: int, now: dt.datetime) -> ApiToken:
    with uow:
        token = must_exist(uow.access.token(token_id), "token", str(token_id))
        if token.revoked_at is not None:
            raise RuleViolation(
                "revoke-once",
                _("token {token_id} was revoked at {revoked_at}").format(token_id=token_id, revoked_at=token.revoked_at),
            )
        uow.access.revoke_token(token_id, now)
        uow.audit.record("token.revoke", f"token:{token_id}", role=token.role.value, institution=token.institution_code)
        uow.commit()
    revoked = uow.access.token(token_id)
    assert revoked is not None
    return revoked


def authenticate_token(uow: AccessUnit, secret: str) -> ApiToken:
    """The active token with this secret; a read, no transaction."""
    token = uow.access.token_by_hash(secret_hash(secret.strip()))
    if token is None:
        raise NotAuthenticated("unknown API token")
    if token.revoked_at is not None:
        raise NotAuthenticated(f"API token {token.id} was revoked at {token.revoked_at}")
    return token


def issue_enrolment_code(uow: AccessUnit, citizen_id: str, now: dt.datetime) -> str:
    """The one-time code printed at the counter once the electronic certificate is activated;
    a new code replaces an earlier one."""
    code = "".join(secrets.choice("0123456789") for _ in range(8))
    with uow:
        person = get_person(uow, citizen_id)
        number = person.citizen_id.number
        if not uow.activations.of_person(number, ActivationKind.ELECTRONIC_CERTIFICATE):
            raise RuleViolation(
                "ecert-activated",
                _("the electronic certificate of {number} is not activated: activate it before enrolment").format(number=number),
            )
        expires = now + dt.timedelta(days=ENROLMENT_CODE_DAYS)
        uow.access.set_enrolment_code(number, secret_hash(code), now, expires, uow.operator)
        uow.audit.record("account.enrolment-code", number, expires=expires.isoformat(timespec="seconds"))
        uow.commit()
    return code


def _hasher() -> "PasswordHasher":
    # imported when a password is checked: the CLI's other commands do not load argon2
    from argon2 import PasswordHasher

    return PasswordHasher()


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(
            _("a password has at least {MIN_PASSWORD_LENGTH} characters").format(MIN_PASSWORD_LENGTH=MIN_PASSWORD_LENGTH)
        )
    if len(password) > 256:
        raise InputError(_("a password has at most 256 characters"))


def _refuse_when_limited(uow: AccessUnit, number: str, now: dt.datetime) -> None:
    if uow.access.failed_logins_since(number, now - LOGIN_WINDOW) >= LOGIN_FAILURES_ALLOWED:
        minutes = int(LOGIN_WINDOW.total_seconds() // 60)
        raise RuleViolation(
            "login-rate-limit",
            ngettext(
                "too many failed attempts: try again after {minutes} minute",
                "too many failed attempts: try again after {minutes} minutes",
                minutes,
            ).format(minutes=minutes),
        )


def enrol(uow: AccessUnit, citizen_id: str, code: str, password: str, now: dt.datetime) -> str:
    """Set the person's password with the one-time code, which is then spent. Returns the id."""
    _check_password(password)
    with uow:
        number = get_person(uow, citizen_id).citizen_id.number
        _refuse_when_limited(uow, number, now)
        stored = uow.access.enrolment_code(number)
        if stored is None or not hmac.compare_digest(stored[0], secret_hash(code.strip())):
            # a wrong code counts as a failed login: codes cannot be guessed faster than passwords
            uow.access.add_failed_login(number, now)
            uow.audit.record("account.enrol-failed", number)
            uow.commit()
            raise RuleViolation("enrolment-code", _("the enrolment code is wrong or was already used"))
        if stored[1] < now:
            raise RuleViolation(
                "enrolment-code",
                _("the enrolment code expired at {stored}: ask the counter for a new one").format(stored=stored[1]),
            )
        uow.access.set_password(number, _hasher().hash(password), now)
        uow.access.drop_enrolment_code(number)
        uow.access.drop_sessions_of(number)
        uow.audit.record("account.enrol", number)
        uow.commit()
    return number


def login(uow: AccessUnit, citizen_id: str, password: str, now: dt.datetime) -> tuple[str, PersonSession]:
    """A new session (its secret and what it holds) for a right password. Wrong passwords are
    counted: after LOGIN_FAILURES_ALLOWED in LOGIN_WINDOW, logins are refused until it passes."""
    from argon2.exceptions import VerificationError

    refused = NotAuthenticated("wrong citizen id or password")
    try:
        number = get_person(uow, citizen_id).citizen_id.number
    except (InputError, NotFound):
        raise refused from None
    with uow:
        _refuse_when_limited(uow, number, now)
        stored = uow.access.password_hash(number)
        try:
            if stored is None:
                raise VerificationError("no account")
            _hasher().verify(stored, password)
        except VerificationError:
            uow.access.add_failed_login(number, now)
            uow.audit.record("account.login-failed", number)
            uow.commit()
            raise refused from None
        secret = secrets.token_urlsafe(32)
        session = PersonSession(number, secrets.token_urlsafe(24), now + dt.timedelta(hours=SESSION_HOURS))
        uow.access.add_session(secret_hash(secret), session, now)
        uow.access.clear_failed_logins(number)
        uow.audit.record("account.login", number)
        uow.commit()
    return secret, session


def session(uow: AccessUnit, secret: str, now: dt.datetime) -> PersonSession:
    found = uow.access.session(secret_hash(secret))
    if found is None or found.expires_at <= now:
        raise NotAuthenticated("no session, or it expired: log in again")
    return found


def logout(uow: AccessUnit, secret: str) -> None:
    with uow:
        uow.access.drop_session(secret_hash(secret))
        uow.commit()
