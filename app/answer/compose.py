"""Compose: run the plan's tools and write the answer in Chinese — the figure with its unit, where it
came from, and how it was computed. Anything the tools do not return is not said.

This is the dispatch on the plan's variant (app.answer.plan): a comparison with last year (yoy_answers), a
绩效目标表 field or indicator (perf_answers), the prose or the table tool, and a "both" plan joins the table's
answer with the prose's (plain_answers). A Decline is its message.
"""

from __future__ import annotations

import re
from dataclasses import replace

from app.answer.knowledge import Knowledge
from app.answer.perf_answers import forms_answer, indicator_answer, perf_answer
from app.answer.plain_answers import narrative_answer, not_found, table_answer
from app.answer.plan import (
    BothPlan,
    Decline,
    IndicatorPlan,
    PerfForms,
    Plan,
    ProjectField,
    SearchPlan,
    TablePlan,
    YearOnYear,
)
from app.answer.prose_share import prose_listed_sum
from app.answer.yoy_answers import yoy_answer
from app.errors import QueryError
from app.models import Answer
from app.tools.narrative_search import NarrativeTool, Passage, sentences
from app.tools.table_query import TableTool


def answer(
    question: str, plan: Plan, kb: Knowledge, tables: TableTool, narrative: NarrativeTool, chunks: list | None = None
) -> Answer:
    match plan:
        case YearOnYear():
            return yoy_answer(question, plan, kb, tables, chunks or [])
        case ProjectField():
            return perf_answer(question, plan)
        case PerfForms():
            return forms_answer(question, plan)
        case IndicatorPlan():
            return indicator_answer(question, plan)
        case SearchPlan() if not isinstance(plan, BothPlan):
            return narrative_answer(question, plan, narrative)
        case TablePlan() | BothPlan():
            return _tables_then_prose(question, plan, kb, tables, narrative)
        case Decline(prose_sum=True):  # 「机关运行经费和委托业务费加起来」 where the tables lack one: the prose's
            prose = SearchPlan(reason=plan.reason + "；检索正文", search=question, intent=plan.intent)
            added = prose_listed_sum(question, prose, narrative)
            return added if added is not None and added.status == "answered" else not_found(question, plan)
    return not_found(question, plan)  # Decline, or a plan with nothing to run


def _one_units_row(question: str, plan: TablePlan | BothPlan, kb: Knowledge) -> tuple[str, str] | None:
    """(row, unit) of a figure the plan reads from one unit's row, of a name the table lists under several of the
    department's units, when the question does not name that unit; None when every figure is the department's
    or one unit's only, the unit is named, or the plan reads each unit's row on purpose (rules table/by_unit, table/under_each)."""
    if plan.rule in ("table/by_unit", "table/under_each"):
        return None
    named = {m.entity.name for m in plan.matches}
    for t in (*plan.query.targets, *((plan.query.denominator,) if plan.query.denominator else ())):
        r = kb.rows_by_id.get(t.row_id)
        if r is None or not kb.under_unit(r) or r["parent"] in named or r["parent"] in question:
            continue
        if len({o["parent"] for o in kb.same_name_rows(r)}) > 1:  # listed under several units: whose is asked?
            return r["name"], r["parent"]
    return None


def _tables_then_prose(
    question: str, plan: TablePlan | BothPlan, kb: Knowledge, tables: TableTool, narrative: NarrativeTool
) -> Answer:
    unit = _one_units_row(question, plan, kb)
    if unit:  # 「会议费和培训费各是多少」 where a table gives them only per unit: no unit's figure stands for all
        row, parent = unit
        return not_found(
            question,
            plan.but(
                message=f"文档中未找到整个部门的「{row}」：{parent}等单位各列了一行，问题没有说是哪个单位的，"
                "所以不拿一个单位的数代替。"
            ),
        )
    try:
        result = tables.run(plan.query)
    except QueryError as e:
        return not_found(question, plan.but(message=f"文档中未找到可计算的数据：{e}。"))
    main = _said_in_prose_too(table_answer(question, plan, result, kb), plan, kb, narrative)
    if not isinstance(plan, BothPlan):
        return main
    extra = narrative_answer(question, plan, narrative)
    if extra.status != "answered":
        return main
    value, unit = (extra.value, extra.unit) if plan.want_figure and extra.value is not None else (main.value, main.unit)
    text = main.text + "\n" + ("与上年相比：" if plan.want_figure else "说明：") + extra.text
    return Answer(
        question,
        text,
        value,
        unit,
        "both",
        plan.reason,
        main.citations + extra.citations,
        "answered",
        main.computation,
        plan.subject,
    )


def _said_in_prose_too(main: Answer, plan: TablePlan | BothPlan, kb: Knowledge, narrative: NarrativeTool) -> Answer:
    """A share the tables give that the prose also prints for the same name (「社会保障和就业支出393.41万元，占32.17%」):
    that sentence is cited beside the rows — the same figure, said by the document in words."""
    if plan.query.op != "share" or main.unit != "%" or main.value is None or not plan.query.targets:
        return main
    row = kb.rows_by_id.get(plan.query.targets[0].row_id)
    name = re.sub(r"^[\d\s.、（）()一二三四五六七八九十]+", "", str(row["name"])) if row else ""
    printed = f"{main.value:.2f}%"
    if len(name) < 2:
        return main
    for chunk in narrative.chunks.values():  # every chunk: a search may rank the one clause low
        if name not in chunk.text or printed not in chunk.text:
            continue
        for sent in sentences(chunk.text) or [chunk.text]:
            flat = re.sub(r"\s+", "", sent)
            at = flat.find(name)
            near = flat[at + len(name) : at + len(name) + 24] if at >= 0 else ""
            if re.match(rf"[^。；;占]{{0,16}}占[^。；;]{{0,4}}?{re.escape(printed)}", near):
                cite = Passage(chunk, 0.0, sent, 1.0).citation()
                return replace(main, text=f"{main.text}\n情况说明也写明：「{sent}」", citations=(*main.citations, cite))
    return main
