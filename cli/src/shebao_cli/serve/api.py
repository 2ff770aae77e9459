"""The JSON API under ``/api/v1/`` for hospitals and counters (and insured persons' own
records): routing, authorisation and rendering only; every use case is the CLI's service.

Request bodies are the kernel's own command types (``Bill``, ``ApplyFiling``, ...), read by
its converter; answers are the kernel's view types (``shebao.views``), the values the CLI
prints with ``--json``, masked alike, rendered by the same converter (``KernelResponse``) and
documented from the same attrs classes."""

import datetime as dt
from typing import Annotated, Any

from litestar import Request, Router, get, post
from litestar.openapi.spec import Example
from litestar.params import JSONBody, PathParameter, QueryParameter

from shebao.convert import structure
from shebao.errors import InputError
from shebao.ids import normalize_citizen_id
from shebao.model.access import Actor
from shebao.model.filing import FilingNotNeeded
from shebao.model.settlement import Bill, Certificate
from shebao.services import cards, filings, institutions, people, settlement
from shebao.services.entitlement import entitlement
from shebao.services.filings import ApplyFiling, ApproveFiling, RejectFiling, RevokeFiling
from shebao.services.settlement.bills import bill_from_data
from shebao.views.institutions import InstitutionView
from shebao.views.records import CardProgress, EntitlementView, FilingCover, FilingView, NoFilingNeeded, PersonView
from shebao.views.settlement import NhsaEstimate, NhsaSettlement, SettlementEstimate, SettlementSummary, SettlementView
from shebao_cli.serve.auth import authenticate, own_institution, own_person, permit, reveals
from shebao_cli.serve.kernel_dto import KernelDTO
from shebao_cli.serve.responses import KernelResponse
from shebao_cli.serve.service import Service

# the demo's retiree and his filing (`shebao demo`), as examples in the OpenAPI document
CitizenPath = Annotated[
    str, PathParameter(description="citizen identity number", examples=[Example(summary="陈建", value="440300195505050056")])
]
FilingPath = Annotated[str, PathParameter(description="filing number", examples=[Example(value="YD202604010001")])]
# unmasked ids and phones for a counter or an auditor, audited (the CLI's --reveal)
Reveal = Annotated[bool, QueryParameter(description="show ids and phone numbers unmasked (counter, auditor; audited)")]
# a row id SQLite can hold
SettlementId = Annotated[int, PathParameter(ge=1, le=2**63 - 1)]


class BillBody(KernelDTO[Bill]):
    reader = staticmethod(bill_from_data)  # the CLI's reader: the converter plus the bill's checks


def service_of(request: Request[Any, Any, Any]) -> Service:
    found = request.app.state.service
    assert isinstance(found, Service)
    return found


async def caller(request: Request[Any, Any, Any]) -> tuple[Service, Actor]:
    """The service and the authenticated caller (401 without valid credentials), once it is
    this request's turn (``ArrivalOrder``)."""
    service = service_of(request)
    await service.arrival_order.turn()
    return service, authenticate(service, request)


def _citizen(actor: Actor, text: str) -> str:
    """The canonical id; an insured person's own only (checked before anything is looked up)."""
    try:
        number = normalize_citizen_id(text)
    except ValueError as error:
        raise InputError(f"citizen identity number {text!r}: {error}") from None
    own_person(actor, number)
    return number


def _day(text: str | None, what: str) -> dt.date | None:
    if text is None or text == "":
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{what} {text!r} is not a date (YYYY-MM-DD)") from None


# settlements


@post("/settlements", dto=BillBody, return_dto=None, status_code=201, summary="Settle a bill")
async def settle_bill(data: JSONBody[Bill], request: Request[Any, Any, Any]) -> SettlementView:
    """Answered once the bill's transaction has committed; bills arriving together are settled
    together, each as if alone (``BillsTogether``)."""
    service = service_of(request)
    actor = authenticate(service, request)
    permit(actor, "settle")
    own_institution(actor, data.institution_code)
    done = await service.bills_together.settle(actor, data)
    return SettlementView.of(done, reveals(actor))


@post("/settlements/preview", dto=BillBody, return_dto=None, status_code=200, summary="Pre-settle a bill: an estimate")
async def preview_bill(
    data: JSONBody[Bill],
    request: Request[Any, Any, Any],
    format_: Annotated[str, QueryParameter(name="format", pattern="^(json|nhsa)$")] = "json",
) -> SettlementEstimate | NhsaEstimate:
    """The figures settling the bill would give now, with the person's year to date; marked
    ``"estimate": true``, and nothing is written (interfaces 2206/2303)."""
    service, actor = await caller(request)
    permit(actor, "preview")
    own_institution(actor, data.institution_code)
    estimate = settlement.preview_bill(service.uow(actor), data, service.today(), context=service.settlement_session().context)
    return (NhsaEstimate if format_ == "nhsa" else SettlementEstimate).of(estimate, reveals(actor))


