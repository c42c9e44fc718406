"""The command line as a user meets it: help, docs that cover every command and setting, ingest's report,
idempotent re-ingest, the table listing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import COMMANDS, build_parser, main
from app.config import describe, load_settings
from app.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data" / "datong_gxj_2024.txt"


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for name in COMMANDS:
        assert name in out


def test_readme_shows_every_command_and_the_two_make_targets():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme
    for name in COMMANDS:
        assert f"budgetqa {name}" in readme, name


def test_every_setting_is_described(capsys):
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    for name, _, doc in describe():
        assert name in out and doc, name


def test_settings_from_environment_and_unknown_keys(tmp_path):
    s = load_settings(environ={"BUDGETQA_EMBEDDING__MODEL_PATH": "/m", "BUDGETQA_TOP_K": "7"})
    assert s.embedding.model_path == "/m" and s.top_k == 7
    with pytest.raises(ConfigError, match="未知设置"):
        load_settings(environ={"BUDGETQA_NOPE": "1"})
    bad = tmp_path / "b.toml"
    bad.write_text("[llm]\nenabled = 'maybe'\ntimeout_s = 'slow'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="timeout_s"):
        load_settings(str(bad), environ={})


def test_every_subcommand_has_help():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert set(sub.choices) == set(COMMANDS)
    for _name, p in sub.choices.items():
        assert p.format_help()


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return str(tmp_path_factory.mktemp("cli") / "index")


def test_ingest_reports_tables_rows_chunks_and_warnings(index, capsys):
    assert main(["ingest", str(BUNDLED), "--index-dir", index, "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "大同市工业和信息化局 2024年" in out
    assert (
        "表十二 项目支出预算表（本年预算） — 项目支出预算表（本年），单位：万元，24 个数值 cells，自身加总 12/12 相符，第16页"
        in out
    )
    assert (
        "表七 政府性基金预算收入表（不含上年结转） — 政府性基金预算收入表，单位：万元，0 个数值 cells，第12页（本表无数据）"
        in out
    )
    assert (
        "表五 一般公共预算支出预算表（不含上年结转） — 一般公共预算支出表，单位：万元，52 个数值 cells，自身加总 35/36 相符"
        in out
    )
    assert "绩效目标表 Performance targets: 5" in out
    assert (
        "文档自身的数字不一致 The document's own inconsistencies: 6（按原文照录，不是解析错误" in out
        and "四舍五入" in out
    )
    assert "解析提示 Parser notes: 0" in out
    assert "  - [上下级科目加总（T2）] 表二 第263行：表二「21011 行政事业单位医疗」合计" in out  # the audit's words
    assert "arithmetic" not in out


def test_ingest_json_keeps_the_documents_inconsistencies_apart_from_the_parsers_doubts(index, capsys):
    assert main(["ingest", str(BUNDLED), "--index-dir", index, "--json"]) == 0  # indexed above: unchanged
    skipped = json.loads(capsys.readouterr().out)
    assert skipped["status"] == "unchanged" and skipped["doc"] == "2024-大同市工业和信息化局"
    assert main(["ingest", str(BUNDLED), "--index-dir", index, "--json", "--force"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["status"] == "ingested" and len(report["tables"]) == 13 and report["parser_notes"] == []
    notes = report["document_notes"]
    assert len(notes) == 6 and {n["whose"] for n in notes} == {"document"}
    assert notes[0] | {"message": ""} == {
        "whose": "document",
        "code": "arithmetic",
        "check": "T2.parent_sum",
        "kind": "上下级科目加总（T2）",
        "table": "表二",
        "line": 263,
        "message": "",
    }
    table5 = next(t for t in report["tables"] if t["table"] == "表五")
    assert (table5["sums_checked"], table5["sums_failing"], table5["table_kind"]) == (36, 1, "一般公共预算支出表")


def _current(index: str) -> tuple[dict, dict]:
    """The current version's manifest entry and its parquet frames."""
    import pandas as pd

    meta = json.loads((Path(index) / "library.json").read_text(encoding="utf-8"))["docs"]["2024-大同市工业和信息化局"]
    folder = Path(index) / "versions" / meta["version"]
    return meta, {p.name: pd.read_parquet(p) for p in folder.glob("*.parquet")}


def test_reingesting_is_idempotent_and_replaces_the_version(index, capsys):
    import pandas as pd

    from app.stores.embedder import make_embedder
    from app.stores.vector_store import VectorStore

    meta_before, before = _current(index)
    assert main(["ingest", str(BUNDLED), "--index-dir", index, "--no-progress", "--force"]) == 0
    capsys.readouterr()
    meta_after, after = _current(index)
    assert meta_after["version"] != meta_before["version"]
    assert set(before) == set(after) == {"tables.parquet", "rows.parquet", "cells.parquet", "chunks.parquet"}
    for name in before:
        pd.testing.assert_frame_equal(before[name], after[name])
    same = ("version", "collection")
    assert {k: v for k, v in meta_after.items() if k not in same} == {
        k: v for k, v in meta_before.items() if k not in same
    }
    # the replaced version is gone from disk and from Chroma; the new one holds every chunk
    assert sorted(p.name for p in (Path(index) / "versions").iterdir()) == [meta_after["version"]]
    settings = load_settings(index_dir=index)
    assert (
        VectorStore(index, make_embedder(settings.embedding), meta_after["collection"]).count()
        == meta_after["chunks"]
        == 87
    )
    with pytest.raises(Exception, match="does not exist|不存在"):
        VectorStore(index, make_embedder(settings.embedding), meta_before["collection"], create=False)


def test_row_ids_are_stable_across_runs(index):
    from app.ingest.pipeline import parse

    first = [c.row_id for c in parse(str(BUNDLED))[3]]
    second = [c.row_id for c in parse(str(BUNDLED))[3]]
    assert first == second and len(set(first)) == 132  # rows that print at least one value


def test_tables_listing(index, capsys):
    assert main(["tables", "--table", "表十", "--index-dir", index]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "表十 财政拨款安排“三公”经费支出预算表（单位：万元，第14页）"
    assert "②公务用车运行维护费: 合计=3.50  一般公共预算=3.50" in out


def test_unknown_table_and_missing_index_are_clear_errors(index, tmp_path, capsys):
    assert main(["tables", "--table", "表九十", "--index-dir", index]) == 1
    assert "没有这张表" in capsys.readouterr().err
    assert main(["ask", "三公经费", "--index-dir", str(tmp_path / "empty")]) == 1
    assert "budgetqa ingest" in capsys.readouterr().err
