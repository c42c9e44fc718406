"""What the table steps read: one question's operands, frozen. A step (app.answer.table_plans.STEPS) looks at a
TableAsk and returns a Plan (it decides), a refined TableAsk (operands narrowed, the first operand's row found),
NO_PLAN (no table plan at all: the prose may answer; never another figure instead) or None (not its case)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from app.answer.intent import Intent
from app.answer.knowledge import Knowledge
from app.answer.linker import Match
from app.answer.plan import Decline, Plan
from app.answer.question_words import _EXCEPT
from app.models import Subject


@dataclass(frozen=True)
class TableAsk:
    text: str
    intent: Intent
    linked: tuple[Match, ...]  # every name the question linked (codes and names)
    matches: tuple[Match, ...]  # the operands: containers dropped, numbered siblings added, each once
    column: str  # the column the question names, "" for the table's own
    row: dict | None = None  # the first operand's row and column, once found
    col: str = ""
    twins: tuple[dict, ...] = ()  # rows alike the found one (each unit's row of the same name)
    subject: Subject | None = None

    @property
    def first(self) -> Match:
        return self.matches[0]

    @property
    def where(self) -> str:
        return f"{self.row['table']}「{self.row['name']}」{self.col}" if self.row else ""

    @property
    def except_(self) -> re.Match | None:  # 「除了X以外」
        return _EXCEPT.search(self.text)

    @property
    def around(self) -> list[Match]:  # linked names that are not operands (the container: 「三公里面…」)
        return [m for m in self.linked if m not in self.matches]

    def but(self, **changes: Any) -> TableAsk:
        return replace(self, **changes)


class _NoPlan:
    def __repr__(self) -> str:
        return "NO_PLAN"


NO_PLAN = _NoPlan()
Step = Callable[[Knowledge, TableAsk], "Plan | TableAsk | _NoPlan | None"]


def run_steps(kb: Knowledge, ask: TableAsk, steps: Sequence[tuple[str, Step]]) -> Plan | None:
    """The Plan of the first step that decides, each step seeing the ask as the steps before refined it."""
    for _name, step in steps:
        out = step(kb, ask)
        if out is NO_PLAN:
            return None
        if isinstance(out, TableAsk):
            ask = out
        elif isinstance(out, Plan):
            return out
    return None


def no_rows_for(missing: list[str], what: str, a: TableAsk, adds: bool = False) -> Decline:
    """Listed names no table row matches: not found, and so `what` (no sum of only the others, no part of each);
    names to add (`adds`) may each be stated in the prose, which is tried before the message is given."""
    said = "」「".join(missing)
    return Decline(
        reason=f"问题列出的「{said}」在表格中找不到对应的行",
        status="not_found",
        message=f"文档中未找到「{said}」对应的表格行，所以{what}。",
        matches=a.matches,
        prose_sum=adds,
    )
