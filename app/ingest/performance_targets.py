"""Parse the 项目支出绩效目标表 blocks that find_sections found into PerfTarget values.

A block reads, top to bottom: title; 项目名称 / 主管部门及代码 / 实施单位 / 项目属性 / 项目期; 项目资金（元） with
实施期 and 年度 columns by source; the texts (项目概况, 立项依据, 项目设立必要性, 保证项目实施的制度、措施,
项目实施计划, 总体目标 for 实施期 and 年度); the indicator grid (一级 → 二级 → 三级 → 指标值, 实施期 left and 年度
right); a signature line (负责人：…). Values are taken as printed; where a line cannot be read with confidence
a ParseWarning keeps its raw text instead of a silent guess. Here the block is cut into its regions and its
head, funds and texts are read; the indicator grid is read by app.ingest.target_indicators, and the words the parsers
share are in app.ingest.target_labels.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from app.ingest.headings import PERF_HEADER_LABELS, is_perf_end, labelled_fields
from app.ingest.sections import PERF, Section
from app.ingest.target_indicators import _GRID_HEADER_PIECE_RE, _VERTICAL_GRID_LABEL, parse_grid
from app.ingest.target_labels import (
    TERM,
    TOTAL,
    TOTAL_TARGET,
    TOTAL_TARGET_TERM,
    TOTAL_TARGET_YEAR,
    YEAR,
    _warn,
    text_label,
)
from app.models import Line, ParseWarning, PerfTarget, SourceDoc, stable_id
from app.numbers import is_amount, parse_amount
from app.sentences import join_pieces

_TERMINAL = tuple("。！？；!?;")
_TARGET_COLUMNS_RE = re.compile(r"^(?=.)(?:实施期目标)?\s*(?:年度目标)?$")


@dataclass(frozen=True)
class TextField:
    """One text of a 绩效目标表 (项目概况, 立项依据, …) with the source line of every character."""

    label: str
    text: str
    owners: tuple[Line, ...]
    label_line: Line


@dataclass(frozen=True)
class _Regions:
    header: tuple[Line, ...]
    funds: tuple[Line, ...]
    texts: tuple[Line, ...]
    grid: tuple[Line, ...]


# ---------------------------------------------------------------- public API


def parse_perf_targets(doc: SourceDoc, sections: Sequence[Section]) -> tuple[list[PerfTarget], list[ParseWarning]]:
    """Every 绩效目标表 of the document, with the warnings met while reading them."""
    targets: list[PerfTarget] = []
    warnings: list[ParseWarning] = []
    for section in sections:
        if section.kind == PERF:
            target, found = parse_perf_block(doc, section)
            targets.append(target)
            warnings.extend(found)
    return targets, warnings


def parse_perf_block(doc: SourceDoc, section: Section) -> tuple[PerfTarget, list[ParseWarning]]:
    block = block_lines(doc, section)
    project = section.title
    regions, warnings = _regions(block, project)
    header = labelled_fields((ln.text for ln in regions.header), PERF_HEADER_LABELS)
    funds, fund_warnings = parse_funds(regions.funds, project)
    texts, text_warnings = _text_fields(regions.texts, project)
    indicators, grid_warnings = parse_grid(regions.grid, project)
    target = PerfTarget(
        doc_id=doc.doc_id,
        project=project,
        department=header.get("主管部门及代码") or header.get("主管部门", ""),
        implementer=header.get("实施单位", ""),
        attribute=header.get("项目属性", ""),
        period=header.get("项目期") or header.get("项目周期", ""),
        funds=tuple(funds),
        texts=tuple((f.label, f.text) for f in texts),
        indicators=tuple(indicators),
        page=section.page,
        line=section.line,
        end_line=section.line_end,
        target_id=stable_id(doc.doc_id, "perf", project, section.line),
    )
    return target, warnings + fund_warnings + text_warnings + grid_warnings


def perf_text_fields(doc: SourceDoc, section: Section) -> list[TextField]:
    """The texts of one 绩效目标表, for chunking (warnings are reported by parse_perf_targets)."""
    regions, _ = _regions(block_lines(doc, section), section.title)
    return _text_fields(regions.texts, section.title)[0]


def block_lines(doc: SourceDoc, section: Section) -> list[Line]:
    """The non-blank lines of a section."""
    return [ln for ln in section.lines(doc) if ln.text.strip()]


# ---------------------------------------------------------------- regions


def _regions(block: Sequence[Line], project: str) -> tuple[_Regions, list[ParseWarning]]:
    texts = [ln.text.strip() for ln in block]
    end = next((i for i, t in enumerate(texts) if i and is_perf_end(t)), len(texts))
    funds = next((i for i, t in enumerate(texts) if t.startswith("项目资金") or "资金总额" in t), None)
    body_from = funds if funds is not None else 1
    first_text = next((i for i in range(body_from, end) if text_label(texts[i])), None)
    grid = next((i for i in range(body_from, end) if "一级指标" in texts[i]), None)
    warnings = []
    if funds is None:
        warnings.append(_warn("perf_layout", project, "没有找到项目资金（元）", block[0].no))
    if first_text is None:
        warnings.append(_warn("perf_layout", project, "没有找到项目概况等文字栏目", block[0].no))
    if grid is None:
        warnings.append(
            _warn("perf_layout", project, "没有找到绩效指标表头（一级指标 二级指标 三级指标 指标值）", block[0].no)
        )
    grid_at = grid if grid is not None else end
    text_at = first_text if first_text is not None else grid_at
    header_end = funds if funds is not None else text_at
    return (
        _Regions(
            header=tuple(block[1:header_end]),
            funds=tuple(block[funds:text_at]) if funds is not None else (),
            texts=tuple(block[text_at:grid_at]),
            grid=tuple(block[grid_at:end]),
        ),
        warnings,
    )


# ---------------------------------------------------------------- funds


_FUND_NOISE = {"项目资金", "（元）", "(元)", "项目资金（元）", "项目资金(元)", "元"}
_COMPLETE_FUND_LABEL = ("资金", "自筹", "总额", "收入", "拨款", "来源", "合计", "结转", "补助", "经费")
_GLUED_FUND_RE = re.compile(r"^(\D+?)([-+]?\d[\d,]*(?:\.\d+)?)$")


def _fund_tokens(lines: Sequence[Line]) -> list[tuple[str, Line]]:
    """Labels and amounts in reading order. A label wrapped at the end of a line (市县（区）财政资 / 金) is
    rejoined with the first token of the next line."""
    tokens: list[tuple[str, Line]] = []
    for ln in lines:
        text = re.sub(r"其中\s*[：:]?", " ", ln.text).replace("：", " ").replace(":", " ")
        parts = [p for raw in text.split() for p in _split_glued(raw) if p not in _FUND_NOISE]
        if parts and tokens and _wrapped_label(tokens[-1], parts[0]):
            tokens[-1] = (tokens[-1][0] + parts.pop(0), tokens[-1][1])
        tokens.extend((p, ln) for p in parts)
    return tokens


def _split_glued(raw: str) -> list[str]:
    """「省级财政资金90,000」 → label and amount."""
    glued = _GLUED_FUND_RE.match(raw)
    return [glued.group(1), glued.group(2)] if glued and not is_amount(raw) else [raw]


def _wrapped_label(last: tuple[str, Line], first: str) -> bool:
    label = last[0]
    return not is_amount(label) and not is_amount(first) and not label.endswith(_COMPLETE_FUND_LABEL)


def parse_funds(lines: Sequence[Line], project: str) -> tuple[list[tuple[str, str, Decimal]], list[ParseWarning]]:
    """(period, source, amount in 元) for 资金总额 and each source; a blank cell reads as 0."""
    tokens = _fund_tokens(lines)
    labels = [t for t, _ in tokens if not is_amount(t)]
    periods = [lb[: -len(TOTAL)] for lb in labels if lb.endswith(TOTAL) and lb[: -len(TOTAL)]]
    if not periods:
        periods = [TERM, YEAR] if any(n > 1 for n in Counter(labels).values()) else [YEAR]
    seen: Counter[str] = Counter()
    funds: list[tuple[str, str, Decimal]] = []
    warnings: list[ParseWarning] = []
    for k, (token, line) in enumerate(tokens):
        if is_amount(token):
            if k == 0 or is_amount(tokens[k - 1][0]):
                warnings.append(_warn("perf_funds", project, f"金额没有对应的资金来源：{line.text.strip()}", line.no))
            continue
        nxt = tokens[k + 1][0] if k + 1 < len(tokens) else ""
        amount = (parse_amount(nxt) if is_amount(nxt) else None) or Decimal(0)
        if token.endswith(TOTAL) and token[: -len(TOTAL)]:
            funds.append((token[: -len(TOTAL)], TOTAL, amount))
            continue
        if seen[token] >= len(periods):
            warnings.append(_warn("perf_funds", project, f"资金来源「{token}」多于栏数：{line.text.strip()}", line.no))
            continue
        funds.append((periods[seen[token]], token, amount))
        seen[token] += 1
    return funds, warnings + _fund_sums(funds, project, lines)


def _fund_sums(funds: Sequence[tuple[str, str, Decimal]], project: str, lines: Sequence[Line]) -> list[ParseWarning]:
    """资金总额 = the sum of its sources, per period (reported, never fixed)."""
    out = []
    for period in dict.fromkeys(p for p, _, _ in funds):
        total = [a for p, s, a in funds if p == period and s == TOTAL]
        parts = sum((a for p, s, a in funds if p == period and s != TOTAL), Decimal(0))
        if total and total[0] != parts:
            out.append(
                _warn(
                    "perf_funds_arithmetic",
                    project,
                    f"{period}资金总额 {total[0]} 元 ≠ 各来源之和 {parts} 元",
                    lines[0].no if lines else 0,
                )
            )
    return out


# ---------------------------------------------------------------- texts


def _text_fields(lines: Sequence[Line], project: str) -> tuple[list[TextField], list[ParseWarning]]:
    fields: list[tuple[str, Line, list[tuple[Line, str]]]] = []
    columns: tuple[str, ...] = ()
    for ln in lines:
        text = ln.text.strip()
        if text in _VERTICAL_GRID_LABEL or _GRID_HEADER_PIECE_RE.match(text):
            continue
        if _TARGET_COLUMNS_RE.match(text):
            columns = tuple(p for p in (TERM, YEAR) if f"{p}目标" in text)
            continue
        label = text_label(text)
        if label:
            fields.append((label[0], ln, [(ln, label[1])] if label[1] else []))
        elif fields:
            fields[-1][2].append((ln, text))
    out: list[TextField] = []
    warnings: list[ParseWarning] = []
    for label, label_line, pieces in fields:
        if label == TOTAL_TARGET and len(columns) == 2:
            split, warning = split_total_target(pieces, project, label_line)
            warnings.extend(warning)
            named = zip((TOTAL_TARGET_TERM, TOTAL_TARGET_YEAR), split) if split else [(TOTAL_TARGET, pieces)]
        elif label == TOTAL_TARGET and columns:
            named = [(f"{TOTAL_TARGET}（{columns[0]}）", pieces)]
        else:
            named = [(label, pieces)]
        for name, part in named:
            text, owners = join_pieces(part)
            if text:
                out.append(TextField(name, text, owners, label_line))
    return out, warnings


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def split_total_target(
    pieces: Sequence[tuple[Line, str]], project: str, label_line: Line
) -> tuple[tuple[list[tuple[Line, str]], list[tuple[Line, str]]] | None, list[ParseWarning]]:
    """Split the 总体目标 lines into the 实施期 text (wide left column, printed first) and the 年度 text (narrow
    right column, printed after). The 年度 text usually starts like the 实施期 one; failing that, it is the
    run of narrow lines at the end."""
    texts = [p for _, p in pieces]
    if len(texts) == 1:
        half = _identical_halves(texts[0])
        if half:
            line = pieces[0][0]
            return ([(line, half)], [(line, half)]), []
    best = max(range(1, len(texts)), key=lambda k: (_common_prefix(texts[0], texts[k]), -k), default=0)
    if best and _common_prefix(texts[0], texts[best]) >= min(6, len(texts[0]), len(texts[best])):
        return (list(pieces[:best]), list(pieces[best:])), []
    k = _narrow_tail_start(texts)
    if k is None:
        return None, [
            _warn(
                "perf_total_target",
                project,
                f"分不清总体目标的实施期目标与年度目标，整体保留：{' '.join(texts)}",
                label_line.no,
            )
        ]
    split = (list(pieces[:k]), list(pieces[k:]))
    if texts[k - 1].endswith(_TERMINAL) and texts[-1].endswith(_TERMINAL):
        return split, []  # both columns end their sentences where the line widths change: clear
    warning = _warn(
        "perf_total_target",
        project,
        f"总体目标按行宽拆分为实施期/年度（第{pieces[k][0].no}行起为年度目标）",
        label_line.no,
    )
    return split, [warning]


def _identical_halves(text: str) -> str:
    parts = text.split()
    if len(parts) == 2 and parts[0] == parts[1]:
        return parts[0]
    half = len(text) // 2
    return text[:half] if len(text) % 2 == 0 and text[:half] == text[half:] else ""


def _narrow_tail_start(texts: Sequence[str]) -> int | None:
    lengths = [len(t) for t in texts]
    if len(lengths) < 2:
        return None
    wide = max(lengths)
    k = next((k for k in range(1, len(lengths)) if all(n <= 0.75 * wide for n in lengths[k:])), None)
    if k is None:
        return None
    if lengths[k - 1] >= 0.9 * wide and not texts[k - 1].endswith(_TERMINAL) and k < len(lengths) - 1:
        k += 1  # the wide paragraph's last, short line
    return k
