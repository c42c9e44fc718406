"""Answers as text (CLI), JSON (the stable `ask --json` schema) and Markdown (web UI, Gradio API)."""

from __future__ import annotations

from typing import Any

from app.models import Answer

ROUTE_ZH = {"table": "表格", "narrative": "正文", "both": "表格+正文", "none": "无"}


def answer_to_json(a: Answer) -> dict[str, Any]:
    """The stable schema other tools read: question, answer, value, unit, route, reason, citations — and, for a
    compound question, parts: [{question, answer, value, unit, citations}] (the top-level value is the first's)."""
    out = _answer_json(a)
    if a.parts:
        keep = ("question", "answer", "value", "unit", "citations")
        out["parts"] = [{k: v for k, v in _answer_json(p).items() if k in keep} for p in a.parts]
    return out


def _answer_json(a: Answer) -> dict[str, Any]:
    return {
        "question": a.question,
        "answer": a.text,
        "value": float(a.value) if a.value is not None else None,
        "unit": a.unit,
        "route": a.route,
        "reason": a.reason,
        **({"rule": a.rule} if a.rule else {}),
        "citations": [
            {
                "source": c.source,
                "title": c.title,
                "locator": c.locator,
                "quote": c.quote,
                **({"table_kind": c.table_kind} if c.table_kind else {}),
                **({"doc": c.doc} if c.doc else {}),
                **({"part": c.part} if c.part else {}),
            }
            for c in a.citations
        ],
    }


def answer_to_text(a: Answer) -> str:
    lines = [a.text]
    if a.computation:
        lines.append(f"计算：{a.computation}")
    for i, c in enumerate(a.citations, 1):
        lines.append(f"[{i}] {f'〔{c.doc}〕' if c.doc else ''}{c.source} {c.title} — {c.locator}\n    {c.quote}")
    lines.append(f"（路由：{ROUTE_ZH.get(a.route, a.route)}；{a.reason}）")
    return "\n".join(lines)


def answer_to_markdown(a: Answer) -> str:
    text = a.text
    if a.value is not None and a.status == "answered":
        text = text.replace(f"{a.value}{a.unit or ''}", f"**{a.value}{a.unit or ''}**", 1)
    parts = [text]
    if a.computation:
        parts.append(f"\n> 计算：{a.computation}")
    if a.citations:
        parts.append("\n**出处**")
        parts += [
            f"{i}. {f'〔{c.doc}〕' if c.doc else ''}{c.source} {c.title} — {c.locator}  \n   「{c.quote}」"
            for i, c in enumerate(a.citations, 1)
        ]
    parts.append(f"\n<small>路由：{ROUTE_ZH.get(a.route, a.route)} — {a.reason}</small>")
    return "\n".join(parts)
