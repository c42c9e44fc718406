"""Questions the session-15 blind sets asked, by kind, on the documents people have: rows a table lists under
the units of a department (杭州 司法局: the same project under each 监狱), a unit named without its city, items of a
“三公” table printed across, tables named by their printed label (公开05表), a premise before 那, English words of a
row's own name, an attribute the prose does not state, and a name centred on its figures under a table's header."""

from __future__ import annotations

from decimal import Decimal

import libraries
import pytest
from libraries import ROOT

from app.answer.question_words import _TABLE_REF
from app.answer.scope import other_body
from app.library import Library


@pytest.fixture(scope="module")
def hangzhou(tmp_path_factory) -> Library:
    return libraries.real(tmp_path_factory, "cities/hangzhou_sfj_2026_dept.pdf")


@pytest.fixture(scope="module")
def suzhou(tmp_path_factory) -> Library:
    return libraries.real(tmp_path_factory, "cities/suzhou_kjj_2026_unit.pdf")


@pytest.fixture(scope="module")
def numbered(tmp_path_factory) -> Library:  # 榆林市工业和信息化局 2024: 公开01表 …, the unit's name wraps in 公开11表
    return libraries.generated(tmp_path_factory, 2131, "numbered")


@pytest.fixture(scope="module")
def datong(tmp_path_factory) -> Library:
    return libraries.library(tmp_path_factory.mktemp("datong"), [str(ROOT / "data" / "datong_gxj_2024.txt")])


def _ask(lib: Library, question: str, history: tuple = ()):  # type: ignore[no-untyped-def]
    return lib.ask(question, history=history)[1]


def test_a_row_named_with_the_unit_it_is_listed_under(hangzhou):
    a = _ask(hangzhou, "北郊监狱狱政设施建设项目安排了多少钱？")
    assert (a.value, a.unit) == (Decimal("12898.00"), "万元")
    assert "杭州市北郊监狱" in a.text and a.citations[0].source == "表十"


def test_the_row_listed_under_several_units_is_added_or_compared_per_unit(hangzhou):
    a = _ask(hangzhou, "表10里东郊、西郊、南郊、北郊监狱的罪犯生活保障项目加起来多少？")
    assert (a.value, a.unit) == (Decimal("3900.62"), "万元")
    assert all(f"杭州市{p}监狱" in a.text for p in ("东郊", "西郊", "南郊", "北郊"))
    b = _ask(hangzhou, "西郊监狱的三公经费比东郊监狱多多少？")  # units named without their city
    assert (b.value, b.unit) == (Decimal("12.00"), "万元")


def test_a_units_projects_counted_and_added(hangzhou):
    a = _ask(hangzhou, "表10里富春强制隔离戒毒所有几个项目，一共多少钱？")
    assert [p.value for p in a.parts] == [Decimal(5), Decimal("380.31")]


@pytest.mark.parametrize(
    ("question", "value", "unit"),
    [
        ("公务用车购置费是多少", "151.68", "万元"),
        ("How much is budgeted for official vehicle purchases in 2026?", "151.68", "万元"),
        ("三公经费里公务用车购置及运行费占比多少？", "82.11", "%"),
        ("三公经费是多少", "413.68", "万元"),
    ],
)
def test_items_of_a_three_public_table_printed_across(hangzhou, question, value, unit):
    a = _ask(hangzhou, question)
    assert (a.value, a.unit) == (Decimal(value), unit)
    assert a.citations[0].source == "表七"


def test_the_container_right_before_rows_says_where_they_are(suzhou):
    a = _ask(suzhou, "政府采购货物和服务各是多少钱")
    assert a.value == Decimal("20.00") and "373.00" in a.text and "393.00" not in a.text
    b = _ask(suzhou, "政府采购货物预算是多少")  # not 「政府采购预算」 read loosely over 货物
    assert b.value == Decimal("20.00")


def test_english_words_of_a_rows_own_name(suzhou, numbered):
    assert _ask(suzhou, "How much is the budget for the natural science fund?").value == Decimal("2660.00")
    assert _ask(numbered, "How much is allocated to railway safety?").value == Decimal("81.00")
    none = _ask(numbered, "How much is budgeted for the smart city platform project?")  # words, but no such row
    assert none.value is None and "未找到" in none.text
    part = _ask(numbered, "How much is budgeted for the railway safety dynamic patrol?")  # a name's part is no name
    assert part.value is None and "未找到" in part.text
    vague = _ask(numbered, "What is the total budgeted cost of it all for 2024?")
    assert vague.value is None and "未找到" in vague.text


