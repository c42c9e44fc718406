"""A row asked of the tables the question names by number or title. 「交通运输支出在部门收支总表和财政拨款收支总表里差了
多少」 is the row of each table (their difference when asked, else each), never one table's figure; 「表五里的退休费」
where 表五 does not list 退休费 says so and where the row is printed — never another table's figure as 表五's."""

from __future__ import annotations

import re

from app.answer.knowledge import Knowledge
from app.answer.linker import Match, core_name
from app.answer.plan import Decline, Plan, TablePlan
from app.answer.question import Question
from app.answer.question_words import _BODY_END, _TABLE_REF, table_labels
from app.answer.table_rows import _in_named_table, _total_row
from app.tools.table_query import TableQuery, Target


def _titled(kb: Knowledge, label: str, m: Match) -> tuple[dict, str] | None:
    """「表六的基本支出」 where 表六 is the 一般公共预算基本支出情况表: the table's own total, the whole it breaks down."""
    name = core_name(m.entity.name)
    total = _total_row(kb, label)
    if len(name) < 4 or name not in str(kb.tables[label].get("title", "")) or total is None:
        return None
    return total, kb.columns(label)[0]


def _only(text: str, label: str, labels: list[str]) -> str:
    """The question naming only `label` of the tables it names (the others blanked, its spans kept)."""
    for other in labels:
        if other != label:
            text = text.replace(other, " " * len(other))
    return text


def _labels_in_order(kb: Knowledge, text: str) -> list[str]:
    said = [(m.start(), table_labels(m.group(0))) for m in _TABLE_REF.finditer(text)]
    return list(dict.fromkeys(label for _, labels in said for label in labels if label in kb.tables))


_BY_NUMBER = re.compile(r"表\s*(?:[一二三四五六七八九十]|\d)|\d{1,2}\s*表")


def not_in_the_named_table(kb: Knowledge, q: Question) -> Plan | None:
    """One row asked of one table named by its number that does not list it (by name, nor as a column)."""
    labels = _labels_in_order(kb, q.text)
    rows = [m for m in q.table_matches if m.entity.kind == "row"]
    if len(labels) != 1 or len(q.table_matches) != 1 or len(rows) != 1 or not _BY_NUMBER.search(q.asked):
        return None
    m, label = rows[0], labels[0]
    if _in_named_table(kb, q.text, m, q.column, []) is not None or m.entity.name in kb.columns(label):
        return None
    if _BODY_END.search(m.entity.name) or q.intent.count or q.intent.list:
        return None  # 「表10里富春强制隔离戒毒所有几个项目」: a unit whose projects the table lists (the unit rules)
    printed = list(dict.fromkeys(r["table"] for r in kb.entity_rows.get(m.entity.key, []) if r["table"] != label))
    if not printed:
        return None
    where = "、".join(f"{t}（{kb.tables[t].get('title', '')}）" for t in printed if t in kb.tables)
    return Decline(
        reason=f"问题指明{label}，但{label}没有「{m.entity.name}」这一行（它在{'、'.join(printed)}）",
        status="not_found",
        intent=q.intent,
        matches=q.matches,
        message=f"文档中未找到{label}里的「{m.entity.name}」：{label}（{kb.tables[label].get('title', '')}）没有这一行。"
        f"「{m.entity.name}」列在{where}，可以问那张表里的数。",
    )


def one_row_two_tables(kb: Knowledge, q: Question) -> Plan | None:
    labels = _labels_in_order(kb, q.text)
    named = [m for m in q.matches if m.entity.kind in ("row", "concept")]
    if len(labels) != 2 or len(named) != 1 or q.intent.share or q.intent.yoy:
        return None
    m = named[0]
    hits = [
        (label, _in_named_table(kb, _only(q.text, label, labels), m, q.column, []) or _titled(kb, label, m))
        for label in labels
    ]
    missing = [label for label, hit in hits if hit is None]
    if missing:
        return Decline(
            reason=f"问「{m.entity.name}」在两张表里的数，但{'、'.join(missing)}没有这一行",
            status="not_found",
            intent=q.intent,
            matches=q.matches,
            message=f"文档中未找到{'、'.join(missing)}里的「{m.entity.name}」，所以不给出两表的数字（不用别的表代替）。",
        )
    targets = tuple(Target(hit[0]["row_id"], hit[1]) for _, hit in hits if hit is not None)
    diff = q.intent.diff or bool(re.search(r"相差|差(?:了|多少|几|额|距|别|异)|不一样|区别", q.text))  # not 差旅费
    where = "、".join(f"{label}「{hit[0]['name']}」{hit[1]}" for label, hit in hits if hit is not None)
    return TablePlan(
        reason=f"问同一项在两张表里的{'差额' if diff else '各自的数'}：{where}",
        query=TableQuery("difference" if diff else "each", targets),
        matches=q.matches,
    )


_BOTH_YEARS = re.compile(
    r"(?:本年|今年|当年|年初)[^，,。？?]{0,8}(?:和|加|与|及|连同|加上|以及)[^，,。？?]{0,4}上年结转"
)


def this_year_and_carried(kb: Knowledge, q: Question) -> Plan | None:
    """「J残疾人就业保障金本年预算加上年结转一共多少」: the project's row in the project table (本年) and in the
    上年结转 project table — added when asked to add, else each; never one of them alone."""
    rows = [m for m in q.matches if m.entity.kind == "row" and "上年结转" not in m.entity.name]
    if len(rows) != 1 or not _BOTH_YEARS.search(q.text):
        return None
    name = core_name(rows[0].entity.name)
    found = {
        kind: [r for r in kb.rows.to_dict("records") if r["table"] == label and core_name(r["name"]) == name]
        for label, kind in kb.kind_of.items()
        if kind in ("project", "project_carryover")
    }
    this, carried = found.get("project", []), found.get("project_carryover", [])
    if len(this) != 1 or len(carried) != 1:
        return None
    targets = tuple(Target(r["row_id"], kb.columns(r["table"])[0]) for r in (this[0], carried[0]))
    adds = q.intent.sum or bool(re.search(r"加|一共|合计|总共|共", q.text))
    return TablePlan(
        reason=f"问「{name}」本年预算{'加' if adds else '和'}上年结转：{this[0]['table']}与{carried[0]['table']}各一行",
        query=TableQuery("sum" if adds else "each", targets),
        matches=q.matches,
    )
