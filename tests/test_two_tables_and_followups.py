"""Questions the session-21 blind sets asked, by kind: one row asked of two tables the question names (「交通运输支出在
部门收支总表和财政拨款收支总表里差了多少」 — both rows, never one table's figure), a follow-up share after a row printed
with its list number (「二、政府性基金预算」 → 「占总收入多少？」), a name said exactly inside a longer loose match
(「…预算占总收入」), last year's total from 「收入比 2025 年增加…」, and English names of the national 功能分类
(highway loan repayment, land development) and of 内设 offices; and 「表五里的退休费」 where 表五 lists no 退休费.
Then what probing ten more real documents and sets 21c/21d found: 政府购买服务 apart from 政府采购, 本级 of a department
whose tables are the whole, each of several shares, a source's part of 基本支出/项目支出, a column's share of its own
row, 「除了X以外的Y」 as Y − X (over the 基本 and 项目 经济分类 tables too), projects named in the 上年结转 table, a
project's 本年 + 上年结转, and English in quotes, in another word order and in the singular."""

from __future__ import annotations

from decimal import Decimal

import libraries
import pytest

from app.library import Library


@pytest.fixture(scope="module")
def datong(tmp_path_factory) -> Library:
    return libraries.library(tmp_path_factory.mktemp("datong"), [str(libraries.ROOT / "data" / "datong_gxj_2024.txt")])


@pytest.fixture(scope="module")
def fuping(tmp_path_factory) -> Library:  # 富平县交通运输局 2024, numbered template: 单位资金 only in the 部门 tables
    return libraries.generated(tmp_path_factory, 2294, "numbered")


@pytest.fixture(scope="module")
def jingzhou(tmp_path_factory) -> Library:  # 荆州市自然资源局 2023, national template: 表一 rows 「二、政府性基金预算」
    return libraries.generated(tmp_path_factory, 2288, "national")


@pytest.fixture(scope="module")
def chongqing(tmp_path_factory) -> Library:  # 中共重庆市委宣传部 2026: 「收入比 2025 年增加 2,734.52 万元」
    return libraries.real(tmp_path_factory, "cities/chongqing_xcb_2026_dept.pdf")


_ask, _turns = libraries.ask, libraries.turns


def test_one_row_of_two_named_tables(fuping):
    a = _ask(fuping, "交通运输支出在部门收支总表和财政拨款收支总表里差了多少？")
    assert (a.value, a.unit) == (Decimal("5.00"), "万元")  # 1256.55 − 1251.55, never one table's 1256.55
    assert "1256.55" in a.text and "1251.55" in a.text
    b = _ask(fuping, "部门收支总表和财政拨款收支总表的交通运输支出分别是多少")
    assert b.value == Decimal("1256.55") and "1251.55万元" in b.text
    c = _ask(fuping, "表一和表六的交通运输支出差多少")  # 表六 (基本支出 by 经济分类) has no such row: no figure
    assert c.value is None and c.status == "not_found" and "表六" in c.text


def test_a_follow_up_share_of_a_row_printed_with_its_number(jingzhou):
    a = _turns(jingzhou, "荆州市自然资源局2023年政府性基金预算收入多少？", "占总收入多少？")
    assert (a.value, a.unit) == (Decimal("37.99"), "%")  # 430.00 ÷ 1131.94


def test_a_name_said_exactly_inside_a_longer_loose_match(jingzhou):
    linked = jingzhou.qa().kb.linker.link("政府性基金预算占总收入多少")  # 「预算总收入」 read loosely overlaps the row
    assert [(m.entity.name, m.exact) for m in linked] == [("政府性基金预算", True), ("总预算", True)]


def test_last_years_total_from_a_change_said_against_the_year(chongqing):
    a = _ask(chongqing, "宣传部2025年的收入预算是多少？")
    assert (a.value, a.unit) == (Decimal("42634.66"), "万元")  # 45,369.18 − 2,734.52
    b = _ask(chongqing, "收入预算比上年增加了多少？")
    assert (b.value, b.unit) == (Decimal("2734.52"), "万元")


def test_english_names_of_the_national_classes(fuping, jingzhou, chongqing):
    assert _ask(fuping, "How much is budgeted for highway loan repayment?").value == Decimal("380.85")
    a = _ask(jingzhou, "How much government fund budget is allocated to land development expenditure?")
    assert (a.value, a.unit) == (Decimal("430.00"), "万元")
    b = _ask(chongqing, "How many internal functional divisions does the department have?")
    assert (b.value, b.unit) == (Decimal("24"), "个")


