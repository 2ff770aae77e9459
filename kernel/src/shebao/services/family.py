"""Family mutual aid (家庭共济): a holder's individual account may pay the personal part of a
spouse, parent or child, when the insured place's policy allows it."""

import datetime as dt

from shebao import plugins
from shebao.errors import NotFound, RuleViolation
from shebao.i18n import N_, _
from shebao.model.fund import FamilyLink, Relation
from shebao.services.people import get_person
from shebao.store.ports import UnitOfWork


def add_family_member(uow: UnitOfWork, holder_id: str, member_id: str, relation: Relation, today: dt.date) -> FamilyLink:
    """Link a member to a holder's account: one holder per member at a time, in the same pooling area."""
    with uow:
        holder, member = get_person(uow, holder_id), get_person(uow, member_id)
        if holder.citizen_id == member.citizen_id:
            raise RuleViolation("family-member", _("a holder cannot be their own family member"))
        if uow.accounts.get(holder.citizen_id.number) is None:
            raise RuleViolation("employee-account", _("only employee medical insurance has an individual account"))
        if holder.insured_region != member.insured_region:
            raise RuleViolation(
                "family-same-area",
                _(
                    "the holder is insured in {insured_region}, the member in {insured_region2}: "
                    "mutual aid is within one pooling area"
                ).format(insured_region=holder.insured_region, insured_region2=member.insured_region),
            )
        policy = plugins.policy(plugins.region(holder.insured_region), holder.scheme, today.year)
        if not policy.benefits.family_mutual_aid:
            raise RuleViolation(
                "family-mutual-aid",
                _("the policy of {insured_region} does not allow family mutual aid").format(insured_region=holder.insured_region),
            )
        existing = uow.family.live_of_member(member.citizen_id.number)
        if existing is not None:
            raise RuleViolation(
                "family-one-holder",
                _("the member is linked to another holder's account since {added_on}").format(added_on=existing.added_on),
            )
        link = uow.family.add(holder.citizen_id.number, member.citizen_id.number, relation, today)
        uow.audit.record("account.family-add", holder.citizen_id.number, member=member.citizen_id.number, relation=relation.value)
        uow.commit()
    return link


def remove_family_member(uow: UnitOfWork, holder_id: str, member_id: str, today: dt.date) -> FamilyLink:
    with uow:
        holder, member = get_person(uow, holder_id), get_person(uow, member_id)
        link = uow.family.live_of_member(member.citizen_id.number)
        if link is None or link.holder != holder.citizen_id.number:
            raise NotFound(N_("family link of that member to"), "this holder")
        uow.family.remove(link.id, today)
        uow.audit.record("account.family-remove", holder.citizen_id.number, member=member.citizen_id.number)
        uow.commit()
    return FamilyLink(link.id, link.holder, link.member, link.relation, link.added_on, today)


def family_of(uow: UnitOfWork, holder_id: str) -> list[FamilyLink]:
    holder = get_person(uow, holder_id)
    return uow.family.of_holder(holder.citizen_id.number)
