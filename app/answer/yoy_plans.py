"""Last-year plans: a comparison with last year, or the reason for a change, is written only in the
情况说明's sentences of increase and decrease, so these plans send the question there — with this year's figure
from the table when last year's amount is to be derived from it, or when the amount is asked too.
"""

from __future__ import annotations

import re

from app.answer.intent import Intent
from app.answer.knowledge import Knowledge
from app.answer.linker import Match
from app.answer.plan import Plan, SearchPlan, TablePlan, YearOnYear
from app.answer.question_words import asks_for_change
from app.models import Subject
from app.tools.table_query import TableQuery, Target


def _reason_plan(kb: Knowledge, text: str, intent: Intent, subject: Match | None) -> Plan:
    """「为什么预算减少了」: the reason is written beside the change, in the 情况说明."""
    if subject is not None and re.search(
        r"减少|增加|下降|增长|变化|变动|增减|少了|多了|降|涨|不变|相同|为什么|why|decrease|increase|change|fall|rise",
        text,
    ):
        return YearOnYear(
            reason=f"问「{subject.entity.name}」变化的原因：写在情况说明的增减说明里",
            search=text,
            intent=intent,
            matches=(subject,),
            subject=Subject(subject.entity.kind, subject.entity.name, subject.entity.code),
            kind="reason",
        )
    return SearchPlan(reason="问原因：检索情况说明", search=text, intent=intent)


def _printed_last_year(kb: Knowledge, subject: Match, column: str, kind: str, pct: bool) -> Plan | None:
    """Last year's figure or the change printed in a table beside this year's (西安's 三公 table: 「2018年 | 2019年 |
    增减变化情况」 over each item): read from there, not the prose. The item is a row (its 2018年 / 增减 columns)
    or a column of a 三公 table printed across (its 合计 row)."""
    year = int(kb.doc.get("year") or 0)
    homes = [kb.row_for(subject.entity, column)] if subject.entity.kind in ("row", "concept") else []
    homes.append(kb.three_public_total(subject.entity.name))
    for home in (h for h in homes if h):
        row, col = home
        have = kb.row_columns.get(row["row_id"], set())
        before = next((c for c in (f"{year - 1}年{col}", f"上年{col}") if c in have), "")
        change = f"增减{col}" if f"增减{col}" in have else ""
        where = f"{row['table']}「{row['name']}」"
        this, prev, diff = Target(row["row_id"], col), Target(row["row_id"], before), Target(row["row_id"], change)
        if kind == "change" and pct and change and before:
            query = TableQuery("share", (diff,), denominator=prev)  # the change over last year's, in %
        elif kind == "change" and change:
            query = TableQuery("lookup", (diff,))
        elif kind == "change" and before and not pct:
            query = TableQuery("difference", (this, prev))
        elif kind == "value" and before:
            query = TableQuery("lookup", (prev,))
        else:
            continue
        used = "、".join(dict.fromkeys(t.column for t in (*query.targets, query.denominator) if t))
        item = "concept" if row["level"] == "合计" else subject.entity.kind  # a column read off the 合计 row
        return TablePlan(
            reason=f"问「{subject.entity.name}」与上年：{where}印有上年数或增减（{used}）",
            query=query,
            subject=Subject(item, subject.entity.name, subject.entity.code, row["table"], col),
            matches=(subject,),
        )
    return None


def _yoy_plan(kb: Knowledge, text: str, intent: Intent, subject: Match, column: str) -> Plan:
    asks_change = asks_for_change(text)
    kind = "change" if asks_change else "value"
    pct = bool(re.search(r"百分之|百分点|个点|幅度|降幅|增幅|涨幅|%|percent|比例", text))
    printed = _printed_last_year(kb, subject, column, kind, pct)
    if printed is not None:
        return printed
    found = kb.row_for(subject.entity, column)
    query = TableQuery("lookup", (Target(found[0]["row_id"], found[1]),)) if found else None
    what = "与上年的变化" if kind == "change" else "上年的数额"
    why = (
        "本年数取自表格，上年的增减只写在情况说明里，两者相加减得上年数"
        if kind == "value" and query
        else "与上年的增减只写在情况说明里"
    )
    return YearOnYear(
        reason=f"问「{subject.entity.name}」{what}：{why}",
        query=query if kind == "value" else None,
        search=text,
        kind=kind,
        unit_hint="%" if pct else "万元",
        intent=intent,
        matches=(subject,),
        subject=Subject(
            subject.entity.kind,
            subject.entity.name,
            subject.entity.code,
            found[0]["table"] if found else "",
            found[1] if found else "",
        ),
    )
