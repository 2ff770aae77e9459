"""API tokens, insured persons' accounts, enrolment codes, sessions and failed logins in SQLite.
Every secret is stored as a hash; the callers hash."""

import datetime as dt
from typing import Any

from shebao.model.access import ApiToken, PersonSession, Role
from shebao.store.engine import Database
from shebao.store.table import Table

API_TOKENS = Table(
    "api_tokens",
    ("token_hash", "role", "institution_code", "label", "created_at", "created_by", "revoked_at"),
    key="id",
    numbered=True,
)
# a token as shown and checked: its hash is only ever compared in SQL
_TOKEN = API_TOKENS.only("id", "role", "institution_code", "label", "created_at", "created_by", "revoked_at")
ENROLMENT_CODES = Table("enrolment_codes", ("citizen_id", "code_hash", "issued_at", "expires_at", "issued_by"), key="citizen_id")
PERSON_ACCOUNTS = Table("person_accounts", ("citizen_id", "password_hash", "enrolled_at"), key="citizen_id")
PERSON_SESSIONS = Table(
    "person_sessions", ("session_hash", "citizen_id", "csrf_token", "created_at", "expires_at"), key="session_hash"
)
FAILED_LOGINS = Table("failed_logins", ("citizen_id", "at"), key="id", numbered=True)
FILING_UPLOADS = Table(
    "filing_uploads",
    ("filing_id", "document", "media_type", "size", "sha256", "content", "uploaded_at"),
    key="id",
    numbered=True,
)
_UPLOAD_LISTED = FILING_UPLOADS.only("id", "document", "media_type", "size")  # not the file's bytes


def _at(value: dt.datetime) -> str:
    return value.isoformat(timespec="seconds")


def _time(text: str | None) -> dt.datetime | None:
    return None if text is None else dt.datetime.fromisoformat(text)


def _token(row: Any) -> ApiToken:
    r = _TOKEN.named(row)
    return ApiToken(
        id=int(r["id"]),
        role=Role(r["role"]),
        institution_code=r["institution_code"],
        label=str(r["label"]),
        created_at=dt.datetime.fromisoformat(r["created_at"]),
        created_by=str(r["created_by"]),
        revoked_at=_time(r["revoked_at"]),
    )


