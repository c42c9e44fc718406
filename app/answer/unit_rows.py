"""Rows a table lists under the units of a department (杭州's 项目支出表: 「杭州市东郊监狱 | 罪犯生活保障」, the same
project name under each 监狱): named with their unit (「北郊监狱狱政设施建设项目」) they are that one row; named for
several units (「东郊、西郊监狱的罪犯生活保障加起来」) they are each unit's row, added, compared or listed."""

from __future__ import annotations

import re

from app.answer.intent import Intent
from app.answer.knowledge import Knowledge, _preference
from app.answer.linker import Match
from app.answer.plan import Compound, Decline, Plan, TablePlan
from app.answer.question_words import _BODY_END
from app.models import Subject
from app.tools.table_query import TableQuery, Target


def under_each_plan(kb: Knowledge, intent: Intent, matches: list[Match], column: str, text: str = "") -> Plan | None:
    """The row listed under each of two or more named units: their sum (加起来), difference or each."""
    under = _rows_under_each(kb, matches, column) or _item_of_two_units(kb, matches, column, text)
    bodies = [bool(_BODY_END.search(m.entity.name)) for m in matches[:2]]
    if not under and intent.diff and len(matches) == 2 and bodies[0] != bodies[1]:
        unit, item = (matches[0], matches[1]) if bodies[0] else (matches[1], matches[0])
        return Decline(  # 「局本级工资福利支出比执法监察支队多多少」: one unit's item against another unit's total
            reason=f"问差额，但「{item.entity.name}」是一项支出，「{unit.entity.name}」是一个单位：口径不同",
            status="not_found",
            message=f"文档中未找到能直接比较的两个数：「{item.entity.name}」是一项支出，「{unit.entity.name}」是"
            f"一个单位；请写明比较哪个单位的「{item.entity.name}」。",
            matches=matches,
        )
    if not under:
        return None
    op = "sum" if intent.sum else "difference" if intent.diff and len(under) == 2 else "each"
    col = column or kb.columns(under[0]["table"])[0]
    return TablePlan(
        reason=f"问几个单位各自的「{under[0]['name']}」（{under[0]['table']}里列在各单位下）："
        + "、".join(r["parent"] for r in under),
        query=TableQuery(op, tuple(Target(r["row_id"], col) for r in under)),
        subject=Subject("row", under[0]["name"], "", under[0]["table"], col),
        matches=matches,
        rule="table/under_each",  # each unit's row, the units named (by name, code or 本级)
    )


def _item_of_two_units(kb: Knowledge, matches: list[Match], column: str, text: str) -> list[dict]:
    """「表8里局本级(125001)工资福利支出比执法监察支队多多少」: one item and two units, a unit named by its code
    (or 「本级」, the department's own unit): the item's row under each, from one table, in the order named."""
    items = [m for m in matches if m.entity.kind == "row" and not _BODY_END.search(m.entity.name)]
    heads = kb.rows[kb.rows["level"] == "单位"]
    named = [(m.start, m.entity.name) for m in matches if _BODY_END.search(m.entity.name)]
    named += [(text.find(c), n) for c, n in zip(heads["code"], heads["name"]) if len(c) >= 6 and c in text]
    if "本级" in text and not any(n == kb.doc.get("unit") for _, n in named):
        named.append((text.find("本级"), str(kb.doc.get("unit"))))
    units = list(dict.fromkeys(n for _, n in sorted(named)))
    if len(items) != 1 or len(units) != 2:
        return []
    rows = kb.entity_rows.get(items[0].entity.key, [])
    for label in sorted({r["table"] for r in rows}, key=lambda t: (_preference(kb.kind_of.get(t, "")), t)):
        each = [[r for r in rows if r["table"] == label and r["parent"] == u] for u in units]
        if all(len(e) == 1 for e in each) and (not column or column in kb.columns(label)):
            return [e[0] for e in each]
    return []


def rows_alike(kb: Knowledge, first: Match, row: dict, col: str, text: str) -> tuple[dict, str, list[dict]]:
    """(row, column, the rows it stands for): the rows of its table with its name (表十二 may list two 「J基础性
    项目」; one per unit in 西安's tables), only its code's when named by its code, and the rows the words fit as
    well (「QT业务工作经费」 → …1 and …2). A name listed per unit that a 三公 table prints for the whole department
    (its 合计 row) is read there: the department's own figure, not a sum of its units' rows."""
    twins = kb.same_name_rows(row) if first.entity.kind == "row" else [row]
    if row["code"] and row["code"] in text[first.start : first.end]:  # named by its code: that code's rows only
        twins = [t for t in twins if t["code"] == row["code"]]
    for other in first.ties:
        hit = kb.row_for(other, col if col else "")
        if hit and hit[0]["table"] == row["table"]:
            twins.append(hit[0])
    if len(twins) > 1 and listed_by_unit(kb, twins) and (home := kb.three_public_total(first.entity.name)):
        return home[0], home[1], [home[0]]
    return row, col, twins


