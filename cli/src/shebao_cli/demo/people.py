"""Chapter: an employer registers, hires (one on time, one late, one still owed), a flexible
worker and a retiree join, contributions are paid, accounts and the overdue list shown."""

from typing import TYPE_CHECKING

from shebao.i18n import _
from shebao_cli.demo.ids import DEMO_EMPLOYER, DEMO_IDS

if TYPE_CHECKING:
    from shebao_cli.demo import Story


def tell(story: "Story") -> None:
    ids = DEMO_IDS
    story.say(_("The plugins that serve this service centre"))
    story.run("plugins")

    story.say(_("A Shenzhen employer registers"))
    story.run(
        "employer",
        "register",
        "--uscc",
        DEMO_EMPLOYER,
        "--name",
        "深圳市样例科技有限公司",
        "--region",
        "440300",
        today="2026-01-05",
    )

    story.say(_("Two employees are registered as insured persons"))
    for key, name in (("li_na", "李娜"), ("wang_wei", "王伟"), ("zhao_lei", "赵磊")):
        story.run("person", "register", "--id", ids[key], "--name", name, "--insured-region", "440300",
                  "--scheme", "employee", "--status", "employed", "--phone", "13800138000", today="2026-01-05")  # fmt: skip

    story.say(_("Li Na started on 5 January and is registered the same day: on time"))
    story.run("employer", "hire", DEMO_EMPLOYER, ids["li_na"], "--start", "2026-01-05", today="2026-01-05")
    story.say(_("Wang Wei started on 2 January but is registered on 20 February: late, and flagged"))
    story.run("employer", "hire", DEMO_EMPLOYER, ids["wang_wei"], "--start", "2026-01-02", today="2026-02-20")
    story.say(_("Zhao Lei's employment from 1 February is reported, the registration still owed"))
    story.run("employer", "hire", DEMO_EMPLOYER, ids["zhao_lei"], "--start", "2026-02-01", "--report-only", today="2026-02-02")

    story.say(_("A flexible worker registers herself; a retiree is registered"))
    story.run("person", "register", "--id", ids["zhang_min"], "--name", "张敏", "--insured-region", "440300",
              "--scheme", "employee", "--status", "flexible", today="2026-01-10")  # fmt: skip
    story.run("person", "register", "--id", ids["chen_jian"], "--name", "陈建", "--insured-region", "440300",
              "--scheme", "employee", "--status", "retired", "--hukou-region", "440306", today="2026-01-10")  # fmt: skip

    story.say(_("A person registered twice is refused by rule, and nothing is written"))
    story.run("person", "register", "--id", ids["li_na"], "--name", "李娜", "--insured-region", "440300",
              "--scheme", "employee", "--status", "employed", today="2026-01-11", expect=1)  # fmt: skip
    story.say(_("A mistyped identity number is refused as bad input"))
    story.run("person", "register", "--id", "440304198503120024", "--name", "李娜", "--insured-region", "440300",
              "--scheme", "employee", "--status", "employed", today="2026-01-11", expect=2)  # fmt: skip

    story.say(_("Contributions: the employer remits January and February; the flexible worker pays by WeChat Pay"))
    for month in ("2026-01", "2026-02"):
        story.run("contribution", "pay", ids["li_na"], "--month", month, "--base", "9000.00", "--employer", DEMO_EMPLOYER,
                  "--receipt", f"PAY-{month}-LN", today="2026-02-25")  # fmt: skip
    story.run(
        "contribution",
        "pay",
        ids["wang_wei"],
        "--month",
        "2026-02",
        "--base",
        "7500.00",
        "--employer",
        DEMO_EMPLOYER,
        today="2026-02-25",
    )
    story.run("contribution", "pay", ids["zhang_min"], "--month", "2026-02", "--base", "6000.00", "--channel", "wechat-pay",
              "--receipt", "WX20260225001", today="2026-02-25")  # fmt: skip
    story.say(_("The same WeChat payment arriving twice changes nothing"))
    story.run("contribution", "pay", ids["zhang_min"], "--month", "2026-02", "--base", "6000.00", "--channel", "wechat-pay",
              "--receipt", "WX20260225001", today="2026-02-25")  # fmt: skip

    story.say(_("Chen Jian's contribution years, recognised when he retired, count toward the retiree's minimum"))
    story.run("contribution", "prior", ids["chen_jian"], "--years", "32",
              "--note", "样例：退休时核定的缴费年限（含视同缴费年限）", today="2026-01-10")  # fmt: skip

    story.say(_("The retirees' monthly credit for January and February"))
    story.run("account", "credit-retirees", "--month", "2026-01", today="2026-02-25")
    story.run("account", "credit-retirees", "--month", "2026-02", today="2026-02-25")

    story.say(_("Payment record and accounts"))
    story.run("contribution", "list", ids["li_na"], "--from", "2026-01", "--to", "2026-12", today="2026-03-01")
    story.run("account", "show", ids["li_na"], today="2026-03-01")
    story.run("account", "show", ids["chen_jian"], today="2026-03-01")

    story.say(_("Registrations late or still missing on 10 March"))
    story.run("employer", "overdue", "--as-of", "2026-03-10")
    story.run("person", "list")