@get("/settlements/{settlement_id:int}", summary="One settlement with its lines (format=nhsa: the national platform's names)")
async def show_settlement(
    settlement_id: SettlementId,
    request: Request[Any, Any, Any],
    format_: Annotated[str, QueryParameter(name="format", pattern="^(json|nhsa)$")] = "json",
    reveal: Reveal = False,
) -> SettlementView | NhsaSettlement:
    service, actor = await caller(request)
    permit(actor, "read-settlements")
    unmasked = reveals(actor, reveal)
    found = settlement.get_settlement(service.uow(actor), settlement_id)
    own_institution(actor, found.bill.institution_code)
    own_person(actor, found.bill.citizen_id.number)
    service.audit_disclosure(actor, "settlement", found.bill.citizen_id.number, settlement=settlement_id, revealed=unmasked)
    return (NhsaSettlement if format_ == "nhsa" else SettlementView).of(found, unmasked)


@post("/settlements/{settlement_id:int}/reverse", status_code=200, summary="Reverse (refund) a settlement, once")
async def reverse_settlement(settlement_id: SettlementId, request: Request[Any, Any, Any]) -> SettlementView:
    service, actor = await caller(request)
    permit(actor, "reverse")
    found = settlement.get_settlement(service.uow(actor), settlement_id)
    own_institution(actor, found.bill.institution_code)
    reversed_ = settlement.reverse_settlement(service.uow(actor), settlement_id, service.today())
    return SettlementView.of(reversed_, reveals(actor))


@get("/persons/{citizen_id:str}/settlements", summary="A person's settlements, without their lines")
async def person_settlements(
    citizen_id: CitizenPath,
    request: Request[Any, Any, Any],
    first: Annotated[str | None, QueryParameter(name="from")] = None,
    last: Annotated[str | None, QueryParameter(name="to")] = None,
    limit: Annotated[int, QueryParameter(ge=1, le=1000)] = 100,
    reveal: Reveal = False,
) -> list[SettlementSummary]:
    service, actor = await caller(request)
    permit(actor, "read-settlements")
    unmasked = reveals(actor, reveal)
    number = _citizen(actor, citizen_id)
    query = settlement.SettlementQuery(
        number, actor.institution_code, _day(first, "from"), _day(last, "to"), limit=limit, lines=False
    )
    found = settlement.find_settlements(service.uow(actor), query)
    service.audit_disclosure(actor, "settlements", number, count=len(found), revealed=unmasked)
    return [SettlementSummary.of(s, unmasked) for s in found]


# persons and cards


@get("/persons/{citizen_id:str}/entitlement", summary="May the fund pay for the person on a day, and why not (2001)")
async def show_entitlement(
    citizen_id: CitizenPath,
    request: Request[Any, Any, Any],
    on: Annotated[str | None, QueryParameter(description="the visit date (default: today)")] = None,
    certificate: Annotated[str | None, QueryParameter(pattern="^(card|electronic)$")] = None,
    reveal: Reveal = False,
) -> EntitlementView:
    service, actor = await caller(request)
    permit(actor, "entitlement")
    unmasked = reveals(actor, reveal)
    number = _citizen(actor, citizen_id)
    day = _day(on, "on") or service.today()
    found = entitlement(service.uow(actor), number, day, Certificate(certificate) if certificate else None)
    service.audit_disclosure(actor, "entitlement", number, on=day.isoformat(), entitled=found.entitled)
    return EntitlementView.of(found, unmasked)


@get("/persons/{citizen_id:str}", summary="Look a person up (masked but for the person)")
async def show_person(citizen_id: CitizenPath, request: Request[Any, Any, Any], reveal: Reveal = False) -> PersonView:
    service, actor = await caller(request)
    permit(actor, "read-person")
    unmasked = reveals(actor, reveal)
    number = _citizen(actor, citizen_id)
    found = people.get_person(service.uow(actor), number)
    service.audit_disclosure(actor, "person", number, revealed=unmasked)
    return PersonView.of(found, unmasked)


@get("/persons/{citizen_id:str}/card", summary="The person's latest card application and its state")
async def show_card(citizen_id: CitizenPath, request: Request[Any, Any, Any], reveal: Reveal = False) -> CardProgress:
    service, actor = await caller(request)
    permit(actor, "read-card")
    unmasked = reveals(actor, reveal)
    number = _citizen(actor, citizen_id)
    view = cards.card_view(service.uow(actor), number)
    service.audit_disclosure(actor, "card", number, revealed=unmasked)
    return CardProgress.of_view(view.application, view.person.name, view.events, unmasked)


# filings


@get("/persons/{citizen_id:str}/filing-covers", summary="Does a filing cover treatment in a region (and institution) on a day?")
async def filing_covers(
    citizen_id: CitizenPath,
    request: Request[Any, Any, Any],
    region: Annotated[str, QueryParameter()],
    institution: Annotated[str | None, QueryParameter()] = None,
    on: Annotated[str | None, QueryParameter()] = None,
) -> FilingCover:
    service, actor = await caller(request)
    permit(actor, "filing-covers")
    number = _citizen(actor, citizen_id)
    day = _day(on, "on") or service.today()
    found = filings.covering_filing(service.uow(actor), number, region, institution, day)
    service.audit_disclosure(actor, "filing-covers", number, region=region, covered=found is not None)
    return FilingCover.of(found, day)


