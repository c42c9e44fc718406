"""Table plans: the matched rows turned into one TableQuery for the table tool — a look-up, a sum, each of
several, a difference, a share with its denominator, the rest besides one row (除了…), the max / min / count /
list of a row's children, all rows of one name — or a not-found Plan when the operands do not fit the question;
and the total of a table the question names by number (「表十二的合计」).
"""

from __future__ import annotations

import re

from app.answer import table_rows
from app.answer.intent import Intent
from app.answer.knowledge import Knowledge
from app.answer.linker import Match, core_name, find_columns
from app.answer.operands import (
    _dedupe,
    _drop_containers,
    _numbered_siblings,
    _stray_words,
    _unlinked_operands,
    unaccounted_words,
)
from app.answer.plan import Decline, Plan, TablePlan
from app.answer.question_words import (
    _CONTAINER_AFTER,
    _EACH,
    _EXCEPT,
    _INSIDE,
    _QUALIFIERS,
    _SPLIT_SHARE,
    _SUM_WORDS,
    SOURCE_COLUMNS,
)
from app.answer.subjects import _asks_amount, _asks_unknown_attribute, _concept, _names_unmatched_row, _without
from app.answer.table_rows import (
    _asks_sum_of_list,
    _in_named_table,
    _listed_columns,
    _named_after,
    alongside,
    in_source_table,
    named_table_total,
    precise,
)
from app.answer.unit_rows import each_by_unit, listed_by_unit, rows_alike, under_each_plan, under_unit_plan
from app.models import Subject
from app.tools.table_query import TableQuery, Target

_WHOLE_BUDGET = ("总预算",)  # the whole document's figure: other words of the question must not name something else

# English puts the whole first: "what percentage of the basic expenditure is personnel expenses" (part ÷ whole)
_PART_OF_WHOLE = re.compile(
    r"\b(?:percentage|percent|share|proportion|fraction|part)\s+of\s+(?P<whole>.+?)\s+(?:is|are|goes to|go to)\b", re.I
)


def _denominator(kb: Knowledge, text: str, numerator: Match, others: list[Match]) -> tuple[dict, str] | None:
    """占比的分母: what is named after 占, else the natural whole (人员/公用经费 → 基本支出, else the total)."""
    split = _SPLIT_SHARE.search(text)
    after = text[split.end() :] if split else ""
    if others:  # 「表五里项目支出占总支出的比例」: the whole of the table named, when it has one
        return _in_named_table(kb, text, others[0], "", []) or kb.row_for(others[0].entity)
    in_table = named_table_total(kb, text)
    if in_table is not None and not _named_after(after):  # 「表五里项目支出占合计的比例」: that table's total
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


