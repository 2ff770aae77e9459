"""Every table is read and written by column name from one definition (``store.table.Table``).

The definitions hold the migrated schema's columns on both engines, and each repository's
record comes back as it was written with every field set to a value of its own, so a column
mapped to the wrong field, or a column a definition lacks, fails here."""

import datetime as dt
import importlib
import pkgutil
from typing import Any

import attrs
import pytest
from settlement_fakes import bill, line

import shebao.store
from shebao.ids import CitizenId
from shebao.model.access import PersonSession, Role
from shebao.model.account import AccountEntry, EntryKind
from shebao.model.card import (
    Activation,
    ActivationKind,
    Agent,
    CardApplication,
    CardState,
    Evidence,
    EvidenceItem,
    IdentityDocument,
    PhotoSource,
)
from shebao.model.contribution import Contribution, ContributionAssessment, ContributionChannel
from shebao.model.employer import Employer, Employment
from shebao.model.filing import Filing, FilingCategory, FilingChannel, FilingDocument, FilingState
from shebao.model.fund import Reimbursement, ReimbursementReason, ReimbursementState, Relation, TreatedAt
from shebao.model.institution import (
    Institution,
    InstitutionGrade,
    InstitutionKind,
    InstitutionLevel,
    InstitutionStatus,
    Service,
)
from shebao.model.payment import IssuedNotice, NoticeKind, Payment, PaymentMethod, PaymentNotice, PaymentProblem
from shebao.model.person import Person, Scheme, Standing, Status
from shebao.model.register import (
    PersonEvent,
    PremiumAssessment,
    PremiumSource,
    RecordChange,
    RecordState,
    ResidentPremium,
)
from shebao.money import Fen
from shebao.periods import Month
from shebao.store.access import SqliteAccess
from shebao.store.engine import Database
from shebao.store.ports import AccessRepository
from shebao.store.sql import where
from shebao.store.table import Table
from shebao.store.unit_of_work import SqliteUnitOfWork

LI_NA = "440304198503120021"
RETIREE = "440300195505050056"
EMPLOYER = "91440300MA5F000007"
HOSPITAL = "H440300S0001"
DAY = dt.date(2026, 3, 2)

# the engines' own bookkeeping, not shebao's records
_BOOKKEEPING = {"_sqlite_migrations", "shebao_migrations", "day_counters"}


def definitions() -> dict[str, list[tuple[str, Table]]]:
    """Every ``Table`` of the store's modules, by table name: (a name it has, the definition);
    a definition imported by another module counts once, under a public name if it has one."""
    named: dict[int, tuple[str, Table]] = {}
    for module in pkgutil.iter_modules(shebao.store.__path__):
        loaded = importlib.import_module(f"shebao.store.{module.name}")
        for name, value in vars(loaded).items():
            if isinstance(value, Table) and (id(value) not in named or not name.startswith("_")):
                named[id(value)] = (f"{module.name}.{name}", value)
    found: dict[str, list[tuple[str, Table]]] = {}
    for name, table in named.values():
        found.setdefault(table.name, []).append((name, table))
    return found


def schema_columns(db: Database) -> dict[str, set[str]]:
    if hasattr(db, "pg"):
        rows = db.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'"
        ).fetchall()
    else:
        rows = db.execute("SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table'")
        rows = [row for row in rows.fetchall() if not row[0].startswith("sqlite_")]
    columns: dict[str, set[str]] = {}
    for table, column in rows:
        columns.setdefault(table, set()).add(column)
    return columns


def test_one_definition_per_table_holds_every_column_of_the_migrated_schema(db: Database) -> None:
    schema = schema_columns(db)
    found = definitions()
    for table, defined in found.items():
        full = [(where_, t) for where_, t in defined if not where_.split(".")[1].startswith("_")]
        assert len(full) == 1, f"{table}: one definition, not {[w for w, _ in full] or 'none'}"
        assert table in schema, f"{table} is defined but not in the schema"
        assert set(full[0][1].stored) == schema[table], f"{full[0][0]} against the schema's {sorted(schema[table])}"
        for where_, view in defined:  # a private view reads some of them
            assert set(view.stored) <= schema[table], where_
    unmapped = set(schema) - set(found) - _BOOKKEEPING
    assert not unmapped, f"tables without a definition: {sorted(unmapped)}"


