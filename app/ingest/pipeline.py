"""document → read → tables | sections → 绩效目标表, chunks → stores. One call, idempotent per document."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.config import Settings
from app.errors import InputFileError, NotADisclosureError
from app.ingest.checks import as_warning, checks_per_table, table_mismatches
from app.ingest.chunks import chunk_narrative
from app.ingest.perf import parse_perf_targets
from app.ingest.read import read_document
from app.ingest.read_pdf import is_pdf, parse_pdf
from app.ingest.sections import find_sections
from app.ingest.tables import parse_tables
from app.models import IngestReport


def _bar(total: int, desc: str, enabled: bool) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="块", disable=not enabled, leave=False)


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
    tables, refs, cells, warnings = parse_tables(doc)
    if not tables:
        raise NotADisclosureError(
            f"没有找到任何预算表格（表一…表十三，如「表三2024年预算支出总表」）：{path} 不像一份标准格式的预算公开文件。"
            " (no recognisable tables)"
        )
    warnings = list(warnings) + [as_warning(m) for m in table_mismatches(tables, cells)]
    sections = find_sections(doc)
    perf, perf_warnings = parse_perf_targets(doc, sections)
    chunks = chunk_narrative(doc, sections)
    return doc, tables, refs, cells, perf, chunks, warnings + list(perf_warnings)


def ingest(path: str | Sequence[str], settings: Settings, progress: bool = True) -> IngestReport:
    from app.stores.embedder import make_embedder
    from app.stores.lexical_store import LexicalStore
    from app.stores.table_store import TableStore
    from app.stores.vector_store import VectorStore

    doc, tables, refs, cells, perf, chunks, warnings = parse(path)
    per_table = Counter(c.table for c in cells)
    summary = {"tables": len(tables), "cells": len(cells), "perf_targets": len(perf), "chunks": len(chunks),
               "warnings": len(warnings)}
    TableStore(settings.index_dir).write(doc, tables, refs, cells, perf, chunks, summary)
    vectors = VectorStore(settings.index_dir, make_embedder(settings.embedding))
    vectors.delete_doc(doc.doc_id)
    step = max(1, settings.embedding.batch_size)
    with _bar(len(chunks), "嵌入 embedding", progress) as bar:
        for i in range(0, len(chunks), step):
            vectors.upsert(chunks[i : i + step])
            bar.update(len(chunks[i : i + step]))
    LexicalStore(settings.index_dir).build(doc.doc_id, chunks)
    return IngestReport(doc=doc, tables=tuple(tables), rows_per_table=dict(per_table), perf_targets=len(perf),
                        chunks=len(chunks), warnings=tuple(warnings), checks=checks_per_table(tables, cells))
