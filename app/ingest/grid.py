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
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from app.catalogue import AMOUNT_HEADERS, COLUMN_ALIASES, table_kind
from app.ingest.pdf_page import Grid, PdfPage, TextLine, regrid
from app.ingest.pdf_stream import TRAILING_CODE_RE
from app.ingest.scan import toc_grid_tail
from app.models import Line, ParseWarning, RowRef, Table, TableRow, stable_id
from app.numbers import cn_to_int, int_to_cn, is_amount, normalize_digits, parse_amount

CN_DIGITS = "一二三四五六七八九十"
_NUMBER_LABEL_RE = re.compile(
    r"^\s*+(?:(?:(?:部门|单位|预算)?公开表|附表|表)\s*[-－]?\s*0*(?P<a>\d{1,2}|[一二三四五六七八九十]{1,3})(?:[-－]\d{1,2})?"
    r"|(?:部门|单位|预算|公开|收支|基本)?\s*0*(?P<b>\d{1,2})\s*表)\s*[:：、.．]?\s*"
)
_ORDINAL_RE = re.compile(r"^\s*+(?P<n>[一二三四五六七八九十]{1,3})\s*[、.．]\s*")
_UNIT_RE = re.compile(r"(?:金额)?单位\s*[:：]\s*(千元|万元|亿元|元)")
_NOT_TITLE_RE = re.compile(
    r"^\s*+(?:第[一二三四五六七八九十]+部分|注|说明|备注|(?:金额)?单位\s*[:：]|编制单位|单位名称|部门名称|预算单位|编制部门|填报单位|主管部门)"
)
_TOTAL_RE = re.compile(r"^(?:(?:本年|本期)?(?:收入|支出|收支)?(?:合计|总计|小计)|部门合计|单位合计|总计|合计)$")
_CODE_RE = re.compile(r"^\[?\s*(\d{3})(?:\s*(\d{2}))?(?:\s*(\d{2}))?\s*\]?$")
_NAME_CODE_RE = re.compile(r"^\[?(\d{3}(?:\s?\d{2}){0,2})\]?\s*(?=[\u4e00-\u9fff（(“])")
_CODE_HEADER_RE = re.compile(r"编码|代码|^类$|^款$|^项$|编号")

_COLUMN_NUMBERS_RE = re.compile(r"^(?:栏次|行次|\*+|\d{1,2}|[A-Z甲乙丙丁])$")
_YEAR_RE = re.compile(r"(20\d\d)\s*年")
_EMPTY_TABLE_RE = re.compile(r"本表无数据|空表|本表为空|本表无|无数据")  # a line that says its table is empty
_EMPTY_NOTE_RE = re.compile(
    _EMPTY_TABLE_RE.pattern + r"|没有.{0,20}(?:预算|收支|支出|数据)|未安排"
)  # …or a 注 under a grid
_PROSE_RE = re.compile(r"[，。；].{6,}|^.{60,}$|^万?元[，,]")  # a sentence or a unit fragment, not a row name
_ORG_RE = re.compile(r"(?:局|委员会|委|办公室|中心|站|所|院|处|馆|队|厅|街道办事处|政府|本级)(?:[（(]本级[）)])?$")


@dataclass
class _Column:
    index: int
    path: tuple[str, ...]
    role: str = "value"  # code / label / value
    name: str = ""  # canonical
    side: str = ""


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


def _clean(text: str) -> str:
    """A cell's text as one string: wrapped lines joined (no space between CJK pieces)."""
    parts = [p.strip() for p in text.replace("\r", "\n").split("\n") if p.strip()]
    out = ""
    for p in parts:
        out += ("" if not out or not (out[-1].isascii() and p[0].isascii()) else " ") + p
    return re.sub(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])", "", out).strip()


