"""What a line of a disclosure is, by its shape (app.ingest.sections walks the lines with these): a numbering
marker (一、 （一） 1、/1. （1） ①) and its number, a heading (short, without sentence punctuation or an amount),
a 第X部分 part heading, a table's title, a 绩效目标表's title and its closing signature line, the
labelled fields at a 绩效目标表's head (项目名称 …, also read by app.ingest.performance_targets), and the
label of a 名词解释 entry. Only the format: nothing here knows a document's names or positions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.ingest.scan import toc_entry_tail
from app.ingest.table_titles import is_table_head
from app.models import Line
from app.sentences import join_text

MAX_HEADING_CHARS = 32
_SENTENCE_PUNCT = set("。；;，,！!？?")
_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "一二三四五六七八九十"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

_PART_RE = re.compile(rf"^第([{_CN}]{{1,3}})部分\s*(.*)$")
# (rank, pattern): 一、 > （一） > 1、/1. > （1） > ①
_MARKERS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^([{_CN}]{{1,3}})\s*[、．.]\s*(.*)$")),
    (2, re.compile(rf"^[（(]\s*([{_CN}]{{1,3}})\s*[）)]\s*[、.．]?\s*(.*)$")),
    (3, re.compile(r"^(\d{1,2})(?:\s*[、．]|\.(?!\d))\s*(.*)$")),
    (4, re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*(.*)$")),
    (5, re.compile(rf"^([{_CIRCLED}])\s*(.*)$")),
)
_AMOUNT_WITH_UNIT_RE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?\s*(?:万元|亿元|元|%|％)")
# 表三2024年预算支出总表 / 预算公开表3 / 部门公开表9 (a table title runs straight into the year or title)
_TABLE_TITLE_RE = re.compile(
    rf"^(?:表\s*[{_CN}]{{1,3}}\s*(?:20\d\d|[\u4e00-\u9fff])|(?:预算|部门|单位)?(?:公开表|附表)\s*\d{{1,2}}(?!\d))"
)

_PERF_TITLE_RE = re.compile(r"绩效目标(?:申报)?表")
_PERF_LOOKAHEAD = 6
_PERF_END_WORDS = ("负责人", "填报人", "填报日期", "审核人")
_PERF_HEADER_STOP = ("项目资金", "项目概况", "项目基本情况", "立项依据", "一级指标")

# Labelled fields at the head of a 绩效目标表 (longest first so 主管部门及代码 wins over 主管部门)
PERF_HEADER_LABELS = ("主管部门及代码", "项目名称", "主管部门", "实施单位", "项目属性", "项目周期", "项目期")
_DEFINITION_TERM_RE = re.compile(r"^(.{1,24}?)(?:[：:]|是指|系指|是对)")


@dataclass(frozen=True)
class Marker:
    """A numbering marker at the start of a line: rank (1 = 一、 … 5 = ①), its number and the text after it."""

    rank: int
    number: int
    label: str  # the marker as printed, e.g. "（一）"
    body: str


# ---------------------------------------------------------------- numbering and heading shapes


def cn_number(text: str) -> int:
    """Chinese numeral (一 … 九十九) or circled digit → int. '十一' → 11, '二十' → 20."""
    if text in _CIRCLED:
        return _CIRCLED.index(text) + 1
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return _CN_DIGITS.get(text, 0)
    tens, _, units = text.partition("十")
    return (_CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (_CN_DIGITS.get(units, 0) if units else 0)


def marker(text: str) -> Marker | None:
    """The numbering marker that opens `text` (already stripped), if any."""
    for rank, pattern in _MARKERS:
        m = pattern.match(text)
        if m:
            label = text[: m.start(2)].strip()
            return Marker(rank=rank, number=cn_number(m.group(1)), label=label, body=m.group(2).strip())
    return None


def is_heading_text(text: str) -> bool:
    """A heading is short and carries no sentence punctuation (a trailing colon is fine) and no amount."""
    body = text.rstrip("：:").strip()
    if not body or len(body) > MAX_HEADING_CHARS:
        return False
    if any(ch in _SENTENCE_PUNCT for ch in body) or body.endswith("、"):
        return False
    return not _AMOUNT_WITH_UNIT_RE.search(body)


def heading(text: str) -> Marker | None:
    """The marker of a numbered heading line, or None for prose (including wrapped lines such as
    「1,222.75万元，上年结转0万元…」 or 「2.深化职称制度改革，创新…」)."""
    m = marker(text)
    if m is None or not m.body or not is_heading_text(m.body):
        return None
    return m


def heading_label(text: str) -> str:
    """A heading as it goes into a path: stripped, inner whitespace collapsed, no trailing colon."""
    return re.sub(r"\s+", " ", text.strip()).rstrip("：:").strip()


def part_heading(text: str) -> tuple[int, str] | None:
    """(part number, label) for a 第X部分 heading line, e.g. (3, '第三部分 2024年度单位预算情况说明')."""
    m = _PART_RE.match(text)
    if not m or len(text) > 40 or any(ch in "。；，" for ch in text) or toc_entry_tail(text):
        return None
    rest = heading_label(m.group(2))
    return cn_number(m.group(1)), (f"第{m.group(1)}部分 {rest}" if rest else f"第{m.group(1)}部分")


def is_table_title(text: str) -> bool:
    """A line that names one of the tables (表三2024年…, 表3 2024年…, 预算公开表3, 附表3, …)."""
    if len(text) > 60 or toc_entry_tail(text):  # a 目录 entry 「表一2024年预算收支总表……3」
        return False
    return bool(_TABLE_TITLE_RE.match(text)) or is_table_head(text)


def is_perf_title(lines: Sequence[Line], i: int) -> bool:
    """A 绩效目标表 title: a short line naming the table, the last such line before a 项目名称 line a few
    lines below (so a remark like 「（项目绩效目标表公开情况见附件）」 just above the title is not one)."""
    text = lines[i].text.strip()
    if not _PERF_TITLE_RE.search(text) or len(text) > 50:
        return False
    below_lines = [t for ln in lines[i + 1 : i + 1 + 3 * _PERF_LOOKAHEAD] if (t := ln.text.strip())]
    for below in below_lines[:_PERF_LOOKAHEAD]:
        if below.startswith("项目名称"):
            return True
        if _PERF_TITLE_RE.search(below):
            return False
    return False


def is_perf_end(text: str) -> bool:
    """The signature line that closes a 绩效目标表 (负责人： 经办人： 联系电话： 填报日期：)."""
    return text.startswith(_PERF_END_WORDS)


def labelled_fields(texts: Iterable[str], labels: Sequence[str]) -> dict[str, str]:
    """Values of `label value label value …` lines; a line that starts with no label continues the previous
    value (wrapped names are joined without a space). Text before the first label is ignored."""
    alternation = "|".join(re.escape(lb) for lb in sorted(labels, key=len, reverse=True))
    label_re = re.compile(rf"(?:^|(?<=\s))({alternation})[：:]?")
    fields: dict[str, str] = {}
    current = ""
    for raw in texts:
        text = raw.strip()
        hits = list(label_re.finditer(text))
        if not hits or hits[0].start() != 0:
            if current:
                fields[current] = join_text(fields[current], text[: hits[0].start()] if hits else text)
            if not hits:
                continue
        for k, hit in enumerate(hits):
            end = hits[k + 1].start() if k + 1 < len(hits) else len(text)
            current = hit.group(1)
            fields.setdefault(current, "")
            fields[current] = join_text(fields[current], text[hit.end() : end].strip())
    return {k: v.strip() for k, v in fields.items()}


def perf_header_texts(block: Sequence[Line]) -> list[str]:
    """The labelled head of a 绩效目标表 (项目名称 … 项目期): the lines after the title, before the funds
    (or, without funds, before the texts or the indicator grid)."""
    out: list[str] = []
    for ln in block[1:]:
        text = ln.text.strip()
        if text.startswith(_PERF_HEADER_STOP) or "资金总额" in text:
            break
        out.append(text)
    return out


def definition_label(m: Marker) -> str:
    """「一、基本支出：指…」 → '一、基本支出'; 「九、一般公共预算是指…」 → '九、一般公共预算'."""
    term = _DEFINITION_TERM_RE.match(m.body)
    name = term.group(1) if term else m.body[:12]
    return f"{m.label}{name.strip()}"
