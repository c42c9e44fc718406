"""Questions as people ask them, on the bundled document, a generated national-template PDF and two real
disclosures (苏州 生态环境局 2026 单位, 上海 普陀区财政局 2025 部门): 「A和B是多少」 and "what is A and B" ask for
each, only 加/加起来/"the sum of" adds; a share names the whole first (「政府采购服务类占多少」) or in the turn
before; a 同音字 in a short name or in a word only the prose uses; the same kind of body one level up is another
body; one row's several columns; the rank the 概况 states; and the 编制说明 is a section of its own."""

from __future__ import annotations

from decimal import Decimal

import libraries
import pytest
from libraries import ROOT

from app.answer.scope import name_the_unit_plainly, other_body
from app.library import Library


@pytest.fixture(scope="module")
def datong(tmp_path_factory) -> Library:
    return libraries.library(tmp_path_factory.mktemp("datong"), [str(ROOT / "data" / "datong_gxj_2024.txt")])


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Library:
    return libraries.generated(tmp_path_factory, 1013, "national")


@pytest.fixture(scope="module")
def numbered(tmp_path_factory) -> Library:
    return libraries.generated(tmp_path_factory, 1131, "numbered")


@pytest.fixture(scope="module")
def shanghai(tmp_path_factory) -> Library:
    return libraries.generated(tmp_path_factory, 1213, "shanghai")


@pytest.fixture(scope="module")
def real(tmp_path_factory) -> dict[str, Library]:
    return {
        "suzhou": libraries.real(tmp_path_factory, "cities/suzhou_sthjj_2026_unit.pdf"),
        "putuo": libraries.real(tmp_path_factory, "putuo_czj_2025_dept.pdf"),
    }


@pytest.fixture(scope="module")
def justice(tmp_path_factory) -> Library:
    return libraries.real(tmp_path_factory, "putuo_sfj_2026_unit.pdf")


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> Library:
    return libraries.real(tmp_path_factory, "putuo_zfb_2025_unit.pdf")


@pytest.fixture(scope="module")
def wanli(tmp_path_factory) -> Library:
    return libraries.real(tmp_path_factory, "wanli_jd_2023_dept.pdf")


@pytest.fixture(scope="module")
def traffic(tmp_path_factory) -> Library:
    return libraries.real(tmp_path_factory, "cities/shenzhen_jjj_2026_dept.pdf")


def _said(lib: Library, question: str, history: tuple = ()) -> tuple:
    _, a = lib.ask(question, history=history)
    return a.value, a.unit


@pytest.mark.parametrize(
    "question",
    [
        "基本支出和项目支出是多少",
        "What is the basic expenditure and the project expenditure?",
        "basic and project expenditures?",
    ],
)
def test_two_names_joined_by_and_ask_for_each_never_their_sum(datong, question):
    _, a = datong.ask(question)
    assert (a.value, a.unit) == (Decimal("1045.26"), "万元")
    assert "177.49" in a.text and "1222.75" not in a.text


@pytest.mark.parametrize(
    "question",
    ["基本支出加项目支出等于多少", "基本支出和项目支出加起来多少", "What is the sum of basic and project expenditure?"],
)
def test_only_an_add_word_adds(datong, question):
    assert _said(datong, question) == (Decimal("1222.75"), "万元")


def test_a_share_that_names_the_whole_first_or_in_the_turn_before(real):
    sz = real["suzhou"]
    assert _said(sz, "政府采购服务类占多少比例？") == (Decimal("89.72"), "%")  # 3339.05 ÷ 3721.79
    _, first = sz.ask("政府采购总额多少？")
    assert (first.value, first.unit) == (Decimal("3721.79"), "万元")
    history = (("政府采购总额多少？", first),)
    _, share = sz.ask("服务类占多少比例？", history=history)
    assert (share.value, share.unit) == (Decimal("89.72"), "%")
    history += (("服务类占多少比例？", share),)
    assert _said(sz, "那货物类呢", history) == (Decimal("10.28"), "%")  # the same whole, not the whole budget