def test_a_row_with_a_column_too_many_or_too_few_is_refused() -> None:
    table = Table("t", ("a", "b"), key="a")
    assert table.values({"b": 2, "a": 1}) == (1, 2)
    assert table.named((1, 2)) == {"a": 1, "b": 2}
    with pytest.raises(ValueError, match="unknown columns \\['c'\\]"):
        table.values({"a": 1, "b": 2, "c": 3})
    with pytest.raises((ValueError, KeyError)):
        table.values({"a": 1})
    with pytest.raises(ValueError, match="no column"):
        table.only("a", "z")
    numbered = Table("n", ("a",), key="id", numbered=True)
    assert numbered.select == "SELECT id, a FROM n"
    assert numbered.insert_numbered == "INSERT INTO n (a) VALUES (?) RETURNING id"
    assert numbered.update() == "UPDATE n SET a = ? WHERE id = ?"
    assert numbered.update_values({"id": 7, "a": 1}) == [1, 7]


def test_where_asks_only_what_is_given_and_a_tuple_always() -> None:
    assert where(("a = ?", None), ("b = ?", "")) == ("", [])
    assert where(("a = ?", 1), ("b = ?", None), ("c = ?", 0)) == (" WHERE a = ? AND c = ?", [1, 0])
    assert where(("x = ?", ("",)), ("(y = ? OR z = ?)", (1, 2)), ("gone IS NULL", ())) == (
        " WHERE x = ? AND (y = ? OR z = ?) AND gone IS NULL",
        ["", 1, 2],
    )


def _person(number: str, name: str) -> Person:
    return Person(
        citizen_id=CitizenId.stored(number),
        name=name,
        nationality="CHN",
        hukou_region="440100",
        insured_region="440300",
        scheme=Scheme.RESIDENT,
        status=Status.UNEMPLOYED,
        registered_on=DAY,
        phone="13800138000",
        photo_on_file=True,
        address="深圳市南山区",
        standing=Standing.STOPPED,
    )


def _stored(db: Database, table: str, where_: str, key: object) -> dict[str, Any]:
    """The stored row by column name, as the schema names them."""
    cursor = db.execute(f"SELECT * FROM {table} WHERE {where_} = ?", [key])
    row = cursor.fetchone()
    return dict(zip((d[0] for d in cursor.description), row, strict=True))


@pytest.fixture
def people(uow: SqliteUnitOfWork) -> SqliteUnitOfWork:
    """Two persons, an employer and a hospital the other records refer to."""
    uow.persons.add(_person(LI_NA, "李娜"))
    uow.persons.add(_person(RETIREE, "王伟"))
    uow.employers.add(Employer(EMPLOYER, "样例公司", "440300", DAY))
    uow.institutions.save(_institution(), "ylyy", "plugin:guangdong", DAY)
    return uow


def _institution() -> Institution:
    return Institution(
        code=HOSPITAL,
        name="深圳市样例医院",
        region="440300",
        level=InstitutionLevel.SECONDARY,
        grade=InstitutionGrade.C,
        kind=InstitutionKind.HOSPITAL,
        services=frozenset({Service.INPATIENT, Service.URAEMIA_DIALYSIS}),
        designated=False,
        networked=False,
        status=InstitutionStatus.SUSPENDED,
        address="深圳市福田区",
    )


