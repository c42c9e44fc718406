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
