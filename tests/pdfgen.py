"""Synthetic 部门/单位预算公开 PDFs in several provincial templates, with exact cell-level ground truth.

    from pdfgen import render, TEMPLATES     # tests/ is on sys.path under pytest
    truth = render(7, "shanghai", "/tmp/x.pdf")

    python tests/pdfgen.py --seed 7 --template numbered --out /tmp/x.pdf [--truth /tmp/x.json]

The figures are docgen.generate(seed)'s budget (the same Budget and Tables docgen prints as text; render checks
that its tables reproduce doc.rows). Each template lays them out the way a family of real disclosures does:

national  表一…表十三 printed before the title on one line (「表三 2026年部门支出总表」), 万元 with two decimals and
          no thousands separator, every cell ruled, 7-digit codes in one 科目编码 column, two-sided 收支总表 and
          财政拨款收支总表 listing all 30 类, vertical 三公 table, 情况说明 (with the 三公 paragraph) before the
          tables, long tables repeat their header on the next page; 部门预算.
shanghai  unnumbered 「2026年预算单位…预算表」 titles (上海 district template), 「编制单位：X」 left and 「单位：元」 right,
          money in 元 with thousands separators except the 三公 table (万元), codes split in 类/款/项 columns,
          no ruling lines, blank cells print nothing, multi-level headers, 合计 rows last, horizontal 三公 and
          机关运行经费 table (one unlabelled data row), empty tables printed with 「无」 and 「注：…故本表为空表。」,
          all pages landscape, 三公 paragraph after the tables; 单位预算.
numbered  「公开01表」 on its own line above 「2026年部门收支总表」, 「单位：X」 left and 「单位：万元」 right, 万元 with
          thousands separators, codes printed 「201 03 01」 with indented names, only horizontal rules (top,
          under the header, bottom), zeros printed 0.00 in some places and blank in others, long tables continue on
          the next page without the header, a project table whose names wrap inside a narrow cell, running page
          header and 「- N -」 page numbers, an ambiguous leaf header (一般公共预算 under both 本年收入 and 上年结转);
          部门预算.

Truth schema (the one used for hand-read real PDFs):
    {"file", "unit", "year", "kind": "部门预算"|"单位预算",
     "tables": [{"title", "number", "page", "unit", "empty"}],
     "cells": [{"page", "table", "code", "name", "column", ["column_group"], "value", "unit", "side"}]}
`cells` holds every printed money cell in document order, plus the blank cells ("" value) of every logical row
that prints at least one value; a two-sided row is two logical rows (收入 and 支出 side). `table` is the title
without its 「YYYY年」 prefix, unique in the document. `column` is the printed leaf header; `column_group` (its
parent header) is given only where the leaf is ambiguous: the same leaf twice in a table side, or 「小计」.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import docgen  # noqa: E402
from docgen import CN_NUM, generate  # noqa: E402
from reportlab.lib.pagesizes import A4, landscape  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

TEMPLATES = ("national", "shanghai", "numbered")

FONT = "STSong-Light"
_FONT_READY = False


def _font() -> None:
    global _FONT_READY
    if not _FONT_READY:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        _FONT_READY = True


def sw(s: str, size: float) -> float:
    return pdfmetrics.stringWidth(s, FONT, size)


_TOKEN_RE = re.compile(r"[0-9A-Za-z.,%\-+/~]+|.", re.S)
_NO_LINE_START = set("，。、；：）》”％%!！?？")


def wrap(text: str, width: float, size: float, first_width: float | None = None, para: bool = False) -> list[str]:
    """Greedy line breaking: Latin/digit runs never break; in paragraphs no line starts with punctuation."""
    lines: list[str] = []
    cur, w = "", 0.0
    limit = first_width if first_width is not None else width
    for tok in _TOKEN_RE.findall(text):
        tw = sw(tok, size)
        if cur and w + tw > limit + 0.01 and not (para and tok[0] in _NO_LINE_START):
            lines.append(cur)
            cur, w, limit = "", 0.0, width
        cur += tok
        w += tw
    if cur:
        lines.append(cur)
    return lines or [""]


# ---------------------------------------------------------------------------------------------------------
# Table model
# ---------------------------------------------------------------------------------------------------------
@dataclass
class Col:
    """A leaf column. kind: label (wraps), code, text (wraps), money (never wraps)."""

    header: str
    kind: str = "money"
    side: str = ""
    w: float = 5.0  # nominal width in em (minimum for money/code, weight for labels)
    grow: bool = True  # labels: takes a share of the spare width
    group: str = ""  # parent header text (filled from the header tree)
    force_group: bool = False


@dataclass
class Grp:
    text: str
    kids: list


@dataclass
class Logical:
    side: str
    code: str
    name: str
    cols: tuple[int, ...]


@dataclass
class TRow:
    texts: list[str]
    logicals: list[Logical] = field(default_factory=list)
    indent: dict[int, float] = field(default_factory=dict)  # col → indent in em
    center: tuple[int, ...] = ()  # label cols printed centred


@dataclass
class TableSpec:
    key: str  # distinctive title phrase (title without its year)
    title: str
    number: str
    unit: str
    header: list  # tree of Col / Grp
    rows: list[TRow]
    empty: bool = False
    number_style: str = ""  # "inline" | "above" | ""
    unit_line: tuple[str, str] = ("", "")
    landscape: bool = False
    new_page: bool = True
    repeat_header: bool = True
    rules: str = "grid"  # grid | hrules | none
    size: float = 8.5
    row_h: float = 17.0
    notes: list[str] = field(default_factory=list)  # printed under the table
    max_lines: int = 1  # set when drawn: the most lines any row needed


def _leaves(tree: list, parent: str = "") -> list[Col]:
    out: list[Col] = []
    for node in tree:
        if isinstance(node, Col):
            node.group = parent
            out.append(node)
        else:
            out += _leaves(node.kids, node.text)
    return out


def _depth(tree: list) -> int:
    return max(1 if isinstance(n, Col) else 1 + _depth(n.kids) for n in tree)


def _hcells(tree: list, depth: int) -> list[tuple[str, int, int, int, int]]:
    """(text, row, col, rowspan, colspan) for every header cell."""
    out: list[tuple[str, int, int, int, int]] = []

    def walk(nodes: list, row: int, col: int) -> int:
        for n in nodes:
            if isinstance(n, Col):
                out.append((n.header, row, col, depth - row, 1))
                col += 1
            else:
                start = col
                col = walk(n.kids, row + 1, col)
                out.append((n.text, row, start, 1, col - start))
        return col

    walk(tree, 0, 0)
    return out


# ---------------------------------------------------------------------------------------------------------
# Page writer
# ---------------------------------------------------------------------------------------------------------
class Writer:
    def __init__(self, path: str, style: Style) -> None:
        _font()
        self.c = canvas.Canvas(path, pagesize=A4, pageCompression=1, invariant=1)
        self.st = style
        self.page = 0
        self.land = False
        self.W, self.H = A4
        self.y = 0.0

    # pages
    def new_page(self, land: bool = False) -> None:
        if self.page:
            self._end_page()
        self.land = land
        self.W, self.H = landscape(A4) if land else A4
        self.c.setPageSize((self.W, self.H))
        self.page += 1
        self.y = self.H - self.st.top
        if self.st.running_head and self.page > 1:
            self.text(self.st.running_head, self.left, self.H - 28, 8)
            self.c.setLineWidth(0.4)
            self.c.line(self.left, self.H - 32, self.right, self.H - 32)

    def _end_page(self) -> None:
        if self.st.page_no and self.page > 1:
            self.text(self.st.page_no.format(n=self.page - 1), self.W / 2, 22, 9, "C")
        self.c.showPage()

    def finish(self) -> None:
        self._end_page()
        self.c.save()

    @property
    def left(self) -> float:
        return self.st.margin

    @property
    def right(self) -> float:
        return self.W - self.st.margin

    def room(self) -> float:
        return self.y - self.st.bottom

    # text
    def text(self, s: str, x: float, y: float, size: float, align: str = "L") -> None:
        self.c.setFont(FONT, size)
        if align == "L":
            self.c.drawString(x, y, s)
        elif align == "R":
            self.c.drawRightString(x, y, s)
        else:
            self.c.drawCentredString(x, y, s)

    def heading(self, s: str, size: float = 12, align: str = "L", before: float = 6, after: float = 6) -> None:
        if self.room() < before + size * 3:
            self.new_page(self.land)
        self.y -= before + size
        x = {"L": self.left, "C": self.W / 2, "R": self.right}[align]
        self.text(s, x, self.y, size, align)
        self.y -= after

    def para(self, s: str, size: float = 10.5, indent: float = 2, lead: float = 1.7) -> None:
        width = self.right - self.left
        lines = wrap(s, width, size, first_width=width - indent * size, para=True)
        for i, ln in enumerate(lines):
            if self.room() < lead * size:
                self.new_page(self.land)
            self.y -= lead * size
            self.text(ln, self.left + (indent * size if i == 0 else 0), self.y, size)
        self.y -= size * 0.3

    def gap(self, h: float) -> None:
        self.y -= h


# ---------------------------------------------------------------------------------------------------------
# Drawing a table and recording its truth
# ---------------------------------------------------------------------------------------------------------
class Recorder:
    def __init__(self) -> None:
        self.tables: list[dict] = []
        self.cells: list[dict] = []


def _col_widths(spec: TableSpec, cols: list[Col], avail: float) -> list[float]:
    size, pad = spec.size, spec.size * 0.5
    widths = []
    for i, col in enumerate(cols):
        content = max([sw(r.texts[i], size) for r in spec.rows] + [0.0])
        if col.kind in ("money", "code"):
            widths.append(max(content + 2 * pad, col.w * size))
        else:
            widths.append(col.w * size)
    grow = [i for i, c in enumerate(cols) if c.kind in ("label", "text") and c.grow]
    spare = avail - sum(widths)
    if spare < 0:
        raise ValueError(f"{spec.title}: columns need {sum(widths):.0f}pt, page gives {avail:.0f}pt")
    targets = grow + [i for i, c in enumerate(cols) if c.kind == "money"]
    weight = sum(widths[i] for i in targets)
    for i in targets:
        widths[i] += spare * widths[i] / weight
    return widths


def _header_heights(cells, colx: list[float], depth: int, size: float) -> list[float]:
    lh, pad = size * 1.3, size * 0.9
    heights = [lh + pad] * depth
    for text, row, col, rs, cs in sorted(cells, key=lambda c: c[3]):
        width = colx[col + cs] - colx[col] - size * 0.6
        need = len(wrap(text, width, size)) * lh + pad
        have = sum(heights[row : row + rs])
        if need > have:
            heights[row + rs - 1] += need - have
    return heights


def draw_table(w: Writer, spec: TableSpec, rec: Recorder) -> None:
    cols = _leaves(spec.header)
    for r in spec.rows:
        assert len(r.texts) == len(cols), (spec.title, r.texts)
    depth = _depth(spec.header)
    hcells = _hcells(spec.header, depth)
    size = spec.size
    lh = size * 1.3
    W = (landscape(A4) if spec.landscape else A4)[0]
    avail = W - 2 * w.st.margin
    widths = _col_widths(spec, cols, avail)
    colx = [w.st.margin]
    for x in widths:
        colx.append(colx[-1] + x)
    hh = _header_heights(hcells, colx, depth, size)

    def row_lines(r: TRow) -> list[list[str]]:
        out = []
        for i, (t, c) in enumerate(zip(r.texts, cols)):
            if c.kind in ("label", "text") and t:
                ind = r.indent.get(i, 0) * size
                out.append(wrap(t, widths[i] - size * 0.8 - ind, size))
            else:
                out.append([t])
        return out

    laid = [(r, row_lines(r)) for r in spec.rows]
    heights = [max(spec.row_h, max(len(x) for x in ls) * lh + size * 0.9) for _, ls in laid]
    spec.max_lines = max([max(len(x) for x in ls) for _, ls in laid] + [1])

    title_size = w.st.title_size
    title_h = title_size * 2.2 + (size * 2.4 if spec.number_style == "above" else 0) + size * 2.0
    need = title_h + sum(hh) + sum(heights[:2]) + 10
    if spec.new_page or w.page == 0 or w.land != spec.landscape or w.room() < need:
        w.new_page(spec.landscape)
    else:
        w.gap(size * 2.5)

    # title block
    if spec.number_style == "above":
        w.y -= size * 1.4
        w.text(spec.number, w.left, w.y, size + 1.5)
        w.y -= size * 1.0
    w.y -= title_size * 1.4
    shown = f"{spec.number} {spec.title}" if spec.number_style == "inline" else spec.title
    w.text(shown, w.W / 2, w.y, title_size, "C")
    w.y -= title_size * 0.8
    lft, rgt = spec.unit_line
    if lft or rgt:
        w.y -= size * 1.5
        w.text(lft, w.left, w.y, size + 0.5)
        w.text(rgt, w.right, w.y, size + 0.5, "R")
        w.y -= size * 0.6
    rec.tables.append(
        {"title": spec.title, "number": spec.number, "page": w.page, "unit": spec.unit, "empty": spec.empty}
    )
    right_x = colx[-1]
    c = w.c

    def hline(y: float, width: float = 0.5) -> None:
        c.setLineWidth(width)
        c.line(colx[0], y, right_x, y)

    def header() -> None:
        top = w.y
        c.setLineWidth(0.5)
        for text, row, col, rs, cs in hcells:
            y0 = top - sum(hh[:row])
            y1 = y0 - sum(hh[row : row + rs])
            x0, x1 = colx[col], colx[col + cs]
            lines = wrap(text, x1 - x0 - size * 0.6, size)
            mid = (y0 + y1) / 2 + (len(lines) - 1) * lh / 2 - size * 0.35
            for k, ln in enumerate(lines):
                w.text(ln, (x0 + x1) / 2, mid - k * lh, size, "C")
            if spec.rules == "grid":
                c.rect(x0, y1, x1 - x0, y0 - y1)
        if spec.rules == "hrules":
            hline(top, 1.0)
            hline(top - sum(hh), 0.5)
        w.y = top - sum(hh)

    header()
    for (r, lines), h in zip(laid, heights):
        if w.y - h < w.st.bottom:
            if spec.rules == "hrules" and spec.repeat_header:
                hline(w.y, 1.0)
            w.new_page(spec.landscape)
            if spec.repeat_header:
                header()
        top, bot = w.y, w.y - h
        for i, col in enumerate(cols):
            x0, x1 = colx[i], colx[i + 1]
            ls = lines[i]
            if spec.rules == "grid":
                c.setLineWidth(0.5)
                c.rect(x0, bot, x1 - x0, h)
            if not ls or ls == [""]:
                continue
            first = (top + bot) / 2 + (len(ls) - 1) * lh / 2 - size * 0.35
            for k, ln in enumerate(ls):
                y = first - k * lh
                if col.kind == "money":
                    w.text(ln, x1 - size * 0.5, y, size, "R")
                elif i in r.center:
                    w.text(ln, (x0 + x1) / 2, y, size, "C")
                else:
                    w.text(ln, x0 + size * 0.4 + r.indent.get(i, 0) * size, y, size)
        w.y = bot
        for lg in r.logicals:
            vals = [r.texts[i] for i in lg.cols]
            if not any(vals):
                continue
            for i in lg.cols:
                col = cols[i]
                same = [
                    k for k, o in enumerate(cols) if o.kind == "money" and o.side == col.side and o.header == col.header
                ]
                cell = {
                    "page": w.page,
                    "table": spec.key,
                    "code": lg.code,
                    "name": _clean(lg.name),
                    "column": _clean(col.header),
                }
                if (len(same) > 1 or col.force_group) and col.group:
                    cell["column_group"] = _clean(col.group)
                cell.update({"value": r.texts[i], "unit": spec.unit, "side": lg.side})
                rec.cells.append(cell)
    if spec.rules == "hrules":
        hline(w.y, 1.0)
    for note in spec.notes:
        w.y -= size * 2.0
        for ln in wrap(note, right_x - colx[0], size + 0.5):
            w.text(ln, colx[0], w.y, size + 0.5)
            w.y -= size * 1.6
    w.gap(size)


def _clean(s: str) -> str:
    return re.sub(r"\s+", "", s)


# ---------------------------------------------------------------------------------------------------------
# Templates
# ---------------------------------------------------------------------------------------------------------
@dataclass
class Style:
    margin: float = 50
    top: float = 50
    bottom: float = 45
    title_size: float = 15
    running_head: str = ""
    page_no: str = ""


ECON_CODE = {
    "工资福利支出": "301",
    "商品和服务支出": "302",
    "对个人和家庭的补助": "303",
    "基本工资": "30101",
    "津贴补贴": "30102",
    "奖金": "30103",
    "绩效工资": "30107",
    "机关事业单位基本养老保险缴费": "30108",
    "职业年金缴费": "30109",
    "职工基本医疗保险缴费": "30110",
    "公务员医疗补助缴费": "30111",
    "其他社会保障缴费": "30112",
    "住房公积金": "30113",
    "其他工资福利支出": "30199",
    "办公费": "30201",
    "印刷费": "30202",
    "咨询费": "30203",
    "手续费": "30204",
    "水费": "30205",
    "电费": "30206",
    "邮电费": "30207",
    "取暖费": "30208",
    "物业管理费": "30209",
    "差旅费": "30211",
    "因公出国（境）费用": "30212",
    "维修（护）费": "30213",
    "会议费": "30215",
    "培训费": "30216",
    "公务接待费": "30217",
    "劳务费": "30226",
    "委托业务费": "30227",
    "工会经费": "30228",
    "福利费": "30229",
    "公务用车运行维护费": "30231",
    "其他交通费用": "30239",
    "其他商品和服务支出": "30299",
    "离休费": "30301",
    "退休费": "30302",
    "生活补助": "30305",
    "医疗费补助": "30307",
    "奖励金": "30309",
    "其他对个人和家庭的补助": "30399",
}


def wan(c: int, comma: bool = False) -> str:
    """Hundredths of 万元 → '1234.56' / '1,234.56'."""
    return f"{c // 100:,}.{c % 100:02d}" if comma else f"{c // 100}.{c % 100:02d}"


def yuan(c: int) -> str:
    """Hundredths of 万元 → 元 with separators: 123456 → '12,345,600.00'."""
    return f"{c * 100:,}.00"


def num(d: Decimal, comma: bool = False) -> str:
    """A narrative 万元 figure: '0', '1234.5' style as the facts hold it (two decimals)."""
    if d == 0:
        return "0"
    return f"{d:,}" if comma else str(d)


@dataclass
class Data:
    seed: int
    doc: docgen.GeneratedDoc
    b: docgen.Budget
    t: dict

    @property
    def y(self) -> int:
        return self.b.year

    def sums(self) -> dict[str, int]:
        b = self.b
        total, cf = b.sum_leaves("total"), b.sum_leaves("cf")
        gpb_cur = b.sum_leaves("basic") + b.sum_leaves("gpb")
        return {
            "total": total,
            "cf": cf,
            "cur": total - cf,
            "gpb_cur": gpb_cur,
            "gf": b.sum_leaves("gf"),
            "se": b.sum_leaves("se"),
            "basic": b.basic,
            "proj": total - b.basic,
            "fin": gpb_cur + b.sum_leaves("gf") + cf,
        }


def _data(seed: int) -> Data:
    doc = generate(seed)
    b = docgen._make_budget(seed, {})
    t = docgen.build_tables(b)
    rows = [r for no in range(1, 14) for r in docgen.table_truth(t[no])]
    if rows != doc.rows or b.unit != doc.unit or b.year != doc.year:
        raise RuntimeError("docgen's budget no longer matches generate(seed); pdfgen must be updated")
    return Data(seed, doc, b, t)


def _split_code(code: str) -> list[str]:
    return [code[:3], code[3:5], code[5:7]]


def _code_text(code: str, mode: str) -> str:
    return " ".join(p for p in _split_code(code) if p) if mode == "spaced" else code


def coded_rows(
    rows: list[docgen.Row],
    mode: str,
    fmt,
    zero=lambda level, k: "",
    total_last: bool = False,
    indent: bool = False,
    pick: tuple[int, ...] | None = None,
) -> list[TRow]:
    """Rows of a 功能分类 table. mode: one (7-digit column), split (类/款/项 columns), spaced ('201 03 01')."""
    ncode = 3 if mode == "split" else 1
    out = []
    for r in rows:
        vals = [r.values[k] for k in pick] if pick else list(r.values)
        texts = [fmt(v) if v else zero(r.level, k) for k, v in enumerate(vals)]
        code = r.code if r.level in ("类", "款", "项") else ""
        codes = (_split_code(code) if mode == "split" else [_code_text(code, mode)]) if code else [""] * ncode
        tr = TRow(codes + [r.name] + texts)
        tr.logicals.append(Logical("", code, r.name, tuple(range(ncode + 1, ncode + 1 + len(texts)))))
        if r.level == "合计":
            tr.center = (ncode,)
        if indent:
            tr.indent = {ncode: {"款": 1, "项": 2}.get(r.level, 0)}
        out.append(tr)
    if total_last and out and rows[0].level == "合计":
        out = out[1:] + out[:1]
    return out


def side_rows(lefts: list, rights: list, nl: int, nr: int) -> list[TRow]:
    """Two-sided rows: lefts/rights are lists of (name, [texts]) or None, already aligned."""
    out = []
    for lt, rt in zip(lefts, rights):
        ln, lv = lt if lt else ("", [""] * nl)
        rn, rv = rt if rt else ("", [""] * nr)
        tr = TRow([ln] + lv + [rn] + rv)
        if lt:
            tr.logicals.append(Logical("收入", "", ln, tuple(range(1, 1 + nl))))
        if rt:
            tr.logicals.append(Logical("支出", "", rn, tuple(range(2 + nl, 2 + nl + nr))))
        out.append(tr)
    return out


def _pad(xs: list, n: int) -> list:
    return xs + [None] * (n - len(xs))


def _empty_rows(ncols: int, label_col: int, filler: str = "", total: str = "合计") -> list[TRow]:
    rows = []
    if filler:
        t = [""] * ncols
        t[label_col] = filler
        rows.append(TRow(t))
    t = [""] * ncols
    t[label_col] = total
    rows.append(TRow(t, center=(label_col,)))
    return rows


# ----- national ------------------------------------------------------------------------------------------
def national(d: Data, w: Writer, rec: Recorder) -> None:
    b, t, y = d.b, d.t, d.y
    u = b.unit
    rng = random.Random(f"{d.seed}-pdf-national")
    f = lambda c: wan(c)  # noqa: E731
    m = lambda vals: [f(v) if v else "" for v in vals]  # noqa: E731
    line = (f"部门名称：{u}", "单位：万元")

    # cover, contents, narrative
    w.new_page()
    w.gap(180)
    w.heading(u, 22, "C")
    w.heading(f"{y}年部门预算", 26, "C", before=30)
    w.gap(220)
    w.heading(f"编制部门：{u}", 13, "C")
    w.heading(f"{y}年1月", 13, "C", before=4)
    w.new_page()
    w.heading("目  录", 16, "C", after=14)
    for item in [
        "第一部分 部门概况",
        f"第二部分 {y}年部门预算情况说明",
        f"第三部分 {y}年部门预算表",
        "第四部分 名词解释",
    ]:
        w.para(item, 11, indent=0)
    w.new_page()
    _items(w, docgen.overview(b, rng))
    fx = d.doc.facts
    tot = fx["totals"]
    w.heading(f"第二部分 {y}年部门预算情况说明", 14, "C", before=16, after=10)
    w.heading("一、收支预算总体情况", 11)
    w.para(
        f"{y}年{u}收入预算{num(tot['收入总计'])}万元，其中：本年收入{num(tot['本年收入'])}万元，上年结转"
        f"{num(tot['上年结转'])}万元。支出预算{num(tot['支出总计'])}万元，其中：基本支出{num(tot['基本支出'])}万元，"
        f"项目支出{num(tot['项目支出'])}万元。"
    )
    w.heading("二、一般公共预算当年拨款情况", 11)
    w.para(
        f"{y}年{u}一般公共预算当年拨款{num(tot['一般公共预算当年支出'])}万元，其中：人员经费"
        f"{num(tot['人员经费'])}万元，公用经费{num(tot['公用经费'])}万元。"
    )
    w.heading("三、“三公”经费预算情况", 11)
    w.para(_three_public_text(d, False))
    w.heading("四、机关运行经费预算情况", 11)
    w.para(f"{y}年{u}机关运行经费财政拨款预算{num(fx['admin_cost']['current'])}万元。")

    w.new_page()
    w.gap(250)
    w.heading(f"第三部分 {y}年部门预算表", 20, "C")

    def spec(no: int, title: str, header: list, rows: list[TRow], **kw) -> TableSpec:
        return TableSpec(
            title,
            f"{y}年{title}",
            docgen.TABLE_LABEL[no],
            "万元",
            header,
            rows,
            number_style="inline",
            unit_line=line,
            rules="grid",
            row_h=kw.pop("row_h", 19),
            **kw,
        )

    def code_hdr(cols: list) -> list:
        return [
            Grp("项目", [Col("科目编码", "code", w=4.5), Col("科目名称", "label", w=10)]),
            Grp(f"{y}年预算数", cols),
        ]

    # 表一
    p1 = t[1].pairs
    lefts = [(p.left.name, m(p.left.values)) if p.left else None for p in p1]
    rights = [(p.right.name, m(p.right.values)) if p.right and p.right.name else None for p in p1]
    hdr = [
        Grp("收入", [Col("项目", "label", "收入", 8), Col("预算数", side="收入")]),
        Grp(
            "支出",
            [
                Col("项目", "label", "支出", 10),
                Col("合计", side="支出"),
                Col("当年预算安排", side="支出"),
                Col("上年结转安排", side="支出"),
            ],
        ),
    ]
    specs = [spec(1, "部门收支总表", hdr, side_rows(lefts, rights, 1, 3), size=8, row_h=21)]
    # 表二
    specs.append(
        spec(
            2,
            "部门收入总表",
            [
                Grp("项目", [Col("科目编码", "code", w=4.5), Col("科目名称", "label", w=10)]),
                Col("合计"),
                Grp(
                    "本年收入",
                    [
                        Col("一般公共预算"),
                        Col("政府性基金预算"),
                        Col("国有资本经营预算"),
                        Col("财政专户管理资金"),
                        Col("单位资金"),
                    ],
                ),
                Col("上年结转"),
            ],
            coded_rows(t[2].rows, "one", f),
            landscape=True,
        )
    )
    specs.append(
        spec(
            3,
            "部门支出总表",
            code_hdr([Col("合计"), Col("基本支出"), Col("项目支出")]),
            coded_rows(t[3].rows, "one", f),
        )
    )
    # 表四
    p4 = t[4].pairs
    lefts = [(p.left.name, m(p.left.values)) if p.left else None for p in p4]
    rights = [(p.right.name, m(p.right.values)) if p.right and p.right.name else None for p in p4]
    hdr = [
        Grp("收入", [Col("项目", "label", "收入", 8), Col("预算数", side="收入")]),
        Grp(
            "支出",
            [
                Col("项目", "label", "支出", 10),
                Grp(
                    "预算数",
                    [
                        Col("小计", side="支出"),
                        Col("一般公共预算", side="支出"),
                        Col("政府性基金预算", side="支出"),
                        Col("国有资本经营预算", side="支出"),
                    ],
                ),
            ],
        ),
    ]
    specs.append(spec(4, "财政拨款收支总表", hdr, side_rows(lefts, rights, 1, 4), landscape=True, row_h=18))
    specs.append(
        spec(
            5,
            "一般公共预算支出表",
            code_hdr([Col("合计"), Col("基本支出"), Col("项目支出")]),
            coded_rows(t[5].rows, "one", f),
        )
    )
    # 表六
    rows6 = []
    for r in t[6].rows:
        tr = TRow([r.name, r.extra] + m(r.values), [Logical("", "", r.name, (2, 3, 4))])
        if r.level == "合计":
            tr.center = (0,)
        elif r.level == "econ":
            tr.indent = {0: 1}
        rows6.append(tr)
    specs.append(
        spec(
            6,
            "一般公共预算基本支出表",
            [
                Col("部门预算支出经济科目名称", "label", w=10),
                Col("政府预算支出经济科目名称", "text", w=8),
                Grp(f"{y}年预算数", [Col("合计"), Col("人员经费"), Col("公用经费")]),
            ],
            rows6,
        )
    )
    # 表七/八/九
    for no, title, tab, cols in (
        (7, "政府性基金预算收入表", t[7], [Col("政府性基金收入预算", w=8)]),
        (8, "政府性基金预算支出表", t[8], [Col("合计"), Col("基本支出"), Col("项目支出")]),
        (9, "国有资本经营预算支出表", t[9], [Col("合计"), Col("基本支出"), Col("项目支出")]),
    ):
        hdr = [
            Grp("项目", [Col("收入科目编码" if no == 7 else "科目编码", "code", w=5), Col("科目名称", "label", w=10)]),
            Grp(f"{y}年预算数", cols),
        ]
        if tab.rows:
            specs.append(spec(no, title, hdr, coded_rows(tab.rows, "one", f), new_page=no == 7))
        else:
            specs.append(
                spec(
                    no,
                    title,
                    hdr,
                    _empty_rows(2 + len(cols), 1),
                    empty=True,
                    notes=["注：本表无数据"],
                    new_page=no == 7,
                )
            )
    # 表十 (vertical 三公), 表十一
    four = [Col("合计"), Col("一般公共预算"), Col("政府性基金预算"), Col("国有资本经营预算")]
    rows10 = [
        TRow(
            [r.name] + m(r.values),
            [Logical("", "", r.name, (1, 2, 3, 4))],
            indent={0: 1} if r.name[0] in "①②" else {},
            center=(0,) if r.name == "合计" else (),
        )
        for r in t[10].rows
    ]
    specs.append(
        spec(10, "一般公共预算“三公”经费支出表", [Col("项目", "label", w=12), Grp(f"{y}年预算数", four)], rows10)
    )
    rows11 = [TRow([r.name] + m(r.values), [Logical("", "", r.name, (1, 2, 3, 4))]) for r in t[11].rows]
    specs.append(
        spec(
            11,
            "机关运行经费预算表",
            [
                Col("单位名称", "label", w=12),
                Grp(f"{y}年预算数", [Col("合计"), Col("一般公共预算"), Col("政府性基金预算"), Col("国有资本经营预算")]),
            ],
            rows11,
            new_page=False,
        )
    )
    # 表十二, 表十三
    for no, title, tab, cur in (
        (12, "项目支出预算表（本年预算）", t[12], True),
        (13, "项目支出预算表（上年结转）", t[13], False),
    ):
        fin = Grp("财政拨款", [Col("一般公共预算"), Col("政府性基金预算"), Col("国有资本经营预算")])
        hdr = [Col("项目名称", "label", w=14), Col("合计"), fin] + (
            [Col("财政专户管理资金"), Col("单位资金")] if cur else []
        )
        ncol = 7 if cur else 5
        if tab.rows:
            rows = [
                TRow(
                    [r.name] + m(r.values),
                    [Logical("", "", r.name, tuple(range(1, ncol)))],
                    indent={0: 0 if r.level == "unit" else 1},
                )
                for r in tab.rows
            ]
            specs.append(spec(no, title, hdr, rows, landscape=True))
        else:
            specs.append(
                spec(
                    no,
                    title,
                    hdr,
                    _empty_rows(ncol, 0, total="合计"),
                    empty=True,
                    notes=["注：本部门无上年结转项目支出，本表无数据。"],
                    landscape=True,
                )
            )
    for sp in specs:
        draw_table(w, sp, rec)
    w.para("注：表中金额单位为万元，由于四舍五入因素，部分分项加和与总计可能略有差异。", 9, indent=0)

    w.new_page()
    w.heading("第四部分 名词解释", 14, "C", after=10)
    for g in docgen.GLOSSARY[:5]:
        w.para(g, 10.5)


def _items(w: Writer, items: list[tuple[str, str]]) -> None:
    for kind, text in items:
        if kind == "h":
            w.heading(text, 14 if text.startswith("第") else 11, "C" if text.startswith("第") else "L")
        else:
            w.para(text)


def _three_public_text(d: Data, comma: bool) -> str:
    tp = d.doc.facts["three_public"]
    y = d.y
    ch = tp["change"]
    head = f"{y}年“三公”经费预算数为{num(tp['total'], comma)}万元"
    if ch["direction"] == "持平":
        head += f"，与{y - 1}年预算数持平。"
    else:
        head += f"，比{y - 1}年预算{ch['direction']}{num(ch['amount'], comma)}万元。"
    car = tp["公务用车购置费"] + tp["公务用车运行维护费"]
    return (
        head + f"其中：因公出国（境）费{num(tp['因公出国（境）费'], comma)}万元；公务用车购置及运行费"
        f"{num(car, comma)}万元，其中：公务用车购置费{num(tp['公务用车购置费'], comma)}万元，公务用车运行费"
        f"{num(tp['公务用车运行维护费'], comma)}万元；公务接待费{num(tp['公务接待费'], comma)}万元。"
    )


# ----- shanghai ------------------------------------------------------------------------------------------
def shanghai(d: Data, w: Writer, rec: Recorder) -> None:
    b, t, y, s = d.b, d.t, d.y, d.sums()
    u = b.unit
    rng = random.Random(f"{d.seed}-pdf-shanghai")
    fx = d.doc.facts
    m = lambda vals: [yuan(v) if v else "" for v in vals]  # noqa: E731
    line = (f"编制单位：{u}", "单位：元")

    w.new_page(True)
    w.gap(120)
    w.heading(f"{b.place}{y}年单位预算", 24, "C")
    w.gap(80)
    w.heading(f"预算单位：{u}", 14, "C")
    w.gap(30)
    w.heading("目  录", 14, "C", after=10)
    toc = [
        "一、单位主要职能",
        "二、单位机构设置",
        "三、名词解释",
        "四、单位预算编制说明",
        "五、单位预算表",
        "六、其他相关情况说明",
    ]
    for item in toc:
        w.para(item, 10.5, indent=12)
    w.new_page(True)
    ov = docgen.overview(b, rng)
    w.heading(f"{u}主要职能", 15, "C", after=10)
    for kind, text in ov[2:]:
        if text == "二、机构设置情况":
            w.heading(f"{u}机构设置", 15, "C", before=14, after=10)
        elif kind == "p":
            w.para(text)
    w.heading("名词解释", 15, "C", before=14, after=10)
    for g in docgen.GLOSSARY[:4]:
        w.para(g)
    w.heading(f"{y}年单位预算编制说明", 15, "C", before=14, after=10)
    tot = fx["totals"]
    ch = fx["change"]
    w.para(
        f"{y}年，{u}收入预算{num(tot['收入总计'])}万元，其中：财政拨款收入{num(tot['财政拨款总计'])}万元，"
        f"比{y - 1}年预算{ch['direction']}{num(ch['amount'])}万元。"
    )
    w.para(
        f"支出预算{num(tot['支出总计'])}万元，其中：基本支出{num(tot['基本支出'])}万元，项目支出"
        f"{num(tot['项目支出'])}万元。"
    )
    w.para("财政拨款支出主要内容如下：")
    items = [r for r in t[5].rows if r.level == "项"][:3]
    for i, r in enumerate(items, 1):
        cls, kuan = r.code[:3], r.code[:5]
        w.para(
            f"{i}、{docgen.CLASS_NAME[cls]}（{cls}类）{docgen.KUAN_NAME[kuan]}（{r.code[3:5]}款）{r.name}"
            f"（{r.code[5:]}项）{wan(r.values[0])}万元。"
        )

    def spec(title: str, header: list, rows: list[TRow], **kw) -> TableSpec:
        key = title
        return TableSpec(
            key,
            f"{y}年{title}",
            "",
            kw.pop("unit", "元"),
            header,
            rows,
            unit_line=kw.pop("line", line),
            landscape=True,
            rules="none",
            size=8,
            row_h=kw.pop("row_h", 16.5),
            **kw,
        )

    split_hdr = [
        Grp("功能分类科目编码", [Col("类", "code", w=3), Col("款", "code", w=3), Col("项", "code", w=3)]),
        Col("功能分类科目名称", "label", w=14),
    ]
    specs: list[TableSpec] = []
    # 财务收支预算总表
    classes = [r for r in t[3].rows if r.level == "类"]
    lefts = [
        ("一、财政拨款收入", m([s["gpb_cur"] + s["gf"]])),
        ("1、一般公共预算", m([s["gpb_cur"]])),
        ("2、政府性基金预算", m([s["gf"]])),
        ("3、国有资本经营预算", [""]),
        ("二、财政专户管理资金", [""]),
        ("三、单位资金", m([s["se"]])),
        ("四、上年结转", m([s["cf"]])),
    ]
    rights = [(f"{CN_NUM[i + 1]}、{r.name}", m(r.values)) for i, r in enumerate(classes)]
    n = max(len(lefts), len(rights)) + 3
    rows = side_rows(_pad(lefts, n), _pad(rights, n), 1, 3)
    rows += side_rows([("收入总计", m([s["total"]]))], [("支出总计", m([s["total"], s["basic"], s["proj"]]))], 1, 3)
    rows[-1].center = (0, 2)
    hdr = [
        Grp("本年收入", [Col("项目", "label", "收入", 10), Col("预算数", side="收入", w=7)]),
        Grp(
            "本年支出",
            [
                Col("项目", "label", "支出", 12),
                Grp(
                    "预算数",
                    [
                        Col("合计", side="支出", w=7),
                        Col("基本支出", side="支出", w=7),
                        Col("项目支出", side="支出", w=7),
                    ],
                ),
            ],
        ),
    ]
    specs.append(spec("预算单位财务收支预算总表", hdr, rows))
    # 收入预算总表
    hdr = [
        Grp("项目", split_hdr),
        Grp(
            "收入预算",
            [
                Col("合计"),
                Grp("财政拨款收入", [Col("一般公共预算"), Col("政府性基金预算"), Col("国有资本经营预算")]),
                Col("财政专户管理资金"),
                Col("单位资金"),
                Col("上年结转"),
            ],
        ),
    ]
    specs.append(spec("预算单位收入预算总表", hdr, coded_rows(t[2].rows, "split", yuan, total_last=True)))
    # 支出预算总表
    hdr = [Grp("项目", split_hdr), Grp("支出预算", [Col("合计", w=8), Col("基本支出", w=8), Col("项目支出", w=8)])]
    specs.append(spec("预算单位支出预算总表", hdr, coded_rows(t[3].rows, "split", yuan, total_last=True)))
    # 财政拨款收支预算总表
    fin_rights = [p.right for p in t[4].pairs[:30] if any(p.right.values)]
    lefts = [
        ("一、一般公共预算", m([s["gpb_cur"]])),
        ("二、政府性基金预算", m([s["gf"]])),
        ("三、国有资本经营预算", [""]),
        ("四、上年结转", m([s["cf"]])),
    ]
    rights = [(f"{CN_NUM[i + 1]}、{r.name.split('、', 1)[1]}", m(r.values)) for i, r in enumerate(fin_rights)]
    n = max(len(lefts), len(rights)) + 2
    rows = side_rows(_pad(lefts, n), _pad(rights, n), 1, 4)
    last = t[4].pairs[-1]
    rows += side_rows([("收入总计", m(last.left.values))], [("支出总计", m(last.right.values))], 1, 4)
    rows[-1].center = (0, 2)
    hdr = [
        Grp("财政拨款收入", [Col("项目", "label", "收入", 9), Col("预算数", side="收入", w=7)]),
        Grp(
            "财政拨款支出",
            [
                Col("项目", "label", "支出", 12),
                Col("合计", side="支出", w=7),
                Col("一般公共预算", side="支出", w=7),
                Col("政府性基金预算", side="支出", w=7),
                Col("国有资本经营预算", side="支出", w=7),
            ],
        ),
    ]
    specs.append(spec("预算单位财政拨款收支预算总表", hdr, rows))
    # 功能分类 tables
    three = lambda: [Col("合计", w=8), Col("基本支出", w=8), Col("项目支出", w=8)]  # noqa: E731
    specs.append(
        spec(
            "预算单位一般公共预算支出功能分类预算表",
            [Grp("项目", split_hdr), Grp("一般公共预算支出", three())],
            coded_rows(t[5].rows, "split", yuan, total_last=True),
        )
    )
    for title, head, tab, what in (
        ("预算单位政府性基金预算支出功能分类预算表", "政府性基金预算支出", t[8], "政府性基金预算"),
        ("预算单位国有资本经营预算支出功能分类预算表", "国有资本经营预算支出", t[9], "国有资本经营预算"),
    ):
        hdr = [Grp("项目", split_hdr), Grp(head, three())]
        if tab.rows:
            specs.append(spec(title, hdr, coded_rows(tab.rows, "split", yuan, total_last=True)))
        else:
            specs.append(
                spec(
                    title,
                    hdr,
                    _empty_rows(7, 3, filler="无"),
                    empty=True,
                    notes=[f"注：本单位{y}年无{what}财政拨款安排的预算，故本表为空表。"],
                )
            )
    # 经济分类
    rows = []
    for r in t[6].rows:
        code = ECON_CODE.get(r.name, "")
        tr = TRow([code[:3], code[3:], r.name] + m(r.values), [Logical("", code, r.name, (3, 4, 5))])
        if r.level == "合计":
            tr.center = (2,)
        rows.append(tr)
    rows = rows[1:] + rows[:1]
    hdr = [
        Grp(
            "项目",
            [
                Grp("经济分类科目编码", [Col("类", "code", w=3), Col("款", "code", w=3)]),
                Col("部门经济分类科目名称", "label", w=14),
            ],
        ),
        Grp("一般公共预算基本支出", [Col("合计", w=8), Col("人员经费", w=8), Col("公用经费", w=8)]),
    ]
    specs.append(spec("预算单位一般公共预算基本支出部门预算经济分类预算表", hdr, rows))
    # 三公 + 机关运行经费: one row, items across
    tp = {r.name: r.values[0] or 0 for r in t[10].rows}
    vals = [
        tp["合计"],
        tp["因公出国（境）费"],
        tp["公务接待费"],
        tp["公务用车购置及运行费"],
        tp["①公务用车购置费"],
        tp["②公务用车运行维护费"],
        b.public,
    ]
    hdr = [
        Grp(
            "“三公”经费预算数",
            [
                Col("合计", w=6),
                Col("因公出国(境)费", w=6),
                Col("公务接待费", w=6),
                Grp(
                    "公务用车购置及运行费", [Col("小计", w=6, force_group=True), Col("购置费", w=6), Col("运行费", w=6)]
                ),
            ],
        ),
        Col("机关运行经费预算数", w=6),
    ]
    row = TRow([wan(v) for v in vals], [Logical("", "", "", tuple(range(7)))])
    specs.append(
        spec(
            "单位“三公”经费和机关运行经费预算表",
            hdr,
            [row],
            unit="万元",
            line=(f"编制单位：{u}", "单位:万元"),
            row_h=40,
        )
    )
    for sp in specs:
        draw_table(w, sp, rec)

    w.new_page(True)
    w.heading("其他相关情况说明", 15, "C", after=10)
    w.heading(f"一、{y}年“三公”经费预算情况说明", 10.5)
    w.para(_three_public_text(d, False))
    w.heading("二、机关运行经费预算", 10.5)
    w.para(f"{y}年{u}财政拨款的机关运行经费预算为{num(fx['admin_cost']['current'])}万元。")
    pr = fx["procurement"]
    w.heading("三、政府采购预算情况", 10.5)
    w.para(
        f"{y}年度本单位政府采购预算{num(pr['total'])}万元，其中：政府采购货物预算{num(pr['goods'])}万元、政府采购工程预算"
        f"{num(pr['works'])}万元、政府采购服务预算{num(pr['services'])}万元。"
    )
    v = fx["vehicles"]
    w.heading("四、国有资产占有使用情况", 10.5)
    w.para(
        f"截至{y - 1}年8月31日，{u}共有车辆{v['实有']}辆，其中：机要通信用车{v['机要通信用车']}辆、应急保障用车"
        f"{v['应急保障用车']}辆、执法执勤用车{v['执法执勤用车']}辆。"
    )


# ----- numbered ------------------------------------------------------------------------------------------
def numbered(d: Data, w: Writer, rec: Recorder) -> None:
    b, t, y, s = d.b, d.t, d.y, d.sums()
    u = b.unit
    rng = random.Random(f"{d.seed}-pdf-numbered")
    fx = d.doc.facts
    f = lambda c: wan(c, True)  # noqa: E731
    z = f(0)
    m = lambda vals, zero="": [f(v) if v else zero for v in vals]  # noqa: E731
    line = (f"单位：{u}", "单位：万元")

    w.new_page()
    w.gap(170)
    w.heading(f"{y}年度", 22, "C")
    w.heading(u, 24, "C", before=20)
    w.heading("部门预算", 24, "C", before=20)
    w.gap(200)
    w.heading(f"编制部门：{u}", 12, "C")
    w.new_page()
    _items(w, docgen.overview(b, rng))

    w.new_page()
    w.gap(200)
    w.heading("第二部分", 20, "C")
    w.heading(f"{y}年度", 20, "C", before=10)
    w.heading(u, 20, "C", before=10)
    w.heading("部门预算表", 20, "C", before=10)

    no = iter(range(1, 40))

    def spec(title: str, header: list, rows: list[TRow], **kw) -> TableSpec:
        return TableSpec(
            title,
            f"{y}年{title}",
            f"公开{next(no):02d}表",
            "万元",
            header,
            rows,
            number_style="above",
            unit_line=line,
            rules="hrules",
            repeat_header=False,
            row_h=kw.pop("row_h", 17),
            **kw,
        )

    code_cols = lambda: [Col("科目编码", "code", w=5), Col("科目名称", "label", w=12)]  # noqa: E731
    specs: list[TableSpec] = []
    # 公开01 收支总表 (single money column per side, all 30 类)
    lefts = [
        ("一、一般公共预算拨款收入", [f(s["gpb_cur"]) if s["gpb_cur"] else z]),
        ("二、政府性基金预算拨款收入", [f(s["gf"]) if s["gf"] else z]),
        ("三、国有资本经营预算拨款收入", [z]),
        ("四、财政专户管理资金收入", [z]),
        ("五、单位资金", [f(s["se"]) if s["se"] else z]),
    ]
    rights = [(p.right.name, m(p.right.values[:1])) for p in t[1].pairs[:30]]
    rows = side_rows(_pad(lefts, 30), rights, 1, 1)
    rows += side_rows(
        [("本年收入合计", m([s["cur"]])), ("上年结转", m([s["cf"]], z)), ("收入总计", m([s["total"]]))],
        [("本年支出合计", m([s["total"]])), ("年终结转", [""]), ("支出总计", m([s["total"]]))],
        1,
        1,
    )
    for r in rows[-3:]:
        r.center = (0, 2)
    hdr = [
        Grp("收入", [Col("项目", "label", "收入", 11), Col("预算数", side="收入", w=6)]),
        Grp("支出", [Col("项目", "label", "支出", 12), Col("预算数", side="支出", w=6)]),
    ]
    specs.append(spec("部门收支总表", hdr, rows, size=8.5, row_h=18))
    # 公开02 收入总表 (一般公共预算 under both 本年收入 and 上年结转)
    hdr = [
        Grp("项目", code_cols()),
        Col("合计"),
        Grp(
            "本年收入",
            [
                Col("一般公共预算"),
                Col("政府性基金预算"),
                Col("国有资本经营预算"),
                Col("财政专户管理资金"),
                Col("单位资金"),
            ],
        ),
        Grp("上年结转", [Col("一般公共预算")]),
    ]
    specs.append(spec("部门收入总表", hdr, coded_rows(t[2].rows, "spaced", f, indent=True), landscape=True))
    # 公开03 支出总表
    hdr = [Grp("项目", code_cols()), Col("合计"), Col("基本支出"), Col("项目支出")]
    specs.append(spec("部门支出总表", hdr, coded_rows(t[3].rows, "spaced", f, indent=True)))
    # 公开04 财政拨款收支总表, Suzhou-like: long, continues without its header
    p4 = t[4].pairs
    fin_tot = p4[-1].right.values
    lefts = [
        ("一、本年收入", [f(s["gpb_cur"] + s["gf"])]),
        ("（一）一般公共预算拨款", [f(s["gpb_cur"]) if s["gpb_cur"] else z]),
        ("（二）政府性基金预算拨款", [f(s["gf"]) if s["gf"] else z]),
        ("（三）国有资本经营预算拨款", [z]),
        ("二、上年结转", [f(s["cf"]) if s["cf"] else z]),
        ("（一）一般公共预算拨款", [f(s["cf"]) if s["cf"] else z]),
        ("（二）政府性基金预算拨款", [z]),
        ("（三）国有资本经营预算拨款", [z]),
    ]
    rights = [("一、本年支出", m(next(p.right.values for p in p4 if p.right and p.right.name == "本年支出合计")))]
    rights += [
        (f"（{CN_NUM[i + 1]}）{p.right.name.split('、', 1)[1]}", m(p.right.values)) for i, p in enumerate(p4[:30])
    ]
    rights.append(("二、年终结转", [""] * 4))
    rows = side_rows(_pad(lefts, len(rights)), rights, 1, 4)
    rows += side_rows([("收入总计", [f(s["fin"])])], [("支出总计", m(fin_tot))], 1, 4)
    rows[-1].center = (0, 2)
    hdr = [
        Grp("收入", [Col("项目", "label", "收入", 10), Col("预算数", side="收入")]),
        Grp(
            "支出",
            [
                Col("项目", "label", "支出", 13),
                Col("合计", side="支出"),
                Col("一般公共预算", side="支出"),
                Col("政府性基金预算", side="支出"),
                Col("国有资本经营预算", side="支出"),
            ],
        ),
    ]
    specs.append(spec("财政拨款收支总表", hdr, rows, landscape=True))
    # 公开05 一般公共预算支出表
    hdr = [Grp("项目", code_cols()), Grp("一般公共预算支出", [Col("合计"), Col("基本支出"), Col("项目支出")])]
    specs.append(spec("一般公共预算支出表", hdr, coded_rows(t[5].rows, "spaced", f, indent=True)))
    # 公开06 一般公共预算基本支出表: zeros 0.00 in the 合计 and group rows, blank in item rows
    rows = []
    for r in t[6].rows:
        code = ECON_CODE.get(r.name, "")
        zero = z if r.level in ("合计", "group") else ""
        tr = TRow([_code_text(code, "spaced"), r.name] + m(r.values, zero), [Logical("", code, r.name, (2, 3, 4))])
        if r.level == "合计":
            tr.center = (1,)
        elif r.level == "econ":
            tr.indent = {1: 1}
        rows.append(tr)
    hdr = [
        Grp("部门预算支出经济分类科目", [Col("科目编码", "code", w=5), Col("科目名称", "label", w=12)]),
        Grp(f"{y}年一般公共预算基本支出", [Col("合计"), Col("人员经费"), Col("公用经费")]),
    ]
    specs.append(spec("一般公共预算基本支出表", hdr, rows))
    # 公开07/08 政府性基金, 国有资本经营 (often empty; share a page when they fit)
    for title, tab, note in (
        ("政府性基金预算支出表", t[8], "注：本部门无政府性基金预算，也没有使用政府性基金安排的支出，故本表无数据。"),
        ("国有资本经营预算支出表", t[9], "注：本部门无国有资本经营预算支出，故本表无数据。"),
    ):
        hdr = [Grp("项目", code_cols()), Col("合计"), Col("基本支出"), Col("项目支出")]
        if tab.rows:
            specs.append(spec(title, hdr, coded_rows(tab.rows, "spaced", f, indent=True), new_page=title[0] == "政"))
        else:
            specs.append(spec(title, hdr, _empty_rows(5, 1), empty=True, notes=[note], new_page=title[0] == "政"))
    # 公开09 三公 (vertical, one value column, zeros printed 0.00)
    tp = {r.name: r.values[0] or 0 for r in t[10].rows}
    items = [
        ("合计", "合计", 0),
        ("1.因公出国（境）费", "因公出国（境）费", 0),
        ("2.公务用车购置及运行费", "公务用车购置及运行费", 0),
        ("(1)公务用车购置费", "①公务用车购置费", 1),
        ("(2)公务用车运行费", "②公务用车运行维护费", 1),
        ("3.公务接待费", "公务接待费", 0),
    ]
    rows = [
        TRow(
            [name, f(tp[key]) if tp[key] else z],
            [Logical("", "", name, (1,))],
            indent={0: ind},
            center=(0,) if name == "合计" else (),
        )
        for name, key, ind in items
    ]
    specs.append(spec("一般公共预算“三公”经费支出表", [Col("项目", "label", w=16), Col(f"{y}年预算数", w=8)], rows))
    # 公开10 机关运行经费 (0.00 in the fund columns)
    rows = [
        TRow([r.name] + [f(v) if v else z for v in r.values], [Logical("", "", r.name, (1, 2, 3, 4))])
        for r in t[11].rows
    ]
    specs.append(
        spec(
            "一般公共预算机关运行经费支出表",
            [
                Col("单位名称", "label", w=12),
                Col("合计"),
                Col("一般公共预算"),
                Col("政府性基金预算"),
                Col("国有资本经营预算"),
            ],
            rows,
            new_page=False,
        )
    )
    # 公开11 项目支出表: narrow name column, names wrap onto two lines
    rows = []
    for i, r in enumerate(t[12].rows):
        code = b.projects[i - 1].code if i else ""
        v = r.values
        rows.append(
            TRow(
                [r.name, _code_text(code, "spaced")] + m([v[0], v[1], v[2], v[5]]),
                [Logical("", code, r.name, (2, 3, 4, 5))],
                indent={0: 0 if i == 0 else 1},
            )
        )
    longest = max(sw(r.name, 9) for r in t[12].rows) / 9
    hdr = [
        Col("项目名称", "label", w=max(9.0, longest / 2 + 2.5), grow=False),
        Col("功能科目编码", "code", w=5),
        Col("合计", w=7),
        Col("一般公共预算", w=7),
        Col("政府性基金预算", w=7),
        Col("单位资金", w=7),
    ]
    specs.append(spec("项目支出表", hdr, rows, size=9))
    for sp in specs:
        draw_table(w, sp, rec)
        if sp.key == "一般公共预算“三公”经费支出表":
            w.para(
                "说明：“三公”经费包括因公出国（境）费、公务用车购置及运行费和公务接待费，本表按一般公共预算财政拨款口径填列。",
                9.5,
                indent=0,
            )

    w.new_page()
    w.heading(f"第三部分 {y}年度部门预算情况说明", 14, "C", after=10)
    tot = fx["totals"]
    w.heading("一、收支预算总体情况", 11)
    w.para(
        f"按照综合预算的原则，{u}所有收入和支出均纳入部门预算管理。收入包括：一般公共预算拨款收入、政府性基金预算拨款收入、"
        f"单位资金和上年结转。{y}年收入预算{num(tot['收入总计'], True)}万元，支出预算{num(tot['支出总计'], True)}万元。"
    )
    w.heading("二、财政拨款收支预算情况", 11)
    w.para(f"{y}年度财政拨款收支总预算{num(tot['财政拨款总计'], True)}万元。")
    w.heading("三、一般公共预算“三公”经费预算情况", 11)
    w.para(_three_public_text(d, True))
    w.heading("四、机关运行经费预算情况", 11)
    w.para(f"{y}年本部门机关运行经费预算{num(fx['admin_cost']['current'], True)}万元。")
    w.heading("第四部分 名词解释", 14, "C", before=16, after=10)
    for g in docgen.GLOSSARY[:3]:
        w.para(g)


_TEMPLATE = {
    "national": (
        national,
        "部门预算",
        lambda u, y: Style(margin=45, top=50, bottom=50, title_size=15, page_no="— {n} —"),
    ),
    "shanghai": (shanghai, "单位预算", lambda u, y: Style(margin=40, top=40, bottom=36, title_size=15)),
    "numbered": (
        numbered,
        "部门预算",
        lambda u, y: Style(
            margin=42, top=52, bottom=46, title_size=16, running_head=f"{u}{y}年度部门预算公开", page_no="- {n} -"
        ),
    ),
}


def render(seed: int, template: str, path: str) -> dict:
    """Write generate(seed)'s disclosure as a PDF in `template` to `path`; return its truth."""
    if template not in _TEMPLATE:
        raise ValueError(f"unknown template {template!r}; known: {', '.join(TEMPLATES)}")
    d = _data(seed)
    build, kind, style = _TEMPLATE[template]
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    w = Writer(str(path), style(d.b.unit, d.y))
    w.c.setTitle(f"{d.b.unit}{d.y}年{kind}")
    rec = Recorder()
    build(d, w, rec)
    w.finish()
    keys = [c["table"] for c in rec.cells]
    titles = [tb["title"] for tb in rec.tables]
    for key in set(keys):
        assert sum(key in ti for ti in titles) == 1, key
    return {
        "file": Path(path).name,
        "unit": d.b.unit,
        "year": d.y,
        "kind": kind,
        "tables": rec.tables,
        "cells": rec.cells,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write a synthetic budget-disclosure PDF and its ground truth.")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--template", choices=TEMPLATES, default="national")
    ap.add_argument("--out", required=True, help="path of the PDF")
    ap.add_argument("--truth", help="path of the truth JSON (default: none)")
    args = ap.parse_args(argv)
    truth = render(args.seed, args.template, args.out)
    if args.truth:
        Path(args.truth).write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(
        f"{args.out}: {truth['unit']} {truth['year']} {args.template}, {len(truth['tables'])} tables, "
        f"{len(truth['cells'])} cells",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
