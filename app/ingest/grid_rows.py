"""A PDF table grid's body rows, read under its columns (app.ingest.grid_columns): each row's code (in its own
columns, or printed with the name), name, secondary names and figures; codes printed in separate 类/款/项
columns completed from the rows above; rows printed without codes nested by their sums; a table with its items
across the columns (the 三公 table) turned into one row per item; and each row's level (类/款/项, 合计, 单位/项目).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from app.catalogue import AMOUNT_HEADERS, COLUMN_ALIASES
from app.ingest.grid_columns import _TOTAL_RE, _clean, _Column
from app.ingest.grid_titles import _YEAR_RE
from app.ingest.pdf_page import Grid
from app.ingest.pdf_stream import TRAILING_CODE_RE
from app.numbers import normalize_digits, parse_amount

CN_DIGITS = "一二三四五六七八九十"

_NAME_CODE_RE = re.compile(
    r"^\[?(\d{3}(?:\s?\d{2}){0,2})\]?\s*[-－—–]?\s*(?=[\u4e00-\u9fff（(“])"
)  # 「50101-工资奖金津补贴」

_ABOUT_RE = re.compile(r"简介|概况|概述|用途|主要内容|项目内容|说明")  # a text column telling what the row is for

_ORG_RE = re.compile(r"(?:局|委员会|委|办公室|中心|站|所|院|处|馆|队|厅|街道办事处|政府|本级)(?:[（(]本级[）)])?$")


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
    note: str = ""  # the row's text under a 项目简介 / 用途 / 说明 header (what a project is for)


def _first_code_group(cols: list[_Column]) -> list[int]:
    """The row's code columns: the first run of adjacent code columns under one header (科目编码: 类 | 款 | 项)."""
    codes = [c for c in cols if c.role == "code"]
    group = codes[:1]
    for c in codes[1:]:
        if c.index != group[-1].index + 1 or c.path[:-1] != group[0].path[:-1]:
            break
        group.append(c)
    return [c.index for c in group]


def _read_row(grid: Grid, r: int, cols: list[_Column]) -> list[_RowRead]:
    out = []
    raw = " | ".join(_clean(c.text) for c in grid.row(r))
    for part in dict.fromkeys(c.part for c in cols):  # each group of labels and figures is a row of its own
        mine = [c for c in cols if c.part == part]
        side = mine[0].side
        codes, names, values, unreadable, notes = [], [], [], [], []
        label_texts: list[tuple[str, _Column]] = []
        code_cols = _first_code_group(mine)
        parts = [""] * len(code_cols)  # 类 / 款 / 项 as printed in their own columns
        for col in mine:
            if col.role == "code" and col.index not in code_cols:
                continue  # a second code (单位编码, 政府经济科目编码 beside 部门经济科目编码) is not the row's 科目编码
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
            elif col.role == "note" and text and _ABOUT_RE.search("".join(col.path[-1:])):
                notes.append(text)
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
        first = next((t for t, col in label_texts if col.primary and re.search(r"[\u4e00-\u9fff]{2}", t)), first)
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
                    note=" ".join(notes),
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
    if row.code and _ORG_RE.search(row.name) and len(row.code) not in (5, 7):
        return "单位", ""  # 「125003 西安市安全生产执法监察支队」: a unit's code, heading its rows
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
