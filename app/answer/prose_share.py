"""A share of two figures the 情况说明 states in words (「面向中小企业预留的采购预算占政府采购预算总额的比例」,
「政府采购里货物占比多少」): each figure read from the sentence that states it, both cited, the division shown —
only when both are amounts in money that the question's words clearly point to, the part no larger than the
whole, and the two not the same figure."""

from __future__ import annotations

import re
from decimal import Decimal

from app.answer.plan import SearchPlan
from app.models import Answer
from app.numbers import MONEY_UNITS, to_wan
from app.tools.narrative_search import NarrativeTool, Passage, best_figure, coverage, sentences

_PART_OF = re.compile(r"^(?P<part>.+?)占(?P<whole>.+?)的?(?:比例|比重|百分之几|百分比|多少|几成|%)")
_INSIDE = re.compile(
    r"^(?P<whole>.+?)(?:里面?|(?<![其集高初空])中(?![心央国华等小期层间标型])|当中|之中)的?(?P<part>.+?)(?:的)?(?:占比|占多少|所占比例|比例|比重)"
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


def prose_share(question: str, plan: SearchPlan, tool: NarrativeTool) -> Answer | None:
    text = re.sub(r"[？?。！!\s]+$", "", question)
    m = _PART_OF.match(text) if re.search(r"占(?!比)", text) else _INSIDE.match(text)
    if m is None or len(m.group("whole").strip("的 ")) < 2 or m.group("whole").startswith("比"):
        return None
    if m is None:
        return None
    whole_words = m.group("whole").strip("的 ")
    part_words = m.group("part").strip("的 ")
    if m.re is _INSIDE:
        part_words = f"{whole_words}{part_words}"  # 「政府采购里货物」: the 货物 of 政府采购
    bare = re.sub(
        r"的?(?:总额|总计|合计|总数|总量)$", "", whole_words
    )  # 「政府采购预算总额」 is 「政府采购预算830万元」
    part, whole = _figure(tool, part_words), _figure(tool, bare or whole_words)
    if part is None or whole is None or not whole[0] or part[0] > whole[0] or part[1] == whole[1]:
        return None
    rate = (part[0] / whole[0] * 100).quantize(Decimal("0.01"))
    how = f"{part[0]} ÷ {whole[0]} = {rate}%（万元）"
    cites = tuple(dict.fromkeys(Passage(p.chunk, p.score, s, p.coverage).citation() for _, _, s, p in (part, whole)))
    return Answer(
        question,
        f"{part_words}（{part[0]}万元）占{whole_words}（{whole[0]}万元）的 {rate}%（{how}）。"
        f"原文：「{part[2]}」" + ("" if part[2] == whole[2] else f"「{whole[2]}」"),
        rate,
        "%",
        plan.route,
        plan.reason + "；占比：分子、分母各取自写出它的那句原文",
        cites,
        "answered",
        how,
        plan.subject,
    )
