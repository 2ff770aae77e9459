"""Guangdong (44, 广东省): the province's own policy, replacing the national defaults where it differs.

Values not cited to a public source here are sample values (see the package README).
"""

from shebao.i18n import N_
from shebao_provinces.guangdong.benefits import EMPLOYEE, RESIDENT
from shebao_provinces.guangdong.catalogue import catalogue
from shebao_provinces.guangdong.filing import FILING, shebao_review_filing
from shebao_provinces.guangdong.institutions import shebao_institutions
from shebao_provinces.province import own_catalogue, own_policy

PROVINCE = "44"
SOURCE = N_("Guangdong sample policy (shebao_provinces.guangdong)")  # translated where shown (policy_source is stored as written)

shebao_policy = own_policy(PROVINCE, SOURCE, FILING, EMPLOYEE, RESIDENT)
shebao_catalogue = own_catalogue(PROVINCE, catalogue)

__all__ = ["shebao_catalogue", "shebao_institutions", "shebao_policy", "shebao_review_filing"]  # the hook implementations
