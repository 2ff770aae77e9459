"""The insured person."""

import datetime as dt
import enum

import attrs

from shebao.ids import CitizenId, Sex


class Scheme(enum.Enum):
    """Basic medical insurance schemes."""

    EMPLOYEE = "employee"  # employee basic medical insurance
    RESIDENT = "resident"  # urban-rural resident basic medical insurance


class Status(enum.Enum):
    EMPLOYED = "employed"
    FLEXIBLE = "flexible"  # flexible worker, registers and pays alone
    INDIVIDUAL_BUSINESS = "individual-business"  # individual business household
    RETIRED = "retired"
    UNEMPLOYED = "unemployed"


class Standing(enum.Enum):
    """Whether the person's insurance runs: stopped (停保) and resumed (续保), or ended by death."""

    INSURED = "insured"
    STOPPED = "stopped"
    DECEASED = "deceased"


SELF_PAYING = frozenset({Status.FLEXIBLE, Status.INDIVIDUAL_BUSINESS})


@attrs.frozen
class Person:
    """An insured person. Birth date, sex and birthplace come from the id, never typed twice."""

    citizen_id: CitizenId
    name: str = attrs.field(validator=[attrs.validators.min_len(1), attrs.validators.max_len(60)])
    nationality: str
    hukou_region: str  # household registration, GB/T 2260
    insured_region: str  # 参保地, GB/T 2260
    scheme: Scheme
    status: Status
    registered_on: dt.date
    phone: str | None = None
    photo_on_file: bool = False  # a public-security photo exists for this person
    address: str | None = None
    standing: Standing = Standing.INSURED

    @property
    def birth_date(self) -> dt.date:
        return self.citizen_id.birth_date

    @property
    def sex(self) -> Sex:
        return self.citizen_id.sex

    @property
    def birthplace_code(self) -> str:
        return self.citizen_id.address_code

    @property
    def is_retired(self) -> bool:
        return self.status is Status.RETIRED

    def age_on(self, day: dt.date) -> int:
        """Full years of age on ``day`` (the birthday itself counts; 29 February's birthday falls
        on 1 March in other years)."""
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