def test_a_homophone_in_a_short_name_or_in_a_word_only_the_prose_uses(datong, generated):
    assert _said(generated, "差率费预算多少？") == _said(generated, "差旅费预算多少？")
    _, a = datong.ask("政府采够预算总额多少，其中货物多少？")
    assert [(p.value, p.unit) for p in a.parts] == [(Decimal("42.43"), "万元"), (Decimal("5.72"), "万元")]


def test_a_later_part_of_a_breakdown_reads_its_own_figure(real):
    _, a = real["putuo"].ask("政府采购预算多少，其中服务多少")
    assert [(p.value, p.unit) for p in a.parts] == [(Decimal("117.00"), "万元"), (Decimal("100.00"), "万元")]


def test_a_word_the_document_lacks_is_not_dropped_as_a_money_word(datong):
    _, a = datong.ask("数字经济发展专项资金安排了多少？")  # not Z民营经济发展促进工作经费
    assert a.value is None and a.text.startswith("文档中未找到")


def test_the_same_kind_of_body_one_level_up_is_another_body(real):
    unit = "上海市普陀区财政局"
    assert other_body("上海市财政局三公经费多少", unit) == "上海市财政局"
    assert other_body("上海普陀财政局三公经费多少", unit) == ""
    assert name_the_unit_plainly("普陀财政局政府采购预算总额", unit) == "本单位政府采购预算总额"
    _, a = real["putuo"].ask("上海市财政局三公经费多少")
    assert a.value is None and a.rule == "out_of_scope"
    assert _said(real["putuo"], "普陀财政局三公经费多少") == (Decimal("0.95"), "万元")
    _, final = real["putuo"].ask("What was the actual execution amount in 2024?")  # a 决算, which a 预算 never gives
    assert final.value is None and final.rule == "out_of_scope"


def test_one_rows_columns_each_and_a_row_named_by_code_then_name(generated):
    _, a = generated.ask("支出总表里2013801行政运行合计多少？基本支出和项目支出各多少？")
    assert [(p.value, p.unit) for p in a.parts] == [(Decimal("614.57"), "万元"), (Decimal("575.54"), "万元")]
    assert "行政运行的项目支出：39.03万元" in a.text


def test_the_rank_the_overview_states(datong, real):
    _, a = datong.ask("工信局是什么级别的单位")
    assert "正处级" in a.text and a.citations
    _, none = real["suzhou"].ask("这个单位是什么级别的机构？")  # it does not say
    assert none.text.startswith("文档中未找到")


def test_the_explanation_is_its_own_section_and_last_years_total_from_预算总计(real):
    _, why = real["putuo"].ask("财政拨款比上年增加的主要原因是什么？")
    assert "信息化系统日常维护费" in why.text and "编制说明" in why.citations[0].source
    assert _said(real["suzhou"], "2025年的收支预算总计是多少？") == (Decimal("42484.83"), "万元")


def test_english_names_of_function_classes_and_common_budget_words(numbered):
    assert _said(numbered, "What is the budget for pollution control?") == (Decimal("35.34"), "万元")
    assert _said(numbered, "information system operation and maintenance funding?") == (Decimal("36.00"), "万元")


def test_a_share_of_the_figure_the_prose_gave_in_the_turn_before(datong):
    _, first = datong.ask("政府采购预算总额多少？")
    assert (first.value, first.unit) == (Decimal("42.43"), "万元") and first.route == "narrative"
    _, share = datong.ask("占总支出多少？", history=(("政府采购预算总额多少？", first),))
    assert (share.value, share.unit) == (Decimal("3.47"), "%") and "42.43 ÷ 1222.75" in share.computation
    assert len(share.citations) == 2


def test_an_items_change_its_reason_and_last_years_执行数(justice):
    _, why = justice.ask("信息化建设为什么增加这么多")  # the item names itself two sentences before its change
    assert "业务量增加" in why.text and why.value is None
    assert _said(justice, "信息化建设2026年预算比2025年执行数多了多少钱？") == (Decimal("167.47"), "万元")
    assert _said(justice, "信息化建设2025年执行数是多少") == (Decimal("60.41"), "万元")
    _, rate_only = justice.ask("普法宣传比上年增加多少钱")  # only a rate vs 执行数 is printed: no rate for money
    assert rate_only.value is None


