"""Text the CLI formats itself (answers and audit findings come rendered from app.answer.render and
app.audit): the ingest report of `budgetqa ingest`, and one JSON object per line for `budgetqa ask --json`.
app.cli calls these and prints what they return."""

from __future__ import annotations

import json
from typing import Any

EPILOG = """examples / 示例:
  budgetqa ingest data/datong_gxj_2024.txt      解析并建立索引
  budgetqa tables --table 表三                   查看解析出的表格
  budgetqa tables --csv > rows.csv               导出全部整洁行
  budgetqa ask 铁路道口安全管理专项资金是多少？      提问
  echo 公车有几辆 | budgetqa ask - --json        每行一个问题，JSON 输出
  budgetqa audit                                 一致性审核
  budgetqa ask 万里街道2023年和2025年的三公经费各是多少   比较库中的几份文档（并列、排名、年度变化）
  budgetqa docs                                  列出索引中的文档
  budgetqa remove 2023-某某局                     从索引中删除一份文档（其行、正文段落和向量）
  budgetqa doctor --repair                       检查并修复索引
  budgetqa eval                                  运行评测集
  budgetqa serve                                 启动网页 (http://127.0.0.1:7860)
"""


def format_report(report: Any) -> str:
    from app.catalogue import KIND_NAMES

    doc = report.doc
    kind = f"{doc.kind}, " if doc.kind else ""
    lines = [
        f"已导入 Ingested: {doc.unit} {doc.year}年 (doc id: {doc.doc_id}, {kind}{doc.encoding})",
        f"表格 Tables: {len(report.tables)}",
    ]
    for t in report.tables:
        note = "（本表无数据）" if t.empty else ""
        checked, failed = report.checks.get(t.label, (0, 0))
        sums = f"，自身加总 {checked - failed}/{checked} 相符" if checked else ""
        lines.append(
            f"  {t.label} {t.title} — {KIND_NAMES.get(t.kind, t.kind)}，单位：{t.unit or '未标明'}，"
            f"{report.rows_per_table.get(t.label, 0)} 个数值 cells{sums}，第{t.page}页{note}"
        )
    lines.append(f"绩效目标表 Performance targets: {report.perf_targets}")
    lines.append(f"文本块 Narrative chunks: {report.chunks}")
    lines.append(
        f"文档自身的数字不一致 The document's own inconsistencies: {len(report.document_notes)}"
        + ("（按原文照录，不是解析错误；`budgetqa audit` 有全部核对）" if report.document_notes else "")
    )
    lines += [_warning_line(w) for w in report.document_notes]
    lines.append(
        f"解析提示 Parser notes: {len(report.parser_notes)}"
        + ("（解析时不确定之处，请对照原文核对）" if report.parser_notes else "")
    )
    lines += [_warning_line(w) for w in report.parser_notes]
    return "\n".join(lines)


def _warning_line(w: Any) -> str:
    from app.audit import note_text

    return f"  - {note_text(w)}"


def report_json(report: Any, skipped: bool = False) -> dict[str, Any]:
    """`budgetqa ingest --json`: what was read, and the notes apart by whose they are — the document's own
    inconsistencies (in the audit's words) and the parser's uncertainties."""
    from app.audit import note_json
    from app.catalogue import KIND_NAMES

    doc = report.doc
    return {
        "status": "ingested",
        "doc": doc.doc_id,
        "unit": doc.unit,
        "year": doc.year,
        "kind": doc.kind,
        "tables": [
            {
                "table": t.label,
                "title": t.title,
                "table_kind": KIND_NAMES.get(t.kind, t.kind),
                "unit": t.unit,
                "page": t.page,
                "cells": report.rows_per_table.get(t.label, 0),
                "sums_checked": report.checks.get(t.label, (0, 0))[0],
                "sums_failing": report.checks.get(t.label, (0, 0))[1],
                "empty": t.empty,
            }
            for t in report.tables
        ],
        "performance_targets": report.perf_targets,
        "chunks": report.chunks,
        "document_notes": [note_json(w) for w in report.document_notes],
        "parser_notes": [note_json(w) for w in report.parser_notes],
    }


_LINE_BREAKERS = ("\x85", "\u2028", "\u2029")  # JSON allows them raw; many line readers split on them


def json_line(obj: Any) -> str:
    """One JSON object on exactly one line, whatever line breaks a reader recognises."""
    text = json.dumps(obj, ensure_ascii=False)
    for ch in _LINE_BREAKERS:
        text = text.replace(ch, f"\\u{ord(ch):04x}")
    return text


def which_doc(library: Any, doc_id: str) -> str:
    """The line under an answer from a library of several documents: which one answered, or that it compared."""
    n = len(library.docs())
    if not doc_id:
        return f"\n（比较了文档库中的几份文档，每条出处标明所属文档；库中共有 {n} 份，`budgetqa docs` 可列出）"
    return f"\n（文档：{library.describe(doc_id)}；索引中共有 {n} 份，问题里写明单位或年份、或用 --doc 可指定）"
