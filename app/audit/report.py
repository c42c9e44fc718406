"""The audit's faces: findings as JSON rows, and the report for the terminal in Chinese."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.audit.catalogue import CHECKS, NAMES, check_label
from app.audit.model import (
    FAIL,
    INSUFFICIENT,
    NOT_APPLICABLE,
    PASS,
    SEVERITY_CN,
    SEVERITY_RANK,
    STATE_CN,
    Finding,
)
from app.models import ParseWarning, note_label

_MAX_CITES = 6  # citations listed under one finding in the terminal report


def findings_to_json(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    return [
        {
            "id": f.check_id,
            "check": NAMES.get(f.check_id, f.check_id),
            "state": f.state,
            "state_zh": STATE_CN.get(f.state, f.state),
            "severity": f.severity,
            "severity_zh": SEVERITY_CN.get(f.severity, f.severity),
            "message": f.message,
            "values": dict(f.values),
            "citations": [
                {"source": c.source, "title": c.title, "locator": c.locator, "quote": c.quote} for c in f.citations
            ],
        }
        for f in findings
    ]


def format_findings(findings: Sequence[Finding]) -> str:
    """The report for the terminal, in Chinese: failures first (by severity), then insufficient data, then the
    checks that passed or did not apply."""
    fails = sorted((f for f in findings if f.state == FAIL), key=_order)
    unsure = sorted((f for f in findings if f.state == INSUFFICIENT), key=_order)
    passed = [f for f in findings if f.state == PASS]
    na = [f for f in findings if f.state == NOT_APPLICABLE]
    out = [
        f"一致性审核：不一致 {len(fails)} 处，数据不足 {len(unsure)} 处，通过 {len(passed)} 项检查，不适用 {len(na)} 项"
    ]
    out += _section("不一致", fails) + _section("数据不足，无法判断", unsure)
    out += ["", f"【通过】{len(passed)} 项：" + ("、".join(check_label(f.check_id) for f in passed) or "无")]
    out.append(
        f"【不适用】{len(na)} 项：" + ("、".join(f"{check_label(f.check_id)}：{_na_reason(f)}" for f in na) or "无")
    )
    return "\n".join(out)


def _order(f: Finding) -> tuple[int, int]:
    return SEVERITY_RANK.get(f.severity, 9), list(CHECKS).index(f.check_id)


def _section(title: str, findings: list[Finding]) -> list[str]:
    """A numbered list of findings under 【title】 (nothing when there are none)."""
    if not findings:
        return []
    out = ["", f"【{title}】{len(findings)} 处"]
    for i, f in enumerate(findings, 1):
        out += _block(i, f)
    return out


def _block(i: int, f: Finding) -> list[str]:
    lines = [f"{i}. [{SEVERITY_CN.get(f.severity, f.severity)}] {check_label(f.check_id)} {f.message}"]
    for c in f.citations[:_MAX_CITES]:
        lines.append(f"   - {c.source} {c.locator}：{c.quote}")
    if len(f.citations) > _MAX_CITES:
        lines.append(f"   - ……另有 {len(f.citations) - _MAX_CITES} 处")
    return lines


def _na_reason(f: Finding) -> str:
    return f.message.split("不适用（", 1)[-1].rstrip("）")


def note_text(w: ParseWarning) -> str:
    """One ingest note for people, in the audit's words: 「[上下级科目加总（T2）] 表二 第263行：…」 for the document's
    own inconsistencies, 「[数值所在列无法确定] 表三 第321行：…」 for what the parser was unsure of."""
    kind = check_label(w.check) if w.check else note_label(w.code)
    where = " ".join(x for x in (w.table, f"第{w.line}行" if w.line else "") if x)
    return f"[{kind}] {where}：{w.message}" if where else f"[{kind}] {w.message}"


def note_json(w: ParseWarning) -> dict[str, Any]:
    """One ingest note as JSON: whose it is (the document's or the parser's), its kind in words, where, what."""
    from app.models import DOCUMENT_WARNINGS

    return {
        "whose": "document" if w.code in DOCUMENT_WARNINGS else "parser",
        "code": w.code,
        "check": w.check,
        "kind": check_label(w.check) if w.check else note_label(w.code),
        "table": w.table,
        "line": w.line,
        "message": w.message,
    }
