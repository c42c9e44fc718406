"""The synthetic disclosure generator (tests/docgen.py): determinism, variety, exact arithmetic of its ground
truth, planted errors that really break their rule, and the extraction quirks of the real document."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from docgen import PLANTABLE, TABLE_COLUMNS, generate, main

ROOT = Path(__file__).resolve().parents[1]
EVAL_SEED = 59
SEEDS = range(40)
ZERO = Decimal("0")


# ---------------------------------------------------------------------------------------------------------
# An independent checker of FORMAT.md's arithmetic over a document's ground truth
# ---------------------------------------------------------------------------------------------------------
def _cells(doc) -> dict:
    """table → side → (code or name) → column → value (first occurrence of a name wins)."""
    out: dict = defaultdict(lambda: defaultdict(dict))
    for r in doc.rows:
        key = r["code"] or r["name"]
        out[r["table"]][r["side"]].setdefault(key, {})
        out[r["table"]][r["side"]][key].setdefault(r["column"], r["value"])
    return out


def _get(cells: dict, table: str, key: str, col: str, side: str = "") -> Decimal:
    return cells[table][side].get(key, {}).get(col, ZERO)


def parent_sum_violations(doc) -> list[str]:
    bad = []
    c = _cells(doc)
    for table in ("表二", "表三", "表五", "表七", "表八"):
        rows = c[table][""]
        codes = [k for k in rows if k.isdigit()]
        for col in TABLE_COLUMNS[table][""]:
            for parent in codes + ["合计"]:
                if parent == "合计":
                    kids = [k for k in codes if len(k) == 3]
                else:
                    kids = [k for k in codes if len(k) == len(parent) + 2 and k.startswith(parent)]
                if not kids:
                    continue
                total = sum((rows[k].get(col, ZERO) for k in kids), ZERO)
                if total != rows[parent].get(col, ZERO):
                    bad.append(f"parent_sum {table} {parent} {col}: {rows[parent].get(col, ZERO)} != {total}")
    return bad


def row_sum_violations(doc) -> list[str]:
    """合计 = 基本 + 项目 (表三/五/八), = its sources (表二, 表十二, 表十三), 人员 + 公用 (表六)."""
    bad = []
    parts = {
        "表二": ["一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金", "单位资金", "上年结转"],
        "表三": ["基本支出", "项目支出"],
        "表五": ["基本支出", "项目支出"],
        "表八": ["基本支出", "项目支出"],
        "表六": ["人员经费", "公用经费"],
        "表十二": ["一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金", "单位资金"],
        "表十三": ["一般公共预算", "政府性基金预算", "国有资本经营预算"],
    }
    for (table, code, name, _side), cols in _printed_rows(doc):
        if table in parts and sum((cols.get(p, ZERO) for p in parts[table]), ZERO) != cols.get("合计", ZERO):
            bad.append(f"row_sum {table} {code or name}")
    return bad


def _printed_rows(doc) -> list[tuple[tuple, dict]]:
    """Cells regrouped into printed rows: a row ends when the key changes or the columns start over
    (two projects may share a name)."""
    out: list[tuple[tuple, dict]] = []
    last_key, last_col = None, -1
    for r in doc.rows:
        key = (r["table"], r["code"], r["name"], r["side"])
        col = TABLE_COLUMNS[r["table"]][r["side"]].index(r["column"])
        if key != last_key or col <= last_col:
            out.append((key, {}))
        out[-1][1][r["column"]] = r["value"]
        last_key, last_col = key, col
    return out


def econ_violations(doc) -> list[str]:
    """表六: each group = its items; 合计 = the groups."""
    bad = []
    rows = [r for r in doc.rows if r["table"] == "表六"]
    groups: dict = defaultdict(lambda: defaultdict(lambda: ZERO))
    items: dict = defaultdict(lambda: defaultdict(lambda: ZERO))
    current = None
    for r in rows:
        if r["name"] in ("工资福利支出", "商品和服务支出", "对个人和家庭的补助"):
            current = r["name"]
            groups[current][r["column"]] = r["value"]
        elif r["name"] != "合计":
            items[current][r["column"]] += r["value"]
    for g, cols in groups.items():
        if dict(cols) != dict(items[g]):
            bad.append(f"econ group {g}")
    c = _cells(doc)
    for col in TABLE_COLUMNS["表六"][""]:
        if sum((groups[g][col] for g in groups), ZERO) != _get(c, "表六", "合计", col):
            bad.append(f"econ 合计 {col}")
    return bad


def two_sided_violations(doc) -> list[str]:
    bad = []
    c = _cells(doc)
    for table, first, parts in (
        ("表一", "合计", ("当年预算安排", "上年结转安排")),
        ("表四", "小计", ("一般公共预算", "政府性基金预算", "国有资本经营预算")),
    ):
        income = [r for r in doc.rows if r["table"] == table and r["side"] == "收入"]
        spend = [r for r in doc.rows if r["table"] == table and r["side"] == "支出"]
        this_year = sum((r["value"] for r in income[: [r["name"] for r in income].index("本年收入合计")]), ZERO)
        if this_year != _get(c, table, "本年收入合计", "金额", "收入"):
            bad.append(f"{table} 本年收入合计")
        classes = [r for r in spend if re.match(r"^[一二三四五六七八九十]+、", r["name"])]
        for col in TABLE_COLUMNS[table]["支出"]:
            if sum((r["value"] for r in classes if r["column"] == col), ZERO) != _get(
                c, table, "本年支出合计", col, "支出"
            ):
                bad.append(f"{table} 本年支出合计 {col}")
        for r in {r["name"] for r in spend}:
            if sum((_get(c, table, r, p, "支出") for p in parts), ZERO) != _get(c, table, r, first, "支出"):
                bad.append(f"{table} {r} {first} ≠ its parts")
        if _get(c, table, "收入总计", "金额", "收入") != _get(c, table, "支出总计", first, "支出"):
            bad.append(f"{table} 收入总计 ≠ 支出总计")
    return bad


def cross_table_violations(doc) -> list[str]:
    bad = []
    c = _cells(doc)
    g = lambda *a: _get(c, *a)  # noqa: E731
    checks = {
        "表三 合计 = 表一 支出总计": (g("表三", "合计", "合计"), g("表一", "支出总计", "合计", "支出")),
        "表二 合计 = 表三 合计": (g("表二", "合计", "合计"), g("表三", "合计", "合计")),
        "表五 合计 = 表一 一般公共预算": (g("表五", "合计", "合计"), g("表一", "一、一般公共预算", "金额", "收入")),
        "表五 合计 = 表四 一般公共预算": (g("表五", "合计", "合计"), g("表四", "一、一般公共预算", "金额", "收入")),
        "表六 合计 = 表五 基本支出": (g("表六", "合计", "合计"), g("表五", "合计", "基本支出")),
        "表三 基本支出 = 表五 基本支出": (g("表三", "合计", "基本支出"), g("表五", "合计", "基本支出")),
        "表十 公务用车运行维护费 = 表六": (
            g("表十", "②公务用车运行维护费", "合计"),
            g("表六", "公务用车运行维护费", "合计"),
        ),
        "表十一 = 表六 公用经费": (g("表十一", "部门合计", "合计"), g("表六", "合计", "公用经费")),
        "表十二 + 表十三 = 表三 项目支出": (
            g("表十二", doc.unit, "合计") + g("表十三", doc.unit, "合计"),
            g("表三", "合计", "项目支出"),
        ),
        "表十二 一般公共预算 = 表五 项目支出": (g("表十二", doc.unit, "一般公共预算"), g("表五", "合计", "项目支出")),
        "表八 合计 = 表一 政府性基金预算": (g("表八", "合计", "合计"), g("表一", "二、政府性基金预算", "金额", "收入")),
        "表七 = 表八": (g("表七", "合计", "政府性基金收入预算"), g("表八", "合计", "合计")),
        "表十三 = 表一 上年结转": (g("表十三", doc.unit, "合计"), g("表一", "上年结转", "金额", "收入")),
        "表二 单位资金 = 表一 单位资金": (g("表二", "合计", "单位资金"), g("表一", "五、单位资金", "金额", "收入")),
        "情况说明 支出预算 = 表三 合计": (doc.facts["totals"]["支出预算"], g("表三", "合计", "合计")),
        "情况说明 收入总计 = 表一 收入总计": (doc.facts["totals"]["收入总计"], g("表一", "收入总计", "金额", "收入")),
        "三公 = 表十 合计": (doc.facts["three_public"]["total"], g("表十", "合计", "合计")),
        "机关运行经费 = 表十一": (doc.facts["admin_cost"]["current"], g("表十一", "部门合计", "合计")),
        "绩效 项目金额 = 表十二": (doc.facts["projects"]["amount"], g("表十二", doc.unit, "合计")),
    }
    bad = [f"{rule}: {a} != {b}" for rule, (a, b) in checks.items() if a != b]
    projects = [r for r in doc.rows if r["table"] == "表十二" and r["column"] == "合计" and r["name"] != doc.unit]
    p = doc.facts["procurement"]
    if p["total"] != p["goods"] + p["works"] + p["services"]:
        bad.append("政府采购 total ≠ goods + works + services")
    if doc.facts["projects"]["count"] != len(projects):
        bad.append("绩效 项目个数 ≠ 表十二 rows")
    for perf in doc.perf:
        amounts = [r["value"] for r in projects if r["name"] == perf["name"]]
        annual = {src: v for per, src, v in perf["funds"] if per == "年度"}
        if amounts != [annual["资金总额"] / 10000]:
            bad.append(f"绩效目标表 {perf['name']} 年度资金总额 {annual['资金总额']} vs 表十二 {amounts}")
        if sum((v for s, v in annual.items() if s != "资金总额"), ZERO) != annual["资金总额"]:
            bad.append(f"绩效目标表 {perf['name']} sources ≠ 资金总额")
    return bad


def violations(doc) -> list[str]:
    return (
        parent_sum_violations(doc)
        + row_sum_violations(doc)
        + econ_violations(doc)
        + two_sided_violations(doc)
        + cross_table_violations(doc)
    )


# ---------------------------------------------------------------------------------------------------------
# Determinism and variety
# ---------------------------------------------------------------------------------------------------------
def test_same_seed_gives_the_same_document_and_truth():
    a, b = generate(7), generate(7)
    assert a.text == b.text
    assert a.truth() == b.truth()


def test_different_seeds_vary_unit_year_and_subjects():
    docs = [generate(s) for s in range(20)]
    assert len({d.unit for d in docs}) >= 12
    assert {d.year for d in docs} == {2023, 2024, 2025, 2026}
    code_sets = {frozenset(r["code"] for r in d.rows if r["table"] == "表三" and r["code"]) for d in docs}
    assert len(code_sets) >= 15
    assert len({d.text for d in docs}) == 20


def test_seeds_cover_the_optional_features():
    feats = [generate(s).features for s in SEEDS]
    assert any(f["gov_fund"] for f in feats) and not all(f["gov_fund"] for f in feats)
    assert any(f["carryover"] for f in feats) and not all(f["carryover"] for f in feats)
    assert any(f["unit_funds"] for f in feats)
    assert any(f["shared_names"] for f in feats)
    assert any("公务接待费" in f["three_public_nonzero"] for f in feats)
    assert any("因公出国（境）费" in f["three_public_nonzero"] for f in feats)
    assert any(f["table_page_breaks"] for f in feats)
    assert any(f["wrapped_projects"] for f in feats)


def test_options_force_features():
    doc = generate(6, gov_fund=True, carryover=True, unit_funds=True, profile="教育局", year=2024)
    assert doc.unit.endswith("教育局") and doc.year == 2024
    assert doc.features["gov_fund"] and doc.features["carryover"] and doc.features["unit_funds"]
    assert "注：本表无数据" not in _table_text(doc, "表七")
    assert any(r["table"] == "表十三" for r in doc.rows)
    assert violations(doc) == []


@pytest.mark.parametrize("seed", SEEDS)
def test_codes_are_classification_codes(seed):
    doc = generate(seed)
    codes = [r["code"] for r in doc.rows if r["code"]]
    assert codes and all(len(c) in (3, 5, 7) and c.isdigit() for c in codes)
    assert {r["unit"] for r in doc.rows} == {"万元"}
    for r in doc.rows:
        assert r["value"] > 0 and r["value"] == r["value"].quantize(Decimal("0.01"))
        assert r["column"] in TABLE_COLUMNS[r["table"]][r["side"]]
        assert (r["side"] != "") == (r["table"] in ("表一", "表四"))
    names = {r["code"]: r["name"] for r in doc.rows if r["code"]}
    for known, name in {
        "208": "社会保障和就业支出",
        "20805": "行政事业单位养老支出",
        "2080505": "机关事业单位基本养老保险缴费支出",
        "221": "住房保障支出",
        "22102": "住房改革支出",
        "2210201": "住房公积金",
    }.items():
        assert names.get(known, name) == name


# ---------------------------------------------------------------------------------------------------------
# Arithmetic of the ground truth
# ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", SEEDS)
def test_unplanted_document_satisfies_every_rule(seed):
    doc = generate(seed)
    assert doc.planted == []
    assert violations(doc) == []


RULE_OF = {
    "parent_sum": parent_sum_violations,
    "total_mismatch": cross_table_violations,
    "narrative_total": cross_table_violations,
    "perf_funds": cross_table_violations,
    "three_public": cross_table_violations,
}
WORDS = {
    "total_mismatch": "表三 合计 = 表一 支出总计",
    "narrative_total": "情况说明 支出预算",
    "perf_funds": "绩效目标表",
    "three_public": "表十 公务用车运行维护费",
}


@pytest.mark.parametrize("kind", PLANTABLE)
@pytest.mark.parametrize("seed", [0, 3, 7, 19])
def test_each_planted_kind_breaks_its_rule(kind, seed):
    clean, doc = generate(seed), generate(seed, planted=[kind])
    assert [p["kind"] for p in doc.planted] == [kind]
    broken = RULE_OF[kind](doc)
    assert broken, f"{kind} planted but no rule broken"
    if kind == "parent_sum":
        p = doc.planted[0]
        assert any(f"{p['table']} {p['code']} " in v or f"{p['table']} {p['code'][:3]} " in v for v in broken)
        assert p["printed"] != p["expected"]
    else:
        assert any(WORDS[kind] in v for v in broken), broken
    assert doc.text != clean.text
    assert doc.unit == clean.unit and doc.year == clean.year


def test_planted_errors_are_located():
    doc = generate(3, planted=list(PLANTABLE))
    kinds = {p["kind"]: p for p in doc.planted}
    assert set(kinds) == set(PLANTABLE)
    ps = kinds["parent_sum"]
    printed = {r["column"]: r["value"] for r in doc.rows if r["table"] == ps["table"] and r["code"] == ps["code"]}
    assert {k: v for k, v in printed.items() if k in ps["printed"]} == ps["printed"]
    assert doc.facts["totals"]["支出预算"] == kinds["narrative_total"]["stated"]
    assert kinds["narrative_total"]["stated"] != kinds["narrative_total"]["expected"]
    assert f"支出预算{kinds['narrative_total']['stated']}万元" in doc.text.replace("\n", "")
    assert kinds["perf_funds"]["stated"] != kinds["perf_funds"]["expected"]
    t10 = [r for r in doc.rows if r["table"] == "表十" and r["name"] == "②公务用车运行维护费" and r["column"] == "合计"]
    assert t10[0]["value"] == kinds["three_public"]["printed"]


def test_unknown_planted_kind_is_rejected():
    with pytest.raises(ValueError, match="unknown planted error kind"):
        generate(1, planted=["typo"])


# ---------------------------------------------------------------------------------------------------------
# The text: layout quirks of the real extraction, and agreement with the truth
# ---------------------------------------------------------------------------------------------------------
def _table_text(doc, label: str) -> str:
    m = re.search(
        rf"^ ?{label}{doc.year}年.*?(?=^ ?表[一二三四五六七八九十]+{doc.year}年|^ 第三部分)", doc.text, re.S | re.M
    )
    assert m, label
    return m.group(0)


def _page_starts(text: str) -> list[str]:
    lines = text.split("\n")
    return [b for a, b in zip(lines, lines[1:]) if a.strip() and b.startswith(" ")]


@pytest.mark.parametrize("seed", [0, 5, 7, 32])
def test_layout_quirks(seed):
    doc = generate(seed)
    text, y = doc.text, doc.year
    lines = text.split("\n")
    assert lines[0].startswith(" 第一部分") and lines[-1] == " "
    nonblank = [i for i, ln in enumerate(lines[:-1]) if ln.strip()]
    followed_by_blank = sum(1 for i in nonblank if lines[i + 1] == "")
    assert followed_by_blank / len(nonblank) > 0.8  # the rest: wrapped cells and page ends
    assert "\n\n\n" not in text
    starts = _page_starts(text)
    assert len(starts) >= 20 and f" 表一{y}年预算收支总表" in starts and f" 表三{y}年预算支出总表" in starts
    assert re.search(rf"^ 第二部分 {y}年单位预算报表$|^第二部分 {y}年单位预算报表\n ", text, re.M)
    assert re.search(r"^一、一般公共预算 \d+\.\d\d一、一般公共服务支出 ", text, re.M)  # glued cells
    assert re.search(r"^  \n七、文化旅游体育与传媒支\n出\n\n", text, re.M)  # wrapped right-hand name
    assert re.search(r"^三、国有资本经营预算  三、国防支出    $", text, re.M)  # blank left value
    assert re.search(r"^二、政府性基金预算 (\d+\.\d\d|)(  | ?)二、外交支出    $", text, re.M)
    assert re.search(r"^  六、科学技术支出    $", text, re.M)
    assert re.search(r"单位名称：" + doc.unit, text)
    assert re.search(r"^ *(预算|部门)公开表12 *$", text, re.M)
    assert "注：本表无数据" in _table_text(doc, "表九")
    assert "\u3000\u3000" in _table_text(doc, "表十二") and f"\u3000{doc.unit} " in _table_text(doc, "表十二")
    assert re.search(r"^合计 人员经费 公用经费$", text, re.M)
    assert "项目支出绩效目标表" in text and "实施期资金总额： " in text and "其中：中央财政资金 " in text
    assert re.search(r"^满意度指标 服务对象满意度指标\S+ ", text, re.M)
    assert re.search(r"^ 第三部分 " + str(y) + "年度单位预算情况说明$", text, re.M)
    assert re.search(r"^ 第四部分 名词解释$", text, re.M)
    for heading in (
        "一、单位预算收支数据变动情况及原因",
        "七、“三公”经费增减变动原因说明",
        "九、政府采购情况",
        "十一、国有资产占有使用情况",
        "十二、其他说明",
    ):
        assert heading in text


def test_eval_seed_exercises_the_hard_cases():
    doc = generate(EVAL_SEED)
    f = doc.features
    assert f["gov_fund"] and f["carryover"] and f["wrapped_projects"] and f["table_page_breaks"]
    t12 = _table_text(doc, "表十二")
    name = f["wrapped_projects"][0]
    assert re.search(r"\u3000\u3000\S+\n\S+\n\n\d+\.\d\d ", t12), "a project name wrapped with values on a 3rd line"
    assert name not in t12  # only ever printed in two pieces
    assert "注：本表无数据" not in _table_text(doc, "表十三") and "注：本表无数据" not in _table_text(doc, "表八")
    assert any(re.match(r"^ \d{7} ", s) for s in _page_starts(doc.text)), "a page break inside a coded table"


def test_empty_cells_are_spaces_with_the_real_inconsistency():
    docs = [generate(s) for s in (EVAL_SEED, 0, 1, 2, 3)]
    t3 = [_table_text(d, "表三") for d in docs]
    assert re.search(r"^\d{7} \S+ \d+\.\d\d \d+\.\d\d  $", t3[0], re.M)  # 项目支出 blank: two trailing spaces
    assert re.search(r"^\d{7} \S+ \d+\.\d\d  \d+\.\d\d$", t3[0], re.M)  # 基本支出 blank: two spaces between
    assert re.search(r"^\d{3,5} \S+ \d+\.\d\d   \d+\.\d\d$", t3[0], re.M)  # …and sometimes three
    assert not all(re.search(r"^\d{3,5} \S+ \d+\.\d\d   \d+\.\d\d$", t, re.M) for t in t3)
    t2 = [_table_text(d, "表二") for d in docs]
    assert any(re.search(r"^合计 [\d. ]+ {7,}$", t, re.M) for t in t2)  # the real 合计 row's surplus spaces


@pytest.mark.parametrize("seed", [0, 3, 5, 7, 11, 32, 59])
def test_coded_rows_print_their_truth(seed):
    """Each 科目 row's printed numbers, in order, are exactly its truth cells, in column order."""
    doc = generate(seed)
    for label in ("表二", "表三", "表五", "表七", "表八"):
        body = _table_text(doc, label)
        truth: dict = defaultdict(list)
        for r in doc.rows:
            if r["table"] == label:
                truth[r["code"] or r["name"]].append(r["value"])
        printed = {}
        for line in body.split("\n"):
            m = re.match(r"^ ?(?:(\d{3,7}) \S+|(合计)) ([\d. ]*)$", line)
            if m and re.search(r"\d\.\d\d", m.group(3)):
                printed[m.group(1) or m.group(2)] = [Decimal(x) for x in m.group(3).split()]
        assert printed == {k: v for k, v in truth.items()}, label