def test_persons_employers_and_institutions_come_back_as_written(people: SqliteUnitOfWork) -> None:
    uow = people
    assert uow.persons.get(LI_NA) == _person(LI_NA, "李娜")
    stored = _stored(uow.db, "persons", "citizen_id", LI_NA)
    assert (stored["hukou_region"], stored["insured_region"], stored["phone"]) == ("440100", "440300", "13800138000")
    assert uow.employers.get(EMPLOYER) == Employer(EMPLOYER, "样例公司", "440300", DAY)
    assert uow.institutions.get(HOSPITAL) == _institution()
    stored = _stored(uow.db, "institutions", "code", HOSPITAL)
    assert (stored["name_initials"], stored["source"], stored["synced_on"]) == ("ylyy", "plugin:guangdong", "2026-03-02")
    employment = Employment(EMPLOYER, LI_NA, DAY, DAY - dt.timedelta(days=3), DAY + dt.timedelta(days=30))
    uow.employers.add_employment(employment)
    assert uow.employers.employments(citizen_id=LI_NA) == [employment]


def test_contributions_accounts_and_entries_come_back_as_written(people: SqliteUnitOfWork) -> None:
    uow = people
    contribution = Contribution(
        LI_NA,
        Month(2026, 2),
        ContributionAssessment(Fen(500_000), Fen(40_000), Fen(10_000), Fen(3_000)),
        ContributionChannel.CREDIT_CARD,
        DAY,
        EMPLOYER,
        "R-1",
    )
    uow.contributions.add(contribution)
    assert uow.contributions.get(LI_NA, Month(2026, 2)) == contribution
    assert uow.contributions.of_person(LI_NA, Month(2026, 2), Month(2026, 2)) == [contribution]
    uow.accounts.open(LI_NA, DAY)
    uow.accounts.set_activated(LI_NA, DAY + dt.timedelta(days=1))
    entry = AccountEntry(LI_NA, DAY, EntryKind.CONTRIBUTION_REVERSAL, 2_500, "R-1")
    assert uow.accounts.post(entry) == 2_500
    account = uow.accounts.get(LI_NA)
    assert account is not None
    assert (account.balance, account.opened_on, account.activated_on) == (2_500, DAY, DAY + dt.timedelta(days=1))
    assert uow.accounts.entries(LI_NA) == [entry]


def _application() -> CardApplication:
    return CardApplication(
        number="SQ202603020001",
        citizen_id=LI_NA,
        applied_on=DAY,
        region="440300",
        document=IdentityDocument.HOUSEHOLD_REGISTER,
        photo_source=PhotoSource.RECEIPT,
        photo_receipt="P-9",
        phone="13900139000",
        address="深圳市宝安区",
        fee=Fen(2_000),
        notice_number=None,
        state=CardState.CANCELLED,
        replaces="SQ202601010001",
        paid_on=DAY + dt.timedelta(days=1),
        ready_by=DAY + dt.timedelta(days=20),
        ready_by_estimated=True,
        card_number="A12345678",
        issued_on=DAY + dt.timedelta(days=25),
        ethnicity="汉",
        agent=Agent("王伟", RETIREE, "13700137000"),
        bank="icbc",
    )


def test_cards_notices_payments_and_activations_come_back_as_written(people: SqliteUnitOfWork) -> None:
    uow = people
    application = _application()
    replaced = attrs.evolve(application, number="SQ202601010001", replaces=None, card_number="A00000001", agent=None)
    uow.cards.add(attrs.evolve(replaced, state=CardState.REPLACED))  # the application the new one replaces
    uow.cards.add(application)
    assert uow.cards.get(application.number) == application
    stored = _stored(uow.db, "card_applications", "number", application.number)
    assert (stored["agent_name"], stored["agent_id"], stored["agent_phone"]) == ("王伟", RETIREE, "13700137000")
    assert (stored["paid_on"], stored["ready_by"], stored["issued_on"]) == ("2026-03-03", "2026-03-22", "2026-03-27")
    uow.cards.add_event(application.number, CardState.CANCELLED, DAY, reason="lost")
    (event,) = uow.cards.events(application.number)
    assert (event.state, event.on, event.operator, event.detail) == (CardState.CANCELLED, DAY, "tester", {"reason": "lost"})
    notice = IssuedNotice(
        PaymentNotice("JF2026030200011", "李娜", LI_NA, "医保缴费", Fen(50_000), "样例医保局", "6222000011112222", DAY),
        NoticeKind.CONTRIBUTION,
        LI_NA,
        Month(2026, 3),
        ContributionAssessment(Fen(600_000), Fen(48_000), Fen(12_000), Fen(3_600)),
        "R-7",
    )
    uow.notices.add(notice)
    assert uow.notices.get(notice.number) == notice
    paid_at = dt.datetime(2026, 3, 2, 10, 15, 30)
    payment = Payment(notice.number, "wechat", PaymentMethod.ALIPAY, Fen(50_000), paid_at, "R-7", DAY, "counter", DAY)
    uow.payments.add(payment)
    assert uow.payments.by_receipt("wechat", "R-7") == payment
    evidence = (Evidence(EvidenceItem.REAL_NAME, "passed", "op-1"), Evidence(EvidenceItem.REAL_PERSON, "seen", "op-2"))
    activation = Activation(LI_NA, ActivationKind.MEDICAL_ACCOUNT, DAY, evidence, "A12345678", "6222000033334444", "abc")
    uow.activations.add(activation)
    assert uow.activations.of_person(LI_NA, ActivationKind.MEDICAL_ACCOUNT) == [activation]