def test_counted_nouns_follow_their_number_also_in_english(justice):
    assert _said(justice, "How many internal departments does the bureau have?") == (Decimal("12"), "个")


def test_the_duties_are_the_list_not_one_duty(numbered, justice, datong):
    for lib in (numbered, justice):
        _, a = lib.ask("主要负责哪些工作？")
        assert "（一）" in a.text and "（二）" in a.text and len(a.citations) >= 3, a.text
    _, what = datong.ask("项目支出是干什么的")  # a row's meaning, not an unknown attribute 「是干」
    assert "项目支出" in what.text and not what.text.startswith("文档中未找到")


def test_a_horizontal_三公_table_with_its_合计_header_off_centre(shanghai):
    assert _said(shanghai, "三公经费预算多少？") == (Decimal("8.26"), "万元")  # not 公务用车购置及运行费's 7.00
    assert _said(shanghai, "公务用车购置及运行费多少") == (Decimal("7.00"), "万元")
    # "operation" holds "ratio": no share is asked
    assert _said(shanghai, "How much is budgeted for the operation of official vehicles?") == (Decimal("70000"), "元")


def test_the_contents_open_no_section_and_an_unnumbered_title_does(shanghai, justice):
    for lib in (shanghai, justice):
        _, duties = lib.ask("主要负责什么工作？")
        assert "（一）" in duties.text and "（三）" in duties.text, duties.text
    _, what = shanghai.ask("什么是机关运行经费")
    assert "公用经费" in what.text and "名词解释" in what.citations[0].source


def test_the_total_budget_for_a_named_item_is_that_items(office):
    assert _said(office, "What is the total budget for the three public expenses in 2025?") == (
        Decimal("867.50"),
        "万元",
    )
    _, why = office.ask("财政拨款为什么比去年少了？")  # the reason four sentences after the change
    assert "项目调整" in why.text


def test_a_qualifier_before_a_share_its_filler_and_its_english_follow_up(datong, justice):
    assert _said(datong, "一般公共预算基本支出里人员经费占比多少？") == (Decimal("91.85"), "%")
    assert _said(datong, "现在实有公务用车几辆？") == (Decimal("1"), "辆")
    assert _said(datong, "What is the total government procurement budget?") == (Decimal("42.43"), "万元")
    _, first = justice.ask("信息化建设今年预算多少？")
    history = (("信息化建设今年预算多少？", first),)
    assert _said(justice, "What was its actual execution amount in 2025?", history) == (Decimal("60.41"), "万元")


def test_a_share_of_two_figures_the_prose_states(datong, wanli):
    assert _said(datong, "政府采购里货物占比多少") == (Decimal("13.48"), "%")  # 5.72 ÷ 42.43
    assert _said(wanli, "面向中小企业预留的采购预算占政府采购预算总额的比例？") == (Decimal("40.00"), "%")
    _, absent = datong.ask("科研经费占政府采购的比例")
    assert absent.value is None


def test_a_sibling_town_and_the_difference_to_last_years_执行数(wanli):
    assert other_body("普陀区城乡社区支出多少", "上海市普陀区人民政府万里街道办事处") == ""  # 城乡 is no 乡
    _, other = wanli.ask("普陀区长征镇2023年三公经费是多少？")
    assert other.value is None and other.rule == "out_of_scope"
    assert _said(wanli, "行政单位医疗2023年预算比2022年执行数多了多少？") == (Decimal("68.60"), "万元")
    _, first = wanli.ask("城管执法预算多少？")
    assert _said(wanli, "2022年执行数呢？", (("城管执法预算多少？", first),)) == (Decimal("767.68"), "万元")


