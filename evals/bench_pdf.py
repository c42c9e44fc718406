"""PDF ingest benchmark over the real disclosures in ../shared/real/ (not a test: figures, not pass/fail).

For each PDF (the two-file Beijing report as one document), in a fresh process: pages, parse time (PDF →
tables and chunks), full ingest time (embedding and all stores included, into a throwaway index), peak resident
memory, and whether every table's own sums check out. Writes evals/reports/bench_pdf.json and .md.

    .venv/bin/python evals/bench_pdf.py [--real ../shared/real] [--only putuo]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHILD = r"""
import json, resource, sys, time
from app.config import load_settings
from app.checks import checks_per_table
from app.ingest.pipeline import parse
from app.library import Library
paths, index = json.loads(sys.argv[1]), sys.argv[2]
t0 = time.perf_counter()
try:
    doc, tables, refs, cells, perf, chunks, warnings = parse(paths)
except Exception as e:
    print(json.dumps({"refused": f"{type(e).__name__}: {str(e)[:120]}"})); sys.exit(0)
parse_s = time.perf_counter() - t0
t0 = time.perf_counter()
Library(load_settings(index_dir=index)).ingest(paths, progress=False)
ingest_s = time.perf_counter() - t0
checks = checks_per_table(tables, cells)
pages = sum(len(__import__("pdfplumber").open(p).pages) for p in paths)
print(json.dumps({"pages": pages, "tables": len(tables), "cells": len(cells), "chunks": len(chunks),
                  "warnings": len(warnings), "parse_s": round(parse_s, 2), "ingest_s": round(ingest_s, 2),
                  "sums_checked": sum(c for c, _ in checks.values()), "sums_failing": sum(f for _, f in checks.values()),
                  "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))
"""


def documents(real: Path) -> list[tuple[str, list[str]]]:
    out = []
    for pdf in sorted(real.rglob("*.pdf")):
        if pdf.stem.endswith("_part1"):
            continue
        paths = [str(pdf)]
        if pdf.stem.endswith("_part2"):
            paths = [str(pdf).replace("_part2", "_part1"), str(pdf)]
        out.append((pdf.stem.replace("_part2", ""), paths))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--real", default=str(ROOT.parent / "shared" / "real"))
    ap.add_argument("--only", default="")
    ap.add_argument("--out", default=str(ROOT / "evals" / "reports" / "bench_pdf"))
    args = ap.parse_args()
    rows = []
    for name, paths in documents(Path(args.real)):
        if args.only and args.only not in name:
            continue
        with tempfile.TemporaryDirectory() as index:
            p = subprocess.run(
                [sys.executable, "-c", CHILD, json.dumps(paths), index],
                capture_output=True,
                text=True,
                cwd=ROOT,
                timeout=600,
            )
        line = next((ln for ln in reversed(p.stdout.splitlines()) if ln.startswith("{")), "")
        row = {"document": name, **(json.loads(line) if line else {"error": p.stderr[-300:]})}
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)
    done = [r for r in rows if "pages" in r]
    summary = {
        "documents": len(rows),
        "ingested": len(done),
        "refused": [r["document"] for r in rows if "refused" in r],
        "parse_s_per_page": round(sum(r["parse_s"] for r in done) / max(1, sum(r["pages"] for r in done)), 3),
        "ingest_s_per_page": round(sum(r["ingest_s"] for r in done) / max(1, sum(r["pages"] for r in done)), 3),
        "max_ingest_s": max((r["ingest_s"] for r in done), default=0),
        "max_peak_mb": max((r["peak_mb"] for r in done), default=0),
        "share_all_sums_check_out": round(sum(1 for r in done if r["sums_failing"] == 0) / max(1, len(done)), 3),
    }
    Path(args.out + ".json").write_text(
        json.dumps({"summary": summary, "documents": rows}, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    lines = [
        "# PDF ingest benchmark (evals/bench_pdf.py)",
        "",
        "| document | pages | tables | cells | parse s | ingest s | peak MB | own sums failing / checked |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if "pages" in r:
            lines.append(
                f"| {r['document']} | {r['pages']} | {r['tables']} | {r['cells']} | {r['parse_s']} | {r['ingest_s']} | "
                f"{r['peak_mb']} | {r['sums_failing']} / {r['sums_checked']} |"
            )
        else:
            lines.append(f"| {r['document']} | refused: {r.get('refused', r.get('error', ''))[:90]} | | | | | | |")
    lines += ["", "Summary: " + json.dumps(summary, ensure_ascii=False)]
    Path(args.out + ".md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
