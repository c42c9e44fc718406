"""Project plans: questions about the document's projects that one table row does not answer — a field
of a project's 绩效目标表 (资金来源, 主管部门, 立项依据 …), a project's non-money target (「要覆盖多少个乡镇」),
a 绩效指标 named by its words, the projects whose names start with a prefix, and the count, largest, smallest
or list of the projects.
"""

from __future__ import annotations

import re
from dataclasses import replace

from app.answer.intent import Intent, read_intent
from app.answer.knowledge import _TOTAL_NAME, Knowledge
from app.answer.linker import Match, aliases_for, core_name
from app.answer.operands import _stray_words, unaccounted_words
from app.answer.plan import Compound, Decline, IndicatorPlan, PerfForms, Plan, ProjectField, SearchPlan, TablePlan
from app.answer.question_words import _EACH, _ORDINARY, _TABLE_REF, PERF_FIELDS, table_labels
from app.answer.subjects import _without
from app.models import Subject
from app.tools.table_query import TableQuery, Target


def _perf_plan(kb: Knowledge, text: str, intent: Intent, table_matches: list[Match]) -> Plan | None:
    projects = [m for m in table_matches if m.entity.kind in ("row", "perf") and kb.perf_for(m.entity.name) is not None]
    if not projects:
        return None
    wanted = next((f for pattern, f in PERF_FIELDS if pattern.search(text)), "")
    if not wanted:
        return None
    target = kb.perf_for(projects[0].entity.name)
    return ProjectField(
        reason=f"问的是项目「{target.project}」的{wanted}：查它的绩效目标表",
        perf=(target, wanted),
        intent=intent,
        matches=table_matches,
        subject=Subject("row", projects[0].entity.name),
    )


_PURPOSE = re.compile(
    r"干什么用|做什么用|用途|用于什么|用于哪|用来干|用来做|干啥|做啥|是做什么|主要做什么|what .* for\b"
)
_MONEY = re.compile(r"多少|几|金额|万元|元|how much")


def _row_purpose_plan(kb: Knowledge, text: str, intent: Intent, table_matches: list[Match]) -> Plan | None:
    """「驻局纪检组专项经费主要用来干啥」 of a row without a 绩效目标表: what its table says it is for (项目简介), a
    passage of its own (kind table_note) — never its amount."""
    about = next((m for m in table_matches if m.entity.kind == "row"), None)
    if about is None or not _PURPOSE.search(text) or _MONEY.search(_without(text, [about])):
        return None
    if not any(
        kb.kind_of.get(r["table"]) in ("project", "project_carryover") for r in kb.entity_rows[about.entity.key]
    ):
        return None  # a 科目 (「工资福利支出」) is explained by the 名词解释, not by a project's description
    return SearchPlan(
        reason=f"问「{about.entity.name}」是做什么用的：查表格里对这一行的说明（项目简介等）",
        search=f"{about.entity.name} {text}",
        kinds=("table_note",),
        intent=intent,
        matches=tuple(table_matches),
        subject=Subject("row", about.entity.name),
    )


def _project_indicator(kb: Knowledge, text: str, intent: Intent, table_matches: list[Match]) -> Plan | None:
    """A count, share or other non-money target of a named project (「QT业务工作经费要覆盖多少个乡镇」):
    the indicator of that project's 绩效目标表 whose name holds the question's other words."""
    from app.tools.narrative_search import content_words

    projects = [m for m in table_matches if m.entity.kind in ("row", "perf") and kb.perf_for(m.entity.name) is not None]
    if not projects:
        return None
    rest = _without(text, projects)  # the project's own name (「…工作经费」) says nothing about what is asked
    unit = read_intent(rest).unit_hint
    money = re.search(r"钱|经费|资金|预算|金额|万元|元|花|安排|how much", rest)
    if unit == "万元" or (unit == "" and money):
        return None
    intent = Intent(**{**intent.__dict__, "unit_hint": unit})
    target = kb.perf_for(projects[0].entity.name)
    words = [w for w in content_words(_without(text, projects)) if w not in _ORDINARY]
    best, best_hits = None, 0
    for ind in target.indicators:  # type: ignore[union-attr]
        hits = sum(len(w) for w in words if w in ind.name)
        fits = intent.unit_hint in ind.value
        score = hits + (1 if fits else 0)
        if hits and score > best_hits and (fits or intent.unit_hint in ("", "个", "人", "次", "%")):
            best, best_hits = ind, score
    if best is None:
        return None
    year = [i for i in target.indicators if i.name == best.name and i.period == "年度"] or [best]  # type: ignore[union-attr]
    return IndicatorPlan(
        reason=f"问项目「{target.project}」的绩效指标「{best.name}」",
        search=text,
        kinds=("perf",),
        indicator=(target, year[0]),
        intent=intent,
        matches=table_matches,
        subject=Subject("indicator", best.name),
    )


