"""The Plan: what the router decided for one question, why, and the name of the router rule that decided
(app.answer.rules). A plan is one of a few frozen variants, each carrying only what its tools need:

    Decline        nothing to run: the not-found or refusal message (route none)
    TablePlan      a validated TableQuery for the table tool (route table)
    SearchPlan     a search of the prose, optionally for a figure in it (route narrative)
    BothPlan       a table query and a search of the prose, joined in one answer (route both)
    IndicatorPlan  a 绩效指标 of a 绩效目标表, found by the search's words (route narrative)
    ProjectField   a field of a 绩效目标表 (资金来源, 实施期限…) (route narrative)
    YearOnYear     a comparison with last year or its reason, as the prose states it (and the row, if asked)
    Compound       several asks in one question, each answered on its own (app.answer.compound)

Plans are never changed in place: a rule or an answer that needs another message makes a new one
(`plan.but(message=…)`); a table plan that also needs the prose becomes a BothPlan (`plan.with_prose(…)`).
Compose dispatches on the variant.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from app.answer.intent import Intent
from app.answer.linker import Match
from app.models import Answer, Subject
from app.tools.table_query import TableQuery


@dataclass(frozen=True, kw_only=True)
class Plan:
    reason: str
    subject: Subject | None = None
    matches: tuple[Match, ...] = ()
    intent: Intent | None = None
    message: str = ""  # the not-found message, when a plan's tools find nothing to say
    rule: str = ""  # the router rule that decided (app.answer.rules.RULES)

    def __post_init__(self) -> None:
        object.__setattr__(self, "matches", tuple(self.matches))

    @property
    def route(self) -> str:  # table / narrative / both / none
        return "none"

    def but(self, **changes: Any) -> Plan:
        """This plan with some fields changed (plans are never changed in place)."""
        return replace(self, **changes)


@dataclass(frozen=True, kw_only=True)
class Decline(Plan):
    status: str = "not_found"  # not_found / refused
    prose_sum: bool = False  # names to add that no table row has: the prose may state each (「…加起来」)


@dataclass(frozen=True, kw_only=True)
class TablePlan(Plan):
    query: TableQuery

    @property
    def route(self) -> str:
        return "table"

    def with_prose(self, search: str, reason: str) -> BothPlan:
        """This table plan, and a search of the prose for what the tables cannot say (what it includes, why)."""
        return BothPlan(**{**_own(self), "search": search, "reason": reason})


@dataclass(frozen=True, kw_only=True)
class SearchPlan(Plan):
    search: str = ""  # text for the narrative tool
    kinds: tuple[str, ...] = ()  # narrative chunk kinds to prefer (definition, perf, narrative)
    want_figure: bool = False
    unit_hint: str = ""

    @property
    def route(self) -> str:
        return "narrative"


@dataclass(frozen=True, kw_only=True)
class BothPlan(SearchPlan):
    query: TableQuery

    @property
    def route(self) -> str:
        return "both"


@dataclass(frozen=True, kw_only=True)
class IndicatorPlan(SearchPlan):
    indicator: tuple[Any, Any]  # (PerfTarget, Indicator)


@dataclass(frozen=True, kw_only=True)
class ProjectField(Plan):
    perf: tuple[Any, str]  # (PerfTarget, field)

    @property
    def route(self) -> str:
        return "narrative"


@dataclass(frozen=True, kw_only=True)
class PerfForms(Plan):
    """The document's 绩效目标表 taken together: how many, which projects, their 资金总额 added up."""

    forms: tuple[Any, ...]  # PerfTarget, in the document's order
    op: str  # count / list / sum

    @property
    def route(self) -> str:
        return "narrative"


@dataclass(frozen=True, kw_only=True)
class YearOnYear(SearchPlan):
    kind: str  # change / value / reason
    query: TableQuery | None = None  # this year's row, when the figure is asked too

    @property
    def route(self) -> str:
        return "both" if self.query is not None else "narrative"


@dataclass(frozen=True, kw_only=True)
class Compound(Plan):
    parts: tuple[str, ...]  # the clauses that each ask, in order


def table_query(plan: Plan) -> TableQuery | None:
    """The table query a plan runs, if it runs one."""
    match plan:
        case TablePlan(query=q) | BothPlan(query=q) | YearOnYear(query=q):
            return q
    return None


def _own(plan: Plan) -> dict[str, Any]:
    return {f.name: getattr(plan, f.name) for f in fields(plan)}


def not_found(question: str, plan: Plan, what: str = "") -> Answer:
    msg = plan.message or f"文档中未找到{('关于「' + what + '」的') if what else '能回答这个问题的'}内容。"
    return Answer(
        question,
        msg,
        None,
        None,
        plan.route if plan.route != "table" else "none",
        plan.reason,
        status=plan.status if isinstance(plan, Decline) else "not_found",
        subject=plan.subject,
    )
