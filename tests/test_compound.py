"""Compound questions: every clause that asks is a part, answered, verified and cited on its own, listed in the
answer and in `--json` `parts`; the top-level value is the first part's; parts are never added up."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from app.answer.compound import split_compound
from app.config import load_settings
from app.library import Library

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        (
            "资源勘探工业信息等支出合计是多少，其中项目支出是多少？",
            ["资源勘探工业信息等支出合计是多少", "其中项目支出是多少？"],
        ),
        ("项目支出有几个项目，一共多少钱？", ["项目支出有几个项目", "一共多少钱？"]),
        ("编制几辆，实有几辆？", ["编制几辆", "实有几辆？"]),
        ("根据情况说明，机关运行经费是多少？", ["根据情况说明，机关运行经费是多少？"]),  # one ask
        ("基本支出和项目支出分别是多少？", ["基本支出和项目支出分别是多少？"]),  # one clause: the table lists each
        ("三公经费是多少", ["三公经费是多少"]),
    ],
)
def test_a_question_splits_into_the_clauses_that_ask(question, parts):
    assert split_compound(question) == parts


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> str:
    folder = str(tmp_path_factory.mktemp("compound") / "index")
    Library(load_settings(index_dir=folder)).ingest(str(ROOT / "data" / "datong_gxj_2024.txt"), progress=False)
    return folder


def test_each_part_is_answered_and_cited_and_a_later_part_continues_the_first(index):
    qa = Library(load_settings(index_dir=index)).qa()
    a = qa.ask("资源勘探工业信息等支出（215类）合计是多少，其中项目支出是多少？")
    assert [p.value for p in a.parts] == [Decimal("702.44"), Decimal("163.00")]
    assert a.value == Decimal("702.44") and "702.44万元" in a.text and "163.00万元" in a.text
    assert all(p.citations and p.verified for p in a.parts) and set(a.citations) >= set(a.parts[1].citations)
    share = qa.ask("人员经费是多少，占基本支出的比例是多少？")
    assert [p.value for p in share.parts] == [Decimal("960.12"), Decimal("91.85")]


def test_json_lists_the_parts(index):
    run = subprocess.run(
        [sys.executable, "-m", "app.cli", "ask", "-", "--json", "--index-dir", index],
        input="项目支出有几个项目，一共多少钱？\n三公经费是多少\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    first, second = (json.loads(line) for line in run.stdout.splitlines())
    assert [p["value"] for p in first["parts"]] == [11.0, 177.49] and first["value"] == 11.0
    assert set(first["parts"][0]) == {"question", "answer", "value", "unit", "citations"}
    assert all(p["citations"] for p in first["parts"])
    assert "parts" not in second and second["value"] == 3.5


def test_quit_ends_a_terminal_chat_instead_of_being_asked(index):
    run = subprocess.run(
        [sys.executable, "-m", "app.cli", "chat", "--index-dir", index],
        input="三公经费是多少\n退出\n人员经费是多少\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert run.returncode == 0 and "3.50万元" in run.stdout and "960.12" not in run.stdout


def test_a_part_of_a_compound_question_is_an_amount_never_a_change():
    from app.answer.prose_figures import _part_figure, listed_parts

    assert listed_parts("一般公共预算的基本支出和项目支出分别是多少？") == ["基本支出", "项目支出"]
    assert listed_parts("政府采购里货物类和服务类采购预算各是多少万元？") == ["货物类", "服务类"]
    assert _part_figure("主要是基本支出增加 659.75 万元，项目支出增加 2,074.77 万元。", "基本支出") is None
    assert _part_figure("其中：政府采购货物预算5.72万元、服务预算36.71万元。", "货物")[0] == Decimal("5.72")
