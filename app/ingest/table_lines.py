"""A text-format table's lines as the extraction printed them (app.ingest.table_parser reads them): which
lines are header lines and which columns the header names (in the national format's order), where the body
starts, how wrapped physical lines join into logical rows, and what the extraction kept of the layout
(trailing spaces, runs of spaces, blank lines between lines) — which decides how far empty cells can be told.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.ingest.table_titles import CN_NUM
from app.models import Line
from app.numbers import is_amount

_COLNUM_RE = re.compile(r"^\s*1(?:\s+\d+)+\s*$")
_ROW_START_RE = re.compile(rf"^\s*(?:合计|总计|部门合计|[{CN_NUM}]+、|\d{{3,7}}\s|[①②③④⑤]|注[:：]|\u3000)")
_RIGHT_SIDE_RE = re.compile(r"支出|预备费|年终结转")
# Rows whose names the national format fixes and that may be printed without values (表一/表四's totals and
# 结转 rows, 表十's items): in a trimmed extraction they open a row even without a marker.
_FIXED_ROW_RE = re.compile(
    r"^(?:(?:本年)?(?:收入|支出)(?:合计|总计)|上年(?:财政拨款)?结转|年终结转|因公出国|公务接待费|公务用车)"
)
_SPACE_RUN_RE = re.compile(r"\S {2,}\S")
_RIGHT_NAME_END_RE = re.compile(r"(?:支出|预备费|年终结转|支出合计|支出总计)$")

# Canonical column order of the national format; header text is matched longest-first.
COLUMN_ORDER = (
    "合计",
    "小计",
    "当年预算安排",
    "上年结转安排",
    "基本支出",
    "项目支出",
    "人员经费",
    "公用经费",
    "一般公共预算",
    "政府性基金预算",
    "国有资本经营预算",
    "财政专户管理资金",
    "单位资金",
    "上年结转",
    "政府性基金收入预算",
    "国有资本经营收入预算",
)
_COLUMN_ALIASES = {"政府性基金": "政府性基金预算", "总计": "合计"}
_HEADER_WORDS = (
    set(COLUMN_ORDER)
    | set(_COLUMN_ALIASES)
    | {"项目", "收入", "支出", "金额", "科目编码", "科目名称", "项目名称", "单位名称", "本年收入"}
)


def header_columns(header_text: str) -> tuple[str, ...]:
    compact = re.sub(r"\s+", "", header_text)
    found: set[str] = set()
    terms = sorted(set(COLUMN_ORDER) | set(_COLUMN_ALIASES), key=len, reverse=True)
    for term in terms:
        if term in compact:
            found.add(_COLUMN_ALIASES.get(term, term))
            compact = compact.replace(term, "·")
    return tuple(c for c in COLUMN_ORDER if c in found)


def _is_header_line(text: str) -> bool:
    """A line made only of header words (合计 人员经费 公用经费; 科目编码 科目名称 …), at least two."""
    words = [w for w in text.split() if w]
    return len(words) >= 2 and all(w in _HEADER_WORDS or re.fullmatch(r"20\d\d年?(?:预算数|合计)?", w) for w in words)


# What header cells are made of: a wrapped header prints pieces of these (「国有资本经营预」, 「算」).
_HEADER_TERMS = tuple(_HEADER_WORDS) + (
    "预算数",
    "本年预算",
    "财政拨款",
    "部门预算支出经济科目名称",
    "政府预算支出经济科目名称",
    "收入科目编码",
    "国有资本经营收入预算",
    "国有资本经营预算收入",
    "国有资本经营预算支出",
)


def _header_like(text: str) -> bool:
    """Every word is a header term, a piece of one, or contains one (years aside)."""
    words = [w for w in (re.sub(r"20\d\d年?", "", w) for w in text.split()) if w]
    return bool(words) and all(any(w in t or t in w for t in _HEADER_TERMS) for w in words)


def _starts_body(text: str) -> bool:
    if _is_header_line(text):
        return False
    return bool(
        _ROW_START_RE.match(text)
        or _COLNUM_RE.match(text)
        or any(is_amount(t) for t in text.split())
        or (text.strip() and re.search(r"\S {2,}$", text))
    )


@dataclass
class _Logical:
    text: str
    first: Line
    last: Line


def logical_rows(body: list[Line], two_sided: bool = False, trimmed: bool = False) -> tuple[list[_Logical], bool]:
    """Join wrapped physical lines into rows. A line continues when it is only spaces (a lead-in of empty
    cells) or ends in the middle of a name (no trailing space, last token not an amount).

    trimmed: the extraction trimmed every line's trailing spaces, so a row whose last cells are empty ends in
    its name just like a wrapped name does. Then a row also ends before a line that opens a row (a 科目编码,
    「八、」, 合计, ①, a U+3000 indent) and before a text line printed after an empty line (wrapped pieces of
    a name follow each other directly) — except, in 表一/表四, where the row so far holds only its left
    (收入) cell and the line brings the right (支出) one.
    Returns (rows, truncated) — truncated when the body ends inside a row."""
    rows: list[_Logical] = []
    buf: _Logical | None = None
    for ln in body:
        text = ln.text
        if buf is not None and trimmed and _row_ends_before(buf, ln, two_sided):
            rows.append(buf)
            buf = None
        if buf is None:
            buf = _Logical(text, ln, ln)
        else:
            joiner = " " if buf.text.strip() and not buf.text[-1].isspace() and text[:1].isdigit() else ""
            buf = _Logical(buf.text + joiner + text, buf.first, ln)
        if not buf.text.strip() or _unterminated(buf.text):
            continue
        rows.append(buf)
        buf = None
    truncated = buf is not None and bool(buf.text.strip())
    if truncated and buf is not None:
        rows.append(buf)
    return rows, truncated


def _row_ends_before(buf: _Logical, ln: Line, two_sided: bool) -> bool:
    """In a trimmed extraction: does the unterminated row `buf` end before line `ln`?"""
    text = ln.text.lstrip(" ")
    if not buf.text.strip() or not text or all(t == "" or is_amount(t) for t in text.split(" ")):
        return False  # a lead-in of empty cells, or the values of a wrapped row
    if two_sided and not _RIGHT_SIDE_RE.search(buf.text) and _RIGHT_SIDE_RE.search(text.split(" ")[0]):
        return False  # 「三、国有资本经营预算」 then 「三、国防支出 …」: the two halves of one row
    if two_sided and _RIGHT_NAME_END_RE.search(buf.text):
        return True  # the 支出 cell's name is complete (「…支出」, 「年终结转」): nothing of this row is left
    return bool(_ROW_START_RE.match(text) or _FIXED_ROW_RE.match(text)) or ln.no - buf.last.no > 1


def keeps_trailing_spaces(lines: tuple[Line, ...] | list[Line]) -> bool:
    """Does the extraction keep the spaces that empty cells leave at the end of a row?"""
    return any(ln.text[-1:] == " " for ln in lines)


def _unterminated(text: str) -> bool:
    if text[-1].isspace():
        return False
    last = text.split(" ")[-1]
    return not is_amount(last)


def keeps_space_runs(lines: tuple[Line, ...] | list[Line]) -> bool:
    """Does the extraction keep the extra spaces that empty cells leave between values? (A text whose runs of
    spaces were collapsed has none anywhere.)"""
    return any(_SPACE_RUN_RE.search(ln.text) for ln in lines)


def blank_line_separated(lines: tuple[Line, ...] | list[Line]) -> bool:
    """Does the extraction put an empty line after (most) lines? (Line numbers then skip.)"""
    gaps = [b.no - a.no > 1 for a, b in zip(lines, lines[1:])]
    return bool(gaps) and sum(gaps) >= 0.4 * len(gaps)
