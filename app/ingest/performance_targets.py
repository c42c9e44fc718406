"""Parse the 项目支出绩效目标表 blocks that find_sections found into PerfTarget values.

A block reads, top to bottom: title; 项目名称 / 主管部门及代码 / 实施单位 / 项目属性 / 项目期; 项目资金（元） with
实施期 and 年度 columns by source; the texts (项目概况, 立项依据, 项目设立必要性, 保证项目实施的制度、措施,
项目实施计划, 总体目标 for 实施期 and 年度); the indicator grid (一级 → 二级 → 三级 → 指标值, 实施期 left and 年度
right); a signature line (负责人：…). Values are taken as printed; where a line cannot be read with confidence
a ParseWarning keeps its raw text instead of a silent guess.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from app.ingest.headings import PERF_HEADER_LABELS, is_perf_end, labelled_fields
from app.ingest.sections import PERF, Section
from app.models import Indicator, Line, ParseWarning, PerfTarget, SourceDoc, stable_id
from app.numbers import is_amount, parse_amount
from app.sentences import join_pieces

TERM = "实施期"
YEAR = "年度"
TOTAL = "资金总额"
TOTAL_TARGET = "总体目标"
TOTAL_TARGET_TERM = "总体目标（实施期）"
TOTAL_TARGET_YEAR = "总体目标（年度）"
WARN_TABLE = "绩效目标表"

# canonical text label → how documents print it (longest first within each)
TEXT_LABELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("项目概况", ("项目基本情况", "项目概况", "项目简介")),
    ("立项依据", ("项目立项依据", "立项依据")),
    ("项目设立必要性", ("项目设立的必要性", "项目设立必要性", "设立必要性")),
    (
        "保证项目实施的制度、措施",
        ("保证项目实施的制度、措施", "保障项目实施的制度、措施", "保证项目实施的制度措施", "项目实施的制度、措施"),
    ),
    ("项目实施计划", ("项目实施计划", "实施计划")),
    (TOTAL_TARGET_TERM, ("实施期总体目标", "实施期绩效目标")),
    (TOTAL_TARGET_YEAR, ("年度总体目标", "年度绩效目标")),
    (TOTAL_TARGET, ("总体目标", "绩效总目标")),
)
_VERTICAL_GRID_LABEL = set("绩效指标")  # the grid's side label, printed one character a line
# pieces of the grid's header row: 「值」 wrapped off 指标值, 「实施期绩效指标 年度绩效指标」
_GRID_HEADER_PIECE_RE = re.compile(r"^(?:(?:指标)?值|(?:(?:实施期|年度)(?:绩效)?指标\s*){1,2})$")
_TERMINAL = tuple("。！？；!?;")
_TARGET_COLUMNS_RE = re.compile(r"^(?=.)(?:实施期目标)?\s*(?:年度目标)?$")

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

# value shapes, anchored at the end of a cell
_CMP = r"(?:[≥≤≧≦]|[＞＜><][=＝]?|[=＝])"
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_UNITS = (
    "元/人/月",
    "元/人/年",
    "元/人",
    "元/次",
    "元/户",
    "万元",
    "亿元",
    "元",
    "个工作日",
    "工作日",
    "人次",
    "万人",
    "人",
    "次",
    "个月",
    "个",
    "家",
    "户",
    "项",
    "天",
    "日",
    "月",
    "年",
    "小时",
    "台",
    "套",
    "辆",
    "份",
    "场",
    "期",
    "篇",
    "批",
    "所",
    "座",
    "公里",
    "千米",
    "平方米",
    "米",
    "亩",
    "吨",
    "件",
    "条",
    "处",
    "名",
    "分",
    "%",
    "％",
    "‰",
)
_UNIT = "(?:" + "|".join(re.escape(u) for u in _UNITS) + ")"
_RANGE = r"\s*[-－—至~～]\s*"
# 2024年12月31日, 12月31日, 2024年1-12月, 2024年
_DATE = rf"(?:(?:\d{{4}}\s*年\s*)?(?:\d{{1,2}}{_RANGE})?\d{{1,2}}\s*月(?:\s*\d{{1,2}}\s*日)?|\d{{4}}\s*年)"
_DATE_VALUE_RE = re.compile(rf"((?:{_DATE}{_RANGE})?{_DATE}\s*(?:之前|以前|前|底前|底|末|内|止|完成)?)$")
_NUM_VALUE_RE = re.compile(rf"({_CMP}?\s*{_NUM}\s*{_UNIT}?(?:以上|以下|左右|以内)?)$")
_CMP_VALUE_RE = re.compile(rf"({_CMP}\s*{_NUM}\s*\S{{0,6}})$")
_VALUE_WINDOW = 64  # characters at the end of a cell where a value is looked for
_TIME_TEXT_RE = re.compile(r"((?:每|当|次)[年季月周日天旬][\u4e00-\u9fff]{0,4}?(?:之前|以前|前|内|底|末))$")
_VALUE_VERBS = tuple(
    sorted(
        (
            "及时拨付",
            "逐步提高",
            "稳步提升",
            "有所提升",
            "明显提升",
            "显著提升",
            "大幅提升",
            "有效提升",
            "基本实现",
            "提升",
            "提高",
            "保障",
            "加强",
            "促进",
            "及时",
            "有效",
            "显著",
            "明显",
            "改善",
            "完成",
            "达标",
            "合格",
            "良好",
            "增强",
            "降低",
            "减少",
            "规范",
            "稳定",
            "持续",
            "推进",
            "落实",
            "到位",
            "按时",
            "按期",
            "优良",
            "实现",
            "达到",
            "较高",
            "较好",
            "是",
            "否",
        ),
        key=len,
        reverse=True,
    )
)
_MAX_TEXT_VALUE = 8  # a text value (保障, 防止经济损失) is short
_CONFIDENT = ("shape", "space", "hint")


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


def _warn(code: str, project: str, message: str, line: int) -> ParseWarning:
    return ParseWarning(code=code, message=f"{project}：{message}", table=WARN_TABLE, line=line)


def text_label(text: str) -> tuple[str, str] | None:
    """(canonical label, rest of the line) when `text` opens one of the 绩效目标表 texts."""
    for canonical, spellings in TEXT_LABELS:
        for spelling in spellings:
            if text.startswith(spelling):
                return canonical, text[len(spelling) :].lstrip("：: \u3000")
    return None


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


# ---------------------------------------------------------------- indicator grid


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


def split_name_value(content: str, hint: str = "") -> tuple[str, str, str]:
    """(三级指标, 指标值, how) from one cell. `how` says what decided it: shape (≥90%, 3人, 2024年12月31日前,
    每月月末之前), hint (the other column's name), space, repeat (加强…加强), verb (…提升); '' when
    undecided — then the whole cell is the name and the value is ''."""
    content = content.strip()
    if hint and content.startswith(hint) and content[len(hint) :].strip():
        return hint, content[len(hint) :].strip(), "hint"
    last_space = max(content.rfind(" "), content.rfind("\u3000"))
    # value shapes are short: searched in the cell's tail only (a search over a long cell is quadratic)
    offset = max(0, len(content) - _VALUE_WINDOW)
    tail = content[offset:]
    for pattern in (_DATE_VALUE_RE, _CMP_VALUE_RE, _NUM_VALUE_RE, _TIME_TEXT_RE):
        m = pattern.search(tail)
        start = offset + m.start() if m else 0
        # a shape inside the last spaced word (「达到95%」) leaves that whole word to the value
        if m and content[:start].strip() and (last_space < 0 or start <= last_space + 1):
            return content[:start].strip(), m.group(1).strip(), "shape"
    if last_space >= 0:
        name, value = content[:last_space].strip(), content[last_space + 1 :].strip()
        if name and value and len(value) <= 2 * _MAX_TEXT_VALUE:
            return name, value, "space"
    repeat = _repeated_lead(content)
    if repeat:
        return content[:repeat], content[repeat:], "repeat"
    verb = next((v for v in _VALUE_VERBS if content.endswith(v) and len(content) - len(v) >= 2), "")
    if verb:
        return content[: -len(verb)], verb, "verb"
    return content, "", ""


def _repeated_lead(content: str) -> int:
    """「加强铁路…管理加强」, 「防止事故…损失防止经济损失」: the value repeats the name's first two characters."""
    lead = content[:2]
    if len(lead) < 2 or not all("\u4e00" <= ch <= "\u9fff" for ch in lead):
        return 0
    at = content.rfind(lead)
    return at if at >= 2 and len(content) - at <= _MAX_TEXT_VALUE else 0
