"""Answers as the chat shows them (the figure emphasised, how it was computed, numbered citations) and the
evidence a citation opens: the cited table with its row and cell highlighted, the quoted sentence marked in
its paragraph, or the 绩效目标表 with the cited fact marked."""

from __future__ import annotations

import html
import re
from decimal import Decimal
from typing import TYPE_CHECKING

import app  # noqa: F401  (offline switches before gradio is imported)
from app.answer.render import ROUTE_ZH
from app.models import Answer, Citation, PerfTarget
from app.service import BudgetQA

if TYPE_CHECKING:  # a type only: the UI reaches the tables through the library
    from app.tools.table_query import TableTool


EVIDENCE_HINT = (
    '<div class="bq-hint">每个回答下列有编号出处；点击这里出现的编号，即可查看原表（被引用的行高亮）或原文段落。</div>'
)
NO_CITATIONS = '<div class="bq-hint">这个回答没有可查看的出处。</div>'
INDENT = {"款": 1, "项": 2, "项目": 1}


# -- answers as chat bubbles -----------------------------------------------------------------------


_FIGURE_RE = re.compile(r"(?<![\d.,])(\d[\d,]*(?:\.\d+)?)(?:\s*(亿元|万元|元|%|％|辆|人|个|项|次|台|平方米))?")


def emphasise(a: Answer) -> str:
    """The answer text with its main figure in bold: the whole number with its unit (「**3.50万元**」), never a
    part of a longer number, and not inside a quotation of the source (「…」)."""
    if a.value is None or a.status != "answered":
        return a.text
    quoted = [m.span() for m in re.finditer(r"「[^」]*」", a.text)]
    for m in _FIGURE_RE.finditer(a.text):
        if any(q0 <= m.start() < q1 for q0, q1 in quoted):
            continue
        try:
            same = Decimal(m.group(1).replace(",", "")) == Decimal(str(a.value))
        except ArithmeticError:
            continue
        if same and (m.group(2) or "") == (a.unit or "").replace("％", "%") or same and not a.unit:
            return f"{a.text[: m.start()]}**{m.group(0).strip()}**{a.text[m.end() :]}"
    return a.text


def citation_line(i: int, c: Citation) -> str:
    return f"{i}. {f'〔{c.doc}〕' if c.doc else ''}{c.source} {c.title} · {c.locator}"


def bubble(a: Answer) -> str:
    """One answer as the chat shows it: the text, how a computed figure was computed, numbered sources."""
    parts = [emphasise(a)]
    if a.computation:
        parts.append(f"> **计算所得** `{a.computation}`  \n> 这个数由下列出处中的数字算出，文档中没有直接印出。")
    if a.citations:
        parts.append(
            "出处（在「查看出处」中点编号，即可看到原表、原文）：\n"
            + "\n".join(citation_line(i, c) for i, c in enumerate(a.citations, 1))
        )
    parts.append(f"<sub>查询方式：{ROUTE_ZH.get(a.route, a.route)} · {html.escape(a.reason)}</sub>")
    return "\n\n".join(parts)


def citation_choices(a: Answer) -> list[tuple[str, int]]:
    return [
        (f"[{i}] {f'{c.doc} · ' if c.doc else ''}{c.source} · 第{c.page}页", i - 1)
        for i, c in enumerate(a.citations, 1)
    ]


# -- evidence --------------------------------------------------------------------------------------


def evidence_html(qa: BudgetQA, c: Citation) -> str:
    """What a citation points at: the table around the cited row, the paragraph, or the 绩效目标表."""
    render = {"row": row_evidence, "chunk": chunk_evidence, "perf": perf_evidence}[c.kind]
    return f'<div class="bq-evidence">{render(qa, c)}</div>'


def _head(c: Citation, where: str) -> str:
    return (
        f'<div class="bq-ev-head"><span class="bq-badge">{html.escape(c.source)}</span>'
        f'<b>{html.escape(c.title)}</b><span class="bq-page">{html.escape(where)}</span></div>'
    )


def _related(r: dict, cited: dict) -> bool:
    """Is row r in the cited row's 科目 family: a total, an ancestor, a sibling or a child?"""
    if r["row_id"] == cited["row_id"] or r["level"] == "合计":
        return True
    code, mine = r["code"], cited["code"]
    if code and mine:
        same_level = len(code) == len(mine) and (len(mine) == 3 or code[:-2] == mine[:-2])
        return mine.startswith(code) or code.startswith(mine) or same_level
    return cited["parent"] in (r["name"], r["parent"]) or r["parent"] == cited["name"]


