"""Sichuan's off-site filing rules for its insured: SAMPLE values.

Treatment in another city of Sichuan also needs filing (sample), the residence certificate is
required (no personal commitment, sample), up to 3 designated institutions, temporary filings
valid 6 months.
"""

import attrs

from shebao_provinces.national import DEFAULT_FILING

FILING = attrs.evolve(
    DEFAULT_FILING,
    commitment_replaces_residence_certificate=False,
    temporary_validity_months=6,
    intra_province_filing_required=True,
)
