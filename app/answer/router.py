"""The router: decides table, narrative, both or none for a question — and records why.

It links the question to the document's rows, concepts, projects and indicators, reads the intent from
the wording, resolves a follow-up against the previous subject, and turns all of that into a Plan: a
validated TableQuery for the table tool and/or a search for the narrative tool, or a structured look-up
in a 绩效目标表, or a comparison with last year as the document states it.

This module holds the entry point (route), the ordered cascade of plans (_plan) and follow-ups; the order of
the cascade is the order of its checks here. The families it calls live beside it: scope (who and when the
question is about), subjects and operands (what it names), table_plans, project_plans and yoy_plans, all
reading the wording through question_words and returning a Plan (plan).
"""

from __future__ import annotations

import re

from app.answer.guard import CleanQuestion, without_instructions
from app.answer.intent import Intent, read_intent
from app.answer.knowledge import Knowledge
from app.answer.linker import Match, find_columns
from app.answer.operands import unaccounted_words
from app.answer.plan import Plan
from app.answer.project_plans import (
    _indicator_plan,
    _indicator_words,
    _perf_plan,
    _prefixed_projects_plan,
    _project_indicator,
    _projects_plan,
)
from app.answer.question_words import (
    _COMPARISON,
    _EN_QUESTION_WORDS,
    _FOLLOWUP,
    _GENERIC_WORDS,
    _PREFIXED,
    _TABLE_REF,
    COLUMN_CONCEPTS,
    VALUE,
)
from app.answer.scope import (
    _out_of_scope,
    name_the_tables_plainly,
    name_the_unit_in_english,
    name_the_unit_plainly,
)
from app.answer.subjects import (
    _asks_amount,
    _asks_total,
    _asks_unknown_attribute,
    _concept,
    _leftover,
    _table_matches,
    _without,
    link,
)
from app.answer.table_plans import _table_plan, _table_total_plan
from app.answer.yoy_plans import _reason_plan, _yoy_plan
from app.models import Subject
from app.tools.table_query import TableQuery, Target


def route(kb: Knowledge, q: CleanQuestion, history: tuple = ()) -> Plan:
    asked = without_instructions(q.text) if q.suspicious else q.text
    plain = name_the_unit_plainly(name_the_unit_in_english(asked), kb.doc["unit"])
    text, matches = link(kb, name_the_tables_plainly(plain, kb.tables))
    intent = read_intent(text)
    year = int(kb.doc["year"])

    stop = _out_of_scope(kb, text, intent, year)
    if stop:
        return stop
    if year - 1 in intent.years and not re.search(r"截至|截止|as of", text):  # a date is no 「last year」
        intent = Intent(**{**intent.__dict__, "yoy": True})

    previous = _previous_subject(history)
    only_columns = bool(matches) and all(
        m.entity.kind == "concept" and m.entity.name in COLUMN_CONCEPTS for m in matches
    )
    share_of_previous = intent.share and bool(matches) and bool(_FOLLOWUP.search(q.text))
    if (
        previous
        and (not matches or only_columns or share_of_previous)
        and (_FOLLOWUP.search(q.text) or _says_nothing_new(text))
    ):
        return _follow_up(kb, text, intent, find_columns(text), previous, matches if share_of_previous else [])

    if q.suspicious and not matches:
        return Plan(
            "none",
            "问题含有指令或代码，且没有提到本文件的任何预算项目",
            status="refused",
            message="我只回答本预算公开文件中的问题；问题里的指令或代码不会被执行。请直接问预算数字或内容，例如「三公经费是多少？」。",
            intent=intent,
        )
    return _plan(kb, text, intent, matches, q.text)


