"""document → read → tables | sections → 绩效目标表, chunks. Parsing only: app.library writes the stores."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.checks import as_warning, table_mismatches
from app.errors import InputFileError, NotADisclosureError
from app.ingest.budget import check
from app.ingest.chunks import chunk_narrative
from app.ingest.performance_targets import parse_perf_targets
from app.ingest.read import read_document
from app.ingest.read_pdf import is_pdf, parse_pdf
from app.ingest.sections import find_sections
from app.ingest.tables import parse_tables


def parse(path: str | Sequence[str]) -> tuple[Any, ...]:
    """Everything that does not need a model: (doc, tables, refs, cells, perf, chunks, warnings).
    `path` is one file, or the files of one disclosure (e.g. 情况说明 + 报表) in reading order; PDFs are read
    by geometry (app.ingest.read_pdf), .txt extractions by the national-format text parser."""
    paths = [str(path)] if isinstance(path, (str, Path)) else [str(p) for p in path]
    if not paths:
        raise InputFileError("没有给出文件。 (no file)")
    if any(is_pdf(p) for p in paths):
        return parse_pdf(paths)
    if len(paths) > 1:
        raise InputFileError("多个文件组成一份文档时，请提供 PDF 原件（.txt 只能一次导入一个）。 (several .txt files)")
    path = paths[0]
    doc = read_document(path)
    check("读取文本")
    tables, refs, cells, warnings = parse_tables(doc)
    check("读取表格")
    if not tables:
        raise NotADisclosureError(
            f"没有找到任何预算表格（表一…表十三，如「表三2024年预算支出总表」）：{path} 不像一份标准格式的预算公开文件。"
            " (no recognisable tables)"
        )
    warnings = list(warnings) + [as_warning(m) for m in table_mismatches(tables, cells)]
    sections = find_sections(doc)
    check("划分章节")
    perf, perf_warnings = parse_perf_targets(doc, sections)
    check("读取绩效目标表")
    chunks = chunk_narrative(doc, sections)
    return doc, tables, refs, cells, perf, chunks, warnings + list(perf_warnings)


def parser_warnings(doc: Any) -> list[Any]:
    """The parser's own doubts about a document read as text (ambiguous cells, truncated tables, unreadable
    绩效目标表), for the audit of an index whose document file is still at hand."""
    if not doc.lines:
        return []
    _, _, _, warnings = parse_tables(doc)
    _, perf_warnings = parse_perf_targets(doc, find_sections(doc))
    return list(warnings) + list(perf_warnings)


__all__ = ["parse", "parser_warnings", "read_document"]