class SqliteAccess:
    def __init__(self, db: Database) -> None:
        self._db = db

    # API tokens

    def add_token(self, token_hash: str, role: Role, institution_code: str | None, label: str, at: dt.datetime, by: str) -> int:
        row: dict[str, object] = {"token_hash": token_hash, "role": role.value, "institution_code": institution_code}
        row |= {"label": label, "created_at": _at(at), "created_by": by, "revoked_at": None}
        return int(self._db.execute(API_TOKENS.insert_numbered, API_TOKENS.values(row)).fetchone()[0])

    def token_by_hash(self, token_hash: str) -> ApiToken | None:
        row = self._db.execute(f"{_TOKEN.select} WHERE token_hash = ?", [token_hash]).fetchone()
        return None if row is None else _token(row)

    def token(self, token_id: int) -> ApiToken | None:
        row = self._db.execute(f"{_TOKEN.select} WHERE id = ?", [token_id]).fetchone()
        return None if row is None else _token(row)

    def tokens(self) -> list[ApiToken]:
        return [_token(row) for row in self._db.execute(f"{_TOKEN.select} ORDER BY id").fetchall()]

    def revoke_token(self, token_id: int, at: dt.datetime) -> None:
        self._db.execute(f"UPDATE {API_TOKENS.name} SET revoked_at = ? WHERE id = ?", [_at(at), token_id])

    # insured persons' accounts and enrolment codes

    def set_enrolment_code(
        self, citizen_id: str, code_hash: str, issued_at: dt.datetime, expires_at: dt.datetime, by: str
    ) -> None:
        row = {"citizen_id": citizen_id, "code_hash": code_hash, "issued_at": _at(issued_at), "expires_at": _at(expires_at)}
        self._db.execute(ENROLMENT_CODES.upsert(), ENROLMENT_CODES.values({**row, "issued_by": by}))

    def enrolment_code(self, citizen_id: str) -> tuple[str, dt.datetime] | None:
        row = self._db.execute(f"{ENROLMENT_CODES.select} WHERE citizen_id = ?", [citizen_id]).fetchone()
        if row is None:
            return None
        r = ENROLMENT_CODES.named(row)
        return str(r["code_hash"]), dt.datetime.fromisoformat(r["expires_at"])

    def drop_enrolment_code(self, citizen_id: str) -> None:
        self._db.execute(f"DELETE FROM {ENROLMENT_CODES.name} WHERE citizen_id = ?", [citizen_id])

    def set_password(self, citizen_id: str, password_hash: str, at: dt.datetime) -> None:
        """The first password enrols the person (``enrolled_at``); a new one replaces only the hash."""
        row = {"citizen_id": citizen_id, "password_hash": password_hash, "enrolled_at": _at(at)}
        self._db.execute(PERSON_ACCOUNTS.upsert(replaced=("password_hash",)), PERSON_ACCOUNTS.values(row))

    def password_hash(self, citizen_id: str) -> str | None:
        row = self._db.execute(f"{PERSON_ACCOUNTS.select} WHERE citizen_id = ?", [citizen_id]).fetchone()
        return None if row is None else str(PERSON_ACCOUNTS.named(row)["password_hash"])

    # sessions and failed logins

    def add_session(self, session_hash: str, session: PersonSession, at: dt.datetime) -> None:
        row: dict[str, object] = {"session_hash": session_hash, "citizen_id": session.citizen_id}
        row |= {"csrf_token": session.csrf_token, "created_at": _at(at), "expires_at": _at(session.expires_at)}
        self._db.execute(PERSON_SESSIONS.insert, PERSON_SESSIONS.values(row))

    def session(self, session_hash: str) -> PersonSession | None:
        row = self._db.execute(f"{PERSON_SESSIONS.select} WHERE session_hash = ?", [session_hash]).fetchone()
        if row is None:
            return None
        r = PERSON_SESSIONS.named(row)
        return PersonSession(
            citizen_id=str(r["citizen_id"]),
            csrf_token=str(r["csrf_token"]),
            expires_at=dt.datetime.fromisoformat(r["expires_at"]),
        )

    def drop_session(self, session_hash: str) -> None:
        self._db.execute(f"DELETE FROM {PERSON_SESSIONS.name} WHERE session_hash = ?", [session_hash])

    def drop_sessions_of(self, citizen_id: str) -> None:
        self._db.execute(f"DELETE FROM {PERSON_SESSIONS.name} WHERE citizen_id = ?", [citizen_id])

    def add_failed_login(self, citizen_id: str, at: dt.datetime) -> None:
        self._db.execute(FAILED_LOGINS.insert, FAILED_LOGINS.values({"citizen_id": citizen_id, "at": _at(at)}))

    def failed_logins_since(self, citizen_id: str, since: dt.datetime) -> int:
        row = self._db.execute(
            f"SELECT count(*) FROM {FAILED_LOGINS.name} WHERE citizen_id = ? AND at >= ?", [citizen_id, _at(since)]
        ).fetchone()
        return int(row[0])

    def clear_failed_logins(self, citizen_id: str) -> None:
        self._db.execute(f"DELETE FROM {FAILED_LOGINS.name} WHERE citizen_id = ?", [citizen_id])

    # documents uploaded with an online filing application

    def add_upload(self, filing_id: str, document: str, media_type: str, content: bytes, sha256: str, at: dt.datetime) -> int:
        row: dict[str, object] = {"filing_id": filing_id, "document": document, "media_type": media_type, "size": len(content)}
        row |= {"sha256": sha256, "content": content, "uploaded_at": _at(at)}
        return int(self._db.execute(FILING_UPLOADS.insert_numbered, FILING_UPLOADS.values(row)).fetchone()[0])

    def uploads(self, filing_id: str) -> list[tuple[int, str, str, int]]:
        """(id, document, media type, size) of each upload of a filing."""
        rows = self._db.execute(f"{_UPLOAD_LISTED.select} WHERE filing_id = ? ORDER BY id", [filing_id]).fetchall()
        listed = [_UPLOAD_LISTED.named(row) for row in rows]
        return [(int(r["id"]), str(r["document"]), str(r["media_type"]), int(r["size"])) for r in listed]
