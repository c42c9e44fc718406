"""What the web UI shows of a document's tables: the 预算一览 charts with their figures and sources, the table
browser with its tidy-rows CSV, and the audit's findings as a table."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr
import pandas as pd

import app  # noqa: F401  (offline switches before gradio is imported)
from app.audit import check_label
from app.audit.model import STATE_CN
from app.errors import BudgetQAError
from app.models import stable_id

if TYPE_CHECKING:  # a type only: the UI reaches the tables through the library
    from app.tools.table_query import TableTool


from app.ui.answers import table_columns, table_rows
from app.ui.documents import Library

# -- 预算一览 ---------------------------------------------------------------------------------------

OVERVIEW = (  # (title, table kind, row levels, columns): one chart each
    ("支出按功能分类（类）", "expense_total", ("类",), ("合计",)),
    ("基本支出与项目支出", "expense_total", ("合计",), ("基本支出", "项目支出")),
    ("基本支出按经济分类（类）", "basic_by_econ", ("类",), ("合计",)),
    ("项目支出（本年预算）", "project", ("项目",), ("合计",)),
)


def _short(name: str, limit: int = 14) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def overview_section(tool: TableTool, kind: str, levels: tuple[str, ...], columns: tuple[str, ...]) -> dict[str, Any]:
    """One chart's data: bars (name, amount), the figures as printed with their shares, and the source."""
    table = next((t for t in tool.tables.values() if t["kind"] == kind), None)
    if table is None or table["empty"]:
        return {
            "source": "本文档没有这张表，或表中注明「本表无数据」。",
            "bars": pd.DataFrame({"名称": [], "金额": []}),
            "figures": pd.DataFrame(),
        }
    items = []  # (row, column, cell)
    for r in table_rows(tool, table["label"]):
        if r["level"] in levels:
            items += [(r, col, tool.cells[(r["row_id"], col)]) for col in columns if (r["row_id"], col) in tool.cells]
    items.sort(key=lambda item: item[2]["value"], reverse=True)
    total = sum((cell["value"] for _, _, cell in items), Decimal(0))
    names = _unique([col if len(columns) > 1 else r["name"] for r, col, _ in items])
    bars = pd.DataFrame({"名称": [_short(n) for n in names], "金额": [float(cell["value"]) for _, _, cell in items]})
    figures = pd.DataFrame(
        {
            "名称": names,
            f"金额（{table['unit']}）": [cell["raw"] for _, _, cell in items],
            "占比（计算）": [
                f"{(cell['value'] / total * 100).quantize(Decimal('0.01'))}%" if total else "" for _, _, cell in items
            ],
            "页 · 行": [f"{r['page']} · {r['line']}" for r, _, _ in items],
        }
    )
    source = f"**来源**：{table['label']} {table['title']}（单位：{table['unit']}），第{table['page']}页"
    return {"source": source, "bars": bars, "figures": figures}


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        seen[n] = seen.get(n, 0) + 1
        out.append(n if seen[n] == 1 else f"{n}（{seen[n]}）")
    return out


# -- table browser ---------------------------------------------------------------------------------


def table_choices(tool: TableTool) -> list[tuple[str, str]]:
    tables = sorted(tool.tables.values(), key=lambda t: t["number"])
    return [(f"{t['label']} {t['title']}" + ("（本表无数据）" if t["empty"] else ""), t["label"]) for t in tables]


def _matches(code: str, name: str, wanted: str) -> bool:
    return not wanted or wanted in code or wanted.lower() in name.lower()


def browse_frame(tool: TableTool, label: str, wanted: str = "") -> pd.DataFrame:
    """The table as printed (one line per row, one column per printed column), filtered by 科目编码 or name.
    A two-sided table (收入 | 支出 on the same printed line, 表一 and 表四) is shown side by side, as printed."""
    rows = [r for r in table_rows(tool, label) if _matches(r["code"], r["name"], wanted.strip())]
    cols = table_columns(tool, label, table_rows(tool, label))
    if any(r["side"] for r in rows):
        return _two_sided_frame(tool, rows, cols, table_rows(tool, label))
    records = []
    for r in rows:
        cells = {c["column"]: c["raw"] for c in tool.row_cells.get(r["row_id"], [])}
        records.append(
            {
                "科目编码": r["code"],
                "名称": r["name"],
                **{c: cells.get(c, "") for c in cols},
                "页码": r["page"],
                "行号": r["line"],
            }
        )
    return pd.DataFrame(records, columns=["科目编码", "名称", *cols, "页码", "行号"])


