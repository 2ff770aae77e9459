"""Chapter: a Guangdong-insured retiree resettled in Shanghai files with Shenzhen, picks
designated institutions near home, is approved, and the filing is queried as settlement will."""

from typing import TYPE_CHECKING

from shebao.i18n import _
from shebao_cli.demo.ids import DEMO_IDS

if TYPE_CHECKING:
    from shebao_cli.demo import Story

FILING_ID = "YD202604010001"  # the first filing of 1 April 2026


def tell(story: "Story") -> None:
    chen = DEMO_IDS["chen_jian"]
    story.say(_("The designated institution directory is loaded from the installed province plugins"))
    story.run("institution", "sync", today="2026-04-01")
    story.say(_("Syncing again changes nothing"))
    story.run("institution", "sync", today="2026-04-01")
    story.say(_("Chen Jian, retired in Shenzhen, now lives in Xuhui, Shanghai: tertiary hospitals there for inpatients"))
    story.run("institution", "search", "--region", "310100", "--level", "tertiary", "--service", "inpatient",
              "--limit", "5", today="2026-04-01")  # fmt: skip
    story.say(_("Searching by pinyin initials: fdd (复旦大学)"))
    story.run("institution", "search", "--name", "fdd", today="2026-04-01")

    story.say(_("Treatment in Guangzhou is inside his insured province: no filing is needed"))
    story.run("filing", "apply", chen, "--category", "other-temporary", "--region", "440100", today="2026-04-01")
    story.say(_("Without the residence certificate or a personal commitment the application is refused"))
    story.run("filing", "apply", chen, "--category", "retiree-resettled", "--region", "310100",
              "--document", "card-and-copy", today="2026-04-01", expect=1)  # fmt: skip
    story.say(_("With a personal commitment (Guangdong accepts one) and the card, choosing three institutions"))
    story.run("filing", "apply", chen, "--category", "retiree-resettled", "--region", "310100",
              "--document", "personal-commitment", "--document", "card-and-copy",
              "--institution", "H310100S0001", "--institution", "H310100S0006", "--institution", "H310100S0009",
              "--address", "上海市徐汇区斜土路", today="2026-04-01")  # fmt: skip
    story.say(_("A fourth institution is more than the insured place allows"))
    story.run("filing", "approve", FILING_ID, "--institution", "H310100S0001", "--institution", "H310100S0006",
              "--institution", "H310100S0009", "--institution", "H310100S0005", today="2026-04-03", expect=1)  # fmt: skip
    story.say(_("Approved with the three chosen"))
    story.run("filing", "approve", FILING_ID, today="2026-04-03")
    story.run("filing", "show", FILING_ID, today="2026-04-03")
    story.run("filing", "list", chen, today="2026-04-03")

    story.say(_("The question settlement asks: is treatment covered on 20 April?"))
    story.run("filing", "covers", chen, "--region", "310100", "--institution", "H310100S0001",
              "--on", "2026-04-20", today="2026-04-20")  # fmt: skip
    story.run("filing", "covers", chen, "--region", "310100", "--institution", "H310100S0002",
              "--on", "2026-04-20", today="2026-04-20")  # fmt: skip
    story.say(_("A change within six months of filing is locked"))
    story.run("filing", "revoke", FILING_ID, today="2026-04-20", expect=1)

    story.say(_("The filing approval form, printed as text"))
    form = story.out / f"filing-{FILING_ID}.txt"
    story.run("filing", "form", FILING_ID, "--format", "text", "-o", str(form), today="2026-04-03")
    story.run("filing", "form", FILING_ID, today="2026-04-03")
