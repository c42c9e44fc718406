"""Table plans: the matched rows turned into one TableQuery for the table tool — a look-up, a sum, each of
several, a difference, a share with its denominator, the rest besides one row (除了…), the max / min / count /
list of a row's children, all rows of one name — or a not-found Plan when the operands do not fit the question.

The work is a registry of small named steps (STEPS) over a frozen TableAsk (app.answer.table_ask): the steps
here read the operands and find the first one's row; app.answer.table_row_plans holds those that need the row.
The first step that decides makes the plan; a step may instead narrow the operands or say there is no table
plan at all (the prose may answer — never another figure instead)."""

from __future__ import annotations

import re

from app.answer import table_rows
from app.answer.concept_data import concepts
from app.answer.intent import Intent
from app.answer.knowledge import Knowledge
from app.answer.linker import Match
from app.answer.operands import (
    _FUNDING_RE,
    _dedupe,
    _drop_containers,
    _numbered_siblings,
    _unlinked_operands,
    unnamed_words,
)
from app.answer.plan import Decline, Plan, TablePlan, table_query
from app.answer.question_words import _CONTAINER_AFTER, _EACH, _QUALIFIERS, _SPLIT_SHARE, SOURCE_COLUMNS, table_labels
from app.answer.share_plans import _denominator, _share, source_part_of_a_whole
from app.answer.table_ask import NO_PLAN, Step, TableAsk, no_rows_for, run_steps
from app.answer.table_row_plans import _PART_OF_WHOLE, ROW_STEPS
from app.answer.table_rows import _in_named_table, _listed_columns, in_source_table
from app.answer.unit_plans import precise
from app.answer.unit_rows import listed_by_unit, rows_alike, under_each_plan, under_unit_plan
from app.models import Subject
from app.tools.table_query import TableQuery, Target

_INCOME = re.compile(r"收入|income|revenue")


def _table_plan(kb: Knowledge, text: str, intent: Intent, matches: list[Match], column: str) -> Plan | None:
    """The table plan of a question whose names linked to `matches` (the first is the subject), or None."""
    operands = _dedupe(_numbered_siblings(kb, text, _drop_containers(text, intent, matches)), kb)
    return run_steps(kb, TableAsk(text, intent, tuple(matches), tuple(operands), column), STEPS)


def narrower(kb: Knowledge, a: TableAsk) -> Plan | None:
    """A narrower class than the document prints, a unit of the department (app.answer.unit_plans.precise)."""
    return precise(kb, a.text, a.intent, list(a.linked), a.first, list(a.matches))


def under_each(kb: Knowledge, a: TableAsk) -> Plan | None:
    """「东郊、西郊监狱的罪犯生活保障加起来」: the row listed under each named unit."""
    if not (a.intent.sum or a.intent.diff or _EACH.search(a.text)):
        return None
    return under_each_plan(kb, a.intent, list(a.matches), a.column, a.text)


def listed_columns(kb: Knowledge, a: TableAsk) -> Plan | None:
    """「行政运行的基本支出和项目支出各多少」: one row, several of its columns."""
    columns = _listed_columns(kb, a.text, a.first)
    if not columns:
        return None
    row, _ = columns[0]
    return TablePlan(
        reason=f"问「{row['name']}」的几列各是多少：{'、'.join(c for _, c in columns)}",
        query=TableQuery("each", tuple(Target(row["row_id"], c) for _, c in columns)),
        subject=Subject("row", row["name"], row["code"], row["table"], columns[0][1]),
        matches=a.matches,
    )


def unlinked_operands(kb: Knowledge, a: TableAsk) -> Plan | None:
    """A listed name no row matches: no sum of the others, nor only some of each."""
    missing = _unlinked_operands(a.text, list(a.linked), each=not a.intent.sum)  # every span that linked
    if not missing:
        return None
    return no_rows_for(
        missing, "不做加总（只加其中几项会得出错误的数）" if a.intent.sum else "不只给出其中几项的数字", a, a.intent.sum
    )


