"""A PDF table grid's header and columns (app.ingest.grid_table reads tables with them): the header is the
rows above the first row of figures or codes; each column's header is the path of the header cells that cover
it (merged cells span); each column is a code, label, value, note or blank column, a label column right of a
value column opening the second side of a two-sided table (收入 | 支出); value columns get the national
vocabulary's names (合计, 基本支出 …), unique per side. Also a cell's text as one string, and whether it is a figure.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from app.catalogue import AMOUNT_HEADERS, COLUMN_ALIASES
from app.ingest.pdf_page import Grid
from app.numbers import is_amount, normalize_digits

_TOTAL_RE = re.compile(r"^(?:(?:本年|本期)?(?:收入|支出|收支)?(?:合计|总计|小计)|部门合计|单位合计|总计|合计)$")
_CODE_RE = re.compile(r"^\[?\s*(\d{3})(?:\s*(\d{2}))?(?:\s*(\d{2}))?\s*\]?$")

_CODE_HEADER_RE = re.compile(r"编码|代码|^类$|^款$|^项$|编号")

_COUNT_HEADER_RE = re.compile(r"^(?:采购|购置|计划)?(?:数量|台数|辆数|套数|个数|人数)(?:[（(][^）)]*[）)])?$")
_TEXT_HEADER = r"名称|科目$|项目$|单位$|内容$|规格|型号|目录$|时间$|日期$|方式$"  # a blank column of words, not figures

_COLUMN_NUMBERS_RE = re.compile(r"^(?:栏次|行次|\*+|\d{1,2}|[A-Z甲乙丙丁])$")


@dataclass
class _Column:
    index: int
    path: tuple[str, ...]
    role: str = "value"  # code / label / value
    name: str = ""  # canonical
    side: str = ""
    part: int = 0  # which (labels, figures) group of the row: 收支总表 may print 支出 by 功能 and by 经济科目 beside
    primary: bool = False  # of two label columns, the finer one (北京: 部门 30201-办公费 beside 政府 50201-办公经费)


def _clean(text: str) -> str:
    """A cell's text as one string: wrapped lines joined (no space between CJK pieces)."""
    parts = [p.strip() for p in text.replace("\r", "\n").split("\n") if p.strip()]
    out = ""
    for p in parts:
        out += ("" if not out or not (out[-1].isascii() and p[0].isascii()) else " ") + p
    return re.sub(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])", "", out).strip()


def _is_data_text(text: str) -> bool:
    t = normalize_digits(text.replace(" ", ""))
    return is_amount(t) and not re.fullmatch(r"(?:19|20)\d\d", t)


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


