"""API tokens, insured persons' accounts, enrolment codes, sessions and failed logins in SQLite.
Every secret is stored as a hash; the callers hash."""

import datetime as dt

from shebao.model.access import ApiToken, PersonSession, Role
from shebao.store.engine import Database


def _at(value: dt.datetime) -> str:
    return value.isoformat(timespec="seconds")


def _token(row: tuple[object, ...]) -> ApiToken:
    token_id, role, institution, label, created_at, created_by, revoked_at = row
    return ApiToken(
        int(str(token_id)),
        Role(role),
        None if institution is None else str(institution),
        str(label),
        dt.datetime.fromisoformat(str(created_at)),
        str(created_by),
        None if revoked_at is None else dt.datetime.fromisoformat(str(revoked_at)),
    )


_TOKEN_COLUMNS = "id, role, institution_code, label, created_at, created_by, revoked_at"


class SqliteAccess:
    def __init__(self, db: Database) -> None:
        self._db = db

    # API tokens

    def add_token(self, token_hash: str, role: Role, institution_code: str | None, label: str, at: dt.datetime, by: str) -> int:
        cursor = self._db.execute(
            "INSERT INTO api_tokens (token_hash, role, institution_code, label, created_at, created_by)"
            " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            [token_hash, role.value, institution_code, label, _at(at), by],
        )
        return int(cursor.fetchone()[0])

    def token_by_hash(self, token_hash: str) -> ApiToken | None:
        row = self._db.execute(f"SELECT {_TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = ?", [token_hash]).fetchone()
        return None if row is None else _token(row)

    def token(self, token_id: int) -> ApiToken | None:
        row = self._db.execute(f"SELECT {_TOKEN_COLUMNS} FROM api_tokens WHERE id = ?", [token_id]).fetchone()
        return None if row is None else _token(row)

    def tokens(self) -> list[ApiToken]:
        return [_token(row) for row in self._db.execute(f"SELECT {_TOKEN_COLUMNS} FROM api_tokens ORDER BY id").fetchall()]

    def revoke_token(self, token_id: int, at: dt.datetime) -> None:
        self._db.execute("UPDATE api_tokens SET revoked_at = ? WHERE id = ?", [_at(at), token_id])

    # insured persons' accounts and enrolment codes

    def set_enrolment_code(
        self, citizen_id: str, code_hash: str, issued_at: dt.datetime, expires_at: dt.datetime, by: str
    ) -> None:
        self._db.execute(
            "INSERT INTO enrolment_codes (citizen_id, code_hash, issued_at, expires_at, issued_by)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (citizen_id) DO UPDATE SET code_hash = excluded.code_hash,"
            " issued_at = excluded.issued_at, expires_at = excluded.expires_at, issued_by = excluded.issued_by",
            [citizen_id, code_hash, _at(issued_at), _at(expires_at), by],
        )

    def enrolment_code(self, citizen_id: str) -> tuple[str, dt.datetime] | None:
        row = self._db.execute("SELECT code_hash, expires_at FROM enrolment_codes WHERE citizen_id = ?", [citizen_id]).fetchone()
        return None if row is None else (str(row[0]), dt.datetime.fromisoformat(row[1]))

    def drop_enrolment_code(self, citizen_id: str) -> None:
        self._db.execute("DELETE FROM enrolment_codes WHERE citizen_id = ?", [citizen_id])

    def set_password(self, citizen_id: str, password_hash: str, at: dt.datetime) -> None:
        self._db.execute(
            "INSERT INTO person_accounts (citizen_id, password_hash, enrolled_at) VALUES (?, ?, ?)"
            " ON CONFLICT (citizen_id) DO UPDATE SET password_hash = excluded.password_hash",
            [citizen_id, password_hash, _at(at)],
        )

    def password_hash(self, citizen_id: str) -> str | None:
        row = self._db.execute("SELECT password_hash FROM person_accounts WHERE citizen_id = ?", [citizen_id]).fetchone()
        return None if row is None else str(row[0])

    # sessions and failed logins

    def add_session(self, session_hash: str, session: PersonSession, at: dt.datetime) -> None:
        self._db.execute(
            "INSERT INTO person_sessions (session_hash, citizen_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
            [session_hash, session.citizen_id, session.csrf_token, _at(at), _at(session.expires_at)],
        )

    def session(self, session_hash: str) -> PersonSession | None:
        row = self._db.execute(
            "SELECT citizen_id, csrf_token, expires_at FROM person_sessions WHERE session_hash = ?", [session_hash]
        ).fetchone()
        return None if row is None else PersonSession(str(row[0]), str(row[1]), dt.datetime.fromisoformat(row[2]))

    def drop_session(self, session_hash: str) -> None:
        self._db.execute("DELETE FROM person_sessions WHERE session_hash = ?", [session_hash])

    def drop_sessions_of(self, citizen_id: str) -> None:
        self._db.execute("DELETE FROM person_sessions WHERE citizen_id = ?", [citizen_id])

    def add_failed_login(self, citizen_id: str, at: dt.datetime) -> None:
        self._db.execute("INSERT INTO failed_logins (citizen_id, at) VALUES (?, ?)", [citizen_id, _at(at)])

    def failed_logins_since(self, citizen_id: str, since: dt.datetime) -> int:
        row = self._db.execute(
            "SELECT count(*) FROM failed_logins WHERE citizen_id = ? AND at >= ?", [citizen_id, _at(since)]
        ).fetchone()
        return int(row[0])

    def clear_failed_logins(self, citizen_id: str) -> None:
        self._db.execute("DELETE FROM failed_logins WHERE citizen_id = ?", [citizen_id])

    # documents uploaded with an online filing application

    def add_upload(self, filing_id: str, document: str, media_type: str, content: bytes, sha256: str, at: dt.datetime) -> int:
        cursor = self._db.execute(
            "INSERT INTO filing_uploads (filing_id, document, media_type, size, sha256, content, uploaded_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [filing_id, document, media_type, len(content), sha256, content, _at(at)],
        )
        return int(cursor.fetchone()[0])

    def uploads(self, filing_id: str) -> list[tuple[int, str, str, int]]:
        """(id, document, media type, size) of each upload of a filing."""
        rows = self._db.execute(
            "SELECT id, document, media_type, size FROM filing_uploads WHERE filing_id = ? ORDER BY id", [filing_id]
        ).fetchall()
        return [(int(r[0]), str(r[1]), str(r[2]), int(r[3])) for r in rows]
