"""Benchmarks — measured, never asserted in tests.

  .venv/bin/python evals/bench.py [--index-dir index] [--doc data/datong_gxj_2024.txt] [--set evals/golden/datong_2024.jsonl]

Reports: ingest time, cold start (a fresh process, start to first answer), warm latency p50/p95 per route over
a golden set, and peak memory (max RSS) of the process that answered. Writes evals/reports/bench.json.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--doc", default=str(ROOT / "data" / "datong_gxj_2024.txt"))
    parser.add_argument("--set", default=str(ROOT / "evals" / "golden" / "datong_2024.jsonl"))
    parser.add_argument("--index-dir", default=None, help="default: a fresh temporary index")
    parser.add_argument("--out", default=str(ROOT / "evals" / "reports" / "bench.json"))
    args = parser.parse_args()

    import app  # noqa: F401
    from app.config import load_settings
    from app.errors import BudgetQAError
    from app.evaluation.scoring import percentile

    def pct(values: list[float], q: float) -> float:
        return percentile(values, q * 100) or float("nan")

    from app.library import Library, build

    index = args.index_dir or tempfile.mkdtemp(prefix="bqa-bench-")
    settings = load_settings(index_dir=index)
    t0 = time.perf_counter()
    Library(settings).ingest(args.doc, progress=False)
    ingest_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "budgetqa"), "ask", "三公经费是多少", "--index-dir", index],
        capture_output=True,
        text=True,
        check=False,
    )
    cold_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    qa = build(settings)
    build_s = time.perf_counter() - t0
    questions = [json.loads(x) for x in Path(args.set).read_text(encoding="utf-8").splitlines() if x.strip()]
    questions = [q for q in questions if "question" in q]
    by_route: dict[str, list[float]] = defaultdict(list)
    every: list[float] = []
    for q in questions:
        t = time.perf_counter()
        try:
            a = qa.ask(q["question"])
            route = a.route
        except BudgetQAError:
            route = "rejected"
        ms = (time.perf_counter() - t) * 1000
        by_route[route].append(ms)
        every.append(ms)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report = {
        "ingest_s": round(ingest_s, 2),
        "cold_start_s": round(cold_s, 2),
        "cold_start_ok": proc.returncode == 0,
        "service_build_s": round(build_s, 2),
        "questions": len(every),
        "warm_ms": {
            "p50": round(pct(every, 0.5), 1),
            "p95": round(pct(every, 0.95), 1),
            "mean": round(statistics.mean(every), 1),
        },
        "warm_ms_by_route": {
            r: {"n": len(v), "p50": round(pct(v, 0.5), 1), "p95": round(pct(v, 0.95), 1)}
            for r, v in sorted(by_route.items())
        },
        "peak_rss_mb": round(peak_mb, 1),
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
