"""The table steps once the first operand's row is found (app.answer.table_plans runs them after its own): a
share (its denominator named, natural, or said first), a difference, several listed names added or each, the
rest besides one row (除了…), the max / min / count / list of a row's children, a row under a named unit — or a
not-found Plan when the operands do not fit the question, and at last the look-up of that row."""

from __future__ import annotations

import re

from app.answer.knowledge import Knowledge
from app.answer.linker import Match, core_name
from app.answer.operands import _skipped, _stray_words, unnamed_words
from app.answer.plan import Decline, Plan, TablePlan
from app.answer.question_words import _EACH, _SUM_WORDS
from app.answer.share_plans import _share, part_inside, share
from app.answer.subjects import _asks_amount, _asks_unknown_attribute, _concept, _names_unmatched_row, _without
from app.answer.table_ask import NO_PLAN, Step, TableAsk, no_rows_for
from app.answer.table_rows import (
    _asks_sum_of_list,
    _in_named_table,
    alongside,
)
from app.answer.unit_rows import each_by_unit, under_unit_plan
from app.tools.table_query import TableQuery, Target

_WHOLE_BUDGET = ("总预算",)  # the whole document's figure: other words of the question must not name something else

# English puts the whole first: "what percentage of the basic expenditure is personnel expenses" (part ÷ whole)
_PART_OF_WHOLE = re.compile(
    r"\b(?:percentage|percent|share|proportion|fraction|part)\s+of\s+(?P<whole>.+?)\s+(?:is|are|goes to|go to)\b", re.I
)


_ALL_OF_IT = re.compile(r"(?:the\s+)?(?:whole\s+|total\s+|overall\s+|entire\s+)?(?:budget|spending|expenditure)", re.I)


def all_but_one(kb: Knowledge, a: TableAsk) -> Plan | None:
    """「除了X以外的其余各项」: the sum of the row's siblings (or of the other projects)."""
    row = a.row
    if not (a.except_ and a.first.entity.kind == "row" and a.first.start >= a.except_.start()):
        return None
    if kb.kind_of.get(row["table"]) == "project":
        pool = kb.project_rows()
    else:
        pool = kb.children({**row, "code": row["code"][:-2], "name": row["parent"]}) if row["parent"] else []
    others = [k for k in pool if k["row_id"] != row["row_id"]]
    if not others:
        return None
    return TablePlan(
        reason=f"问除「{row['name']}」以外的其余各项之和（{len(others)} 项）",
        query=TableQuery("sum", tuple(Target(k["row_id"], a.col) for k in others)),
        subject=a.subject,
        matches=a.matches,
    )


def weak_operands(kb: Knowledge, a: TableAsk) -> Plan | None:
    """A computation whose later operand only partly matched its row: no sure computation."""
    weak = [
        m
        for m in a.matches[1:]
        if m.end > m.start
        and not m.exact
        and m.score < 45
        and not (  # 「占支出预算的比重」: only whole-budget words, so the whole budget
            m.entity.name in _WHOLE_BUDGET + ("总支出",)
            and not re.sub(r"支出|收入|预算|总|额|计", "", a.text[m.start : m.end])
        )
    ]
    if not weak or not (a.intent.share or a.intent.diff or a.intent.sum):
        return None
    said = a.text[weak[0].start : weak[0].end]
    return Decline(
        reason=f"「{said}」只部分对上「{weak[0].entity.name}」，不足以计算",
        status="not_found",
        message=f"文档中未找到能确定的计算对象：「{said}」对应哪一行不够确定，所以不做计算。",
        matches=a.matches,
    )


def part_of_whole_in_english(kb: Knowledge, a: TableAsk) -> Plan | None:
    """ "what percentage of WHOLE is PART"."""
    ms = a.matches
    eng = _PART_OF_WHOLE.search(a.text) if a.intent.share and len(ms) == 1 else None
    if eng and _ALL_OF_IT.fullmatch(eng.group("whole")) and ms[0].start >= eng.end("whole"):
        total = _concept(kb, "总预算")  # "what share of the budget goes to basic expenditure": of the whole budget
        whole = kb.row_for(total.entity) if total else None
        if whole and (whole[0]["row_id"], whole[1]) != (a.row["row_id"], a.col):
            return _share((a.row, a.col), whole, "问占比（share of the budget）", a.subject, ms)
    eng = _PART_OF_WHOLE.search(a.text) if a.intent.share and len(ms) == 2 else None
    if not (eng and ms[0].end <= eng.end("whole") <= ms[1].start):
        return None
    part = kb.row_for(ms[1].entity, a.column)
    if part and (part[0]["row_id"], part[1]) != (a.row["row_id"], a.col):
        return _share(part, (a.row, a.col), "问占比（percentage of 整体 is 部分）", a.subject, ms)
    return None


