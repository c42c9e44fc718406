"""The catalogue of table kinds (app/resources/table_kinds.tsv) and the shared column vocabulary: knowledge of
the format that ingest, answer and audit all read.

Every province titles and numbers its tables its own way; their meaning is shared. A table's kind comes from
its title words (「2026年预算单位财务收支预算总表」, 「表3 本年支出总体情况表」, 「公开05表 一般公共预算支出表」 …);
a title of no known kind keeps the kind "unknown" and the table is still read and askable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Kind:
    kind: str
    groups: tuple[tuple[str, ...], ...]  # every group must match one of its words
    exclude: tuple[str, ...]
    name: str  # 预算收支总表, 基本支出分经济科目表 …


@lru_cache(maxsize=1)
def kinds() -> tuple[Kind, ...]:
    text = resources.files("app").joinpath("resources/table_kinds.tsv").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, words, exclude, name = (line.split("\t") + ["", "", ""])[:4]
        groups = tuple(tuple(w for w in g.split("|") if w) for g in words.split(";") if g)
        out.append(Kind(kind, groups, tuple(w for w in exclude.split("|") if w), name))
    return tuple(out)


def _compact(title: str) -> str:
    return re.sub(r"\s+", "", title).replace('"', "“")


def table_kind(title: str) -> str:
    """The kind of a table from its printed title; "unknown" when no entry matches."""
    t = _compact(title)
    for k in kinds():
        if all(any(w in t for w in g) for g in k.groups) and not any(w in t for w in k.exclude):
            return k.kind
    return "unknown"


KIND_NAMES = {k.kind: k.name for k in kinds()} | {"unknown": "其他表格"}

# Column headers as printed → the canonical column names the answer layer knows (the national format's).
COLUMN_ALIASES = {
    "总计": "合计",
    "合计数": "合计",
    "预算数合计": "合计",
    "支出总计": "合计",
    "收入总计": "合计",
    "支出合计": "合计",
    "收入合计": "合计",
    "本年支出合计": "合计",
    "本年收入合计": "合计",
    "总额": "合计",
    "一般公共预算拨款": "一般公共预算",
    "一般公共预算资金": "一般公共预算",
    "一般公共预算支出": "一般公共预算",
    "一般公共预算收入": "一般公共预算",
    "公共财政拨款": "一般公共预算",
    "一般公共财政拨款": "一般公共预算",
    "政府性基金": "政府性基金预算",
    "政府性基金预算拨款": "政府性基金预算",
    "政府性基金拨款": "政府性基金预算",
    "国有资本经营预算拨款": "国有资本经营预算",
    "国有资本经营": "国有资本经营预算",
    "基本支出合计": "基本支出",
    "项目支出合计": "项目支出",
    "上年结转结余": "上年结转",
    "上年结余结转": "上年结转",
    "上年结转资金": "上年结转",
    "人员经费支出": "人员经费",  # 西安's 基本支出表: 人员经费支出 | 公用经费支出
    "公用经费支出": "公用经费",
}
# A single value column under one of these headers holds "the amount": 合计 (支出) or 金额 (收入 side).
AMOUNT_HEADERS = re.compile(
    r"^(?:20\d\d年?)?(?:本年)?(?:预算数?|预算金额|金额|数额|预算安排|年初预算数?)(?:[(（](?:万?元)[)）])?$"
)
