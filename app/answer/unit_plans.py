"""A unit of the department named in a question (「广州市气象综合保障中心」「防雷减灾管理办公室的基本支出」): its
projects counted or added up in the project table, its totals read from its own row, a column concept read from
the table of that kind that lists it (基本支出 from the 基本支出 table by unit, 项目支出 from the project table) —
and nothing else about it guessed. And a narrower class than the document prints: no figure."""

from __future__ import annotations

import re

from app.answer.intent import Intent
from app.answer.knowledge import Knowledge
from app.answer.linker import Entity, Match, find_columns
from app.answer.operands import narrower_words, unaccounted_words
from app.answer.plan import Decline, Plan, TablePlan
from app.answer.question_words import _BODY_END, DOCUMENT_TOTALS
from app.answer.table_rows import _in_named_table
from app.answer.unit_rows import under_each_plan, under_unit_plan
from app.models import Subject
from app.tools.table_query import TableQuery, Target


def precise(
    kb: Knowledge, text: str, intent: Intent, linked: list[Match], first: Match, matches: list[Match]
) -> Plan | None:
    """「高中教育支出」 where only the 类 「教育支出」 is printed: no figure, and its printed children named instead.
    A unit of the department (「广州市气象综合保障中心」): its projects counted in the project table by unit, its
    totals read from its row, and nothing else about it guessed."""
    narrower = narrower_words(kb, text, linked, first)
    if not narrower:
        return _unit_plan(kb, text, intent, first, matches) if _BODY_END.search(first.entity.name) else None
    kids = max((kb.children(r) for r in kb.entity_rows[first.entity.key]), key=len)[:4]
    return Decline(
        reason=f"问的是「{narrower}{first.entity.name}」，表格只有上一级「{first.entity.name}」",
        status="not_found",
        message=f"文档中未找到「{narrower}{first.entity.name}」。文档只列出上一级的「{first.entity.name}」"
        f"和它下面的「{'」「'.join(k['name'] for k in kids)}」，没有给出数字。",
        matches=matches,
    )


_TOTAL_WORDS = re.compile(
    r"收入|支出|预算|总额|总计|合计|一共|总共|多少|金额|资金|经费|是|的|呢|了|里|中|单独|本身|自己|全年|今年|加起来|加在一起|相加|之和|分别|各|本年|当年"
    r"|表[一二三四五六七八九十\d]+|[公开预算]*\d+表|[两三四五六七八九十几\d]+[家个](?:下属|所属)?单位|下属|所属"
)


