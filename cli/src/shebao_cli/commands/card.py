"""``shebao card``: the social security card from application to collection, and after.

Steps, each named after the state it reaches: apply → pay (or payment import) → produce
(in production at the maker) → ready (the maker has delivered the card: its number is
assigned, it is ready for collection; ``issue`` is its former name) → collect (the card is
issued to its holder) → (account activate). Also report-lost (suspends the card at once),
replace, cancel.
"""

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from shebao.i18n import _, term
from shebao_cli.app import App
from shebao_cli.output import (
    cut_notice,
    emit_json,
    emit_list,
    mask_id,
    mask_phone,
    offset_option,
    pairs,
    table,
    window,
)
from shebao_cli.params import DATE, OneName
from shebao_cli.printing import document_output_options, payment_channel_option, write_document

if TYPE_CHECKING:
    from shebao.model.card import CardApplication

DOCUMENTS = ["identity-card", "household-register"]
COLLECTION_DOCUMENTS = ["identity-card", "household-register", "agent-identity-card"]
STATES = [
    "applied",
    "paid",
    "in-production",
    "ready-for-collection",
    "issued",
    "medical-account-activated",
    "reported-lost",
    "replaced",
    "cancelled",
]


def card_json(a: "CardApplication", reveal: bool) -> dict[str, Any]:
    from shebao.money import yuan

    return {
        "application": a.number,
        "citizen_id": mask_id(reveal, a.citizen_id),
        "state": a.state.value,
        "applied_on": a.applied_on.isoformat(),
        "region": a.region,
        "document": a.document.value,
        "photo_source": a.photo_source.value,
        "photo_receipt": a.photo_receipt,
        "phone": mask_phone(reveal, a.phone),
        "fee": yuan(a.fee),
        "notice": a.notice_number,
        "paid_on": a.paid_on.isoformat() if a.paid_on else None,
        "ready_by": a.ready_by.isoformat() if a.ready_by else None,
        "ready_by_estimated": a.ready_by_estimated,
        "card_number": a.card_number,
        "issued_on": a.issued_on.isoformat() if a.issued_on else None,
        "replaces": a.replaces,
        "ethnicity": a.ethnicity,
        "bank": a.bank,
        "agent": {
            "name": a.agent.name,
            "citizen_id": mask_id(reveal, a.agent.citizen_id),
            "phone": mask_phone(reveal, a.agent.phone),
        }
        if a.agent
        else None,
    }


def _ready_by(a: "CardApplication") -> str:
    if a.ready_by is None:
        return ""
    return a.ready_by.isoformat() + (_(" (estimate: calendar not announced)") if a.ready_by_estimated else "")


def _done(app: App, verb: str, a: "CardApplication", as_json: bool) -> None:
    if as_json:
        emit_json(card_json(a, app.reveal))
        return
    extra = _(", card {card_number}").format(card_number=a.card_number) if a.card_number else ""
    click.echo(
        _("{verb}: application {number} of {mask_id} is now {value}{extra}").format(
            verb=verb, number=a.number, mask_id=mask_id(app.reveal, a.citizen_id), value=term(a.state.value), extra=extra
        )
    )


@click.group()
def card() -> None:
    """Social security cards: apply, pay, produce, ready, collect, report lost, replace."""


@card.command()
@click.argument("citizen_id")
@click.option(
    "--document", type=click.Choice(DOCUMENTS), required=True, help="Identity card, or the household register without one."
)
@click.option("--address", required=True, help="Mailing address.")
@click.option("--phone", help="Contact phone (default: the one on record).")
@click.option("--photo-receipt", help="Photo receipt number (needed without a public-security photo on file).")
@click.option("--ethnicity", help="Ethnic group (民族) as written on the form, e.g. 汉族.")
@click.option("--bank", help="Bank to collect the card at: a counter channel the insured place accepts (e.g. icbc).")
@click.option("--agent-name", help="Agent applying for the holder (代办人): name; with --agent-id and --agent-phone.")
@click.option("--agent-id", help="The agent's citizen id.")
@click.option("--agent-phone", help="The agent's phone.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def apply(
    app: App,
    citizen_id: str,
    document: str | None,
    address: str | None,
    phone: str | None,
    photo_receipt: str | None,
    ethnicity: str | None,
    bank: str | None,
    agent_name: str | None,
    agent_id: str | None,
    agent_phone: str | None,
    as_json: bool,
) -> None:
    """Apply for a first card; the fee's payment notice is issued with it."""
    from shebao.convert import structure
    from shebao.money import yuan
    from shebao.services.cards import ApplyForCard, apply_for_card

    data = {
        "citizen_id": citizen_id,
        "document": document,
        "address": address,
        "phone": phone,
        "photo_receipt": photo_receipt,
        "ethnicity": ethnicity,
        "bank": bank,
        "agent_name": agent_name,
        "agent_id": agent_id,
        "agent_phone": agent_phone,
    }
    command = structure({k: v for k, v in data.items() if v is not None}, ApplyForCard)
    applied = apply_for_card(app.uow(), command, app.today)
    if as_json:
        emit_json(card_json(applied, app.reveal))
        return
    click.echo(
        _("applied: {number} for {mask_id} ({value} photo)").format(
            number=applied.number, mask_id=mask_id(app.reveal, applied.citizen_id), value=term(applied.photo_source.value)
        )
    )
    if applied.notice_number:
        click.echo(
            _("payment notice {notice_number}: {fee} yuan").format(notice_number=applied.notice_number, fee=yuan(applied.fee))
        )
    else:
        click.echo(_("the card is free here: paid, ready by {ready_by}").format(ready_by=_ready_by(applied)))


