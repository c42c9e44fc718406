"""Running the suite: ask every question of a set (dialogue turns with their history), of the engine and of
the baseline, judging each answer; and `main`, what `budgetqa eval` calls.

The engine answers from a fresh index: each set's document is ingested into a temporary folder every run
(never a stale index after the parser changes). The baseline is the usual vector RAG — see
app.evaluation.baseline.
"""

from __future__ import annotations

import dataclasses
import sys
import tempfile
import time
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.errors import BudgetQAError
from app.evaluation.baseline import Baseline
from app.evaluation.golden import GOLDEN_DIR, GoldenSetError, GoldItem, GoldSet, load_set
from app.evaluation.report import load_thresholds, set_result, summary_table, write_reports
from app.evaluation.scoring import Run, judge
from app.models import Answer


def _rejected(question: str, error: BudgetQAError) -> Answer:
    return Answer(
        question=question,
        text=str(error),
        value=None,
        unit=None,
        route="none",
        reason=f"rejected: {error.code}",
        status="refused",
    )


def _crashed(question: str, error: Exception) -> Answer:
    summary = "".join(traceback.format_exception_only(type(error), error)).strip()
    return Answer(
        question=question,
        text=f"(程序出错 crashed) {summary}",
        value=None,
        unit=None,
        route="none",
        reason="error",
        status="error",
    )


def ask_all(ask: Any, items: Sequence[GoldItem], use_history: bool = True, label: str = "") -> Run:
    """Ask every question in order (dialogue turns get their dialogue's earlier turns as history) and
    judge it. A BudgetQAError is the product refusing; any other exception is a bug in the engine: the
    question is scored as failed, named on stderr and in the report, and the run goes on."""
    run = Run()
    history: dict[str, list[tuple[str, Answer]]] = {}
    for item in items:
        past = tuple(history.get(item.dialogue, ())) if (item.dialogue and use_history) else ()
        start = time.perf_counter()
        try:
            answer = ask(item.question, history=past)
        except BudgetQAError as e:
            answer = _rejected(item.question, e)
        except Exception as e:  # noqa: BLE001 — skip-and-warn: one engine bug must not hide the other scores
            answer = _crashed(item.question, e)
            run.errors.append(item.id)
            print(f"警告 warning: {label} {item.id} 「{item.question}」 出错: {answer.text}", file=sys.stderr)
        run.latencies_ms.append((time.perf_counter() - start) * 1000)
        if item.dialogue:
            history.setdefault(item.dialogue, []).append((item.question, answer))
        run.answers.append(answer)
        run.verdicts.append(judge(item, answer))
    return run


def build_service(doc: Path, settings: Any, index_dir: str) -> tuple[Any, Any]:
    """Ingest `doc` into `index_dir` and build the service over it: (service, IngestReport)."""
    from app.library import Library, build

    local = dataclasses.replace(settings, index_dir=index_dir, doc="")
    report = Library(local).ingest(str(doc), progress=False)
    return build(dataclasses.replace(local, doc=report.doc.doc_id)), report


def run_engine(gold: GoldSet, settings: Any) -> tuple[Run, dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="budgetqa-eval-", ignore_cleanup_errors=True) as tmp:
        t0 = time.perf_counter()
        qa, report = build_service(gold.doc, settings, tmp)
        info = {
            "doc_id": report.doc.doc_id,
            "ingest_s": round(time.perf_counter() - t0, 2),
            "ingest_warnings": len(report.warnings),
        }
        _warm_up(qa.ask, gold.items[0].question if gold.items else "总预算是多少？")
        return ask_all(qa.ask, gold.items, label=gold.name), info


def _warm_up(ask: Any, question: str) -> None:
    """One untimed question first, so p50/p95 measure warm answers (models loaded, caches filled).
    A failure here is only warned about: the timed run scores the same failure question by question."""
    try:
        ask(question, history=())
    except Exception as e:  # noqa: BLE001
        print(f"警告 warning: 预热提问失败 (warm-up question failed): {e!r}", file=sys.stderr)


def run_baseline(gold: GoldSet, settings: Any) -> Run:
    baseline = Baseline(gold.doc, settings)
    return ask_all(baseline.ask, gold.items, use_history=False, label=f"{gold.name} baseline")


def default_sets() -> list[Path]:
    return sorted(GOLDEN_DIR.glob("*.jsonl"))


def main(args: Any, settings: Any) -> int:
    """Run every set; write the reports; 1 if any set falls below its thresholds (never on speed)."""
    paths = [Path(p) for p in (getattr(args, "sets", None) or default_sets())]
    if not paths:
        raise GoldenSetError(f"没有找到评测集：{GOLDEN_DIR}/*.jsonl。请用 --set 指定文件。 (no golden sets)")
    sets = [load_set(p) for p in paths]
    thresholds = load_thresholds()
    results = []
    for gold in sets:
        print(f"评测 {gold.name}: {len(gold.items)} 个问题，文档 {gold.doc}", file=sys.stderr)
        ours, info = run_engine(gold, settings)
        base = None if getattr(args, "no_baseline", False) else run_baseline(gold, settings)
        results.append(set_result(gold, ours, base, info, thresholds.get(gold.name, {})))
    md, js = write_reports(results, Path(getattr(args, "report", None) or "evals/reports"))
    print("\n".join(summary_table(results)))
    print(f"\n报告 report: {md} · {js}")
    regs = [x for r in results for x in r["regressions"]]
    for line in regs:
        print(f"回退 REGRESSION: {line}", file=sys.stderr)
    return 1 if regs else 0
