"""Tables printed without ruling lines (stream tables), read from a page's text lines (app.ingest.pdf): runs
of lines that end in figures, with the header lines above them, become a Grid whose columns come from the
figures' x-ranges (and, for columns printed all blank, from their header words), so the same reader
(app.ingest.grid) handles ruled and unruled tables. Wrapped name pieces are glued back to their row's label.
"""

from __future__ import annotations

import re

from app.ingest.pdf_page import Grid, GridCell, TextLine

_FIGURE_RE = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|0)$")
_ROW_MARK_RE = re.compile(
    r"^\s*+(?:[一二三四五六七八九十]+、|\d+[、.．]|（[一二三四五六七八九十]+）|\(?\d{3}|合计|总计|小计|本年|上年|年终|[①②③④⑤])"
)
_STOP_RE = re.compile(r"(?:金额)?单位\s*[:：]|^\s*注|^\s*(?:编制|预算)单位|^\s*单位名称\s*[:：]")


def _figures(line: TextLine) -> list[tuple[float, float, str]]:
    """The words of a line that are printed figures (1,234.00, 12.5, 0) — not codes or years."""
    return [w for w in line.words if _FIGURE_RE.match(w[2].replace("，", ","))]


def _is_figure_line(line: TextLine) -> bool:
    """A row of a table printed without ruling: figures standing apart, not a sentence that mentions an amount
    (「货物预算 4,721.40 万元」)."""
    return (
        bool(_figures(line))
        and not re.search(
            r"[。；，]|\d\s*(?:万元|元|%|％)|\d\s*(?:辆|台|套|个|人|次|项)(?=[、，,。；;）)\s]|$)", line.text
        )
        and len(line.words) >= 2
    )


def stream_grids(lines: list[TextLine], page: int) -> list[tuple[Grid, set[int]]]:
    """Tables printed without ruling lines: runs of lines that end in figures (with the lines between them
    that wrap a name or hold a row without figures), and the header lines just above (up to the title or
    the 单位 line). Each becomes a Grid whose columns come from the figures' x-ranges, so the same reader
    (app.ingest.grid) handles ruled and unruled tables."""
    out = []
    i = 0
    while i < len(lines):
        if not _is_figure_line(lines[i]):
            i += 1
            continue
        start = end = i
        j = i + 1
        while j < len(lines):
            if _is_figure_line(lines[j]):
                end, j = j, j + 1
                continue
            gap = lines[j].top - lines[j - 1].bottom
            row_like = bool(_ROW_MARK_RE.match(lines[j].text)) and len(lines[j].text) <= 40
            if (
                (j - end > 2 and not row_like)
                or _STOP_RE.search(lines[j].text)
                or len(lines[j].text) > 60
                or gap > 30
                or re.search(r"[。；]", lines[j].text)
            ):
                break
            j += 1
        if end + 1 < len(lines) and _name_tail(lines[end], lines[end + 1]):
            end += 1  # 「Z自有资金安排业 / 务工作经费」: the last row's name wraps below its figures
        figure_lines = [k for k in range(start, end + 1) if _is_figure_line(lines[k])]
        wide = [k for k in figure_lines if len(_figures(lines[k])) >= 2]
        if (
            len(wide) >= 2
            or (len(figure_lines) >= 3 and (wide or titled(lines[max(0, start - 6) : start])))
            or (figure_lines and len(_figures(lines[figure_lines[0]])) >= 3)
            or (start == 0 and wide and re.match(r"\s*\d{3}(?:\s?\d{2}){0,2}\s", lines[0].text))
        ):  # the last row of a table carried over to the top of a page: 「221 02 02 提租补贴 10.00 10.00」  # a one-column table (项目 | 预算数, the vertical 三公 table) is a table only under its title
            head = start
            while (
                head > 0
                and start - head < 5
                and not _STOP_RE.search(lines[head - 1].text)
                and not re.search(r"[。；]", lines[head - 1].text)
                and "表" not in lines[head - 1].text
            ):
                head -= 1
            n_head = start - head
            if n_head >= 2 and start < end and _piece_above(lines[start - 1], lines[start], lines[start + 1]):
                n_head -= 1  # 「榆林市工业和信息化 / 407.85 / 局」: the first row's name, centred on its figures
            grid = _stream(lines[head : end + 1], n_head, page)
            if grid is not None:
                out.append((grid, {id(ln) for ln in lines[head : end + 1]}))
        i = end + 1
    return out