@card.command()
@click.argument("key")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def show(app: App, key: str, as_json: bool) -> None:
    """One application (by application number, card number or citizen id) with its steps."""
    from shebao.services.cards import card_view

    view = card_view(app.uow(), key)
    a = view.application
    if as_json:
        data = card_json(a, app.reveal)
        data["name"] = view.person.name
        data["steps"] = [
            {"state": e.state.value, "on": e.on.isoformat(), "operator": e.operator, **_masked(e.detail, app.reveal)}
            for e in view.events
        ]
        data["notice_paid"] = view.notice.is_paid if view.notice else None
        emit_json(data)
        return
    pairs(
        [
            (_("application"), a.number + (_(" (replaces {replaces})").format(replaces=a.replaces) if a.replaces else "")),
            (_("holder"), f"{view.person.name} {mask_id(app.reveal, a.citizen_id)}"),
            (_("state"), term(a.state.value) + (_(" (card suspended)") if a.state.value == "reported-lost" else "")),
            (_("document"), term(a.document.value)),
            (_("photo"), a.photo_receipt or term(a.photo_source.value)),
            (_("notice"), a.notice_number or _("(free)")),
            (_("ready by"), _ready_by(a) or _("(after payment)")),
            (_("card number"), a.card_number or _("(assigned when the card is ready for collection)")),
        ]
    )
    table(
        [_("step"), _("on"), _("operator"), _("detail")],
        [(term(e.state.value), e.on, e.operator, _detail(e.detail, app.reveal)) for e in view.events],
    )


def _masked(detail: dict[str, str], reveal: bool) -> dict[str, str]:
    return {k: (mask_id(reveal, v) if k == "agent_id" else v) for k, v in detail.items()}


def _detail(detail: dict[str, str], reveal: bool) -> str:
    return ", ".join(f"{k}={v}" for k, v in _masked(detail, reveal).items())