def _table_plan(kb: Knowledge, text: str, intent: Intent, matches: list[Match], column: str) -> Plan | None:
    linked = matches
    matches = _dedupe(_numbered_siblings(kb, text, _drop_containers(text, intent, matches)), kb)
    first = matches[0]
    if forced := precise(kb, text, intent, linked, first, matches):  # a narrower class, a unit of the department
        return forced
    if intent.sum or intent.diff or _EACH.search(text):  # 「东郊、西郊监狱的罪犯生活保障加起来」
        under = under_each_plan(kb, intent, matches, column, text)
        if under is not None:
            return under
    columns = _listed_columns(kb, text, first)
    if columns:  # 「行政运行的基本支出和项目支出各多少」: one row, several of its columns
        row, _ = columns[0]
        return TablePlan(
            reason=f"问「{row['name']}」的几列各是多少：{'、'.join(c for _, c in columns)}",
            query=TableQuery("each", tuple(Target(row["row_id"], c) for _, c in columns)),
            subject=Subject("row", row["name"], row["code"], row["table"], columns[0][1]),
            matches=matches,
        )
    missing = _unlinked_operands(text, linked, each=not intent.sum)  # every span that linked (code and name)
    if missing:
        what = "不做加总（只加其中几项会得出错误的数）" if intent.sum else "不只给出其中几项的数字"
        return Decline(
            reason=f"问题列出的「{'」「'.join(missing)}」在表格中找不到对应的行",
            status="not_found",
            message=f"文档中未找到「{'」「'.join(missing)}」对应的表格行，所以{what}。",
            matches=matches,
        )
    if intent.share and len(matches) > 2:
        qualifiers = [
            m
            for m in matches[:-1]
            if ((m.entity.kind == "concept" and m.entity.name in _QUALIFIERS) or m.entity.name in SOURCE_COLUMNS)
            and any(0 <= o.start - m.end <= 1 for o in matches)
        ]
        matches = [m for m in matches if m not in qualifiers]
        if len(matches) > 2:  # 「A和B加起来占C的比例」: the sum of the names before 占, else no sure division
            return table_rows.share_of_several(kb, text, matches, column)
        first = matches[0]
    split = _SPLIT_SHARE.search(text) if intent.share else None
    if split is not None and first.start >= split.start() and first.end > 0 and len(matches) == 1:
        if not re.search(r"[\u4e00-\u9fffA-Za-z]", re.sub(r"本单位|那么?|它|其|这个?|请问", "", text[: split.start()])):
            return Decline(  # 「占总支出多少」: a whole and no part at all
                reason="问占比，但没有写出是谁的占比（只有分母）",
                message=f"文档中未找到能确定的占比：问题只写了分母「{first.entity.name}」，没有写出要算占比的项目。",
                intent=intent,
                matches=matches,
            )
        return None  # 「…占总预算的比例」 with no numerator the document has a row for
    found = kb.row_for(first.entity, column, income=bool(re.search(r"收入|income|revenue", text)))
    found = _in_named_table(kb, text, first, column, [m for m in linked if m not in matches]) or found
    found = found or in_source_table(kb, first, column)  # 「一般公共预算基本支出」: the 一般公共预算支出表's
    if (
        found is None
        and column
        and not intent.share
        and any(
            _CONTAINER_AFTER.match(text, k + len(column)) and k + len(column) <= first.start
            for k in (w.start() for w in re.finditer(re.escape(column), text))
        )
    ):
        # 「基本支出里公务用车运行维护费」: the row has no such column; its table (基本支出分经济科目) is where it is
        found = kb.row_for(first.entity, "", income=bool(re.search(r"收入|income|revenue", text)))
        column = "" if found else column
    if found is None:
        return None  # never drop the asked-for column and answer another figure
    row, col, twins = rows_alike(kb, first, *found, text)
    if len(twins) > 1 and not (len(matches) >= 2):
        units = listed_by_unit(kb, twins)  # each unit's row once: the department's figure is their sum
        op = "sum" if intent.sum or units or re.search(r"两个|两项|几个|都|全部|各", text) else "list"
        names = (
            f"{row['table']}{f'按单位列出（{units}）' if units else f'有 {len(twins)} 行都符合'}「{first.entity.name}」"
        )
        query = (
            TableQuery("sum", tuple(Target(t["row_id"], col) for t in twins))
            if op == "sum"
            else TableQuery("list", (), rows=tuple(t["row_id"] for t in twins), column=col)
        )
        return TablePlan(
            reason=f"{names}：{'相加' if op == 'sum' else '分别列出，不替用户挑选'}",
            query=query,
            subject=Subject(first.entity.kind, first.entity.name, first.entity.code, row["table"], col),
            matches=matches,
            rule="table/by_unit" if units else "",
        )
    subject = Subject(first.entity.kind, first.entity.name, first.entity.code, row["table"], col)
    where = f"{row['table']}「{row['name']}」{col}"

    inside = len(matches) == 2 and _INSIDE.match(text[matches[0].end : matches[1].start])
    if intent.share and len(matches) == 2 and (re.search(r"goes to|is spent on|go to", text) or inside):
        matches = [matches[1], matches[0]]  # "what share of A goes to B", 「A中B占多少」: B ÷ A
        first = matches[0]
        found = kb.row_for(first.entity, column)
        if found is None:
            return None
        row, col = found
        subject = Subject(first.entity.kind, first.entity.name, first.entity.code, row["table"], col)
        where = f"{row['table']}「{row['name']}」{col}"
        return TablePlan(
            reason=f"问占比：{where} ÷ {matches[1].entity.name}",
            query=TableQuery("share", (Target(row["row_id"], col),), Target(*_first_row(kb, matches[1]))),
            subject=subject,
            matches=matches,
        )
    except_ = _EXCEPT.search(text)
    if except_ and first.entity.kind == "row" and first.start >= except_.start():
        others = [
            k
            for k in (
                kb.project_rows()
                if kb.kind_of.get(row["table"]) == "project"
                else kb.children({**row, "code": row["code"][:-2], "name": row["parent"]})
                if row["parent"]
                else []
            )
            if k["row_id"] != row["row_id"]
        ]
        if others:
            return TablePlan(
                reason=f"问除「{row['name']}」以外的其余各项之和（{len(others)} 项）",
                query=TableQuery("sum", tuple(Target(k["row_id"], col) for k in others)),
                subject=subject,
                matches=matches,
            )
    weak = [
        m
        for m in matches[1:]
        if m.end > m.start
        and not m.exact
        and m.score < 45
        and not (  # 「占支出预算的比重」: only whole-budget words, so the whole budget
            m.entity.name in _WHOLE_BUDGET + ("总支出",)
            and not re.sub(r"支出|收入|预算|总|额|计", "", text[m.start : m.end])
        )
    ]
    if weak and (intent.share or intent.diff or intent.sum):
        return Decline(
            reason=f"「{text[weak[0].start : weak[0].end]}」只部分对上「{weak[0].entity.name}」，不足以计算",
            status="not_found",
            message=f"文档中未找到能确定的计算对象：「{text[weak[0].start : weak[0].end]}」对应哪一行不够确定，所以不做计算。",
            matches=matches,
        )
    eng = _PART_OF_WHOLE.search(text) if intent.share and len(matches) == 2 else None
    if eng and matches[0].end <= eng.end("whole") <= matches[1].start:  # "what percentage of WHOLE is PART"
        part = kb.row_for(matches[1].entity, column)
        if part and (part[0]["row_id"], part[1]) != (row["row_id"], col):
            return _share(part, (row, col), "问占比（percentage of 整体 is 部分）", subject, matches)
    if intent.share and len(matches) <= 2:
        split = _SPLIT_SHARE.search(text)
        whole_first = (
            split and len(matches) == 2 and matches[1].end <= split.start() and not _named_after(text[split.end() :])
        )
        if whole_first:  # 「政府采购服务类占多少比例」: nothing is named after 占, the first name is the whole
            part = kb.row_for(matches[1].entity, column)
            if part and (part[0]["row_id"], part[1]) != (row["row_id"], col):
                return _share(part, (row, col), "问占比（先说整体，后说部分）", subject, matches)
        after = (
            ([m for m in matches[1:] if split and m.start >= split.start()] or matches[1:]) if len(matches) > 1 else []
        )
        den = _denominator(kb, text, first, after)
        if den is not None and (den[0]["row_id"] != row["row_id"] or den[1] != col):
            return _share((row, col), den, "问占比", subject, matches)
        if den is None and re.search(r"比例|比重|占比|百分|几成|%|percent|share|proportion", text):
            after = text[split.end() :] if split else ""
            return Decline(
                reason="问占比，但分母对应哪一行不能确定",
                status="not_found",
                matches=matches,
                message=f"文档中未找到能确定的占比分母{('「' + after.strip('的比例是多少？?') + '」') if after.strip() else ''}，"
                "所以不做计算（不会用金额代替比例）。",
            )
    if len(matches) >= 2 and intent.diff:
        row, col, second = alongside(kb, (row, col), matches[0], matches[1], column)  # one table when both are in it
        if second:
            return TablePlan(
                reason=f"问差额：{where} − {second[0]['table']}「{second[0]['name']}」{second[1]}",
                query=TableQuery("difference", (Target(row["row_id"], col), Target(second[0]["row_id"], second[1]))),
                subject=subject,
                matches=matches,
            )
    listed = len(matches) >= 2 and all(
        _SUM_WORDS.search(text[a.end : b.start] or "") for a, b in zip(matches, matches[1:])
    )
    # A list is added only when asked to add (加起来, 一共, 合计, "the sum of"), never for each (分别, 各, unless
    # 其中…合计; 「A和B是多少」 asks each); names not listed (no 「和」 between: 「…基本支出里的人员经费」) never are.
    adds = listed and _asks_sum_of_list(text, matches) and (not _EACH.search(text) or bool(re.search(r"其中", text)))
    if listed:
        around = [m for m in linked if m not in matches]  # 「三公里面A和B」: the container names their table
        hits = [(m, _in_named_table(kb, text, m, column, around) or kb.row_for(m.entity, column)) for m in matches[1:]]
        missing = [m.entity.name for m, h in hits if not h]
        if missing:  # adding or listing only the names that link would give a figure nobody asked for
            return Decline(
                reason=f"问题列出的「{'」「'.join(missing)}」在表格中找不到对应的行",
                status="not_found",
                message=f"文档中未找到「{'」「'.join(missing)}」对应的表格行，所以不给出{'合计' if adds else '各项'}数字。",
                matches=matches,
            )
        if not adds and (by_unit := each_by_unit(kb, [row, *(h[0] for _, h in hits if h)], matches)):
            return by_unit  # 「会议费和培训费各是多少」, each listed per unit: each its own question
        targets = (Target(row["row_id"], col), *(Target(h[0]["row_id"], h[1]) for _, h in hits if h))
        names = "、".join(m.entity.name for m in matches)
        return TablePlan(
            reason=f"问多项之和：{names}" if adds else f"问几项各是多少（不相加）：{names}",
            query=TableQuery("sum" if adds else "each", targets),
            subject=subject,
            matches=matches,
        )
    if (
        intent.max
        or intent.min
        or (intent.list and not _asks_amount(text))
        or (intent.count and intent.unit_hint != "万元")
    ):
        kids = kb.children(row) if first.entity.kind == "row" else []
        if not kids and first.entity.name in ("项目支出",):
            kids = kb.project_rows()
        if kids:
            op = "max" if intent.max else "min" if intent.min else "count" if intent.count else "list"
            kid_col = col if col in kb.columns(kids[0]["table"]) else kb.columns(kids[0]["table"])[0]
            word = {"max": "最大值", "min": "最小值", "count": "个数", "list": "明细"}[op]
            return TablePlan(
                reason=f"问「{first.entity.name}」下各项的{word}",
                query=TableQuery(op, (), rows=tuple(k["row_id"] for k in kids), column=kid_col),
                subject=subject,
                matches=matches,
            )
    unknown = _asks_unknown_attribute(kb, text, first)
    if unknown:
        return Decline(
            reason=f"问的是「{first.entity.name}」的「{unknown}」，文档中没有这项内容",
            status="not_found",
            message=f"文档中未找到「{first.entity.name}」的「{unknown}」；文档只列出它的预算金额。",
            matches=matches,
        )
    if all(m.entity.kind == "concept" for m in matches) and _names_unmatched_row(kb, _without(text, matches)):
        return None  # 「工业信息那类里的基本支出」: other words name a row we could not pin down
    qualifiers = [
        m
        for m in matches[1:]
        if m.entity.kind == "row"
        and m.entity.key != first.entity.key
        and m.end > m.start
        and 0 <= m.start - first.end <= 1
        and text[m.start : m.end] not in first.entity.name  # 「2150517产业发展」: the code's own name again
    ]
    nested = under_unit_plan(kb, [first, *qualifiers], column, matches) if first.entity.kind == "row" else None
    if (
        nested is not None and qualifiers and not except_
    ):  # 「北郊监狱狱政设施建设项目」: the row listed under that unit
        return nested
    if first.entity.kind == "row" and qualifiers and not except_:  # no one row is both
        both = "」「".join([text[first.start : first.end], *(text[m.start : m.end] for m in qualifiers)])
        return Decline(
            reason=f"问题同时提到「{both}」，没有一行同时是它们",
            status="not_found",
            matches=matches,
            message=f"文档中未找到「{both}」合在一起的那一项：表格里它们是不同的行"
            f"（{'、'.join(core_name(m.entity.name) for m in [first, *qualifiers])}），所以不给出数字。",
        )
    stray = _stray_words(kb, text, linked, first) if first.entity.kind == "row" else []
    if stray and all(w not in kb.row_vocabulary for w in stray):
        return None  # 「机关运行经费财政拨款」 in a document without that table: its prose may say it
    if stray:
        asked = text[first.start : first.end]
        return Decline(
            reason=f"「{asked}」只部分对上「{first.entity.name}」，问题里的「{'」「'.join(stray)}」没有对应",
            status="not_found",
            message=f"文档中未找到「{'」「'.join(stray)}」对应的项目或科目。文档中相近的是「{core_name(first.entity.name)}」，"
            "但它不是问题所问的，所以不给出数字。",
            matches=matches,
        )
    unnamed = unaccounted_words(text, linked) if first.entity.kind == "concept" and len(matches) == 1 else []
    if first.entity.name in _WHOLE_BUDGET and any(len(w) >= 3 and w in kb.corpus for w in unnamed):
        return None  # 「委托业务费预算总额」 that only the prose states: its sentence, never the whole budget
    if first.entity.name in _WHOLE_BUDGET and [w for w in unnamed if len(w) >= 3]:
        # 「委托业物费预算总额」「…新媒体号运营资金项目资金总额」: the words that say which budget name nothing here
        asked = "」「".join(unnamed)
        near = kb.closest_names(" ".join(unnamed))
        return Decline(
            reason=f"问题里的「{asked}」对不上任何行或项目；「{first.entity.name}」是整份预算，不是它",
            status="not_found",
            message=f"文档中未找到「{asked}」。"
            + (
                f"文档中相近的有：{'、'.join(f'「{n}」' for n in near)}（没有给出数字，请确认是否指其中之一）。"
                if near
                else ""
            ),
            matches=matches,
        )
    reason = f"问题提到「{first.entity.name}」" + (
        f"（科目编码 {first.entity.code}）" if first.entity.code and first.entity.code in text else ""
    )
    return TablePlan(
        reason=f"{reason}：查 {where}",
        query=TableQuery("lookup", (Target(row["row_id"], col),)),
        subject=subject,
        matches=matches,
    )


def _share(part: tuple, whole: tuple, why: str, subject: Subject | None, matches: list[Match]) -> Plan:
    """The plan of part ÷ whole, each a (row, column) of the tables."""
    (p_row, p_col), (w_row, w_col) = part, whole
    return TablePlan(
        reason=f"{why}：{p_row['table']}「{p_row['name']}」{p_col} ÷ {w_row['table']}「{w_row['name']}」{w_col}",
        query=TableQuery("share", (Target(p_row["row_id"], p_col),), Target(w_row["row_id"], w_col)),
        subject=subject,
        matches=matches,
    )
