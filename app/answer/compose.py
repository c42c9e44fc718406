"""Compose: run the plan's tools and write the answer in Chinese — the figure with its unit, where it
came from, and how it was computed. Anything the tools do not return is not said."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from app.answer.knowledge import Knowledge
from app.answer.router import Plan
from app.errors import QueryError
from app.models import Answer, Citation, Subject
from app.numbers import fmt_money, fmt_yuan
from app.tools.narrative_search import NarrativeTool, Passage, best_figure, coverage
from app.tools.table_query import TableResult, TableTool

MIN_TEXT_COVERAGE = 0.5  # a prose answer must hold half of the question's (rarity-weighted) words
MIN_FIGURE_COVERAGE = 0.5  # half of the question's (rarity-weighted) words must be in the figure's clause


def not_found(question: str, plan: Plan, what: str = "") -> Answer:
    msg = plan.message or f"文档中未找到{('关于「' + what + '」的') if what else '能回答这个问题的'}内容。"
    return Answer(
        question,
        msg,
        None,
        None,
        plan.route if plan.route != "table" else "none",
        plan.reason,
        status=plan.status or "not_found",
        subject=plan.subject,
    )


def _money(value: Decimal, unit: str) -> str:
    return fmt_money(value, unit) if unit in ("万元", "元", "千元") else f"{value}{unit}"


def _perf_note(kb: Knowledge, name: str) -> tuple[str, list[Citation]]:
    p = kb.perf_for(name)
    if p is None:
        return "", []
    year = [(src, amt) for period, src, amt in p.funds if period == "年度" and amt and "总额" not in src]
    if not year:
        return "", []
    parts = "、".join(f"{src} {fmt_yuan(amt)}" for src, amt in year)
    cite = Citation(
        source=f"绩效目标表：{p.project}",
        title="项目支出绩效目标表",
        locator=f"第{p.page}页 第{p.line}行 · 项目资金（元）",
        quote=f"项目名称 {p.project}；年度资金：{parts}",
        kind="perf",
        ref_id=p.target_id,
        page=p.page,
        line=p.line,
    )
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
            return Answer(
                question, text, Decimal(0), f.unit, plan.route, plan.reason, tuple(cites), "zero", subject=plan.subject
            )
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
    elif op == "each":
        names = [m.entity.name for m in plan.matches] if len(plan.matches) == len(facts) else [f.name for f in facts]
        parts = [
            f"{n}：{_money(f.value, f.unit) if f.value is not None else '表中为空（0）'}（{f.label}）"
            for n, f in zip(names, facts)
        ]
        text = "分别为：" + "；".join(parts) + "。"
    elif op == "sum":
        blank = (
            "；其中" + "、".join(f.name for f in facts if f.value is None) + "在表中为空（0）"
            if any(f.value is None for f in facts)
            else ""
        )
        names = [m.entity.name for m in plan.matches] if len(plan.matches) == len(facts) else [f.name for f in facts]
        text = f"{' + '.join(names)} = {_money(result.value, result.unit)}（{result.computation}{blank}）。"  # type: ignore[arg-type]
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
    return Answer(
        question, text, value, unit, plan.route, plan.reason, tuple(cites), "answered", result.computation, plan.subject
    )


BUSY_NOTE = "\n（服务器繁忙：这次只按关键词检索了原文，没有用语义检索；结果可能不如平时全面。）"


def narrative_answer(question: str, plan: Plan, tool: NarrativeTool) -> Answer:
    if plan.indicator is not None:
        return indicator_answer(question, plan)
    passages = tool.search(plan.search or question, kinds=plan.kinds) if plan.kinds else []
    passages = passages or tool.search(plan.search or question, k=8 if plan.route == "both" else None)
    if plan.route == "both" and plan.subject is not None:  # the prose about the subject the table answered
        passages = (
            [p for p in passages if plan.subject.name in p.sentence]
            or [p for p in passages if plan.subject.name in p.chunk.text]
            or passages
        )
    if not passages:
        return not_found(question, plan)
    if plan.want_figure:
        return _figure_answer(question, plan, passages, tool.idf)
    best = max(passages[:5], key=lambda p: p.coverage)
    if best.coverage < MIN_TEXT_COVERAGE:
        return not_found(question, plan)
    text = best.sentence + (BUSY_NOTE if best.keywords_only else "")
    return Answer(
        question,
        f"{text}",
        None,
        None,
        plan.route,
        plan.reason,
        (best.citation(),),
        "answered",
        subject=plan.subject or _topic(best),
    )


def _topic(p: Passage) -> Subject:
    """The subject of a narrative answer, for follow-ups: its section heading without numbering."""
    title = p.chunk.section[-1] if p.chunk.section else ""
    return Subject("topic", re.sub(r"^[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*", "", title))


def _figure_answer(question: str, plan: Plan, passages: list[Passage], idf=None) -> Answer:  # type: ignore[no-untyped-def]
    q = plan.search or question
    candidates = []
    from app.tools.narrative_search import CHANGE_WORDS

    prefer = CHANGE_WORDS if plan.intent is not None and plan.intent.yoy else None
    for rank, p in enumerate(passages[:4]):
        for sent in _sentences_of(p):
            fig = best_figure(q, sent, plan.unit_hint, prefer, idf)
            if fig is not None:
                support = (fig.score + coverage(q, sent, idf)) / 2  # the figure's clause and its sentence
                candidates.append((support - rank * 0.02, support, fig, sent, p))
    if not candidates:
        return not_found(question, plan)
    _, support, fig, sent, p = max(candidates, key=lambda c: c[0])
    negated = _NEGATED.search(q)
    if negated and not re.search(rf"(没有?|未|不|非){negated.group(2)}", sent):
        plan.message = f"文档中未找到「{negated.group(0)}」的数字：情况说明只写了{negated.group(2)}的部分。"
        return not_found(question, plan)  # 「没公开…的项目」: the sentence gives the 公开 figure, the opposite
    if support < MIN_FIGURE_COVERAGE:
        return not_found(question, plan)
    passage = Passage(p.chunk, p.score, sent, p.coverage)
    text = f"{fig.text}。原文：「{sent}」"
    return Answer(
        question,
        text,
        fig.value,
        fig.unit,
        plan.route,
        plan.reason,
        (passage.citation(),),
        "answered",
        subject=plan.subject or _topic(passage),
    )


def _sentences_of(p: Passage) -> list[str]:
    from app.tools.narrative_search import sentences

    return sentences(p.chunk.text) or [p.chunk.text]


def indicator_answer(question: str, plan: Plan) -> Answer:
    from app.tools.narrative_search import figures

    p, ind = plan.indicator  # type: ignore[misc]
    figs = figures(ind.value)
    value, unit = (figs[0][0], figs[0][1]) if figs else (None, None)
    text = f"{p.project}的绩效指标「{ind.name}」（{ind.level1} › {ind.level2}，{ind.period}）：{ind.value}。"
    cite = Citation(
        source=f"绩效目标表：{p.project}",
        title="项目支出绩效目标表",
        locator=f"第{ind.page}页 第{ind.line}行 · {ind.level2} · {ind.name}",
        quote=f"{ind.name} {ind.value}",
        kind="perf",
        ref_id=p.target_id,
        page=ind.page,
        line=ind.line,
    )
    return Answer(question, text, value, unit, plan.route, plan.reason, (cite,), "answered", subject=plan.subject)


def answer(
    question: str, plan: Plan, kb: Knowledge, tables: TableTool, narrative: NarrativeTool, chunks: list | None = None
) -> Answer:
    if plan.route == "none":
        return not_found(question, plan)
    if plan.yoy:
        return yoy_answer(question, plan, kb, tables, chunks or [])
    if plan.perf is not None:
        return perf_answer(question, plan)
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


# -- 绩效目标表 attributes ------------------------------------------------------------------------------


def _perf_cite(p, what: str, quote: str) -> Citation:  # type: ignore[no-untyped-def]
    return Citation(
        source=f"绩效目标表：{p.project}",
        title="项目支出绩效目标表",
        locator=f"第{p.page}页 第{p.line}行 · {what}",
        quote=f"项目名称 {p.project}；{quote}",
        kind="perf",
        ref_id=p.target_id,
        page=p.page,
        line=p.line,
    )


def perf_answer(question: str, plan: Plan) -> Answer:
    p, wanted = plan.perf  # type: ignore[misc]
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


# -- comparisons with last year, as the 情况说明 states them ---------------------------------------------

_CHANGE = re.compile(
    r"(?P<word>减少|增加|下降|增长|降低|提高)(?:[（(][^）)]*[）)])?\s*(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>万元|%|％)"
)
_NEGATED = re.compile(r"(没有?|未|不|非)(公开|纳入|安排|包括|列入|包含|含)")
_SAME = re.compile(r"相同|持平|没有变化|无变化|不变")
_CLAIM = re.compile(
    r"(?P<word>增加|增长|上涨|涨|提高|多了|减少|下降|降低|降|少了)了?\s*(?P<num>\d[\d,]*(?:\.\d+)?)?\s*(?P<unit>万元|万|元|%|％)?"
)
_UP = ("增加", "增长", "上涨", "涨", "提高", "多了")


def false_premise(question: str, change: re.Match | None) -> str:
    """What the question asserts about the change against last year, when the document says otherwise
    (「为什么三公经费比去年增加了500万」 where the document says 与上年相同), else ""."""
    claim = _CLAIM.search(question)
    if claim is None or not (claim.group("num") or re.search(r"为什么|为何|原因|why", question)):
        return ""  # 「增加了多少」「涨幅多少」 ask; a premise is stated with a figure, or in a why-question
    said = claim.group(0).rstrip()
    if change is None:
        return said
    up_claimed = claim.group("word") in _UP
    up_doc = change.group("word") in _UP
    if up_claimed != up_doc:
        return said
    if claim.group("num"):
        num = Decimal(claim.group("num").replace(",", ""))
        unit = {"万": "万元", "％": "%", None: "万元"}.get(claim.group("unit"), claim.group("unit"))
        doc_num = Decimal(change.group("num").replace(",", ""))
        doc_unit = change.group("unit").replace("％", "%")
        if unit == "元" and doc_unit == "万元":
            num = num / 10000
        if unit in ("万元", "元") and doc_unit == "万元" and num != doc_num:
            return said
        if unit == "%" and doc_unit == "%" and num != doc_num:
            return said
    return ""


_REASON = re.compile(r"(?:主要)?原因(?:是|为|在于|：|:)?(.+?)(?:。|；|;|$)")


def _change_sentence(kb: Knowledge, plan: Plan, chunks: list) -> tuple[str, object, object] | None:
    """(sentence, chunk, match) of the 情况说明 sentence that states the subject's change vs last year."""
    from app.tools.narrative_search import sentences

    names = kb.prose_names(plan.matches[0].entity) if plan.matches else ()
    best = None
    for chunk in chunks:
        if chunk.kind != "narrative":
            continue
        for sent in sentences(chunk.text):
            pos = [sent.find(n) for n in names if n in sent]
            if not pos:
                continue
            change = next((m for m in _CHANGE.finditer(sent) if m.start() > min(pos)), None)
            same = _SAME.search(sent) if change is None else None
            if change is None and same is None:
                continue
            anchor = change.start() if change else same.start()  # type: ignore[union-attr]
            distance = anchor - max(p for p in pos if p < anchor) if any(p < anchor for p in pos) else 999
            if best is None or distance < best[0]:
                best = (distance, sent, chunk, change)
    return None if best is None else best[1:]  # type: ignore[return-value]