@pytest.mark.parametrize("seed", [0, 3, 7, 11, 59])
def test_each_blank_cell_is_one_more_space(seed):
    """The real file's rule, exactly: split the values on single spaces and cell i is token i (a row that ends
    blank carries one extra space; only 表二's 合计 and 表三's 类/款 rows get the real file's surplus)."""
    doc = generate(seed)
    for label, surplus_ok in (("表二", {"合计"}), ("表五", set()), ("表十二", set())):
        cols = TABLE_COLUMNS[label][""]
        truth: dict = defaultdict(list)  # key → its printed rows in order (project names may repeat)
        for (table, code, name, _), cells in _printed_rows(doc):
            if table == label:
                truth[code or name].append([(cols.index(c), str(v)) for c, v in cells.items()])
        seen = 0
        for line in _table_text(doc, label).split("\n"):
            line = line.lstrip(" \u3000") if label == "表十二" else line.lstrip(" ")
            m = re.match(r"^(?:(\d{3,7}) \S+|(合计)|(\S+)) (\d+\.\d\d( .*)?)$", line)
            if not m or (label == "表十二" and not m.group(3)) or re.fullmatch(r"[\d.]+", m.group(3) or ""):
                continue  # (a wrapped project's values line is checked by test_project_rows_print_their_truth)
            key = m.group(1) or m.group(2) or m.group(3)
            tokens = m.group(4).split(" ")
            placed = [(i, t) for i, t in enumerate(tokens[: len(cols)]) if t]
            assert placed == truth[key].pop(0), (label, line)
            extra = tokens[len(cols) :]
            assert all(t == "" for t in extra) and (len(extra) <= 1 or key in surplus_ok), (label, line)
            assert (len(extra) >= 1) == (tokens[len(cols) - 1] == ""), (label, line)
            seen += 1
        assert seen >= 3


