"""The router: decides table, narrative, both or none for a question — and records why.

It links the question to the document's rows and concepts, reads the intent from the wording, resolves a
follow-up against the previous subject, and turns all of that into a Plan: a validated TableQuery for the
table tool and/or a search for the narrative tool.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.answer.guard import CleanQuestion
from app.answer.intent import Intent, read_intent
from app.answer.kb import Knowledge
from app.answer.linker import Match, apply_synonyms, find_columns
from app.models import Subject
from app.tools.table_query import TableQuery, Target

_SPLIT_SHARE = re.compile(r"占|相对于|out of|of the")
_SPLIT_DIFF = re.compile(r"比|和|与|跟|同|较|vs|versus|than|and")
PERSONAL = re.compile(r"局长|处长|科长|书记|主任|领导(?!用车)|个人的|每个人|人均|平均每人|某人|员工的工资")
COLUMN_CONCEPTS = {"基本支出", "项目支出", "人员经费", "公用经费"}
_FOLLOWUP = re.compile(r"^(那|那么|它|这个|这笔|这项|其中|那个|and |what about|how about)|呢[?？]?$|它|其")


@dataclass
class Plan:
    route: str  # table / narrative / both / none
    reason: str
    query: TableQuery | None = None
    search: str = ""  # text for the narrative tool
    kinds: tuple[str, ...] = ()  # narrative chunk kinds to prefer (definition, perf, narrative)
    want_figure: bool = False
    unit_hint: str = ""
    status: str = ""  # refused / not_found when decided here
    message: str = ""
    subject: Subject | None = None
    matches: list[Match] = field(default_factory=list)
    indicator: object = None  # (PerfTarget, Indicator) for a 绩效指标 question
    intent: Intent | None = None


def link(kb: Knowledge, text: str) -> tuple[str, list[Match]]:
    exact = [m for m in kb.linker.link(text, min_fuzzy=101) if m.exact]
    rewritten = apply_synonyms(text, [(m.start, m.end) for m in exact])
    return rewritten, kb.linker.link(rewritten)


def _subject(kb: Knowledge, m: Match, column: str) -> Subject:
    found = kb.row_for(m.entity, column)
    row, col = found if found else ({}, column)
    return Subject(m.entity.kind, m.entity.name, m.entity.code, row.get("table", ""), col)


def route(kb: Knowledge, q: CleanQuestion, history: tuple = ()) -> Plan:
    text, matches = link(kb, q.text)
    intent = read_intent(text)
    columns = find_columns(text)
    table_matches = [m for m in matches if m.entity.kind in ("row", "concept")]
    # a column word that is itself the only concept named (「项目支出是多少」) stays a concept, otherwise it
    # modifies the row named beside it (「社会保障和就业支出的项目支出」)
    column = ""
    if columns and len(table_matches) >= 1:
        named = {m.entity.name for m in table_matches}
        col_words = [c for c, _ in columns if c not in named or len(table_matches) > 1]
        if col_words and any(m.entity.kind == "row" for m in table_matches):
            column = col_words[0]
            table_matches = [m for m in table_matches if not (m.entity.kind == "concept" and m.entity.name == column)] or table_matches

    year = int(kb.doc["year"])
    other_years = [y for y in intent.years if y not in (year, year - 1)]
    if other_years:
        return Plan("none", f"问题问的是{other_years[0]}年，本文件是{year}年预算", status="not_found",
                    message=f"文档中未找到{other_years[0]}年的数据：本文件是{kb.doc['unit']}{year}年的预算公开，只含{year}年预算（及与上年的比较）。",
                    intent=intent)
    if year - 1 in intent.years:
        intent = Intent(**{**intent.__dict__, "yoy": True})

    if PERSONAL.search(text):
        return Plan("none", "问的是个人的收入或开支；预算公开只列单位的预算", status="not_found",
                    message="文档中未找到个人层面的数据：预算公开只列出单位的预算（如工资福利支出总额），不含某个人的工资或开支。",
                    intent=intent)

    previous = _previous_subject(history)
    only_columns = bool(matches) and all(m.entity.kind == "concept" and m.entity.name in COLUMN_CONCEPTS for m in matches)
    share_of_previous = intent.share and bool(matches) and bool(_FOLLOWUP.search(q.text))
    if previous and (not matches or only_columns or share_of_previous) and (_FOLLOWUP.search(q.text) or len(q.text) <= 12):
        return _follow_up(kb, q, text, intent, columns, previous, matches if share_of_previous else [])

    if q.suspicious and not matches:
        return Plan("none", "问题含有指令或代码，且没有提到本文件的任何预算项目", status="refused",
                    message="我只回答本预算公开文件中的问题；问题里的指令或代码不会被执行。请直接问预算数字或内容，例如「三公经费是多少？」。",
                    intent=intent)

    prose_unit = intent.unit_hint in ("辆", "平方米", "台", "人")
    indicator_matches = [m for m in matches if m.entity.kind == "indicator"]
    if indicator_matches and (not table_matches or prose_unit or indicator_matches[0].score > table_matches[0].score):
        hit = kb.indicator(indicator_matches[0].entity)
        if hit:
            return Plan("narrative", f"问题提到绩效指标「{indicator_matches[0].entity.name}」", search=text, kinds=("perf",),
                        indicator=hit, matches=matches, intent=intent,
                        subject=Subject("indicator", indicator_matches[0].entity.name))

    codes_named = any(m.entity.code and m.entity.code in text for m in table_matches)
    if intent.definition and not codes_named and not (intent.amount and _asks_amount(text)) and (table_matches or matches):
        name = (table_matches or matches)[0].entity.name
        return Plan("narrative", f"问的是「{name}」的含义（名词解释）", search=text, kinds=("definition",),
                    intent=intent, matches=matches, subject=Subject("topic", name))

    if table_matches and not prose_unit:
        plan = _table_plan(kb, text, intent, table_matches, column)
        if plan and (intent.reason or (intent.yoy and not intent.share)):
            plan.route, plan.search, plan.want_figure = "both", text, intent.yoy and not intent.reason
            plan.reason += "；又问到原因或与上年的变化，这只写在情况说明里，所以也检索正文"
            plan.unit_hint = intent.unit_hint if intent.yoy else ""
        if plan:
            plan.intent = intent
            return plan

    if not table_matches and re.search(r"项目|project", text) and (intent.count or intent.list or intent.max or intent.min) and not intent.narrative_topic:
        rows = kb.project_rows()
        if rows:
            op = "max" if intent.max else "min" if intent.min else "count" if intent.count else "list"
            label = rows[0]["table"]
            return Plan("table", f"问项目的{ {'max': '最大值', 'min': '最小值', 'count': '个数', 'list': '清单'}[op] }：查{label}（项目支出预算表）中的项目行",
                        query=TableQuery(op, (), rows=tuple(r["row_id"] for r in rows)), intent=intent,
                        subject=Subject("topic", "项目支出"))

    if not table_matches and _asks_total(text, intent):
        concept = next((e for e in kb.entities if e.key == "concept:总预算"), None)
        if concept:
            m = Match(concept, 1.0, 0, 0, True)
            plan = _table_plan(kb, text, intent, [m], column)
            if plan:
                plan.reason = "问的是全年预算总额：" + plan.reason
                plan.intent = intent
                return plan

    want = (intent.amount or intent.count or bool(intent.unit_hint) or intent.yoy) and not intent.reason
    reason = "没有对应的表格行；问题涉及情况说明/概况中的文字" if intent.narrative_topic else "没有匹配到表格行，检索正文"
    return Plan("narrative", reason, search=text, want_figure=want and (_asks_amount(text) or intent.yoy),
                unit_hint=intent.unit_hint, intent=intent, matches=matches,
                kinds=("definition",) if intent.definition else ())


def _asks_amount(text: str) -> bool:
    return bool(re.search(r"多少|几|多大|金额|数额|how much|how many|what percent|amount", text))


def _asks_total(text: str, intent: Intent) -> bool:
    if intent.narrative_topic:
        return False
    return bool(re.search(r"一共|总共|全部|全年|总|total|overall|whole", text)) and (intent.amount or _asks_amount(text))


def _previous_subject(history: tuple) -> Subject | None:
    for _, ans in reversed(history):
        subj = getattr(ans, "subject", None)
        if subj is not None:
            return subj
    return None


def _entity_of(kb: Knowledge, subj: Subject) -> Match | None:
    for e in kb.entities:
        if e.name == subj.name and e.kind == subj.kind:
            return Match(e, 1.0, 0, 0, True)
    return None


def _follow_up(kb: Knowledge, q: CleanQuestion, text: str, intent: Intent, columns: list, previous: Subject,
               others: list[Match]) -> Plan:
    m = _entity_of(kb, previous)
    if m is None or previous.kind not in ("row", "concept"):
        return Plan("narrative", f"追问：沿用上一问的主题「{previous.name}」", search=f"{previous.name} {text}",
                    want_figure=_asks_amount(text) or intent.yoy, unit_hint=intent.unit_hint, intent=intent,
                    subject=previous)
    column = columns[0][0] if columns else ""
    if column and m.entity.kind == "concept":
        concept = next((e for e in kb.entities if e.key == f"concept:{column}"), None)
        if concept is not None and not kb.row_for(m.entity, column):
            m = Match(concept, 1.0, 0, 0, True)
            column = ""
    if others:
        column = ""
    plan = _table_plan(kb, f"{previous.name}{text}", intent, [m, *others], column or previous.column)
    if plan is None:
        return Plan("none", f"追问「{previous.name}」，但找不到对应的列", status="not_found",
                    message=f"文档中未找到「{previous.name}」的{column or '该项'}数据。", intent=intent)
    plan.reason = f"追问：沿用上一问的主题「{previous.name}」；" + plan.reason
    if intent.yoy or intent.reason:
        plan.route, plan.search, plan.want_figure = "both", f"{previous.name} {text}", intent.yoy and not intent.reason
        plan.unit_hint = intent.unit_hint
    plan.intent = intent
    return plan


def _denominator(kb: Knowledge, text: str, numerator: Match, others: list[Match]) -> tuple[dict, str] | None:
    """占比的分母: the entity named after 占, else the whole budget (表三合计), or for 人员/公用经费 the 基本支出."""
    if others:
        return kb.row_for(others[0].entity)
    if numerator.entity.name in ("人员经费", "公用经费") or re.search(r"基本支出", text):
        concept = next((e for e in kb.entities if e.key == "concept:基本支出"), None)
        if numerator.entity.name in ("人员经费", "公用经费"):
            hit = kb.row_for(numerator.entity)
            return (hit[0], "合计") if hit else None
        return kb.row_for(concept) if concept else None
    if re.search(r"项目支出", text) and numerator.entity.name != "项目支出":
        concept = next((e for e in kb.entities if e.key == "concept:项目支出"), None)
        return kb.row_for(concept) if concept else None
    total = next((e for e in kb.entities if e.key == "concept:总预算"), None)
    return kb.row_for(total) if total else None


def _table_plan(kb: Knowledge, text: str, intent: Intent, matches: list[Match], column: str) -> Plan | None:
    first = matches[0]
    found = kb.row_for(first.entity, column)
    if found is None and column:
        found = kb.row_for(first.entity)
        column = ""
    if found is None:
        return None
    row, col = found
    subject = Subject(first.entity.kind, first.entity.name, first.entity.code, row["table"], col)
    where = f"{row['table']}「{row['name']}」{col}"

    if intent.share and len(matches) <= 2:
        split = _SPLIT_SHARE.search(text)
        after = ([m for m in matches[1:] if split and m.start >= split.start()] or matches[1:]) if len(matches) > 1 else []
        den = _denominator(kb, text, first, after)
        if den is not None and den[0]["row_id"] != row["row_id"] or (den and den[1] != col):
            d_row, d_col = den  # type: ignore[misc]
            return Plan("table", f"问占比：{where} ÷ {d_row['table']}「{d_row['name']}」{d_col}",
                        query=TableQuery("share", (Target(row["row_id"], col),), Target(d_row["row_id"], d_col)),
                        subject=subject, matches=matches)
    if len(matches) >= 2 and intent.diff:
        second = kb.row_for(matches[1].entity, column)
        if second:
            return Plan("table", f"问差额：{where} − {second[0]['table']}「{second[0]['name']}」{second[1]}",
                        query=TableQuery("difference", (Target(row["row_id"], col), Target(second[0]["row_id"], second[1]))),
                        subject=subject, matches=matches)
    if len(matches) >= 2 and (intent.sum or intent.amount):
        targets = [Target(row["row_id"], col)]
        for m in matches[1:]:
            hit = kb.row_for(m.entity, column)
            if hit:
                targets.append(Target(hit[0]["row_id"], hit[1]))
        if len(targets) >= 2:
            names = "、".join(m.entity.name for m in matches)
            return Plan("table", f"问多项之和：{names}", query=TableQuery("sum", tuple(targets)), subject=subject, matches=matches)
    if intent.max or intent.min or (intent.list and not intent.amount) or (intent.count and not intent.unit_hint == "万元"):
        kids = kb.children(row) if first.entity.kind == "row" else []
        if not kids and first.entity.name in ("项目支出",):
            kids = kb.project_rows()
        if kids:
            op = "max" if intent.max else "min" if intent.min else "count" if intent.count else "list"
            kid_col = col if col in kb.columns(kids[0]["table"]) else kb.columns(kids[0]["table"])[0]
            return Plan("table", f"问「{first.entity.name}」下各项的{ {'max': '最大值', 'min': '最小值', 'count': '个数', 'list': '明细'}[op] }",
                        query=TableQuery(op, (), rows=tuple(k["row_id"] for k in kids), column=kid_col),
                        subject=subject, matches=matches)
    reason = f"问题提到「{first.entity.name}」" + (f"（科目编码 {first.entity.code}）" if first.entity.code and first.entity.code in text else "")
    return Plan("table", f"{reason}：查 {where}", query=TableQuery("lookup", (Target(row["row_id"], col),)),
                subject=subject, matches=matches)
