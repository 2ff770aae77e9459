"""``shebao token`` and ``shebao account enrolment-code``: secrets shown once, stored hashed."""

import sqlite3
import subprocess
import sys

from helpers import ShebaoCli
from serve_world import LI_NA, SHANGHAI_HOSPITAL, build_people


def test_tokens_are_created_listed_and_revoked_and_only_their_hashes_are_stored(shebao: ShebaoCli) -> None:
    build_people(shebao)
    created = shebao.ok("token", "create", "--role", "hospital", "--institution", SHANGHAI_HOSPITAL, "--label", "HIS")
    secret = created.strip().rsplit(" ", 1)[-1]
    assert secret.startswith("shb_") and len(secret) > 40
    listed = shebao.ok("token", "list")
    assert SHANGHAI_HOSPITAL in listed and secret not in listed
    database = sqlite3.connect(shebao.db_path)
    try:
        dump = "\n".join(database.iterdump())
    finally:
        database.close()
    assert secret not in dump
    assert "revoked" in shebao.ok("token", "revoke", "1")
    again = shebao("token", "revoke", "1")
    assert again.exit_code == 1 and "revoke-once" in again.stderr


def test_token_creation_refuses_bad_input_and_unknown_institutions(shebao: ShebaoCli) -> None:
    build_people(shebao)
    no_institution = shebao("token", "create", "--role", "hospital")
    assert no_institution.exit_code == 2 and "names its institution" in no_institution.stderr
    unknown = shebao("token", "create", "--role", "hospital", "--institution", "H999999S0001")
    assert unknown.exit_code == 1 and "no institution H999999S0001" in unknown.stderr
    assert shebao.ok("token", "list").strip() == "(none)"


def test_an_enrolment_code_needs_the_electronic_certificate(shebao: ShebaoCli) -> None:
    build_people(shebao)
    refused = shebao("account", "enrolment-code", LI_NA)
    assert refused.exit_code == 1 and "ecert-activated" in refused.stderr
    shebao.ok("account", "activate-ecert", LI_NA, "--real-name", "passed", "--real-person", "passed")
    printed = shebao.ok("account", "enrolment-code", LI_NA)
    code = printed.split(": ", 1)[1].split()[0]
    assert code.isdigit() and len(code) == 8


def test_the_cli_does_not_load_the_service_unless_it_serves() -> None:
    code = (
        "import sys; from shebao_cli.main import cli, run; run(cli, ['--version']); run(cli, ['token', '--help']);"
        " print(sorted(m for m in sys.modules if m.startswith(('litestar', 'uvicorn', 'argon2', 'shebao_cli.serve'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
