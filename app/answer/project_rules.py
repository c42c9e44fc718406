"""The rules about projects: a 绩效目标表's fields and indicators, projects counted, listed or added up (by a
source of funds, by their printed prefix, or of the project table named by number)."""

from __future__ import annotations

import re

from app.answer.knowledge import Knowledge
from app.answer.plan import Plan
from app.answer.project_plans import (
    _perf_plan,
    _perf_project_plan,
    _prefixed_projects_plan,
    _project_indicator,
    _projects_plan,
    source_named,
    unnamed_kind,
)
from app.answer.question import Question
from app.answer.question_words import _PREFIXED, table_labels
from app.answer.subjects import _asks_amount


def perf_field(kb: Knowledge, q: Question) -> Plan | None:
    """A 绩效目标表's attribute: 「X项目的实施单位」「X的绩效目标」."""
    return _perf_plan(kb, q.text, q.intent, list(q.table_matches))


def perf_project(kb: Knowledge, q: Question) -> Plan | None:
    """A project only its 绩效目标表 prints: 「“泉州政务”新媒体号运营资金有多少」."""
    return _perf_project_plan(kb, q.text, q.intent, list(q.matches))


def project_indicator(kb: Knowledge, q: Question) -> Plan | None:
    """A project's 绩效指标 named with the project: 「X项目的满意度指标」."""
    forms = [m for m in q.matches if m.entity.kind == "perf"]  # a project only its 绩效目标表 prints
    return _project_indicator(kb, q.text, q.intent, list(q.table_matches) + forms)


def prefixed_projects(kb: Knowledge, q: Question) -> Plan | None:
    """Projects by their printed prefix (「T类项目」「J开头的项目」)."""
    prefixed = _PREFIXED.search(q.text)
    return _prefixed_projects_plan(kb, prefixed.group(1), q.intent) if prefixed and not q.table_matches else None


def projects_by_source(kb: Knowledge, q: Question) -> Plan | None:
    """「用单位资金安排的有几个项目」: projects counted by a source of funds the project table has a column for."""
    i = q.intent
    if not (re.search(r"项目", q.text) and (i.count or i.list or i.sum)) or not source_named(kb, q.text) or i.share:
        return None  # 「…表里，项目支出占一般公共预算支出合计的比例」: a share, not the projects added up
    if any(m.entity.kind == "row" and not source_named(kb, m.entity.name) for m in q.table_matches):
        return None  # 「表十三上年结转项目里，A和B加起来」: the projects named, never all of them
    return _projects_plan(kb, i, q.text)


def projects(kb: Knowledge, q: Question) -> Plan | None:
    """How many projects, which, the largest or smallest."""
    i = q.intent
    sums = (
        i.sum and not q.table_matches and re.search(r"(?:这些|所有|全部|各个?)?项目(?:一共|总共|合计|加起来)", q.text)
    ) or _project_table_named(kb, q)
    if re.search(r"项目|project", q.text) and (i.count or i.list or i.max or i.min or sums) and not i.narrative_topic:
        return None if unnamed_kind(q.text, list(q.matches)) else _projects_plan(kb, i, q.text)  # 「哈哈项目」
    return None


def _project_table_named(kb: Knowledge, q: Question) -> bool:
    """「公开11表项目支出表里的项目一共多少钱」: the project table named by number, 项目支出 (its title) the only name
    linked — its projects, never another table's 项目支出."""
    named = table_labels(q.text) & set(kb.tables)
    return (
        len(named) == 1
        and kb.kind_of.get(next(iter(named))) == "project"
        and all(m.entity.kind == "concept" and m.entity.name == "项目支出" for m in q.table_matches)
        and (q.intent.sum or _asks_amount(q.text))
    )
