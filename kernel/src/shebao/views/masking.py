"""Personal numbers as a viewer without the right to see them gets them."""

from shebao.ids import mask


def masked_id(number: str, reveal: bool) -> str:
    """An id number (or a social security number) with its middle hidden: ``4403**********0021``."""
    return number if reveal else mask(number, 4, 4)


def masked_phone(number: str | None, reveal: bool) -> str:
    """A phone number with its middle hidden; empty when there is none."""
    if not number:
        return ""
    return number if reveal else mask(number, 3, 4)