def listed_by_unit(kb: Knowledge, twins: list[dict]) -> str:
    """The units (「A、B」) when rows of one name are each a different unit's row of its table, else ""."""
    if all(kb.under_unit(t) for t in twins) and len({t["parent"] for t in twins}) == len(twins):
        return "、".join(t["parent"] for t in twins)
    return ""


def each_by_unit(kb: Knowledge, rows: list[dict], matches: list[Match]) -> Plan | None:
    """「会议费和培训费各是多少」 where a table lists each under every unit: each name asked on its own (the
    department's sum of its units' rows), never one unit's row for the whole."""
    if not any(listed_by_unit(kb, kb.same_name_rows(r)) for r in rows if kb.under_unit(r)):
        return None
    return Compound(
        reason="列出的几项在表中按单位分列，逐项回答（各单位相加）",
        parts=tuple(f"{m.entity.name}是多少" for m in matches),
        rule="compound",
    )


def under_unit_plan(kb: Knowledge, named: list[Match], column: str, matches: list[Match]) -> Plan | None:
    """A unit and a row named side by side: the row the table lists under that unit, looked up."""
    nested = _row_under(kb, named, column)
    if nested is None:
        return None
    row, col = nested
    return TablePlan(
        reason=f"问题提到「{row['parent']}」下的「{row['name']}」：查 {row['table']}里它那一行的{col}",
        query=TableQuery("lookup", (Target(row["row_id"], col),)),
        subject=Subject("row", f"{row['parent']}·{row['name']}", row["code"], row["table"], col),
        matches=matches,
    )


def _rows_under_each(kb: Knowledge, matches: list[Match], column: str) -> list[dict]:
    """Two or more units and one row name: the row listed under each unit, all from one table (in the order the
    units are named); [] unless every unit has exactly one."""
    for item in matches:
        units = [m for m in matches if m is not item]
        if len(units) < 2 or item.entity.kind != "row" or any(u.entity.kind != "row" for u in units):
            continue
        rows = kb.entity_rows.get(item.entity.key, [])
        for label in sorted({r["table"] for r in rows}, key=lambda t: (_preference(kb.kind_of.get(t, "")), t)):
            if column and column not in kb.columns(label):
                continue
            each = [[r for r in rows if r["table"] == label and r["parent"] == u.entity.name] for u in units]
            if all(len(e) == 1 for e in each):
                return [e[0] for e in each]
    return []


def _row_under(kb: Knowledge, named: list[Match], column: str) -> tuple[dict, str] | None:
    """Two names side by side, one a unit and one a row a table lists under it (its parent): that one row, from
    the table where such a row is best read; None unless exactly one such row per table."""
    found = []
    for a in named:
        for b in named:
            if a is b:
                continue
            under = [r for r in kb.entity_rows.get(b.entity.key, []) if r["parent"] == a.entity.name]
            found += under
    tables = sorted(
        {r["table"] for r in found}, key=lambda t: (_preference(kb.kind_of.get(t, "")), kb.tables[t]["number"])
    )
    for label in tables:
        rows = [r for r in found if r["table"] == label]
        cols = kb.columns(label)
        if len(rows) == 1 and (not column or column in cols):
            return rows[0], column or cols[0]
    return None


def own_level(kb: Knowledge, text: str) -> str:
    """「安监局本级的专项业务经费」 in a department that lists its units (西安's 125001 西安市安全生产监督管理局,
    广州's 「广州市工业和信息化局（本级）」): 本级 is that unit's row, never the whole department's figure."""
    said = re.search(r"本单位\s*[（(]?本级[）)]?|(?<![\u4e00-\u9fff])本级", text)
    if said is None:
        return text
    unit = str(kb.doc.get("unit") or "")
    named = [
        e.aliases[0] for e in kb.entities if e.kind == "row" and e.name.startswith(unit) and "本级" in e.aliases[0]
    ]
    if len(named) != 1:
        return text  # a document of one unit: its 本级 is all of it
    return text[: said.start()] + named[0] + text[said.end() :]
