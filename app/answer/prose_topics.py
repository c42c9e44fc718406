"""Prose topics: what a question names when no table row is it — in the words the 情况说明 writes. A change
against last year stated only in the prose (「机关运行经费…较2025年年初预算增加27.88万元」 in a document without a
机关运行经费 table) is that topic's, never the total's; and a prose answer keeps its question's topic, so that a
follow-up (「比去年增加了多少万元」) continues it.
"""

from __future__ import annotations

import re

from app.answer.knowledge import Knowledge
from app.answer.linker import Entity, Match
from app.answer.operands import unaccounted_words
from app.answer.question_words import _COMPARISON
from app.models import Subject

_ASKING = re.compile(r"原因|什么|为何|为啥|怎么|主要|哪些|多少|情况")  # words of the asking, never a topic


def prose_topic(kb: Knowledge, text: str, matches: tuple[Match, ...]) -> Match | None:
    """What the question names when no table row is it, but a 情况说明 sentence states its change
    (「机关运行经费…较2025年年初预算增加27.88万元」 in a document without a 机关运行经费 table): the subject
    is those words, found in the prose as written — never the total's change."""
    for m in matches:
        if m.entity.kind == "concept" and _changes_in_prose(kb, kb.prose_names(m.entity)):
            return m
    words = [
        w for w in unaccounted_words(_COMPARISON.sub(" ", text), list(matches)) if len(w) >= 3 and not _ASKING.search(w)
    ]
    for w in sorted(words, key=len, reverse=True):
        start = text.find(w)
        end = start + len(w)
        while start >= 0 and end < len(text) and text[start : end + 1] in kb.corpus:
            end += 1  # the words as the prose writes them: 「机关运行」 + 「经费」
        name = text[start:end] if start >= 0 else w
        if _changes_in_prose(kb, (name,)):
            return Match(Entity(f"topic:{name}", "topic", name, (name,)), 1.0, start, end, False)
    return None


def _changes_in_prose(kb: Knowledge, names: tuple[str, ...]) -> bool:
    change = r"[^。]{0,80}?(?:增加|减少|增长|下降|上升|降低|持平|相同|不变)"
    return any(re.search(re.escape(n) + change, kb.corpus) for n in names if n)


def prose_subject(text: str, matches: tuple[Match, ...]) -> Subject | None:
    """What a prose question is about, in its own words (「机关运行经费多少」 → 机关运行), so that a follow-up
    (「比去年增加了多少万元」) continues it; None when it names a row or concept, or nothing distinctive."""
    if matches:
        return None
    words = [w for w in unaccounted_words(_COMPARISON.sub(" ", text), []) if re.fullmatch(r"[\u4e00-\u9fff]{2,}", w)]
    return Subject("topic", max(words, key=len)) if words else None


def named_topic(matches: tuple[Match, ...]) -> Subject | None:
    """「公用经费多少」 answered from the prose (no table has it): the answer is about 公用经费, not its section."""
    named = [m for m in matches if m.entity.kind in ("row", "concept")]
    return Subject("topic", named[0].entity.name) if len(named) == 1 else None


_ATTRIBUTE = re.compile(
    r"什么(品牌|牌子|型号|车型|颜色|配置|学历|职称|职务|级别|公司|企业|厂家)"
    r"|(?:哪|几)一?(年|月)(?:买|购|建|成立|开始|启动|完成|投入|采购)"
    r"|(?:哪|几)(?:个|家)(公司|企业|厂家|供应商|银行)"
)
_SAYS = {"牌子": "品牌|牌", "品牌": "品牌|牌", "年": r"\d{2,4}\s*年", "月": r"\d{1,2}\s*月", "车型": "车型|型号"}


def asked_but_absent(question: str, sentence: str) -> str:
    """An attribute the question asks (「什么品牌」「哪年买的」) that the passage found does not state, or "": a
    passage about the subject that does not say it is no answer."""
    for m in _ATTRIBUTE.finditer(question):
        noun = next(g for g in m.groups() if g)
        if not re.search(_SAYS.get(noun, noun), sentence):
            return "购置年份" if noun == "年" else "购置月份" if noun == "月" else noun
    return ""