def difference(kb: Knowledge, a: TableAsk) -> Plan | TableAsk | None:
    """「A比B多多少」: A − B, in one table when both are in it."""
    if not (len(a.matches) >= 2 and a.intent.diff):
        return None
    row, col, second = alongside(kb, (a.row, a.col), a.matches[0], a.matches[1], a.column)
    if not second:
        return a.but(row=row, col=col)  # the first operand's row in the table they share
    return TablePlan(
        reason=f"问差额：{row['table']}「{row['name']}」{col} − {second[0]['table']}「{second[0]['name']}」{second[1]}",
        query=TableQuery("difference", (Target(row["row_id"], col), Target(second[0]["row_id"], second[1]))),
        subject=a.subject,
        matches=a.matches,
    )


def _listed_after(text: str, x: Match, y: Match) -> bool:
    """Is `y` listed after `x`: joined by 和/、/与…, or — two names each said exactly — written right after it
    (「会议费培训费」)."""
    gap = text[x.end : y.start]
    return bool(_SUM_WORDS.search(gap)) or (
        gap == "" and x.exact and y.exact and x.end > x.start and x.entity.key != y.entity.key
    )


def listed(kb: Knowledge, a: TableAsk) -> Plan | None:
    """Several names joined by 和/、: added only when asked to add (加起来, 一共, 合计, "the sum of"), never for
    each (分别, 各, unless 其中…合计; 「A和B是多少」 asks each); names not listed (no 「和」 between: 「…基本支出里的
    人员经费」) never are."""
    ms, text = list(a.matches), a.text
    if not (len(ms) >= 2 and all(_listed_after(text, x, y) for x, y in zip(ms, ms[1:]))):
        return None
    adds = _asks_sum_of_list(text, ms) and (not _EACH.search(text) or bool(re.search(r"其中", text)))
    hits = [(m, _in_named_table(kb, text, m, a.column, a.around) or kb.row_for(m.entity, a.column)) for m in ms[1:]]
    missing = [m.entity.name for m, h in hits if not h]
    if missing:  # adding or listing only the names that link would give a figure nobody asked for
        return no_rows_for(missing, f"不给出{'合计' if adds else '各项'}数字", a, adds)
    if not adds and (by_unit := each_by_unit(kb, [a.row, *(h[0] for _, h in hits if h)], ms)):
        return by_unit  # 「会议费和培训费各是多少」, each listed per unit: each its own question
    targets = (Target(a.row["row_id"], a.col), *(Target(h[0]["row_id"], h[1]) for _, h in hits if h))
    names = "、".join(m.entity.name for m in ms)
    return TablePlan(
        reason=f"问多项之和：{names}" if adds else f"问几项各是多少（不相加）：{names}",
        query=TableQuery("sum" if adds else "each", targets),
        subject=a.subject,
        matches=a.matches,
    )


def children(kb: Knowledge, a: TableAsk) -> Plan | None:
    """The max / min / count / list of the rows under a row (or of the projects under 项目支出)."""
    i = a.intent
    if not (i.max or i.min or (i.list and not _asks_amount(a.text)) or (i.count and i.unit_hint != "万元")):
        return None
    kids = kb.children(a.row) if a.first.entity.kind == "row" else []
    if not kids and a.first.entity.name in ("项目支出",):
        kids = kb.project_rows()
    if not kids:
        return None
    op = "max" if i.max else "min" if i.min else "count" if i.count else "list"
    kid_col = a.col if a.col in kb.columns(kids[0]["table"]) else kb.columns(kids[0]["table"])[0]
    word = {"max": "最大值", "min": "最小值", "count": "个数", "list": "明细"}[op]
    return TablePlan(
        reason=f"问「{a.first.entity.name}」下各项的{word}",
        query=TableQuery(op, (), rows=tuple(k["row_id"] for k in kids), column=kid_col),
        subject=a.subject,
        matches=a.matches,
    )


def unknown_attribute(kb: Knowledge, a: TableAsk) -> Plan | None:
    """「X的负责人是谁」: something of the row the document does not state."""
    unknown = _asks_unknown_attribute(kb, a.text, a.first)
    if not unknown:
        return None
    name = a.first.entity.name
    return Decline(
        reason=f"问的是「{name}」的「{unknown}」，文档中没有这项内容",
        status="not_found",
        message=f"文档中未找到「{name}」的「{unknown}」；文档只列出它的预算金额。",
        matches=a.matches,
    )


def concepts_beside_an_unmatched_row(kb: Knowledge, a: TableAsk) -> object | None:
    """「工业信息那类里的基本支出」: other words name a row we could not pin down — no table plan."""
    only_concepts = all(m.entity.kind == "concept" for m in a.matches)
    return NO_PLAN if only_concepts and _names_unmatched_row(kb, _without(a.text, list(a.matches))) else None


