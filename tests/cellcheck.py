"""Check parsed cells against cells read by hand (tests/real_cells/*.json) or by a generator (tests/pdfgen.py).

A golden cell {page, table, code, name, column, column_group?, value, unit} is found when a parsed cell of a
table whose printed title contains `table` is on that page, in that row (by 科目编码 when there is one, else by
name), in that column (its printed header leaf, its header path, or its canonical name), with the exact value
and unit. A golden blank cell (value "") is found when no parsed cell sits there (nothing shifted into it).
A table read across (items as columns, golden name "") matches the row named after the column.
"""

from __future__ import annotations

import re
from decimal import Decimal

_TRANS = str.maketrans({"(": "（", ")": "）", "“": "", "”": "", '"': "", " ": "", "\u3000": "", "：": ":"})


def norm(text: str) -> str:
    return (text or "").translate(_TRANS)


def _value(text: str) -> Decimal | None:
    t = text.replace(",", "").strip()
    return Decimal(t) if re.fullmatch(r"[-+]?\d+(?:\.\d+)?", t) else None


def _row_matches(cell, gold: dict) -> bool:
    if re.match(r"^(?:20\d\d年|增减|变化|比上年)", gold.get("name", "")) and norm(cell.header).startswith(
        norm(gold["name"]) + "/"
    ):
        return True  # an across table's period row (2026年 / 增减变化金额): the period heads the cell's header path
    if gold.get("code"):
        return cell.code == gold["code"] or (not cell.code and norm(cell.name) == norm(gold["name"]))
    if not gold.get("name"):  # read across: the row is named after the golden column
        leaf = norm(gold["column"])
        group = norm(gold.get("column_group", ""))
        header = norm(cell.header)
        return header.endswith(leaf) and (not group or group in header)
    return norm(cell.name) == norm(gold["name"]) or norm(cell.name).endswith(norm(gold["name"]))


def _column_matches(cell, gold: dict) -> bool:
    if not gold.get("name"):
        return True
    if re.match(r"^(?:20\d\d年|增减|变化|比上年)", gold["name"]) and norm(cell.header).startswith(
        norm(gold["name"]) + "/"
    ):
        parts = norm(cell.header).split("/")[1:]
        group = [g for g in norm(gold.get("column_group", "")).split("/") if g]
        return bool(parts) and parts[-1] == norm(gold["column"]) and all(g in parts for g in group)
    leaf = norm(gold["column"])
    parts = [p for p in norm(cell.header).split("/") if p]
    groups = [g for g in norm(gold.get("column_group", "")).split("/") if g]  # nested groups: every one above
    if parts and any(g not in parts and not any(g in p for p in parts) for g in groups):
        return False
    return (parts and parts[-1] == leaf) or norm(cell.column) == leaf


def find(gold: dict, tables, cells) -> list:
    """The parsed cells that stand where the golden cell stands (any value)."""
    titles = {t.label for t in tables if norm(gold["table"]) in norm(t.title)}
    here = [
        c
        for c in cells
        if c.table in titles and c.page == gold["page"] and _row_matches(c, gold) and _column_matches(c, gold)
    ]
    # several projects under one 功能科目编码 (213 03 02): the row is the one with the project's name
    if gold.get("code") and gold.get("name"):
        same = [c for c in cells if c.table in titles and c.page == gold["page"] and c.code == gold["code"]]
        if len({norm(c.name) for c in same}) > 1:  # (a row of blanks has no cell: nothing stands there)
            return [c for c in here if norm(c.name) == norm(gold["name"])]
    return here


def check(golden: dict, tables, cells) -> tuple[int, list[str]]:
    """(cells found exactly, failures described)."""
    ok, failures = 0, []
    for gold in golden["cells"]:
        if not gold.get("name") and not gold["value"].strip() and not gold.get("code"):
            ok += 1  # a blank cell on a side with no label: nothing names where it is (checked by its row's others)
            continue
        here = find(gold, tables, cells)
        want = _value(gold["value"])
        if want is None:
            if gold["value"].strip() in ("", "-", "—") and not here:
                ok += 1
            elif gold["value"].strip() in ("", "-", "—"):
                failures.append(f"blank cell has a value: {gold} ← {[str(c.value) for c in here]}")
            else:
                failures.append(f"unreadable golden value: {gold}")
            continue
        exact = [c for c in here if c.value == want and c.unit == gold["unit"]]
        if exact:
            ok += 1
        else:
            got = [(c.name, c.column, c.header, str(c.value), c.unit) for c in here][:3]
            failures.append(
                f"p{gold['page']} {gold['table']} {gold.get('code', '')} {gold['name']} [{gold.get('column_group', '')}/{gold['column']}] = {gold['value']} {gold['unit']} ← {got}"
            )
    return ok, failures
