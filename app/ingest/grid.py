"""Grids of a PDF (app.ingest.pdf) → budget tables as tidy rows, whatever the province's template.

A table is a title (表1 / 公开01表 / 预算01表 / 一、… / unnumbered 「2025年预算单位财务收支预算总表」) with its
单位 line, then one grid, or several when it continues over pages (a grid with no title of its own right after
a table's last grid continues it; its repeated header is dropped). In a grid:
- the header is the rows above the first row of figures; each column's header is the path of the header
  cells that cover it (merged cells span), its leaf mapped to the national vocabulary (合计, 基本支出 …);
- columns are labels (codes: 科目编码, or 类/款/项 in separate columns; names) or values; a label column
  right of a value column starts the second side of a two-sided table (收入 | 支出);
- a blank cell stays blank; a wrapped name joins its cell; a row with no name is not a row (warned);
- a table with one row of figures across its columns (Shanghai's 三公 table) is read across: each column
  is a row (公务接待费 …) with its amount in 合计.

Here the pages' grids are assembled into tables (titles, numbers and units: app.ingest.grid_titles) and each
table is read by app.ingest.grid_table (its columns: app.ingest.grid_columns; its rows: app.ingest.grid_rows).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from app.catalogue import table_kind
from app.ingest.grid_columns import _clean, _is_data_text
from app.ingest.grid_table import _EMPTY_TABLE_RE, _TableBuild, read_table
from app.ingest.grid_titles import _contents_numbers, _drop_rows, _meta_rows, _title_key, _title_of
from app.ingest.pdf_page import PdfPage, TextLine, regrid
from app.ingest.perf_grid import perf_target
from app.models import Line, ParseWarning, PerfTarget, RowRef, Table, TableRow
from app.numbers import int_to_cn

# ------------------------------------------------------------------------------------------- assembly


class GridReader:
    """Every table of a PDF document: call run(pages) once."""

    def __init__(self, doc_id: str = ""):
        self.doc_id = doc_id  # "" while reading: the unit and year (hence the id) are known only afterwards
        self.warnings: list[ParseWarning] = []
        self.lines: list[Line] = []  # narrative lines (outside tables), numbered in reading order
        self.perf: list[PerfTarget] = []  # 绩效目标表 printed as ruled tables (app.ingest.perf_grid)
        self.about: list[tuple[str, str, str, int, int]] = []  # (table title, row, what it is for, page, line)

    def run(self, pages: list[PdfPage]) -> tuple[list[Table], list[RowRef], list[TableRow]]:
        builds = [b for b in self._assemble(pages) if b.title or b.number or _has_figures(b)]
        tables, refs, cells = [], [], []
        labels: Counter[str] = Counter()
        titled = [b for b in builds if b.title or b.number]
        contents = _contents_numbers(self.lines, builds[0].line if builds else 0)
        for b in builds:
            if b.number:
                label = f"表{int_to_cn(b.number)}"
            elif b.title:  # titled, unnumbered (Shanghai): its number in the 目录, else its place among the titled
                b.number = contents.get(_title_key(b.title)) or titled.index(b) + 1
                label = f"表{int_to_cn(b.number)}"
            else:  # a table of figures without a title (inside the narrative): named by its page
                b.number = 0
                label = f"第{int_to_cn(b.page)}页表格"
            labels[label] += 1
            if labels[label] > 1:  # two tables with one printed number (two files, two parts): keep both apart
                label = f"{label}之{int_to_cn(labels[label])}"
            b.label = label
            t, r, c = read_table(b, self.doc_id, self.warnings)
            if not b.title and b.context:  # cited by its section's heading, its kind still read from no title
                t = replace(t, title=b.context)
            self.about += [(b.title or label, *item) for item in b.about]
            target = perf_target(b) if t.kind == "perf_target" else None
            if target is not None:
                self.perf.append(target)
            tables.append(t)
            refs += r
            cells += c
        return tables, refs, cells

    def _assemble(self, pages: list[PdfPage]) -> list[_TableBuild]:
        builds: list[_TableBuild] = []
        orphans: list[_TableBuild] = []  # empty tables printed without a grid, kept unless a grid takes the title
        line_no = 0
        for page in pages:
            pending: list[tuple[TextLine, int]] = []  # text lines since the last grid on this page
            after_grid: _TableBuild | None = None
            for item in page.items():
                if isinstance(item, TextLine):
                    line_no += 1
                    self.lines.append(Line(no=line_no, page=item.page, text=item.text))
                    pending.append((item, line_no))
                    empty = None
                    if _EMPTY_TABLE_RE.search(item.text) and len(item.text) < 80:
                        empty = self._empty_table(pending, line_no)  # a title and its 「本表无数据」 note, no grid
                        if empty is not None and not any(b.title == empty.title for b in builds + orphans):
                            orphans.append(empty)
                        else:
                            empty = None
                    if empty is None and after_grid is not None and re.match(r"^\s*注", item.text):
                        after_grid.notes.append(item.text)
                    continue
                grid = item
                meta_rows, meta_texts = _meta_rows(grid)
                heads = [ln for ln, _ in pending] + [
                    TextLine(grid.page, grid.top, grid.top, grid.x0, grid.x1, t) for t in meta_texts
                ]
                first_line = pending[0][1] if pending else line_no + 1
                row_lines = []
                for _ in range(grid.n_rows):
                    line_no += 1
                    row_lines.append(line_no)
                title, number, unit, printed = _title_of(heads)
                prose = any(len(ln.text) > 40 and re.search(r"[。；，]", ln.text) for ln in heads)
                last = builds[-1] if builds else None
                repeated = (
                    last is not None
                    and bool(title)
                    and (title, number) == (last.title, last.number)
                    and last.grids
                    and last.grids[-1][0].page == grid.page - 1
                )  # the title printed again on the next page
                if (
                    (repeated or (not title and not number))
                    and last is not None
                    and not prose
                    and (last.grids[-1][0].page == grid.page - 1 or after_grid is last)
                ):  # the next page, nothing between
                    cont = _drop_rows(grid, meta_rows)
                    if cont.n_cols != last.grids[0][0].n_cols:
                        cont = regrid(cont, last.grids[0][0])  # a page with other column breaks: placed by x
                    last.grids.append((cont, row_lines))
                    if unit and not last.unit_found:
                        last.unit, last.unit_found = unit, True
                    after_grid = last
                else:
                    b = _TableBuild(
                        number,
                        "",
                        title,
                        unit or "",
                        grid.page,
                        first_line if title else row_lines[0],
                        [(_drop_rows(grid, meta_rows), row_lines)],
                        unit_found=bool(unit),
                        printed=printed,
                        context="" if title else _heading(heads),
                    )
                    builds.append(b)
                    after_grid = b
                pending = []
        taken = {b.title for b in builds}
        builds = sorted(builds + [o for o in orphans if o.title not in taken], key=lambda b: b.line)
        # a table without its own 单位 line: the unit its title or headings state (「项目资金（元）」), else, for a
        # budget table, the unit of the nearest table of the same template before it; a table of another kind
        # (a 绩效 form) is never given a neighbour's unit — its figures are not read
        stated = [b.unit for b in builds if b.unit_found]
        common = Counter(stated).most_common(1)[0][0] if stated else ""
        for i, b in enumerate(builds):
            if b.unit_found:
                continue
            hint = _unit_hint(b)
            if hint:
                b.unit, b.unit_found = hint, True
                continue
            if table_kind(b.title) not in INHERIT_UNIT_KINDS:
                b.unit = ""
                self.warnings.append(
                    ParseWarning(
                        "unit_unknown",
                        f"「{b.title or '未命名表格'}」没有写明金额单位，其中的数值未读取 (no unit: figures not read)",
                        "",
                        b.line,
                    )
                )
                continue
            prev = next((p.unit for p in reversed(builds[:i]) if p.unit_found), "")
            b.unit = prev or common
            if b.unit:
                self.warnings.append(
                    ParseWarning(
                        "unit_inferred",
                        f"「{b.title or '未命名表格'}」没有单位行，按前面表格的单位（{b.unit}）读取 (unit not printed: inferred)",
                        "",
                        b.line,
                    )
                )
        return builds

    @staticmethod
    def _empty_table(pending: list[tuple[TextLine, int]], note_line: int) -> _TableBuild | None:
        """A table printed as its title and a note that it is empty (an unruled template prints no grid)."""
        heads = [ln for ln, _ in pending[-12:]]
        title, number, unit, printed = _title_of(heads[:-1], window=12)
        if not title or table_kind(title) == "unknown":
            return None
        first = next((no for ln, no in pending if title in ln.text), note_line)
        b = _TableBuild(
            number, "", title, unit, heads[-1].page, first, [], [heads[-1].text], unit_found=bool(unit), printed=printed
        )
        b.end_line = note_line
        return b


_UNIT_HINT_RE = re.compile(
    r"[（(]\s*(?:单位\s*[:：]\s*)?(千元|万元|亿元|元)\s*[)）]|单位\s*[:：]\s*(千元|万元|亿元|元)"
)
# Budget tables a continuing template prints without repeating its 单位 line: they may take their neighbour's.
INHERIT_UNIT_KINDS = (
    "income_expense_total",
    "income_total",
    "expense_total",
    "fiscal_total",
    "gpb_expense",
    "basic_by_econ",
    "fund_income",
    "fund_expense",
    "soe",
    "project",
    "project_carryover",
    "project_econ",
)


def _unit_hint(b: _TableBuild) -> str:
    """The money unit a table states in its title or its grid's first rows (「预算数（万元）」, 「项目资金（元）」)."""
    texts = [b.title] + [c.text for g, _ in b.grids[:1] for c in sorted(g.cells, key=lambda c: (c.r0, c.c0))]
    for t in texts:
        if m := _UNIT_HINT_RE.search(t.replace("\n", "")):
            return m.group(1) or m.group(2)
    return ""


def _has_figures(b: _TableBuild) -> bool:
    """A grid with neither a title nor any figure is a frame around text (a cover box, a 目录), not a table."""
    return any(_is_data_text(_clean(c.text)) for g, _ in b.grids for c in g.cells)


_HEADING = re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*[、.．]\s*([^，。；,;]{2,30}?)\s*$")


def _heading(heads: list[TextLine]) -> str:
    """The section heading printed above an untitled table on its page (「七、重点项目预算绩效目标情况」), if any."""
    for ln in reversed(heads):
        m = _HEADING.match(ln.text)
        if m:
            return m.group(1)
    return ""
