"""``shebao account``: the medical insurance individual account."""

from typing import Any

import click

from shebao.i18n import _, ngettext, term
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
from shebao_cli.params import MONTH


@click.group()
def account() -> None:
    """Individual accounts of employee medical insurance."""


@account.command()
@click.argument("citizen_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def show(app: App, citizen_id: str, as_json: bool) -> None:
    """Balance, activation and the latest ledger entries of a person's account."""
    from shebao.money import yuan
    from shebao.services.contributions import account as find_account

    found, entries = find_account(app.uow(), citizen_id)
    if as_json:
        emit_json(
            {
                "citizen_id": mask_id(app.reveal, found.citizen_id),
                "balance": yuan(found.balance),
                "opened_on": found.opened_on.isoformat(),
                "activated_on": found.activated_on.isoformat() if found.activated_on else None,
                "entries": [
                    {
                        "booked_on": e.booked_on.isoformat(),
                        "kind": e.kind.value,
                        "amount": yuan(e.amount),
                        "reference": e.reference,
                    }
                    for e in entries
                ],
            }
        )
        return
    pairs(
        [
            (_("account of"), mask_id(app.reveal, found.citizen_id)),
            (_("balance"), _("{balance} yuan").format(balance=yuan(found.balance))),
            (_("opened on"), found.opened_on.isoformat()),
            (_("activated"), found.activated_on.isoformat() if found.activated_on else _("not yet")),
        ]
    )
    table(
        [_("booked"), _("kind"), _("amount"), _("reference")],
        [(e.booked_on, term(e.kind.value), yuan(e.amount), e.reference) for e in entries],
    )


@account.command("credit-retirees")
@click.option("--month", type=MONTH, required=True, help="The month to credit.")
@click.pass_obj
def credit_retirees(app: App, month: Any) -> None:
    """Give every retiree's account the monthly credit, once per month."""
    from shebao.money import yuan
    from shebao.services.contributions import credit_retirees as credit

    result = credit(app.uow(), month, app.today)
    click.echo(
        ngettext(
            "{month}: credited {credited} retiree {total} yuan; {already} already credited",
            "{month}: credited {credited} retirees {total} yuan; {already} already credited",
            result.credited,
        ).format(month=result.month, credited=result.credited, total=yuan(result.total), already=result.already)
    )


EVIDENCE_ITEMS = [
    "identity-card-original",
    "identity-card-copy",
    "social-security-card",
    "bank-card",
    "face-recognition",
    "fingerprint",
]


def _activation_json(a: Any, reveal: bool) -> dict[str, Any]:
    from shebao.ids import mask

    return {
        "citizen_id": mask_id(reveal, a.citizen_id),
        "kind": a.kind.value,
        "activated_on": a.activated_on.isoformat(),
        "card_number": a.card_number,
        "bank_card": (a.bank_card if reveal else mask(a.bank_card, 6, 4)) if a.bank_card else None,
        "bank": a.bank,
        "evidence": [{"item": e.item.value, "value": _evidence_value(e, reveal), "checked_by": e.checked_by} for e in a.evidence],
    }


def _evidence_value(e: Any, reveal: bool) -> str:
    from shebao.ids import mask

    return e.value if reveal or e.item.value != "bank-card" else mask(e.value, 6, 4)


@account.command()
@click.argument("citizen_id")
@click.option("--id-card-original", is_flag=True, help="The identity card's original was checked.")
@click.option("--id-card-copy", is_flag=True, help="The identity card's copy was checked.")
@click.option("--card", "card_number", help="The social security card presented (its 9-character number).")
@click.option("--bank-card", help="The bank card to bind (Luhn-checked, issuing bank recorded).")
@click.option("--face", type=click.Choice(["passed", "failed"]), help="Face recognition result.")
@click.option("--fingerprint", type=click.Choice(["passed", "failed"]), help="Fingerprint collection result.")
@click.option(
    "--checked-by",
    "checkers",
    multiple=True,
    metavar="ITEM=NAME",
    help="A piece checked by someone other than --operator, e.g. face-recognition=王芳.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def activate(
    app: App,
    citizen_id: str,
    id_card_original: bool,
    id_card_copy: bool,
    card_number: str | None,
    bank_card: str | None,
    face: str | None,
    fingerprint: str | None,
    checkers: tuple[str, ...],
    as_json: bool,
) -> None:
    """Activate the medical insurance account at the service centre."""
    from shebao.convert import structure
    from shebao.services.activation import ActivateAccount, activate_account

    data: dict[str, Any] = {
        "citizen_id": citizen_id,
        "checked_by": app.operator,
        "identity_card_original": id_card_original,
        "identity_card_copy": id_card_copy,
        "checkers": _checkers(checkers),
        **_given(card_number=card_number, bank_card=bank_card, face_recognition=face, fingerprint=fingerprint),
    }
    done = activate_account(app.uow(), structure(data, ActivateAccount), app.today)
    if as_json:
        emit_json(_activation_json(done, app.reveal))
        return
    click.echo(
        ngettext(
            "activated: medical account of {mask_id} with card {card_number}, bank card of {bank}; "
            "{count} piece of evidence recorded",
            "activated: medical account of {mask_id} with card {card_number}, bank card of {bank}; "
            "{count} pieces of evidence recorded",
            len(done.evidence),
        ).format(
            mask_id=mask_id(app.reveal, done.citizen_id), card_number=done.card_number, bank=done.bank, count=len(done.evidence)
        )
    )


def _checkers(pairs: tuple[str, ...]) -> dict[str, str]:
    """``--checked-by ITEM=NAME`` options as who checked which piece of evidence."""
    by: dict[str, str] = {}
    for pair in pairs:
        item, _sep, name = pair.partition("=")
        if item not in EVIDENCE_ITEMS or not name.strip():
            raise click.BadParameter(
                _("{pair!r}: expected ITEM=NAME with ITEM one of {EVIDENCE_ITEMS}").format(
                    pair=pair, EVIDENCE_ITEMS=", ".join(EVIDENCE_ITEMS)
                )
            )
        by[item] = name.strip()
    return by


def _given(**options: str | None) -> dict[str, str]:
    """The options given: one left out stays out of the document, so the use case's default holds."""
    return {key: value for key, value in options.items() if value is not None}


@account.command("activate-ecert")
@click.argument("citizen_id")
@click.option("--real-name", type=click.Choice(["passed", "failed"]), help="Real-name authentication result.")
@click.option("--real-person", type=click.Choice(["passed", "failed"]), help="Real-person (liveness) authentication result.")
@click.option("--via", default="national medical insurance app", show_default=True, help="Where it was activated.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def activate_ecert(app: App, citizen_id: str, real_name: str | None, real_person: str | None, via: str, as_json: bool) -> None:
    """Activate the electronic medical insurance certificate (医保电子凭证)."""
    from shebao.convert import structure
    from shebao.services.activation import ActivateCertificate, activate_certificate

    data: dict[str, Any] = {
        "citizen_id": citizen_id,
        "checked_by": app.operator,
        "via": via,
        **_given(real_name=real_name, real_person=real_person),
    }
    done = activate_certificate(app.uow(), structure(data, ActivateCertificate), app.today)
    if as_json:
        emit_json(_activation_json(done, app.reveal))
        return
    click.echo(
        _("activated: electronic medical insurance certificate of {mask_id} via {via}").format(
            mask_id=mask_id(app.reveal, done.citizen_id), via=via
        )
    )


@account.command()
@click.argument("citizen_id")
@limit_option()
@offset_option()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def activations(app: App, citizen_id: str, limit: int, offset: int, as_json: bool) -> None:
    """Activations of a person, each with its evidence and who checked it."""
    from shebao.services.activation import activations as find

    every = find(app.uow(), citizen_id)
    found, more = cut(every, limit, offset)
    if as_json:
        emit_list([_activation_json(a, app.reveal) for a in found], offset, more)
        return
    for a in found:
        click.echo(
            _("{value} on {activated_on}").format(value=a.kind.value, activated_on=a.activated_on)
            + (_(", card {card_number}, {bank}").format(card_number=a.card_number, bank=a.bank) if a.card_number else "")
        )
        table(
            [_("evidence"), _("value"), _("checked by")],
            [(term(e.item.value), _evidence_value(e, app.reveal), e.checked_by) for e in a.evidence],
        )
    cut_notice(len(found), offset, more, len(every))


@account.command("enrolment-code")
@click.argument("citizen_id")
@click.pass_obj
def enrolment_code(app: App, citizen_id: str) -> None:
    """Print a one-time code with which the person enrols on the self-service pages (needs the
    electronic certificate activated; valid 7 days; a new code replaces the old)."""
    from shebao.services.access import issue_enrolment_code

    code = issue_enrolment_code(app.uow(), citizen_id, app.now)
    click.echo(
        _("enrolment code for {mask_id}: {code} (once, within 7 days, at /enrol)").format(
            mask_id=mask_id(app.reveal, citizen_id), code=code
        )
    )


def _add_family() -> None:
    from shebao_cli.commands.fund import family

    account.add_command(family)


_add_family()
