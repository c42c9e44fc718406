"""Questions the session-17 blind sets asked, by kind: a follow-up that names only a year (「比2024年少了多少」
continues the 三公 question, never the total's change), another township in a 街道's budget, a money word the
prose has no figure for (总投资, never an area), a 其中 part naming another column of the first part's row, two
rows sharing a front (「公务用车购置费和运行费」), a difference of two figures only the prose states, a project named
with its number (「43-…项目」) beside a project code, the unit's duties and the other name it bears."""

from __future__ import annotations

from decimal import Decimal

import libraries
import pytest

from app.library import Library


@pytest.fixture(scope="module")
def wanli(tmp_path_factory) -> Library:  # 上海市普陀区人民政府万里街道办事处 2025: tables in 元, 三公 in 万元
    return libraries.real(tmp_path_factory, "wanli_jd_2025_dept.pdf")


@pytest.fixture(scope="module")
def beijing(tmp_path_factory) -> Library:  # 北京市审计局 2026, a report in two files
    return libraries.real(tmp_path_factory, *(f"cities/beijing_sjj_2026_dept_part{n}.pdf" for n in (1, 2)))


@pytest.fixture(scope="module")
def handan(tmp_path_factory) -> Library:  # 邯郸市人力资源和社会保障局 2024, numbered template, 44.00 万元 carried over
    return libraries.generated(tmp_path_factory, 2207, "numbered")


@pytest.fixture(scope="module")
def zhijiang(tmp_path_factory) -> Library:  # 枝江市卫生健康委员会 2024, Shanghai template
    return libraries.generated(tmp_path_factory, 2213, "shanghai")


def _ask(lib: Library, question: str, history: tuple = ()):  # type: ignore[no-untyped-def]
    return lib.ask(question, history=history)[1]


def _after(lib: Library, first: str, second: str):  # type: ignore[no-untyped-def]
    a = _ask(lib, first)
    return _ask(lib, second, ((first, a),))


def test_a_follow_up_that_names_only_a_year_continues_the_subject(wanli, zhijiang):
    b = _after(wanli, "万里街道2025年三公经费是多少？", "比2024年少了多少？")
    assert (b.value, b.unit) == (Decimal("10"), "万元") and "三公" in b.text and "减少" in b.text
    c = _after(zhijiang, "枝江市卫健委2024年三公经费预算多少？", "比2023年少了多少万元？")
    assert (c.value, c.unit) == (Decimal("2.28"), "万元") and "三公" in c.text


def test_another_township_is_not_this_subdistrict_and_this_one_is(wanli):
    other = _ask(wanli, "长征镇2025年三公经费是多少？")
    assert other.status == "not_found" and other.value is None and "长征镇" in other.text
    own = _ask(wanli, "万里街道三公经费合计多少？")
    assert (own.value, own.unit) == (Decimal("37.91"), "万元")
    cars = _ask(wanli, "截至2024年8月底万里街道共有几辆车？")  # 「万里街道」 is the unit, not a word left over
    assert (cars.value, cars.unit) == (Decimal("8"), "辆")


def test_a_money_question_is_never_answered_with_an_area(wanli):
    a = _ask(wanli, "社区公共服务中心新建工程的总投资是多少？")  # the prose gives only its 用地面积 (平方米)
    assert a.status == "not_found" and a.value is None and "平方米" not in a.text


def test_a_part_naming_another_column_asks_it_of_the_first_parts_row(handan):
    a = _ask(handan, "收入总表里2080102一般行政管理事务合计多少，其中上年结转多少？")
    assert a.value == Decimal("159.87") and "38.00万元" in a.text and "上年结转" in a.text
    assert "44.00" not in a.text  # the table's whole 上年结转, not this row's
    b = _ask(handan, "一般行政管理事务的上年结转是多少")  # the group 上年结转 over its one column 一般公共预算
    assert (b.value, b.unit) == (Decimal("38.00"), "万元")


def test_two_rows_that_share_a_front_are_each_answered(wanli):
    a = _ask(wanli, "公务用车购置费和运行费分别是多少？")
    assert a.value == Decimal("15") and "21.56万元" in a.text and "36.56" not in a.text


def test_a_difference_of_two_figures_the_prose_states(beijing):
    a = _ask(beijing, "政府采购服务预算比货物预算多多少？")  # 表十 prints 「A-货物」「C-服务」 (six decimals)
    assert (round(a.value, 2), a.unit) == (Decimal("4511.17"), "万元") and "4749.9" in a.text and "238.7" in a.text
    assert a.citations and len(a.citations) == 2
    b = _ask(beijing, "政府采购货物预算比服务预算少多少")
    assert (round(b.value, 2), b.unit) == (Decimal("4511.17"), "万元") and "少" in b.text
    none = _ask(beijing, "政府采购服务预算比奥运场馆预算多多少？")  # one operand nowhere: no figure at all
    assert none.value is None and none.status == "not_found"


def test_a_project_named_with_its_number_beside_a_project_code(beijing):
    a = _ask(beijing, "「43-经济责任与城管审计项目」的项目总额是多少？")
    assert (a.value, a.unit) == (Decimal("678.213880"), "万元")
    both = _ask(
        beijing,
        "05-财政行政与农业、投资审计项目，41-社保、企业与电子数据审计项目和43-经济责任与城管审计项目三个加起来多少钱？",
    )
    assert both.value == Decimal("1831.058500")