def _plan(kb: Knowledge, text: str, intent: Intent, matches: list[Match], asked: str = "") -> Plan:
    table_matches, column = _table_matches(kb, text, intent, matches)
    prose_unit = intent.unit_hint in ("辆", "平方米", "台", "人", "次")
    if asked and column in COLUMN_CONCEPTS and column in asked:
        # 「发工资这些人员经费多少」: a row reached only through a synonym yields to the concept asked by name
        derived = [
            m
            for m in table_matches
            if m.entity.kind == "row"
            and text[m.start : m.end] not in asked
            and any(kb.kind_of.get(r["table"]) == "basic_by_econ" for r in kb.entity_rows.get(m.entity.key, []))
        ]
        concept = next((m for m in matches if m.entity.key == f"concept:{column}"), None) or _concept(kb, column)
        if (
            derived
            and concept is not None
            and len(derived) == len([m for m in table_matches if m.entity.kind == "row"])
        ):
            table_matches, column, text = [concept], "", _without(text, derived)

    perf = _perf_plan(kb, text, intent, table_matches)
    if perf:
        return perf
    project_indicator = _project_indicator(kb, text, intent, table_matches)
    if project_indicator:
        return project_indicator
    asked_about = next((m for m in table_matches if m.end > m.start), None)
    following = min((m.start for m in matches if asked_about and m.start >= asked_about.end), default=len(text))
    unknown = (
        _asks_unknown_attribute(kb, text[:following] + "是多少" if following < len(text) else text, asked_about)
        if asked_about
        else ""
    )
    if unknown:
        return Plan(
            "none",
            f"问的是「{asked_about.entity.name}」的「{unknown}」，文档中没有这项内容",
            status="not_found",  # type: ignore[union-attr]
            message=f"文档中未找到「{asked_about.entity.name}」的「{unknown}」；文档只列出它的预算金额。",  # type: ignore[union-attr]
            matches=matches,
            intent=intent,
        )
    indicator = _indicator_plan(kb, text, intent, matches, table_matches, prose_unit)
    if indicator:
        return indicator

    codes_named = any(m.entity.code and m.entity.code in text for m in table_matches)
    if intent.definition and table_matches and _asks_amount(text) and not prose_unit:
        plan = _table_plan(kb, text, intent, table_matches, column)  # 「人员经费多少，主要包括哪些」
        if plan and plan.query is not None and plan.query.op == "lookup":
            plan.route, plan.search = "both", text
            plan.reason += "；又问它包括什么，这写在情况说明或名词解释里，所以也检索正文"
            plan.intent = intent
            return plan
    if intent.definition and not codes_named and not _asks_amount(text) and matches:
        name = (table_matches or matches)[0].entity.name
        includes = bool(re.search(r"包括|包含|哪些|哪几", text))
        return Plan(
            "narrative",
            f"问的是「{name}」的含义或构成（名词解释/情况说明）",
            search=text,
            kinds=() if includes else ("definition",),
            intent=intent,
            matches=matches,
            subject=Subject("topic", name),
        )

    if intent.reason and intent.yoy and not prose_unit:
        subject = table_matches[0] if table_matches else _concept(kb, "总预算")
        plan = _reason_plan(kb, text, intent, subject)
        found = (
            kb.row_for(subject.entity, column) if subject is not None and table_matches and _asks_amount(text) else None
        )
        if found is not None and plan.yoy == "reason":  # 「机关运行经费安排了多少，为什么下降」
            plan.route, plan.query = "both", TableQuery("lookup", (Target(found[0]["row_id"], found[1]),))
        return plan
    share_of_whole = intent.share and bool(re.search(r"占|比例|比重|share|proportion", text))
    if (
        intent.yoy
        and not intent.reason
        and not share_of_whole
        and not prose_unit
        and (not intent.narrative_topic or table_matches)
    ):
        subject = table_matches[0] if table_matches else _concept(kb, "总预算")
        unnamed = (
            [w for w in unaccounted_words(_COMPARISON.sub(" ", text), matches) if len(w) >= 3]
            if not table_matches
            else []
        )
        if subject is not None and not unnamed:  # 「2025年机关运行经费」 where no row is that: never the total's
            return _yoy_plan(kb, text, intent, subject, column)

    bare = _without(text, matches)
    asks_value = bool(VALUE.search(bare))
    asks_words = (
        bool(re.search(r"哪个|哪些|什么|谁|名字|叫啥|归不归|管不管|负不负责|负责|which|who|what kind", bare))
        and not asks_value
    )
    concepts_only = all(m.entity.kind == "concept" for m in table_matches)
    tabled = any(m.entity.kind == "concept" and "procurement" in kb.concept_kinds(m.entity.key) for m in table_matches)
    prose_first = (
        intent.narrative_topic and concepts_only and not codes_named and not tabled
    )  # a 政府采购表 is its home
    if table_matches and not prose_unit and not asks_words and not prose_first:
        plan = _table_plan(kb, text, intent, table_matches, column)
        if plan and intent.reason:
            plan.route, plan.search = "both", text
            plan.reason += "；又问到原因，这只写在情况说明里，所以也检索正文"
        if plan:
            plan.intent = intent
            return plan

    prefixed = _PREFIXED.search(text)
    if prefixed and not table_matches:
        plan = _prefixed_projects_plan(kb, prefixed.group(1), intent)
        if plan:
            return plan
    if (
        re.search(r"项目|project", text)
        and (intent.count or intent.list or intent.max or intent.min)
        and not intent.narrative_topic
    ):
        plan = _projects_plan(kb, intent)
        if plan:
            return plan

    table_ref = _TABLE_REF.search(text)
    if table_ref and not table_matches and re.search(r"合计|总计|一共|总共|总额|total", text):
        plan = _table_total_plan(kb, table_ref.group(1), intent)
        if plan:
            return plan
    fallback = None
    if not matches and not _leftover(text):
        if re.search(r"项目|专项|project", text) and _asks_amount(text) and not intent.narrative_topic:
            fallback = _concept(kb, "项目支出")
        elif _asks_total(text, intent):
            fallback = _concept(kb, "总预算")
    if fallback is not None and not prose_unit:
        plan = _table_plan(kb, text, intent, [fallback], column)
        if plan:
            plan.reason = f"问的是「{fallback.entity.name}」：" + plan.reason
            plan.intent = intent
            return plan

    want = (intent.amount or intent.count or bool(intent.unit_hint)) and not intent.reason and not asks_words
    unknown = [w for w in re.findall(r"[a-z]{4,}", text) if w not in _EN_QUESTION_WORDS]
    if want and len(unknown) >= 2:  # 「railway crossing safety」: English the glossary does not know is not guessed at
        phrase = " ".join(unknown)
        return Plan(
            "none",
            f"英文问题中的「{phrase}」对不上文档中的任何行或段落",
            status="not_found",
            intent=intent,
            message=f"文档中未找到「{phrase}」：英文问题里的这几个词不在术语表中，请用中文写出项目或科目名称。",
        )
    if intent.share and share_of_whole:
        intent = Intent(**{**intent.__dict__, "unit_hint": "%"})
    reason = (
        "没有对应的表格行；问题涉及情况说明/概况中的文字" if intent.narrative_topic else "没有匹配到表格行，检索正文"
    )
    return Plan(
        "narrative",
        reason,
        search=text,
        want_figure=want and _asks_amount(text),
        unit_hint=intent.unit_hint,
        intent=intent,
        matches=matches,
        kinds=("definition",) if intent.definition else (),
    )


