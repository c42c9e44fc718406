"""Plain answers: the wording of what one tool returns — a table result (a look-up, with the source of
its funds from the 绩效目标表; a share, a difference, a sum, each of several, a count, the largest or smallest,
a list), a passage of the prose or a figure in it (several figures each from the sentence that states it) — and
the not-found answer. A 绩效目标表's indicators and fields are worded in perf_answers. The figure comes with its unit, where it came from and how it was computed; anything the tools do not
return is not said.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from decimal import Decimal

from app.answer.knowledge import Knowledge
from app.answer.operands import unaccounted_words
from app.answer.plan import BothPlan, Decline, Plan, SearchPlan, TablePlan
from app.answer.prose_figures import _part_figure, as_printed, asked_part, listed_parts, previous_from_change
from app.answer.prose_share import prose_difference, prose_share, prose_sum
from app.answer.prose_topics import asked_but_absent, named_topic
from app.answer.question_words import _EACH, _METHOD, _PURCHASE, asks_for_change
from app.answer.unit_facts import duties_answer, rank_answer
from app.models import Answer, Citation, Subject
from app.numbers import fmt_money, fmt_yuan
from app.tools.narrative_search import NarrativeTool, Passage, best_figure, coverage, sentences
from app.tools.table_query import TableResult

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
        status=plan.status if isinstance(plan, Decline) else "not_found",
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
        text = f"{name}：{_money(f.value, f.unit)}（{f.label}）。"
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
        text = f"{a.label}比{b.label}{word} {_money(result.value, a.unit)}（{result.computation}）。"  # type: ignore[arg-type]
    elif op == "each":
        names = _operand_names(plan, facts)
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
        names = _operand_names(plan, facts)
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
        printed = _figure_answer(question, plan.but(unit_hint="%", want_figure=True), passages, tool.idf)
        if printed.status != "not_found":
            return printed  # a share the prose prints
        shared = prose_share(question, plan, tool)  # 「政府采购里货物占比」: two stated figures, divided
        if shared is not None:
            return shared
    if plan.intent is not None and plan.intent.diff and not plan.intent.yoy:  # 「A比B多多少」: A − B, or nothing
        return prose_difference(question, plan, tool) or not_found(question, plan)
    added = prose_sum(question, plan, tool) if plan.intent is not None and plan.intent.sum else None
    if plan.want_figure:
        return added or _figure_answer(question, plan, passages, tool.idf)
    best = max(passages[:5], key=lambda p: p.coverage)
    if best.coverage < MIN_TEXT_COVERAGE:
        return not_found(question, plan)
    absent = asked_but_absent(question, best.sentence)
    if absent:  # 「这辆车是哪年买的、什么品牌」: the vehicles' sentence says neither
        return not_found(question, plan.but(message=f"文档中未找到「{absent}」：文档里相关的文字没有写这一项。"))
    if best.chunk.kind == "table_note":  # a row's note (项目简介): the sentence saying what the money is for
        best = Passage(best.chunk, best.score, _note_sentence(best.chunk), best.coverage)
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
        subject=plan.subject or _topic(best, plan),
    )


def _note_sentence(chunk) -> str:  # type: ignore[no-untyped-def]
    """The sentence of a row's note that says what the money is for (用于…), else the note's start."""
    said = sentences(chunk.text) or [chunk.text]
    return next((s for s in said if re.search(r"用于|用途|主要用", s)), said[0][:300])


def _topic(p: Passage, plan: Plan | None = None) -> Subject:
    """The subject of a narrative answer, for follow-ups: the one name the question linked when the sentence
    states it (「公用经费 425.88 万元」 is about 公用经费), else its section heading without numbering."""
    named = named_topic(tuple(getattr(plan, "matches", ()) or ()))
    if named is not None and named.name in p.sentence:
        return named
    title = p.chunk.section[-1] if p.chunk.section else ""
    return Subject("topic", re.sub(r"^[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*", "", title))


_NEGATED = re.compile(r"(没有?|未|不|非)(公开|纳入|安排|包括|列入|包含|含)")


def _operand_names(plan: Plan, facts: tuple) -> list[str]:
    """How each figure of an each/sum answer is called: the names the question linked, or one row's columns
    (「行政运行的基本支出」; of the total row just 「基本支出」)."""
    if len({f.name for f in facts}) == 1 and len({f.column for f in facts}) == len(facts):
        return [
            f.column if re.fullmatch(r"合计|总计|本年支出合计|支出合计", f.name) else f"{f.name}的{f.column}"
            for f in facts
        ]
    return [m.entity.name for m in plan.matches] if len(plan.matches) == len(facts) else [f.name for f in facts]


def _bought(sent: str, clause: str, text: str = "") -> bool:
    """The figure (its clause ends with it) stands in a part of the sentence about buying
    (「2026年安排购置车辆0辆，其中：…用车0辆」), also after a 「；」 that goes on with the plan (「2026年计划购置车辆30辆…；
    单价100万元以上设备0台」) unless what has been owned is said in between (「…；现有车辆3辆」)."""
    at = sent.find(clause)
    before = re.split(r"[；;。]", sent[: at + len(clause) if at >= 0 else len(sent)])[-1]
    if re.search(r"购置|购买|新购|新增|更新|采购", before):
        return True
    where = text.find(sent) if text else -1
    if where < 0:
        return False
    whole = re.split(r"。", text[: where + (at if at >= 0 else 0) + len(clause)])[-1]
    buying = list(re.finditer(r"购置|购买|新购|计划采购", whole))
    return bool(buying) and not re.search(r"共有|现有|实有|拥有|截至|截止", whole[buying[-1].end() :])


def _figure_answer(question: str, plan: Plan, passages: list[Passage], idf=None) -> Answer:  # type: ignore[no-untyped-def]
    q = plan.search or question
    candidates = []
    from app.tools.narrative_search import CHANGE_WORDS

    parts = listed_parts(q) if _EACH.search(q) else []
    if len(parts) >= 2:  # 「货物和服务预算各是多少」: every part from one sentence, or none
        return _parts_answer(question, plan, passages, parts)
    prefer = CHANGE_WORDS if plan.intent is not None and plan.intent.yoy else None
    wide = (plan.intent is not None and plan.intent.yoy) or plan.unit_hint in ("辆", "台", "个", "人")
    for rank, p in enumerate(passages[: 10 if wide else 4]):
        for sent in _sentences_of(p):
            fig = best_figure(q, sent, plan.unit_hint, prefer, idf)
            if fig is not None:
                said = max(coverage(q, sent, idf), p.coverage if sent == p.sentence else 0.0)  # (with its project)
                support = (fig.score + said) / 2  # the figure's clause and its sentence
                candidates.append((support - rank * 0.02, support, fig, sent, p))
    if not _PURCHASE.search(q):  # 「有几辆车」 asks what the unit has, never the 「安排购置车辆0辆」 it will buy
        candidates = [c for c in candidates if not _bought(c[3], c[2].clause, c[4].chunk.text)]
    if not candidates:
        return not_found(question, plan)
    asked = _METHOD.sub(" ", q)  # 「按说明里的增加额算，」 says how, not what
    part = asked_part(asked)  # 「基本支出里人员经费」: a sentence that does not name 人员经费 gives 基本支出's figure
    if part:
        candidates = [c for c in candidates if as_printed(part, c[3]) in re.sub(r"\s+", "", c[3])]
        if not candidates:
            return not_found(question, plan.but(message=f"文档中未找到「{part}」的数字。"))
    last_year = (
        plan.intent is not None
        and plan.intent.yoy
        and not asks_for_change(q)
        and plan.unit_hint
        in ("", None, "万元", "元")  # a count 「截至2024年8月31日有几辆车」 is no budget of last year
        and not re.search(r"截至|截止|as of", q)
    )
    if last_year:  # last year's X is derived only from a sentence about X (not the one with the best figure)
        named = [w for w in unaccounted_words(re.sub(r"比?(?:上年|去年|20\d\d年?)", " ", asked), []) if len(w) >= 3]
        candidates = [c for c in candidates if all(w in re.sub(r"\s+", "", c[3]) for w in named)]
        if not candidates:
            return not_found(question, plan)
    _, support, fig, sent, p = max(candidates, key=lambda c: c[0])
    negated = _NEGATED.search(q)
    if negated and not re.search(rf"(没有?|未|不|非){negated.group(2)}", sent):
        msg = f"文档中未找到「{negated.group(0)}」的数字：情况说明只写了{negated.group(2)}的部分。"
        return not_found(
            question, plan.but(message=msg)
        )  # 「没公开…的项目」: the sentence gives the 公开 figure, the opposite
    if support < MIN_FIGURE_COVERAGE:
        return not_found(question, plan)
    passage = Passage(p.chunk, p.score, sent, p.coverage)
    text = f"{fig.text}。原文：「{sent}」"
    value, unit = fig.value, fig.unit
    if last_year:
        derived = previous_from_change(sent, named)  # 「2025年的X是多少」: a sentence of this year's X and its change
        if derived is None:
            return not_found(
                question,
                plan.but(
                    message="文档中未找到上年的数：情况说明没有写明这一项的上年数，或写的增减说不清是哪一个数的。"
                ),
            )
        value, unit, how = derived
        text = f"上年约为 {_money(value, unit)}：{how}。文档没有直接列出上年数，这是按情况说明的增减推算的。原文：「{sent}」"
    return Answer(
        question,
        text,
        value,
        unit,
        plan.route,
        plan.reason,
        (passage.citation(),),
        "answered",
        subject=plan.subject or _topic(passage, plan),
    )


def _vehicle_word(tool: NarrativeTool) -> str:
    """The document's own word for the vehicles it counts: 「共有车辆 56 辆」 or 「共有公务用车 0 辆」."""
    said = Counter(
        m.group(1)
        for c in tool.chunks.values()
        for m in re.finditer(r"(?:共有|购置|配置|新增|配备)(车辆|公务用车|汽车)", c.text)
    )
    return said.most_common(1)[0][0] if said else "车辆"


