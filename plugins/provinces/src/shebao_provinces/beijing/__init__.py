"""Beijing (11, 北京市): the province's own policy, replacing the national defaults where it differs.

Values not cited to a public source here are sample values (see the package README).
"""

from shebao.i18n import N_
from shebao_provinces.beijing.benefits import EMPLOYEE, RESIDENT
from shebao_provinces.beijing.catalogue import catalogue
from shebao_provinces.beijing.filing import FILING
from shebao_provinces.beijing.institutions import shebao_institutions
from shebao_provinces.province import own_catalogue, own_policy

PROVINCE = "11"
SOURCE = N_("Beijing sample policy (shebao_provinces.beijing)")  # translated where shown (policy_source is stored as written)

shebao_policy = own_policy(PROVINCE, SOURCE, FILING, EMPLOYEE, RESIDENT)
shebao_catalogue = own_catalogue(PROVINCE, catalogue)

__all__ = ["shebao_catalogue", "shebao_institutions", "shebao_policy"]  # the hook implementations
