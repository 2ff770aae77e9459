"""Shanghai's off-site filing rules for its insured: SAMPLE values.

Up to 3 designated institutions, a 6-month lock on changing a long-term filing, temporary
filings valid 6 months.
"""

import attrs

from shebao_provinces.national import DEFAULT_FILING

FILING = attrs.evolve(DEFAULT_FILING, max_designated_institutions=3, temporary_validity_months=6)