def table_rows(tool: TableTool, label: str, side: str = "") -> list[dict]:
    rows = [r for r in tool.rows.values() if r["table"] == label and (not side or r["side"] == side)]
    return sorted(rows, key=lambda r: r["row_seq"])


def table_columns(tool: TableTool, label: str, rows: list[dict]) -> list[str]:
    printed = [c for c in tool.tables[label]["columns"] if c]
    present = {c["column"] for r in rows for c in tool.row_cells.get(r["row_id"], [])}
    extra = sorted(present - set(printed))
    if rows and all(r["side"] == "收入" for r in rows) and extra:
        return extra  # the 收入 side of a two-sided table prints one 金额 column
    return printed + extra


def filledtable_columns(tool: TableTool, label: str, rows: list[dict], keep: str = "") -> tuple[list[str], list[str]]:
    """(columns holding a value in some row, printed columns left out because they are blank everywhere)."""
    present = {c["column"] for r in rows for c in tool.row_cells.get(r["row_id"], [])} | {keep}
    cols = table_columns(tool, label, rows)
    return [c for c in cols if c in present], [c for c in cols if c not in present]


def table_html(tool: TableTool, label: str, rows: list[dict], cols: list[str], hit: str = "", hit_col: str = "") -> str:
    """A document table as HTML: 科目编码, 名称, the given columns, page and line; the cited row marked."""
    coded = any(r["code"] for r in rows)
    head = "".join(f"<th>{html.escape(h)}</th>" for h in (*(["科目编码"] if coded else []), "名称", *cols, "页 · 行"))
    body = "".join(_tr(tool, r, cols, coded, r["row_id"] == hit, hit_col) for r in rows)
    return f'<table class="bq-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _tr(tool: TableTool, r: dict, cols: list[str], coded: bool, hit: bool, hit_col: str) -> str:
    cells = {c["column"]: c["raw"] for c in tool.row_cells.get(r["row_id"], [])}
    pad = INDENT.get(r["level"], 0)
    code = f'<td class="bq-code">{html.escape(r["code"])}</td>' if coded else ""
    name = f'<td class="bq-name" style="padding-left:{0.5 + 1.2 * pad:.1f}em">{html.escape(r["name"])}</td>'
    nums = "".join(
        f'<td class="bq-num{" bq-hit-cell" if hit and col == hit_col else ""}">{html.escape(cells.get(col, ""))}</td>'
        for col in cols
    )
    cls = ' class="bq-hit"' if hit else (' class="bq-total"' if r["level"] == "合计" else "")
    return (
        f'<tr{cls} data-row-id="{r["row_id"]}">{code}{name}{nums}<td class="bq-loc">{r["page"]} · {r["line"]}</td></tr>'
    )


def _cited_column(c: Citation) -> str:
    marker = "列「"
    return c.locator.rsplit(marker, 1)[1].rstrip("」") if marker in c.locator else ""


