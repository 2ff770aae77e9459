"""Shorthands for the bundled provinces' designated institution samples.

Codes follow the national platform's shape (a letter, the 6-digit region, a sequence) with
an ``S`` before the sequence: they are SAMPLE codes, not the real ones. Names are real
hospitals and pharmacy chains; levels and services are sample values.
"""

from shebao.model.institution import Institution, InstitutionGrade, InstitutionKind, InstitutionLevel, Service

EVERY_SERVICE = frozenset(Service)
GENERAL = frozenset({Service.INPATIENT, Service.GENERAL_OUTPATIENT, Service.HYPERTENSION, Service.DIABETES})
COMMUNITY = frozenset({Service.GENERAL_OUTPATIENT, Service.HYPERTENSION, Service.DIABETES})
PHARMACY = frozenset({Service.GENERAL_OUTPATIENT})


def hospital(
    region: str,
    number: int,
    name: str,
    level: InstitutionLevel = InstitutionLevel.TERTIARY,
    grade: InstitutionGrade = InstitutionGrade.A,
    services: frozenset[Service] = EVERY_SERVICE,
    address: str = "",
    networked: bool = True,
) -> Institution:
    return Institution(
        code=f"H{region}S{number:04d}",
        name=name,
        region=region,
        level=level,
        grade=grade,
        kind=InstitutionKind.HOSPITAL,
        services=services,
        networked=networked,
        address=address,
    )


def community_centre(region: str, number: int, name: str, address: str = "", networked: bool = True) -> Institution:
    return hospital(region, number, name, InstitutionLevel.PRIMARY, InstitutionGrade.UNGRADED, COMMUNITY, address, networked)


def pharmacy(region: str, number: int, name: str, address: str = "") -> Institution:
    """A designated retail pharmacy, settled at the primary level."""
    return Institution(
        code=f"P{region}S{number:04d}",
        name=name,
        region=region,
        level=InstitutionLevel.PRIMARY,
        grade=InstitutionGrade.UNGRADED,
        kind=InstitutionKind.PHARMACY,
        services=PHARMACY,
        address=address,
    )
