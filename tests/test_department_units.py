"""Questions the session-16 blind sets asked, by kind, on the documents people have: a department whose tables
list their rows under each of its units (西安 安监局 2019: 「125003 …执法监察支队」 heading its rows), last year's
figures and the change printed in a table's year groups, a purchase named by what it buys, 「A和B分别」 against a
row named 「A和B」, English that names nothing of the document beside its total, a 收入 row compared with another,
a bracket printed half-width, and a project's own 情况说明 (上海 普陀 司法局)."""

from __future__ import annotations

from decimal import Decimal

import libraries
import pytest

from app.library import Library


@pytest.fixture(scope="module")
def xian(tmp_path_factory) -> Library:
    return libraries.real(tmp_path_factory, "cities/xian_ajj_2019_dept.pdf")


@pytest.fixture(scope="module")
def shanghai(tmp_path_factory) -> Library:  # 吕梁市自然资源局 2023, Shanghai template: 元, 三公 in 万元, 「(境)」
    return libraries.generated(tmp_path_factory, 2167, "shanghai")


@pytest.fixture(scope="module")
def putuo(tmp_path_factory) -> Library:
    return libraries.real(tmp_path_factory, "putuo_sfj_2026_dept.pdf")


def _ask(lib: Library, question: str, history: tuple = ()):  # type: ignore[no-untyped-def]
    return lib.ask(question, history=history)[1]


def _said(lib: Library, question: str) -> tuple[Decimal | None, str | None]:
    a = _ask(lib, question)
    return a.value, a.unit


def test_a_row_listed_under_each_unit_is_the_departments_sum_and_one_units_when_named(xian):
    a = _ask(xian, "会议费是多少")  # the 三公 table prints the department's own: read there, not added up
    assert (a.value, a.unit) == (Decimal("19.06"), "万元") and "三公" in a.citations[0].title
    b = _ask(xian, "办公费是多少")  # each unit's row of 表六 (all of 一般公共预算; no department figure): their sum
    assert b.value == Decimal("53.12") and "按单位列出" in b.reason and b.citations[0].source == "表六"
    assert _said(xian, "执法监察支队的租赁费（30214）安排了多少？") == (Decimal("107.00"), "万元")
    each = _ask(xian, "会议费和培训费各是多少？")  # each listed per unit: each the sum of its units, never one unit's
    assert each.value == Decimal("19.06") and "培训费：36.30万元" in each.text
    projects = _ask(xian, "应急救援中心有几个专项项目")
    assert projects.value == 4 and "应急救援设备购置" in projects.text


def test_last_years_figure_and_the_change_from_the_tables_year_groups(xian):
    assert _said(xian, "公务用车运行维护费比2018年增加了多少？") == (Decimal("2.78"), "万元")
    assert _said(xian, "2018年公务接待费预算是多少") == (Decimal("2.86"), "万元")
    assert _said(xian, "公务接待费比上年增长了百分之几") == (Decimal("53.15"), "%")  # 1.52 ÷ 2.86


def test_a_purchase_by_what_it_buys_and_each_of_a_pair_a_row_names_together(xian):
    assert _said(xian, "事故救援专业车的采购预算多少？") == (Decimal("59.80"), "万元")
    pair = _ask(xian, "部门人员经费支出和公用经费支出分别是多少？")
    assert pair.value == Decimal("1839.51") and "182.88" in pair.text and "2022.39" not in pair.text
    assert "2022.39" not in _ask(xian, "公用经费支出是多少").text  # one side of 「人员经费和公用经费支出」


def test_english_naming_nothing_beside_the_total_gets_no_total(xian):
    a = _ask(xian, "What is the total budget for quantum teleportation in 2019?")
    assert a.value is None and "quantum teleportation" in a.text
    assert _said(xian, "What is the total budget for 2019?") == (Decimal("3695.91"), "万元")
    including = "What is the grand total of revenue for 2019, including balances carried over from last year?"
    assert _said(xian, including) == (Decimal("3695.91"), "万元")
    assert _said(xian, "What is the total budget for special business expenditure in 2019?") == (
        Decimal("1620.98"),
        "万元",
    )


def test_an_income_row_against_another_and_a_half_width_bracket(shanghai):
    assert _said(shanghai, "一般公共预算收入比政府性基金预算收入多多少？") == (Decimal("2974300.00"), "元")
    a = _ask(shanghai, "三公经费里因公出国（境）费多少钱")
    assert (a.value, a.unit) == (Decimal("4.00"), "万元") and "三公" in a.citations[0].title