def split_title(text: str) -> tuple[int, str]:
    """(printed number or 0, title without the number) of a title line: 「表3 本年支出总体情况表」 → (3, …),
    「公开05表」 → (5, ""), 「五、一般公共预算支出表」 → (5, …)."""
    t = text.strip()
    m = _NUMBER_LABEL_RE.match(t)
    if m:
        n = m.group("a") or m.group("b")
        return cn_to_int(n), t[m.end() :].strip()
    m = _ORDINAL_RE.match(t)
    if m and "表" in t[m.end() :]:
        return cn_to_int(m.group("n")), t[m.end() :].strip()
    return 0, t


def is_title_text(text: str) -> bool:
    """A line that names a table: short, not a note or a unit line, and a 表 (or a bare table number)."""
    t = text.strip()
    if not t or len(t) > 70 or _NOT_TITLE_RE.match(t) or t.endswith(("。", "；", "，")):
        return False
    n, rest = split_title(t)
    if n and not rest:
        return True  # 「表 7」, 「公开01表」
    if toc_grid_tail(t) or re.search(r"见|如下|下表|上表|附表\s*\d|[:：]$", t):
        return False  # a contents entry, or prose pointing at a table (「详细情况见下表：」)
    return "表" in rest and not re.search(r"[。；]", rest)


def _is_data_text(text: str) -> bool:
    t = normalize_digits(text.replace(" ", ""))
    return is_amount(t) and not re.fullmatch(r"(?:19|20)\d\d", t)


# ------------------------------------------------------------------------------------------- assembly


