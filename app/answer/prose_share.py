"""A share or a difference of two figures the 情况说明 states in words (「面向中小企业预留的采购预算占政府采购预算
总额的比例」, 「政府采购里货物占比多少」, 「政府采购服务预算比货物预算多多少」): each figure read from the sentence
that states it, both cited, the computation shown — only when both are amounts in money that the question's
words clearly point to, a part no larger than its whole, and the two not the same figure."""

from __future__ import annotations

import re
from decimal import Decimal

from app.answer.plan import SearchPlan, not_found
from app.models import Answer
from app.numbers import MONEY_UNITS, cn_to_int, to_wan
from app.tools.narrative_search import NarrativeTool, Passage, best_figure, coverage, sentences

_PART_OF = re.compile(r"^(?P<part>.+?)占(?P<whole>.+?)的?(?:比例|比重|百分之几|百分比|多少|几成|%)")
_INSIDE = re.compile(
    r"^(?P<whole>.+?)(?:里面?|(?<![其集高初空])中(?![心央国华等小期层间标型])|当中|之中)的?(?P<part>.+?)(?:的)?(?:占比|所?占了?(?:多大|多少|几成|百分之几)?的?(?:比例|比重|份额)?|比例|比重)"
)
MIN_SUPPORT = 0.6


def _figure(tool: NarrativeTool, words: str) -> tuple[Decimal, str, str, Passage] | None:
    """(value, unit, sentence, passage) of the money figure the words point to, or None when none is sure."""
    best = None
    for rank, p in enumerate(tool.search(words, k=6)[:6]):
        for sent in sentences(p.chunk.text) or [p.chunk.text]:
            fig = best_figure(words, sent, "万元", None, tool.idf)
            if fig is None or fig.unit not in MONEY_UNITS:
                continue
            support = (fig.score + coverage(words, sent, tool.idf)) / 2 - rank * 0.02
            if best is None or support > best[0]:
                best = (support, fig, sent, p)
    if best is None or best[0] < MIN_SUPPORT:
        return None
    _, fig, sent, p = best
    return to_wan(fig.value, fig.unit), fig.clause, sent, p


def _asked(question: str, plan: SearchPlan) -> str:
    """The question as the search reads it (the unit named 本单位, the document's own year dropped), without the
    unit in front and the closing punctuation."""
    return re.sub(r"[？?。！!\s]+$", "", re.sub(r"^(?:本单位|本部门)的?|\s+", "", plan.search or question))


def _two_figures(
    question: str, plan: SearchPlan, said: str, value: Decimal, unit: str, how: str, why: str, pair: tuple
) -> Answer:
    """The answer computed from two figures the prose states, each cited with its own sentence."""
    (_, _, s1, p1), (_, _, s2, p2) = pair
    cites = tuple(dict.fromkeys(Passage(p.chunk, p.score, s, p.coverage).citation() for s, p in ((s1, p1), (s2, p2))))
    quoted = f"原文：「{s1}」" + ("" if s1 == s2 else f"「{s2}」")
    return Answer(
        question,
        f"{said}（{how}）。{quoted}",
        value,
        unit,
        plan.route,
        plan.reason + why,
        cites,
        "answered",
        how,
        plan.subject,
    )


def prose_share(question: str, plan: SearchPlan, tool: NarrativeTool) -> Answer | None:
    text = _asked(question, plan)
    m = _PART_OF.match(text) if re.search(r"占(?!比)", text) else None
    if m is None or re.fullmatch(r"了?(?:多大|多少|几成|百分之几)?的?", m.group("whole")):
        m = _INSIDE.match(text)  # 「政府采购中服务类占多大比例」: of the whole named before 中
    if m is None or len(m.group("whole").strip("的 ")) < 2 or m.group("whole").startswith("比"):
        return None
    whole_words = m.group("whole").strip("的 ")
    part_words = m.group("part").strip("的 ")
    if m.re is _INSIDE:
        part_words = f"{whole_words}{part_words}"  # 「政府采购里货物」: the 货物 of 政府采购
    bare = re.sub(
        r"的?(?:总额|总计|合计|总数|总量)$", "", whole_words
    )  # 「政府采购预算总额」 is 「政府采购预算830万元」
    part, whole = _figure(tool, part_words), _figure(tool, bare or whole_words)
    if part is None or whole is None or not whole[0] or part[0] >= whole[0] or part[1] == whole[1]:
        return None  # a part as large as its whole is another figure read twice (「涉及资金788.53万元」)
    rate = (part[0] / whole[0] * 100).quantize(Decimal("0.01"))
    how = f"{part[0]} ÷ {whole[0]} = {rate}%（万元）"
    said = f"{part_words}（{part[0]}万元）占{whole_words}（{whole[0]}万元）的 {rate}%"
    return _two_figures(question, plan, said, rate, "%", how, "；占比：分子、分母各取自写出它的那句原文", (part, whole))


