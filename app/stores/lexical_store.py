"""Lexical retrieval over chunks: Okapi BM25, one JSON index per document under <index_dir>/bm25/.

Tokens (measured on colloquial questions, see tests/test_stores.py): jieba search-mode words plus
CJK character bigrams and unigrams. Words alone miss colloquial forms (「公车」 vs 「公务用车」,
「几辆」 vs 「1辆」); characters catch them, and idf keeps common characters cheap. A chunk is indexed
with its heading path, and a question gets a few official terms added for common colloquial ones.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import re
import threading
import unicodedata
from collections import Counter
from pathlib import Path
from types import ModuleType

import numpy as np

from app.errors import IndexMissingError
from app.models import Chunk
from app.vocabulary import official_terms

TOKENIZER = "jieba-search+cjk-1-2gram/1"  # stored with each index; bump whenever tokenize() changes
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_QUOTES = re.compile(r"[“”‘’\"'「」『』]")  # dropped so 「“三公”经费」 reads as 三公经费
# A question about what a term means should find the 名词解释 part (added to the question). Colloquial words
# get their official terms from the shared list in app/resources/synonyms.tsv (app.vocabulary).
_DEFINITION_WORDS = re.compile(r"什么意思|是什么|指什么|含义|定义|什么叫|何谓")
_jieba_lock = threading.Lock()
_jieba_ready = False


def _jieba() -> ModuleType:
    """jieba, initialised once and quietly (it logs a banner to stderr otherwise)."""
    global _jieba_ready
    import jieba

    with _jieba_lock:
        if not _jieba_ready:
            from app import cache_dir

            jieba.setLogLevel(logging.WARNING)
            try:
                jieba.dt.tmp_dir = cache_dir()  # its dictionary cache: our own 0700 folder, never the shared /tmp
            except OSError:
                jieba.dt.cache_file = None
            jieba.initialize()
            _jieba_ready = True
    return jieba


def _is_word(token: str) -> bool:
    return any(ch.isalnum() for ch in token)


def tokenize(text: str) -> list[str]:
    """jieba search-mode words + CJK bigrams + CJK characters. NFKC, ASCII lowercased, quotes,
    punctuation and whitespace dropped."""
    text = _QUOTES.sub("", unicodedata.normalize("NFKC", text).lower())
    tokens = [t for t in _jieba().lcut_for_search(text) if _is_word(t)]
    for run in _CJK_RUN.findall(text):
        tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
        tokens.extend(run)
    return tokens


def expand_query(question: str) -> str:
    """The question plus the official terms for the colloquial ones it uses."""
    extra = official_terms(question) + (["名词解释"] if _DEFINITION_WORDS.search(question) else [])
    return " ".join([question, *extra])


def _indexed_text(chunk: Chunk) -> str:
    return "\n".join([*chunk.section, chunk.text])


class Okapi:
    """Okapi BM25 (Lucene's non-negative idf) over pre-tokenised documents."""

    def __init__(self, docs: list[list[str]], k1: float = 1.5, b: float = 0.75) -> None:
        self.n = len(docs)
        self.k1 = k1
        lengths = np.array([len(d) for d in docs], dtype=np.float64)
        avg = float(lengths.mean()) if self.n and lengths.sum() else 1.0
        self._norm = k1 * (1.0 - b + b * lengths / avg)
        postings: dict[str, tuple[list[int], list[int]]] = {}
        for i, doc in enumerate(docs):
            for term, tf in Counter(doc).items():
                rows, tfs = postings.setdefault(term, ([], []))
                rows.append(i)
                tfs.append(tf)
        self._postings = {t: (np.array(rows), np.array(tfs, dtype=np.float64)) for t, (rows, tfs) in postings.items()}

    def scores(self, query: list[str]) -> np.ndarray:
        out = np.zeros(self.n)
        for term in set(query):
            if term not in self._postings:
                continue
            idx, tf = self._postings[term]
            idf = math.log(1.0 + (self.n - len(idx) + 0.5) / (len(idx) + 0.5))
            out[idx] += idf * tf * (self.k1 + 1.0) / (tf + self._norm[idx])
        return out


class LexicalStore:
    """BM25 per document. `search` returns (chunk_id, bm25 score) of chunks sharing a term, best first."""

    def __init__(self, index_dir: str | Path) -> None:
        self._dir = Path(index_dir) / "bm25"
        self._loaded: dict[str, tuple[list[str], Okapi]] = {}

    def _path(self, doc_id: str) -> Path:
        return self._dir / f"{hashlib.sha256(doc_id.encode('utf-8')).hexdigest()[:32]}.json"

    def build(self, doc_id: str, chunks: list[Chunk]) -> None:
        """(Re)build the index of one document from its chunks; replaces any previous one."""
        ids = [c.chunk_id for c in chunks]
        tokens = [tokenize(_indexed_text(c)) for c in chunks]
        payload = {"doc_id": doc_id, "tokenizer": TOKENIZER, "ids": ids, "tokens": tokens}
        self._dir.mkdir(parents=True, exist_ok=True)
        path = self._path(doc_id)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
        self._loaded[doc_id] = (ids, Okapi(tokens))

    def has_doc(self, doc_id: str) -> bool:
        return self._path(doc_id).exists()

    def delete_doc(self, doc_id: str) -> None:
        self._loaded.pop(doc_id, None)
        self._path(doc_id).unlink(missing_ok=True)

    def _load(self, doc_id: str) -> tuple[list[str], Okapi]:
        if doc_id in self._loaded:
            return self._loaded[doc_id]
        path = self._path(doc_id)
        if not path.exists():
            raise IndexMissingError(f"文档 {doc_id} 还没有建立关键词索引。请先运行 budgetqa ingest。")
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise IndexMissingError(f"文档 {doc_id} 的关键词索引无法读取（{e}）。请重新运行 budgetqa ingest。") from e
        if payload.get("tokenizer") != TOKENIZER or payload.get("doc_id") != doc_id:
            raise IndexMissingError(f"文档 {doc_id} 的关键词索引来自旧版本。请重新运行 budgetqa ingest。")
        self._loaded[doc_id] = (payload["ids"], Okapi(payload["tokens"]))
        return self._loaded[doc_id]

    def search(self, query: str, doc_id: str, k: int = 5) -> list[tuple[str, float]]:
        """The k best chunks of one document; IndexMissingError if it was never built."""
        ids, bm25 = self._load(doc_id)
        scores = bm25.scores(tokenize(expand_query(query)))
        order = sorted((i for i in range(len(ids)) if scores[i] > 0), key=lambda i: (-scores[i], i))
        return [(ids[i], float(scores[i])) for i in order[:k]]
