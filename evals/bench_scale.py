"""Scale benchmark (not a test): a library grown to 10, 50 and 200 documents — the real PDFs of
../shared/real/ plus generated disclosures of other units and years (tests/docgen.py) — on the embedded store,
and optionally on a Chroma server (`chroma run` on loopback).

    .venv/bin/python evals/bench_scale.py [--sizes 10,50,200] [--server] [--out evals/reports/scale.md]

At each size: ingest throughput (documents/s, pages/s for PDFs), index size on disk, ask latency p50/p95 of
single-document questions (naming a unit) and cross-document ones (two units side by side; a ranking of a
year's units), warm (each kind asked once, then timed), and the resident memory of `budgetqa serve` after
answering the same questions through its /ask API (which routes over the library as the CLI does). Goals (issue 12): p95 at 200 ≤ 2× p95 at 10;
`serve` with 200 documents under 1.5 GB.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

REAL = ROOT.parent / "shared" / "real"
BAD = ("scanned_", "not_budget_", "final_account_", "_part2")


def real_docs() -> list[list[str]]:
    out = []
    for p in sorted(REAL.glob("*.pdf")) + sorted((REAL / "cities").glob("*.pdf")):
        if any(b in p.name for b in BAD):
            continue
        if "_part1" in p.name:
            out.append([str(p), str(p).replace("_part1", "_part2")])
        else:
            out.append([str(p)])
    return out


def generated(n: int, folder: Path) -> list[list[str]]:
    from docgen import generate

    out = []
    seed = 1000
    seen: set[tuple[str, int]] = set()
    while len(out) < n:
        seed += 1
        doc = generate(seed)
        if (doc.unit, doc.year) in seen:
            continue
        seen.add((doc.unit, doc.year))
        path = folder / f"gen_{seed}.txt"
        path.write_text(doc.text, encoding="utf-8")
        out.append([str(path)])
    return out


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def questions(docs: dict, rng: random.Random, n: int = 30) -> tuple[list[str], list[str]]:
    ids = sorted(docs)
    single = [f"{docs[d]['unit']}{docs[d]['year']}年的三公经费是多少" for d in rng.sample(ids, min(n, len(ids)))]
    cross = []
    for _ in range(n // 3):
        a, b = rng.sample(ids, 2)
        cross.append(f"{docs[a]['unit']}和{docs[b]['unit']}的机关运行经费分别是多少")
    years = sorted({int(m["year"]) for m in docs.values()})
    cross += [f"{y}年各单位谁的三公经费最多" for y in years[:2]]
    return single, cross


def timed(lib, qs: list[str]) -> tuple[list[float], list[float]]:
    """(cold, warm) milliseconds per question: the first asking (documents opened, parts answered), then again."""
    out: tuple[list[float], list[float]] = ([], [])
    for run in out:
        for q in qs:
            t = time.perf_counter()
            lib.ask(q)
            run.append((time.perf_counter() - t) * 1000)
    return out


def serve_rss(index: str, qs: list[str], env: dict) -> float:
    """MB resident of `budgetqa serve` after answering qs through /ask."""
    from gradio_client import Client

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    budgetqa = str(Path(sys.executable).parent / "budgetqa")
    proc = subprocess.Popen(
        [budgetqa, "serve", "--port", str(port), "--index-dir", index],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        deadline = time.time() + 180
        while time.time() < deadline:
            try:
                client = Client(f"http://127.0.0.1:{port}/", verbose=False)
                break
            except Exception:  # noqa: BLE001 — not up yet
                time.sleep(1)
        for q in qs:
            client.predict(q, api_name="/ask")
        status = Path(f"/proc/{proc.pid}/status").read_text()
        kb = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")))
        return kb / 1024
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def run(sizes: list[int], server_url: str, work: Path) -> list[dict]:
    from app.config import load_settings
    from app.library import Library

    work.mkdir(parents=True, exist_ok=True)
    index = work / "index"
    real = real_docs()
    gen = generated(max(sizes), work)
    pool = real + gen
    env = dict(os.environ)
    if server_url:
        env["BUDGETQA_CHROMA_URL"] = server_url
    rows, done = [], 0
    for size in sizes:
        lib = Library(load_settings(index_dir=str(index), chroma_url=server_url))
        t0 = time.perf_counter()
        pdfs = pages = 0
        for files in pool[done:size]:
            report = lib.ingest(files if len(files) > 1 else files[0], progress=False)
            if files[0].endswith(".pdf"):
                pdfs += 1
                pages += int(getattr(report, "pages", 0) or 0)
        ingest_s = time.perf_counter() - t0
        added = size - done
        done = size
        lib = Library(load_settings(index_dir=str(index), chroma_url=server_url))
        docs = lib.docs()
        single, cross = questions(docs, random.Random(size))
        (s_cold, s_ms), (c_cold, c_ms) = timed(lib, single), timed(lib, cross)
        rss = serve_rss(str(index), single + cross, env)
        rows.append(
            {
                "docs": len(docs),
                "added": added,
                "ingest_s": ingest_s,
                "docs_per_s": added / ingest_s,
                "disk_mb": du(index) / 1e6,
                "single_p50": pct(s_ms, 0.5),
                "single_p95": pct(s_ms, 0.95),
                "cross_p50": pct(c_ms, 0.5),
                "cross_p95": pct(c_ms, 0.95),
                "serve_mb": rss,
                "single_cold_p50": pct(s_cold, 0.5),
                "cross_cold_max": max(c_cold),
            }
        )
        print(rows[-1], flush=True)
    return rows


def report(rows: list[dict], store: str) -> str:
    lines = [
        f"### {store}",
        "",
        "| documents | ingest (added, s) | docs/s | index on disk | single p50 / p95 (cold p50) "
        "| cross p50 / p95 (cold max) | serve RSS |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['docs']} | {r['ingest_s']:.0f} ({r['added']}) | {r['docs_per_s']:.2f} | {r['disk_mb']:.0f} MB | "
            f"{r['single_p50']:.0f} / {r['single_p95']:.0f} ms ({r['single_cold_p50']:.0f}) | "
            f"{r['cross_p50']:.0f} / {r['cross_p95']:.0f} ms ({r['cross_cold_max'] / 1000:.1f} s) | "
            f"{r['serve_mb']:.0f} MB |"
        )
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        lines += [
            "",
            f"Growth {first['docs']} → {last['docs']} documents: single-document p95 ×{last['single_p95'] / first['single_p95']:.2f}, "
            f"cross-document p95 ×{last['cross_p95'] / first['cross_p95']:.2f} (goal ≤ ×2); serve {last['serve_mb']:.0f} MB "
            "(goal < 1536 MB).",
        ]
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10,50,200")
    ap.add_argument("--server", action="store_true", help="also run on a Chroma server (`chroma run` on loopback)")
    ap.add_argument("--out", default=str(ROOT / "evals" / "reports" / "scale.md"))
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    parts = [
        "# Scale benchmark\n\n`.venv/bin/python evals/bench_scale.py` on this machine "
        f"({os.cpu_count()} cores); {time.strftime('%Y-%m-%d')}. Documents: the real PDFs of ../shared/real/ first, "
        "then generated disclosures (tests/docgen.py). Latencies are warm `Library.ask` calls in one process; "
        "cross-document questions are two named units side by side and a ranking of one year's units.\n"
    ]
    with tempfile.TemporaryDirectory() as tmp:
        parts.append(report(run(sizes, "", Path(tmp) / "embedded"), "Embedded Chroma"))
        if args.server:
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                port = s.getsockname()[1]
            chroma = str(Path(sys.executable).parent / "chroma")
            proc = subprocess.Popen(
                [chroma, "run", "--path", str(Path(tmp) / "chroma_server"), "--host", "127.0.0.1", "--port", str(port)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                time.sleep(8)
                parts.append(report(run(sizes, f"http://127.0.0.1:{port}", Path(tmp) / "server"), "Chroma server"))
                parts.append("(On the server, 「index on disk」 is `index_dir` only: the vectors are the server's.)\n")
            finally:
                proc.terminate()
                proc.wait(timeout=30)
    Path(args.out).write_text("\n".join(parts), encoding="utf-8")
    print(Path(args.out).read_text())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