# -- follow-ups ---------------------------------------------------------------------------------------


def _says_nothing_new(text: str) -> bool:
    """「比去年少了多少？」 names no subject of its own: it continues the conversation."""
    from app.tools.narrative_search import content_words

    return not [w for w in content_words(text) if w not in _GENERIC_WORDS]


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


def _follow_up(kb: Knowledge, text: str, intent: Intent, columns: list, previous: Subject, others: list[Match]) -> Plan:
    m = _entity_of(kb, previous)
    if m is None or previous.kind not in ("row", "concept"):
        plan = _plan(kb, f"{previous.name} {text}", intent, kb.linker.link(f"{previous.name} {text}"))
        plan.reason = f"追问：沿用上一问的主题「{previous.name}」；" + plan.reason
        plan.subject = plan.subject or previous
        return plan
    perf = _perf_plan(kb, text, intent, [m]) or _indicator_plan(
        kb, f"{previous.name} {text}", intent, _indicator_words(kb, text, intent), [], True
    )
    if perf:
        perf.reason = f"追问：沿用上一问的主题「{previous.name}」；" + perf.reason
        return perf
    if intent.reason:
        plan = _reason_plan(kb, f"{previous.name} {text}", intent, m)
        plan.reason = f"追问：沿用上一问的主题「{previous.name}」；" + plan.reason
        return plan
    if intent.yoy and not re.search(r"占|比例|比重", text):
        plan = _yoy_plan(kb, text, intent, m, previous.column if previous.kind == "row" else "")
        plan.reason = f"追问：沿用上一问的主题「{previous.name}」；" + plan.reason
        return plan
    column = columns[0][0] if columns else ""
    if column and m.entity.kind == "concept":
        concept = _concept(kb, column)
        if concept is not None and (m.entity.name in COLUMN_CONCEPTS or not kb.row_for(m.entity, column)):
            m, column = concept, ""  # 「基本支出是多少」→「那项目支出呢？」: the subject is now 项目支出
            previous = Subject(concept.entity.kind, concept.entity.name)
    if others:
        column = ""
    plan = _table_plan(kb, f"{previous.name}{text}", intent, [m, *others], column or previous.column)
    if plan is None:
        return Plan(
            "none",
            f"追问「{previous.name}」，但找不到对应的列",
            status="not_found",
            message=f"文档中未找到「{previous.name}」的{column or '该项'}数据。",
            intent=intent,
        )
    plan.reason = f"追问：沿用上一问的主题「{previous.name}」；" + plan.reason
    plan.intent = intent
    return plan
