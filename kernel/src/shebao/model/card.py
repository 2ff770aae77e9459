"""The social security card: an application's journey from applied to activated, and after."""

import datetime as dt
import enum

import attrs

from shebao.money import Fen


class CardState(enum.Enum):
    APPLIED = "applied"
    PAID = "paid"
    IN_PRODUCTION = "in-production"
    READY = "ready-for-collection"
    ISSUED = "issued"
    ACTIVATED = "medical-account-activated"
    LOST = "reported-lost"  # suspended at once: no settlement with this card
    REPLACED = "replaced"
    CANCELLED = "cancelled"


# an application still on its way to the applicant
OPEN_STATES = frozenset({CardState.APPLIED, CardState.PAID, CardState.IN_PRODUCTION, CardState.READY})
# a card in the holder's hands (or lost from them) that a new first application would duplicate
HELD_STATES = frozenset({CardState.ISSUED, CardState.ACTIVATED, CardState.LOST})


class IdentityDocument(enum.Enum):
    """What the applicant shows to apply; without an identity card, the household register."""

    IDENTITY_CARD = "identity-card"
    HOUSEHOLD_REGISTER = "household-register"


class CollectionDocument(enum.Enum):
    """What the collector shows, besides the registration form."""

    IDENTITY_CARD = "identity-card"  # the holder's original identity card
    HOUSEHOLD_REGISTER = "household-register"
    AGENT_IDENTITY_CARD = "agent-identity-card"  # someone collecting on the holder's behalf


class PhotoSource(enum.Enum):
    PUBLIC_SECURITY = "public-security"  # the photo on file with the public security organ
    RECEIPT = "receipt"  # a digital photo taken at a studio, given by its receipt number


@attrs.frozen
class Agent:
    """Who applies on the holder's behalf (代办人), as the registration form records them."""

    name: str
    citizen_id: str
    phone: str


@attrs.frozen
class CardApplication:
    """One card's application and life. A replacement is a new application that names the
    one it replaces; the card number changes, the social security number stays the id."""

    number: str  # application number
    citizen_id: str
    applied_on: dt.date
    region: str  # where the application is made (the insured region)
    document: IdentityDocument
    photo_source: PhotoSource
    photo_receipt: str | None
    phone: str
    address: str
    fee: Fen
    notice_number: str | None  # None when the card is free
    state: CardState
    replaces: str | None = None  # the application of the lost card this one replaces
    paid_on: dt.date | None = None
    ready_by: dt.date | None = None  # paid_on + the policy's working days
    ready_by_estimated: bool = False  # True when the calendar of a year is not announced yet
    card_number: str | None = None  # 9 characters, assigned when the maker issues the card
    issued_on: dt.date | None = None  # handed to the holder
    ethnicity: str | None = None  # 民族, as the applicant gives it on the form
    agent: Agent | None = None  # 代办人, when someone applies for the holder
    bank: str | None = None  # the payment channel code of the bank chosen to collect the card at


@attrs.frozen
class CardEvent:
    """One recorded step of an application: its new state, when, by whom, with what."""

    application: str
    state: CardState
    on: dt.date
    operator: str
    detail: dict[str, str]


class EvidenceItem(enum.Enum):
    """What an activation at the service centre needs, each checked by an operator."""

    IDENTITY_CARD_ORIGINAL = "identity-card-original"
    IDENTITY_CARD_COPY = "identity-card-copy"
    SOCIAL_SECURITY_CARD = "social-security-card"
    BANK_CARD = "bank-card"
    FACE_RECOGNITION = "face-recognition"
    FINGERPRINT = "fingerprint"
    REAL_NAME = "real-name"  # electronic certificate: real-name authentication
    REAL_PERSON = "real-person"  # electronic certificate: real-person (liveness) authentication


MEDICAL_ACCOUNT_EVIDENCE = (
    EvidenceItem.IDENTITY_CARD_ORIGINAL,
    EvidenceItem.IDENTITY_CARD_COPY,
    EvidenceItem.SOCIAL_SECURITY_CARD,
    EvidenceItem.BANK_CARD,
    EvidenceItem.FACE_RECOGNITION,
    EvidenceItem.FINGERPRINT,
)
ECERT_EVIDENCE = (EvidenceItem.REAL_NAME, EvidenceItem.REAL_PERSON)


class ActivationKind(enum.Enum):
    MEDICAL_ACCOUNT = "medical-account"
    ELECTRONIC_CERTIFICATE = "electronic-certificate"  # 医保电子凭证


@attrs.frozen
class Evidence:
    item: EvidenceItem
    value: str  # what was seen: the card number, "passed", the bank card number ...
    checked_by: str


@attrs.frozen
class Activation:
    citizen_id: str
    kind: ActivationKind
    activated_on: dt.date
    evidence: tuple[Evidence, ...]
    card_number: str | None = None
    bank_card: str | None = None
    bank: str | None = None  # issuing bank of the bound bank card
