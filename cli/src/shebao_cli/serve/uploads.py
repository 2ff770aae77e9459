"""Documents uploaded with an online filing: images or PDF only, recognised by their first
bytes (never by the name or the type the browser claims), at most MAX_BYTES each, kept in the
database with their SHA-256 — never written under a name the sender chose."""

import hashlib

import attrs

from shebao.errors import InputError

MAX_BYTES = 5 * 1024 * 1024
SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)


@attrs.frozen
class Upload:
    document: str  # a FilingDocument value
    media_type: str
    content: bytes
    sha256: str


def checked_upload(document: str, label: str, content: bytes) -> Upload:
    if not content:
        raise InputError(f"{label}: the file is empty")
    if len(content) > MAX_BYTES:
        raise InputError(f"{label}: the file has {len(content)} bytes, more than {MAX_BYTES // (1024 * 1024)} MB")
    for signature, media_type in SIGNATURES:
        if content.startswith(signature):
            return Upload(document, media_type, content, hashlib.sha256(content).hexdigest())
    raise InputError(f"{label}: only JPEG, PNG or PDF files are accepted")
