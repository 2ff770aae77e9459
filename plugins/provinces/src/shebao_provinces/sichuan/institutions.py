"""Sichuan's designated institutions open for cross-province settlement, in Chengdu (510100):
a SAMPLE of real hospitals and a pharmacy, with sample codes (see ``shebao_provinces.directory``)."""

import shebao
from shebao.model.institution import Institution, InstitutionGrade, InstitutionLevel
from shebao_provinces.directory import GENERAL, community_centre, hospital, pharmacy

CHENGDU = "510100"

INSTITUTIONS = [
    hospital(CHENGDU, 1, "四川大学华西医院", address="武侯区国学巷37号"),
    hospital(CHENGDU, 2, "四川省人民医院", address="青羊区一环路西二段32号"),
    hospital(CHENGDU, 3, "四川省肿瘤医院", address="武侯区人民南路四段55号"),
    hospital(CHENGDU, 4, "成都市第三人民医院", address="青羊区青龙街82号"),
    hospital(CHENGDU, 5, "成都市第五人民医院", InstitutionLevel.TERTIARY, InstitutionGrade.B, GENERAL, "温江区麻市街33号"),
    community_centre(CHENGDU, 6, "成都市武侯区玉林社区卫生服务中心", "武侯区"),
    pharmacy(CHENGDU, 1, "成都泉源堂大药房连锁股份有限公司", "青羊区"),
]


@shebao.hookimpl
def shebao_institutions() -> list[Institution]:
    return list(INSTITUTIONS)
