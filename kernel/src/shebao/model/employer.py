"""Employers and the employments they must register."""

import datetime as dt

import attrs


@attrs.frozen
class Employer:
    uscc: str  # unified social credit code, validated on input
    name: str = attrs.field(validator=attrs.validators.min_len(1))
    region: str
    registered_on: dt.date


@attrs.frozen
class Employment:
    """One person's employment with one employer, and when it was registered for insurance."""

    employer_uscc: str
    citizen_id: str
    started_on: dt.date
    registered_on: dt.date | None  # may precede the start: employers register ahead
    ended_on: dt.date | None = None  # 减员: the last day of the employment

    def is_open_on(self, day: dt.date) -> bool:
        return self.started_on <= day and (self.ended_on is None or day <= self.ended_on)