def test_the_units_duties_and_the_other_name_it_bears(handan, zhijiang):
    duties = _ask(handan, "邯郸人社局主要负责干啥？")
    assert "（一）" in duties.text and "促进就业" in duties.text
    sign = _ask(zhijiang, "枝江市卫健委加挂的是什么牌子？")
    assert "中医药管理局" in sign.text and sign.citations


@pytest.fixture(scope="module")
def datong(tmp_path_factory) -> Library:
    return libraries.library(
        tmp_path_factory.mktemp("datong17"), [str(libraries.ROOT / "data" / "datong_gxj_2024.txt")]
    )


@pytest.fixture(scope="module")
def quanzhou(tmp_path_factory) -> Library:  # 泉州市人民政府办公室（本级）2026: 人员经费 only in the prose
    return libraries.real(tmp_path_factory, "cities/quanzhou_zfb_2026_unit.pdf")


def test_a_date_before_the_units_name_is_no_other_body(datong):
    a = _ask(datong, "2024年大同市工信局基本支出中的公用经费预算是多少万元")
    assert (a.value, a.unit) == (Decimal("85.14"), "万元")
    b = _ask(datong, "截至2024年12月31日大同市工信局实有公务用车几辆")
    assert (b.value, b.unit) == (Decimal("1"), "辆")
    other = _ask(datong, "2024年大同市发改委三公经费是多少")
    assert other.value is None and "大同市发改委" in other.text


def test_a_part_of_a_concept_is_never_the_concepts_whole(beijing, datong):
    for q in ("政府采购服务预算多少", "政府采购服务类多少", "政府采购里服务类多少"):  # 表十「C-服务」, or the prose
        a = _ask(beijing, q)
        assert (round(a.value, 2), a.unit) == (Decimal("4749.95"), "万元"), q
    assert _ask(beijing, "政府采购预算是多少").value == Decimal("4988.729130")  # the whole: 表十's 合计
    parts = _ask(beijing, "政府采购预算总额多少，其中服务类多少")  # 「其中…」 names the part: not the total again
    assert parts.value == Decimal("4988.729130") and "4749.9" in parts.text
    each = _ask(beijing, "政府采购总额和服务类采购各多少")
    assert round(each.value, 2) == Decimal("4988.73") and "4749.9" in each.text
    both = _ask(datong, "政府采购预算总额，工程采购多少")  # the total clause asks too
    assert both.value == Decimal("42.43") and "工程" in both.text and "0万元" in both.text


def test_figures_only_the_prose_states_read_past_the_question_words(quanzhou, datong):
    a = _ask(quanzhou, "泉州市政府办2026年一般公共预算基本支出里人员经费是多少万元？")
    assert (a.value, a.unit) == (Decimal("4115.84"), "万元")
    share = _ask(quanzhou, "泉州市政府办2026年人员经费占一般公共预算基本支出的比例是多少？")
    assert (share.value, share.unit) == (Decimal("85.59"), "%") and "4808.65" in share.text
    whole_first = _ask(datong, "一般公共预算当年支出中社会保障和就业支出占百分之多少？")
    assert (whole_first.value, whole_first.unit) == (Decimal("32.17"), "%")


def test_figures_one_sentence_lists_added_when_the_question_says_how_many(wanli):
    a = _ask(wanli, "社区公共服务中心新建工程全年四个季度用款计划一共多少？")  # 「第一季度用款计划15万元，…」 ×4
    assert (a.value, a.unit) == (Decimal("60"), "万元") and "15 + 15 + 15 + 15" in a.text
    wrong_count = _ask(wanli, "社区公共服务中心新建工程三个季度用款计划一共多少？")  # the prose lists four
    assert wrong_count.value != Decimal("60") and wrong_count.value != Decimal("45")


def test_the_method_clause_says_how_not_what_and_a_typo_is_no_attribute(datong):
    a = _ask(datong, "根据说明里的增减数，2023年的预算收入总计是多少？")  # last year's amount, not the change
    assert (a.value, a.unit) == (Decimal("1305.65"), "万元")
    b = _ask(datong, "铁路道口安全管理专项资经有多少？")
    assert (b.value, b.unit) == (Decimal("9.00"), "万元")


def test_a_span_of_years_in_a_project_name_and_english_for_running_costs(tmp_path_factory):
    lib = libraries.real(tmp_path_factory, "cities/guangzhou_qxj_2026_dept.pdf")
    a = _ask(lib, "广州市气象综合保障中心2026年-2027年信息化运维项目的预算是多少？")
    assert (a.value, a.unit) == (Decimal("568.42"), "万元")
    assert _ask(lib, "2027年的三公经费是多少").value is None  # a year of its own is still another year
    b = _ask(lib, "What is the administrative operating budget (office running costs) for 2026?")
    assert (b.value, b.unit) == (Decimal("523.62"), "万元")
    c = _ask(lib, "How many square meters of buildings does the Guangzhou Meteorological Bureau have?")
    assert (c.value, c.unit) == (Decimal("13804.03"), "平方米")
