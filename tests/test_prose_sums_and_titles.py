"""Questions the session-22 blind sets and probes of nine more real documents asked, by kind: a sum of figures the
情况说明 states one by one (「政府采购货物预算和服务预算加起来」 — every operand, never the first alone), a share
the prose prints when no denominator is named (「人员支出占多少比例」 → 「占 59.0%」), a table named by its full title
that holds 和 (「单位“三公”经费和机关运行经费预算表里…」) or by its printed number (「公开11表」 — never another
table's 项目支出), an area (「房屋面积多少」, 「截止2022年底…房屋有多少平方米」), a project the prose names with a
few more words (「新建社区公共服务中心项目」 — no other unit), a concept before a source (「机关运行经费财政拨款预算」),
小微企业, a count never answered with money, a share never with a project's amount, and English: a gloss in
brackets, "how much more … than", "share of the budget goes to", "budget cut compared with 2024", mass sports."""

from __future__ import annotations

from decimal import Decimal

import libraries
import pytest

from app.library import Library

_ask = libraries.ask


@pytest.fixture(scope="module")
def datong(tmp_path_factory) -> Library:
    return libraries.library(tmp_path_factory.mktemp("datong"), [str(libraries.ROOT / "data" / "datong_gxj_2024.txt")])


@pytest.fixture(scope="module")
def yulin(tmp_path_factory) -> Library:  # 榆林市水务局 2023, numbered template: 公开11表 is the project table
    return libraries.generated(tmp_path_factory, 2324, "numbered")


@pytest.fixture(scope="module")
def fuping(
    tmp_path_factory,
) -> Library:  # 富平县市场监管局 2025, national: 「当年拨款1085.37万元，其中：人员经费697.67万元」
    return libraries.generated(tmp_path_factory, 2336, "national")


@pytest.fixture(scope="module")
def lankao(
    tmp_path_factory,
) -> Library:  # 兰考县水务局 2024, numbered: 财政拨款 1,062.95 = 一般公共预算 983.49 + 基金 79.46
    return libraries.generated(tmp_path_factory, 2342, "numbered")


@pytest.fixture(scope="module")
def yuncheng(
    tmp_path_factory,
) -> Library:  # 运城市卫健委 2026, Shanghai template: 「单位“三公”经费和机关运行经费预算表」
    return libraries.generated(tmp_path_factory, 2330, "shanghai")


def test_a_sum_of_figures_the_prose_states_one_by_one(tmp_path_factory):
    lib = libraries.real(tmp_path_factory, "putuo_sww_2025_dept.pdf")  # 普陀区商务委 2025: 政府采购 only in the prose
    a = _ask(lib, "政府采购货物预算和政府采购服务预算加起来多少")
    assert (a.value, a.unit) == (Decimal("38.20"), "万元")  # 7.80 + 30.40, never the first alone
    assert "7.80" in a.text and "30.40" in a.text and a.citations
    b = _ask(lib, "政府采购货物预算和哈哈预算加起来多少")  # one operand the prose does not state: no figure
    assert b.value is None and b.status == "not_found" and "哈哈" in b.text


def test_a_sum_of_the_prose_where_the_second_operand_shares_the_first_ones_front(tmp_path_factory):
    lib = libraries.real(tmp_path_factory, "cities/guangzhou_qxj_2026_dept.pdf")  # 广州市气象局 2026
    a = _ask(lib, "货物类采购预算和服务类采购预算加起来是多少")
    assert (a.value, a.unit) == (Decimal("1189.78"), "万元")  # 3.83 + 1,185.95
    b = _ask(lib, "房屋面积多少")  # an area: its 平方米, read from the 资产 sentence
    assert (b.value, b.unit) == (Decimal("13804.03"), "平方米")
    c = _ask(lib, "机关运行经费和委托业务费加起来多少")  # no table row of 机关运行经费: both from the prose
    assert (c.value, c.unit) == (Decimal("926.27"), "万元")  # 523.62 + 402.65


