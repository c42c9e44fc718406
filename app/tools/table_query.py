"""The table tool: a validated query spec with whitelisted operations over the tidy rows.

Nothing from a question is ever evaluated: a TableQuery names rows (by row id, resolved by the router)
and an operation from OPS; the executor looks the cells up and does Decimal arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from app.catalogue import KIND_NAMES
from app.errors import QueryError
from app.models import Citation

OPS = ("lookup", "each", "sum", "share", "difference", "net", "list", "count", "max", "min")


@dataclass(frozen=True)
class Target:
    """One table row and column, e.g. (表三's row 2140206, 项目支出)."""

    row_id: str
    column: str


@dataclass(frozen=True)
class TableQuery:
    op: str
    targets: tuple[Target, ...]
    denominator: Target | None = None  # for share
    rows: tuple[str, ...] = ()  # for list / count / max / min: the row ids to range over
    column: str = "合计"  # for list / count / max / min
    nonzero: bool = False  # list / count: only the rows with a figure in `column` (「用单位资金安排的项目」)
    minus: tuple[Target, ...] = ()  # for net: the figures taken away from the targets' sum

    def validate(self) -> None:
        if self.op not in OPS:
            raise QueryError(f"不支持的操作：{self.op}（可用：{', '.join(OPS)}）")
        if self.op in ("lookup",) and len(self.targets) != 1:
            raise QueryError("lookup 需要且只需要一个目标")
        if self.op in ("sum", "each") and len(self.targets) < 2:
            raise QueryError(f"{self.op} 需要至少两个目标")
        if self.op == "difference" and len(self.targets) != 2:
            raise QueryError("difference 需要两个目标")
        if self.op == "net" and not (self.targets and self.minus):
            raise QueryError("net 需要加上的目标和减去的目标")
        if self.op == "share" and (not self.targets or self.denominator is None):
            raise QueryError("share 需要分子（一项或几项之和）和一个分母")
        if self.op in ("list", "count", "max", "min") and not self.rows:
            raise QueryError(f"{self.op} 需要一组行")


@dataclass(frozen=True)
class Fact:
    """A figure read from one cell, with where it was printed."""

    label: str  # 表十二「T铁路道口安全管理专项资金」合计
    name: str
    column: str
    value: Decimal | None  # None: the row exists but the cell is blank
    raw: str
    unit: str
    citation: Citation


def _one_unit(facts: tuple[Fact, ...]) -> tuple[tuple[Fact, ...], str]:
    """Facts from tables in different money units (a Shanghai 三公 table in 万元 beside tables in 元) are
    computed on in 万元, never mixed; the same unit stays as printed."""
    units = {f.unit for f in facts}
    if len(units) == 1:
        return facts, facts[0].unit
    from app.numbers import to_wan

    return tuple(
        replace(f, value=None if f.value is None else to_wan(f.value, f.unit), unit="万元") for f in facts
    ), "万元"


@dataclass(frozen=True)
class TableResult:
    op: str
    facts: tuple[Fact, ...]
    value: Decimal | None
    unit: str
    computation: str = ""
    blank: bool = False  # every fact is a blank cell: the document shows the row, empty (0)
    extra: dict = field(default_factory=dict)


def _q2(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class TableTool:
    """Executes TableQuery specs against one document's rows and cells."""

    def __init__(self, tables: pd.DataFrame, rows: pd.DataFrame, cells: pd.DataFrame):
        self.tables = {t["label"]: t for t in tables.to_dict("records")}
        self.rows = {r["row_id"]: r for r in rows.to_dict("records")}
        self.cells: dict[tuple[str, str], dict] = {(c["row_id"], c["column"]): c for c in cells.to_dict("records")}
        parents: dict[tuple[str, str], set[str]] = {}
        for r in self.rows.values():
            parents.setdefault((r["table"], r["name"]), set()).add(str(r["parent"] or ""))
        # a name a table lists under several units (杭州's 表十: 罪犯生活保障 under each 监狱) is shown with its unit
        self.repeated = {key for key, under in parents.items() if len(under) > 1}
        self.row_cells: dict[str, list[dict]] = {}
        for c in cells.to_dict("records"):
            self.row_cells.setdefault(c["row_id"], []).append(c)
        # the columns a table's 收入 side prints (金额 always): a 支出 column asked of a 收入 row has no cell, not a 0
        self.income_columns = {(t, "金额") for t in self.tables} | {
            (self.rows[c["row_id"]]["table"], c["column"])
            for c in cells.to_dict("records")
            if c["row_id"] in self.rows and self.rows[c["row_id"]]["side"] == "收入"
        }

    # -- citations ---------------------------------------------------------------------------------
    def row_quote(self, row_id: str) -> str:
        r = self.rows[row_id]
        t = self.tables[r["table"]]
        parts = [
            f"{c['column']} {c['raw']}"
            for c in sorted(
                self.row_cells.get(row_id, []),
                key=lambda c: t["columns"].index(c["column"]) if c["column"] in t["columns"] else 99,
            )
        ]
        label = " ".join(x for x in (r["code"], r["name"]) if x)
        return f"{label}：" + ("，".join(parts) if parts else "（空）")

    def citation(self, row_id: str, column: str = "") -> Citation:
        if row_id not in self.rows:
            raise QueryError(f"未知行：{row_id}")
        r = self.rows[row_id]
        t = self.tables[r["table"]]
        col = f" · 列「{column}」" if column else ""
        side = f"{r['side']}方 " if r["side"] else ""
        printed = str(t.get("printed") or "")
        shown = f"{printed} {t['title']}" if printed and printed != r["table"] else t["title"]
        return Citation(
            source=r["table"],
            title=f"{shown}（单位：{t['unit']}）",
            locator=f"第{r['page']}页 第{r['line']}行 · {side}行「{' '.join(x for x in (r['code'], r['name']) if x)}」{col}",
            quote=self.row_quote(row_id),
            kind="row",
            ref_id=row_id,
            page=int(r["page"]),
            line=int(r["line"]),
            table_kind=KIND_NAMES.get(str(t.get("kind", "")), ""),
        )

    # -- reading -----------------------------------------------------------------------------------
    def fact(self, target: Target) -> Fact:
        if target.row_id not in self.rows:
            raise QueryError(f"未知行：{target.row_id}")
        r = self.rows[target.row_id]
        t = self.tables[r["table"]]
        printed = (target.row_id, target.column) in self.cells  # a cell the row has, whatever the header lost
        if target.column not in t["columns"] and not printed and not (r["side"] == "收入" and target.column == "金额"):
            raise QueryError(f"{r['table']} 没有「{target.column}」这一列")
        if r["side"] == "收入" and not printed and (r["table"], target.column) not in self.income_columns:
            raise QueryError(f"{r['table']}的收入方没有「{target.column}」这一列")  # never a 支出 column read as 0
        cell = self.cells.get((target.row_id, target.column))
        name = f"{r['parent']}·{r['name']}" if (r["table"], r["name"]) in self.repeated and r["parent"] else r["name"]
        header = [h for h in str((cell or {}).get("header") or "").split("/") if h]
        shown = f"{header[-2]}{target.column}" if target.column == "小计" and len(header) >= 2 else target.column
        label = f"{r['table']}「{name}」{shown}"  # 「小计」 of 「公务用车购置及运行费」 says which
        value = cell["value"] if cell else None
        return Fact(
            label,
            name,
            target.column,
            value,
            cell["raw"] if cell else "",
            t["unit"],
            self.citation(target.row_id, target.column),
        )

    def run(self, query: TableQuery) -> TableResult:
        query.validate()
        return getattr(self, f"_{query.op}")(query)

    def _lookup(self, q: TableQuery) -> TableResult:
        f = self.fact(q.targets[0])
        return TableResult("lookup", (f,), f.value, f.unit, blank=f.value is None)

    def _each(self, q: TableQuery) -> TableResult:
        """Several figures asked at once (「A和B分别是多少」): each as printed, never added up."""
        facts = tuple(self.fact(t) for t in q.targets)
        return TableResult("each", facts, facts[0].value, facts[0].unit, blank=all(f.value is None for f in facts))

    def _sum(self, q: TableQuery) -> TableResult:
        facts, unit = _one_unit(tuple(self.fact(t) for t in q.targets))
        total = sum((f.value or Decimal(0) for f in facts), Decimal(0))
        comp = " + ".join(str(f.value or Decimal("0")) for f in facts) + f" = {total}"
        return TableResult("sum", facts, total, unit, comp, blank=all(f.value is None for f in facts))

    def _difference(self, q: TableQuery) -> TableResult:
        (a, b), unit = _one_unit((self.fact(q.targets[0]), self.fact(q.targets[1])))
        diff = (a.value or Decimal(0)) - (b.value or Decimal(0))
        return TableResult("difference", (a, b), diff, unit, f"{a.value or 0} − {b.value or 0} = {diff}")

    def _net(self, q: TableQuery) -> TableResult:
        """Σ targets − Σ minus (「除了委托业务费以外的商品和服务支出」 over the 基本 and 项目 tables), each printed."""
        facts, unit = _one_unit(tuple(self.fact(t) for t in (*q.targets, *q.minus)))
        plus, minus = facts[: len(q.targets)], facts[len(q.targets) :]
        value = sum((f.value or Decimal(0) for f in plus), Decimal(0)) - sum(
            (f.value or Decimal(0) for f in minus), Decimal(0)
        )
        shown = [" + ".join(str(f.value or 0) for f in part) for part in (plus, minus)]
        comp = " − ".join(f"({x})" if " + " in x else x for x in shown) + f" = {value}"
        return TableResult("net", facts, value, unit, comp, extra={"plus": len(plus)})

    def _share(self, q: TableQuery) -> TableResult:
        """part ÷ whole in %, the part one figure or the sum of several (「A和B加起来占C的比例」)."""
        facts, _unit = _one_unit((*(self.fact(t) for t in q.targets), self.fact(q.denominator)))  # type: ignore[arg-type]
        *nums, den = facts
        if not den.value:
            raise QueryError(f"分母「{den.label}」为空或为0，无法计算占比")
        part = sum((n.value or Decimal(0) for n in nums), Decimal(0))
        pct = _q2(part / den.value * 100)
        shown = str(part) if len(nums) == 1 else f"({' + '.join(str(n.value or 0) for n in nums)})"
        return TableResult("share", facts, pct, "%", f"{shown} ÷ {den.value} = {pct}%")

    def _range(self, q: TableQuery) -> list[Fact]:
        facts = [self.fact(Target(rid, q.column)) for rid in q.rows]
        return [f for f in facts if f.value] if q.nonzero else facts

    def _list(self, q: TableQuery) -> TableResult:
        facts = tuple(self._range(q))
        return TableResult("list", facts, None, facts[0].unit if facts else "万元")

    def _count(self, q: TableQuery) -> TableResult:
        facts = tuple(self._range(q))
        return TableResult("count", facts, Decimal(len(facts)), "个", f"共 {len(facts)} 行")

    def _max(self, q: TableQuery) -> TableResult:
        facts = [f for f in self._range(q) if f.value is not None]
        best = max(facts, key=lambda f: f.value)  # type: ignore[arg-type,return-value]
        return TableResult(
            "max", (best,), best.value, best.unit, f"在 {len(facts)} 项中比较", extra={"among": len(facts)}
        )

    def _min(self, q: TableQuery) -> TableResult:
        facts = [f for f in self._range(q) if f.value is not None]
        best = min(facts, key=lambda f: f.value)  # type: ignore[arg-type,return-value]
        return TableResult(
            "min", (best,), best.value, best.unit, f"在 {len(facts)} 项中比较", extra={"among": len(facts)}
        )
