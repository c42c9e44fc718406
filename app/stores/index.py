"""The index folder as a set of complete, immutable document versions and one manifest that names the
current version of each document. Ingest is a transaction: a new version is built aside and becomes
current only by the atomic rename of the manifest, so a reader sees the old version or the new one,
never a mix, and a failed or killed ingest leaves the old version whole.

index/library.json             the manifest: {"format": 2, "docs": {doc_id: {unit, year, ..., version, collection}}}
index/versions/<V>/            one document version: the TableStore files and the BM25 index (LexicalStore)
index/versions/<V>/COMPLETE    written last, before the version is named in the manifest
index/versions/<V>/READING     readers hold a shared lock on it; a version is deleted only when unlocked
index/versions/<V>.part-<pid>  a version being built (left behind by a killed ingest; removed by the next)
index/chroma/                  one Chroma store; one collection per document version
index/locks/writer.lock        one writer at a time (an exclusive lock; a second writer waits, then is told)

Locks are advisory fcntl locks: they vanish with the process that held them, so a killed writer or reader
never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from app.errors import IndexBusyError, IndexCorruptError, IndexMissingError

FORMAT = 2
MANIFEST = "library.json"
LEGACY = ("docs.json", "tables.parquet", "rows.parquet", "cells.parquet", "chunks.parquet", "perf.json")


def repair_hint(index_dir: Path) -> str:
    return f"修复：运行 `budgetqa doctor --repair --index-dir {index_dir}`，或重新 `budgetqa ingest` 原文件。"


class Index:
    """The manifest, the versions and the locks of one index folder. Stores are opened per version."""

    def __init__(self, index_dir: str | Path) -> None:
        self.dir = Path(index_dir)

    # -- the manifest -------------------------------------------------------------------------------
    @property
    def manifest_path(self) -> Path:
        return self.dir / MANIFEST

    def is_legacy(self) -> bool:
        """An index written before versions existed (one set of files at the top)."""
        return not self.manifest_path.exists() and (self.dir / "docs.json").exists()

    def docs(self, writing: bool = False) -> dict[str, dict[str, Any]]:
        """doc_id → the current version's metadata. {} for a folder with no index yet. A reader of a folder
        written before versions existed is told to re-ingest; a writer (`writing`) builds the new layout beside
        the old files (which `budgetqa doctor --repair` removes)."""
        path = self.manifest_path
        if not path.exists():
            if self.is_legacy() and not writing:
                raise IndexMissingError(
                    f"{self.dir} 是旧版本格式的索引。请重新运行 `budgetqa ingest 文件` 重建（旧文件可以删除）。 (legacy index)"
                )
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            docs = data["docs"]
            if data.get("format") != FORMAT or not isinstance(docs, dict):
                raise ValueError(f"format {data.get('format')!r}")
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise IndexCorruptError(
                f"索引清单 {path} 无法读取（{e}）。{repair_hint(self.dir)} (corrupt manifest)"
            ) from e
        return docs

    def _write_manifest(self, docs: dict[str, dict[str, Any]]) -> None:
        tmp = self.dir / f"{MANIFEST}.tmp-{os.getpid()}"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump({"format": FORMAT, "docs": docs}, fh, ensure_ascii=False, indent=1, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.manifest_path)
        _fsync_dir(self.dir)

    def resolve_doc(self, wanted: str = "") -> str:
        """The doc id to answer from: the only one, or the one `wanted` names (id, unit or year)."""
        docs = self.docs()
        if not docs:
            raise IndexMissingError(
                f"索引为空：{self.dir} 中还没有文档。请先运行 `budgetqa ingest 文件.pdf --index-dir {self.dir}`。 (no index)"
            )
        if not wanted:
            if len(docs) == 1:
                return next(iter(docs))
            raise IndexMissingError("索引中有多份文档，请用 --doc 指定其一：" + "、".join(sorted(docs)))
        if wanted in docs:
            return wanted
        hits = [d for d, m in docs.items() if wanted in (m["unit"], str(m["year"])) or wanted in d]
        if len(hits) != 1:
            raise IndexMissingError(f"找不到文档「{wanted}」。索引中有：" + "、".join(sorted(docs)))
        return hits[0]

    # -- versions -----------------------------------------------------------------------------------
    def version_dir(self, version: str) -> Path:
        return self.dir / "versions" / version

    def current(self, doc_id: str) -> dict[str, Any]:
        meta = self.docs().get(doc_id)
        if meta is None:
            raise IndexMissingError(f"索引中没有文档「{doc_id}」。索引中有：" + "、".join(sorted(self.docs())))
        return meta

    def check_version(self, meta: dict[str, Any]) -> Path:
        """The version's folder, or IndexCorruptError when it is missing or incomplete."""
        folder = self.version_dir(str(meta.get("version", "")))
        if not meta.get("version") or not (folder / "COMPLETE").exists():
            raise IndexCorruptError(
                f"索引不一致：文档 {meta.get('doc_id')} 的版本 {meta.get('version')} 缺失或不完整。{repair_hint(self.dir)}"
                " (inconsistent index)"
            )
        return folder

    @contextmanager
    def building(self, doc_id: str) -> Iterator[tuple[str, Path]]:
        """A fresh version name and its build folder (…part-<pid>); renamed to the version on success,
        removed on failure. The caller commits it with `commit`."""
        key = hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:12]
        version = f"v{key}-{time.strftime('%Y%m%d%H%M%S')}-{os.urandom(3).hex()}"
        part = self.dir / "versions" / f"{version}.part-{os.getpid()}"
        part.mkdir(parents=True)
        try:
            yield version, part
        except BaseException:
            shutil.rmtree(part, ignore_errors=True)
            raise
        (part / "COMPLETE").write_text(version, encoding="utf-8")
        _fsync_tree(part)
        os.replace(part, self.version_dir(version))
        _fsync_dir(part.parent)

    def commit(self, doc_id: str, meta: dict[str, Any]) -> dict[str, Any] | None:
        """Make `meta` (naming a complete version) the document's current version. Returns the previous meta."""
        self.check_version(meta)
        docs = self.docs(writing=True)
        previous = docs.get(doc_id)
        docs[doc_id] = meta
        self._write_manifest(docs)
        return previous

    def remove(self, doc_id: str) -> dict[str, Any]:
        docs = self.docs()
        if doc_id not in docs:
            raise IndexMissingError(f"索引中没有文档「{doc_id}」。索引中有：" + "、".join(sorted(docs)))
        meta = docs.pop(doc_id)
        self._write_manifest(docs)
        return meta

    def versions_on_disk(self) -> list[str]:
        folder = self.dir / "versions"
        return sorted(p.name for p in folder.iterdir()) if folder.exists() else []

    def unreferenced(self) -> list[str]:
        """Version folders (complete or partial) that the manifest does not name."""
        live = {m.get("version") for m in self.docs(writing=True).values()}
        return [v for v in self.versions_on_disk() if v not in live]

    # -- locks --------------------------------------------------------------------------------------
    @contextmanager
    def writer(self, wait_s: float = 600.0, on_wait: Any = None) -> Iterator[None]:
        """The one writer's lock. Waits up to `wait_s` for another writer (telling `on_wait` once), then
        raises IndexBusyError."""
        locks = self.dir / "locks"
        locks.mkdir(parents=True, exist_ok=True)
        fh = open(locks / "writer.lock", "a+")  # noqa: SIM115 (held as a lock past this call)
        try:
            deadline = time.monotonic() + wait_s
            told = False
            while True:
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise IndexBusyError(
                            f"另一个导入正在写入索引 {self.dir}，等待 {wait_s:.0f} 秒后仍未结束。请稍后再试。 (index busy)"
                        ) from None
                    if not told and on_wait is not None:
                        on_wait("另一个导入正在写入索引，等待它完成…")
                        told = True
                    time.sleep(0.2)
            yield
        finally:
            fh.close()  # closing the file releases the lock

    def lease(self, version: str) -> IO[str] | None:
        """A reader's shared lock on a complete version, held while the returned file is open; None when the
        version is gone (a writer replaced and removed it since the manifest was read: read it again)."""
        folder = self.version_dir(version)
        try:
            fh = open(folder / "READING", "a+")  # noqa: SIM115 (held as a lock past this call)
        except (FileNotFoundError, NotADirectoryError):
            return None
        fcntl.flock(fh, fcntl.LOCK_SH)  # waits while a clean-up holds it exclusively
        if not (folder / "COMPLETE").exists():
            fh.close()
            return None
        return fh

    def delete_version(self, version: str) -> bool:
        """Remove a version folder unless a reader holds it (then a later clean-up removes it). The exclusive
        lock is held until the folder is gone, so a reader arriving meanwhile waits and then finds it gone."""
        folder = self.version_dir(version)
        if ".part-" in version:
            if _pid_alive(version.rsplit(".part-", 1)[1]):
                return False
            shutil.rmtree(folder, ignore_errors=True)
            return True
        try:
            fh = open(folder / "READING", "a+")  # noqa: SIM115 (held as a lock past this call)
        except (FileNotFoundError, NotADirectoryError):
            shutil.rmtree(folder, ignore_errors=True)
            return True
        with fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            (folder / "COMPLETE").unlink(missing_ok=True)  # from here on, a reader that gets in sees it gone
            shutil.rmtree(folder, ignore_errors=True)
        return True


def collection_name(version: str) -> str:
    """The Chroma collection of a version (Chroma names: 3–512 of [a-zA-Z0-9._-])."""
    return f"chunks-{version}"


def _pid_alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(path: Path) -> None:
    for p in path.rglob("*"):
        if p.is_file():
            with open(p, "rb") as fh:
                os.fsync(fh.fileno())
    _fsync_dir(path)
