"""T checks, within a table: 合计 = the other columns (T1), parents = the sum of their children (T2), the
subtotal rows (T3), 人员经费 + 公用经费 = 合计 in 表六 (T4), 收入 = 支出 in 表一 and 表四 (T5).

The row and 科目 arithmetic of T1, T2 and T4 is app.checks' (ingest reports the same as warnings)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from decimal import Decimal

from app.audit.document import Book
from app.audit.model import ZERO, Fig, Row, diff_values, is_rounding
from app.audit.results import Results
from app.checks import TOTAL_COLUMNS, Mismatch, parent_sum_mismatches, row_total_mismatches
from app.models import Table

# ------------------------------------------------------------------------------------------ reporting a sum


def _sum_failure(
    book: Book,
    res: Results,
    check_id: str,
    table: Table,
    anchor: Row,
    diffs: list[tuple[str, Decimal, Decimal]],
    parts: Sequence[Row],
    rule: str,
) -> None:
    """One finding for one row whose figures do not add up (diffs: column, stated, computed)."""
    cites = [book.cite.row(anchor, diffs[0][0])] + [book.cite.row(p) for p in parts if p is not anchor][:12]
    col, stated, computed = diffs[0]
    values = diff_values(stated, computed, table.unit, column=col)
    detail = "；".join(f"{c} 文档为 {s}，计算为 {v}，相差 {s - v}" for c, s, v in diffs)
    message = f"{table.label}「{anchor.label}」{rule}不成立：{detail}（{table.unit}）"
    reason = book.unsure(table, [anchor, *parts])
    if reason:
        res.unsure(check_id, f"{message}。但{reason}，无法判断", cites, values)
        return
    res.fail(check_id, message, values, cites, rounding=all(is_rounding(s - v) for _, s, v in diffs))


def _report_mismatches(book: Book, res: Results, check_id: str, table: Table, found: list[Mismatch], rule: str) -> None:
    by_row: dict[str, list[Mismatch]] = defaultdict(list)
    for m in found:
        by_row[m.row.row_id].append(m)
    for row_id, ms in by_row.items():
        anchor = book.row_by_id[row_id]
        parts = list({p.row_id: book.row_by_id[p.row_id] for m in ms for p in m.parts}.values())
        _sum_failure(book, res, check_id, table, anchor, [(m.column, m.stated, m.computed) for m in ms], parts, rule)


def _check_sum(
    book: Book,
    res: Results,
    table: Table,
    parent: Row | None,
    parts: Sequence[Row],
    rule: str,
    columns: Sequence[str] | None = None,
    check_id: str = "T3.subtotal",
) -> None:
    """`parent` = the sum of `parts`, column by column."""
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


# ------------------------------------------------------------------------------------------ T1, T2, T4


def check_row_totals(book: Book, res: Results) -> None:
    """T1 (and T4 for 表六): 合计 = the row's other columns, with app.checks doing the arithmetic."""
    for t in book.tables:
        if not t.columns or t.columns[0] not in TOTAL_COLUMNS or len(t.columns) < 2:
            continue
        cid = "T4.personnel_public" if t.kind == "basic_by_econ" else "T1.row_total"
        rule = "人员经费 + 公用经费 = 合计" if cid.startswith("T4") else f"{t.columns[0]} = 其余各列之和"
        found = row_total_mismatches(t, book.cells)
        _report_mismatches(book, res, cid, t, found, rule)
        checked = [
            r for r in book.rows[t.label] if r.ref.side != "收入" and t.columns[0] in r.cells and len(r.cells) > 1
        ]
        for _ in range(len(checked) - len({m.row.row_id for m in found})):
            res.ok(cid)


def check_parent_sums(book: Book, res: Results) -> None:
    """T2: 类 = Σ 款, 款 = Σ 项 (app.checks does the arithmetic)."""
    for t in book.tables:
        found = parent_sum_mismatches(t, book.cells)
        _report_mismatches(book, res, "T2.parent_sum", t, found, "上级科目 = 下级科目之和")
        codes = {r.ref.code for r in book.rows[t.label] if r.ref.code}
        parents = {c for c in codes if any(k != c and k.startswith(c) and len(k) == len(c) + 2 for k in codes)}
        for _ in range(len(parents) - len({m.row.code for m in found})):
            res.ok("T2.parent_sum")


# ------------------------------------------------------------------------------------------ T3: subtotal rows

_SubtotalStep = Callable[[Book, Results, Table, list[Row], Row | None], None]


def check_subtotals(book: Book, res: Results) -> None:
    """T3: the 合计 / 小计 rows that have no 科目编码 to hang a parent_sum on."""
    for t in book.tables:
        rows = book.rows[t.label]
        total = next((r for r in rows if r.ref.level == "合计" and not r.ref.side), None)
        step = _SUBTOTALS.get(t.kind)
        if step:
            step(book, res, t, rows, total)


def _class_sums(book: Book, res: Results, t: Table, rows: list[Row], total: Row | None) -> None:
    _check_sum(book, res, t, total, [r for r in rows if len(r.ref.code) == 3], "合计 = 各类之和")


def _grouped_sums(group: str, child: str, total_rule: str, group_rule: str) -> _SubtotalStep:
    """合计 = its group rows (level `group`); each group = its `child` rows (those whose parent is the group)."""

    def step(book: Book, res: Results, t: Table, rows: list[Row], total: Row | None) -> None:
        groups = [r for r in rows if r.ref.level == group]
        _check_sum(book, res, t, total, groups, total_rule)
        for g in groups:
            _check_sum(
                book, res, t, g, [r for r in rows if r.ref.level == child and r.ref.parent == g.ref.name], group_rule
            )

    return step


