"""Where each of the text-format tables starts and ends (app.ingest.tables): a title line (表三2024年预算支出总表,
表3 2024年…, 附表3：2024年…, with or without the unit's name before the year) and/or a label line (预算公开表3 /
部门公开表3 / 附表3 + a plain title) name a table; a title printed again on the next page, or 「表N（续）」,
continues it; a 目录 entry or a 绩效目标表 title is not one. The line shapes are also used to drop these lines
from a table's body (app.ingest.table_parser) and to find the table area (app.ingest.headings).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.ingest.scan import toc_page_tail
from app.models import Line
from app.numbers import cn_to_int, int_to_cn

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
