"""Family mutual aid (家庭共济): a holder's individual account may pay the personal part of a
spouse, parent or child, when the insured place's policy allows it."""

import datetime as dt

from shebao import plugins
from shebao.errors import NotFound
from shebao.i18n import N_
from shebao.model.fund import FamilyLink, Relation
from shebao.plugins import Facade
from shebao.rules.family import check_family_link, check_family_pair
from shebao.services.people import get_person
from shebao.store.ports import UnitOfWork


def add_family_member(
    uow: UnitOfWork, holder_id: str, member_id: str, relation: Relation, today: dt.date, hooks: Facade = plugins
) -> FamilyLink:
    """Link a member to a holder's account: one holder per member at a time, in the same pooling area."""
    with uow:
        holder, member = get_person(uow, holder_id), get_person(uow, member_id)
        check_family_pair(holder, member, has_account=uow.accounts.get(holder.citizen_id.number) is not None)
        policy = hooks.policy(hooks.region(holder.insured_region), holder.scheme, today.year)
        check_family_link(holder, policy.benefits, uow.family.live_of_member(member.citizen_id.number))
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
