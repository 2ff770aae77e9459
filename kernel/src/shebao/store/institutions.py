"""SQLite repository of the designated institution directory."""

import datetime as dt
from typing import Any

from shebao.model.institution import (
    EVERY_INSTITUTION,
    Institution,
    InstitutionFilter,
    InstitutionGrade,
    InstitutionKind,
    InstitutionLevel,
    InstitutionStatus,
    Service,
)
from shebao.store.engine import Database
from shebao.store.rows import readable
from shebao.store.sql import count_rows, where
from shebao.store.table import Table

# tertiary first: the order a person choosing a hospital reads the list in
_LEVEL_ORDER = "CASE level WHEN 'tertiary' THEN 0 WHEN 'secondary' THEN 1 ELSE 2 END"


INSTITUTIONS = Table(
    "institutions",
    (
        "code", "name", "region", "level", "grade", "kind", "services", "designated", "networked", "status", "address",
        "name_initials", "source", "synced_on",
    ),
    key="code",
)  # fmt: skip


class SqliteInstitutions:
    def __init__(self, db: Database) -> None:
        self._db = db

    def save(self, institution: Institution, name_initials: str, source: str, synced_on: dt.date) -> None:
        """Insert or replace one institution of the directory."""
        i = institution
        row = {
            "code": i.code,
            "name": i.name,
            "region": i.region,
            "level": i.level.value,
            "grade": i.grade.value,
            "kind": i.kind.value,
            "services": ",".join(sorted(s.value for s in i.services)),
            "designated": int(i.designated),
            "networked": int(i.networked),
            "status": i.status.value,
            "address": i.address,
            "name_initials": name_initials,
            "source": source,
            "synced_on": synced_on.isoformat(),
        }
        self._db.execute(INSTITUTIONS.upsert(), INSTITUTIONS.values(row))

    def get(self, code: str) -> Institution | None:
        row = self._db.execute(f"{INSTITUTIONS.select} WHERE code = ?", [code]).fetchone()
        return self._institution(row) if row else None

    def all(self) -> list[Institution]:
        rows = self._db.execute(f"{INSTITUTIONS.select} ORDER BY code").fetchall()
        return [self._institution(row) for row in rows]

    def search(self, asked: InstitutionFilter = EVERY_INSTITUTION, limit: int = 50, offset: int = 0) -> list[Institution]:
        """Institutions matching every filter given, by region, level (tertiary first), kind, code."""
        filters, params = _filters(asked)
        sql = f"{INSTITUTIONS.select}{filters} ORDER BY region, {_LEVEL_ORDER}, kind, code LIMIT ? OFFSET ?"
        # a listing leaves a damaged row out
        return list(readable("institutions", self._db.execute(sql, [*params, limit, offset]).fetchall(), self._institution))

    def count(self, asked: InstitutionFilter = EVERY_INSTITUTION) -> int:
        return count_rows(self._db, INSTITUTIONS.name, *_filters(asked))

    def busiest_regions(self, limit: int) -> list[str]:
        # open for cross-province settlement: Institution.open_for_cross_province, in SQL
        sql = (
            f"SELECT region FROM {INSTITUTIONS.name} WHERE designated = 1 AND networked = 1 AND status = ? AND services != ''"
            " GROUP BY region ORDER BY count(*) DESC, region LIMIT ?"
        )
        return [row[0] for row in self._db.execute(sql, [InstitutionStatus.OPEN.value, limit]).fetchall()]

    @staticmethod
    def _institution(row: Any) -> Institution:
        r = INSTITUTIONS.named(row)
        return Institution(
            code=r["code"],
            name=r["name"],
            region=r["region"],
            level=InstitutionLevel(r["level"]),
            grade=InstitutionGrade(r["grade"]),
            kind=InstitutionKind(r["kind"]),
            services=frozenset(Service(s) for s in r["services"].split(",") if s),
            designated=bool(r["designated"]),
            networked=bool(r["networked"]),
            status=InstitutionStatus(r["status"]),
            address=r["address"],
        )


def _filters(asked: InstitutionFilter) -> tuple[str, list[object]]:
    region, name = asked.region, asked.name
    province = bool(region) and str(region).endswith("0000")
    return where(
        ("substr(region, 1, 2) = ?", region[:2] if region and province else None),
        ("region = ?", None if province else region),
        ("level = ?", asked.level.value if asked.level else None),
        ("kind = ?", asked.kind.value if asked.kind else None),
        ("instr(',' || services || ',', ?) > 0", f",{asked.service.value}," if asked.service else None),
        ("(instr(name, ?) > 0 OR instr(name_initials, ?) > 0)", (name, name.lower()) if name else None),
        ("status != ?", None if asked.include_withdrawn else InstitutionStatus.WITHDRAWN.value),
    )
