"""The operation a question asks is the operation its plan runs: a share (「占总支出多少」) is answered with a
share or not at all, and a difference (「A比B多多少」) never with one row's amount."""

from __future__ import annotations

import re
from typing import Protocol

from app.answer.intent import Intent
from app.answer.plan import Decline, Plan, ProjectField, table_query


class Question(Protocol):  # what these guards read of app.answer.question.Question
    text: str
    intent: Intent
    table_matches: tuple

    @property
    def share_of_whole(self) -> bool: ...


def one_figure_for_a_difference(q: Question, plan: Plan) -> bool:
    """「政府采购服务预算比货物预算多多少」 answered by one row's look-up: not a difference."""
    query = table_query(plan)
    return q.intent.diff and not q.intent.yoy and query is not None and query.op == "lookup"


_LIST_GAP = re.compile(r"\s*(?:和|与|及|以及|加上?|、|跟|同|plus|and|,|，|\+|＋)?\s*")


def one_figure_for_a_sum(q: Question, plan: Plan) -> bool:
    """「三公经费和会议费培训费加起来」 answered by one row's look-up: not a sum of what was listed."""
    query = table_query(plan)
    ms = [m for m in q.table_matches if m.end > m.start]
    listed = len({m.entity.key for m in ms}) >= 2 and all(
        _LIST_GAP.fullmatch(q.text[x.end : y.start]) and x.entity.key != y.entity.key for x, y in zip(ms, ms[1:])
    )  # 「2013801行政运行」: one row said by its code and its name
    return q.intent.sum and listed and query is not None and query.op == "lookup"


_PROJECTS_COUNTED = re.compile(r"(?:几|多少)个?(?:二级)?项目|项目(?:有|共有|一共有|总共有)?(?:几|多少)个")


def amount_for_a_count(q: Question, plan: Plan) -> bool:
    """「项目支出有多少个项目」 answered by 项目支出's amount: a count is never answered with money."""
    query = table_query(plan)
    return bool(q.intent.count and _PROJECTS_COUNTED.search(q.text)) and query is not None and query.op != "count"


def share_or_nothing(q: Question, plan: Plan) -> Plan:
    """A question that asks for a share (「占总支出多少」) is answered with a share or not at all — never with
    the amount of one of its operands."""
    asks_share = q.share_of_whole and not re.search(r"占用|占地|占有", q.text)
    query = table_query(plan)
    if asks_share and q.intent.yoy and query is not None:
        return Decline(
            reason="问的是占比与上年相比的变化；表格只有本年的数",
            status="not_found",
            message="文档中未找到上年的占比：表格只列本年预算，所以不计算占比的变化（不会用本年的占比代替）。",
            intent=q.intent,
            rule=f"{plan.rule}/share_guard",
        )
    amount = isinstance(plan, ProjectField) and plan.perf[1] == "total"  # a project's 资金总额 from its form
    if not asks_share or (query is None and not amount) or (query is not None and query.op == "share"):
        return plan
    return Decline(
        reason=f"问的是占比，但规则「{plan.rule}」只对上了一个数（{plan.reason}）",
        status="not_found",
        message="文档中未找到能确定的占比：问题里的分子或分母对不上表格中的行，所以不给出金额（不会用金额代替比例）。",
        intent=q.intent,
        rule=f"{plan.rule}/share_guard",
    )
