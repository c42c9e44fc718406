"""The table parser on the bundled document: a golden snapshot of every cell, and the format's arithmetic."""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from app.catalogue import table_kind
from app.ingest import cells
from app.ingest.read import read_document
from app.ingest.table_lines import header_columns, logical_rows
from app.ingest.tables import parse_tables
from app.models import Line
from app.numbers import cn_to_int

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def parsed():
    doc = read_document(ROOT / "data" / "datong_gxj_2024.txt")
    tables, refs, rows, warnings = parse_tables(doc)
    return doc, tables, refs, rows, warnings


def test_every_cell_matches_the_golden_snapshot(parsed):
    _, _, _, rows, _ = parsed
    got = [
        [r.table, r.side, r.code, r.level, r.name, r.parent, r.extra, r.column, r.raw, r.unit, str(r.page), str(r.line)]
        for r in rows
    ]
    with open(GOLDEN / "datong_2024_cells.csv", encoding="utf-8") as fh:
        expected = list(csv.reader(fh))[1:]
    assert len(got) == len(expected) == 267
    for g, e in zip(got, expected):
        assert g == e


def test_every_table_is_found_with_its_columns(parsed):
    _, tables, refs, _, _ = parsed
    got = [
        [
            t.label,
            str(t.number),
            t.kind,
            t.title,
            "|".join(t.columns),
            t.unit,
            str(t.page),
            str(t.line),
            str(t.empty),
            str(sum(1 for r in refs if r.table == t.label)),
        ]
        for t in tables
    ]
    with open(GOLDEN / "datong_2024_tables.csv", encoding="utf-8") as fh:
        expected = list(csv.reader(fh))[1:]
    assert got == expected


def test_the_bundled_document_places_every_cell_without_doubt(parsed):
    assert parsed[4] == []  # no ambiguous cells, no unparsed rows


# The document's one genuine inconsistency inside its tables: 21011 行政事业单位医疗 is printed as 34.72,
# while its children 2101101 (25.91) and 2101103 (8.82) add up to 34.73 — in 表二, 表三 and 表五 alike.
KNOWN_INCONSISTENT = {("表二", "21011"), ("表三", "21011"), ("表五", "21011")}


def test_the_documents_own_inconsistencies_are_reported_not_fixed(parsed):
    from app.checks import as_warning, table_mismatches

    _, tables, _, rows, _ = parsed
    found = table_mismatches(tables, rows)
    assert {(m.table, m.row.code) for m in found} == KNOWN_INCONSISTENT
    for m in found:
        assert (m.stated, m.computed, m.column) in {
            (Decimal("34.72"), Decimal("34.73"), "合计"),
            (Decimal("34.72"), Decimal("34.73"), "一般公共预算"),
            (Decimal("34.72"), Decimal("34.73"), "基本支出"),
        }
        assert "四舍五入" in as_warning(m).message


def test_spot_values_quoted_in_the_brief(parsed):
    _, _, _, rows, _ = parsed
    index = {(r.table, r.code or r.name, r.column): r.value for r in rows}
    assert index[("表十二", "T铁路道口安全管理专项资金", "合计")] == Decimal("9.00")
    assert index[("表三", "2140206", "项目支出")] == Decimal("9.00")
    assert ("表三", "2140206", "基本支出") not in index  # blank cell: omitted, not zero
    assert index[("表三", "20811", "项目支出")] == Decimal("5.49")  # printed with 3 spaces, placed by arithmetic
    assert index[("表六", "合计", "人员经费")] == Decimal("960.12")
    assert index[("表十二", "Z全市工程系列(含非公民营企业)中、初级职称评审专项经费", "合计")] == Decimal("17.00")
    assert index[("表一", "十五、资源勘探工业信息等支出", "合计")] == Decimal("702.44")


def _by_row(rows, table):
    out = defaultdict(dict)
    meta = {}
    for r in rows:
        if r.table == table:
            out[r.row_id][r.column] = r.value
            meta[r.row_id] = r
    return out, meta


@pytest.mark.parametrize(
    "table,parts",
    [("表三", ("基本支出", "项目支出")), ("表五", ("基本支出", "项目支出")), ("表六", ("人员经费", "公用经费"))],
)
def test_row_totals_add_up(parsed, table, parts):
    values, _ = _by_row(parsed[3], table)
    assert values
    for v in values.values():
        assert v["合计"] == sum((v.get(p, Decimal(0)) for p in parts), Decimal(0))


