"""``shebao token``: API tokens of hospitals, counters and auditors for ``shebao serve``."""

from typing import Any

import click

from shebao.i18n import _, term
from shebao_cli.app import App
from shebao_cli.output import cut, cut_notice, emit_json, emit_list, limit_option, offset_option, table

ROLES = ["counter", "hospital", "auditor"]


@click.group()
def token() -> None:
    """API tokens for `shebao serve` (stored hashed: a token is shown once, when created)."""


@token.command()
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--institution", help="The hospital's institution code (hospital tokens only).")
@click.option("--label", default="", help="Who or what uses it, e.g. the operator's name.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def create(app: App, role: str, institution: str | None, label: str, as_json: bool) -> None:
    """Create a token; its secret is printed now and never again."""
    from shebao.model.access import Role
    from shebao.services.access import create_token

    created, secret = create_token(app.uow(), Role(role), institution, label, app.now)
    if as_json:
        emit_json({**_token_json(created), "token": secret})
    else:
        click.echo(
            _("token {id} ({role}{value}): {secret}").format(
                id=created.id, role=role, value=" " + created.institution_code if created.institution_code else "", secret=secret
            )
        )


def _token_json(t: Any) -> dict[str, Any]:
    return {
        "id": t.id,
        "role": t.role.value,
        "institution": t.institution_code,
        "label": t.label,
        "created_at": t.created_at.isoformat(),
        "created_by": t.created_by,
        "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None,
    }


@token.command("list")
@limit_option()
@offset_option()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def list_(app: App, limit: int, offset: int, as_json: bool) -> None:
    """Every token, revoked ones too (no secrets: only their hashes are stored)."""
    from shebao.services.access import tokens

    every = tokens(app.uow())
    found, more = cut(every, limit, offset)
    if as_json:
        emit_list([_token_json(t) for t in found], offset, more)
        return
    table(
        [_("id"), _("role"), _("institution"), _("label"), _("created"), _("by"), _("revoked")],
        [
            (t.id, term(t.role.value), t.institution_code or "", t.label, t.created_at, t.created_by, t.revoked_at or "")
            for t in found
        ],
    )
    cut_notice(len(found), offset, more, len(every))


@token.command()
@click.argument("token_id", type=click.IntRange(1))
@click.pass_obj
def revoke(app: App, token_id: int) -> None:
    """Revoke a token: requests with it are refused from now on."""
    from shebao.services.access import revoke_token

    revoked = revoke_token(app.uow(), token_id, app.now)
    click.echo(_("token {id} revoked at {revoked_at}").format(id=revoked.id, revoked_at=revoked.revoked_at))