def _indicator_words(kb: Knowledge, text: str, intent: Intent) -> list[Match]:
    """Indicators whose names hold most of the question's content words (「铁路道口每月检查几次」 →
    「每月检查铁路无人看守道口次数」), in any order."""
    from app.tools.narrative_search import content_words

    words = [w for w in content_words(text) if len(w) >= 2]
    out = []
    for e in kb.entities:
        if e.kind != "indicator" or len(words) < 2:
            continue
        hit = [w for w in words if w in e.name]
        if len(hit) >= 2 and len(hit) >= 0.75 * len(words):
            out.append(Match(e, 8.0 * sum(map(len, hit)), 0, 0, False))
    return out


def _indicator_plan(
    kb: Knowledge, text: str, intent: Intent, matches: list[Match], table_matches: list[Match], prose_unit: bool
) -> Plan | None:
    indicators = [m for m in matches if m.entity.kind == "indicator"]
    if not indicators and (prose_unit or intent.unit_hint in ("次", "%")):
        indicators = _indicator_words(kb, text, intent)
    if not indicators:
        return None
    hits = [(m, kb.indicator(m.entity)) for m in indicators]
    hits = [(m, h) for m, h in hits if h]
    if intent.unit_hint:  # 「每月检查几次」: an indicator whose value is in 次
        fitting = [(m, h) for m, h in hits if intent.unit_hint in h[1].value]
        hits = fitting or hits
    if not hits:
        return None
    m, hit = max(hits, key=lambda x: x[0].score)
    if table_matches and not prose_unit and (table_matches[0].score >= m.score or intent.unit_hint == "万元"):
        return None  # a money question about a project row: the table, not a 成本指标
    owners = [e for e in (m.entity, *m.ties) if e.kind == "indicator"]
    projects = list(dict.fromkeys(e.key.split(":", 2)[1] for e in owners))
    if len(projects) > 1:  # 「预算执行率」 in several projects' forms: the one the question names, else none
        named = [p for p in projects if any(a in text.lower() for a in aliases_for(p) + aliases_for(p.strip("“”")))]
        if len(named) != 1:
            return Decline(
                reason=f"「{m.entity.name}」是几个项目的绩效指标，问题没有说是哪一个",
                status="not_found",
                message=f"文档中未找到唯一的「{m.entity.name}」：{'、'.join(f'「{p}」' for p in projects)}都有这项绩效指标，"
                "请说明是哪个项目（没有给出数字）。",
                matches=matches,
                intent=intent,
            )
        hit = kb.indicator(next(e for e in owners if e.key.split(":", 2)[1] == named[0])) or hit
    return IndicatorPlan(
        reason=f"问题提到绩效指标「{m.entity.name}」",
        search=text,
        kinds=("perf",),
        indicator=hit,
        matches=matches,
        intent=intent,
        subject=Subject("indicator", m.entity.name),
    )


def _prefixed_projects_plan(kb: Knowledge, prefix: str, intent: Intent) -> Plan | None:
    """「Z开头的项目一共多少钱」: the projects whose names start so, summed (or counted / listed)."""
    rows = [r for r in kb.project_rows() if r["name"].lower().startswith(prefix.lower())]
    if not rows:
        return None
    col = kb.columns(rows[0]["table"])[0]
    op = "count" if intent.count and intent.unit_hint == "个" else ("sum" if len(rows) > 1 else "lookup")
    if op == "count":
        query = TableQuery("count", (), rows=tuple(r["row_id"] for r in rows))
    elif op == "sum":
        query = TableQuery("sum", tuple(Target(r["row_id"], col) for r in rows))
    else:
        query = TableQuery("lookup", (Target(rows[0]["row_id"], col),))
    return TablePlan(
        reason=f"问以「{prefix}」开头的项目：{rows[0]['table']}中有 {len(rows)} 个",
        query=query,
        intent=intent,
        subject=Subject("topic", f"{prefix}开头的项目"),
    )


_RANKED = re.compile(
    r"最[大多小少高低]|列出|所有|全部|上年结转|[一二三]级|具体|分别|各自?|加起来|加在一起|相加|之和|一共|总共|合计|这些|那些"
)


def unnamed_kind(text: str, matches: list[Match]) -> list[str]:
    """The words of 「哈哈项目有几个」 that name a kind of project no table has: not all the projects, then."""
    kind = _RANKED.sub(" ", _TABLE_REF.sub(" ", text))
    return [w for w in unaccounted_words(kind, matches) if len(w) >= 2]


