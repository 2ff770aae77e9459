"""Real people and every region: citizen ids with an address code of any GB/T 2260 year, and
every province, pooling area and county of stdnum's data known with today's name."""

import datetime as dt
import json
import random

import pytest
from helpers import ShebaoCli
from stdnum.cn import ric

from shebao import gbt2260
from shebao import plugins as facade
from shebao.errors import InputError
from shebao.ids import CitizenId
from shebao.regions import RegionLevel

MAINLAND = {division.code[:2] for division in gbt2260.provinces()} - {"71", "81", "82"}
DECADES = range(1940, 2020, 10)


def _number(code: str, born: dt.date, sequence: int) -> str:
    body = f"{code}{born:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")


def _sample() -> list[tuple[str, bool]]:
    """For every mainland province and birth decade, ids of counties in use then and of
    counties created later; with whether stdnum itself accepts each."""
    chooser = random.Random(2260)
    counties: dict[str, list[gbt2260.Division]] = {}
    for division in gbt2260.divisions().values():
        if division.level is gbt2260.Level.COUNTY and division.code[:2] in MAINLAND:
            counties.setdefault(division.code[:2], []).append(division)
    sample = []
    for province in sorted(MAINLAND):
        for decade in DECADES:
            born = dt.date(decade + chooser.randrange(10), chooser.randrange(1, 13), chooser.randrange(1, 29))
            later = [d for d in counties[province] if all(n.first_year and n.first_year > born.year for n in d.names)]
            for division in [chooser.choice(counties[province]), *([chooser.choice(later)] if later else [])]:
                number = _number(division.code, born, chooser.randrange(1000))
                sample.append((number, ric.is_valid(number)))
    return sample


SAMPLE = _sample()


def test_real_form_ids_of_every_province_and_decade_are_accepted() -> None:
    assert len(SAMPLE) >= 200
    assert {number[:2] for number, _ in SAMPLE} == MAINLAND
    assert {int(number[6:9]) * 10 for number, _ in SAMPLE} >= set(DECADES)
    refused_by_stdnum = [number for number, valid in SAMPLE if not valid]
    assert len(refused_by_stdnum) >= 50  # codes created after the birth year
    for number, _ in SAMPLE:
        assert CitizenId(number).number == number
        assert CitizenId(number).birthplace_name()


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("440103196001010011", "check character"),
        ("99010119600101001" + ric.calc_check_digit("990101196001010010"), "not a known GB/T 2260"),
        ("44010319600230001" + ric.calc_check_digit("440103196002300010"), "birth date"),
        ("44010319600101001", "18 characters"),
        ("4401031960010100A0", "17 digits"),
    ],
)
def test_malformed_ids_are_refused(number: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        CitizenId(number)


def test_legacy_and_full_width_ids_are_the_same_number() -> None:
    assert CitizenId("130503670401001").number == "130503196704010016"
    assert CitizenId("４４０１０３１９６００１０１００１０").number == "440103196001010010"
    assert CitizenId("50010219850606001２").number == "500102198506060012"


def test_the_people_the_register_refused_can_now_register_in_wuhan_and_tianjin(shebao: ShebaoCli) -> None:
    people = [("440103196001010010", "420102"), ("500102198506060012", "120100"), ("130503670401001", "130503")]
    for number, region in people:
        shebao.ok(
            "person", "register", "--id", number, "--name", "某人", "--insured-region", region,
            "--scheme", "resident", "--status", "unemployed",
        )  # fmt: skip
    shown = json.loads(shebao.ok("--reveal", "person", "show", "440103196001010010", "--json"))
    assert shown["insured_region"] == "420100"  # a district's code is answered with its city
    listed = json.loads(shebao.ok("--reveal", "person", "list", "--json"))["items"]
    assert {p["citizen_id"]: p["insured_region"] for p in listed} == {
        "440103196001010010": "420100",
        "500102198506060012": "120100",
        "130503196704010016": "130500",
    }


def test_every_current_region_is_known_with_its_pooling_area_and_todays_name() -> None:
    current = [d for d in gbt2260.divisions().values() if d.current and d.code[:2] in MAINLAND]
    pooling = {d.code for d in gbt2260.pooling_areas()}
    assert len({d.code[:2] for d in current}) == 31
    assert len([d for d in current if d.level is gbt2260.Level.COUNTY]) > 2800
    for division in current:
        region = facade.region(division.code)
        if division.level is gbt2260.Level.PROVINCE:
            assert region.level is RegionLevel.PROVINCE and region.code == division.code
        else:
            assert region.level is RegionLevel.POOLING_AREA and region.code in pooling, division
            assert region.code[:2] == division.code[:2]
        assert region.name
    assert facade.region("420000").name == "湖北省"
    assert facade.region("420106").name == "武汉市"
    assert facade.region("120116").code == "120100"
    assert facade.region("429004").code == "429004"  # 仙桃: a county-level city directly under the province
    with pytest.raises(InputError, match="no longer a GB/T 2260 code"):
        facade.region("110228")  # 密云县, a district since 2015
