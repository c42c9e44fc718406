"""Rows a table lists under the units of a department (杭州's 项目支出表: 「杭州市东郊监狱 | 罪犯生活保障」, the same
project name under each 监狱): named with their unit (「北郊监狱狱政设施建设项目」) they are that one row; named for
several units (「东郊、西郊监狱的罪犯生活保障加起来」) they are each unit's row, added, compared or listed."""

from __future__ import annotations

from app.answer.intent import Intent
from app.answer.knowledge import Knowledge, _preference
from app.answer.linker import Match
from app.answer.plan import Plan, TablePlan
from app.models import Subject
from app.tools.table_query import TableQuery, Target


def under_each_plan(kb: Knowledge, intent: Intent, matches: list[Match], column: str) -> Plan | None:
    """The row listed under each of two or more named units: their sum (加起来), difference or each."""
    under = _rows_under_each(kb, matches, column)
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
    )


def listed_by_unit(kb: Knowledge, twins: list[dict]) -> str:
    """The units (「A、B」) when rows of one name are each a different unit's row of its table, else ""."""
    if all(kb.under_unit(t) for t in twins) and len({t["parent"] for t in twins}) == len(twins):
        return "、".join(t["parent"] for t in twins)
    return ""


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
