"""What qualifies the thing asked, as the blind sets of sessions 8 and 9 asked it (wrong figures found again when
they were re-run in session 17): a source of funds (「一般公共预算的基本支出」 is the 一般公共预算 table's, not the
all-funds table's; 「一般公共预算安排的电费」 the table that source titles; a source before a name no row has is
not the source's own total), a unit before its row (「法律援助中心的法律援助项目」, a unit's row's share), the
vehicles a unit really has (实有, not 编制), and a change read where the prose says the question's own words."""

from __future__ import annotations

from decimal import Decimal

import libraries
import pytest

from app.library import Library


@pytest.fixture(scope="module")
def chongqing(tmp_path_factory) -> Library:  # 中共重庆市委宣传部 2026: 「基本支出」 over 「小计 人员经费 公用经费」
    return libraries.real(tmp_path_factory, "cities/chongqing_xcb_2026_dept.pdf")


@pytest.fixture(scope="module")
def hangzhou(tmp_path_factory) -> Library:  # 杭州市司法局 2026: projects listed under each unit
    return libraries.real(tmp_path_factory, "cities/hangzhou_sfj_2026_dept.pdf")


@pytest.fixture(scope="module")
def shenzhen(tmp_path_factory) -> Library:  # 深圳市公安局交通管理局 2026: 基本支出总表 beside 一般公共预算支出表
    return libraries.real(tmp_path_factory, "cities/shenzhen_jjj_2026_dept.pdf")


@pytest.fixture(scope="module")
def datong(tmp_path_factory) -> Library:
    return libraries.library(tmp_path_factory.mktemp("datong"), [str(libraries.ROOT / "data" / "datong_gxj_2024.txt")])


def _ask(lib: Library, question: str):  # type: ignore[no-untyped-def]
    return lib.ask(question)[1]


def test_a_source_of_funds_reads_its_own_table(chongqing):
    a = _ask(chongqing, "一般公共预算的基本支出和项目支出分别是多少？")
    assert a.value == Decimal("12899.62") and "24991.96" in a.text and "13236.18" not in a.text
    every = _ask(chongqing, "基本支出和项目支出分别是多少")  # no source named: the all-funds table
    assert every.value == Decimal("13236.18")
    share = _ask(chongqing, "一般公共预算基本支出中人员经费占比多少？")
    assert (share.value, share.unit) == (Decimal("86.09"), "%")


def test_a_source_before_a_row_and_before_a_name_no_row_has(shenzhen, datong):
    a = _ask(shenzhen, "一般公共预算安排的电费一共多少？")  # 表8 (basic and project), not 表4's basic part 4671.44
    assert (a.value, a.unit) == (Decimal("5171.44"), "万元")
    none = _ask(datong, "一般公共预算安排的办公费是多少")  # the document has no 办公费 row
    assert none.value is None and none.status == "not_found"
    assert _ask(datong, "一般公共预算是多少").value == Decimal("1222.75")


def test_a_unit_before_its_row(hangzhou):
    a = _ask(hangzhou, "法律援助中心的法律援助项目安排了多少钱？")  # 法律援助 said inside the unit's name, then alone
    assert (a.value, a.unit) == (Decimal("317.82"), "万元")
    share = _ask(hangzhou, "北郊监狱狱政设施建设项目占全部项目支出的比例是多少？")
    assert (share.value, share.unit) == (Decimal("45.25"), "%")


def test_the_vehicles_a_unit_really_has(tmp_path_factory):
    lib = libraries.library(
        tmp_path_factory.mktemp("gen131"), [str(libraries.ROOT / "evals" / "docs" / "gen_seed131.txt")]
    )
    a = _ask(lib, "文旅局现在实际有几辆公车？")  # 「编制1辆，实有0辆」
    assert (a.value, a.unit) == (Decimal("0"), "辆")


def test_a_change_where_the_prose_says_the_questions_own_words(tmp_path_factory):
    lib = libraries.real(tmp_path_factory, "putuo_sww_2025_dept.pdf")
    a = _ask(lib, "财政拨款支出预算比2024年预算增加了多少？")  # not the 收入 sentence's change vs 执行数
    assert (a.value, a.unit) == (Decimal("24491.71"), "万元")


def test_a_source_asked_as_a_share_is_an_operand_not_a_qualifier(tmp_path_factory):
    lib = libraries.library(tmp_path_factory.mktemp("gen7"), [str(libraries.ROOT / "evals" / "docs" / "gen_seed7.txt")])
    a = _ask(lib, "单位资金占收入的比例")  # 27.20 ÷ 788.53; never 「涉及资金788.53万元」 ÷ 788.53 = 100%
    assert (a.value, a.unit) == (Decimal("3.45"), "%")
