"""The 13 standard tables → tidy rows. Tables are found by their titles and read by their headers, never
by position, so any disclosure in the national format parses (9 or 13 tables, in any order; 表N / 表3 / 附表N /
预算公开表N / 部门公开表N, with or without the unit's name before the year; a title printed again on a table's next
page, or its header repeated after a page break, continues the same table; 目录 entries are not tables).

The extraction may differ: with or without a blank line after every line, with or without trailing spaces
(tests/test_format_variants.py). What cannot be recovered is said, not guessed: runs of spaces collapsed to one
lose where empty cells were (a `layout` warning, cells placed by arithmetic or flagged `ambiguous_cells`), and
without both trailing spaces and blank lines a row without values may run into its neighbour (a `layout` warning).

Here the document's tables are parsed in turn, with the warnings about the extraction's layout; the tables are
found by app.ingest.table_titles, their lines read by app.ingest.table_lines, each parsed by
app.ingest.table_parser.
"""

from __future__ import annotations

from app.ingest.table_lines import blank_line_separated, keeps_space_runs, keeps_trailing_spaces
from app.ingest.table_parser import TableParser
from app.ingest.table_titles import find_tables
from app.models import ParseWarning, RowRef, SourceDoc, Table, TableRow


def parse_tables(doc: SourceDoc) -> tuple[list[Table], list[RowRef], list[TableRow], list[ParseWarning]]:
    tables: list[Table] = []
    refs: list[RowRef] = []
    rows: list[TableRow] = []
    warnings: list[ParseWarning] = []
    if not keeps_trailing_spaces(doc.lines) and not blank_line_separated(doc.lines):
        warnings.append(
            ParseWarning(
                "layout",
                "文本既没有保留行尾空格，也没有行间空行：没有数值的行（如「公务接待费」）与折行的名称无法区分，"
                "可能与相邻行的名称连在一起；请用保留行尾空格或空行的方式重新导出文本 "
                "(trailing spaces and blank lines both missing: rows without values may run together)",
            )
        )
    if not keeps_space_runs(doc.lines):
        warnings.append(
            ParseWarning(
                "layout",
                "文本中连续的空格被合并成了一个：空单元格留下的空格已丢失，缺少数值的行只能按算术定位，无法定位的单元格另有"
                " ambiguous_cells 警告 (runs of spaces collapsed: empty cells can only be placed by arithmetic)",
            )
        )
    for span in find_tables(doc.lines):
        parser = TableParser(doc, span)
        table, r, c = parser.run()
        tables.append(table)
        refs += r
        rows += c
        warnings += parser.warnings
    return tables, refs, rows, warnings
