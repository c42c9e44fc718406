"""One text-format table (a span found by app.ingest.table_titles) → Table, RowRefs and TableRows, with the
warnings met: the span's header and body lines are told apart (title, unit and repeated header lines dropped),
logical rows are read as one-sided (科目编码, 名称, values) or two-sided (收入 | 支出) rows, their values placed
under the header's columns (app.ingest.cells; an ambiguous placement is settled by parent = sum of children
when only one option fits), and each row gets its level (类/款/项, 单位/项目 …) and parent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from app.catalogue import table_kind
from app.ingest import cells
from app.ingest.table_lines import (
    _COLNUM_RE,
    _RIGHT_SIDE_RE,
    _header_like,
    _is_header_line,
    _Logical,
    _starts_body,
    header_columns,
    keeps_space_runs,
    keeps_trailing_spaces,
    logical_rows,
)
from app.ingest.table_titles import _CONTINUED_RE, _LABEL_RE, _PLAIN_TITLE_RE, _TITLE_RE, CN_NUM, _Span
from app.models import Line, ParseWarning, RowRef, SourceDoc, Table, TableRow, stable_id
from app.numbers import is_amount

_SKIP_RE = re.compile(
    r"^\s*+(?:(?:单位|部门)名称[:：]|(?:编制|预算)单位[:：]|(?:金额)?单位[:：]\s*(?:万元|元)\s*$|第[一二三四五]部分)"
)
_UNIT_RE = re.compile(r"单位[:：]\s*(万元|元)")
_EMPTY_NOTE_RE = re.compile(r"^\s*+注[:：]\s*本表无数据")
_CODE_RE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")

TWO_SIDED = {"income_expense_total", "fiscal_total"}


@dataclass
class _Row:
    seq: int
    side: str
    code: str
    name: str
    extra: str
    indent: int
    tokens: list[str]
    line: Line
    placement: cells.Placement | None = None
    level: str = ""
    parent: str = ""


def _is_total(name: str) -> bool:
    return name in ("合计", "小计", "部门合计", "总计") or name.endswith(("合计", "总计"))


class TableParser:
    """Parse one table span of one document into Table + RowRefs + TableRows (+ warnings)."""

    def __init__(self, doc: SourceDoc, span: _Span):
        self.doc, self.span = doc, span
        self.kind = table_kind(span.title)
        self.trimmed = not keeps_trailing_spaces(doc.lines)
        self.spacing_kept = keeps_space_runs(doc.lines)
        self.warnings: list[ParseWarning] = []

    def warn(self, code: str, message: str, line: int = 0) -> None:
        self.warnings.append(ParseWarning(code, message, self.span.label, line))

    def run(self) -> tuple[Table, list[RowRef], list[TableRow]]:
        header, body, unit, empty_note = self._split()
        columns = header_columns(" ".join(ln.text for ln in header))
        left_col: tuple[str, ...] = ("金额",)
        if not columns:
            columns = ("金额",)
        rows_src, truncated = logical_rows(body, self.kind in TWO_SIDED, self.trimmed)
        if truncated and self.trimmed and self.span.end < len(self.doc.lines):
            truncated = False  # a last row without values looks unfinished once trailing spaces are gone
        if truncated:
            self.warn(
                "truncated_table",
                f"{self.span.label} 在一行中间结束，表格可能被截断 (table ends mid-row)",
                rows_src[-1].last.no,
            )
        rows = self._rows(rows_src, columns)
        if not rows and not empty_note:
            self.warn(
                "truncated_table",
                f"{self.span.label} 没有找到任何数据行，也没有「本表无数据」说明 (no rows)",
                self.doc.lines[self.span.start].no,
            )
        self._assign_levels(rows)
        self._second_pass(rows, columns)
        table = Table(
            doc_id=self.doc.doc_id,
            label=self.span.label,
            number=self.span.number,
            title=self.span.title,
            kind=self.kind,
            unit=unit,
            columns=columns,
            page=self.doc.lines[self.span.start].page,
            line=self.doc.lines[self.span.start].no,
            end_line=(body[-1].no if body else self.doc.lines[self.span.start].no),
            empty=bool(empty_note) and not any(r.placement and r.placement.values for r in rows),
            empty_note=empty_note,
        )
        return table, *self._emit(rows, columns, left_col, unit)

    # -- reading the span -------------------------------------------------------------------------
    def _split(self) -> tuple[list[Line], list[Line], str, str]:
        """(header lines, body lines, unit, 本表无数据 note). Title, label, 单位名称 and unit lines are dropped
        wherever they are; so are the header lines printed again after a page break inside the body."""
        header: list[Line] = []
        body: list[Line] = []
        unit, empty_note = "万元", ""
        in_body = False
        span_lines = self.span.lines
        k = 0
        while k < len(span_lines):
            ln = span_lines[k]
            k += 1
            if m := _UNIT_RE.search(ln.text):
                unit = m.group(1)
            if _EMPTY_NOTE_RE.match(ln.text):
                empty_note = ln.text.strip()
                continue
            if self._not_content(ln.text):
                continue
            if (
                not in_body
                and (not ln.text.strip() or not _starts_body(ln.text))
                and not (self.trimmed and ln.text.strip() and not _header_like(ln.text))
            ):  # trimmed: a first row without values has no trailing spaces to show it is a row
                header.append(ln)
                continue
            in_body = True
            if _COLNUM_RE.match(ln.text) or _is_header_line(ln.text):
                continue
            repeat = self._repeated_header(span_lines, k - 1, header)
            if repeat:
                k += repeat - 1
                continue
            body.append(ln)
        return header, body, unit, empty_note

    def _not_content(self, text: str) -> bool:
        """A line that names the table or its unit, not a header or a row."""
        if _SKIP_RE.match(text) or _TITLE_RE.match(text) or _LABEL_RE.match(text) or _CONTINUED_RE.match(text):
            return True
        return bool(_PLAIN_TITLE_RE.match(text) and self.span.title and self.span.title[:6] in text)

    def _repeated_header(self, lines: list[Line], k: int, header: list[Line]) -> int:
        """How many lines from lines[k] repeat the table's header (a new page prints it again): a run of lines
        each equal to a header line, at least two of them or one that is made of header words only — so a
        wrapped name that happens to equal one header fragment (「算」) stays a row. 0 when there is none."""
        known = {ln.text.strip() for ln in header if ln.text.strip()}
        run, words = 0, False
        for ln in lines[k:]:
            text = ln.text.strip()
            if text in known:
                run, words = run + 1, words or _is_header_line(text)
            elif run and (self._not_content(ln.text) or _COLNUM_RE.match(ln.text)):
                run += 1
            else:
                break
        return run if run >= 2 or words else 0

    def _rows(self, logical: list[_Logical], columns: tuple[str, ...]) -> list[_Row]:
        rows: list[_Row] = []
        for lg in logical:
            if self.kind in TWO_SIDED:
                rows.extend(self._two_sided(lg, len(rows)))
            else:
                row = self._one_sided(lg, len(rows))
                if row:
                    rows.append(row)
        for row in rows:
            cols = ("金额",) if row.side == "收入" else columns
            row.placement = cells.place(row.tokens, cols, gaps=self.spacing_kept)
        return rows

    def _one_sided(self, lg: _Logical, seq: int) -> _Row | None:
        text = lg.text
        indent = len(text) - len(text.lstrip(" \u3000")) and text[: len(text) - len(text.lstrip(" \u3000"))].count(
            "\u3000"
        )
        text = text.lstrip(" \u3000")
        if not text.strip():
            return None
        labels, values = cells.split_value_tokens(text)
        code = ""
        if labels and _CODE_RE.match(labels[0]) and len(labels) > 1:
            code, labels = labels[0], labels[1:]
        extra = ""
        if self.kind == "basic_by_econ":
            if len(labels) >= 2 and labels[1] == "" and values[:1] != [""]:
                labels = labels[:1] + labels[2:]
            elif len(labels) == 1 and values[:1] == [""]:
                values = values[1:]  # the empty 政府预算支出经济科目名称 cell
            if len(labels) >= 2:
                extra = " ".join(labels[1:]).strip()
                labels = labels[:1]
        name = " ".join(t for t in labels if t).strip()
        if not name:
            self.warn("unparsed_row", f"无法识别行名：{lg.text.strip()!r}", lg.last.no)
            return None
        return _Row(seq, "", code, name, extra, indent, values, lg.last)

    def _two_sided(self, lg: _Logical, seq: int) -> list[_Row]:
        text = re.sub(r"(\d)(?=[\u4e00-\u9fff（(])", r"\1 ", lg.text)
        tokens = text.split(" ")
        names = [i for i, t in enumerate(tokens) if t and not is_amount(t)]
        out: list[_Row] = []
        right_at = next((i for i in names if _RIGHT_SIDE_RE.search(tokens[i])), None)
        left_at = next((i for i in names if right_at is None or i < right_at), None)
        if left_at is not None and left_at != right_at:
            stop = right_at if right_at is not None else len(tokens)
            left_values = [t for t in tokens[left_at + 1 : min(stop, left_at + 2)] if not t or is_amount(t)]
            out.append(_Row(seq, "收入", "", tokens[left_at], "", 0, left_values, lg.last))
        if right_at is not None:
            stop = next((i for i in names if i > right_at), len(tokens))
            out.append(_Row(seq + len(out), "支出", "", tokens[right_at], "", 0, tokens[right_at + 1 : stop], lg.last))
        leftover = [tokens[i] for i in names if i not in (left_at, right_at)]
        if leftover:  # more names than one 收入 and one 支出 cell: rows run together, never guessed apart
            self.warn(
                "unparsed_row",
                f"{self.span.label} 一行里有多于两个项目名，未读取：{' '.join(leftover)!r}（整行：{lg.text.strip()!r}）",
                lg.last.no,
            )
        if not out and text.strip():
            self.warn("unparsed_row", f"无法识别行：{lg.text.strip()!r}", lg.last.no)
        return out

    # -- structure ---------------------------------------------------------------------------------
    def _assign_levels(self, rows: list[_Row]) -> None:
        by_code: dict[str, _Row] = {}
        group = ""
        unit_row = ""
        # 表十二/十三: units, then their projects indented one step deeper (U+3000). The shallowest indent is
        # the units' whatever the document's absolute indents (一　unit / 二　project, or unit flush left /
        # 一　project); without any nesting, a row is the unit's only if it names the document's unit.
        indents = {r.indent for r in rows if not r.code and not _is_total(r.name)}
        nested = len(indents) > 1
        unit_indent = min(indents, default=0)
        for row in rows:
            if row.code:
                row.level = {3: "类", 5: "款", 7: "项"}.get(len(row.code), "")
                parent = by_code.get(row.code[:-2]) if len(row.code) > 3 else None
                row.parent = parent.name if parent else ""
                by_code[row.code] = row
            elif _is_total(row.name):
                row.level = "合计"
            elif self.kind == "basic_by_econ":
                if not row.extra:
                    row.level, group = "类", row.name
                else:
                    row.level, row.parent = "款", group
            elif self.kind in ("project", "project_carryover"):
                if (row.indent == unit_indent) if nested else (row.name == self.doc.unit):
                    row.level, unit_row = "单位", row.name
                else:
                    row.level, row.parent = "项目", unit_row
            elif self.kind == "three_public" and row.name[:1] in "①②③④⑤":
                row.parent = next((r.name for r in reversed(rows[: row.seq]) if r.name[:1] not in "①②③④⑤"), "")
            elif self.kind in TWO_SIDED and re.match(rf"^[{CN_NUM}]+、", row.name):
                row.level = "类" if row.side == "支出" else "来源"

    def _second_pass(self, rows: list[_Row], columns: tuple[str, ...]) -> None:
        """Rows still ambiguous: pick the placement under which parent = sum of children holds."""
        for row in rows:
            if not (row.placement and row.placement.ambiguous and row.code):
                continue
            children = [r for r in rows if r.code.startswith(row.code) and len(r.code) == len(row.code) + 2]
            parent = next(
                (r for r in rows if r.code and len(r.code) == len(row.code) - 2 and row.code.startswith(r.code)), None
            )
            options = cells.alternatives(list(row.tokens), columns)
            fitting = [
                o for o in options if self._fits_children(o, children) and self._fits_parent(row, o, parent, rows)
            ]
            if len(fitting) == 1:
                row.placement = cells.Placement(
                    fitting[0], ambiguous=False, note="按上下级科目之和定位 (placed by parent/child sums)"
                )
        read_as = "已按空格位置读取" if self.spacing_kept else "已按从左到右的顺序读取"
        for row in rows:
            if row.placement and row.placement.ambiguous:
                self.warn(
                    "ambiguous_cells",
                    f"{self.span.label}「{row.name}」的数值列位置无法确定：{row.placement.note}；{read_as}",
                    row.line.no,
                )

    @staticmethod
    def _values(row: _Row) -> dict[int, Decimal]:
        return {i: v for i, (v, _) in (row.placement.values.items() if row.placement else [])}

    def _fits_children(self, option: dict[int, tuple[Decimal, str]], children: list[_Row]) -> bool:
        if not children or any(c.placement is None or c.placement.ambiguous for c in children):
            return True
        cols = set(option) | {i for c in children for i in self._values(c)}
        return all(
            option.get(i, (Decimal(0), ""))[0]
            == sum((self._values(c).get(i, Decimal(0)) for c in children), Decimal(0))
            for i in cols
        )

    def _fits_parent(
        self, row: _Row, option: dict[int, tuple[Decimal, str]], parent: _Row | None, rows: list[_Row]
    ) -> bool:
        if parent is None or parent.placement is None or parent.placement.ambiguous:
            return True
        siblings = [r for r in rows if r is not row and r.code.startswith(parent.code) and len(r.code) == len(row.code)]
        if any(s.placement is None or s.placement.ambiguous for s in siblings):
            return True
        pv = self._values(parent)
        cols = set(pv) | set(option)
        return all(
            pv.get(i, Decimal(0))
            == option.get(i, (Decimal(0), ""))[0]
            + sum((self._values(s).get(i, Decimal(0)) for s in siblings), Decimal(0))
            for i in cols
        )

    # -- output ------------------------------------------------------------------------------------
    def _emit(
        self, rows: list[_Row], columns: tuple[str, ...], left_col: tuple[str, ...], unit: str
    ) -> tuple[list[RowRef], list[TableRow]]:
        refs: list[RowRef] = []
        out: list[TableRow] = []
        d, s = self.doc, self.span
        for row in rows:
            row_id = stable_id(d.doc_id, s.label, row.seq, row.side, row.code, row.name)
            values = row.placement.values if row.placement else {}
            refs.append(
                RowRef(
                    d.doc_id,
                    s.label,
                    s.number,
                    row.side,
                    row.code,
                    row.level,
                    row.name,
                    row.parent,
                    row.extra,
                    row.line.page,
                    row.line.no,
                    row.seq,
                    row_id,
                    blank=not values,
                )
            )
            cols = left_col if row.side == "收入" else columns
            for i, (value, raw) in sorted(values.items()):
                out.append(
                    TableRow(
                        d.doc_id,
                        s.label,
                        s.number,
                        s.title,
                        row.side,
                        row.code,
                        row.level,
                        row.name,
                        row.parent,
                        row.extra,
                        cols[i],
                        value,
                        raw,
                        unit,
                        row.line.page,
                        row.line.no,
                        row.seq,
                        row_id,
                    )
                )
        return refs, out