def under_a_unit(kb: Knowledge, a: TableAsk) -> Plan | None:
    """「北郊监狱狱政设施建设项目」: the row listed under that unit; two rows named side by side that no one row is
    both: not found."""
    first, text = a.first, a.text
    qualifiers = [
        m
        for m in a.matches[1:]
        if m.entity.kind == "row"
        and m.entity.key != first.entity.key
        and m.end > m.start
        and 0 <= m.start - first.end <= 1
        and text[m.start : m.end] not in first.entity.name  # 「2150517产业发展」: the code's own name again
    ]
    if first.entity.kind != "row" or not qualifiers or a.except_:
        return None
    nested = under_unit_plan(kb, [first, *qualifiers], a.column, list(a.matches))
    if nested is not None:
        return nested
    both = "」「".join([text[first.start : first.end], *(text[m.start : m.end] for m in qualifiers)])
    return Decline(
        reason=f"问题同时提到「{both}」，没有一行同时是它们",
        status="not_found",
        matches=a.matches,
        message=f"文档中未找到「{both}」合在一起的那一项：表格里它们是不同的行"
        f"（{'、'.join(core_name(m.entity.name) for m in [first, *qualifiers])}），所以不给出数字。",
    )


def stray_words(kb: Knowledge, a: TableAsk) -> Plan | object | None:
    """A row matched only in part: the question's other words name nothing it is (「…新媒体号运营资金」)."""
    first = a.first
    stray = _stray_words(kb, a.text, list(a.linked), first) if first.entity.kind == "row" else []
    if not stray:
        return None
    if all(w not in kb.row_vocabulary for w in stray):
        return NO_PLAN  # 「机关运行经费财政拨款」 in a document without that table: its prose may say it
    asked = a.text[first.start : first.end]
    return Decline(
        reason=f"「{asked}」只部分对上「{first.entity.name}」，问题里的「{'」「'.join(stray)}」没有对应",
        status="not_found",
        message=f"文档中未找到「{'」「'.join(stray)}」对应的项目或科目。文档中相近的是「{core_name(first.entity.name)}」，"
        "但它不是问题所问的，所以不给出数字。",
        matches=a.matches,
    )


def _right_after(text: str, m: Match, word: str) -> bool:
    """`word` follows the match directly, or after only 里/中/的 (「政府采购里服务类」), not in another clause."""
    k = text.find(word, m.end)
    return k >= 0 and re.fullmatch(r"(?:的|里|中|里面|当中|之中)?的?", text[m.end : k]) is not None


_CONTAINER = re.compile(r"(?:那块|这块|那部分|这部分|方面|领域|板块|里面|当中|里|中)的?\s*$")


def concept_words(kb: Knowledge, a: TableAsk) -> Plan | object | None:
    """A concept's figure is the whole of it: words beside it that say which part (「政府采购服务类」「委托业务费预算
    总额」) and that the prose uses get its sentence, never the whole; beside 总预算, words that name nothing at all
    are not found."""
    first = a.first
    if first.entity.kind != "concept" or len(a.matches) != 1:
        return None
    unnamed = unnamed_words(a.text, a.linked)
    whole = first.entity.name in _WHOLE_BUDGET
    if whole and any(len(w) >= 3 and w in kb.corpus for w in unnamed):
        return NO_PLAN  # only the prose states it: its sentence
    beside = [w for w in unnamed if _right_after(a.text, first, w)] + _skipped(a.text, first)
    if not whole and any(len(w) >= 2 and w in kb.corpus for w in beside):
        return NO_PLAN  # 「政府采购服务类」「政府采购里服务类」: a part of it the prose may state
    before = a.text[: first.start]
    part = next((w for w in unnamed if re.search(re.escape(w) + _CONTAINER.pattern, before)), "")
    if not whole and len(part) >= 2 and part in kb.corpus:
        return NO_PLAN  # 「信息化建设方面的公用经费」: only the prose may say that part; never the whole's figure
    if not whole and len(part) >= 2:  # 「数字经济那块的基本支出」: not in the document at all
        return Decline(
            reason=f"问的是「{part}」里的「{first.entity.name}」，文档中没有「{part}」",
            status="not_found",
            message=f"文档中未找到「{part}」，所以不用全部的「{first.entity.name}」代替。",
            matches=a.matches,
        )
    if not whole or not [w for w in unnamed if len(w) >= 3]:
        return None
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
        matches=a.matches,
    )


def lookup(kb: Knowledge, a: TableAsk) -> Plan:
    """The row's figure in the asked (or its table's first) column."""
    e = a.first.entity
    reason = f"问题提到「{e.name}」" + (f"（科目编码 {e.code}）" if e.code and e.code in a.text else "")
    return TablePlan(
        reason=f"{reason}：查 {a.where}",
        query=TableQuery("lookup", (Target(a.row["row_id"], a.col),)),
        subject=a.subject,
        matches=a.matches,
    )


ROW_STEPS: tuple[tuple[str, Step], ...] = (
    ("part_inside", part_inside),
    ("all_but_one", all_but_one),
    ("weak_operands", weak_operands),
    ("part_of_whole_in_english", part_of_whole_in_english),
    ("share", share),
    ("difference", difference),
    ("listed", listed),
    ("children", children),
    ("unknown_attribute", unknown_attribute),
    ("concepts_beside_an_unmatched_row", concepts_beside_an_unmatched_row),
    ("under_a_unit", under_a_unit),
    ("stray_words", stray_words),
    ("concept_words", concept_words),
    ("lookup", lookup),
)
