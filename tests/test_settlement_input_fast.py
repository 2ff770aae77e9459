"""Reading bills: the fast path for well-formed bills builds exactly what the converter builds,
and anything else still gets the converter's messages with their paths."""

import copy
import json
from typing import Any

import pytest
from settlement_fakes import RETIREE

from shebao.convert import structure
from shebao.errors import InputError
from shebao.model.settlement import Bill
from shebao.services.settlement.bills import bill_from_data

GOOD: dict[str, Any] = {
    "bill_number": " ZY001 ",
    "citizen_id": RETIREE,
    "institution_code": "H310100S0001",
    "visit_type": "inpatient",
    "admitted_on": "2026-05-11",
    "discharged_on": "2026-05-20",
    "emergency": False,
    "certificate": "electronic",
    "lines": [
        {"code": "A1", "name": "床位费", "unit_price": "90.00", "quantity": "9"},
        {"code": "B1", "name": "药", "unit_price": "0.1245", "quantity": "20.5"},
    ],
}
OUTPATIENT: dict[str, Any] = {
    "bill_number": "MZ001",
    "citizen_id": RETIREE,
    "institution_code": "H310100S0001",
    "visit_type": "chronic-special",
    "disease": "diabetes",
    "treated_on": "2026-05-20",
    "lines": [{"code": "A1", "name": "x", "unit_price": "1", "quantity": "1"}],
}


WITH_DIAGNOSIS: dict[str, Any] = {**GOOD, "diagnosis": " 冠状动脉粥样硬化性心脏病 ", "admission_number": "2026051100137"}


@pytest.mark.parametrize("data", [GOOD, OUTPATIENT, WITH_DIAGNOSIS])
def test_a_well_formed_bill_is_what_the_converter_builds(data: dict[str, Any]) -> None:
    assert bill_from_data(copy.deepcopy(data)) == structure(copy.deepcopy(data), Bill)


def _refusal(data: object) -> str:
    with pytest.raises(InputError) as refused:
        bill_from_data(data)
    return str(refused.value)


def _converter_refusal(data: object) -> str:
    with pytest.raises(InputError) as refused:
        structure(data, Bill)
    return str(refused.value)


def _with(path: tuple[object, ...], value: object) -> dict[str, Any]:
    data = copy.deepcopy(GOOD)
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


BAD = [
    (("citizen_id",), "440300195505050057"),
    (("visit_type",), "dental"),
    (("discharged_on",), "2026-02-30"),
    (("emergency",), "yes"),
    (("certificate",), 3),
    (("lines", 0, "unit_price"), 90.0),
    (("lines", 1, "quantity"), "-1"),
    (("lines", 1, "quantity"), "1.0000001"),
    (("lines", 0, "extra"), "x"),
    (("lines", 0, "name"), KeyError),
    (("bill_number",), KeyError),
    (("surprise",), 1),
    (("lines",), "none"),
    (("lines", 1, "quantity"), "0"),
    (("lines", 1, "quantity"), "0.000"),
    (("lines", 1, "quantity"), "1000000"),  # the largest quantity: past the fast path's shape, still read
    (("lines", 1, "quantity"), "1000000.5"),
    (("lines", 0, "unit_price"), "1000000000"),  # the largest price, likewise
    (("lines", 0, "unit_price"), "1000000000.01"),
    (("lines", 0, "unit_price"), "０.5"),
    (("lines", 0, "quantity"), " 2 "),
]


@pytest.mark.parametrize(("path", "value"), BAD, ids=[json.dumps(p) for p, _ in BAD])
def test_a_bad_bill_gets_the_converters_message(path: tuple[object, ...], value: object) -> None:
    data = _with(path, value)
    try:
        expected = _converter_refusal(copy.deepcopy(data))
    except pytest.fail.Exception:  # the converter accepts it: the fast path must agree
        assert bill_from_data(copy.deepcopy(data)) == structure(copy.deepcopy(data), Bill)
        return
    assert _refusal(data) == expected


def test_a_price_or_quantity_read_before_is_judged_the_same_again() -> None:
    """Plain prices and quantities are remembered once read: a second bill with the same text,
    good or bad, gets what the first got."""
    for path, value in [(("lines", 1, "quantity"), "0"), (("lines", 0, "unit_price"), "90.00")]:
        data = _with(path, value)
        outcomes: list[Bill | str] = []
        for _ in range(2):
            try:
                outcomes.append(bill_from_data(copy.deepcopy(data)))
            except InputError as error:
                outcomes.append(str(error))
        assert outcomes[0] == outcomes[1]
        assert outcomes[0] == (_converter_refusal(data) if value == "0" else structure(copy.deepcopy(data), Bill))
