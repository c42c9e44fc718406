"""The department's own unit among the units its tables list, and a 三公 table's own column: what a department
document prints about itself beside its units."""

from __future__ import annotations

import re

import pandas as pd

from app.answer.linker import Entity
from app.answer.question_words import _BODY_END

OWN_LEVEL = "本级"  # how a question names the department's own unit (「安监局本级」「工信局（本级）」)


def own_level_entity(rows: pd.DataFrame, unit: str) -> tuple[Entity, list[dict]] | None:
    """西安's 125001 「西安市安全生产监督管理局」 beside its three units: the department's own unit, linked only
    as 「<unit>本级」 (the unit's bare name is the whole department). None when the tables list no other unit,
    or when a row says 「（本级）」 itself (that row is an entity of its own)."""
    if not unit:
        return None
    bodies = {n for n in rows["name"] if _BODY_END.search(n)}
    if len(bodies - {unit}) < 1 or any(n.startswith(unit) and OWN_LEVEL in n for n in bodies):
        return None
    own = [r for r in rows.to_dict("records") if r["name"] == unit and r["level"] in ("单位", "")]
    if not own:
        return None
    return Entity(f"row:{unit}{OWN_LEVEL}", "row", unit, (f"{unit}{OWN_LEVEL}",), own[0]["code"]), own


def three_public_own(columns: list[str], kind: str, concept: str) -> str:
    """西安's 表13 adds 会议费 and 培训费 into its 合计: the 三公 figure is its own column (「…“三公”经费预算」)."""
    if kind != "three_public" or "三公" not in concept or not {"会议费", "培训费"} & set(columns):
        return ""
    return next((c for c in columns if "三公" in c and not re.match(r"20\d\d年|增减|上年", c)), "")


_CN_NUMBER = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_UNITS_SAID = re.compile(  # 「所属 2 个预算单位，分别为…本级和…中心」「包括…本部以及下属1家预算单位」
    r"(?P<own>本部|本级)?(?:以及|和|及)?(?:所属|下属|包括|包含|共有|共)\s*(?P<n>\d{1,2}|[一两二三四五六七八九十])\s*(?:个|家)(?:预算)?单位"
)


_UNITS_UNDER = re.compile(  # 「下属事业单位3个」「所属二级预算单位共5家」: units besides its own
    r"(?:下属|所属)(?:事业|行政|二级|基层)?(?:预算)?单位(?:有|共|共有)?(?P<n>\d{1,2}|[一两二三四五六七八九十])(?:个|家)"
)


def units_beside_its_own(corpus: str) -> int:
    """How many budget units the document says the department has, its own one included (0 when it does not
    say): 「所属 2 个预算单位」 is 2, 「本部以及下属1家预算单位」 is 2, 「下属事业单位3个」 is 4."""
    flat = re.sub(r"\s+", "", corpus)
    under = _UNITS_UNDER.search(flat)
    if under:
        n = under.group("n")
        return (int(n) if n.isdigit() else _CN_NUMBER[n]) + 1
    for m in _UNITS_SAID.finditer(flat):
        n = int(m.group("n")) if m.group("n").isdigit() else _CN_NUMBER[m.group("n")]
        own = bool(m.group("own")) or bool(re.search(r"本部|本级", flat[max(0, m.start() - 12) : m.start()]))
        return n + 1 if own and "下属" in m.group(0) else n
    return 0


def own_level_not_printed(unit: str, corpus: str, entities_own: bool, text: str) -> str:
    """The message when a question asks the department's own unit (「审计局本级」) of a document that says it has
    several units but prints no row of its own unit (its tables are the whole department's), else ""."""
    said = re.search(r"(?<=[位（(局委办厅部院心道关])(?:本级|本部)(?![门分财政])", text)
    if said is None or said.group(0) in unit or entities_own:  # 「街道本部」 too; never 「本部门」「本级财政」
        return ""
    n = units_beside_its_own(corpus)
    if n < 2:
        return ""
    return (
        f"文档中未找到「{unit}{said.group(0)}」单列的数：文档说本部门有几个预算单位（{said.group(0)}是其中之一），"
        f"表格列的是全部门的合计，没有单列{said.group(0)}，"
        "所以不用全部门的数代替。"
    )