def test_a_sum_whose_first_operand_starts_with_zhong(tmp_path_factory):
    lib = libraries.real(tmp_path_factory, "putuo_czj_2025_dept.pdf")  # 普陀区财政局 2025
    a = _ask(lib, "中介机构服务费和财政业务费加起来多少")
    assert (a.value, a.unit) == (Decimal("428.80"), "万元")  # 418.80 + 10, never 418.80 alone
    assert "中介机构服务费" in a.text


def test_a_share_the_prose_prints_when_no_denominator_is_named(tmp_path_factory):
    lib = libraries.real(tmp_path_factory, "cities/hangzhou_sfj_2026_dept.pdf")  # 「人员支出 58,486.35 万元，占 59.0%」
    a = _ask(lib, "人员支出占多少比例")
    assert (a.value, a.unit) == (Decimal("59.0"), "%")  # the document's own share, not 人员经费 ÷ 基本支出 (82.70%)
    b = _ask(lib, "人员经费占基本支出的比例")  # a denominator named: computed from it
    assert (b.value, b.unit) == (Decimal("82.70"), "%")


def test_wanli_2023_areas_glosses_small_firms_and_a_project_named_in_the_prose(tmp_path_factory):
    lib = libraries.real(tmp_path_factory, "wanli_jd_2023_dept.pdf")  # 普陀区万里街道 2023
    a = _ask(
        lib,
        "What is the total budget for the three public expenses (overseas trips, official receptions, official vehicles) in 2023?",
    )
    assert (a.value, a.unit) == (Decimal("22.91"), "万元")  # the gloss in brackets names no parts to list
    b = _ask(lib, "How much is budgeted for mass sports?")
    assert b.value is not None and b.value in (Decimal("200000"), Decimal("20.00")) and "群众体育" in b.text
    c = _ask(lib, "预留给小微企业的采购预算是多少")  # 小微企业 is the prose's 小型和微型企业, not all 中小企业 (332.00)
    assert (c.value, c.unit) == (Decimal("232.40"), "万元")
    d = _ask(lib, "新建社区公共服务中心项目四个季度的用款计划加起来是多少？")  # a project, not another unit
    assert (d.value, d.unit) == (Decimal("410.00"), "万元")
    e = _ask(lib, "截止2022年底，万里街道国有资产里的房屋有多少平方米？")
    assert (e.value, e.unit) == (Decimal("14609.83"), "平方米")


def test_a_concept_before_a_source_of_funds(tmp_path_factory):
    lib = libraries.real(tmp_path_factory, "cities/shenzhen_jjj_2026_dept.pdf")  # 深圳交警 2026: 机关运行经费 in prose
    a = _ask(lib, "2026年机关运行经费财政拨款预算是多少")
    assert (a.value, a.unit) == (Decimal("43927.59"), "万元")  # never 「年机关运行」 as a narrower 财政拨款


def test_a_count_never_answered_with_money_and_a_cut_in_english(tmp_path_factory):
    lib = libraries.real(tmp_path_factory, "putuo_zfb_2025_unit.pdf")  # 普陀区政府办 2025
    a = _ask(lib, "项目支出有多少个项目")
    assert a.unit not in ("万元", "元")  # 项目支出's 6,641.00万元 is no count
    b = _ask(lib, "How much was the budget cut compared with 2024?")
    assert (b.value, b.unit) == (Decimal("2389.52"), "万元")  # the change, not last year's total


def test_a_share_never_answered_with_a_projects_amount(tmp_path_factory):
    lib = libraries.real(tmp_path_factory, "cities/quanzhou_zfb_2026_unit.pdf")  # a project only its 绩效 form prints
    a = _ask(lib, "泉州政务新媒体号运营资金占项目支出多少")
    assert a.unit != "元" and a.value != Decimal("855000")
    assert a.value is None or (a.value, a.unit) == (Decimal("7.84"), "%")  # 85.50 ÷ 1,090.09


def test_the_project_table_named_by_its_printed_number(yulin):
    a = _ask(yulin, "公开11表项目支出表里的项目一共多少钱")
    assert (a.value, a.unit) == (Decimal("181.98"), "万元")  # its five projects, never 表三's 项目支出 232.98
    b = _ask(yulin, "公开11表项目支出表里列了几个项目，合计多少钱？")
    assert [(p.value, p.unit) for p in b.parts] == [(Decimal("5"), "个"), (Decimal("181.98"), "万元")]


