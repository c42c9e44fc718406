"""Compose: run the plan's tools and write the answer in Chinese — the figure with its unit, where it
came from, and how it was computed. Anything the tools do not return is not said."""

from __future__ import annotations

from decimal import Decimal

from app.answer.kb import Knowledge
from app.answer.router import Plan
from app.errors import QueryError
from app.ingest.numbers import fmt_money, fmt_yuan
from app.models import Answer, Citation
from app.tools.narrative_search import NarrativeTool, Passage, best_figure, coverage
from app.tools.table_query import TableResult, TableTool

MIN_TEXT_COVERAGE = 0.34  # share of the question's content bigrams a passage must contain to be shown
MIN_FIGURE_COVERAGE = 0.3


def not_found(question: str, plan: Plan, what: str = "") -> Answer:
    msg = plan.message or f"文档中未找到{('关于「' + what + '」的') if what else '能回答这个问题的'}内容。"
    return Answer(question, msg, None, None, plan.route if plan.route != "table" else "none", plan.reason,
                  status=plan.status or "not_found", subject=plan.subject)


def _money(value: Decimal, unit: str) -> str:
    return fmt_money(value, unit) if unit in ("万元", "元") else f"{value}{unit}"


def _perf_note(kb: Knowledge, name: str) -> tuple[str, list[Citation]]:
    p = kb.perf_for(name)
    if p is None:
        return "", []
    year = [(src, amt) for period, src, amt in p.funds if period == "年度" and amt and "总额" not in src]
    if not year:
        return "", []
    parts = "、".join(f"{src} {fmt_yuan(amt)}" for src, amt in year)
    cite = Citation(source=f"绩效目标表：{p.project}", title="项目支出绩效目标表", locator=f"第{p.page}页 第{p.line}行 · 项目资金（元）",
                    quote=f"年度资金：{parts}", kind="perf", ref_id=p.target_id, page=p.page, line=p.line)
    return f"资金来源（绩效目标表）：{parts}。", [cite]


def table_answer(question: str, plan: Plan, result: TableResult, kb: Knowledge) -> Answer:
    cites = [f.citation for f in result.facts]
    facts = result.facts
    op = result.op
    if op == "lookup":
        f = facts[0]
        name = plan.subject.name if plan.subject and plan.subject.kind == "concept" else f.name
        if f.value is None:
            text = f"{name}：{f.label}中该项为空，即 0{f.unit}（文档列出了这一行，但没有安排预算）。"
            return Answer(question, text, Decimal(0), f.unit, plan.route, plan.reason, tuple(cites), "zero", subject=plan.subject)
        text = f"{name}：{_money(f.value, f.unit)}（{f.label}）。"
        note, perf_cites = _perf_note(kb, f.name)
        if note:
            text += note
            cites += perf_cites
    elif op == "share":
        num, den = facts
        text = f"{num.label}占{den.label}的 {result.value}%（{result.computation}）。"
    elif op == "difference":
        a, b = facts
        word = "多" if result.value >= 0 else "少"  # type: ignore[operator]
        text = f"{a.label}比{b.label}{word} {_money(abs(result.value), a.unit)}（{result.computation}）。"  # type: ignore[arg-type]
    elif op == "sum":
        blank = "；其中" + "、".join(f.name for f in facts if f.value is None) + "在表中为空（0）" if any(f.value is None for f in facts) else ""
        text = f"{' + '.join(f.name for f in facts)} = {_money(result.value, result.unit)}（{result.computation}{blank}）。"  # type: ignore[arg-type]
    elif op == "count":
        names = "、".join(f.name for f in facts)
        text = f"共 {len(facts)} 个：{names}。"
    elif op in ("max", "min"):
        f = facts[0]
        word = "最多" if op == "max" else "最少"
        text = f"{f.name}{word}：{_money(f.value, f.unit)}（{f.label}；{result.computation}）。"  # type: ignore[arg-type]
    else:  # list
        lines = [f"- {f.name}：{_money(f.value, f.unit) if f.value is not None else '空（0）'}" for f in facts]
        text = f"共 {len(facts)} 项：\n" + "\n".join(lines)
    value = result.value
    unit = result.unit if value is not None else None
    return Answer(question, text, value, unit, plan.route, plan.reason, tuple(cites), "answered", result.computation, plan.subject)


