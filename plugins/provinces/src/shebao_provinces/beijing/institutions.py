"""Beijing's designated institutions open for cross-province settlement: a SAMPLE of real
hospitals and a pharmacy, with sample codes (see ``shebao_provinces.directory``)."""

import shebao
from shebao.model.institution import Institution, InstitutionGrade, InstitutionLevel
from shebao_provinces.directory import GENERAL, community_centre, hospital, pharmacy

CITY = "110100"

INSTITUTIONS = [
    hospital(CITY, 1, "北京协和医院", address="东城区帅府园1号"),
    hospital(CITY, 2, "北京大学第一医院", address="西城区西什库大街8号"),
    hospital(CITY, 3, "北京大学人民医院", address="西城区西直门南大街11号"),
    hospital(CITY, 4, "中国人民解放军总医院", address="海淀区复兴路28号"),
    hospital(CITY, 5, "首都医科大学附属北京天坛医院", address="丰台区南四环西路119号"),
    hospital(CITY, 6, "首都医科大学附属北京朝阳医院", address="朝阳区工人体育场南路8号"),
    hospital(CITY, 7, "中国医学科学院肿瘤医院", address="朝阳区潘家园南里17号"),
    hospital(CITY, 8, "北京市垂杨柳医院", InstitutionLevel.SECONDARY, InstitutionGrade.A, GENERAL, "朝阳区垂杨柳南街2号"),
    community_centre(CITY, 9, "北京市朝阳区双井社区卫生服务中心", "朝阳区广渠路"),
    pharmacy(CITY, 1, "北京金象大药房医药连锁有限责任公司", "西城区"),
]


@shebao.hookimpl
def shebao_institutions() -> list[Institution]:
    return list(INSTITUTIONS)
