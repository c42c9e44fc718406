"""Dense retrieval over chunks: a persistent Chroma collection (cosine) under <index_dir>/chroma — in the
index, one collection per document version (app.stores.index names them).

Chroma embeds through `ChromaEmbedding` (our registered embedding function, never Chroma's default),
so the collection records which embedder built it and reopens with the same one.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import chromadb
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import NotFoundError

from app.errors import ConfigError, IndexCorruptError
from app.models import Chunk
from app.stores.embedder import ChromaEmbedding, Embedder

log = logging.getLogger(__name__)

COLLECTION = "chunks"


def chroma_client(index_dir: str | Path, url: str = "") -> chromadb.ClientAPI:
    """The Chroma server at `url` (client/server mode over HTTP), else the persistent client at
    <index_dir>/chroma; telemetry off either way."""
    if url:
        parsed = urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ConfigError(f"chroma_url 应是 http://主机:端口 形式，收到的是「{url}」。 (bad chroma_url)")
        try:
            return chromadb.HttpClient(
                host=parsed.hostname,
                port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                ssl=parsed.scheme == "https",
                settings=ChromaSettings(anonymized_telemetry=False),
            )
        except Exception as e:  # noqa: BLE001 - chromadb raises bare Exception/ValueError when the server is down
            raise ConfigError(
                f"连接不上 Chroma 服务器 {url}：{e}。请先启动它（chroma run），或清空 chroma_url 用本地向量库。"
            ) from e
    path = Path(index_dir) / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))


def _metadata(chunk: Chunk) -> dict[str, Any]:
    return {
        "doc_id": chunk.doc_id,
        "section": " > ".join(chunk.section),
        "page": chunk.page,
        "page_end": chunk.page_end,
        "line": chunk.line,
        "line_end": chunk.line_end,
        "kind": chunk.kind,
    }


class VectorStore:
    """Chunks in Chroma. `search` returns (chunk_id, cosine similarity), best first."""

    def __init__(
        self,
        index_dir: str | Path,
        embedder: Embedder,
        collection: str = COLLECTION,
        create: bool = True,
        url: str = "",
    ) -> None:
        self._client = chroma_client(index_dir, url)
        self._path = Path(index_dir) / "chroma"
        self._function = ChromaEmbedding(embedder)
        try:  # Chroma rebuilds the persisted embedding function here; it fails with ValueError
            if create:
                self._collection = self._client.get_or_create_collection(
                    collection, embedding_function=self._function, configuration={"hnsw": {"space": "cosine"}}
                )
            else:
                self._collection = self._client.get_collection(collection, embedding_function=self._function)
            persisted = self._collection.configuration.get("embedding_function")
        except NotFoundError as e:
            raise IndexCorruptError(
                f"索引不一致：向量集合 {collection} 不存在。请重新运行 budgetqa doctor --repair"
                " 或 budgetqa ingest。 (inconsistent index)"
            ) from e
        except ValueError as e:
            raise ConfigError(f"向量索引无法按当前嵌入设置打开：{e}。{self._rebuild_hint()}。") from e
        self._check_built_with(persisted, embedder)

    def _check_built_with(self, persisted: object, embedder: Embedder) -> None:
        if not isinstance(persisted, ChromaEmbedding):
            return
        built, wanted = persisted.get_config(), self._function.get_config()
        for key in ("backend", "model_path"):
            if built.get(key) != wanted.get(key):
                raise ConfigError(
                    f"向量索引是用嵌入模型 {built.get('backend')} {built.get('model_path', '')} 建的，"
                    f"当前设置是 {embedder.name}。{self._rebuild_hint()}，或改回原来的嵌入设置。"
                )

    def _rebuild_hint(self) -> str:
        return "请用 budgetqa ingest --replace 重新导入该文档（每个文档版本有自己的向量集合，按当前嵌入设置重建）"

    def upsert(self, chunks: list[Chunk]) -> None:
        """Add or replace chunks by chunk_id (idempotent)."""
        step = self._client.get_max_batch_size()
        for start in range(0, len(chunks), step):
            batch = chunks[start : start + step]
            self._collection.upsert(
                ids=[c.chunk_id for c in batch],
                documents=[c.text for c in batch],
                metadatas=[_metadata(c) for c in batch],
            )

    def replace_doc(self, doc_id: str, chunks: list[Chunk]) -> None:
        """Re-ingest one document: its old chunks go, so no stale chunk survives a changed chunking."""
        self.delete_doc(doc_id)
        self.upsert(chunks)

    def delete_doc(self, doc_id: str) -> None:
        self._collection.delete(where={"doc_id": doc_id})

    def count(self, doc_id: str | None = None) -> int:
        if doc_id is None:
            return self._collection.count()
        return len(self._collection.get(where={"doc_id": doc_id}, include=[])["ids"])

    def search(self, query: str, doc_id: str | None = None, k: int = 5) -> list[tuple[str, float]]:
        """The k chunks nearest to the query (within one document when doc_id is given)."""
        total = self._collection.count()
        if total == 0 or k <= 0:
            return []
        result = self._collection.query(
            query_texts=[query],
            n_results=min(k, total),
            where={"doc_id": doc_id} if doc_id is not None else None,
            include=["distances"],
        )
        distances = result["distances"] or [[]]
        return [(chunk_id, 1.0 - float(d)) for chunk_id, d in zip(result["ids"][0], distances[0])]


def collection_names(index_dir: Path | str) -> list[str]:
    """The collections of an index's embedded Chroma store ([] when it has none yet)."""
    if not (Path(index_dir) / "chroma").exists():
        return []
    return [c.name for c in chroma_client(index_dir).list_collections()]


def drop_collection(index_dir: Path | str, name: str, url: str = "") -> None:
    try:
        chroma_client(index_dir, url).delete_collection(name)
    except Exception as e:  # noqa: BLE001 — Chroma raises NotFoundError/ValueError/InternalError across versions
        log.debug("collection %s not dropped: %s", name, e)
