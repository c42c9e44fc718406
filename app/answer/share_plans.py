"""Shares of table rows: 「A占B的比例」 with its denominator named, natural (人员/公用经费 → 基本支出, else the total)
or said first (「政府采购服务类占多少比例」); 「A中B占多少」 (B ÷ A); a source's part of a whole (「项目支出里政府性基金预算
占多少比例」) — or not found, never the amount instead."""

from __future__ import annotations

import re

from app.answer.knowledge import Knowledge
from app.answer.linker import Match, find_columns
from app.answer.plan import Decline, Plan, TablePlan
from app.answer.question_words import _INSIDE, _SPLIT_SHARE, _TABLE_REF, SOURCE_COLUMNS
from app.answer.subjects import _concept
from app.answer.table_ask import NO_PLAN, TableAsk, no_rows_for
from app.answer.table_rows import _in_named_table, _named_after, _total_row, in_source_table, named_table_total
from app.models import Subject
from app.tools.table_query import TableQuery, Target

_RATIO = re.compile(r"比例|比重|百分|几成|%|percent|share|proportion")


def _denominator(kb: Knowledge, text: str, numerator: Match, others: list[Match]) -> tuple[dict, str] | None:
    """占比的分母: what is named after 占, else the natural whole (人员/公用经费 → 基本支出, else the total)."""
    split = _SPLIT_SHARE.search(text)
    after = text[split.end() :] if split else ""
    if others:  # 「表五里项目支出占总支出的比例」: the whole of the table named, when it has one
        return _in_named_table(kb, text, others[0], "", []) or kb.row_for(others[0].entity)
    in_table = named_table_total(kb, text)
    if in_table is not None and not _named_after(_TABLE_REF.sub("", after)):  # 「表五里…占合计」「…占表十一合计」
        return in_table
    for word, _ in find_columns(after):
        concept = _concept(kb, word)
        if concept is not None:
            return kb.row_for(concept.entity)
    if numerator.entity.name in ("人员经费", "公用经费"):
        hit = kb.row_for(numerator.entity)
        return (hit[0], "合计") if hit else None
    if _named_after(after):
        return None  # 「…占人社管理事务这一款的比例」: a denominator is named that no row matched — never the total instead
    total = _concept(kb, "总预算")
    return kb.row_for(total.entity) if total else None


def _first_row(kb: Knowledge, m: Match) -> tuple[str, str]:
    found = kb.row_for(m.entity)
    if found is None:
        raise LookupError(m.entity.name)
    return found[0]["row_id"], found[1]


def _share(part: tuple, whole: tuple, why: str, subject: Subject | None, matches: tuple[Match, ...]) -> Plan:
    """The plan of part ÷ whole, each a (row, column) of the tables."""
    (p_row, p_col), (w_row, w_col) = part, whole
    return TablePlan(
        reason=f"{why}：{p_row['table']}「{p_row['name']}」{p_col} ÷ {w_row['table']}「{w_row['name']}」{w_col}",
        query=TableQuery("share", (Target(p_row["row_id"], p_col),), Target(w_row["row_id"], w_col)),
        subject=subject,
        matches=matches,
    )


def part_inside(kb: Knowledge, a: TableAsk) -> Plan | object | None:
    """ "what share of A goes to B", 「A中B占多少」: B ÷ A."""
    ms = a.matches
    inside = len(ms) == 2 and _INSIDE.match(a.text[ms[0].end : ms[1].start])
    if not (a.intent.share and len(ms) == 2 and (re.search(r"goes to|is spent on|go to", a.text) or inside)):
        return None
    part, whole = ms[1], ms[0]
    source = next((c for c in SOURCE_COLUMNS if a.text[part.start : part.end].startswith(c)), "")
    if source:  # 「基本支出里一般公共预算占多少」: a source's part of the whole, never the source's own total
        found, total = _source_part(kb, whole.entity.name, source), kb.row_for(whole.entity)
        if found is None or total is None:
            return no_rows_for([f"{whole.entity.name}中的{source}"], "不给出比例", a)
        return _share(found, total, f"问占比：{whole.entity.name}中{source}的部分", a.subject, ms)
    found = kb.row_for(part.entity, a.column)
    if found is None:
        return NO_PLAN
    row, col = found
    e = part.entity
    source = next((s for s in SOURCE_COLUMNS if s in a.text[: whole.start]), "")  # 「一般公共预算基本支出中…」
    own = in_source_table(kb, whole, source) if source else None
    if own is None and whole.entity.name == "基本支出" and kb.kind_of.get(row["table"]) == "basic_by_econ":
        own = (row, "合计") if "合计" in kb.columns(row["table"]) else None  # 人员经费 of its own 基本支出 table
    return TablePlan(
        reason=f"问占比：{row['table']}「{row['name']}」{col} ÷ "
        + (f"{own[0]['table']}「{own[0]['name']}」{own[1]}" if own else whole.entity.name),
        query=TableQuery(
            "share",
            (Target(row["row_id"], col),),
            Target(own[0]["row_id"], own[1]) if own else Target(*_first_row(kb, whole)),
        ),
        subject=Subject(e.kind, e.name, e.code, row["table"], col),
        matches=(part, whole),
    )


_SOURCE_TABLE = {"一般公共预算": "gpb_expense", "政府性基金预算": "fund_expense", "国有资本经营预算": "soe"}
_BROKEN_DOWN = {"项目支出": ("project",), "基本支出": ("basic_by_econ",)}  # the tables that break a whole down