def test_a_row_the_named_table_does_not_list(datong):
    a = _ask(datong, "表五里的退休费是多少")  # 表五 is by 功能分类: 退休费 is 表六's, never answered as 表五's
    assert a.value is None and a.status == "not_found" and "表六" in a.text and "269.89" not in a.text
    b = _ask(datong, "表六里的退休费是多少")
    assert (b.value, b.unit) == (Decimal("269.89"), "万元")
    c = _ask(datong, "表五里的行政运行")
    assert c.value == Decimal("539.44")


@pytest.fixture(scope="module")
def beijing(tmp_path_factory) -> Library:  # 北京市审计局 2026 (two files): 表十 政府采购, 表十一 政府购买服务, 2 units
    return libraries.real(
        tmp_path_factory, "cities/beijing_sjj_2026_dept_part1.pdf", "cities/beijing_sjj_2026_dept_part2.pdf"
    )


@pytest.fixture(scope="module")
def zhuhai(tmp_path_factory) -> Library:  # 珠海 工务中心 2026: 表12 projects by source of funds
    return libraries.real(tmp_path_factory, "cities/zhuhai_gwzx_2026_dept.pdf")


@pytest.fixture(scope="module")
def changsha(tmp_path_factory) -> Library:  # 长沙 职教基地协调办 2026: 表六 columns 人员类 / 公用经费
    return libraries.real(tmp_path_factory, "cities/changsha_zjjd_2026_dept.pdf")


@pytest.fixture(scope="module")
def wuxi(tmp_path_factory) -> Library:  # 无锡市商务局 2026: 科学技术支出 12,500 of 17,466.65
    return libraries.real(tmp_path_factory, "cities/wuxi_sw_2026_dept.pdf")


def test_purchase_of_services_is_not_procurement(beijing):
    a = _ask(beijing, "政府购买服务预算一共多少")  # 表十一, never 表十's 政府采购 4,988.73
    assert a.value is not None and round(a.value, 2) == Decimal("3756.18") and "表十一" in a.text
    b = _ask(beijing, "政府采购服务类预算多少")  # 表十 「C-服务」: a catalogue code before the name
    assert b.value is not None and round(b.value, 2) == Decimal("4749.95")
    assert round(_ask(beijing, "政府采购预算是多少").value, 2) == Decimal("4988.73")


def test_own_level_of_a_department_whose_tables_are_the_whole(beijing):
    a = _ask(beijing, "审计局本级的基本支出是多少")  # 2 units; the tables print only the department: no figure
    assert a.value is None and a.status == "not_found" and "本级" in a.text
    assert round(_ask(beijing, "北京市审计局的基本支出是多少").value, 2) == Decimal("25218.54")
    assert _ask(beijing, "本级财政拨款收入是多少").value is not None  # 本级财政 is the city's finance, no unit


def test_each_of_several_shares(beijing):
    a = _ask(beijing, "基本支出和项目支出各占多少比例")  # each of the total, never 项目支出 ÷ 基本支出
    assert (a.value, a.unit) == (Decimal("76.76"), "%") and "23.24%" in a.text and "30.27" not in a.text


def test_a_source_part_of_a_whole(zhuhai):
    a = _ask(zhuhai, "项目支出里政府性基金预算占多少比例")  # 6,816.00 ÷ 7,552.92, never 项目支出 ÷ the total
    assert (a.value, a.unit) == (Decimal("90.24"), "%")


def test_a_column_named_otherwise(changsha):
    a = _ask(changsha, "人员经费和公用经费分别是多少")  # 表六 prints 人员经费 as 「人员类」
    assert (a.value, a.unit) == (Decimal("356.76"), "万元") and "29.97万元" in a.text


def test_all_but_one_of_the_whole_spending(wuxi, datong):
    a = _ask(wuxi, "除了科学技术支出以外的支出是多少")
    assert (a.value, a.unit) == (Decimal("4966.65"), "万元")  # 17,466.65 − 12,500.00
    b = _ask(datong, "除了行政运行以外的资源勘探工业信息等支出是多少")  # 行政运行 is a 项 below its 款
    assert b.value == Decimal("163.00")
    c = _ask(datong, "除了退休费以外的支出")  # 退休费 is 表六's (基本支出): its 合计 is not the whole spending
    assert c.value != Decimal("775.37")


