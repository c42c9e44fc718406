"""Ingest is a transaction: kill points, two writers, readers during a writer, replacement consent, a broken
index found on open and repaired by `budgetqa doctor`. Every ingest here is a real `budgetqa` process on the
bundled document; a kill is a real SIGKILL (the BQA_KILL_AT hook names where)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.config import load_settings
from app.errors import IndexBusyError, IndexCorruptError, ReplaceRefused
from app.library import Library
from app.stores.index import Index

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data" / "datong_gxj_2024.txt"
DOC = "2024-大同市工业和信息化局"
NARRATIVE_Q = "今年预算比上年减少的主要原因是什么？"


def budgetqa(*args: str, env: dict[str, str] | None = None, **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=600,
        **kw,
    )


def collections(index: Path) -> set[str]:
    from app.stores.vector_store import chroma_client

    return {c.name for c in chroma_client(index).list_collections()}


def current(index: Path) -> dict:
    return json.loads((index / "library.json").read_text(encoding="utf-8"))["docs"][DOC]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """An index of the bundled document, built once; tests copy it."""
    index = tmp_path_factory.mktemp("rel") / "index"
    assert budgetqa("ingest", str(BUNDLED), "--index-dir", str(index), "--no-progress", "--force").returncode == 0
    return index


@pytest.fixture
def index(built, tmp_path) -> Path:
    copy = tmp_path / "index"
    shutil.copytree(built, copy)
    return copy


def answers(index: Path) -> tuple[str, str]:
    qa = Library(load_settings(index_dir=str(index))).qa()
    return qa.ask("三公经费是多少").text, qa.ask(NARRATIVE_Q).text


@pytest.mark.parametrize("point", ["parsed", "tables", "bm25", "vectors-half", "vectors", "version"])
def test_a_killed_ingest_leaves_the_old_version_whole(index, point):
    before_meta, before_answers = current(index), answers(index)
    run = budgetqa(
        "ingest", str(BUNDLED), "--index-dir", str(index), "--no-progress", "--force", env={"BQA_KILL_AT": point}
    )
    assert run.returncode == -9, run.stderr
    assert current(index) == before_meta
    assert answers(index) == before_answers
    assert "3.50万元" in before_answers[0] and "人员" in before_answers[1]
    # what the killed ingest left behind is named by doctor and removed by doctor --repair
    check = budgetqa("doctor", "--index-dir", str(index))
    assert "正常：2024-大同市工业和信息化局" in check.stdout
    assert ("多余" in check.stdout) == (point != "parsed")
    fixed = budgetqa("doctor", "--repair", "--index-dir", str(index))
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert sorted(p.name for p in (index / "versions").iterdir()) == [before_meta["version"]]
    assert collections(index) == {before_meta["collection"]}
    assert budgetqa("doctor", "--index-dir", str(index)).stdout.strip().endswith("索引完好。")


def test_killed_after_the_manifest_the_new_version_stands(index):
    before = current(index)
    run = budgetqa(
        "ingest", str(BUNDLED), "--index-dir", str(index), "--no-progress", "--force", env={"BQA_KILL_AT": "manifest"}
    )
    assert run.returncode == -9
    after = current(index)
    assert after["version"] != before["version"] and after["chunks"] == before["chunks"]
    assert "3.50万元" in answers(index)[0]
    budgetqa("doctor", "--repair", "--index-dir", str(index))
    assert collections(index) == {after["collection"]}


def test_a_reader_keeps_its_version_while_a_writer_replaces_it(index):
    lib = Library(load_settings(index_dir=str(index)))
    old = lib.qa()
    old_text = old.ask(NARRATIVE_Q).text
    assert budgetqa("ingest", str(BUNDLED), "--index-dir", str(index), "--no-progress", "--force").returncode == 0
    # the open reader still answers from its own, complete version (not deleted under it)
    assert old.ask(NARRATIVE_Q).text == old_text
    assert (index / "versions" / old.version).exists()
    # the library serves the new version to the next question
    new = lib.qa()
    assert new.version == current(index)["version"] != old.version
    assert new.ask(NARRATIVE_Q).text == old_text
    lib.forget(DOC)
    old.lease.close()
    assert budgetqa("doctor", "--repair", "--index-dir", str(index)).returncode == 0
    assert not (index / "versions" / old.version).exists()


def test_a_second_writer_waits_for_the_first(index):
    first = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app.cli",
            "ingest",
            str(BUNDLED),
            "--index-dir",
            str(index),
            "--no-progress",
            "--replace",
            "--force",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(4)  # the first is parsing or embedding, holding the lock
    second = budgetqa("ingest", str(BUNDLED), "--index-dir", str(index), "--no-progress", "--force")
    out, err = first.communicate(timeout=600)
    assert first.returncode == 0, err
    assert second.returncode == 0, second.stderr
    assert budgetqa("doctor", "--index-dir", str(index)).stdout.strip().endswith("索引完好。")
    assert len(list((index / "versions").iterdir())) == 1


def test_a_writer_that_cannot_get_the_lock_is_told(index):
    with Index(index).writer():
        run = budgetqa(
            "ingest",
            str(BUNDLED),
            "--index-dir",
            str(index),
            "--no-progress",
            "--force",
            env={"BUDGETQA_LOCK_WAIT_S": "1"},
        )
    assert run.returncode == 1
    assert "另一个导入正在写入索引" in run.stderr and "Traceback" not in run.stderr


def test_a_version_that_loses_data_needs_consent(index, tmp_path):
    text = BUNDLED.read_text(encoding="utf-8")
    cut = tmp_path / "cut.txt"
    cut.write_text(text[: text.index("表十一")], encoding="utf-8")  # the first ten tables only
    before = current(index)
    run = budgetqa("ingest", str(cut), "--index-dir", str(index), "--no-progress")
    assert run.returncode == 1
    assert "少了" in run.stderr and "表十一" in run.stderr and "表十二" in run.stderr and "--replace" in run.stderr
    assert "T铁路道口安全管理专项资金" in run.stderr  # a project that would be lost is named
    assert current(index) == before
    with pytest.raises(ReplaceRefused):
        Library(load_settings(index_dir=str(index))).ingest(str(cut), progress=False)
    assert budgetqa("ingest", str(cut), "--index-dir", str(index), "--no-progress", "--replace").returncode == 0
    assert current(index)["tables"] < before["tables"]


def test_a_broken_index_says_so_and_doctor_repairs_it(index):
    meta = current(index)
    # a version folder gone (e.g. deleted by hand): a clear error, not a traceback
    moved = index / "moved"
    (index / "versions" / meta["version"]).rename(moved)
    run = budgetqa("ask", "三公经费是多少", "--index-dir", str(index))
    assert run.returncode == 1 and "索引不一致" in run.stderr and "doctor --repair" in run.stderr
    assert "Traceback" not in run.stderr
    # doctor --repair re-ingests it from the recorded file (still there, unchanged)
    fixed = budgetqa("doctor", "--repair", "--index-dir", str(index))
    assert "已修复：从原文件" in fixed.stdout, fixed.stdout
    assert "3.50万元" in answers(index)[0]
    shutil.rmtree(moved)


def test_a_corrupt_manifest_is_rebuilt_from_the_versions(index):
    meta = current(index)
    (index / "library.json").write_text('{"format": 2, "docs": ', encoding="utf-8")
    run = budgetqa("ask", "三公经费是多少", "--index-dir", str(index))
    assert run.returncode == 1 and "索引清单" in run.stderr and "doctor --repair" in run.stderr
    with pytest.raises(IndexCorruptError):
        Library(load_settings(index_dir=str(index))).qa()
    fixed = budgetqa("doctor", "--repair", "--index-dir", str(index))
    assert "重建索引清单" in fixed.stdout
    assert current(index)["version"] == meta["version"]
    assert "3.50万元" in answers(index)[0]


def test_a_vector_collection_that_lost_chunks_is_found_on_open(index):
    from app.stores.vector_store import chroma_client

    meta = current(index)
    collection = chroma_client(index).get_collection(meta["collection"])
    collection.delete(ids=collection.get(limit=10, include=[])["ids"])
    with pytest.raises(IndexCorruptError, match="向量索引有 77 段，应有 87 段"):
        Library(load_settings(index_dir=str(index))).qa()


def test_removing_a_document_removes_its_rows_chunks_and_vectors(index):
    lib = Library(load_settings(index_dir=str(index)))
    meta = lib.remove(DOC)
    assert lib.docs() == {}
    assert not (index / "versions" / meta["version"]).exists()
    assert meta["collection"] not in collections(index)


def test_the_lock_is_released_when_its_holder_dies(index):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from app.stores.index import Index\n"
            f"with Index({str(index)!r}).writer():\n    print('held', flush=True); time.sleep(60)",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(IndexBusyError), Index(index).writer(wait_s=0.5):
        pass
    holder.kill()
    holder.wait()
    with Index(index).writer(wait_s=2):
        pass


def test_questions_asked_while_a_writer_replaces_the_document_all_succeed(index):
    writer = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app.cli",
            "ingest",
            str(BUNDLED),
            "--index-dir",
            str(index),
            "--no-progress",
            "--replace",
            "--force",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    questions = "\n".join(["三公经费是多少", NARRATIVE_Q] * 3) + "\n"
    runs = []
    while writer.poll() is None:
        runs.append(budgetqa("ask", "-", "--json", "--index-dir", str(index), input=questions))
    runs.append(budgetqa("ask", "-", "--json", "--index-dir", str(index), input=questions))
    assert writer.returncode == 0
    assert len(runs) >= 2
    first = [json.loads(x)["answer"] for x in runs[0].stdout.splitlines()]
    for run in runs:
        assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
        assert [json.loads(x)["answer"] for x in run.stdout.splitlines()] == first


def test_a_busy_query_model_degrades_to_keywords_and_says_so(index):
    import threading

    from app.stores import embedder as emb

    question = "国有资产占用情况"
    qa = Library(load_settings(index_dir=str(index))).qa()
    normal = qa.ask(question).text
    lock = qa.narrative.vectors._function._embedder._lock  # the real query model's lock, held as a long ingest would
    held = threading.Event()

    def hold() -> None:
        with lock:
            held.set()
            time.sleep(emb.QUERY_WAIT_S + 3)

    threading.Thread(target=hold, daemon=True).start()
    held.wait()
    start = time.perf_counter()
    busy = qa.ask(question).text
    assert time.perf_counter() - start < emb.QUERY_WAIT_S + 2
    assert "只按关键词检索" in busy and busy.split("\n")[0] == normal.split("\n")[0]


def test_an_index_of_the_old_layout_is_rebuilt_beside_and_cleaned_by_doctor(tmp_path):
    """An index written before versions (docs.json and parquet at the top): readers are told to re-ingest;
    an ingest builds the new layout; doctor --repair removes the old files."""
    index = tmp_path / "index"
    index.mkdir()
    (index / "docs.json").write_text('{"2024-x": {"doc_id": "2024-x"}}', encoding="utf-8")
    (index / "tables.parquet").write_bytes(b"old")
    run = budgetqa("ask", "三公经费是多少", "--index-dir", str(index))
    assert run.returncode == 1 and "旧版本格式" in run.stderr
    assert budgetqa("ingest", str(BUNDLED), "--index-dir", str(index), "--no-progress", "--force").returncode == 0
    assert "3.50万元" in answers(index)[0]
    check = budgetqa("doctor", "--index-dir", str(index))
    assert "旧格式的索引文件" in check.stdout
    assert budgetqa("doctor", "--repair", "--index-dir", str(index)).returncode == 0
    assert not (index / "docs.json").exists() and not (index / "tables.parquet").exists()
