"""``shebao settle`` and ``shebao settlement``: direct settlement of medical bills.

``shebao settle FILE`` settles one bill (JSON); ``shebao settle batch FILE.jsonl`` streams many.
``shebao settlement show|list|reverse|reconcile|statement`` query and reverse settlements.
"""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from shebao.i18n import _, ngettext, term
from shebao_cli.app import App
from shebao_cli.output import (
    cut_notice,
    emit_json,
    emit_list,
    first_window,
    mask_id,
    mask_text,
    offset_option,
    pairs,
    sums_notice,
    table,
)
from shebao_cli.params import DATE, ROW_ID, FormerSpelling, given_once
from shebao_cli.printing import document_output_options, write_document

if TYPE_CHECKING:
    from shebao.model.settlement import FundTotals, Reconciliation, Settlement
    from shebao.services.settlement.batch import BatchSummary

FORMATS = ["text", "json", "nhsa"]


class DefaultCommandGroup(click.Group):
    """A group that runs its default command when the first argument names no subcommand,
    so ``settle FILE`` and ``settle batch FILE`` both work."""

    default_command = "file"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


def _format_option(function: Any) -> Any:
    function = click.option(
        "--format",
        "format_",
        type=click.Choice(FORMATS),
        default="text",
        show_default=True,
        help="text, json (shebao's names) or nhsa (the national platform's field names).",
    )(function)
    return click.option("--json", "as_json", is_flag=True, help="Print JSON (same as --format json).")(function)


def show_settlement(app: App, settlement: "Settlement", format_: str, as_json: bool, estimate: bool = False) -> None:
    """Print a settlement; ``estimate``: a pre-settlement, marked as such and never stored."""
    from shebao.documents.settlement import nhsa_fields, preview_data, settlement_data

    if format_ == "nhsa" or as_json or format_ == "json":
        nhsa = format_ == "nhsa"
        if estimate:
            emit_json(preview_data(settlement, app.reveal, nhsa))
        else:
            emit_json(nhsa_fields(settlement, app.reveal) if nhsa else settlement_data(settlement, app.reveal))
        return
    click.echo(_settlement_heading(app, settlement, estimate))
    _lines_table(settlement)
    pairs(_settlement_parts(app, settlement))


def _settlement_heading(app: App, settlement: "Settlement", estimate: bool) -> str:
    b = settlement.bill
    who = {
        "bill_number": b.bill_number,
        "person_name": settlement.person_name,
        "mask_id": mask_id(app.reveal, b.citizen_id.number),
        "institution_name": settlement.institution_name,
        "institution_code": b.institution_code,
    }
    if estimate:
        return _(
            "ESTIMATE (pre-settlement, nothing settled or written): bill {bill_number} of "
            "{person_name} {mask_id} at {institution_name} ({institution_code})"
        ).format(**who)
    return _(
        "settlement {id} ({value}): bill {bill_number} of {person_name} {mask_id} at {institution_name} ({institution_code})"
    ).format(id=settlement.id, value=term(settlement.status.value), **who)


def _lines_table(settlement: "Settlement") -> None:
    from shebao.money import yuan

    table(
        [_("code"), _("name"), _("cat"), _("price"), _("qty"), _("amount"),
         _("self-paid"), _("over-limit"), _("first"), _("in scope")],
        [
            (x.code, x.name, term(x.category.value) if x.category else "-", x.unit_price, x.quantity, yuan(x.amount),
             yuan(x.fully_self_paid), yuan(x.over_limit), yuan(x.first_self_paid), yuan(x.in_scope))
            for x in settlement.result.lines
        ],
    )  # fmt: skip


