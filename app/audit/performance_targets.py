"""P checks, 绩效目标表 against 表十二: 年度资金总额 = the project's funds (P1), cost indicators within the funds
(P2), 资金总额 = the sum of its sources (P3)."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from app.audit.document import Book
from app.audit.model import CENT, WAN, ZERO, Fig, Row, diff_values, is_rounding, money, norm
from app.audit.projects import annual, by_name, fund
from app.audit.results import Results
from app.audit.sentences import DIGITS
from app.models import Citation, PerfTarget

_COST_RE = re.compile(
    r"^(?:≤|<=|＜|<|不超过|不高于|控制在)?\s*(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>万元|元)(?:以内|以下|之内)?$"
)


def check_perf(book: Book, res: Results) -> None:
    if not book.perf:
        for cid in ("P1.funds_t12", "P2.cost_indicator", "P3.fund_sources"):
            res.not_applicable(cid, "本文件没有项目支出绩效目标表")
        return
    rows = by_name(r for kind in ("project", "project_carryover") for r in book.rows_of(kind) if r.ref.level == "项目")
    for p in book.perf:
        _check_perf_funds(book, res, p, rows.get(norm(p.project), []))
        _check_costs(book, res, p)
        _check_sources(book, res, p)
    if not any(i.level2 == "成本指标" for p in book.perf for i in p.indicators):
        res.not_applicable("P2.cost_indicator", "绩效目标表中没有以元计的成本指标")


# ------------------------------------------------------------------------------------------ P1: funds


def _check_perf_funds(book: Book, res: Results, p: PerfTarget, rows: list[Row]) -> None:
    """P1: 年度资金总额 (元) = the project's 合计 in 表十二/表十三 (万元), one row or the sum of its rows."""
    annual_funds = annual(p)
    cite = book.cite.perf(p, "年度资金总额", "年度资金总额")
    if annual_funds is None:
        res.unsure("P1.funds_t12", f"绩效目标表「{p.project}」没有读到年度资金总额", [cite])
        return
    if book.table("project") is None:
        res.unsure("P1.funds_t12", f"没有找到项目支出预算表，无法核对「{p.project}」的资金", [cite])
        return
    if not rows:
        res.unsure(
            "P1.funds_t12",
            f"项目支出预算表中找不到与绩效目标表同名的项目「{p.project}」（名称可能不同），无法核对",
            [cite],
        )
        return
    _compare_funds(book, res, p, annual_funds, rows, cite)


def _compare_funds(
    book: Book, res: Results, p: PerfTarget, annual_funds: Decimal, rows: list[Row], cite: Citation
) -> None:
    in_wan = (annual_funds / WAN).quantize(CENT, ROUND_HALF_UP)
    options = [r.get("合计") for r in rows] + ([sum((r.get("合计") for r in rows), ZERO)] if len(rows) > 1 else [])
    table = book.by_label[rows[0].ref.table]
    table_fig = Fig(
        options[-1],
        f"{table.label}「{p.project}」合计",
        tuple(book.cite.row(r, "合计") for r in rows),
        book.unsure(table, rows),
    )
    unsure = book.perf_unsure.get(p.project, "") or table_fig.unsure
    if in_wan in options:
        res.ok("P1.funds_t12")
    elif unsure:
        res.unsure("P1.funds_t12", f"「{p.project}」的资金与表中不一致，但{unsure}，无法判断", [cite, *table_fig.cites])
    else:
        expected = min(options, key=lambda v: abs(v - in_wan))
        res.fail(
            "P1.funds_t12",
            f"绩效目标表「{p.project}」年度资金总额 {money(annual_funds)}元，{table_fig.what} {expected}万元"
            f"（{money(expected * WAN)}元），相差 {money(annual_funds - expected * WAN)}元",
            diff_values(annual_funds, expected * WAN, "元"),
            [cite, *table_fig.cites],
            rounding=is_rounding(in_wan - expected),
        )


# ------------------------------------------------------------------------------------------ P2, P3


def _check_costs(book: Book, res: Results, p: PerfTarget) -> None:
    """P2: a cost indicator in 元/万元 (≤170000元) is no more than the period's funds."""
    seen: set[tuple[str, str]] = set()
    for ind in sorted(p.indicators, key=lambda i: i.period != "年度"):
        m = _COST_RE.match(ind.value.strip().translate(DIGITS)) if ind.level2 == "成本指标" else None
        if not m or (ind.name, ind.value) in seen:
            continue
        seen.add((ind.name, ind.value))
        cost = Decimal(m.group("num").replace(",", "")) * (WAN if m.group("unit") == "万元" else 1)
        funds = fund(p, ind.period) or annual(p)
        if funds is None:
            continue
        cites = [
            book.cite.perf(p, "", f"{ind.period}{ind.level2}「{ind.name}」", ind.line),
            book.cite.perf(p, f"{ind.period}资金总额", f"{ind.period}资金总额"),
        ]
        res.tally(
            "P2.cost_indicator",
            cost <= funds,
            f"绩效目标表「{p.project}」成本指标「{ind.name}」{ind.value}，超过{ind.period}资金总额 "
            f"{money(funds)}元，超出 {money(cost - funds)}元",
            diff_values(cost, funds, "元"),
            cites,
        )


def _check_sources(book: Book, res: Results, p: PerfTarget) -> None:
    """P3: each period's 资金总额 = the sum of its sources."""
    for period in dict.fromkeys(per for per, _, _ in p.funds):
        total = fund(p, period)
        parts = [(src, v) for per, src, v in p.funds if per == period and src != "资金总额"]
        if total is None or not parts:
            continue
        summed = sum((v for _, v in parts), ZERO)
        detail = " + ".join(f"{s}{money(v)}" for s, v in parts if v)
        res.tally(
            "P3.fund_sources",
            summed == total,
            f"绩效目标表「{p.project}」{period}资金总额 {money(total)}元，各来源之和 {detail} = "
            f"{money(summed)}元，相差 {money(total - summed)}元",
            diff_values(total, summed, "元"),
            [book.cite.perf(p, f"{period}资金总额" if period == "实施期" else "资金总额", f"{period}资金总额")],
        )
