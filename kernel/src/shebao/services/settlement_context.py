"""The adapter from settlement's port (``TreatmentContext``) to the filing concern's services.

The filing concern (``shebao.services.institutions`` and ``shebao.services.filings``) is
imported lazily; without it no institution is known, so every bill is refused as naming an
unknown institution. Its enums share member names with settlement's, so values map by name.
The adapter must not open a transaction: settlement calls it inside its own unit of work.
"""

import datetime as dt
import importlib
from types import ModuleType
from typing import Any

from shebao.model.settlement import FilingCategory, FilingFacts, InstitutionFacts, InstitutionLevel, Service
from shebao.services.settlement_ports import TreatmentContext
from shebao.store.ports import UnitOfWork


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


class NoTreatmentContext:
    """No filing concern installed: no institution, no filing."""

    def institution(self, code: str) -> InstitutionFacts | None:
        return None

    def covering_filing(self, citizen_id: str, region: str, institution_code: str, on: dt.date) -> FilingFacts | None:
        return None


class FilingServicesContext:
    """Reads institutions and filings through the filing concern's services."""

    def __init__(self, uow: UnitOfWork, institutions: ModuleType, filings: ModuleType) -> None:
        self._uow = uow
        self._institutions = institutions
        self._filings = filings

    def institution(self, code: str) -> InstitutionFacts | None:
        found: Any = self._institutions.find_institution(self._uow, code)
        if found is None:
            return None
        return InstitutionFacts(
            code=found.code,
            name=found.name,
            region=found.region,
            level=InstitutionLevel[found.level.name],
            designated=bool(found.designated),
            services=frozenset(Service[service.name] for service in found.services),
        )

    def covering_filing(self, citizen_id: str, region: str, institution_code: str, on: dt.date) -> FilingFacts | None:
        filing: Any = self._filings.covering_filing(self._uow, citizen_id, region, institution_code, on)
        if filing is None:
            return None
        return FilingFacts(category=FilingCategory[filing.category.name], number=str(getattr(filing, "number", "")))


def treatment_context(uow: UnitOfWork) -> TreatmentContext:
    """The treatment context of the installed filing concern, or none."""
    institutions = _module("shebao.services.institutions")
    filings = _module("shebao.services.filings")
    if institutions is None or filings is None:
        return NoTreatmentContext()
    return FilingServicesContext(uow, institutions, filings)
