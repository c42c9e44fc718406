"""Collects each check's instances and turns them into findings: every failing or unsure instance, and one
summarising pass (or not_applicable) finding per check."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from app.audit.catalogue import CHECKS, Check
from app.audit.model import (
    FAIL,
    INSUFFICIENT,
    NOT_APPLICABLE,
    PASS,
    ROUNDING_NOTE,
    Fig,
    Finding,
    diff_values,
    is_rounding,
)
from app.models import Citation


class Results:
    def __init__(self) -> None:
        self.found: dict[str, list[Finding]] = defaultdict(list)
        self.passed: Counter[str] = Counter()
        self.notes: dict[str, list[str]] = defaultdict(list)
        self.na: dict[str, str] = {}

    # -- recording instances -----------------------------------------------------------------------
    def ok(self, check_id: str, note: str = "") -> None:
        self.passed[check_id] += 1
        if note:
            self.notes[check_id].append(note)

    def fail(
        self, check_id: str, message: str, values: dict[str, str], cites: Iterable[Citation], rounding: bool = False
    ) -> None:
        severity = "low" if rounding else CHECKS[check_id].severity
        text = message + (ROUNDING_NOTE if rounding else "")
        self.found[check_id].append(Finding(check_id, FAIL, severity, text, values, unique(cites)))

    def tally(
        self,
        check_id: str,
        agrees: bool,
        message: str,
        values: dict[str, str],
        cites: Iterable[Citation],
        rounding: bool = False,
    ) -> None:
        """One instance: a pass when the figures agree, else a failure with `message`."""
        if agrees:
            self.ok(check_id)
        else:
            self.fail(check_id, message, values, cites, rounding)

    def unsure(
        self, check_id: str, message: str, cites: Iterable[Citation] = (), values: dict[str, str] | None = None
    ) -> None:
        self.found[check_id].append(
            Finding(check_id, INSUFFICIENT, CHECKS[check_id].severity, message, values or {}, unique(cites))
        )

    def not_applicable(self, check_id: str, reason: str) -> None:
        self.na.setdefault(check_id, reason)

    def compare(self, check_id: str, a: Fig, b: Fig, unit: str = "万元", context: str = "") -> None:
        """a (the figure checked) must equal b (the figure it is checked against). Figures that agree pass even
        where extraction had doubts (agreement is how the parser confirms a placement); a disagreement on
        doubtful figures, or a figure the document does not give, is insufficient_data."""
        cites = a.cites + b.cites
        lead = f"{context}：" if context else ""
        diff = a.value - b.value
        if not (a.absent or b.absent) and diff == 0:
            self.ok(check_id)
            return
        if a.unsure or b.unsure:
            self.unsure(
                check_id,
                f"{lead}{a.what} 与 {b.what} 无法核对：{a.unsure or b.unsure}",
                cites,
                diff_values(a.value, b.value, unit),
            )
            return
        self.fail(
            check_id,
            f"{lead}{a.what} 为 {a.value}{unit}，{b.what} 为 {b.value}{unit}，相差 {diff}{unit}",
            diff_values(a.value, b.value, unit),
            cites,
            rounding=is_rounding(diff),
        )

    # -- the findings ------------------------------------------------------------------------------
    def findings(self) -> list[Finding]:
        out: list[Finding] = []
        for cid, check in CHECKS.items():
            mine = self.found.get(cid, [])
            out += mine
            summary = self._summary(check, mine)
            if summary:
                out.append(summary)
        return out

    def _summary(self, check: Check, mine: list[Finding]) -> Finding | None:
        """The pass finding of a check with passing instances and no failure; not_applicable when it had none."""
        cid, count = check.id, self.passed[check.id]
        if count and not any(f.state == FAIL for f in mine):
            rest = "其余" if mine else "共"
            note = "；".join(dict.fromkeys(self.notes[cid]))
            return Finding(
                cid,
                PASS,
                check.severity,
                f"{check.description}：{rest}核对 {count} 处，全部一致" + (f"。{note}" if note else ""),
            )
        if not mine and not count:
            reason = self.na.get(cid, "本文件没有可核对的内容")
            return Finding(cid, NOT_APPLICABLE, check.severity, f"{check.description}：不适用（{reason}）")
        return None


def unique(cites: Iterable[Citation]) -> tuple[Citation, ...]:
    seen: dict[tuple[str, str, str], Citation] = {}
    for c in cites:
        seen.setdefault((c.source, c.locator, c.quote), c)
    return tuple(seen.values())
