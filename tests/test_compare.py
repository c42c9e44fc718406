"""Questions over a library of real disclosures: the same 街道 in 2023 and 2025, the same 司法局 as 部门 and as
单位 (2026), another city's 司法局 — side by side, ranked, changed between years, differenced; every figure
cited with its document; the tidy rows of all documents read back through one DuckDB store."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from app.answer.across import named_docs, read_across
from app.config import load_settings
from app.library import Library
from app.stores.warehouse import Warehouse

ROOT = Path(__file__).resolve().parents[1]
REAL = next(
    (p for p in (ROOT.parent / "shared" / "real", Path("/work/shared/real")) if p.exists()),
    ROOT.parent / "shared" / "real",
)
needs_real = pytest.mark.skipif(not REAL.exists(), reason="../shared/real/ is not on this machine")
WANLI23, WANLI25 = "2023-上海市普陀区人民政府万里街道办事处", "2025-上海市普陀区人民政府万里街道办事处"
SFJ, SFJ_UNIT, HZ = "2026-上海市普陀区司法局", "2026-上海市普陀区司法局-单位", "2026-杭州市司法局"

# what a manifest holds, for the pure reading tests
DOCS = {
    WANLI23: {"unit": "上海市普陀区人民政府万里街道办事处", "year": 2023, "kind": "部门预算"},
    WANLI25: {"unit": "上海市普陀区人民政府万里街道办事处", "year": 2025, "kind": "部门预算"},
    SFJ: {"unit": "上海市普陀区司法局", "year": 2026, "kind": "部门预算"},
    SFJ_UNIT: {"unit": "上海市普陀区司法局", "year": 2026, "kind": "单位预算"},
    HZ: {"unit": "杭州市司法局", "year": 2026, "kind": "部门预算"},
    "2025-上海市普陀区财政局": {"unit": "上海市普陀区财政局", "year": 2025, "kind": "部门预算"},
}


@pytest.mark.parametrize(
    "question, op, docs, core",
    [
        ("万里街道2023年和2025年的三公经费各是多少", "side", [WANLI23, WANLI25], "三公经费是多少"),
        ("万里街道2025年三公经费比2023年增加了多少", "change", [WANLI23, WANLI25], "三公经费是多少"),
        ("两个司法局哪个的财政拨款收入多", "rank", [SFJ, HZ], "财政拨款收入是多少"),
        ("普陀区司法局2026年部门预算和单位预算的机关运行经费分别是多少", "side", [SFJ, SFJ_UNIT], "机关运行经费是多少"),
        ("普陀区财政局比杭州市司法局的三公经费多多少", "diff", ["2025-上海市普陀区财政局", HZ], "三公经费是多少"),
        ("社会保障和就业支出万里街道2023年和2025年分别是多少", "side", [WANLI23, WANLI25], "社会保障和就业支出是多少"),
    ],
)
def test_a_comparison_is_read_with_its_documents_and_its_subject(question, op, docs, core):
    across = read_across(question, DOCS)
    assert across is not None and (across.op, list(across.docs), across.core) == (op, docs, core)


def test_a_ranking_of_units_takes_each_units_latest_document_and_its_department_budget():
    across = read_across("这几个单位谁的三公经费最少", DOCS)
    assert across is not None and across.op == "rank" and across.least
    assert WANLI23 not in across.docs and SFJ_UNIT not in across.docs and WANLI25 in across.docs


@pytest.mark.parametrize(
    "question",
    ["万里街道2025年三公经费是多少", "发改委2025年三公经费是多少", "三公经费是多少", "普陀区财政局的人员经费占比"],
)
def test_a_question_about_one_document_or_an_unknown_body_is_no_comparison(question):
    assert read_across(question, DOCS) is None


def test_a_body_the_library_has_no_document_of_names_no_document():
    assert named_docs("发改委2025年三公经费是多少", DOCS) == ([], [])
    assert named_docs("普陀区司法局2026年单位预算的三公经费", DOCS)[0] == [SFJ_UNIT]


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Library:
    if not REAL.exists():
        pytest.skip("../shared/real/ is not on this machine")
    index = str(tmp_path_factory.mktemp("compare") / "index")
    lib = Library(load_settings(index_dir=index))
    for name in ("wanli_jd_2023_dept", "wanli_jd_2025_dept", "putuo_sfj_2026_dept", "putuo_sfj_2026_unit"):
        lib.ingest(str(REAL / f"{name}.pdf"), progress=False)
    lib.ingest(str(REAL / "cities" / "hangzhou_sfj_2026_dept.pdf"), progress=False)
    return lib


@needs_real
def test_the_same_body_as_department_and_unit_is_kept_apart(library):
    docs = library.docs()
    assert {SFJ, SFJ_UNIT} <= set(docs)
    assert (docs[SFJ]["kind"], docs[SFJ_UNIT]["kind"]) == ("部门预算", "单位预算")


@needs_real
def test_side_by_side_cites_each_documents_cell(library):
    doc, a = library.ask("万里街道2023年和2025年的三公经费各是多少")
    assert doc == "" and a.status == "answered" and len(a.parts) == 2
    assert [p.value for p in a.parts] == [Decimal("22.91"), Decimal("37.91")] and a.value == Decimal("22.91")
    assert "22.91万元" in a.text and "37.91万元" in a.text
    assert [c.doc for c in a.citations] == [
        "上海市普陀区人民政府万里街道办事处 2023年部门预算",
        "上海市普陀区人民政府万里街道办事处 2025年部门预算",
    ]
    assert all("三公" in c.title for c in a.citations)


@needs_real
def test_change_between_years_in_amount_and_percent_across_units_of_money(library):
    _, a = library.ask("万里街道2025年比2023年三公经费增加了多少")
    assert (a.value, a.unit) == (Decimal("15.00"), "万元") and "增加15.00万元" in a.text and "65.47%" in a.text
    _, p = library.ask("万里街道2025年财政拨款收入比2023年增长了百分之几")
    assert (p.value, p.unit) == (Decimal("15.03"), "%")
    assert "164,978,640元" in p.text and "189,767,551元" in p.text  # both years' cells, in the unit printed


@needs_real
def test_ranking_converts_yuan_and_wan_and_names_the_largest(library):
    _, a = library.ask("两个司法局哪个的财政拨款收入多")
    assert a.status == "answered" and len(a.parts) == 2
    assert {p.unit for p in a.parts} == {"元", "万元"}  # 普陀 prints 元, 杭州 万元: compared in one unit
    assert "最多的是杭州市司法局" in a.text and a.value == Decimal("91495.48")


@needs_real
def test_department_against_unit_and_a_missing_operand_gives_no_comparison(library):
    _, a = library.ask("普陀区司法局2026年部门预算和单位预算的机关运行经费分别是多少")
    assert [p.value for p in a.parts] == [Decimal("217.83"), Decimal("184.59")]
    _, none = library.ask("万里街道2023年和2025年的铁路道口安全管理专项资金哪年多")
    assert none.status == "not_found" and none.value is None and "未找到" in none.text


@needs_real
def test_a_unit_not_in_the_library_is_said_and_the_library_listed(library):
    doc, a = library.ask("发改委2025年三公经费是多少")
    assert a.value is None and "文档中未找到「发改委」" in a.text and "杭州市司法局 2026年部门预算" in a.text


@needs_real
def test_the_warehouse_reads_the_cited_cells_of_the_chosen_documents_only_with_bound_parameters(library):
    docs = library.docs()
    w = Warehouse(library.index.dir, docs)
    assert len(w.files([WANLI23, WANLI25])) == 2  # a comparison reads its documents' files, no others
    _, a = library.ask("万里街道2023年和2025年的三公经费各是多少")
    keys = [(d, c.ref_id, "合计") for d, c in zip((WANLI23, WANLI25), a.citations)]
    cells = w.cells(keys)
    assert list(cells["doc_id"]) == [WANLI23, WANLI25] and list(cells["value"]) == ["22.91", "37.91"]
    assert w.cells([(WANLI23, "x' OR 1=1 --", "合计")]).empty  # a parameter is data, never SQL
    with pytest.raises(KeyError):
        w.query("DROP TABLE meta", [WANLI23])


@needs_real
def test_cli_answers_a_comparison_without_flags_and_says_it_compared(library):
    run = subprocess.run(
        [sys.executable, "-m", "app.cli", "ask", "-", "--json", "--index-dir", str(library.index.dir)],
        input="万里街道2023年和2025年的三公经费各是多少\n普陀区司法局2026年单位预算的机关运行经费是多少\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    side, one = (json.loads(line) for line in run.stdout.splitlines())
    assert side["doc"] == "" and [p["value"] for p in side["parts"]] == [22.91, 37.91]
    assert all(c["doc"] for c in side["citations"])
    assert one["doc"] == SFJ_UNIT and one["value"] == 184.59


@needs_real
def test_a_large_library_keeps_only_the_recently_asked_documents_open(library, monkeypatch):
    import app.library as core

    monkeypatch.setattr(core, "OPEN_DOCS", 2)
    library.close()  # start with nothing open
    for q in ("万里街道2023年三公经费是多少", "万里街道2025年三公经费是多少", "杭州市司法局的三公经费是多少"):
        library.ask(q)
    assert len(library._open) == 2 and WANLI23 not in library._open  # the least recently asked was closed
    _, again = library.ask("万里街道2023年三公经费是多少")  # and opens again when asked
    assert again.value == Decimal("22.91") and WANLI23 in library._open


@needs_real
@pytest.mark.parametrize(
    "question, value",
    [
        ("普陀区司法局2026年部门预算说有几辆车", 3),  # not the 「安排购置车辆0辆」 beside it
        ("杭州市司法局截至2025年12月31日有多少辆车", 56),
        ("杭州市司法局有几辆执法执勤用车", 35),
        ("杭州市司法局2026年计划买几辆车", 6),  # a purchase question takes the purchase
    ],
)
def test_how_many_vehicles_is_what_the_unit_has_unless_buying_is_asked(library, question, value):
    _, a = library.ask(question)
    assert (a.value, a.unit) == (Decimal(value), "辆"), a.text


def test_a_homophone_in_a_units_name_still_names_its_documents():
    across = read_across("万历街道2023年和2025年的三公经费各是多少", DOCS)  # 历 for 里
    assert across is not None and list(across.docs) == [WANLI23, WANLI25]
    assert named_docs("普陀区四法局2026年的三公经费", DOCS)[0] == [SFJ]  # 四 for 司


@pytest.mark.parametrize(
    "question, docs, core",
    [
        ("how much did wanli subdistrict's 三公经费 increase from 2023 to 2025?", [WANLI23, WANLI25], "三公经费是多少"),
        ("which of the two justice bureaus has the larger 财政拨款收入?", [SFJ, HZ], "财政拨款收入是多少"),
        ("which of the two justice bureaus has the larger budget?", [SFJ, HZ], ""),  # an English subject: declined
    ],
)
def test_english_names_places_in_pinyin_and_kinds_of_bodies(question, docs, core):
    across = read_across(question, DOCS)
    assert across is not None and list(across.docs) == docs and across.core == core


def test_english_names_one_document_by_its_place_and_kind():
    assert named_docs("what is the 三公经费 of the putuo district justice bureau in 2026?", DOCS)[0] == [SFJ]
    assert named_docs("how many vehicles does the hangzhou justice bureau have?", DOCS)[0] == [HZ]
    assert named_docs("what is the total budget?", DOCS)[0] == []


@pytest.mark.parametrize(
    "question, expected",
    [
        ("万里街道三公经费比去年增加了多少", None),  # the document's own 比上年, not 2023 against 2025
        ("万里街道的人员经费和公用经费分别是多少", None),  # one unit, no year named: its latest document
        ("哪个项目的预算最多", None),  # projects ranked, not documents
        ("万里街道的三公经费比2023年增加了多少", ("change", [WANLI23, WANLI25])),  # against the latest
        ("万里街道2023年的机关运行经费比2025年多百分之几", ("change", [WANLI25, WANLI23])),  # 2025 is the base
    ],
)
def test_years_are_compared_only_when_named_and_against_the_year_after_bi(question, expected):
    across = read_across(question, DOCS)
    assert (None if across is None else (across.op, list(across.docs))) == expected


@needs_real
def test_a_follow_up_in_the_library_stays_with_the_conversations_document(library):
    doc, first = library.ask("杭州市司法局的三公经费是多少")
    assert doc == HZ and all(c.doc == "杭州市司法局 2026年部门预算" for c in first.citations)
    again, _ = library.ask("那机关运行经费呢？", history=(("杭州市司法局的三公经费是多少", first),))
    assert again == HZ  # not the most recently ingested document
