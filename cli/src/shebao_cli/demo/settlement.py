"""Chapter: Chen Jian, the Shenzhen retiree resettled in Shanghai (filed in the filing chapter),
is discharged from a filed Shanghai hospital in May 2026. The bill is settled directly under
Shanghai's catalogue and Shenzhen's policy, the statement printed, the settlements queried."""

import json
from typing import TYPE_CHECKING, Any

from shebao.i18n import _
from shebao_cli.demo.ids import DEMO_IDS

if TYPE_CHECKING:
    from shebao_cli.demo import Story

# A designated Shanghai institution the filing chapter chose for Chen Jian (the Shanghai plugin's
# institution list belongs to the filing concern; the lead keeps this code in step with it).
SHANGHAI_INSTITUTION = "H310100S0001"

BILL: dict[str, Any] = {
    "bill_number": "ZY20260520001",
    "citizen_id": DEMO_IDS["chen_jian"],
    "institution_code": SHANGHAI_INSTITUTION,
    "visit_type": "inpatient",
    "admitted_on": "2026-05-11",
    "discharged_on": "2026-05-20",
    "admission_number": "2026051100137",
    "diagnosis": "冠状动脉粥样硬化性心脏病",
    "emergency": False,
    "certificate": "electronic",
    "lines": [
        {"code": "001102000010000", "name": "普通病房床位费", "unit_price": "90.00", "quantity": "9"},
        {"code": "001201000010000", "name": "一级护理", "unit_price": "28.00", "quantity": "9"},
        {"code": "002703010010000", "name": "冠状动脉造影术", "unit_price": "3200.00", "quantity": "1"},
        {"code": "C01010001", "name": "冠状动脉药物洗脱支架", "unit_price": "798.00", "quantity": "1"},
        {"code": "XJ01DDA028B002", "name": "注射用头孢曲松钠", "unit_price": "18.75", "quantity": "14"},
        {"code": "XB05BAA001A001", "name": "氯化钠注射液", "unit_price": "3.35", "quantity": "20.5"},
        {"code": "XC09AAA002A001", "name": "卡托普利片", "unit_price": "0.1245", "quantity": "21"},
        {"code": "ZZ0000000001", "name": "特需病房床位费", "unit_price": "300.00", "quantity": "2"},
    ],
}


def tell(story: "Story") -> None:
    chen = DEMO_IDS["chen_jian"]
    bill_path = story.out / "bill-chen-jian.json"
    bill_path.write_text(json.dumps(BILL, ensure_ascii=False, indent=2), encoding="utf-8")

    story.say(_("Before any fund payment, entitlement (interface 2001): Chen Jian is entitled; Zhao Lei, whose employer"))
    story.say(_("never paid a premium for him, is not"))
    story.run("person", "entitlement", chen, "--on", "2026-05-20", "--certificate", "electronic", today="2026-05-20")
    story.run("person", "entitlement", DEMO_IDS["zhao_lei"], "--on", "2026-05-20", today="2026-05-20")
    story.say(_("The hospital asks for an estimate before discharge: the same figures, nothing written"))
    story.run("settle", str(bill_path), "--preview", today="2026-05-20")
    story.say(_("Chen Jian is discharged on 20 May: the bill is settled under Shanghai's catalogue and Shenzhen's policy"))
    story.run("settle", str(bill_path), today="2026-05-20")
    story.say(_("The same bill sent again is refused: a bill is settled once"))
    story.run("settle", str(bill_path), today="2026-05-20", expect=1)
    story.say(_("The settlement under the national platform's field names"))
    story.run("settlement", "show", "1", "--format", "nhsa", today="2026-05-20")
    story.say(_("The settlement statement, printed for Chen Jian"))
    story.run("settlement", "statement", "1", "--format", "text", "-o", str(story.out / "settlement-statement.txt"))
    story.run("settlement", "statement", "1", "--format", "text", today="2026-05-20")
    story.say(_("His settlements this year, his account, and the hospital's reconciliation for May"))
    story.run("settlement", "list", "--person", chen, "--from", "2026-01-01", "--to", "2026-12-31")
    story.run("account", "show", chen, today="2026-05-20")
    story.run("settlement", "reconcile", "--institution", SHANGHAI_INSTITUTION, "--from", "2026-05-01", "--to", "2026-05-31")
