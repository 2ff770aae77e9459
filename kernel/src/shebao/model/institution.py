"""Designated medical institutions: hospitals and pharmacies open for cross-province settlement."""

import enum
import re

import attrs

from shebao.i18n import _
from shebao.regions import normalize_region_code


class InstitutionLevel(enum.Enum):
    """Hospital level (医院等级). A designated retail pharmacy is settled at the primary level."""

    PRIMARY = "primary"  # 一级
    SECONDARY = "secondary"  # 二级
    TERTIARY = "tertiary"  # 三级

    @property
    def label(self) -> str:
        return {"primary": "一级", "secondary": "二级", "tertiary": "三级"}[self.value]


class InstitutionGrade(enum.Enum):
    """Grade within a level (甲/乙/丙等); pharmacies and community centres are often ungraded."""

    A = "A"  # 甲等
    B = "B"  # 乙等
    C = "C"  # 丙等
    UNGRADED = "ungraded"

    @property
    def label(self) -> str:
        return {"A": "甲等", "B": "乙等", "C": "丙等", "ungraded": "未定等"}[self.value]


class InstitutionKind(enum.Enum):
    HOSPITAL = "hospital"  # includes community health service centres
    PHARMACY = "pharmacy"  # designated retail pharmacy


class Service(enum.Enum):
    """Services an institution may be open for across provinces."""

    INPATIENT = "inpatient"
    GENERAL_OUTPATIENT = "general-outpatient"
    # the five outpatient chronic and special diseases settled across provinces
    HYPERTENSION = "hypertension"
    DIABETES = "diabetes"
    TUMOUR_RADIO_CHEMO = "tumour-radio-chemo"  # outpatient radiotherapy and chemotherapy of malignant tumours
    URAEMIA_DIALYSIS = "uraemia-dialysis"
    TRANSPLANT_ANTI_REJECTION = "transplant-anti-rejection"  # anti-rejection therapy after organ transplant

    @property
    def is_chronic_special(self) -> bool:
        return self not in (Service.INPATIENT, Service.GENERAL_OUTPATIENT)


class InstitutionStatus(enum.Enum):
    OPEN = "open"
    SUSPENDED = "suspended"  # designation suspended by the treatment place
    WITHDRAWN = "withdrawn"  # no longer provided by any installed plugin


_CODE = re.compile(r"^[A-Z][0-9A-Z]{5,19}$")


def _code(_instance: object, attribute: "attrs.Attribute[str]", value: str) -> None:
    if not isinstance(value, str) or not _CODE.match(value):
        raise ValueError(_("institution code {value!r} must be 6 to 20 upper-case letters and digits").format(value=value))


@attrs.frozen
class Institution:
    """One designated institution of a treatment place, as its province plugin provides it."""

    code: str = attrs.field(validator=_code)  # national platform code; bundled codes are samples
    name: str = attrs.field(validator=attrs.validators.min_len(1))
    region: str = attrs.field(converter=normalize_region_code)  # 6-digit pooling area (GB/T 2260)
    level: InstitutionLevel
    grade: InstitutionGrade
    kind: InstitutionKind
    services: frozenset[Service]
    designated: bool = True  # a designated institution of basic medical insurance
    networked: bool = True  # connected to the national platform for cross-province direct settlement
    status: InstitutionStatus = InstitutionStatus.OPEN
    address: str = ""

    @property
    def open_for_cross_province(self) -> bool:
        return self.designated and self.networked and self.status is InstitutionStatus.OPEN and bool(self.services)

    def is_open_for(self, service: Service) -> bool:
        """Whether a cross-province patient can be settled here directly for ``service``."""
        return self.open_for_cross_province and service in self.services

    @property
    def level_label(self) -> str:
        grade = "" if self.grade is InstitutionGrade.UNGRADED else self.grade.label
        return self.level.label + grade


@attrs.frozen
class InstitutionFilter:
    """What a directory search asks for: a province code (``xx0000``) covers its pooling areas;
    ``name`` matches part of the name or of its pinyin initials; withdrawn ones only if asked."""

    region: str | None = None
    level: InstitutionLevel | None = None
    service: Service | None = None
    kind: InstitutionKind | None = None
    name: str | None = None
    include_withdrawn: bool = False


EVERY_INSTITUTION = InstitutionFilter()  # no filter: the whole directory, withdrawn ones left out
