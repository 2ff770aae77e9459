"""Deterministic synthetic bills, written as JSON Lines in the shape ``shebao settle batch`` reads.

Bills come in order of their service date through 2026. A filed person is mostly treated at
their filed institutions; others mostly in their own province, sometimes elsewhere (a third
of those as emergencies). Visits: 15% inpatient, 75% general outpatient, 10% chronic-special.
"""

import datetime as dt
import json
import random
from collections.abc import Iterator
from pathlib import Path

from shebao_cli.bench.world import World, item_code

FIRST_DAY = dt.date(2026, 1, 6)
DAYS = 359  # through 30 December
SETTLED_ON = dt.date(2026, 12, 31)
DISEASES = ("hypertension", "diabetes", "hypertension", "diabetes", "tumour-radio-chemo", "uraemia-dialysis")


def _yuan_text(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def bills(world: World, count: int, lines: int, catalogue_size: int, seed: int) -> Iterator[dict[str, object]]:
    rng = random.Random(seed + 2)
    persons = world.persons
    own: dict[str, list[str]] = {}
    for known in world.institutions:
        own.setdefault(known.region[:2], []).append(known.code)
    every = [i.code for i in world.institutions]
    for number in range(count):
        person = persons[rng.randrange(len(persons))]
        day = FIRST_DAY + dt.timedelta(days=number * DAYS // max(count, 1))
        emergency = False
        if person.filed_region and rng.random() < 0.8:
            institution = rng.choice(person.filed_institutions)
        elif rng.random() < 0.8 and person.insured_region[:2] in own:
            institution = rng.choice(own[person.insured_region[:2]])
        else:
            institution = rng.choice(every)
            emergency = rng.random() < 0.33
        draw = rng.random()
        bill: dict[str, object] = {
            "bill_number": f"BN{number:010d}",
            "citizen_id": person.citizen_id,
            "institution_code": institution,
            "emergency": emergency,
            "certificate": "electronic" if rng.random() < 0.5 else "card",
        }
        if draw < 0.15:
            bill["visit_type"] = "inpatient"
            bill["admitted_on"] = (day - dt.timedelta(days=rng.randrange(1, 15))).isoformat()
            bill["discharged_on"] = day.isoformat()
        else:
            bill["visit_type"] = "general-outpatient" if draw < 0.9 else "chronic-special"
            bill["treated_on"] = day.isoformat()
            if draw >= 0.9:
                bill["disease"] = rng.choice(DISEASES)
        bill["lines"] = [_line(rng, catalogue_size, draw < 0.15) for _ in range(lines)]
        yield bill


def _line(rng: random.Random, catalogue_size: int, inpatient: bool) -> dict[str, str]:
    in_catalogue = rng.random() < 0.95
    code = item_code(rng.randrange(catalogue_size)) if in_catalogue else f"ZZ{rng.randrange(10_000):06d}"
    price = rng.randrange(10, 300_000 if inpatient else 30_000)
    if rng.random() < 0.1:
        quantity = f"{rng.randrange(1, 40)}.5"
        unit_price = f"{_yuan_text(price)}{rng.randrange(10)}"  # a price below the fen
    else:
        quantity = str(rng.randrange(1, 31))
        unit_price = _yuan_text(price)
    return {"code": code, "name": f"项目{code}", "unit_price": unit_price, "quantity": quantity}


def write_bills(path: Path, world: World, count: int, lines: int, catalogue_size: int, seed: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for bill in bills(world, count, lines, catalogue_size, seed):
            out.write(json.dumps(bill, ensure_ascii=False))
            out.write("\n")
