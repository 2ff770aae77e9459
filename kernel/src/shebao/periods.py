"""Calendar months, the period of a contribution."""

import datetime as dt
import re

import attrs

from shebao.i18n import _

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@attrs.frozen(order=True)
class Month:
    year: int = attrs.field(validator=attrs.validators.and_(attrs.validators.ge(1950), attrs.validators.le(2200)))
    month: int = attrs.field(validator=attrs.validators.and_(attrs.validators.ge(1), attrs.validators.le(12)))

    @classmethod
    def parse(cls, text: str) -> "Month":
        match = _MONTH.match(text.strip()) if isinstance(text, str) else None
        if not match:
            raise ValueError(_("month {text!r} must be written YYYY-MM").format(text=text))
        try:
            return cls(int(match[1]), int(match[2]))
        except ValueError:
            raise ValueError(_("month {text!r} is not a real month").format(text=text)) from None

    @classmethod
    def of(cls, day: dt.date) -> "Month":
        return cls(day.year, day.month)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        following = Month(self.year + self.month // 12, self.month % 12 + 1)
        return following.first_day - dt.timedelta(days=1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"
