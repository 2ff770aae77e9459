"""One example under every command's help, written as an operator would type it."""

import types
from typing import Any

import click

from shebao.i18n import _

LI_NA = "440304198503120021"
CHEN_JIAN = "440300195505050056"
EMPLOYER = "91440300MA5F000007"

EXAMPLES = {
    "account activate": f"shebao account activate {CHEN_JIAN} --card A00000018 --id-card-original --id-card-copy "
    "--bank-card 6222024000123456788 --face passed --fingerprint passed",
    "account activate-ecert": f"shebao account activate-ecert {CHEN_JIAN} --real-name passed --real-person passed",
    "account activations": f"shebao account activations {CHEN_JIAN}",
    "account credit-retirees": "shebao account credit-retirees --month 2026-01",
    "account enrolment-code": f"shebao account enrolment-code {CHEN_JIAN}",
    "account family add": f"shebao account family add {LI_NA} 440304201001010015 --relation child",
    "account family list": f"shebao account family list {LI_NA}",
    "account family remove": f"shebao account family remove {LI_NA} 440304201001010015",
    "account show": f"shebao account show {LI_NA}",
    "audit list": f"shebao audit list --subject {LI_NA} --from 2026-03-01 --to 2026-03-31",
    "backup": "shebao backup /var/backups/shebao-2026-03-31.db",
    "bench serve": "shebao bench serve --bills 2000 --clients 8",
    "bench settle": "shebao bench settle --bills 10000",
    "card apply": f"shebao card apply {CHEN_JIAN} --document identity-card --address '深圳市宝安区样例街道8号' "
    "--phone 13900139000 --ethnicity 汉族 --bank icbc",
    "card cancel": "shebao card cancel SQ202603120001 --reason withdrawn",
    "card collect": "shebao card collect SQ202603120001 --document identity-card --registration-form",
    "card form": "shebao card form SQ202603120001 -o form.docx",
    "card issue": "shebao card issue SQ202603120001",
    "card list": "shebao card list --state paid --late",
    "card notice": "shebao card notice SQ202603120001 -o notice.pdf",
    "card pay": "shebao card pay SQ202603120001 --channel icbc --receipt ICBC0313000817 --on 2026-03-13",
    "card produce": "shebao card produce SQ202603120001",
    "card ready": "shebao card ready SQ202603120001",
    "card replace": "shebao card replace A00000018",
    "card report-lost": "shebao card report-lost A00000018",
    "card show": "shebao card show SQ202603120001",
    "check": "shebao check",
    "contribution assess": f"shebao contribution assess {EMPLOYER} {LI_NA} --months 2026-01..2026-03 --base 9000.00",
    "contribution list": f"shebao contribution list {LI_NA} --from 2026-01 --to 2026-12",
    "contribution pay": f"shebao contribution pay {LI_NA} --month 2026-01 --base 9000.00 --employer {EMPLOYER} "
    "--receipt PAY-2026-01-LN",
    "contribution prior": f"shebao contribution prior {CHEN_JIAN} --years 32 --note '视同缴费年限'",
    "contribution resident": "shebao contribution resident 130503670401001 --year 2026 --amount 380.00 "
    "--receipt SW4201002026052500001",
    "contribution resident-import": "shebao contribution resident-import bureau-2026-05.csv",
    "db copy": "shebao db copy --from sqlite:shebao.db --to postgresql://shebao@db.example/province",
    "demo": "shebao demo --out demo-output",
    "employer arrears": f"shebao employer arrears {EMPLOYER} --on 2026-06-10",
    "employer hire": f"shebao employer hire {EMPLOYER} {LI_NA} --on 2026-01-05",
    "employer leave": f"shebao employer leave {EMPLOYER} {LI_NA} --on 2026-05-31",
    "employer list": "shebao employer list",
    "employer overdue": "shebao employer overdue --on 2026-03-10",
    "employer payments": f"shebao employer payments {EMPLOYER}",
    "employer register": f"shebao employer register --uscc {EMPLOYER} --name '深圳市样例科技有限公司' --region 440300",
    "employer register-employee": f"shebao employer register-employee {EMPLOYER} {LI_NA}",
    "filing apply": f"shebao filing apply {CHEN_JIAN} --category retiree-resettled --region 310100 --address '上海市徐汇区'",
    "filing approve": "shebao filing approve YD202604010001",
    "filing covers": f"shebao filing covers {CHEN_JIAN} --region 310100 --institution H310100S0001 --on 2026-04-20",
    "filing form": "shebao filing form YD202604010001 -o filing.docx",
    "filing list": f"shebao filing list {CHEN_JIAN}",
    "filing reject": "shebao filing reject YD202604010001 --reason 'no residence proof'",
    "filing revoke": "shebao filing revoke YD202604010001",
    "filing show": "shebao filing show YD202604010001",
    "init": "shebao --db /srv/shebao/shebao.db init",
    "institution search": "shebao institution search --region 310100 --level tertiary --service inpatient",
    "institution show": "shebao institution show H310100S0001",
    "institution sync": "shebao institution sync",
    "payment import": "shebao payment import --channel icbc icbc-2026-03-13.csv",
    "payment list": "shebao payment list --channel icbc --from 2026-03-01",
    "payment notice": "shebao payment notice 440305198801010046 --month 2026-03 --base 6000.00",
    "payment pay": "shebao payment pay SK4403002026031200012 --channel icbc --receipt ICBC0313000817",
    "payment problems": "shebao payment problems --all",
    "payment receipt": "shebao payment receipt SK4403002026031200012 -o receipt.docx",
    "payment resolve": "shebao payment resolve 1 --note 'refunded by the bank'",
    "person died": f"shebao person died {LI_NA} --on 2026-06-01",
    "person entitlement": f"shebao person entitlement {CHEN_JIAN} --on 2026-05-20",
    "person history": f"shebao person history {LI_NA}",
    "person list": "shebao person list --insured-region 440300 --limit 20",
    "person register": f"shebao person register {LI_NA} --name 李娜 --insured-region 440300 --scheme employee --status employed",
    "person resume": f"shebao person resume {LI_NA} --on 2026-09-01",
    "person retire": f"shebao person retire {LI_NA} --on 2026-07-01",
    "person rights": f"shebao person rights {LI_NA} --year 2026 -o rights.docx",
    "person show": f"shebao person show {LI_NA}",
    "person stop": f"shebao person stop {LI_NA} --on 2026-06-01 --reason '出国定居'",
    "person transfer": f"shebao person transfer {LI_NA} --insured-region 440100 --on 2026-08-01",
    "person update": f"shebao person update {LI_NA} --phone 13900139001",
    "plugin check": "shebao plugin check guangdong",
    "plugin new": "shebao plugin new hubei plugins/hubei --family province --province 42",
    "plugins": "shebao plugins --json",
    "reimbursement apply": f"shebao reimbursement apply {CHEN_JIAN} invoice.json",
    "reimbursement approve": "shebao reimbursement approve 1",
    "reimbursement list": f"shebao reimbursement list {CHEN_JIAN} --state applied",
    "reimbursement pay": "shebao reimbursement pay 1 --bank-card 6222024000123456788",
    "reimbursement reject": "shebao reimbursement reject 1 --reason 'invoice unreadable'",
    "reimbursement reverse": "shebao reimbursement reverse 1",
    "reimbursement show": "shebao reimbursement show 1",
    "reimbursement statement": "shebao reimbursement statement 1 -o statement.docx",
    "serve": "shebao serve --host 0.0.0.0 --port 8000",
    "settle batch": "shebao settle batch bills-2026-05.jsonl",
    "settle file": "shebao settle file bill.json --preview",
    "settlement list": f"shebao settlement list {CHEN_JIAN} --from 2026-01-01 --to 2026-12-31",
    "settlement reconcile": "shebao settlement reconcile --institution H310100S0001 --from 2026-05-01 --to 2026-05-31",
    "settlement reverse": "shebao settlement reverse 1",
    "settlement show": "shebao settlement show 1 --format nhsa",
    "settlement statement": "shebao settlement statement 1 -o statement.docx",
    "token create": "shebao token create --role hospital --institution H310100S0001 --label 'HIS of Zhongshan'",
    "token list": "shebao token list",
    "token revoke": "shebao token revoke 3",
}


def _with_example(example: str) -> Any:
    def format_epilog(self: click.Command, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        click.Command.format_epilog(self, ctx, formatter)
        formatter.write_paragraph()
        formatter.write_text(_("Example:"))
        formatter.write(f"{' ' * (formatter.current_indent + 2)}{example}\n")

    return format_epilog


def attach_examples(command: click.Command, path: str) -> None:
    """Give ``command`` (and its subcommands) its example, shown after its help."""
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            attach_examples(sub, f"{path} {name}")
        return
    example = EXAMPLES.get(path)
    if example is not None and "format_epilog" not in command.__dict__:
        command.format_epilog = types.MethodType(_with_example(example), command)  # type: ignore[method-assign]
