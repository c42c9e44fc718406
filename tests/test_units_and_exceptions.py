"""Questions the session-20 blind sets asked, by kind: a unit of the department named in English ("the Work
Safety Emergency Rescue Center" — its figure, never the department's), a unit's 人员经费 / 公用经费 / 专项业务经费
read from the table that lists each unit with those columns, a follow-up naming another unit that keeps the column,
「人员经费比公用经费多多少」 where a row 「人员经费和公用经费支出」 exists, 「三家下属单位…加起来」, 「其中X单位多少」
after a column's total, an 经济分类 item printed in both the 基本支出 and the 项目支出 table (the department's figure is
both), 「去年呢」 answered only by a sentence about last year, a change the prose states of 「因公出国（境）费」
asked of the row 「因公出国（境）费用」, English for equipment counts; and 「除了X以外的Y」 (golden d062)."""

from __future__ import annotations

from decimal import Decimal

import libraries
import pytest

from app.library import Library


@pytest.fixture(scope="module")
def datong(tmp_path_factory) -> Library:
    return libraries.library(tmp_path_factory.mktemp("datong"), [str(libraries.ROOT / "data" / "datong_gxj_2024.txt")])


@pytest.fixture(scope="module")
def xian(tmp_path_factory) -> Library:  # 西安市安监局 2019: four units, 表5 lists each with 人员/公用/专项业务经费
    return libraries.real(tmp_path_factory, "cities/xian_ajj_2019_dept.pdf")


@pytest.fixture(scope="module")
def guangzhou(tmp_path_factory) -> Library:  # 广州市工信局 2026: 表六 基本 and 表七 项目 经济分类, three units
    return libraries.real(tmp_path_factory, "cities/guangzhou_gxj_2026_dept.pdf")


@pytest.fixture(scope="module")
def shuozhou(tmp_path_factory) -> Library:  # 朔州市农业农村局 2026, Shanghai template: 政府采购 only in the prose
    return libraries.generated(tmp_path_factory, 2282, "shanghai")


_ask, _turns = libraries.ask, libraries.turns


def test_a_unit_named_in_english_is_that_unit_or_nothing(xian, guangzhou):
    a = _ask(xian, "How much is the total budget of the Work Safety Emergency Rescue Center?")
    assert (a.value, a.unit) == (Decimal("270.98"), "万元") and "应急救援中心" in a.text  # never 3695.91, the bureau's
    b = _ask(xian, "What is the budget of the Flood Control Center?")  # no such unit: no figure
    assert b.value is None and b.status == "not_found" and "flood control center" in b.text
    c = _ask(guangzhou, "What is the basic expenditure of the radio monitoring station?")
    assert (c.value, c.unit) == (Decimal("1448.90"), "万元")


def test_a_units_columns_come_from_the_table_that_lists_units(xian):
    a = _ask(xian, "执法监察支队的人员经费和公用经费分别是多少？")
    assert (a.value, a.unit) == (Decimal("500.06"), "万元") and "51.05万元" in a.text and "表五" in a.text
    b = _ask(xian, "西安市安全生产执法监察支队的专项业务经费是多少？")
    assert b.value == Decimal("279.16")
    c = _turns(xian, "西安市安全生产执法监察支队的专项业务经费是多少？", "What about the Emergency Rescue Center?")
    assert c.value == Decimal("148.17")  # its 专项业务经费, never its total (270.98) nor the 支队's
    d = _turns(xian, "西安市安全生产执法监察支队的人员经费是多少？", "那应急救援中心呢？")
    assert d.value == Decimal("115.66")
    e = _ask(xian, "执法监察支队的住房公积金是多少")  # a word no column of its row accounts for: not its total
    assert e.value != Decimal("837.77") and e.value != Decimal("830.27")


def test_two_names_compared_are_not_the_row_that_joins_them(xian):
    a = _ask(xian, "人员经费支出比公用经费支出多多少？")  # not the row 「人员经费和公用经费支出」 (2022.39)
    assert (a.value, a.unit) == (Decimal("1656.63"), "万元")
    assert _ask(xian, "人员经费和公用经费支出是多少").value == Decimal("2022.39")


def test_units_counted_in_words_are_no_subject(xian):
    a = _ask(xian, "宣传教育中心、执法监察支队和应急救援中心三家下属单位的总计加起来是多少？")
    assert (a.value, a.unit) == (Decimal("1571.98"), "万元")


