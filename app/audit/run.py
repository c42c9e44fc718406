"""Running the audit: on a parsed document (every check, in order, on one indexed Book), or on the service's
document read back from the index."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from typing import Any

from app.audit.completeness import check_empty_notes, check_tables_present, check_template_text, check_years
from app.audit.cross import check_links, check_rows, check_totals
from app.audit.document import Book
from app.audit.model import Finding
from app.audit.narrative import check_narrative
from app.audit.performance_targets import check_perf
from app.audit.results import Results
from app.audit.tables import check_balance, check_parent_sums, check_row_totals, check_subtotals
from app.models import Chunk, ParseWarning, PerfTarget, RowRef, SourceDoc, Table, TableRow

STEPS = (
    check_row_totals,
    check_parent_sums,
    check_subtotals,
    check_balance,
    check_totals,
    check_rows,
    check_links,
    check_narrative,
    check_perf,
    check_tables_present,
    check_empty_notes,
    check_template_text,
    check_years,
)


def derive_warnings(doc: SourceDoc) -> list[ParseWarning]:
    """The parser's own doubts (ambiguous cells, truncated tables, unreadable 绩效目标表), re-derived from the text."""
    from app.ingest.pipeline import parser_warnings

    return parser_warnings(doc)


def audit_parsed(
    doc: SourceDoc,
    tables: Sequence[Table],
    refs: Sequence[RowRef],
    cells: Sequence[TableRow],
    perf: Sequence[PerfTarget],
    chunks: Sequence[Chunk],
    warnings: Sequence[ParseWarning] | None = None,
) -> list[Finding]:
    """Every check on the output of `app.ingest.pipeline.parse` (pure; no model, no index). `warnings` are the
    parser's; when not given they are re-derived from `doc` (needs its lines)."""
    book = Book(doc, tables, refs, cells, perf, chunks, derive_warnings(doc) if warnings is None else warnings)
    res = Results()
    for step in STEPS:
        step(book, res)
    return res.findings()


def run_audit(qa: Any) -> list[Finding]:
    """The audit of the service's document (`qa`: its store, doc_id, doc metadata, perf and chunks)."""
    store, doc_id = qa.store, qa.doc_id
    tables = _records(store.tables(doc_id), Table)
    refs = _records(store.rows(doc_id), RowRef)
    cells = _records(store.cells(doc_id), TableRow)
    return audit_parsed(_source_doc(qa.doc), tables, refs, cells, qa.perf, qa.chunks)


def _records(df: Any, cls: type) -> list[Any]:
    """A data frame's rows as `cls` (numpy scalars turned into Python values, unknown columns dropped)."""
    names = {f.name for f in fields(cls)}
    out = []
    for rec in df.to_dict("records"):
        out.append(cls(**{k: (v.item() if hasattr(v, "item") else v) for k, v in rec.items() if k in names}))
    return out


def _source_doc(meta: dict[str, Any]) -> SourceDoc:
    """The ingested document's text, when the file is still where it was and unchanged (for exact sentence
    locations and the parser's warnings); otherwise its identity alone."""
    from pathlib import Path

    from app.errors import BudgetQAError
    from app.ingest.pipeline import read_document

    path = str(meta.get("path", ""))
    if path and Path(path).is_file():
        try:
            doc = read_document(path)
        except BudgetQAError:
            doc = None
        if doc is not None and doc.sha256 == meta.get("sha256"):
            return doc
    return SourceDoc(
        meta["doc_id"],
        meta["unit"],
        int(meta["year"]),
        path,
        str(meta.get("sha256", "")),
        str(meta.get("encoding", "")),
        (),
    )
