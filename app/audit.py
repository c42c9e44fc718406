"""Consistency audit: do a disclosure's figures agree with themselves?

The tedious cross-checks a reviewer does by hand, run on the parsed document (no model needed):

- within a table (T*): 合计 = the other columns, parents = the sum of their children, the subtotal rows,
  人员经费 + 公用经费 = 合计 (表六), 收入 = 支出 (表一, 表四);
- across tables (X*): totals and rows that must agree, tables found by their `kind`, never by number;
- narrative vs tables (N*): every figure, share and change stated in 情况说明, sentence by sentence, read with a
  small set of format-level patterns (label → figure) and recomputed from the tables;
- 绩效目标表 (P*): 年度资金总额 against 表十二, cost indicators against the project's funds;
- completeness (C*): required tables, 「本表无数据」 notes, leftover template text, years from another budget.

Each check has a stable id, a Chinese description and a severity. A check yields one finding per failing
instance; when everything passes, one summarising pass finding. Where extraction is unsure (a ParseWarning
`ambiguous_cells` / `truncated_table` on the rows involved, a table missing) the finding is
`insufficient_data`, never a false problem. A difference of exactly 0.01 is reported as rounding, at low severity.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from app.ingest.cells import TOTAL_COLUMNS
from app.ingest.checks import Mismatch, parent_sum_mismatches, row_total_mismatches
from app.ingest.chunks import locate_sentence, split_sentences
from app.models import Chunk, Citation, ParseWarning, PerfTarget, RowRef, SourceDoc, Table, TableRow

ZERO = Decimal(0)
CENT = Decimal("0.01")
WAN = Decimal(10000)
PASS, FAIL, NOT_APPLICABLE, INSUFFICIENT = "pass", "fail", "not_applicable", "insufficient_data"
SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}
SEVERITY_CN = {"high": "高", "medium": "中", "low": "低"}
ROUNDING_NOTE = "（相差0.01，可能是四舍五入）"


# ------------------------------------------------------------------------------------------ the checks


@dataclass(frozen=True)
class Check:
    id: str
    description: str  # plain Chinese, for the reader of the report
    severity: str  # high / medium / low (a 0.01 rounding difference is always low)


CHECKS: dict[str, Check] = {c.id: c for c in (
    Check("T1.row_total", "表内每行：合计（小计）= 其余各列之和（如 合计 = 基本支出 + 项目支出）", "high"),
    Check("T2.parent_sum", "表内科目：类 = 其下各款之和，款 = 其下各项之和", "high"),
    Check("T3.subtotal", "表内合计行与小计行：合计 = 各类之和；表六 各类 = 其下经济科目之和；三公、项目、机关运行经费表的合计", "high"),
    Check("T4.personnel_public", "表六每行：人员经费 + 公用经费 = 合计", "high"),
    Check("T5.balance", "收支平衡（表一、表四）：收入总计 = 支出总计，本年收入合计 = 本年支出合计", "high"),
    Check("X1.total_t1_t3", "预算收支总表的支出总计 = 预算支出总表的合计", "high"),
    Check("X1.total_t2_t3", "预算收入总表的合计 = 预算支出总表的合计", "high"),
    Check("X1.gpb_t1_t5", "预算收支总表的一般公共预算收入 = 一般公共预算支出表的合计", "high"),
    Check("X1.gpb_t2_t5", "预算收入总表的一般公共预算合计 = 一般公共预算支出表的合计", "high"),
    Check("X1.gpb_t4_t5", "财政拨款收支总表的一般公共预算收入 = 一般公共预算支出表的合计", "high"),
    Check("X1.fund_t4_t8", "财政拨款收支总表的政府性基金预算收入 = 政府性基金预算支出表的合计", "high"),
    Check("X2.rows_t2_t3", "每个科目：预算收入总表的合计 = 预算支出总表的合计", "high"),
    Check("X2.rows_t3_t5", "只有一般公共预算时，每个科目：预算支出总表 = 一般公共预算支出表（各列）", "high"),
    Check("X2.classes_t1_t3", "预算收支总表的各类支出 = 预算支出总表的各类（科目编码3位）合计", "high"),
    Check("X3.basic_t6_t5", "基本支出分经济科目表的合计 = 一般公共预算支出表的基本支出", "high"),
    Check("X4.car_t10_t6", "“三公”经费表的公务用车运行维护费 = 基本支出分经济科目表的同名科目", "medium"),
    Check("X5.admin_t11_t6", "机关运行经费表的合计 = 基本支出分经济科目表的公用经费", "medium"),
    Check("X6.projects_t12_t3", "项目支出预算表的合计与各项目之和（加上年结转项目）= 预算支出总表的项目支出", "high"),
    Check("N1.amount", "情况说明中的金额 = 表中对应数字", "medium"),
    Check("N2.share", "情况说明中的占比（占xx%）= 部分 ÷ 总数（按表中数字，四舍五入到两位小数）", "medium"),
    Check("N3.change", "情况说明中的增减幅度 = 增减额 ÷ 上年数（上年数 = 本年数 ∓ 增减额）", "medium"),
    Check("N4.project_count", "情况说明中的项目个数 = 项目支出预算表的项目数 / 绩效目标表的张数", "medium"),
    Check("N5.parts_sum", "情况说明中「其中」各项之和 = 所述总数（政府采购、车辆、项目分类）", "medium"),
    Check("P1.funds_t12", "绩效目标表的年度资金总额（元）= 项目支出预算表中该项目金额（万元 × 10000）", "medium"),
    Check("P2.cost_indicator", "绩效目标表的成本指标（如 ≤170000元）不超过项目资金总额", "medium"),
    Check("P3.fund_sources", "绩效目标表的资金总额 = 各资金来源之和", "medium"),
    Check("C1.tables_present", "必备表格齐全（预算收支总表、收入总表、支出总表、财政拨款收支总表、一般公共预算支出表、"
                               "基本支出分经济科目表、政府性基金预算支出表、国有资本经营预算表、“三公”经费表）", "medium"),
    Check("C2.empty_note", "没有数据的表注明「本表无数据」，有数据的表不写此说明", "low"),
    Check("C3.template_text", "没有遗留的模板文字（如「减少（增加）」「下降(增长)」「XX」）", "medium"),
    Check("C4.year", "绩效目标和实施计划中的年份属于本预算年度（或上一年度、项目期内）", "medium"),
)}

KIND_NAMES = {
    "income_expense_total": "预算收支总表", "income_total": "预算收入总表", "expense_total": "预算支出总表",
    "fiscal_total": "财政拨款收支总表", "gpb_expense": "一般公共预算支出表", "basic_by_econ": "基本支出分经济科目表",
    "fund_income": "政府性基金预算收入表", "fund_expense": "政府性基金预算支出表", "soe": "国有资本经营预算收支表",
    "three_public": "“三公”经费支出预算表", "admin_cost": "机关运行经费预算表", "project": "项目支出预算表（本年）",
    "project_carryover": "项目支出预算表（上年结转）",
}
REQUIRED_KINDS = ("income_expense_total", "income_total", "expense_total", "fiscal_total", "gpb_expense",
                  "basic_by_econ", "fund_expense", "soe", "three_public")


@dataclass(frozen=True)
class Finding:
    """One result of one check: a failing instance, an unsure one, or the summary of a check that passed."""

    check_id: str
    state: str  # pass / fail / not_applicable / insufficient_data
    severity: str  # high / medium / low
    message: str  # Chinese, with both figures and the difference
    values: dict[str, str] = field(default_factory=dict)  # stated, expected, difference, unit (decimals as text)
    citations: tuple[Citation, ...] = ()

    @property
    def description(self) -> str:
        return CHECKS[self.check_id].description


# ------------------------------------------------------------------------------------------ small values


@dataclass(frozen=True)
class _Fig:
    """A figure taken from the document, with where it was found and whether extraction is sure of it."""

    value: Decimal
    what: str  # 表三「合计」合计
    cites: tuple[Citation, ...]
    unsure: str = ""  # why the figure cannot be trusted ("" = it can)
    absent: bool = False  # the figure is not known at all (its table or 合计 row is missing)


@dataclass(frozen=True)
class _Row:
    ref: RowRef
    cells: dict[str, TableRow]

    def get(self, column: str) -> Decimal:
        cell = self.cells.get(column)
        return cell.value if cell else ZERO

    @property
    def label(self) -> str:
        return f"{self.ref.code} {self.ref.name}".strip()


def _pct(part: Decimal, whole: Decimal) -> Decimal:
    return (part * 100 / whole).quantize(CENT, ROUND_HALF_UP)


def _money(value: Decimal) -> str:
    return f"{value:,}" if value == value.to_integral_value() else f"{value:,.2f}"


def _values(stated: Decimal, expected: Decimal, unit: str, **extra: str) -> dict[str, str]:
    return {"stated": str(stated), "expected": str(expected), "difference": str(stated - expected), "unit": unit, **extra}


def _plain_name(name: str) -> str:
    """「八、社会保障和就业支出」→「社会保障和就业支出」, 「②公务用车运行维护费」→「公务用车运行维护费」."""
    return re.sub(r"^(?:[一二三四五六七八九十]+、|[①②③④⑤⑥⑦⑧⑨])", "", name.strip())


def _norm(name: str) -> str:
    return re.sub(r"\s+", "", name).replace("（", "(").replace("）", ")")


# ------------------------------------------------------------------------------------------ the results


class _Results:
    """Collects each check's instances and turns them into findings (one summary when all pass)."""

    def __init__(self) -> None:
        self.found: dict[str, list[Finding]] = defaultdict(list)
        self.passed: Counter[str] = Counter()
        self.notes: dict[str, list[str]] = defaultdict(list)
        self.na: dict[str, str] = {}

    def ok(self, check_id: str, note: str = "") -> None:
        self.passed[check_id] += 1
        if note:
            self.notes[check_id].append(note)

    def fail(self, check_id: str, message: str, values: dict[str, str], cites: Iterable[Citation],
             rounding: bool = False) -> None:
        severity = "low" if rounding else CHECKS[check_id].severity
        text = message + (ROUNDING_NOTE if rounding else "")
        self.found[check_id].append(Finding(check_id, FAIL, severity, text, values, _unique(cites)))

    def unsure(self, check_id: str, message: str, cites: Iterable[Citation] = (), values: dict[str, str] | None = None) -> None:
        self.found[check_id].append(Finding(check_id, INSUFFICIENT, CHECKS[check_id].severity, message,
                                            values or {}, _unique(cites)))

    def not_applicable(self, check_id: str, reason: str) -> None:
        self.na.setdefault(check_id, reason)

    def compare(self, check_id: str, a: _Fig, b: _Fig, unit: str = "万元", context: str = "") -> None:
        """a (the figure checked) must equal b (the figure it is checked against). Figures that agree pass even
        where extraction had doubts (agreement is how the parser confirms a placement); a disagreement on
        doubtful figures, or a figure the document does not give, is insufficient_data."""
        cites = a.cites + b.cites
        lead = f"{context}：" if context else ""
        diff = a.value - b.value
        if not (a.absent or b.absent) and diff == 0:
            self.ok(check_id)
            return
        if a.unsure or b.unsure:
            self.unsure(check_id, f"{lead}{a.what} 与 {b.what} 无法核对：{a.unsure or b.unsure}", cites,
                        _values(a.value, b.value, unit))
            return
        self.fail(check_id, f"{lead}{a.what} 为 {a.value}{unit}，{b.what} 为 {b.value}{unit}，相差 {diff}{unit}",
                  _values(a.value, b.value, unit), cites, rounding=abs(diff) == CENT)

    def findings(self) -> list[Finding]:
        out: list[Finding] = []
        for cid, check in CHECKS.items():
            mine = self.found.get(cid, [])
            out += mine
            if self.passed[cid] and not any(f.state == FAIL for f in mine):
                rest = "其余" if mine else "共"
                note = "；".join(dict.fromkeys(self.notes[cid]))
                out.append(Finding(cid, PASS, check.severity,
                                   f"{check.description}：{rest}核对 {self.passed[cid]} 处，全部一致" + (f"。{note}" if note else "")))
            elif not mine and not self.passed[cid]:
                reason = self.na.get(cid, "本文件没有可核对的内容")
                out.append(Finding(cid, NOT_APPLICABLE, check.severity, f"{check.description}：不适用（{reason}）"))
        return out


