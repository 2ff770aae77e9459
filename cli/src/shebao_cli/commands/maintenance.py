"""``shebao backup`` and ``shebao check``: keep the operator's database whole."""

from pathlib import Path

import click

from shebao.i18n import _, ngettext
from shebao_cli.app import App
from shebao_cli.output import emit_json, mask_text, table


@click.command()
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def backup(app: App, target: Path) -> None:
    """Copy the database to TARGET, consistently, even while others write."""
    from shebao.maintenance import backup as copy

    pages = copy(app.db, target)
    with app.uow() as uow:
        uow.audit.record("database.backup", str(target), pages=pages)
        uow.commit()
    click.echo(
        ngettext(
            "backed up {db_path} to {target} ({pages} page)", "backed up {db_path} to {target} ({pages} pages)", pages
        ).format(db_path=app.db_label, target=target, pages=pages)
    )


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def check(app: App, as_json: bool) -> None:
    """Integrity check plus every ledger identity; exits 1 on any violation."""
    from shebao.maintenance import audit_head
    from shebao.maintenance import check as run_checks

    problems = run_checks(app.db)
    head = audit_head(app.db)
    if as_json:
        emit_json(
            {
                "ok": not problems,
                "audit_head": head,
                "problems": [
                    {"check": p.check, "subject": mask_text(app.reveal, p.subject), "detail": mask_text(app.reveal, p.detail)}
                    for p in problems
                ],
            }
        )
    elif problems:
        table(
            [_("check"), _("subject"), _("problem")],
            [(p.check, mask_text(app.reveal, p.subject), mask_text(app.reveal, p.detail)) for p in problems],
        )
    else:
        click.echo(
            _("{db_path}: integrity ok, every ledger identity holds, the audit chain is whole").format(db_path=app.db_label)
        )
    if not as_json:
        click.echo(head)
    if problems:
        raise click.exceptions.Exit(1)