def test_a_full_title_that_holds_he(yuncheng):
    a = _ask(yuncheng, "2026年单位“三公”经费和机关运行经费预算表里机关运行经费是多少？")
    assert (a.value, a.unit) == (Decimal("32.71"), "万元") and "9.29" not in a.text  # one ask, not 三公 and 机关运行
    b = _ask(yuncheng, "单位三公经费和机关运行经费预算表里的三公经费")  # the title's quotes left out
    assert (b.value, b.unit) == (Decimal("9.29"), "万元") and "32.71" not in b.text


def test_english_differences_and_shares_of_the_budget(datong):
    a = _ask(datong, "How much more is basic expenditure than project expenditure?")
    assert (a.value, a.unit) == (Decimal("867.77"), "万元")  # 1045.26 − 177.49, never 基本支出 alone
    b = _ask(datong, "What share of the budget goes to basic expenditure?")
    assert (b.value, b.unit) == (Decimal("85.48"), "%")  # 1045.26 ÷ 1222.75
    c = _ask(datong, "办公费和哈哈费加起来多少")
    assert c.value is None and c.status == "not_found"
    d = _ask(datong, "How many projects are there and what is their total?")  # two asks, the second of the first
    assert [(p.value, p.unit) for p in d.parts] == [(Decimal("11"), "个"), (Decimal("177.49"), "万元")]
    e = _ask(datong, "What are personnel expenses, and what share of basic expenditure are they?")
    assert [(p.value, p.unit) for p in e.parts] == [(Decimal("960.12"), "万元"), (Decimal("91.85"), "%")]
    f = _ask(datong, "How much is for projects?")  # 项目支出, never the 绩效 projects' 「涉及项目金额63.02万元」
    assert (f.value, f.unit) == (Decimal("177.49"), "万元")
    g = _ask(datong, "What share of the budget is for projects?")
    assert g.value != Decimal("35.51")  # the 绩效 projects' share of 项目支出 is another figure


def test_a_source_of_funds_the_prose_does_not_name(tmp_path_factory):
    lib = libraries.real(
        tmp_path_factory, "cities/beijing_sjj_2026_dept_part1.pdf", "cities/beijing_sjj_2026_dept_part2.pdf"
    )
    a = _ask(lib, "单位资金是多少")  # never 「财政专户管理资金收入 0 万元」 (资金 is all they share)
    assert a.value is None and a.status == "not_found"


def test_names_written_one_after_another_are_a_list(tmp_path_factory):
    lib = libraries.real(tmp_path_factory, "cities/xian_ajj_2019_dept.pdf")  # 西安市安监局 2019
    a = _ask(lib, "三公经费和会议费培训费加起来")  # three names to add: never 三公 alone (28.38)
    assert a.value != Decimal("28.38") and "28.38" not in a.text


def test_a_part_of_what_a_sentence_said(fuping, datong):
    a = libraries.turns(fuping, "富平县市场监管局2025年一般公共预算当年拨款多少？", "其中人员经费多少？")
    assert (a.value, a.unit) == (Decimal("697.67"), "万元")  # the sentence's part, never 一般公共预算 1085.37
    b = libraries.turns(datong, "政府采购预算是多少", "其中哈哈类多少")  # a part no sentence names: no figure
    assert b.value is None and "42.43" not in b.text


def test_more_said_with_a_verb_between(fuping):
    a = _ask(fuping, "食品安全监管比药品事务多安排了多少钱？")
    assert (a.value, a.unit) == (Decimal("44.99"), "万元")  # 94.90 − 49.91


def test_all_fiscal_appropriations_where_there_is_more_than_the_general_budget(lankao, datong):
    for q in ("财政拨款收入是多少", "What is the total fiscal appropriation budget for 2024?"):
        a = _ask(lankao, q)
        assert (a.value, a.unit) == (Decimal("1062.95"), "万元"), q  # never 一般公共预算拨款 983.49 alone
    b = _ask(lankao, "一般公共预算支出表里，项目支出占一般公共预算支出合计的比例是多少？")
    assert (b.value, b.unit) == (Decimal("15.95"), "%")  # 156.83 ÷ 983.49: a share, not the projects added up
    c = _ask(datong, "财政拨款收入是多少")  # all of it is 一般公共预算: the same figure as before
    assert (c.value, c.unit) == (Decimal("1222.75"), "万元")