def share_under_a_unit(kb: Knowledge, a: TableAsk) -> Plan | None:
    """「北郊监狱狱政设施建设项目占全部项目支出的比例」: the row listed under that unit ÷ the whole named after 占."""
    ms = a.matches
    if not (a.intent.share and len(ms) >= 3 and 0 <= ms[1].start - ms[0].end <= 1):
        return None
    nested = under_unit_plan(kb, list(ms[:2]), a.column, list(ms))
    if nested is None:
        return None
    target = table_query(nested).targets[0]
    den = _denominator(kb, a.text, ms[1], list(ms[2:]))
    if den is None:
        return None
    part = (kb.rows_by_id[target.row_id], target.column)
    return _share(part, den, f"问占比（「{ms[0].entity.name}」下的一行）", nested.subject, ms)


def share_of_several(kb: Knowledge, a: TableAsk) -> Plan | TableAsk | None:
    """「A和B加起来占C的比例」: the sum of the names before 占; qualifiers (「一般公共预算」「人员经费」 right beside
    another name) are no operands of their own."""
    if not (a.intent.share and len(a.matches) > 2):
        return None
    qualifiers = [
        m
        for m in a.matches[:-1]
        if ((m.entity.kind == "concept" and m.entity.name in _QUALIFIERS) or m.entity.name in SOURCE_COLUMNS)
        and any(0 <= o.start - m.end <= 1 for o in a.matches)
    ]
    matches = [m for m in a.matches if m not in qualifiers]
    if len(matches) > 2:
        return table_rows.share_of_several(kb, a.text, matches, a.column)
    return a.but(matches=tuple(matches))


def whole_only(kb: Knowledge, a: TableAsk) -> Plan | object | None:
    """「占总支出多少」: a whole and no part at all — or a part the document has no row for: no table plan."""
    split = _SPLIT_SHARE.search(a.text) if a.intent.share else None
    if split is None or a.first.start < split.start() or a.first.end <= 0 or len(a.matches) != 1:
        return None
    if _PART_OF_WHOLE.search(a.text):  # "what share of the budget goes to X": X is the part
        return None
    if not re.search(r"[\u4e00-\u9fffA-Za-z]", re.sub(r"本单位|那么?|它|其|这个?|请问", "", a.text[: split.start()])):
        return Decline(
            reason="问占比，但没有写出是谁的占比（只有分母）",
            message=f"文档中未找到能确定的占比：问题只写了分母「{a.first.entity.name}」，没有写出要算占比的项目。",
            intent=a.intent,
            matches=a.matches,
        )
    return NO_PLAN  # 「…占总预算的比例」 with no numerator the document has a row for


def source_of_nothing(kb: Knowledge, a: TableAsk) -> object | None:
    """「一般公共预算安排的办公费」 where no row is 办公费: the source of funds only qualifies what is asked; its own
    total is not the answer (the prose may say it)."""
    if not _FUNDING_RE.search(a.first.entity.name) or len(a.matches) != 1:
        return None
    after = [
        w
        for w in unnamed_words(a.text, a.linked)
        if len(w) >= 2
        and re.fullmatch(r"(?:安排|用于|支付)?的?", a.text[a.first.end : max(a.first.end, a.text.find(w))])
    ]  # 「单位资金占收入的比例」: 收入 is no thing the source pays for
    return NO_PLAN if after and a.text.find(after[0]) >= a.first.end else None


def _another_concept(text: str, matches: tuple[Match, ...]) -> str:
    """A budget concept's name said outside every linked name (the document prints no table of it)."""
    spans = [(m.start, m.end) for m in matches]
    for c in concepts():
        if any(m.entity.name == c.name for m in matches):
            continue  # 「“三公”经费 (三公经费)」: the concept linked, said twice
        for name in (c.name, *c.aliases):
            if any(name.startswith(src) or src.startswith(name) for src in (*SOURCE_COLUMNS, "财政拨款")):
                continue  # a source of funds (「项目支出里政府性基金预算」) qualifies; it is read as a column
            at = text.find(name) if len(name) >= 4 and re.search(r"[\u4e00-\u9fff]", name) else -1
            if at >= 0 and not any(s <= at < e or at <= s < at + len(name) for s, e in spans):
                return name
    return ""