def _unit_plan(kb: Knowledge, text: str, intent: Intent, first: Match, matches: list[Match]) -> Plan | None:
    if first.entity.kind != "row":
        return None
    name = first.entity.name
    adds = intent.sum or bool(re.search(r"一共|总共|合计|加起来|总额", text))
    if (intent.count or adds) and "项目" in text and len(matches) == 1:
        kids = unit_projects(kb, name)
        if kids:  # 「富春强制隔离戒毒所有几个项目」「…的项目一共多少钱」: the project table's rows under it
            col = kb.columns(kids[0]["table"])[0]
            targets = tuple(Target(k["row_id"], col) for k in kids)
            if intent.count:
                query = TableQuery("count", (), rows=tuple(k["row_id"] for k in kids), column=col)
            else:
                query = TableQuery("sum", targets) if len(targets) > 1 else TableQuery("lookup", targets)
            return TablePlan(
                reason=f"问「{name}」的{'项目个数' if intent.count else '项目合计'}："
                f"{kids[0]['table']}里它下面的 {len(kids)} 个项目",
                query=query,
                subject=Subject("row", name, "", kids[0]["table"], col),
                matches=matches,
                rule="table/unit_projects",  # a sub-case of the table rule, named for a later part
            )
    units = [m for m in matches if _BODY_END.search(m.entity.name)]
    col = next((c for c, _ in find_columns(text) if c not in ("合计",)), "")
    hits = [kb.row_for(u.entity, col) for u in units] if col and len(units) == len(matches) else []
    if hits and all(hits):  # 「A、B和C三家的一般公共预算拨款加起来」: each unit's row, that column
        op = ("sum" if adds else "each") if len(hits) > 1 else "lookup"
        return TablePlan(
            reason=f"问{'、'.join(u.entity.name for u in units)}的「{col}」：{hits[0][0]['table']}里各单位那一行",
            query=TableQuery(op, tuple(Target(r["row_id"], c) for r, c in hits if r)),
            subject=Subject("row", units[0].entity.name, "", hits[0][0]["table"], col),
            matches=matches,
        )
    by_kind = _by_kind_of_table(kb, text, intent, first, matches) if len(matches) == 1 else None
    if by_kind is not None:
        return by_kind
    others = [
        m.entity.name for m in matches if not _BODY_END.search(m.entity.name) and m.entity.name not in DOCUMENT_TOTALS
    ]  # 「…的收入合计」: its own
    rest = [w for w in unaccounted_words(_TOTAL_WORDS.sub(" ", text), matches) if len(w) >= 2]
    if not (others or rest or (intent.count and "项目" in text)):
        hit = _in_named_table(kb, text, first, "", []) or kb.row_for(first.entity, income="收入" in text)
        if hit is None or len(matches) > 1 and all(_BODY_END.search(m.entity.name) for m in matches):
            return None  # two units added or listed: the table plan reads each
        row, col = hit
        return TablePlan(
            reason=f"问「{name}」的总额：查 {row['table']}「{row['name']}」{col}",
            query=TableQuery("lookup", (Target(row["row_id"], col),)),
            subject=Subject("row", row["name"], row["code"], row["table"], col),
            matches=matches,
        )
    if len(units) >= 2 and any(not _BODY_END.search(m.entity.name) for m in matches):
        each = under_each_plan(kb, intent, matches, "", text)  # 「东郊、西郊…监狱的罪犯生活保障项目加起来」
        if each is not None:
            return each
    by_column = _unit_columns(kb, text, intent, first, matches)
    if by_column is not None:
        return by_column
    nested = under_unit_plan(kb, matches, "", matches)  # 「执法监察支队的租赁费」: the row its table lists under it
    if nested is not None:
        return nested
    said = [c for c in ("基本支出", "项目支出", "人员经费", "公用经费") if c in text]  # 「人员经费」, not 「人员」
    what = "」「".join(others or said or rest or ["项目个数"])
    return Decline(
        reason=f"问「{name}」的「{what}」：文档没有按这个单位列出",
        status="not_found",
        message=f"文档中未找到「{name}」的「{what}」：文档只按单位列出了它的收支总额等几项，没有这一项。",
        matches=matches,
    )


def unit_projects(kb: Knowledge, name: str) -> list[dict]:
    """The projects a project table lists under a unit of the department: the children of its row there, or
    the rows whose unit column (their parent) is it — from the first project table that has any."""
    for label, kind in kb.kind_of.items():
        if kind != "project":
            continue
        rows = kb.rows[kb.rows["table"] == label].to_dict("records")
        own = [r for r in rows if r["name"] == name]
        kids = (kb.children(own[0]) if own else []) or [r for r in rows if r["parent"] == name and r["level"] == "项目"]
        if kids:
            return kids
    return []


_KIND_OF_COLUMN = {"基本支出": ("basic_by_econ",), "项目支出": ("project",)}


def _by_kind_of_table(kb: Knowledge, text: str, intent: Intent, unit: Match, matches: list[Match]) -> Plan | None:
    """「防雷减灾管理办公室的基本支出比项目支出多多少」 where no table gives a unit those columns: its row in the
    基本支出 table by unit and in the project table (each table's first column); a column asked that no such
    table lists it in is not found — never the unit's total instead."""
    asked = [c for c, _ in find_columns(text) if c in _KIND_OF_COLUMN]
    if not asked:
        return None
    read = [_unit_row_of_kind(kb, unit.entity, c) for c in asked]
    name = unit.entity.name
    kids = unit_projects(kb, name) if asked == ["项目支出"] and not read[0] and not intent.share else []
    if kids:  # 「戒毒所的项目支出」: no row of its own in the project table, its projects listed under it
        col = kb.columns(kids[0]["table"])[0]
        return TablePlan(
            reason=f"问「{name}」的项目支出：{kids[0]['table']}里它下面的 {len(kids)} 个项目相加",
            query=TableQuery("sum", tuple(Target(k["row_id"], col) for k in kids))
            if len(kids) > 1
            else TableQuery("lookup", (Target(kids[0]["row_id"], col),)),
            subject=Subject("row", name, "", kids[0]["table"], col),
            matches=matches,
        )
    if not all(read):
        missing = "」「".join(c for c, r in zip(asked, read, strict=True) if r is None)
        return Decline(
            reason=f"问「{name}」的「{missing}」：没有按单位列出它的表",
            status="not_found",
            message=f"文档中未找到「{name}」的「{missing}」：文档没有按单位列出这一项，所以不用它的总额代替。",
            matches=matches,
        )
    targets = tuple(Target(r["row_id"], c) for r, c in read)  # type: ignore[misc]
    op = _op_of(intent, len(targets))
    where = "、".join(f"{r['table']}「{r['name']}」{c}" for r, c in read)  # type: ignore[misc]
    return TablePlan(
        reason=f"问「{name}」的{'、'.join(asked)}：按单位列出的表里它那一行（{where}）",
        query=TableQuery(op, targets),
        subject=Subject("row", name, "", read[0][0]["table"], read[0][1]),  # type: ignore[index]
        matches=matches,
    )


