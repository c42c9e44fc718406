"""X checks, across tables: totals (X1) and 科目 rows (X2) that must agree, 表六 against 表五 (X3), 表十 and 表十一
against 表六 (X4, X5), 表十二 (+ 表十三) against 表三 (X6). Tables are found by their `kind`, never by number."""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.audit.document import Book
from app.audit.model import ZERO, Fig, Row, plain_name
from app.audit.projects import project_total
from app.audit.results import Results

# ------------------------------------------------------------------------------------------ X1: totals


def check_totals(book: Book, res: Results) -> None:
    """X1: the tables' totals for the money they cover."""
    t1_total = book.two_sided("income_expense_total", r"^支出总计$", "支出", "合计")
    res.compare("X1.total_t1_t3", book.total("expense_total", "合计"), t1_total)
    res.compare("X1.total_t2_t3", book.total("income_total", "合计"), book.total("expense_total", "合计"))
    gpb = book.total("gpb_expense", "合计")
    res.compare("X1.gpb_t1_t5", book.income("income_expense_total", "一般公共预算"), gpb)
    res.compare("X1.gpb_t2_t5", book.total("income_total", "一般公共预算"), gpb)
    res.compare("X1.gpb_t4_t5", book.income("fiscal_total", "一般公共预算"), gpb)
    res.compare("X1.fund_t4_t8", book.income("fiscal_total", "政府性基金"), book.total("fund_expense", "合计"))


# ------------------------------------------------------------------------------------------ X2: 科目 rows


def check_rows(book: Book, res: Results) -> None:
    """X2: 科目 rows that must agree between tables."""
    if book.table("income_total") and book.table("expense_total"):
        _compare_rows(book, res, "X2.rows_t2_t3", "income_total", "expense_total", ["合计"])
    else:
        res.unsure("X2.rows_t2_t3", "缺少预算收入总表或预算支出总表，无法逐科目核对")
    only = _gpb_only(book)
    if not (book.table("expense_total") and book.table("gpb_expense")) or only is None:
        res.unsure("X2.rows_t3_t5", "缺少预算支出总表、一般公共预算支出表或预算收入总表，无法逐科目核对")
    elif only:
        _compare_rows(book, res, "X2.rows_t3_t5", "expense_total", "gpb_expense", ["合计", "基本支出", "项目支出"])
    else:
        res.not_applicable(
            "X2.rows_t3_t5", "本文件含一般公共预算以外的资金或上年结转，支出总表与一般公共预算支出表不必逐行相等"
        )
    _compare_classes(book, res)


def _coded(book: Book, kind: str) -> dict[str, Row]:
    return {r.ref.code: r for r in book.rows_of(kind) if r.ref.code}


def _compare_rows(book: Book, res: Results, check_id: str, kind_a: str, kind_b: str, columns: Sequence[str]) -> None:
    """Every 科目 row of table a against the same code in table b, column by column."""
    a_rows, b_rows = _coded(book, kind_a), _coded(book, kind_b)
    for code in sorted(set(a_rows) | set(b_rows)):
        ra, rb = a_rows.get(code), b_rows.get(code)
        name = (ra or rb).label  # type: ignore[union-attr]
        for col in columns:
            fa, fb = book.cell(kind_a, ra, col, name), book.cell(kind_b, rb, col, name)
            if ra is None and fb.value == 0 or rb is None and fa.value == 0:
                continue
            res.compare(check_id, fa, fb)


def _gpb_only(book: Book) -> bool | None:
    """Is all the money 一般公共预算 of this year (表二's 合计 row)? None when 表二 cannot tell."""
    total = book.total_row("income_total")
    if total is None:
        return None
    return total.get("合计") == total.get("一般公共预算")


def _compare_classes(book: Book, res: Results) -> None:
    if not (book.table("income_expense_total") and book.table("expense_total")):
        res.unsure("X2.classes_t1_t3", "缺少预算收支总表或预算支出总表，无法核对各类支出")
        return
    t1 = {plain_name(r.ref.name): r for r in book.class_rows("income_expense_total")}
    t3 = {r.ref.name: r for r in book.class_rows("expense_total")}
    for name in list(t1) + [n for n in t3 if n not in t1]:
        a, b = (
            book.cell("income_expense_total", t1.get(name), "合计", name),
            book.cell("expense_total", t3.get(name), "合计", name),
        )
        if a.value == 0 and b.value == 0:
            continue
        res.compare("X2.classes_t1_t3", a, b)


# ------------------------------------------------------------------------------------------ X3–X6: links


def check_links(book: Book, res: Results) -> None:
    """X3–X6: 表六 ↔ 表五, 表十 ↔ 表六, 表十一 ↔ 表六, 表十二 (+ 表十三) ↔ 表三."""
    res.compare("X3.basic_t6_t5", book.total("basic_by_econ", "合计"), book.total("gpb_expense", "基本支出"))
    _check_car_upkeep(book, res)
    res.compare("X5.admin_t11_t6", book.total("admin_cost", "合计"), book.total("basic_by_econ", "公用经费"))
    _check_projects(book, res)


def _econ_row(book: Book, pattern: str) -> Row | None:
    return next(
        (r for r in book.rows_of("basic_by_econ") if r.ref.level != "合计" and re.search(pattern, r.ref.name)), None
    )


def _check_car_upkeep(book: Book, res: Results) -> None:
    """X4: 公务用车运行维护费 in 表十 and 表六."""
    if not (book.table("three_public") and book.table("basic_by_econ")):
        res.unsure("X4.car_t10_t6", "缺少“三公”经费表或基本支出分经济科目表，无法核对公务用车运行维护费")
        return
    upkeep = book.find("three_public", r"运行维护费$")
    res.compare(
        "X4.car_t10_t6",
        book.cell("three_public", upkeep, "合计", "公务用车运行维护费"),
        book.cell("basic_by_econ", _econ_row(book, r"^公务用车运行维护费$"), "合计", "公务用车运行维护费"),
    )


def _check_projects(book: Book, res: Results) -> None:
    """X6: 表十二's total (and, where it differs, the sum of its projects) plus 表十三's = 表三's 项目支出."""
    spend = book.total("expense_total", "项目支出")
    head, summed = project_total(book, "project")
    carry, _ = project_total(book, "project_carryover")
    if book.table("project_carryover") is None:
        carry = Fig(ZERO, "上年结转项目（未公开项目支出预算表（上年结转），按0计）", ())
    for fig in [head] + ([summed] if summed and (summed.value != head.value or not head.cites) else []):
        both = Fig(
            fig.value + carry.value,
            f"{fig.what} + {carry.what}" if carry.value else fig.what,
            fig.cites + (carry.cites if carry.value else ()),
            fig.unsure or carry.unsure,
        )
        res.compare("X6.projects_t12_t3", both, spend)
