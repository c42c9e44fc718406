"""Several documents in one index: the library lists them, a question is answered from the document it names
(by unit, short name or year), else from the most recently ingested one, and every answer says which."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.config import load_settings
from app.library import Library

ROOT = Path(__file__).resolve().parents[1]
DATONG, XUCHANG = "2024-大同市工业和信息化局", "2023-许昌市文化和旅游局"


def budgetqa(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args], capture_output=True, text=True, cwd=ROOT, input=stdin, timeout=300
    )


@pytest.fixture(scope="module")
def two(tmp_path_factory) -> str:
    index = str(tmp_path_factory.mktemp("lib") / "index")
    lib = Library(load_settings(index_dir=index))
    lib.ingest(str(ROOT / "data" / "datong_gxj_2024.txt"), progress=False)
    lib.ingest(str(ROOT / "evals" / "docs" / "gen_seed7.txt"), progress=False)  # ingested last: the default
    return index


def test_docs_lists_the_library_and_marks_the_default(two):
    run = budgetqa("docs", "--index-dir", two)
    lines = run.stdout.splitlines()
    assert run.returncode == 0 and len(lines) == 2
    default = [line for line in lines if line.endswith("← 默认")]
    assert len(default) == 1 and default[0].startswith(f"{XUCHANG}：许昌市文化和旅游局 2023年预算")
    assert any(line.startswith(f"{DATONG}：大同市工业和信息化局 2024年预算，13 张表，267 个数值") for line in lines)


@pytest.mark.parametrize(
    "question,doc,value",
    [
        ("三公经费是多少", XUCHANG, 16.0),  # names no unit: the most recent document
        ("工信局三公经费是多少", DATONG, 3.5),  # a short form of the unit's name
        ("大同市工业和信息化局的三公经费是多少", DATONG, 3.5),
        ("2024年三公经费是多少", DATONG, 3.5),  # the year alone decides
        ("文旅局三公经费多少", XUCHANG, 16.0),
    ],
)
def test_a_question_is_answered_from_the_document_it_names(two, question, doc, value):
    run = budgetqa("ask", question, "--json", "--index-dir", two)
    out = json.loads(run.stdout)
    assert out["doc"] == doc and out["value"] == value, out


def test_doc_flag_and_plain_output_say_which_document(two):
    run = budgetqa("ask", "三公经费是多少", "--doc", "大同市工业和信息化局", "--index-dir", two)
    assert "3.50万元" in run.stdout and "（文档：大同市工业和信息化局 2024年预算；索引中共有 2 份" in run.stdout


def test_every_command_works_with_several_documents_without_flags(two):
    assert budgetqa("tables", "--table", "表十", "--index-dir", two).returncode == 0
    assert budgetqa("audit", "--json", "--index-dir", two).returncode == 0
    chat = budgetqa("chat", "--index-dir", two, stdin="三公经费是多少\n\n")
    assert chat.returncode == 0 and "16.00万元" in chat.stdout


def test_an_unknown_document_is_named_with_what_is_there(two):
    run = budgetqa("ask", "三公经费", "--doc", "北京市审计局", "--index-dir", two)
    assert run.returncode == 1 and "找不到文档「北京市审计局」" in run.stderr and DATONG in run.stderr


def test_an_unchanged_file_is_not_read_again_and_a_changed_one_is(tmp_path):
    """`make run` calls ingest every time: the same bytes read by the same engine are skipped by content hash;
    one changed byte, or --force, reads the file again."""
    index = str(tmp_path / "index")
    doc = tmp_path / "gen_seed7.txt"
    doc.write_bytes((ROOT / "evals" / "docs" / "gen_seed7.txt").read_bytes())
    first = budgetqa("ingest", str(doc), "--index-dir", index, "--no-progress")
    assert first.returncode == 0 and "已导入" in first.stdout
    version = Library(load_settings(index_dir=index)).docs()[XUCHANG]["version"]

    again = budgetqa("ingest", str(doc), "--index-dir", index, "--no-progress")
    assert again.returncode == 0 and again.stdout.startswith("未变化，跳过") and "--force" in again.stdout
    assert Library(load_settings(index_dir=index)).docs()[XUCHANG]["version"] == version

    forced = budgetqa("ingest", str(doc), "--index-dir", index, "--no-progress", "--force")
    assert "已导入" in forced.stdout
    assert Library(load_settings(index_dir=index)).docs()[XUCHANG]["version"] != version

    doc.write_bytes(doc.read_bytes() + "\n附：本文件经过重新排版。\n".encode())
    changed = budgetqa("ingest", str(doc), "--index-dir", index, "--no-progress")
    assert changed.returncode == 0 and "已导入" in changed.stdout


def test_remove_deletes_one_document_and_the_rest_still_answers(tmp_path):
    index = str(tmp_path / "index")
    for doc in (ROOT / "data" / "datong_gxj_2024.txt", ROOT / "evals" / "docs" / "gen_seed7.txt"):
        assert budgetqa("ingest", str(doc), "--index-dir", index, "--no-progress").returncode == 0
    run = budgetqa("remove", "许昌", "--index-dir", index)
    assert run.returncode == 0 and f"（{XUCHANG}）" in run.stdout and "还有 1 份" in run.stdout
    assert budgetqa("docs", "--index-dir", index).stdout.startswith(f"{DATONG}：")
    ask = budgetqa("ask", "三公经费是多少", "--json", "--index-dir", index)
    assert json.loads(ask.stdout)["value"] == 3.5
    gone = budgetqa("remove", "许昌", "--index-dir", index)
    assert gone.returncode == 1 and "许昌" in gone.stderr
