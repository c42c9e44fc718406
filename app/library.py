"""The library: the documents of one index, opened from settings. It owns the stores: ingest (files →
a new document version, swapped in atomically), the list of documents, removal, a document's BudgetQA,
and the checks and repairs of `budgetqa doctor`. The CLI, the web UI and the evaluation suite go through it.

Ingest is a transaction (app.stores.index): the new version's tables, chunks, BM25 and vectors are all
written aside, then the manifest names it. Until that rename, readers see the old version; a killed or
failed ingest leaves it whole. A re-ingest that would lose tables, figures or projects needs consent.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from app.config import Settings
from app.errors import BudgetQAError, IndexCorruptError, ReplaceRefused
from app.ingest.budget import check, time_budget
from app.models import IngestReport
from app.reingest import measure_loss, source_key
from app.stores.index import Index, collection_name, repair_hint

log = logging.getLogger(__name__)

# Test hook: kill this process (SIGKILL, as `kill -9` would) at a named point of ingest, to prove that a
# killed ingest leaves the index as it was. Points: parsed, tables, bm25, vectors-half, vectors, version, manifest.
FAULT_ENV = "BQA_KILL_AT"
OPEN_DOCS = 48  # documents kept open at once (their tables, BM25 and collection); the least recently used closes


def _fault(point: str) -> None:
    if os.environ.get(FAULT_ENV) == point:
        os.kill(os.getpid(), signal.SIGKILL)


class Library:
    """The documents of one index folder and one BudgetQA per document, kept fresh: a question after a
    re-ingest is answered from the new version."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.index = Index(settings.index_dir)
        self._open: dict[str, Any] = {}  # doc_id → BudgetQA of the version it was built from
        self._parts: dict[tuple[str, str, str], Any] = {}  # (doc, version, question) → a comparison's part
        self._lock = threading.Lock()

    # -- reading ------------------------------------------------------------------------------------
    def docs(self) -> dict[str, dict[str, Any]]:
        return self.index.docs()

    def resolve(self, wanted: str = "") -> str:
        """The document `wanted` names (id, unit or year); with several documents and none named, the default."""
        return self.default_doc() if not wanted and len(self.docs()) > 1 else self.index.resolve_doc(wanted)

    def default_doc(self) -> str:
        """settings.doc when set, else the most recently ingested document."""
        if self.settings.doc:
            return self.index.resolve_doc(self.settings.doc)
        docs = self.docs()
        if not docs:
            return self.index.resolve_doc("")  # says the index is empty, and how to fill it
        return max(docs, key=lambda d: (str(docs[d].get("version", "")).split("-")[1:2], d))

    def doc_for(self, question: str) -> str:
        """The document a question is about: the one whose unit (or its short form: 「工信局」), year and 部门/单位
        it names, else the default. With one document, that one."""
        from app.answer.across import named_docs
        from app.answer.guard import normalize

        docs = self.docs()
        if len(docs) <= 1 or self.settings.doc:
            return self.resolve(self.settings.doc)
        pool = named_docs(normalize(question), docs, loose=True)[0] or list(docs)
        if len(pool) == 1:
            return pool[0]
        default = self.default_doc()
        return default if default in pool else max(pool, key=lambda d: (docs[d].get("year", 0), d))

    def ask(self, question: str, history: tuple = (), doc: str = "") -> tuple[str, Any]:
        """A question over the library → (the document that answered, or "" for several; the Answer): a
        comparison of documents, else the document it names (or the conversation's), else the default."""
        from app.comparison import ask_library

        return ask_library(self, question, history, doc or self.settings.doc)

    def compare(self, subject: str, doc_ids: list[str]) -> Any:
        """One figure (「三公经费」) side by side across the chosen documents, each cited (the UI's comparison)."""
        from app.comparison import side_by_side
        from app.stores.warehouse import Warehouse

        docs = self.docs()
        return side_by_side(subject, doc_ids, docs, self._part, Warehouse(self.index.dir, docs))

    def _part(self, doc_id: str, question: str) -> Any:
        """A document's answer to a comparison's question, kept per version (a ranking asked again opens nothing)."""
        key = (doc_id, self.index.current(doc_id).get("version", ""), question)
        if key not in self._parts:
            self._parts[key] = self.qa(doc_id).ask_offline(question)
            while len(self._parts) > 8192:
                self._parts.pop(next(iter(self._parts)))
        return self._parts[key]

    def describe(self, doc_id: str) -> str:
        m = self.docs()[doc_id]
        return f"{m['unit']} {m['year']}年{m.get('kind') or '预算'}"

    def table_store(self, doc_id: str) -> Any:
        from app.stores.table_store import TableStore

        return TableStore(self.index.check_version(self.index.current(doc_id)))

    def table_tool(self, doc_id: str) -> tuple[str, Any]:
        """(version, TableTool) of a document's tables, without loading any model (for browsing and overviews)."""
        from app.tools.table_query import TableTool

        version = self.index.current(doc_id)["version"]
        store = self.table_store(doc_id)
        return version, TableTool(store.tables(doc_id), store.rows(doc_id), store.cells(doc_id))

    def qa(self, doc_id: str = "") -> Any:
        """The BudgetQA of a document's current version (built on first use, rebuilt after a re-ingest)."""
        doc_id = self.resolve(doc_id or self.settings.doc)
        for _ in range(5):  # a writer may replace the version between reading the manifest and leasing it
            meta = self.index.current(doc_id)
            with self._lock:
                qa = self._open.get(doc_id)
                if qa is not None and qa.version == meta["version"]:
                    self._open[doc_id] = self._open.pop(doc_id)  # most recently used last
                    return qa
                lease = self.index.lease(meta.get("version", "")) if meta.get("version") else None
                if lease is None:
                    if self.index.current(doc_id).get("version") != meta.get("version"):
                        continue  # replaced meanwhile: read the manifest again
                    self.index.check_version(meta)  # really missing: says so, with the repair
                qa = self._build(doc_id, meta, lease)
                self._open[doc_id] = qa
                while len(self._open) > OPEN_DOCS:  # a large library keeps the recently asked documents open
                    self._open.pop(next(iter(self._open))).lease.close()
                return qa
        raise IndexCorruptError(f"文档 {doc_id} 正在被反复替换，暂时无法打开。请稍后再试。 (index busy)")

    def _build(self, doc_id: str, meta: dict[str, Any], lease: Any) -> Any:
        from app.service import BudgetQA
        from app.stores.embedder import make_embedder
        from app.stores.lexical_store import LexicalStore
        from app.stores.table_store import TableStore
        from app.stores.vector_store import VectorStore

        try:
            folder = self.index.check_version(meta)
            vectors = VectorStore(
                self.index.dir,
                make_embedder(self.settings.embedding),
                meta["collection"],
                create=False,
                url=self.settings.chroma_url,
            )
            if vectors.count() != meta.get("chunks", 0):
                raise IndexCorruptError(
                    f"索引不一致：文档 {doc_id} 的向量索引有 {vectors.count()} 段，应有 {meta.get('chunks', 0)} 段。"
                    f"{repair_hint(self.index.dir)} (inconsistent index)"
                )
            qa = BudgetQA(replace(self.settings, doc=doc_id), doc_id, TableStore(folder), vectors, LexicalStore(folder))
        except BudgetQAError:
            lease.close()
            raise
        except (OSError, ValueError, KeyError) as e:  # a parquet or JSON file that cannot be read
            lease.close()
            raise IndexCorruptError(
                f"索引不一致：文档 {doc_id} 的文件无法读取（{type(e).__name__}: {e}）。"
                f"{repair_hint(self.index.dir)} (inconsistent index)"
            ) from e
        qa.version, qa.lease = meta["version"], lease
        return qa

    def close(self) -> None:
        """Release every open document (and its reader's lease)."""
        for doc_id in list(self._open):
            self.forget(doc_id)

    def forget(self, doc_id: str) -> None:
        with self._lock:
            qa = self._open.pop(doc_id, None)
        if qa is not None:
            qa.lease.close()

    # -- writing ------------------------------------------------------------------------------------
    def indexed_copy(self, path: str | Sequence[str]) -> dict[str, Any] | None:
        """The indexed document built from exactly these files (same bytes, same order) by this version of the
        reader and embedder, or None. `budgetqa ingest` skips such a file: re-reading it would change nothing."""
        key = source_key(path, self.settings)
        if not key:
            return None  # not plain files: the reader says what is wrong with them
        try:  # an unreadable index is no copy: ingest itself reports it (or rebuilds beside it)
            docs = self.index.docs(writing=True)
            for meta in docs.values():
                if meta.get("source_key") == key:
                    self.index.check_version(meta)
                    return meta
        except BudgetQAError:
            return None
        return None

    def ingest(
        self, path: str | Sequence[str], replace_ok: bool = False, progress: bool = True, on_wait: Any = None
    ) -> IngestReport:
        """Parse the files of one disclosure and make it the current version of its document. Refuses
        (ReplaceRefused) a version that loses tables, figures or projects unless `replace_ok`."""
        from app.ingest.pipeline import parse

        key = source_key(path, self.settings)
        with time_budget(self.settings.ingest_timeout_s):
            doc, tables, refs, cells, perf, chunks, warnings = parse(path)
            _fault("parsed")
            return self._store(
                replace(doc, source_key=key), tables, refs, cells, perf, chunks, warnings, replace_ok, progress, on_wait
            )

    def _store(
        self,
        doc: Any,
        tables: list,
        refs: list,
        cells: list,
        perf: list,
        chunks: list,
        warnings: list,
        replace_ok: bool,
        progress: bool,
        on_wait: Any,
    ) -> IngestReport:
        from app.checks import checks_per_table

        summary = {
            "tables": len(tables),
            "cells": len(cells),
            "perf_targets": len(perf),
            "chunks": len(chunks),
            "warnings": len(warnings),
        }
        with self.index.writer(self.settings.lock_wait_s, on_wait=on_wait):
            old = self.index.docs(writing=True).get(doc.doc_id)
            if old is not None and not replace_ok:
                loss = measure_loss(self, old, tables, cells, perf, chunks)
                if loss:
                    raise ReplaceRefused(
                        f"索引中已有 {doc.unit} {doc.year}年 的文档（{Path(str(old.get('path', ''))).name}）。"
                        f"新文件与它相比少了：{loss.describe()}。旧版本保持不变。"
                        "如确需用新文件替换，请加 --replace。 (re-ingest would lose data)"
                    )
            meta = self._write_version(doc, tables, refs, cells, perf, chunks, summary, progress)
            _fault("version")
            self.index.commit(doc.doc_id, meta)
            _fault("manifest")
            self._collect()
        self.forget(doc.doc_id)
        return IngestReport(
            doc=doc,
            tables=tuple(tables),
            rows_per_table=dict(Counter(c.table for c in cells)),
            perf_targets=len(perf),
            chunks=len(chunks),
            warnings=tuple(warnings),
            checks=checks_per_table(tables, cells),
        )

    def _write_version(
        self,
        doc: Any,
        tables: list,
        refs: list,
        cells: list,
        perf: list,
        chunks: list,
        summary: dict[str, Any],
        progress: bool,
    ) -> dict[str, Any]:
        from app.stores.embedder import make_embedder
        from app.stores.lexical_store import LexicalStore
        from app.stores.table_store import TableStore
        from app.stores.vector_store import VectorStore

        with self.index.building(doc.doc_id) as (version, part):
            TableStore(part).write(doc, tables, refs, cells, perf, chunks, summary)
            _fault("tables")
            LexicalStore(part).build(doc.doc_id, chunks)
            _fault("bm25")
            name = collection_name(version)
            try:
                vectors = VectorStore(
                    self.index.dir,
                    make_embedder(self.settings.embedding, role="ingest"),
                    name,
                    url=self.settings.chroma_url,
                )
                step = max(1, self.settings.embedding.batch_size)
                with _bar(len(chunks), "嵌入 embedding", progress) as bar:
                    for i in range(0, len(chunks), step):
                        check(f"嵌入正文段落 {i}/{len(chunks)}")
                        vectors.upsert(chunks[i : i + step])
                        bar.update(len(chunks[i : i + step]))
                        if i == 0 and len(chunks) > step:
                            _fault("vectors-half")
                _fault("vectors")
                if vectors.count() != len(chunks):
                    raise IndexCorruptError(
                        f"向量索引写入不完整（{vectors.count()}/{len(chunks)}）。旧版本保持不变，请重试。"
                    )
            except BaseException:
                vector_store().drop_collection(self.index.dir, name, self.settings.chroma_url)
                raise
        return {
            "doc_id": doc.doc_id,
            "unit": doc.unit,
            "year": doc.year,
            "path": doc.path,
            "sha256": doc.sha256,
            "source_key": doc.source_key,
            "encoding": doc.encoding,
            "kind": getattr(doc, "kind", ""),
            **summary,
            "version": version,
            "collection": name,
        }

    def remove(self, doc_id: str) -> dict[str, Any]:
        """Delete a document: its rows, chunks and vectors, nothing else."""
        with self.index.writer(self.settings.lock_wait_s):
            meta = self.index.remove(self.resolve(doc_id))
            self._collect()
        self.forget(meta["doc_id"])
        return meta

    def _collect(self) -> None:
        """Delete what no document names any more (the replaced version, versions left by killed ingests,
        their collections) unless a reader still holds it. Runs under the writer lock."""
        for version in self.index.unreferenced():
            if self.index.delete_version(version):
                vector_store().drop_collection(
                    self.index.dir, collection_name(version.split(".part-")[0]), self.settings.chroma_url
                )
        if self.settings.chroma_url:
            return  # a shared server holds other indexes' collections too: only this index's versions are dropped
        live = {m.get("collection") for m in self.index.docs(writing=True).values()}
        on_disk = set(self.index.versions_on_disk())
        for name in vector_store().collection_names(self.index.dir):
            version = name.removeprefix("chunks-")
            if (
                name not in live
                and version not in on_disk
                and not any(v.startswith(version + ".part-") for v in on_disk)
            ):
                vector_store().drop_collection(self.index.dir, name)

    # -- doctor -------------------------------------------------------------------------------------
    def doctor(self, repair: bool = False) -> list[str]:
        """Check the index; with `repair`, fix what can be fixed. Returns one line per finding."""
        from app.doctor import run_doctor

        return run_doctor(self, repair)


def _bar(total: int, desc: str, enabled: bool) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="块", disable=not enabled, leave=False)


def vector_store() -> Any:
    """The Chroma module, imported only when a collection is touched (`budgetqa docs` needs no Chroma)."""
    from app.stores import vector_store

    return vector_store


def build(settings: Settings) -> Any:
    """The BudgetQA of the document settings.doc names (or the default one) in settings.index_dir."""
    return Library(settings).qa(settings.doc)
