"""What settlement needs of the treatment place's management, as a narrow port.

Institutions and filings belong to the filing concern; settlement asks only these two
questions, and gets the small values of ``shebao.model.settlement`` back. The adapter over the
filing concern's services is ``shebao.services.settlement.context``; tests use their own.
"""

import datetime as dt
from collections.abc import Collection
from typing import Protocol

from shebao.model.settlement import FilingFacts, InstitutionFacts


class TreatmentContext(Protocol):
    def institution(self, code: str) -> InstitutionFacts | None:
        """The institution with this code, or None when there is none."""
        ...

    def covering_filing(self, citizen_id: str, region: str, institution_code: str, on: dt.date) -> FilingFacts | None:
        """The approved filing that covers treatment of this person in ``region`` at the
        institution on that day, or None."""
        ...

    def read_filings_of(self, citizen_ids: Collection[str]) -> None:
        """Read these persons' filings at once (a batch's chunk): ``covering_filing`` answers
        for them from what was read, until the next call."""
        ...
