"""A 项目支出绩效目标表 printed as a ruled table in a PDF (泉州: 「“泉州政务”新媒体号运营资金项目绩效目标表」 over a
grid of 资金总额 / 财政拨款 / 其他资金, the 目标 and the 一级 → 二级 → 三级指标 → 目标值 rows) read into the same
PerfTarget as the text format's (app.ingest.performance_targets). Only what the grid states plainly is read: a
fund needs its label, its figure and a money unit printed on the table (「专项资金情况（万元）」); an indicator
needs the header row that names its columns. Anything else is left out, never guessed.
"""

from __future__ import annotations

import re
from decimal import Decimal

from app.ingest.grid_table import _TableBuild
from app.ingest.pdf_page import Grid
from app.ingest.target_labels import TOTAL_TARGET, TOTAL_TARGET_TERM, TOTAL_TARGET_YEAR
from app.models import Indicator, PerfTarget, stable_id
from app.numbers import is_amount, parse_amount

_TITLE_TAIL = re.compile(r"(?:项目)?(?:支出)?绩效目标(?:申报)?表\s*$")
_FUND_LABEL = re.compile(r"^(资金总额|年度资金总额|财政拨款|财政资金|其他资金|其中[：:]?财政拨款|上年结转)\s*[：:]?$")
_GOAL_LABEL = re.compile(r"目标$")
_UNIT = re.compile(r"[（(]\s*(万元|元)\s*[）)]|单位\s*[：:]\s*(万元|元)")
_NOT_A_PROJECT = re.compile(r"整体|汇总|填报|部门|单位|情况|一览")
_HEADS = ("一级指标", "二级指标", "三级指标")


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def perf_target(b: _TableBuild) -> PerfTarget | None:
    """The 绩效目标表 one titled build holds, or None when its grid names no project or states nothing."""
    project = re.sub(r"^\s*20\d\d\s*年度?", "", _TITLE_TAIL.sub("", b.title)).strip()
    if len(project) < 4 or _NOT_A_PROJECT.search(project) or not b.grids:
        return None  # 「2026年部门整体支出绩效目标表」, a list of projects (「…绩效目标填报表」): no one project
    texts = " ".join(c.text for g, _ in b.grids for c in g.cells)
    unit = next((m.group(1) or m.group(2) for m in _UNIT.finditer(texts + " " + b.unit)), "")
    factor = Decimal(10000) if unit == "万元" else Decimal(1)
    funds: list[tuple[str, str, Decimal]] = []
    goals: list[tuple[str, str]] = []
    indicators: list[Indicator] = []
    for grid, lines in b.grids:
        for r in range(grid.n_rows):
            row = grid.row(r)
            for k, cell in enumerate(row):
                label, nxt = _flat(cell.text), row[k + 1] if k + 1 < len(row) else None
                if nxt is None:
                    continue
                fund = _FUND_LABEL.match(label)
                if fund and unit and is_amount(_flat(nxt.text)):
                    source = "资金总额" if "总额" in fund.group(1) else re.sub(r"^其中[：:]?", "", fund.group(1))
                    funds.append(("年度", source, parse_amount(_flat(nxt.text)) * factor))
                elif _GOAL_LABEL.search(label) and len(label) <= 10 and len(_flat(nxt.text)) > len(label):
                    goals.append((_goal_name(label), _flat(nxt.text)))
        indicators += _indicators(grid, lines)
    if not funds and not indicators:
        return None
    return PerfTarget(
        doc_id="",
        project=project,
        department="",
        implementer="",
        attribute="",
        period="",
        funds=tuple(funds),
        texts=tuple(goals),
        indicators=tuple(indicators),
        page=b.page,
        line=b.line,
        end_line=max((ln for _, lines in b.grids for ln in lines), default=b.line),
        target_id=stable_id("perf", project, b.line),
    )


def _goal_name(label: str) -> str:
    """The text format's name for a goal (app.ingest.target_labels): 「项目实施期目标」 is 总体目标（实施期）."""
    if "实施期" in label:
        return TOTAL_TARGET_TERM
    return TOTAL_TARGET_YEAR if "年度" in label else TOTAL_TARGET if "总体" in label or label == "目标" else label


def _indicators(grid: Grid, lines: list[int]) -> list[Indicator]:
    """The rows under the header that names 一级指标 | 二级指标 | 三级指标 | 目标值 (or 指标值)."""
    for r in range(grid.n_rows):
        heads = {_flat(c.text): c.c0 for c in grid.row(r)}
        value_col = next((c for t, c in heads.items() if t in ("目标值", "指标值")), None)
        if all(h in heads for h in _HEADS) and value_col is not None:
            cols = [heads[h] for h in _HEADS]
            out = []
            for rr in range(r + 1, grid.n_rows):
                level1, level2, name = (_flat(getattr(grid.at(rr, c), "text", "")) for c in cols)
                value = _flat(getattr(grid.at(rr, value_col), "text", ""))
                if name and value:
                    line = lines[rr] if rr < len(lines) else lines[-1]
                    out.append(Indicator("年度", level1, level2, name, value, grid.page, line))
            return out
    return []
