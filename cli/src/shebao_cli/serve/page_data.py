"""What the self-service pages show and do, for the logged-in person only: each function calls
the services with the person's own citizen id and returns what a template needs."""

from typing import Any

from shebao import plugins
from shebao.convert import structure
from shebao.documents.settlement import settlement_data
from shebao.errors import InputError, NotFound, RuleViolation, ShebaoError
from shebao.model.access import Actor, PersonSession, Role
from shebao.model.filing import CATEGORY_LABELS, Filing, FilingCategory, FilingDocument, FilingNotNeeded
from shebao.model.institution import Institution
from shebao.money import yuan
from shebao.periods import Month
from shebao.services import cards, contributions, filings, institutions, people, settlement
from shebao.services.cards import ApplyForCard
from shebao.services.filings import ApplyFiling, RevokeFiling
from shebao_cli.commands.card import card_json
from shebao_cli.commands.filing import filing_json
from shebao_cli.commands.person import person_json
from shebao_cli.serve.service import Service
from shebao_cli.serve.uploads import Upload

CATEGORIES = [(c.value, CATEGORY_LABELS[c]) for c in FilingCategory]
DOCUMENTS = [(d.value, d.label) for d in FilingDocument]
FILING_STATES = {
    "applied": "已申请，待审核",
    "approved": "已备案",
    "rejected": "未通过",
    "revoked": "已撤销",
    "expired": "已过期",
}
CARD_STATES = {
    "applied": "已申请，待缴费",
    "paid": "已缴费，待制卡",
    "in-production": "制卡中",
    "ready-for-collection": "已制成，可领取",
    "issued": "已领取",
    "medical-account-activated": "医保账户已激活",
    "reported-lost": "已挂失",
    "replaced": "已补换",
    "cancelled": "已注销",
}


def actor(session: PersonSession) -> Actor:
    return Actor(Role.INSURED, f"person:{session.citizen_id}", citizen_id=session.citizen_id)


def person(service: Service, session: PersonSession) -> dict[str, Any]:
    service.audit_disclosure(actor(session), "person", session.citizen_id)
    return person_json(people.get_person(service.uow(actor(session)), session.citizen_id), True)


def filings_of(service: Service, session: PersonSession) -> list[dict[str, Any]]:
    found = filings.filings_of(service.uow(actor(session)), session.citizen_id)
    service.audit_disclosure(actor(session), "filings", session.citizen_id, count=len(found))
    return [_filing_view(filing_json(f, True, service.today())) for f in reversed(found)]


def _filing_view(data: dict[str, Any]) -> dict[str, Any]:
    data["state_label"] = FILING_STATES.get(data["state"], data["state"])
    data["category_label"] = CATEGORY_LABELS[FilingCategory(data["category"])]
    return data


def filing(service: Service, session: PersonSession, filing_id: str) -> dict[str, Any]:
    uow = service.uow(actor(session))
    found = filings.get_filing(uow, filing_id)
    if found.citizen_id != session.citizen_id:
        raise NotFound("filing", filing_id)  # another person's filing does not exist for this one
    service.audit_disclosure(actor(session), "filing", session.citizen_id, filing=filing_id)
    names = {}
    for code in found.institutions:
        known = institutions.find_institution(uow, code)
        names[code] = known.name if known else code
    return {
        "filing": _filing_view(filing_json(found, True, service.today())),
        "institution_names": names,
        "uploads": [
            {"document": FilingDocument(doc).label, "media_type": media, "size": size}
            for _, doc, media, size in uow.access.uploads(found.id)
        ],
    }


def apply_filing(
    service: Service,
    session: PersonSession,
    given: dict[str, Any],
    institutions_: list[str],
    inpatient: bool,
    uploads: list[Upload],
) -> str:
    """Apply with the documents uploaded; the scans land with the application, in its transaction."""
    if not given.get("category"):
        raise InputError("category: required (备案类别)")
    if not given.get("region"):
        raise InputError("region: required, the treatment place's 6-digit code (就医地)")
    command = structure(
        {
            "citizen_id": session.citizen_id,
            "category": given["category"],
            "treatment_region": given["region"],
            "documents": sorted({u.document for u in uploads}),
            "institutions": institutions_,
            "inpatient": inpatient,
            "address": given.get("address", ""),
        },
        ApplyFiling,
    )
    uow = service.uow(actor(session))

    def store_uploads(filing: Filing) -> None:
        for upload in uploads:
            uow.access.add_upload(filing.id, upload.document, upload.media_type, upload.content, upload.sha256, service.now())
        uow.audit.record("filing.upload", session.citizen_id, filing=filing.id, documents=[u.document for u in uploads])

    result = filings.apply_filing(uow, command, service.today(), attach=store_uploads)
    if isinstance(result, FilingNotNeeded):
        raise RuleViolation("filing-needed", result.reason)
    return result.id


def revoke_filing(service: Service, session: PersonSession, filing_id: str) -> None:
    filing(service, session, filing_id)  # the person's own, or not found
    filings.revoke_filing(service.uow(actor(session)), RevokeFiling(filing_id), service.today())


def institution_choices(service: Service, session: PersonSession, region: str, name: str) -> tuple[list[Institution], str | None]:
    """Open institutions of a region (and name), for choosing; a bad region is shown, not raised."""
    if not region and not name:
        return [], None
    query: dict[str, Any] = {"limit": 30}
    if region:
        query["region"] = region
    if name:
        query["name"] = name
    try:
        found = institutions.search_institutions(service.uow(actor(session)), structure(query, institutions.SearchInstitutions))
    except ShebaoError as error:
        return [], str(error)
    return [i for i in found if i.open_for_cross_province], None


