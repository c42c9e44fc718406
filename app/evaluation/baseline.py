"""The baseline the engine is compared with: the usual vector RAG (llama-index over plain-text chunks, the
top-1 chunk as the answer, its first figure as the key figure). It reads the raw text itself, bypassing our
reader's tables: the two imports of app.ingest.read and app.stores.embedder are the evaluation's only
reach below the core object (allowed by name in pyproject.toml's import contracts)."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.evaluation.scoring import normalize_unit
from app.models import Answer, Citation

BASELINE_CHUNK_SIZE = 256  # tokens; llama-index's default is 1024, which would make "top chunk" meaningless
BASELINE_CHUNK_OVERLAP = 32
# The baseline's key figure: the first number in its chunk that carries a money / percent / count unit,
# or failing that a bare decimal with two places (a table cell, read as 万元). Years (2024年), codes
# (2140206) and dates carry none of these and are skipped.
_BASELINE_FIGURE = re.compile(
    r"(?<![\d.,])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(?P<unit>万元|亿元|元|%|％|辆|个|人|台|平方米|次)"
    r"|(?<![\d.,])(?P<dec>\d+\.\d{2})(?![\d.%])"
)


def baseline_figure(text: str) -> tuple[Decimal | None, str | None]:
    """(value, unit) by the baseline's rule above; (None, None) when the chunk holds no such number."""
    m = _BASELINE_FIGURE.search(unicodedata.normalize("NFKC", text))
    if not m:
        return None, None
    if m.group("dec"):
        return Decimal(m.group("dec")), "万元"
    return Decimal(m.group("num").replace(",", "")), normalize_unit(m.group("unit"))


class Baseline:
    """How this is usually built: llama-index VectorStoreIndex over plain-text chunks of the whole document
    (tables included as text), the same embedding model as ours, the top-1 chunk as the answer. No LLM:
    llama_index's global Settings get MockLLM and our embedding explicitly, so nothing falls back to OpenAI.
    It never abstains and has no memory (dialogue turns are asked alone). Its citation is its chunk: it
    matches when the chunk's text contains a gold source."""

    def __init__(self, doc: Path, settings: Any) -> None:
        from llama_index.core import Document, VectorStoreIndex
        from llama_index.core import Settings as LlamaSettings
        from llama_index.core.llms import MockLLM
        from llama_index.core.node_parser import SentenceSplitter

        from app.ingest.read import decode
        from app.stores.embedder import llama_index_embedding, make_embedder

        embed = llama_index_embedding(make_embedder(settings.embedding))
        LlamaSettings.llm = MockLLM()
        LlamaSettings.embed_model = embed
        text, _ = decode(doc.read_bytes(), str(doc))
        splitter = SentenceSplitter(chunk_size=BASELINE_CHUNK_SIZE, chunk_overlap=BASELINE_CHUNK_OVERLAP)
        index = VectorStoreIndex.from_documents(
            [Document(text=text)], transformations=[splitter], embed_model=embed, show_progress=False
        )
        self._retriever = index.as_retriever(similarity_top_k=1)

    def ask(self, question: str, history: tuple = ()) -> Answer:
        hits = self._retriever.retrieve(question)
        chunk = hits[0].node.get_content() if hits else ""
        value, unit = baseline_figure(chunk)
        first_line = next((ln.strip() for ln in chunk.splitlines() if ln.strip()), "")
        cite = Citation(
            source=first_line,
            title=chunk,
            locator="top-1 chunk",
            quote=chunk,
            kind="chunk",
            ref_id=hits[0].node.node_id if hits else "",
            page=0,
            line=0,
        )
        return Answer(
            question=question,
            text=chunk,
            value=value,
            unit=unit,
            route="baseline",
            reason="vector top-1 chunk",
            citations=(cite,) if hits else (),
            status="answered",
        )
