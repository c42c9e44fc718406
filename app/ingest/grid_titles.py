"""What the text around a PDF's grids says (app.ingest.grid assembles tables with it): a table's title and
printed number (表1 / 公开01表 / 预算01表 / 一、… / unnumbered), its 单位 line, the leading rows of a ruled frame
that hold them rather than the table, the table numbers the 目录 lists, and the document's identity (unit, year,
部门/单位 预算/决算) from its 预算单位： line or cover.
"""

from __future__ import annotations

import re
from collections import Counter

from app.catalogue import table_kind
from app.ingest.grid_columns import _clean, _is_data_text
from app.ingest.pdf_page import Grid, TextLine
from app.ingest.scan import toc_grid_tail
from app.models import Line
from app.numbers import cn_to_int

_NUMBER_LABEL_RE = re.compile(
    r"^\s*+(?:(?:(?:部门|单位|预算)?公开表|附表|表)\s*[-－]?\s*0*(?P<a>\d{1,2}|[一二三四五六七八九十]{1,3})(?:[-－]\d{1,2})?"
    r"|(?:部门|单位|预算|公开|收支|基本)?\s*0*(?P<b>\d{1,2})\s*表)\s*[:：、.．]?\s*"
)
_ORDINAL_RE = re.compile(r"^\s*+(?P<n>[一二三四五六七八九十]{1,3})\s*[、.．]\s*")
# 「单位：万」 at a line's end: 「元」 wrapped below (a right-hand cell too narrow), still 万元
_UNIT_RE = re.compile(r"(?:金额)?单位\s*[:：]\s*(千元|万元|亿元|元|[千万亿](?=\s*$))")
_NOT_TITLE_RE = re.compile(
    r"^\s*+(?:第[一二三四五六七八九十]+部分|注|说明|备注|(?:金额)?单位\s*[:：]|编制单位|单位名称|部门名称|预算单位|编制部门|填报单位|主管部门)"
)

_YEAR_RE = re.compile(r"(20\d\d)\s*年")


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
                unit = unit or m.group(1).rstrip("元") + "元"
                continue
            if not is_title_text(piece):
                continue
            n, rest = split_title(piece)
            if n and not number:
                number, printed = n, printed_label(piece)
            if rest and not title:
                title = rest
    return title, number, unit, printed


# ------------------------------------------------------------------------------------------- identity

_UNIT_LABEL_RE = re.compile(
    r"(?:预算单位|编制单位|单位名称|部门名称|编制部门|预算主管部门|主管部门|填报单位)\s*[:：]\s*(?P<unit>[^\s:：]{2,40}?)(?:\s|(?:金额)?单位[:：]|$)"
)
_COVER_RE = re.compile(
    r"(?:20\d\d年度?)?(?P<unit>[\u4e00-\u9fff（）()]{2,40}?)(?P<year>20\d\d)?年?度?(?:区级|市级|省级|县级)?(?P<scope>部门|单位)(?:预算|决算)"
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
    if cover:  # the cover says which it is: 「上海市普陀区2026年区级单位预算」 (its tables still say 部门预算经济分类)
        scope = cover.group("scope")
    else:
        scope = "部门" if text.count("部门") >= text.count("单位预算") else "单位"
    return unit, year, scope + ("决算" if final else "预算")
