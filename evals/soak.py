"""Soak benchmark of the web server (not a test): many clients, many questions, an ingest in the middle.

Starts `budgetqa serve` on a loopback port over a copy of an index of the bundled document, then 20 client
threads ask 5,000 questions in all through the page's own chat endpoint and the public `/ask` API (a client
is replaced by a new visitor every 50 questions, as real traffic brings new sessions). Halfway through, a
CLI `budgetqa ingest --replace` rewrites the served document. Reports errors (goal 0), answers that differ
from a single client's answers (goal 0), p50/p95 latency, and the server's resident memory after the first
500 questions and at the end (goal: within 20%).

    .venv/bin/python evals/soak.py [--questions 5000] [--clients 20] [--out evals/reports/soak]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "evals"))
from load_ui import QUESTIONS  # noqa: E402  (question, the figure its answer emphasises)

PER_VISITOR = 50


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of the server and its children (Gradio runs in one process)."""
    total = 0
    for p in [pid, *_children(pid)]:
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        m = re.search(r"VmRSS:\s+(\d+) kB", status)
        total += int(m.group(1)) if m else 0
    return round(total / 1024, 1)


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def figure(text: str) -> str:
    m = re.search(r"\*\*([^*]+)\*\*", text)
    return m.group(1) if m else text[:40]


def wait_up(url: str, proc: subprocess.Popen, timeout: float = 180) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {proc.stderr.read() if proc.stderr else ''}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("server did not start")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--questions", type=int, default=5000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--out", default=str(ROOT / "evals" / "reports" / "soak"))
    args = ap.parse_args()
    from gradio_client import Client

    budgetqa = str(Path(sys.executable).parent / "budgetqa")
    doc = str(ROOT / "data" / "datong_gxj_2024.txt")
    work = Path(tempfile.mkdtemp(prefix="bqa-soak-"))
    index = work / "index"
    subprocess.run(
        [budgetqa, "ingest", doc, "--index-dir", str(index), "--no-progress"], check=True, capture_output=True
    )
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen(
        [budgetqa, "serve", "--port", str(port), "--index-dir", str(index)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_up(url, server)
        expected = {q: figure(Client(url, verbose=False).predict(q, api_name="/ask")) for q, _ in QUESTIONS}
        results: list[tuple[float, bool, str]] = []
        memory: dict[str, float] = {"start": rss_mb(server.pid)}
        lock = threading.Lock()
        done = Counter()
        ingest_at = args.questions // 2
        ingest_result: dict[str, object] = {}
        ingest_thread: list[threading.Thread] = []

        def ingest_midway() -> None:
            t0 = time.perf_counter()
            run = subprocess.run(
                [budgetqa, "ingest", doc, "--index-dir", str(index), "--no-progress", "--replace"],
                capture_output=True,
                text=True,
            )
            ingest_result.update(
                returncode=run.returncode, seconds=round(time.perf_counter() - t0, 1), at_question=ingest_at
            )

        def worker(n: int, seed: int) -> None:
            client = None
            for i in range(n):
                if i % PER_VISITOR == 0:
                    client = Client(url, verbose=False)  # a new visitor, a new session
                q = QUESTIONS[(seed + i) % len(QUESTIONS)][0]
                t0 = time.perf_counter()
                try:
                    if i % 2:
                        text = client.predict(q, api_name="/ask")  # type: ignore[union-attr]
                    else:
                        _, messages, _, _, _ = client.predict(q, "2024-大同市工业和信息化局", [], api_name="/chat")  # type: ignore[union-attr]
                        content = messages[-1]["content"]
                        text = content if isinstance(content, str) else "".join(p.get("text", "") for p in content)
                    ok, detail = figure(text) == expected[q], figure(text)
                except Exception as e:  # noqa: BLE001 — every failure is counted and reported
                    ok, detail = False, f"error {type(e).__name__}: {e}"
                with lock:
                    results.append((time.perf_counter() - t0, ok, detail if not ok else ""))
                    done["n"] += 1
                    if done["n"] == 500:
                        memory["after_500"] = rss_mb(server.pid)
                    if done["n"] == ingest_at:
                        ingest_thread.append(threading.Thread(target=ingest_midway, daemon=True))
                        ingest_thread[0].start()

        per = [
            args.questions // args.clients + (1 if i < args.questions % args.clients else 0)
            for i in range(args.clients)
        ]
        t0 = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            list(pool.map(worker, per, range(args.clients)))
        wall = time.perf_counter() - t0
        memory["end"] = rss_mb(server.pid)
        for thread in ingest_thread:
            thread.join()
        lat = sorted(r[0] for r in results)
        errors = [r[2] for r in results if not r[1] and r[2].startswith("error")]
        differ = [r[2] for r in results if not r[1] and not r[2].startswith("error")]
        growth = (memory["end"] - memory["after_500"]) / memory["after_500"] if memory.get("after_500") else None
        report = {
            "questions": len(results),
            "clients": args.clients,
            "wall_s": round(wall, 1),
            "errors": len(errors),
            "differing_answers": len(differ),
            "examples": (errors + differ)[:5],
            "p50_ms": round(1000 * lat[len(lat) // 2], 1),
            "p95_ms": round(1000 * lat[int(len(lat) * 0.95)], 1),
            "rss_mb": memory,
            "growth_after_500": None if growth is None else round(growth, 3),
            "ingest_midway": ingest_result,
            "machine_cores": os.cpu_count(),
        }
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "soak.json").write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report, ensure_ascii=False, indent=1))
    ok = report["errors"] == 0 and report["differing_answers"] == 0 and (growth is None or growth <= 0.2)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
