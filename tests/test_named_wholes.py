"""Questions the session-18 blind sets asked, by kind: a source of funds said with 「安排的」 before a concept
(「一般公共预算安排的基本支出」), a prose figure whose sentence does not name the concept asked, a share whose
denominator is a table named by its title (「占项目支出表合计」), asked alone or as a follow-up, "how much of it is
X" after the total, a 「其中X」 that links nothing, English table titles and 经济分类 items, and a share the prose
also prints cited beside the rows."""

from __future__ import annotations

from decimal import Decimal

import libraries
import pytest

from app.library import Library


@pytest.fixture(scope="module")
def datong(tmp_path_factory) -> Library:
    return libraries.library(tmp_path_factory.mktemp("datong"), [str(libraries.ROOT / "data" / "datong_gxj_2024.txt")])


@pytest.fixture(scope="module")
def handan(tmp_path_factory) -> Library:  # 邯郸市统计局 2025, numbered template: 表十一 totals 109.49 on its unit row
    return libraries.generated(tmp_path_factory, 2240, "numbered")


def _ask(lib: Library, question: str, history: tuple = ()):  # type: ignore[no-untyped-def]
    return lib.ask(question, history=history)[1]


def _after(lib: Library, first: str, second: str):  # type: ignore[no-untyped-def]
    a = _ask(lib, first)
    return _ask(lib, second, ((first, a),))


def test_a_source_said_with_its_verb_qualifies_the_concept_after_it(datong):
    a = _ask(datong, "一般公共预算安排的基本支出多少，其中人员经费多少？")
    assert [(p.value, p.unit) for p in a.parts] == [(Decimal("1045.26"), "万元"), (Decimal("960.12"), "万元")]
    assert "1,222.75" not in a.text and "1222.75" not in a.text  # never the 一般公共预算 total instead
    b = _ask(datong, "财政拨款安排的人员经费是多少")
    assert (b.value, b.unit) == (Decimal("960.12"), "万元")


def test_a_prose_figure_is_about_every_concept_the_question_asks(datong):
    a = _ask(datong, "交通运输支出的人员经费多少")  # the prose gives 交通运输支出 9.00万元, not its 人员经费
    assert a.value is None and a.status == "not_found"
    assert _ask(datong, "政府采购预算多少").value == Decimal("42.43")  # a concept the sentence names still answers


def test_a_share_of_a_table_named_by_its_title_is_of_that_tables_total(handan):
    a = _ask(handan, "J信息化系统运行维护经费占项目支出表合计的比例是多少？")
    assert (a.value, a.unit) == (Decimal("31.69"), "%") and "109.49" in a.text
    b = _after(handan, "J信息化系统运行维护经费多少钱？", "占项目支出表合计的比例是多少？")
    assert (b.value, b.unit) == (Decimal("31.69"), "%")


def test_english_names_table_titles_and_economic_items(handan, datong):
    a = _ask(handan, "How much is budgeted for heating costs?")
    assert (a.value, a.unit) == (Decimal("7.43"), "万元") and "取暖费" in a.text
    b = _ask(datong, "According to the overall revenue and expenditure table, what is the total expenditure for 2024?")
    assert (b.value, b.unit) == (Decimal("1222.75"), "万元")
    c = _ask(datong, "According to the quantum table, what is the total budget?")
    assert c.value is None


def test_how_much_of_the_total_is_a_column_and_a_part_that_links_nothing(datong):
    a = _after(datong, "What is the total budget for 2024?", "And how much of it is basic expenditure?")
    assert (a.value, a.unit) == (Decimal("1045.26"), "万元")
    b = _after(datong, "总预算是多少", "其中量子计算多少")
    assert b.value is None
    c = _after(datong, "总预算是多少", "how much of that is for quantum teleportation?")
    assert c.value is None and c.status == "not_found"


