"""A designated institution as the front ends show it: the directory's row with its level
written out (``三级甲等``) and its services in a stable order."""

import attrs

from shebao.model.institution import Institution, InstitutionGrade, InstitutionKind, InstitutionLevel, InstitutionStatus, Service


@attrs.frozen
class InstitutionView:
    code: str
    name: str
    region: str
    level: InstitutionLevel
    grade: InstitutionGrade
    level_label: str  # the level and grade as a patient reads them
    kind: InstitutionKind
    services: list[Service]  # in the order of their codes
    designated: bool
    networked: bool
    status: InstitutionStatus
    address: str

    @classmethod
    def of(cls, institution: Institution) -> "InstitutionView":
        i = institution
        services = sorted(i.services, key=lambda service: service.value)
        return cls(i.code, i.name, i.region, i.level, i.grade, i.level_label, i.kind, services, i.designated,
                   i.networked, i.status, i.address)  # fmt: skip