@pytest.mark.parametrize("table", ["表二", "表三", "表五"])
def test_parent_codes_are_the_sum_of_their_children(parsed, table):
    values, meta = _by_row(parsed[3], table)
    by_code = {m.code: values[rid] for rid, m in meta.items() if m.code}
    checked = 0
    for code, v in by_code.items():
        children = [c for c in by_code if c.startswith(code) and len(c) == len(code) + 2]
        if children and (table, code) not in KNOWN_INCONSISTENT:
            for col in v:
                assert v[col] == sum((by_code[c].get(col, Decimal(0)) for c in children), Decimal(0)), (code, col)
            checked += 1
    assert checked >= 10


def test_totals_agree_across_tables(parsed):
    rows = parsed[3]
    get = {(r.table, r.side, r.name, r.column): r.value for r in rows}
    total = Decimal("1222.75")
    assert get[("表一", "收入", "收入总计", "金额")] == get[("表一", "支出", "支出总计", "合计")] == total
    assert (
        get[("表二", "", "合计", "合计")]
        == get[("表三", "", "合计", "合计")]
        == get[("表五", "", "合计", "合计")]
        == total
    )
    assert get[("表四", "支出", "支出总计", "小计")] == total
    assert get[("表六", "", "合计", "合计")] == get[("表五", "", "合计", "基本支出")]
    assert get[("表十", "", "②公务用车运行维护费", "合计")] == get[("表六", "", "公务用车运行维护费", "合计")]
    assert get[("表十一", "", "部门合计", "合计")] == get[("表六", "", "合计", "公用经费")]
    projects = [r.value for r in rows if r.table == "表十二" and r.level == "项目" and r.column == "合计"]
    assert sum(projects, Decimal(0)) == get[("表三", "", "合计", "项目支出")]


def test_blank_rows_are_kept_as_rows(parsed):
    refs = parsed[2]
    blank = {(r.table, r.name) for r in refs if r.blank}
    assert ("表十", "因公出国（境）费") in blank
    assert ("表十", "公务接待费") in blank
    assert ("表一", "二、外交支出") in blank


# -- the pieces, on inputs that are not in the bundled document -------------------------------------


def test_cell_placement_reads_gaps_then_arithmetic():
    cols = ("合计", "基本支出", "项目支出")
    assert cells.place(["9.00", "", "9.00"], cols).values.keys() == {0, 2}
    assert cells.place(["387.92", "387.92", "", ""], cols).values.keys() == {0, 1}
    three_spaces = cells.place(["9.00", "", "", "9.00"], cols)  # one space too many: arithmetic decides
    assert three_spaces.values.keys() == {0, 2} and not three_spaces.ambiguous
    bad = cells.place(["10.00", "3.00"], cols)  # 10 ≠ 3 anywhere: flagged, never silently trusted
    assert bad.ambiguous


def test_header_columns_follow_the_national_order_whatever_the_wrapping():
    assert header_columns(
        "项目 本年收入\n上年结转\n科目编码 科目名称 合计 一般公共预算 政府性基金\n国有资本经营预\n算\n单位资金"
    ) == ("合计", "一般公共预算", "政府性基金预算", "国有资本经营预算", "单位资金", "上年结转")
    assert header_columns("项目 2024年 项目 2025年合计 当年预算安排\n上年结转\n安排") == (
        "合计",
        "当年预算安排",
        "上年结转安排",
    )


def test_wrapped_rows_are_joined():
    lines = [
        Line(1, 1, "　　Z全市工程系列(含非公民营企"),
        Line(2, 1, "业)中、初级职称评审专项经费"),
        Line(3, 1, "17.00 17.00     "),
        Line(4, 1, "  "),
        Line(5, 1, "十五、资源勘探工业信息等"),
        Line(6, 1, "支出"),
        Line(7, 1, "702.44 702.44  "),
    ]
    rows, truncated = logical_rows(lines)
    assert [r.text for r in rows] == [
        "　　Z全市工程系列(含非公民营企业)中、初级职称评审专项经费 17.00 17.00     ",
        "  十五、资源勘探工业信息等支出 702.44 702.44  ",
    ]
    assert not truncated


def test_titles_and_numbers():
    assert cn_to_int("十三") == 13 and cn_to_int("九") == 9 and cn_to_int("二十") == 20
    assert table_kind("财政拨款收支总表") == "fiscal_total"
    assert table_kind("预算收支总表") == "income_expense_total"
    assert table_kind("一般公共预算安排基本支出分经济科目表（不含上年结转）") == "basic_by_econ"
    assert table_kind("国有资本经营预算收支预算表") == "soe"
