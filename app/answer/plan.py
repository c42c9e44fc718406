"""The Plan: what the router decided for one question — the route (table / narrative / both / none) and
why, and what the tools are to do: a validated TableQuery, a search for the narrative tool, a look-up in a
绩效目标表, a comparison with last year — or the refusal / not-found message — and the name of the router rule
that decided (app.answer.rules). Frozen: a rule or an answer that needs another message makes a new plan
(`plan.but(message=…)`). The planning modules build it; compose runs its tools and words the answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from app.answer.intent import Intent
from app.answer.linker import Match
from app.models import Subject
from app.tools.table_query import TableQuery


@dataclass(frozen=True)
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
    perf: object = None  # (PerfTarget, field) for a 绩效目标表 attribute question
    yoy: str = ""  # "change" / "value": a comparison with last year, from the prose
    intent: Intent | None = None
    rule: str = ""  # the router rule that decided (app.answer.rules.RULES)

    def but(self, **changes: Any) -> Plan:
        """This plan with some fields changed (plans are never changed in place)."""
        return replace(self, **changes)
