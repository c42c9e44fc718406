"""Typed values handed from one stage to the next. All frozen; locators are fields, never text markers.

document file → SourceDoc(lines) → Table / TableRow, PerfTarget, Chunk → stores → ToolResult → Answer
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal


def stable_id(*parts: object, length: int = 16) -> str:
    """A content-hash id: the same inputs give the same id on every run (idempotent re-ingest)."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return digest[:length]


@dataclass(frozen=True)
class Line:
    """One non-empty line of the extracted text (lines of only spaces are kept: they are table cells).
    `no` is the 1-based line number in the file."""

    no: int
    page: int
    text: str  # as extracted: leading and trailing spaces kept (they carry the empty cells)


@dataclass(frozen=True)
class SourceDoc:
    """A disclosure as read from disk: its identity and its non-blank lines."""

    doc_id: str  # e.g. "2024-大同市工业和信息化局"
    unit: str  # 单位名称 as the document states it
    year: int  # budget year, from the table titles
    path: str
    sha256: str
    encoding: str
    lines: tuple[Line, ...]
    kind: str = ""  # 部门预算 / 单位预算 as the document says ("" when not stated)
    source_key: str = ""  # the files' bytes + the engine that read them (app.reingest.source_key)


def doc_id_for(unit: str, year: int, kind: str = "") -> str:
    """A document's id: 「2026-上海市普陀区司法局」 for a 部门预算 (or a kind not stated), 「2026-上海市普陀区司法局-单位」
    for a 单位预算, so the same body's 部门 and 单位 disclosures of one year are kept apart; the same disclosure
    ingested again keeps its id and replaces itself."""
    return f"{year}-{unit}" + ("-单位" if kind.startswith("单位") else "")


@dataclass(frozen=True)
class ParseWarning:
    """Something the parser could not decide or found inconsistent. Never silently guessed."""

    code: str  # e.g. "ambiguous_cells", "arithmetic", "truncated_table"
    message: str
    table: str = ""  # 表三, or "" for narrative
    line: int = 0
    check: str = ""  # the audit check that says the same of the document (T1.row_total …), for its words


@dataclass(frozen=True)
class Table:
    """One standard table as found in the document."""

    doc_id: str
    label: str  # as the document writes it: 表三
    number: int  # 3
    title: str  # 预算支出总表 (without the year)
    kind: str  # canonical kind: income_expense_total, income_total, expense_total, fiscal_total,
    #            gpb_expense, basic_by_econ, fund_income, fund_expense, soe, three_public,
    #            admin_cost, project, project_carryover, unknown
    unit: str  # 万元 or 元
    columns: tuple[str, ...]
    page: int
    line: int  # line of the title
    end_line: int
    empty: bool  # 注：本表无数据
    empty_note: str = ""
    printed: str = ""  # the number as the document prints it when that differs from `label`: 公开03表, 表1, 预算01表


@dataclass(frozen=True)
class TableRow:
    """One tidy cell: a row of a table crossed with one of its columns. Blank cells are omitted."""

    doc_id: str
    table: str  # 表三
    table_no: int
    title: str
    side: str  # 收入 / 支出 for the two-sided tables (表一, 表四), else ""
    code: str  # 科目编码 ("" when the row has none)
    level: str  # 类 / 款 / 项 for codes of 3 / 5 / 7 digits; 合计, 单位, 项目, 经济分类 otherwise
    name: str
    parent: str  # parent row's name (科目 parent, 表六 group, 表十二 unit), "" at the top
    extra: str  # secondary label (表六: 政府预算支出经济科目名称), else ""
    column: str
    value: Decimal
    raw: str  # the value as printed, e.g. "9.00"
    unit: str  # 万元 / 元
    page: int
    line: int  # line where the values are printed
    row_seq: int  # order of the row within its table
    row_id: str  # stable id of the row (same for all its cells)
    header: str = ""  # the column's header as printed, levels joined by "/" (PDF input), e.g. 一般公共预算支出/基本支出


@dataclass(frozen=True)
class Indicator:
    """One 绩效指标 of a project: 一级 → 二级 → 三级 with its target value as printed."""

    period: str  # 实施期 / 年度
    level1: str  # 产出指标 / 效益指标 / 满意度指标
    level2: str  # 数量指标 / 质量指标 / 时效指标 / 成本指标 / …
    name: str  # 三级指标
    value: str  # as printed: ≥90%, ≤170000元, 3人
    page: int
    line: int


@dataclass(frozen=True)
class PerfTarget:
    """A 项目支出绩效目标表."""

    doc_id: str
    project: str
    department: str  # 主管部门及代码
    implementer: str  # 实施单位
    attribute: str  # 项目属性
    period: str  # 项目期
    funds: tuple[tuple[str, str, Decimal], ...]  # (实施期|年度, source, amount in 元)
    texts: tuple[tuple[str, str], ...]  # (项目概况|立项依据|…, text)
    indicators: tuple[Indicator, ...]
    page: int
    line: int
    end_line: int
    target_id: str


