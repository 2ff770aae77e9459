"""Shanghai (31, 上海市): the province's own policy, replacing the national defaults where it differs.

Values not cited to a public source here are sample values (see the package README).
"""

import attrs

import shebao
from shebao.model.catalogue import CatalogueItem
from shebao.model.person import Scheme
from shebao.policy import Policy
from shebao.regions import Region
from shebao_provinces.national import default_policy
from shebao_provinces.shanghai.benefits import benefits
from shebao_provinces.shanghai.catalogue import catalogue
from shebao_provinces.shanghai.filing import FILING
from shebao_provinces.shanghai.institutions import shebao_institutions

PROVINCE = "31"
SOURCE = "Shanghai sample policy (shebao_provinces.shanghai)"


@shebao.hookimpl
def shebao_policy(region: Region, scheme: Scheme, year: int) -> Policy | None:
    if region.code[:2] != PROVINCE:
        return None
    return attrs.evolve(
        default_policy(region, scheme, year),
        source=SOURCE,
        filing=FILING,
        benefits=benefits(scheme),
    )


@shebao.hookimpl
def shebao_catalogue(region: Region, year: int) -> list[CatalogueItem] | None:
    if region.code[:2] != PROVINCE:
        return None
    return catalogue()


__all__ = ["shebao_catalogue", "shebao_institutions", "shebao_policy"]  # hook implementations, some imported from submodules
