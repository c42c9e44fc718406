"""Answers from a 绩效目标表: a 绩效指标 (「满意度」「每月检查几次」) and a field of a project's table (资金来源,
实施期限, 总体目标…), each cited to its row of the table."""

from __future__ import annotations

from decimal import Decimal

from app.answer.plain_answers import not_found, perf_citation
from app.answer.plan import IndicatorPlan, PerfForms, ProjectField
from app.models import Answer, Citation
from app.numbers import fmt_money, fmt_yuan


def indicator_answer(question: str, plan: IndicatorPlan) -> Answer:
    from app.tools.narrative_search import figures

    p, ind = plan.indicator
    figs = figures(ind.value)
    value, unit = (figs[0][0], figs[0][1]) if figs else (None, None)
    text = f"{p.project}的绩效指标「{ind.name}」（{ind.level1} › {ind.level2}，{ind.period}）：{ind.value}。"
    cite = perf_citation(p, f"{ind.level2} · {ind.name}", f"{ind.name} {ind.value}", ind.page, ind.line)
    return Answer(question, text, value, unit, plan.route, plan.reason, (cite,), "answered", subject=plan.subject)


# -- 绩效目标表 attributes ------------------------------------------------------------------------------


def _perf_cite(p, what: str, quote: str) -> Citation:  # type: ignore[no-untyped-def]
    return perf_citation(p, what, f"项目名称 {p.project}；{quote}")


def perf_answer(question: str, plan: ProjectField) -> Answer:
    p, wanted = plan.perf
    value = unit = None
    if wanted == "funds":
        year = [(src, amt) for period, src, amt in p.funds if period == "年度" and amt and src != "资金总额"]
        if not year:
            return not_found(question, plan, f"{p.project}的资金来源")
        parts = "、".join(f"{src} {fmt_yuan(amt)}" for src, amt in year)
        text = f"{p.project}的年度资金来自：{parts}。"
        if len(year) == 1:
            value, unit = year[0][1], "元"
        quote = f"年度资金：{parts}"
    elif wanted == "total":
        period = "实施期" if "实施期" in question else "年度"
        amt = next((a for per, src, a in p.funds if per == period and src == "资金总额"), None)
        if amt is None:
            return not_found(question, plan, f"{p.project}的{period}资金总额")
        text = f"{p.project}的{period}资金总额：{fmt_money(amt, '元')}。"
        value, unit, quote = amt, "元", f"{period}资金总额：{fmt_yuan(amt)}"
    elif wanted in ("department", "implementer", "attribute"):
        label = {"department": "主管部门及代码", "implementer": "实施单位", "attribute": "项目属性"}[wanted]
        got = {
            "department": p.department,
            "implementer": p.implementer,
            "attribute": f"{p.attribute}，项目期 {p.period}",
        }[wanted]
        if not got.strip("，项目期 "):
            return not_found(question, plan, f"{p.project}的{label}")
        text = f"{p.project}的{label}：{got}。"
        quote = f"{label} {got}"
    else:
        texts = dict(p.texts)
        key = (
            wanted
            if wanted in texts
            else next(
                (k for k in texts if k.startswith(wanted) and "年度" in k),
                next((k for k in texts if k.startswith(wanted)), ""),
            )
        )
        if not key or not texts[key].strip():
            return not_found(question, plan, f"{p.project}的{wanted}")
        text = f"{p.project}的{key}：{texts[key]}"
        quote = texts[key]
        wanted = key
    return Answer(
        question,
        text,
        value,
        unit,
        "narrative",
        plan.reason,
        (_perf_cite(p, wanted, quote),),
        "answered",
        subject=plan.subject,
    )


def forms_answer(question: str, plan: PerfForms) -> Answer:
    """How many 绩效目标表 the document prints and for which projects, or their 年度资金总额 added up (every
    operand listed); each form cited at its first line."""
    forms = plan.forms
    names = "、".join(p.project for p in forms)
    if plan.op in ("count", "list"):
        text = f"文档印有 {len(forms)} 张项目支出绩效目标表（{len(forms)} 个项目）：{names}。"
        cites = tuple(_perf_cite(p, "项目名称", p.project) for p in forms)
        value, unit = (Decimal(len(forms)), "个") if plan.op == "count" else (None, None)
        return Answer(question, text, value, unit, "narrative", plan.reason, cites, "answered", subject=plan.subject)
    year = [next((a for per, src, a in p.funds if per == "年度" and src == "资金总额"), None) for p in forms]
    if any(a is None for a in year):
        missing = "、".join(p.project for p, a in zip(forms, year, strict=True) if a is None)
        return not_found(question, plan, f"{missing}的年度资金总额")
    total = sum(year, Decimal(0))  # type: ignore[arg-type]
    listed = " + ".join(f"{p.project} {fmt_yuan(a)}" for p, a in zip(forms, year, strict=True))  # type: ignore[arg-type]
    text = f"{len(forms)} 张绩效目标表的年度资金总额合计 {fmt_money(total, '元')}：{listed}。"
    cites = tuple(
        _perf_cite(p, "年度资金总额", f"年度资金总额：{fmt_yuan(a)}")  # type: ignore[arg-type]
        for p, a in zip(forms, year, strict=True)
    )
    how = " + ".join(f"{a}" for a in year) + f" = {total}"
    return Answer(
        question, text, total, "元", "narrative", plan.reason, cites, "answered", computation=how, subject=plan.subject
    )
