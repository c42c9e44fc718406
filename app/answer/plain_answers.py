"""Plain answers: the wording of what one tool returns — a table result (a look-up, with the source of
its funds from the 绩效目标表; a share, a difference, a sum, each of several, a count, the largest or smallest,
a list), a passage of the prose or a figure in it (prose_figure_answer) — and the not-found answer (plan). A
绩效目标表's indicators and fields are worded in perf_answers. The figure comes with its unit, where it came from
and how it was computed; anything the tools do not return is not said.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from decimal import Decimal

from app.answer.knowledge import Knowledge
from app.answer.plan import BothPlan, Plan, SearchPlan, TablePlan, not_found
from app.answer.prose_figure_answer import figure_answer, topic
from app.answer.prose_share import prose_difference, prose_listed_sum, prose_share, prose_sum
from app.answer.prose_topics import asked_but_absent
from app.answer.question_words import _PURCHASE, WHEN
from app.answer.unit_facts import duties_answer, rank_answer
from app.models import Answer, Citation
from app.numbers import fmt_value, fmt_yuan
from app.tools.narrative_search import CHANGE_WORDS, NarrativeTool, Passage, sentences
from app.tools.table_query import TableResult

__all__ = ["narrative_answer", "not_found", "perf_citation", "table_answer"]

MIN_TEXT_COVERAGE = 0.5  # a prose answer must hold half of the question's (rarity-weighted) words


def _perf_note(kb: Knowledge, name: str) -> tuple[str, list[Citation]]:
    p = kb.perf_for(name)
    if p is None:
        return "", []
    year = [(src, amt) for period, src, amt in p.funds if period == "年度" and amt and "总额" not in src]
    if not year:
        return "", []
    parts = "、".join(f"{src} {fmt_yuan(amt)}" for src, amt in year)
    return f"资金来源（绩效目标表）：{parts}。", [
        perf_citation(p, "项目资金（元）", f"项目名称 {p.project}；年度资金：{parts}")
    ]


def perf_citation(p, what: str, quote: str, page: int = 0, line: int = 0) -> Citation:  # type: ignore[no-untyped-def]
    """A citation of a project's 绩效目标表 (its first line unless an indicator's page and line are given)."""
    page, line = page or p.page, line or p.line
    return Citation(
        source=f"绩效目标表：{p.project}",
        title="项目支出绩效目标表",
        locator=f"第{page}页 第{line}行 · {what}",
        quote=quote,
        kind="perf",
        ref_id=p.target_id,
        page=page,
        line=line,
    )


def table_answer(question: str, plan: TablePlan | BothPlan | Plan, result: TableResult, kb: Knowledge) -> Answer:
    cites = [f.citation for f in result.facts]
    facts = result.facts
    op = result.op
    if op == "lookup":
        f = facts[0]
        total = f.name in ("合计", "总计")  # an item read off a table's total row (西安's 三公 table): the item
        name = plan.subject.name if plan.subject and (plan.subject.kind == "concept" or total) else f.name
        if f.value is None:
            text = f"{name}：{f.label}中该项为空，即 0{f.unit}（文档列出了这一行，但没有安排预算）。"
            return Answer(
                question, text, Decimal(0), f.unit, plan.route, plan.reason, tuple(cites), "zero", subject=plan.subject
            )
        text = f"{name}：{fmt_value(f.value, f.unit)}（{f.label}）。"
        note, perf_cites = _perf_note(kb, f.name.rsplit("·", 1)[-1])  # 「单位·项目」: the project's own name
        if note:
            text += note
            cites += perf_cites
    elif op == "share":
        *nums, den = facts
        part = nums[0].label if len(nums) == 1 else "、".join(n.label for n in nums) + "之和"
        text = f"{part}占{den.label}的 {result.value}%（{result.computation}）。"
    elif op == "difference":  # the gap is a size: 「A比B少 47.86万元」 is 47.86, computed larger − smaller
        a, b = facts
        word = "多" if result.value >= 0 else "少"  # type: ignore[operator]
        if result.value < 0:  # type: ignore[operator]
            result = replace(
                result, value=-result.value, computation=f"{b.value or 0} − {a.value or 0} = {-result.value}"
            )  # type: ignore[operator]
        gap = f"{fmt_value(result.value, a.unit)}（{result.computation}）"  # type: ignore[arg-type]
        text = f"{a.label}比{b.label}{word} {gap}。"
        if plan.rule.startswith("all_but_named") and word == "多":  # 「除了X以外的Y」: Y without X
            text = f"{a.label}除去{b.label}，其余为 {gap}。"
        elif not result.value:
            text = f"{a.label}与{b.label}相同，相差 {gap}。"
    elif op == "each":
        names = _operand_names(plan, facts)
        parts = [
            f"{n}：{fmt_value(f.value, f.unit) if f.value is not None else '表中为空（0）'}（{f.label}）"
            for n, f in zip(names, facts)
        ]
        text = "分别为：" + "；".join(parts) + "。"
    elif op == "net":  # 「除了X以外的Y」 over two tables: Y's rows − X's rows
        k = result.extra.get("plus", 1)
        plus, minus = " + ".join(f.label for f in facts[:k]), " + ".join(f.label for f in facts[k:])
        text = f"{plus}除去{minus}，其余为 {fmt_value(result.value, result.unit)}（{result.computation}）。"  # type: ignore[arg-type]
    elif op == "sum":
        blank = (
            "；其中" + "、".join(f.name for f in facts if f.value is None) + "在表中为空（0）"
            if any(f.value is None for f in facts)
            else ""
        )
        names = _operand_names(plan, facts)
        text = f"{' + '.join(names)} = {fmt_value(result.value, result.unit)}（{result.computation}{blank}）。"  # type: ignore[arg-type]
    elif op == "count":
        names = "、".join(f.name for f in facts)
        text = f"共 {len(facts)} 个：{names}。"
    elif op in ("max", "min"):
        f = facts[0]
        word = "最多" if op == "max" else "最少"
        text = f"{f.name}{word}：{fmt_value(f.value, f.unit)}（{f.label}；{result.computation}）。"  # type: ignore[arg-type]
    else:  # list
        lines = [f"- {f.name}：{fmt_value(f.value, f.unit) if f.value is not None else '空（0）'}" for f in facts]
        text = f"共 {len(facts)} 项：\n" + "\n".join(lines)
    value = result.value
    unit = result.unit if value is not None else None
    return Answer(
        question, text, value, unit, plan.route, plan.reason, tuple(cites), "answered", result.computation, plan.subject
    )


BUSY_NOTE = "\n（服务器繁忙：这次只按关键词检索了原文，没有用语义检索；结果可能不如平时全面。）"


def narrative_answer(question: str, plan: SearchPlan, tool: NarrativeTool) -> Answer:
    query = plan.search or question  # what the search looks for; the figure's clause is matched to plan.search
    if plan.intent is not None and plan.intent.reason:
        query += " 原因 主要是 由于"  # why: the sentences that give a reason are looked for (not matched against)
    if plan.unit_hint == "辆":
        # 「有几辆车」「公务用车有几辆」: the prose says what a unit has as 「共有车辆3辆」 or 「共有公务用车 0 辆」, and
        # what it buys as 「购置车辆」 — the generic word for a vehicle is the document's, not the question's; the
        # search also looks for 共有 (or 购置), but the figure is the one the question's own words point to (实有)
        asked = re.sub(r"辆车|公务用车|公务车|公车|车辆|汽车|vehicles?|cars?", _vehicle_word(tool), query)
        has = " 购置" if _PURCHASE.search(question) else " 共有"
        query = asked + has + " 辆"
        # 共有 only helps find the sentence; 购置 is the document's word for the question's 买
        plan = plan.but(search=asked + (has if _PURCHASE.search(question) else ""))
    duties = duties_answer(question, plan, tool) if not plan.want_figure and not plan.matches else None
    if duties is not None:
        return duties
    rank = rank_answer(question, plan, tool) if not plan.want_figure else None
    if rank is not None:
        return rank
    passages = tool.search(query, kinds=plan.kinds) if plan.kinds else []
    if plan.rule == "printed_share":  # the search text is the printed words themselves: the sentence that has them
        passages = _printed(tool, query) or passages
    passages = [p for p in passages if p.coverage >= MIN_TEXT_COVERAGE]  # 「加挂的是什么牌子」: no term defined
    if not passages and plan.intent is not None and plan.intent.yoy:  # the prose says 「比上年」, not 「2025年」
        passages = tool.search(re.sub(r"20\d\d\s*年?", " ", query), k=10)
    deep = (
        10 if plan.unit_hint in ("辆", "台", "个", "人") else 8 if plan.route == "both" else None
    )  # counts sit deep in 资产 prose
    passages = passages or tool.search(query, k=deep)
    if plan.route == "both" and plan.subject is not None:  # the prose about the subject the table answered
        passages = (
            [p for p in passages if plan.subject.name in p.sentence]
            or [p for p in passages if plan.subject.name in p.chunk.text]
            or passages
        )
    if not passages:
        return not_found(question, plan)
    if plan.intent is not None and plan.intent.share and plan.unit_hint in ("%", ""):
        printed = figure_answer(question, plan.but(unit_hint="%", want_figure=True), passages, tool.idf)
        if printed.status != "not_found":
            return printed  # a share the prose prints
        shared = prose_share(question, plan, tool)  # 「政府采购里货物占比」: two stated figures, divided
        if shared is not None:
            return shared
    if plan.intent is not None and plan.intent.diff and not plan.intent.yoy:  # 「A比B多多少」: A − B, or nothing
        return prose_difference(question, plan, tool) or not_found(question, plan)
    added = prose_sum(question, plan, tool) if plan.intent is not None and plan.intent.sum else None
    if added is None and plan.intent is not None and plan.intent.sum:  # 「A和B加起来」: every one, or no figure
        added = prose_listed_sum(question, plan, tool)
    if added is not None:  # a sum asked (「…加起来」 with or without 多少): its figure, or which operand is missing
        return added
    if plan.want_figure:
        return figure_answer(question, plan, passages, tool.idf, lambda words: tool.search(words, k=4))
    own = [p for p in passages[:5] if p.chunk.kind == "table_note" and _note_of(p.chunk.text, question)]
    own = own or _used_for(passages[:5], plan)  # 「…普法宣传（05项）124.29万元。主要用于：法制宣传工作支出。」
    best = max(own or passages[:5], key=lambda p: p.coverage)  # 「安全生产月活动…」: that row's own note first
    if best.coverage < MIN_TEXT_COVERAGE and not own:
        return not_found(question, plan)
    yoy = plan.intent is not None and plan.intent.yoy and not (plan.intent.reason or plan.intent.definition)
    last_year = re.search(r"去年|上年|上一年|前一年|同比|比上|较上|last year|previous year", question)
    if (
        yoy
        and last_year
        and not CHANGE_WORDS.search(best.sentence)
        and not re.search(r"上年|去年|上一年", best.sentence)
    ):
        return not_found(  # 「政府采购…去年呢」: this year's sentence says nothing of last year
            question, plan.but(message="文档中未找到与上年相比的数字：相关的文字只写了今年的情况。")
        )
    absent = asked_but_absent(question, best.sentence)
    if absent:  # 「这辆车是哪年买的、什么品牌」: the vehicles' sentence says neither
        return not_found(question, plan.but(message=f"文档中未找到「{absent}」：文档里相关的文字没有写这一项。"))
    if best.chunk.kind == "table_note":  # a row's note (项目简介): the sentence saying what the money is for
        best = Passage(best.chunk, best.score, _note_sentence(best.chunk, question), best.coverage)
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
        subject=plan.subject or topic(best, plan),
    )


def _used_for(passages: list[Passage], plan: SearchPlan) -> list[Passage]:
    """What a row's money is used for: the 「主要用于…」 sentence right after the sentence that names the row."""
    name = plan.subject.name if plan.subject is not None and plan.search.endswith(" 主要用于") else ""
    for p in passages if name else []:
        flat, sent = re.sub(r"\s+", "", p.chunk.text), re.sub(r"\s+", "", p.sentence)
        at = flat.find(sent)
        if re.match(r"主要用于|用于", sent) and at > 0 and name in flat[max(0, at - 80) : at]:
            return [p]
    return []


