"""Tidy tables persisted as parquet under the index folder, one set of files for all documents.

index/docs.json        the documents: id, unit, year, source path, sha256, counts
index/tables.parquet   one row per table (label, title, kind, columns, unit, page, empty)
index/rows.parquet     one row per table row (RowRef), including rows whose cells are all blank
index/cells.parquet    the tidy cells (TableRow); `value` is stored as its exact decimal string
index/perf.json        the 绩效目标表 records
index/chunks.parquet   narrative chunks (text and locators) — the vector and BM25 stores index these

Writing a document replaces everything stored for it before (idempotent re-ingest).
"""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from app.errors import IndexMissingError
from app.models import Chunk, Indicator, PerfTarget, RowRef, SourceDoc, Table, TableRow

CSV_HEADER = ("table", "title", "code", "name", "column", "value", "unit", "page", "line")


def _frame(items: list[Any], cls: type) -> pd.DataFrame:
    names = [f.name for f in dataclasses.fields(cls)]
    return pd.DataFrame([dataclasses.asdict(i) for i in items], columns=names)


class TableStore:
    def __init__(self, index_dir: str | Path):
        self.dir = Path(index_dir)

    # -- writing -----------------------------------------------------------------------------------
    def write(
        self,
        doc: SourceDoc,
        tables: list[Table],
        refs: list[RowRef],
        cells: list[TableRow],
        perf: list[PerfTarget],
        chunks: list[Chunk],
        summary: dict[str, Any],
    ) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        tables_df = _frame(tables, Table)
        tables_df["columns"] = tables_df["columns"].map(lambda c: "|".join(c))
        cells_df = _frame(cells, TableRow)
        cells_df["value"] = cells_df["value"].map(str)
        chunks_df = _frame(chunks, Chunk)
        chunks_df["section"] = chunks_df["section"].map(lambda s: " > ".join(s))
        for name, df in (
            ("tables", tables_df),
            ("rows", _frame(refs, RowRef)),
            ("cells", cells_df),
            ("chunks", chunks_df),
        ):
            self._replace_parquet(name, doc.doc_id, df)
        perf_all = {k: v for k, v in self._read_json("perf.json", {}).items() if k != doc.doc_id}
        perf_all[doc.doc_id] = [_perf_to_json(p) for p in perf]
        self._write_json("perf.json", perf_all)
        docs = self._read_json("docs.json", {})
        docs[doc.doc_id] = {
            "doc_id": doc.doc_id,
            "unit": doc.unit,
            "year": doc.year,
            "path": doc.path,
            "sha256": doc.sha256,
            "encoding": doc.encoding,
            **summary,
        }
        self._write_json("docs.json", docs)

    def _replace_parquet(self, name: str, doc_id: str, df: pd.DataFrame) -> None:
        path = self.dir / f"{name}.parquet"
        if path.exists():
            old = pd.read_parquet(path)
            old = old[old["doc_id"] != doc_id]
            df = pd.concat([old, df], ignore_index=True) if len(old) else df
        tmp = path.with_suffix(".parquet.tmp")
        df.to_parquet(tmp, index=False)
        tmp.replace(path)

    def _read_json(self, name: str, default: Any) -> Any:
        path = self.dir / name
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else default

    def _write_json(self, name: str, data: Any) -> None:
        path = self.dir / name
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
        tmp.replace(path)

    # -- reading -----------------------------------------------------------------------------------
    def docs(self) -> dict[str, dict[str, Any]]:
        return self._read_json("docs.json", {})

    def _load(self, name: str, doc_id: str) -> pd.DataFrame:
        path = self.dir / f"{name}.parquet"
        if not path.exists():
            raise IndexMissingError(f"索引不完整：缺少 {path}。请重新运行 `budgetqa ingest`。 (index incomplete)")
        df = pd.read_parquet(path)
        return df[df["doc_id"] == doc_id].reset_index(drop=True)

    def tables(self, doc_id: str) -> pd.DataFrame:
        df = self._load("tables", doc_id)
        df["columns"] = df["columns"].map(lambda c: tuple(c.split("|")) if c else ())
        return df

    def rows(self, doc_id: str) -> pd.DataFrame:
        return self._load("rows", doc_id)

    def cells(self, doc_id: str) -> pd.DataFrame:
        df = self._load("cells", doc_id)
        df["value"] = df["value"].map(Decimal)
        return df

    def chunks(self, doc_id: str) -> list[Chunk]:
        df = self._load("chunks", doc_id)
        return [
            Chunk(**{**r, "section": tuple(r["section"].split(" > ")) if r["section"] else ()})  # type: ignore[arg-type]
            for r in df.to_dict("records")
        ]

    def perf(self, doc_id: str) -> list[PerfTarget]:
        return [_perf_from_json(p) for p in self._read_json("perf.json", {}).get(doc_id, [])]

    def csv_rows(self, doc_id: str, table: str = "") -> pd.DataFrame:
        """The tidy rows as `budgetqa tables --csv` prints them: value as printed in the document."""
        df = self._load("cells", doc_id)
        if table:
            df = df[df["table"] == table]
        out = df[["table", "title", "code", "name", "column", "raw", "unit", "page", "line"]].rename(
            columns={"raw": "value"}
        )
        return out[list(CSV_HEADER)]


def _perf_to_json(p: PerfTarget) -> dict[str, Any]:
    d = dataclasses.asdict(p)
    d["funds"] = [[a, b, str(c)] for a, b, c in p.funds]
    return d


def _perf_from_json(d: dict[str, Any]) -> PerfTarget:
    return PerfTarget(
        **{
            **d,
            "funds": tuple((a, b, Decimal(c)) for a, b, c in d["funds"]),
            "texts": tuple(tuple(t) for t in d["texts"]),
            "indicators": tuple(Indicator(**i) for i in d["indicators"]),
        }
    )
