"""Which table figure a 情况说明 label states: per section, label patterns → resolvers. A resolver gets (book, label,
side of the sentence) and returns the figure, or None when the label names nothing it knows."""

from __future__ import annotations

import re
from collections.abc import Callable

from app.audit.document import Book
from app.audit.model import Fig, plain_name

Resolver = Callable[[Book, str, str], Fig | None]
FigureOf = Callable[[Book, str, str], Fig]  # a resolver that always finds its figure


def _r_total(kind: str, column: str) -> FigureOf:
    return lambda b, label, side: b.total(kind, column)


def _r_two_sided(kind: str, pattern: str, side: str, column: str) -> FigureOf:
    return lambda b, label, _: b.two_sided(kind, pattern, side, column)


def _r_t1(pattern: str, side: str, column: str) -> FigureOf:
    return _r_two_sided("income_expense_total", pattern, side, column)


def _r_income(kind: str, pattern: str) -> FigureOf:
    return lambda b, label, side: b.income(kind, pattern)


def _r_carried(b: Book, label: str, side: str) -> Fig:
    if side == "支出":
        return b.cell(
            "income_expense_total",
            b.find("income_expense_total", r"^本年支出合计$", "支出"),
            "上年结转安排",
            "上年结转",
        )
    return b.cell("income_expense_total", b.find("income_expense_total", r"^上年结转$", "收入"), "金额", "上年结转")


def _r_class(kind: str) -> Resolver:
    """A 类 row of `kind` named at the end of the label (any 类 name the document prints anywhere)."""

    def resolve(b: Book, label: str, side: str) -> Fig | None:
        names = {
            plain_name(r.ref.name) for k in ("income_expense_total", "fiscal_total", kind) for r in b.class_rows(k)
        }
        name = max((n for n in names if label.endswith(n)), key=len, default="")
        if not name:
            return None
        row = next((r for r in b.class_rows(kind) if plain_name(r.ref.name) == name), None)
        t = b.table(kind)
        return b.cell(kind, row, t.columns[0] if t else "合计", name)

    return resolve


def _r_named(kind: str, pattern: str, column: str = "合计") -> Resolver:
    def resolve(b: Book, label: str, side: str) -> Fig:
        return b.cell(kind, b.find(kind, pattern), column, pattern.strip("^$")) if b.table(kind) else b.missing(kind)

    return resolve


def _r_admin(b: Book, label: str, side: str) -> Fig:
    return b.total("admin_cost", "合计") if b.table("admin_cost") else b.total("basic_by_econ", "公用经费")


_FISCAL_TOTAL = _r_two_sided("fiscal_total", r"^收入总计$", "收入", "金额")

RULES: dict[str, tuple[tuple[str, Resolver], ...]] = {
    "change": (
        (r"收入总计$", _r_t1(r"^收入总计$", "收入", "金额")),
        (r"本年收入(合计)?$", _r_t1(r"^本年收入合计$", "收入", "金额")),
        (r"上年结转$", _r_carried),
        (r"支出总计$", _r_t1(r"^支出总计$", "支出", "合计")),
        (r"(本年|当年)预算安排$", _r_t1(r"^本年支出合计$", "支出", "当年预算安排")),
    ),
    "income": (
        (r"一般公共预算(拨款)?(收入)?$", _r_income("income_expense_total", "一般公共预算")),
        (r"政府性基金(预算)?(拨款)?(收入)?$", _r_income("income_expense_total", "政府性基金")),
        (r"国有资本经营(预算)?(拨款)?(收入)?$", _r_income("income_expense_total", "国有资本经营")),
        (r"财政专户管理资金(收入)?$", _r_income("income_expense_total", "财政专户")),
        (r"单位资金(收入)?$", _r_income("income_expense_total", "单位资金")),
        (r"上年结转(收入)?$", _r_carried),
        (r"(收入总计|预算收入|收入合计)$", _r_t1(r"^收入总计$", "收入", "金额")),
    ),
    "expense": (
        (r"基本支出$", _r_total("expense_total", "基本支出")),
        (r"项目支出$", _r_total("expense_total", "项目支出")),
        (r"(支出预算|预算支出|支出总计|支出合计)$", _r_total("expense_total", "合计")),
    ),
    "fiscal": (
        (r"财政拨款.*(总预算|总计)$", _FISCAL_TOTAL),
        (r"一般公共预算(拨款)?(收入)?$", _r_income("fiscal_total", "一般公共预算")),
        (r"政府性基金(预算)?(拨款)?(收入)?$", _r_income("fiscal_total", "政府性基金")),
        (r"国有资本经营(预算)?(拨款)?(收入)?$", _r_income("fiscal_total", "国有资本经营")),
        (r"(当年|本年)(拨款)?收入(合计)?$", _r_two_sided("fiscal_total", r"^本年收入合计$", "收入", "金额")),
        (r"上年(财政拨款)?结转(收入)?$", _r_two_sided("fiscal_total", r"^上年.*结转$", "收入", "金额")),
        (r"支出$", _r_class("fiscal_total")),
    ),
    "gpb": (
        (r"一般公共预算(当年)?(预算)?支出$", _r_total("gpb_expense", "合计")),
        (r"支出$", _r_class("gpb_expense")),
    ),
    "basic": (
        (r"基本支出$", _r_total("basic_by_econ", "合计")),
        (r"人员经费$", _r_total("basic_by_econ", "人员经费")),
        (r"公用经费$", _r_total("basic_by_econ", "公用经费")),
    ),
    "three": (
        (r"三公.{0,2}经费.*$", _r_total("three_public", "合计")),
        (r"因公出国[（(]境[）)]费(用)?$", _r_named("three_public", r"^因公出国")),
        (r"公务接待费$", _r_named("three_public", r"^公务接待费$")),
        (r"公务用车购置及运行(维护)?费$", _r_named("three_public", r"^公务用车购置及运行")),
        (r"公务用车运行(维护)?费$", _r_named("three_public", r"运行维护费$")),
        (r"公务用车购置费$", _r_named("three_public", r"购置费$")),
    ),
    "admin": ((r"机关运行经费", _r_admin),),
}

# The total a share (占xx%) is taken of, per section.
SHARE_BASE: dict[str, FigureOf] = {
    "income": _r_t1(r"^收入总计$", "收入", "金额"),
    "expense": _r_total("expense_total", "合计"),
    "gpb": _r_total("gpb_expense", "合计"),
    "basic": _r_total("basic_by_econ", "合计"),
    "fiscal": _FISCAL_TOTAL,
}


def resolve(book: Book, key: str, label: str, side: str) -> Fig | None:
    """The table figure a label of section `key` states (the first rule that matches and resolves)."""
    for pattern, resolver in RULES.get(key, ()):
        if re.search(pattern, label):
            fig = resolver(book, label, side)
            if fig is not None:
                return fig
    return None
