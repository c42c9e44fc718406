"""What the 概况 states of the unit itself, asked in words the prose does not use: its duties (「主要负责哪些工作」
「是干什么的」: the section headed 职责/职能, or the items after 「主要职责是：」, never the one duty that shares the most
words with the question) and its rank (「是什么级别的机构」: the sentence that says 「为正处级」)."""

from __future__ import annotations

import re

from app.answer.plan import SearchPlan
from app.models import Answer
from app.tools.narrative_search import NarrativeTool, Passage, sentences

_ASKS_RANK = re.compile(r"级别|规格|行政级|什么级|哪一?级的?(?:单位|机构|部门)")
_RANK = re.compile(r"(?:为|是|属于?|规格为?|相当于)\s*[正副]?(?:部|厅|局|处|县|科|股)级")


_ASKS_DUTIES = re.compile(
    r"职责|职能|负责(?:干|做|管)?(?:哪些|什么|啥)|主要(?:做|干|管)|是?干(?:什么|啥|嘛)的|做(?:什么|啥)的|管(?:什么|啥)|"
    r"duties|responsibilit|functions|what does .{0,40}\bdo\b",
    re.I,
)
_DUTY_SECTION = re.compile(r"职责|职能")
_DUTY_INTRO = re.compile(r"主要职[责能](?:是|为|如下)?[：:]\s*$")
_ITEM = re.compile(r"^[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]")


def duties_answer(question: str, plan: SearchPlan, tool: NarrativeTool) -> Answer | None:
    """「主要负责哪些工作」「是干什么的」: the unit's duties as the 概况 lists them (the section headed 职责/职能),
    its first items quoted and all of them cited — not the one duty that shares most words with the question."""
    if not _ASKS_DUTIES.search(question) or re.search(
        r"项目|资金|经费|支出|收入|这(?:个|笔|项)(?!单位|中心|局|委|部门|机构|街道|办)|该项|此项|它|\bit\b|project",
        question,
    ):
        return None  # 「这个项目是做什么的」 asks about something else than the unit
    prose = sorted((c for c in tool.chunks.values() if c.kind == "narrative"), key=lambda c: c.line)
    listed = [c for c in prose if any(_DUTY_SECTION.search(h) for h in c.section)]
    first = listed[0].section if listed else ()
    listed = [c for c in listed if c.section == first]
    intro = next((k for k, c in enumerate(prose) if _DUTY_INTRO.search(c.text)), None)
    if not listed and intro is not None:  # 「…主要职能…主要职责是：」 unnumbered, then 「（一）…」 items
        items = prose[intro + 1 : intro + 13]
        cut = next((k for k, c in enumerate(items) if not _ITEM.match(c.text.strip())), len(items))
        listed, first = [prose[intro], *items[:cut]], ()
    if not listed:
        return None
    shown = listed[:6]
    text = ""
    for c in shown:
        said = c.text.strip().rstrip("。；;")
        text += said if not text or text.endswith(("：", ":")) else "；" + said
    text += "……" if len(listed) > len(shown) else "。"
    return Answer(
        question,
        f"{first[-1] if first else '主要职责'}：{text}",
        None,
        None,
        plan.route,
        plan.reason + "；问职责：概况中写职责的那一节",
        tuple(Passage(c, 1.0, c.text, 1.0).citation() for c in shown),
        "answered",
        subject=plan.subject,
    )


def rank_answer(question: str, plan: SearchPlan, tool: NarrativeTool) -> Answer | None:
    """「是什么级别的机构」: the first sentence that states a rank (「为正处级」), or None."""
    if not _ASKS_RANK.search(question):
        return None
    said = [(c, t) for c in tool.chunks.values() for t in sentences(c.text) if _RANK.search(t)]
    if said:
        chunk, sent = said[0]
        return Answer(
            question,
            sent,
            None,
            None,
            plan.route,
            plan.reason + "；问级别：原文写明级别的一句",
            (Passage(chunk, 1.0, sent, 1.0).citation(),),
            "answered",
            subject=plan.subject,
        )
    return None