def row_evidence(qa: BudgetQA, c: Citation) -> str:
    tool = qa.tables
    cited = tool.rows[c.ref_id]
    t = tool.tables[cited["table"]]
    rows = table_rows(tool, cited["table"], cited["side"])
    near = [r for r in rows if _related(r, cited)]
    col = _cited_column(c)
    cols, blank = filledtable_columns(tool, cited["table"], rows, col)
    side = f" · {cited['side']}方" if cited["side"] else ""
    omitted = f" · 全空的列未显示：{html.escape('、'.join(blank))}" if blank else ""
    out = [
        _head(c, f"第{c.page}页 第{c.line}行"),
        f'<div class="bq-sub">单位：{html.escape(t["unit"])}{side} · 黄色为被引用的行'
        f"{'，深色为「' + html.escape(col) + '」列' if col else ''}{omitted}</div>",
        table_html(tool, cited["table"], near, cols, c.ref_id, col),
    ]
    if len(near) < len(rows):
        out.append(
            f'<details class="bq-more"><summary>展开整张{html.escape(cited["table"])}（{len(rows)} 行）</summary>'
            f"{table_html(tool, cited['table'], rows, cols, c.ref_id, col)}</details>"
        )
    return "".join(out)


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Where the quote is in the text, ignoring the line breaks and spaces of the extracted PDF text."""
    at = text.find(quote) if quote else -1
    if at >= 0:
        return at, at + len(quote)
    keep = [k for k, ch in enumerate(text) if not ch.isspace()]
    squeezed = "".join(text[k] for k in keep)
    q = "".join(quote.split())
    j = squeezed.find(q) if q else -1
    return (keep[j], keep[j + len(q) - 1] + 1) if j >= 0 else None


def highlight(text: str, quote: str) -> str:
    span = find_quote(text, quote)
    if span is None:
        return html.escape(text)
    a, b = span
    return f"{html.escape(text[:a])}<mark>{html.escape(text[a:b])}</mark>{html.escape(text[b:])}"


def chunk_evidence(qa: BudgetQA, c: Citation) -> str:
    chunk = next((k for k in qa.chunks if k.chunk_id == c.ref_id), None)
    if chunk is None:
        return _head(c, f"第{c.page}页") + f'<p class="bq-para">{html.escape(c.quote)}</p>'
    pages = f"第{chunk.page}页" if chunk.page_end == chunk.page else f"第{chunk.page}–{chunk.page_end}页"
    path = " › ".join(html.escape(s) for s in chunk.section)
    return (
        _head(c, f"{pages} 第{chunk.line}–{chunk.line_end}行") + f'<div class="bq-sub">{path}</div>'
        f'<p class="bq-para">{highlight(chunk.text, c.quote)}</p>'
    )


def _hit(flag: bool) -> str:
    return ' class="bq-hit"' if flag else ""


def perf_evidence(qa: BudgetQA, c: Citation) -> str:
    """A 项目支出绩效目标表: its facts, funds, texts and indicators, the cited part marked."""
    p = next((t for t in qa.perf if t.target_id == c.ref_id), None)
    if p is None:
        return _head(c, f"第{c.page}页") + f'<p class="bq-para">{html.escape(c.quote)}</p>'
    return (
        _head(c, f"第{c.page}页 第{c.line}行")
        + _perf_facts(p, c.quote)
        + _perf_funds(p, c.quote)
        + _perf_texts(p, c.quote)
        + _perf_indicators(p, c)
    )


def _perf_facts(p: PerfTarget, quote: str) -> str:
    facts = (("主管部门", p.department), ("实施单位", p.implementer), ("项目属性", p.attribute), ("项目期", p.period))
    items = "".join(f"<li{_hit(v in quote)}><b>{k}</b>：{html.escape(v)}</li>" for k, v in facts if v)
    return f'<ul class="bq-facts">{items}</ul>'


def _clauses(quote: str) -> list[str]:
    """A 绩效目标表 quote names its parts in clauses: 「项目名称 X；年度资金：省级财政资金 90,000元」."""
    return [part.strip() for part in quote.replace(";", "；").split("；") if part.strip()]


def _fund_cited(quote: str, period: str, source: str, amount: Decimal) -> bool:
    """Does a clause of the quote name this fund line?"""
    return any(
        part.startswith(f"{period}资金") and source in part and f"{amount:,}" in part for part in _clauses(quote)
    )


def _perf_funds(p: PerfTarget, quote: str) -> str:
    rows = "".join(
        f"<tr{_hit(_fund_cited(quote, period, src, amount))}>"
        f'<td>{html.escape(period)}</td><td>{html.escape(src)}</td><td class="bq-num">{amount:,}</td></tr>'
        for period, src, amount in p.funds
    )
    return (
        '<div class="bq-sub">项目资金（元）</div><table class="bq-table"><thead><tr><th>期间</th><th>来源</th>'
        f"<th>金额</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _perf_texts(p: PerfTarget, quote: str) -> str:
    out = []
    for title, text in p.texts:
        cited = next((part for part in (quote, *_clauses(quote)) if find_quote(text, part)), "")
        out.append(
            f'<details class="bq-more"{" open" if cited else ""}><summary>{html.escape(title)}</summary>'
            f'<p class="bq-para">{highlight(text, cited) if cited else html.escape(text)}</p></details>'
        )
    return "".join(out)


def _perf_indicators(p: PerfTarget, c: Citation) -> str:
    cited = [f"{i.name} {i.value}" in c.quote and i.line == c.line for i in p.indicators]
    rows = "".join(
        f"<tr{_hit(hit)}>"
        f"<td>{html.escape(i.period)}</td><td>{html.escape(i.level1)} › {html.escape(i.level2)}</td>"
        f'<td>{html.escape(i.name)}</td><td>{html.escape(i.value)}</td><td class="bq-loc">{i.page}</td></tr>'
        for i, hit in zip(p.indicators, cited)
    )
    return (
        f'<details class="bq-more"{" open" if any(cited) else ""}><summary>绩效指标（{len(p.indicators)} 项）</summary><table class="bq-table"><thead><tr><th>期间</th>'
        f"<th>指标类别</th><th>三级指标</th><th>指标值</th><th>页</th></tr></thead><tbody>{rows}</tbody></table></details>"
    )