def narrative_answer(question: str, plan: Plan, tool: NarrativeTool) -> Answer:
    if plan.indicator is not None:
        return indicator_answer(question, plan)
    passages = tool.search(plan.search or question, kinds=plan.kinds) if plan.kinds else []
    passages = passages or tool.search(plan.search or question)
    if plan.route == "both" and plan.subject is not None:  # the prose about the subject the table answered
        passages = [p for p in passages if plan.subject.name in p.chunk.text] or passages
    if not passages:
        return not_found(question, plan)
    if plan.want_figure:
        return _figure_answer(question, plan, passages)
    best = max(passages[:3], key=lambda p: p.coverage)
    if best.coverage < MIN_TEXT_COVERAGE:
        return not_found(question, plan)
    text = best.sentence
    return Answer(question, f"{text}", None, None, plan.route, plan.reason, (best.citation(),), "answered", subject=plan.subject)


def _figure_answer(question: str, plan: Plan, passages: list[Passage]) -> Answer:
    q = plan.search or question
    candidates = []
    from app.tools.narrative_search import CHANGE_WORDS

    prefer = CHANGE_WORDS if plan.intent is not None and plan.intent.yoy else None
    for rank, p in enumerate(passages[:4]):
        for sent in _sentences_of(p):
            fig = best_figure(q, sent, plan.unit_hint, prefer)
            if fig is not None:
                candidates.append((fig.score + coverage(q, sent) - rank * 0.02, fig, sent, p))
    if not candidates:
        return not_found(question, plan)
    score, fig, sent, p = max(candidates, key=lambda c: c[0])
    if fig.score < MIN_FIGURE_COVERAGE:
        return not_found(question, plan)
    passage = Passage(p.chunk, p.score, sent, p.coverage)
    text = f"{fig.text}。原文：「{sent}」"
    return Answer(question, text, fig.value, fig.unit, plan.route, plan.reason, (passage.citation(),), "answered", subject=plan.subject)


def _sentences_of(p: Passage) -> list[str]:
    from app.tools.narrative_search import sentences

    return sentences(p.chunk.text) or [p.chunk.text]


def indicator_answer(question: str, plan: Plan) -> Answer:
    from app.tools.narrative_search import figures

    p, ind = plan.indicator  # type: ignore[misc]
    figs = figures(ind.value)
    value, unit = (figs[0][0], figs[0][1]) if figs else (None, None)
    text = f"{p.project}的绩效指标「{ind.name}」（{ind.level1} › {ind.level2}，{ind.period}）：{ind.value}。"
    cite = Citation(source=f"绩效目标表：{p.project}", title="项目支出绩效目标表", locator=f"第{ind.page}页 第{ind.line}行 · {ind.level2} · {ind.name}",
                    quote=f"{ind.name} {ind.value}", kind="perf", ref_id=p.target_id, page=ind.page, line=ind.line)
    return Answer(question, text, value, unit, plan.route, plan.reason, (cite,), "answered", subject=plan.subject)


def answer(question: str, plan: Plan, kb: Knowledge, tables: TableTool, narrative: NarrativeTool) -> Answer:
    if plan.route == "none":
        return not_found(question, plan)
    if plan.route == "narrative":
        return narrative_answer(question, plan, narrative)
    try:
        result = tables.run(plan.query)  # type: ignore[arg-type]
    except QueryError as e:
        plan.message = f"文档中未找到可计算的数据：{e}。"
        return not_found(question, plan)
    main = table_answer(question, plan, result, kb)
    if plan.route != "both":
        return main
    extra = narrative_answer(question, plan, narrative)
    if extra.status != "answered":
        return main
    value, unit = (extra.value, extra.unit) if plan.want_figure and extra.value is not None else (main.value, main.unit)
    text = main.text + "\n" + ("与上年相比：" if plan.want_figure else "说明：") + extra.text
    return Answer(question, text, value, unit, "both", plan.reason, main.citations + extra.citations, "answered",
                  main.computation, plan.subject)
