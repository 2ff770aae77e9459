"""The benchmark's synthetic world, built through the real use cases: a catalogue plugin with
~20,000 generated items, the bundled provinces' institutions, persons insured in five
provinces, retirees' account credits and approved off-site filings.

Everything is drawn from ``random.Random(seed)``, so the same arguments give the same world.
"""

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs
import sqlite_utils

import shebao
from shebao.model.catalogue import CatalogueItem, Category
from shebao.money import Fen
from shebao.regions import Region

if TYPE_CHECKING:
    from shebao.store.ports import UnitOfWork

CATALOGUE_PLUGIN = "bench-catalogue"
REGISTERED_ON = dt.date(2026, 1, 5)
# insured places and the county codes their people's identity numbers were issued in
INSURED_PLACES = {
    "110100": "110101",
    "310100": "310104",
    "440300": "440304",
    "440100": "440106",
    "510100": "510104",
}


def catalogue_items(size: int, seed: int) -> list[CatalogueItem]:
    """A treatment place's catalogue: half A, a third B (10% or 20% first self-paid), the rest C;
    one item in ten with a price limit."""
    rng = random.Random(seed)
    items: list[CatalogueItem] = []
    for number in range(size):
        draw = rng.random()
        category = Category.A if draw < 0.5 else Category.B if draw < 0.85 else Category.C
        share = Decimal(rng.choice(("0.10", "0.20"))) if category is Category.B else Decimal(0)
        limit = Fen(rng.randrange(500, 200_000)) if category is not Category.C and rng.random() < 0.1 else None
        items.append(CatalogueItem(item_code(number), f"样例项目{number}", category, share, limit))
    return items


def item_code(number: int) -> str:
    return f"BX{number:06d}"


class BenchCatalogue:
    """A province plugin answering ``shebao_catalogue`` for every region with the generated
    catalogue, ahead of the bundled ones (``tryfirst``)."""

    def __init__(self, size: int, seed: int) -> None:
        self.items = catalogue_items(size, seed)

    @shebao.hookimpl(tryfirst=True)
    def shebao_catalogue(self, region: Region, year: int) -> list[CatalogueItem] | None:
        return list(self.items)


def install_catalogue(size: int, seed: int) -> None:
    """Register the benchmark's catalogue plugin in this process (once)."""
    from shebao.plugins import plugin_manager

    pm = plugin_manager()
    if pm.get_plugin(CATALOGUE_PLUGIN) is None:
        pm.register(BenchCatalogue(size, seed), name=CATALOGUE_PLUGIN)


def uninstall_catalogue() -> None:
    from shebao.plugins import plugin_manager

    pm = plugin_manager()
    if pm.get_plugin(CATALOGUE_PLUGIN) is not None:
        pm.unregister(name=CATALOGUE_PLUGIN)


@attrs.frozen
class BenchPerson:
    citizen_id: str
    insured_region: str
    retired: bool
    filed_region: str | None  # where an approved long-term filing lets them be treated
    filed_institutions: tuple[str, ...]


@attrs.frozen
class BenchInstitution:
    code: str
    region: str


@attrs.frozen
class World:
    persons: tuple[BenchPerson, ...]
    institutions: tuple[BenchInstitution, ...]  # networked, open designated institutions


def citizen_ids(count: int, seed: int) -> list[tuple[str, str]]:
    """``count`` distinct valid identity numbers, each with its insured place."""
    from stdnum.cn import ric

    rng = random.Random(seed)
    places = sorted(INSURED_PLACES.items())
    found: dict[str, str] = {}
    while len(found) < count:
        region, county = places[len(found) % len(places)]
        born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 18_000))
        body = f"{county}{born:%Y%m%d}{rng.randrange(0, 1000):03d}"
        number = body + ric.calc_check_digit(body + "0")
        if number not in found and ric.is_valid(number):
            found[number] = region
    return sorted(found.items())


