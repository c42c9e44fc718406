"""Score a blind question set with the shared strict judge (../shared/tools/score.py), one document per file.

    .venv/bin/python evals/score_blind.py evals/blind/session8 [--out evals/reports/blind/session8/now]

The folder holds <set>.jsonl files and docs.json ({set: [document files]}; "{real}" is ../shared/real). Each
set's document is ingested into a throwaway index; a library set ({set: [[files of one document], [...], ...]})
ingests each document into the same index, so its questions are answered over the whole library. The judge
runs `budgetqa ask - --json` over the set. Writes the
judge's summary and per-question verdicts per set, and prints a total.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder")
    ap.add_argument("--out", default="")
    ap.add_argument("--real", default=str(ROOT.parent / "shared" / "real"))
    ap.add_argument("--judge", default=str(ROOT.parent / "shared" / "tools" / "score.py"))
    args = ap.parse_args()
    folder = Path(args.folder)
    docs = json.loads((folder / "docs.json").read_text(encoding="utf-8"))
    out = Path(args.out) if args.out else None
    if out:
        out.mkdir(parents=True, exist_ok=True)
    budgetqa = str(Path(sys.executable).parent / "budgetqa")
    totals = [0, 0, 0, 0]  # right, cited, wrong, n
    for name, files in docs.items():
        if name.startswith("_"):
            continue
        groups = files if files and isinstance(files[0], list) else [files]
        with tempfile.TemporaryDirectory() as index:
            failed = ""
            for group in groups:
                paths = [f.replace("{real}", args.real) for f in group]
                ing = subprocess.run(
                    [budgetqa, "ingest", *paths, "--index-dir", index, "--no-progress"],
                    capture_output=True,
                    text=True,
                    cwd=ROOT,
                )
                if ing.returncode:
                    failed = f"{name}: ingest of {paths} failed: {ing.stderr.strip()[-200:]}"
                    break
            if failed:
                print(failed)
                continue
            run = subprocess.run(
                [
                    sys.executable,
                    args.judge,
                    str(folder / f"{name}.jsonl"),
                    "--",
                    budgetqa,
                    "ask",
                    "-",
                    "--json",
                    "--index-dir",
                    index,
                ],
                capture_output=True,
                text=True,
                cwd=ROOT,
            )
        summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else "no summary"
        print(f"{name}: {summary}")
        m = re.search(r"accuracy (\d+)/(\d+).*?citation (\d+)/\d+.*?wrong figures (\d+)", summary)
        if m:
            totals = [
                totals[0] + int(m.group(1)),
                totals[1] + int(m.group(3)),
                totals[2] + int(m.group(4)),
                totals[3] + int(m.group(2)),
            ]
        if out:
            (out / f"score_{name}.txt").write_text(summary + "\n", encoding="utf-8")
            (out / f"verdicts_{name}.txt").write_text(run.stderr, encoding="utf-8")
    n = max(totals[3], 1)
    print(
        f"total: accuracy {totals[0]}/{n} = {totals[0] / n:.1%}; with correct citation {totals[1]}/{n} = {totals[1] / n:.1%}; "
        f"wrong figures {totals[2]}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
