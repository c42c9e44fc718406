"""The audit's values: a finding and its states, a figure taken from the document, a row with its cells, and the
small arithmetic and text helpers every check shares."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from app.audit.catalogue import CHECKS
from app.models import Citation, RowRef, TableRow

ZERO = Decimal(0)
CENT = Decimal("0.01")
WAN = Decimal(10000)
PASS, FAIL, NOT_APPLICABLE, INSUFFICIENT = "pass", "fail", "not_applicable", "insufficient_data"
SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}
SEVERITY_CN = {"high": "高", "medium": "中", "low": "低"}
STATE_CN = {"fail": "不一致", "insufficient_data": "数据不足", "not_applicable": "不适用", "pass": "通过"}
ROUNDING_NOTE = "（相差0.01，可能是四舍五入）"


@dataclass(frozen=True)
class Finding:
    """One result of one check: a failing instance, an unsure one, or the summary of a check that passed."""

    check_id: str
    state: str  # pass / fail / not_applicable / insufficient_data
    severity: str  # high / medium / low
    message: str  # Chinese, with both figures and the difference
    values: dict[str, str] = field(default_factory=dict)  # stated, expected, difference, unit (decimals as text)
    citations: tuple[Citation, ...] = ()

    @property
    def description(self) -> str:
        return CHECKS[self.check_id].description


@dataclass(frozen=True)
class Fig:
    """A figure taken from the document, with where it was found and whether extraction is sure of it."""

    value: Decimal
    what: str  # 表三「合计」合计
    cites: tuple[Citation, ...]
    unsure: str = ""  # why the figure cannot be trusted ("" = it can)
    absent: bool = False  # the figure is not known at all (its table or 合计 row is missing)


@dataclass(frozen=True)
class Row:
    """A table row with its cells by column."""

    ref: RowRef
    cells: dict[str, TableRow]

    def get(self, column: str) -> Decimal:
        cell = self.cells.get(column)
        return cell.value if cell else ZERO

    @property
    def label(self) -> str:
        return f"{self.ref.code} {self.ref.name}".strip()


def pct(part: Decimal, whole: Decimal) -> Decimal:
    return (part * 100 / whole).quantize(CENT, ROUND_HALF_UP)


def money(value: Decimal) -> str:
    return f"{value:,}" if value == value.to_integral_value() else f"{value:,.2f}"


def diff_values(stated: Decimal, expected: Decimal, unit: str, **extra: str) -> dict[str, str]:
    """A finding's `values`: both figures and their difference, as text."""
    return {
        "stated": str(stated),
        "expected": str(expected),
        "difference": str(stated - expected),
        "unit": unit,
        **extra,
    }


def is_rounding(difference: Decimal) -> bool:
    return abs(difference) == CENT


def plain_name(name: str) -> str:
    """「八、社会保障和就业支出」→「社会保障和就业支出」, 「②公务用车运行维护费」→「公务用车运行维护费」."""
    return re.sub(r"^(?:[一二三四五六七八九十]+、|[①②③④⑤⑥⑦⑧⑨])", "", name.strip())


def norm(name: str) -> str:
    return re.sub(r"\s+", "", name).replace("（", "(").replace("）", ")")
