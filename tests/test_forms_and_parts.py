"""Questions the session-19 blind sets asked, by kind: the 绩效目标表 taken together (how many, which, their funds
added up), 「A和B分别是多少」 where each part's sentence is found only on its own, 「多少项目资金」 as money (not a
count), a part with no subject of its own after a part the document does not answer, a kind of project no table
has (「哈哈项目有几个」), last year's figure from a table in 元 and a change in 万元; and what probing the same
documents found: a 经济分类 class 表六 prints beside its items (「社会保障缴费几项加起来」), a sibling's name
(「事业单位医疗」 beside 行政单位医疗), 「表六里的总额」, and English words that spell a row's name."""

from __future__ import annotations

from decimal import Decimal

import libraries
import pytest

from app.library import Library


@pytest.fixture(scope="module")
def datong(tmp_path_factory) -> Library:
    return libraries.library(tmp_path_factory.mktemp("datong"), [str(libraries.ROOT / "data" / "datong_gxj_2024.txt")])


@pytest.fixture(scope="module")
def quanzhou(tmp_path_factory) -> Library:  # 泉州市政府办（本级）2026: three 绩效目标表, no project table
    return libraries.real(tmp_path_factory, "cities/quanzhou_zfb_2026_unit.pdf")


@pytest.fixture(scope="module")
def putuo(tmp_path_factory) -> Library:  # 普陀区政府办 2025: tables in 元, prose in 万元, no 绩效目标表
    return libraries.real(tmp_path_factory, "putuo_zfb_2025_unit.pdf")


def _ask(lib: Library, question: str):  # type: ignore[no-untyped-def]
    return lib.ask(question)[1]


def test_the_performance_forms_are_counted_listed_and_added_up(quanzhou, datong):
    a = _ask(quanzhou, "绩效目标表里公开了几个项目，一共多少钱？")
    assert [(p.value, p.unit) for p in a.parts] == [(Decimal("3"), "个"), (Decimal("1615000.00"), "元")]
    assert "855,000元 + 泉州城市形象专题宣传经费 475,000元 + 驻沪办房屋修缮经费 285,000元" in a.parts[1].text
    assert len(a.parts[1].citations) == 3 and all(c.kind == "perf" for c in a.parts[1].citations)
    b = _ask(datong, "共有几张绩效目标表")  # the forms printed (5), never the 10 projects the prose manages
    assert (b.value, b.unit) == (Decimal("5"), "个") and "T铁路道口安全管理专项资金" in b.text
    c = _ask(datong, "绩效目标表里“泉州政务”新媒体号运营资金是多少")  # a project of another document
    assert c.value is None and c.status == "not_found"
    d = _ask(datong, "绩效目标表里的满意度指标有哪些")  # an indicator is no count of forms
    assert "张项目支出绩效目标表" not in d.text


def test_each_part_is_found_in_its_own_sentence(quanzhou):
    a = _ask(quanzhou, "人员经费和公用经费分别是多少？")
    assert (a.value, a.unit) == (Decimal("4115.84"), "万元") and "692.81万元" in a.text
    assert len(a.citations) == 2


def test_how_much_project_money_is_an_amount_not_a_count(putuo):
    a = _ask(putuo, "编报绩效目标的项目有几个，涉及多少项目资金？")
    assert [(p.value, p.unit) for p in a.parts] == [(Decimal("11"), "个"), (Decimal("6626"), "万元")]


def test_a_part_that_leans_on_an_unfound_part_is_not_found_either(datong):
    a = _ask(datong, "哈哈项目有几个，一共多少钱")  # never the 11 projects, nor the whole budget
    assert [p.status for p in a.parts] == ["not_found", "not_found"] and a.value is None
    assert "1222.75" not in a.text and "11 个" not in a.text
    b = _ask(datong, "信息化项目有几个")  # 信息化 is in the unit's name (工业和信息化局), not a kind of project
    assert b.value is None and b.status == "not_found"
    assert _ask(datong, "其他运转类项目有几个").value == Decimal("9")  # a kind the prose counts still answers
    assert _ask(datong, "有几个项目").value == Decimal("11")


def test_last_year_from_a_table_in_yuan_is_reckoned_in_yuan(putuo):
    a = _ask(putuo, "去年的收入预算是多少")  # 91,016,775.35元 this year, 减少2,389.52万元
    assert (a.value, a.unit) == (Decimal("114911975.35"), "元")
    assert "114,911,975.35元" in a.text and "9101.677535" not in a.text