@pytest.fixture(scope="module")
def quanzhou(tmp_path_factory) -> Library:  # 泉州市政府办 2026: three projects printed only in their 绩效目标表
    return libraries.real(tmp_path_factory, "cities/quanzhou_zfb_2026_unit.pdf")


def test_a_share_is_a_figure_or_nothing(quanzhou):
    a = _ask(quanzhou, "驻沪办房屋修缮经费占项目支出的比例")  # never a passage (the contents) without a figure
    assert (a.value, a.unit) == (Decimal("2.61"), "%") and "28.50" in a.text


@pytest.fixture(scope="module")
def yantian(tmp_path_factory) -> Library:  # 深圳 规划和自然资源局盐田管理局 2026: 表四 基本支出 by source, one unit row
    return libraries.real(tmp_path_factory, "cities/shenzhen_gtj_yantian_2026_dept.pdf")


def test_a_source_part_of_the_basic_spending(yantian, datong):
    a = _ask(yantian, "基本支出中一般公共预算是多少")  # 表四's row, never 表二's whole 一般公共预算 income (4,363.87)
    assert (a.value, a.unit) == (Decimal("2895.86"), "万元")
    b = _ask(yantian, "基本支出里一般公共预算占多少比例")  # never 4,363.87 ÷ 2,895.86 = 150.69%
    assert (b.value, b.unit) == (Decimal("100.00"), "%")
    c = _ask(datong, "基本支出中一般公共预算是多少")  # 表五 一般公共预算支出表's 基本支出 column
    assert c.value == Decimal("1045.26") and "表五" in c.text


def test_each_share_asked_after_each_amount(yantian):
    a = _ask(yantian, "项目支出和基本支出分别是多少，各占多少")
    assert a.value == Decimal("1732.21") and "37.43%" in a.text and "62.57%" in a.text


@pytest.fixture(scope="module")
def putuo_justice(tmp_path_factory) -> Library:  # 上海 普陀区司法局 2026 部门: 「本部以及下属1家预算单位」, in 元
    return libraries.real(tmp_path_factory, "putuo_sfj_2026_dept.pdf")


def test_a_column_share_of_its_own_row(putuo_justice):
    a = _ask(putuo_justice, "司法支出里面项目支出占多少比例")  # of 司法's own 合计, never of the whole budget
    assert (a.value, a.unit) == (Decimal("80.83"), "%")
    b = _ask(putuo_justice, "司法支出里项目支出占总支出的比例")  # the whole named after 占
    assert (b.value, b.unit) == (Decimal("73.26"), "%")
    c = _ask(putuo_justice, "司法局本部的预算是多少")  # its 本部 is one of two units the tables do not separate
    assert c.value is None and c.status == "not_found"


def test_an_english_name_in_another_word_order(datong):
    a = _ask(datong, "How much is allocated to the project for staff stationed in villages for assistance work?")
    assert (a.value, a.unit) == (Decimal("10.50"), "万元")  # Z驻村帮扶工作人员经费
    b = _ask(datong, "How much is allocated to staff stationed in villages for flood work?")  # flood: no such name
    assert b.value is None


@pytest.fixture(scope="module")
def yulin(
    tmp_path_factory,
) -> Library:  # 榆林市市场监督管理局 2025, Shanghai template (元; 三公 and 机关运行经费 across)
    return libraries.generated(tmp_path_factory, 2300, "shanghai")


def test_an_amount_then_its_share(yulin):
    a = _ask(yulin, "上年结转有多少，占收入总计的比例")  # two asks: the amount, then its share
    assert (a.value, a.unit) == (Decimal("864700.00"), "元") and "9.09%" in a.text


def test_a_concept_listed_beside_a_row_of_its_table(yulin):
    a = _ask(yulin, "三公经费和机关运行经费一共多少")  # 机关运行经费 is printed in the 三公 table: both are asked
    assert (a.value, a.unit) == (Decimal("59.10"), "万元")


def test_a_source_share_of_a_row(yulin):
    a = _ask(yulin, "一般公共服务支出中一般公共预算占多少")  # 表二's row: 6,481,500 ÷ 7,788,700
    assert (a.value, a.unit) == (Decimal("83.22"), "%")


