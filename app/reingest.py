"""Re-ingesting a document the index already holds: the two decisions app.library makes before writing.
Unchanged files (same bytes, read by the same engine with the same embedding model: `source_key`) are
skipped; a new version that would lose tables, figures, projects or narrative against the indexed one
(`Loss`, measured by `measure_loss`) is refused unless the user consents (`--replace`)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.config import Settings
from app.errors import BudgetQAError


@dataclass(frozen=True)
class Loss:
    """What a new version would lose against the one in the index."""

    tables: tuple[str, ...]
    cells: int
    projects: tuple[str, ...]
    chunks: int = 0  # narrative passages lost, counted only past a fifth of them (a re-chunking moves a few)

    def __bool__(self) -> bool:
        return bool(self.tables or self.cells > 0 or self.projects or self.chunks > 0)

    def describe(self) -> str:
        parts = []
        if self.tables:
            parts.append(
                f"表格 {len(self.tables)} 张（{'、'.join(self.tables[:8])}{'…' if len(self.tables) > 8 else ''}）"
            )
        if self.cells > 0:
            parts.append(f"数值 {self.cells} 个")
        if self.projects:
            parts.append(
                f"项目 {len(self.projects)} 个（{'、'.join(self.projects[:5])}{'…' if len(self.projects) > 5 else ''}）"
            )
        if self.chunks > 0:
            parts.append(f"正文段落 {self.chunks} 段")
        return "、".join(parts)


_ENGINE_FILES = (
    "ingest/*.py",
    "resources/*",
    "stores/*.py",
    "models.py",
    "catalogue.py",
    "numbers.py",
    "sentences.py",
    "checks.py",
)  # everything a parse or an index write runs


@lru_cache(maxsize=1)
def engine_fingerprint() -> str:
    """A digest of the code that turns a file into an index (reader, stores, vocabulary): a change to any of
    it makes the next ingest of an unchanged file read it again."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for pattern in _ENGINE_FILES:
        for f in sorted(root.glob(pattern)):
            digest.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes())
    return digest.hexdigest()[:16]


def source_key(path: str | Sequence[str], settings: Settings) -> str:
    """The files' bytes (in order), the engine that reads them and the embedding model, as one digest."""
    digest = hashlib.sha256(engine_fingerprint().encode())
    digest.update(repr((settings.embedding.backend, settings.embedding.model_path)).encode())
    for p in [path] if isinstance(path, str) else list(path):
        f = Path(p)
        if not f.is_file():
            return ""  # not a plain file (a pipe, a missing path): read it, and let the reader say what is wrong
        digest.update(hashlib.sha256(f.read_bytes()).digest())
    return digest.hexdigest()


def measure_loss(library: Any, old: dict[str, Any], tables: list, cells: list, perf: list, chunks: list) -> Loss:
    """What the new version (tables, cells, perf, chunks) would lose against `old`, the library's indexed one."""
    try:
        store = library.table_store(old["doc_id"])
        old_tables = set(store.tables(old["doc_id"])["label"])
        old_projects = {p.project for p in store.perf(old["doc_id"])}
    except BudgetQAError:
        return Loss((), 0, ())  # the old version is broken: nothing of it can be lost
    new_tables = {t.label for t in tables}
    new_projects = {p.project for p in perf}
    old_chunks = int(old.get("chunks", 0))
    lost_chunks = old_chunks - len(chunks) if len(chunks) < 0.8 * old_chunks else 0
    return Loss(
        tuple(sorted(old_tables - new_tables)),
        int(old.get("cells", 0)) - len(cells),
        tuple(sorted(old_projects - new_projects)),
        lost_chunks,
    )
