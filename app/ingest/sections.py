"""Find a disclosure's parts and numbered sections in its lines.

The national format has four parts (第一部分 概况, 第二部分 the tables, 第三部分 情况说明, 第四部分 名词解释)
and per-project 绩效目标表 blocks that may sit anywhere (often inside 第三部分, or as an attachment).
`find_sections` returns a flat list of Section spans in document order; every line belongs to exactly one
span. Headings are found by their numbering (第X部分, 一、 （一） 1、/1. （1） ①) and by their shape:
short, without sentence punctuation — a wrapped prose line that happens to start with a digit is not one.

Nothing here knows this document's names or positions: only the format. What a single line is (a marker,
a heading, a title) is decided in app.ingest.headings; here the lines are walked and grouped into spans.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from app.ingest.headings import (
    PERF_HEADER_LABELS,
    Marker,
    definition_label,
    heading,
    heading_label,
    is_perf_end,
    is_perf_title,
    is_table_title,
    labelled_fields,
    marker,
    part_heading,
    perf_header_texts,
)
from app.ingest.scan import toc_entry_tail
from app.models import Line, SourceDoc

# Section kinds
NARRATIVE = "narrative"  # a heading and its body text
FRONT = "front"  # lines before the first heading (cover, 目录): path ()
TABLES = "tables"  # the table area of 第二部分 (parsed by app.ingest.tables, skipped here)
PERF = "perf"  # one 项目支出绩效目标表
DEFINITION = "definition"  # one entry of 名词解释

PERF_ROOT = "绩效目标表"
TABLES_ROOT = "预算报表"  # path of the table area when the document never names its part 2

_DEFAULT_PROSE_LEN = 40
_WRAPPED_SHARE = 0.85  # a numbered line this close to a full prose line is prose that wrapped
_CONTINUATION_START = tuple("）)」》”’，,。；;：:、")
_AMOUNT_START = re.compile(r"\d[\d,]*(?:\.\d+)?\s*(?:万元|亿元|元|%|％)")

_TABLE_PART_WORDS = ("报表", "公开表", "预算表", "表格")
_DEFINITION_PART_WORDS = ("名词解释", "术语解释", "名词说明")
_END_OF_TABLES_WORDS = ("说明", "名词解释", "附件")
# 「渭南市水务局主要职能」「上海市普陀区司法局机构设置」: an unnumbered title of the 概况 (Shanghai template)
_OVERVIEW_TITLE = re.compile(r"^[\u4e00-\u9fff（）()]{0,30}(?:主要职能|主要职责|机构设置(?:情况)?|单位概况|部门概况)$")
_EXPLANATION_TITLE = re.compile(
    r"^\s*(?:20\d\d\s*年度?)?\s*(?:部门|单位)?(?:预算)?(?:编制|情况)说明\s*$"
    r"|^[\u4e00-\u9fff（）()“”]{2,30}项目(?:经费|资金|预算)?(?:情况|支出)?说明$"  # 「人民调解项目经费情况说明」
)


@dataclass(frozen=True)
class Section:
    """One span of lines: a heading with its body, the table area, a 绩效目标表, or a definition.

    path: heading path, e.g. ("第三部分 2024年度单位预算情况说明", "九、政府采购情况"); ("绩效目标表", project);
    ("第四部分 名词解释", "一、基本支出"). kind: narrative / tables / perf / definition / front. `line`/`line_end`
    are file line numbers (inclusive); `heading` is True when the first line is the section's own heading (not
    body text). Lines of only spaces outside the table area belong to no section."""

    path: tuple[str, ...]
    kind: str
    line: int
    line_end: int
    page: int
    page_end: int
    heading: bool = True

    @property
    def title(self) -> str:
        return self.path[-1] if self.path else ""

    def lines(self, doc: SourceDoc) -> list[Line]:
        """The document lines inside this span."""
        return [ln for ln in doc.lines if self.line <= ln.no <= self.line_end]


# ---------------------------------------------------------------- the walk


@dataclass
class _Span:
    path: tuple[str, ...]
    kind: str
    start: int  # index into doc.lines
    end: int
    heading: bool = True


def _prose_line_length(lines: Sequence[Line]) -> int:
    """Typical length (characters) of a full prose line: the 75th percentile over lines with a comma."""
    lengths = sorted(len(t) for ln in lines if "，" in (t := ln.text.strip()))
    return lengths[int(len(lengths) * 0.75)] if len(lengths) >= 8 else _DEFAULT_PROSE_LEN


class _Walker:
    """One pass over the lines, keeping the current part, heading stack and mode."""

    def __init__(self, lines: Sequence[Line]) -> None:
        self.lines = lines
        self.spans: list[_Span] = []
        self.part = ""
        self.part_no = 0  # the current part's number (第二部分: 2)
        self.stack: list[tuple[int, int, str]] = []  # (rank, number, label) under the current part
        self.mode = NARRATIVE  # NARRATIVE / TABLES / DEFINITION
        self.def_path: tuple[str, ...] = ()
        self.def_rank = 0
        self.def_next = 1
        self.prose_len = _prose_line_length(lines)
        self.in_contents = False  # after a 「目录」 line, while its entries (headings) follow
        self.contents: set[str] = set()

    def path(self) -> tuple[str, ...]:
        head = (self.part,) if self.part else ()
        return head + tuple(label for _, _, label in self.stack)

    def open(self, path: tuple[str, ...], kind: str, i: int, heading_line: bool = True) -> None:
        self.spans.append(_Span(path, kind, i, i, heading_line))

    def extend(self, i: int) -> None:
        """Body line: extend the open span, or reopen the current path after a closed table/perf block."""
        last = self.spans[-1] if self.spans else None
        if last is None or last.kind == PERF or (last.kind == TABLES and self.mode != TABLES):
            path = self.path()
            self.open(path, NARRATIVE if path else FRONT, i, heading_line=False)
        self.spans[-1].end = i

    def run(self) -> list[_Span]:
        i = 0
        while i < len(self.lines):
            i = self.step(i) + 1
        return self.spans

    def step(self, i: int) -> int:
        """Handle line i; return the index of the last line consumed."""
        text = self.lines[i].text.strip()
        if not text:  # a line of spaces: part of a table, nothing elsewhere
            if self.mode == TABLES:
                self.extend_tables(i)
            return i
        if re.fullmatch(r"目\s*录", text):
            self.in_contents = True
            return i
        if self.in_contents:  # 「一、单位主要职能」「三、名词解释」 listed in the 目录 open nothing
            if part_heading(text):
                self.in_contents = self.is_toc(i)  # a part heading the body opens with ends the 目录
            elif (heading(text) or toc_entry_tail(text)) and text not in self.contents:
                self.contents.add(text)
                return i
            else:
                self.in_contents = False  # prose, or an entry printed again: the body has begun
        if is_perf_title(self.lines, i):
            return self.perf_block(i)
        part = part_heading(text)
        if part and not self.is_toc(i):
            return self.enter_part(i, *part)
        if self.mode == TABLES:
            if not self.tables_end_without_part(text):
                self.extend_tables(i)
                return i
            self.mode, self.part, self.stack = NARRATIVE, "", []
        if is_table_title(text):
            self.enter_tables(i, "")
            return i
        if self.mode == NARRATIVE and text.replace(" ", "") in _DEFINITION_PART_WORDS:  # 「名词解释」 as a title
            self.part, self.stack = text.replace(" ", ""), []
            self.open((self.part,), NARRATIVE, i)
            self.enter_definitions((self.part,))
            return i
        if (
            self.mode in (DEFINITION, NARRATIVE)
            and (_EXPLANATION_TITLE.match(text) or _OVERVIEW_TITLE.match(text))
            and marker(text) is None  # 「（二）机构设置」 is a numbered heading of its list, not a section of its own
        ):
            # 「2024年单位预算编制说明」 after 名词解释, or unnumbered after 机构设置's 「1.财政局本部」: a section of its own
            self.part, self.stack, self.mode = text, [], NARRATIVE
            self.open((text,), NARRATIVE, i)
            return i
        if self.mode == DEFINITION and self.definition_line(i, text):
            return i
        m = heading(text)
        if m and self.not_wrapped(i, text):
            self.push_heading(i, m, text)
        else:
            self.extend(i)
        return i

    def push_heading(self, i: int, m: Marker, text: str) -> None:
        self.stack = [s for s in self.stack if s[0] < m.rank] + [(m.rank, m.number, heading_label(text))]
        self.open(self.path(), NARRATIVE, i)
        nxt = heading(self.next_text(i))
        listed = nxt is not None and nxt.rank == m.rank and nxt.number == m.number + 1  # a 目录 line, not the part
        if any(w in m.body for w in _DEFINITION_PART_WORDS) and not listed:  # 「四、名词解释」 without 第X部分
            self.enter_definitions(self.path())

    def enter_definitions(self, container: tuple[str, ...]) -> None:
        self.mode, self.def_path, self.def_rank, self.def_next = DEFINITION, container, 0, 1

    def next_text(self, i: int) -> str:
        """The next non-blank line after index i, stripped ('' at the end)."""
        return next((t for ln in self.lines[i + 1 :] if (t := ln.text.strip())), "")

    def is_toc(self, i: int) -> bool:
        """A 目录 entry: another part heading right below it."""
        return part_heading(self.next_text(i)) is not None

    def not_wrapped(self, i: int, text: str) -> bool:
        """A numbered short line is a heading only if it is not a wrapped prose line: clearly shorter than
        the document's prose lines, brackets balanced, and the next line does not continue it."""
        if len(text) >= _WRAPPED_SHARE * self.prose_len:
            return False
        if text.count("（") + text.count("(") != text.count("）") + text.count(")"):
            return False
        nxt = self.next_text(i)  # 「2.…一般行政管理事务（项）支出」 + 「117.13 万元，与上年相比…」: one sentence
        return not nxt.startswith(_CONTINUATION_START) and not _AMOUNT_START.match(nxt)

    def enter_part(self, i: int, number: int, label: str) -> int:
        restart = number < self.part_no  # 「第一部分」 after the 目录's 「第二部分 …预算表」: the body begins
        self.part_no = number
        if self.mode == TABLES and not restart and (number <= 2 or any(w in label for w in _TABLE_PART_WORDS)):
            # the part 2 heading printed inside the table area (PDF order): name the area, stay in it
            self.extend_tables(i)
            for span in self.spans:
                if span.kind == TABLES and span.path == (self.part or TABLES_ROOT,):
                    span.path = (label,)
            self.part = label
            return i
        self.part, self.stack, self.mode = label, [], NARRATIVE
        if any(w in label for w in _TABLE_PART_WORDS) or self.table_title_follows(i):
            self.enter_tables(i, label)
            return i
        self.open((label,), NARRATIVE, i)
        if any(w in label for w in _DEFINITION_PART_WORDS):
            self.enter_definitions((label,))
        return i

    def table_title_follows(self, i: int) -> bool:
        below = [t for ln in self.lines[i + 1 : i + 8] if (t := ln.text.strip())]
        return any(is_table_title(t) for t in below[:3])

    def enter_tables(self, i: int, label: str) -> None:
        self.mode, self.part, self.stack = TABLES, label, []
        self.open((label or TABLES_ROOT,), TABLES, i)

    def extend_tables(self, i: int) -> None:
        """A line of the table area; the area goes on after a 绩效目标表 printed among the tables."""
        if self.spans[-1].kind != TABLES:
            last_tables = next(s for s in reversed(self.spans) if s.kind == TABLES)
            self.open(last_tables.path, TABLES, i)
        self.spans[-1].end = i

    def tables_end_without_part(self, text: str) -> bool:
        """Without a 第三部分 heading, the explanations start with a heading such as 「一、…情况」 or
        「三、部门预算情况说明」 (no figures; table rows name 科目, never 说明 or 名词解释)."""
        m = heading(text)
        if not m or m.rank != 1 or re.search(r"\d", m.body):
            return False
        return any(w in m.body for w in _END_OF_TABLES_WORDS) or (m.number == 1 and "情况" in m.body)

    def definition_line(self, i: int, text: str) -> bool:
        """A line under 名词解释: the next numbered entry opens a definition, other lines continue it. Returns
        False for a heading above the entries' level (the definitions are over)."""
        m = marker(text)
        if m and m.body and m.number == self.def_next and self.def_rank in (0, m.rank):
            self.def_rank, self.def_next = m.rank, m.number + 1
            self.open((*self.def_path, definition_label(m)), DEFINITION, i, heading_line=False)
            return True
        above = heading(text)
        if above and self.def_rank and above.rank < self.def_rank and self.not_wrapped(i, text):
            self.mode = NARRATIVE
            return False
        self.extend(i)
        return True

    def perf_block(self, i: int) -> int:
        end = self.perf_end(i)
        block = self.lines[i : end + 1]
        name = labelled_fields(perf_header_texts(block), PERF_HEADER_LABELS).get("项目名称", "")
        self.open((PERF_ROOT, name or heading_label(self.lines[i].text)), PERF, i)
        self.spans[-1].end = end
        return end

    def perf_end(self, start: int) -> int:
        """Last line of the 绩效目标表 opened at `start`: its signature line, or the line before the next
        table, part heading, or the next heading of the enclosing numbered list (any 一、 heading once the
        indicator grid has begun, when the enclosing number is unknown)."""
        outer = next((n for rank, n, _ in self.stack if rank == 1), 0)
        in_grid = False
        for j in range(start + 1, len(self.lines)):
            text = self.lines[j].text.strip()
            in_grid = in_grid or "一级指标" in text
            if is_perf_end(text):
                return j
            if is_perf_title(self.lines, j) or part_heading(text) or is_table_title(text):
                return j - 1
            m = heading(text)
            if m and m.rank == 1 and ((outer and m.number == outer + 1) or (not outer and in_grid)):
                return j - 1
        return len(self.lines) - 1


def find_sections(doc: SourceDoc) -> list[Section]:
    """The document's spans in order: parts and numbered headings, the table area, 绩效目标表, definitions."""
    lines = doc.lines
    out: list[Section] = []
    for span in _Walker(lines).run():
        first, last = lines[span.start], lines[span.end]
        out.append(Section(span.path, span.kind, first.no, last.no, first.page, last.page, span.heading))
    return out