def test_what_a_rows_money_is_for_and_a_column_printed_as_renyuanlei(tmp_path_factory):
    putuo = libraries.real(tmp_path_factory, "putuo_sfj_2026_dept.pdf")
    a = _ask(putuo, "普法宣传的钱主要用来干什么？")
    assert a.value is None and "1,242,900" not in a.text  # what it is for, never its amount
    assert "法制宣传工作支出" in a.text  # 「…普法宣传（05项）124.29万元。主要用于：法制宣传工作支出。」
    changsha = libraries.real(tmp_path_factory, "cities/changsha_zjjd_2026_dept.pdf")  # 表六's column 「人员类」
    b = _ask(changsha, "人员类占基本支出的比例")
    assert (b.value, b.unit) == (Decimal("92.25"), "%")
    c = _ask(changsha, "计划培训多少人？")  # 「拟开展…的培训，人数 11 人」
    assert (c.value, c.unit) == (Decimal("11"), "人")


def test_a_row_only_the_carried_over_part_prints(tmp_path_factory):
    lib = libraries.real(tmp_path_factory, "cities/chongqing_xcb_2026_dept.pdf")
    a = _ask(lib, "一般公共预算拨款收入是多少")  # 「（一）一般公共预算拨款」 is printed only under 二、上年结转
    assert a.value != Decimal("1683.15") and "1683.15" not in a.text


def test_a_sum_without_duoshao_and_a_source_only_carried_over(tmp_path_factory):
    wuxi = libraries.real(tmp_path_factory, "cities/wuxi_sw_2026_dept.pdf")
    a = _ask(wuxi, "机关运行经费和三公经费加起来")  # no 多少: still a sum, never a definition
    assert (a.value, a.unit) == (Decimal("181.98"), "万元")  # 175.58 + 6.4
    suzhou = libraries.real(tmp_path_factory, "cities/suzhou_sthjj_2026_unit.pdf")
    b = _ask(suzhou, "单位资金是多少")  # only 「上年结转结余的单位资金 0 万元」 is printed: not this year's
    assert b.value is None and b.status == "not_found"


def test_what_the_re_run_of_the_studied_sets_caught(tmp_path_factory):
    yantian = libraries.real(tmp_path_factory, "cities/shenzhen_gtj_yantian_2026_dept.pdf")
    a = _ask(yantian, "机关运行经费财政拨款预算多少？")  # no table of 机关运行经费: the prose's, never 财政拨款's total
    assert (a.value, a.unit) == (Decimal("482.94"), "万元")
    b = _ask(yantian, "一般公共预算支出表（按经济分类）里委托业务费是多少？")  # the title as printed, brackets and all
    assert (b.value, b.unit) == (Decimal("567.18"), "万元")  # 表八, not 表七 (按功能分类)
    zhuhai = libraries.real(tmp_path_factory, "cities/zhuhai_gwzx_2026_dept.pdf")
    c = _ask(zhuhai, "财政拨款收入中一般公共预算是多少")
    assert (c.value, c.unit) == (Decimal("736.81"), "万元")


def test_a_concept_said_twice_and_a_source_after_a_concept(tmp_path_factory):
    wanli = libraries.real(tmp_path_factory, "wanli_jd_2025_dept.pdf")
    a = _ask(wanli, "What is the Wanli subdistrict's 2025 budget for the 'three public expenses' (三公经费)?")
    assert (a.value, a.unit) == (Decimal("37.91"), "万元")  # 「三公经费」 said again in brackets is the same concept
    zhuhai = libraries.real(tmp_path_factory, "cities/zhuhai_gwzx_2026_dept.pdf")
    b = _ask(zhuhai, "项目支出里政府性基金预算占多少比例")  # a source of funds is a column, not another concept
    assert (b.value, b.unit) == (Decimal("90.24"), "%")