def open_regions(service: Service) -> list[tuple[str, str, int]]:
    """(code, name, open institutions) of every pooling area with institutions open for
    cross-province direct settlement."""
    counts: dict[str, int] = {}
    for institution, _ in plugins.institutions().values():
        if institution.open_for_cross_province:
            counts[institution.region] = counts.get(institution.region, 0) + 1
    known = plugins.regions()
    return [(code, known[code].name if code in known else code, count) for code, count in sorted(counts.items())]


def settlements(service: Service, session: PersonSession) -> list[dict[str, Any]]:
    query = settlement.SettlementQuery(session.citizen_id, lines=False)
    found = settlement.find_settlements(service.uow(actor(session)), query)
    service.audit_disclosure(actor(session), "settlements", session.citizen_id, count=len(found))
    return [settlement_data(s, True) for s in found]


def settlement_of(service: Service, session: PersonSession, settlement_id: int) -> dict[str, Any]:
    found = settlement.get_settlement(service.uow(actor(session)), settlement_id)
    if found.bill.citizen_id.number != session.citizen_id:
        raise NotFound("settlement", str(settlement_id))
    service.audit_disclosure(actor(session), "settlement", session.citizen_id, settlement=settlement_id)
    return settlement_data(found, True)


def card(service: Service, session: PersonSession) -> dict[str, Any]:
    try:
        view = cards.card_view(service.uow(actor(session)), session.citizen_id)
    except NotFound:
        return {"card": None, "person": person(service, session)}
    data = card_json(view.application, True)
    data["state_label"] = CARD_STATES.get(data["state"], data["state"])
    data["steps"] = [{"state": CARD_STATES.get(e.state.value, e.state.value), "on": e.on.isoformat()} for e in view.events]
    data["notice_paid"] = view.notice.is_paid if view.notice else None
    return {"card": data, "person": person(service, session)}


def apply_card(service: Service, session: PersonSession, given: dict[str, str]) -> None:
    command = structure(
        {
            "citizen_id": session.citizen_id,
            "document": given.get("document") or "identity-card",
            "address": given.get("address", ""),
            "phone": given.get("phone") or None,
            "photo_receipt": given.get("photo_receipt") or None,
        },
        ApplyForCard,
    )
    cards.apply_for_card(service.uow(actor(session)), command, service.today())


DOCUMENT_FORMATS = {"docx": "docx", "html": "html"}


def card_document(service: Service, session: PersonSession, which: str, extension: str) -> tuple[bytes, str, str]:
    """The registration form or the payment notice of the person's card application."""
    from shebao.documents.card import payment_notice, registration_form

    if which not in ("form", "notice") or extension not in DOCUMENT_FORMATS:
        raise NotFound("document", f"{which}.{extension}")
    uow = service.uow(actor(session))
    view = cards.card_view(uow, session.citizen_id)
    if which == "form":
        document = registration_form(view.person, view.application, service.today())
    else:
        if view.notice is None:
            raise RuleViolation("card-fee", f"application {view.application.number} is free: there is no notice")
        policy = plugins.policy(plugins.region(view.person.insured_region), view.person.scheme, view.notice.notice.issued_on.year)
        channels = plugins.payment_channels()
        document = payment_notice(view.notice, [channels[c] for c in policy.card.collecting_banks if c in channels])
    content, found = plugins.render(document, DOCUMENT_FORMATS[extension])
    service.audit_disclosure(actor(session), f"card-{which}", session.citizen_id, format=extension)
    return content, found.media_type, f"{view.application.number}-{which}.{extension}"


def contribution_notice_document(service: Service, session: PersonSession, extension: str) -> tuple[bytes, str, str]:
    """This month's contribution notice of a flexible worker, as ``shebao payment notice`` prints it."""
    from shebao.documents.card import payment_notice

    if extension not in DOCUMENT_FORMATS:
        raise NotFound("document", f"notice.{extension}")
    month = Month.of(service.today())
    issued = service.uow(actor(session)).notices.contribution_notice(session.citizen_id, month)
    if issued is None:
        raise NotFound("contribution notice", f"{session.citizen_id} {month}")
    content, found = plugins.render(
        payment_notice(issued, list(plugins.payment_channels().values())), DOCUMENT_FORMATS[extension]
    )
    service.audit_disclosure(actor(session), "contribution-notice", session.citizen_id, notice=issued.number)
    return content, found.media_type, f"{issued.number}.{extension}"


def contributions_of(service: Service, session: PersonSession) -> dict[str, Any]:
    uow = service.uow(actor(session))
    paid = contributions.contributions(uow, session.citizen_id, None, None)
    service.audit_disclosure(actor(session), "contributions", session.citizen_id)
    try:
        account, entries = contributions.account(uow, session.citizen_id)
        account_view: dict[str, Any] | None = {
            "balance": yuan(account.balance),
            "activated_on": account.activated_on,
            "entries": [{"on": e.booked_on, "kind": e.kind.value, "amount": yuan(e.amount)} for e in entries[-24:]],
        }
    except RuleViolation:
        account_view = None
    this_month = Month.of(service.today())
    notice = uow.notices.contribution_notice(session.citizen_id, this_month)
    return {
        "contributions": [
            {
                "period": str(c.period),
                "base": yuan(c.assessment.base),
                "employer": yuan(c.assessment.employer_part),
                "individual": yuan(c.assessment.individual_part),
                "account_credit": yuan(c.assessment.account_credit),
                "paid_on": c.paid_on,
                "channel": c.channel.value,
            }
            for c in paid
        ],
        "account": account_view,
        "notice": None
        if notice is None
        else {
            "number": notice.number,
            "month": str(this_month),
            "amount": yuan(notice.notice.amount),
            "paid": notice.paid_receipt is not None,
        },
    }