@pytest.fixture(scope="module")
def pingliang(
    tmp_path_factory,
) -> Library:  # 平凉市卫生健康委员会 2025, national template: 表六 prints 经济分类 classes
    return libraries.generated(tmp_path_factory, 2270, "national")


def test_an_economic_class_is_the_sum_of_the_items_filed_under_it(datong, pingliang):
    a = _ask(datong, "社会保障缴费几项加起来")  # never 其他社会保障缴费 (0.88) alone
    assert (a.value, a.unit) == (Decimal("106.14"), "万元") and "70.53 + 25.91 + 8.82 + 0.88" in a.text
    b = _ask(datong, "办公经费一共多少")  # as 表六 files them: 手续费、邮电费、工会经费、福利费、其他交通费用
    assert (b.value, b.unit) == (Decimal("57.36"), "万元")
    assert _ask(datong, "工资奖金津补贴多少").value == Decimal("465.87")
    assert _ask(datong, "社会保障缴费一共几项").value == Decimal("4")
    assert _ask(datong, "其他社会保障缴费多少").value == Decimal("0.88")  # the row asked by its name
    assert _ask(datong, "办公经费里的福利费多少").value == Decimal("13.08")
    c = _ask(datong, "社会保障缴费占人员经费的比例")  # the class's share is not printed
    assert c.value is None and c.status == "not_found"
    assert _ask(pingliang, "办公经费一共多少").value == Decimal("29.99")


def test_a_sibling_name_is_not_the_row_beside_it(pingliang):
    a = _ask(pingliang, "事业单位医疗多少")  # 行政事业单位医疗 lists 行政单位医疗 and 公务员医疗补助 only
    assert a.value is None and a.status == "not_found"
    assert _ask(pingliang, "行政单位医疗多少").value == Decimal("33.48")
    assert _ask(pingliang, "行政事业单位医疗多少").value == Decimal("43.08")


def test_a_table_named_with_a_bare_total_word_is_that_tables_total(datong):
    assert _ask(datong, "表六里的总额是多少").value == Decimal("1045.26")  # 表六's, not 表一's 1222.75
    a = _ask(datong, "表六里哈哈合计是多少")
    assert a.value is None and a.status == "not_found"


def test_english_words_that_spell_a_row_are_read_before_single_glossary_words(pingliang):
    a = _ask(pingliang, "What is the budget for basic public health services?")  # never 卫生健康支出 969.86
    assert (a.value, a.unit) == (Decimal("135.32"), "万元")
    assert _ask(pingliang, "How much for public health?").value == Decimal("273.05")
    assert _ask(pingliang, "How much is the health budget?").value == Decimal("969.86")


def test_a_share_of_a_prose_part_asked_with_how_large(datong):
    a = _ask(datong, "政府采购中服务类占多大比例")  # 36.71 of 42.43, both stated in the prose
    assert (a.value, a.unit) == (Decimal("86.52"), "%") and len(a.citations) == 2


def test_a_name_with_other_characters_in_place_of_the_rows_is_another_thing(datong, quanzhou):
    for question in ("公路道口安全管理专项资金多少", "驻县帮扶工作人员经费", "国有经济发展促进工作经费多少"):
        a = _ask(datong, question)  # never 铁路道口 9.00, 驻村帮扶 10.50, 民营经济 21.03
        assert a.value is None and a.status == "not_found", question
    assert _ask(datong, "铁路道口安全管里专项资金").value == Decimal("9.00")  # a 同音字 is a slip
    assert _ask(datong, "驻村帮扶经费").value == Decimal("10.50")  # words left out still name it
    assert _ask(datong, "明营经济发展促进工作经费有多少？").value == Decimal("21.03")  # ming for min: a slip
    b = _ask(quanzhou, "驻北京联络处房屋修缮经费多少")  # a 绩效目标表 project: 驻沪办房屋修缮经费 only
    assert b.value is None and b.status == "not_found" and "驻沪办房屋修缮经费" in b.text


def test_a_change_or_last_year_of_an_unnamed_subject_is_not_the_whole_budgets(datong):
    for question in ("哈哈项目去年是多少", "哈哈项目比上年增加多少", "政府采购比去年多了多少"):
        a = _ask(datong, question)  # never 1305.65 (the total's last year), 24.91 (机关运行经费's), 42.43 (this year's)
        assert a.value is None and a.status == "not_found", question
    first = _ask(datong, "哈哈项目是多少")
    b = datong.ask("去年呢", history=(("哈哈项目是多少", first),))[1]  # leans on an unfound question
    assert b.value is None and b.status == "not_found"
    assert _ask(datong, "机关运行经费比上年增加多少").value == Decimal("24.91")
    assert _ask(datong, "去年的预算是多少").value == Decimal("1305.65")


