"""「除了X以外的Y」: Y without X. When Y is a row and X one of its children, the other children added up; when Y
has no row but the table prints a 「其他Y」 beside X under one parent, and nothing else of that parent is a Y
(「除了公车以外的交通费用」: 表六 prints 公务用车运行维护费 and 其他交通费用), the 「其他Y」 row. Otherwise no
figure — never X's own figure, nor Y's whole."""

from __future__ import annotations

import re

from app.answer.econ_classes import _NAMES_A_SIDE, project_twin
from app.answer.knowledge import Knowledge
from app.answer.linker import core_name
from app.answer.plan import Decline, Plan, TablePlan
from app.answer.question import Question
from app.answer.table_rows import _total_row
from app.models import Subject
from app.tools.table_query import TableQuery, Target

_EXCEPT_OF = re.compile(
    r"除(?:了|去|掉)?(.{1,20}?)(?:以外|之外)的(.{2,20}?)(?:预算|安排)?(?:一共|总共|合计|加起来)?(?:是|有|为)?(?:多少|几|呢|[？?]|$)"
)
_THE_REST = re.compile(r"(?:其余|其他|剩下|剩余|别的)(?:的)?(?:各项|几项|部分|项目|支出|经费)?")
_HEAD = re.compile(r"(?:费用|支出|经费|费)$")


def except_plan(kb: Knowledge, q: Question) -> Plan | None:
    found = _EXCEPT_OF.search(q.text)
    if found is None or _THE_REST.fullmatch(found.group(2)):
        return None  # 「除了X以外的其余各项」: the table rules add X's siblings
    x_span, whole = (found.start(1), found.end(1)), found.group(2)
    xs = [m for m in q.matches if m.entity.kind == "row" and x_span[0] <= m.start and m.end <= x_span[1]]
    ys = [m for m in q.matches if m.entity.kind == "row" and m.start >= found.start(2)]
    if xs and ys:
        plan = _whole_without(kb, xs[0].entity.name, ys[0].entity.key, q)
        if plan is not None:
            return plan
    elif not ys:
        plan = _the_other_row(kb, found.group(1), whole, xs, q) or _total_less(kb, found, q)
        if plan is not None:
            return plan
    said = found.group(0).rstrip("？?")
    return Decline(
        reason=f"问「{said}」：文档没有单列这一部分，也没有可以相减的行",
        status="not_found",
        message=f"文档中未找到「除{found.group(1)}以外的{whole}」的数字：文档没有单列这一部分（不用「{found.group(1)}」"
        f"或「{whole}」整体的数代替）。",
        intent=q.intent,
        matches=q.matches,
    )


def _whole_without(kb: Knowledge, part: str, whole_key: str, q: Question) -> Plan | None:
    """Y's children but X, in the table where X is one of Y's children; Y − X where X is further down."""
    for y in kb.entity_rows.get(whole_key, []):
        kids = kb.children(y)
        below = _descendant(kb, y, part) if not any(core_name(k["name"]) == core_name(part) for k in kids) else None
        if below is not None:  # 「除了行政运行以外的资源勘探工业信息等支出」: 行政运行 is a 项 of its 款
            col = kb.columns(y["table"])[0]
            return TablePlan(
                reason=f"问除「{part}」以外的「{y['name']}」：{y['table']}里它包含「{below['name']}」，两者相减",
                query=TableQuery("difference", (Target(y["row_id"], col), Target(below["row_id"], col))),
                intent=q.intent,
                subject=Subject("row", y["name"], y["code"], y["table"], col),
                matches=q.matches,
            )
        if any(core_name(k["name"]) == core_name(part) for k in kids):
            others = [k for k in kids if core_name(k["name"]) != core_name(part)]
            col = kb.columns(y["table"])[0]
            twin = None if _NAMES_A_SIDE.search(q.text) else project_twin(kb, y)
            if twin is not None:  # 广州's 商品和服务支出 in 表六 (基本) and 表七 (项目): the department's is both
                x_b = next(k for k in kids if core_name(k["name"]) == core_name(part))
                x_p = [k for k in kb.children(twin) if core_name(k["name"]) == core_name(part)]
                tcol = kb.columns(twin["table"])[0]
                return TablePlan(
                    reason=f"问除「{part}」以外的「{y['name']}」：基本支出（{y['table']}）和项目支出（{twin['table']}）"
                    "的经济分类表各列了它，两者之和减去其中的这一项",
                    query=TableQuery(
                        "net",
                        (Target(y["row_id"], col), Target(twin["row_id"], tcol)),
                        minus=(Target(x_b["row_id"], col), *(Target(k["row_id"], tcol) for k in x_p[:1])),
                    ),
                    intent=q.intent,
                    subject=Subject("row", y["name"], y["code"], y["table"], col),
                    matches=q.matches,
                )
            x = next(k for k in kids if core_name(k["name"]) == core_name(part))
            return TablePlan(  # Y − X, two printed figures (the other items added may differ by a cent)
                reason=f"问除「{part}」以外的「{y['name']}」：{y['table']}里它减去其中的「{x['name']}」",
                query=TableQuery("difference", (Target(y["row_id"], col), Target(x["row_id"], col))),
                intent=q.intent,
                subject=Subject("row", y["name"], y["code"], y["table"], col),
                matches=q.matches,
            )
            query = (
                TableQuery("sum", tuple(Target(k["row_id"], col) for k in others))
                if len(others) > 1
                else TableQuery("lookup", (Target(others[0]["row_id"], col),))
                if others
                else TableQuery(  # X is all Y lists: Y − X
                    "difference",
                    (Target(y["row_id"], col), Target(next(k["row_id"] for k in kids), col)),
                )
            )
            return TablePlan(
                reason=f"问除「{part}」以外的「{y['name']}」：{y['table']}里它下面其余 {len(others)} 项之和"
                if others
                else f"问除「{part}」以外的「{y['name']}」：{y['table']}里它下面只列了「{part}」，两者相减",
                query=query,
                intent=q.intent,
                subject=Subject("row", y["name"], y["code"], y["table"], col),
                matches=q.matches,
            )
    return None


