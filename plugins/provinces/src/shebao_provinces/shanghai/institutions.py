"""Shanghai's designated institutions open for cross-province settlement: a SAMPLE of real
hospitals and pharmacies, with sample codes (see ``shebao_provinces.directory``)."""

import shebao
from shebao.model.institution import Institution, InstitutionGrade, InstitutionLevel
from shebao_provinces.directory import GENERAL, community_centre, hospital, pharmacy

CITY = "310100"

INSTITUTIONS = [
    hospital(CITY, 1, "复旦大学附属中山医院", address="徐汇区枫林路180号"),
    hospital(CITY, 2, "复旦大学附属华山医院", address="静安区乌鲁木齐中路12号"),
    hospital(CITY, 3, "上海交通大学医学院附属瑞金医院", address="黄浦区瑞金二路197号"),
    hospital(CITY, 4, "上海交通大学医学院附属仁济医院", address="浦东新区浦建路160号"),
    hospital(CITY, 5, "上海市第六人民医院", address="徐汇区宜山路600号"),
    hospital(CITY, 6, "复旦大学附属肿瘤医院", address="徐汇区东安路270号"),
    hospital(CITY, 7, "上海市第一人民医院", address="虹口区海宁路100号"),
    hospital(CITY, 8, "上海市徐汇区中心医院", InstitutionLevel.SECONDARY, InstitutionGrade.A, GENERAL, "徐汇区淮海中路966号"),
    community_centre(CITY, 9, "上海市徐汇区斜土街道社区卫生服务中心", "徐汇区"),
    community_centre(CITY, 10, "上海市浦东新区潍坊社区卫生服务中心", "浦东新区", networked=False),
    pharmacy(CITY, 1, "上海第一医药股份有限公司第一医药商店", "黄浦区南京东路616号"),
    pharmacy(CITY, 2, "上海华氏大药房有限公司", "黄浦区"),
]


@shebao.hookimpl
def shebao_institutions() -> list[Institution]:
    return list(INSTITUTIONS)
