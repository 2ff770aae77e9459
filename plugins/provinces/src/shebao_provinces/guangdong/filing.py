"""Guangdong's off-site filing rules for its insured.

From public pages: long-term residents (resettled retirees, permanent residents, long-term
workers) and temporary patients (referral, emergency, other) file; long-term filings stay
valid until changed; temporary filings are valid, in principle, at least 6 months (Qingyuan,
Guangdong: http://gansulong.com/c/030HP64532024.html). The rest are SAMPLE values: a personal
commitment replaces the residence certificate, 1 to 3 designated institutions, a 6-month
change lock, a one-year temporary cycle, no filing between cities of Guangdong.

Review: a long-term filing must give the residence address at the treatment place (sample rule).
"""

import attrs

import shebao
from shebao.i18n import _
from shebao.model.filing import Filing
from shebao.policy import Policy
from shebao_provinces.national import DEFAULT_FILING

PROVINCE = "44"

FILING = attrs.evolve(DEFAULT_FILING, max_designated_institutions=3, temporary_validity_months=12)


@shebao.hookimpl
def shebao_review_filing(filing: Filing, policy: Policy) -> list[str]:
    if filing.insured_region[:2] != PROVINCE:
        return []
    if not filing.is_temporary and not filing.address.strip():
        return [_("a long-term filing must give the residence address at the treatment place")]
    return []
