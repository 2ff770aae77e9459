"""The 31 province-level regions of GB/T 2260 and the default policy every province starts from.

The policy values are *sample values* in the range public provincial pages give, not any
one province's law: employer rate 8% and individual rate 2% of the base; since the 2021
reform the employee's own 2% goes to the individual account; flexible workers pay 10% with
2% to the account; retirees get a fixed monthly credit (sample: 80 yuan). First social
security card: 20 yuan in the seed city (elsewhere usually free); collected by ICBC,
ABC and CCB counters and online; produced within 20 working days of payment.

Off-site filing (the 2022 national notice on cross-province direct settlement, as provincial
pages report it, e.g. http://gansulong.com/c/030HP64532024.html and
http://www.xyqlz2009.cn/c3/3829): long-term residents (resettled retirees, permanent
residents, long-term workers) and temporary patients (referral, emergency, other); long-term
filings stay valid until changed, temporary ones at least 6 months. The sample defaults: a
personal commitment may replace the residence certificate, 3 designated institutions, a
6-month lock on changing a long-term filing, a one-year temporary cycle, no filing between
cities of one province.
"""

from decimal import Decimal

import shebao
from shebao.model.person import Scheme
from shebao.money import Fen
from shebao.policy import CardPolicy, ContributionPolicy, FilingPolicy, Policy
from shebao.regions import Region

PROVINCES = {
    "11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区",
    "21": "辽宁省", "22": "吉林省", "23": "黑龙江省",
    "31": "上海市", "32": "江苏省", "33": "浙江省", "34": "安徽省", "35": "福建省", "36": "江西省", "37": "山东省",
    "41": "河南省", "42": "湖北省", "43": "湖南省", "44": "广东省", "45": "广西壮族自治区", "46": "海南省",
    "50": "重庆市", "51": "四川省", "52": "贵州省", "53": "云南省", "54": "西藏自治区",
    "61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区", "65": "新疆维吾尔自治区",
}  # fmt: skip

# Prefecture-level pooling areas known to the bundled plugins (GB/T 2260).
POOLING_AREAS = {
    "110100": "北京市市辖区", "310100": "上海市市辖区",
    "440100": "广州市", "440300": "深圳市", "440600": "佛山市",
    "510100": "成都市", "320100": "南京市", "330100": "杭州市",
}  # fmt: skip

DEFAULT_CONTRIBUTION = ContributionPolicy(
    employer_rate=Decimal("0.08"),
    individual_rate=Decimal("0.02"),
    account_share=Decimal("0.02"),
    flexible_rate=Decimal("0.10"),
    flexible_account_share=Decimal("0.02"),
    retiree_monthly_credit=Fen(8000),
)

DEFAULT_CARD = CardPolicy(
    first_card_fee=Fen(2000),
    collecting_banks=("icbc", "abc", "ccb", "wechat-pay", "alipay"),
    production_working_days=20,
    payee_name="社会保险基金财政专户(样例)",
    payee_account="0000000000000000000",
)


DEFAULT_FILING = FilingPolicy(
    commitment_replaces_residence_certificate=True,
    max_designated_institutions=3,
    long_term_change_lock_months=6,
    temporary_validity_months=12,
    intra_province_filing_required=False,
)


def default_policy(region: Region, scheme: Scheme, year: int) -> Policy:
    return Policy(
        region=region.code,
        scheme=scheme,
        year=year,
        contribution=DEFAULT_CONTRIBUTION,
        card=DEFAULT_CARD,
        filing=DEFAULT_FILING,
        source="sample values (shebao_provinces.national)",
    )


@shebao.hookimpl
def shebao_regions() -> list[Region]:
    provinces = [Region(code, name) for code, name in PROVINCES.items()]
    return provinces + [Region(code, name) for code, name in POOLING_AREAS.items()]


@shebao.hookimpl(trylast=True)
def shebao_policy(region: Region, scheme: Scheme, year: int) -> Policy | None:
    if region.code[:2] not in PROVINCES:
        return None
    return default_policy(region, scheme, year)