def _unique(cites: Iterable[Citation]) -> tuple[Citation, ...]:
    seen: dict[tuple[str, str, str], Citation] = {}
    for c in cites:
        seen.setdefault((c.source, c.locator, c.quote), c)
    return tuple(seen.values())


# ------------------------------------------------------------------------------------------ the document


class _Book:
    """The parsed document, indexed for the checks: tables by kind, rows with their cells, what is unsure."""

    def __init__(self, doc: SourceDoc, tables: Sequence[Table], refs: Sequence[RowRef], cells: Sequence[TableRow],
                 perf: Sequence[PerfTarget], chunks: Sequence[Chunk], warnings: Sequence[ParseWarning]):
        self.doc, self.year = doc, int(doc.year)
        self.tables, self.cells, self.perf, self.chunks = list(tables), list(cells), list(perf), list(chunks)
        self.by_label = {t.label: t for t in tables}
        self.by_kind: dict[str, Table] = {}
        for t in tables:
            self.by_kind.setdefault(t.kind, t)
        by_id: dict[str, dict[str, TableRow]] = defaultdict(dict)
        for c in cells:
            by_id[c.row_id][c.column] = c
        self.rows: dict[str, list[_Row]] = defaultdict(list)
        for r in sorted(refs, key=lambda r: (r.table_no, r.row_seq)):
            self.rows[r.table].append(_Row(r, by_id.get(r.row_id, {})))
        self.row_by_id = {r.ref.row_id: r for rows in self.rows.values() for r in rows}
        self.lines = {ln.no: ln for ln in doc.lines}
        self.truncated = {w.table for w in warnings if w.code == "truncated_table"}
        self.ambiguous: dict[str, set[int]] = defaultdict(set)
        for w in warnings:
            if w.code == "ambiguous_cells":
                self.ambiguous[w.table].add(w.line)
        self.perf_unsure = {w.message.split("：", 1)[0]: w.message for w in warnings
                            if w.code in ("perf_funds", "perf_layout")}

    # -- finding tables and rows ------------------------------------------------------------------
    def table(self, kind: str) -> Table | None:
        return self.by_kind.get(kind)

    def rows_of(self, kind: str) -> list[_Row]:
        t = self.table(kind)
        return self.rows.get(t.label, []) if t else []

    def find(self, kind: str, pattern: str, side: str | None = None, before: int | None = None) -> _Row | None:
        """The first row of the table whose name (without its 一、/① numbering) matches `pattern`."""
        for r in self.rows_of(kind):
            if side is not None and r.ref.side != side:
                continue
            if before is not None and r.ref.row_seq >= before:
                continue
            if re.search(pattern, _plain_name(r.ref.name)):
                return r
        return None

    def total_row(self, kind: str) -> _Row | None:
        return next((r for r in self.rows_of(kind) if r.ref.level == "合计" and r.ref.side in ("", "支出")), None)

    def class_rows(self, kind: str) -> list[_Row]:
        """类 rows: 3-digit codes in the coded tables, 「八、…支出」 on the 支出 side of 表一/表四."""
        return [r for r in self.rows_of(kind) if r.ref.level == "类" and (len(r.ref.code) == 3 or r.ref.side == "支出")]

    # -- unsure extraction ------------------------------------------------------------------------
    def unsure(self, table: Table, rows: Iterable[_Row] = ()) -> str:
        if table.label in self.truncated:
            return f"{table.label} 可能被截断（解析警告 truncated_table）"
        lines = self.ambiguous.get(table.label, set())
        bad = next((r for r in rows if r.ref.line in lines), None)
        if bad:
            return f"{table.label}「{bad.label}」的数值列位置无法确定（解析警告 ambiguous_cells）"
        return ""

    # -- figures ----------------------------------------------------------------------------------
    def missing(self, kind: str) -> _Fig:
        name = KIND_NAMES.get(kind, kind)
        return _Fig(ZERO, name, (), f"文件中没有找到{name}", absent=True)

    def cell(self, kind: str, row: _Row | None, column: str, wanted: str = "", required: bool = False) -> _Fig:
        """A cell as a figure. A row the table does not print counts as 0 (coded tables list only what is
        budgeted) — unless it is `required` (a 合计/总计 row), whose absence means extraction went wrong."""
        t = self.table(kind)
        if t is None:
            return self.missing(kind)
        if row is None:
            if t.empty:
                return _Fig(ZERO, f"{t.label}（本表无数据）", (self.cite_table(t),))
            if required:
                return _Fig(ZERO, f"{t.label}「{wanted}」", (self.cite_table(t),), f"{t.label} 中没有找到「{wanted}」行", True)
            return _Fig(ZERO, f"{t.label}「{wanted}」（表中没有此行，按0计）", (self.cite_table(t),), self.unsure(t))
        return _Fig(row.get(column), f"{t.label}「{row.label}」{column}", (self.cite_row(row, column),), self.unsure(t, [row]))

    def total(self, kind: str, column: str = "") -> _Fig:
        t = self.table(kind)
        if t is None:
            return self.missing(kind)
        return self.cell(kind, self.total_row(kind), column or t.columns[0], "合计", required=True)

    # -- citations --------------------------------------------------------------------------------
    def cite_row(self, row: _Row, column: str = "") -> Citation:
        t = self.by_label[row.ref.table]
        side = f"{row.ref.side}：" if row.ref.side else ""
        locator = f"第{row.ref.page}页 第{row.ref.line}行 · 行「{side}{row.label}」" + (f" · 列「{column}」" if column else "")
        return Citation(t.label, t.title, locator, self.quote_row(row), "row", row.ref.row_id, row.ref.page, row.ref.line)

    def quote_row(self, row: _Row) -> str:
        line = self.lines.get(row.ref.line)
        text = re.sub(r"\s+", " ", line.text).strip() if line else ""
        if text and _plain_name(row.ref.name)[:4] in text:
            return text
        t = self.by_label[row.ref.table]
        order = {c: i for i, c in enumerate(t.columns)}
        values = " ".join(c.raw for _, c in sorted(row.cells.items(), key=lambda kv: order.get(kv[0], 99)))
        return f"{row.label} {values}".strip()

    def cite_table(self, t: Table) -> Citation:
        line = self.lines.get(t.line)
        quote = line.text.strip() if line else f"{t.label}{self.year}年{t.title}"
        if t.empty and t.empty_note:
            quote += f" … {t.empty_note}"
        return Citation(t.label, t.title, f"第{t.page}页 第{t.line}行", quote, "table", "", t.page, t.line)

    def cite_sentence(self, chunk: Chunk, sentence: str) -> Citation:
        line = locate_sentence(self.doc, chunk, sentence) if self.doc.lines else None
        page, no = (line.page, line.no) if line else (chunk.page, chunk.line)
        source, locator = chunk.source, f"第{page}页 第{no}行"
        if chunk.kind == "perf" and len(chunk.section) >= 3:  # ("绩效目标表", project, field)
            source, locator = f"绩效目标表：{chunk.section[1]}", f"{locator} · {chunk.section[-1]}"
        return Citation(source, " > ".join(chunk.section), locator, sentence.strip(), "chunk", chunk.chunk_id, page, no)

    def cite_perf(self, p: PerfTarget, needle: str, what: str, line_no: int = 0) -> Citation:
        line = self.lines.get(line_no) if line_no else None
        if line is None:
            line = next((ln for ln in self.doc.lines if p.line <= ln.no <= p.end_line and needle in ln.text), None)
        page, no = (line.page, line.no) if line else (p.page, p.line)
        quote = line.text.strip() if line else f"{p.project} {what}"
        return Citation(f"绩效目标表：{p.project}", "项目支出绩效目标表", f"第{page}页 第{no}行 · {what}", quote, "perf",
                        p.target_id, page, no)