def test_columns_of_one_row_after_a_container_and_in_a_named_table(wanli, datong):
    _, a = wanli.ask("一般公共预算基本支出中人员经费和公用经费分别是多少？")
    assert (a.value, a.unit) == (Decimal("84024865"), "元") and "15,381,432元" in a.text
    assert _said(wanli, "How many vehicles does the subdistrict office have?") == (Decimal("7"), "辆")
    assert _said(datong, "What is the total basic expenditure budget?") == (Decimal("1045.26"), "万元")


def test_english_phrases_are_read_leftmost_longest():
    from app.answer.linker import apply_synonyms

    assert apply_synonyms("what is the total basic expenditure budget?") == "what is the total 基本支出 budget?"
    assert apply_synonyms("basic and project expenditures?") == "基本支出 and 项目支出?"


def test_the_method_named_does_not_make_a_change_question(datong):
    assert _said(datong, "按说明里的降幅推算，上一年的预算总额是多少？") == (Decimal("1305.65"), "万元")


def test_what_is_owned_and_what_is_planned_and_a_rate_from_an_amount(traffic):
    assert _said(traffic, "单价100万元以上的设备有多少台？") == (Decimal("58"), "台")  # not the 0 planned
    assert _said(traffic, "How many vehicles does the bureau plan to purchase in 2026?") == (Decimal("30"), "辆")
    # 「较2025年年初预算增加62.97万元」 and a rate asked: 62.97 ÷ (3704.75 − 62.97)
    assert _said(traffic, "三公经费比2025年年初预算增长了百分之几？") == (Decimal("1.73"), "%")
    _, parts = traffic.ask("政府采购货物、工程、服务三类分别多少？")
    assert (parts.value, parts.unit) == (Decimal("6825.44"), "万元") and "38,142.72" in parts.text


def test_letter_spaced_lines_and_spaces_inside_chinese_quotes():
    from app.sentences import unspace

    assert (
        unspace("2026 年 财 政 拨 款 “ 三 公 ” 经 费 预 算 3,704.75 万 元")
        == "2026年财政拨款“三公”经费预算3,704.75万元"
    )
    assert unspace("2026 年财政拨款 “ 三公 ” 经费预算") == "2026 年财政拨款“三公”经费预算"
    assert unspace("会议费预算 0 万元") == "会议费预算 0 万元"


# -- session 14: blind sets 14 and 14b --------------------------------------------------------------------


@pytest.fixture(scope="module")
def jingzhou(tmp_path_factory) -> Library:
    return libraries.generated(tmp_path_factory, 1607, "shanghai")  # 荆州市教育局, tables in 元


@pytest.fixture(scope="module")
def wuxi(tmp_path_factory) -> Library:
    return libraries.real(tmp_path_factory, "cities/wuxi_sw_2026_dept.pdf")


@pytest.fixture(scope="module")
def chongqing(tmp_path_factory) -> Library:
    return libraries.real(tmp_path_factory, "cities/chongqing_xcb_2026_dept.pdf")


def test_a_narrower_class_than_the_document_prints_gets_no_figure(jingzhou):
    _, a = jingzhou.ask("高中教育支出安排了多少？")  # only the 类 教育支出 and its 普通教育 are printed
    assert a.value is None and "未找到「高中教育支出」" in a.text and "普通教育" in a.text
    for asked in ("荆州市教育局教育支出总共多少？", "表三中教育支出多少", "今年的教育支出多少"):
        assert _said(jingzhou, asked) == (Decimal("5893000.00"), "元")


def test_a_lead_in_opens_a_new_question_and_in_english_restates_the_last_answer(jingzhou):
    _, first = jingzhou.ask("荆州市教育局教育支出总共多少？")
    history = (("荆州市教育局教育支出总共多少？", first),)
    assert _said(jingzhou, "另外问一下，这个单位一共有几辆车？", history) == (Decimal("4"), "辆")
    _, cost = jingzhou.ask("荆州市教育局机关运行经费是多少？")
    _, again = jingzhou.ask("and in English?", history=(("荆州市教育局机关运行经费是多少？", cost),))
    assert (again.value, again.unit) == (cost.value, cost.unit) == (Decimal("40.30"), "万元")
    assert again.text.startswith("In English: Administrative operating costs: 40.30 wan yuan (403,000 yuan).")
    assert again.citations == cost.citations


