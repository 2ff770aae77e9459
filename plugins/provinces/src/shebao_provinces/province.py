"""What every bundled province module shares: it answers only for its own province, and its
policy starts from the national defaults with the parts the province sets replaced."""

from collections.abc import Callable

import attrs

import shebao
from shebao.model.catalogue import CatalogueItem
from shebao.model.person import Scheme
from shebao.policy import BenefitPolicy, FilingPolicy, Policy
from shebao.regions import Region
from shebao_provinces.national import default_policy

PolicyHook = Callable[[Region, Scheme, int], Policy | None]
CatalogueHook = Callable[[Region, int], list[CatalogueItem] | None]


def own_policy(province: str, source: str, filing: FilingPolicy, employee: BenefitPolicy, resident: BenefitPolicy) -> PolicyHook:
    """``shebao_policy`` for one province: the national defaults, its filing rules, and its
    benefits for the employee scheme and for the resident scheme."""

    @shebao.hookimpl
    def shebao_policy(region: Region, scheme: Scheme, year: int) -> Policy | None:
        if region.code[:2] != province:
            return None
        benefits = employee if scheme is Scheme.EMPLOYEE else resident
        return attrs.evolve(default_policy(region, scheme, year), source=source, filing=filing, benefits=benefits)

    return shebao_policy


def own_catalogue(province: str, catalogue: Callable[[], list[CatalogueItem]]) -> CatalogueHook:
    """``shebao_catalogue`` for one province: its catalogue, for every region inside it."""

    @shebao.hookimpl
    def shebao_catalogue(region: Region, year: int) -> list[CatalogueItem] | None:
        return catalogue() if region.code[:2] == province else None

    return shebao_catalogue