def _piece_above(above: TextLine, row: TextLine, below: TextLine) -> bool:
    """The line between a header and the first row of figures that is a piece of that row's name: the row's
    name is centred on its figures, so a piece stands above them and its rest below (a name tail), both flush
    in the name column."""
    return (
        _name_tail(row, below)
        and len(above.text) <= 15
        and not re.search(r"[\d。；;：:，,]", above.text)
        and above.x1 < _figures(row)[0][0]
        and abs(above.x0 - below.x0) <= 3
        and row.top - above.bottom <= 1.2 * (row.bottom - row.top)
    )


def _name_tail(last: TextLine, nxt: TextLine) -> bool:
    """The line just below a table's last row that is the rest of its name: a few characters, no figure and no
    punctuation, printed in the name column (left of the first figure), right under it."""
    figures = _figures(last)
    return (
        bool(figures)
        and len(nxt.text) <= 15
        and not re.search(r"[\d。；;：:，,]", nxt.text)
        and nxt.x1 < figures[0][0]
        and nxt.top - last.bottom <= 1.2 * (last.bottom - last.top)
    )


_TITLE_RE = re.compile(r"(?:预算|经费|支出|收入|情况)[^，。；]{0,6}表\s*$|^\s*(?:公开|预算|部门)?\s*\d{1,2}\s*表\s*$")


def titled(above: list[TextLine]) -> bool:
    """A table title (「2025年一般公共预算“三公”经费支出表」「公开09表」) among the lines just above."""
    return any(_TITLE_RE.search(ln.text) for ln in above)


def _stream(lines: list[TextLine], n_head: int, page: int) -> Grid | None:
    body = lines[n_head:]
    figs = sorted((w for ln in body for w in _figures(ln)), key=lambda w: w[1])
    value_cols: list[list[float]] = []  # [x0, x1] of each value column, by right edges (figures are right-aligned)
    for x0, x1, _ in figs:
        if value_cols and x1 - value_cols[-1][1] <= 6:
            value_cols[-1] = [min(value_cols[-1][0], x0), max(value_cols[-1][1], x1)]
        else:
            value_cols.append([x0, x1])
    if not value_cols:
        return None
    # label zones: left of the first value column, and between value columns where names are printed; the
    # columns are contiguous: a value column reaches left to the column before it (figures are right-aligned)
    label_words = [w for ln in body for w in ln.words if w not in _figures(ln)]
    left = min([w[0] for w in label_words] + [value_cols[0][0]]) - 1
    first_label = [w for w in label_words if (w[0] + w[1]) / 2 < value_cols[0][0]]
    edge = max([w[1] for w in first_label] + [left + 1]) + 0.5
    spans: list[tuple[str, float, float]] = [("label", left, min(edge, value_cols[0][0] - 0.5))]
    for k, (_vx0, vx1) in enumerate(value_cols):
        spans.append(("value", spans[-1][2], vx1 + 0.5))
        nxt = value_cols[k + 1][0] if k + 1 < len(value_cols) else None
        between = [
            w
            for w in label_words
            if nxt is not None and vx1 < (w[0] + w[1]) / 2 < nxt and not re.fullmatch(r"[\d,.\-]+", w[2])
        ]
        if between:
            spans.append(("label", vx1 + 0.5, min(max(w[1] for w in between) + 0.5, nxt - 0.5)))
    spans = _blank_columns(spans, value_cols, lines[:n_head])
    cells: list[GridCell] = []
    rows: list[list[tuple[int, str, float, float]]] = []
    for ln in lines:
        row: list[tuple[int, str, float, float]] = []
        for x0, x1, text in ln.words:
            c = _column_of(spans, x0, x1)
            row.append((c, text, x0, x1))
        rows.append(row)
    # header rows: a word covering several columns is a group header; pieces of one cell stay one cell
    merged_rows: list[list[tuple[int, int, str]]] = []
    head: list[list[tuple[int, int, str, float, float]]] = []
    for r, row in enumerate(rows):
        by_col: dict[tuple[int, int], list[tuple[str, float, float]]] = {}
        for c, text, x0, x1 in row:
            span = _covered(spans, x0, x1) if r < n_head else (c, c)
            by_col.setdefault(span, []).append((text, x0, x1))
        pieces = [
            (a, b, " ".join(t for t, _, _ in ws), min(w[1] for w in ws), max(w[2] for w in ws))
            for (a, b), ws in sorted(by_col.items())
        ]
        if r < n_head:
            head.append(pieces)
        merged_rows.append([(a, b, t) for a, b, t, _, _ in pieces])
    for r, row in enumerate(_centred_groups(head, spans)):
        merged_rows[r] = row
    # a body line without figures: a row of its own when it opens one (一、 1、 code 合计), else it wraps a name —
    # of the row above, or, when it sits closer to the line below (a name centred on its figures: one piece above
    # them, one below), of the row below
    final: list[list[tuple[int, int, str]]] = merged_rows[:n_head]
    pending = ""  # name pieces printed above their row's figures
    for r in range(n_head, len(lines)):
        row = merged_rows[r]
        if not _is_figure_line(lines[r]) and not _ROW_MARK_RE.match(lines[r].text) and all(a == 0 for a, _, _ in row):
            closer_below = (
                r + 1 < len(lines) and lines[r + 1].top - lines[r].bottom < lines[r].top - lines[r - 1].bottom - 0.5
            )
            if r + 1 < len(lines) and (pending or closer_below):
                pending += row[0][2]
                continue
            if final[n_head:]:
                prev = final[-1]
                piece = pending + row[0][2]
                final[-1] = (
                    [(a, b, _glue(t, piece, False)) if a == 0 else (a, b, t) for a, b, t in prev]
                    if prev and prev[0][0] == 0
                    else [(0, 0, piece)] + prev
                )
                pending = ""
                continue
        if pending:
            row = (
                [(a, b, _glue(t, pending, True)) if a == 0 else (a, b, t) for a, b, t in row]
                if row and row[0][0] == 0
                else [(0, 0, pending)] + row
            )
            pending = ""
        final.append(row)
    for r, row in enumerate(final):
        for a, b, text in row:
            cells.append(GridCell(text, r, r, a, b, spans[a][1], spans[b][2], lines[min(r, len(lines) - 1)].top))
    # wrapped pieces of one heading stay separate header rows: app.ingest.grid_columns joins a column's header path
    return Grid(
        page,
        lines[0].top,
        lines[-1].bottom,
        spans[0][1],
        spans[-1][2],
        len(final),
        len(spans),
        tuple(cells),
        False,
        tuple((a, b) for _, a, b in spans),
    )


