"""``shebao payment``: notices for self-paying persons, payments, statement reconciliation."""

import datetime as dt
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
    offset_option,
    sums_notice,
    table,
)
from shebao_cli.params import DATE, MONTH, ROW_ID, OneName, Required, RequiredArgument
from shebao_cli.printing import document_output_options, payment_channel_option, write_document

if TYPE_CHECKING:
    from shebao.model.payment import IssuedNotice, Payment
    from shebao.services.payments import ImportReport

METHODS = ["bank-counter", "online-banking", "credit-card", "wechat-pay", "alipay"]
PROBLEMS_FOUND = 3  # exit status of an import that applied what it could and kept problems


def payment_json(p: "Payment") -> dict[str, Any]:
    from shebao.money import yuan

    return {
        "notice": p.notice_number,
        "channel": p.channel,
        "method": p.method.value,
        "amount": yuan(p.amount),
        "paid_at": p.paid_at.isoformat(timespec="seconds"),
        "receipt": p.receipt,
        "recorded_on": p.recorded_on.isoformat(),
        "source": p.source,
    }


def notice_json(n: "IssuedNotice", reveal: bool) -> dict[str, Any]:
    from shebao.money import yuan

    return {
        "notice": n.number,
        "kind": n.kind.value,
        "payer": n.notice.payer_name,
        "payer_id": mask_id(reveal, n.notice.payer_id),
        "item": n.notice.item,
        "amount": yuan(n.notice.amount),
        "issued_on": n.notice.issued_on.isoformat(),
        "period": str(n.period) if n.period else None,
        "paid_receipt": n.paid_receipt,
    }


@click.group()
def payment() -> None:
    """Payment notices, payments and the reconciliation of collection statements."""


@payment.command()
@click.argument("citizen_id", cls=RequiredArgument, unless=("reprint",))
@click.option("--month", "period", type=MONTH, cls=Required, unless=("reprint",), help="The month the premium is for.")
@click.option("--base", cls=Required, unless=("reprint",), help="Contribution base in yuan.")
@click.option("--reprint", "reprint", metavar="NOTICE", help="Print an issued notice again, marked as a copy.")
@document_output_options(default=None, what="the notice (printed only when one of them is given)")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def notice(
    app: App,
    citizen_id: str | None,
    period: Any,
    base: str | None,
    reprint: str | None,
    format_: str | None,
    out: Path | None,
    force: bool,
    as_json: bool,
) -> None:
    """Issue a contribution notice to a flexible worker or individual business household,
    or print any issued notice again (--reprint NOTICE)."""
    from shebao.convert import structure
    from shebao.money import yuan
    from shebao.services.payments import IssueContributionNotice, contribution_notice_document, issue_contribution_notice

    if reprint is not None:
        if citizen_id or period or base:
            raise click.UsageError(_("--reprint takes only the notice number (and --format, -o, --json)"))
        _reprint(app, reprint, format_ or "text", out, force, as_json)
        return
    command = structure({"citizen_id": citizen_id, "period": str(period), "base": base}, IssueContributionNotice)
    issued = issue_contribution_notice(app.uow(), command, app.today)
    if as_json:
        emit_json(notice_json(issued, app.reveal))
    else:
        click.echo(
            _("notice {number}: {item} {amount} yuan for {payer_name}").format(
                number=issued.number,
                item=issued.notice.item,
                amount=yuan(issued.notice.amount),
                payer_name=issued.notice.payer_name,
            )
        )
    if format_:
        write_document(app, contribution_notice_document(app.uow(), issued), format_, out, force)


def _reprint(app: App, number: str, format_: str, out: Path | None, force: bool, as_json: bool) -> None:
    from shebao import plugins
    from shebao.documents.card import payment_notice, reprinted
    from shebao.services.payment_problems import reprint_notice

    issued = reprint_notice(app.uow(), number, app.today)
    document = reprinted(payment_notice(issued, list(plugins.payment_channels().values())), app.today)
    if as_json:
        emit_json({"reprint": True, **notice_json(issued, app.reveal)})
    write_document(app, document, format_, out, force)


