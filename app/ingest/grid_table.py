"""One table of a PDF, as app.ingest.grid assembled it (_TableBuild: title, unit and its grids page by page) →
Table, RowRefs and TableRows: each grid's header read into columns (app.ingest.grid_columns; a header repeated
on a new page gives the same columns), its body into rows (app.ingest.grid_rows), and the rows emitted as
facts — a row in an unknown unit, of prose, or without a name is warned about, not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.catalogue import table_kind
from app.ingest.grid_columns import _Column, _columns, _header_rows, _name_columns
from app.ingest.grid_rows import _PERIOD_PREFIX_RE, _across, _complete_codes, _level, _nest_by_sums, _read_row, _RowRead
from app.ingest.pdf_page import Grid
from app.models import ParseWarning, RowRef, Table, TableRow, stable_id

_EMPTY_TABLE_RE = re.compile(r"本表无数据|空表|本表为空|本表无|无数据")  # a line that says its table is empty
_EMPTY_NOTE_RE = re.compile(
    _EMPTY_TABLE_RE.pattern + r"|没有.{0,20}(?:预算|收支|支出|数据)|未安排"
)  # …or a 注 under a grid
_PROSE_RE = re.compile(r"[，。；].{6,}|^.{60,}$|^万?元[，,]")  # a sentence or a unit fragment, not a row name


@dataclass
class _TableBuild:
    number: int
    label: str
    title: str
    unit: str
    page: int
    line: int
    grids: list[tuple[Grid, list[int]]] = field(default_factory=list)  # grid and the line number of each of its rows
    notes: list[str] = field(default_factory=list)
    unit_found: bool = True
    end_line: int = 0
    printed: str = ""  # the number as printed: 公开03表, 表1, 预算01表
    about: list[tuple[str, str, int, int]] = field(default_factory=list)  # (row, what it is for, page, line)
    context: str = ""  # an untitled table's section heading (「七、重点项目预算绩效目标情况」): its title in citations


def read_table(b: _TableBuild, doc_id: str, warnings: list[ParseWarning]) -> tuple[Table, list[RowRef], list[TableRow]]:
    """The table's Table, RowRefs and TableRows; what cannot be read is added to `warnings`."""
    kind = table_kind(b.title)
    columns: list[_Column] | None = None
    body: list[tuple[Grid, int, int, list[_Column]]] = []  # grid, row index, line, columns
    for grid, row_lines in b.grids:
        header_rows, first_body = _header_rows(grid)
        cols = _columns(grid, header_rows, first_body, kind) if header_rows else None
        if cols is None or not any(c.role == "value" for c in cols):
            if columns is not None and grid.n_cols == len(columns):
                cols = columns
            elif cols is None:
                cols = _columns(grid, [], first_body, kind)
        if (
            columns is not None
            and cols is not columns
            and len(cols) == len(columns)
            and [c.role for c in cols] == [c.role for c in columns]
        ):
            cols = columns  # the header repeated on a new page: the same columns
        if columns is None:
            columns = cols
        elif cols is not columns:
            _name_columns(cols, kind)
        for r in range(first_body, grid.n_rows):
            body.append((grid, r, row_lines[r], cols))
    columns = columns or []
    _name_columns(columns, kind)
    rows = [(row, ln, g.page) for (g, r, ln, cols) in body for row in _read_row(g, r, cols)]
    _complete_codes(rows)
    _nest_by_sums(rows)
    across = _across(rows, columns, kind)
    if across is not None:
        rows = across
    refs, cells = _emit(b, kind, rows, doc_id, warnings)
    values_cols = [c.name for c in columns if c.role == "value" and c.side != "收入"] or ["合计"]
    has_values = bool(cells)
    empty = not has_values and (
        bool(b.notes)
        and any(_EMPTY_NOTE_RE.search(n) for n in b.notes)
        or all(not r.name or r.name in ("无", "合计") for r, _, _ in rows)
    )
    if across is not None:  # the latest period's columns first: a plain question reads them
        seen = list(dict.fromkeys(c.column for c in cells))
        values_cols = sorted(seen, key=lambda col: (_PERIOD_PREFIX_RE.match(col) is not None, seen.index(col))) or [
            "合计"
        ]
    table = Table(
        doc_id=doc_id,
        label=b.label,
        number=b.number,
        title=b.title,
        kind=kind,
        unit=b.unit,
        columns=tuple(dict.fromkeys(values_cols)),
        page=b.page,
        line=b.line,
        end_line=max((ln for _, lines in b.grids for ln in lines), default=b.end_line or b.line),
        empty=empty,
        empty_note=next((n for n in b.notes if _EMPTY_NOTE_RE.search(n)), ""),
        printed=b.printed,
    )
    if not has_values and not empty:
        warnings.append(
            ParseWarning(
                "truncated_table", f"{b.label}「{b.title}」没有读到任何数值 (no figures read)", b.label, b.line
            )
        )
    return table, refs, cells


