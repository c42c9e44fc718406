"""The parsed document, indexed for the checks: tables by kind, rows with their cells, what extraction is unsure
of, and the figures the checks compare (a cell, a table's total, a row of a two-sided table)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from app.audit.catalogue import KIND_NAMES
from app.audit.citations import Citer
from app.audit.model import ZERO, Fig, Row, plain_name
from app.checks import rows_by_id
from app.models import Chunk, ParseWarning, PerfTarget, RowRef, SourceDoc, Table, TableRow


class Book:
    def __init__(
        self,
        doc: SourceDoc,
        tables: Sequence[Table],
        refs: Sequence[RowRef],
        cells: Sequence[TableRow],
        perf: Sequence[PerfTarget],
        chunks: Sequence[Chunk],
        warnings: Sequence[ParseWarning],
    ):
        self.doc, self.year = doc, int(doc.year)
        self.tables, self.cells, self.perf, self.chunks = list(tables), list(cells), list(perf), list(chunks)
        self.by_label = {t.label: t for t in tables}
        self.by_kind: dict[str, Table] = {}
        for t in tables:
            self.by_kind.setdefault(t.kind, t)
        self.rows = _index_rows(refs, self.cells)
        self.row_by_id = {r.ref.row_id: r for rows in self.rows.values() for r in rows}
        self.cite = Citer(doc, self.by_label, {ln.no: ln for ln in doc.lines})
        self._index_warnings(warnings)

    def _index_warnings(self, warnings: Sequence[ParseWarning]) -> None:
        self.truncated = {w.table for w in warnings if w.code == "truncated_table"}
        self.ambiguous: dict[str, set[int]] = defaultdict(set)
        for w in warnings:
            if w.code == "ambiguous_cells":
                self.ambiguous[w.table].add(w.line)
        self.perf_unsure = {
            w.message.split("：", 1)[0]: w.message for w in warnings if w.code in ("perf_funds", "perf_layout")
        }

    # -- finding tables and rows ------------------------------------------------------------------
    def table(self, kind: str) -> Table | None:
        return self.by_kind.get(kind)

    def rows_of(self, kind: str) -> list[Row]:
        t = self.table(kind)
        return self.rows.get(t.label, []) if t else []

    def find(self, kind: str, pattern: str, side: str | None = None, before: int | None = None) -> Row | None:
        """The first row of the table whose name (without its 一、/① numbering) matches `pattern`."""
        for r in self.rows_of(kind):
            if side is not None and r.ref.side != side:
                continue
            if before is not None and r.ref.row_seq >= before:
                continue
            if re.search(pattern, plain_name(r.ref.name)):
                return r
        return None

    def total_row(self, kind: str) -> Row | None:
        return next((r for r in self.rows_of(kind) if r.ref.level == "合计" and r.ref.side in ("", "支出")), None)

    def class_rows(self, kind: str) -> list[Row]:
        """类 rows: 3-digit codes in the coded tables, 「八、…支出」 on the 支出 side of 表一/表四."""
        return [r for r in self.rows_of(kind) if r.ref.level == "类" and (len(r.ref.code) == 3 or r.ref.side == "支出")]

    # -- unsure extraction ------------------------------------------------------------------------
    def unsure(self, table: Table, rows: Iterable[Row] = ()) -> str:
        """Why figures of `table` (and of `rows`) cannot be trusted, from the parser's warnings ("" = they can)."""
        if table.label in self.truncated:
            return f"{table.label} 可能被截断（解析警告 truncated_table）"
        lines = self.ambiguous.get(table.label, set())
        bad = next((r for r in rows if r.ref.line in lines), None)
        if bad:
            return f"{table.label}「{bad.label}」的数值列位置无法确定（解析警告 ambiguous_cells）"
        return ""

    # -- figures ----------------------------------------------------------------------------------
    def missing(self, kind: str) -> Fig:
        name = KIND_NAMES.get(kind, kind)
        return Fig(ZERO, name, (), f"文件中没有找到{name}", absent=True)

    def no_data(self, t: Table) -> Fig:
        """The zero of a table noted 「本表无数据」."""
        return Fig(ZERO, f"{t.label}（本表无数据）", (self.cite.table(t),))

    def cell(self, kind: str, row: Row | None, column: str, wanted: str = "", required: bool = False) -> Fig:
        """A cell as a figure. A row the table does not print counts as 0 (coded tables list only what is
        budgeted) — unless it is `required` (a 合计/总计 row), whose absence means extraction went wrong."""
        t = self.table(kind)
        if t is None:
            return self.missing(kind)
        if row is not None:
            return Fig(
                row.get(column),
                f"{t.label}「{row.label}」{column}",
                (self.cite.row(row, column),),
                self.unsure(t, [row]),
            )
        if t.empty:
            return self.no_data(t)
        if required:
            return Fig(
                ZERO, f"{t.label}「{wanted}」", (self.cite.table(t),), f"{t.label} 中没有找到「{wanted}」行", True
            )
        return Fig(ZERO, f"{t.label}「{wanted}」（表中没有此行，按0计）", (self.cite.table(t),), self.unsure(t))

    def total(self, kind: str, column: str = "") -> Fig:
        t = self.table(kind)
        if t is None:
            return self.missing(kind)
        return self.cell(kind, self.total_row(kind), column or t.columns[0], "合计", required=True)

    def two_sided(self, kind: str, pattern: str, side: str, column: str) -> Fig:
        """A required row of 表一/表四, found by name on one side."""
        if self.table(kind) is None:
            return self.missing(kind)
        return self.cell(
            kind, self.find(kind, pattern, side), column, pattern.strip("^$").replace(".*", ""), required=True
        )

    def income(self, kind: str, pattern: str) -> Fig:
        """The first income row of a two-sided table whose name matches (the 本年 part, above 本年收入合计)."""
        if self.table(kind) is None:
            return self.missing(kind)
        stop = self.find(kind, r"^本年收入合计$", "收入")
        row = self.find(kind, pattern, "收入", stop.ref.row_seq if stop else None)
        return self.cell(kind, row, "金额", pattern.strip("^$"))


def _index_rows(refs: Sequence[RowRef], cells: list[TableRow]) -> dict[str, list[Row]]:
    """Each table's rows in document order, with their cells."""
    by_id = rows_by_id(cells)
    rows: dict[str, list[Row]] = defaultdict(list)
    for r in sorted(refs, key=lambda r: (r.table_no, r.row_seq)):
        rows[r.table].append(Row(r, by_id.get(r.row_id, {})))
    return rows