@card.command("list")
@click.option("--state", type=click.Choice(STATES))
@click.option("--late", is_flag=True, help="Only paid cards past their ready-by date.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=100, show_default=True)
@offset_option()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def list_(app: App, state: str | None, late: bool, limit: int, offset: int, as_json: bool) -> None:
    """Card applications, by state."""
    from shebao.model.card import CardState
    from shebao.services.cards import list_applications

    uow = app.uow()
    found, more = window(
        lambda n, skip: list_applications(uow, CardState(state) if state else None, app.today if late else None, n, skip),
        limit,
        offset,
    )
    if as_json:
        emit_list([card_json(a, app.reveal) for a in found], offset, more)
        return
    table(
        [_("application"), _("citizen id"), _("state"), _("applied"), _("ready by"), _("card")],
        [
            (a.number, mask_id(app.reveal, a.citizen_id), term(a.state.value), a.applied_on, _ready_by(a), a.card_number)
            for a in found
        ],
    )
    cut_notice(len(found), offset, more)


@card.command()
@click.argument("key")
@payment_channel_option(required=True, help="Collecting bank or app: icbc, abc, ccb, wechat-pay, alipay.")
@click.option("--receipt", required=True, help="The bank's receipt (serial) number.")
@click.option("--amount", help="Amount paid in yuan (default: the notice's amount).")
@click.option("--on", "--paid-on", "paid_on", cls=OneName, type=DATE, help="Day of payment (default: today).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def pay(app: App, key: str, channel: str, receipt: str, amount: str | None, paid_on: dt.date | None, as_json: bool) -> None:
    """Record the fee paid at a bank for an application's notice."""
    from shebao.convert import structure
    from shebao.errors import RuleViolation
    from shebao.services.cards import find_application
    from shebao.services.payments import RecordPayment, record_payment

    found = find_application(app.uow(), key)
    if found.notice_number is None:
        raise RuleViolation("card-fee", _("application {number} has no fee to pay").format(number=found.number))
    data: dict[str, Any] = {"notice_number": found.notice_number, "channel": channel, "receipt": receipt}
    if amount is not None:
        data["amount"] = amount
    if paid_on is not None:
        data["paid_at"] = dt.datetime.combine(paid_on, dt.time(12, 0)).isoformat()
    payment, new = record_payment(app.uow(), structure(data, RecordPayment), app.now)
    after = find_application(app.uow(), found.number)
    if as_json:
        emit_json({"new": new, "receipt": payment.receipt, **card_json(after, app.reveal)})
        return
    prefix = _("paid") if new else _("already recorded (nothing changed)")
    click.echo(
        _("{prefix}: {number} via {channel} receipt {receipt}; ready by {ready_by}").format(
            prefix=prefix, number=found.number, channel=payment.channel, receipt=payment.receipt, ready_by=_ready_by(after)
        )
    )


@card.command()
@click.argument("applications", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def produce(app: App, applications: tuple[str, ...], as_json: bool) -> None:
    """Send paid applications to the card maker (one batch)."""
    from shebao.services.cards import send_to_production

    sent = send_to_production(app.uow(), list(applications), app.today)
    if as_json:
        emit_json([card_json(a, app.reveal) for a in sent])
        return
    for a in sent:
        _done(app, _("sent to the maker"), a, False)


@card.command()
@click.argument("application")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def ready(app: App, application: str, as_json: bool) -> None:
    """The maker has delivered the card: assign its number; it is ready for collection."""
    from shebao.services.cards import mark_card_ready

    _done(app, _("card made"), mark_card_ready(app.uow(), application, app.today), as_json)


# the command's former name, kept so that scripts written for it keep working
card.add_command(
    click.Command(
        "issue", callback=ready.callback, params=ready.params, help="Former name of `shebao card ready`: the same step."
    )
)


@card.command()
@click.argument("application")
@click.option("--document", type=click.Choice(COLLECTION_DOCUMENTS), help="What the collector shows.")
@click.option("--agent-id", help="The agent's citizen identity number (with agent-identity-card).")
@click.option("--agent-name", help="The agent's name.")
@click.option("--registration-form", is_flag=True, help="The registration form is presented.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def collect(
    app: App,
    application: str,
    document: str | None,
    agent_id: str | None,
    agent_name: str | None,
    registration_form: bool,
    as_json: bool,
) -> None:
    """Hand the card to its holder (or an agent), checking documents and the form."""
    from shebao.convert import structure
    from shebao.services.cards import CollectCard, collect_card

    data = {"application": application, "document": document, "agent_id": agent_id, "agent_name": agent_name}
    command = structure({**{k: v for k, v in data.items() if v is not None}, "registration_form": registration_form}, CollectCard)
    _done(app, _("collected"), collect_card(app.uow(), command, app.today), as_json)


@card.command("report-lost")
@click.argument("key")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def report_lost(app: App, key: str, as_json: bool) -> None:
    """Report a card lost: it is suspended at once."""
    from shebao.services.cards import find_application, report_lost

    number = find_application(app.uow(), key).number
    _done(app, _("reported lost, card suspended"), report_lost(app.uow(), number, app.today), as_json)


@card.command()
@click.argument("key")
@click.option("--address", help="New mailing address (default: the one given before).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def replace(app: App, key: str, address: str | None, as_json: bool) -> None:
    """Replace a lost card: a new application with its own notice and, later, a new number."""
    from shebao.services.cards import find_application, replace_card

    number = find_application(app.uow(), key).number
    new = replace_card(app.uow(), number, app.today, address)
    if as_json:
        emit_json(card_json(new, app.reveal))
        return
    click.echo(
        _("replaced: {number} → new application {number2} ({value}), notice {value2}").format(
            number=number, number2=new.number, value=term(new.state.value), value2=new.notice_number or _("(free)")
        )
    )


@card.command()
@click.argument("key")
@click.option("--reason", required=True, help="Why (withdrawn, deceased, emigrated ...).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def cancel(app: App, key: str, reason: str, as_json: bool) -> None:
    """Cancel an unpaid application, or a card for good."""
    from shebao.services.cards import cancel_card, find_application

    number = find_application(app.uow(), key).number
    _done(app, _("cancelled"), cancel_card(app.uow(), number, app.today, reason), as_json)


@card.command()
@click.argument("key")
@document_output_options()
@click.pass_obj
def form(app: App, key: str, format_: str, out: Path | None, force: bool) -> None:
    """Print the registration form (社会保障卡申领登记表) with its tear-off receipt."""
    from shebao.services.cards import registration_form_of

    write_document(app, registration_form_of(app.uow(), key, app.today), format_, out, force)


@card.command()
@click.argument("key")
@document_output_options()
@click.pass_obj
def notice(app: App, key: str, format_: str, out: Path | None, force: bool) -> None:
    """Print the fee's payment notice (非税收入缴款通知书) with the collecting banks."""
    from shebao.services.cards import fee_notice_of

    write_document(app, fee_notice_of(app.uow(), key), format_, out, force)