def test_project_rows_print_their_truth():
    doc = generate(EVAL_SEED)
    body = _table_text(doc, "表十二").split("1 2 3 4 5 6 7", 1)[1]
    blocks = re.split(r"\n\n(?=\u3000)|\n(?= \u3000)", body.strip("\n"))
    names, values = [], []
    for blk in blocks:
        flat = blk.replace("\n\n", " ").replace("\n", "").strip("\u3000 ")
        m = re.match(r"^(.*?) ([\d. ]+)$", flat.strip())
        names.append(m.group(1).strip("\u3000"))
        values.append([Decimal(x) for x in m.group(2).split()])
    truth_names = []
    for r in doc.rows:
        if r["table"] == "表十二" and r["column"] == "合计":
            truth_names.append(r["name"])
    assert names == truth_names
    assert [v[0] for v in values] == [r["value"] for r in doc.rows if r["table"] == "表十二" and r["column"] == "合计"]


def test_narrative_states_the_facts():
    doc = generate(EVAL_SEED)
    flat = doc.text.replace("\n\n", "").replace("\n ", "")
    f = doc.facts
    p = f["procurement"]
    assert re.search(rf"政府采购预算总额{_amount_re(p['total'])}万元", flat)
    assert re.search(rf"政府采购货物预算{_amount_re(p['goods'])}万元", flat)
    assert f"实有{f['vehicles']['实有']}辆" in flat
    assert f"建筑总面积{f['office_area_m2']}平方米" in flat
    assert f"占{f['spending_shares']['基本支出']}%" in flat
    ch = f["change"]
    assert re.search(rf"比上年{ch['direction']}{_amount_re(ch['amount'])}万元，(增长|下降){ch['percent']}%", flat)
    assert f"纳入绩效目标管理的二级项目{f['projects']['count']}个" in flat
    assert re.search(rf"“三公”经费预算{_amount_re(f['three_public']['total'])}万元", flat)