# ------------------------------------------------------------------------------------------ T: within a table


def _sum_failure(book: _Book, res: _Results, check_id: str, table: Table, anchor: _Row,
                 diffs: list[tuple[str, Decimal, Decimal]], parts: Sequence[_Row], rule: str) -> None:
    """One finding for one row whose figures do not add up (diffs: column, stated, computed)."""
    cites = [book.cite_row(anchor, diffs[0][0])] + [book.cite_row(p) for p in parts if p is not anchor][:12]
    col, stated, computed = diffs[0]
    values = _values(stated, computed, table.unit, column=col)
    detail = "；".join(f"{c} 文档为 {s}，计算为 {v}，相差 {s - v}" for c, s, v in diffs)
    message = f"{table.label}「{anchor.label}」{rule}不成立：{detail}（{table.unit}）"
    reason = book.unsure(table, [anchor, *parts])
    if reason:
        res.unsure(check_id, f"{message}。但{reason}，无法判断", cites, values)
        return
    res.fail(check_id, message, values, cites, rounding=all(abs(s - v) == CENT for _, s, v in diffs))


def _report_mismatches(book: _Book, res: _Results, check_id: str, table: Table, found: list[Mismatch], rule: str) -> None:
    by_row: dict[str, list[Mismatch]] = defaultdict(list)
    for m in found:
        by_row[m.row.row_id].append(m)
    for row_id, ms in by_row.items():
        anchor = book.row_by_id[row_id]
        parts = list({p.row_id: book.row_by_id[p.row_id] for m in ms for p in m.parts}.values())
        _sum_failure(book, res, check_id, table, anchor, [(m.column, m.stated, m.computed) for m in ms], parts, rule)


def check_row_totals(book: _Book, res: _Results) -> None:
    """T1 (and T4 for 表六): 合计 = the row's other columns, with app.ingest.checks doing the arithmetic."""
    for t in book.tables:
        if not t.columns or t.columns[0] not in TOTAL_COLUMNS or len(t.columns) < 2:
            continue
        cid = "T4.personnel_public" if t.kind == "basic_by_econ" else "T1.row_total"
        rule = "人员经费 + 公用经费 = 合计" if cid.startswith("T4") else f"{t.columns[0]} = 其余各列之和"
        found = row_total_mismatches(t, book.cells)
        _report_mismatches(book, res, cid, t, found, rule)
        checked = [r for r in book.rows[t.label] if r.ref.side != "收入" and t.columns[0] in r.cells and len(r.cells) > 1]
        for _ in range(len(checked) - len({m.row.row_id for m in found})):
            res.ok(cid)


def check_parent_sums(book: _Book, res: _Results) -> None:
    """T2: 类 = Σ 款, 款 = Σ 项 (app.ingest.checks does the arithmetic)."""
    for t in book.tables:
        found = parent_sum_mismatches(t, book.cells)
        _report_mismatches(book, res, "T2.parent_sum", t, found, "上级科目 = 下级科目之和")
        codes = {r.ref.code for r in book.rows[t.label] if r.ref.code}
        parents = {c for c in codes if any(k != c and k.startswith(c) and len(k) == len(c) + 2 for k in codes)}
        for _ in range(len(parents) - len({m.row.code for m in found})):
            res.ok("T2.parent_sum")


def _check_sum(book: _Book, res: _Results, table: Table, parent: _Row | None, parts: Sequence[_Row], rule: str,
               columns: Sequence[str] | None = None, check_id: str = "T3.subtotal") -> None:
    if parent is None or not parts:
        return
    diffs = []
    for col in columns or table.columns:
        stated, computed = parent.get(col), sum((p.get(col) for p in parts), ZERO)
        if stated != computed:
            diffs.append((col, stated, computed))
    if diffs:
        _sum_failure(book, res, check_id, table, parent, diffs, parts, rule)
    else:
        res.ok(check_id)


def check_subtotals(book: _Book, res: _Results) -> None:
    """T3: the 合计 / 小计 rows that have no 科目编码 to hang a parent_sum on."""
    for t in book.tables:
        rows = book.rows[t.label]
        total = next((r for r in rows if r.ref.level == "合计" and not r.ref.side), None)
        if t.kind in ("income_total", "expense_total", "gpb_expense", "fund_income", "fund_expense"):
            _check_sum(book, res, t, total, [r for r in rows if len(r.ref.code) == 3], "合计 = 各类之和")
        elif t.kind == "basic_by_econ":
            groups = [r for r in rows if r.ref.level == "类"]
            _check_sum(book, res, t, total, groups, "合计 = 各类经济科目之和")
            for g in groups:
                _check_sum(book, res, t, g, [r for r in rows if r.ref.level == "款" and r.ref.parent == g.ref.name],
                           "类 = 其下经济科目之和")
        elif t.kind in ("project", "project_carryover"):
            units = [r for r in rows if r.ref.level == "单位"]
            _check_sum(book, res, t, total, units, "合计 = 各单位之和")
            for u in units:
                _check_sum(book, res, t, u, [r for r in rows if r.ref.level == "项目" and r.ref.parent == u.ref.name],
                           "单位合计 = 其下各项目之和")
        elif t.kind == "three_public":
            _three_public_sums(book, res, t, rows, total)
        elif t.kind == "admin_cost":
            _check_sum(book, res, t, total, [r for r in rows if r.ref.level != "合计"], "部门合计 = 各单位之和")
        elif t.kind in ("income_expense_total", "fiscal_total"):
            _two_sided_sums(book, res, t, rows)


def _three_public_sums(book: _Book, res: _Results, t: Table, rows: list[_Row], total: _Row | None) -> None:
    top = [r for r in rows if r.ref.level != "合计" and not r.ref.parent]
    _check_sum(book, res, t, total, top, "合计 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费")
    for r in top:
        _check_sum(book, res, t, r, [c for c in rows if c.ref.parent == r.ref.name], "公务用车购置及运行费 = 购置费 + 运行维护费")


def _two_sided_sums(book: _Book, res: _Results, t: Table, rows: list[_Row]) -> None:
    def named(side: str, pattern: str) -> _Row | None:
        return next((r for r in rows if r.ref.side == side and re.search(pattern, r.ref.name)), None)

    income_total, spend_total = named("收入", r"^本年收入合计$"), named("支出", r"^本年支出合计$")
    if income_total:
        sources = [r for r in rows if r.ref.side == "收入" and r.ref.level == "来源" and r.ref.row_seq < income_total.ref.row_seq]
        _check_sum(book, res, t, income_total, sources, "本年收入合计 = 各收入来源之和", ["金额"])
    spend_cols = [c for c in t.columns if c != "金额"]
    _check_sum(book, res, t, spend_total, book.class_rows(t.kind), "本年支出合计 = 各类支出之和", spend_cols)
    carried = named("收入", r"^上年.*结转$")
    grand_in, grand_out, year_end = named("收入", r"^收入总计$"), named("支出", r"^支出总计$"), named("支出", r"^年终结转")
    _check_sum(book, res, t, grand_in, [r for r in (income_total, carried) if r], "收入总计 = 本年收入合计 + 上年结转", ["金额"])
    _check_sum(book, res, t, grand_out, [r for r in (spend_total, year_end) if r], "支出总计 = 本年支出合计 + 年终结转", spend_cols)


