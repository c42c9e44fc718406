"""The tidy rows of every document in the library as one SQL store: DuckDB over the current versions'
parquet files (`index/versions/<V>/cells.parquet`), with each document's unit, year and kind from the manifest.

The manifest is the partition map: a query names the documents it needs and reads only their files (a
comparison of two years of one unit reads those two). Queries are a fixed whitelist of SQL with bound
parameters; no SQL is ever built from question text. Versions are immutable, so a query reads a consistent
document even while an ingest writes a new version beside it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

# The whitelist. Every value comes in as a bound parameter ($files, $keys).
_QUERIES = {
    # the cells a set of citations point at: (doc, row id, column) → the figure as stored, with its place
    "cells": """
        SELECT c.doc_id, m.unit_name, m.year, m.kind, c."table", c.title, c.code, c.name, c."column",
               c.value, c.unit, c.page, c.line, c.row_id
        FROM read_parquet($files, union_by_name = true) AS c
        JOIN meta AS m ON m.doc_id = c.doc_id
        WHERE list_contains($keys, c.doc_id || '|' || c.row_id || '|' || c."column")
        ORDER BY m.year, m.unit_name
    """,
}


class Warehouse:
    """SQL over the tidy rows of the documents named by `docs` (doc_id → manifest entry) under `index_dir`."""

    def __init__(self, index_dir: str | Path, docs: dict[str, dict[str, Any]]) -> None:
        self.dir = Path(index_dir)
        self.docs = docs

    def files(self, doc_ids: list[str]) -> list[str]:
        """The cells files of the chosen documents: the partitions a query reads."""
        out = []
        for doc_id in doc_ids:
            path = self.dir / "versions" / str(self.docs.get(doc_id, {}).get("version", "")) / "cells.parquet"
            if path.exists():
                out.append(str(path))
        return out

    def query(self, name: str, doc_ids: list[str], **params: Any) -> pd.DataFrame:
        """Run the whitelisted query `name` over the chosen documents' files with `params` bound."""
        import duckdb

        sql = _QUERIES[name]  # KeyError for anything not on the whitelist
        files = self.files(doc_ids)
        if not files:
            return pd.DataFrame()
        meta = pd.DataFrame(  # noqa: F841 — read by DuckDB as the table `meta`
            [
                {
                    "doc_id": d,
                    "unit_name": str(m.get("unit", "")),
                    "year": int(m.get("year", 0)),
                    "kind": str(m.get("kind", "")),
                }
                for d, m in self.docs.items()
            ]
        )
        con = duckdb.connect()
        try:
            con.register("meta", meta)
            return con.execute(sql, {"files": files, **params}).df()
        finally:
            con.close()

    def cells(self, keys: list[tuple[str, str, str]]) -> pd.DataFrame:
        """The stored cells behind (doc id, row id, column) citations, read from their documents' files only."""
        doc_ids = sorted({k[0] for k in keys})
        return self.query("cells", doc_ids, keys=["|".join(k) for k in keys])
