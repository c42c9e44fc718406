"""The report: a set's result (one record per question, the summary, the categories, the baseline's
scores beside ours), the thresholds file that turns a score into a regression, and the Markdown and JSON
files written to the report folder."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from app.evaluation.golden import ROOT, GoldenSetError, GoldItem, GoldSet
from app.evaluation.scoring import Run, Verdict, by_category, percentile, summarize
from app.models import Answer, Citation

THRESHOLDS = ROOT / "evals" / "thresholds.json"

# Minimums (scores in 0..1) and maximums (counts) a thresholds entry may set. Never latency.
MIN_KEYS = ("accuracy", "cited_accuracy", "route_accuracy", "abstain_precision", "abstain_recall")
MAX_KEYS = ("max_wrong_figures", "max_errors")


def load_thresholds(path: Path = THRESHOLDS) -> dict[str, dict[str, float]]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise GoldenSetError(f"阈值文件 {path} 不是有效的 JSON：{e}") from e
    for name, entry in data.items():
        unknown = set(entry) - set(MIN_KEYS) - set(MAX_KEYS)
        if unknown:
            raise GoldenSetError(
                f"阈值文件 {path} 中 {name} 有未知键：{', '.join(sorted(unknown))}"
                f"（可用：{', '.join(MIN_KEYS + MAX_KEYS)}）"
            )
    return data


def regressions(name: str, summary: dict[str, Any], errors: int, limits: dict[str, float]) -> list[str]:
    """Every threshold of set `name` that the run falls below (or above, for the max_ counts)."""
    found = []
    for key in MIN_KEYS:
        if key in limits:
            got = summary.get(key)
            if got is None or got < limits[key]:
                found.append(f"{name}: {key} {_fmt(got)} < {limits[key]}")
    counts = {"max_wrong_figures": summary["wrong_figures"], "max_errors": errors}
    for key, got in counts.items():
        if key in limits and got > limits[key]:
            found.append(f"{name}: {key[4:]} {got} > {limits[key]}")
    return found


# ================================================================================================ report
def _fmt(x: float | None, pct: bool = True) -> str:
    if x is None:
        return "—"
    return f"{x * 100:.1f}%" if pct else f"{x:.1f}"


def _expected(item: GoldItem) -> str:
    e = item.expect
    if e.get("absent"):
        return "文档中未找到 (absent)"
    parts = [f"{e['value']} {e['unit']}"] if "value" in e else []
    if e.get("phrases"):
        parts.append("含 " + "、".join(e["phrases"]))
    return "；".join(parts)


def _cite_text(c: Citation) -> str:
    return f"{c.source} · {c.locator}" if c.locator else c.source


def question_record(item: GoldItem, answer: Answer, verdict: Verdict, ms: float) -> dict[str, Any]:
    return {
        "id": item.id,
        "question": item.question,
        "category": item.category,
        "dialogue": item.dialogue,
        "expect": item.expect,
        "sources": list(item.sources),
        "route_gold": item.route,
        "text": answer.text,
        "value": None if answer.value is None else str(answer.value),
        "unit": answer.unit,
        "status": answer.status,
        "route": answer.route,
        "reason": answer.reason,
        "computation": answer.computation,
        "citations": [_cite_text(c) for c in answer.citations],
        "latency_ms": round(ms, 1),
        **dataclasses.asdict(verdict),
    }


def set_result(
    gold: GoldSet, ours: Run, base: Run | None, info: dict[str, Any], limits: dict[str, float]
) -> dict[str, Any]:
    summary = summarize(gold.items, ours.verdicts)
    result: dict[str, Any] = {
        "set": gold.name,
        "path": str(gold.path),
        "doc": str(gold.doc),
        **info,
        "summary": {
            **summary,
            "errors": len(ours.errors),
            "latency_p50_ms": percentile(ours.latencies_ms, 50),
            "latency_p95_ms": percentile(ours.latencies_ms, 95),
        },
        "categories": by_category(gold.items, ours.verdicts),
        "thresholds": limits,
        "regressions": regressions(gold.name, summary, len(ours.errors), limits),
        "questions": [
            question_record(i, a, v, ms)
            for i, a, v, ms in zip(gold.items, ours.answers, ours.verdicts, ours.latencies_ms)
        ],
    }
    if base is not None:
        bsum = summarize(gold.items, base.verdicts)
        result["baseline"] = {
            **bsum,
            "categories": by_category(gold.items, base.verdicts),
            "ratio": (summary["accuracy"] / bsum["accuracy"]) if bsum["accuracy"] else None,
        }
        for rec, a, v in zip(result["questions"], base.answers, base.verdicts):
            rec["baseline"] = {
                "value": None if a.value is None else str(a.value),
                "unit": a.unit,
                "correct": v.correct,
                "cited": v.cited,
                "wrong_figure": v.wrong_figure,
            }
    return result


def summary_table(results: Sequence[dict[str, Any]]) -> list[str]:
    lines = [
        "| set | n | accuracy | with citation | wrong figures | abstain P / R | route | p50 ms | p95 ms "
        "| errors | baseline acc | baseline wrong | ours ÷ baseline |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        s, b = r["summary"], r.get("baseline")
        ratio = "—" if not b or b["ratio"] is None else f"{b['ratio']:.2f}×"
        lines.append(
            f"| {r['set']} | {s['n']} | {_fmt(s['accuracy'])} | {_fmt(s['cited_accuracy'])} | {s['wrong_figures']} "
            f"| {_fmt(s['abstain_precision'])} / {_fmt(s['abstain_recall'])} | {_fmt(s['route_accuracy'])} "
            f"| {_fmt(s['latency_p50_ms'], False)} | {_fmt(s['latency_p95_ms'], False)} | {s['errors']} "
            f"| {_fmt(b['accuracy']) if b else '—'} | {b['wrong_figures'] if b else '—'} | {ratio} |"
        )
    return lines


def _category_table(r: dict[str, Any]) -> list[str]:
    base = r.get("baseline", {}).get("categories", {})
    lines = [
        "| category | n | accuracy | with citation | wrong figures | route | baseline acc |",
        "|---|---|---|---|---|---|---|",
    ]
    for cat, s in r["categories"].items():
        b = base.get(cat)
        lines.append(
            f"| {cat} | {s['n']} | {_fmt(s['accuracy'])} | {_fmt(s['cited_accuracy'])} | {s['wrong_figures']} "
            f"| {_fmt(s['route_accuracy'])} | {_fmt(b['accuracy']) if b else '—'} |"
        )
    return lines


def _failure_lines(q: dict[str, Any]) -> list[str]:
    got = f"{q['value']} {q['unit'] or ''}".strip() if q["value"] is not None else "无数字 (no figure)"
    text = " ".join(q["text"].split())
    lines = [
        f"### {q['id']} [{q['category']}] {q['question']}" + (f"  (对话 {q['dialogue']})" if q["dialogue"] else ""),
        f"- expected: {_expected_from_record(q)} · sources: {' / '.join(q['sources']) or '—'} · route: {q['route_gold']}",
        f"- got: {got} · status: {q['status']} · route: {q['route']} ({q['reason']})",
        f"- answer: {text[:300]}{'…' if len(text) > 300 else ''}",
        f"- citations: {'; '.join(q['citations']) or '—'}",
        f"- why: {q['why'] or '—'}" + ("  **WRONG FIGURE**" if q["wrong_figure"] else ""),
    ]
    return lines + [""]


def _expected_from_record(q: dict[str, Any]) -> str:
    return _expected(
        GoldItem(
            id=q["id"],
            question=q["question"],
            category=q["category"],
            route=q["route_gold"],
            expect=q["expect"],
            sources=tuple(q["sources"]),
            dialogue=q["dialogue"],
        )
    )


def render_markdown(results: Sequence[dict[str, Any]], when: str) -> str:
    out = [f"# BudgetQA 评测报告 — {when}", "", "## Summary", "", *summary_table(results), ""]
    regs = [x for r in results for x in r["regressions"]]
    out += ["**Thresholds:** " + ("all met" if not regs else "REGRESSION — " + "; ".join(regs)), ""]
    for r in results:
        out += [
            f"## {r['set']} — {r['doc']} (doc id {r['doc_id']}, ingest {r['ingest_s']} s, "
            f"{r['ingest_warnings']} parse warnings)",
            "",
            *_category_table(r),
            "",
        ]
        failed = [q for q in r["questions"] if not q["cited"]]
        out += [f"### Failures ({len(failed)} of {len(r['questions'])})", ""]
        for q in failed:
            out += _failure_lines(q)
        routes = [q for q in r["questions"] if not q["route_ok"]]
        if routes:
            out += [
                f"### Route mismatches ({len(routes)})",
                "",
                ", ".join(f"{q['id']} ({q['route_gold']}→{q['route']})" for q in routes),
                "",
            ]
    return "\n".join(out)


def write_reports(results: Sequence[dict[str, Any]], folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    when = datetime.now().isoformat(timespec="seconds")
    md, js = folder / "latest.md", folder / "latest.json"
    md.write_text(render_markdown(results, when), encoding="utf-8")
    js.write_text(
        json.dumps({"generated": when, "sets": list(results)}, ensure_ascii=False, indent=1, default=str),
        encoding="utf-8",
    )
    return md, js
