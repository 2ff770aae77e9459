"""Use cases of the designated institution directory: sync from plugins, look up, search."""

import datetime as dt

import attrs

from shebao import plugins
from shebao.convert import parse_input
from shebao.errors import InputError, PluginError
from shebao.i18n import _
from shebao.model.institution import Institution, InstitutionFilter, InstitutionKind, InstitutionLevel, InstitutionStatus, Service
from shebao.plugins import Facade
from shebao.regions import RegionCode, province_of
from shebao.store.ports import UnitOfWork


def name_initials(name: str) -> str:
    """Lower-case pinyin initials of a name (``北京协和医院`` → ``bjxhyy``); other characters kept."""
    from pypinyin import Style, lazy_pinyin  # loads its dictionary: only when syncing

    return "".join(part[0] for part in lazy_pinyin(name, style=Style.FIRST_LETTER, errors="default") if part).lower()


@attrs.frozen
class SyncReport:
    added: tuple[str, ...]
    changed: tuple[str, ...]
    withdrawn: tuple[str, ...]
    unchanged: int
    provinces: tuple[str, ...]  # provinces whose directory the plugins provided


def sync_institutions(uow: UnitOfWork, today: dt.date, hooks: Facade = plugins) -> SyncReport:
    """Load what the installed plugins provide; an institution of a provided province that no
    plugin lists any more is withdrawn. Provinces no plugin provides are left as they are."""
    provided = hooks.institutions()
    served = hooks.regions()
    for institution, plugin in provided.values():
        if institution.region not in served:
            raise PluginError(
                plugin,
                "shebao_institutions",
                _("{code} lies in unknown region {region}").format(code=institution.code, region=institution.region),
            )
    provinces = tuple(sorted({province_of(i.region) for i, _ in provided.values()}))
    added: list[str] = []
    changed: list[str] = []
    withdrawn: list[str] = []
    unchanged = 0
    with uow:
        stored = {i.code: i for i in uow.institutions.all()}
        for code, (institution, plugin) in sorted(provided.items()):
            before = stored.get(code)
            if before == institution:
                unchanged += 1
                continue
            (added if before is None else changed).append(code)
            uow.institutions.save(institution, name_initials(institution.name), plugin, today)
        for code, institution in sorted(stored.items()):
            gone = code not in provided and province_of(institution.region) in provinces
            if gone and institution.status is not InstitutionStatus.WITHDRAWN:
                withdrawn.append(code)
                uow.institutions.save(
                    attrs.evolve(institution, status=InstitutionStatus.WITHDRAWN),
                    name_initials(institution.name),
                    "withdrawn",
                    today,
                )
        uow.audit.record(
            "institution.sync", "institutions", added=added, changed=changed, withdrawn=withdrawn, provinces=list(provinces)
        )
        uow.commit()
    return SyncReport(tuple(added), tuple(changed), tuple(withdrawn), unchanged, provinces)


def find_institution(uow: UnitOfWork, code: str) -> Institution | None:
    """The directory entry of ``code`` (designated? level? open for which services?), or None."""
    return uow.institutions.get(code.strip().upper()) if isinstance(code, str) else None


def get_institution(uow: UnitOfWork, code: str) -> Institution:
    found = find_institution(uow, code)
    if found is None:
        raise InputError(
            _("unknown institution {code!r}: not in the directory (run `shebao institution sync`?)").format(code=code)
        )
    return found


@attrs.frozen
class SearchInstitutions:
    region: str | None = None  # a province (2 or xx0000) or a pooling area
    level: InstitutionLevel | None = None
    service: Service | None = None
    kind: InstitutionKind | None = None
    name: str | None = None  # substring of the name, or of its pinyin initials
    include_withdrawn: bool = False
    limit: int = attrs.field(default=50, validator=attrs.validators.and_(attrs.validators.ge(1), attrs.validators.le(1000)))
    offset: int = attrs.field(default=0, validator=attrs.validators.ge(0))


def search_institutions(uow: UnitOfWork, query: SearchInstitutions, hooks: Facade = plugins) -> list[Institution]:
    return uow.institutions.search(_asked(query, hooks), limit=query.limit, offset=query.offset)


def count_institutions(uow: UnitOfWork, query: SearchInstitutions, hooks: Facade = plugins) -> int:
    """How many institutions the search finds over every page."""
    return uow.institutions.count(_asked(query, hooks))


def _asked(query: SearchInstitutions, hooks: Facade) -> InstitutionFilter:
    region = None
    if query.region:
        region = parse_input(RegionCode, query.region, "region").code
        hooks.region(region)
    return InstitutionFilter(region, query.level, query.service, query.kind, query.name or None, query.include_withdrawn)
