"""Off-site (cross-province) medical treatment filing (异地就医备案)."""

import datetime as dt
import enum

import attrs


class FilingCategory(enum.Enum):
    # long-term: living or working outside the insured province
    LONG_TERM_RETIREE_RESETTLED = "retiree-resettled"  # 异地安置退休人员
    LONG_TERM_PERMANENT_RESIDENT = "permanent-resident"  # 异地长期居住人员
    LONG_TERM_WORKER = "long-term-worker"  # 常驻异地工作人员
    # temporary: going to another province for treatment
    TEMPORARY_REFERRAL = "referral"  # 异地转诊就医人员
    TEMPORARY_EMERGENCY = "emergency"  # 因工作、旅游等原因异地急诊抢救人员
    TEMPORARY_OTHER = "other-temporary"  # 其他临时外出就医人员

    @property
    def is_temporary(self) -> bool:
        return self in TEMPORARY_CATEGORIES

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self]


TEMPORARY_CATEGORIES = frozenset(
    {FilingCategory.TEMPORARY_REFERRAL, FilingCategory.TEMPORARY_EMERGENCY, FilingCategory.TEMPORARY_OTHER}
)

CATEGORY_LABELS = {
    FilingCategory.LONG_TERM_RETIREE_RESETTLED: "异地安置退休人员",
    FilingCategory.LONG_TERM_PERMANENT_RESIDENT: "异地长期居住人员",
    FilingCategory.LONG_TERM_WORKER: "常驻异地工作人员",
    FilingCategory.TEMPORARY_REFERRAL: "异地转诊就医人员",
    FilingCategory.TEMPORARY_EMERGENCY: "异地急诊抢救人员",
    FilingCategory.TEMPORARY_OTHER: "其他临时外出就医人员",
}


class FilingChannel(enum.Enum):
    """Where the filing was made (备案渠道)."""

    COUNTER = "counter"  # at the insured place's service counter
    NATIONAL_APP = "national-app"  # the national medical insurance service platform's app
    ONLINE = "online"  # the province's online service hall

    @property
    def label(self) -> str:
        return CHANNEL_LABELS[self]


CHANNEL_LABELS = {
    FilingChannel.COUNTER: "经办机构窗口",
    FilingChannel.NATIONAL_APP: "国家医保服务平台手机应用",
    FilingChannel.ONLINE: "网上服务大厅",
}


class FilingDocument(enum.Enum):
    RESIDENCE_CERTIFICATE = "residence-certificate"  # 居住证明, from the public security organ
    PERSONAL_COMMITMENT = "personal-commitment"  # 个人承诺书, where the province accepts it instead
    CARD_AND_COPY = "card-and-copy"  # social security card and its copy
    REFERRAL_FORM = "referral-form"  # referral confirmation form (转诊确认单)
    ADMISSION_NOTE = "admission-note"  # hospital admission note (入院通知书), inpatients

    @property
    def label(self) -> str:
        return {
            "residence-certificate": "居住证明",
            "personal-commitment": "个人承诺书",
            "card-and-copy": "社会保障卡及复印件",
            "referral-form": "转诊确认单",
            "admission-note": "入院通知书",
        }[self.value]


class FilingState(enum.Enum):
    APPLIED = "applied"
    APPROVED = "approved"
    REJECTED = "rejected"
    REVOKED = "revoked"  # cancelled by the person, or replaced by a changed filing
    EXPIRED = "expired"  # a temporary filing past its end date (derived, never stored)


@attrs.frozen
class Filing:
    """One application and its decision; ``institutions`` are the chosen designated institutions
    (empty when the insured place's policy covers every networked institution of the city)."""

    id: str
    citizen_id: str
    insured_region: str
    treatment_region: str  # the filed region: a pooling area, or a whole province
    category: FilingCategory
    documents: frozenset[FilingDocument]
    applied_on: dt.date
    starts_on: dt.date
    ends_on: dt.date | None  # None: valid until changed (long-term)
    state: FilingState
    institutions: tuple[str, ...] = ()
    inpatient: bool = False
    address: str = ""  # residence address at the treatment place
    decided_on: dt.date | None = None
    reasons: tuple[str, ...] = ()  # why it was rejected
    ended_on: dt.date | None = None  # revoked from this day on
    end_reason: str = ""
    channel: FilingChannel = FilingChannel.COUNTER

    @property
    def is_temporary(self) -> bool:
        return self.category.is_temporary

    @property
    def city_wide(self) -> bool:
        """Approved with no chosen institutions: every networked institution of the region."""
        return not self.institutions

    def state_on(self, day: dt.date) -> FilingState:
        """The state as of ``day``: an approved filing past its end date has expired."""
        if self.state is FilingState.APPROVED and self.ends_on is not None and day > self.ends_on:
            return FilingState.EXPIRED
        return self.state


@attrs.frozen
class FilingNotNeeded:
    """The answer to an application for treatment where no filing is needed."""

    citizen_id: str
    insured_region: str
    treatment_region: str
    reason: str
