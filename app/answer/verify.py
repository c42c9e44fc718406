"""The verifier: every number an answer states must come from its cited rows/sentences or from an
operation over them, and every citation must resolve to a real row, chunk or 绩效目标表. An answer that
fails is not shown."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from app.models import Answer

_NUMBER = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")  # 「预算2,398.15万元」 is one number


def numbers_in(text: str) -> set[Decimal]:
    out = set()
    for m in _NUMBER.finditer(text):
        try:
            out.add(Decimal(m.group(0).replace(",", "")).normalize())
        except InvalidOperation:
            continue
    return out


def allowed_numbers(answer: Answer, year: int) -> set[Decimal]:
    allowed = {Decimal(year), Decimal(year - 1), Decimal(0)} | numbers_in(answer.question)
    for c in answer.citations:
        allowed |= numbers_in(c.quote)
    allowed |= numbers_in(answer.computation)
    if answer.value is not None:
        allowed.add(answer.value.normalize())
    # the same figures in the other money unit (万元 ↔ 元), and a count of cited rows
    allowed |= (
        {(x * 10000).normalize() for x in allowed}
        | {(x / 10000).normalize() for x in allowed}
        | {(x / 10000).quantize(Decimal("0.01")) for x in allowed}
        | {(x * 1000).normalize() for x in allowed}
        | {(x / 10).normalize() for x in allowed}
    )  # 元 or 千元 shown in 万元
    allowed.add(Decimal(len(answer.citations)))
    return {x.normalize() for x in allowed}


def verify(answer: Answer, resolves, year: int) -> tuple[bool, str]:  # type: ignore[no-untyped-def]
    """(ok, problem). `resolves(citation) -> bool` checks a citation against the stores."""
    for c in answer.citations:
        if not resolves(c):
            return False, f"引用无法核实：{c.source} {c.locator}"
    allowed = allowed_numbers(answer, year)
    stray = sorted(n for n in numbers_in(answer.text) if n not in allowed)
    if stray:
        return False, "答案中的数字无法在引用中找到：" + "、".join(str(s) for s in stray)
    return True, ""
