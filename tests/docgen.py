"""Synthetic 部门/单位预算公开 disclosures in the PDF-extracted text format, with exact ground truth.

    from docgen import generate          # tests/ is on sys.path under pytest
    doc = generate(7)                    # same seed → byte-identical document and truth
    doc.text, doc.unit, doc.year, doc.rows, doc.perf, doc.facts, doc.planted

    python tests/docgen.py --seed 7 --out evals/docs/gen_seed7.txt [--truth PATH] [--plant parent_sum ...]

The layout follows /work/shared/FORMAT.md and the bundled data/datong_gxj_2024.txt line for line: a blank line
after every printed line, a page that opens with one space prefixed to its first line, empty cells as extra
spaces (with the real file's occasional extra space), wrapped names, glued 表一 cells, U+3000 indents,
注：本表无数据, 绩效目标表 in 元 and the narrative parts.

Ground truth (`GeneratedDoc.rows`): one dict per printed non-blank table cell, in document order, with keys
    table   "表三"                      code   "2080505" or "" (合计, 表一/表四, 表六, 表十–表十三)
    name    as printed, wrapped lines joined, without the U+3000 indent (表一/表四 keep 「八、」)
    extra   表六's 政府预算支出经济科目名称, else ""
    column  canonical column name, see TABLE_COLUMNS      value  Decimal as printed ("9.00")
    unit    "万元"                      side   "收入"/"支出" in 表一 and 表四, else ""
Money is exact: amounts are held as integer hundredths of 万元 and only printed at the end.

Spacing rule (the real file's): cells are joined by one space, so each blank cell adds one space, and a row
that ends in a blank cell carries one more trailing space; the real file's noise is reproduced on purpose
only where arithmetic can still place the cells (表三 类/款 rows 「9.00   9.00」, surplus trailing spaces on
表二's 合计 row and 表四's 本年收入合计/收入总计 rows).

`perf`: one dict per 绩效目标表 (name, department, implementer, attribute, period, funds as
[period, source, Decimal 元] for the printed figures — the always-blank 其他资金 is omitted —, texts, goals,
indicators as {period, level1, level2, name, value}). `facts`: what 情况说明 states (totals, change vs last
year, shares, 三公, 机关运行经费, 政府采购, 绩效 project counts, vehicles, office area, equipment).
`planted`: one dict per planted error with kind, where (table/code/name, section or project), the rule it
breaks, and the printed vs expected figures. `features`: what the seed exercises (for picking seeds).

Evaluation copy: evals/docs/gen_seed59.txt (+ .truth.json), regenerated with
    python tests/docgen.py --seed 59 --out evals/docs/gen_seed59.txt --truth evals/docs/gen_seed59.truth.json
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

PLANTABLE = ("parent_sum", "total_mismatch", "narrative_total", "perf_funds", "three_public")

# Canonical column names of each table's value columns (what a parser should map the headers to).
TABLE_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "表一": {"收入": ("金额",), "支出": ("合计", "当年预算安排", "上年结转安排")},
    "表二": {
        "": ("合计", "一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金", "单位资金", "上年结转")
    },
    "表三": {"": ("合计", "基本支出", "项目支出")},
    "表四": {"收入": ("金额",), "支出": ("小计", "一般公共预算", "政府性基金预算", "国有资本经营预算")},
    "表五": {"": ("合计", "基本支出", "项目支出")},
    "表六": {"": ("合计", "人员经费", "公用经费")},
    "表七": {"": ("政府性基金收入预算",)},
    "表八": {"": ("合计", "基本支出", "项目支出")},
    "表九": {"": ("合计", "基本支出", "项目支出")},
    "表十": {"": ("合计", "一般公共预算", "政府性基金预算", "国有资本经营预算")},
    "表十一": {"": ("合计", "一般公共预算", "政府性基金预算", "国有资本经营预算")},
    "表十二": {"": ("合计", "一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金", "单位资金")},
    "表十三": {"": ("合计", "一般公共预算", "政府性基金预算", "国有资本经营预算")},
}

CN_NUM = [
    "",
    "一",
    "二",
    "三",
    "四",
    "五",
    "六",
    "七",
    "八",
    "九",
    "十",
    "十一",
    "十二",
    "十三",
    "十四",
    "十五",
    "十六",
    "十七",
    "十八",
    "十九",
    "二十",
    "二十一",
    "二十二",
    "二十三",
    "二十四",
    "二十五",
    "二十六",
    "二十七",
    "二十八",
    "二十九",
    "三十",
]
TABLE_LABEL = {n: f"表{CN_NUM[n]}" for n in range(1, 14)}

# ---------------------------------------------------------------------------------------------------------
# 政府收支分类科目 (real codes and names)
# ---------------------------------------------------------------------------------------------------------
# The 30 类 of 表一/表四, in order, with their 类 codes.
CLASSES_30 = [
    ("201", "一般公共服务支出"),
    ("202", "外交支出"),
    ("203", "国防支出"),
    ("204", "公共安全支出"),
    ("205", "教育支出"),
    ("206", "科学技术支出"),
    ("207", "文化旅游体育与传媒支出"),
    ("208", "社会保障和就业支出"),
    ("209", "社会保险基金支出"),
    ("210", "卫生健康支出"),
    ("211", "节能环保支出"),
    ("212", "城乡社区支出"),
    ("213", "农林水支出"),
    ("214", "交通运输支出"),
    ("215", "资源勘探工业信息等支出"),
    ("216", "商业服务业等支出"),
    ("217", "金融支出"),
    ("219", "援助其他地区支出"),
    ("220", "自然资源海洋气象等支出"),
    ("221", "住房保障支出"),
    ("222", "粮油物资储备支出"),
    ("223", "国有资本经营预算支出"),
    ("224", "灾害防治及应急管理支出"),
    ("227", "预备费"),
    ("229", "其他支出"),
    ("230", "转移性支出"),
    ("231", "债务还本支出"),
    ("232", "债务付息支出"),
    ("233", "债务发行费用支出"),
    ("234", "抗疫特别国债安排的支出"),
]
CLASS_NAME = dict(CLASSES_30)
KUAN_NAME = {
    "20105": "统计信息事务",
    "20138": "市场监督管理事务",
    "20501": "教育管理事务",
    "20502": "普通教育",
    "20508": "进修及培训",
    "20701": "文化和旅游",
    "20702": "文物",
    "20801": "人力资源和社会保障管理事务",
    "20802": "民政管理事务",
    "20805": "行政事业单位养老支出",
    "20807": "就业补助",
    "20808": "抚恤",
    "20810": "社会福利",
    "20811": "残疾人事业",
    "20820": "临时救助",
    "21001": "卫生健康管理事务",
    "21004": "公共卫生",
    "21007": "计划生育事务",
    "21011": "行政事业单位医疗",
    "21101": "环境保护管理事务",
    "21102": "环境监测与监察",
    "21103": "污染防治",
    "21208": "国有土地使用权出让收入安排的支出",
    "21301": "农业农村",
    "21303": "水利",
    "21305": "巩固脱贫攻坚成果衔接乡村振兴",
    "21307": "农村综合改革",
    "21369": "国家重大水利工程建设基金安排的支出",
    "21401": "公路水路运输",
    "21402": "铁路运输",
    "21460": "车辆通行费安排的支出",
    "21505": "工业和信息产业监管",
    "21508": "支持中小企业发展和管理支出",
    "22001": "自然资源事务",
    "22102": "住房改革支出",
    "22960": "彩票公益金安排的支出",
}
COMMON_ITEMS = {
    "2080501": "行政单位离退休",
    "2080505": "机关事业单位基本养老保险缴费支出",
    "2080506": "机关事业单位职业年金缴费支出",
    "2080801": "死亡抚恤",
    "2081199": "其他残疾人事业支出",
    "2100799": "其他计划生育事务支出",
    "2101101": "行政单位医疗",
    "2101103": "公务员医疗补助",
    "2210201": "住房公积金",
    "2210202": "提租补贴",
}


@dataclass(frozen=True)
class Profile:
    dept: str  # 生态环境局
    domain: str  # 生态环境
    admin: tuple[str, str]  # 行政运行 code of the unit's own 款
    general: str  # its 一般行政管理事务 code
    projects: dict[str, tuple[str, tuple[str, ...]]]  # code → (项 name, project names)
    fund: dict[str, tuple[str, tuple[str, ...]]]  # 政府性基金 codes (may be empty)
    duties: tuple[str, ...]
    signs: tuple[str, ...] = ()  # 加挂…牌子


def _p(code: str, name: str, *projects: str) -> tuple[str, tuple[str, tuple[str, ...]]]:
    return code, (name, projects)


GENERAL = ("J基础性项目", "QT业务工作经费", "J信息化系统运行维护经费", "Z法律顾问服务经费", "J档案数字化管理经费")

PROFILES: tuple[Profile, ...] = (
    Profile(
        "生态环境局",
        "生态环境",
        ("2110101", "行政运行"),
        "2110102",
        dict(
            [
                _p("2110102", "一般行政管理事务", *GENERAL[:3], "Z生态环境法律顾问服务经费"),
                _p("2110104", "生态环境保护宣传", "Z六五环境日主题宣传活动经费", "Z生态环境保护宣传教育专项经费"),
                _p(
                    "2110299",
                    "其他环境监测与监察支出",
                    "Z环境质量自动监测站运行维护经费",
                    "Z重点排污单位执法监测专项经费",
                ),
                _p(
                    "2110301",
                    "大气",
                    "Z大气污染防治专项经费",
                    "T中央大气污染防治资金",
                    "Z全市秋冬季大气污染综合治理攻坚行动专项经费",
                    "Z重污染天气应急管控工作经费",
                ),
                _p("2110302", "水体", "Z地表水断面水质监测经费", "T省级水污染防治专项资金"),
                _p("2110304", "固体废弃物与化学品", "Z危险废物规范化环境管理评估经费"),
            ]
        ),
        {},
        (
            "负责全{lv}生态环境监测工作，组织对环境质量状况进行调查评价、预测预警。",
            "负责重要生态环境问题的统筹协调和监督管理，牵头协调重特大环境污染事故和生态破坏事件的调查处理。",
        ),
    ),
    Profile(
        "教育局",
        "教育",
        ("2050101", "行政运行"),
        "2050102",
        dict(
            [
                _p("2050102", "一般行政管理事务", *GENERAL[:3], "Z教育督导评估工作经费", "J教育系统安全稳定工作经费"),
                _p("2050201", "学前教育", "T学前教育发展资金", "Z普惠性民办幼儿园补助资金"),
                _p("2050202", "小学教育", "Z义务教育阶段学生作业本费", "T城乡义务教育公用经费保障机制资金"),
                _p("2050203", "初中教育", "Z初中学业水平考试组织经费"),
                _p("2050204", "高中教育", "Z普通高中学业水平考试及高考组织经费", "T普通高中国家助学金"),
                _p(
                    "2050803",
                    "培训支出",
                    "Z中小学教师全员培训经费",
                    "Z全市中小学幼儿园校(园)长及骨干教师能力提升培训专项经费",
                ),
            ]
        ),
        dict([_p("2296004", "用于教育事业的彩票公益金支出", "Z彩票公益金资助困难学生项目")]),
        (
            "统筹管理全{lv}各级各类教育，负责义务教育均衡发展和促进教育公平。",
            "负责全{lv}教师队伍建设，指导教师培训和教育系统人才工作。",
        ),
        ("{place}人民政府教育督导室",),
    ),
    Profile(
        "农业农村局",
        "农业农村",
        ("2130101", "行政运行"),
        "2130102",
        dict(
            [
                _p("2130102", "一般行政管理事务", *GENERAL[:3], "Z农业综合行政执法工作经费"),
                _p(
                    "2130106",
                    "科技转化与推广服务",
                    "Z农业科技推广与技术培训经费",
                    "T基层农技推广体系改革与建设补助项目",
                ),
                _p("2130108", "病虫害控制", "Z重大动物疫病强制免疫疫苗采购经费", "Z农作物重大病虫害统防统治经费"),
                _p("2130109", "农产品质量安全", "Z农产品质量安全例行监测经费"),
                _p("2130122", "农业生产发展", "T农业生产发展资金", "Z高标准农田建设项目前期工作经费"),
                _p(
                    "2130599",
                    "其他巩固脱贫攻坚成果衔接乡村振兴支出",
                    "Z驻村帮扶工作人员经费",
                    "Z巩固拓展脱贫攻坚成果同乡村振兴有效衔接专项经费",
                ),
                _p("2130705", "对村民委员会和村党支部的补助", "T村级组织运转经费补助"),
            ]
        ),
        dict([_p("2120804", "农村基础设施建设支出", "Z土地出让收入用于农业农村基础设施建设项目")]),
        (
            "统筹研究和组织实施全{lv}“三农”工作的发展战略、中长期规划和重大政策。",
            "负责种植业、畜牧业、渔业、农垦、农业机械化等农业各产业的监督管理。",
        ),
        ("{place}乡村振兴局",),
    ),
    Profile(
        "交通运输局",
        "交通运输",
        ("2140101", "行政运行"),
        "2140102",
        dict(
            [
                _p("2140102", "一般行政管理事务", *GENERAL[:3], "Z交通运输综合行政执法经费"),
                _p("2140104", "公路建设", "Z国省干线公路建设项目前期工作经费", "T农村公路建设省级补助资金"),
                _p("2140106", "公路养护", "Z农村公路日常养护经费", "Z国省干线公路路况检测评定及养护巡查专项经费"),
                _p("2140112", "公路运输管理", "Z道路运输安全生产监管经费"),
                _p("2140206", "铁路安全", "T铁路道口安全管理专项资金"),
            ]
        ),
        dict([_p("2146001", "公路还贷", "Z收费公路还贷资金")]),
        (
            "负责全{lv}公路、水路行业的规划、建设、管理和养护工作。",
            "负责道路运输市场监管，指导城乡客运及有关设施规划和管理工作。",
        ),
    ),
    Profile(
        "卫生健康委员会",
        "卫生健康",
        ("2100101", "行政运行"),
        "2100102",
        dict(
            [
                _p("2100102", "一般行政管理事务", *GENERAL[:3], "Z卫生健康综合监督执法经费"),
                _p("2100401", "疾病预防控制机构", "Z疾病预防控制能力建设经费"),
                _p("2100408", "基本公共卫生服务", "T基本公共卫生服务补助资金", "Z家庭医生签约服务工作经费"),
                _p("2100409", "重大公共卫生服务", "T重大传染病防控经费", "Z严重精神障碍患者管理治疗工作经费"),
                _p("2100410", "突发公共卫生事件应急处理", "Z突发公共卫生事件应急物资储备经费"),
                _p("2100717", "计划生育服务", "T计划生育家庭奖励扶助资金"),
            ]
        ),
        {},
        (
            "组织拟订全{lv}国民健康政策，统筹规划卫生健康资源配置。",
            "负责疾病预防控制工作，组织实施免疫规划，负责卫生应急工作。",
        ),
        ("{place}中医药管理局",),
    ),
    Profile(
        "文化和旅游局",
        "文化和旅游",
        ("2070101", "行政运行"),
        "2070102",
        dict(
            [
                _p("2070102", "一般行政管理事务", *GENERAL[:3]),
                _p("2070108", "文化活动", "Z全市春节元宵节群众文化活动经费", "Z文化惠民演出经费"),
                _p("2070111", "文化创作与保护", "Z非物质文化遗产保护传承专项经费"),
                _p("2070112", "文化和旅游市场管理", "Z文化市场综合执法经费"),
                _p("2070113", "旅游宣传", "Z文化旅游品牌宣传推广经费", "Z旅游发展大会及节庆活动组织筹备专项经费"),
                _p("2070204", "文物保护", "T文物保护专项资金", "Z不可移动文物安全巡查经费"),
            ]
        ),
        {},
        (
            "统筹规划全{lv}文化事业、文化产业和旅游业发展，拟订发展规划并组织实施。",
            "负责全{lv}文物保护和非物质文化遗产保护传承工作。",
        ),
        ("{place}文物局",),
    ),
    Profile(
        "民政局",
        "民政",
        ("2080201", "行政运行"),
        "2080202",
        dict(
            [
                _p("2080202", "一般行政管理事务", *GENERAL[:3], "Z社会组织登记管理工作经费"),
                _p("2080208", "基层政权建设和社区治理", "Z城乡社区治理示范创建经费", "Z村(居)民委员会换届选举工作经费"),
                _p("2081001", "儿童福利", "T孤儿基本生活保障资金"),
                _p("2081002", "老年福利", "Z高龄老人津贴", "T经济困难失能老年人集中照护资金"),
                _p("2082001", "临时救助支出", "T困难群众临时救助资金"),
            ]
        ),
        dict([_p("2296002", "用于社会福利的彩票公益金支出", "Z福利彩票公益金资助养老服务项目")]),
        ("负责全{lv}社会救助、社会福利和养老服务体系建设工作。", "负责全{lv}社会组织登记管理和执法监督工作。"),
    ),
    Profile(
        "市场监督管理局",
        "市场监督管理",
        ("2013801", "行政运行"),
        "2013802",
        dict(
            [
                _p("2013802", "一般行政管理事务", *GENERAL[:3], "Z投诉举报热线运行经费"),
                _p("2013804", "市场主体管理", "Z市场主体年报公示及信用监管经费"),
                _p("2013805", "市场秩序执法", "Z反不正当竞争及价格监督检查经费"),
                _p("2013812", "药品事务", "Z药品医疗器械化妆品抽检监测经费"),
                _p("2013816", "食品安全监管", "Z食品安全抽检监测经费", "T食品安全监管能力提升省级补助资金"),
            ]
        ),
        {},
        (
            "负责全{lv}市场综合监督管理，组织实施质量强{lv}战略。",
            "负责全{lv}食品安全监督管理综合协调，组织开展食品安全监督抽检。",
        ),
        ("{place}知识产权局",),
    ),
    Profile(
        "水务局",
        "水务",
        ("2130301", "行政运行"),
        "2130302",
        dict(
            [
                _p("2130302", "一般行政管理事务", *GENERAL[:3]),
                _p("2130305", "水利工程建设", "Z中小河流治理工程前期工作经费"),
                _p(
                    "2130306",
                    "水利工程运行与维护",
                    "Z水库工程运行管理维护经费",
                    "Z城区防洪工程及排涝泵站日常运行维护专项经费",
                ),
                _p("2130310", "水土保持", "T水土保持补助资金"),
                _p("2130314", "防汛", "Z防汛抗旱物资储备经费", "T山洪灾害防治非工程措施运行维护资金"),
            ]
        ),
        dict([_p("2136902", "地方重大水利工程建设", "Z重大水利工程建设基金项目")]),
        (
            "负责保障全{lv}水资源的合理开发利用，拟订水利发展规划和政策。",
            "负责全{lv}水旱灾害防御工作，组织编制洪水干旱防治规划和防护标准。",
        ),
    ),
    Profile(
        "自然资源局",
        "自然资源",
        ("2200101", "行政运行"),
        "2200102",
        dict(
            [
                _p("2200102", "一般行政管理事务", *GENERAL[:3]),
                _p("2200104", "自然资源规划及管理", "Z国土空间总体规划编制经费", "Z村庄规划编制技术服务费"),
                _p("2200106", "自然资源利用与保护", "Z耕地保护动态巡查经费", "T耕地保护激励资金"),
                _p(
                    "2200109",
                    "自然资源调查与确权登记",
                    "Z年度国土变更调查经费",
                    "Z不动产登记数据整合与历史档案数字化专项经费",
                ),
            ]
        ),
        dict(
            [
                _p("2120801", "征地和拆迁补偿支出", "Z土地收储补偿项目"),
                _p("2120802", "土地开发支出", "Z土地开发整理项目"),
            ]
        ),
        (
            "履行全民所有土地、矿产等自然资源资产所有者职责，负责自然资源调查监测评价。",
            "负责建立全{lv}国土空间规划体系并监督实施。",
        ),
        ("{place}林业局",),
    ),
    Profile(
        "工业和信息化局",
        "工业和信息化",
        ("2150501", "行政运行"),
        "2150502",
        dict(
            [
                _p(
                    "2150502",
                    "一般行政管理事务",
                    "J基础性项目",
                    "J基础性项目经济运行工作经费",
                    "QT业务工作经费",
                    "Z民营经济发展促进工作经费",
                    "Z全市工程系列(含非公民营企业)中、初级职称评审专项经费",
                ),
                _p("2150510", "工业和信息产业支持", "Z工业企业技术改造项目评审经费", "Z大数据产业发展推进工作经费"),
                _p("2150805", "中小企业发展专项", "T中小企业公共服务体系建设资金"),
                _p("2140206", "铁路安全", "T铁路道口安全管理专项资金"),
            ]
        ),
        {},
        (
            "提出全{lv}工业高质量发展战略和政策，拟订并组织实施工业和信息化发展规划。",
            "监测分析工业经济运行态势，进行预测预警，协调解决工业经济运行中的重大问题。",
        ),
        ("{place}大数据应用局", "{place}民营经济发展促进局"),
    ),
    Profile(
        "人力资源和社会保障局",
        "人力资源和社会保障",
        ("2080101", "行政运行"),
        "2080102",
        dict(
            [
                _p("2080102", "一般行政管理事务", *GENERAL[:3], "Z劳动保障监察执法经费"),
                _p("2080109", "社会保险经办机构", "Z社会保险经办服务经费"),
                _p(
                    "2080111",
                    "公共就业服务和职业技能鉴定机构",
                    "Z职业技能等级认定工作经费",
                    "Z全市高校毕业生就业服务及招聘活动组织专项经费",
                ),
                _p("2080705", "公益性岗位补贴", "T公益性岗位补贴资金"),
            ]
        ),
        {},
        (
            "拟订全{lv}人力资源和社会保障事业发展规划、政策并组织实施。",
            "负责促进就业工作，统筹城乡就业创业和职业技能培训。",
        ),
    ),
    Profile(
        "统计局",
        "统计",
        ("2010501", "行政运行"),
        "2010502",
        dict(
            [
                _p("2010502", "一般行政管理事务", *GENERAL[:3]),
                _p("2010507", "专项普查活动", "Z全国经济普查工作经费", "Z全国农业普查数据处理经费"),
                _p("2010508", "统计抽样调查", "Z住户收支与生活状况调查经费", "Z规模以下工业企业抽样调查经费"),
            ]
        ),
        {},
        (
            "组织实施全{lv}统计调查，收集、汇总、整理和提供有关调查的统计数据。",
            "依法监督检查统计法律法规的实施，查处统计违法行为。",
        ),
    ),
)

# 省 → (简称, places). A place ending in 县 is county level; 市 both city and county-level city.
PLACES = {
    "山西省": (
        "晋",
        (
            "太原市",
            "晋中市",
            "运城市",
            "长治市",
            "临汾市",
            "忻州市",
            "吕梁市",
            "阳泉市",
            "晋城市",
            "朔州市",
            "平遥县",
            "清徐县",
            "襄垣县",
            "介休市",
        ),
    ),
    "河南省": ("豫", ("洛阳市", "开封市", "新乡市", "许昌市", "林州市", "兰考县")),
    "河北省": ("冀", ("保定市", "邢台市", "邯郸市", "正定县")),
    "陕西省": ("陕", ("宝鸡市", "渭南市", "榆林市", "富平县")),
    "湖北省": ("鄂", ("宜昌市", "襄阳市", "荆州市", "枝江市")),
    "甘肃省": ("甘", ("天水市", "张掖市", "平凉市")),
}

# 表六 economic items in code order: (group, 部门预算支出经济科目名称, 政府预算支出经济科目名称)
ECON_ITEMS = (
    ("工资福利支出", "基本工资", "工资奖金津补贴"),
    ("工资福利支出", "津贴补贴", "工资奖金津补贴"),
    ("工资福利支出", "奖金", "工资奖金津补贴"),
    ("工资福利支出", "绩效工资", "工资奖金津补贴"),
    ("工资福利支出", "机关事业单位基本养老保险缴费", "社会保障缴费"),
    ("工资福利支出", "职业年金缴费", "社会保障缴费"),
    ("工资福利支出", "职工基本医疗保险缴费", "社会保障缴费"),
    ("工资福利支出", "公务员医疗补助缴费", "社会保障缴费"),
    ("工资福利支出", "其他社会保障缴费", "社会保障缴费"),
    ("工资福利支出", "住房公积金", "住房公积金"),
    ("工资福利支出", "其他工资福利支出", "其他工资福利支出"),
    ("商品和服务支出", "办公费", "办公经费"),
    ("商品和服务支出", "印刷费", "办公经费"),
    ("商品和服务支出", "咨询费", "委托业务费"),
    ("商品和服务支出", "手续费", "办公经费"),
    ("商品和服务支出", "水费", "办公经费"),
    ("商品和服务支出", "电费", "办公经费"),
    ("商品和服务支出", "邮电费", "办公经费"),
    ("商品和服务支出", "取暖费", "办公经费"),
    ("商品和服务支出", "物业管理费", "办公经费"),
    ("商品和服务支出", "差旅费", "办公经费"),
    ("商品和服务支出", "因公出国（境）费用", "因公出国（境）费用"),
    ("商品和服务支出", "维修（护）费", "维修（护）费"),
    ("商品和服务支出", "会议费", "会议费"),
    ("商品和服务支出", "培训费", "培训费"),
    ("商品和服务支出", "公务接待费", "公务接待费"),
    ("商品和服务支出", "劳务费", "委托业务费"),
    ("商品和服务支出", "委托业务费", "委托业务费"),
    ("商品和服务支出", "工会经费", "办公经费"),
    ("商品和服务支出", "福利费", "办公经费"),
    ("商品和服务支出", "公务用车运行维护费", "公务用车运行维护费"),
    ("商品和服务支出", "其他交通费用", "办公经费"),
    ("商品和服务支出", "其他商品和服务支出", "其他商品和服务支出"),
    ("对个人和家庭的补助", "离休费", "离退休费"),
    ("对个人和家庭的补助", "退休费", "离退休费"),
    ("对个人和家庭的补助", "生活补助", "社会福利和救助"),
    ("对个人和家庭的补助", "医疗费补助", "社会福利和救助"),
    ("对个人和家庭的补助", "奖励金", "社会福利和救助"),
    ("对个人和家庭的补助", "其他对个人和家庭的补助", "其他对个人和家庭补助"),
)
ECON_GROUPS = ("工资福利支出", "商品和服务支出", "对个人和家庭的补助")
PERSONNEL_GROUPS = ("工资福利支出", "对个人和家庭的补助")


# ---------------------------------------------------------------------------------------------------------
# Money (integer hundredths of 万元) and text helpers
# ---------------------------------------------------------------------------------------------------------
def fmt(c: int) -> str:
    """1222 75 → '1222.75' (tables: no thousands separator)."""
    if c < 0:
        return "-" + fmt(-c)
    return f"{c // 100}.{c % 100:02d}"


def dec(c: int) -> Decimal:
    return Decimal(fmt(c))


def fmt_text(c: int, comma: bool) -> str:
    """Narrative amount in 万元: '1,222.75', '1222.75' or '0'."""
    if c == 0:
        return "0"
    return f"{c // 100:,}.{c % 100:02d}" if comma else fmt(c)


def fmt_yuan(y: int) -> str:
    return f"{y:,}"


def pct(part: int, whole: int) -> Decimal:
    if whole == 0 or part == 0:
        return Decimal("0")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def fmt_pct(p: Decimal) -> str:
    return "0%" if p == 0 else f"{p}%"


def _width(s: str) -> float:
    return sum(0.5 if ord(ch) < 128 else 1.0 for ch in s)


_NO_LINE_START = set("，。、；：）》”％%!！?？")
_TOKEN_RE = re.compile(r"[0-9A-Za-z.,%\-+/~]+|.", re.S)


def wrap_text(text: str, width: float) -> list[str]:
    """Typeset a paragraph like the PDF: Latin/digit runs never break; no line starts with punctuation."""
    lines: list[str] = []
    cur, w = "", 0.0
    for tok in _TOKEN_RE.findall(text):
        tw = _width(tok)
        if cur and w + tw > width and tok[0] not in _NO_LINE_START:
            lines.append(cur)
            cur, w = "", 0.0
        cur += tok
        w += tw
    if cur:
        lines.append(cur)
    for i in range(len(lines) - 1):  # nor ends with an opening bracket
        while lines[i] and lines[i][-1] in "（《“(":
            lines[i], lines[i + 1] = lines[i][:-1], lines[i][-1] + lines[i + 1]
    return [ln for ln in lines if ln]


def chunk_name(name: str, width: float) -> list[str]:
    """A table cell that wraps mid-word at a fixed width (「十五、资源勘探工业信息等」/「支出」)."""
    out: list[str] = []
    cur, w = "", 0.0
    for ch in name:
        cw = _width(ch)
        if cur and w + cw > width:
            out.append(cur)
            cur, w = "", 0.0
        cur += ch
        w += cw
    out.append(cur)
    return out


def row_line(tokens: list[str], extra_trailing: int = 0) -> str:
    """Cells joined by one space; an empty cell leaves its space; a row ending in an empty cell gets one more."""
    s = " ".join(tokens)
    if tokens and tokens[-1] == "":
        s += " "
    return s + " " * extra_trailing


def cells(values: list[int | None]) -> list[str]:
    return [fmt(v) if v else "" for v in values]


# ---------------------------------------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------------------------------------
class Pager:
    """Blocks (one printed row, possibly several physical lines) laid onto pages of limited height.

    Inside a page blocks are separated by a blank line; a new page follows the previous page's last line
    directly and its first line gets one leading space (the extraction's page mark)."""

    def __init__(self) -> None:
        self.pages: list[list[str]] = [[]]
        self.used = 0
        self.cap = 40
        self.footer: str | None = None  # appended to the current page at the next page break (once)

    def new_page(self) -> None:
        if self.pages[-1]:
            self._break()

    def _break(self) -> None:
        if self.footer is not None:
            self.pages[-1].append(self.footer)
            self.footer = None
        self.pages.append([])
        self.used = 0

    def room(self) -> int:
        return self.cap - self.used

    def add(self, block: str) -> None:
        n = len(block.split("\n"))
        if self.used and self.used + n > self.cap:
            self._break()
        self.pages[-1].append(block)
        self.used += n

    def render(self) -> str:
        out = []
        for blocks in self.pages + [[""]]:
            if not blocks:
                continue
            first = blocks[0]
            head, sep, rest = first.partition("\n")
            if sep and not head.strip():  # a wrapped row's leading empty cells vanish at a page top
                first = rest
            out.append(" " + "\n\n".join([first] + blocks[1:]))
        return "\n".join(out)


# ---------------------------------------------------------------------------------------------------------
# The budget behind a document
# ---------------------------------------------------------------------------------------------------------
@dataclass
class Leaf:
    """A 项 (7-digit code) and its money by kind, in hundredths of 万元."""

    code: str
    name: str
    basic: int = 0  # 一般公共预算 基本支出
    gpb: int = 0  # 一般公共预算 项目支出 (this year)
    gf: int = 0  # 政府性基金预算 项目支出
    se: int = 0  # 单位资金 项目支出
    cf: int = 0  # 上年结转 (一般公共预算) 项目支出

    @property
    def total(self) -> int:
        return self.basic + self.gpb + self.gf + self.se + self.cf


@dataclass
class Project:
    name: str
    code: str
    gpb: int = 0
    gf: int = 0
    se: int = 0
    carry: bool = False

    @property
    def total(self) -> int:
        return self.gpb + self.gf + self.se

    @property
    def kind(self) -> str:
        return "特定目标类" if self.name.startswith("T") else "其他运转类"


@dataclass
class Budget:
    profile: Profile
    province: str
    place: str
    unit: str
    year: int
    leaves: dict[str, Leaf]
    econ: list[tuple[str, str, str, int]]  # (group, name, gov name, amount)
    projects: list[Project]
    carry: list[Project]
    vehicles: dict[str, int]
    staff: int

    def econ_amount(self, name: str) -> int:
        return sum(a for _, n, _, a in self.econ if n == name)

    def group_amount(self, group: str) -> int:
        return sum(a for g, _, _, a in self.econ if g == group)

    @property
    def basic(self) -> int:
        return sum(a for *_, a in self.econ)

    @property
    def personnel(self) -> int:
        return sum(self.group_amount(g) for g in PERSONNEL_GROUPS)

    @property
    def public(self) -> int:
        return self.group_amount("商品和服务支出")

    def sum_leaves(self, attr: str) -> int:
        return sum(getattr(lf, attr) for lf in self.leaves.values())


def _rand_c(rng: random.Random, lo: float, hi: float) -> int:
    """An amount between lo and hi 万元, often a round figure, as hundredths of 万元."""
    c = rng.randint(int(lo * 100), int(hi * 100))
    r = rng.random()
    if r < 0.35:
        c = max(100, round(c, -2))
    elif r < 0.6:
        c = max(10, round(c, -1))
    return c


def _scaled(rng: random.Random, base: int, lo: float, hi: float) -> int:
    return max(1, int(base * rng.uniform(lo, hi)))


_GOODS = {  # name → (probability, low, high) in 万元 per head
    "办公费": (0.8, 0.05, 0.2),
    "印刷费": (0.3, 0.01, 0.05),
    "咨询费": (0.15, 0.02, 0.1),
    "手续费": (0.3, 0.005, 0.02),
    "水费": (0.4, 0.01, 0.04),
    "电费": (0.5, 0.03, 0.1),
    "邮电费": (0.6, 0.01, 0.05),
    "取暖费": (0.4, 0.05, 0.2),
    "物业管理费": (0.4, 0.05, 0.3),
    "差旅费": (0.7, 0.05, 0.2),
    "维修（护）费": (0.4, 0.02, 0.1),
    "会议费": (0.3, 0.01, 0.05),
    "培训费": (0.4, 0.01, 0.05),
    "劳务费": (0.3, 0.05, 0.3),
    "委托业务费": (0.2, 0.05, 0.3),
    "福利费": (0.8, 0.1, 0.3),
    "其他交通费用": (0.7, 0.3, 0.8),
    "其他商品和服务支出": (0.6, 0.05, 0.3),
}


def _make_econ(rng: random.Random, staff: int, vehicles: int, opts: dict) -> list[tuple[str, str, str, int]]:
    a: dict[str, int] = {}
    base = staff * rng.randint(350, 520) + rng.randint(0, 99)
    a["基本工资"] = base
    a["津贴补贴"] = _scaled(rng, base, 0.55, 0.8)
    a["奖金"] = _scaled(rng, base, 0.25, 0.45)
    if rng.random() < 0.35:
        a["绩效工资"] = _scaled(rng, base, 0.1, 0.3)
    wages = a["基本工资"] + a["津贴补贴"] + a["奖金"] + a.get("绩效工资", 0)
    a["机关事业单位基本养老保险缴费"] = wages * 16 // 100
    if rng.random() < 0.6:
        a["职业年金缴费"] = wages * 8 // 100
    a["职工基本医疗保险缴费"] = _scaled(rng, wages, 0.07, 0.1)
    if rng.random() < 0.7:
        a["公务员医疗补助缴费"] = _scaled(rng, wages, 0.02, 0.04)
    if rng.random() < 0.8:
        a["其他社会保障缴费"] = _scaled(rng, wages, 0.003, 0.008)
    a["住房公积金"] = wages * 12 // 100
    if rng.random() < 0.25:
        a["其他工资福利支出"] = _rand_c(rng, 0.5, 3 + staff * 0.1)
    for name, (p, lo, hi) in _GOODS.items():
        if rng.random() < p:
            a[name] = max(10, _rand_c(rng, staff * lo, staff * hi))
    a["工会经费"] = wages * 2 // 100
    if opts.get("abroad", rng.random() < 0.12):
        a["因公出国（境）费用"] = _rand_c(rng, 2, 8)
    if opts.get("reception", rng.random() < 0.4):
        a["公务接待费"] = _rand_c(rng, 0.5, 3)
    if vehicles:
        a["公务用车运行维护费"] = _rand_c(rng, vehicles * 2.5, vehicles * 4.5)
    if rng.random() < 0.3:
        a["离休费"] = _rand_c(rng, 6, 25)
    if rng.random() < 0.85:
        a["退休费"] = _rand_c(rng, staff * 1.2, staff * 3.5)
    for name, p, lo, hi in (
        ("生活补助", 0.2, 0.5, 3),
        ("医疗费补助", 0.2, 0.3, 2),
        ("奖励金", 0.4, 0.1, 1.0),
        ("其他对个人和家庭的补助", 0.15, 0.2, 2),
    ):
        if rng.random() < p:
            a[name] = _rand_c(rng, lo, hi)
    return [(g, n, gov, a[n]) for g, n, gov in ECON_ITEMS if a.get(n, 0) > 0]


def _leaf(leaves: dict[str, Leaf], code: str, name: str) -> Leaf:
    if code not in leaves:
        leaves[code] = Leaf(code, name)
    return leaves[code]


def _basic_leaves(b_econ: list, profile: Profile, rng: random.Random) -> dict[str, Leaf]:
    """Spread the basic spending of 表六 over 功能分类 项 the way a budget office does."""
    amount = {n: a for _, n, _, a in b_econ}
    leaves: dict[str, Leaf] = {}
    mapped = {
        "2080501": amount.get("离休费", 0) + amount.get("退休费", 0),
        "2080505": amount.get("机关事业单位基本养老保险缴费", 0),
        "2080506": amount.get("职业年金缴费", 0),
        "2101101": amount.get("职工基本医疗保险缴费", 0),
        "2101103": amount.get("公务员医疗补助缴费", 0),
        "2210201": amount.get("住房公积金", 0),
        "2210202": min(amount["津贴补贴"] // 4, _rand_c(rng, 2, 15)) if rng.random() < 0.6 else 0,
        "2100799": amount.get("奖励金", 0),
    }
    total = sum(amount.values())
    admin_code, admin_name = profile.admin
    _leaf(leaves, admin_code, admin_name).basic = total - sum(mapped.values())
    for code, c in mapped.items():
        if c:
            _leaf(leaves, code, COMMON_ITEMS[code]).basic = c
    return leaves


def _project_amount(rng: random.Random, name: str) -> int:
    if name.startswith("T"):
        return _rand_c(rng, 5, 200)
    if name.startswith("Z"):
        return _rand_c(rng, 2, 80)
    return _rand_c(rng, 1, 50)


def _choose_projects(rng: random.Random, profile: Profile, opts: dict) -> list[Project]:
    general = profile.general
    others = [c for c in profile.projects if c != general]
    codes = [general] + rng.sample(others, k=rng.randint(1, min(4, len(others))))
    projects: list[Project] = []
    for code in codes:
        pool = list(profile.projects[code][1])
        for name in rng.sample(pool, k=rng.randint(1, min(3, len(pool)))):
            projects.append(Project(name, code, gpb=_project_amount(rng, name)))
    names = {p.name for p in projects}
    if not any(_width(n) > 14.5 for n in names) and rng.random() < 0.85:
        longs = [(c, n) for c in others for n in profile.projects[c][1] if _width(n) > 14.5]
        if longs:
            code, name = rng.choice(longs)
            projects.append(Project(name, code, gpb=_project_amount(rng, name)))
    if rng.random() < 0.4:
        projects.append(Project("J残疾人就业保障金", "2081199", gpb=_rand_c(rng, 1, 12)))
    if rng.random() < 0.3:
        projects.append(Project("XM遗属补助", "2080801", gpb=_rand_c(rng, 1, 8)))
    if rng.random() < 0.4 and "Z驻村帮扶工作人员经费" not in names:
        projects.append(Project("Z驻村帮扶工作人员经费", general, gpb=rng.choice([1050, 1400, 2100, 700])))
    if rng.random() < 0.3:
        c = _rand_c(rng, 2, 10)
        projects += [
            Project("QT业务工作经费1", profile.admin[0], gpb=c),
            Project("QT业务工作经费2", profile.admin[0], gpb=c),
        ]
    if opts.get("shared_name", rng.random() < 0.5):
        code = rng.choice(codes)
        projects.append(Project("J基础性项目", code, gpb=_project_amount(rng, "J")))
        if not any(p.name == "J基础性项目" and p is not projects[-1] for p in projects):
            projects.append(Project("J基础性项目", general, gpb=_project_amount(rng, "J")))
    rng.shuffle(projects)
    return projects


def _make_budget(seed: int, opts: dict) -> Budget:
    rng = random.Random(seed)
    profile = opts.get("profile")
    if isinstance(profile, str):
        profile = next(p for p in PROFILES if profile in (p.dept, p.domain))
    profile = profile or rng.choice(PROFILES)
    province = rng.choice(list(PLACES))
    place = rng.choice(PLACES[province][1])
    if opts.get("place"):
        place = opts["place"]
    unit = f"{place}{profile.dept}"
    year = opts.get("year") or rng.randint(2023, 2026)
    staff = rng.randint(15, 90)
    vehicles_n = opts.get("vehicles", rng.choice([0, 1, 1, 2, 2, 3, 4]))
    econ = _make_econ(rng, staff, vehicles_n, opts)
    leaves = _basic_leaves(econ, profile, rng)
    projects = _choose_projects(rng, profile, opts)
    if profile.fund and opts.get("gov_fund", rng.random() < 0.5):
        for code in rng.sample(list(profile.fund), k=rng.randint(1, len(profile.fund))):
            projects.append(Project(profile.fund[code][1][0], code, gf=_rand_c(rng, 20, 500)))
    if opts.get("unit_funds", rng.random() < 0.3):
        rng.choice(projects).se += _rand_c(rng, 1, 30)
        if rng.random() < 0.5:
            projects.append(Project("Z自有资金安排业务工作经费", profile.general, se=_rand_c(rng, 2, 40)))
    carry: list[Project] = []
    if opts.get("carryover", rng.random() < 0.4):
        with_gpb = [p for p in projects if p.gpb]
        for _ in range(rng.randint(1, 3)):
            src = rng.choice(with_gpb)
            pool = profile.projects.get(src.code, ("", (src.name,)))[1]
            name = src.name if rng.random() < 0.5 else rng.choice(pool)
            carry.append(Project(name, src.code, gpb=_rand_c(rng, 1, 60), carry=True))
    for p in projects + carry:
        name = (profile.projects.get(p.code) or profile.fund.get(p.code) or (COMMON_ITEMS.get(p.code, ""),))[0]
        lf = _leaf(leaves, p.code, name or profile.admin[1])
        if p.carry:
            lf.cf += p.gpb
        else:
            lf.gpb, lf.gf, lf.se = lf.gpb + p.gpb, lf.gf + p.gf, lf.se + p.se
    kinds = ["机要通信用车", "应急保障用车", "执法执勤用车", "特种专业技术用车"]
    vehicles = {k: 0 for k in ("领导用车", *kinds, "事业单位业务用车", "其他公务用车")}
    for _ in range(vehicles_n):
        vehicles[rng.choice(kinds[:3])] += 1
    vehicles = {"编制": vehicles_n + rng.choice([0, 0, 1]), "实有": vehicles_n, **vehicles}
    return Budget(profile, province, place, unit, year, leaves, econ, projects, carry, vehicles, staff)


# ---------------------------------------------------------------------------------------------------------
# Tables as rows of cells (hundredths of 万元; None = blank cell)
# ---------------------------------------------------------------------------------------------------------
@dataclass
class Row:
    name: str
    values: list[int | None]
    code: str = ""
    extra: str = ""
    level: str = ""  # 合计 / 类 / 款 / 项 / group / econ / unit / project
    mid_space: bool = False  # print an empty middle cell with one space too many (as the real 表三 does)
    trail_space: int = 0  # extra trailing spaces


@dataclass
class Side:
    name: str
    values: list[int | None]


@dataclass
class Pair:
    left: Side | None
    right: Side | None


@dataclass
class Table:
    no: int
    title: str
    rows: list[Row] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)  # 表一, 表四

    @property
    def label(self) -> str:
        return TABLE_LABEL[self.no]

    @property
    def empty(self) -> bool:
        return not self.rows and not self.pairs


def _nz(values: list[int]) -> list[int | None]:
    return [v if v else None for v in values]


def _vsum(vectors: list[list[int]], n: int) -> list[int]:
    return [sum(v[i] for v in vectors) for i in range(n)]


def coded_rows(leaves: list[Leaf], measure, n: int) -> list[Row]:
    """合计, then 类 → 款 → 项 rows in code order; parents are the sums of their children."""
    vec = {lf.code: measure(lf) for lf in leaves}
    leaves = [lf for lf in sorted(leaves, key=lambda x: x.code) if any(vec[lf.code])]
    if not leaves:
        return []
    rows = [Row("合计", _nz(_vsum([vec[lf.code] for lf in leaves], n)), level="合计")]
    for cls in sorted({lf.code[:3] for lf in leaves}):
        in_cls = [lf for lf in leaves if lf.code[:3] == cls]
        rows.append(Row(CLASS_NAME[cls], _nz(_vsum([vec[lf.code] for lf in in_cls], n)), code=cls, level="类"))
        for kuan in sorted({lf.code[:5] for lf in in_cls}):
            in_kuan = [lf for lf in in_cls if lf.code[:5] == kuan]
            rows.append(Row(KUAN_NAME[kuan], _nz(_vsum([vec[lf.code] for lf in in_kuan], n)), code=kuan, level="款"))
            rows += [Row(lf.name, _nz(vec[lf.code]), code=lf.code, level="项") for lf in in_kuan]
    return rows


def _class_vectors(leaves: list[Leaf], measure, n: int) -> list[list[int]]:
    return [_vsum([measure(lf) for lf in leaves if lf.code[:3] == code], n) for code, _ in CLASSES_30]


def _two_sided(left: list[tuple[str, int]], classes: list[list[int]], bottom: list[Pair], n: int) -> list[Pair]:
    pairs = []
    for i, (_code, name) in enumerate(CLASSES_30):
        lft = Side(left[i][0], _nz([left[i][1]])) if i < len(left) else None
        pairs.append(Pair(lft, Side(f"{CN_NUM[i + 1]}、{name}", _nz(classes[i]))))
    pairs.append(Pair(None, Side("", [None] * n)))
    return pairs + bottom


def build_tables(b: Budget) -> dict[int, Table]:
    lv = list(b.leaves.values())
    total = b.sum_leaves("total")
    cf = b.sum_leaves("cf")
    gpb_cur = b.sum_leaves("basic") + b.sum_leaves("gpb")
    gf, se = b.sum_leaves("gf"), b.sum_leaves("se")
    cur = total - cf
    t: dict[int, Table] = {}
    t[1] = Table(
        1,
        "预算收支总表",
        pairs=_two_sided(
            [
                ("一、一般公共预算", gpb_cur),
                ("二、政府性基金预算", gf),
                ("三、国有资本经营预算", 0),
                ("四、财政专户管理资金", 0),
                ("五、单位资金", se),
            ],
            _class_vectors(lv, lambda x: [x.total, x.total - x.cf, x.cf], 3),
            [
                Pair(Side("本年收入合计", _nz([cur])), Side("本年支出合计", _nz([total, cur, cf]))),
                Pair(Side("上年结转", _nz([cf])), Side("年终结转", [None] * 3)),
                Pair(Side("收入总计", _nz([total])), Side("支出总计", _nz([total, cur, cf]))),
            ],
            3,
        ),
    )
    t[2] = Table(2, "预算收入总表", coded_rows(lv, lambda x: [x.total, x.basic + x.gpb, x.gf, 0, 0, x.se, x.cf], 7))
    t[3] = Table(3, "预算支出总表", coded_rows(lv, lambda x: [x.total, x.basic, x.gpb + x.gf + x.se + x.cf], 3))
    fin = gpb_cur + gf + cf
    t[4] = Table(
        4,
        "财政拨款收支总表",
        pairs=_two_sided(
            [("一、一般公共预算", gpb_cur), ("二、政府性基金预算", gf), ("三、国有资本经营预算", 0)],
            _class_vectors(lv, lambda x: [x.basic + x.gpb + x.gf + x.cf, x.basic + x.gpb + x.cf, x.gf, 0], 4),
            [
                Pair(Side("本年收入合计", _nz([gpb_cur + gf])), Side("本年支出合计", _nz([fin, gpb_cur + cf, gf, 0]))),
                Pair(Side("上年财政拨款结转", _nz([cf])), Side("年终结转", [None] * 4)),
                Pair(Side("一、一般公共预算", _nz([cf])), None),
                Pair(Side("二、政府性基金预算", [None]), None),
                Pair(Side("三、国有资本经营预算", [None]), Side("", [None] * 4)),
                Pair(None, Side("", [None] * 4)),
                Pair(Side("收入总计", _nz([fin])), Side("支出总计", _nz([fin, gpb_cur + cf, gf, 0]))),
            ],
            4,
        ),
    )
    t[5] = Table(
        5, "一般公共预算支出预算表（不含上年结转）", coded_rows(lv, lambda x: [x.basic + x.gpb, x.basic, x.gpb], 3)
    )
    t[6] = Table(6, "一般公共预算安排基本支出分经济科目表（不含上年结转）", econ_rows(b))
    t[7] = Table(7, "政府性基金预算收入表（不含上年结转）", coded_rows(lv, lambda x: [x.gf], 1))
    t[8] = Table(8, "政府性基金预算支出表（不含上年结转）", coded_rows(lv, lambda x: [x.gf, 0, x.gf], 3))
    t[9] = Table(9, "国有资本经营预算收支预算表（不含上年结转）")
    t[10] = Table(10, "财政拨款安排“三公”经费支出预算表", three_public_rows(b))
    pub = _nz([b.public, b.public, 0, 0])
    t[11] = Table(
        11, "财政拨款安排机关运行经费预算表", [Row("部门合计", pub, level="合计"), Row(b.unit, list(pub), level="unit")]
    )
    t[12] = Table(12, "项目支出预算表（本年预算）", project_rows(b.unit, b.projects, True))
    t[13] = Table(13, "项目支出预算表（上年结转）", project_rows(b.unit, b.carry, False))
    return t


def econ_rows(b: Budget) -> list[Row]:
    rows = [Row("合计", _nz([b.basic, b.personnel, b.public]), level="合计")]
    for group in ECON_GROUPS:
        items = [(n, gov, a) for g, n, gov, a in b.econ if g == group]
        if not items:
            continue
        person = group in PERSONNEL_GROUPS
        g_total = sum(a for *_, a in items)
        rows.append(Row(group, _nz([g_total, g_total if person else 0, 0 if person else g_total]), level="group"))
        rows += [
            Row(n, _nz([a, a if person else 0, 0 if person else a]), extra=gov, level="econ") for n, gov, a in items
        ]
    return rows


def three_public_rows(b: Budget, car_upkeep: int | None = None) -> list[Row]:
    abroad, recep = b.econ_amount("因公出国（境）费用"), b.econ_amount("公务接待费")
    upkeep = b.econ_amount("公务用车运行维护费") if car_upkeep is None else car_upkeep
    buy = 0

    def r(name: str, c: int) -> Row:
        return Row(name, _nz([c, c, 0, 0]))

    return [
        r("因公出国（境）费", abroad),
        r("公务接待费", recep),
        r("公务用车购置及运行费", buy + upkeep),
        r("①公务用车购置费", buy),
        r("②公务用车运行维护费", upkeep),
        r("合计", abroad + recep + buy + upkeep),
    ]


def project_rows(unit: str, projects: list[Project], current: bool) -> list[Row]:
    if not projects:
        return []

    def vec(gpb: int, gf: int, se: int) -> list[int | None]:
        return _nz([gpb + gf + se, gpb, gf, 0, 0, se] if current else [gpb + gf + se, gpb, gf, 0])

    s = [sum(getattr(p, a) for p in projects) for a in ("gpb", "gf", "se")]
    return [Row(unit, vec(*s), level="unit")] + [Row(p.name, vec(p.gpb, p.gf, p.se), level="project") for p in projects]


# ---------------------------------------------------------------------------------------------------------
# Printing tables the way the PDF extraction prints them
# ---------------------------------------------------------------------------------------------------------
class Style:
    """Per-document choices of the small layout variations seen in real extractions."""

    def __init__(self, rng: random.Random, unit: str, year: int) -> None:
        self.rng, self.unit, self.year = rng, unit, year
        self.mid_space_t3 = rng.random() < 0.6  # 表三 类/款 rows print 「9.00   9.00」
        self.total_trail_t2 = rng.choice([0, 4, 4])
        self.total_trail_t4 = rng.choice([0, 1, 1])

    def pub(self, n: int) -> str:
        word = "部门公开表" if self.rng.random() < 0.12 else "预算公开表"
        return self.rng.choice(
            [
                f"{word}{n}",
                f"{word}{n}",
                " " * self.rng.randint(2, 7) + f"{word}{n}",
                f"{word}{n}  ",
                f"    \n{word}{n}",
                f"  \n  {word}{n}",
            ]
        )

    def unit_blocks(self, title_line: str) -> list[str]:
        colon = self.rng.choice(["：", "：", ":"])
        one = f"单位名称：{self.unit}{' ' * self.rng.choice([1, 1, 2, 4, 6])}单位{colon}万元"
        r = self.rng.random()
        if r < 0.15:
            return [f"{title_line}\n{one}"]
        if r < 0.27:
            return [title_line, f"单位名称：{self.unit}\n{self.rng.choice(['  ', ' '])}", "单位:万元"]
        if r < 0.35:
            return [title_line, f"单位名称：{self.unit}    \n单位:万元"]
        return [title_line, one]

    def head(self, no: int, title: str) -> list[str]:
        y = self.year
        return [f"表{CN_NUM[no]}{y}年{title}", self.pub(no)] + self.unit_blocks(f"{y}年{title}")


def coded_blocks(rows: list[Row]) -> list[str]:
    out = []
    for r in rows:
        tokens = cells(r.values)
        if r.mid_space:
            tokens = [t if t or i in (0, len(tokens) - 1) else " " for i, t in enumerate(tokens)]
        label = [r.name] if r.level == "合计" else [r.code, r.name]
        out.append(row_line(label + tokens, r.trail_space))
    return out


def pair_block(p: Pair, n: int, wl: float, wr: float, glue: bool, trail: int = 0) -> str:
    lname, lval = (p.left.name, fmt(p.left.values[0]) if p.left.values[0] else "") if p.left else ("", "")
    rname, rvals = (p.right.name, p.right.values) if p.right else ("", [None] * n)
    vals = row_line(cells(rvals), trail)
    joint = "" if (lval and glue) else " "
    lchunks, rchunks = chunk_name(lname, wl), chunk_name(rname, wr)
    if len(lchunks) > 1:
        return "\n".join(lchunks) + "\n\n" + lval + joint + rname + " " + vals
    prefix = lname + " " + lval + joint
    if len(rchunks) > 1:
        return prefix + "\n" + "\n".join(rchunks) + "\n\n" + vals
    return prefix + rname + " " + vals


def table_blocks(t: Table, st: Style) -> list[str]:
    y = st.year
    head = st.head(t.no, t.title)
    n = t.no
    if n == 1:
        head += ["收入 支出", f"项目 {y}年 项目 {y}年合计 当年预算安排\n上年结转", "安排"]
        return head + [pair_block(p, 3, 11, 12, True) for p in t.pairs]
    if n == 4:
        head += ["收入 支出", "项目 金额 项目\n金额", "小计 一般公共预算\n政府性基\n金预算", "国有资本经\n营预算"]
        body = []
        for p in t.pairs:
            total = p.left is not None and p.left.name in ("本年收入合计", "收入总计")
            glue = p.left is not None and not total
            body.append(pair_block(p, 4, 9, 10, glue, st.total_trail_t4 if total else 0))
        return head + body
    if n == 2:
        head += [
            "项目 本年收入\n上年结转",
            "科目编码 科目名称 合计 一般公共预算 政府性基金\n国有资本经营预",
            "算\n财政专户管理资",
            "金\n单位资金",
        ]
    elif n in (3, 5):
        head += [f"项目 {y}年预算数", "科目编码 科目名称 合计 基本支出 项目支出"]
    elif n == 6:
        head += ["部门预算支出经济科目名称\n政府预算支出经济科目名", "称", f"{y}年预算数", "合计 人员经费 公用经费"]
        return head + [
            row_line([r.name, r.extra] + cells(r.values)) if r.level != "合计" else row_line([r.name] + cells(r.values))
            for r in t.rows
        ]
    elif n == 7:
        head += ["项目\n政府性基金收入预算", "收入科目编码 科目名称"]
        if t.empty:
            return head + ["合计  ", "   ", "注：本表无数据"]
    elif n == 8:
        head += ["科目编码 科目名称 合计 基本支出 项目支出"]
        if t.empty:
            return head + ["合计      ", "     ", "注：本表无数据"]
    elif n == 9:
        return head + [
            "国有资本经营预算收入 国有资本经营预算支出",
            "项目\n国有资本经\n营收入预算",
            "科目编码 科目名称 合计 基本支出 项目支出\n收入科目编码 科目名称",
            "合计       ",
            "        ",
            "注：本表无数据",
        ]
    elif n == 10:
        head += [f"项目\n{y}年预算数", "合计 一般公共预算 政府性基金预算\n国有资本经营预", "算"]
        return head + [row_line([r.name] + cells(r.values)) for r in t.rows]
    elif n == 11:
        head += [f"单位名称\n{y}预算数", "合计 一般公共预算 政府性基金预算 国有资本经营预算"]
        return head + [row_line([r.name] + cells(r.values)) for r in t.rows]
    elif n in (12, 13):
        return head + project_blocks(t, y)
    return head + coded_blocks(t.rows)


def project_blocks(t: Table, y: int) -> list[str]:
    if t.no == 12:
        head = [
            "项目名称 合计",
            f"{y}年财政拨款\n财政专户管",
            "理资金\n单位资金",
            "一般公共预算\n政府性\n基金预",
            "算",
            "国有资本经营\n预算",
            "1 2 3 4 5 6 7",
        ]
    else:
        head = [f"项目名称 合计\n{y}年财政拨款", "一般公共预算\n政府性基金", "预算\n国有资本\n经营预算", "1 2 3 4 5"]
    if t.empty:
        return head + ["     ", "注：本表无数据     "]
    out = []
    for r in t.rows:
        indent = "\u3000" if r.level == "unit" else "\u3000\u3000"
        parts = chunk_name(r.name, 14)
        vals = row_line(cells(r.values))
        if len(parts) > 1:
            out.append(indent + "\n".join(parts) + "\n\n" + vals)
        else:
            out.append(indent + r.name + " " + vals)
    return head + out


def table_truth(t: Table) -> list[dict]:
    out: list[dict] = []

    def emit(side: str, code: str, name: str, extra: str, cols: tuple[str, ...], values: list[int | None]) -> None:
        for col, v in zip(cols, values):
            if v:
                out.append(
                    {
                        "table": t.label,
                        "code": code,
                        "name": name,
                        "extra": extra,
                        "column": col,
                        "value": dec(v),
                        "unit": "万元",
                        "side": side,
                    }
                )

    cols = TABLE_COLUMNS[t.label]
    for p in t.pairs:
        if p.left:
            emit("收入", "", p.left.name, "", cols["收入"], p.left.values)
        if p.right:
            emit("支出", "", p.right.name, "", cols["支出"], p.right.values)
    for r in t.rows:
        emit("", r.code if r.level in ("类", "款", "项") else "", r.name, r.extra, cols[""], r.values)
    return out


# ---------------------------------------------------------------------------------------------------------
# Narrative: 第一部分 概况, 第三部分 情况说明, 第四部分 名词解释
# ---------------------------------------------------------------------------------------------------------
GENERIC_DUTIES = (
    "贯彻执行国家、省有关{d}工作的方针政策和法律法规，研究起草全{lv}{d}工作的政策措施并组织实施。",
    "负责拟订全{lv}{d}事业发展规划和年度计划，并监督实施。",
    "负责{d}领域的监督管理工作，依法查处违法违规行为，规范{d}工作秩序。",
    "负责{d}领域财政性资金的管理和使用，参与拟订相关资金管理办法，按规定权限审核、申报有关项目。",
    "组织开展{d}领域的宣传教育、人才队伍建设和对外交流合作工作。",
    "负责本系统安全生产、应急管理、信访维稳和保密工作。",
)
CLOSING_DUTIES = (
    "完成{lv}委、{lv}政府交办的其他任务。",
    "职能转变。深化简政放权、放管结合、优化服务改革，强化事中事后监管，提升{d}领域治理能力和服务水平。",
)
GLOSSARY = (
    "一、基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。",
    "二、项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。",
    "三、“三公”经费：指用财政拨款安排的因公出国（境）费用、公务用车购置及运行费和公务接待费。其中：因公出国（境）"
    "费用反映单位公务出国（境）的国际旅费、国外城市间交通费、住宿费、伙食费、培训费、公杂费等支出；公务用车购置费反映"
    "公务用车购置支出（含车辆购置税、牌照费）；公务用车运行维护费反映单位按规定保留的公务用车燃料费、维修费、过路过桥费、"
    "保险费、安全奖励费用等支出；公务接待费反映机关和参公事业单位按规定开支的各类公务接待（含外宾接待）支出。",
    "四、机关运行经费：指行政单位和参照公务员法管理的事业单位使用财政拨款安排的基本支出中的公用经费支出。",
    "五、政府购买服务：根据我国现行政策规定，政府购买服务，是指充分发挥市场机制作用，将国家机关属于自身职责范围且适合"
    "通过市场化方式提供的服务事项，按照政府采购方式和程序，交由符合条件的服务供应商承担，并根据服务数量和质量等情况向其"
    "支付费用的行为。",
    "六、财政专户管理资金：",
    "专指教育收费，包括目前在财政专户管理的高中以上学费、住宿费，高校委托培养费，党校收费，教育考试考务费，函大、电大、"
    "夜大及短训班培训费等。",
    "七、单位资金：是指除政府预算资金和财政专户管理资金以外的资金，包括事业收入、事业单位经营收入、上级补助收入、附属单位"
    "上缴收入、其他收入。",
    "八、上年结转：指以前年度预算安排、结转到本年仍按原规定用途继续使用的资金。",
    "九、一般公共预算是指以税收为主体的财政收入，安排用于保障和改善民生、推动经济社会发展、维护国家安全、维持国家机构正常"
    "运转等方面的收支预算。",
    "十、政府性基金预算：是对依照法律、行政法规的规定在一定期限内向特定对象征收、收取或者以其他方式筹集的资金，专项用于特定"
    "公共事业发展的收支预算。",
    "十一、国有资本经营预算是对国有资本收益作出支出安排的收支预算。",
    "十二、财政拨款：包含一般公共预算、政府性基金预算、国有资本经营预算。",
)
CN_PAREN = [
    "",
    "（一）",
    "（二）",
    "（三）",
    "（四）",
    "（五）",
    "（六）",
    "（七）",
    "（八）",
    "（九）",
    "（十）",
    "（十一）",
    "（十二）",
]


def _level(place: str) -> str:
    return "县" if place.endswith("县") else "市"


def overview(b: Budget, rng: random.Random) -> list[tuple[str, str]]:
    lv, d = _level(b.place), b.profile.domain
    duties = list(GENERIC_DUTIES[:2]) + list(b.profile.duties) + rng.sample(GENERIC_DUTIES[2:], k=rng.randint(1, 4))
    duties += list(CLOSING_DUTIES[: rng.randint(1, 2)])
    items: list[tuple[str, str]] = [
        ("h", "第一部分 概况"),
        ("h", "一、本单位职责"),
        ("p", f"{b.unit}{rng.choice(['部门', ''])}的主要职责是："),
    ]
    items += [("p", CN_PAREN[i + 1] + s.format(d=d, lv=lv)) for i, s in enumerate(duties)]
    items.append(("h", "二、机构设置情况"))
    rank = "正处级" if lv == "市" else "正科级"
    text = f"{b.unit}是{b.place}人民政府的工作部门，为{rank}"
    signs = [s.format(place=b.place) for s in b.profile.signs]
    if signs and rng.random() < 0.6:
        text += f"，加挂{'、'.join(signs)}牌子"
    text += "。"
    offices = rng.randint(4, 11)
    text += f"内设办公室、财务科、法规科等{offices}个科室"
    subs = rng.randint(0, 3)
    text += f"，下属事业单位{subs}个。" if subs else "，无下属单位。"
    items.append(("p", text))
    return items


@dataclass
class Change:
    current: int
    last: int

    @property
    def amount(self) -> int:
        return abs(self.current - self.last)

    @property
    def up(self) -> bool:
        return self.current > self.last

    @property
    def percent(self) -> Decimal:
        return pct(self.amount, self.last)

    def fact(self, reason: str = "") -> dict:
        direction = "持平" if not self.amount else ("增加" if self.up else "减少")
        return {
            "current": dec(self.current),
            "last_year": dec(self.last),
            "direction": direction,
            "amount": dec(self.amount),
            "percent": self.percent,
            "reason": reason,
        }

    def phrase(self, comma: bool, last_word: str = "上年") -> str:
        if not self.amount:
            return f"与{last_word}持平"
        inc = "增加" if self.up else "减少"
        grow = "增长" if self.up else "下降"
        return f"比{last_word}{inc}{fmt_text(self.amount, comma)}万元，{grow}{fmt_pct(self.percent)}"


def _last_year(rng: random.Random, current: int, same_p: float = 0.0) -> int:
    if rng.random() < same_p:
        return current
    r = rng.uniform(0.02, 0.25) * rng.choice([1, -1])
    return max(1, round(current / (1 + r)))


REASONS_UP = ("在职人员工资标准调整，人员经费增加", "新增专项业务工作，项目支出增加", "上级专项资金增加，项目经费增加")
REASONS_DOWN = ("单位人员减少，项目经费减少", "落实过紧日子要求，压减一般性支出", "部分一次性项目完成，项目支出减少")


def _reason(rng: random.Random, ch: Change) -> str:
    return rng.choice(REASONS_UP if ch.up else REASONS_DOWN)


@dataclass
class Narrative:
    items: list[tuple[str, str]]
    after_perf: list[tuple[str, str]]
    facts: dict


def situation(
    b: Budget, t: dict[int, Table], perf_names: list[Project], rng: random.Random, plant_total: int | None
) -> Narrative:
    """第三部分 情况说明 with figures read from the printed tables."""
    y, u = b.year, b.unit
    c = rng.random() < 0.7  # thousands separators in running text
    total, cf = b.sum_leaves("total"), b.sum_leaves("cf")
    cur = total - cf
    gpb_cur = b.sum_leaves("basic") + b.sum_leaves("gpb")
    gf, se = b.sum_leaves("gf"), b.sum_leaves("se")
    basic, proj = b.basic, total - b.basic
    ch_total = Change(total, _last_year(rng, total))
    reason = _reason(rng, ch_total)
    ch_gpb = ch_total if gpb_cur == total else Change(gpb_cur, _last_year(rng, gpb_cur))
    stated_total = total if plant_total is None else plant_total
    f: dict = {
        "totals": {
            "收入总计": dec(total),
            "本年收入": dec(cur),
            "上年结转": dec(cf),
            "支出总计": dec(total),
            "本年预算安排": dec(cur),
            "支出预算": dec(stated_total),
            "基本支出": dec(basic),
            "项目支出": dec(proj),
            "人员经费": dec(b.personnel),
            "公用经费": dec(b.public),
            "财政拨款总计": dec(gpb_cur + gf + cf),
            "一般公共预算当年支出": dec(gpb_cur),
        }
    }
    f["change"] = ch_total.fact(reason)
    f["gpb_change"] = ch_gpb.fact()
    it: list[tuple[str, str]] = [
        ("h", f"第三部分 {y}年度单位预算情况说明"),
        ("h", "一、单位预算收支数据变动情况及原因"),
    ]
    it.append(
        (
            "p",
            f"{y}年度{u}预算收入总计{fmt_text(total, c)}万元，其中：本年收入{fmt_text(cur, c)}万元，上年结转"
            f"{fmt_text(cf, c)}万元，{ch_total.phrase(c)}，主要原因是{reason}；本年单位预算支出总计"
            f"{fmt_text(total, c)}万元，其中：本年预算安排{fmt_text(cur, c)}万元，上年结转{fmt_text(cf, c)}万元，"
            f"{ch_total.phrase(c)}，主要原因是{reason}。",
        )
    )
    it.append(("h", "二、收入预算情况说明"))
    sources = [
        ("一般公共预算拨款收入", "一般公共预算", gpb_cur),
        ("政府性基金预算拨款收入", "政府性基金预算", gf),
        ("国有资本经营预算拨款收入", "国有资本经营预算", 0),
        ("财政专户管理资金收入", "财政专户管理资金", 0),
        ("单位资金", "单位资金", se),
        ("上年结转", "上年结转", cf),
    ]
    f["income_shares"] = {k: {"amount": dec(a), "percent": pct(a, total)} for _, k, a in sources}
    parts = "；".join(f"{label}{fmt_text(a, c)}万元，占{fmt_pct(pct(a, total))}" for label, _, a in sources)
    it.append(("p", f"{y}年度{u}预算收入{fmt_text(total, c)}万元，主要包括{parts}。"))
    it.append(("h", "三、支出预算情况说明"))
    f["spending_shares"] = {"基本支出": pct(basic, total), "项目支出": pct(proj, total)}
    it.append(
        (
            "p",
            f"{y}年度{u}支出预算{fmt_text(stated_total, False)}万元，其中：基本支出{fmt_text(basic, False)}万元，"
            f"占{fmt_pct(pct(basic, total))}；项目支出{fmt_text(proj, False)}万元，占{fmt_pct(pct(proj, total))}。",
        )
    )
    it.append(("h", "四、财政拨款收支预算总体情况说明"))
    fin = gpb_cur + gf + cf
    t4 = [(p.right.name.split("、", 1)[1], p.right.values[0]) for p in t[4].pairs[:30] if p.right.values[0]]
    it.append(
        (
            "p",
            f"{y}年度{u}财政拨款收支总预算{fmt_text(fin, c)}万元。其中：一般公共预算拨款{fmt_text(gpb_cur, c)}"
            f"万元，政府性基金预算拨款{fmt_text(gf, c)}万元，国有资本经营预算拨款0万元。其中：当年拨款收入"
            f"{fmt_text(gpb_cur + gf, c)}万元，上年结转收入{fmt_text(cf, c)}万元。支出包括："
            + "、".join(f"{n}{fmt_text(v, c)}万元" for n, v in t4)
            + "等。",
        )
    )
    it += [
        ("h", "五、一般公共预算支出情况说明"),
        ("h", "（一）一般公共预算当年支出规模变化情况"),
        ("p", f"{y}年度{u}一般公共预算当年支出{fmt_text(gpb_cur, c)}万元，{ch_gpb.phrase(c)}。"),
        ("h", "（二）一般公共预算当年支出结构情况"),
    ]
    t5 = [(r.name, r.values[0]) for r in t[5].rows if r.level == "类"]
    f["gpb_structure"] = {n: {"amount": dec(v), "percent": pct(v, gpb_cur)} for n, v in t5}
    it.append(
        (
            "p",
            f"{y}年度{u}一般公共预算当年支出{fmt_text(gpb_cur, c)}万元，主要用于以下方面："
            + "；".join(f"{n}{fmt_text(v, c)}万元，占{fmt_pct(pct(v, gpb_cur))}" for n, v in t5)
            + "等。",
        )
    )
    it.append(("h", "六、一般公共预算基本支出情况说明"))
    persons = [n for g, n, _, _ in b.econ if g in PERSONNEL_GROUPS]
    goods = [n for g, n, _, _ in b.econ if g == "商品和服务支出"]
    rng.shuffle(persons)
    rng.shuffle(goods)
    it += [
        ("p", f"{y}年度{u}一般公共预算安排基本支出{fmt_text(basic, c)}万元，其中："),
        ("p", f"人员经费{fmt_text(b.personnel, c)}万元，主要包括：{'、'.join(persons)}等；"),
        ("p", f"公用经费{fmt_text(b.public, c)}万元，主要包括：{'、'.join(goods)}等。"),
    ]
    it += three_public_text(b, t, rng, c, f)
    ch_admin = Change(b.public, _last_year(rng, b.public, 0.1))
    admin_reason = rng.choice(
        ("人员减少，机关运行经费降低", "落实过紧日子要求，压减日常公用经费")
        if not ch_admin.up
        else ("在职人员增加，公用经费相应增加", "办公用房维修及取暖费用增加")
    )
    f["admin_cost"] = ch_admin.fact(admin_reason if ch_admin.amount else "")
    it += [
        ("h", "八、机关运行经费增减变动原因说明"),
        (
            "p",
            f"本单位机关运行经费财政拨款预算{fmt_text(b.public, c)}万元，{ch_admin.phrase(c, f'{y - 1}年预算')}"
            + (f"，原因是{admin_reason}。" if ch_admin.amount else "。"),
        ),
    ]
    goods_c = _rand_c(rng, 1, max(2, b.public / 200))
    works_c = _rand_c(rng, 5, 60) if rng.random() < 0.25 else 0
    serv_c = _rand_c(rng, 2, max(3, proj / 300)) if rng.random() < 0.85 else 0
    proc = goods_c + works_c + serv_c
    f["procurement"] = {"total": dec(proc), "goods": dec(goods_c), "works": dec(works_c), "services": dec(serv_c)}
    it += [
        ("h", "九、政府采购情况"),
        (
            "p",
            f"{y}年{u}政府采购预算总额{fmt_text(proc, c)}万元。其中：政府采购货物预算{fmt_text(goods_c, c)}万元、"
            f"政府采购工程预算{fmt_text(works_c, c)}万元、政府采购服务预算{fmt_text(serv_c, c)}万元。",
        ),
    ]
    it += performance_text(b, perf_names, c, f)
    return Narrative(it, assets_text(b, rng, f), f)


def three_public_text(b: Budget, t: dict[int, Table], rng: random.Random, c: bool, f: dict) -> list[tuple[str, str]]:
    y, u = b.year, b.unit
    printed = {r.name: (r.values[0] or 0) for r in t[10].rows}
    cur = {
        "因公出国（境）费": printed["因公出国（境）费"],
        "公务接待费": printed["公务接待费"],
        "公务用车运行维护费": printed["②公务用车运行维护费"],
        "公务用车购置费": printed["①公务用车购置费"],
    }
    same = rng.random() < 0.45
    last = {k: (v if same or rng.random() < 0.5 else _last_year(rng, v) if v else 0) for k, v in cur.items()}
    tot = Change(printed["合计"], sum(last.values()))
    reason = (
        ""
        if not tot.amount
        else ("厉行节约，压减公务接待和公务用车运行支出" if not tot.up else "公务用车使用年限较长，运行维护费用增加")
    )
    f["three_public"] = {
        "total": dec(tot.current),
        **{k: dec(v) for k, v in cur.items()},
        "last_year": {"total": dec(tot.last), **{k: dec(v) for k, v in last.items()}},
        "change": tot.fact(reason),
    }
    if not tot.amount:
        head = f"{y}年{u}财政拨款安排的“三公”经费预算{fmt_text(tot.current, c)}万元与{y - 1}年预算数相同。"
    else:
        head = (
            f"{y}年{u}财政拨款安排的“三公”经费预算{fmt_text(tot.current, c)}万元，"
            f"{tot.phrase(c, f'{y - 1}年预算')}，主要原因是{reason}。"
        )

    def item(k: str) -> str:
        ch = Change(cur[k], last[k])
        if not ch.amount:
            return f"{k}{fmt_text(cur[k], c)}万元，与上年预算数相同"
        return f"{k}{fmt_text(cur[k], c)}万元，比上年{'增加' if ch.up else '减少'}{fmt_text(ch.amount, c)}万元"

    return [("h", "七、“三公”经费增减变动原因说明"), ("p", head + "其中：" + "；".join(item(k) for k in cur) + "。")]


def performance_text(b: Budget, perf: list[Project], c: bool, f: dict) -> list[tuple[str, str]]:
    y, u = b.year, b.unit
    total = sum(p.total for p in b.projects)

    def by_kind(ps: list[Project]) -> dict:
        return {
            k: {"count": len(q), "amount": dec(sum(p.total for p in q))}
            for k in ("其他运转类", "特定目标类")
            for q in [[p for p in ps if p.kind == k]]
        }

    pub_total = sum(p.total for p in perf)
    kinds, pub_kinds = by_kind(b.projects), by_kind(perf)
    f["projects"] = {
        "count": len(b.projects),
        "amount": dec(total),
        **kinds,
        "published": {"count": len(perf), "amount": dec(pub_total), "share": pct(pub_total, total), **pub_kinds},
    }

    def kind_text(kd: dict, word: str) -> str:
        return "；".join(
            f"{k}项目{v['count']}个，{word}{fmt_text(int(v['amount'] * 100), c)}万元"
            for k, v in kd.items()
            if v["count"]
        )

    return [
        ("h", "十、绩效管理情况"),
        ("h", "1、整体绩效目标"),
        ("p", f"{y}年编报单位整体绩效目标，涉及资金{fmt_text(b.sum_leaves('total'), c)}万元。"),
        ("h", "2、项目绩效目标"),
        (
            "p",
            f"{y}年{u}纳入绩效目标管理的二级项目{len(b.projects)}个，共计金额{fmt_text(total, c)}万元。其中："
            f"{kind_text(kinds, '涉及金额')}。公开项目绩效目标{len(perf)}个，涉及项目金额{fmt_text(pub_total, c)}万元，"
            f"占部门（单位）项目支出总额的{fmt_pct(pct(pub_total, total))}。其中：{kind_text(pub_kinds, '涉及项目金额')}。",
        ),
        ("p", "（项目绩效目标表公开情况见附件）"),
    ]


def assets_text(b: Budget, rng: random.Random, f: dict) -> list[tuple[str, str]]:
    u = b.unit
    when = f"截至{b.year - rng.choice([0, 1, 1])}年12月31日"
    v = b.vehicles
    area = rng.randint(40000, 400000)
    general, special = rng.choice([0, 0, 1, 2]), rng.choice([0, 0, 0, 1])
    f["vehicles"] = dict(v)
    f["office_area_m2"] = dec(area)
    f["equipment"] = {"通用设备（50万元以上）": general, "专用设备（100万元以上）": special}
    kinds = "，".join(f"{k}{n}辆" for k, n in v.items() if k not in ("编制", "实有"))
    return [
        ("h", "十一、国有资产占有使用情况"),
        ("h", "1、车辆情况："),
        ("p", f"{when}，{u}共有公务用车编制{v['编制']}辆，实有{v['实有']}辆，其中：{kinds}。"),
        ("h", "2、房屋情况："),
        ("p", f"{when}，{u}使用的办公用房建筑总面积{fmt(area)}平方米。"),
        ("h", "3、其他国有资产占有使用情况："),
        (
            "p",
            f"{when}，{u}占有使用价值50万元（原值）以上的通用设备{general}台（套）；{u}占有使用单价100万元"
            f"（原值）以上的专用设备{special}台（套）。",
        ),
        ("h", "十二、其他说明"),
        ("h", "（一）政府购买服务指导性目录"),
        ("p", "本单位没有政府购买服务指导性目录。"),
        ("h", "（二）其他"),
        ("p", "本单位没有其他情况说明。"),
    ]


# ---------------------------------------------------------------------------------------------------------
# 项目支出绩效目标表 (money in 元)
# ---------------------------------------------------------------------------------------------------------
INDICATORS = {  # 二级指标 → [(三级指标, 指标值 template)]
    "数量指标": [
        ("开展专项检查次数", "≥{n}次"),
        ("培训人次", "≥{n}人次"),
        ("完成工作任务数量", "{n}项"),
        ("保障工作人员数量", "{n}人"),
        ("覆盖乡镇数量", "≥{n}个"),
    ],
    "质量指标": [
        ("任务完成合格率", "≥95%"),
        ("资金使用合规率", "100%"),
        ("工作完成质量", "达标"),
        ("验收通过率", "100%"),
    ],
    "时效指标": [("任务完成时间", "{y}年12月31日前"), ("资金拨付及时率", "100%"), ("工作完成及时性", "及时")],
    "成本指标": [("项目成本", "≤{yuan}元"), ("人均补助标准", "{per}元/人")],
    "经济效益指标": [("节约行政运行成本", "有效节约")],
    "社会效益指标": [
        ("提升公共服务水平", "明显提升"),
        ("保障业务工作正常运转", "有效保障"),
        ("社会公众知晓率", "≥80%"),
    ],
    "生态效益指标": [("生态环境质量", "逐步改善")],
    "可持续影响指标": [("长效管理机制", "持续完善")],
    "服务对象满意度指标": [
        ("服务对象满意度", "≥90%"),
        ("群众满意度", "≥90%"),
        ("企业满意度", "≥85%"),
        ("参训人员满意度", "≥90%"),
    ],
}
OUTPUT_L2 = ("数量指标", "质量指标", "时效指标", "成本指标")
EFFECT_L2 = ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")
OPTIONAL_P = {"经济效益指标": 0.3, "生态效益指标": 0.25, "可持续影响指标": 0.3}


def _core(name: str) -> str:
    return re.sub(r"^[A-Z]+", "", name)


def _glue_ok(value: str) -> bool:
    return bool(re.match(r"[≥≤0-9]", value))


def perf_target(b: Budget, p: Project, rng: random.Random, fund_delta: int = 0) -> tuple[list[str], dict]:
    """One 绩效目标表: its printed blocks and its truth. fund_delta (元) plants a wrong 年度资金总额."""
    y, u, core = b.year, b.unit, _core(p.name)
    annual = p.total * 100 + fund_delta  # hundredths of 万元 → 元
    if p.name.startswith("T"):
        attr, period, years = "一次性项目（1年结束）", "1年", 1
    elif p.name.startswith("Z") and rng.random() < 0.2:
        attr, period, years = "延续性项目", "3年", 3
    else:
        attr, period, years = "经常性项目（长期开展）", "99年", 1
    source = (
        ("中央财政资金" if rng.random() < 0.3 else "省级财政资金") if p.name.startswith("T") else "市县（区）财政资金"
    )
    labels = ("中央财政资金", "省级财政资金", "市县（区）财政资金", "单位自筹")
    split = {k: 0 for k in labels}
    split["单位自筹"] = min(p.se * 100, annual)  # 单位资金 is self-raised; the appropriation comes from `source`
    split[source] += annual - split["单位自筹"]
    dept = f"{rng.randint(10, 999):03d}-{u}[部门]"
    if p.name.startswith("T") and rng.random() < 0.5:
        dept = (
            f"{rng.randint(900, 999)}-{b.place}财政局{rng.choice(['经建科', '农业农村科', '社会保障科', '教科文科'])}"
        )
    funds: list[tuple[str, str, Decimal]] = []
    for per, mult in (("实施期", years), ("年度", 1)):
        funds.append((per, "资金总额", Decimal(annual * mult)))
        funds += [(per, k, Decimal(v * mult)) for k, v in split.items()]
    f = {per: {src: int(v) for p_, src, v in funds if p_ == per} for per in ("实施期", "年度")}
    blocks = [
        f"{b.place}{_level(b.place)}级预算部门（单位）项目支出绩效目标表",
        f"（{y}年度）",
        f"项目名称 {p.name}",
        f"主管部门及代码 {dept} 实施单位 {u}",
        f"项目属性 {attr} 项目期 {period}",
        "项目资金",
        "（元）",
        f"实施期资金总额： {fmt_yuan(f['实施期']['资金总额'])} 年度资金总额： {fmt_yuan(f['年度']['资金总额'])}",
        f"其中：中央财政资金 {fmt_yuan(f['实施期']['中央财政资金'])} 其中：中央财政资金 {fmt_yuan(f['年度']['中央财政资金'])}",
        f"省级财政资金 {fmt_yuan(f['实施期']['省级财政资金'])} 省级财政资金 {fmt_yuan(f['年度']['省级财政资金'])}",
        "市县（区）财政资",
        f"金\n{fmt_yuan(f['实施期']['市县（区）财政资金'])} 市县（区）财政资金 {fmt_yuan(f['年度']['市县（区）财政资金'])}",
        f"单位自筹 {fmt_yuan(f['实施期']['单位自筹'])} 单位自筹 {fmt_yuan(f['年度']['单位自筹'])}",
        "其他资金 其他资金",
    ]
    lv = _level(b.place)
    texts = [
        (
            "项目概况",
            f"{core}主要用于保障{u}依法履行{b.profile.domain}工作职责，围绕年度重点任务组织开展相关工作，确保各项工作"
            f"按计划推进、取得实效。",
        ),
        (
            "立项依据",
            f"《{b.province[:-1]}省{b.profile.domain}工作若干规定》及{b.place}财政局关于{y}年预算编制工作的通知",
        ),
        (
            "项目设立必要性",
            f"{core}是履行部门职责的重要保障，对推动全{lv}{b.profile.domain}工作高质量发展具有重要意义。",
        ),
        (
            "保证项目实施的制度、措施",
            "严格执行财政专项资金管理办法和单位内部财务管理制度，专款专用，强化绩效运行监控。",
        ),
        ("项目实施计划", f"{y}年1月1日-{y}年12月31日，按照年度工作计划分阶段组织实施，年底前完成全部工作任务。"),
    ]
    for label, text in texts:
        lines = wrap_text(text, 48)
        if len(label) + _width(text) <= 50 and rng.random() < 0.7:
            blocks.append(f"{label} {text}")
        else:
            body = lines[0]
            for ln in lines[1:]:
                body += rng.choice(["\n", "\n\n"]) + ln
            blocks.append(f"{label}\n{body}")
    goal_long = (
        f"通过{core}的实施，保障相关工作顺利开展，全面完成年度目标任务，不断提升{b.profile.domain}工作服务水平。"
    )
    goal_year = f"{y}年完成{core}各项工作任务，资金使用规范，服务对象满意。"
    blocks.append("实施期目标 年度目标")
    left, right = wrap_text(goal_long, 38), wrap_text(goal_year, 24)
    blocks.append("总体目标\n" + "\n\n".join(left) + "\n" + "\n".join(right))
    blocks += ["绩", "效\n指", "标", "一级指标 二级指标 三级指标 指标值 二级指标 三级指标 指标值"]
    indicators: list[dict] = []
    fills = {"y": y, "yuan": annual, "n": rng.randint(2, 60), "per": rng.choice([3000, 5000, 35000])}

    def pick(l2: str) -> tuple[str, str] | None:
        if rng.random() < OPTIONAL_P.get(l2, 1.0) and (
            l2 != "生态效益指标" or b.profile.domain in ("生态环境", "水务", "自然资源", "农业农村")
        ):
            name, tmpl = rng.choice(INDICATORS[l2])
            return name, tmpl.format(**fills)
        return None

    def row(l1: str, l2: str, prefix: str) -> str:
        ind = pick(l2)
        sides = [ind if ind and rng.random() < 0.93 else None, ind if ind and rng.random() < 0.93 else None]
        if ind and not any(sides):
            sides[1] = ind
        for per, s in zip(("实施期", "年度"), sides):
            if s:
                indicators.append({"period": per, "level1": l1, "level2": l2, "name": s[0], "value": s[1]})
        pre = prefix + " " if prefix else ""
        glue = "" if l2 == "服务对象满意度指标" else " "
        lt = f"{pre}{l2}{glue}{sides[0][0]} {sides[0][1]}" if sides[0] else f"{pre}{l2}"
        if sides[1]:
            sep = "" if _glue_ok(sides[1][1]) and rng.random() < 0.5 else " "
            rt = f"{l2}{glue}{sides[1][0]}{sep}{sides[1][1]}"
        else:
            rt = l2
        return f"{lt} {rt}"

    blocks.append("产出指标")
    blocks += [row("产出指标", l2, "") for l2 in OUTPUT_L2]
    blocks.append("效益指标")
    blocks += [row("效益指标", l2, "") for l2 in EFFECT_L2]
    blocks.append(row("满意度指标", "服务对象满意度指标", "满意度指标"))
    stamp = (
        f"{y - 1}{rng.randint(10, 12)}{rng.randint(10, 28)}"
        f"{rng.randint(8, 18):02d}{rng.randint(0, 59):02d}{rng.randint(0, 59):02d}"
    )
    blocks.append(f"负责人： 经办人： 联系电话： 填报日期： {stamp}")
    truth = {
        "name": p.name,
        "department": dept,
        "implementer": u,
        "attribute": attr,
        "period": period,
        "funds": [[per, src, v] for per, src, v in funds],
        "texts": [list(x) for x in texts],
        "goals": {"实施期": goal_long, "年度": goal_year},
        "indicators": indicators,
        "table12_total_yuan": Decimal(p.total * 100),
    }
    return blocks, truth


# ---------------------------------------------------------------------------------------------------------
# Planted inconsistencies
# ---------------------------------------------------------------------------------------------------------
def _delta(rng: random.Random, floor: int) -> int:
    """A copy-error sized change that keeps the figure positive (floor: the smallest value it touches)."""
    for _ in range(20):
        d = rng.choice([1, 10, 100, 1000]) * rng.choice([1, -1])
        if floor + d > 0:
            return d
    return 1


def _shift(row: Row, col: int, d: int) -> None:
    row.values[col] = (row.values[col] or 0) + d
    row.values[0] = (row.values[0] or 0) + d


def _plant_table(rng: random.Random, t: Table, row: Row, kind: str, rule: str) -> dict:
    cols = TABLE_COLUMNS[t.label][""]
    col = rng.choice([i for i in (1, 2) if row.values[i]])
    before = {cols[i]: dec(row.values[i]) for i in (0, col)}
    _shift(row, col, _delta(rng, min(row.values[0], row.values[col])))
    return {
        "kind": kind,
        "table": t.label,
        "code": row.code,
        "name": row.name,
        "rule": rule,
        "printed": {cols[i]: dec(row.values[i]) for i in (0, col)},
        "expected": before,
    }


def plant(kinds: list[str], seed: int, b: Budget, t: dict[int, Table]) -> tuple[list[dict], dict]:
    """Break the named rules in the printed tables; returns the record and the knobs for text and 绩效表."""
    rng = random.Random(f"{seed}-plant")
    planted: list[dict] = []
    knobs: dict = {}
    for kind in kinds:
        if kind not in PLANTABLE:
            raise ValueError(f"unknown planted error kind {kind!r}; known: {', '.join(PLANTABLE)}")
        if kind == "parent_sum":
            tab = t[rng.choice([3, 5])]
            row = rng.choice([r for r in tab.rows if r.level == "款"])
            planted.append(_plant_table(rng, tab, row, kind, "款 = 其下各项之和"))
        elif kind == "total_mismatch":
            planted.append(_plant_table(rng, t[3], t[3].rows[0], kind, "表三 合计 = 表一 支出总计"))
        elif kind == "narrative_total":
            total = b.sum_leaves("total")
            stated = total + _delta(rng, total)
            knobs["narrative_total"] = stated
            planted.append(
                {
                    "kind": kind,
                    "section": "三、支出预算情况说明",
                    "field": "支出预算",
                    "rule": "情况说明 支出预算 = 表三 合计",
                    "stated": dec(stated),
                    "expected": dec(total),
                }
            )
        elif kind == "perf_funds":
            knobs["perf_funds"] = (rng.random(), rng.choice([100, 1000, 10000]) * rng.choice([1, -1]))
        elif kind == "three_public":
            upkeep = b.econ_amount("公务用车运行维护费")
            d = _delta(rng, upkeep) if upkeep else rng.choice([50, 100, 350])
            t[10].rows = three_public_rows(b, upkeep + d)
            planted.append(
                {
                    "kind": kind,
                    "table": "表十",
                    "name": "②公务用车运行维护费",
                    "rule": "表十 公务用车运行维护费 = 表六 公务用车运行维护费",
                    "printed": dec(upkeep + d),
                    "expected": dec(upkeep),
                }
            )
    return planted, knobs


# ---------------------------------------------------------------------------------------------------------
# The document
# ---------------------------------------------------------------------------------------------------------
@dataclass
class GeneratedDoc:
    seed: int
    text: str
    unit: str
    year: int
    rows: list[dict]
    perf: list[dict]
    facts: dict
    planted: list[dict]
    features: dict  # what this seed exercises: gov_fund, carryover, unit_funds, wrapped_projects, …

    def truth(self) -> dict:
        """JSON-ready ground truth (Decimals as strings)."""
        return _jsonable(
            {
                "seed": self.seed,
                "unit": self.unit,
                "year": self.year,
                "rows": self.rows,
                "perf": self.perf,
                "facts": self.facts,
                "planted": self.planted,
                "features": self.features,
                "columns": TABLE_COLUMNS,
            }
        )


def _jsonable(x):
    if isinstance(x, Decimal):
        return str(x)
    if isinstance(x, dict):
        return {k: _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    return x


def _add_items(pg: Pager, items: list[tuple[str, str]], width: float) -> None:
    for kind, text in items:
        if kind == "h":
            pg.add(text)
        else:
            for line in wrap_text(text, width):
                pg.add(line)


def _choose_perf(rng: random.Random, projects: list[Project]) -> list[Project]:
    names = [p.name for p in projects]
    pool = [p for p in projects if names.count(p.name) == 1 and p.total >= 100] or projects[:1]
    k = rng.randint(min(2, len(pool)), min(6, len(pool)))
    chosen = rng.sample(pool, k=k)
    return [p for p in projects if any(p is c for c in chosen)]


def generate(seed: int, **options) -> GeneratedDoc:
    """A synthetic disclosure for `seed`. Options: planted=[kinds] (see PLANTABLE); to force features:
    profile (dept or domain, e.g. "教育局"), place, year, gov_fund, carryover, unit_funds, vehicles (int),
    reception, abroad, shared_name (bools)."""
    planted_kinds = list(options.pop("planted", []) or [])
    b = _make_budget(seed, options)
    tables = build_tables(b)
    planted, knobs = plant(planted_kinds, seed, b, tables)
    lay = random.Random(f"{seed}-layout")
    st = Style(lay, b.unit, b.year)
    if st.mid_space_t3:
        for r in tables[3].rows:
            v = r.values
            if r.level in ("类", "款") and v[0] and v[1] is None and v[2]:
                r.mid_space = True
    if tables[2].rows and tables[2].rows[0].values[-1] is None:  # surplus spaces only after a blank cell
        tables[2].rows[0].trail_space = st.total_trail_t2
    perf_rng = random.Random(f"{seed}-perf")
    perf_projects = _choose_perf(perf_rng, b.projects)
    perf_blocks, perf_truth = [], []
    bad = None
    if "perf_funds" in knobs:
        bad = int(knobs["perf_funds"][0] * len(perf_projects))
    for i, p in enumerate(perf_projects):
        delta = knobs["perf_funds"][1] if i == bad else 0
        if delta and p.total * 100 + delta <= 0:
            delta = abs(delta)
        blocks, truth = perf_target(b, p, perf_rng, delta)
        perf_blocks.append(blocks)
        perf_truth.append(truth)
        if delta:
            planted.append(
                {
                    "kind": "perf_funds",
                    "project": p.name,
                    "period": "年度",
                    "rule": "绩效目标表 年度资金总额 = 表十二 合计 × 10000",
                    "stated": Decimal(p.total * 100 + delta),
                    "expected": Decimal(p.total * 100),
                    "unit": "元",
                }
            )
    text_rng = random.Random(f"{seed}-text")
    narr = situation(b, tables, perf_projects, text_rng, knobs.get("narrative_total"))
    width = lay.uniform(35.5, 38)
    pg = Pager()
    pg.cap = lay.randint(28, 36)
    _add_items(pg, overview(b, text_rng), width)
    table_cap, narr_cap = lay.randint(30, 42), lay.randint(20, 26)
    for no in range(1, 14):
        blocks = table_blocks(tables[no], st)
        lines = sum(len(x.split("\n")) for x in blocks)
        if not (7 <= no <= 11 and lines <= 26 and lay.random() < 0.3 and pg.room() >= lines):
            pg.new_page()
        pg.cap = table_cap
        if no == 1:
            pg.footer = f"第二部分 {b.year}年单位预算报表"
        for blk in blocks:
            pg.add(blk)
        if pg.footer:
            pg.pages[-1].append(pg.footer)
            pg.footer = None
    pg.new_page()
    pg.cap = narr_cap
    _add_items(pg, narr.items, width)
    for blocks in perf_blocks:
        pg.new_page()
        pg.cap = 10**6
        for blk in blocks:
            pg.add(blk)
    pg.new_page()
    pg.cap = narr_cap
    _add_items(pg, narr.after_perf, width)
    pg.new_page()
    _add_items(pg, [("h", "第四部分 名词解释")] + [("p", g) for g in GLOSSARY], width)
    text = pg.render()
    rows = [r for no in range(1, 14) for r in table_truth(tables[no])]
    features = {
        "profile": b.profile.dept,
        "gov_fund": bool(b.sum_leaves("gf")),
        "carryover": bool(b.carry),
        "unit_funds": bool(b.sum_leaves("se")),
        "vehicles": b.vehicles["实有"],
        "wrapped_projects": [p.name for p in b.projects + b.carry if len(chunk_name(p.name, 14)) > 1],
        "shared_names": sorted({p.name for p in b.projects if [q.name for q in b.projects].count(p.name) > 1}),
        "table_page_breaks": _table_breaks(text),
        "three_public_nonzero": [r.name for r in tables[10].rows if r.values[0] and r.name[0] not in "①②合"],
    }
    return GeneratedDoc(seed, text, b.unit, b.year, rows, perf_truth, narr.facts, planted, features)


_CODE_ROW = re.compile(r"^ \d{3,7} ")


def _table_breaks(text: str) -> list[str]:
    """Coded rows that open a page (a page break in the middle of 表二/三/五/七/八's rows)."""
    return [ln.strip() for ln in text.split("\n") if _CODE_ROW.match(ln)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write a synthetic budget disclosure (and its ground truth).")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True, help="path of the document text")
    ap.add_argument("--truth", help="path of the ground-truth JSON (default: none)")
    ap.add_argument("--plant", action="append", default=[], choices=PLANTABLE, help="plant an error (repeatable)")
    args = ap.parse_args(argv)
    doc = generate(args.seed, planted=args.plant)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(doc.text, encoding="utf-8")
    if args.truth:
        Path(args.truth).write_text(json.dumps(doc.truth(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(
        f"{args.out}: {doc.unit} {doc.year}, {len(doc.rows)} cells, {len(doc.perf)} 绩效目标表, "
        f"planted {[p['kind'] for p in doc.planted]}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