def _printed(tool: NarrativeTool, words: str) -> list[Passage]:
    """The sentence that prints these very words (spaces and line breaks aside), as the one passage."""
    flat = re.sub(r"\s+", "", words)
    for chunk in tool.chunks.values():
        for sent in sentences(chunk.text) or [chunk.text]:
            if flat in re.sub(r"\s+", "", sent):
                return [Passage(chunk, 1.0, sent, 1.0)]
    return []


def _note_of(note: str, question: str) -> bool:
    """Is this row's note (「安全生产月活动：…」) about the row the question names?"""
    row = note.split("：", 1)[0]
    return len(row) >= 4 and row in question


def _note_sentence(chunk, question: str = "") -> str:  # type: ignore[no-untyped-def]
    """The sentence of a row's note that says what the money is for (用于…), else the note's start; for a
    question of when (「什么时候举办」), the sentence that names a time (「定为每年6月举行」)."""
    said = sentences(chunk.text) or [chunk.text]
    if WHEN.search(question):
        timed = [s for s in said if re.search(r"\d{1,2}\s*月|每年|季度|上半年|下半年|年底|年初|月份", s)]
        if timed:
            return timed[0]
    return next((s for s in said if re.search(r"用于|用途|主要用", s)), said[0][:300])


def _operand_names(plan: Plan, facts: tuple) -> list[str]:
    """How each figure of an each/sum answer is called: the names the question linked, or one row's columns
    (「行政运行的基本支出」; of the total row just 「基本支出」)."""
    if len({f.name for f in facts}) == 1 and len({f.column for f in facts}) == len(facts):
        return [
            f.column if re.fullmatch(r"合计|总计|本年支出合计|支出合计", f.name) else f"{f.name}的{f.column}"
            for f in facts
        ]
    if len({f.name for f in facts}) == 1 and len({f.label for f in facts}) == len(facts):  # one name, two tables
        return [f.label for f in facts]
    return [m.entity.name for m in plan.matches] if len(plan.matches) == len(facts) else [f.name for f in facts]


def _vehicle_word(tool: NarrativeTool) -> str:
    """The document's own word for the vehicles it counts: 「共有车辆 56 辆」 or 「共有公务用车 0 辆」."""
    said = Counter(
        m.group(1)
        for c in tool.chunks.values()
        for m in re.finditer(r"(?:共有|购置|配置|新增|配备)(车辆|公务用车|汽车)", c.text)
    )
    return said.most_common(1)[0][0] if said else "车辆"