def _source_part(kb: Knowledge, whole: str, source: str) -> tuple[dict, str] | None:
    """The part of 项目支出 / 基本支出 paid from `source`: the total row of the table that breaks it down by
    source (珠海's 表12 项目支出 by 一般公共预算 / 政府性基金预算), never a row of another whole (收入总表)."""
    for label, kind in kb.kind_of.items():
        if kind in _BROKEN_DOWN.get(whole, ()) and source in kb.columns(label):
            unit = str(kb.doc.get("unit") or "")
            rows = kb.rows[(kb.rows["table"] == label) & (kb.rows["name"] == unit)].to_dict("records")
            total = _total_row(kb, label) or _total_row(kb, label, ("单位",)) or (rows[0] if len(rows) == 1 else None)
            if total is not None:  # its 合计, or the one unit's row that heads it (深圳's 「…盐田管理局」)
                return total, source
    for label, kind in kb.kind_of.items():  # 表五 一般公共预算支出表's 基本支出 column: 基本支出 paid from 一般公共预算
        if kind == _SOURCE_TABLE.get(source) and whole in kb.columns(label):
            total = _total_row(kb, label)
            if total is not None:
                return total, whole
    return None


_WHOLE_THEN_SOURCE = re.compile(
    r"(项目支出|基本支出)(?:里面|当中|之中|中|里)的?(" + "|".join(sorted(SOURCE_COLUMNS, key=len, reverse=True)) + ")"
)


def source_part_of_a_whole(kb: Knowledge, a: TableAsk) -> Plan | None:
    """「基本支出中一般公共预算是多少」: the part of the whole paid from that source (its breakdown table's total
    row), never the source's own total (all its income) — or not found."""
    m = _WHOLE_THEN_SOURCE.search(a.text)
    if m is None or a.intent.share or re.search(r"和|与|及|、", a.text[m.end() :]):
        return None
    part = _source_part(kb, m.group(1), m.group(2))
    if part is None:
        return no_rows_for([f"{m.group(1)}中的{m.group(2)}"], "不给出数字", a)
    return TablePlan(
        reason=f"问{m.group(1)}中{m.group(2)}的部分：{part[0]['table']}「{part[0]['name']}」{part[1]}",
        query=TableQuery("lookup", (Target(part[0]["row_id"], part[1]),)),
        subject=Subject("concept", m.group(1), "", part[0]["table"], part[1]),
        matches=a.matches,
    )


def share(kb: Knowledge, a: TableAsk) -> Plan | None:
    """A share of one or two names: the whole said first (「政府采购服务类占多少比例」), else the denominator named
    after 占 or the natural one — or not found, never the amount instead."""
    ms, text, row, col = a.matches, a.text, a.row, a.col
    if not (a.intent.share and len(ms) <= 2):
        return None
    split = _SPLIT_SHARE.search(text)
    source = next((c for c in SOURCE_COLUMNS if split and c in text[a.first.end : split.start()]), "")
    if source:  # 「项目支出里政府性基金预算占多少比例」: its 政府性基金预算 column ÷ its whole, or nothing
        part, whole = _source_part(kb, a.first.entity.name, source), kb.row_for(a.first.entity)
        own = [r for r in kb.entity_rows.get(a.first.entity.key, []) if source in kb.columns(r["table"])]
        if a.first.entity.kind == "row" and own:  # 「一般公共服务支出中一般公共预算占多少」: its own row's two cells
            part, whole = (own[0], source), (own[0], kb.columns(own[0]["table"])[0])
        if part and whole:
            return _share(part, whole, f"问占比：{a.first.entity.name}中{source}的部分", a.subject, ms)
        return no_rows_for([f"{a.first.entity.name}中的{source}"], "不给出比例", a)
    inside = text[a.first.end : split.start()] if split else ""
    own_col = a.first.entity.kind == "row" and a.col and a.col in inside and re.search(r"里|中|当中|里面", inside)
    first_col = kb.columns(row["table"])[0] if own_col else ""
    after = text[split.end() :] if split else ""
    named_whole = _named_after(after) or any(split is not None and m.start >= split.end() for m in ms)
    if own_col and first_col != col and not named_whole:
        return _share((row, col), (row, first_col), f"问占比：「{row['name']}」中{col}的部分", a.subject, ms)
    whole_first = split and len(ms) == 2 and ms[1].end <= split.start() and not _named_after(text[split.end() :])
    if whole_first:  # 「政府采购服务类占多少比例」: nothing is named after 占, the first name is the whole
        part = kb.row_for(ms[1].entity, a.column)
        if part and (part[0]["row_id"], part[1]) != (row["row_id"], col):
            return _share(part, (row, col), "问占比（先说整体，后说部分）", a.subject, ms)
    after = ([m for m in ms[1:] if split and m.start >= split.start()] or list(ms[1:])) if len(ms) > 1 else []
    den = _denominator(kb, text, a.first, after)
    if den is not None and (den[0]["row_id"] != row["row_id"] or den[1] != col):
        return _share((row, col), den, "问占比", a.subject, ms)
    if den is None and _RATIO.search(text):
        named = text[split.end() :] if split else ""
        return Decline(
            reason="问占比，但分母对应哪一行不能确定",
            status="not_found",
            matches=ms,
            message=f"文档中未找到能确定的占比分母{('「' + named.strip('的比例是多少？?') + '」') if named.strip() else ''}，"
            "所以不做计算（不会用金额代替比例）。",
        )
    return None