def test_a_table_named_by_its_printed_label(numbered):
    a = _ask(numbered, "榆林工信局公开05表一般公共预算支出合计多少？")
    assert (a.value, a.citations[0].source) == (Decimal("1043.87"), "表五")  # not 表三's 1047.87
    b = _ask(numbered, "其中项目支出占多少比例？", history=(("榆林工信局公开05表一般公共预算支出合计多少？", a),))
    assert (b.value, b.unit) == (Decimal("39.07"), "%")  # 407.85 ÷ 1043.87, in 表五
    assert _ask(numbered, "公开05表里的项目支出是多少").value == Decimal("407.85")
    assert [m.group(1) for m in _TABLE_REF.finditer("表一般公共预算支出，表五一般公共预算")] == ["五"]


def test_a_name_centred_on_its_figures_under_the_header(numbered):
    a = _ask(numbered, "公开11表合计是多少")
    assert "榆林市工业和信息化局" in a.text and a.value == Decimal("407.85")


def test_a_premise_before_na_is_not_the_question(numbered):
    a = _ask(numbered, "三公经费比2023年预算增加了0.2万，那2023年三公预算是多少？")
    assert (a.value, a.unit) == (Decimal("6.60"), "万元")
    assert _ask(numbered, "三公经费比上年增加了0.2万，那上年是多少？").value == Decimal("6.60")


def test_an_attribute_the_prose_does_not_state(suzhou):
    first = _ask(suzhou, "苏州市科技局有几辆车？")
    assert (first.value, first.unit) == (Decimal(1), "辆")
    a = _ask(suzhou, "那这辆车是哪年买的、什么品牌？", history=(("苏州市科技局有几辆车？", first),))
    assert a.value is None and "未找到" in a.text


def test_parts_asked_with_duo_da(datong):
    a = _ask(datong, "工信局办公用房面积多大，公务用车编制几辆？")
    assert [(p.value, p.unit) for p in a.parts] == [(Decimal("927.19"), "平方米"), (Decimal(1), "辆")]
    assert {c.part for c in a.citations} == {"情况说明"}  # the national format's part, in --json


def test_last_years_figure_asked_with_ne(datong):
    first = _ask(datong, "三公经费是多少")
    a = _ask(datong, "去年的三公经费呢？", history=(("三公经费是多少", first),))
    assert (a.value, a.unit) == (Decimal("3.50"), "万元") and "上年" in a.text


def test_qizhong_zhan_asks_an_amount_or_a_share_by_its_words(datong):
    first = _ask(datong, "基本支出是多少")
    history = (("基本支出是多少", first),)
    money = _ask(datong, "其中人员经费占了多少钱？", history=history)
    assert (money.value, money.unit) == (Decimal("960.12"), "万元")
    share = _ask(datong, "其中人员经费占多少比例？", history=history)
    assert (share.value, share.unit) == (Decimal("91.85"), "%")  # the part over the previous answer, never its inverse


@pytest.mark.parametrize(
    ("question", "unit", "other"),
    [
        ("福田管理局2026年的部门预算是多少？", "深圳市规划和自然资源局盐田管理局", "福田管理局"),
        ("盐田管理局2026年公用经费多少？", "深圳市规划和自然资源局盐田管理局", ""),
        ("2025年这个办公室的收入预算是多少？", "长沙职业教育基地综合协调办公室", ""),  # 这个办公室 is the unit
        ("福州市公安局机关本级2026年的部门预算总额是多少？", "福州市公安局文职人员管理中心", "福州市公安局本级"),
        ("工信局的预算是多少", "大同市工业和信息化局", ""),
    ],
)
def test_another_body_or_the_unit_itself(question, unit, other):
    assert other_body(question, unit) == other


def test_a_later_part_adds_the_items_an_earlier_part_listed(datong):
    a = _ask(datong, "离休费和退休费分别是多少，两项加起来是多少？")
    assert [p.value for p in a.parts] == [Decimal("41.82"), Decimal("311.71")] and "269.89" in a.text
