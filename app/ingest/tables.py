"""The 13 standard tables → tidy rows. Tables are found by their titles and read by their headers, never
by position, so any disclosure in the national format parses (9 or 13 tables, in any order; 表N / 表3 / 附表N /
预算公开表N / 部门公开表N, with or without the unit's name before the year; a title printed again on a table's next
page, or its header repeated after a page break, continues the same table; 目录 entries are not tables).

The extraction may differ: with or without a blank line after every line, with or without trailing spaces
(tests/test_format_variants.py). What cannot be recovered is said, not guessed: runs of spaces collapsed to one
lose where empty cells were (a `layout` warning, cells placed by arithmetic or flagged `ambiguous_cells`), and
without both trailing spaces and blank lines a row without values may run into its neighbour (a `layout` warning).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from app.catalogue import table_kind
from app.ingest import cells
from app.ingest.scan import toc_page_tail
from app.models import Line, ParseWarning, RowRef, SourceDoc, Table, TableRow, stable_id
from app.numbers import cn_to_int, int_to_cn, is_amount

CN_NUM = "一二三四五六七八九十"
_NUM = rf"(?P<num>[{CN_NUM}]{{1,3}}|\d{{1,2}})"
# The prefix a locality puts before a table's number: 表三, 附表3, 预算公开表3, 部门公开表3 (单位公开表3, 公开表3).
_PREFIX = r"(?:(?:预算|部门|单位)?公开表|附表|表)"
# A title line: the prefix and number, then the year and the title (表三2024年预算支出总表, 表3 2024年…, 附表3：2024年…).
# The unit's name may come before the year (表一 大同市工业和信息化局2024年部门收支总表).
_TITLE_RE = re.compile(
    rf"^\s*+{_PREFIX}\s*{_NUM}\s*[:：、.．]?\s*(?P<unit>[^\d\s，。、；：:,.（）()]{{0,40}}?)\s*(?P<year>20\d\d)\s*年?(?:度)?\s*(?P<title>\S(?:.*\S)?)\s*$"
)
# A label line: the prefix and number alone (预算公开表3, or 表三 split from its title); the plain title
# follows on its own line.
_LABEL_RE = re.compile(rf"^\s*+(?P<prefix>{_PREFIX})\s*{_NUM}\s*[:：]?\s*$")
_PLAIN_TITLE_RE = re.compile(
    r"^\s*(?P<unit>[^\d\s，。、；：:,.（）()]{0,40}?)(?P<year>20\d\d)\s*年?(?:度)?(?P<title>\S*表(?:.*\S)?)\s*$"
)
_CONTINUED_RE = re.compile(rf"^\s*+(?:续表|{_PREFIX}\s*(?:[{CN_NUM}]{{1,3}}|\d{{1,2}})\s*[（(]续[）)])\s*$")
_CONTINUED_TITLE_RE = re.compile(r"(?:[（(]续(?:表)?[）)]|续表)$")
MAX_TITLE_CHARS = 160  # a longer line is never a table's title or label (titles run to 60 characters or so)
_HEAD_WINDOW = 4  # a table's title line and its label line are at most this many lines apart
_SKIP_RE = re.compile(
    r"^\s*+(?:(?:单位|部门)名称[:：]|(?:编制|预算)单位[:：]|(?:金额)?单位[:：]\s*(?:万元|元)\s*$|第[一二三四五]部分)"
)
_UNIT_RE = re.compile(r"单位[:：]\s*(万元|元)")
_EMPTY_NOTE_RE = re.compile(r"^\s*+注[:：]\s*本表无数据")
_CODE_RE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
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

TWO_SIDED = {"income_expense_total", "fiscal_total"}


@dataclass
class _Span:
    number: int
    label: str
    title: str
    start: int  # index into doc.lines of the title line
    end: int = 0  # exclusive
    lines: list[Line] = field(default_factory=list)
    titled: bool = False  # named by a 表N title line (which wins over a 预算公开表N label line)
    last_head: int = 0  # index of the last title/label line that belongs to this table


def _is_table_title_text(title: str) -> bool:
    """The title of one of the tables: it names a 表, and not a 绩效目标表 (read by app.ingest.performance_targets)."""
    return "表" in title and "绩效" not in title


def _ends_tables(text: str) -> bool:
    """The line after the last table: 第三部分/第四部分, or a 绩效目标表 title."""
    t = text.strip()
    return t.startswith(("第三部分", "第四部分")) or t.endswith("绩效目标表")


def _drop_continued(title: str) -> str:
    """The title without a trailing 「（续）」/「（续表）」/「续表」 (and the spaces before it)."""
    m = _CONTINUED_TITLE_RE.search(title.rstrip())
    return title[: m.start()].rstrip() if m else title


def _head(lines: tuple[Line, ...], i: int) -> tuple[int, str, bool] | None:
    """(number, title, is a title line) when line i names a table, else None. A 绩效目标表 is not one of the
    tables (it is read by app.ingest.performance_targets)."""
    text = lines[i].text
    if len(text) > MAX_TITLE_CHARS:
        return None
    m = _TITLE_RE.match(text)
    if m and toc_page_tail(text):
        return None
    if m and _is_table_title_text(m.group("title")):
        return cn_to_int(m.group("num")), _drop_continued(m.group("title")), True
    lm = _LABEL_RE.match(text)
    if lm:
        below = [ln.text for ln in lines[i + 1 : i + 1 + _HEAD_WINDOW] if ln.text.strip()][:2]
        title = next((pm.group("title") for t in below for pm in [_PLAIN_TITLE_RE.match(t)] if pm), "")
        if "绩效" in title:
            return None
        # 「表三」 alone is the table's own numbering, like a title line; 「预算公开表3」 is a label
        return cn_to_int(lm.group("num")), _drop_continued(title), lm.group("prefix") == "表"
    return None


def is_table_head(text: str) -> bool:
    """A title or label line of one of the tables (not of a 绩效目标表)."""
    if len(text) > MAX_TITLE_CHARS:
        return False
    m = _TITLE_RE.match(text)
    if m:
        return _is_table_title_text(m.group("title")) and not toc_page_tail(text)
    return bool(_LABEL_RE.match(text))


def find_tables(lines: tuple[Line, ...]) -> list[_Span]:
    """Locate each table by its title line (表N…, 附表N…) and/or its label line (预算公开表N / 部门公开表N /
    附表N + a plain title). A title line and a label line a few lines apart name one table, even when their
    numbers differ (a county that drops tables renumbers its titles but may keep the template's labels): the
    title line's number wins. A table whose title is printed again (on its next page, or as 「表N（续）」)
    stays one table."""
    spans: list[_Span] = []
    for i in range(len(lines)):
        head = _head(lines, i)
        if head is None:
            continue
        n, title, titled = head
        last = spans[-1] if spans else None
        if last is not None and i - last.last_head <= _HEAD_WINDOW and not (titled and last.titled):
            if titled:  # a label line came first: the title line names the table
                last.number, last.label, last.titled = n, f"表{int_to_cn(n)}", True
            last.title = last.title or title
            last.last_head = i
            continue
        if last is not None and n == last.number and (not title or title == last.title):
            last.last_head = i  # the same table again: a continuation page
            continue
        spans.append(_Span(n, f"表{int_to_cn(n)}", title, i, titled=titled, last_head=i))
    for j, span in enumerate(spans):
        limit = spans[j + 1].start if j + 1 < len(spans) else len(lines)
        end = next((k for k in range(span.start + 1, limit) if _ends_tables(lines[k].text)), limit)
        span.end = end
        span.lines = list(lines[span.start + 1 : end])
    return spans


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


@dataclass
class _Row:
    seq: int
    side: str
    code: str
    name: str
    extra: str
    indent: int
    tokens: list[str]
    line: Line
    placement: cells.Placement | None = None
    level: str = ""
    parent: str = ""


def _is_total(name: str) -> bool:
    return name in ("合计", "小计", "部门合计", "总计") or name.endswith(("合计", "总计"))


class TableParser:
    """Parse one table span of one document into Table + RowRefs + TableRows (+ warnings)."""

    def __init__(self, doc: SourceDoc, span: _Span):
        self.doc, self.span = doc, span
        self.kind = table_kind(span.title)
        self.trimmed = not keeps_trailing_spaces(doc.lines)
        self.spacing_kept = keeps_space_runs(doc.lines)
        self.warnings: list[ParseWarning] = []

    def warn(self, code: str, message: str, line: int = 0) -> None:
        self.warnings.append(ParseWarning(code, message, self.span.label, line))

    def run(self) -> tuple[Table, list[RowRef], list[TableRow]]:
        header, body, unit, empty_note = self._split()
        columns = header_columns(" ".join(ln.text for ln in header))
        left_col: tuple[str, ...] = ("金额",)
        if not columns:
            columns = ("金额",)
        rows_src, truncated = logical_rows(body, self.kind in TWO_SIDED, self.trimmed)
        if truncated and self.trimmed and self.span.end < len(self.doc.lines):
            truncated = False  # a last row without values looks unfinished once trailing spaces are gone
        if truncated:
            self.warn(
                "truncated_table",
                f"{self.span.label} 在一行中间结束，表格可能被截断 (table ends mid-row)",
                rows_src[-1].last.no,
            )
        rows = self._rows(rows_src, columns)
        if not rows and not empty_note:
            self.warn(
                "truncated_table",
                f"{self.span.label} 没有找到任何数据行，也没有「本表无数据」说明 (no rows)",
                self.doc.lines[self.span.start].no,
            )
        self._assign_levels(rows)
        self._second_pass(rows, columns)
        table = Table(
            doc_id=self.doc.doc_id,
            label=self.span.label,
            number=self.span.number,
            title=self.span.title,
            kind=self.kind,
            unit=unit,
            columns=columns,
            page=self.doc.lines[self.span.start].page,
            line=self.doc.lines[self.span.start].no,
            end_line=(body[-1].no if body else self.doc.lines[self.span.start].no),
            empty=bool(empty_note) and not any(r.placement and r.placement.values for r in rows),
            empty_note=empty_note,
        )
        return table, *self._emit(rows, columns, left_col, unit)

    # -- reading the span -------------------------------------------------------------------------
    def _split(self) -> tuple[list[Line], list[Line], str, str]:
        """(header lines, body lines, unit, 本表无数据 note). Title, label, 单位名称 and unit lines are dropped
        wherever they are; so are the header lines printed again after a page break inside the body."""
        header: list[Line] = []
        body: list[Line] = []
        unit, empty_note = "万元", ""
        in_body = False
        span_lines = self.span.lines
        k = 0
        while k < len(span_lines):
            ln = span_lines[k]
            k += 1
            if m := _UNIT_RE.search(ln.text):
                unit = m.group(1)
            if _EMPTY_NOTE_RE.match(ln.text):
                empty_note = ln.text.strip()
                continue
            if self._not_content(ln.text):
                continue
            if (
                not in_body
                and (not ln.text.strip() or not _starts_body(ln.text))
                and not (self.trimmed and ln.text.strip() and not _header_like(ln.text))
            ):  # trimmed: a first row without values has no trailing spaces to show it is a row
                header.append(ln)
                continue
            in_body = True
            if _COLNUM_RE.match(ln.text) or _is_header_line(ln.text):
                continue
            repeat = self._repeated_header(span_lines, k - 1, header)
            if repeat:
                k += repeat - 1
                continue
            body.append(ln)
        return header, body, unit, empty_note

    def _not_content(self, text: str) -> bool:
        """A line that names the table or its unit, not a header or a row."""
        if _SKIP_RE.match(text) or _TITLE_RE.match(text) or _LABEL_RE.match(text) or _CONTINUED_RE.match(text):
            return True
        return bool(_PLAIN_TITLE_RE.match(text) and self.span.title and self.span.title[:6] in text)

    def _repeated_header(self, lines: list[Line], k: int, header: list[Line]) -> int:
        """How many lines from lines[k] repeat the table's header (a new page prints it again): a run of lines
        each equal to a header line, at least two of them or one that is made of header words only — so a
        wrapped name that happens to equal one header fragment (「算」) stays a row. 0 when there is none."""
        known = {ln.text.strip() for ln in header if ln.text.strip()}
        run, words = 0, False
        for ln in lines[k:]:
            text = ln.text.strip()
            if text in known:
                run, words = run + 1, words or _is_header_line(text)
            elif run and (self._not_content(ln.text) or _COLNUM_RE.match(ln.text)):
                run += 1
            else:
                break
        return run if run >= 2 or words else 0

    def _rows(self, logical: list[_Logical], columns: tuple[str, ...]) -> list[_Row]:
        rows: list[_Row] = []
        for lg in logical:
            if self.kind in TWO_SIDED:
                rows.extend(self._two_sided(lg, len(rows)))
            else:
                row = self._one_sided(lg, len(rows))
                if row:
                    rows.append(row)
        for row in rows:
            cols = ("金额",) if row.side == "收入" else columns
            row.placement = cells.place(row.tokens, cols, gaps=self.spacing_kept)
        return rows

    def _one_sided(self, lg: _Logical, seq: int) -> _Row | None:
        text = lg.text
        indent = len(text) - len(text.lstrip(" \u3000")) and text[: len(text) - len(text.lstrip(" \u3000"))].count(
            "\u3000"
        )
        text = text.lstrip(" \u3000")
        if not text.strip():
            return None
        labels, values = cells.split_value_tokens(text)
        code = ""
        if labels and _CODE_RE.match(labels[0]) and len(labels) > 1:
            code, labels = labels[0], labels[1:]
        extra = ""
        if self.kind == "basic_by_econ":
            if len(labels) >= 2 and labels[1] == "" and values[:1] != [""]:
                labels = labels[:1] + labels[2:]
            elif len(labels) == 1 and values[:1] == [""]:
                values = values[1:]  # the empty 政府预算支出经济科目名称 cell
            if len(labels) >= 2:
                extra = " ".join(labels[1:]).strip()
                labels = labels[:1]
        name = " ".join(t for t in labels if t).strip()
        if not name:
            self.warn("unparsed_row", f"无法识别行名：{lg.text.strip()!r}", lg.last.no)
            return None
        return _Row(seq, "", code, name, extra, indent, values, lg.last)

    def _two_sided(self, lg: _Logical, seq: int) -> list[_Row]:
        text = re.sub(r"(\d)(?=[\u4e00-\u9fff（(])", r"\1 ", lg.text)
        tokens = text.split(" ")
        names = [i for i, t in enumerate(tokens) if t and not is_amount(t)]
        out: list[_Row] = []
        right_at = next((i for i in names if _RIGHT_SIDE_RE.search(tokens[i])), None)
        left_at = next((i for i in names if right_at is None or i < right_at), None)
        if left_at is not None and left_at != right_at:
            stop = right_at if right_at is not None else len(tokens)
            left_values = [t for t in tokens[left_at + 1 : min(stop, left_at + 2)] if not t or is_amount(t)]
            out.append(_Row(seq, "收入", "", tokens[left_at], "", 0, left_values, lg.last))
        if right_at is not None:
            stop = next((i for i in names if i > right_at), len(tokens))
            out.append(_Row(seq + len(out), "支出", "", tokens[right_at], "", 0, tokens[right_at + 1 : stop], lg.last))
        leftover = [tokens[i] for i in names if i not in (left_at, right_at)]
        if leftover:  # more names than one 收入 and one 支出 cell: rows run together, never guessed apart
            self.warn(
                "unparsed_row",
                f"{self.span.label} 一行里有多于两个项目名，未读取：{' '.join(leftover)!r}（整行：{lg.text.strip()!r}）",
                lg.last.no,
            )
        if not out and text.strip():
            self.warn("unparsed_row", f"无法识别行：{lg.text.strip()!r}", lg.last.no)
        return out

    # -- structure ---------------------------------------------------------------------------------
    def _assign_levels(self, rows: list[_Row]) -> None:
        by_code: dict[str, _Row] = {}
        group = ""
        unit_row = ""
        # 表十二/十三: units, then their projects indented one step deeper (U+3000). The shallowest indent is
        # the units' whatever the document's absolute indents (一　unit / 二　project, or unit flush left /
        # 一　project); without any nesting, a row is the unit's only if it names the document's unit.
        indents = {r.indent for r in rows if not r.code and not _is_total(r.name)}
        nested = len(indents) > 1
        unit_indent = min(indents, default=0)
        for row in rows:
            if row.code:
                row.level = {3: "类", 5: "款", 7: "项"}.get(len(row.code), "")
                parent = by_code.get(row.code[:-2]) if len(row.code) > 3 else None
                row.parent = parent.name if parent else ""
                by_code[row.code] = row
            elif _is_total(row.name):
                row.level = "合计"
            elif self.kind == "basic_by_econ":
                if not row.extra:
                    row.level, group = "类", row.name
                else:
                    row.level, row.parent = "款", group
            elif self.kind in ("project", "project_carryover"):
                if (row.indent == unit_indent) if nested else (row.name == self.doc.unit):
                    row.level, unit_row = "单位", row.name
                else:
                    row.level, row.parent = "项目", unit_row
            elif self.kind == "three_public" and row.name[:1] in "①②③④⑤":
                row.parent = next((r.name for r in reversed(rows[: row.seq]) if r.name[:1] not in "①②③④⑤"), "")
            elif self.kind in TWO_SIDED and re.match(rf"^[{CN_NUM}]+、", row.name):
                row.level = "类" if row.side == "支出" else "来源"

    def _second_pass(self, rows: list[_Row], columns: tuple[str, ...]) -> None:
        """Rows still ambiguous: pick the placement under which parent = sum of children holds."""
        for row in rows:
            if not (row.placement and row.placement.ambiguous and row.code):
                continue
            children = [r for r in rows if r.code.startswith(row.code) and len(r.code) == len(row.code) + 2]
            parent = next(
                (r for r in rows if r.code and len(r.code) == len(row.code) - 2 and row.code.startswith(r.code)), None
            )
            options = cells.alternatives(list(row.tokens), columns)
            fitting = [
                o for o in options if self._fits_children(o, children) and self._fits_parent(row, o, parent, rows)
            ]
            if len(fitting) == 1:
                row.placement = cells.Placement(
                    fitting[0], ambiguous=False, note="按上下级科目之和定位 (placed by parent/child sums)"
                )
        read_as = "已按空格位置读取" if self.spacing_kept else "已按从左到右的顺序读取"
        for row in rows:
            if row.placement and row.placement.ambiguous:
                self.warn(
                    "ambiguous_cells",
                    f"{self.span.label}「{row.name}」的数值列位置无法确定：{row.placement.note}；{read_as}",
                    row.line.no,
                )

    @staticmethod
    def _values(row: _Row) -> dict[int, Decimal]:
        return {i: v for i, (v, _) in (row.placement.values.items() if row.placement else [])}

    def _fits_children(self, option: dict[int, tuple[Decimal, str]], children: list[_Row]) -> bool:
        if not children or any(c.placement is None or c.placement.ambiguous for c in children):
            return True
        cols = set(option) | {i for c in children for i in self._values(c)}
        return all(
            option.get(i, (Decimal(0), ""))[0]
            == sum((self._values(c).get(i, Decimal(0)) for c in children), Decimal(0))
            for i in cols
        )

    def _fits_parent(
        self, row: _Row, option: dict[int, tuple[Decimal, str]], parent: _Row | None, rows: list[_Row]
    ) -> bool:
        if parent is None or parent.placement is None or parent.placement.ambiguous:
            return True
        siblings = [r for r in rows if r is not row and r.code.startswith(parent.code) and len(r.code) == len(row.code)]
        if any(s.placement is None or s.placement.ambiguous for s in siblings):
            return True
        pv = self._values(parent)
        cols = set(pv) | set(option)
        return all(
            pv.get(i, Decimal(0))
            == option.get(i, (Decimal(0), ""))[0]
            + sum((self._values(s).get(i, Decimal(0)) for s in siblings), Decimal(0))
            for i in cols
        )

    # -- output ------------------------------------------------------------------------------------
    def _emit(
        self, rows: list[_Row], columns: tuple[str, ...], left_col: tuple[str, ...], unit: str
    ) -> tuple[list[RowRef], list[TableRow]]:
        refs: list[RowRef] = []
        out: list[TableRow] = []
        d, s = self.doc, self.span
        for row in rows:
            row_id = stable_id(d.doc_id, s.label, row.seq, row.side, row.code, row.name)
            values = row.placement.values if row.placement else {}
            refs.append(
                RowRef(
                    d.doc_id,
                    s.label,
                    s.number,
                    row.side,
                    row.code,
                    row.level,
                    row.name,
                    row.parent,
                    row.extra,
                    row.line.page,
                    row.line.no,
                    row.seq,
                    row_id,
                    blank=not values,
                )
            )
            cols = left_col if row.side == "收入" else columns
            for i, (value, raw) in sorted(values.items()):
                out.append(
                    TableRow(
                        d.doc_id,
                        s.label,
                        s.number,
                        s.title,
                        row.side,
                        row.code,
                        row.level,
                        row.name,
                        row.parent,
                        row.extra,
                        cols[i],
                        value,
                        raw,
                        unit,
                        row.line.page,
                        row.line.no,
                        row.seq,
                        row_id,
                    )
                )
        return refs, out


def keeps_space_runs(lines: tuple[Line, ...] | list[Line]) -> bool:
    """Does the extraction keep the extra spaces that empty cells leave between values? (A text whose runs of
    spaces were collapsed has none anywhere.)"""
    return any(_SPACE_RUN_RE.search(ln.text) for ln in lines)


def blank_line_separated(lines: tuple[Line, ...] | list[Line]) -> bool:
    """Does the extraction put an empty line after (most) lines? (Line numbers then skip.)"""
    gaps = [b.no - a.no > 1 for a, b in zip(lines, lines[1:])]
    return bool(gaps) and sum(gaps) >= 0.4 * len(gaps)


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