def _columns(grid: Grid, header_rows: list[int], first_body: int, kind: str = "") -> list[_Column]:
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
        elif _COUNT_HEADER_RE.match(leaf):
            col.role = "note"  # a count (数量 86) is no sum of money: never read in the table's 万元
        elif texts and amounts >= max(1, len(texts) - amounts) and not re.search(r"名称|项目$|科目$", leaf):
            col.role = "value"
        elif not texts and re.search(r"备注|说明|绩效目标|用途", leaf):
            col.role = "note"
        elif not texts and leaf and (not re.search(_TEXT_HEADER, leaf) or re.match(r"其中|含", leaf)):
            col.role = "value"  # a column printed all blank under a figure header (因公出国(境)费, 小计, 其中：…项目)
        elif not texts and not leaf:
            col.role = "blank"
        else:
            col.role = "label"

    # a figure column without a header, beside an empty column that has one: the header was printed off-centre
    # (「合计」 left of its 8.26 in a horizontal 三公 table) and is the figure column's
    def printed(c: int) -> bool:
        return any(
            (cell := grid.at(r, c)) is not None and cell.c0 == c and _clean(cell.text)
            for r in range(first_body, grid.n_rows)
        )

    for col in cols:
        if col.role != "value" or col.path or not printed(col.index):
            continue
        for k in (col.index - 1, col.index + 1):
            near = cols[k] if 0 <= k < len(cols) else None
            if near is not None and near.role in ("blank", "value") and near.path and not printed(k):
                col.path, near.path, near.role = near.path, (), "blank"
                break
    # 「小计」 under a group header printed centred over the columns it sums (公务用车购置及运行费: 小计 购置费 运行费)
    # is that group's subtotal, though the header text stands over the next column only
    for col, nxt in zip(cols, cols[1:]):
        if col.path and col.path[-1] == "小计" and len(nxt.path) >= 2 and nxt.path[-2] not in col.path:
            col.path = (*nxt.path[:-1], "小计")
    # text columns after the last value column are notes (绩效目标, 备注), not a second side
    last_value = max((c.index for c in cols if c.role == "value"), default=-1)
    for col in cols:
        if col.index > last_value and col.role == "label":
            col.role = "note"
    # two label columns (政府 | 部门 经济分类科目): the one with more distinct names names the row
    labels = [c for c in cols if c.role == "label"]
    if len(labels) >= 2:
        distinct = {
            c.index: len({_clean(x.text) for r in range(first_body, grid.n_rows) if (x := grid.at(r, c.index))})
            for c in labels
        }
        finest = max(labels, key=lambda c: (distinct[c.index], -c.index))
        finest.primary = distinct[finest.index] > distinct[labels[0].index]
    # sides: a label column right of a value column opens the next side
    side_no, seen_value = 0, False
    for col in cols:
        if col.role in ("label", "code") and seen_value:
            side_no, seen_value = side_no + 1, False
        if col.role == "value":
            seen_value = True
        col.side, col.part = str(side_no), side_no
    if side_no and kind in _ONE_LIST_KINDS:
        for col in cols:  # text columns among the figures (规格型号, 采购时间): more of the same row, not a new list
            col.side, col.part = "0", 0
    n_sides = int(cols[-1].side) + 1 if cols else 1
    if n_sides > 2:  # 支出 printed in several views side by side: a figure's header names its view (支出功能分类科目)
        labels = {k.part: k.path for k in reversed(cols) if k.role == "label"}
        for col in cols:
            mine = labels.get(col.part, ())
            view = next(
                (p for p in mine if p not in col.path and all(p not in v for v in labels.values() if v != mine)), ""
            )
            if col.role == "value" and view:
                col.path = (*col.path[:-1], view, *col.path[-1:])
    for col in cols:
        if n_sides == 1:
            col.side = ""
        else:
            path = "".join(k.path[0] for k in cols if k.side == col.side and k.path)
            col.side = "支出" if ("支出" in path and "收入" not in path) or col.side != "0" else "收入"
    return cols


# tables whose rows are items with attributes (采购目录, 规格型号, 数量, 采购时间, 预算金额): text after a figure is
# more of the same row, never a second list beside the first
_ONE_LIST_KINDS = ("procurement", "purchase_service")


_YEAR_GROUP_RE = re.compile(r"^(20\d\d)年度?(?:预算数?|预算安排)?$")
_CHANGE_GROUP_RE = re.compile(r"增减|变化|比上年|增长|增幅")


def _eras(cols: list[_Column]) -> dict[int, str]:
    """Columns grouped under years (「2018年 | 2019年 | 增减变化情况」 over the same items): the latest year's are
    the budget's own (no prefix), an earlier year's are named with it (「2018年公务接待费」), the change's with
    「增减」. Tables without two year groups: none."""
    years = {
        c.index: int(m.group(1)) for c in cols for p in c.path[:-1] if (m := _YEAR_GROUP_RE.match(p.replace(" ", "")))
    }
    if len(set(years.values())) < 2:
        return {}
    latest = max(years.values())
    out = {i: f"{y}年" for i, y in years.items() if y != latest}
    for c in cols:
        if c.index not in years and any(_CHANGE_GROUP_RE.search(p) for p in c.path[:-1]):
            out[c.index] = "增减"
    return out


def _name_columns(cols: list[_Column], kind: str) -> None:
    """Canonical names of the value columns, unique per side (per group of labels and figures)."""
    eras = _eras(cols)
    leaves = {c.path[-1] for c in cols if c.path}
    for c in cols:  # a header clipped inside its bracket (「因公出国（」) reads as the same header printed whole
        if c.path and re.search(r"[（(][^）)]*$", c.path[-1]):
            whole = [w for w in leaves if w != c.path[-1] and w.startswith(c.path[-1])]
            if len(whole) == 1:
                c.path = (*c.path[:-1], whole[0])
    for part, era in {(c.part, eras.get(c.index, "")) for c in cols}:
        values = [c for c in cols if c.role == "value" and c.part == part and eras.get(c.index, "") == era]
        side = values[0].side if values else ""
        used: Counter[str] = Counter()
        for c in values:
            leaf = re.sub(r"^(?:其中|含)[:：]?", "", c.path[-1]) if c.path else ""
            group = c.path[-2] if len(c.path) >= 2 else ""
            if leaf == "小计" and group and not _TOTAL_RE.match(group) and c is not values[0]:
                leaf = group  # 「一般公共预算拨款 / 小计」 (西安's 收入总表), 「基本支出 / 小计」 (重庆): the group's total
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
            c.name = era + name