def build_world(db: sqlite_utils.Database, persons: int, seed: int) -> World:
    """Register the persons, sync the institutions, credit retirees, approve filings."""
    from shebao.convert import structure
    from shebao.model.institution import InstitutionStatus
    from shebao.periods import Month
    from shebao.services.contributions import credit_retirees
    from shebao.services.institutions import sync_institutions
    from shebao.services.people import RegisterPerson, register_person
    from shebao.store.unit_of_work import SqliteUnitOfWork

    def uow() -> SqliteUnitOfWork:
        return SqliteUnitOfWork(db, "bench", dt.datetime.combine(REGISTERED_ON, dt.time(9)))

    rng = random.Random(seed + 1)
    sync_institutions(uow(), REGISTERED_ON)
    open_ = [i for i in uow().institutions.all() if i.designated and i.networked and i.status is InstitutionStatus.OPEN]
    institutions = tuple(BenchInstitution(i.code, i.region) for i in sorted(open_, key=lambda i: i.code))
    by_region: dict[str, list[str]] = {}
    for institution in institutions:
        by_region.setdefault(institution.region, []).append(institution.code)

    people: list[BenchPerson] = []
    for number, region in citizen_ids(persons, seed):
        draw = rng.random()
        status, scheme = (
            ("retired", "employee") if draw < 0.3 else ("employed", "employee") if draw < 0.8 else ("unemployed", "resident")
        )
        data = {"citizen_id": number, "name": f"样例{len(people)}", "insured_region": region, "scheme": scheme, "status": status}
        register_person(uow(), structure(data, RegisterPerson), REGISTERED_ON)
        filed_region, filed = _file(uow, rng, number, region, scheme, status == "retired", by_region)
        people.append(BenchPerson(number, region, status == "retired", filed_region, filed))
    credit_retirees(uow(), Month(2026, 1), REGISTERED_ON)
    give_entitlement(uow, people, rng)
    return World(tuple(people), institutions)


def _file(
    uow: Callable[[], "UnitOfWork"],
    rng: random.Random,
    number: str,
    region: str,
    scheme: str,
    retired: bool,
    by_region: dict[str, list[str]],
) -> tuple[str | None, tuple[str, ...]]:
    """Three in ten file elsewhere, approved: the filed region and the institutions the person
    may be treated at (those chosen, or the whole city)."""
    from shebao import plugins
    from shebao.convert import structure
    from shebao.model.person import Scheme
    from shebao.services.filings import ApplyFiling, ApproveFiling, apply_filing, approve_filing

    elsewhere = [r for r in by_region if r[:2] != region[:2]]
    if not (rng.random() < 0.3 and elsewhere):
        return None, ()
    filed_region = rng.choice(sorted(elsewhere))
    city = by_region[filed_region]
    most = plugins.policy(plugins.region(region), Scheme(scheme), 2026).filing.max_designated_institutions
    filed = tuple(sorted(rng.sample(city, min(most, len(city))))) if most else ()
    application = structure(
        {
            "citizen_id": number,
            "category": "retiree-resettled" if retired else "permanent-resident",
            "treatment_region": filed_region,
            "documents": ["residence-certificate", "card-and-copy"],
            "institutions": list(filed),  # none: the whole city
            "address": "样例地址",
        },
        ApplyFiling,
    )
    filing = apply_filing(uow(), application, REGISTERED_ON)
    approve_filing(uow(), ApproveFiling(filing.id), REGISTERED_ON)  # type: ignore[union-attr]
    return filed_region, filed or tuple(city)


def employer_code(region: str) -> str:
    """A valid unified social credit code of a sample employer registered in ``region``."""
    from stdnum.cn import uscc

    body = f"91{region}MA5BENCH0"
    return body + uscc.calc_check_digit(body)


def give_entitlement(uow: "Callable[[], UnitOfWork]", people: list[BenchPerson], rng: random.Random) -> None:
    """What entitlement asks of every person, through the real use cases: the employed hired by a
    sample employer of their insured place, whose payroll pays every month of 2026 (on the last day
    of the year the bills are settled); retirees' contribution years recognised; every person a
    card issued, the account and the electronic certificate activated (``bench.entitle``)."""
    from shebao.ids import CitizenId
    from shebao.model.person import Status
    from shebao.services.people import HireEmployee, RegisterEmployer, get_person, hire_employee, register_employer
    from shebao_cli.bench.bills import SETTLED_ON
    from shebao_cli.bench.entitle import entitle

    months = [f"2026-{month:02d}" for month in range(1, 13)]
    employers: set[str] = set()
    for known in people:
        person = get_person(uow(), known.citizen_id)
        employer = None
        if person.status is Status.EMPLOYED:
            employer = employer_code(known.insured_region)
            if employer not in employers:
                register_employer(
                    uow(), RegisterEmployer(employer, f"样例单位{known.insured_region}", known.insured_region), REGISTERED_ON
                )
                employers.add(employer)
            hire_employee(uow(), HireEmployee(employer, CitizenId(known.citizen_id), REGISTERED_ON), REGISTERED_ON)
        base = 500_000 + 1_000 * rng.randrange(0, 1_000)  # 5,000 to 15,000 yuan
        entitle(uow, known.citizen_id, REGISTERED_ON, employer=employer, months=months, base=base, paid_on=SETTLED_ON)
