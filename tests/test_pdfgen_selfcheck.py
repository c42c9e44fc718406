"""Sanity checks of tests/pdfgen.py: the truth it returns matches the PDF it writes (text extracted with pdfplumber)."""

import re
import time
from collections import Counter

import pdfplumber
import pytest
from pdfgen import TEMPLATES, render

SEEDS = (3, 11)
CELL_KEYS = {"page", "table", "code", "name", "column", "value", "unit", "side"}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = {}
    base = tmp_path_factory.mktemp("pdfgen")
    for template in TEMPLATES:
        for seed in SEEDS:
            path = base / f"gen_{template}_{seed}.pdf"
            t0 = time.perf_counter()
            truth = render(seed, template, str(path))
            elapsed = time.perf_counter() - t0
            with pdfplumber.open(path) as pdf:
                pages = [p.extract_text() or "" for p in pdf.pages]
            out[template, seed] = (truth, pages, elapsed)
    return out


CASES = [(t, s) for t in TEMPLATES for s in SEEDS]


@pytest.mark.parametrize("template,seed", CASES)
def test_values_are_on_their_pages(rendered, template, seed):
    truth, pages, _ = rendered[template, seed]
    assert truth["cells"]
    for c in truth["cells"]:
        assert 1 <= c["page"] <= len(pages)
        if c["value"]:
            assert c["value"] in pages[c["page"] - 1], c
    # stronger: per page, the printed values are a sub-multiset of the page's whitespace-separated tokens
    for page in {c["page"] for c in truth["cells"]}:
        want = Counter(c["value"] for c in truth["cells"] if c["page"] == page and c["value"])
        have = Counter(pages[page - 1].split())
        missing = want - have
        assert not missing, (page, missing)


@pytest.mark.parametrize("template,seed", CASES)
def test_titles_are_on_their_pages(rendered, template, seed):
    truth, pages, _ = rendered[template, seed]
    assert truth["tables"]
    for tb in truth["tables"]:
        text = pages[tb["page"] - 1]
        assert tb["title"] in text, tb
        assert tb["number"] in text, tb
        assert str(truth["year"]) in tb["title"]
    assert truth["unit"] in pages[0]  # cover page


@pytest.mark.parametrize("template,seed", CASES)
def test_truth_schema(rendered, template, seed):
    truth, pages, elapsed = rendered[template, seed]
    assert elapsed < 1.0
    assert truth["kind"] in ("部门预算", "单位预算")
    assert truth["file"] == f"gen_{template}_{seed}.pdf"
    titles = [tb["title"] for tb in truth["tables"]]
    for tb in truth["tables"]:
        assert set(tb) == {"title", "number", "page", "unit", "empty"}
        assert tb["unit"] in ("元", "万元")
    empty = {tb["title"] for tb in truth["tables"] if tb["empty"]}
    assert empty, "every document prints at least one empty table"
    for c in truth["cells"]:
        assert CELL_KEYS <= set(c) <= CELL_KEYS | {"column_group"}
        assert sum(c["table"] in t for t in titles) == 1, c["table"]
        owner = next(tb for tb in truth["tables"] if c["table"] in tb["title"])
        assert not owner["empty"] and c["unit"] == owner["unit"] and c["page"] >= owner["page"]
        assert re.fullmatch(r"\d*", c["code"]) and " " not in c["name"]
        assert c["side"] in ("收入", "支出", "")
        if c["value"]:
            assert re.fullmatch(r"\d{1,3}(,\d{3})*\.\d\d|\d+\.\d\d", c["value"]), c


def test_templates_differ_as_promised(rendered):
    nat, sh, num = (rendered[t, SEEDS[0]][0] for t in ("national", "shanghai", "numbered"))
    assert all(re.fullmatch(r"表[一二三四五六七八九十]+", tb["number"]) for tb in nat["tables"])
    assert all(tb["number"] == "" for tb in sh["tables"])
    assert all(re.fullmatch(r"公开\d\d表", tb["number"]) for tb in num["tables"])
    assert {c["unit"] for c in sh["cells"]} == {"元", "万元"}
    assert any(len(c["code"]) == 7 for c in sh["cells"])
    assert any(c.get("column_group") == "上年结转" for c in num["cells"])
    assert any(c["value"] == "0.00" for c in num["cells"]) and any(c["value"] == "" for c in num["cells"])
    for truth in (nat, num):  # a long two-sided table continues on the next page
        spans = {}
        for c in truth["cells"]:
            spans.setdefault(c["table"], set()).add(c["page"])
        assert any(len(p) > 1 for p in spans.values())
        assert {c["side"] for c in truth["cells"]} == {"收入", "支出", ""}


def test_same_seed_same_truth(tmp_path):
    a = render(5, "numbered", str(tmp_path / "a.pdf"))
    b = render(5, "numbered", str(tmp_path / "b.pdf"))
    assert a["cells"] == b["cells"] and a["tables"] == b["tables"]
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