def test_a_rows_sources_and_a_largest_part_asked_beside_its_total(pingliang):
    a = _ask(pingliang, "重大传染病防控经费的资金来源")  # no 绩效目标表: the project table's source column
    assert "一般公共预算" in a.text and a.citations[0].locator
    b = _ask(pingliang, "项目支出多少，其中最大的项目是哪个")
    assert [(p.value, p.unit) for p in b.parts] == [(Decimal("506.25"), "万元"), (Decimal("154.00"), "万元")]
    assert "T计划生育家庭奖励扶助资金" in b.parts[1].text


@pytest.fixture(scope="module")
def hangzhou(tmp_path_factory) -> Library:  # 杭州市司法局 2026: 表6's 公用经费 column is 「日常公用支出」
    return libraries.real(tmp_path_factory, "cities/hangzhou_sfj_2026_dept.pdf")


def test_the_unit_named_before_a_row_is_no_qualifier_of_it(tmp_path_factory):
    fuzhou = libraries.real(tmp_path_factory, "cities/fuzhou_wzzx_2026_unit.pdf")
    a = _ask(fuzhou, "福州市公安局文职人员管理中心职业年金缴费今年安排多少？")
    assert (a.value, a.unit) == (Decimal("170.74"), "万元")


def test_the_class_a_question_names_not_its_other_row_nor_a_listed_content(
    hangzhou, datong, pingliang, tmp_path_factory
):
    a = _ask(hangzhou, "监狱支出占公共安全支出的比例")  # 监狱 (款), never 其他监狱支出 131.00
    assert (a.value, a.unit) == (Decimal("78.38"), "%") and "59935.35" in a.text
    assert _ask(hangzhou, "其他监狱支出多少").value == Decimal("131.00")  # asked by its name
    sww = libraries.real(tmp_path_factory, "putuo_sww_2025_dept.pdf")  # a code names its 其他… row exactly
    assert _ask(sww, "2169999多少钱").value == Decimal("31364000.00")
    assert _ask(pingliang, "残疾人事业支出多少").text.startswith("残疾人事业：")
    b = _ask(hangzhou, "公用经费多少")  # its 日常公用支出, never 行政运行's 48,375.27 whose prose lists 公用经费
    assert (b.value, b.unit) == (Decimal("12237.94"), "万元")
    c = _ask(datong, "交通费用多少")  # only among what 公用经费 85.14 includes
    assert c.value is None and c.status == "not_found"


@pytest.fixture(scope="module")
def chongqing(tmp_path_factory) -> Library:  # 中共重庆市委宣传部 2026: 表九 政府采购 split by source of funds
    return libraries.real(tmp_path_factory, "cities/chongqing_xcb_2026_dept.pdf")


def test_a_total_asked_of_one_source_is_read_in_that_sources_column(chongqing):
    a = _ask(chongqing, "一般公共预算拨款政府采购多少")  # never the 712.49 of all sources
    assert (a.value, a.unit) == (Decimal("504.98"), "万元")
    assert _ask(chongqing, "政府采购预算多少").value == Decimal("712.49")
    b = _ask(chongqing, "机关运行经费比上年增加多少")  # the prose's 「运行经费」 under its heading 机关运行经费
    assert (b.value, b.unit) == (Decimal("0.09"), "万元")


@pytest.fixture(scope="module")
def suzhou(tmp_path_factory) -> Library:  # 苏州市生态环境局 2026: changes stated per 类, item by item
    return libraries.real(tmp_path_factory, "cities/suzhou_sthjj_2026_unit.pdf")


def test_a_change_is_the_subjects_only_where_its_item_names_it(suzhou):
    a = _ask(suzhou, "水体污染防治比上年增加多少")  # a 项 not printed: never its class's (or another's) change
    assert a.value is None and a.status == "not_found"
    b = _ask(suzhou, "污染防治比上年减少多少")  # 「（2）节能环保支出（类）…污染防治的支出。与上年相比减少1,332.74万元」
    assert b.value is None and b.status == "not_found"
    assert _ask(suzhou, "节能环保支出比上年减少多少").value == Decimal("1332.74")
