"""Enum members looked up by their value: a dict lookup, where calling the enum costs a
microsecond, for the paths that read thousands of values (bills in a batch, stored rows)."""

import enum
from typing import TypeVar

E = TypeVar("E", bound=enum.Enum)


def by_value(members: type[E]) -> dict[str, E]:
    """Each member by its value; an unknown value is a ``KeyError``."""
    return {member.value: member for member in members}


def by_value_or_none(members: type[E]) -> dict[str | None, E | None]:
    """``by_value`` with None (SQL NULL, an absent field) for None."""
    found: dict[str | None, E | None] = {None: None}
    found.update(by_value(members))
    return found