_THAN = re.compile(r"^(?P<a>.+?)比(?P<b>.+?)(?:多|少|高|低|差)(?:了|出)?(?:多少|几)")


def _with_front(a: str, b: str, corpus: str) -> str:
    """「服务预算」 after 「政府采购货物预算」 is 「政府采购服务预算」: the longest front of the first that the prose
    also writes before the second."""
    for k in range(len(a) - 1, 1, -1):
        if not b.startswith(a[:k]) and a[:k] + b in corpus:
            return a[:k] + b
    return b


def prose_difference(question: str, plan: SearchPlan, tool: NarrativeTool) -> Answer | None:
    """「A比B多多少」 of two money figures the prose states: A − B, both cited; None when either is not sure."""
    m = _THAN.match(_asked(question, plan))
    if m is None or len(m.group("a")) < 2 or len(m.group("b")) < 2:
        return None
    corpus = re.sub(r"\s+", "", " ".join(c.text for c in tool.chunks.values()))
    a_words, b_words = m.group("a"), _with_front(m.group("a"), m.group("b"), corpus)
    a, b = _figure(tool, a_words), _figure(tool, b_words)
    if a is None or b is None or a[1] == b[1] or a[0] == b[0]:
        return None
    gap = a[0] - b[0]
    big, small = (a[0], b[0]) if gap > 0 else (b[0], a[0])
    how = f"{big} − {small} = {abs(gap)}（万元）"
    said = f"{a_words}（{a[0]}万元）比{b_words}（{b[0]}万元）{'多' if gap > 0 else '少'} {abs(gap)}万元"
    return _two_figures(question, plan, said, abs(gap), "万元", how, "；差额：两个数各取自写出它的那句原文", (a, b))


_ADDED = re.compile(
    r"(?:的|之)?(?:加起来|加在一起|合起来|合在一起|相加|加总|一共|总共|共计|合计|总计|之和|的和|总和|总额)"
    r"[^和与及、]*$"
)  # 「A和B加起来是多少」「A和B总共花了多少钱」: the list ends where the adding is said
_AND = re.compile(r"、|以及|加上|和|与|及|跟|同|，")


def listed_operands(question: str, plan: SearchPlan, corpus: str) -> list[str]:
    """The operands of 「A和B加起来」 / 「A、B一共多少」 as the question words them (two or more), a later one given the
    front of the first the prose writes before it (「货物类采购预算和服务类采购预算」); [] when the question does not
    list two things to add. Two pieces the prose writes joined (「社会保障和就业」) stay one."""
    text = _ADDED.sub("", _asked(question, plan))
    if text == _asked(question, plan):
        return []
    text = re.sub(r"^20\d\d年度?(?:的|里|中)?", "", text)
    pieces = [w for w in _AND.split(text) if w]
    merged: list[str] = []
    for w in pieces:
        joint = merged and next((j for j in "和与及、" if merged[-1] + j + w in corpus), None)
        if joint:
            merged[-1] += joint + w
        else:
            merged.append(w)
    if len(merged) < 2 or any(len(w) < 2 for w in merged):
        return []
    return [merged[0]] + [_with_front(merged[0], w, corpus) for w in merged[1:]]