@payment.command()
@click.argument("notice_number")
@payment_channel_option(required=True, help="icbc, abc, ccb, wechat-pay, alipay.")
@click.option("--receipt", required=True, help="The bank's receipt (serial) number.")
@click.option("--method", type=click.Choice(METHODS), help="How it was paid (default: the channel's usual way).")
@click.option("--amount", help="Amount in yuan (default: the notice's amount).")
@click.option("--on", "--paid-on", "paid_on", cls=OneName, type=DATE, help="Day of payment (default: today).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def pay(
    app: App,
    notice_number: str,
    channel: str,
    receipt: str,
    method: str | None,
    amount: str | None,
    paid_on: dt.date | None,
    as_json: bool,
) -> None:
    """Record a payment of any notice keyed in at the counter."""
    from shebao.convert import structure
    from shebao.money import yuan
    from shebao.services.payments import RecordPayment, record_payment

    data: dict[str, Any] = {"notice_number": notice_number, "channel": channel, "receipt": receipt}
    for key, value in (("method", method), ("amount", amount)):
        if value is not None:
            data[key] = value
    if paid_on is not None:
        data["paid_at"] = dt.datetime.combine(paid_on, dt.time(12, 0)).isoformat()
    paid, new = record_payment(app.uow(), structure(data, RecordPayment), app.now)
    if as_json:
        emit_json({"new": new, **payment_json(paid)})
        return
    prefix = _("recorded") if new else _("already recorded (nothing changed)")
    click.echo(
        _("{prefix}: notice {notice_number} {amount} yuan via {channel} receipt {receipt}").format(
            prefix=prefix, notice_number=paid.notice_number, amount=yuan(paid.amount), channel=paid.channel, receipt=paid.receipt
        )
    )


