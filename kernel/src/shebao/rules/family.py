"""Family mutual aid (家庭共济): who may be linked to whose individual account."""

from shebao.errors import RuleViolation
from shebao.i18n import _
from shebao.model.fund import FamilyLink
from shebao.model.person import Person
from shebao.policy import BenefitPolicy


def check_family_pair(holder: Person, member: Person, has_account: bool) -> None:
    """A holder with an individual account links another person of the same pooling area."""
    if holder.citizen_id == member.citizen_id:
        raise RuleViolation("family-member", _("a holder cannot be their own family member"))
    if not has_account:
        raise RuleViolation("employee-account", _("only employee medical insurance has an individual account"))
    if holder.insured_region != member.insured_region:
        raise RuleViolation(
            "family-same-area",
            _(
                "the holder is insured in {insured_region}, the member in {insured_region2}: "
                "mutual aid is within one pooling area"
            ).format(insured_region=holder.insured_region, insured_region2=member.insured_region),
        )


def check_family_link(holder: Person, benefits: BenefitPolicy, existing: FamilyLink | None) -> None:
    """The holder's policy allows mutual aid, and the member has no other holder now."""
    if not benefits.family_mutual_aid:
        raise RuleViolation(
            "family-mutual-aid",
            _("the policy of {insured_region} does not allow family mutual aid").format(insured_region=holder.insured_region),
        )
    if existing is not None:
        raise RuleViolation(
            "family-one-holder",
            _("the member is linked to another holder's account since {added_on}").format(added_on=existing.added_on),
        )
