"""A 经济分类 class a table prints beside its items (表六's 「机关事业单位基本养老保险缴费 | 社会保障缴费」): the
class has no row of its own, so 「社会保障缴费几项加起来」「办公经费一共多少」 is the sum of the items filed under it,
every operand listed — never the one item whose name contains the class (「其他社会保障缴费」)."""

from __future__ import annotations

import re
import weakref

from app.answer.intent import Intent
from app.answer.knowledge import _TOTAL_NAME, Knowledge
from app.answer.linker import core_name
from app.answer.plan import Decline, Plan, TablePlan
from app.models import Subject
from app.tools.table_query import TableQuery, Target

_CLASS = re.compile(r"[\u4e00-\u9fff（）()]{3,16}")


_BY_DOCUMENT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # read once per document, not per question


def classes(kb: Knowledge) -> dict[str, tuple[str, list[dict]]]:
    """{class: (table, its items)} for every class printed beside one or more items' names, where no row of that
    table is itself named after the class."""
    if kb not in _BY_DOCUMENT:
        _BY_DOCUMENT[kb] = _classes(kb)
    return _BY_DOCUMENT[kb]


def _classes(kb: Knowledge) -> dict[str, tuple[str, list[dict]]]:
    found: dict[tuple[str, str], list[dict]] = {}
    for r in kb.rows.to_dict("records"):
        extra = str(r.get("extra") or "").strip()
        if _CLASS.fullmatch(extra) and extra != core_name(r["name"]):
            found.setdefault((r["table"], extra), []).append(r)
    out: dict[str, tuple[str, list[dict]]] = {}
    for (label, name), items in found.items():
        names = {core_name(r["name"]) for r in kb.rows[kb.rows["table"] == label].to_dict("records")}
        if name not in names and name not in out:
            out[name] = (label, items)
    return out


def class_plan(kb: Knowledge, text: str, intent: Intent, column: str = "", asked: str = "") -> Plan | None:
    """The class the question names (and no row whose name holds it: 「其他社会保障缴费」 is that row): its items
    added up (or counted, listed); a share, difference or change of the class is not printed — no figure."""
    if intent.definition or intent.reason:
        return None  # 「什么是办公经费」: the prose's definition
    found = classes(kb)
    flat = next((f for f in (re.sub(r"\s+", "", t) for t in (text, asked)) if any(c in f for c in found)), "")
    named = [c for c in found if c in flat]  # (as asked: 「工资奖金津补贴」 is no 津贴补贴 of the synonyms)
    if len(named) != 1:
        return None
    name = named[0]
    rest = flat.replace(name, " ")
    rows = {core_name(n) for n in kb.rows["name"] if len(core_name(n)) >= 2 and not _TOTAL_NAME.search(core_name(n))}
    if any(n in rest or name in n in flat for n in rows):
        return None  # 「其他社会保障缴费」「办公经费里的福利费」: a row the table prints, asked by name
    label, items = found[name]
    listed = "、".join(core_name(r["name"]) for r in items)
    if intent.share or intent.diff or intent.yoy:
        return Decline(
            reason=f"「{name}」是{label}里的经济分类，没有自己的一行（{listed}）",
            status="not_found",
            message=f"文档中未找到「{name}」的合计行：它是{label}里几项的经济分类（{listed}），"
            "文档没有印出它的占比或增减，所以不给出数字；可以问它的各项加起来是多少。",
        )
    col = column if column in kb.columns(label) else kb.columns(label)[0]
    reason = f"问经济分类「{name}」：{label}里归入它的 {len(items)} 项（{listed}）"
    subject = Subject("topic", name, "", label, col)
    added = re.search(r"加起来|相加|加在一起|之和|多少钱|(?:一共|总共|合计)(?:是|为|有)?多少(?![项个])", flat)
    if (intent.count and not added) or intent.list:  # 「几项加起来」 adds them, 「一共几项」 counts them
        query = TableQuery(
            "count" if intent.count and not intent.list else "list",
            (),
            rows=tuple(r["row_id"] for r in items),
            column=col,
        )
        return TablePlan(reason=reason, query=query, intent=intent, subject=subject)
    printed = [r for r in items if col in kb.row_columns.get(r["row_id"], {})]
    if not printed:
        return None
    targets = tuple(Target(r["row_id"], col) for r in printed)
    query = TableQuery("sum", targets) if len(targets) > 1 else TableQuery("lookup", targets)
    return TablePlan(reason=reason + f"的「{col}」相加", query=query, intent=intent, subject=subject)


_NAMES_A_SIDE = re.compile(r"基本|项目|日常|运转|表[一二三四五六七八九十\d]|经济分类|经济科目|人员经费|公用经费")


def project_twin(kb: Knowledge, row: dict) -> dict | None:
    """The one row of a 项目支出 经济分类 table printed as `row` of the 基本支出 one (same name and code), if any."""
    if kb.kind_of.get(row["table"]) != "basic_by_econ" or kb.under_unit(row):
        return None
    twins = [
        r
        for label, kind in kb.kind_of.items()
        if kind == "project_econ"
        for r in kb.rows[kb.rows["table"] == label].to_dict("records")
        if core_name(r["name"]) == core_name(row["name"])
        and (r["code"] or "") == (row["code"] or "")
        and not kb.under_unit(r)
    ]
    return twins[0] if len(twins) == 1 else None


def in_both_econ_tables(kb: Knowledge, plan: Plan, text: str) -> Plan:
    """「委托业务费安排了多少」 where the 基本支出 and the 项目支出 经济分类 tables each print a 委托业务费: the
    department's figure is the two added (each operand cited) — never the 基本支出 side alone. A question that
    names a side or a table keeps its row."""
    if not isinstance(plan, TablePlan) or plan.query.op != "lookup" or _NAMES_A_SIDE.search(text):
        return plan
    target = plan.query.targets[0]
    row = kb.rows_by_id.get(target.row_id)
    twin = project_twin(kb, row) if row is not None else None
    if row is None or twin is None:
        return plan
    col = target.column if target.column in kb.columns(twin["table"]) else kb.columns(twin["table"])[0]
    return TablePlan(
        reason=f"问「{core_name(row['name'])}」：基本支出（{row['table']}）和项目支出（{twin['table']}）的经济分类表"
        "各列了一行，部门的数是两者之和",
        query=TableQuery("sum", (target, Target(twin["row_id"], col))),
        intent=plan.intent,
        subject=plan.subject,
        matches=plan.matches,
    )