def check_balance(book: _Book, res: _Results) -> None:
    """T5: 收入总计 = 支出总计 and 本年收入合计 = 本年支出合计 in 表一 and 表四."""
    for kind in ("income_expense_total", "fiscal_total"):
        t = book.table(kind)
        if t is None:
            continue
        first = t.columns[0] if t.columns else "合计"
        grand_in, grand_out = book.find(kind, r"^收入总计$", "收入"), book.find(kind, r"^支出总计$", "支出")
        res.compare("T5.balance", book.cell(kind, grand_in, "金额", "收入总计", True),
                    book.cell(kind, grand_out, first, "支出总计", True))
        year_in, year_out = book.find(kind, r"^本年收入合计$", "收入"), book.find(kind, r"^本年支出合计$", "支出")
        carried, year_end = book.find(kind, r"^上年.*结转$", "收入"), book.find(kind, r"^年终结转", "支出")
        a, b = book.cell(kind, year_in, "金额", "本年收入合计", True), book.cell(kind, year_out, first, "本年支出合计", True)
        if (carried and carried.get("金额")) or (year_end and year_end.get(first)):
            if "当年预算安排" in t.columns:  # 表一: this year's income pays for this year's arrangements
                b = book.cell(kind, year_out, "当年预算安排", "本年支出合计", True)
            else:  # 本年收入合计 + 上年结转 = 本年支出合计 + 年终结转
                a = _Fig(a.value + (carried.get("金额") if carried else ZERO), f"{a.what} + 上年结转", a.cites, a.unsure)
                b = _Fig(b.value + (year_end.get(first) if year_end else ZERO), f"{b.what} + 年终结转", b.cites, b.unsure)
        res.compare("T5.balance", a, b)


# ------------------------------------------------------------------------------------------ X: across tables


def _income(book: _Book, kind: str, pattern: str) -> _Fig:
    """The first income row of a two-sided table whose name matches (the 本年 part, above 本年收入合计)."""
    t = book.table(kind)
    if t is None:
        return book.missing(kind)
    stop = book.find(kind, r"^本年收入合计$", "收入")
    return book.cell(kind, book.find(kind, pattern, "收入", stop.ref.row_seq if stop else None), "金额", pattern.strip("^$"))


def check_totals(book: _Book, res: _Results) -> None:
    """X1: the tables' totals for the money they cover."""
    t1_total = _r_t1(r"^支出总计$", "支出", "合计")(book, "", "")
    res.compare("X1.total_t1_t3", book.total("expense_total", "合计"), t1_total)
    res.compare("X1.total_t2_t3", book.total("income_total", "合计"), book.total("expense_total", "合计"))
    gpb = book.total("gpb_expense", "合计")
    res.compare("X1.gpb_t1_t5", _income(book, "income_expense_total", "一般公共预算"), gpb)
    res.compare("X1.gpb_t2_t5", book.total("income_total", "一般公共预算"), gpb)
    res.compare("X1.gpb_t4_t5", _income(book, "fiscal_total", "一般公共预算"), gpb)
    res.compare("X1.fund_t4_t8", _income(book, "fiscal_total", "政府性基金"), book.total("fund_expense", "合计"))


def _coded(book: _Book, kind: str) -> dict[str, _Row]:
    return {r.ref.code: r for r in book.rows_of(kind) if r.ref.code}


def _compare_rows(book: _Book, res: _Results, check_id: str, kind_a: str, kind_b: str, columns: Sequence[str]) -> None:
    """Every 科目 row of table a against the same code in table b, column by column."""
    a_rows, b_rows = _coded(book, kind_a), _coded(book, kind_b)
    for code in sorted(set(a_rows) | set(b_rows)):
        ra, rb = a_rows.get(code), b_rows.get(code)
        name = (ra or rb).label  # type: ignore[union-attr]
        for col in columns:
            fa, fb = book.cell(kind_a, ra, col, name), book.cell(kind_b, rb, col, name)
            if ra is None and fb.value == 0 or rb is None and fa.value == 0:
                continue
            res.compare(check_id, fa, fb)


def _gpb_only(book: _Book) -> bool | None:
    """Is all the money 一般公共预算 of this year (表二's 合计 row)? None when 表二 cannot tell."""
    total = book.total_row("income_total")
    if total is None:
        return None
    return total.get("合计") == total.get("一般公共预算")


def check_rows(book: _Book, res: _Results) -> None:
    """X2: 科目 rows that must agree between tables."""
    if book.table("income_total") and book.table("expense_total"):
        _compare_rows(book, res, "X2.rows_t2_t3", "income_total", "expense_total", ["合计"])
    else:
        res.unsure("X2.rows_t2_t3", "缺少预算收入总表或预算支出总表，无法逐科目核对")
    only = _gpb_only(book)
    if not (book.table("expense_total") and book.table("gpb_expense")) or only is None:
        res.unsure("X2.rows_t3_t5", "缺少预算支出总表、一般公共预算支出表或预算收入总表，无法逐科目核对")
    elif only:
        _compare_rows(book, res, "X2.rows_t3_t5", "expense_total", "gpb_expense", ["合计", "基本支出", "项目支出"])
    else:
        res.not_applicable("X2.rows_t3_t5", "本文件含一般公共预算以外的资金或上年结转，支出总表与一般公共预算支出表不必逐行相等")
    _compare_classes(book, res)


def _compare_classes(book: _Book, res: _Results) -> None:
    if not (book.table("income_expense_total") and book.table("expense_total")):
        res.unsure("X2.classes_t1_t3", "缺少预算收支总表或预算支出总表，无法核对各类支出")
        return
    t1 = {_plain_name(r.ref.name): r for r in book.class_rows("income_expense_total")}
    t3 = {r.ref.name: r for r in book.class_rows("expense_total")}
    for name in list(t1) + [n for n in t3 if n not in t1]:
        a, b = book.cell("income_expense_total", t1.get(name), "合计", name), book.cell("expense_total", t3.get(name), "合计", name)
        if a.value == 0 and b.value == 0:
            continue
        res.compare("X2.classes_t1_t3", a, b)


def _econ_row(book: _Book, pattern: str) -> _Row | None:
    return next((r for r in book.rows_of("basic_by_econ") if r.ref.level != "合计" and re.search(pattern, r.ref.name)), None)


def check_links(book: _Book, res: _Results) -> None:
    """X3–X6: 表六 ↔ 表五, 表十 ↔ 表六, 表十一 ↔ 表六, 表十二 (+ 表十三) ↔ 表三."""
    res.compare("X3.basic_t6_t5", book.total("basic_by_econ", "合计"), book.total("gpb_expense", "基本支出"))
    if book.table("three_public") and book.table("basic_by_econ"):
        upkeep = book.find("three_public", r"运行维护费$")
        res.compare("X4.car_t10_t6", book.cell("three_public", upkeep, "合计", "公务用车运行维护费"),
                    book.cell("basic_by_econ", _econ_row(book, r"^公务用车运行维护费$"), "合计", "公务用车运行维护费"))
    else:
        res.unsure("X4.car_t10_t6", "缺少“三公”经费表或基本支出分经济科目表，无法核对公务用车运行维护费")
    res.compare("X5.admin_t11_t6", book.total("admin_cost", "合计"), book.total("basic_by_econ", "公用经费"))
    _check_projects(book, res)


def _project_total(book: _Book, kind: str) -> tuple[_Fig, _Fig | None]:
    """(the table's total — its 合计 row or the sum of its unit rows —, the sum of its project rows)."""
    t = book.table(kind)
    if t is None:
        return book.missing(kind), None
    if t.empty:
        zero = _Fig(ZERO, f"{t.label}（本表无数据）", (book.cite_table(t),))
        return zero, None
    rows = book.rows[t.label]
    total = book.total_row(kind)
    units = [r for r in rows if r.ref.level == "单位"]
    projects = [r for r in rows if r.ref.level == "项目"]
    unsure = book.unsure(t, rows)
    if total is not None:
        head = _Fig(total.get("合计"), f"{t.label}「合计」", (book.cite_row(total, "合计"),), unsure)
    else:
        head = _Fig(sum((u.get("合计") for u in units), ZERO), f"{t.label}「{'、'.join(u.ref.name for u in units)}」合计",
                    tuple(book.cite_row(u, "合计") for u in units), unsure)
    summed = _Fig(sum((p.get("合计") for p in projects), ZERO), f"{t.label} {len(projects)} 个项目之和",
                  tuple(book.cite_row(p, "合计") for p in projects), unsure) if projects else None
    return head, summed


def _check_projects(book: _Book, res: _Results) -> None:
    spend = book.total("expense_total", "项目支出")
    head, summed = _project_total(book, "project")
    carry, _ = _project_total(book, "project_carryover")
    if book.table("project_carryover") is None:
        carry = _Fig(ZERO, "上年结转项目（未公开项目支出预算表（上年结转），按0计）", ())
    for fig in [head] + ([summed] if summed and (summed.value != head.value or not head.cites) else []):
        both = _Fig(fig.value + carry.value, f"{fig.what} + {carry.what}" if carry.value else fig.what,
                    fig.cites + (carry.cites if carry.value else ()), fig.unsure or carry.unsure)
        res.compare("X6.projects_t12_t3", both, spend)


# ------------------------------------------------------------------------------------------ N: narrative


_DIGITS = str.maketrans("０１２３４５６７８９．％，", "0123456789.%，")
_FIGURE_RE = re.compile(r"(?<![\d.])(?<!\d,)(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<unit>亿元|万元|%|个|辆)")
_LABEL_CUT = "，,。；;：:、"
_CHANGE_RE = re.compile(r"(?:比|较|同比).*?(?:增加|减少|增长|下降|上升|降低)|^(?:增加|减少)")
_CHANGE_PCT_RE = re.compile(r"增长|下降|增加|减少|上升|降低")
_DOWN_WORDS = ("减少", "下降", "降低")
_UP_WORDS = ("增加", "增长", "上升", "提高")

