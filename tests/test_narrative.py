"""Sections and narrative chunks of a disclosure: the bundled document, then an unseen one written here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.ingest.chunks import MAX_CHUNK_CHARS, chunk_narrative
from app.ingest.headings import heading
from app.ingest.read import read_document
from app.ingest.sections import DEFINITION, FRONT, NARRATIVE, PERF, TABLES, find_sections
from app.sentences import locate_sentence, split_sentences

DOC_PATH = Path(__file__).resolve().parents[1] / "data" / "datong_gxj_2024.txt"
PART1 = "第一部分 概况"
PART2 = "第二部分 2024年单位预算报表"
PART3 = "第三部分 2024年度单位预算情况说明"
PART4 = "第四部分 名词解释"
PART3_ITEMS = [
    "一、单位预算收支数据变动情况及原因",
    "二、收入预算情况说明",
    "三、支出预算情况说明",
    "四、财政拨款收支预算总体情况说明",
    "五、一般公共预算支出情况说明",
    "六、一般公共预算基本支出情况说明",
    "七、“三公”经费增减变动原因说明",
    "八、机关运行经费增减变动原因说明",
    "九、政府采购情况",
    "十、绩效管理情况",
    "十一、国有资产占有使用情况",
    "十二、其他说明",
]
PROJECTS = [
    "J残疾人保证障金(2015年已缴纳额)",
    "Z全市工程系列(含非公民营企业)中、初级职称评审专项经费",
    "Z驻村帮扶工作人员经费",
    "T铁路道口安全管理专项资金",
    "Z民营经济发展促进工作经费",
]


@pytest.fixture(scope="module")
def doc():
    return read_document(DOC_PATH)


@pytest.fixture(scope="module")
def sections(doc):
    return find_sections(doc)


@pytest.fixture(scope="module")
def chunks(doc, sections):
    return chunk_narrative(doc, sections)


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _line(doc, no):
    return next(ln for ln in doc.lines if ln.no == no)


def _definitions_in_file() -> list[str]:
    """Count the 名词解释 entries straight from the file: numbered lines after the part heading."""
    lines = [ln.strip() for ln in DOC_PATH.read_text(encoding="utf-8").splitlines() if ln.strip()]
    start = next(i for i, ln in enumerate(lines) if ln.startswith("第四部分"))
    return [ln for ln in lines[start + 1 :] if re.match(r"^[一二三四五六七八九十]+、", ln)]


# ---------------------------------------------------------------- sections of the bundled document


def test_parts_are_found_in_order(sections):
    tops = [s.path[0] for s in sections if s.path]
    assert list(dict.fromkeys(tops)) == [PART1, PART2, PART3, "绩效目标表", PART4]


def test_part_one_has_duties_and_organisation(sections):
    assert (PART1, "一、本单位职责") in [s.path for s in sections]
    assert (PART1, "二、机构设置情况") in [s.path for s in sections]


def test_all_twelve_numbered_items_of_part_three(sections):
    items = [s.path[1] for s in sections if s.path[:1] == (PART3,) and len(s.path) == 2 and s.heading]
    assert items == PART3_ITEMS


def test_sub_headings_of_part_three(sections):
    paths = [s.path for s in sections]
    assert (PART3, "五、一般公共预算支出情况说明", "（一）一般公共预算当年支出规模变化情况") in paths
    assert (PART3, "五、一般公共预算支出情况说明", "（二）一般公共预算当年支出结构情况") in paths
    assert (PART3, "十、绩效管理情况", "2、项目绩效目标") in paths
    assert (PART3, "十一、国有资产占有使用情况", "1、车辆情况") in paths
    assert (PART3, "十一、国有资产占有使用情况", "3、其他国有资产占有使用情况") in paths
    assert (PART3, "十二、其他说明", "（二）其他") in paths


def test_heading_after_a_page_mark_is_found_on_its_page(doc, sections):
    section = next(s for s in sections if s.path == (PART3, "八、机关运行经费增减变动原因说明"))
    assert _line(doc, section.line).text.startswith(" 八、")
    assert section.page == _line(doc, section.line).page == 20


def test_the_table_area_is_one_span_from_the_first_table_to_part_three(doc, sections):
    tables = [s for s in sections if s.kind == TABLES]
    assert len(tables) == 1
    assert tables[0].path == (PART2,)
    assert "表一" in _line(doc, tables[0].line).text
    part3 = next(s for s in sections if s.path == (PART3,))
    assert tables[0].line_end < part3.line
    assert all(s.path[:1] != (PART2,) for s in sections if s.kind != TABLES)


def test_five_performance_target_tables_sit_between_items_ten_and_eleven(sections):
    perf = [s for s in sections if s.kind == PERF]
    assert [s.path for s in perf] == [("绩效目标表", p) for p in PROJECTS]
    ten = next(s for s in sections if s.path == (PART3, "十、绩效管理情况", "2、项目绩效目标"))
    eleven = next(s for s in sections if s.path == (PART3, "十一、国有资产占有使用情况"))
    assert ten.line_end < perf[0].line and perf[-1].line_end < eleven.line


def test_every_definition_is_a_section(sections):
    in_file = _definitions_in_file()
    assert len(in_file) == 12
    definitions = [s for s in sections if s.kind == DEFINITION]
    assert [s.path[1] for s in definitions][:3] == ["一、基本支出", "二、项目支出", "三、“三公”经费"]
    assert [s.path[1].split("、")[0] for s in definitions] == [d.split("、")[0] for d in in_file]
    assert all(s.path[0] == PART4 for s in definitions)


def test_sections_do_not_overlap_and_are_in_order(sections):
    for a, b in zip(sections, sections[1:]):
        assert a.line <= a.line_end < b.line


@pytest.mark.parametrize(
    "text",
    [
        "1,222.75万元，上年结转0万元，比上年减少82.90万元 ，下降6.35%，主要原因",
        "2.深化职称制度改革，创新人才评价",
        "（十三）负责工业和信息化领域经济技术对外交流合作工作。",
        "12.50万元，增长2.50%",
    ],
)
def test_prose_lines_that_start_with_a_number_are_not_headings(text):
    assert heading(text) is None


def test_wrapped_duty_items_are_not_headings(sections):
    assert not any(part.startswith("（五）") or part.startswith("（十四）") for s in sections for part in s.path)


# ---------------------------------------------------------------- chunks of the bundled document


def test_chunk_locators_point_at_the_lines_that_hold_the_chunk(doc, chunks):
    for c in chunks:
        lines = [ln for ln in doc.lines if c.line <= ln.no <= c.line_end]
        joined = _compact("".join(ln.text for ln in lines))
        text = _compact(c.text)
        assert text in joined, c
        first, last = _compact(lines[0].text), _compact(lines[-1].text)
        assert text[0] in first and text[-1] in last, c
        assert text not in _compact("".join(ln.text for ln in lines[1:])), f"line too early: {c}"
        assert text not in _compact("".join(ln.text for ln in lines[:-1])), f"line_end too late: {c}"
        assert (c.page, c.page_end) == (lines[0].page, lines[-1].page)


def test_chunk_starts_on_its_first_line(doc, chunks):
    for c in chunks:
        first = _compact(_line(doc, c.line).text)
        head = _compact(c.text)[:4]
        assert head in first or first.endswith(head[: len(head) - 1]) or first.endswith(head[:1]), c


def test_chunks_respect_the_size_limit_unless_one_sentence_is_longer(chunks):
    for c in chunks:
        if c.kind != "definition" and len(c.text) > MAX_CHUNK_CHARS:
            assert len(split_sentences(c.text)) == 1, c


@pytest.mark.parametrize(
    "sentence",
    [
        "政府采购预算总额42.43万元",
        "办公用房建筑总面积927.19平方米",
        "公务用车编制1辆",
        "预算收入总计1,222.75万元",
        "比上年减少82.90万元 ，下降6.35%",
        "公用经费85.14万元",
    ],
)
def test_sentences_with_figures_stay_whole_in_one_chunk(chunks, sentence):
    assert any(sentence in c.text for c in chunks)


def test_chunks_carry_their_section_path(chunks):
    purchase = [c for c in chunks if c.section == (PART3, "九、政府采购情况")]
    assert len(purchase) == 1
    assert purchase[0].text.startswith("2024年大同市工业和信息化局政府采购预算总额42.43万元。")
    assert (purchase[0].line, purchase[0].line_end, purchase[0].page) == (892, 894, 20)
    vehicles = next(c for c in chunks if c.section[-1] == "1、车辆情况")
    assert vehicles.section == (PART3, "十一、国有资产占有使用情况", "1、车辆情况")


def test_wrapped_lines_are_joined_without_spaces(chunks):
    duties = next(c for c in chunks if c.text.startswith("（五）"))
    assert "（含利用外资和境外投资），负责工业和信息化财政性资金" in duties.text


def test_each_definition_is_one_chunk(sections, chunks):
    definitions = [s for s in sections if s.kind == DEFINITION]
    defined = [c for c in chunks if c.kind == "definition"]
    assert len(defined) == len(definitions) == len(_definitions_in_file())
    assert [c.section for c in defined] == [s.path for s in definitions]
    basic = defined[0]
    assert basic.text == "一、基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。"
    assert (basic.line, basic.line_end) == (1411, 1413)
    funds = next(c for c in defined if c.section[1] == "六、财政专户管理资金")
    assert funds.text.startswith("六、财政专户管理资金：专指教育收费")


def test_performance_texts_are_chunked_per_project(chunks):
    for project in PROJECTS:
        labels = {c.section[2] for c in chunks if c.kind == "perf" and c.section[:2] == ("绩效目标表", project)}
        assert {
            "项目概况",
            "立项依据",
            "项目设立必要性",
            "项目实施计划",
            "总体目标（实施期）",
            "总体目标（年度）",
        } <= labels
    basis = next(c for c in chunks if c.section == ("绩效目标表", "T铁路道口安全管理专项资金", "立项依据"))
    assert basis.text.startswith("山西省财政厅《关于提前下达2024年省级铁路道口安全管理专项资金的通知》")
    assert basis.line == 1242


def test_tables_are_not_chunked(chunks):
    assert not any(117 <= c.line <= 799 for c in chunks)
    assert not any(c.section[:1] == (PART2,) for c in chunks)


def test_chunk_ids_are_stable_and_unique(doc, sections, chunks):
    again = chunk_narrative(doc, find_sections(doc))
    assert [c.chunk_id for c in again] == [c.chunk_id for c in chunks]
    assert len({c.chunk_id for c in chunks}) == len(chunks)


def test_split_sentences_keeps_figures_and_closing_marks():
    text = "收入1,222.75万元，下降6.35%。其中：人员经费960.12万元；公用经费85.14万元。“三公”经费（含车辆）。”结束"
    assert split_sentences(text) == [
        "收入1,222.75万元，下降6.35%。",
        "其中：人员经费960.12万元；",
        "公用经费85.14万元。",
        "“三公”经费（含车辆）。”",
        "结束",
    ]
    assert split_sentences("主要原因是单位人员减少。；本年预算") == ["主要原因是单位人员减少。；", "本年预算"]


def test_locate_sentence_returns_the_line_where_the_sentence_starts(doc, chunks):
    income = next(c for c in chunks if c.section == (PART3, "二、收入预算情况说明"))
    found = locate_sentence(doc, income, "政府性基金预算拨款收入0万元，占0%；")
    assert (found.no, found.page) == (818, 18)
    spending = next(
        c
        for c in chunks
        if c.section == (PART3, "五、一般公共预算支出情况说明", "（一）一般公共预算当年支出规模变化情况")
    )
    assert locate_sentence(doc, spending, spending.text).no == 845
    assert locate_sentence(doc, income, "文中没有的句子") is None


# ---------------------------------------------------------------- an unseen document


UNSEEN = [
    "晋中市文化和旅游局2025年部门预算公开",
    "目录",
    "第一部分 部门概况",
    "第二部分 2025年部门预算公开表",
    "第三部分 2025年部门预算情况说明",
    "第四部分 名词解释",
    " 第一部分 部门概况",
    "一、部门职责",
    "（一）贯彻落实党和国家关于文化和旅游工作的方针政策，研究拟订全市文化和旅游政策措",
    "施，起草有关规范性文件并组织实施。",
    "（二）统筹规划全市文化事业、文化产业和旅游业发展，拟订发展规划并组织实施，推进文化",
    "和旅游融合发展（含文物保护利用、非物质文化遗产保护传承和公共文化服务体系建设",
    "等）。",
    "（三）负责全市非物质文化遗产保护工作。",
    "二、机构设置",
    "本部门下设2个单位，其中：行政单位1个，事业单位1个。",
    " 第二部分 2025年部门预算公开表",
    "部门公开表1",
    "2025年部门收支总表",
    "单位名称：晋中市文化和旅游局 单位：万元",
    "一、一般公共预算 512.50 一、文化旅游体育与传媒支出 512.50",
    "二、政府性基金预算  二、社会保障和就业支出  ",
    "部门公开表7",
    "2025年政府性基金预算支出表",
    "注：本表无数据",
    " 第三部分 2025年部门预算情况说明",
    "一、收支预算总体情况",
    "2025年晋中市文化和旅游局收入预算总计512.50万元，支出预算总计512.50万元，与上",
    "年相比增加12.50万元，增长2.50%。主要原因是新增非遗保护传承专项资金。",
    "二、一般公共预算支出情况",
    "本部门一般公共预算当年支出512.50万元，比上年增加",
    "12.50万元，增长2.50%，主要原因是人员增加。",
    " 三、“三公”经费预算情况说明",
    "（一）因公出国（境）费",
    "2025年因公出国（境）费预算0万元，与上年持平。",
    "（二）公务用车购置及运行维护费",
    "2025年公务用车运行维护费预算4.80万元，比上年减少0.20万元，下降4.00%。原因是严",
    "格执行公务用车管理规定；压减车辆运行费用。",
    "四、政府采购情况",
    "2025年晋中市文化和旅游局政府采购预算总额18.60万元，其中：政府采购货物预算",
    "6.60万元，政府采购服务预算12.00万元。",
    "五、绩效目标设置情况",
    "2025年本部门公开项目绩效目标1个（见下表）。",
    "项目支出绩效目标表（2025年度）",
    "项目名称 QT文旅宣传推广经费",
    "主管部门及代码 215-晋中市文化和旅游局 实施单位 晋中市文化和旅游局",
    "项目属性 经常性项目 项目期 1年",
    "项目资金（元） 年度资金总额： 80,000",
    "其中：中央财政资金 0",
    "市级财政资金 80,000",
    "项目概况 开展文旅宣传推广活动。",
    "总体目标 提升晋中文旅品牌影响力。",
    "一级指标 二级指标 三级指标 指标值",
    "产出指标",
    "数量指标 宣传推广活动场次 ≥6场",
    " 六、国有资产占有使用情况",
    "截至2024年底，本部门共有公务用车2辆，其中：一般公务用车2辆。",
    "第四部分 名词解释",
    "1.财政拨款收入：指本级财政当年拨付的资金。",
    "2.上年结转：指以前年度尚未完成、结转到本年按有关规定继续使用的资金。",
    "3.机关运行经费：",
    "指为保障行政单位运行用于购买货物和服务的各项公用经费。",
]
U3 = "第三部分 2025年部门预算情况说明"


@pytest.fixture(scope="module")
def unseen(tmp_path_factory):
    path = tmp_path_factory.mktemp("unseen") / "jinzhong_wl_2025.txt"
    path.write_text("\n".join(UNSEEN) + "\n", encoding="utf-8")  # no blank lines between lines this time
    doc = read_document(path)
    sections = find_sections(doc)
    return doc, sections, chunk_narrative(doc, sections)


def test_unseen_document_sections(unseen):
    doc, sections, _ = unseen
    assert doc.doc_id == "2025-晋中市文化和旅游局"
    assert sections[0].kind == FRONT and sections[0].path == ()  # cover and 目录: the 目录 is no part heading
    paths = [s.path for s in sections if s.heading and s.kind == NARRATIVE]
    assert paths == [
        ("第一部分 部门概况",),
        ("第一部分 部门概况", "一、部门职责"),
        ("第一部分 部门概况", "二、机构设置"),
        (U3,),
        (U3, "一、收支预算总体情况"),
        (U3, "二、一般公共预算支出情况"),
        (U3, "三、“三公”经费预算情况说明"),
        (U3, "三、“三公”经费预算情况说明", "（一）因公出国（境）费"),
        (U3, "三、“三公”经费预算情况说明", "（二）公务用车购置及运行维护费"),
        (U3, "四、政府采购情况"),
        (U3, "五、绩效目标设置情况"),
        (U3, "六、国有资产占有使用情况"),
        ("第四部分 名词解释",),
    ]
    assert [s.path for s in sections if s.kind == TABLES] == [("第二部分 2025年部门预算公开表",)]
    # no signature line: the 绩效目标表 ends where the enclosing list goes on (六、)
    perf = next(s for s in sections if s.kind == PERF)
    assert perf.path == ("绩效目标表", "QT文旅宣传推广经费")
    assert _line(doc, perf.line_end + 1).text.strip().startswith("六、")
    assert [s.path[1] for s in sections if s.kind == DEFINITION] == ["1.财政拨款收入", "2.上年结转", "3.机关运行经费"]


def test_unseen_document_chunks(unseen):
    doc, _, chunks = unseen
    assert not any(c.section == () for c in chunks)
    spending = next(c for c in chunks if c.section == (U3, "二、一般公共预算支出情况"))
    assert spending.text == "本部门一般公共预算当年支出512.50万元，比上年增加12.50万元，增长2.50%，主要原因是人员增加。"
    assert (spending.line, spending.line_end) == (31, 32)
    car = next(c for c in chunks if c.section[-1] == "（二）公务用车购置及运行维护费")
    assert split_sentences(car.text)[-2:] == ["原因是严格执行公务用车管理规定；", "压减车辆运行费用。"]
    assert locate_sentence(doc, car, "压减车辆运行费用。").no == 38
    duty = next(c for c in chunks if c.text.startswith("（二）统筹规划"))
    assert "非物质文化遗产保护传承和公共文化服务体系建设等）。" in duty.text
    definitions = [c for c in chunks if c.kind == "definition"]
    assert [c.text for c in definitions][2] == "3.机关运行经费：指为保障行政单位运行用于购买货物和服务的各项公用经费。"
    assert [c.section for c in chunks if c.kind == "perf"] == [
        ("绩效目标表", "QT文旅宣传推广经费", "项目概况"),
        ("绩效目标表", "QT文旅宣传推广经费", "总体目标"),
    ]


FLAT = [  # another locality: no 第X部分 headings, 附表 titles, definitions numbered （一）
    "一、部门主要职责",
    "负责全县农业农村经济发展规划的拟订和组织实施。",
    "二、部门预算公开表",
    "附表1 2023年部门收支总表",
    "单位名称：平遥县农业农村局 单位：万元",
    "一、一般公共预算 300.00 一、农林水支出 300.00",
    "三、资源勘探工业信息等",
    "支出",
    "附表2 2023年部门支出总表",
    "注：本表无数据",
    "三、部门预算情况说明",
    "（一）收支预算总体情况",
    "2023年平遥县农业农村局收支预算总计300.00万元。",
    "（二）政府采购预算情况",
    "2023年政府采购预算总额10.00万元。",
    "四、名词解释",
    "（一）基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。",
    "（二）项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。",
]


def test_a_document_without_part_headings(tmp_path):
    path = tmp_path / "pingyao_nyj_2023.txt"
    path.write_text("\n\n".join(FLAT) + "\n", encoding="utf-8")
    doc = read_document(path)
    sections = find_sections(doc)
    assert [(s.kind, s.path) for s in sections] == [
        (NARRATIVE, ("一、部门主要职责",)),
        (NARRATIVE, ("二、部门预算公开表",)),
        (TABLES, ("预算报表",)),  # 「三、资源勘探工业信息等」 is a table row, not a heading
        (NARRATIVE, ("三、部门预算情况说明",)),
        (NARRATIVE, ("三、部门预算情况说明", "（一）收支预算总体情况")),
        (NARRATIVE, ("三、部门预算情况说明", "（二）政府采购预算情况")),
        (NARRATIVE, ("四、名词解释",)),
        (DEFINITION, ("四、名词解释", "（一）基本支出")),
        (DEFINITION, ("四、名词解释", "（二）项目支出")),
    ]
    chunks = chunk_narrative(doc, sections)
    assert [c.kind for c in chunks].count("definition") == 2
    assert next(c for c in chunks if "10.00万元" in c.text).section[-1] == "（二）政府采购预算情况"
