"""Placing a row's printed values into the table's columns.

The extracted text separates cells with single spaces; an empty cell shows as an extra space, but the
count is not always right. So the spacing is read only as *whether* there is a gap, and the table's own
arithmetic (合计 = the sum of the other columns) picks among the placements that fit. What is still
ambiguous after that is returned as ambiguous, never guessed silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from app.checks import TOTAL_COLUMNS
from app.numbers import is_amount, parse_amount


@dataclass(frozen=True)
class Placement:
    values: dict[int, tuple[Decimal, str]]  # column index → (value, raw)
    ambiguous: bool
    note: str = ""


def _gaps(tokens: list[str]) -> tuple[list[tuple[str, int]], list[bool], list[int]]:
    """(amounts with their token index, whether an empty token precedes each amount, how many)."""
    amounts: list[tuple[str, int]] = []
    gap_before: list[bool] = []
    empties_before: list[int] = []
    empties = 0
    for i, tok in enumerate(tokens):
        if tok == "":
            empties += 1
            continue
        amounts.append((tok, i))
        gap_before.append(empties > 0)
        empties_before.append(empties)
        empties = 0
    return amounts, gap_before, empties_before


def _spacing_distance(cols: tuple[int, ...], empties_before: list[int]) -> int:
    """How far a placement is from reading every extra space as exactly one empty cell."""
    previous = -1
    distance = 0
    for col, seen in zip(cols, empties_before):
        distance += abs(seen - (col - previous - 1))
        previous = col
    return distance


def _gap_consistent(cols: tuple[int, ...], gap_before: list[bool]) -> bool:
    previous = -1
    for col, gap in zip(cols, gap_before):
        if (col - previous > 1) != gap:
            return False
        previous = col
    return True


def row_total_ok(columns: tuple[str, ...], values: dict[int, Decimal]) -> bool | None:
    """合计/小计 (first column) = sum of the other columns; None when the table has no such column."""
    if not columns or columns[0] not in TOTAL_COLUMNS or len(columns) < 2:
        return None
    total = values.get(0, Decimal(0))
    return total == sum((v for i, v in values.items() if i != 0), Decimal(0))


def place(tokens: list[str], columns: tuple[str, ...], gaps: bool = True) -> Placement:
    """tokens: the value part of a row split on single spaces (empty strings are empty cells).
    gaps=False: the extraction collapsed runs of spaces, so where the empty cells are is unknown and only
    the arithmetic places the values (what it cannot decide is returned ambiguous)."""
    while tokens and tokens[-1] == "":
        tokens = tokens[:-1]
    amounts, gap_before, empties_before = _gaps(tokens)
    n, k = len(columns), len(amounts)
    parsed = [(parse_amount(tok), tok) for tok, _ in amounts]
    if k == 0:
        return Placement({}, ambiguous=False)
    if k > n:
        note = f"{k} 个数值多于 {n} 列 ({k} values for {n} columns)"
        return Placement({i: parsed[i] for i in range(n)}, ambiguous=True, note=note)  # type: ignore[misc]
    if k == n:
        return Placement({i: parsed[i] for i in range(n)}, ambiguous=False)  # type: ignore[misc]
    candidates = list(combinations(range(n), k))
    fits = [c for c in candidates if _gap_consistent(c, gap_before)] if gaps else candidates
    checked = [
        c
        for c in (fits or candidates)
        if row_total_ok(columns, {col: parsed[j][0] for j, col in enumerate(c)}) is not False
    ]  # type: ignore[misc]
    if len(checked) > 1 and gaps:  # the gaps' sizes decide, when one placement fits them best
        best = min(_spacing_distance(c, empties_before) for c in checked)
        closest = [c for c in checked if _spacing_distance(c, empties_before) == best]
        if len(closest) == 1:
            checked = closest
    if len(checked) == 1:
        chosen, ambiguous, note = checked[0], False, ""
    elif not checked:
        arith = [c for c in candidates if row_total_ok(columns, {col: parsed[j][0] for j, col in enumerate(c)})]  # type: ignore[misc]
        if len(arith) == 1:
            chosen, ambiguous, note = arith[0], False, "空格与算术不一致，按算术定位 (placed by arithmetic)"
        else:
            chosen, ambiguous, note = (fits or candidates)[0], True, "算术不成立 (row total does not add up)"
    else:
        chosen, ambiguous, note = checked[0], True, f"{len(checked)} 种可能的列位置 (ambiguous columns)"
    return Placement({col: parsed[j] for j, col in enumerate(chosen)}, ambiguous=ambiguous, note=note)  # type: ignore[misc]


def alternatives(tokens: list[str], columns: tuple[str, ...]) -> list[dict[int, tuple[Decimal, str]]]:
    """Every placement that fits the row total, those that fit the gaps first, for a second pass (parent =
    sum of children)."""
    while tokens and tokens[-1] == "":
        tokens = tokens[:-1]
    amounts, gap_before, _ = _gaps(tokens)
    parsed = [(parse_amount(tok), tok) for tok, _ in amounts]
    out = []
    for c in combinations(range(len(columns)), len(amounts)):
        values = {col: parsed[j] for j, col in enumerate(c)}
        if row_total_ok(columns, {i: v[0] for i, v in values.items()}) is not False:  # type: ignore[misc]
            out.append((not _gap_consistent(c, gap_before), values))
    out.sort(key=lambda x: x[0])
    return [v for _, v in out]  # type: ignore[misc]


def split_value_tokens(text: str) -> tuple[list[str], list[str]]:
    """Split a row into (label tokens, value tokens): values are the amounts and empties after the last
    text token. Single spaces separate cells; an empty string is an empty cell."""
    tokens = text.split(" ")
    last_text = -1
    for i, tok in enumerate(tokens):
        if tok and not is_amount(tok):
            last_text = i
    return tokens[: last_text + 1], tokens[last_text + 1 :]