# The 情况说明 sections of the national template, recognised by their heading (order matters: first match wins).
SECTION_KEYS = (
    ("change", r"收支.*变动|变动情况及原因|收支增减"), ("basic", r"基本支出"), ("fiscal", r"财政拨款收支"),
    ("gpb", r"一般公共预算"), ("income", r"收入预算"), ("expense", r"支出预算"), ("three", r"三公"),
    ("admin", r"机关运行经费"), ("procure", r"政府采购"), ("perf", r"绩效"), ("assets", r"国有资产"),
)


@dataclass(frozen=True)
class _Stated:
    """A figure as the narrative states it: the words before it (back to the last comma) and its value."""

    label: str
    value: Decimal
    unit: str
    start: int


def stated_figures(sentence: str) -> list[_Stated]:
    """Figures with units (万元, %, 个, 辆) in a sentence, each with its label. 亿元 is turned into 万元."""
    text = re.sub(r"\s+", "", sentence.translate(_DIGITS))
    out: list[_Stated] = []
    prev = 0
    for m in _FIGURE_RE.finditer(text):
        seg = text[prev : m.start()]
        cut = max(seg.rfind(d) for d in _LABEL_CUT)
        value, unit = Decimal(m.group("num").replace(",", "")), m.group("unit")
        if unit == "亿元":
            value, unit = value * WAN, "万元"
        out.append(_Stated(seg[cut + 1 :], value, unit, m.start()))
        prev = m.end()
    return out


def section_key(heading: str) -> str:
    return next((key for key, pattern in SECTION_KEYS if re.search(pattern, heading)), "")


def _narrative(book: _Book) -> Iterator[tuple[str, Chunk, str]]:
    """(section key, chunk, sentence) for every sentence of 第三部分 情况说明."""
    for ch in book.chunks:
        if ch.kind != "narrative" or not ch.section or not ch.section[0].startswith("第三部分"):
            continue
        key = section_key(ch.section[1] if len(ch.section) > 1 else "")
        for sentence in split_sentences(ch.text):
            yield key, ch, sentence


# label pattern → the table figure it states; resolvers get (book, label, side of the sentence)
_Resolver = Any


def _r_total(kind: str, column: str) -> _Resolver:
    return lambda b, label, side: b.total(kind, column)


def _r_two_sided(kind: str, pattern: str, side: str, column: str) -> _Resolver:
    def resolve(b: _Book, label: str, _: str) -> _Fig:
        if b.table(kind) is None:
            return b.missing(kind)
        return b.cell(kind, b.find(kind, pattern, side), column, pattern.strip("^$").replace(".*", ""), required=True)
    return resolve


def _r_t1(pattern: str, side: str, column: str) -> _Resolver:
    return _r_two_sided("income_expense_total", pattern, side, column)


def _r_income(kind: str, pattern: str) -> _Resolver:
    return lambda b, label, side: _income(b, kind, pattern)


def _r_carried(b: _Book, label: str, side: str) -> _Fig:
    if side == "支出":
        return b.cell("income_expense_total", b.find("income_expense_total", r"^本年支出合计$", "支出"), "上年结转安排", "上年结转")
    return b.cell("income_expense_total", b.find("income_expense_total", r"^上年结转$", "收入"), "金额", "上年结转")


def _r_class(kind: str) -> _Resolver:
    """A 类 row of `kind` named at the end of the label (any 类 name the document prints anywhere)."""
    def resolve(b: _Book, label: str, side: str) -> _Fig | None:
        names = {_plain_name(r.ref.name) for k in ("income_expense_total", "fiscal_total", kind) for r in b.class_rows(k)}
        name = max((n for n in names if label.endswith(n)), key=len, default="")
        if not name:
            return None
        row = next((r for r in b.class_rows(kind) if _plain_name(r.ref.name) == name), None)
        t = b.table(kind)
        return b.cell(kind, row, t.columns[0] if t else "合计", name)
    return resolve


def _r_named(kind: str, pattern: str, column: str = "合计") -> _Resolver:
    def resolve(b: _Book, label: str, side: str) -> _Fig:
        return b.cell(kind, b.find(kind, pattern), column, pattern.strip("^$")) if b.table(kind) else b.missing(kind)
    return resolve


def _r_admin(b: _Book, label: str, side: str) -> _Fig:
    return b.total("admin_cost", "合计") if b.table("admin_cost") else b.total("basic_by_econ", "公用经费")


RULES: dict[str, tuple[tuple[str, _Resolver], ...]] = {
    "change": (
        (r"收入总计$", _r_t1(r"^收入总计$", "收入", "金额")),
        (r"本年收入(合计)?$", _r_t1(r"^本年收入合计$", "收入", "金额")),
        (r"上年结转$", _r_carried),
        (r"支出总计$", _r_t1(r"^支出总计$", "支出", "合计")),
        (r"(本年|当年)预算安排$", _r_t1(r"^本年支出合计$", "支出", "当年预算安排")),
    ),
    "income": (
        (r"一般公共预算(拨款)?(收入)?$", _r_income("income_expense_total", "一般公共预算")),
        (r"政府性基金(预算)?(拨款)?(收入)?$", _r_income("income_expense_total", "政府性基金")),
        (r"国有资本经营(预算)?(拨款)?(收入)?$", _r_income("income_expense_total", "国有资本经营")),
        (r"财政专户管理资金(收入)?$", _r_income("income_expense_total", "财政专户")),
        (r"单位资金(收入)?$", _r_income("income_expense_total", "单位资金")),
        (r"上年结转(收入)?$", _r_carried),
        (r"(收入总计|预算收入|收入合计)$", _r_t1(r"^收入总计$", "收入", "金额")),
    ),
    "expense": (
        (r"基本支出$", _r_total("expense_total", "基本支出")),
        (r"项目支出$", _r_total("expense_total", "项目支出")),
        (r"(支出预算|预算支出|支出总计|支出合计)$", _r_total("expense_total", "合计")),
    ),
    "fiscal": (
        (r"财政拨款.*(总预算|总计)$", _r_two_sided("fiscal_total", r"^收入总计$", "收入", "金额")),
        (r"一般公共预算(拨款)?(收入)?$", _r_income("fiscal_total", "一般公共预算")),
        (r"政府性基金(预算)?(拨款)?(收入)?$", _r_income("fiscal_total", "政府性基金")),
        (r"国有资本经营(预算)?(拨款)?(收入)?$", _r_income("fiscal_total", "国有资本经营")),
        (r"(当年|本年)(拨款)?收入(合计)?$", _r_two_sided("fiscal_total", r"^本年收入合计$", "收入", "金额")),
        (r"上年(财政拨款)?结转(收入)?$", _r_two_sided("fiscal_total", r"^上年.*结转$", "收入", "金额")),
        (r"支出$", _r_class("fiscal_total")),
    ),
    "gpb": (
        (r"一般公共预算(当年)?(预算)?支出$", _r_total("gpb_expense", "合计")),
        (r"支出$", _r_class("gpb_expense")),
    ),
    "basic": (
        (r"基本支出$", _r_total("basic_by_econ", "合计")),
        (r"人员经费$", _r_total("basic_by_econ", "人员经费")),
        (r"公用经费$", _r_total("basic_by_econ", "公用经费")),
    ),
    "three": (
        (r"三公.{0,2}经费.*$", _r_total("three_public", "合计")),
        (r"因公出国[（(]境[）)]费(用)?$", _r_named("three_public", r"^因公出国")),
        (r"公务接待费$", _r_named("three_public", r"^公务接待费$")),
        (r"公务用车购置及运行(维护)?费$", _r_named("three_public", r"^公务用车购置及运行")),
        (r"公务用车运行(维护)?费$", _r_named("three_public", r"运行维护费$")),
        (r"公务用车购置费$", _r_named("three_public", r"购置费$")),
    ),
    "admin": ((r"机关运行经费", _r_admin),),
}

# The total a share (占xx%) is taken of, per section.
SHARE_BASE: dict[str, _Resolver] = {
    "income": _r_t1(r"^收入总计$", "收入", "金额"),
    "expense": _r_total("expense_total", "合计"),
    "gpb": _r_total("gpb_expense", "合计"),
    "basic": _r_total("basic_by_econ", "合计"),
    "fiscal": RULES["fiscal"][0][1],
}


def _resolve(book: _Book, key: str, label: str, side: str) -> _Fig | None:
    for pattern, resolver in RULES.get(key, ()):
        if re.search(pattern, label):
            fig = resolver(book, label, side)
            if fig is not None:
                return fig
    return None


def check_narrative(book: _Book, res: _Results) -> None:
    """N1–N3 sentence by sentence; N4/N5 for 绩效管理, 政府采购 and 车辆."""
    sentences = list(_narrative(book))
    if not sentences:
        for cid in ("N1.amount", "N2.share", "N3.change", "N4.project_count", "N5.parts_sum"):
            res.unsure(cid, "没有找到第三部分 情况说明，无法核对文中数字")
        return
    for key, chunk, sentence in sentences:
        _check_sentence(book, res, key, chunk, sentence)
    _check_projects_text(book, res, [(c, s) for k, c, s in sentences if k == "perf"])
    _check_parts(book, res, [(c, s) for k, c, s in sentences if k == "procure"], r"总额|总计|合计", r"货物|工程|服务", "政府采购预算")
    for key, chunk, sentence in sentences:
        if key == "assets":
            _check_vehicles(book, res, chunk, sentence)


