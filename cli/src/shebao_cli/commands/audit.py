"""``shebao audit``: read the append-only audit log."""

from typing import TYPE_CHECKING, Any

import click

from shebao.i18n import _
from shebao_cli.app import App
from shebao_cli.output import (
    cut_notice,
    emit_list,
    first_window,
    mask_data,
    mask_text,
    offset_option,
    table,
)
from shebao_cli.params import DATE, OneName

if TYPE_CHECKING:
    from shebao.model.audit import AuditEntry


@click.group()
def audit() -> None:
    """The audit log of every change of state."""


@audit.command("list")
@click.option("--subject", help="Only entries about this subject (a citizen id, a notice number ...).")
@click.option("--action", help="Only this action, e.g. person.register.")
@click.option("--operator", "by", help="Only what this operator did.")
@click.option("--from", "--since", "since", cls=OneName, type=DATE, help="Only entries of this business day (--today) or later.")
@click.option("--to", "--until", "until", cls=OneName, type=DATE, help="Only entries of this business day or earlier.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
@offset_option()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def list_(
    app: App,
    subject: str | None,
    action: str | None,
    by: str | None,
    since: Any,
    until: Any,
    limit: int,
    offset: int,
    as_json: bool,
) -> None:
    """Latest audit entries first; ids, bank cards and phones masked unless --reveal.

    ``at`` is the wall clock when the row was written; the business day is ``--today``."""
    from shebao.errors import InputError

    if since and until and since > until:
        raise InputError(_("the period starts {since}, after its end {until}").format(since=since, until=until))
    audit_log = app.uow().audit
    entries, more = first_window(lambda n: list(audit_log.entries(subject, action, n, by, since, until)), limit, offset)
    if as_json:
        emit_list([_entry_data(e, app.reveal) for e in entries], offset, more)
        return
    table(
        [_("at (wall clock)"), _("business day"), _("operator"), _("action"), _("subject")],
        [
            (
                e.at,
                e.business_date,
                mask_text(app.reveal, e.operator) + (_(" (OS user)") if e.operator_source == "os-user" else ""),
                e.action,
                mask_text(app.reveal, e.subject),
            )
            for e in entries
        ],
    )
    cut_notice(len(entries), offset, more)


def _entry_data(e: "AuditEntry", reveal: bool) -> dict[str, object]:
    return {
        "id": e.id,
        "at": e.at.isoformat(),
        "business_date": e.business_date.isoformat() if e.business_date else None,
        "operator": mask_text(reveal, e.operator),  # an insured person acts as person:<id>
        "operator_source": e.operator_source,
        "action": e.action,
        "subject": mask_text(reveal, e.subject),
        "detail": mask_data(reveal, e.detail),
    }