def _settlement_parts(app: App, settlement: "Settlement") -> list[tuple[str, str]]:
    """The settlement's parts, from the total down to what the fund, the account and cash paid."""
    from shebao.model.settlement import SupplementaryKind
    from shebao.money import yuan

    r = settlement.result
    supplementary = _("critical illness") if r.supplementary_kind is SupplementaryKind.CRITICAL_ILLNESS else _("large amount")
    ratio = f"{r.ratio}" + (_(" (policy {base_ratio})").format(base_ratio=r.base_ratio) if r.ratio != r.base_ratio else "")
    parts = [
        (_("management"), term(r.management.value) + (f" ({term(r.filing_category.value)})" if r.filing_category else "")),
        (_("insured / treated in"), f"{settlement.insured_region} / {settlement.treatment_region}"),
        (_("total"), yuan(r.total)),
        (_("fully self-paid"), yuan(r.fully_self_paid)),
        (_("over limit"), yuan(r.over_limit)),
        (_("first self-paid"), yuan(r.first_self_paid)),
        (_("in policy scope"), yuan(r.in_scope)),
        (
            _("deductible"),
            _("{deductible_applied} of {deductible}").format(
                deductible_applied=yuan(r.deductible_applied), deductible=yuan(r.deductible)
            ),
        ),
        (_("ratio"), ratio),
        (
            _("pooling fund"),
            _("{pooling_fund} (annual cap {annual_cap})").format(
                pooling_fund=yuan(r.pooling_fund), annual_cap=yuan(r.annual_cap)
            ),
        ),
        (supplementary, yuan(r.supplementary)),
        (_("fund total"), yuan(r.fund_total)),
        (_("personal"), yuan(r.personal)),
        (
            _("individual account"),
            _("{account} (balance after {balance_after})").format(account=yuan(r.account), balance_after=yuan(r.balance_after)),
        ),
    ]
    if r.mutual_aid and r.mutual_aid_holder:
        aid = _("{mutual_aid} from {mask_id}'s account").format(
            mutual_aid=yuan(r.mutual_aid), mask_id=mask_id(app.reveal, r.mutual_aid_holder)
        )
        parts.append((_("  of which family mutual aid"), aid))
    if r.shared_cap is not None:
        parts.append((_("shared annual cap"), f"{yuan(r.shared_cap)} ({r.cap_group})"))
    return [*parts, (_("cash"), yuan(r.cash))]


@click.group(cls=DefaultCommandGroup)
def settle() -> None:
    """Settle bills: `settle FILE` (one JSON bill) or `settle batch FILE.jsonl`."""


