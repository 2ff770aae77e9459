"""Regions by GB/T 2260 code: 31 province-level regions and their pooling areas."""

import enum

import attrs

from shebao.i18n import _


class RegionLevel(enum.Enum):
    PROVINCE = "province"
    POOLING_AREA = "pooling-area"


def normalize_region_code(text: str) -> str:
    """``"44"`` or ``"440000"`` → ``"440000"``; a 6-digit pooling area stays as it is."""
    code = text.strip() if isinstance(text, str) else ""
    if len(code) == 2 and code.isdigit():
        code += "0000"
    if len(code) != 6 or not code.isdigit() or code == "000000":
        raise ValueError(_("region code {text!r} must be 2 or 6 digits (GB/T 2260)").format(text=text))
    return code


@attrs.frozen
class RegionCode:
    """A GB/T 2260 code as typed by a user, made 6 digits (``"44"`` → ``"440000"``); whether any
    plugin serves it is the plugin facade's question."""

    code: str = attrs.field(converter=normalize_region_code)

    def __str__(self) -> str:
        return self.code


def province_of(code: str) -> str:
    """The 6-digit code of the province-level region a code lies in."""
    return code[:2] + "0000"


@attrs.frozen
class Region:
    code: str = attrs.field(converter=normalize_region_code)
    name: str
    level: RegionLevel = attrs.field()

    @level.default
    def _level_from_code(self) -> RegionLevel:
        return RegionLevel.PROVINCE if self.code.endswith("0000") else RegionLevel.POOLING_AREA

    @property
    def province_code(self) -> str:
        return province_of(self.code)

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