# a 科目编码 printed at the end of a label cell, alone or after the name: 「XM遗属补助 208 08 01」「…资金2013816」
TRAILING_CODE_RE = re.compile(r"(?:^|(?<=[\u4e00-\u9fff）)])|\s+)(\d{3}\s\d{2}(?:\s\d{2})?|\d{5}|\d{7})$")


def _glue(label: str, piece: str, before: bool) -> str:
    """A wrapped name piece joined to a row's label cell, on the name's side of a code printed in the same
    column (「T食品安全监管能力」 + 「201 38 16」 + 「提升省级补助资金」 → 「T食品安全监管能力提升省级补助资金 201 38 16」)."""
    m = TRAILING_CODE_RE.search(label)
    name, code = (label[: m.start()].strip(), m.group(1)) if m else (label, "")
    name = piece + name if before else name + piece
    return f"{name} {code}" if code else name


def _blank_columns(
    spans: list[tuple[str, float, float]], value_cols: list[list[float]], head: list[TextLine]
) -> list[tuple[str, float, float]]:
    """Columns printed all blank have no figure to place them: their header words do. The header's leaves (words
    with no header word below them) are aligned in order with the figure columns (least total distance between
    centres); a leaf left over is a column of its own, printed blank."""
    labels = [(a, b) for role, a, b in spans if role == "label"]
    words = [
        w
        for w in _header_leaves(head, spans[0][2])
        if (w[0] + w[1]) / 2 > spans[0][2] and not any(a <= (w[0] + w[1]) / 2 <= b for a, b in labels)
    ]
    figs = sorted(value_cols)
    if not words:
        return spans
    centre = [(w[0] + w[1]) / 2 for w in words]
    fcentre = [(f[0] + f[1]) / 2 for f in figs]
    n, m = len(words), len(figs)
    alone = 60.0  # the cost of a figure column whose heading is not among the leaves (a heading spanning rows)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]  # cost[i][j]: first i words and first j figure columns placed
    for i in range(n + 1):
        for j in range(m + 1):
            if i == j == 0:
                cost[i][j] = 0.0
                continue
            options = []
            if i:
                options.append(cost[i - 1][j])  # word i-1 heads a blank column
            if i and j:
                options.append(cost[i - 1][j - 1] + abs(centre[i - 1] - fcentre[j - 1]))
            if j:
                options.append(cost[i][j - 1] + alone)
            cost[i][j] = min(options)
    taken, i, j = set(), n, m
    if n == m:  # as many headings as figure columns: each heads one, however far a wide column centres it
        i = j = 0
        taken = set(range(n))
    while i > 0 or j > 0:
        if i and j and cost[i][j] == cost[i - 1][j - 1] + abs(centre[i - 1] - fcentre[j - 1]):
            taken.add(i - 1)
            i, j = i - 1, j - 1
        elif j and cost[i][j] == cost[i][j - 1] + alone:
            j -= 1
        else:
            i -= 1
    anchors = [("value", f[0], f[1]) for f in figs] + [
        ("value", w[0], w[1]) for k, w in enumerate(words) if k not in taken
    ]
    anchors += [("label", a, b) for a, b in labels[1:]]
    anchors.sort(key=lambda s: s[2])
    out = [spans[0]]
    for role, a, b in anchors:
        out.append((role, out[-1][2], b + 0.5) if role == "value" else (role, max(a, out[-1][2]), b))
    return out


