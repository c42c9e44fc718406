"""The budget concepts of app/resources/concepts.tsv (三公, 机关运行经费, 人员经费 …, each with its homes: the table
kind, row and column that print it), the items a “三公” table printed across names only as columns, and whether a
document's 财政拨款 is more than its 一般公共预算拨款."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pandas as pd


@dataclass(frozen=True)
class Concept:
    name: str
    aliases: tuple[str, ...]
    table_kind: str
    row: str  # regex on the row name
    column: str
    prose: tuple[str, ...]  # how the 情况说明 names it (for changes vs last year)


@lru_cache(maxsize=1)
def concepts() -> tuple[Concept, ...]:
    text = resources.files("app").joinpath("resources/concepts.tsv").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, aliases, kind, row, column, *rest = line.split("\t")
        prose = tuple(p for p in (rest[0] if rest else name).split("|") if p)
        out.append(Concept(name, tuple(a.lower() for a in aliases.split("|") if a), kind, row, column, prose))
    return tuple(out)


def _columns_as_concepts(tables: dict[str, dict], cells: pd.DataFrame, named: set[str]) -> list[Concept]:
    """A “三公” table printed across (杭州's 表7: one row per unit, the items as columns) names items no row does:
    「公务用车购置费」, and the group over 小计 「公务用车购置及运行费」. Each is read from the table's 合计 row."""
    out: list[Concept] = []
    if not len(cells):
        return out
    for label, t in tables.items():
        if t["kind"] != "three_public":
            continue
        mine = cells[cells["table"] == label]
        for col, header in dict.fromkeys(zip(mine["column"], mine["header"], strict=False)):
            parts = [p for p in str(header or "").split("/") if p]
            name = parts[-2] if col in ("小计", "合计") and len(parts) >= 2 else col
            if (
                len(name) < 4
                or not re.search(r"费用?$", name)
                or re.search(r"\d|三公|合计|小计|总计", name)
                or name in named
            ):
                continue  # an item's name (…费), never a year's header (「2024年预算数」) over 合计
            if all(c.name != name for c in out):
                out.append(Concept(name, (name.lower(),), "three_public", r"^(?:合计|总计)$", col, (name,)))
    return out


_OTHER_FUNDS = re.compile(r"(?:政府性基金|国有资本经营)预算?(?:拨款|资金)?(?:收入)?$")


def other_funds(cells: pd.DataFrame, kind_of: dict[str, str]) -> bool:
    """Does the 财政拨款收支总表 put money in 政府性基金 or 国有资本经营 income (so 「财政拨款收入」 is more than the
    一般公共预算拨款)?"""
    if not len(cells):
        return False
    fiscal = cells[cells["table"].map(lambda t: kind_of.get(t) == "fiscal_total") & (cells["side"] == "收入")]
    named = fiscal[
        fiscal["name"].map(
            lambda n: bool(_OTHER_FUNDS.search(re.sub(r"^[（(][一二三四五六七八九十][)）]", "", str(n))))
        )
    ]
    return bool(len(named)) and any(v not in (None, "") and float(v or 0) != 0 for v in named["value"])
