"""The 项目 rows of 项目支出预算表 and the funds of a 绩效目标表, shared by the X6, N4/N1 and P checks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from app.audit.document import Book
from app.audit.model import ZERO, Fig, Row, norm
from app.models import PerfTarget, Table


def fund(p: PerfTarget, period: str, source: str = "资金总额") -> Decimal | None:
    return next((v for per, src, v in p.funds if per == period and src == source), None)


def annual(p: PerfTarget) -> Decimal | None:
    return fund(p, "年度")


def by_name(rows: Iterable[Row]) -> dict[str, list[Row]]:
    """Project rows by their normalised name (one project may be listed under several 科目)."""
    out: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        out[norm(r.ref.name)].append(r)
    return out


def project_total(book: Book, kind: str) -> tuple[Fig, Fig | None]:
    """(the table's total — its 合计 row or the sum of its unit rows —, the sum of its project rows)."""
    t = book.table(kind)
    if t is None:
        return book.missing(kind), None
    if t.empty:
        return book.no_data(t), None
    rows = book.rows[t.label]
    unsure = book.unsure(t, rows)
    projects = [r for r in rows if r.ref.level == "项目"]
    summed = _sum_fig(book, projects, f"{t.label} {len(projects)} 个项目之和", unsure) if projects else None
    return _head(book, t, rows, unsure), summed


def _head(book: Book, t: Table, rows: list[Row], unsure: str) -> Fig:
    total = book.total_row(t.kind)
    if total is not None:
        return Fig(total.get("合计"), f"{t.label}「合计」", (book.cite.row(total, "合计"),), unsure)
    units = [r for r in rows if r.ref.level == "单位"]
    return _sum_fig(book, units, f"{t.label}「{'、'.join(u.ref.name for u in units)}」合计", unsure)


def _sum_fig(book: Book, rows: list[Row], what: str, unsure: str) -> Fig:
    return Fig(sum((r.get("合计") for r in rows), ZERO), what, tuple(book.cite.row(r, "合计") for r in rows), unsure)
