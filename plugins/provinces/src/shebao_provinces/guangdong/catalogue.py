"""Guangdong: the treatment place's catalogue, a sample of national codes with
local price limits and category-B shares, plus local items.

Sample values: codes follow the shape of the national medical insurance codes; names are real
kinds of items, limits and shares are sample values, not the province's published catalogue.
"""

from shebao.model.catalogue import CatalogueItem
from shebao_provinces.national import SAMPLE_CATALOGUE, item

LOCAL = (
    item("XJ01DDA028B002", "注射用头孢曲松钠", "B", "0.10", limit="25.00"),
    item("001102000010000", "普通病房床位费", "A", limit="50.00"),
    item("440000000001", "岭南中药饮片(样例)", "B", "0.05"),
)


def catalogue() -> list[CatalogueItem]:
    """The national sample with local items replacing those of the same code."""
    local = {entry.code: entry for entry in LOCAL}
    return [local.pop(entry.code, entry) for entry in SAMPLE_CATALOGUE] + list(local.values())