def test_filings_and_register_come_back_as_written(people: SqliteUnitOfWork) -> None:
    uow = people
    filing = Filing(
        id="YD202603020001",
        citizen_id=LI_NA,
        insured_region="440300",
        treatment_region="310100",
        category=FilingCategory.TEMPORARY_OTHER,
        documents=frozenset({FilingDocument.REFERRAL_FORM, FilingDocument.ADMISSION_NOTE}),
        applied_on=DAY,
        starts_on=DAY + dt.timedelta(days=1),
        ends_on=DAY + dt.timedelta(days=90),
        state=FilingState.REVOKED,
        institutions=(HOSPITAL,),
        inpatient=True,
        address="上海市徐汇区",
        decided_on=DAY + dt.timedelta(days=2),
        reasons=("a reason",),
        ended_on=DAY + dt.timedelta(days=3),
        end_reason="moved back",
        channel=FilingChannel.ONLINE,
    )
    uow.filings.add(filing)
    assert uow.filings.get(filing.id) == filing
    assert uow.filings.of_persons([LI_NA]) == {LI_NA: [filing]}
    state = RecordState("440300", Scheme.RESIDENT, Status.RETIRED, Standing.DECEASED)
    event = PersonEvent(LI_NA, RecordChange.DIED, DAY, DAY + dt.timedelta(days=1), state, "why", {"a": 1}, {"b": 2})
    uow.person_history.add(event)
    assert uow.person_history.events(LI_NA) == [event]
    premium = ResidentPremium(LI_NA, 2026, Fen(40_000), "T-1", DAY, PremiumSource.TAX_BUREAU_LIST)
    uow.resident_premiums.add(premium)
    assert uow.resident_premiums.get(LI_NA, 2026) == premium
    assessment = PremiumAssessment(EMPLOYER, LI_NA, Month(2026, 1), Fen(500_000), Fen(40_000), Fen(10_000), DAY)
    uow.assessments.add(assessment)
    assert uow.assessments.get(EMPLOYER, LI_NA, Month(2026, 1)) == assessment