def test_a_projects_own_explanation_gives_its_budget(putuo):
    a = _ask(putuo, "人民调解项目今年预算安排多少钱？")
    assert (a.value, a.unit) == (Decimal("795"), "万元") and "人民调解项目经费情况说明" in a.citations[0].locator
    assert _ask(putuo, "社区矫正项目今年预算安排多少钱？").value is None


def test_what_a_project_is_for_from_its_tables_description(xian):
    a = _ask(xian, "驻局纪检组专项经费主要用来干啥？")  # 表10's 项目简介, not the amount
    assert "办公、差旅、办案" in a.text and a.citations and "驻局纪检组专项经费" in a.citations[0].locator
    assert _said(xian, "驻局纪检组专项经费是多少") == (Decimal("5.00"), "万元")


def test_units_named_with_a_column_and_a_share_of_a_source(xian):
    three = "宣传教育中心、执法监察支队和应急救援中心三家的一般公共预算拨款加起来多少"
    assert _said(xian, three) == (Decimal("1563.05"), "万元")  # 461.80 + 830.27 + 270.98, 表二's 一般公共预算拨款
    share = _ask(xian, "专项业务经费支出占一般公共预算拨款的比例是多少？")  # 「一般公共预算拨款 / 小计」 is its column
    assert (share.value, share.unit) == (Decimal("44.49"), "%")


@pytest.fixture(scope="module")
def beijing(tmp_path_factory) -> Library:  # 北京市审计局 2026, a report in two files
    return libraries.real(tmp_path_factory, *(f"cities/beijing_sjj_2026_dept_part{n}.pdf" for n in (1, 2)))


def test_of_two_classification_columns_the_finer_names_the_row(beijing):
    """北京's 预算06表 prints 政府经济分类 (50201-办公经费, six rows alike) beside 部门经济分类 (30201-办公费): the
    finer column names each row, so 办公费 is its own row and its code 30201."""
    assert _said(beijing, "一般公共预算基本支出表里办公费多少") == (Decimal("89.400000"), "万元")
    assert _said(beijing, "30201办公费是多少") == (Decimal("89.400000"), "万元")


def test_english_a_source_of_funds_qualifies_what_is_in_it(tmp_path_factory):
    lib = libraries.generated(tmp_path_factory, 2109, "numbered")  # 枝江市民政局 2025
    english = "What is the total basic expenditure in the general public budget for 2025?"
    assert _said(lib, english) == (Decimal("288.06"), "万元")  # 「一般公共预算基本支出」, not a container 「…里的」


def test_a_container_names_the_table_of_every_listed_item(tmp_path_factory):
    lib = libraries.real(tmp_path_factory, "cities/guangzhou_gxj_2026_dept.pdf")  # 表八 names 「（三）公务接待费支出」
    a = _ask(lib, "三公里面因公出国（境）费和公务接待费分别是多少")
    assert a.value == Decimal("70.00") and "7.18" in a.text and all(c.source == "表八" for c in a.citations)


def test_a_typed_by_ear_sum_a_printed_label_before_a_numeral_and_a_table_not_there(tmp_path_factory):
    lib = libraries.generated(tmp_path_factory, 2193, "numbered")  # 吕梁市水务局 2025: 公开01表 …
    assert _said(lib, "水费、电费和邮电费架起来多少") == (Decimal("6.96"), "万元")  # 架起来 is 加起来
    assert _said(lib, "公开09表三公经费里面公务接待费是多少？") == (Decimal("1.20"), "万元")  # not 「表九三」
    none = _ask(lib, "表十九的公务接待费是多少")
    assert none.value is None and "表十九" in none.text  # never another table's row


def test_money_words_ask_the_amount_and_a_tables_total_in_words(datong):
    a = _ask(datong, "政府采购预算呢？")
    assert (a.value, a.unit) == (Decimal("42.43"), "万元")
    assert _said(datong, "表十二一共多少钱") == _said(datong, "表十二合计是多少")  # 「一共」 is no 表十二一


@pytest.fixture(scope="module")
def datong(tmp_path_factory) -> Library:
    return libraries.library(tmp_path_factory.mktemp("datong"), [str(libraries.ROOT / "data" / "datong_gxj_2024.txt")])


def test_the_projects_of_the_project_table_named(tmp_path_factory):
    lib = libraries.generated(tmp_path_factory, 2181, "national")  # 表十二 this year's projects, 表十三 上年结转's
    named = _ask(lib, "表十三的项目有几个")
    assert named.value == 2 and "J基础性项目" in named.text  # not 表十二's seven
    assert _ask(lib, "项目有几个").value == 7