class GridReader:
    """Every table of a PDF document: call run(pages) once."""

    def __init__(self, doc_id: str = ""):
        self.doc_id = doc_id  # "" while reading: the unit and year (hence the id) are known only afterwards
        self.warnings: list[ParseWarning] = []
        self.lines: list[Line] = []  # narrative lines (outside tables), numbered in reading order

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
            t, r, c = self._table(b)
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

    # ---------------------------------------------------------------------------- one table
    def _table(self, b: _TableBuild) -> tuple[Table, list[RowRef], list[TableRow]]:
        kind = table_kind(b.title)
        columns: list[_Column] | None = None
        body: list[tuple[Grid, int, int, list[_Column]]] = []  # grid, row index, line, columns
        for grid, row_lines in b.grids:
            header_rows, first_body = _header_rows(grid)
            cols = _columns(grid, header_rows, first_body) if header_rows else None
            if cols is None or not any(c.role == "value" for c in cols):
                if columns is not None and grid.n_cols == len(columns):
                    cols = columns
                elif cols is None:
                    cols = _columns(grid, [], first_body)
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
        refs, cells = self._emit(b, kind, rows)
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
            doc_id=self.doc_id,
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
            self.warnings.append(
                ParseWarning(
                    "truncated_table", f"{b.label}「{b.title}」没有读到任何数值 (no figures read)", b.label, b.line
                )
            )
        return table, refs, cells

    def _emit(
        self, b: _TableBuild, kind: str, rows: list[tuple[_RowRead, int, int]]
    ) -> tuple[list[RowRef], list[TableRow]]:
        refs: list[RowRef] = []
        cells: list[TableRow] = []
        by_code: dict[tuple[str, str], str] = {}
        figure_rows = [r for r, _, _ in rows if r.values]
        for seq, (row, line, page) in enumerate(rows):
            if row.values and not b.unit:
                continue  # figures in an unknown unit: neither a fact nor a blank (never 「为空，即 0」)
            if not row.name and row.values and len(figure_rows) == 1:
                row.name = (
                    "合计"  # a table's only row of figures, printed without a label, is its total (北京's 收入总表)
                )
            if _PROSE_RE.search(row.name):
                self.warnings.append(
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
                    self.warnings.append(
                        ParseWarning(
                            "unparsed_row",
                            f"{b.label} 第{page}页一行有数值但没有名称，未读取：{row.raw!r}",
                            b.label,
                            line,
                        )
                    )
                continue
            level, parent = _level(row, kind, by_code)
            parent = parent or row.parent
            if row.code:
                by_code[(row.side, row.code)] = row.name
            row_id = stable_id(self.doc_id, b.label, seq, row.side, row.code, row.name)
            refs.append(
                RowRef(
                    self.doc_id,
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
                        self.doc_id,
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
                self.warnings.append(
                    ParseWarning(
                        "unreadable_cell", f"{b.label}「{row.name}」的单元格不是数字，未读取：{bad!r}", b.label, line
                    )
                )
        return refs, cells


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


_CONTENTS_ENTRY_RE = re.compile(
    r"^\s*+(?P<n>\d{1,2}|[一二三四五六七八九十]{1,3})\s*[.．、]\s*(?P<title>\S.*?表)\s*(?:[.…·\s]*\d*)?$"
)


def _title_key(title: str) -> str:
    return re.sub(r"\s+|20\d\d年度?|[“”\"]", "", title)


def _contents_numbers(lines: list[Line], before: int) -> dict[str, int]:
    """Table numbers as the document's 目录 lists them (「4．2026年预算单位财政拨款收支预算总表」), read from the
    lines before the first table: an unnumbered table keeps its listed number even when a table before it is
    not printed."""
    out: dict[str, int] = {}
    for ln in lines:
        if before and ln.no >= before:
            break
        m = _CONTENTS_ENTRY_RE.match(ln.text)
        if m and table_kind(m.group("title")) != "unknown":  # 「五、单位预算表」 heads a part, it is not a table
            out.setdefault(_title_key(m.group("title")), cn_to_int(m.group("n")))
    return out


def _has_figures(b: _TableBuild) -> bool:
    """A grid with neither a title nor any figure is a frame around text (a cover box, a 目录), not a table."""
    return any(_is_data_text(_clean(c.text)) for g, _ in b.grids for c in g.cells)


def _meta_rows(grid: Grid) -> tuple[list[int], list[str]]:
    """Leading rows of a grid that hold its title, unit or 编制单位 line rather than the table (a ruled frame
    drawn around the whole page block), with their texts."""
    rows, texts = [], []
    for r in range(grid.n_rows):
        cells = [_clean(c.text) for c in grid.row(r) if _clean(c.text)]
        if not cells:
            rows.append(r)
            continue
        joined = " ".join(cells)
        if all(_UNIT_RE.search(c) or _NOT_TITLE_RE.match(c) or is_title_text(c) for c in cells) and not any(
            _is_data_text(c) for c in cells
        ):
            rows.append(r)
            texts.extend(cells)
            continue
        if _UNIT_RE.search(joined) and len(cells) <= 2:
            rows.append(r)
            texts.extend(cells)
            continue
        break
    return rows, texts


def _drop_rows(grid: Grid, rows: list[int]) -> Grid:
    if not rows:
        return grid
    keep = [c for c in grid.cells if c.r0 not in rows]
    shift = len(rows)
    cells = tuple(
        type(c)(c.text, c.r0 - shift, max(c.r1 - shift, c.r0 - shift), c.c0, c.c1, c.x0, c.x1, c.top) for c in keep
    )
    return Grid(
        grid.page,
        grid.top,
        grid.bottom,
        grid.x0,
        grid.x1,
        grid.n_rows - shift,
        grid.n_cols,
        cells,
        grid.ruled,
        grid.col_x,
    )


def printed_label(text: str) -> str:
    """The table's number as the document prints it: 「公开03表」, 「表1」, 「预算01表」, 「五、」 ("" when none)."""
    t = text.strip()
    m = _NUMBER_LABEL_RE.match(t)
    if m:  # letter-spaced in print (「公开 01 表」): written without the spaces
        return re.sub(r"\s+", "", re.sub(r"[\s:：、.．]+$", "", m.group(0)))
    m = _ORDINAL_RE.match(t)
    return m.group("n") + "、" if m else ""


def _title_of(heads: list[TextLine], window: int = 6) -> tuple[str, int, str, str]:
    """(title, printed number, unit, printed label) from the lines just above a grid (and its meta rows): the
    title is the title line closest to the grid, its number the nearest printed number (「表1」 may stand on its
    own line)."""
    title, number, unit, printed = "", 0, "", ""
    for ln in reversed(heads[-window:]):
        for piece in reversed(re.split(r"\s{2,}", ln.text.strip())):
            if m := _UNIT_RE.search(piece):
                unit = unit or m.group(1)
                continue
            if not is_title_text(piece):
                continue
            n, rest = split_title(piece)
            if n and not number:
                number, printed = n, printed_label(piece)
            if rest and not title:
                title = rest
    return title, number, unit, printed


def _header_rows(grid: Grid) -> tuple[list[int], int]:
    """(header row indices, first body row): the header is every row above the first row that holds a figure
    or a code (201, 2010301); a row of column numbers (1 2 3 / 栏次) is neither. In a table without any
    figure (printed empty), the body starts at its first 合计 / 无 row."""
    header: list[int] = []
    fallback = None
    for r in range(grid.n_rows):
        texts = [_clean(c.text) for c in grid.row(r)]
        nonblank = [t for t in texts if t]
        if nonblank and all(_COLUMN_NUMBERS_RE.match(t) for t in nonblank) and len(nonblank) >= 2:
            continue
        first = nonblank[0] if nonblank else ""
        if any(_is_data_text(t) for t in nonblank) or first in ("无", "-"):
            return header, r
        if fallback is None and _TOTAL_RE.match(first.replace(" ", "")):
            fallback = (list(header), r)
        header.append(r)
    return fallback if fallback is not None else (header, grid.n_rows)


def _columns(grid: Grid, header_rows: list[int], first_body: int) -> list[_Column]:
    cols = []
    for c in range(grid.n_cols):
        path: list[str] = []
        for r in header_rows:
            cell = grid.at(r, c)
            if cell is not None and cell.r0 in header_rows:
                t = _clean(cell.text).replace(" ", "")
                if t and (not path or path[-1] != t):
                    path.append(t)
        cols.append(_Column(c, tuple(path)))
    for col in cols:
        texts = [
            _clean(cell.text)
            for r in range(first_body, grid.n_rows)
            for cell in [grid.at(r, col.index)]
            if cell is not None and cell.r0 == r and cell.c0 == col.index and _clean(cell.text)
        ]
        amounts = sum(_is_data_text(t) for t in texts)
        codes = sum(bool(_CODE_RE.match(t)) and "," not in t and "." not in t for t in texts)
        leaf = col.path[-1] if col.path else ""
        if (col.path and _CODE_HEADER_RE.search(leaf) and "名称" not in leaf) or (
            texts
            and codes == len(texts)
            and amounts
            and not any(k.role == "label" for k in cols[: col.index])
            and col.index < grid.n_cols - 1
        ):
            col.role = "code"
        elif texts and amounts >= max(1, len(texts) - amounts) and not re.search(r"名称|项目$|科目$", leaf):
            col.role = "value"
        elif not texts and re.search(r"备注|说明|绩效目标|用途", leaf):
            col.role = "note"
        elif not texts and leaf and not re.search(r"名称|科目$|项目$|单位$", leaf):
            col.role = "value"  # a column printed all blank under a figure header (因公出国(境)费, 小计 …)
        elif not texts and not leaf:
            col.role = "blank"
        else:
            col.role = "label"
    # text columns after the last value column are notes (绩效目标, 备注), not a second side
    last_value = max((c.index for c in cols if c.role == "value"), default=-1)
    for col in cols:
        if col.index > last_value and col.role == "label":
            col.role = "note"
    # sides: a label column right of a value column opens the next side
    side_no, seen_value = 0, False
    for col in cols:
        if col.role in ("label", "code") and seen_value:
            side_no, seen_value = side_no + 1, False
        if col.role == "value":
            seen_value = True
        col.side = str(side_no)
    n_sides = int(cols[-1].side) + 1 if cols else 1
    for col in cols:
        if n_sides == 1:
            col.side = ""
        else:
            path = "".join(k.path[0] for k in cols if k.side == col.side and k.path)
            col.side = "支出" if ("支出" in path and "收入" not in path) or col.side != "0" else "收入"
    return cols


def _name_columns(cols: list[_Column], kind: str) -> None:
    """Canonical names of the value columns, unique per side."""
    for side in {c.side for c in cols}:
        values = [c for c in cols if c.role == "value" and c.side == side]
        used: Counter[str] = Counter()
        for c in values:
            leaf = re.sub(r"^(?:其中|含)[:：]?", "", c.path[-1]) if c.path else ""
            name = COLUMN_ALIASES.get(leaf, leaf)
            if (
                name == "小计"
                and c is values[0]
                and not any(
                    COLUMN_ALIASES.get(k.path[-1] if k.path else "", "") == "合计" or (k.path and k.path[-1] == "合计")
                    for k in values
                )
            ):
                name = "合计"  # the first column 「小计」 is the row's total
            if side == "收入" and c is values[0] and (not leaf or AMOUNT_HEADERS.match(leaf)):
                name = "金额"  # the 收入 side's amount, as the national format names it
            elif len(values) == 1 and (not leaf or AMOUNT_HEADERS.match(leaf)):
                name = "金额" if side == "收入" else "合计"
            elif AMOUNT_HEADERS.match(leaf) and not any(
                COLUMN_ALIASES.get(k.path[-1] if k.path else "", "") == "合计" for k in values
            ):
                name = "合计" if values.index(c) == 0 else leaf
            if not name:
                name = f"第{c.index + 1}列"
            used[name] += 1
            if used[name] > 1:
                parent = next((p for p in reversed(c.path[:-1]) if p != leaf), "")
                name = f"{parent}{leaf}" if parent else f"{name}（{used[name]}）"
            c.name = name


@dataclass
class _RowRead:
    side: str
    code: str
    name: str
    values: list[tuple[str, str, tuple[Decimal, str]]]  # (column, header path, (value, raw))
    raw: str
    unreadable: list[str] = field(default_factory=list)
    extra: str = ""  # a second name column (政府预算支出经济科目名称 beside 部门预算支出经济科目名称)
    code_parts: tuple[str, ...] = ()  # the code as printed in separate 类 / 款 / 项 columns
    parent: str = ""  # the unit a project row belongs to, when printed in its own column


def _read_row(grid: Grid, r: int, cols: list[_Column]) -> list[_RowRead]:
    out = []
    raw = " | ".join(_clean(c.text) for c in grid.row(r))
    for side in dict.fromkeys(c.side for c in cols):
        codes, names, values, unreadable = [], [], [], []
        label_texts: list[tuple[str, _Column]] = []
        code_cols = [c.index for c in cols if c.side == side and c.role == "code"]
        parts = [""] * len(code_cols)  # 类 / 款 / 项 as printed in their own columns
        for col in (c for c in cols if c.side == side):
            cell = grid.at(r, col.index)
            text = _clean(cell.text) if cell is not None and cell.r0 == r else ""
            if cell is not None and cell.c0 != col.index and col.role == "value":
                text = ""  # a merged cell counts once, in its first column
            if col.role == "code" and text and (m := _NAME_CODE_RE.match(text)) and text[m.end() :].strip():
                codes.append(re.sub(r"\D", "", m.group(1)))  # 「208 05 行政事业单位养老支出」 in one cell
                names.append(text[m.end() :].strip())
            elif (
                col.role == "code"
                and text
                and (t := TRAILING_CODE_RE.search(text))
                and re.search(r"[\u4e00-\u9fff]", text[: t.start()])
            ):
                codes.append(re.sub(r"\D", "", t.group(1)))  # 「XM遗属补助 208 08 01」: a name and its code in one cell
                names.append(text[: t.start()].strip())
            elif col.role == "code" and text and re.search(r"\d", text) and (cell is None or cell.c0 == col.index):
                codes.append(re.sub(r"\D", "", normalize_digits(text)))  # a code merged over 类+款 counts once
                parts[code_cols.index(col.index)] = codes[-1]
            elif col.role == "code" and text and (cell is None or cell.c0 == col.index):
                names.append(text)  # 「合计」 printed across the code columns
            elif col.role == "label" and text and (cell is None or cell.c0 == col.index):
                names.append(text)
                label_texts.append((text, col))
            elif col.role == "value":
                t = normalize_digits(text).replace(" ", "")
                if t in ("", "-", "—", "--", "－", "/", "无", "——"):
                    continue
                try:
                    v = parse_amount(t)
                except ValueError:
                    unreadable.append(text)
                    continue
                if v is not None:
                    values.append((col.name, "/".join(col.path), (v, text)))
        names = list(dict.fromkeys(names))
        # the row's name is its first label of words (a category letter 「A」 beside 「货物」 is not); the others are
        # secondary names (表六's 政府预算支出经济科目名称)
        first = next((n for n in names if len(re.findall(r"[\u4e00-\u9fff]", n)) >= 2), names[0] if names else "")
        name, extra, parent = first, " ".join(n for n in names if n != first), ""
        unit_cols = [t for t, col in label_texts if re.search(r"单位(?:名称)?$|单位$", "".join(col.path[-1:]))]
        if unit_cols and len(names) > 1:  # 单位名称 | 项目名称: the project is the row, its unit the parent
            parent = unit_cols[0]
            rest = [n for n in names if n != parent]
            name, extra = (rest[0] if rest else parent), " ".join(rest[1:])
        code = "".join(codes)
        m = _NAME_CODE_RE.match(name)
        tail = TRAILING_CODE_RE.search(name) if not code and not m else None
        if not code and m:
            code, name = re.sub(r"\D", "", m.group(1)), name[m.end() :].strip()
        elif tail and re.search(r"[\u4e00-\u9fff]", name[: tail.start()]):
            code, name = re.sub(r"\D", "", tail.group(1)), name[: tail.start()].strip()
        if code and not re.fullmatch(r"\d{3}(?:\d{2}){0,2}|\d{2}(?:\d{2})?|\d{6,9}", code):
            name, code = f"{code} {name}".strip(), ""
        if not name and code and not values:
            continue
        if name or values or code:
            out.append(
                _RowRead(
                    side,
                    code,
                    name.strip(),
                    values,
                    raw,
                    unreadable,
                    extra=extra,
                    parent=parent,
                    code_parts=tuple(parts) if len(code_cols) >= 2 else (),
                )
            )
    return out


def _nest_by_sums(rows: list[tuple[_RowRead, int, int]]) -> None:
    """Rows printed without codes (杭州's 功能科目, a unit and its projects): a row whose first figure is exactly
    the sum of the two or more rows right after it is their parent — the table's own arithmetic, never a guess
    from indentation. A run that overshoots (grandchildren in between) or is broken by a coded row is left flat."""
    for side in {r.side for r, _, _ in rows}:
        mine = [r for r, _, _ in rows if r.side == side]
        firsts = [
            r.values[0][2][0]
            if r.values and r.values[0][0] == (mine[0].values[0][0] if mine[0].values else None)
            else None
            for r in mine
        ]
        for i, row in enumerate(mine):
            if (
                row.code
                or row.parent
                or firsts[i] is None
                or not row.name
                or _TOTAL_RE.match(row.name)
                or firsts[i] <= 0
            ):
                continue
            total, kids = Decimal(0), []
            for j in range(i + 1, len(mine)):
                kid = mine[j]
                if kid.code or firsts[j] is None or _TOTAL_RE.match(kid.name) or kid.parent:
                    break
                total += firsts[j]
                kids.append(kid)
                if total == firsts[i] and len(kids) >= 2:
                    for k in kids:
                        k.parent = row.name
                    break
                if total > firsts[i]:
                    break


def _complete_codes(rows: list[tuple[_RowRead, int, int]]) -> None:
    """类/款/项 printed in their own columns where a row leaves the parent parts blank (「 | 03 | 」 under 205,
    「 | | 01」 under 20503): the blank leading parts are the rows' above (205 → 20503 → 2050301)."""
    last: list[str] = []
    for row, _, _ in rows:
        if not row.code_parts or not any(row.code_parts):
            continue
        parts = list(row.code_parts)
        if not parts[0] and last:
            first = next(i for i, p in enumerate(parts) if p)
            parts[:first] = last[:first]
            if any(not p for p in parts[:first]):
                continue  # nothing above to complete it from: left as printed
            row.code = "".join(parts)
        last = parts


_PERIOD_RE = re.compile(
    r"^(?:20\d\d年(?:度)?(?:预算数?|决算数?|预计数?)?|本年(?:预算)?|上年(?:预算)?|增减.*|比上年.*|变化.*)$"
)
ACROSS_KINDS = ("three_public", "admin_cost")  # the tables printed with their items across
_PERIOD_PREFIX_RE = re.compile(r"^(?:20\d\d年|本年|上年|增减|比上年|变化)")
_FUNDS = ("一般公共预算", "政府性基金预算", "国有资本经营预算", "财政拨款", "财政专户管理资金", "单位资金")


def _period(row: _RowRead) -> str | None:
    """The period a row of an across table stands for (「2026年」, 「增减变化金额」), or "" for an unlabelled row."""
    labels = [t for t in [row.name, *row.extra.split(" ")] if t]
    if not labels or all(_TOTAL_RE.match(t) or AMOUNT_HEADERS.match(t) for t in labels):
        return ""
    return next((t for t in labels if _PERIOD_RE.match(t)), None)


def _item_name(path: list[str], fallback: str) -> str:
    leaf = path[-1] if path else fallback
    group = path[-2] if len(path) >= 2 else ""
    if leaf in ("小计", "合计") and group and not re.search(r"三公|合计", group):
        return re.sub(r"(?:预算数?|决算数?)$", "", group)
    if leaf in ("小计", "合计") or re.search(r"(?:合计|总计)$", leaf):
        return "合计"  # 「“三公”经费合计」, 「总计」: the table's total
    if group and len(leaf) <= 4 and "公务用车" in group:
        return "公务用车" + leaf
    return re.sub(r"(?:预算数?|决算数?)$", "", leaf) or leaf


def _across(
    rows: list[tuple[_RowRead, int, int]], cols: list[_Column], kind: str
) -> list[tuple[_RowRead, int, int]] | None:
    """A table with its items across the columns and one row per period (Shanghai's 三公 table has one row;
    Shenzhen's has 2025年 / 2026年 / 增减, each item split by fund source): each item becomes a row named by its
    header, its figures in 合计 (or the fund's column); the latest year's row gives the plain columns, other
    periods prefix theirs (「2025年一般公共预算」)."""
    data = [(r, ln, pg) for r, ln, pg in rows if r.values]
    values = [c for c in cols if c.role == "value"]
    if kind not in ACROSS_KINDS or not data or len(data) > 4 or len(values) < 3 or any(c.side for c in cols):
        return None  # other tables with one 合计 row (an empty 政府性基金 table) keep their columns as columns
    periods = [_period(r) for r, _, _ in data]
    if any(p is None for p in periods) or (len(data) > 1 and not all(periods)):
        return None
    years = [int(y) for p in periods for y in _YEAR_RE.findall(p or "")]
    current = max(years) if years else None
    items: dict[str, _RowRead] = {}
    owner: dict[str, tuple[str, ...]] = {}  # the headings above each item's name
    where: dict[str, tuple[int, int]] = {}
    for (row, line, page), period in zip(data, periods):
        prefix = "" if not period or (current is not None and str(current) in period) else period
        by_col = {name: (hdr, v) for name, hdr, v in row.values}
        for c in values:
            if c.name not in by_col:
                continue
            hdr, v = by_col[c.name]
            path = [p for p in c.path if not AMOUNT_HEADERS.match(p)]
            fund = path[-1] if path and path[-1] in _FUNDS and len(path) >= 2 else ""
            name = _item_name(path[:-1] if fund else path, c.name)
            if name in owner and owner[name] != tuple(path[:-1] if fund else path)[:-1]:
                name = "".join(path[: -2 if fund else -1][-1:]) + name  # the same item under another heading
            owner.setdefault(name, tuple(path[:-1] if fund else path)[:-1])
            column = prefix + (COLUMN_ALIASES.get(fund, fund) if fund else "合计")
            read = items.setdefault(name, _RowRead("", "", name, [], row.raw, extra=period or ""))
            if column not in {col for col, _, _ in read.values}:
                read.values.append((column, f"{period}/{hdr}" if period else hdr, v))
            where.setdefault(name, (line, page))
    return [(r, *where[n]) for n, r in items.items()]


def _level(row: _RowRead, kind: str, by_code: dict[tuple[str, str], str]) -> tuple[str, str]:
    if row.code:
        level = {3: "类", 5: "款", 7: "项"}.get(len(row.code), "")
        parent = by_code.get((row.side, row.code[:-2]), "") if len(row.code) > 3 else ""
        return level, parent
    if _TOTAL_RE.match(row.name.replace(" ", "")):
        return "合计", ""
    if kind in ("project", "project_carryover", "project_econ") and _ORG_RE.search(row.name):
        return "单位", ""
    if kind in ("project", "project_carryover"):
        return "项目", ""
    if row.side and re.match(rf"^[{CN_DIGITS}]+、", row.name):
        return ("类" if row.side == "支出" else "来源"), ""
    return "", ""


# ------------------------------------------------------------------------------------------- identity

_UNIT_LABEL_RE = re.compile(
    r"(?:预算单位|编制单位|单位名称|部门名称|编制部门|预算主管部门|主管部门|填报单位)\s*[:：]\s*(?P<unit>[^\s:：]{2,40}?)(?:\s|(?:金额)?单位[:：]|$)"
)
_COVER_RE = re.compile(
    r"(?:20\d\d年度?)?(?P<unit>[\u4e00-\u9fff（）()]{2,40}?)(?P<year>20\d\d)?年?度?(?:区级|市级|省级|县级)?(?:部门|单位)(?:预算|决算)"
)


def identify(lines: list[Line], titles: list[str]) -> tuple[str, int, str]:
    """(unit, year, 部门预算/单位预算/…决算) as the document states them: a 预算单位：/编制单位：/部门名称： line, else
    the cover (「2026年度 / 福州市…管理中心 / 单位预算」, 「北京市审计局2026年度部门预算信息公开」); the year of the
    table titles, else the cover's."""
    units = [m.group("unit") for ln in lines for m in [_UNIT_LABEL_RE.search(ln.text)] if m]
    first_page = lines[0].page if lines else 1
    cover_text = "".join(ln.text for ln in lines[:12] if ln.page == first_page).replace(" ", "")
    cover = _COVER_RE.search(cover_text)
    if not units and cover:
        unit = re.sub(r"^(?:20\d\d年度?)", "", cover.group("unit"))
        if len(unit) >= 3 and not re.search(r"目录|部分|预算|^[一二三四五六七八九十]+、", unit):
            units = [unit]
    cover_years = [int(y) for y in re.findall(r"(20\d\d)年", cover_text)]
    years = [int(y) for t in titles for y in _YEAR_RE.findall(t)]
    years += cover_years
    if not years:
        years = [int(y) for ln in lines[:80] for y in _YEAR_RE.findall(ln.text)]
    unit = Counter(units).most_common(1)[0][0] if units else ""
    year = Counter(years).most_common(1)[0][0] if years else 0
    text = " ".join(ln.text for ln in lines[:200]) + " ".join(titles)
    final = text.count("决算") > text.count("预算")
    scope = "部门" if text.count("部门") >= text.count("单位预算") else "单位"
    return unit, year, scope + ("决算" if final else "预算")
