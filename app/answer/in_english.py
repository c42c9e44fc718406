"""「and in English?」 after an answer: the same verified answer, with one English line in front that restates its
figure (from the answer itself, never computed anew) and names its subject through the glossary."""

from __future__ import annotations

import re
from decimal import Decimal

from app.models import Answer
from app.vocabulary import english_name

IN_ENGLISH = re.compile(
    r"^\s*(?:and|so|ok|please)?[,，\s]*(?:(?:say|give|answer|tell me)(?: it| that| this)? )?(?:in english|英文(?:呢|说|版|回答)?|用英文(?:说|回答)?(?:一下)?)[\s,，]*(?:please|pls)?[\s?？!.。]*$",
    re.IGNORECASE,
)
_UNITS = {
    "元": "yuan",
    "辆": "vehicles",
    "人": "people",
    "平方米": "square metres",
    "台": "units",
    "个": "",
    "次": "times",
}


def english_line(ans: Answer) -> str:
    """One English sentence for a figure answer, or "" when the answer holds no figure."""
    if ans.value is None:
        return ""
    subject = ans.subject.name if ans.subject is not None else ""
    name = english_name(subject) or (f"「{subject}」" if subject else "The answer")
    value = Decimal(str(ans.value))
    unit = ans.unit or ""
    if unit == "万元":
        figure = f"{value:,.2f} wan yuan ({value * 10000:,.0f} yuan)"
    elif unit == "亿元":
        figure = f"{value:,.2f} yi yuan ({value * 100000000:,.0f} yuan)"
    elif unit == "%":
        name, figure = f"{name} (share)", f"{value}%"
    elif unit == "元":
        figure = f"{value:,.2f} yuan"
    elif unit in _UNITS:
        figure = f"{value:,} {_UNITS[unit]}".strip()
    else:
        figure = f"{value:,} {unit}".strip()
    return f"In English: {name[:1].upper() + name[1:]}: {figure}."
