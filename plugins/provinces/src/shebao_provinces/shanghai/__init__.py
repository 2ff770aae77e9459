"""Shanghai (31, 上海市): the province's own policy, replacing the national defaults where it differs.

Values not cited to a public source here are sample values (see the package README).
"""

from shebao.i18n import N_
from shebao_provinces.province import own_catalogue, own_policy
from shebao_provinces.shanghai.benefits import EMPLOYEE, RESIDENT
from shebao_provinces.shanghai.catalogue import catalogue
from shebao_provinces.shanghai.filing import FILING
from shebao_provinces.shanghai.institutions import shebao_institutions

PROVINCE = "31"
SOURCE = N_("Shanghai sample policy (shebao_provinces.shanghai)")  # translated where shown (policy_source is stored as written)

shebao_policy = own_policy(PROVINCE, SOURCE, FILING, EMPLOYEE, RESIDENT)
shebao_catalogue = own_catalogue(PROVINCE, catalogue)

__all__ = ["shebao_catalogue", "shebao_institutions", "shebao_policy"]  # the hook implementations