def _header_leaves(head: list[TextLine], names_end: float) -> list[tuple[float, float, str]]:
    """Header words (pieces of one heading glued back) that have no header word under them, left to right."""
    lines = []
    for ln in head:
        merged: list[list] = []
        size = max(ln.bottom - ln.top, 1.0)
        for x0, x1, text in sorted(ln.words):
            if merged and x0 - merged[-1][1] < 0.6 * size:
                merged[-1] = [merged[-1][0], x1, merged[-1][2] + text]
            else:
                merged.append([x0, x1, text])
        lines.append([tuple(w) for w in merged])
    lines = [
        ws for ws in lines if any((w[0] + w[1]) / 2 > names_end for w in ws)
    ]  # 「类 款 项」 is not a figure header
    leaves = []
    for k, ws in enumerate(lines):
        below = [w for lower in lines[k + 1 :] for w in lower]
        for w in ws:
            if any(min(w[1], b[1]) - max(w[0], b[0]) > 0 for b in below):
                continue  # a heading over the words below it
            centre = (w[0] + w[1]) / 2
            for lower in lines[k + 1 :]:
                left = max((b for b in lower if b[1] <= w[0]), default=None, key=lambda b: b[1])
                right = min((b for b in lower if b[0] >= w[1]), default=None, key=lambda b: b[0])
                if (
                    left
                    and right
                    and abs(centre - ((left[0] + left[1]) / 2 + (right[0] + right[1]) / 2) / 2)
                    < 0.25 * (right[0] - left[1] + 1)
                ):
                    break  # centred over two words of a lower line: a heading spanning them (「本年收入」 over 项目 | 预算数)
            else:
                leaves.append(w)
    return sorted(leaves)


def _centred_groups(
    head: list[list[tuple[int, int, str, float, float]]], spans: list[tuple[str, float, float]]
) -> list[list[tuple[int, int, str]]]:
    """Header rows with each group heading widened to the columns it is printed centred over: 「本年收入」 stands
    over the middle of 一般公共预算 … 单位资金 but is narrower than they are. A heading is widened over the run of
    value columns around it that have nothing of their own in its line and are headed on the one lower line that
    heads its own column, when it stands over that run's middle."""
    out = []
    for r, row in enumerate(head):
        taken = {c for a, b, *_ in row for c in range(a, b + 1)}
        widened = []
        for a, b, text, x0, x1 in row:
            below = next((low for low in head[r + 1 :] if any(p[0] == p[1] == a for p in low)), None)
            if a == b and spans[a][0] == "value" and below is not None:
                leafed = {p[0] for p in below if p[0] == p[1]}

                free = {c for c in leafed if spans[c][0] == "value" and c not in taken} | {a}
                lo = hi = a
                while lo - 1 in free:
                    lo -= 1
                while hi + 1 in free:
                    hi += 1
                centre = (x0 + x1) / 2
                runs = [
                    (i, j)
                    for i in range(lo, a + 1)
                    for j in range(a, hi + 1)
                    if j > i
                    and abs((spans[i][1] + spans[j][2]) / 2 - centre) <= 0.2 * (spans[j][2] - spans[i][1]) / (j - i + 1)
                ]
                a, b = max(runs, key=lambda s: s[1] - s[0], default=(a, b))
            widened.append((a, b, text))
        out.append(widened)
    return out


def _column_of(spans: list[tuple[str, float, float]], x0: float, x1: float) -> int:
    cx = (x0 + x1) / 2
    for k, (_, a, b) in enumerate(spans):
        if a <= cx <= b:
            return k
    return min(range(len(spans)), key=lambda k: min(abs(spans[k][1] - cx), abs(spans[k][2] - cx)))


def _covered(spans: list[tuple[str, float, float]], x0: float, x1: float) -> tuple[int, int]:
    """The columns a header word stretches over (at least the one its centre is in)."""
    hit = [k for k, (_, a, b) in enumerate(spans) if min(b, x1) - max(a, x0) > 0.5 * min(b - a, x1 - x0)]
    if not hit:
        c = _column_of(spans, x0, x1)
        return c, c
    return hit[0], hit[-1]
