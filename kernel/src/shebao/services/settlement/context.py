"""The adapter from settlement's port (``TreatmentContext``) to the institution directory and
the off-site filings. It opens no transaction: settlement calls it inside its own unit of work."""

import datetime as dt
from collections.abc import Collection

from shebao.model.filing import Filing
from shebao.model.institution import InstitutionStatus
from shebao.model.settlement import FilingFacts, InstitutionFacts
from shebao.services.filings import covering_filing, covering_filing_among
from shebao.services.institutions import find_institution
from shebao.services.settlement.ports import TreatmentContext
from shebao.store.ports import UnitOfWork


class DirectoryContext:
    """Institutions from the synced directory, filings from the filing store."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow
        self._filings: dict[str, list[Filing]] = {}

    def institution(self, code: str) -> InstitutionFacts | None:
        found = find_institution(self._uow, code)
        if found is None:
            return None
        return InstitutionFacts(
            code=found.code,
            name=found.name,
            region=found.region,
            level=found.level,
            # designated for direct settlement across provinces: networked and not suspended
            designated=found.designated and found.networked and found.status is InstitutionStatus.OPEN,
            services=found.services,
        )

    def covering_filing(self, citizen_id: str, region: str, institution_code: str, on: dt.date) -> FilingFacts | None:
        read = self._filings.get(citizen_id)
        if read is None:
            filing = covering_filing(self._uow, citizen_id, region, institution_code, on)
        else:  # the number, region and code are the store's own, already canonical
            filing = covering_filing_among(read, region, institution_code, on)
        if filing is None:
            return None
        return FilingFacts(category=filing.category, number=filing.id)

    def read_filings_of(self, citizen_ids: Collection[str]) -> None:
        found = self._uow.filings.of_persons(citizen_ids)
        self._filings = {number: found.get(number, []) for number in citizen_ids}


def treatment_context(uow: UnitOfWork) -> TreatmentContext:
    return DirectoryContext(uow)