@dataclass(frozen=True)
class Chunk:
    """A piece of narrative with its locator, as stored in Chroma and the BM25 index."""

    chunk_id: str
    doc_id: str
    section: tuple[str, ...]  # heading path, e.g. ("第三部分 2024年度单位预算情况说明", "九、政府采购情况")
    text: str
    page: int
    page_end: int
    line: int
    line_end: int
    kind: str = "narrative"  # narrative / definition / perf / table_note

    @property
    def source(self) -> str:
        return self.section[-1] if self.section else ""


DOCUMENT_WARNINGS = frozenset({"arithmetic"})  # warning codes that describe the document, not the parser
# What each kind of note means, in the words people read (the faces show these, never the codes).
NOTE_NAMES = {
    "arithmetic": "数字加总不一致",
    "ambiguous_cells": "数值所在列无法确定",
    "truncated_table": "表格可能不完整",
    "unparsed_row": "有一行未能读出",
    "unit_unknown": "未标明金额单位",
    "unit_inferred": "金额单位为推断",
    "prose_in_table": "表格中夹有文字",
    "layout": "版面无法确定",
    "perf_funds": "绩效目标表的资金未能读出",
    "perf_grid": "绩效指标未能读出",
    "perf_layout": "绩效目标表版面无法确定",
    "perf_indicator": "绩效指标名称与指标值无法区分",
    "perf_total_target": "绩效目标表的总体目标未能读出",
}


def note_label(code: str) -> str:
    return NOTE_NAMES.get(code, "解析提示")


@dataclass(frozen=True)
class IngestReport:
    """What ingest found, for the end-of-ingest summary and for tests."""

    doc: SourceDoc
    tables: tuple[Table, ...]
    rows_per_table: dict[str, int] = field(default_factory=dict)
    perf_targets: int = 0
    chunks: int = 0
    warnings: tuple[ParseWarning, ...] = ()
    checks: dict[str, tuple[int, int]] = field(default_factory=dict)  # per table: (sums checked, sums failing)

    @property
    def document_notes(self) -> tuple[ParseWarning, ...]:
        """The document's own inconsistencies (its printed figures do not add up): read as printed, not a failure."""
        return tuple(w for w in self.warnings if w.code in DOCUMENT_WARNINGS)

    @property
    def parser_notes(self) -> tuple[ParseWarning, ...]:
        """What the parser was unsure of (rows it could not read, cut tables, …): to be checked by a person."""
        return tuple(w for w in self.warnings if w.code not in DOCUMENT_WARNINGS)


@dataclass(frozen=True)
class RowRef:
    """One row of a table, whether or not it has values: lets an answer tell 「表中为空（0）」 from
    「文档中未找到」, and lets a citation resolve to the row."""

    doc_id: str
    table: str
    table_no: int
    side: str
    code: str
    level: str
    name: str
    parent: str
    extra: str
    page: int
    line: int
    row_seq: int
    row_id: str
    blank: bool  # every cell of the row is empty


@dataclass(frozen=True)
class Citation:
    """Where an answer's figure or sentence comes from. `ref_id` resolves to a RowRef, Chunk or PerfTarget."""

    source: str  # the table as the document names it (表十二) or the section (第三部分 …, 绩效目标表：项目名)
    title: str  # table title or section heading
    locator: str  # human-readable: 第16页 第768行 · 行「T铁路道口安全管理专项资金」· 列「合计」
    quote: str  # the row as printed, or the quoted sentence
    kind: str  # row / chunk / perf
    ref_id: str
    page: int
    line: int
    table_kind: str = (
        ""  # for a row: the standard table it is, whatever the local title (预算支出总表, “三公”经费支出预算表)
    )
    doc: str = ""  # in an answer over several documents: which one (「上海市普陀区财政局 2025年部门预算」)
    part: str = (
        ""  # for a passage: the national format's part it is in (概况, 情况说明, 名词解释), whatever the local heading
    )


@dataclass(frozen=True)
class Subject:
    """What a question was about, so a follow-up (「那项目支出呢？」「去年呢？」) can resolve against it."""

    kind: str  # row / perf / fact / topic
    name: str  # row name, project name or topic
    code: str = ""
    table: str = ""
    column: str = ""


@dataclass(frozen=True)
class Answer:
    question: str
    text: str  # the answer in Chinese, figures with units
    value: Decimal | None  # the main figure, if any
    unit: str | None  # 万元 / 元 / % / 辆 / 平方米 / 个 …
    route: str  # table / narrative / both / none
    reason: str  # why the router chose that route
    citations: tuple[Citation, ...] = ()
    status: str = "answered"  # answered / zero (表中为空或0) / not_found / refused
    computation: str = ""  # e.g. 960.12 ÷ 1045.26 = 91.85%
    subject: Subject | None = None
    verified: bool = True
    parts: tuple[Answer, ...] = ()  # a compound question's parts, each answered, verified and cited on its own
    rule: str = ""  # the router rule that decided (app.answer.rules): table, change_from_last_year, narrative …
