"""Fund safety at the counter: ``person entitlement`` (interface 2001), ``account family``
(family mutual aid) and ``contribution prior`` (contribution months recognised before the records)."""

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
from shebao_cli.params import DATE

if TYPE_CHECKING:
    from shebao.model.entitlement import Entitlement, Refusal

RELATIONS = ["spouse", "parent", "child"]


def _refusal(refusal: "Refusal") -> dict[str, str]:
    return {"reason": refusal.reason.value, "message": refusal.message}


def entitlement_data(found: "Entitlement", reveal: bool) -> dict[str, Any]:
    return {
        "citizen_id": mask_id(reveal, found.citizen_id),
        "on": found.on.isoformat(),
        "scheme": found.scheme.value,
        "certificate": found.certificate.value if found.certificate else None,
        "entitled": found.entitled,
        "reasons": [_refusal(r) for r in found.refusals],
        "visit_types": {
            visit.value: {"entitled": not found.refusals_for(visit), "reasons": [_refusal(r) for r in found.refusals_for(visit)]}
            for visit, _refusals in found.visit_types
        },
        "account_pays": found.account_pays,
        "account": found.account_note,
        "policy_source": found.policy_source,
    }


@click.command("entitlement")
@click.argument("citizen_id", metavar="ID")
@click.option("--on", "on", type=DATE, required=True, help="The visit date.")
@click.option("--certificate", type=click.Choice(["card", "electronic"]), help="Also check this certificate.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def entitlement(app: App, citizen_id: str, on: Any, certificate: str | None, as_json: bool) -> None:
    """Whether and why the fund may pay for the person on a date, per scheme and visit type."""
    from shebao.model.settlement import Certificate
    from shebao.services.entitlement import entitlement as check

    found = check(app.uow(), citizen_id, on, Certificate(certificate) if certificate else None)
    if as_json:
        emit_json(entitlement_data(found, app.reveal))
        return
    pairs(
        [
            (_("person"), mask_id(app.reveal, found.citizen_id)),
            (_("on"), found.on.isoformat()),
            (_("scheme"), term(found.scheme.value)),
            (_("entitled"), _("yes") if found.entitled else _("no")),
            (_("individual account"), (_("pays: ") if found.account_pays else _("does not pay: ")) + found.account_note),
            (_("policy"), _(found.policy_source)),  # a plugin's words, in the catalogue
        ]
    )
    table(
        [_("visit type"), _("entitled"), _("reasons")],
        [
            (
                term(visit.value),
                _("no") if found.refusals_for(visit) else _("yes"),
                "; ".join(f"{term(r.reason.value)}: {r.message}" for r in found.refusals_for(visit)),
            )
            for visit, _refusals in found.visit_types
        ],
    )


@click.command("prior")
@click.argument("citizen_id", metavar="ID")
@click.option("--years", type=click.IntRange(0, 80), default=0, help="Whole years recognised.")
@click.option("--months", type=click.IntRange(0, 11), default=0, help="And months.")
@click.option("--note", required=True, help="What they were recognised from (deemed years, years elsewhere).")
@click.pass_obj
def prior(app: App, citizen_id: str, years: int, months: int, note: str) -> None:
    """Record contribution years recognised before shebao's records (they count toward a retiree's minimum)."""
    from shebao.services.entitlement import recognise_prior_contributions

    total = years * 12 + months
    before = recognise_prior_contributions(app.uow(), citizen_id, total, note, app.today)
    click.echo(_("prior contribution months: {before} -> {total}").format(before=before, total=total))


@click.group("family")
def family() -> None:
    """Family mutual aid (家庭共济): a holder's account pays a member's personal part."""


@family.command("add")
@click.argument("holder", metavar="HOLDER")
@click.argument("member", metavar="MEMBER")
@click.option("--relation", type=click.Choice(RELATIONS), required=True, help="What the member is to the holder.")
@click.pass_obj
def family_add(app: App, holder: str, member: str, relation: str) -> None:
    """Let the holder's account pay the member's personal part."""
    from shebao.model.fund import Relation
    from shebao.services.family import add_family_member

    link = add_family_member(app.uow(), holder, member, Relation(relation), app.today)
    click.echo(
        _("{mask_id} ({value}) added to the account of {mask_id2} on {added_on}").format(
            mask_id=mask_id(app.reveal, link.member),
            value=term(link.relation.value),
            mask_id2=mask_id(app.reveal, link.holder),
            added_on=link.added_on,
        )
    )


@family.command("remove")
@click.argument("holder", metavar="HOLDER")
@click.argument("member", metavar="MEMBER")
@click.pass_obj
def family_remove(app: App, holder: str, member: str) -> None:
    """End the link: the holder's account no longer pays for the member."""
    from shebao.services.family import remove_family_member

    link = remove_family_member(app.uow(), holder, member, app.today)
    click.echo(
        _("{mask_id} removed from the account of {mask_id2}").format(
            mask_id=mask_id(app.reveal, link.member), mask_id2=mask_id(app.reveal, link.holder)
        )
    )


@family.command("list")
@click.argument("holder", metavar="HOLDER")
@limit_option()
@offset_option()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def family_list(app: App, holder: str, limit: int, offset: int, as_json: bool) -> None:
    """The members a holder's account pays for, and those it paid for before."""
    from shebao.services.family import family_of

    every = family_of(app.uow(), holder)
    links, more = cut(every, limit, offset)
    rows = [
        {
            "member": mask_id(app.reveal, link.member),
            "relation": link.relation.value,
            "added_on": link.added_on.isoformat(),
            "removed_on": link.removed_on.isoformat() if link.removed_on else None,
        }
        for link in links
    ]
    if as_json:
        emit_list(rows, offset, more)
        return
    table([_("member"), _("relation"), _("added"), _("removed")], [tuple(row.values()) for row in rows])
    cut_notice(len(rows), offset, more, len(every))
