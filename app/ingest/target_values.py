"""One cell of a 绩效目标表's indicator grid → (三级指标, 指标值): the value is found by its shape at the end of
the cell (≥90%, 3人, 2024年12月31日前, 每月月末之前), else by the other period's name, a space, a repeated lead or a
value verb (…提升); undecided, the whole cell is the name. Used by app.ingest.target_indicators.
"""

from __future__ import annotations

import re

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