def test_a_head_shared_by_a_list_and_no_loose_name_across_its_commas(datong):
    for asked in (
        "社会保障和就业、卫生健康和住房保障支出加起来多少？",
        "社会保障和就业、卫生健康支出和住房保障支出加起来多少？",
    ):
        _, a = datong.ask(asked)
        assert (a.value, a.unit) == (Decimal("511.31"), "万元")  # 393.41 + 35.02 + 82.88, never two of the three
        assert "35.02" in a.text


def test_a_sub_unit_row_its_own_part_and_a_quoted_title(wuxi):
    assert _said(wuxi, "无锡市投资促进中心的收入预算是多少？") == (Decimal("1676.22"), "万元")
    assert _said(wuxi, "无锡市商务局本级的收入预算") == (Decimal("15790.43"), "万元")
    assert _said(wuxi, "无锡市商务局收入预算总计多少") == (Decimal("17466.65"), "万元")
    _, other = wuxi.ask("无锡市发改委2026年部门预算总额是多少？")
    assert other.value is None and "未找到「无锡市发改委」" in other.text
    asked = "“一般公共预算‘三公’经费、会议费、培训费支出表”里三公经费合计是多少？"
    assert _said(wuxi, asked) == (Decimal("6.40"), "万元")  # a title, not 一般公共预算 + 会议费 + 培训费


def test_a_change_is_its_own_items_not_a_lower_class_named_in_the_same_sentence(wuxi):
    # 「2.涉外发展服务支出（款）一般行政管理事务（项）支出」 wraps onto 「117.13 万元，与上年相比减少 22.58 万元」
    assert _said(wuxi, "涉外发展服务支出里的一般行政管理事务比上年少了多少？") == (Decimal("22.58"), "万元")
    _, a = wuxi.ask("涉外发展服务支出比上年增加多少")  # 45.45 is 行政运行（项）'s change, not the 款's
    assert a.value is None and "45.45" not in a.text
    _, why = wuxi.ask("科学技术支出为什么从0变成12500万？")
    assert "产业科技资金池" in why.text


def test_the_reason_is_read_where_the_change_has_one_and_english_equipment(chongqing):
    _, why = chongqing.ask("政府性基金预算为什么比2025年增加了？")
    assert "结转 1,036.60" in why.text and why.citations
    assert all("机构设置" not in c.source for c in why.citations)  # 「（二）机构设置」 is a heading, not a section
    assert _said(chongqing, "政府性基金预算比去年增加了多少？") == (Decimal("1066.60"), "万元")
    assert _said(chongqing, "How much is budgeted for office equipment purchases?") == (Decimal("6.00"), "万元")


@pytest.fixture(scope="module")
def weather(tmp_path_factory) -> Library:
    return libraries.real(tmp_path_factory, "cities/guangzhou_qxj_2026_dept.pdf")  # 广州市气象局: 局本级 and 4 units


@pytest.fixture(scope="module")
def baoding(tmp_path_factory) -> Library:
    return libraries.generated(tmp_path_factory, 1811, "numbered")


def test_a_unit_of_the_department_by_its_rows_and_nothing_else_about_it(weather):
    both = "广州市气象台和广州市气象综合保障中心的收入加起来是多少？"
    assert _said(weather, both) == (Decimal("2899.59"), "万元")  # 1519.20 + 1380.39, 表二 by unit
    _, a = weather.ask("广州市气象综合保障中心有几个项目，一共多少钱？")
    assert [(p.value, p.unit) for p in a.parts] == [(Decimal("6"), "个"), (Decimal("797.94"), "万元")]
    _, own = weather.ask("那广州市气象台单独的机关运行经费是多少？")  # printed for the department only
    assert own.value is None and "未找到" in own.text


