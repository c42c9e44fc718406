"""A figure the prose states: the clause of a sentence that best answers the question (what a unit has, never
what it will buy unless asked; the part the question names; last year's figure derived from this year's and its
change), several figures each from the sentence that states it, and the subject a narrative answer is about.
"""

from __future__ import annotations

import re

from app.answer.linker import find_columns
from app.answer.operands import unaccounted_words
from app.answer.plan import Plan, not_found
from app.answer.prose_figures import _part_figure, as_printed, asked_part, listed_parts, previous_from_change
from app.answer.prose_topics import named_topic
from app.answer.question_words import (
    _COMPARISON,
    _EACH,
    _METHOD,
    _PURCHASE,
    CHANGE_GENERIC,
    DOCUMENT_TOTALS,
    asks_for_change,
)
from app.models import Answer, Subject
from app.numbers import fmt_value
from app.tools.narrative_search import Passage, best_figure, coverage, sentences

MIN_FIGURE_COVERAGE = 0.5  # half of the question's (rarity-weighted) words must be in the figure's clause


def topic(p: Passage, plan: Plan | None = None) -> Subject:
    """The subject of a narrative answer, for follow-ups: the one name the question linked when the sentence
    states it (「公用经费 425.88 万元」 is about 公用经费), else its section heading without numbering."""
    named = named_topic(tuple(getattr(plan, "matches", ()) or ()))
    if named is not None and named.name in p.sentence:
        return named
    title = p.chunk.section[-1] if p.chunk.section else ""
    return Subject("topic", re.sub(r"^[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*", "", title))


_NEGATED = re.compile(r"(没有?|未|不|非)(公开|纳入|安排|包括|列入|包含|含)")


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


def figure_answer(question: str, plan: Plan, passages: list[Passage], idf=None, more=None) -> Answer:  # type: ignore[no-untyped-def]
    """The figure a sentence states for the question; when none does, the question again without a date it is as
    of (「截止2022年底，房屋有多少平方米」: the date qualifies, the sentence after it answers)."""
    found = _figure_answer(question, plan, passages, idf, more)
    q = getattr(plan, "search", "") or question
    if found.status == "answered" or not _AS_OF.search(q):
        return found
    again = _figure_answer(question, plan.but(search=_AS_OF.sub(" ", q)), passages, idf, more)
    return again if again.status == "answered" else found


def _figure_answer(question: str, plan: Plan, passages: list[Passage], idf=None, more=None) -> Answer:  # type: ignore[no-untyped-def]
    """The figure a sentence states for the question. `more(words)` searches the prose again: each part of
    「A和B分别是多少」 is looked for on its own when the question's passages do not hold them all."""
    q = plan.search or question
    candidates = []
    from app.tools.narrative_search import CHANGE_WORDS

    parts = listed_parts(q) if _EACH.search(q) else []
    if len(parts) >= 2:  # 「货物和服务预算各是多少」: every part from one sentence, or none
        return _parts_answer(question, plan, passages, parts, more)
    prefer = CHANGE_WORDS if plan.intent is not None and plan.intent.yoy else None
    q = re.sub(r"(?:^|(?<=[，,]))\s*(?:计划|打算|准备|预计|拟)(?=[\u4e00-\u9fff])", " ", q)  # 「计划培训多少人」: 拟
    if plan.unit_hint == "平方米" and "平方米" not in q:
        q = q.replace("面积", "面积 平方米")  # 「房屋面积多少」: an area is in 平方米
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
    candidates = [c for c in candidates if not _concepts_unsaid(plan, c[3])]
    if not re.search(r"上年|去年|结转|结余|carr", q):  # 「上年结转结余的单位资金 0 万元」 is not this year's 单位资金
        candidates = [c for c in candidates if not re.search(r"上年结[转余]", c[2].clause)]
    candidates = [c for c in candidates if not _only_listed(q, getattr(plan, "matches", ()) or (), c[3])]
    linked = list(getattr(plan, "matches", ()) or ())
    inside = [w for w in unaccounted_words(q, linked) if re.search(re.escape(w) + _WITHIN.pattern, q)]
    if inside:  # 「办公室里的公用经费」: a figure of the part the question names, never the whole's sentence
        candidates = [c for c in candidates if all(w in re.sub(r"\s+", "", c[3]) for w in inside)]
    kind = _KIND_COUNTED.search(q) if plan.unit_hint == "个" else None
    qualifier = [w for w in unaccounted_words(kind.group(1).split("的")[-1], []) if len(w) >= 2] if kind else []
    if qualifier:  # 「其他运转类项目有几个」: the count of that kind, never the 「二级项目10个」 of them all
        candidates = [  # next to what it counts (「特定目标类项目1个」), never inside the unit's name (「…信息化局」)
            c
            for c in candidates
            if all(
                re.search(re.escape(w) + r".{0,3}?(?:项目|单位|机构|科室)", re.sub(r"\s+", "", c[2].clause))
                for w in qualifier
            )
        ]
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
        and not re.search(r"截至|截止|as of", plan.search or question)
    )
    if plan.intent is not None and plan.intent.yoy:  # last year's X, or X's change, only from a sentence about X
        named = [  # 「哈哈项目比上年增加多少」: 哈哈 too, never 机关运行经费's change
            w
            for w in unaccounted_words(_COMPARISON.sub(" ", re.sub(r"比?(?:上年|去年|20\d\d年?)", " ", asked)), [])
            if len(w) >= 3 or not CHANGE_GENERIC.fullmatch(w)
        ]
        where = (lambda c: c[3]) if last_year else (lambda c: _with_previous(c[4], c[3]))  # a change: its lead too
        candidates = [c for c in candidates if all(w in re.sub(r"\s+", "", where(c)) for w in named)]
        if not candidates:
            return not_found(question, plan)
    _, support, fig, sent, p = max(candidates, key=lambda c: c[0])
    changed = re.search(r"(?:比|较|与)(?:上年|去年|20\d\d年?).{0,4}(?:多|少|增|减|高|低|涨|降)", q)
    if changed and fig.unit != "%" and not CHANGE_WORDS.search(fig.clause):  # 「政府采购比去年多了多少」: a change,
        return not_found(question, plan.but(message="文档中未找到与上年相比的增减：情况说明只写了今年的数。"))
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
        text = f"上年约为 {fmt_value(value, unit)}：{how}。文档没有直接列出上年数，这是按情况说明的增减推算的。原文：「{sent}」"
    return Answer(
        question,
        text,
        value,
        unit,
        plan.route,
        plan.reason,
        (passage.citation(),),
        "answered",
        subject=plan.subject or topic(passage, plan),
    )


