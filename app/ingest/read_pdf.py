"""A disclosure as PDF(s) → the same values the text path gives: SourceDoc, tables, rows, cells, 绩效, chunks.

One document may come in several files (北京: 附件1 情况说明 + 附件2 报表): they are read in the order given, every
line and cell keeping its file's own page number. A PDF that holds no recognised budget table is refused, and
so is a 决算 (final accounts: the tables look alike, the figures mean something else).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter
from pathlib import Path
from typing import Any

from app.catalogue import KIND_NAMES
from app.checks import as_warning, table_mismatches
from app.errors import InputFileError, NotADisclosureError
from app.ingest.chunks import chunk_narrative
from app.ingest.grid import GridReader
from app.ingest.grid_titles import identify
from app.ingest.pdf import read_pdf
from app.ingest.pdf_page import PdfPage
from app.ingest.read import read_file_bytes
from app.ingest.sections import find_sections
from app.models import Chunk, ParseWarning, SourceDoc, doc_id_for, stable_id

# Kinds that make a document a budget disclosure (a 绩效 or 采购 table alone does not).
BUDGET_KINDS = {
    "income_expense_total",
    "income_total",
    "expense_total",
    "fiscal_total",
    "gpb_expense",
    "basic_by_econ",
    "three_public",
    "admin_cost",
    "project",
    "fund_expense",
    "soe",
}


def is_pdf(path: str) -> bool:
    """By name, or for a regular file by its first bytes (never opens a pipe or a device)."""
    p = Path(path)
    if p.suffix.lower() == ".pdf":
        return True
    try:
        if not p.is_file():
            return False
        with p.open("rb") as f:
            return f.read(5) == b"%PDF-"
    except OSError:
        return False


def _check_file(path: str) -> bytes:
    p = Path(path)
    data = read_file_bytes(p)
    if not data.strip():
        raise InputFileError(f"文件为空：{p}。 (empty file)")
    if not data.startswith(b"%PDF-"):
        raise InputFileError(f"文件扩展名是 .pdf，但内容不是 PDF：{p.name}。 (not a PDF)")
    return data


def parse_pdf(paths: list[str]) -> tuple[Any, ...]:
    digest = hashlib.sha256()
    pages: list[PdfPage] = []
    for path in paths:
        digest.update(_check_file(path))
        pages += read_pdf(path)
    reader = GridReader()
    tables, refs, cells = reader.run(pages)
    titles = [t.title for t in tables]
    unit, year, kind = identify(reader.lines, titles)
    found = Counter(t.kind for t in tables)
    names = "、".join(f"{KIND_NAMES.get(k, k)}×{n}" for k, n in found.items()) or "没有表格"
    final_titles = sum("决算" in t for t in titles)
    if kind.endswith("决算") or final_titles * 2 > len(titles):
        raise NotADisclosureError(
            f"这是一份决算（{kind}），不是预算公开文件：表格标题是「{titles[0] if titles else ''}」等。"
            "BudgetQA 目前只读取部门/单位预算。 (a final account, not a budget)"
        )
    if not any(k in BUDGET_KINDS for k in found) or not cells:
        raise NotADisclosureError(
            f"没有找到预算表格（收支总表、支出表、“三公”经费表等）：{', '.join(Path(p).name for p in paths)} 不像一份预算公开文件。"
            f"找到的：{names}。 (no budget table recognised)"
        )
    if not unit or not year:
        missing = "单位名称" if not unit else "预算年度"
        raise NotADisclosureError(
            f"没有找到{missing}（封面、标题或「预算单位：/编制单位：/部门名称：」）。 (unit or year not found)"
        )
    doc_id = doc_id_for(unit, year, kind)
    doc = SourceDoc(
        doc_id=doc_id,
        unit=unit,
        year=year,
        path=" + ".join(paths),
        sha256=digest.hexdigest(),
        encoding="pdf",
        lines=tuple(reader.lines),
        kind=kind,
    )
    tables = [_with_doc(t, doc_id) for t in tables]
    refs = [_with_doc(r, doc_id) for r in refs]
    cells = [_with_doc(c, doc_id) for c in cells]
    perf = [
        dataclasses.replace(p, doc_id=doc_id, target_id=stable_id(doc_id, "perf", p.project, p.line))
        for p in reader.perf
    ]
    warnings: list[ParseWarning] = list(reader.warnings) + [as_warning(m) for m in table_mismatches(tables, cells)]
    sections = find_sections(doc)
    chunks = chunk_narrative(doc, sections) + _row_notes(doc_id, reader.about)
    return doc, tables, refs, cells, perf, chunks, warnings


def _row_notes(doc_id: str, about: list[tuple[str, str, str, int, int]]) -> list[Chunk]:
    """What a table says each row is for (西安's 专项业务经费支出表: 项目简介), as passages the prose search finds:
    「驻局纪检组专项经费主要用来干啥」. Each cites its table and row."""
    return [
        Chunk(
            stable_id(doc_id, "note", title, row, line),
            doc_id,
            (title, row),
            f"{row}：{note}",
            page,
            page,
            line,
            line,
            kind="table_note",
        )
        for title, row, note, page, line in about
    ]


def _with_doc(item: Any, doc_id: str) -> Any:
    """The value with its document's id, once the unit and year are known (row ids re-derived from it)."""
    import dataclasses

    changes: dict[str, Any] = {"doc_id": doc_id}
    if hasattr(item, "row_id"):
        from app.models import stable_id

        changes["row_id"] = stable_id(doc_id, item.row_id)
    return dataclasses.replace(item, **changes)
