"""Chapter: the retiree Chen Jian's social security card, from application to activation;
his fee and a flexible worker's premium reconciled from the banks' statements; a lost
card suspended and replaced. The forms and statements are written to ``story.out``."""

import datetime as dt
from typing import TYPE_CHECKING

from shebao.i18n import _
from shebao_cli.demo.ids import DEMO_IDS

if TYPE_CHECKING:
    from shebao_cli.demo import Story

APPLIED_ON = dt.date(2026, 3, 12)
APPLICATION = "SQ202603120001"  # the first application of the day
BANK_CARD = "6222024000123456788"  # an ICBC debit card number (BIN 622202), Luhn-valid, fictional


def notices() -> tuple[str, str]:
    """The numbers the service centre gives Chen Jian's fee and Zhang Min's March premium."""
    from shebao.model.payment import NoticeKind
    from shebao.rules.notices import notice_number

    return (
        notice_number(NoticeKind.CARD_FEE, "440300", APPLIED_ON, 1),
        notice_number(NoticeKind.CONTRIBUTION, "440300", APPLIED_ON, 1),
    )


def _first_card_number() -> str:
    """The maker numbers cards in order: this is the first card of the demo."""
    from shebao.rules.card import card_number

    return card_number(1)


def _write_statements(story: "Story", fee: str, premium: str) -> tuple[str, str]:
    """What ICBC and WeChat Pay send back: ICBC's GBK CSV, WeChat's merchant bill."""
    icbc = story.out / "statements" / "icbc-2026-03-13.csv"
    icbc.parent.mkdir(parents=True, exist_ok=True)
    icbc.write_bytes(
        "\r\n".join(
            [
                "交易日期,交易时间,缴款通知书编号,缴款人,金额(元),柜员流水号,交易渠道",
                f"20260313,09:41:20,{fee},陈建,20.00,ICBC0313000817,柜面",
                f"20260313,10:05:02,{fee[:-1]}9,陈建,20.00,ICBC0313000818,柜面",  # a mistyped notice number
            ]
        ).encode("gbk")
    )
    wechat = story.out / "statements" / "wechat-2026-03-13.csv"
    wechat.write_bytes(
        "\n".join(
            [
                "交易时间,公众账号ID,商户号,微信订单号,商户订单号,用户标识,交易类型,交易状态,应结订单金额,商品名称",
                f"`2026-03-13 21:12:09,`wx0000000000000001,`1900000001,`4200002026031300000001,`{premium},"
                "`oUpF8uDemo,`NATIVE,`SUCCESS,`600.00,`基本医疗保险费（2026-03）",
                "总交易单数,应结订单总金额,退款总金额,手续费总金额",
                "`1,`600.00,`0.00,`0.00",
            ]
        ).encode("utf-8")
    )
    return str(icbc), str(wechat)


def tell(story: "Story") -> None:
    chen, zhang = DEMO_IDS["chen_jian"], DEMO_IDS["zhang_min"]
    fee, premium = notices()
    forms = story.out / "forms"
    day = APPLIED_ON.isoformat()

    story.say(_("Chen Jian (retired, household register in Shenzhen) applies for his first card with his identity card;"))
    story.say(_("he is registered locally, so the public-security photo is used and no photo receipt is needed;"))
    story.say(_("he will collect the card at ICBC"))
    story.run("card", "apply", chen, "--document", "identity-card", "--address", "深圳市宝安区样例街道8号",
              "--phone", "13900139000", "--ethnicity", "汉族", "--bank", "icbc", today=day)  # fmt: skip
    story.say(_("A second application while this one is open is refused"))
    story.run("card", "apply", chen, "--document", "identity-card", "--address", "深圳市宝安区样例街道8号",
              "--phone", "13900139000", today=day, expect=1)  # fmt: skip

    story.say(_("The registration form and the payment notice, printed as Word, HTML and PDF (the file's extension says which)"))
    for kind, name in (("form", "registration-form"), ("notice", "payment-notice")):
        for extension in ("docx", "html", "pdf"):
            story.run("card", kind, APPLICATION, "-o", str(forms / f"{name}.{extension}"), today=day)
    story.run("card", "form", APPLICATION, today=day)
    story.say(_("A format the file's extension contradicts is refused"))
    story.run("card", "form", APPLICATION, "--format", "html", "-o", str(forms / "form.docx"), today=day, expect=2)

    story.say(_("Zhang Min, a flexible worker, gets a notice for her March premium, to pay by WeChat Pay"))
    story.run("payment", "notice", zhang, "--month", "2026-03", "--base", "6000.00", today=day)

    story.say(_("The banks' statements arrive: ICBC (GBK CSV) and WeChat Pay (merchant bill)"))
    icbc, wechat = _write_statements(story, fee, premium)
    story.say(_("The mistyped notice number is kept as a problem; the import exits 3 to say so"))
    story.run("payment", "import", "--channel", "icbc", icbc, today="2026-03-16", expect=3)
    story.run("payment", "import", "--channel", "wechat-pay", wechat, today="2026-03-16")
    story.say(_("Importing the same ICBC statement again credits nothing twice, and keeps no problem twice"))
    story.run("payment", "import", "--channel", "icbc", icbc, today="2026-03-16", expect=3)
    story.run("payment", "problems", today="2026-03-16")
    story.run("payment", "resolve", "1", "--note", "the payer's second slip; ICBC returned the 20.00", today="2026-03-16")
    story.run("payment", "list", today="2026-03-16")
    story.run("contribution", "list", zhang, "--from", "2026-03", today="2026-03-16")
    story.run("payment", "receipt", fee, "--format", "docx", "-o", str(forms / "financial-receipt.docx"), today="2026-03-16")

    story.say(_("Paid on 13 March: the card is due 20 working days later on China's official calendar (Qingming included)"))
    story.run("card", "show", APPLICATION, today="2026-03-16")
    story.run("card", "produce", APPLICATION, today="2026-03-16")
    story.run("card", "ready", APPLICATION, today="2026-04-08")

    story.say(_("Collection without the registration form is refused; with it and the identity card, the card is issued"))
    story.run("card", "collect", APPLICATION, "--document", "identity-card", today="2026-04-13", expect=1)
    story.run("card", "collect", APPLICATION, "--document", "identity-card", "--registration-form", today="2026-04-13")

    story.say(_("Activating the medical account: without the fingerprint it is refused, naming what is missing"))
    evidence = ["--id-card-original", "--id-card-copy", "--bank-card", BANK_CARD, "--face", "passed"]
    story.run("card", "show", chen, today="2026-04-13")
    card_number = _first_card_number()
    story.run("account", "activate", chen, "--card", card_number, *evidence, today="2026-04-13", expect=1)
    story.run("account", "activate", chen, "--card", card_number, *evidence, "--fingerprint", "passed",
              "--checked-by", "face-recognition=王芳", today="2026-04-13")  # fmt: skip
    story.run("account", "activate-ecert", chen, "--real-name", "passed", "--real-person", "passed", today="2026-04-14")
    story.run("account", "activations", chen, today="2026-04-14")

    story.say(_("In June the card is lost: suspended at once, then replaced by a new application and notice"))
    story.run("card", "report-lost", card_number, today="2026-06-01")
    story.run("card", "replace", chen, today="2026-06-02")
    story.run("card", "list", today="2026-06-02")