def test_a_share_the_prose_also_prints_cites_its_sentence(datong):
    a = _ask(datong, "卫生健康支出占一般公共预算当年支出的比例是多少？")
    assert (a.value, a.unit) == (Decimal("2.86"), "%")
    said = [c for c in a.citations if c.kind == "chunk"]
    assert said and "占2.86%" in said[0].quote.replace("\n", "") and "情况说明也写明" in a.text
    b = _ask(datong, "人员经费占基本支出的比例")  # the prose prints no such share: the rows only
    assert b.value == Decimal("91.85") and all(c.kind != "chunk" for c in b.citations)


def test_a_part_the_document_does_not_have_is_not_the_whole(datong):
    a = _ask(datong, "数字经济那块的基本支出多少")  # no 数字经济 anywhere: not the whole 基本支出
    assert a.value is None and "数字经济" in a.text
    assert _ask(datong, "全局的人员经费").value == Decimal("960.12")  # the whole bureau is the whole
    assert _ask(datong, "基本支出里的人员经费").value == Decimal("960.12")


@pytest.fixture(scope="module")
def lankao(tmp_path_factory) -> Library:  # 兰考县自然资源局 2026: two projects use 单位资金 (8.68 + 16.00)
    folder = tmp_path_factory.mktemp("lankao")
    return libraries.library(folder, [str(libraries.ROOT / "evals" / "blind" / "session13d" / "gen_seed1307.pdf")])


@pytest.fixture(scope="module")
def carried(tmp_path_factory) -> Library:  # a generated report whose 表十三 lists two projects carried over
    folder = tmp_path_factory.mktemp("carried")
    return libraries.library(folder, [str(libraries.ROOT / "evals" / "blind" / "session16c" / "gen_seed2181.pdf")])


def test_projects_counted_by_their_source_of_funds_and_added_up(lankao, carried):
    a = _ask(lankao, "项目支出预算表（本年预算）中用单位资金安排的有几个项目，单位资金一共多少？")
    assert [(p.value, p.unit) for p in a.parts] == [(Decimal("2"), "个"), (Decimal("24.68"), "万元")]
    b = _ask(lankao, "用单位资金安排的有几个项目，一共多少钱？")
    assert b.parts[1].value == Decimal("24.68") and "0 + " not in b.parts[1].text  # blank cells are no operands
    assert _ask(lankao, "项目有几个").value == Decimal("8")  # every project when no source is named
    c = _ask(carried, "表十三上年结转的项目有几个，一共多少钱？")
    assert [(p.value, p.unit) for p in c.parts] == [(Decimal("2"), "个"), (Decimal("23.36"), "万元")]
    assert _ask(carried, "上年结转的项目有几个").value == Decimal("2")


def test_a_count_of_one_kind_is_never_the_count_of_all(datong):
    a = _ask(
        datong, "纳入绩效目标管理的其他运转类项目有几个"
    )  # two sentences count 其他运转类 (9, 4): never the 10 of all
    assert a.value != Decimal("10")
    assert _ask(datong, "特定目标类项目有几个").value == Decimal("1")
    assert _ask(datong, "纳入绩效目标管理的项目有几个").value == Decimal("10")


def test_a_units_basic_and_project_spending_from_the_tables_that_list_it(tmp_path_factory):
    lib = libraries.real(tmp_path_factory, "cities/guangzhou_qxj_2026_dept.pdf")  # 表十一/表十二 list each unit
    a = _ask(lib, "防雷减灾管理办公室的基本支出比项目支出多多少？")
    assert (a.value, a.unit) == (Decimal("1491.56"), "万元") and "1521.56 − 30.00" in a.text
    b = _ask(lib, "防雷减灾管理办公室的项目支出是多少")  # never the unit's total 1551.56
    assert (b.value, b.unit) == (Decimal("30.00"), "万元")
    c = _ask(lib, "防雷减灾管理办公室的人员经费是多少")  # no table lists it by unit
    assert c.value is None
    assert _ask(lib, "防雷减灾管理办公室的收入合计").value == Decimal("1551.56")