def test_a_unit_after_a_columns_total_asks_that_column_of_it(guangzhou):
    a = _ask(guangzhou, "基本支出合计多少，其中广州市无线电监测站多少？")
    assert [p.value for p in a.parts] == [Decimal("15230.73"), Decimal("1448.90")]  # never its total 1531.90


def test_an_item_in_both_economic_tables_is_the_departments_sum(guangzhou):
    a = _ask(guangzhou, "委托业务费安排了多少，比上年增加多少？")  # the prose: 1,816.81万元，比上年增加296.76万元
    assert [p.value for p in a.parts] == [Decimal("1816.81"), Decimal("296.76")]
    assert "表六「委托业务费」" in a.parts[0].text and "表七「委托业务费」" in a.parts[0].text
    assert _ask(guangzhou, "基本支出里的委托业务费").value == Decimal("63.50")  # a side named: that side
    assert _ask(guangzhou, "表七的委托业务费是多少").value == Decimal("1753.31")


def test_a_change_the_prose_states_of_a_shorter_name(guangzhou):
    a = _turns(guangzhou, "广州市工信局因公出国（境）费安排了多少？", "比上年减少了多少？")
    assert (a.value, a.unit) == (Decimal("3.4"), "万元")


def test_english_equipment_counts(guangzhou):
    a = _ask(
        guangzhou, "How many pieces of equipment with a unit price above one million yuan does the department have?"
    )
    assert (a.value, a.unit) == (Decimal("34"), "台")


def test_last_year_is_not_this_years_sentence(shuozhou):
    a = _turns(shuozhou, "朔州市农业农村局政府采购预算多少？", "去年呢？")
    assert a.value is None and a.status == "not_found" and "96.44" not in a.text


def test_all_but_a_named_part(datong):
    a = _ask(datong, "除了公车以外的交通费用多少")  # golden d062: never 公务用车 (3.50)
    assert (a.value, a.unit) == (Decimal("39.54"), "万元") and "其他交通费用" in a.text
    b = _ask(datong, "除了公务用车运行维护费以外的商品和服务支出")  # 表六's siblings, not the 三公 table's
    assert b.value == Decimal("81.64")
    c = _ask(datong, "除了项目支出以外的支出是多少")  # nothing to subtract from: no figure
    assert c.value is None and c.status == "not_found" and "177.49" not in c.text
    assert _ask(datong, "除了离休费以外的其余各项加起来是多少").value == Decimal("270.19")


def test_an_untitled_table_is_cited_by_its_section_heading(guangzhou):
    a = _ask(guangzhou, "支持新型工业化建设这个项目有多少钱？")  # a table under 「七、重点项目预算绩效目标情况」
    assert (a.value, a.unit) == (Decimal("164638.39"), "万元")
    assert a.citations[0].title.startswith("重点项目预算绩效目标情况") and a.citations[0].source == "第二十九页表格"


def test_when_a_rows_activity_is_held_is_read_from_its_own_note(xian):
    a = _ask(xian, "安全生产月活动一般在什么时候举办？")  # its 项目简介, not another row's note that says 举办
    assert "每年6月举行" in a.text and a.value is None


def test_the_departments_own_level_is_its_own_units_row(xian, guangzhou):
    a = _ask(xian, "安监局本级的专项业务经费是多少")  # 125001's, never the department's 1620.98
    assert (a.value, a.unit) == (Decimal("1008.45"), "万元")
    assert _ask(xian, "安监局本级的收入总计是多少").value == Decimal("2123.93")  # not 3695.91
    assert _ask(xian, "安监局的人员经费是多少").value == Decimal("1839.51")  # no 本级: the department's
    b = _ask(guangzhou, "工信局本级的基本支出是多少")  # 「广州市工业和信息化局（本级）」, never 15230.73
    assert (b.value, b.unit) == (Decimal("11605.03"), "万元")


def test_three_public_is_not_a_total_that_holds_meetings_and_training(xian):
    a = _ask(xian, "三公经费是多少")  # 表13's 合计 83.74 adds 会议费 and 培训费; its 三公 column is 28.38
    assert (a.value, a.unit) == (Decimal("28.38"), "万元")
    assert _ask(xian, "会议费是多少").value == Decimal("19.06")


