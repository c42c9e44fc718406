"""C checks, completeness: the required tables are there (C1), 「本表无数据」 is noted where, and only where, a table
is empty (C2), no template text is left (C3), the years of 绩效目标 belong to this budget (C4)."""

from __future__ import annotations

import re

from app.audit.catalogue import KIND_NAMES, REQUIRED_KINDS
from app.audit.document import Book
from app.audit.model import norm
from app.audit.results import Results
from app.models import Chunk, PerfTarget, Table
from app.sentences import split_sentences

_TEMPLATE_RES = (
    re.compile(r"(?:增加|减少|增长|下降|上升|降低)\s*[（(]\s*(?:增加|减少|增长|下降|上升|降低)\s*[）)]"),
    re.compile(r"(?:增加|减少|增长|下降)\s*[/／]\s*(?:增加|减少|增长|下降)"),
    re.compile(r"(?<![A-Za-z])(?:XX+|ＸＸ+|××+)(?![A-Za-z])"),
    re.compile(r"[（(]\s*(?:请填写|填写|此处填写)[^）)]*[）)]"),
)
_YEAR_RE = re.compile(r"(?<!\d)(20\d\d)(?=\s*年)")
_YEAR_FIELDS = ("项目实施计划", "总体目标", "实施期目标", "年度目标")


def check_tables_present(book: Book, res: Results) -> None:
    """C1: each required table is found (by its title)."""
    for kind in REQUIRED_KINDS:
        if book.table(kind):
            res.ok("C1.tables_present")
        else:
            res.fail(
                "C1.tables_present",
                f"没有找到{KIND_NAMES[kind]}（按标题识别）。若本单位确无此表，也应公开空表并注明「本表无数据」",
                {"missing": KIND_NAMES[kind]},
                (),
            )


def check_empty_notes(book: Book, res: Results) -> None:
    """C2: 「本表无数据」 on every table without figures, and on none with figures."""
    for t in book.tables:
        _check_empty_note(book, res, t)


def _check_empty_note(book: Book, res: Results, t: Table) -> None:
    rows = book.rows[t.label]
    has_values = any(r.cells for r in rows)
    shows_zeros = any(r.ref.level != "合计" for r in rows)  # named rows left blank: zeros, shown as such
    cite = [book.cite.table(t)]
    if has_values and t.empty_note:
        res.fail("C2.empty_note", f"{t.label}{t.title} 有数据，却注明「{t.empty_note}」", {"table": t.label}, cite)
    elif has_values or t.empty or shows_zeros:
        res.ok("C2.empty_note")
    elif t.label in book.truncated:
        res.unsure(
            "C2.empty_note", f"{t.label}{t.title} 没有读到数据行，表格可能被截断（解析警告 truncated_table）", cite
        )
    else:
        res.fail(
            "C2.empty_note", f"{t.label}{t.title} 没有任何数据，却没有注明「本表无数据」", {"table": t.label}, cite
        )


def check_template_text(book: Book, res: Results) -> None:
    """C3: every sentence of the narrative and the 绩效目标表."""
    for ch in book.chunks:
        if ch.kind not in ("narrative", "perf"):
            continue
        for sentence in split_sentences(ch.text):
            hits = [m.group(0) for rx in _TEMPLATE_RES for m in rx.finditer(sentence)]
            if hits:
                quoted = "「" + "」「".join(dict.fromkeys(hits)) + "」"
                res.fail(
                    "C3.template_text",
                    f"{ch.source}：遗留模板文字 {quoted}，文中没有写明实际情况",
                    {"text": "、".join(dict.fromkeys(hits))},
                    [book.cite.sentence(ch, sentence)],
                )
            else:
                res.ok("C3.template_text")


# ------------------------------------------------------------------------------------------ C4: years


def check_years(book: Book, res: Results) -> None:
    """C4: a year in a 绩效目标 or 实施计划 that is neither the budget year nor the year before (nor in 项目期)."""
    perf_by_name = {norm(p.project): p for p in book.perf}
    for ch in book.chunks:
        if ch.kind == "perf" and len(ch.section) >= 3 and ch.section[-1].startswith(_YEAR_FIELDS):
            _check_text_years(book, res, ch, perf_by_name.get(norm(ch.section[1])))
    for p in book.perf:
        _check_indicator_years(book, res, p)


def _allowed_years(book: Book, p: PerfTarget | None) -> set[int]:
    m = re.match(r"^\s*(\d+)\s*年", p.period) if p else None
    span = int(m.group(1)) if m and int(m.group(1)) <= 10 else 1
    return set(range(book.year - max(1, span - 1), book.year + span))


def _check_text_years(book: Book, res: Results, ch: Chunk, p: PerfTarget | None) -> None:
    allowed = _allowed_years(book, p)
    for sentence in split_sentences(ch.text):
        years = sorted({int(y) for y in _YEAR_RE.findall(sentence)})
        wrong = [y for y in years if y not in allowed]
        if wrong:
            res.fail(
                "C4.year",
                f"绩效目标表「{ch.section[1]}」{ch.section[-1]}写的是 {_years(wrong)}，不是{book.year}年预算年度",
                _year_values(book, wrong),
                [book.cite.sentence(ch, sentence)],
            )
        elif years:
            res.ok("C4.year")


def _check_indicator_years(book: Book, res: Results, p: PerfTarget) -> None:
    allowed = _allowed_years(book, p)
    for ind in p.indicators:
        wrong = sorted({int(y) for y in _YEAR_RE.findall(f"{ind.name}{ind.value}")} - allowed)
        if wrong:
            res.fail(
                "C4.year",
                f"绩效目标表「{p.project}」{ind.period}指标「{ind.name}」{ind.value} 写的是 "
                f"{_years(wrong)}，不是{book.year}年预算年度",
                _year_values(book, wrong),
                [book.cite.perf(p, "", f"{ind.period}{ind.level2}「{ind.name}」", ind.line)],
            )


def _years(years: list[int]) -> str:
    return "、".join(f"{y}年" for y in years)


def _year_values(book: Book, wrong: list[int]) -> dict[str, str]:
    return {"years": "、".join(map(str, wrong)), "budget_year": str(book.year)}
