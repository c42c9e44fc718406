"""`budgetqa` — a thin face over the library: parse arguments, call, print; a domain error becomes
`Error: …` on stderr with exit code 1."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import app  # noqa: F401  (offline switches first)
from app.cli_input import from_argv, read_questions, stdin_bytes
from app.cli_output import EPILOG, format_report, json_line, report_json, which_doc
from app.errors import BudgetQAError


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--index-dir", default=None, help="folder of the built index (default: index)")
    p.add_argument(
        "--doc",
        default=None,
        help="which document (id, unit name or year) when the index holds several "
        "(default: the one a question names by unit or year, else the most recently ingested)",
    )
    p.add_argument(
        "--config", default=None, help="a TOML settings file (only read when named here or in BUDGETQA_CONFIG)"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="budgetqa",
        description="预算问答 BudgetQA — exact, cited answers over Chinese budget disclosures, offline.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"budgetqa {app.__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("ingest", help="parse a disclosure (PDF, or .txt extracted from one) and build its index")
    p.add_argument(
        "path",
        nargs="+",
        help="the disclosure: a PDF, or several PDFs that are parts of one disclosure "
        "(e.g. 情况说明 + 报表, in reading order), or one .txt extracted from a PDF (UTF-8 or GBK)",
    )
    p.add_argument(
        "--replace",
        action="store_true",
        help="replace the indexed version of the same unit and year even "
        "if the new file has fewer tables, figures or projects (refused otherwise, with what would be lost)",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="read the file again even when the index already holds it "
        "unchanged (same bytes, read by this version of BudgetQA); skipped otherwise",
    )
    p.add_argument("--no-progress", action="store_true", help="do not draw progress bars")
    p.add_argument(
        "--json",
        action="store_true",
        help="print the report as JSON: the tables read, the document's own inconsistencies and the parser's "
        "uncertainties apart (document_notes / parser_notes)",
    )
    p.add_argument("--index-dir", default=None, help="folder of the built index (default: index)")
    p.add_argument(
        "--config", default=None, help="a TOML settings file (only read when named here or in BUDGETQA_CONFIG)"
    )

    p = sub.add_parser("docs", help="list the documents in the index (the default one is marked)")
    p.add_argument("--index-dir", default=None, help="folder of the built index (default: index)")
    p.add_argument(
        "--config", default=None, help="a TOML settings file (only read when named here or in BUDGETQA_CONFIG)"
    )

    p = sub.add_parser("remove", help="remove a document from the index: its rows, chunks and vectors, nothing else")
    p.add_argument("doc", help="the document: its id, unit (or short name) or year, as `budgetqa docs` lists them")
    _common(p)
    p = sub.add_parser("doctor", help="check the index (and with --repair, fix it: rebuild, re-ingest or clean up)")
    p.add_argument("--repair", action="store_true", help="fix what can be fixed")
    p.add_argument("--index-dir", default=None, help="folder of the built index (default: index)")
    p.add_argument(
        "--config", default=None, help="a TOML settings file (only read when named here or in BUDGETQA_CONFIG)"
    )

    p = sub.add_parser("tables", help="show the parsed tables (or --csv: the tidy rows)")
    p.add_argument("--table", default="", help="one table as the document names it, e.g. 表三")
    p.add_argument(
        "--csv",
        action="store_true",
        help="print tidy rows as CSV: " + "table,title,code,name,column,value,unit,page,line",
    )
    _common(p)

    p = sub.add_parser("ask", help="ask questions; '-' reads one question per line from stdin")
    p.add_argument("question", nargs="+", help="the question (or '-' for stdin)")
    p.add_argument("--json", action="store_true", help="one JSON object per question, one per line")
    _common(p)

    p = sub.add_parser("audit", help="check that the document's figures agree with themselves")
    p.add_argument("--json", action="store_true", help="print one JSON array of findings")
    _common(p)

    p = sub.add_parser("eval", help="score the product on the golden question sets")
    p.add_argument(
        "--set",
        dest="sets",
        action="append",
        default=None,
        help="a golden .jsonl file (repeatable; default: evals/golden/*.jsonl)",
    )
    p.add_argument("--report", default="evals/reports", help="folder for the Markdown and JSON report")
    p.add_argument("--no-baseline", action="store_true", help="skip the vector-RAG baseline")
    _common(p)

    p = sub.add_parser("serve", help="start the web UI (Gradio)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=7860)
    _common(p)

    p = sub.add_parser("chat", help="an interactive question prompt in the terminal")
    _common(p)

    p = sub.add_parser("config", help="every setting: its value, where the value came from, its meaning")
    p.add_argument(
        "--config", default=None, help="a TOML settings file (only read when named here or in BUDGETQA_CONFIG)"
    )
    p.add_argument("--index-dir", default=None, help="folder of the built index (default: index)")
    return parser


def _settings(args: argparse.Namespace) -> Any:
    from app.config import load_settings

    return load_settings(
        getattr(args, "config", None), index_dir=getattr(args, "index_dir", None), doc=getattr(args, "doc", None)
    )


def _library(args: argparse.Namespace) -> Any:
    from app.library import Library

    return Library(_settings(args))


def cmd_ingest(args: argparse.Namespace) -> int:
    def waiting(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    library = _library(args)
    same = None if args.force else library.indexed_copy(args.path)
    if same is not None:
        message = (
            f"未变化，跳过 Unchanged: {same.get('unit')} {same.get('year')}年 (doc id: {same.get('doc_id')}) 已在索引中，"
            "由同样的文件、同一版本的 BudgetQA 建成（内容哈希一致）。如要重新读取，请加 --force。"
        )
        skipped = {"status": "unchanged", "doc": same.get("doc_id"), "unit": same.get("unit"), "message": message}
        print(json_line(skipped) if args.json else message)
        return 0
    report = library.ingest(
        args.path, replace_ok=args.replace, progress=not args.no_progress and not args.json, on_wait=waiting
    )
    print(json.dumps(report_json(report), ensure_ascii=False, indent=1) if args.json else format_report(report))
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    library = _library(args)
    doc_id = library.index.resolve_doc(args.doc)
    label = library.describe(doc_id)
    library.remove(doc_id)
    print(f"已删除 Removed: {label}（{doc_id}）：它的表格行、正文段落和向量；索引中还有 {len(library.docs())} 份文档。")
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    lines = _library(args).doctor(repair=args.repair)
    print("\n".join(lines))
    broken = any(line.startswith(("问题", "未修复")) for line in lines)
    return 1 if broken and not args.repair or any(line.startswith("未修复") for line in lines) else 0


def cmd_tables(args: argparse.Namespace) -> int:
    library = _library(args)
    doc_id = library.resolve(library.settings.doc)
    store = library.table_store(doc_id)
    if args.csv:
        store.csv_rows(doc_id, args.table).to_csv(sys.stdout, index=False, lineterminator="\n")
        return 0
    tables = store.tables(doc_id)
    cells = store.cells(doc_id)
    if args.table:
        if args.table not in set(tables["label"]):
            raise BudgetQAError(f"没有这张表：{args.table}。可选：{'、'.join(tables['label'])}")
        tables = tables[tables["label"] == args.table]
    for t in tables.to_dict("records"):
        print(
            f"{t['label']} {t['title']}（单位：{t['unit']}，第{t['page']}页）"
            + ("  注：本表无数据" if t["empty"] else "")
        )
        print("  列 columns: " + " | ".join(t["columns"]))
        part = cells[cells["table"] == t["label"]]
        for _, group in part.groupby("row_seq", sort=True):
            first = group.iloc[0]
            label = " ".join(x for x in (first["side"], first["code"], first["name"]) if x)
            values = "  ".join(f"{c}={r}" for c, r in zip(group["column"], group["raw"]))
            print(f"    {label}: {values}  (第{first['page']}页 第{first['line']}行)")
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    from app.config import describe, load_settings_with_sources

    settings, sources = load_settings_with_sources(args.config, index_dir=args.index_dir)
    for name, _default, doc in describe():
        value: Any = settings
        for part in name.split("."):
            value = getattr(value, part)
        print(f"{name} = {value!r}    # {sources.get(name, '默认值')}\n    {doc}")
    return 0


def _service(args: argparse.Namespace) -> Any:
    from app.library import build

    return build(_settings(args))


def cmd_ask(args: argparse.Namespace) -> int:
    from app.answer.render import answer_to_json, answer_to_text

    library = _library(args)
    several = len(library.docs()) > 1
    library.resolve(library.settings.doc)  # an empty index or an unknown --doc is said once, before any question
    questions = read_questions(stdin_bytes()) if args.question == ["-"] else [from_argv(" ".join(args.question))]
    status = 0
    for q in questions:
        if args.question == ["-"] and not q.strip():
            continue
        doc_id = ""
        try:
            doc_id, ans = library.ask(q)
        except BudgetQAError as e:
            if args.json:
                print(
                    json_line(
                        {
                            "question": q,
                            "answer": str(e),
                            "value": None,
                            "unit": None,
                            "route": "none",
                            "reason": "rejected",
                            "citations": [],
                            "doc": doc_id,
                            "error": e.code,
                        }
                    )
                )
            else:
                print(f"Error: {e}", file=sys.stderr)
            status = 1 if len(questions) == 1 else status
            continue
        if args.json:
            print(json_line({**answer_to_json(ans), "doc": doc_id}))
        else:
            print(answer_to_text(ans) + (which_doc(library, doc_id) if several else ""))
        sys.stdout.flush()
    return status


def cmd_docs(args: argparse.Namespace) -> int:
    library = _library(args)
    docs = library.docs()
    if not docs:
        print(f"索引 {library.index.dir} 中还没有文档。用 `budgetqa ingest 文件.pdf` 导入。")
        return 0
    default = library.default_doc()
    for doc_id, m in sorted(docs.items(), key=lambda kv: (kv[1]["unit"], kv[1]["year"])):
        mark = "  ← 默认" if doc_id == default and len(docs) > 1 else ""
        print(
            f"{doc_id}：{library.describe(doc_id)}，{m.get('tables', 0)} 张表，{m.get('cells', 0)} 个数值，"
            f"{m.get('perf_targets', 0)} 张绩效目标表，{m.get('chunks', 0)} 段正文；文件 {Path(str(m.get('path', ''))).name}{mark}"
        )
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    from app.answer.guard import is_quit
    from app.answer.render import answer_to_text

    library = _library(args)
    doc = library.resolve(library.settings.doc)
    print(f"预算问答 BudgetQA — {library.describe(doc)}。输入问题，回车提问；空行、quit（退出）或 Ctrl-D 结束。")
    history: list[tuple[str, Any]] = []
    while True:
        try:
            q = input("问> ")
        except EOFError:
            print()
            return 0
        if not q.strip() or is_quit(q):
            return 0
        try:
            doc_id, ans = library.ask(q, history=tuple(history))
        except BudgetQAError as e:
            print(f"Error: {e}")
            continue
        history.append((q, ans))
        print(answer_to_text(ans) + (which_doc(library, doc_id) if len(library.docs()) > 1 else "") + "\n")


def cmd_audit(args: argparse.Namespace) -> int:
    from app.audit import findings_to_json, format_findings

    qa = _service(args)
    findings = qa.audit()
    print(
        json.dumps(findings_to_json(findings), ensure_ascii=False, indent=1) if args.json else format_findings(findings)
    )
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from app.evaluation.run import main as eval_main

    return eval_main(args, _settings(args))


def cmd_serve(args: argparse.Namespace) -> int:
    from app.ui import serve

    serve(_settings(args), host=args.host, port=args.port)
    return 0


def _subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return action.choices[name]


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "ingest": cmd_ingest,
    "tables": cmd_tables,
    "ask": cmd_ask,
    "chat": cmd_chat,
    "audit": cmd_audit,
    "eval": cmd_eval,
    "serve": cmd_serve,
    "config": cmd_config,
    "doctor": cmd_doctor,
    "docs": cmd_docs,
    "remove": cmd_remove,
}


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show a character gets "?", not a crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    if extra:  # each subcommand reports its own usage (argparse would print the top-level one)
        hint = (
            "（以 - 开头的文件名请写在 -- 之后，如 budgetqa ingest -- -a.pdf）"
            if any(e.startswith("-") for e in extra)
            else ""
        )
        _subparser(parser, args.command).error(f"unrecognized arguments: {' '.join(extra)} {hint}".rstrip())
    try:
        return COMMANDS[args.command](args)
    except BudgetQAError as e:
        print(f"Error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `budgetqa ask - | head`: the reader left; not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