def _descendant(kb: Knowledge, row: dict, name: str) -> dict | None:
    """The one row named `name` under `row`, at any depth below its children."""
    found, todo = [], [k for c in kb.children(row) for k in kb.children(c)]
    while todo:
        r = todo.pop()
        found += [r] if core_name(r["name"]) == core_name(name) else []
        todo += kb.children(r)
    return found[0] if len(found) == 1 else None


def _the_other_row(kb: Knowledge, part: str, whole: str, xs: list, q: Question) -> Plan | None:
    """「其他Y」 beside X under one parent, and no other row of that parent names Y's head."""
    head = _HEAD.sub("", whole)
    rows = kb.rows.to_dict("records")
    others = [r for r in rows if core_name(r["name"]) in (f"其他{whole}", f"其他{head}", f"其他{head}费用")]
    if len(others) != 1 or len(head) < 2:
        return None
    other = others[0]
    kin = [r for r in rows if r["table"] == other["table"] and r["parent"] == other["parent"] and r is not other]
    names = {m.entity.name for m in xs} | {part}
    beside = [r for r in kin if any(n in r["name"] or core_name(r["name"]) in n for n in names if len(n) >= 2)]
    if not beside or any(head in r["name"] for r in kin if r not in beside):
        return None
    col = kb.columns(other["table"])[0]
    return TablePlan(
        reason=f"问除「{part}」以外的{whole}：{other['table']}里与「{beside[0]['name']}」并列的「{other['name']}」",
        query=TableQuery("lookup", (Target(other["row_id"], col),)),
        intent=q.intent,
        subject=Subject("row", other["name"], other["code"], other["table"], col),
        matches=q.matches,
    )


_BARE_WHOLE = re.compile(r"(?:总|全部|所有|其他|其余)?(?:支出|预算|经费|开支|钱|资金)(?:总额|总数)?")
_SPENDING = ("expense_total",)  # the whole spending, one-sided: every row is in its 合计


def _total_less(kb: Knowledge, found: re.Match, q: Question) -> Plan | None:
    """「除了公务接待费以外的三公经费」: Y a concept read from a table's 合计, X a row or column of that same table —
    Y − X."""
    x = next((m for m in q.matches if found.start(1) <= m.start and m.end <= found.end(1)), None)
    y = next((m for m in q.matches if m.entity.kind == "concept" and m.start >= found.start(2)), None)
    whole, part = (kb.row_for(m.entity) if m is not None else None for m in (y, x))
    if y is None and x is not None and _BARE_WHOLE.fullmatch(found.group(2)):  # 「除了科学技术支出以外的支出」
        name = core_name(x.entity.name)  # its row in a one-sided spending table (表一 prints it beside income)
        spent = [r for r in kb.rows.to_dict("records") if kb.kind_of.get(r["table"]) in _SPENDING]
        spent = [r for r in spent if core_name(r["name"]) == name and r["side"] != "收入"]
        total = _total_row(kb, spent[0]["table"]) if spent else None
        if total is not None:
            col = kb.columns(total["table"])[0]
            part, whole, y = (spent[0], col), (total, col), x
    elif y is not None and part is not None and whole is not None and whole[0]["table"] != part[0]["table"]:
        title = str(kb.tables.get(part[0]["table"], {}).get("title", ""))  # 「除了退休费以外的基本支出」: 表六's 合计
        total = _total_row(kb, part[0]["table"]) if core_name(y.entity.name) in title else None
        whole = (total, kb.columns(total["table"])[0]) if total is not None else whole
    if whole is None or part is None or whole[0]["table"] != part[0]["table"] or whole == part:
        return None
    if whole[0]["level"] != "合计" and whole[0]["name"] not in ("合计", "总计"):
        return None
    return TablePlan(
        reason=f"问除「{found.group(1)}」以外的「{found.group(2)}」：{whole[0]['table']}的合计减去它",
        query=TableQuery("difference", (Target(whole[0]["row_id"], whole[1]), Target(part[0]["row_id"], part[1]))),
        intent=q.intent,
        subject=Subject("concept", y.entity.name, "", whole[0]["table"], whole[1]),  # type: ignore[union-attr]
        matches=q.matches,
    )