def test_problems_links_reimbursements_and_audit_come_back_as_written(people: SqliteUnitOfWork) -> None:
    uow = people
    problem = PaymentProblem(0, "icbc", "sha-1", 7, "JF1", Fen(123), "R-9", True, "wrong-amount", "expected 124", DAY)
    assert uow.payment_problems.keep(problem)
    assert not uow.payment_problems.keep(problem)  # the same line of the same statement
    (kept,) = uow.payment_problems.search()
    assert kept == attrs.evolve(problem, id=kept.id)
    uow.payment_problems.resolve(kept.id, DAY, "op-3", "refunded")
    resolved = attrs.evolve(kept, resolved_on=DAY, resolved_by="op-3", resolution="refunded")
    assert uow.payment_problems.get(kept.id) == resolved
    assert uow.payment_problems.search() == [] and uow.payment_problems.search(include_resolved=True) == [resolved]
    link = uow.family.add(LI_NA, RETIREE, Relation.PARENT, DAY)
    assert uow.family.live_of_members([RETIREE]) == {RETIREE: link}
    uow.family.remove(link.id, DAY + dt.timedelta(days=1))
    assert uow.family.of_holder(LI_NA) == [attrs.evolve(link, removed_on=DAY + dt.timedelta(days=1))]
    reimbursement = Reimbursement(
        id=uow.reimbursements.next_id(),
        bill=bill(line("A1", "12.50", "2"), number="INV-1", citizen_id=LI_NA, institution=HOSPITAL),
        reason=ReimbursementReason.CARD_UNREADABLE,
        institution=TreatedAt("样例诊所", "440100", InstitutionLevel.TERTIARY),
        receipts=("r1", "r2"),
        state=ReimbursementState.PAID,
        applied_on=DAY,
        decided_on=DAY + dt.timedelta(days=1),
        rejection="none",
        settlement_id=None,
        paid_on=DAY + dt.timedelta(days=2),
        bank_card="6222000055556666",
        bank="ccb",
        reversed_on=DAY + dt.timedelta(days=3),
    )
    uow.reimbursements.add(reimbursement)
    assert uow.reimbursements.get(reimbursement.id) == reimbursement
    stored = _stored(uow.db, "reimbursements", "id", reimbursement.id)
    assert (stored["institution_name"], stored["institution_region"], stored["bank"]) == ("样例诊所", "440100", "ccb")
    uow.audit.record("test.tables", LI_NA, note="kept")
    (entry,) = uow.audit.entries(action="test.tables")
    assert (entry.operator, entry.subject, entry.detail, entry.business_date) == ("tester", LI_NA, {"note": "kept"}, DAY)


def test_access_records_come_back_as_written(people: SqliteUnitOfWork) -> None:
    access: AccessRepository = people.access  # the port services can name instead of the adapter
    assert isinstance(access, SqliteAccess)
    at = dt.datetime(2026, 3, 2, 9, 0, 1)
    token_id = access.add_token("hash-1", Role.HOSPITAL, HOSPITAL, "front desk", at, "op-1")
    access.revoke_token(token_id, at + dt.timedelta(hours=1))
    token = access.token_by_hash("hash-1")
    assert token is not None and token == access.token(token_id)
    assert (token.role, token.institution_code, token.label, token.created_at, token.created_by, token.revoked_at) == (
        Role.HOSPITAL,
        HOSPITAL,
        "front desk",
        at,
        "op-1",
        at + dt.timedelta(hours=1),
    )
    access.set_enrolment_code(LI_NA, "code-1", at, at + dt.timedelta(days=7), "op-2")
    assert access.enrolment_code(LI_NA) == ("code-1", at + dt.timedelta(days=7))
    access.set_password(LI_NA, "pw-1", at)
    access.set_password(LI_NA, "pw-2", at + dt.timedelta(days=1))
    assert access.password_hash(LI_NA) == "pw-2"
    assert _stored(people.db, "person_accounts", "citizen_id", LI_NA)["enrolled_at"] == "2026-03-02T09:00:01"
    session = PersonSession(LI_NA, "csrf-1", at + dt.timedelta(hours=8))
    access.add_session("session-1", session, at)
    assert access.session("session-1") == session
    access.add_failed_login(LI_NA, at)
    assert access.failed_logins_since(LI_NA, at) == 1
    people.filings.add(
        Filing("YD202603020002", LI_NA, "440300", "310100", FilingCategory.TEMPORARY_OTHER, frozenset(), DAY, DAY, None,
               FilingState.REVOKED)
    )  # fmt: skip
    upload = access.add_upload("YD202603020002", "referral-form", "application/pdf", b"%PDF-1", "sha-2", at)
    assert access.uploads("YD202603020002") == [(upload, "referral-form", "application/pdf", 6)]