def _check_sentence(book: _Book, res: _Results, key: str, chunk: Chunk, sentence: str) -> None:
    figs = stated_figures(sentence)
    money = [f for f in figs if f.unit == "万元"]
    if not money:
        return
    side = "支出" if "支出" in money[0].label and key == "change" else "收入"
    cite = book.cite_sentence(chunk, sentence)
    last: tuple[_Stated, _Fig | None] | None = None
    change: _Stated | None = None
    base = next((f for f in money if not _CHANGE_RE.search(f.label)), None)
    for f in figs:
        if f.unit == "%":
            if change and _CHANGE_PCT_RE.search(f.label):
                _check_change(res, cite, base, change, f)
            elif "占" in f.label and last and key in SHARE_BASE:
                _check_share(book, res, key, cite, last, f)
        elif f.unit == "万元":
            if _CHANGE_RE.search(f.label):
                change = f
                continue
            fig = _resolve(book, key, f.label, side)
            if fig is not None:
                stated = _Fig(f.value, f"情况说明「{f.label}」", (cite,))
                res.compare("N1.amount", stated, fig, context=chunk.source)
            last = (f, fig)


def _check_change(res: _Results, cite: Citation, base: _Stated | None, change: _Stated, pct: _Stated) -> None:
    if base is None:
        return
    words = [(change.label.find(w), w) for w in _DOWN_WORDS + _UP_WORDS if w in change.label]
    down = min(words)[1] in _DOWN_WORDS
    last_year = base.value + change.value if down else base.value - change.value
    if last_year <= 0:
        return
    expected = _pct(change.value, last_year)
    values = _values(pct.value, expected, "%")
    if pct.value == expected:
        res.ok("N3.change")
        return
    diff = pct.value - expected
    res.fail("N3.change", f"{cite.source}：「{base.label}」{base.value}万元，「{change.label}」{change.value}万元，"
             f"上年数应为 {last_year}万元，变动率 = {change.value} ÷ {last_year} = {expected}%，文中为 {pct.value}%，相差 {diff}个百分点",
             values, [cite], rounding=abs(diff) == CENT)


def _check_share(book: _Book, res: _Results, key: str, cite: Citation, last: tuple[_Stated, _Fig | None], pct: _Stated) -> None:
    stated, fig = last
    base = SHARE_BASE[key](book, "", "")
    part = fig if fig is not None and not fig.unsure else _Fig(stated.value, f"情况说明「{stated.label}」", (cite,))
    cites = [cite, *part.cites, *base.cites]
    if base.absent:
        res.unsure("N2.share", f"{cite.source}：「{stated.label}」占比 {pct.value}% 无法核对：{base.unsure}", cites)
        return
    if base.value == 0:
        return
    expected = _pct(part.value, base.value)
    if pct.value == expected:
        res.ok("N2.share")
        return
    if base.unsure:
        res.unsure("N2.share", f"{cite.source}：「{stated.label}」占比 {pct.value}% 与按表计算的 {expected}% 不同，"
                   f"但{base.unsure}，无法判断", cites)
        return
    diff = pct.value - expected
    res.fail("N2.share", f"{cite.source}：「{stated.label}」占比文中为 {pct.value}%，按表计算 {part.what} {part.value} ÷ "
             f"{base.what} {base.value} = {expected}%，相差 {diff}个百分点", _values(pct.value, expected, "%"), cites,
             rounding=abs(diff) == CENT)


# -- 绩效管理: project counts and amounts -------------------------------------------------------------


@dataclass
class _ProjectText:
    """What 「项目绩效目标」 states, by scope (all 二级项目 / published 绩效目标) and kind (其他运转类 …)."""

    count: dict[str, tuple[Decimal, Citation]] = field(default_factory=dict)  # scope → count
    amount: dict[str, tuple[Decimal, Citation]] = field(default_factory=dict)  # scope → 万元
    share: tuple[Decimal, Citation] | None = None
    kinds: dict[str, list[tuple[str, str, Decimal, Citation]]] = field(default_factory=lambda: defaultdict(list))


_KIND_RE = re.compile(r"(\S{2,6}类)项目$")


def _read_projects_text(book: _Book, sentences: list[tuple[Chunk, str]]) -> _ProjectText:
    out = _ProjectText()
    scope = ""
    for chunk, sentence in sentences:
        cite = book.cite_sentence(chunk, sentence)
        kind = ""
        for f in stated_figures(sentence):
            if f.unit == "个" and "项目" in f.label:
                m = _KIND_RE.search(f.label)
                if "公开" in f.label:
                    scope = "published"
                elif not scope:
                    scope = "all"
                if m:
                    kind = m.group(1)
                    out.kinds[scope].append((kind, "count", f.value, cite))
                else:
                    out.count.setdefault(scope, (f.value, cite))
            elif f.unit == "万元" and scope:
                if kind:
                    out.kinds[scope].append((kind, "amount", f.value, cite))
                else:
                    out.amount.setdefault(scope, (f.value, cite))
            elif f.unit == "%" and scope == "published" and "占" in f.label:
                out.share = (f.value, cite)
    return out


def _check_projects_text(book: _Book, res: _Results, sentences: list[tuple[Chunk, str]]) -> None:
    said = _read_projects_text(book, sentences)
    if not said.count and not said.amount:
        return
    t = book.table("project")
    if t is None:
        res.unsure("N4.project_count", "文中提到项目个数，但没有找到项目支出预算表（本年预算）", [c for _, c in said.count.values()])
        return
    projects = [r for r in book.rows[t.label] if r.ref.level == "项目"]
    head, _ = _project_total(book, "project")
    if "all" in said.count:
        _check_count(book, res, t, said.count["all"], projects)
    if "all" in said.amount:
        value, cite = said.amount["all"]
        res.compare("N1.amount", _Fig(value, "情况说明 二级项目共计金额", (cite,)), head, context=cite.source)
    published = _published(book, projects)
    if "published" in said.count:
        value, cite = said.count["published"]
        res.compare("N4.project_count", _Fig(value, "情况说明 公开项目绩效目标个数", (cite,)),
                    _Fig(Decimal(len(book.perf)), "本文件所附项目支出绩效目标表张数",
                         tuple(book.cite_perf(p, "项目名称", "项目名称") for p in book.perf)), unit="个")
    if "published" in said.amount:
        value, cite = said.amount["published"]
        res.compare("N1.amount", _Fig(value, "情况说明 公开项目绩效目标涉及金额", (cite,)), published, context=cite.source)
        if said.share:
            _check_share_of_projects(res, said.share, published, head)
    for scope, kinds in said.kinds.items():
        _check_kind_sums(res, scope, kinds, said)


def _check_count(book: _Book, res: _Results, t: Table, stated: tuple[Decimal, Citation], projects: list[_Row]) -> None:
    value, cite = stated
    names = Counter(_norm(r.ref.name) for r in projects)
    cites = (cite, *(book.cite_row(r) for r in projects))
    repeated = [f"「{r.ref.name}」出现{names[_norm(r.ref.name)]}次" for r in projects if names[_norm(r.ref.name)] > 1]
    repeated = list(dict.fromkeys(repeated))
    if value == len(projects):
        res.ok("N4.project_count")
    elif value == len(names):
        res.ok("N4.project_count", f"情况说明的二级项目{value}个与{t.label}按项目名称计数一致（{t.label}列出{len(projects)}行，"
                                   f"其中{'、'.join(repeated)}，视为同一项目分列在不同科目）")
    else:
        res.fail("N4.project_count", f"{cite.source}：情况说明称二级项目{value}个，{t.label}列出{len(projects)}行项目"
                 f"（按名称去重{len(names)}个）", _values(value, Decimal(len(projects)), "个"), cites)


def _published(book: _Book, projects: list[_Row]) -> _Fig:
    """The 表十二 amount of the projects that have a 绩效目标表 (their 年度资金总额 ÷ 10000 if not in 表十二)."""
    total, cites, missing = ZERO, [], []
    by_name: dict[str, list[_Row]] = defaultdict(list)
    for r in projects:
        by_name[_norm(r.ref.name)].append(r)
    for p in book.perf:
        rows = by_name.get(_norm(p.project), [])
        if rows:
            total += sum((r.get("合计") for r in rows), ZERO)
            cites += [book.cite_row(r, "合计") for r in rows]
        else:
            total += (_annual(p) or ZERO) / WAN
            missing.append(p.project)
    what = f"{len(book.perf)} 张绩效目标表所列项目在项目支出预算表中的金额之和"
    if missing:
        what += f"（{'、'.join(missing)} 不在表中，按其年度资金总额计）"
    return _Fig(total, what, tuple(cites))


def _check_share_of_projects(res: _Results, share: tuple[Decimal, Citation], part: _Fig, whole: _Fig) -> None:
    value, cite = share
    if whole.unsure or whole.value == 0:
        return
    expected = _pct(part.value, whole.value)
    if value == expected:
        res.ok("N2.share")
        return
    diff = value - expected
    res.fail("N2.share", f"{cite.source}：公开项目金额占项目支出总额文中为 {value}%，按表计算 {part.value} ÷ {whole.value} = "
             f"{expected}%，相差 {diff}个百分点", _values(value, expected, "%"), [cite, *part.cites, *whole.cites],
             rounding=abs(diff) == CENT)


