"""Beijing's off-site filing rules for its insured: SAMPLE values.

Beijing's insured who live elsewhere may be settled at every networked institution of the
filed city (sample: ``max_designated_institutions = 0``); temporary filings run 6 months.
"""

import attrs

from shebao_provinces.national import DEFAULT_FILING

FILING = attrs.evolve(DEFAULT_FILING, max_designated_institutions=0, temporary_validity_months=6)
