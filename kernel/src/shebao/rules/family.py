"""Family mutual aid (家庭共济): who may be linked to whose individual account."""

from shebao.errors import RuleViolation
from shebao.model.fund import FamilyLink
from shebao.model.person import Person
from shebao.policy import BenefitPolicy


def check_family_pair(holder: Person, member: Person, has_account: bool) -> None:
    """A holder with an individual account links another person of the same pooling area."""
    if holder.citizen_id == member.citizen_id:
        raise RuleViolation("family-member", "a holder cannot be their own family member")
    if not has_account:
        raise RuleViolation("employee-account", "only employee medical insurance has an individual account")
    if holder.insured_region != member.insured_region:
        raise RuleViolation(
            "family-same-area",
            f"the holder is insured in {holder.insured_region}, the member in {member.insured_region}:"
            " mutual aid is within one pooling area",
        )


def check_family_link(holder: Person, benefits: BenefitPolicy, existing: FamilyLink | None) -> None:
    """The holder's policy allows mutual aid, and the member has no other holder now."""
    if not benefits.family_mutual_aid:
        raise RuleViolation("family-mutual-aid", f"the policy of {holder.insured_region} does not allow family mutual aid")
    if existing is not None:
        raise RuleViolation("family-one-holder", f"the member is linked to another holder's account since {existing.added_on}")