_SOURCES = ("单位资金", "财政专户管理资金", "政府性基金预算", "国有资本经营预算", "上年结转", "事业收入", "其他收入")
_AS_OF = re.compile(r"(?:截至|截止|到)\s*20\d\d\s*年(?:底|末|年底|\d{1,2}\s*月(?:底|末|\d{1,2}\s*日)?)?[，,]?")
_LISTING = re.compile(r"包括|包含")  # (「50万元用于信息化建设」 is 信息化建设's: 用于 is no list)


def _only_listed(q: str, matches, sent: str) -> bool:  # type: ignore[no-untyped-def]
    """「交通费用多少」 in 「公用经费85.14万元，主要包括：…其他交通费用…」: the words asked stand only among what
    the figure's subject includes — the figure is that subject's, not theirs."""
    flat = re.sub(r"\s+", "", sent)
    listing = _LISTING.search(flat)
    if listing is None or not re.search(r"\d", flat[: listing.start()].lstrip("0123456789.、")):
        return False  # 「按支出用途分类，包括人员支出58,486.35万元」: each listed item says its own figure
    bare = re.sub(r"多少钱?|是|有|几|呢|吗|请问|今年|本年|本单位|本部门|预算数?|安排了?|一共|合计", " ", q)
    words = [q[m.start : m.end] for m in matches] + re.findall(r"[\u4e00-\u9fff]{2,}", bare)
    said = [w for w in words if w in flat]
    return bool(said) and all(flat.find(w) > listing.start() for w in said)


def _with_previous(p: Passage, sent: str) -> str:
    """A sentence and the one before it: 「（一）机关运行经费。」 names what 「…运行经费910.53万元，比2025年增加0.09万元」
    is about, 「（2）节能环保支出（类）支出…」 what 「与上年相比减少1,332.74万元」 is about."""
    said = _sentences_of(p)
    at = said.index(sent) if sent in said else -1
    return (said[at - 1] if at > 0 else "") + sent


def _sentences_of(p: Passage) -> list[str]:
    return sentences(p.chunk.text) or [p.chunk.text]


def _parts_answer(question: str, plan: Plan, passages: list[Passage], parts: list[str], more=None) -> Answer:  # type: ignore[no-untyped-def]
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
                    subject=plan.subject or topic(passage, plan),
                )
    each = [  # 「（一）人员经费 5643.29 万元…」「（二）公用经费…」: each part's own sentence, searched for on its own too
        _own_sentence(passages[:6], part) or (_own_sentence(more(part)[:4], part) if more else None) for part in parts
    ]
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


_WITHIN = re.compile(r"(?:那块|这块|那部分|这部分|方面|领域|板块|里面|当中|里|中)的?")
_KIND_COUNTED = re.compile(r"([\u4e00-\u9fff]{2,12}?)(?:项目|单位|机构|科室)(?:一共|总共|共)?(?:有|是)?(?:几|多少)个?")


def _concepts_unsaid(plan: Plan, sent: str) -> list[str]:
    """The concept asked that a sentence does not name: 「交通运输支出的人员经费」 is not the sentence's 「交通运输支出
    9.00万元」. The concept said last is the one asked (「基本支出里人员经费」 asks 人员经费; 基本支出 only says where)."""
    flat = re.sub(r"[\s“”\"‘’'「」]", "", sent)
    concepts = [
        m
        for m in getattr(plan, "matches", ()) or ()
        if m.entity.kind == "concept"
        and m.entity.name not in DOCUMENT_TOTALS  # 「政府采购安排总额」: a total of the topic
    ]
    if not concepts:  # a source of funds said as such (「单位资金是多少」): never 「财政专户管理资金收入 0 万元」
        asked_q = getattr(plan, "search", "") or ""
        cols = [c for c, _ in find_columns(asked_q) if c in asked_q and c in _SOURCES]
        return [c for c in cols[-1:] if not re.search(".{0,2}".join(map(re.escape, c)), flat)]
    asked = max(concepts, key=lambda m: m.start).entity
    said = any(  # 「一般公共预算当年拨款」 says 一般公共预算拨款: a word or two may stand between its characters
        re.search(".{0,2}".join(map(re.escape, a)), flat) for a in (asked.name, *asked.aliases)
    )
    return [] if said else [asked.name]
