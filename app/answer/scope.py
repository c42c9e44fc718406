"""Scope: who and when a question is about. The unit's own name (「大同市工业和信息化局」, 「工信局」) becomes
「本单位」 — it is who the document is about, not a budget row — and a question about a later or another year,
the final accounts (决算), one person's pay or another organisation is stopped before any planning, with a
not-found Plan that says why.
"""

from __future__ import annotations

import re

from app.answer.intent import Intent
from app.answer.knowledge import Knowledge
from app.answer.plan import Plan
from app.answer.question_words import _ORG, PERSONAL

_SHORT_ORG = re.compile(r"[\u4e00-\u9fff]{2,4}(?:局|委|厅|办|部|院)")
_ORG_END = set("局委厅办部院会处站所室馆队心")


def name_the_unit_plainly(text: str, unit: str) -> str:
    """The unit's own name (「大同市工业和信息化局」, 「工信局」) → 「本单位」: it is who the document is
    about, not a budget row, and its words must not link to rows such as 「工业和信息产业监管」."""
    text = text.replace(unit.lower(), "本单位")
    for size in range(
        len(unit) - 1, 4, -1
    ):  # a part of the name (5+ characters) that ends like an organisation: 「重庆市委宣传部」
        for i in range(len(unit) - size + 1):
            part = unit[i : i + size].lower()
            if part[-1] in _ORG_END and part in text:
                text = text.replace(part, "本单位")
    for short in set(_SHORT_ORG.findall(text)):
        if _abbreviates(short, unit):
            text = text.replace(short, "本单位")
    return text


_FINAL_ACCOUNT = re.compile(r"决算|实际(?:支出|花费|花了|执行|发生)|执行数|执行率|actual(?:ly)? spen|final account")
_FUTURE = re.compile(r"明年|下一年|下年度|未来|将来|后年|以后几年|next year|future")


def _out_of_scope(kb: Knowledge, text: str, intent: Intent, year: int) -> Plan | None:
    if _FUTURE.search(text):
        return Plan(
            "none",
            "问的是以后的年份",
            status="not_found",
            message=f"文档中未找到以后年份的数据：本文件只含{kb.doc['unit']}{year}年预算（及与上年的比较），不作预测。",
            intent=intent,
        )
    other_years = [y for y in intent.years if y not in (year, year - 1)]
    if other_years:
        return Plan(
            "none",
            f"问题问的是{other_years[0]}年，本文件是{year}年预算",
            status="not_found",
            message=f"文档中未找到{other_years[0]}年的数据：本文件是{kb.doc['unit']}{year}年的预算公开，只含{year}年预算（及与上年的比较）。",
            intent=intent,
        )
    if _FINAL_ACCOUNT.search(text):
        return Plan(
            "none",
            "问的是决算（实际执行数）；本文件是预算",
            status="not_found",
            message=f"文档中未找到决算（实际收支）数据：本文件是{kb.doc['unit']}{year}年的预算公开，只有预算数，"
            "没有决算或实际执行数。",
            intent=intent,
        )
    if PERSONAL.search(text):
        return Plan(
            "none",
            "问的是个人的收入或开支；预算公开只列单位的预算",
            status="not_found",
            message="文档中未找到个人层面的数据：预算公开只列出单位的预算（如工资福利支出总额），不含某个人的工资或开支。",
            intent=intent,
        )
    for org in _ORG.findall(text):
        if org not in kb.corpus and not _abbreviates(org, kb.doc["unit"]):
            return Plan(
                "none",
                f"问题问的是「{org}」，本文件是{kb.doc['unit']}的预算",
                status="not_found",
                message=f"文档中未找到「{org}」的数据：本文件是{kb.doc['unit']}{year}年的预算公开。",
                intent=intent,
            )
    return None


def _abbreviates(short: str, full: str) -> bool:
    """「工信局」 abbreviates 「大同市工业和信息化局」: its characters appear in order."""
    i = 0
    for ch in full:
        if i < len(short) and ch == short[i]:
            i += 1
    return i == len(short)