def prose_listed_sum(question: str, plan: SearchPlan, tool: NarrativeTool) -> Answer | None:
    """「政府采购货物预算和服务预算加起来」 of money figures the prose states one by one: each operand read from the
    sentence that states it, all cited, the sum shown; 「文档中未找到」 naming the operand no sentence states surely;
    None when the question lists no two things to add."""
    corpus = re.sub(r"\s+", "", " ".join(c.text for c in tool.chunks.values()))
    words = listed_operands(question, plan, corpus)
    if not words:
        return None
    found = [_figure(tool, w) for w in words]
    missing = [w for w, f in zip(words, found) if f is None]
    if missing or len({f[1] for f in found if f is not None}) < len(found):
        said = "、".join(f"「{w}」" for w in words)
        lost = f"（对不上的是{'、'.join(f'「{w}」' for w in missing)}）" if 0 < len(missing) < len(words) else ""
        return not_found(question, plan.but(message=f"文档中未找到{said}各自的金额{lost}，所以不给出它们的合计。"))
    figs = [f for f in found if f is not None]
    total = sum((f[0] for f in figs), Decimal(0))
    how = " + ".join(str(f[0]) for f in figs) + f" = {total}（万元）"
    said = " + ".join(f"{w}（{f[0]}万元）" for w, f in zip(words, figs)) + f" = {total}万元"
    cites = tuple(dict.fromkeys(Passage(p.chunk, p.score, s, p.coverage).citation() for _, _, s, p in figs))
    quoted = "原文：" + "".join(dict.fromkeys(f"「{s}」" for _, _, s, _ in figs))
    return Answer(
        question,
        f"{said}（{how}）。{quoted}",
        total,
        "万元",
        plan.route,
        plan.reason + "；合计：每一项各取自写出它的那句原文",
        cites,
        "answered",
        how,
        plan.subject,
    )


_COUNTED = re.compile(r"([两二三四五六七八九十\d]{1,2})\s*(?:个|项|笔)?\s*(季度|月|批|期|阶段|部分|项)")


def prose_sum(question: str, plan: SearchPlan, tool: NarrativeTool) -> Answer | None:
    """「全年四个季度用款计划一共多少」: the sentence that states that many figures, each right after the question's
    own words (「第一季度用款计划15万元，第二季度用款计划15万元…」), added — only when the question says how
    many there are, that many are stated, the sentence prints no total of its own, and no other sentence found
    (another project's) fits as well."""
    said = _COUNTED.search(question)
    if said is None:
        return None
    many = int(said.group(1)) if said.group(1).isdigit() else cn_to_int(said.group(1).replace("两", "二"))
    text = re.sub(r"\s+", "", plan.search or question)
    fits = {}
    for p in tool.search(plan.search or question, k=6)[:6]:
        for sent in sentences(p.chunk.text) or [p.chunk.text]:
            fit = _listed_figures(re.sub(r"\s+", "", sent), text, many)
            if fit is not None:
                fits.setdefault(sent, (fit, p))
    if len(fits) != 1:
        return None
    sent, ((w, values, unit), p) = next(iter(fits.items()))
    total = sum(values)
    how = " + ".join(str(v) for v in values) + f" = {total}"
    return Answer(
        question,
        f"{said.group(0)}的{w}共 {total}{unit}（{how}）。原文：「{sent}」",
        total,
        unit,
        plan.route,
        plan.reason + f"；合计：同一句原文列出的 {many} 个数相加",
        (Passage(p.chunk, p.score, sent, p.coverage).citation(),),
        "answered",
        f"{how}（{unit}）",
        plan.subject,
    )


def _listed_figures(flat: str, text: str, many: int) -> tuple[str, list[Decimal], str] | None:
    """(the words, the figures, their unit) when `many` money figures each follow the same words of the question
    (3+ characters), and the sentence prints no total."""
    if re.search(r"合计|共计|总计|总额|一共|总共", flat):
        return None
    for size in range(8, 2, -1):
        for w in sorted({flat[i : i + size] for i in range(len(flat) - size + 1) if flat[i : i + size] in text}):
            if not re.fullmatch(r"[\u4e00-\u9fff]+", w):
                continue
            found = re.findall(rf"{re.escape(w)}(\d[\d,]*(?:\.\d+)?)(万元|元)", flat)
            if len(found) == many >= 2 and len({u for _, u in found}) == 1:
                return w, [Decimal(v.replace(",", "")) for v, _ in found], found[0][1]
    return None
