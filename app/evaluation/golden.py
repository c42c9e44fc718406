"""Golden sets: the .jsonl format, reading and validating it (GoldItem, GoldSet, GoldenSetError).

A golden set is a .jsonl file. Its FIRST line names the document the questions are about:

    {"doc": "data/datong_gxj_2024.txt"}

(a path relative to the working directory, else to the repository root, else to the set's own folder).
Every further line is one question:

    {"id": "d001", "question": "…", "category": "lookup|computed|narrative|definition|abstain|english",
     "route": "table|narrative|both|none", "expect": {…}, "sources": ["表十二", "绩效目标表"],
     "dialogue": null | "dlg1", "note": "optional, for humans"}

expect is one of
    {"value": "9.00", "unit": "万元"}                  a key figure (Answer.value/unit), exact decimal string
    {"value": "9.00", "unit": "万元", "phrases": […]}  a key figure and phrases that must all appear
    {"phrases": ["人员减少", "项目经费减少"]}            phrases that must all appear in Answer.text
    {"absent": true}                                   the document does not say: the answer must abstain
A blank or zero cell is a figure: {"value": "0", "unit": "万元"}. Lines sharing a dialogue id are asked in
file order, each with the earlier turns of its dialogue as history.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from app.errors import BudgetQAError

ROOT = Path(__file__).resolve().parents[2]
GOLDEN_DIR = ROOT / "evals" / "golden"

CATEGORIES = ("lookup", "computed", "narrative", "definition", "abstain", "english")
ROUTES = ("table", "narrative", "both", "none")
REQUIRED_KEYS = ("id", "question", "category", "route", "expect", "sources", "dialogue")


class GoldenSetError(BudgetQAError):
    """A golden set or the thresholds file is malformed."""

    code = "golden_set"


@dataclass(frozen=True)
class GoldItem:
    id: str
    question: str
    category: str
    route: str
    expect: dict[str, Any]
    sources: tuple[str, ...]
    dialogue: str | None
    note: str = ""


@dataclass(frozen=True)
class GoldSet:
    name: str  # the file stem, e.g. datong_2024: the key in thresholds.json
    path: Path
    doc: Path
    items: tuple[GoldItem, ...]


def _bad(path: Path | str, lineno: int, message: str) -> GoldenSetError:
    return GoldenSetError(f"评测集格式错误 {path} 第{lineno}行：{message} (malformed golden set)")


def _check_expect(expect: Any, path: Path | str, lineno: int) -> None:
    if not isinstance(expect, dict) or not expect:
        raise _bad(path, lineno, "expect 应为非空对象")
    if expect.get("absent") is True:
        if set(expect) != {"absent"}:
            raise _bad(path, lineno, "absent 不能与 value/phrases 同时出现")
        return
    if "value" in expect:
        try:
            Decimal(str(expect["value"]))
        except InvalidOperation as e:
            raise _bad(path, lineno, f"value 不是十进制数：{expect['value']!r}") from e
        if not isinstance(expect.get("unit"), str) or not expect["unit"]:
            raise _bad(path, lineno, "value 需要 unit（万元 / 元 / % / 辆 …）")
    phrases = expect.get("phrases", [])
    if not isinstance(phrases, list) or not all(isinstance(p, str) and p for p in phrases):
        raise _bad(path, lineno, "phrases 应为非空字符串的列表")
    if "value" not in expect and not phrases:
        raise _bad(path, lineno, "expect 需要 value、phrases 或 absent 之一")
    unknown = set(expect) - {"value", "unit", "phrases"}
    if unknown:
        raise _bad(path, lineno, f"expect 中有未知键：{', '.join(sorted(unknown))}")


def parse_item(record: Any, path: Path | str = "<set>", lineno: int = 0) -> GoldItem:
    """One question line → GoldItem; anything missing or invalid is a GoldenSetError naming the line."""
    if not isinstance(record, dict):
        raise _bad(path, lineno, "每行应为一个 JSON 对象")
    missing = [k for k in REQUIRED_KEYS if k not in record]
    if missing:
        raise _bad(path, lineno, f"缺少键：{', '.join(missing)}")
    if record["category"] not in CATEGORIES:
        raise _bad(path, lineno, f"category 无效：{record['category']!r}（可选 {'/'.join(CATEGORIES)}）")
    if record["route"] not in ROUTES:
        raise _bad(path, lineno, f"route 无效：{record['route']!r}（可选 {'/'.join(ROUTES)}）")
    if not isinstance(record["question"], str) or not record["question"].strip():
        raise _bad(path, lineno, "question 为空")
    if not isinstance(record["sources"], list) or not all(isinstance(s, str) and s for s in record["sources"]):
        raise _bad(path, lineno, "sources 应为字符串列表")
    if record["dialogue"] is not None and not isinstance(record["dialogue"], str):
        raise _bad(path, lineno, "dialogue 应为 null 或字符串")
    _check_expect(record["expect"], path, lineno)
    return GoldItem(
        id=str(record["id"]),
        question=record["question"],
        category=record["category"],
        route=record["route"],
        expect=record["expect"],
        sources=tuple(record["sources"]),
        dialogue=record["dialogue"],
        note=str(record.get("note", "")),
    )


def resolve_doc(doc: str, set_path: Path) -> Path:
    """The header's document path: as given (cwd), else under the repository root, else beside the set."""
    for candidate in (Path(doc), ROOT / doc, set_path.parent / doc):
        if candidate.is_file():
            return candidate
    raise GoldenSetError(f'评测集 {set_path} 指定的文档不存在：{doc}。请检查首行 {{"doc": …}}。 (document not found)')


def load_set(path: str | Path, must_exist: bool = True) -> GoldSet:
    """Read and validate a golden set. `must_exist=False` skips the document check (for tests)."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise GoldenSetError(f"无法读取评测集 {path}：{e}") from e
    records: list[tuple[int, Any]] = []
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            records.append((lineno, json.loads(line)))
        except json.JSONDecodeError as e:
            raise _bad(path, lineno, f"不是有效的 JSON：{e}") from e
    if not records or not isinstance(records[0][1], dict) or set(records[0][1]) != {"doc"}:
        raise _bad(path, records[0][0] if records else 1, '首行应为 {"doc": "文档路径"}')
    doc = str(records[0][1]["doc"])
    items = tuple(parse_item(rec, path, lineno) for lineno, rec in records[1:])
    dupes = [k for k, n in Counter(i.id for i in items).items() if n > 1]
    if dupes:
        raise GoldenSetError(f"评测集 {path} 中 id 重复：{', '.join(dupes)}")
    doc_path = resolve_doc(doc, path) if must_exist else Path(doc)
    return GoldSet(name=path.stem, path=path, doc=doc_path, items=items)
