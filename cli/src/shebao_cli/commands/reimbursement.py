"""``shebao reimbursement``: manual reimbursement at the insured place (手工报销)."""

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from shebao.i18n import _, term
from shebao_cli.app import App
from shebao_cli.output import (
    cut,
    cut_notice,
    emit_json,
    emit_list,
    limit_option,
    mask_id,
    offset_option,
    pairs,
    table,
)
from shebao_cli.params import ROW_ID, FormerSpelling, given_once
from shebao_cli.printing import document_output_options, write_document

if TYPE_CHECKING:
    from shebao.model.fund import Reimbursement
    from shebao.model.settlement import Settlement


def reimbursement_data(r: "Reimbursement", settlement: "Settlement | None", reveal: bool) -> dict[str, Any]:
    from shebao.money import yuan

    return {
        "id": r.id,
        "citizen_id": mask_id(reveal, r.citizen_id),
        "invoice_number": r.invoice_number,
        "reason": r.reason.value,
        "institution": {"name": r.institution.name, "region": r.institution.region, "level": r.institution.level.value},
        "visit_type": r.bill.visit_type.value,
        "service_date": r.bill.service_date.isoformat(),
        "receipts": list(r.receipts),
        "state": r.state.value,
        "applied_on": r.applied_on.isoformat(),
        "decided_on": r.decided_on.isoformat() if r.decided_on else None,
        "rejection": r.rejection,
        "settlement": r.settlement_id,
        "total": yuan(settlement.result.total) if settlement else None,
        "fund_total": yuan(settlement.result.fund_total) if settlement else None,
        "personal": yuan(settlement.result.personal) if settlement else None,
        "paid_on": r.paid_on.isoformat() if r.paid_on else None,
        "bank_card": mask_id(reveal, r.bank_card) if r.bank_card else None,
        "bank": r.bank,
        "reversed_on": r.reversed_on.isoformat() if r.reversed_on else None,
    }


def _show(app: App, r: "Reimbursement", settlement: "Settlement | None", as_json: bool) -> None:
    data = reimbursement_data(r, settlement, app.reveal)
    if as_json:
        emit_json(data)
        return
    pairs([(key.replace("_", " "), value) for key, value in data.items() if value is not None and key != "institution"])


@click.group()
def reimbursement() -> None:
    """Manual reimbursement of visits that could not be settled directly."""


@reimbursement.command()
@click.argument("citizen_id", metavar="ID")
@click.argument("path", metavar="FILE", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def apply(app: App, citizen_id: str, path: Path, as_json: bool) -> None:
    """Apply with the invoice (a bill whose bill_number is the invoice number) and receipt numbers."""
    from shebao.convert import parse_json
    from shebao.services.reimbursement import apply_reimbursement

    found = apply_reimbursement(app.uow(), citizen_id, parse_json(path.read_bytes(), str(path)), app.today)
    _show(app, found, None, as_json)


@reimbursement.command()
@click.argument("number", metavar="N", type=ROW_ID)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def approve(app: App, number: int, as_json: bool) -> None:
    """Settle the application with the same rules; the fund's part is owed to the person."""
    from shebao.services.reimbursement import approve_reimbursement

    found, settlement = approve_reimbursement(app.uow(), number, app.today)
    _show(app, found, settlement, as_json)


@reimbursement.command()
@click.argument("number", metavar="N", type=ROW_ID)
@click.option("--reason", required=True, help="Why the application is rejected.")
@click.pass_obj
def reject(app: App, number: int, reason: str) -> None:
    """Reject an application; its invoice may be applied for again."""
    from shebao.services.reimbursement import reject_reimbursement

    found = reject_reimbursement(app.uow(), number, reason, app.today)
    click.echo(_("reimbursement {id} rejected: {rejection}").format(id=found.id, rejection=found.rejection))


@reimbursement.command()
@click.argument("number", metavar="N", type=ROW_ID)
@click.option("--bank-card", required=True, help="The person's bank card the fund's part is paid to.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def pay(app: App, number: int, bank_card: str, as_json: bool) -> None:
    """Pay an approved reimbursement to the person's bank card."""
    from shebao.services.reimbursement import pay_reimbursement

    found, settlement = pay_reimbursement(app.uow(), number, bank_card, app.today)
    _show(app, found, settlement, as_json)


@reimbursement.command()
@click.argument("number", metavar="N", type=ROW_ID)
@click.pass_obj
def reverse(app: App, number: int) -> None:
    """Reverse an approved or paid reimbursement: the year to date is restored."""
    from shebao.money import yuan
    from shebao.services.reimbursement import reverse_reimbursement

    found, settlement = reverse_reimbursement(app.uow(), number, app.today)
    click.echo(
        _("reimbursement {id} reversed (settlement {id2}): fund {fund_total} returned").format(
            id=found.id, id2=settlement.id, fund_total=yuan(settlement.result.fund_total)
        )
    )


@reimbursement.command()
@click.argument("number", metavar="N", type=ROW_ID)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def show(app: App, number: int, as_json: bool) -> None:
    """One application, its decision and payment."""
    from shebao.services.reimbursement import get_reimbursement

    found, settlement = get_reimbursement(app.uow(), number)
    _show(app, found, settlement, as_json)


@reimbursement.command("list")
@click.argument("citizen_id", required=False)
@click.option("--person", "former_person", cls=FormerSpelling, feeds="citizen_id", help="Former spelling of CITIZEN_ID.")
@click.option("--state", type=click.Choice(["applied", "approved", "rejected", "paid", "reversed"]))
@limit_option()
@offset_option()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def list_(
    app: App, citizen_id: str | None, former_person: str | None, state: str | None, limit: int, offset: int, as_json: bool
) -> None:
    """Applications by person (CITIZEN_ID) and state."""
    citizen_id = given_once(citizen_id, former_person, "--person")
    from shebao.model.fund import ReimbursementState
    from shebao.services.reimbursement import find_reimbursements

    every = find_reimbursements(app.uow(), citizen_id, ReimbursementState(state) if state else None)
    found, more = cut(every, limit, offset)
    rows = [reimbursement_data(r, None, app.reveal) for r in found]
    if as_json:
        emit_list(rows, offset, more)
        return
    table(
        [_("id"), _("person"), _("invoice"), _("reason"), _("date"), _("state")],
        [(r["id"], r["citizen_id"], r["invoice_number"], r["reason"], r["service_date"], r["state"]) for r in rows],
    )
    cut_notice(len(rows), offset, more, len(every))


@reimbursement.command()
@click.argument("number", metavar="N", type=ROW_ID)
@document_output_options()
@click.pass_obj
def statement(app: App, number: int, format_: str, out: Path | None, force: bool) -> None:
    """Print the reimbursement statement through a printer plugin."""
    from shebao.documents.settlement import statement_document
    from shebao.errors import RuleViolation
    from shebao.services.reimbursement import get_reimbursement, statement_notes

    found, settlement = get_reimbursement(app.uow(), number)
    if settlement is None:
        raise RuleViolation(
            "reimbursement-state",
            _("reimbursement {number} is {value}: nothing settled to print").format(number=number, value=term(found.state.value)),
        )
    document = statement_document(
        settlement, app.reveal, "医疗费用手工报销结算单", statement_notes(found, settlement, app.reveal)
    )
    write_document(app, document, format_, out, force, binary_to_stdout=True)