@payment.command("import")
@payment_channel_option(required=True, help="Whose statement: icbc, abc, ccb, wechat-pay, alipay.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def import_(app: App, channel: str, file: Path, as_json: bool) -> None:
    """Reconcile a channel's collection statement with the notices; replaying is harmless."""
    from shebao.services.payments import import_statement, read_statement

    statement = read_statement(channel, file.read_bytes())
    with click.progressbar(
        length=len(statement.payments), label=_("matching {name}").format(name=file.name), file=sys.stderr
    ) as bar:
        report = import_statement(app.uow(), statement, app.now, progress=bar.update)
    if as_json:
        emit_json(_import_data(report))
    else:
        _print_import(file.name, report)
    if report.problems:
        raise click.exceptions.Exit(PROBLEMS_FOUND)


def _import_data(report: "ImportReport") -> dict[str, object]:
    from shebao.money import yuan
    from shebao.services.payments import Outcome

    return {
        "channel": report.channel,
        "digest": report.digest,
        "applied": report.count(Outcome.APPLIED),
        "already_imported": report.count(Outcome.ALREADY_IMPORTED),
        "reversed": report.count(Outcome.REVERSED),
        "problems": len(report.problems),
        "credited": yuan(report.credited),
        "refunded": yuan(report.reversed),
        "lines": [
            {
                "line": r.line,
                "notice": r.notice_number,
                "amount": yuan(r.amount),
                "receipt": r.receipt,
                "outcome": r.outcome.value,
                "message": r.message,
            }
            for r in report.lines
        ],
    }


def _print_import(name: str, report: "ImportReport") -> None:
    """One line of counts and sums, then the problems kept."""
    from shebao.money import yuan
    from shebao.services.payments import Outcome

    click.echo(
        _(
            "{name} ({channel}): {lines}, {count2} applied ({credited} yuan), {count3} "
            "refunded ({reversed} yuan), {count4} already imported, {problems_kept}"
        ).format(
            name=name,
            channel=report.channel,
            lines=ngettext("{count} line", "{count} lines", len(report.lines)).format(count=len(report.lines)),
            count2=report.count(Outcome.APPLIED),
            credited=yuan(report.credited),
            count3=report.count(Outcome.REVERSED),
            reversed=yuan(report.reversed),
            count4=report.count(Outcome.ALREADY_IMPORTED),
            problems_kept=ngettext("{count} problem kept", "{count} problems kept", len(report.problems)).format(
                count=len(report.problems)
            ),
        )
    )
    if report.problems:
        table(
            [_("line"), _("notice"), _("amount"), _("receipt"), _("problem"), _("detail")],
            [(r.line, r.notice_number, yuan(r.amount), r.receipt, term(r.outcome.value), r.message) for r in report.problems],
        )


@payment.command("list")
@payment_channel_option(help="Only this channel.")
@click.option("--from", "--since", "since", cls=OneName, type=DATE, help="Paid on or after this day.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=100, show_default=True)
@offset_option()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def list_(app: App, channel: str | None, since: dt.date | None, limit: int, offset: int, as_json: bool) -> None:
    """Payments credited to notices."""
    from shebao.money import yuan
    from shebao.services.payments import payments

    uow = app.uow()
    found, more = first_window(lambda n: payments(uow, channel, since, n), limit, offset)
    if as_json:
        emit_list([payment_json(p) for p in found], offset, more)
        return
    table(
        [_("paid at"), _("notice"), _("channel"), _("method"), _("amount"), _("receipt"), _("source")],
        [
            (p.paid_at.isoformat(sep=" "), p.notice_number, p.channel, term(p.method.value), yuan(p.amount), p.receipt, p.source)
            for p in found
        ],
    )
    sums_notice(len(found), offset, more, _("{amount} yuan").format(amount=yuan(sum(p.amount for p in found))))
    cut_notice(len(found), offset, more)


@payment.command()
@click.argument("notice_number")
@document_output_options()
@click.pass_obj
def receipt(app: App, notice_number: str, format_: str, out: Path | None, force: bool) -> None:
    """Print the financial receipt of a paid notice."""
    from shebao import plugins
    from shebao.documents.card import financial_receipt
    from shebao.services.payments import payment_of_notice

    issued, paid = payment_of_notice(app.uow(), notice_number)
    document = financial_receipt(issued, paid, plugins.payment_channel(paid.channel), app.today)
    write_document(app, document, format_, out, force)


@payment.command()
@click.option("--all", "include_resolved", is_flag=True, help="Resolved problems too.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=100, show_default=True)
@offset_option()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def problems(app: App, include_resolved: bool, limit: int, offset: int, as_json: bool) -> None:
    """Statement lines that could not be applied, open until resolved."""
    from shebao.money import yuan
    from shebao.services.payment_problems import payment_problems

    uow = app.uow()
    found, more = first_window(lambda n: payment_problems(uow, include_resolved, n), limit, offset)
    rows = [
        {
            "id": p.id,
            "channel": p.channel,
            "line": p.line,
            "notice": p.notice_number,
            "amount": yuan(p.amount),
            "receipt": p.receipt,
            "refund": p.reversal,
            "problem": p.problem,
            "message": p.message,
            "found_on": p.found_on.isoformat(),
            "resolved_on": p.resolved_on.isoformat() if p.resolved_on else None,
            "resolved_by": p.resolved_by,
            "resolution": p.resolution,
        }
        for p in found
    ]
    if as_json:
        emit_list(rows, offset, more)
        return
    table(
        [_("id"), _("channel"), _("notice"), _("amount"), _("receipt"), _("problem"), _("detail"), _("resolved")],
        [
            (r["id"], r["channel"], r["notice"], r["amount"], r["receipt"], r["problem"], r["message"], r["resolved_on"] or "")
            for r in rows
        ],
    )
    cut_notice(len(rows), offset, more)


@payment.command()
@click.argument("problem_id", type=ROW_ID)
@click.option("--note", required=True, help="What was done about it (refunded, matched by hand ...).")
@click.pass_obj
def resolve(app: App, problem_id: int, note: str) -> None:
    """Close a payment problem, saying what was done."""
    from shebao.services.payment_problems import resolve_problem

    resolved = resolve_problem(app.uow(), problem_id, note, app.today)
    click.echo(
        _("problem {id} ({problem}, notice {notice_number}) resolved: {resolution}").format(
            id=resolved.id, problem=resolved.problem, notice_number=resolved.notice_number, resolution=resolved.resolution
        )
    )
