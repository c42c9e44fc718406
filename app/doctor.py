"""`budgetqa doctor`: check an index folder and, with --repair, fix what can be fixed.

Checks: the manifest reads; every document's version is complete, its files read, its vector collection
holds as many chunks as the version says; nothing is left over (versions of killed ingests, collections no
document names, files of the old single-version layout). Repairs: a manifest that cannot be read is rebuilt
from the complete versions on disk (the newest per document); a document whose version is broken is
re-ingested from its recorded file when that file is still there unchanged, else dropped from the manifest
(and named, so it can be ingested again); left-overs are deleted unless a reader holds them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from app.errors import BudgetQAError, IndexCorruptError
from app.stores.index import LEGACY, Index, collection_name


def run_doctor(library: Any, repair: bool) -> list[str]:
    index: Index = library.index
    out: list[str] = []
    if not index.dir.exists():
        return [f"没有索引文件夹：{index.dir}。运行 `budgetqa ingest 文件` 建立索引。"]
    try:
        docs = index.docs()
    except IndexCorruptError as e:
        out.append(f"问题：{e}")
        if not repair:
            return out
        docs = _rebuild_manifest(index)
        out.append(f"已修复：按磁盘上完整的版本重建索引清单（{len(docs)} 份文档）。")
    except BudgetQAError as e:  # a legacy folder: its files are listed as left-overs below
        out.append(f"问题：{e}")
        docs = {}
    for doc_id, meta in sorted(docs.items()):
        problem = _check_doc(library, doc_id)
        if problem is None:
            out.append(
                f"正常：{doc_id}（{meta.get('tables', 0)} 张表，{meta.get('cells', 0)} 个数值，{meta.get('chunks', 0)} 段正文）"
            )
            continue
        out.append(f"问题：{doc_id}：{problem}")
        if repair:
            out.append(_repair_doc(library, doc_id, meta))
    leftovers = index.unreferenced()
    legacy = [name for name in LEGACY if (index.dir / name).exists()]
    if leftovers:
        out.append(f"多余：{len(leftovers)} 个未被使用的版本（中断的导入或旧版本）。")
    if legacy:
        out.append(f"多余：旧格式的索引文件 {'、'.join(legacy)}。")
    if repair and (leftovers or legacy):
        with index.writer():
            library._collect()
        for name in legacy:
            (index.dir / name).unlink(missing_ok=True)
        kept = index.unreferenced()
        out.append("已清理多余文件。" + (f"仍有 {len(kept)} 个版本正被读取，稍后再清理。" if kept else ""))
    if not any(line.startswith(("问题", "多余")) for line in out):
        out.append("索引完好。")
    return out


def _check_doc(library: Any, doc_id: str) -> str | None:
    try:
        qa = library.qa(doc_id)
        qa.store.cells(doc_id)
        qa.narrative.lexical.search("预算", doc_id, 1)
    except BudgetQAError as e:
        return str(e)
    library.forget(doc_id)
    return None


def _repair_doc(library: Any, doc_id: str, meta: dict[str, Any]) -> str:
    path = Path(str(meta.get("path", "")))
    same = path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == meta.get("sha256")
    if same:
        try:
            library.ingest(str(path), replace_ok=True, progress=False)
            return f"已修复：从原文件 {path} 重新导入 {doc_id}。"
        except BudgetQAError as e:
            return f"未修复：重新导入 {path} 失败：{e}"
    with library.index.writer():
        library.index.remove(doc_id)
    return f"已修复：从清单中移除 {doc_id}（原文件 {path} 已不在或已改变），请重新 `budgetqa ingest` 该文件。"


def _rebuild_manifest(index: Index) -> dict[str, dict[str, Any]]:
    """The newest complete version of each document, read from the versions' own docs.json."""
    best: dict[str, dict[str, Any]] = {}
    for version in index.versions_on_disk():
        folder = index.version_dir(version)
        if ".part-" in version or not (folder / "COMPLETE").exists():
            continue
        try:
            docs = json.loads((folder / "docs.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for doc_id, meta in docs.items():
            meta = {**meta, "version": version, "collection": collection_name(version)}
            if doc_id not in best or version.split("-", 1)[1] > best[doc_id]["version"].split("-", 1)[1]:
                best[doc_id] = meta
    with index.writer():
        index._write_manifest(best)
    return best