def _amount_re(d: Decimal) -> str:
    if d == 0:
        return "0"
    whole, frac = f"{d:.2f}".split(".")
    return f"({whole}|{int(whole):,})\\.{frac}".replace(",", ",?")


def test_perf_truth_matches_the_tables_printed_funds():
    doc = generate(EVAL_SEED)
    assert doc.perf
    for perf in doc.perf:
        annual = {s: v for per, s, v in perf["funds"] if per == "年度"}
        total = {s: v for per, s, v in perf["funds"] if per == "实施期"}
        assert f"项目名称 {perf['name']}" in doc.text
        assert f"实施期资金总额： {int(total['资金总额']):,} 年度资金总额： {int(annual['资金总额']):,}" in doc.text
        levels = {(i["period"], i["level2"]) for i in perf["indicators"]}
        assert ("实施期", "数量指标") in levels or ("年度", "数量指标") in levels
        assert all(" " not in i["name"] and " " not in i["value"] for i in perf["indicators"])


# ---------------------------------------------------------------------------------------------------------
# CLI and the committed evaluation document
# ---------------------------------------------------------------------------------------------------------
def test_cli_writes_document_and_truth(tmp_path):
    out, truth = tmp_path / "d.txt", tmp_path / "d.json"
    assert main(["--seed", "7", "--out", str(out), "--truth", str(truth)]) == 0
    assert out.read_text(encoding="utf-8") == generate(7).text
    data = json.loads(truth.read_text(encoding="utf-8"))
    assert data["unit"] == generate(7).unit and data["rows"][0]["value"] == str(generate(7).rows[0]["value"])


def test_committed_eval_document_is_current():
    """evals/docs/gen_seed59.* are regenerated with `python tests/docgen.py --seed 59 --out … --truth …`."""
    doc = generate(EVAL_SEED)
    text = (ROOT / "evals" / "docs" / f"gen_seed{EVAL_SEED}.txt").read_text(encoding="utf-8")
    truth = json.loads((ROOT / "evals" / "docs" / f"gen_seed{EVAL_SEED}.truth.json").read_text(encoding="utf-8"))
    assert text == doc.text
    assert truth == json.loads(json.dumps(doc.truth(), ensure_ascii=False))