def _sentences_of(p: Passage) -> list[str]:
    return sentences(p.chunk.text) or [p.chunk.text]


def _parts_answer(question: str, plan: Plan, passages: list[Passage], parts: list[str]) -> Answer:
    for p in passages[:4]:
        for sent in _sentences_of(p):
            found = [_part_figure(sent, part) for part in parts]
            if all(found):
                listed = "；".join(f"{part}：{raw}{u}" for part, (_, u, raw) in zip(parts, found, strict=True))
                passage = Passage(p.chunk, p.score, sent, p.coverage)
                first_value, first_unit, _ = found[0]
                return Answer(
                    question,
                    f"分别为：{listed}。原文：「{sent}」",
                    first_value,
                    first_unit,
                    plan.route,
                    plan.reason + f"；问几项各是多少（{'、'.join(parts)}），每项取自同一句原文",
                    (passage.citation(),),
                    "answered",
                    subject=plan.subject or _topic(passage, plan),
                )
    each = [_own_sentence(passages[:6], part) for part in parts]  # 「（一）人员经费 5643.29 万元…」「（二）公用经费…」
    if all(each):
        listed = "；".join(f"{part}：{raw}{u}（原文：「{sent}」）" for part, (sent, _, (_, u, raw)) in zip(parts, each))  # type: ignore[misc]
        first = each[0][2]  # type: ignore[index]
        cites = tuple(dict.fromkeys(Passage(p.chunk, p.score, sent, p.coverage).citation() for sent, p, _ in each))  # type: ignore[misc]
        return Answer(
            question,
            f"分别为：{listed}。",
            first[0],
            first[1],
            plan.route,
            plan.reason + f"；问几项各是多少（{'、'.join(parts)}），每项取自写出它的那句原文",
            cites,
            "answered",
            subject=plan.subject,
        )
    return not_found(
        question,
        plan.but(
            message=f"文档中未找到「{'」「'.join(parts)}」各自的数字（原文没有写出其中一项），所以不只给出其中一项。"
        ),
    )


def _own_sentence(passages: list[Passage], part: str) -> tuple[str, Passage, tuple] | None:
    """The first sentence of the passages that states `part`'s own figure."""
    for p in passages:
        for sent in _sentences_of(p):
            found = _part_figure(sent, part)
            if found:
                return sent, p, found
    return None
