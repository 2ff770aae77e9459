"""SQLite repository of the designated institution directory."""

import datetime as dt
from typing import Any

from shebao.model.institution import (
    Institution,
    InstitutionGrade,
    InstitutionKind,
    InstitutionLevel,
    InstitutionStatus,
    Service,
)
from shebao.store.engine import Database
from shebao.store.rows import readable

# tertiary first: the order a person choosing a hospital reads the list in
_LEVEL_ORDER = "CASE level WHEN 'tertiary' THEN 0 WHEN 'secondary' THEN 1 ELSE 2 END"


_REPLACED = (
    "name", "region", "level", "grade", "kind", "services", "designated", "networked", "status", "address",
    "name_initials", "source", "synced_on",
)  # fmt: skip


class SqliteInstitutions:
    _COLUMNS = "code, name, region, level, grade, kind, services, designated, networked, status, address"

    def __init__(self, db: Database) -> None:
        self._db = db

    def save(self, institution: Institution, name_initials: str, source: str, synced_on: dt.date) -> None:
        """Insert or replace one institution of the directory."""
        self._db.execute(
            f"INSERT INTO institutions ({self._COLUMNS}, name_initials, source, synced_on)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET "
            + ", ".join(f"{c} = excluded.{c}" for c in _REPLACED),
            [
                institution.code,
                institution.name,
                institution.region,
                institution.level.value,
                institution.grade.value,
                institution.kind.value,
                ",".join(sorted(s.value for s in institution.services)),
                int(institution.designated),
                int(institution.networked),
                institution.status.value,
                institution.address,
                name_initials,
                source,
                synced_on.isoformat(),
            ],
        )

    def get(self, code: str) -> Institution | None:
        row = self._db.execute(f"SELECT {self._COLUMNS} FROM institutions WHERE code = ?", [code]).fetchone()
        return self._institution(row) if row else None

    def all(self) -> list[Institution]:
        rows = self._db.execute(f"SELECT {self._COLUMNS} FROM institutions ORDER BY code").fetchall()
        return [self._institution(row) for row in rows]

    def search(
        self,
        region: str | None = None,
        level: InstitutionLevel | None = None,
        service: Service | None = None,
        kind: InstitutionKind | None = None,
        name: str | None = None,
        include_withdrawn: bool = False,
        limit: int = 50,
        offset: int = 0,
    ) -> list[Institution]:
        """Institutions matching every filter given: a province code (``xx0000``) matches its
        pooling areas; ``name`` matches a substring of the name or of its pinyin initials."""
        where, params = [], []
        if region:
            if region.endswith("0000"):
                where.append("substr(region, 1, 2) = ?")
                params.append(region[:2])
            else:
                where.append("region = ?")
                params.append(region)
        if level:
            where.append("level = ?")
            params.append(level.value)
        if kind:
            where.append("kind = ?")
            params.append(kind.value)
        if service:
            where.append("instr(',' || services || ',', ?) > 0")
            params.append(f",{service.value},")
        if name:
            where.append("(instr(name, ?) > 0 OR instr(name_initials, ?) > 0)")
            params.extend([name, name.lower()])
        if not include_withdrawn:
            where.append("status != ?")
            params.append(InstitutionStatus.WITHDRAWN.value)
        sql = f"SELECT {self._COLUMNS} FROM institutions"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY region, {_LEVEL_ORDER}, kind, code LIMIT ? OFFSET ?"
        # a listing leaves a damaged row out; rules read with of_person/get, which refuse it
        return list(readable("institutions", self._db.execute(sql, [*params, limit, offset]).fetchall(), self._institution))

    @staticmethod
    def _institution(row: Any) -> Institution:
        return Institution(
            code=row[0],
            name=row[1],
            region=row[2],
            level=InstitutionLevel(row[3]),
            grade=InstitutionGrade(row[4]),
            kind=InstitutionKind(row[5]),
            services=frozenset(Service(s) for s in row[6].split(",") if s),
            designated=bool(row[7]),
            networked=bool(row[8]),
            status=InstitutionStatus(row[9]),
            address=row[10],
        )
