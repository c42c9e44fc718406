"""The fixed words of a 项目支出绩效目标表, shared by its parsers (app.ingest.performance_targets and
app.ingest.target_indicators): its two periods (实施期, 年度), 资金总额 and the 总体目标 texts, the labels of its texts as
documents print them, and how a warning about a block is worded.
"""

from __future__ import annotations

from app.models import ParseWarning

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


def _warn(code: str, project: str, message: str, line: int) -> ParseWarning:
    return ParseWarning(code=code, message=f"{project}：{message}", table=WARN_TABLE, line=line)


def text_label(text: str) -> tuple[str, str] | None:
    """(canonical label, rest of the line) when `text` opens one of the 绩效目标表 texts."""
    for canonical, spellings in TEXT_LABELS:
        for spelling in spellings:
            if text.startswith(spelling):
                return canonical, text[len(spelling) :].lstrip("：: \u3000")
    return None