def the_row(kb: Knowledge, a: TableAsk) -> TableAsk | object:
    """The first operand's row and column: in the table the question names, or its source's (「一般公共预算基本
    支出」), or — when the asked column is a container the row has not (「基本支出里公务用车运行维护费」) — its own
    table's; never the asked-for column dropped to answer another figure."""
    first, column, text = a.first, a.column, a.text
    if first.entity.kind == "concept" and _another_concept(text, a.linked):
        return NO_PLAN  # 「机关运行经费财政拨款预算」 where no table prints 机关运行经费: never 财政拨款's total
    income = bool(_INCOME.search(text))
    titled = in_source_table(kb, first, column)  # 「一般公共预算安排的电费」「一般公共预算基本支出」
    found = (titled if first.entity.kind == "row" else None) or kb.row_for(first.entity, column, income=income)
    in_named = _in_named_table(kb, text, first, column, a.around)
    named = table_labels(text) & set(kb.tables)
    if in_named is None and len(named) == 1 and found is not None and found[0]["table"] not in named:
        return NO_PLAN  # 「公开11表项目支出表里的项目一共多少钱」: never another table's 项目支出 (the project rules)
    found = in_named or found or titled
    said = [k.start() for k in re.finditer(re.escape(column), text)] if column else []
    if (
        found is None
        and column
        and not a.intent.share
        and any(_CONTAINER_AFTER.match(text, k + len(column)) and k + len(column) <= first.start for k in said)
    ):
        found = kb.row_for(first.entity, "", income=income)  # its table (基本支出分经济科目) is where it is
        column = "" if found else column
    if found is None:
        return NO_PLAN
    carried = first.entity.kind == "row" and not a.intent.share and len(a.matches) == 1
    if (
        carried
        and re.search(r"上年结[转余]", str(found[0].get("parent") or ""))
        and not re.search(r"上年|去年|结转|结余|carr", text)
    ):
        return NO_PLAN  # 「一般公共预算拨款收入」 where only 上年结转 prints a row of that name: not this year's
    row, col, twins = rows_alike(kb, first, *found, text)
    e = first.entity
    return a.but(
        row=row, col=col, twins=tuple(twins), column=column, subject=Subject(e.kind, e.name, e.code, row["table"], col)
    )


def by_unit(kb: Knowledge, a: TableAsk) -> Plan | None:
    """Several rows of the one name asked (each unit's): added when the department's figure is their sum or the
    question says so, else listed — never one of them picked for the user."""
    twins, row, col, first = list(a.twins), a.row, a.col, a.first
    if len(twins) <= 1 or len(a.matches) >= 2:
        return None
    units = listed_by_unit(kb, twins)  # each unit's row once: the department's figure is their sum
    op = "sum" if a.intent.sum or units or re.search(r"两个|两项|几个|都|全部|各", a.text) else "list"
    names = f"{row['table']}{f'按单位列出（{units}）' if units else f'有 {len(twins)} 行都符合'}「{first.entity.name}」"
    query = (
        TableQuery("sum", tuple(Target(t["row_id"], col) for t in twins))
        if op == "sum"
        else TableQuery("list", (), rows=tuple(t["row_id"] for t in twins), column=col)
    )
    return TablePlan(
        reason=f"{names}：{'相加' if op == 'sum' else '分别列出，不替用户挑选'}",
        query=query,
        subject=a.subject,
        matches=a.matches,
        rule="table/by_unit" if units else "",
    )


STEPS: tuple[tuple[str, Step], ...] = (
    ("narrower", narrower),
    ("under_each", under_each),
    ("listed_columns", listed_columns),
    ("unlinked_operands", unlinked_operands),
    ("share_under_a_unit", share_under_a_unit),
    ("share_of_several", share_of_several),
    ("whole_only", whole_only),
    ("source_of_nothing", source_of_nothing),
    ("source_part_of_a_whole", source_part_of_a_whole),
    ("the_row", the_row),
    ("by_unit", by_unit),
    *ROW_STEPS,
)
