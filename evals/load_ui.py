"""A bounded load check of the web UI's public `/ask` endpoint, loopback only.

Starts the UI on a free 127.0.0.1 port over an index (or uses --url of one already running, which
must be a loopback address), sends 20 questions at once through gradio_client, checks that each
answer's emphasised figure is the expected one, and prints p50/p95 latency. Exit code 1 on any wrong
or failed answer.

    .venv/bin/python evals/load_ui.py --index-dir index
    .venv/bin/python evals/load_ui.py --url http://127.0.0.1:7860/
"""

from __future__ import annotations

import argparse
import math
import socket
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlparse

import app  # noqa: F401  (offline switches first)

# (question, the figure the answer must emphasise) — the bundled document, data/datong_gxj_2024.txt
QUESTIONS: tuple[tuple[str, str], ...] = (
    ("铁路道口安全管理专项资金是多少？", "9.00万元"),
    ("三公经费是多少？", "3.50万元"),
    ("人员经费占基本支出的比例？", "91.85%"),
    ("今年政府采购预算多少", "42.43万元"),
    ("机关运行经费多少", "85.14万元"),
    ("项目支出一共多少万", "177.49万元"),
    ("保运转的基本支出安排了多少", "1045.26万元"),
    ("单位今年一共能花多少钱", "1222.75万元"),
    ("2150501行政运行多少钱", "539.44万元"),
    ("公积金交多少", "76.11万元"),
    ("残疾人保障金是多少", "5.49万元"),
    ("驻村帮扶的钱有多少", "10.50万元"),
    ("基本工资多少", "222.72万元"),
    ("离休费加退休费一共多少", "311.71万元"),
    ("基本支出比项目支出多多少", "867.77万元"),
    ("公务用车编制几辆", "1辆"),
    ("办公用房面积多大", "927.19平方米"),
    ("卫生健康方面花多少", "35.02万元"),
    ("公用经费占基本支出多少", "8.15%"),
    ("社保和就业支出多少？", "393.41万元"),
)
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class Result:
    question: str
    expected: str
    seconds: float
    ok: bool
    detail: str


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def ask_one(client: object, question: str, expected: str, timeout: float) -> Result:
    start = time.perf_counter()
    try:
        md = client.submit(question, api_name="/ask").result(timeout=timeout)  # type: ignore[attr-defined]
    except Exception as e:  # noqa: BLE001  (a failed request is reported as a wrong answer, by name)
        return Result(question, expected, time.perf_counter() - start, False, f"{type(e).__name__}: {e}")
    seconds = time.perf_counter() - start
    ok = f"**{expected}**" in md
    return Result(question, expected, seconds, ok, "" if ok else md.splitlines()[0][:120])


def run(url: str, concurrency: int, timeout: float) -> list[Result]:
    from gradio_client import Client

    client = Client(url, verbose=False)
    client.predict("三公经费是多少？", api_name="/ask")  # warm-up: builds the service once, not timed
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        futures = [pool.submit(ask_one, client, q, want, timeout) for q, want in QUESTIONS]
        return [f.result() for f in futures]


def report(results: list[Result], wall: float) -> int:
    for r in results:
        print(
            f"{'ok ' if r.ok else 'BAD'} {r.seconds:6.2f}s  {r.question} → {r.expected}"
            + ("" if r.ok else f"  got: {r.detail}")
        )
    times = [r.seconds for r in results]
    wrong = [r for r in results if not r.ok]
    print(
        f"\n{len(results)} concurrent questions in {wall:.2f}s: p50 {percentile(times, 50):.2f}s, "
        f"p95 {percentile(times, 95):.2f}s, max {max(times):.2f}s; wrong {len(wrong)}"
    )
    return 1 if wrong else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="", help="a running UI on a loopback address (default: start one)")
    parser.add_argument("--index-dir", default="index", help="index to serve when starting the UI (default: index)")
    parser.add_argument("--concurrency", type=int, default=len(QUESTIONS), help="questions in flight at once")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds allowed per answer")
    args = parser.parse_args(argv)
    demo = None
    url = args.url
    if url:
        if urlparse(url).hostname not in LOOPBACK:
            print(f"Error: --url must be a loopback address (127.0.0.1 / localhost), got {url}", file=sys.stderr)
            return 2
    else:
        from app.config import load_settings
        from app.ui import build_ui, launch

        demo = build_ui(load_settings(index_dir=args.index_dir))
        url = launch(demo, port=free_port(), block=False)
    try:
        start = time.perf_counter()
        results = run(url, args.concurrency, args.timeout)
        return report(results, time.perf_counter() - start)
    finally:
        if demo is not None:
            demo.close()


if __name__ == "__main__":
    sys.exit(main())
