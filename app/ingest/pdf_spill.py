"""Text printed past its cell (a long header or name in a narrow Excel column: 「部门预算支出经济分类科目（按大类）」
spilling under the 「预算数」 cell on its left, 「1、人员经费和公用经费支出」 ending in the figure cell 「2,022.39」 on
its right): the characters past the border are put back in their own cell, so that each cell reads as printed.

A run is a line of characters drawn one after another, each starting where the last ended. Text is drawn a cell
at a time, so a run that crosses a cell border of a ruled table is one cell's text; it belongs to the cell holding
most of it. Nothing here knows what a budget table means.
"""

from __future__ import annotations

from typing import Any

from pdfplumber.page import DerivedPage

_SAME_LINE = 0.5  # points: a run's characters share their top
_TOUCHING = 1.0  # points: the next character of a run starts where the last one ended


def _runs(chars: list[dict]) -> list[list[dict]]:
    runs: list[list[dict]] = []
    for c in chars:
        last = runs[-1][-1] if runs else None
        if last is not None and abs(c["top"] - last["top"]) < _SAME_LINE and abs(c["x0"] - last["x1"]) < _TOUCHING:
            runs[-1].append(c)
        else:
            runs.append([c])
    return runs


def spilled(chars: list[dict], tables: list[Any]) -> dict[int, dict]:
    """The characters to move ({id(char): the char placed in its own cell}): every character of a run that
    crosses a border, laid out in the cell holding most of it."""
    moved: dict[int, dict] = {}
    runs = [run for run in _runs(chars) if len(run) >= 2] if tables else []
    for t in tables:
        cells = [b for row in t.rows for b in row.cells if b]
        x0, top, x1, bottom = t.bbox
        for run in runs:
            mid = (run[0]["top"] + run[0]["bottom"]) / 2
            if not (top <= mid <= bottom and x0 <= run[0]["x0"] <= x1):
                continue
            band = [b for b in cells if b[1] <= mid <= b[3]]
            where = [next((b for b in band if b[0] <= (c["x0"] + c["x1"]) / 2 <= b[2]), None) for c in run]
            if None in where or len(set(where)) < 2:
                continue
            home = max(set(where), key=where.count)
            # the whole run laid out again across its cell, in order, centres inside: it reads on unbroken
            slot = (home[2] - home[0]) / len(run)
            for i, c in enumerate(run):
                left = home[0] + slot * (i + 0.05)
                moved[id(c)] = {**c, "x0": left, "x1": left + 0.9 * slot}
    return moved


class SpillPage(DerivedPage):
    """The page with its spilled characters put back in their cells (every other object as it was)."""

    def __init__(self, parent_page: Any, moved: dict[int, dict]):
        self.bbox = parent_page.bbox
        self._moved = moved
        super().__init__(parent_page)

    @property
    def objects(self) -> dict[str, list[dict]]:
        if not hasattr(self, "_moved_objects"):
            self._moved_objects = {
                k: [self._moved.get(id(o), o) for o in v] for k, v in self.parent_page.objects.items()
            }
        return self._moved_objects
