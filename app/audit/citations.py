"""Citations for findings: a table row (with its printed line), a table title, a sentence of the narrative, a line of
a 绩效目标表 — each with page, line and the quoted text."""

from __future__ import annotations

import re
from collections.abc import Mapping

from app.audit.model import Row, plain_name
from app.models import Chunk, Citation, Line, PerfTarget, SourceDoc, Table
from app.sentences import locate_sentence


class Citer:
    def __init__(self, doc: SourceDoc, tables: Mapping[str, Table], lines: Mapping[int, Line]):
        self.doc, self.year = doc, int(doc.year)
        self.tables, self.lines = tables, lines  # tables by label, lines by number

    def row(self, row: Row, column: str = "") -> Citation:
        t = self.tables[row.ref.table]
        side = f"{row.ref.side}：" if row.ref.side else ""
        locator = f"第{row.ref.page}页 第{row.ref.line}行 · 行「{side}{row.label}」" + (
            f" · 列「{column}」" if column else ""
        )
        return Citation(
            t.label, t.title, locator, self.quote_row(row), "row", row.ref.row_id, row.ref.page, row.ref.line
        )

    def quote_row(self, row: Row) -> str:
        """The row's printed line when it is there (and names the row), else its name and values."""
        line = self.lines.get(row.ref.line)
        text = re.sub(r"\s+", " ", line.text).strip() if line else ""
        if text and plain_name(row.ref.name)[:4] in text:
            return text
        t = self.tables[row.ref.table]
        order = {c: i for i, c in enumerate(t.columns)}
        values = " ".join(c.raw for _, c in sorted(row.cells.items(), key=lambda kv: order.get(kv[0], 99)))
        return f"{row.label} {values}".strip()

    def table(self, t: Table) -> Citation:
        line = self.lines.get(t.line)
        quote = line.text.strip() if line else f"{t.label}{self.year}年{t.title}"
        if t.empty and t.empty_note:
            quote += f" … {t.empty_note}"
        return Citation(t.label, t.title, f"第{t.page}页 第{t.line}行", quote, "table", "", t.page, t.line)

    def sentence(self, chunk: Chunk, sentence: str) -> Citation:
        line = locate_sentence(self.doc, chunk, sentence) if self.doc.lines else None
        page, no = (line.page, line.no) if line else (chunk.page, chunk.line)
        source, locator = chunk.source, f"第{page}页 第{no}行"
        if chunk.kind == "perf" and len(chunk.section) >= 3:  # ("绩效目标表", project, field)
            source, locator = f"绩效目标表：{chunk.section[1]}", f"{locator} · {chunk.section[-1]}"
        return Citation(source, " > ".join(chunk.section), locator, sentence.strip(), "chunk", chunk.chunk_id, page, no)

    def perf(self, p: PerfTarget, needle: str, what: str, line_no: int = 0) -> Citation:
        """A line of the 绩效目标表: line `line_no`, else its first line containing `needle`, else its title line."""
        line = self.lines.get(line_no) if line_no else None
        if line is None:
            line = next((ln for ln in self.doc.lines if p.line <= ln.no <= p.end_line and needle in ln.text), None)
        page, no = (line.page, line.no) if line else (p.page, p.line)
        quote = line.text.strip() if line else f"{p.project} {what}"
        return Citation(
            f"绩效目标表：{p.project}",
            "项目支出绩效目标表",
            f"第{page}页 第{no}行 · {what}",
            quote,
            "perf",
            p.target_id,
            page,
            no,
        )