def yoy_answer(question: str, plan: Plan, kb: Knowledge, tables: TableTool, chunks: list) -> Answer:
    from app.tools.narrative_search import Passage as _P

    name = plan.subject.name if plan.subject else "该项"
    found = _change_sentence(kb, plan, chunks)
    if found is None:
        plan.message = f"文档中未找到「{name}」与上年的比较：情况说明没有写它的上年数或增减。"
        return not_found(question, plan)
    sent, chunk, change = found
    cite = _P(chunk, 0.0, sent, 1.0).citation()
    wrong = false_premise(question, change)
    if wrong:
        fact = (
            f"{change.group('word')}{change.group('num')}{change.group('unit')}" if change else "与上年相同，没有变化"
        )
        reason = _REASON.search(sent) if change else None
        why = f"，主要原因是{reason.group(1).strip('，,')}" if reason else ""
        text = f"问题的前提与文档不符：文档写的是{name}比上年{fact}{why}，并不是「{wrong}」。原文：「{sent}」"
        if change is None:
            text = f"问题的前提与文档不符：文档写的是{name}与上年相同，没有变化，并不是「{wrong}」。原文：「{sent}」"
        return Answer(
            question,
            text,
            None,
            None,
            plan.route,
            plan.reason + "；问题中的增减与文档不符，按文档更正",
            (cite,),
            "answered",
            subject=plan.subject,
        )
    if plan.yoy == "reason":
        reason = _REASON.search(sent)
        if reason is None:
            plan.message = f"文档中未找到「{name}」变化的原因：情况说明只写了增减，没有写原因。"
            return not_found(question, plan)
        what = f"{change.group('word')}{change.group('num')}{change.group('unit')}" if change else "与上年相同"
        text = f"{name}比上年{what}，主要原因是{reason.group(1).strip('，,')}。原文：「{sent}」"
        if plan.query is None:
            return Answer(
                question, text, None, None, plan.route, plan.reason, (cite,), "answered", subject=plan.subject
            )
        main = table_answer(question, plan, tables.run(plan.query), kb)
        return replace(main, text=main.text + "\n" + text, citations=main.citations + (cite,), route="both")
    this_year = tables.run(plan.query) if plan.query else None  # type: ignore[arg-type]
    cites = ((this_year.facts[0].citation,) if this_year else ()) + (cite,)
    if change is None:  # 「与上年预算数相同」
        if plan.yoy == "change":
            return Answer(
                question,
                f"{name}与上年相同，没有变化。原文：「{sent}」",
                Decimal(0),
                "万元",
                plan.route,
                plan.reason,
                cites,
                "answered",
                subject=plan.subject,
            )
        if this_year is None or this_year.value is None:
            return not_found(question, plan, f"{name}的上年数")
        text = f"{name}与上年相同：上年也是 {_money(this_year.value, this_year.unit)}。原文：「{sent}」"
        value = Decimal(0) if plan.yoy == "change" else this_year.value
        return Answer(question, text, value, "万元", plan.route, plan.reason, cites, "answered", subject=plan.subject)
    word = change.group("word")
    down = word in ("减少", "下降", "降低")
    amount = Decimal(change.group("num").replace(",", ""))
    unit = "%" if change.group("unit") in ("%", "％") else "万元"
    if plan.yoy == "change":
        if plan.unit_hint == "%" and unit != "%":
            pct = next(
                (m for m in _CHANGE.finditer(sent) if m.group("unit") in ("%", "％") and m.start() > change.start()),
                None,
            )
            if pct is not None:
                amount, unit, word = Decimal(pct.group("num")), "%", pct.group("word")
        text = f"{name}比上年{word} {amount}{unit}。原文：「{sent}」"
        return Answer(question, text, amount, unit, plan.route, plan.reason, cites, "answered", subject=plan.subject)
    if unit != "万元":
        amt = next((m for m in _CHANGE.finditer(sent) if m.group("unit") == "万元"), None)
        if amt is None:
            return not_found(question, plan, f"{name}的上年数")
        amount, word, down = (
            Decimal(amt.group("num").replace(",", "")),
            amt.group("word"),
            amt.group("word") in ("减少", "下降", "降低"),
        )
    base = this_year.value if this_year is not None and this_year.value is not None else None
    if base is None:
        return not_found(question, plan, f"{name}的上年数")
    last = base + amount if down else base - amount
    sign = "+" if down else "−"
    computation = f"{base} {sign} {amount} = {last}"
    text = (
        f"上年{name}约为 {_money(last, '万元')}：本年 {base}万元，比上年{word} {amount}万元，"
        f"所以上年为 {computation}（万元）。文档没有直接列出上年数，这是按情况说明的增减推算的。原文：「{sent}」"
    )
    return Answer(question, text, last, "万元", plan.route, plan.reason, cites, "answered", computation, plan.subject)
