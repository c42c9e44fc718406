"""The indicator grid of a 绩效目标表 (app.ingest.performance_targets finds it): the header line says whether
the grid has one period (年度) or two (实施期 left, 年度 right); each row 「二级 三级 值 二级 三级 值」 sits under a
一级指标 line (or starts with one) and is cut into cells at its 二级指标 names, each cell split into name and
value by app.ingest.target_values. A row that cannot be read with confidence is warned about, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.ingest.target_labels import TERM, YEAR, _warn
from app.ingest.target_values import split_name_value
from app.models import Indicator, Line, ParseWarning

_VERTICAL_GRID_LABEL = set("绩效指标")  # the grid's side label, printed one character a line
# pieces of the grid's header row: 「值」 wrapped off 指标值, 「实施期绩效指标 年度绩效指标」
_GRID_HEADER_PIECE_RE = re.compile(r"^(?:(?:指标)?值|(?:(?:实施期|年度)(?:绩效)?指标\s*){1,2})$")

LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")
LEVEL2_PARENT = {
    "数量指标": "产出指标",
    "质量指标": "产出指标",
    "时效指标": "产出指标",
    "成本指标": "产出指标",
    "经济效益指标": "效益指标",
    "社会效益指标": "效益指标",
    "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标",
    "服务对象满意度指标": "满意度指标",
    "满意度指标": "满意度指标",
    "经济成本指标": "成本指标",
    "社会成本指标": "成本指标",
    "生态环境成本指标": "成本指标",
}
_LEVEL2_RE = re.compile(r"(?:^|(?<=\s))(" + "|".join(sorted(LEVEL2_PARENT, key=len, reverse=True)) + ")")
_GENERIC_LEVEL2_RE = re.compile(r"^([\u4e00-\u9fff]{1,8}指标)(?=\s|$)")

_CONFIDENT = ("shape", "space", "hint")


def _grid_periods(header: str) -> tuple[str, ...]:
    return (TERM, YEAR) if header.count("三级指标") >= 2 or header.count("二级指标") >= 2 else (YEAR,)


def parse_grid(lines: Sequence[Line], project: str) -> tuple[list[Indicator], list[ParseWarning]]:
    """The indicator grid: the header line, then rows 「二级 三级 值 二级 三级 值」 under 一级指标 lines."""
    if not lines:
        return [], []
    periods = _grid_periods(lines[0].text)
    level1 = ""
    out: list[Indicator] = []
    warnings: list[ParseWarning] = []
    for ln in lines[1:]:
        text = ln.text.strip()
        if not text or text in _VERTICAL_GRID_LABEL or _GRID_HEADER_PIECE_RE.match(text):
            continue
        if text in LEVEL1:
            level1 = text
            continue
        level1, row = _strip_level1(text, level1)
        cells = _row_cells(row)
        if not cells:
            warnings.append(_warn("perf_grid", project, f"读不懂的指标行（没有二级指标）：{text}", ln.no))
            continue
        if len(cells) != len(periods) and any(content for _, content in cells):
            warnings.append(
                _warn(
                    "perf_grid", project, f"指标行有{len(cells)}组，表头有{len(periods)}栏，无法判断期别：{text}", ln.no
                )
            )
            continue
        found, warned = _row_indicators(cells, periods, level1, ln, project)
        out.extend(found)
        warnings.extend(warned)
    return out, warnings


def _strip_level1(text: str, level1: str) -> tuple[str, str]:
    """「满意度指标 服务对象满意度指标…」: a 一级指标 printed at the start of a row (never the row's own 二级)."""
    head, _, rest = text.partition(" ")
    rest = rest.strip()
    if head in LEVEL1 and rest:
        nxt = _row_cells(rest)
        if nxt and nxt[0][0] != head:
            return head, rest
    return level1, text


def _row_cells(row: str) -> list[tuple[str, str]]:
    """[(二级指标, the rest of its cell)] in reading order."""
    hits = list(_LEVEL2_RE.finditer(row))
    if not hits or hits[0].start() != 0:
        generic = _GENERIC_LEVEL2_RE.match(row)
        if not generic:
            return []
        name = generic.group(1)
        hits = [m for m in re.finditer(rf"(?:^|(?<=\s)){re.escape(name)}", row)]
    return [
        (m.group(0).strip(), row[m.end() : hits[k + 1].start() if k + 1 < len(hits) else len(row)].strip())
        for k, m in enumerate(hits)
    ]


def _row_indicators(
    cells: Sequence[tuple[str, str]], periods: Sequence[str], level1: str, line: Line, project: str
) -> tuple[list[Indicator], list[ParseWarning]]:
    splits = [split_name_value(content) for _, content in cells]
    for k, (_, _, how) in enumerate(splits):
        if how in _CONFIDENT or not cells[k][1]:
            continue
        for other, (o_name, _, o_how) in enumerate(splits):
            if other != k and o_how in ("shape", "space"):
                hinted = split_name_value(cells[k][1], hint=o_name)
                if hinted[2] == "hint":
                    splits[k] = hinted
                    break
    out: list[Indicator] = []
    warnings: list[ParseWarning] = []
    for (level2, content), period, (name, value, how) in zip(cells, periods, splits):
        if not content:
            continue
        if not how:
            warnings.append(
                _warn(
                    "perf_indicator", project, f"无法区分三级指标名称与指标值（{period}）：{line.text.strip()}", line.no
                )
            )
        out.append(
            Indicator(
                period=period,
                level1=LEVEL2_PARENT.get(level2, level1),
                level2=level2,
                name=name,
                value=value,
                page=line.page,
                line=line.no,
            )
        )
    return out, warnings