def _check_kind_sums(res: _Results, scope: str, kinds: list[tuple[str, str, Decimal, Citation]], said: _ProjectText) -> None:
    word = "公开项目" if scope == "published" else "二级项目"
    for measure, unit, totals in (("count", "个", said.count), ("amount", "万元", said.amount)):
        parts = [(k, v, c) for k, m, v, c in kinds if m == measure]
        if not parts or scope not in totals:
            continue
        total, cite = totals[scope]
        summed = sum((v for _, v, _ in parts), ZERO)
        detail = " + ".join(f"{k}{v}" for k, v, _ in parts)
        if summed == total:
            res.ok("N5.parts_sum")
        else:
            res.fail("N5.parts_sum", f"{cite.source}：{word}{'个数' if measure == 'count' else '金额'}文中为 {total}{unit}，"
                     f"分类之和 {detail} = {summed}{unit}，相差 {total - summed}{unit}", _values(total, summed, unit),
                     [cite, *(c for _, _, c in parts)], rounding=unit == "万元" and abs(total - summed) == CENT)


def _check_parts(book: _Book, res: _Results, sentences: list[tuple[Chunk, str]], total_re: str, part_re: str, what: str) -> None:
    total: tuple[_Stated, Citation] | None = None
    parts: list[tuple[_Stated, Citation]] = []
    for chunk, sentence in sentences:
        cite = book.cite_sentence(chunk, sentence)
        for f in stated_figures(sentence):
            if f.unit != "万元":
                continue
            if total is None and re.search(total_re, f.label):
                total = (f, cite)
            elif re.search(part_re, f.label):
                parts.append((f, cite))
    if total is None or len(parts) < 2:
        return
    summed = sum((f.value for f, _ in parts), ZERO)
    stated, cite = total
    if summed == stated.value:
        res.ok("N5.parts_sum")
        return
    detail = " + ".join(f"{f.label}{f.value}" for f, _ in parts)
    res.fail("N5.parts_sum", f"{cite.source}：{what}文中为 {stated.value}万元，其中各项 {detail} = {summed}万元，"
             f"相差 {stated.value - summed}万元", _values(stated.value, summed, "万元"), [cite, *(c for _, c in parts)],
             rounding=abs(stated.value - summed) == CENT)


def _check_vehicles(book: _Book, res: _Results, chunk: Chunk, sentence: str) -> None:
    figs = [f for f in stated_figures(sentence) if f.unit == "辆"]
    actual = next((f for f in figs if f.label.endswith("实有")), None)
    text = re.sub(r"\s+", "", sentence)
    if actual is None or "其中" not in text:
        return
    parts = [f for f in figs if f.start > text.find("其中") and f is not actual]
    if len(parts) < 2:
        return
    summed = sum((f.value for f in parts), ZERO)
    cite = book.cite_sentence(chunk, sentence)
    if summed == actual.value:
        res.ok("N5.parts_sum")
        return
    res.fail("N5.parts_sum", f"{chunk.source}：公务用车实有{actual.value}辆，其中各类之和为{summed}辆",
             _values(actual.value, summed, "辆"), [cite])


# ------------------------------------------------------------------------------------------ P: 绩效目标表


def _fund(p: PerfTarget, period: str, source: str = "资金总额") -> Decimal | None:
    return next((v for per, src, v in p.funds if per == period and src == source), None)


def _annual(p: PerfTarget) -> Decimal | None:
    return _fund(p, "年度")


def check_perf(book: _Book, res: _Results) -> None:
    if not book.perf:
        for cid in ("P1.funds_t12", "P2.cost_indicator", "P3.fund_sources"):
            res.not_applicable(cid, "本文件没有项目支出绩效目标表")
        return
    rows: dict[str, list[_Row]] = defaultdict(list)
    for kind in ("project", "project_carryover"):
        for r in book.rows_of(kind):
            if r.ref.level == "项目":
                rows[_norm(r.ref.name)].append(r)
    for p in book.perf:
        _check_perf_funds(book, res, p, rows.get(_norm(p.project), []))
        _check_costs(book, res, p)
        _check_sources(book, res, p)
    if not any(i.level2 == "成本指标" for p in book.perf for i in p.indicators):
        res.not_applicable("P2.cost_indicator", "绩效目标表中没有以元计的成本指标")


def _check_perf_funds(book: _Book, res: _Results, p: PerfTarget, rows: list[_Row]) -> None:
    annual = _annual(p)
    cite = book.cite_perf(p, "年度资金总额", "年度资金总额")
    if annual is None:
        res.unsure("P1.funds_t12", f"绩效目标表「{p.project}」没有读到年度资金总额", [cite])
        return
    if book.table("project") is None:
        res.unsure("P1.funds_t12", f"没有找到项目支出预算表，无法核对「{p.project}」的资金", [cite])
        return
    if not rows:
        res.unsure("P1.funds_t12", f"项目支出预算表中找不到与绩效目标表同名的项目「{p.project}」（名称可能不同），无法核对", [cite])
        return
    in_wan = (annual / WAN).quantize(CENT, ROUND_HALF_UP)
    options = [r.get("合计") for r in rows] + ([sum((r.get("合计") for r in rows), ZERO)] if len(rows) > 1 else [])
    table_fig = _Fig(options[-1], f"{book.by_label[rows[0].ref.table].label}「{p.project}」合计",
                     tuple(book.cite_row(r, "合计") for r in rows), book.unsure(book.by_label[rows[0].ref.table], rows))
    unsure = book.perf_unsure.get(p.project, "") or table_fig.unsure
    if in_wan in options:
        res.ok("P1.funds_t12")
    elif unsure:
        res.unsure("P1.funds_t12", f"「{p.project}」的资金与表中不一致，但{unsure}，无法判断", [cite, *table_fig.cites])
    else:
        expected = min(options, key=lambda v: abs(v - in_wan))
        diff = annual - expected * WAN
        res.fail("P1.funds_t12", f"绩效目标表「{p.project}」年度资金总额 {_money(annual)}元，{table_fig.what} {expected}万元"
                 f"（{_money(expected * WAN)}元），相差 {_money(diff)}元", _values(annual, expected * WAN, "元"),
                 [cite, *table_fig.cites], rounding=abs(in_wan - expected) == CENT)


_COST_RE = re.compile(r"^(?:≤|<=|＜|<|不超过|不高于|控制在)?\s*(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>万元|元)(?:以内|以下|之内)?$")


def _check_costs(book: _Book, res: _Results, p: PerfTarget) -> None:
    seen: set[tuple[str, str]] = set()
    for ind in sorted(p.indicators, key=lambda i: i.period != "年度"):
        m = _COST_RE.match(ind.value.strip().translate(_DIGITS)) if ind.level2 == "成本指标" else None
        if not m or (ind.name, ind.value) in seen:
            continue
        seen.add((ind.name, ind.value))
        cost = Decimal(m.group("num").replace(",", "")) * (WAN if m.group("unit") == "万元" else 1)
        funds = _fund(p, ind.period) or _annual(p)
        if funds is None:
            continue
        cites = [book.cite_perf(p, "", f"{ind.period}{ind.level2}「{ind.name}」", ind.line),
                 book.cite_perf(p, f"{ind.period}资金总额", f"{ind.period}资金总额")]
        if cost <= funds:
            res.ok("P2.cost_indicator")
        else:
            res.fail("P2.cost_indicator", f"绩效目标表「{p.project}」成本指标「{ind.name}」{ind.value}，超过{ind.period}资金总额 "
                     f"{_money(funds)}元，超出 {_money(cost - funds)}元", _values(cost, funds, "元"), cites)


def _check_sources(book: _Book, res: _Results, p: PerfTarget) -> None:
    for period in dict.fromkeys(per for per, _, _ in p.funds):
        total = _fund(p, period)
        parts = [(src, v) for per, src, v in p.funds if per == period and src != "资金总额"]
        if total is None or not parts:
            continue
        summed = sum((v for _, v in parts), ZERO)
        if summed == total:
            res.ok("P3.fund_sources")
            continue
        detail = " + ".join(f"{s}{_money(v)}" for s, v in parts if v)
        res.fail("P3.fund_sources", f"绩效目标表「{p.project}」{period}资金总额 {_money(total)}元，各来源之和 {detail} = "
                 f"{_money(summed)}元，相差 {_money(total - summed)}元", _values(total, summed, "元"),
                 [book.cite_perf(p, f"{period}资金总额" if period == "实施期" else "资金总额", f"{period}资金总额")])


# ------------------------------------------------------------------------------------------ C: completeness


_TEMPLATE_RES = (
    re.compile(r"(?:增加|减少|增长|下降|上升|降低)\s*[（(]\s*(?:增加|减少|增长|下降|上升|降低)\s*[）)]"),
    re.compile(r"(?:增加|减少|增长|下降)\s*[/／]\s*(?:增加|减少|增长|下降)"),
    re.compile(r"(?<![A-Za-z])(?:XX+|ＸＸ+|××+)(?![A-Za-z])"),
    re.compile(r"[（(]\s*(?:请填写|填写|此处填写)[^）)]*[）)]"),
)
_YEAR_RE = re.compile(r"(?<!\d)(20\d\d)(?=\s*年)")
_YEAR_FIELDS = ("项目实施计划", "总体目标", "实施期目标", "年度目标")


