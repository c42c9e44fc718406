"""Questions over PDF disclosures of other templates, through the real stores — and the answer rules that reading
real disclosures showed were needed: several asks in one question, shares whose parts cannot be pinned down,
names shared by every budget line, the document's own unit in the question, amounts in 元."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from pdfgen import render

from app.config import load_settings
from app.library import Library, build

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def shanghai(tmp_path_factory):
    """A Shanghai-template disclosure (unruled, 元, 类/款/项 columns, 三公 read across), ingested from its PDF."""
    base = tmp_path_factory.mktemp("sh")
    truth = render(3, "shanghai", str(base / "doc.pdf"))
    settings = load_settings(index_dir=str(base / "index"))
    Library(settings).ingest(str(base / "doc.pdf"), progress=False)
    return build(settings), truth


@pytest.fixture(scope="module")
def datong(tmp_path_factory):
    settings = load_settings(index_dir=str(tmp_path_factory.mktemp("datong")))
    Library(settings).ingest(str(ROOT / "data" / "datong_gxj_2024.txt"), progress=False)
    return build(settings)


def _cell(truth: dict, table: str, name: str, column: str = "") -> Decimal:
    hit = next(
        c
        for c in truth["cells"]
        if table in c["table"] and c["name"] == name and (not column or c["column"] == column) and c["value"]
    )
    return Decimal(hit["value"].replace(",", ""))


def test_a_yuan_table_is_answered_in_yuan_with_its_wan_equivalent(shanghai):
    qa, truth = shanghai
    a = qa.ask("行政运行是多少")
    assert a.unit == "元" and a.value == _cell(truth, "支出预算总表", "行政运行", "合计")
    assert f"{a.value:,.0f}元" in a.text and "万元" in a.text
    assert a.verified


def test_three_public_read_across_answers_by_item(shanghai):
    qa, truth = shanghai
    a = qa.ask("公务接待费是多少？")
    assert a.unit == "万元" and a.value == _cell(truth, "三公", "", "公务接待费")
    assert any("三公" in c.title for c in a.citations)


def test_the_total_budget_is_read_from_the_summary_table(shanghai):
    qa, truth = shanghai
    a = qa.ask(f"{truth['unit']}{truth['year']}年预算总额是多少？")  # the unit's own name is the document, not a row
    assert a.value == _cell(truth, "财务收支预算总表", "收入总计")
    assert a.citations[0].title.endswith("财务收支预算总表（单位：元）") or "收支" in a.citations[0].title


def test_each_part_is_answered_never_their_sum(datong):
    a = datong.ask("基本支出和项目支出分别是多少？")
    assert "1045.26万元" in a.text and "177.49万元" in a.text and "1222.75" not in a.text
    assert a.value == Decimal("1045.26") and len(a.citations) == 2
    b = datong.ask("卫生健康支出一共多少，其中行政单位医疗多少？")
    assert "35.02万元" in b.text and "25.91万元" in b.text and "60.93" not in b.text


def test_a_share_names_the_part_inside_the_whole(datong):
    a = datong.ask("基本支出中人员经费占比多少？")
    assert (a.value, a.unit) == (Decimal("91.85"), "%")


def test_a_share_whose_denominator_is_not_found_is_declined(datong):
    a = datong.ask("社会保险经办机构占人社管理事务这一款的比例")
    assert a.value is None and "文档中未找到" in a.text


def test_a_sum_over_items_the_tables_do_not_have_is_declined(datong):
    a = datong.ask("驻村帮扶、乡村振兴专项、数字经济专项和工业互联网专项四个加起来多少？")
    assert a.value is None and "文档中未找到" in a.text


def test_a_project_named_only_by_shared_words_is_not_another_project(datong):
    a = datong.ask("工业互联网创新发展专项资金安排了多少？")
    assert a.value is None and "文档中未找到" in a.text
    assert datong.ask("铁路道口专项资金多少").value == Decimal("9.00")  # its own distinctive words still link


def test_english_glossary_for_the_fixed_vocabulary(datong):
    assert datong.ask("How much is the housing provident fund?").value is not None
    a = datong.ask("How much is budgeted for official overseas (outbound) trips?")
    assert a.value == Decimal("0") and a.status == "zero"


@pytest.mark.parametrize("question", ["三公经费多少，其中公务接待费多少？", "人员经费和公用经费各是多少"])
def test_compound_questions_cite_every_part(datong, question):
    a = datong.ask(question)
    assert len(a.citations) == 2 and a.text.startswith(("分别为：", "这个问题有 2 问"))  # each part, never added


def test_figures_in_different_units_are_computed_in_one(shanghai):
    """The Shanghai template prints its 三公 table in 万元 and the others in 元: a sum converts, never mixes."""
    qa, truth = shanghai
    a = qa.ask("公务接待费和津贴补贴加起来是多少？")
    reception = _cell(truth, "三公", "", "公务接待费")
    office = _cell(truth, "基本支出", "津贴补贴", "合计")
    assert a.unit == "万元" and a.value == reception + office / 10000
