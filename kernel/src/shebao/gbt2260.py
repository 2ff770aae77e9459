"""Every GB/T 2260 administrative division code and its names over the years, read from the
data python-stdnum ships (``stdnum/cn/loc.dat``, taken from Wikipedia's tables of the codes).

A line of that file is ``CODE county="NAME"`` or, for a code that changed,
``county="[1983-2000]OLD,[2001-]NEW"``: each name with the years it was in use (open at either
end). A code is *current* when one of its names has no end year; its name today is that one.
"""

import enum
import functools
import importlib.resources
import re

import attrs

_NAME = re.compile(r"^(?:\[(\d*)-(\d*)\])?(.*)$")
MUNICIPALITIES = frozenset({"11", "12", "31", "50"})  # 直辖市: the whole city is one pooling area
_DIRECT_COUNTIES = "90"  # 省直辖县级行政区划: each county-level city is its own pooling area
_BARE_NAMES = frozenset({"市辖区", "县", "郊县"})  # names that mean something only after the province's


class Level(enum.Enum):
    PROVINCE = "province"
    PREFECTURE = "prefecture"  # prefecture-level: the pooling area
    COUNTY = "county"  # county, district or county-level city


@attrs.frozen
class NameInUse:
    name: str
    first_year: int | None  # None: before the data begins
    last_year: int | None  # None: still in use

    def in_use(self, year: int) -> bool:
        return (self.first_year is None or self.first_year <= year) and (self.last_year is None or year <= self.last_year)


@attrs.frozen
class Division:
    code: str
    names: tuple[NameInUse, ...]
    province_name: str

    @property
    def level(self) -> Level:
        if self.code[2:] == "0000":
            return Level.PROVINCE
        if self.code[4:] == "00":
            return Level.PREFECTURE
        return Level.COUNTY

    @property
    def current(self) -> bool:
        return any(name.last_year is None for name in self.names)

    @property
    def abolished_after(self) -> int | None:
        """The last year a no longer current code was in use."""
        return None if self.current else max(name.last_year or 0 for name in self.names)

    @property
    def name(self) -> str:
        """The name today (the latest, for a code no longer in use), made whole where the data
        gives only 市辖区 or 县."""
        latest = next((n for n in self.names if n.last_year is None), self.names[-1]).name
        if latest in _BARE_NAMES and self.level is not Level.PROVINCE:
            return self.province_name + latest
        return latest

    def name_in(self, year: int) -> str | None:
        return next((n.name for n in self.names if n.in_use(year)), None)


@functools.cache
def divisions() -> dict[str, Division]:
    """Every code stdnum's data holds, current or not, by 6-digit code."""
    text = importlib.resources.files("stdnum").joinpath("cn/loc.dat").read_text(encoding="utf-8")
    found: dict[str, Division] = {}
    province, province_name = "", ""
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, _, value = line.strip().partition(" ")
        field, _, quoted = value.partition("=")
        name_list = quoted.strip('"')
        if not line.startswith(" "):  # a province: its code's first two digits
            province, province_name = key, name_list
            continue
        if field != "county":
            continue
        code = province + key
        found[code] = Division(code, tuple(_names(name_list)), province_name)
    return found


def _names(text: str) -> list[NameInUse]:
    names = []
    for part in text.split(","):
        match = _NAME.match(part)
        assert match is not None  # the pattern matches any text
        first, last, name = match.groups()
        names.append(NameInUse(name, int(first) if first else None, int(last) if last else None))
    return names


@functools.cache
def known_codes() -> frozenset[str]:
    """Every code of any year: what a citizen id's address code may be."""
    return frozenset(divisions())


def get(code: str) -> Division | None:
    return divisions().get(code)


def pooling_area_code(code: str) -> str | None:
    """The prefecture-level pooling area a county or district belongs to (itself for a
    prefecture, a county-level city directly under the province, or a whole municipality's
    district); None for a province or an unknown code."""
    division = get(code)
    if division is None or division.level is Level.PROVINCE:
        return None
    if code[:2] in MUNICIPALITIES:
        return code[:2] + "0100"
    if division.level is Level.PREFECTURE or code[2:4] == _DIRECT_COUNTIES:
        return code
    parent = code[:4] + "00"
    return parent if parent in divisions() else code


def provinces() -> list[Division]:
    return [d for d in divisions().values() if d.level is Level.PROVINCE and d.current]


def pooling_areas() -> list[Division]:
    """Every current prefecture-level pooling area (a municipality is one) and county-level
    city directly under its province."""
    found = []
    for code, division in divisions().items():
        if not division.current or division.level is Level.PROVINCE:
            continue
        if pooling_area_code(code) == code:
            found.append(division)
    return found


def label(code: str) -> str:
    """``"420100 武汉市"``: the code with its name today (the code alone if unknown)."""
    division = get(code)
    return f"{code} {division.name}" if division else code