def test_a_unit_half_read_in_english_is_still_that_unit(xian):
    a = _ask(xian, "How much is the personnel expenditure of the law enforcement detachment?")
    assert (a.value, a.unit) == (Decimal("500.06"), "万元")  # never the department's 1839.51


def test_its_total_after_a_units_figure_is_the_units_total(guangzhou):
    a = _ask(guangzhou, "产业发展中心的基本支出占它总支出的比例")  # ÷ the 中心's 2861.45, never the department's
    assert (a.value, a.unit) == (Decimal("76.07"), "%")


def test_one_side_of_a_joined_name_is_not_the_whole(xian):
    a = _ask(xian, "公务用车购置费是多少")  # 表13 prints 购置经费 blank: never 购置及运行维护费's 24.00
    assert a.value != Decimal("24.00")
    assert _ask(xian, "公务用车购置及运行维护费是多少").value == Decimal("24.00")


@pytest.fixture(scope="module")
def shenzhen(tmp_path_factory) -> Library:  # 深圳市交管局 2026: 表九 三公 by source, 合计 row first
    return libraries.real(tmp_path_factory, "cities/shenzhen_jjj_2026_dept.pdf")


def test_all_but_a_part_of_a_concepts_table(shenzhen, datong):
    a = _ask(shenzhen, "除了公务接待费以外的三公经费是多少")  # 表九 合计 − 公务接待费
    assert (a.value, a.unit) == (Decimal("3695.05"), "万元") and "3704.75 − 9.70" in a.text
    b = _ask(datong, "除了离休费以外的对个人和家庭的补助")  # 表六 lists 离休费, 退休费, 奖励金 under it
    assert b.value == Decimal("270.19")


@pytest.fixture(scope="module")
def hangzhou(tmp_path_factory) -> Library:  # 杭州市司法局 2026: 监狱 and a 戒毒所 as units, projects listed by unit
    return libraries.real(tmp_path_factory, "cities/hangzhou_sfj_2026_dept.pdf")


def test_a_unit_by_its_last_words_and_a_prison_is_a_unit(hangzhou):
    a = _ask(hangzhou, "戒毒所的三公经费是多少")  # 表七 by unit: 「杭州市富春强制隔离戒毒所」
    assert (a.value, a.unit) == (Decimal("54.08"), "万元")
    b = _ask(hangzhou, "东郊监狱有几个项目")  # a count, never its 三公 89.60
    assert (b.value, b.unit) == (Decimal("5"), "个")
    c = _ask(hangzhou, "东郊监狱的项目支出是多少")  # its projects in 表十 added up
    assert c.value == Decimal("2834.13")
    d = _ask(hangzhou, "戒毒所的项目支出占它总支出的比例")  # never the department's 28.73%
    assert d.value != Decimal("28.73")
    assert _ask(hangzhou, "监狱支出是多少").value == Decimal("59935.35")  # the function class stays a class


@pytest.fixture(scope="module")
def meteorology(tmp_path_factory) -> Library:  # 广州市气象局 2026: 气象台, 防雷减灾管理办公室 … as units
    return libraries.real(tmp_path_factory, "cities/guangzhou_qxj_2026_dept.pdf")


def test_a_unit_named_without_its_city(meteorology):
    a = _ask(meteorology, "气象台的项目支出是多少")  # 「广州市气象台」: its own part is one character
    assert (a.value, a.unit) == (Decimal("284.00"), "万元")
    assert _ask(meteorology, "气象台的收入是多少").value == Decimal("1519.20")  # never the bureau's 7651.71


def test_several_prisons_as_units(hangzhou, xian):
    a = _ask(hangzhou, "表10里东郊、西郊、南郊、北郊监狱的罪犯生活保障项目加起来多少？")  # each unit's row
    assert a.value == Decimal("3900.62")
    b = _ask(hangzhou, "西郊监狱的三公经费比东郊监狱多多少？")  # 表七 by unit: 101.60 − 89.60
    assert (b.value, b.unit) == (Decimal("12.00"), "万元")
    c = _ask(xian, "执法监察支队和应急救援中心的专项业务经费分别是多少")
    assert c.value == Decimal("279.16") and "148.17万元" in c.text


def test_a_unit_the_document_does_not_list_is_not_a_near_one(hangzhou):
    a = _ask(hangzhou, "杭州市中郊监狱2026年的“三公”经费是多少？")  # never 东郊监狱's 89.60
    assert a.value is None and a.status == "not_found" and "89.60" not in a.text
