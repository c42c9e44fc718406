"""Answer follow-up questions for the judge: each item of a follow-up set is a conversation, and only its last
turn is graded. The judge (../shared/tools/score.py) sends the last turns on stdin, one per line, in the set's
order; this asks each conversation's earlier turns first, through the Library's history, as `budgetqa chat`
does, and prints the last turn's answer as `budgetqa ask --json` would.

    python evals/answer_followups.py SET.jsonl --index-dir IDX < last_turns.txt
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("set")
    ap.add_argument("--index-dir", required=True)
    args = ap.parse_args()
    from app.answer.render import answer_to_json
    from app.config import load_settings
    from app.library import Library

    items = [json.loads(line) for line in Path(args.set).read_text(encoding="utf-8").splitlines() if line.strip()]
    library = Library(load_settings(index_dir=args.index_dir))
    asked = [line.rstrip("\n") for line in sys.stdin if line.strip()]
    for item, last in zip(items, asked, strict=False):
        history: tuple = ()
        for turn in item["turns"][:-1]:
            _, ans = library.ask(turn, history=history)
            history = (*history, (turn, ans))
        doc_id, ans = library.ask(last, history=history)
        print(json.dumps({**answer_to_json(ans), "doc": doc_id}, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