def check_tables_present(book: _Book, res: _Results) -> None:
    for kind in REQUIRED_KINDS:
        if book.table(kind):
            res.ok("C1.tables_present")
        else:
            res.fail("C1.tables_present", f"没有找到{KIND_NAMES[kind]}（按标题识别）。若本单位确无此表，也应公开空表并注明「本表无数据」",
                     {"missing": KIND_NAMES[kind]}, ())


def check_empty_notes(book: _Book, res: _Results) -> None:
    for t in book.tables:
        rows = book.rows[t.label]
        has_values = any(r.cells for r in rows)
        shows_zeros = any(r.ref.level != "合计" for r in rows)  # named rows left blank: zeros, shown as such
        cite = [book.cite_table(t)]
        if has_values and t.empty_note:
            res.fail("C2.empty_note", f"{t.label}{t.title} 有数据，却注明「{t.empty_note}」", {"table": t.label}, cite)
        elif has_values or t.empty or shows_zeros:
            res.ok("C2.empty_note")
        elif t.label in book.truncated:
            res.unsure("C2.empty_note", f"{t.label}{t.title} 没有读到数据行，表格可能被截断（解析警告 truncated_table）", cite)
        else:
            res.fail("C2.empty_note", f"{t.label}{t.title} 没有任何数据，却没有注明「本表无数据」", {"table": t.label}, cite)


def check_template_text(book: _Book, res: _Results) -> None:
    for ch in book.chunks:
        if ch.kind not in ("narrative", "perf"):
            continue
        for sentence in split_sentences(ch.text):
            hits = [m.group(0) for rx in _TEMPLATE_RES for m in rx.finditer(sentence)]
            if hits:
                quoted = "「" + "」「".join(dict.fromkeys(hits)) + "」"
                res.fail("C3.template_text", f"{ch.source}：遗留模板文字 {quoted}，文中没有写明实际情况",
                         {"text": "、".join(dict.fromkeys(hits))}, [book.cite_sentence(ch, sentence)])
            else:
                res.ok("C3.template_text")


def _allowed_years(book: _Book, p: PerfTarget | None) -> set[int]:
    m = re.match(r"^\s*(\d+)\s*年", p.period) if p else None
    span = int(m.group(1)) if m and int(m.group(1)) <= 10 else 1
    return set(range(book.year - max(1, span - 1), book.year + span))


def check_years(book: _Book, res: _Results) -> None:
    """C4: a year in a 绩效目标 or 实施计划 that is neither the budget year nor the year before (nor in 项目期)."""
    perf_by_name = {_norm(p.project): p for p in book.perf}
    for ch in book.chunks:
        if ch.kind != "perf" or len(ch.section) < 3 or not ch.section[-1].startswith(_YEAR_FIELDS):
            continue
        p = perf_by_name.get(_norm(ch.section[1]))
        allowed = _allowed_years(book, p)
        for sentence in split_sentences(ch.text):
            years = sorted({int(y) for y in _YEAR_RE.findall(sentence)})
            wrong = [y for y in years if y not in allowed]
            if wrong:
                res.fail("C4.year", f"绩效目标表「{ch.section[1]}」{ch.section[-1]}写的是 {'、'.join(f'{y}年' for y in wrong)}，"
                         f"不是{book.year}年预算年度", {"years": "、".join(map(str, wrong)), "budget_year": str(book.year)},
                         [book.cite_sentence(ch, sentence)])
            elif years:
                res.ok("C4.year")
    for p in book.perf:
        allowed = _allowed_years(book, p)
        for ind in p.indicators:
            wrong = sorted({int(y) for y in _YEAR_RE.findall(f"{ind.name}{ind.value}")} - allowed)
            if wrong:
                res.fail("C4.year", f"绩效目标表「{p.project}」{ind.period}指标「{ind.name}」{ind.value} 写的是 "
                         f"{'、'.join(f'{y}年' for y in wrong)}，不是{book.year}年预算年度",
                         {"years": "、".join(map(str, wrong)), "budget_year": str(book.year)},
                         [book.cite_perf(p, "", f"{ind.period}{ind.level2}「{ind.name}」", ind.line)])


# ------------------------------------------------------------------------------------------ entry points


STEPS = (check_row_totals, check_parent_sums, check_subtotals, check_balance, check_totals, check_rows, check_links,
         check_narrative, check_perf, check_tables_present, check_empty_notes, check_template_text, check_years)


def derive_warnings(doc: SourceDoc) -> list[ParseWarning]:
    """The parser's own doubts (ambiguous cells, truncated tables, unreadable 绩效目标表), re-derived from the text."""
    if not doc.lines:
        return []
    from app.ingest.perf import parse_perf_targets
    from app.ingest.sections import find_sections
    from app.ingest.tables import parse_tables

    _, _, _, warnings = parse_tables(doc)
    _, perf_warnings = parse_perf_targets(doc, find_sections(doc))
    return list(warnings) + list(perf_warnings)


def audit_parsed(doc: SourceDoc, tables: Sequence[Table], refs: Sequence[RowRef], cells: Sequence[TableRow],
                 perf: Sequence[PerfTarget], chunks: Sequence[Chunk],
                 warnings: Sequence[ParseWarning] | None = None) -> list[Finding]:
    """Every check on the output of `app.ingest.pipeline.parse` (pure; no model, no index). `warnings` are the
    parser's; when not given they are re-derived from `doc` (needs its lines)."""
    book = _Book(doc, tables, refs, cells, perf, chunks, derive_warnings(doc) if warnings is None else warnings)
    res = _Results()
    for step in STEPS:
        step(book, res)
    return res.findings()


def _records(df: Any, cls: type) -> list[Any]:
    names = {f.name for f in fields(cls)}
    out = []
    for rec in df.to_dict("records"):
        out.append(cls(**{k: (v.item() if hasattr(v, "item") else v) for k, v in rec.items() if k in names}))
    return out


def _source_doc(meta: dict[str, Any]) -> SourceDoc:
    """The ingested document's text, when the file is still where it was and unchanged (for exact sentence
    locations and the parser's warnings); otherwise its identity alone."""
    from pathlib import Path

    from app.errors import BudgetQAError
    from app.ingest.read import read_document

    path = str(meta.get("path", ""))
    if path and Path(path).is_file():
        try:
            doc = read_document(path)
        except BudgetQAError:
            doc = None
        if doc is not None and doc.sha256 == meta.get("sha256"):
            return doc
    return SourceDoc(meta["doc_id"], meta["unit"], int(meta["year"]), path, str(meta.get("sha256", "")),
                     str(meta.get("encoding", "")), ())


def run_audit(qa: Any) -> list[Finding]:
    """The audit for the service: the document's tables, rows, cells, 绩效目标表 and chunks from the index."""
    store, doc_id = qa.store, qa.doc_id
    tables = _records(store.tables(doc_id), Table)
    refs = _records(store.rows(doc_id), RowRef)
    cells = _records(store.cells(doc_id), TableRow)
    return audit_parsed(_source_doc(qa.doc), tables, refs, cells, qa.perf, qa.chunks)


def findings_to_json(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    return [{"id": f.check_id, "state": f.state, "severity": f.severity, "message": f.message, "values": dict(f.values),
             "citations": [{"source": c.source, "title": c.title, "locator": c.locator, "quote": c.quote}
                           for c in f.citations]} for f in findings]


def _order(f: Finding) -> tuple[int, int]:
    return SEVERITY_RANK.get(f.severity, 9), list(CHECKS).index(f.check_id)


def _block(i: int, f: Finding) -> list[str]:
    lines = [f"{i}. [{SEVERITY_CN.get(f.severity, f.severity)}] {f.check_id} {f.message}"]
    for c in f.citations[:6]:
        lines.append(f"   - {c.source} {c.locator}：{c.quote}")
    if len(f.citations) > 6:
        lines.append(f"   - ……另有 {len(f.citations) - 6} 处")
    return lines


def format_findings(findings: Sequence[Finding]) -> str:
    """The report for the terminal, in Chinese: failures first (by severity), then insufficient data, then the
    checks that passed or did not apply."""
    fails = sorted((f for f in findings if f.state == FAIL), key=_order)
    unsure = sorted((f for f in findings if f.state == INSUFFICIENT), key=_order)
    passed = [f for f in findings if f.state == PASS]
    na = [f for f in findings if f.state == NOT_APPLICABLE]
    out = [f"一致性审核：不一致 {len(fails)} 处，数据不足 {len(unsure)} 处，通过 {len(passed)} 项检查，不适用 {len(na)} 项"]
    if fails:
        out += ["", f"【不一致】{len(fails)} 处"]
        for i, f in enumerate(fails, 1):
            out += _block(i, f)
    if unsure:
        out += ["", f"【数据不足，无法判断】{len(unsure)} 处"]
        for i, f in enumerate(unsure, 1):
            out += _block(i, f)
    out += ["", f"【通过】{len(passed)} 项：" + ("、".join(f.check_id for f in passed) or "无")]
    out.append(f"【不适用】{len(na)} 项：" + ("、".join(f"{f.check_id}（{f.message.split('不适用（', 1)[-1].rstrip('）')}）"
                                                       for f in na) or "无"))
    return "\n".join(out)