def _projects_plan(kb: Knowledge, intent: Intent, text: str = "") -> Plan | None:
    named = [  # 「表十三的项目有几个」: the projects of the project table it names (上年结转's), not this year's
        label for label in table_labels(text) if kb.kind_of.get(label) in ("project", "project_carryover")
    ]
    carried = [lb for lb, kind in kb.kind_of.items() if kind == "project_carryover"]
    if not named and len(carried) == 1 and re.search(r"上年结转", text):  # 「上年结转的项目有几个」: its own table
        named = carried
    rows = kb.project_rows(named[0]) if len(named) == 1 else kb.project_rows()
    if not rows:
        return None
    source = _source_column(kb, rows[0]["table"], text) if intent.count or intent.list or intent.sum else ""
    if source and intent.sum and not intent.count:  # 「用单位资金安排的项目一共多少钱」: that column added up
        printed = [r for r in rows if source in kb.row_columns.get(r["row_id"], {})]  # a blank cell is no part
        targets = tuple(Target(r["row_id"], source) for r in printed or rows)
        return TablePlan(
            reason=f"问用「{source}」安排的项目合计：{rows[0]['table']}各项目「{source}」列相加",
            query=TableQuery("sum", targets) if len(targets) > 1 else TableQuery("lookup", targets),
            intent=intent,
            subject=Subject("topic", "项目支出"),
        )
    if source:  # 「用单位资金安排的有几个项目」: the projects with a figure in that column
        op = "count" if intent.count else "list"
        return TablePlan(
            reason=f"问用「{source}」安排的项目{'个数' if op == 'count' else '清单'}：查{rows[0]['table']}中「{source}」"
            "列有数的项目行",
            query=TableQuery(op, (), rows=tuple(r["row_id"] for r in rows), column=source, nonzero=True),
            intent=intent,
            subject=Subject("topic", "项目支出"),
        )
    op = "max" if intent.max else "min" if intent.min else "count" if intent.count else "list"
    op = "sum" if intent.sum and op == "list" else op  # 「项目一共多少钱」: the listed projects added up
    label = rows[0]["table"]
    word = {"max": "最大值", "min": "最小值", "count": "个数", "list": "清单", "sum": "合计"}[op]
    query = (
        TableQuery("sum", tuple(Target(r["row_id"], kb.columns(r["table"])[0]) for r in rows))
        if op == "sum"
        else TableQuery(op, (), rows=tuple(r["row_id"] for r in rows))
    )
    return TablePlan(
        reason=f"问项目的{word}：查{label}（项目支出预算表）中的项目行",
        query=query,
        intent=intent,
        subject=Subject("topic", "项目支出"),
    )


def _perf_project_plan(kb: Knowledge, text: str, intent: Intent, matches: list[Match]) -> Plan | None:
    """A project that only its 绩效目标表 prints (no project table row): its 资金总额 when the question asks for
    money, else the field of the form it names (实施单位, 项目实施期目标 …)."""
    sure = [m for m in matches if m.entity.kind == "perf" and (m.exact or m.score >= 45)]
    if len(sure) >= 2 and _EACH.search(text):  # 「A和B分别是多少」: each form read on its own
        return Compound(
            reason=f"问几个项目各自的数：{'、'.join(m.entity.name for m in sure)}",
            parts=tuple(f"{m.entity.name}{'是多少' if _asks_money(text) else ''}" for m in sure),
        )
    m = sure[0] if sure else None
    target = kb.perf_for(m.entity.name) if m is not None else None
    if m is None or target is None:
        return None
    stray = _stray_words(kb, text, matches, m) if not m.exact else []
    if stray:  # 「驻北京联络处房屋修缮经费」 is not 驻沪办房屋修缮经费
        return Decline(
            reason=f"「{text[m.start : m.end]}」只部分对上项目「{target.project}」，问题里的「{'」「'.join(stray)}」没有对应",
            status="not_found",
            message=f"文档中未找到「{'」「'.join(stray)}」的项目。文档中相近的是「{target.project}」，但它不是问题所问的，"
            "所以不给出数字。",
            matches=matches,
        )
    rest = _without(text, [m])
    if re.search(r"指标|目标值|满意度|[率度]", rest):
        return None  # an indicator of the form (「预算执行率」「满意度指标」): project_indicator reads it
    wanted = next((f for pattern, f in PERF_FIELDS if pattern.search(rest)), "")
    if not wanted and intent.unit_hint in ("", "万元", "元") and _asks_money(rest):
        wanted = "total"
    if not wanted:
        return None
    return ProjectField(
        reason=f"问的是项目「{target.project}」的{wanted}：它只在绩效目标表里",
        perf=(target, wanted),
        intent=intent,
        matches=matches,
        subject=Subject("row", target.project),
    )


_FORMS = re.compile(r"绩效目标表|绩效表|绩效目标申报表|performance (?:target|goal)s? (?:table|form)s?", re.I)