def _two_sided_frame(tool: TableTool, rows: list[dict], cols: list[str], every: list[dict]) -> pd.DataFrame:
    """收入 on the left, 支出 on the right, paired by the printed line they share; each side keeps its own
    columns (「收入·金额」, 「支出·合计」 …). A printed column with no figure on either side stays, on the side with
    the most columns (the 支出 side's 上年结转 when nothing was carried over)."""
    sides = list(dict.fromkeys(r["side"] for r in every if r["side"]))  # in printed order: 收入 first
    cells = {r["row_id"]: {c["column"]: c["raw"] for c in tool.row_cells.get(r["row_id"], [])} for r in every}
    side_cols = {
        side: list(dict.fromkeys(c for r in every if r["side"] == side for c in cells[r["row_id"]])) for side in sides
    }
    widest = max(sides, key=lambda side: (len(side_cols[side]), sides.index(side)))
    placed = {c for side in sides for c in side_cols[side]}
    side_cols[widest] = [c for c in cols if c in side_cols[widest] or c not in placed]
    lines: dict[tuple[int, int], dict[str, list[dict]]] = {}
    for r in rows:
        lines.setdefault((r["page"], r["line"]), {}).setdefault(r["side"], []).append(r)
    head = [h for side in sides for h in (f"{side}·项目", *(f"{side}·{c}" for c in side_cols[side]))] + ["页码", "行号"]
    records = []
    for (page, line), by_side in sorted(lines.items()):
        depth = max(len(v) for v in by_side.values())
        for k in range(depth):
            rec: dict[str, Any] = {h: "" for h in head}
            for side in sides:
                here = by_side.get(side, [])
                if k < len(here):
                    r = here[k]
                    rec[f"{side}·项目"] = " ".join(x for x in (r["code"], r["name"]) if x)
                    rec |= {f"{side}·{c}": cells[r["row_id"]].get(c, "") for c in side_cols[side]}
            rec |= {"页码": page, "行号": line}
            records.append(rec)
    return pd.DataFrame(records, columns=head)


def browse_csv(lib: Library, doc_id: str, label: str, wanted: str = "") -> Path:
    """The tidy rows (as `budgetqa tables --csv`), filtered like the view, written for download.
    UTF-8 with a byte-order mark so that Excel opens the Chinese text correctly."""
    df = lib.csv_rows(doc_id, label)
    wanted = wanted.strip()
    if wanted:
        df = df[[_matches(c, n, wanted) for c, n in zip(df["code"], df["name"])]]
    path = lib.tmp / f"{label or '全部'}_{stable_id(doc_id, label, wanted, length=8)}.csv"
    df.to_csv(path, index=False, lineterminator="\n", encoding="utf-8-sig")
    return path


def overview_values(lib: Library, doc_id: str) -> list:
    """(source, bars, figures) for each chart of 预算一览, flattened."""
    if not doc_id:
        return ["尚未导入文档。", pd.DataFrame({"名称": [], "金额": []}), pd.DataFrame()] * len(OVERVIEW)
    tool = lib.tool(doc_id)
    out: list = []
    for _, kind, levels, columns in OVERVIEW:
        s = overview_section(tool, kind, levels, columns)
        out += [s["source"], s["bars"], s["figures"]]
    return out


def table_view(lib: Library, doc_id: str, label: str, wanted: str = "") -> tuple[pd.DataFrame, str | None, str]:
    """The browser's (view, CSV file, note) for one table and filter."""
    if not doc_id or not label:
        return pd.DataFrame(), None, ""
    tool = lib.tool(doc_id)
    if label not in tool.tables:
        raise BudgetQAError(f"没有这张表：{label}。可选：{'、'.join(tool.tables)}")
    t = tool.tables[label]
    frame = browse_frame(tool, label, wanted or "")
    note = f"**{t['label']} {t['title']}** · 单位：{t['unit']} · 第{t['page']}页 · 显示 {len(frame)} 行"
    if t["empty"]:
        note += f" · {t['empty_note'] or '注：本表无数据'}"
    return frame, str(browse_csv(lib, doc_id, label, wanted or "")), note


def browse_values(lib: Library, doc_id: str) -> dict[str, Any]:
    """The table browser for a document: its tables, the first one shown unfiltered."""
    choices = table_choices(lib.tool(doc_id)) if doc_id else []
    first = choices[0][1] if choices else ""
    frame, csv_path, note = table_view(lib, doc_id, first)
    return {"choices": choices, "value": first or None, "frame": frame, "csv": csv_path, "note": note}


def browse_updates(b: dict[str, Any]) -> list:
    return [
        gr.Dropdown(choices=b["choices"], value=b["value"]),
        "",
        b["frame"],
        gr.DownloadButton(value=b["csv"]),
        b["note"],
    ]


def audit_rows(findings: list[dict]) -> tuple[str, pd.DataFrame]:
    """Findings as a table for people: failures first, then insufficient data, then the rest."""
    order = {"fail": 0, "insufficient_data": 1, "not_applicable": 2, "pass": 3}
    findings = sorted(findings, key=lambda f: (order.get(f["state"], 9), f["id"]))
    counts = {s: sum(1 for f in findings if f["state"] == s) for s in order}
    summary = "，".join(f"{STATE_CN[s]} {n} 项" for s, n in counts.items() if n)
    rows = [
        [
            f["state_zh"],
            f["severity_zh"],
            check_label(f["id"]),
            f["message"],
            "；".join(f"{c['source']} {c['locator']}" for c in f.get("citations", [])),
        ]
        for f in findings
    ]
    return f"**审核结果**：{summary}。", pd.DataFrame(rows, columns=["状态", "严重程度", "检查项", "说明", "出处"])
