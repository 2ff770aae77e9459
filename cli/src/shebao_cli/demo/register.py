"""Chapter: the register over time. A resident whose id carries a code created after her
birth registers in Wuhan with a district's code; her premium comes from the tax bureau; an
employee leaves, the employer's arrears are listed, her insurance stops; a year's rights
record is printed and a notice reprinted as a copy."""

from typing import TYPE_CHECKING

from shebao.i18n import _
from shebao_cli.demo.card import notices
from shebao_cli.demo.ids import DEMO_EMPLOYER, DEMO_IDS

if TYPE_CHECKING:
    from shebao_cli.demo import Story

WUHAN_RESIDENT = "130503670401001"  # 15 digits; 130503 (信都区) was created long after 1967


def tell(story: "Story") -> None:
    li_na, zhang = DEMO_IDS["li_na"], DEMO_IDS["zhang_min"]
    story.say(
        _(
            "A legacy 15-digit id whose address code postdates the birth year is valid; a "
            "district code given as the insured region is answered with its pooling area "
            "(420102 → 420100 武汉市)"
        )
    )
    story.run("person", "register", "--id", WUHAN_RESIDENT, "--name", "刘芳", "--insured-region", "420102",
              "--scheme", "resident", "--status", "unemployed", today="2026-05-25")  # fmt: skip
    story.run("contribution", "resident", WUHAN_RESIDENT, "--year", "2026", "--amount", "380.00",
              "--receipt", "SW4201002026052500001", today="2026-05-25")  # fmt: skip
    story.run("person", "update", WUHAN_RESIDENT, "--phone", "13900139001", "--address", "武汉市江岸区样例路2号",
              today="2026-05-26")  # fmt: skip

    story.say(_("Li Na leaves the employer at the end of May (减员); the employer's unpaid months are listed"))
    story.run("employer", "leave", DEMO_EMPLOYER, li_na, "--on", "2026-05-31", today="2026-06-01")
    story.run("employer", "arrears", DEMO_EMPLOYER, "--as-of", "2026-06-10", today="2026-06-10")
    story.say(_("She moves abroad: her insurance stops (停保); the history keeps every change"))
    story.run("person", "stop", li_na, "--on", "2026-06-01", "--reason", "出国定居", today="2026-06-10")
    story.run("person", "history", li_na, today="2026-06-10")

    story.say(_("Zhang Min's rights record of 2026 (个人权益记录), and her premium notice printed again as a copy"))
    story.run("person", "rights", zhang, "--year", "2026", today="2026-06-10")
    _fee, premium = notices()
    story.run("payment", "notice", "--reprint", premium, "--format", "text", today="2026-06-10")