def perf_forms_plan(kb: Knowledge, text: str, intent: Intent) -> Plan | None:
    """「绩效目标表里公开了几个项目，一共多少钱」: the 绩效目标表 the document prints, as a set — how many, which
    projects, their 年度资金总额 added up, each form cited. A named project, an indicator or the prose's own
    counts (「纳入绩效目标管理的项目」) are read elsewhere."""
    if not kb.perf or not _FORMS.search(text) or re.search(r"指标|目标值|满意度|[率度]", text):
        return None
    named = [w for w in unaccounted_words(_FORMS.sub(" ", text), []) if w not in ("公开", "涉及", "印出", "列出")]
    if named:  # 「绩效目标表里“泉州政务”…是多少」: a project (here or not), never all the forms' total
        return None
    added = intent.sum or re.search(r"一共|总共|合计|加起来|总额|多少钱|金额|资金|how much|total", text, re.I)
    op = "count" if intent.count else "list" if intent.list else "sum" if added else ""
    if not op:
        return None
    return PerfForms(
        reason=f"问绩效目标表里的项目{ {'count': '个数', 'list': '清单', 'sum': '资金合计'}[op] }：文档印出的各张项目支出绩效目标表",
        forms=tuple(kb.perf),
        op=op,
        intent=intent,
        subject=Subject("topic", "项目支出绩效目标表"),
    )


_WHOSE_MONEY = re.compile(r"资金来源|经费来源|来源|谁出的?钱|哪里的钱|从哪里?来|哪来的|什么钱|哪个渠道")
_SOURCE_WORDS = re.compile(
    r"一般公共预算|政府性基金|国有资本经营|财政专户|单位资金|事业收入|经营收入|上年结转|其他收入|其他资金"
)


def row_sources_plan(kb: Knowledge, text: str, matches: list[Match]) -> Plan | None:
    """「重大传染病防控经费的资金来源」 of a row no 绩效目标表 describes: the source columns of its table that hold a
    figure on its row (一般公共预算 44.27), each cited."""
    rows = [m for m in matches if m.entity.kind == "row"]
    if not _WHOSE_MONEY.search(text) or len(rows) != 1 or kb.perf_for(rows[0].entity.name) is not None:
        return None
    for r in kb.entity_rows.get(rows[0].entity.key, []):
        cols = [c for c in kb.row_columns.get(r["row_id"], {}) if _SOURCE_WORDS.search(c)]
        if cols:
            targets = tuple(Target(r["row_id"], c) for c in cols)
            return TablePlan(
                reason=f"问「{r['name']}」的资金来源：{r['table']}里它那一行有数的资金来源列（{'、'.join(cols)}）",
                query=TableQuery("each" if len(targets) > 1 else "lookup", targets),
                subject=Subject("row", r["name"], r["code"], r["table"], cols[0]),
                matches=matches,
            )
    return None


def _asks_money(text: str) -> bool:
    return bool(re.search(r"多少|钱|金额|预算|安排|how much", text))


def _source_column(kb: Knowledge, label: str, text: str) -> str:
    """The column of the project table a question names as the projects' source of funds (「单位资金」「政府性基金」),
    not its first (the total)."""
    for col in kb.columns(label)[1:]:
        short = re.sub(r"预算$|管理资金$", "", re.sub(r"(?:拨款)?收入$", "", col))
        if len(short) >= 3 and short in text:
            return col
    return ""


_NAMED_SOURCE = re.compile(r"一般公共预算|政府性基金|国有资本经营|财政专户|单位资金|事业收入")


def of_a_source(kb: Knowledge, plan: Plan, text: str) -> Plan:
    """「一般公共预算拨款政府采购多少」: a total row read in a table split by source (表九's 一般公共预算拨款收入 …)
    is read in the column of the source the question names, not the total column."""
    query = getattr(plan, "query", None)
    if not isinstance(plan, TablePlan) or query is None or query.op != "lookup" or not _NAMED_SOURCE.search(text):
        return plan
    target = query.targets[0]
    row = kb.rows[kb.rows["row_id"] == target.row_id].to_dict("records")
    if not row or not _TOTAL_NAME.search(core_name(row[0]["name"])) or target.column != kb.columns(row[0]["table"])[0]:
        return plan
    col = _source_column(kb, row[0]["table"], text)
    if not col:
        return plan
    return plan.but(
        reason=plan.reason + f"；问的是「{col}」那一列",
        query=TableQuery("lookup", (Target(target.row_id, col),)),
        subject=replace(plan.subject, column=col) if plan.subject is not None else None,
    )


def source_named(kb: Knowledge, text: str) -> str:
    """The source-of-funds column of the project table the question names (or 上年结转, which has a project
    table of its own), if any."""
    if "上年结转" in text and "project_carryover" in kb.kind_of.values():
        return "上年结转"
    rows = kb.project_rows()
    return _source_column(kb, rows[0]["table"], text) if rows else ""