@get("/persons/{citizen_id:str}/filings", summary="A person's filings")
async def person_filings(citizen_id: CitizenPath, request: Request[Any, Any, Any], reveal: Reveal = False) -> list[FilingView]:
    service, actor = await caller(request)
    permit(actor, "read-filings")
    unmasked = reveals(actor, reveal)
    number = _citizen(actor, citizen_id)
    found = filings.filings_of(service.uow(actor), number)
    service.audit_disclosure(actor, "filings", number, count=len(found), revealed=unmasked)
    return [FilingView.of(f, unmasked, service.today()) for f in found]


@get("/filings/{filing_id:str}", summary="One filing")
async def show_filing(filing_id: FilingPath, request: Request[Any, Any, Any], reveal: Reveal = False) -> FilingView:
    service, actor = await caller(request)
    permit(actor, "read-filings")
    unmasked = reveals(actor, reveal)
    found = filings.get_filing(service.uow(actor), filing_id)
    own_person(actor, found.citizen_id)
    service.audit_disclosure(actor, "filing", found.citizen_id, filing=found.id, revealed=unmasked)
    return FilingView.of(found, unmasked, service.today())


@post("/filings", dto=KernelDTO[ApplyFiling], return_dto=None, status_code=201, summary="Apply for an off-site filing")
async def apply_filing(data: JSONBody[ApplyFiling], request: Request[Any, Any, Any]) -> FilingView | NoFilingNeeded:
    service, actor = await caller(request)
    permit(actor, "filing-apply")
    own_person(actor, data.citizen_id.number)
    result = filings.apply_filing(service.uow(actor), data, service.today())
    if isinstance(result, FilingNotNeeded):
        return NoFilingNeeded.of(result)
    return FilingView.of(result, reveals(actor), service.today())


@post("/filings/approve", dto=KernelDTO[ApproveFiling], return_dto=None, status_code=200, summary="Approve a filing")
async def approve_filing(data: JSONBody[ApproveFiling], request: Request[Any, Any, Any]) -> FilingView:
    service, actor = await caller(request)
    permit(actor, "filing-decide")
    return FilingView.of(filings.approve_filing(service.uow(actor), data, service.today()), reveals(actor), service.today())


@post("/filings/reject", dto=KernelDTO[RejectFiling], return_dto=None, status_code=200, summary="Reject a filing")
async def reject_filing(data: JSONBody[RejectFiling], request: Request[Any, Any, Any]) -> FilingView:
    service, actor = await caller(request)
    permit(actor, "filing-decide")
    return FilingView.of(filings.reject_filing(service.uow(actor), data, service.today()), reveals(actor), service.today())


@post("/filings/revoke", dto=KernelDTO[RevokeFiling], return_dto=None, status_code=200, summary="Revoke a filing")
async def revoke_filing(data: JSONBody[RevokeFiling], request: Request[Any, Any, Any]) -> FilingView:
    service, actor = await caller(request)
    permit(actor, "filing-revoke")
    own_person(actor, filings.get_filing(service.uow(actor), data.filing_id).citizen_id)
    return FilingView.of(filings.revoke_filing(service.uow(actor), data, service.today()), reveals(actor), service.today())


# institutions


@get("/institutions", summary="Search designated institutions (name: part of the name or its pinyin initials)")
async def search_institutions(
    request: Request[Any, Any, Any],
    region: Annotated[str | None, QueryParameter()] = None,
    level: Annotated[str | None, QueryParameter()] = None,
    service_: Annotated[str | None, QueryParameter(name="service")] = None,
    kind: Annotated[str | None, QueryParameter()] = None,
    name: Annotated[str | None, QueryParameter()] = None,
    limit: Annotated[int, QueryParameter(ge=1, le=1000)] = 50,
    offset: Annotated[int, QueryParameter(ge=0, le=1_000_000)] = 0,
) -> list[InstitutionView]:
    service, actor = await caller(request)
    permit(actor, "institutions")
    given = {"region": region, "level": level, "service": service_, "kind": kind, "name": name, "limit": limit, "offset": offset}
    query = structure({k: v for k, v in given.items() if v is not None}, institutions.SearchInstitutions)
    return [InstitutionView.of(found) for found in institutions.search_institutions(service.uow(actor), query)]


def api_router() -> Router:
    return Router(
        "/api/v1",
        route_handlers=[
            settle_bill,
            preview_bill,
            show_settlement,
            reverse_settlement,
            person_settlements,
            show_person,
            show_entitlement,
            show_card,
            filing_covers,
            person_filings,
            show_filing,
            apply_filing,
            approve_filing,
            reject_filing,
            revoke_filing,
            search_institutions,
        ],
        security=[{"token": []}],
        response_class=KernelResponse,
    )