def test_units_below_the_department_and_a_sudden_figure_asked_why(tmp_path_factory):
    beijing = libraries.real(tmp_path_factory, *(f"cities/beijing_sjj_2026_dept_part{n}.pdf" for n in (1, 2)))
    a = _ask(beijing, "审计局下面有几个预算单位")  # the 概况 says 「所属 2 个预算单位」
    assert (a.value, a.unit) == (Decimal("2"), "个")
    wuxi = libraries.real(tmp_path_factory, "cities/wuxi_sw_2026_dept.pdf")
    b = _ask(wuxi, "为什么科学技术支出今年突然有12500万")  # 「突然有」 asks why it changed
    assert "产业科技资金池" in b.text and b.rule == "reason_of_change"


def _blind_pdf(tmp_path_factory, folder: str, name: str) -> Library:
    return libraries.library(
        tmp_path_factory.mktemp(name), [str(libraries.ROOT / "evals" / "blind" / folder / f"{name}.pdf")]
    )


def test_english_that_names_more_than_what_linked_gets_no_figure(tmp_path_factory):
    pingliang = _blind_pdf(tmp_path_factory, "session18d", "gen_seed2258")  # 平凉市教育局 2026
    a = _ask(
        pingliang, "How much does the bureau budget for the lottery public welfare fund program for students in need?"
    )
    assert a.value is None  # never 福利费, the one word the glossary knows
    yantian = libraries.real(tmp_path_factory, "cities/shenzhen_gtj_yantian_2026_dept.pdf")
    b = _ask(
        yantian, "By how much did the quantum teleportation expenses increase compared with the 2025 initial budget?"
    )
    assert b.value is None  # never the total's change
    c = _ask(
        yantian, "By how much did the institutional operating expenses increase compared with the 2025 initial budget?"
    )
    assert (c.value, c.unit) == (Decimal("27.88"), "万元")
    assert _ask(yantian, "How much is the housing purchase subsidy in the 2026 budget?").value == Decimal("573.09")
    d = _ask(pingliang, "平凉市教育局一般公共预算支出合计多少，其中项目支出多少？")
    assert [p.value for p in d.parts] == [Decimal("1299.49"), Decimal("350.99")]  # both of 公开05表


def test_a_source_column_of_the_row_just_asked(tmp_path_factory):
    xingtai = _blind_pdf(tmp_path_factory, "session18c", "gen_seed2252")  # 邢台市农业农村局 2025
    a = _after(xingtai, "邢台农业农村局2130101行政运行一共多少？", "其中单位资金多少？")
    assert (a.value, a.unit) == (Decimal("29.00"), "万元")  # 收入总表's 行政运行 row, never the whole 单位资金 35.30
    b = _ask(xingtai, "邢台农业农村局2130101行政运行一共多少，其中单位资金多少？")
    assert [p.value for p in b.parts] == [Decimal("625.36"), Decimal("29.00")]


def test_the_units_short_name_a_percent_asked_and_a_share_of_that_in_english(tmp_path_factory, datong):
    changsha = libraries.real(tmp_path_factory, "cities/changsha_zjjd_2026_dept.pdf")  # 长沙职业教育基地综合协调办公室
    a = _ask(changsha, "长沙职教基地协调办工资福利支出多少，其中奖金多少？")
    assert [p.value for p in a.parts] == [Decimal("330.93"), Decimal("89.10")]
    b = _after(changsha, "长沙职业教育基地综合协调办公室的基本支出是多少？", "What share of the total budget is that?")
    assert (b.value, b.unit) == (Decimal("58.89"), "%")
    c = _ask(datong, "大同工信局政府采购里服务类预算占采购总额的百分之几？")
    assert (c.value, c.unit) == (Decimal("86.52"), "%")


def test_a_part_named_with_its_container_word_is_not_the_whole(datong):
    for q in ("信息化建设方面的公用经费是多少", "办公室里的公用经费是多少"):  # the prose says 公用经费 85.14 for all
        assert _ask(datong, q).value is None, q
    assert _ask(datong, "政府采购里服务类多少").value == Decimal("36.71")  # a part the prose does state