@settle.command("file")
@click.argument("path", metavar="FILE", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@_format_option
@click.option("--preview", is_flag=True, help="Pre-settlement: the same figures as an estimate; nothing is written.")
@click.pass_obj
def settle_file(app: App, path: Path, format_: str, as_json: bool, preview: bool) -> None:
    """Settle one bill read from a JSON file (--preview: estimate it, write nothing)."""
    from shebao.services.settlement import preview_bill, settle_bill
    from shebao.services.settlement.bills import bill_from_json

    bill = bill_from_json(path.read_bytes(), str(path))
    if preview:
        show_settlement(app, preview_bill(app.uow(), bill, app.today), format_, as_json, estimate=True)
        return
    show_settlement(app, settle_bill(app.uow(), bill, app.today), format_, as_json)


@settle.command("batch")
@click.argument("path", metavar="FILE.jsonl", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--chunk", type=click.IntRange(1, 100_000), default=500, show_default=True, help="Bills per transaction.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_obj
def settle_batch_command(app: App, path: Path, chunk: int, as_json: bool) -> None:
    """Settle every bill of a JSON Lines file; a rerun skips bills already settled."""
    from shebao.services.settlement.batch import settle_batch

    size = path.stat().st_size
    with path.open("rb") as stream, click.progressbar(length=size, label=_("settling"), file=sys.stderr) as bar:

        def lines() -> Any:
            for raw in stream:
                bar.update(len(raw))
                yield raw

        summary = settle_batch(app.uow(), lines(), str(path), app.today, chunk_size=chunk)
    if as_json:
        emit_json(_batch_summary_data(summary))
    else:
        _print_batch_summary(summary)
    if summary.refused:
        raise click.ClickException(
            ngettext(
                "{count} bill refused, nothing written for it; the rest are settled",
                "{count} bills refused, nothing written for them; the rest are settled",
                len(summary.refused),
            ).format(count=len(summary.refused))
        )


def _batch_summary_data(summary: "BatchSummary") -> dict[str, object]:
    from shebao.money import yuan

    return {
        "read": summary.read,
        "settled": summary.settled,
        "skipped": summary.skipped,
        "refused": [
            {"line": r.line_no, "bill_number": r.bill_number, "reason": mask_text(False, r.message)} for r in summary.refused
        ],
        "total": yuan(summary.total),
        "fund_total": yuan(summary.fund_total),
        "account": yuan(summary.account),
        "cash": yuan(summary.cash),
    }


def _print_batch_summary(summary: "BatchSummary") -> None:
    """Each refused bill on stderr, then one line of counts and sums."""
    from shebao.money import yuan

    for refused in summary.refused:
        click.echo(
            _("line {line_no} bill {value}: {mask_text}").format(
                line_no=refused.line_no, value=refused.bill_number or "?", mask_text=mask_text(False, refused.message)
            ),
            err=True,
        )
    click.echo(
        _(
            "{bills_read}: {settled} settled, {skipped} already settled, {count} "
            "refused; total {total}, fund {fund_total}, account {account}, cash {cash}"
        ).format(
            bills_read=ngettext("{count} bill read", "{count} bills read", summary.read).format(count=summary.read),
            settled=summary.settled,
            skipped=summary.skipped,
            count=len(summary.refused),
            total=yuan(summary.total),
            fund_total=yuan(summary.fund_total),
            account=yuan(summary.account),
            cash=yuan(summary.cash),
        )
    )


@click.group()
def settlement() -> None:
    """Settled bills: show, list, reverse, reconcile, print the statement."""


@settlement.command()
@click.argument("settlement_id", metavar="ID", type=ROW_ID)
@_format_option
@click.pass_obj
def show(app: App, settlement_id: int, format_: str, as_json: bool) -> None:
    """Show one settlement with every part."""
    from shebao.services.settlement import get_settlement

    show_settlement(app, get_settlement(app.uow(), settlement_id), format_, as_json)


def _sums(found: "list[Settlement]") -> str:
    """What the settlements listed came to, reversed ones left out."""
    from shebao.money import yuan

    live = [s.result for s in found if s.reversed_on is None]
    return _("total {total}, fund {fund_total}, account {account}, cash {cash} (reversed ones left out)").format(
        total=yuan(sum(r.total for r in live)),
        fund_total=yuan(sum(r.fund_total for r in live)),
        account=yuan(sum(r.account for r in live)),
        cash=yuan(sum(r.cash for r in live)),
    )


@settlement.command("list")
@click.argument("citizen_id", required=False)
@click.option("--person", "former_person", cls=FormerSpelling, feeds="citizen_id", help="Former spelling of CITIZEN_ID.")
@click.option("--institution", "institution_code", help="Only this institution's settlements.")
@click.option("--from", "first", type=DATE, help="Treated (discharged) on or after.")
@click.option("--to", "last", type=DATE, help="Treated (discharged) on or before.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=100, show_default=True)
@offset_option()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def list_(
    app: App,
    citizen_id: str | None,
    former_person: str | None,
    institution_code: str | None,
    first: Any,
    last: Any,
    limit: int,
    offset: int,
    as_json: bool,
) -> None:
    """Settlements by person (CITIZEN_ID), institution and period."""
    from shebao.convert import structure
    from shebao.documents.settlement import settlement_data
    from shebao.money import yuan
    from shebao.services.settlement import SettlementQuery, find_settlements

    citizen_id = given_once(citizen_id, former_person, "--person")

    def read(count: int) -> list[Any]:
        query = structure(
            {
                "citizen_id": citizen_id,
                "institution_code": institution_code,
                "first": first.isoformat() if first else None,
                "last": last.isoformat() if last else None,
                "limit": count,
                "lines": False,  # a listing shows none
            },
            SettlementQuery,
        )
        return list(find_settlements(uow, query))

    uow = app.uow()
    found, more = first_window(read, limit, offset)
    if as_json:
        emit_list([{k: v for k, v in settlement_data(s, app.reveal).items() if k != "lines"} for s in found], offset, more)
        return
    table(
        [_("id"), _("bill"), _("person"), _("institution"), _("date"), _("visit"),
         _("total"), _("fund"), _("account"), _("cash"), _("status")],
        [
            (s.id, s.bill.bill_number, mask_id(app.reveal, s.bill.citizen_id.number), s.bill.institution_code,
             s.bill.service_date, term(s.bill.visit_type.value), yuan(s.result.total), yuan(s.result.fund_total),
             yuan(s.result.account), yuan(s.result.cash), term(s.status.value))
            for s in found
        ],
    )  # fmt: skip
    sums_notice(len(found), offset, more, _sums(found))
    cut_notice(len(found), offset, more)


@settlement.command()
@click.argument("settlement_id", metavar="ID", type=ROW_ID)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def reverse(app: App, settlement_id: int, as_json: bool) -> None:
    """Reverse (refund) a settlement: the year's deductible and fund use and the account are restored."""
    from shebao.documents.settlement import settlement_data
    from shebao.money import yuan
    from shebao.services.settlement import reverse_settlement

    reversed_ = reverse_settlement(app.uow(), settlement_id, app.today)
    if as_json:
        emit_json(settlement_data(reversed_, app.reveal))
        return
    r = reversed_.result
    click.echo(
        _(
            "reversed settlement {id} (bill {bill_number}): fund {fund_total} returned, "
            "account {account} refunded, cash {cash} to repay"
        ).format(
            id=reversed_.id,
            bill_number=reversed_.bill.bill_number,
            fund_total=yuan(r.fund_total),
            account=yuan(r.account),
            cash=yuan(r.cash),
        )
    )


@settlement.command()
@click.option("--institution", "institution_code", required=True, help="The institution's code.")
@click.option("--from", "first", type=DATE, required=True, help="First settlement date.")
@click.option("--to", "last", type=DATE, required=True, help="Last settlement date.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def reconcile(app: App, institution_code: str, first: Any, last: Any, as_json: bool) -> None:
    """Counts and totals per fund of an institution's settlements and reversals, as the platform reconciles."""
    from shebao.services.settlement import reconcile as reconcile_settlements

    found = reconcile_settlements(app.uow(), institution_code, first, last)
    if as_json:
        emit_json(_reconciliation_data(found))
        return
    click.echo(
        _("reconciliation of {institution_code} from {first} to {last}").format(
            institution_code=found.institution_code, first=found.first, last=found.last
        )
    )
    rows = [
        _totals_row(scheme.value, label, totals)
        for scheme, settled, reversed_ in found.by_scheme
        for label, totals in ((_("settled"), settled), (_("reversed"), reversed_), (_("net"), found.net(scheme)))
    ]
    rows.append(_totals_row(_("all"), _("net"), found.net()))
    headings = ["scheme", "", "count", "total", "pooling", "large-amount", "critical", "fund", "account", "cash"]
    table([_(heading) if heading else "" for heading in headings], rows)


def _amounts(totals: "FundTotals") -> dict[str, Any]:
    import attrs

    from shebao.money import yuan

    return {k: (v if k == "count" else yuan(v)) for k, v in attrs.asdict(totals).items()}


def _reconciliation_data(found: "Reconciliation") -> dict[str, Any]:
    return {
        "institution": found.institution_code,
        "from": found.first.isoformat(),
        "to": found.last.isoformat(),
        "schemes": [
            {
                "scheme": scheme.value,
                "settled": _amounts(settled),
                "reversed": _amounts(reversed_),
                "net": _amounts(found.net(scheme)),
            }
            for scheme, settled, reversed_ in found.by_scheme
        ],
        "net": _amounts(found.net()),
    }


def _totals_row(scheme: str, label: str, totals: "FundTotals") -> tuple[object, ...]:
    from shebao.money import yuan

    return (scheme, label, totals.count, yuan(totals.total), yuan(totals.pooling_fund), yuan(totals.large_amount),
            yuan(totals.critical_illness), yuan(totals.fund_total), yuan(totals.account), yuan(totals.cash))  # fmt: skip


@settlement.command()
@click.argument("settlement_id", metavar="ID", type=ROW_ID)
@document_output_options()
@click.pass_obj
def statement(app: App, settlement_id: int, format_: str, out: Path | None, force: bool) -> None:
    """Print the settlement statement through a printer plugin."""
    from shebao.documents.settlement import statement_document
    from shebao.services.settlement import get_settlement

    document = statement_document(get_settlement(app.uow(), settlement_id), app.reveal)
    write_document(app, document, format_, out, force, binary_to_stdout=True)