def _emit(
    b: _TableBuild, kind: str, rows: list[tuple[_RowRead, int, int]], doc_id: str, warnings: list[ParseWarning]
) -> tuple[list[RowRef], list[TableRow]]:
    refs: list[RowRef] = []
    cells: list[TableRow] = []
    by_code: dict[tuple[str, str], str] = {}
    unit_now = ""
    figure_rows = [r for r, _, _ in rows if r.values]
    for seq, (row, line, page) in enumerate(rows):
        if row.values and not b.unit:
            continue  # figures in an unknown unit: neither a fact nor a blank (never 「为空，即 0」)
        if not row.name and row.values and len(figure_rows) == 1:
            row.name = "合计"  # a table's only row of figures, printed without a label, is its total (北京's 收入总表)
        if _PROSE_RE.search(row.name):
            warnings.append(
                ParseWarning(
                    "prose_in_table",
                    f"{b.label} 第{page}页表格里的一段文字不是表格行，未读取：{row.name[:40]!r}",
                    b.label,
                    line,
                )
            )
            continue
        if not row.name:
            if row.values:
                warnings.append(
                    ParseWarning(
                        "unparsed_row",
                        f"{b.label} 第{page}页一行有数值但没有名称，未读取：{row.raw!r}",
                        b.label,
                        line,
                    )
                )
            continue
        if row.note:
            b.about.append((row.name, row.note, page, line))
        level, parent = _level(row, kind, by_code)
        parent = row.parent or (unit_now if unit_now and level not in ("单位", "合计") else parent)
        if level in ("单位", "合计"):  # the rows after a unit's heading row are that unit's (西安's tables by unit)
            unit_now = row.name if level == "单位" and row.code else ""
        if row.code:
            by_code[(row.side, row.code)] = row.name
        row_id = stable_id(doc_id, b.label, seq, row.side, row.code, row.name)
        refs.append(
            RowRef(
                doc_id,
                b.label,
                b.number,
                row.side,
                row.code,
                level,
                row.name,
                parent,
                row.extra,
                page,
                line,
                seq,
                row_id,
                blank=not row.values,
            )
        )
        for column, header, (value, raw) in row.values if b.unit else []:  # no unit: a figure is not a fact
            cells.append(
                TableRow(
                    doc_id,
                    b.label,
                    b.number,
                    b.title,
                    row.side,
                    row.code,
                    level,
                    row.name,
                    parent,
                    row.extra,
                    column,
                    value,
                    raw,
                    b.unit,
                    page,
                    line,
                    seq,
                    row_id,
                    header,
                )
            )
        for bad in row.unreadable:
            warnings.append(
                ParseWarning(
                    "unreadable_cell", f"{b.label}「{row.name}」的单元格不是数字，未读取：{bad!r}", b.label, line
                )
            )
    return refs, cells