def _three_public_sums(book: Book, res: Results, t: Table, rows: list[Row], total: Row | None) -> None:
    top = [r for r in rows if r.ref.level != "合计" and not r.ref.parent]
    _check_sum(book, res, t, total, top, "合计 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费")
    for r in top:
        _check_sum(
            book,
            res,
            t,
            r,
            [c for c in rows if c.ref.parent == r.ref.name],
            "公务用车购置及运行费 = 购置费 + 运行维护费",
        )


def _admin_sums(book: Book, res: Results, t: Table, rows: list[Row], total: Row | None) -> None:
    _check_sum(book, res, t, total, [r for r in rows if r.ref.level != "合计"], "部门合计 = 各单位之和")


def _two_sided_sums(book: Book, res: Results, t: Table, rows: list[Row], total: Row | None) -> None:
    """表一/表四: 本年收入合计, 本年支出合计, 收入总计 and 支出总计, each against its parts."""

    def named(side: str, pattern: str) -> Row | None:
        return next((r for r in rows if r.ref.side == side and re.search(pattern, r.ref.name)), None)

    income_total, spend_total = named("收入", r"^本年收入合计$"), named("支出", r"^本年支出合计$")
    if income_total:
        sources = [
            r
            for r in rows
            if r.ref.side == "收入" and r.ref.level == "来源" and r.ref.row_seq < income_total.ref.row_seq
        ]
        _check_sum(book, res, t, income_total, sources, "本年收入合计 = 各收入来源之和", ["金额"])
    spend_cols = [c for c in t.columns if c != "金额"]
    _check_sum(book, res, t, spend_total, book.class_rows(t.kind), "本年支出合计 = 各类支出之和", spend_cols)
    carried = named("收入", r"^上年.*结转$")
    grand_in, grand_out, year_end = (
        named("收入", r"^收入总计$"),
        named("支出", r"^支出总计$"),
        named("支出", r"^年终结转"),
    )
    _check_sum(
        book,
        res,
        t,
        grand_in,
        [r for r in (income_total, carried) if r],
        "收入总计 = 本年收入合计 + 上年结转",
        ["金额"],
    )
    _check_sum(
        book,
        res,
        t,
        grand_out,
        [r for r in (spend_total, year_end) if r],
        "支出总计 = 本年支出合计 + 年终结转",
        spend_cols,
    )


_SUBTOTALS: dict[str, _SubtotalStep] = {
    **dict.fromkeys(("income_total", "expense_total", "gpb_expense", "fund_income", "fund_expense"), _class_sums),
    "basic_by_econ": _grouped_sums("类", "款", "合计 = 各类经济科目之和", "类 = 其下经济科目之和"),
    **dict.fromkeys(
        ("project", "project_carryover"),
        _grouped_sums("单位", "项目", "合计 = 各单位之和", "单位合计 = 其下各项目之和"),
    ),
    "three_public": _three_public_sums,
    "admin_cost": _admin_sums,
    "income_expense_total": _two_sided_sums,
    "fiscal_total": _two_sided_sums,
}


# ------------------------------------------------------------------------------------------ T5: balance


def check_balance(book: Book, res: Results) -> None:
    """T5: 收入总计 = 支出总计 and 本年收入合计 = 本年支出合计 in 表一 and 表四."""
    for kind in ("income_expense_total", "fiscal_total"):
        t = book.table(kind)
        if t is None:
            continue
        first = t.columns[0] if t.columns else "合计"
        grand_in, grand_out = book.find(kind, r"^收入总计$", "收入"), book.find(kind, r"^支出总计$", "支出")
        res.compare(
            "T5.balance",
            book.cell(kind, grand_in, "金额", "收入总计", True),
            book.cell(kind, grand_out, first, "支出总计", True),
        )
        res.compare("T5.balance", *_this_year(book, t, first))


def _this_year(book: Book, t: Table, first: str) -> tuple[Fig, Fig]:
    """本年收入合计 and 本年支出合计, made comparable where money is carried over from last year or to the next."""
    kind = t.kind
    year_in, year_out = book.find(kind, r"^本年收入合计$", "收入"), book.find(kind, r"^本年支出合计$", "支出")
    carried, year_end = book.find(kind, r"^上年.*结转$", "收入"), book.find(kind, r"^年终结转", "支出")
    a, b = (
        book.cell(kind, year_in, "金额", "本年收入合计", True),
        book.cell(kind, year_out, first, "本年支出合计", True),
    )
    if not ((carried and carried.get("金额")) or (year_end and year_end.get(first))):
        return a, b
    if "当年预算安排" in t.columns:  # 表一: this year's income pays for this year's arrangements
        return a, book.cell(kind, year_out, "当年预算安排", "本年支出合计", True)
    # 本年收入合计 + 上年结转 = 本年支出合计 + 年终结转
    a = Fig(a.value + (carried.get("金额") if carried else ZERO), f"{a.what} + 上年结转", a.cites, a.unsure)
    b = Fig(b.value + (year_end.get(first) if year_end else ZERO), f"{b.what} + 年终结转", b.cites, b.unsure)
    return a, b
