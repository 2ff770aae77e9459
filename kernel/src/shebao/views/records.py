"""A person's records as the front ends show them: the person, filings, card applications,
entitlement and whether a filing covers a visit; masked unless revealed."""

import datetime as dt
from typing import Any, Literal

import attrs

from shebao.ids import Sex, masked_id, masked_phone
from shebao.model.card import CardApplication, CardEvent, CardState, IdentityDocument, PhotoSource
from shebao.model.entitlement import Entitlement, Reason, Refusal
from shebao.model.filing import Filing, FilingCategory, FilingDocument, FilingNotNeeded, FilingState
from shebao.model.person import Person, Scheme, Standing, Status
from shebao.model.settlement import Certificate
from shebao.money import Fen


@attrs.frozen
class PersonView:
    citizen_id: str  # masked unless revealed
    name: str
    birth_date: dt.date
    sex: Sex
    birthplace: str
    nationality: str
    hukou_region: str
    insured_region: str
    scheme: Scheme
    status: Status
    phone: str  # masked unless revealed; empty when unknown
    photo_on_file: bool
    registered_on: dt.date
    address: str | None  # "***" unless revealed
    standing: Standing

    @classmethod
    def of(cls, person: Person, reveal: bool) -> "PersonView":
        address = person.address if reveal else ("***" if person.address else None)
        return cls(masked_id(person.citizen_id.number, reveal), person.name, person.birth_date, person.sex,
                   person.birthplace_code, person.nationality, person.hukou_region, person.insured_region,
                   person.scheme, person.status, masked_phone(person.phone, reveal), person.photo_on_file,
                   person.registered_on, address, person.standing)  # fmt: skip


@attrs.frozen
class FilingView:
    """A filing with its state as of the day asked (an approved one past its end has expired)."""

    id: str
    citizen_id: str  # masked unless revealed
    insured_region: str
    treatment_region: str
    category: FilingCategory
    temporary: bool
    documents: list[FilingDocument]
    inpatient: bool
    address: str
    applied_on: dt.date
    starts_on: dt.date
    ends_on: dt.date | None
    state: FilingState
    decided_on: dt.date | None
    reasons: list[str]
    institutions: list[str]
    city_wide: bool
    ended_on: dt.date | None
    end_reason: str

    @classmethod
    def of(cls, filing: Filing, reveal: bool, today: dt.date) -> "FilingView":
        documents = sorted(filing.documents, key=lambda d: d.value)
        return cls(filing.id, masked_id(filing.citizen_id, reveal), filing.insured_region, filing.treatment_region,
                   filing.category, filing.is_temporary, documents, filing.inpatient, filing.address,
                   filing.applied_on, filing.starts_on, filing.ends_on, filing.state_on(today), filing.decided_on,
                   list(filing.reasons), list(filing.institutions), filing.city_wide, filing.ended_on,
                   filing.end_reason)  # fmt: skip


@attrs.frozen
class NoFilingNeeded:
    """The answer to an application where treatment needs no filing, and why."""

    reason: str
    filing_needed: Literal[False] = False

    @classmethod
    def of(cls, answer: FilingNotNeeded) -> "NoFilingNeeded":
        return cls(answer.reason)


@attrs.frozen
class FilingCover:
    """Whether a filing covers treatment in a region (and institution) on a day, and which."""

    covered: bool
    filing: str | None
    on: dt.date

    @classmethod
    def of(cls, found: Filing | None, on: dt.date) -> "FilingCover":
        return cls(found is not None, found.id if found else None, on)


@attrs.frozen
class AgentView:
    name: str
    citizen_id: str  # masked unless revealed
    phone: str  # masked unless revealed


@attrs.frozen
class CardApplicationView:
    application: str
    citizen_id: str  # masked unless revealed
    state: CardState
    applied_on: dt.date
    region: str
    document: IdentityDocument
    photo_source: PhotoSource
    photo_receipt: str | None
    phone: str  # masked unless revealed
    fee: Fen
    notice: str | None
    paid_on: dt.date | None
    ready_by: dt.date | None
    ready_by_estimated: bool
    card_number: str | None
    issued_on: dt.date | None
    replaces: str | None
    ethnicity: str | None
    bank: str | None
    agent: AgentView | None

    @classmethod
    def of(cls, a: CardApplication, reveal: bool) -> "CardApplicationView":
        return cls(**_application_fields(a, reveal))


def _application_fields(a: CardApplication, reveal: bool) -> dict[str, Any]:
    agent = a.agent and AgentView(a.agent.name, masked_id(a.agent.citizen_id, reveal), masked_phone(a.agent.phone, reveal))
    return dict(
        application=a.number, citizen_id=masked_id(a.citizen_id, reveal), state=a.state, applied_on=a.applied_on,
        region=a.region, document=a.document, photo_source=a.photo_source, photo_receipt=a.photo_receipt,
        phone=masked_phone(a.phone, reveal), fee=a.fee, notice=a.notice_number, paid_on=a.paid_on, ready_by=a.ready_by,
        ready_by_estimated=a.ready_by_estimated, card_number=a.card_number, issued_on=a.issued_on,
        replaces=a.replaces, ethnicity=a.ethnicity, bank=a.bank, agent=agent,
    )  # fmt: skip


@attrs.frozen
class CardStep:
    state: CardState
    on: dt.date


@attrs.frozen
class CardProgress(CardApplicationView):
    """The latest application with the holder's name and every step so far."""

    name: str
    steps: list[CardStep]

    @classmethod
    def of_view(cls, a: CardApplication, name: str, events: list[CardEvent], reveal: bool) -> "CardProgress":
        return cls(**_application_fields(a, reveal), name=name, steps=[CardStep(e.state, e.on) for e in events])


@attrs.frozen
class RefusalView:
    reason: Reason
    message: str

    @classmethod
    def of(cls, refusal: Refusal) -> "RefusalView":
        return cls(refusal.reason, refusal.message)


@attrs.frozen
class VisitEntitlement:
    entitled: bool
    reasons: list[RefusalView]


@attrs.frozen
class EntitlementView:
    """Whether the fund may pay for the person on a day (2001), every reason why not, per visit type."""

    citizen_id: str  # masked unless revealed
    on: dt.date
    scheme: Scheme
    certificate: Certificate | None
    entitled: bool
    reasons: list[RefusalView]
    visit_types: dict[str, VisitEntitlement]  # by visit type
    account_pays: bool
    account: str
    policy_source: str

    @classmethod
    def of(cls, found: Entitlement, reveal: bool) -> "EntitlementView":
        visits = {
            visit.value: VisitEntitlement(not found.refusals_for(visit), [RefusalView.of(r) for r in found.refusals_for(visit)])
            for visit, _own in found.visit_types
        }
        return cls(masked_id(found.citizen_id, reveal), found.on, found.scheme, found.certificate, found.entitled,
                   [RefusalView.of(r) for r in found.refusals], visits, found.account_pays, found.account_note,
                   found.policy_source)  # fmt: skip