def test_operands_of_a_difference_come_from_one_table(weather):
    for asked in (
        "一般公共预算项目支出情况表（按经济分类科目）里租赁费比委托业务费多多少？",
        "租赁费比委托业务费多多少？",
    ):
        _, a = weather.ask(asked)
        assert (a.value, a.unit) == (Decimal("208.77"), "万元")  # 592.82 − 384.05, both of 表七
        assert {c.source for c in a.citations} == {"表七"}


def test_a_letter_spaced_decimal_is_one_figure(weather):
    _, first = weather.ask("广州市气象局2026年政府采购安排了多少？")
    _, a = weather.ask("其中货物类多少？", history=(("广州市气象局2026年政府采购安排了多少？", first),))
    assert (a.value, a.unit) == (Decimal("3.83"), "万元")  # printed 「3 . 8 3 万元」


def test_a_later_part_keeps_the_table_the_first_part_named(baoding):
    _, a = baoding.ask("表五一般公共预算支出表里农林水支出是多少，其中项目支出多少？")
    assert [(p.value, p.unit) for p in a.parts] == [(Decimal("514.65"), "万元"), (Decimal("201.58"), "万元")]


@pytest.fixture(scope="module")
def quanzhou(tmp_path_factory) -> Library:
    return libraries.real(tmp_path_factory, "cities/quanzhou_zfb_2026_unit.pdf")  # 泉州市人民政府办公室（本级）


def test_a_method_a_prose_only_total_and_a_body_inside_an_item_name(quanzhou):
    assert _said(quanzhou, "按说明里的增加额算，去年机关运行经费是多少？") == (
        Decimal("677.58"),
        "万元",
    )  # 692.81 − 15.23
    assert _said(quanzhou, "委托业务费预算总额是多少") == (Decimal("138.90"), "万元")  # only the prose states it
    _, typo = quanzhou.ask("委托业物费预算总额是多少")
    assert typo.value is None  # never the whole budget
    assert _said(quanzhou, "一般公共服务支出占支出合计的比重是多少？") == (Decimal("71.11"), "%")
    _, a = quanzhou.ask("泉州城市形象专题宣传经费和驻沪办房屋修缮经费分别是多少？")
    assert "泉州市人民政府办公室（本级）2026年的预算公开" not in a.text  # 驻沪办 here names an item, not a body


def test_english_inside_and_a_gloss_in_brackets(quanzhou):
    _, first = quanzhou.ask("泉州市政府办2026年基本支出里人员经费多少？")
    asked = "And the public (office operating) expenses within basic expenditure?"
    _, a = quanzhou.ask(asked, history=(("泉州市政府办2026年基本支出里人员经费多少？", first),))
    assert "公用经费 692.81 万元" in a.text and a.citations and "4115.84" not in a.text  # its sentence, cited


@pytest.fixture(scope="module")
def linzhou(tmp_path_factory) -> Library:
    return libraries.generated(tmp_path_factory, 1907, "shanghai")  # 林州市交通运输局, tables in 元


def test_counts_each_from_one_sentence_and_a_part_of_a_columns_total(linzhou):
    _, cars = linzhou.ask("机要通信用车和执法执勤用车各有几辆？")
    assert "机要通信用车：3辆" in cars.text and "执法执勤用车：1辆" in cars.text
    _, a = linzhou.ask("收入预算总表里上年结转一共多少，其中交通运输支出用了多少？")
    assert [(p.value, p.unit) for p in a.parts] == [(Decimal("653000.00"), "元"), (Decimal("617000.00"), "元")]
    assert _said(linzhou, "How much is allocated to road maintenance?") == (Decimal("455000.00"), "元")


def test_a_project_only_its_ruled_performance_form_prints(quanzhou):
    assert _said(quanzhou, "泉州政务新媒体号运营资金有多少？") == (Decimal("855000.00"), "元")  # 85.50 万元
    _, each = quanzhou.ask("泉州城市形象专题宣传经费和驻沪办房屋修缮经费分别是多少？")
    assert [(p.value, p.unit) for p in each.parts] == [(Decimal("475000.00"), "元"), (Decimal("285000.00"), "元")]
    assert _said(quanzhou, "驻沪办房屋修缮经费的预算执行率") == (Decimal("100"), "%")  # its own form's ≥100%
    _, which = quanzhou.ask("预算执行率是多少")  # in two forms: which one is not said
    assert which.value is None and "驻沪办房屋修缮经费" in which.text
    _, goal = quanzhou.ask("驻沪办房屋修缮经费的项目实施期目标是什么")
    assert "对1007室重新铺设管线" in goal.text and goal.citations


