"""Within-table arithmetic of the national format, checked on parsed rows.

A failure is a fact about the document (a copy error, a 0.01 rounding), reported — never "fixed".
The cross-table and narrative checks live in the audit; these are the ones ingest reports as warnings.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from app.models import ParseWarning, Table, TableRow

ZERO = Decimal(0)


TOTAL_COLUMNS = ("合计", "小计")


@dataclass(frozen=True)
class Mismatch:
    kind: str  # row_total / parent_sum
    table: str
    row: TableRow  # the row whose figure is checked (a 合计 cell or the parent's cell)
    column: str
    stated: Decimal
    computed: Decimal
    parts: tuple[TableRow, ...]  # the cells summed

    @property
    def difference(self) -> Decimal:
        return self.stated - self.computed


def rows_by_id(cells: list[TableRow]) -> dict[str, dict[str, TableRow]]:
    rows: dict[str, dict[str, TableRow]] = defaultdict(dict)
    for c in cells:
        rows[c.row_id][c.column] = c
    return rows


def row_total_mismatches(table: Table, cells: list[TableRow]) -> list[Mismatch]:
    """合计/小计 = the sum of the table's other columns, row by row (income side of 表一/表四 excluded)."""
    if not table.columns or table.columns[0] not in TOTAL_COLUMNS or len(table.columns) < 2:
        return []
    out = []
    for row in rows_by_id([c for c in cells if c.table == table.label and c.side != "收入"]).values():
        total = row.get(table.columns[0])
        parts = tuple(c for col, c in row.items() if col != table.columns[0] and not _subtotal(col))
        computed = sum((c.value for c in parts), ZERO)
        stated = total.value if total else ZERO
        # a column printed under 「其中」 is either a part (小计 = 其中：基本支出 + 项目支出) or a share of the
        # column before it (金额 | 其中：经费拨款): the row adds up when either reading holds
        without = sum((c.value for c in parts if "其中" not in c.header), ZERO)
        if parts and stated != computed and stated != without and total is not None:
            out.append(Mismatch("row_total", table.label, total, total.column, stated, computed, parts))
    return out


def _subtotal(column: str) -> bool:
    """A column that sums others of the same row (财政拨款合计, 小计, 其中…): not a part of the row's 合计."""
    return any(w in column for w in ("合计", "小计", "其中", "总计"))


def checks_per_table(tables: list[Table], cells: list[TableRow]) -> dict[str, tuple[int, int]]:
    """(sums checked, sums that do not add up) per table: each row's 合计 against its columns and each
    parent 科目 against its children — the parse quality shown after ingest."""
    out: dict[str, tuple[int, int]] = {}
    for t in tables:
        mine = [c for c in cells if c.table == t.label]
        total_rows = 0
        if t.columns and t.columns[0] in TOTAL_COLUMNS and len(t.columns) >= 2:
            rows = rows_by_id([c for c in mine if c.side != "收入"]).values()
            total_rows = sum(
                1 for r in rows if t.columns[0] in r and any(k != t.columns[0] and not _subtotal(k) for k in r)
            )
        codes = {c.code for c in mine if c.code}
        parents = sum(1 for code in codes if any(k.startswith(code) and len(k) == len(code) + 2 for k in codes))
        failed = len(row_total_mismatches(t, cells)) + len({(m.row.code) for m in parent_sum_mismatches(t, cells)})
        out[t.label] = (total_rows + parents, failed)
    return out


def parent_sum_mismatches(table: Table, cells: list[TableRow]) -> list[Mismatch]:
    """A 类 = the sum of its 款, a 款 = the sum of its 项, column by column."""
    mine = [c for c in cells if c.table == table.label and c.code]
    by_code: dict[str, dict[str, TableRow]] = defaultdict(dict)
    for c in mine:
        by_code[c.code][c.column] = c
    out = []
    for code, row in by_code.items():
        children = [k for k in by_code if k.startswith(code) and len(k) == len(code) + 2]
        if not children:
            continue
        for column in table.columns:
            parts = tuple(by_code[k][column] for k in children if column in by_code[k])
            stated_cell = row.get(column)
            stated = stated_cell.value if stated_cell else ZERO
            computed = sum((p.value for p in parts), ZERO)
            if stated != computed:
                anchor = stated_cell or next(iter(row.values()))
                out.append(Mismatch("parent_sum", table.label, anchor, column, stated, computed, parts))
    return out


def table_mismatches(tables: list[Table], cells: list[TableRow]) -> list[Mismatch]:
    out: list[Mismatch] = []
    for t in tables:
        out += row_total_mismatches(t, cells) + parent_sum_mismatches(t, cells)
    return out


def as_warning(m: Mismatch) -> ParseWarning:
    what = "合计≠各列之和" if m.kind == "row_total" else "上级科目≠下级科目之和"
    rounding = "（相差0.01，可能是四舍五入）" if abs(m.difference) == Decimal("0.01") else ""
    name = f"{m.row.code} {m.row.name}".strip()
    return ParseWarning(
        "arithmetic",
        f"{m.table}「{name}」{m.column}：文档为 {m.stated}，{what} {m.computed}，相差 {m.difference}{rounding}",
        m.table,
        m.row.line,
        check="T1.row_total" if m.kind == "row_total" else "T2.parent_sum",
    )