def _unit_row_of_kind(kb: Knowledge, unit: Entity, column: str) -> tuple[dict, str] | None:
    """The unit's own row in the one table of the kind that holds `column` by unit (its first column)."""
    kinds = _KIND_OF_COLUMN[column]
    rows = [
        r
        for r in kb.entity_rows.get(unit.key, [])
        if kb.kind_of.get(r["table"]) in kinds and r["name"] == unit.name and r["level"] in ("单位", "")
    ]
    if len({r["table"] for r in rows}) != 1:
        return None
    return rows[0], kb.columns(rows[0]["table"])[0]


def _unit_columns(kb: Knowledge, text: str, intent: Intent, unit: Match, matches: list[Match]) -> Plan | None:
    """「执法监察支队的人员经费和公用经费分别是多少」 where a table lists each unit in a row and prints 人员经费 /
    公用经费 / 专项业务经费支出 as its columns: that row, those columns — when the columns account for every other
    word of the question."""
    name = unit.entity.name
    rest = re.sub(r"[“”\"]", "", text)
    for m in matches:
        if _BODY_END.search(m.entity.name):
            rest = rest[: m.start] + " " * (m.end - m.start) + rest[m.end :]
    best: tuple[dict, list[str]] | None = None
    for row in kb.entity_rows.get(unit.entity.key, []):
        if row["name"] != name:
            continue
        cores = {c: _core(c) for c in kb.columns(row["table"]) if c != "合计"}
        asked = sorted(
            (c for c, core in cores.items() if len(core) >= 3 and core in rest), key=lambda c: rest.find(cores[c])
        )
        if asked and (best is None or len(asked) > len(best[1])):
            best = (row, asked)
    if best is None:
        return None
    row, asked = best
    left = rest
    for c in asked:
        left = left.replace(_core(c), " ")
    if [w for w in unaccounted_words(_TOTAL_WORDS.sub(" ", left), []) if len(w) >= 2]:
        return None  # a word no column of its row accounts for: not this
    others = [m for m in matches if _BODY_END.search(m.entity.name) and m.entity.name != name]
    rows = [row] + [  # 「西郊监狱的三公经费比东郊监狱多多少」: each unit's row of that table
        next((r for r in kb.entity_rows.get(m.entity.key, []) if r["table"] == row["table"]), {}) for m in others
    ]
    if not all(rows):
        return None
    targets = tuple(Target(r["row_id"], c) for r in rows for c in asked)
    op = _op_of(intent, len(targets))
    return TablePlan(
        reason=f"问「{'」「'.join(r['name'] for r in rows)}」的{'、'.join(asked)}：{row['table']}按单位列出的"
        f"{'它' if len(rows) == 1 else '各单位'}那一行",
        query=TableQuery(op, targets),
        subject=Subject("row", name, row["code"], row["table"], asked[0]),
        matches=matches,
    )


def _core(column: str) -> str:  # 「“三公”经费合计」 → 三公经费, 「人员经费支出」 → 人员经费
    return re.sub(r"(?:支出|合计)$", "", re.sub(r"[“”\"]", "", column))


def _op_of(intent: Intent, n: int) -> str:
    """One figure looked up; two compared, or several added or each given."""
    return "lookup" if n == 1 else "difference" if intent.diff and n == 2 else "sum" if intent.sum else "each"
