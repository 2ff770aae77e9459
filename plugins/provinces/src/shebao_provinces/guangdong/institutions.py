"""Guangdong's designated institutions open for cross-province settlement, in the pooling
areas of Guangzhou (440100) and Shenzhen (440300): a SAMPLE of real hospitals and a
pharmacy chain, with sample codes (see ``shebao_provinces.directory``)."""

import shebao
from shebao.model.institution import Institution, InstitutionGrade, InstitutionLevel
from shebao_provinces.directory import GENERAL, community_centre, hospital, pharmacy

GUANGZHOU = "440100"
SHENZHEN = "440300"

INSTITUTIONS = [
    hospital(GUANGZHOU, 1, "中山大学附属第一医院", address="越秀区中山二路58号"),
    hospital(GUANGZHOU, 2, "广东省人民医院", address="越秀区中山二路106号"),
    hospital(GUANGZHOU, 3, "南方医科大学南方医院", address="白云区广州大道北1838号"),
    hospital(GUANGZHOU, 4, "中山大学肿瘤防治中心", address="越秀区东风东路651号"),
    hospital(GUANGZHOU, 5, "广州医科大学附属第一医院", address="越秀区沿江西路151号"),
    hospital(SHENZHEN, 1, "北京大学深圳医院", address="福田区莲花路1120号"),
    hospital(SHENZHEN, 2, "深圳市人民医院", address="罗湖区东门北路1017号"),
    hospital(SHENZHEN, 3, "香港大学深圳医院", address="福田区海园一路1号"),
    hospital(SHENZHEN, 4, "深圳市罗湖区人民医院", InstitutionLevel.SECONDARY, InstitutionGrade.A, GENERAL, "罗湖区友谊路47号"),
    community_centre(SHENZHEN, 5, "深圳市福田区福田街道社区健康服务中心", "福田区"),
    pharmacy(SHENZHEN, 1, "深圳市海王星辰医药有限公司", "南山区"),
]


@shebao.hookimpl
def shebao_institutions() -> list[Institution]:
    return list(INSTITUTIONS)
