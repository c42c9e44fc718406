"""Score a blind question set with the shared strict judge (../shared/tools/score.py), one document per file.

    .venv/bin/python evals/score_blind.py evals/blind/session8 [--out evals/reports/blind/session8/now]

The folder holds <set>.jsonl files and docs.json ({set: [document files]}; "{real}" is ../shared/real). Each
set's document is ingested into a throwaway index; a library set ({set: [[files of one document], [...], ...]})
ingests each document into the same index, so its questions are answered over the whole library. The judge
runs `budgetqa ask - --json` over the set. A followups.jsonl beside them holds conversations ({"doc": set,
"turns": [...], grading of the last turn}); each is asked turn by turn over its set's index
(evals/answer_followups.py) and graded on its last turn. Writes the
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
    more = folder / "followups.jsonl"  # conversations: {"doc": set, "turns": [...], grading of the last turn}
    followups = (
        [json.loads(x) for x in more.read_text(encoding="utf-8").splitlines() if x.strip()] if more.exists() else []
    )
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
            sets = [(name, folder / f"{name}.jsonl", [budgetqa, "ask", "-", "--json", "--index-dir", index])]
            conversations = [c for c in followups if c.get("doc") == name]
            if conversations:  # graded on the last turn, asked after the earlier ones (evals/answer_followups.py)
                graded = Path(index) / "followups.jsonl"
                graded.write_text(
                    "".join(json.dumps({**c, "q": c["turns"][-1]}, ensure_ascii=False) + "\n" for c in conversations),
                    encoding="utf-8",
                )
                runner = [sys.executable, str(ROOT / "evals" / "answer_followups.py"), str(graded)]
                sets.append((f"followups_{name}", graded, [*runner, "--index-dir", index]))
            for label, qa, command in sets:
                totals = _judge(args.judge, label, qa, command, out, totals)
    n = max(totals[3], 1)
    print(
        f"total: accuracy {totals[0]}/{n} = {totals[0] / n:.1%}; with correct citation {totals[1]}/{n} = {totals[1] / n:.1%}; "
        f"wrong figures {totals[2]}"
    )
    return 0


def _judge(judge: str, label: str, qa: Path, command: list[str], out: Path | None, totals: list[int]) -> list[int]:
    run = subprocess.run([sys.executable, judge, str(qa), "--", *command], capture_output=True, text=True, cwd=ROOT)
    summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else "no summary"
    print(f"{label}: {summary}")
    m = re.search(r"accuracy (\d+)/(\d+).*?citation (\d+)/\d+.*?wrong figures (\d+)", summary)
    if m:
        totals = [
            totals[0] + int(m.group(1)),
            totals[1] + int(m.group(3)),
            totals[2] + int(m.group(4)),
            totals[3] + int(m.group(2)),
        ]
    if out:
        (out / f"score_{label}.txt").write_text(summary + "\n", encoding="utf-8")
        (out / f"verdicts_{label}.txt").write_text(run.stderr, encoding="utf-8")
    return totals


if __name__ == "__main__":
    raise SystemExit(main())