def test_own_level_beside_units_the_prose_counts(tmp_path_factory):
    jinzhong = libraries.generated(tmp_path_factory, 2306, "numbered")  # 「下属事业单位3个」; tables of the whole
    a = _ask(jinzhong, "晋中市市场监管局本级的基本支出是多少")
    assert a.value is None and a.status == "not_found" and "本级" in a.text
    assert _ask(jinzhong, "晋中市市场监督管理局的基本支出是多少").value == Decimal("833.85")


def test_english_names_of_the_format_in_other_words(datong):
    a = _ask(datong, "What is the pension insurance contribution for government agencies and institutions?")
    assert (a.value, a.unit) == (Decimal("70.53"), "万元")
    b = _ask(datong, "How much money goes to the medical care of administrative units?")
    assert (b.value, b.unit) == (Decimal("25.91"), "万元")
    c = _ask(datong, "What is the budget for the information industry supervision?")
    assert (c.value, c.unit) == (Decimal("702.44"), "万元")


def test_each_units_share_of_the_whole(tmp_path_factory):
    xian = libraries.real(tmp_path_factory, "cities/xian_ajj_2019_dept.pdf")  # 西安市安监局 2019: four units
    a = _ask(xian, "执法监察支队和应急救援中心各占总预算多少")  # each unit's total ÷ the department's
    assert (a.value, a.unit) == (Decimal("22.67"), "%") and "7.33%" in a.text


def test_all_but_one_over_the_basic_and_project_tables(tmp_path_factory):
    guangzhou = libraries.real(tmp_path_factory, "cities/guangzhou_gxj_2026_dept.pdf")  # 表六 基本 + 表七 项目
    a = _ask(guangzhou, "除了委托业务费以外的商品和服务支出")  # (946.65 + 3,025.46) − (63.50 + 1,753.31)
    assert (a.value, a.unit) == (Decimal("2155.30"), "万元") and "1753.31" in a.text
    each = _ask(guangzhou, "表六和表七的差旅费分别是多少")  # 差旅费 asks each, not their difference
    assert each.value == Decimal("20.00") and "121.50万元" in each.text
    b = _ask(guangzhou, "表六里除了委托业务费以外的商品和服务支出")  # one table named: its Y − X (never the sum
    assert b.value == Decimal("883.15")  # of the other items, 883.16, a cent off the printed figures)


def test_english_items_said_in_the_singular(yulin):
    for q, want in (
        ("How much is the electricity bill?", "10000.00"),  # the glossary says "electricity bills"
        ("What is the budget for drug affairs?", "745000.00"),
        ("What is the market order law enforcement budget?", "1234000.00"),
        ("How much is the reward money?", "3000.00"),
    ):
        a = _ask(yulin, q)
        assert (a.value, a.unit) == (Decimal(want), "元"), q


def test_two_english_asks_joined_by_and(datong):
    a = _ask(datong, "How many projects are there and how much do they cost in total?")
    assert (a.value, a.unit) == (Decimal("11"), "个") and "177.49万元" in a.text


@pytest.fixture(scope="module")
def zhangye(tmp_path_factory) -> Library:  # 张掖市人社局 2023, national: 表十三 项目支出预算表（上年结转）
    return libraries.generated(tmp_path_factory, 2312, "national")


def test_projects_named_in_the_carried_over_table(zhangye):
    a = _ask(zhangye, "表十三上年结转项目里，残疾人就业保障金和职业技能等级认定工作经费加起来多少？")
    assert (a.value, a.unit) == (Decimal("67.73"), "万元")  # the two named, never all three (105.55)
    b = _ask(zhangye, "J残疾人就业保障金本年预算加上年结转一共多少钱？")  # 表十二 5.00 + 表十三 34.56
    assert (b.value, b.unit) == (Decimal("39.56"), "万元")
    c = _ask(zhangye, "残疾人就业保障金本年和上年结转分别多少")  # each, never the document's whole 上年结转
    assert c.value == Decimal("5.00") and "34.56万元" in c.text and "105.55" not in c.text


def test_english_in_quotes_and_a_source_before_income(datong, tmp_path_factory):
    a = _ask(datong, "What is the total budget for the 'three public expenses' in 2024?")
    assert (a.value, a.unit) == (Decimal("3.50"), "万元")  # never the whole budget (1,222.75)
    baoding = libraries.generated(tmp_path_factory, 2318, "shanghai")  # 保定市教育局 2023: 「三、单位资金」 225,300元
    b = _ask(baoding, "单位资金收入预算是多少？")
    assert (b.value, b.unit) == (Decimal("225300.00"), "元")
