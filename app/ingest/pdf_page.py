"""What a PDF page is read into (app.ingest.pdf): its text lines outside tables and its tables as grids of
cells with their row and column spans, in reading order. regrid places a continuation's cells on the columns
of the table's first grid. Plain geometry: nothing here knows what a budget table means (app.ingest.grid).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class TextLine:
    """A line of text outside any table: its page, vertical position and words joined."""

    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    text: str
    words: tuple[tuple[float, float, str], ...] = ()  # (x0, x1, text) of each word, left to right


@dataclass(frozen=True)
class GridCell:
    text: str  # wrapped lines joined ("\n" kept between lines)
    r0: int  # first row covered
    r1: int  # last row covered (inclusive)
    c0: int
    c1: int
    x0: float
    x1: float
    top: float


@dataclass(frozen=True)
class Grid:
    """A table's cells on one page, on a grid of n_rows × n_cols; merged cells span several."""

    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    n_rows: int
    n_cols: int
    cells: tuple[GridCell, ...]
    ruled: bool = True
    col_x: tuple[tuple[float, float], ...] = ()  # x-range of each column

    def row(self, r: int) -> list[GridCell]:
        """The cells that start on row r, left to right."""
        return sorted((c for c in self.cells if c.r0 == r), key=lambda c: c.c0)

    def at(self, r: int, c: int) -> GridCell | None:
        for cell in self.cells:
            if cell.r0 <= r <= cell.r1 and cell.c0 <= c <= cell.c1:
                return cell
        return None


@dataclass(frozen=True)
class PdfPage:
    page: int
    width: float
    lines: tuple[TextLine, ...]
    grids: tuple[Grid, ...]
    chars: int  # characters on the page (0 on a scanned page)

    def items(self) -> list[TextLine | Grid]:
        """Text lines and grids in reading order (top to bottom)."""
        return sorted([*self.lines, *self.grids], key=lambda it: (it.top, it.x0))


def regrid(grid: Grid, ref: Grid) -> Grid:
    """A continuation's cells placed on the columns of the table's first grid (by x-centre): an unruled
    table's pages may show different blank columns, so their own column counts differ."""
    if not ref.col_x:
        return grid

    def col(x0: float, x1: float) -> int:
        cx = (x0 + x1) / 2
        return min(
            range(len(ref.col_x)),
            key=lambda k: (
                0
                if ref.col_x[k][0] <= cx <= ref.col_x[k][1]
                else min(abs(ref.col_x[k][0] - cx), abs(ref.col_x[k][1] - cx))
            ),
        )

    def right(x1: float) -> int:  # a figure is printed flush right: the column whose right edge is nearest
        return min(range(len(ref.col_x)), key=lambda k: abs(ref.col_x[k][1] - x1))

    cells = []
    for c in grid.cells:
        a, b = (grid.col_x[c.c0][0], grid.col_x[c.c1][1]) if grid.col_x else (c.x0, c.x1)
        figure = c.c0 == c.c1 and not grid.ruled and re.fullmatch(r"[-+]?[\d,]+\.\d+|0", c.text.strip())
        k = right(b) if figure else col(a, b) if c.c0 == c.c1 else col(a, a + 1)
        k1 = k if c.c0 == c.c1 else max(k, col(b - 1, b))
        cells.append(GridCell(c.text, c.r0, c.r1, k, k1, c.x0, c.x1, c.top))
    return Grid(
        grid.page, grid.top, grid.bottom, grid.x0, grid.x1, grid.n_rows, ref.n_cols, tuple(cells), grid.ruled, ref.col_x
    )