@pytest.fixture(scope="module")
def real_cs(tmp_path_factory) -> Library:
    return libraries.real(tmp_path_factory, "cities/changsha_zjjd_2026_dept.pdf")  # 长沙职业教育基地综合协调办公室


@pytest.fixture(scope="module")
def zhuhai(tmp_path_factory) -> Library:
    return libraries.real(tmp_path_factory, "cities/zhuhai_gwzx_2026_dept.pdf")


def test_a_share_of_a_sum_and_a_project_named_by_its_own_part(zhuhai, datong, real_cs):
    asked = "黄杨泵站至缯坑水库第二条原水管道工程和广南梅第二条原水管道工程一期加起来占支出总计的百分比"
    assert _said(zhuhai, asked) == (Decimal("90.24"), "%")  # (4237.00 + 2579.00) ÷ 7552.92
    assert _said(datong, "人员经费和公用经费加起来占总支出的比例") == (Decimal("85.48"), "%")
    _, first = zhuhai.ask("广南梅第二条原水管道工程一期2026年预算多少？")
    again = (("广南梅第二条原水管道工程一期2026年预算多少？", first),)
    assert _said(zhuhai, "那黄杨泵站那个工程呢？", again) == (Decimal("4237.00"), "万元")
    _, shared = datong.ask("基础性项目那个项目多少钱")  # 「基础性项目」 is in two rows' names: not one
    _, unit = real_cs.ask(
        "本单位基本支出和项目支出分别多少"
    )  # 「单位基本」 is no piece of 机关事业单位基本养老保险缴费
    assert [f"{v}" for v in (unit.value,)] == ["386.73"] and "270.00" in unit.text
    assert shared.value is None or "J基础性项目" in shared.text


@pytest.fixture(scope="module")
def industry(tmp_path_factory) -> Library:
    return libraries.real(tmp_path_factory, "cities/guangzhou_gxj_2026_dept.pdf")  # 广州市工业和信息化局 and its units


def test_a_unit_whose_name_holds_he_a_code_with_its_name_and_last_year_from_its_own_sentence(industry):
    assert _said(industry, "广州市工业和信息化产业发展中心的收入预算是多少") == (Decimal("2861.45"), "万元")
    assert _said(industry, "表二里广州市无线电监测站的收入合计是多少") == (Decimal("1531.90"), "万元")
    assert _said(industry, "2150517产业发展安排了多少钱") == (Decimal("122276.41"), "万元")
    # 「安排委托业务费1,816.81万元，比上年增加296.76万元」: the table's 63.50 is another amount (never −233.26)
    assert _said(industry, "委托业务费去年安排了多少？") == (Decimal("1520.05"), "万元")
    _, each = industry.ask("三公里面因公出国(境)费和公务接待费分别是多少")  # 「(境)」 typed half-width
    assert (each.value, each.unit) == (Decimal("70.00"), "万元") and "7.18" in each.text


def test_a_count_is_never_answered_with_money_and_english_parts_of_the_last_answer(datong, industry):
    _, first = datong.ask("大同工信局三公经费预算多少？")
    _, a = datong.ask("那公务接待一共接待了多少批次？", history=(("大同工信局三公经费预算多少？", first),))
    assert a.value is None and "未找到" in a.text
    _, buy = industry.ask("广州市工信局政府采购安排多少？")
    asked = "How much of that is for goods?"
    assert _said(industry, asked, (("广州市工信局政府采购安排多少？", buy),)) == (Decimal("51.08"), "万元")
    assert _said(industry, "How much is the 2026 budget for service procurement?") == (Decimal("2398.15"), "万元")
