"""The web face (Gradio 6): a Chinese chat page whose answers carry numbered citations and open their
evidence, a 「预算一览」 of the spending structure, a table browser with CSV download, and an upload area.

A thin face over the library (app.library) and BudgetQA: every figure on the page comes from them, nothing is
recomputed here except the shares shown beside the overview charts (labelled as computed).

Offline by construction: system fonts only (Gradio's font stylesheets are never requested), analytics
off (app/__init__), no share link, no server-side rendering, no run history. The answer function is
public in Gradio's API as `/ask` (question → Markdown with citations); the page's own events are
`undocumented`: callable by the page and by clients that know them, not listed in the API docs.
"""

from __future__ import annotations

import html
import secrets
import shutil
import tempfile
import threading
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr
import pandas as pd

import app  # noqa: F401  (offline switches before gradio is imported)
from app.answer.render import ROUTE_ZH, answer_to_markdown
from app.config import Settings
from app.errors import BudgetQAError, IndexMissingError, InputFileError
from app.library import Library as CoreLibrary
from app.models import Answer, Citation, IngestReport, PerfTarget, stable_id
from app.service import BudgetQA

if TYPE_CHECKING:  # a type only: the UI reaches the tables through the library
    from app.tools.table_query import TableTool

BUNDLED = "datong_gxj_2024.txt"  # the document shipped in data/: the default when the index holds several
EXAMPLES = (
    "铁路道口安全管理专项资金是多少？",
    "三公经费是多少？",
    "人员经费占基本支出的比例？",
    "政府采购预算一共多少？",
    "什么是机关运行经费？",
)
SYSTEM_FONTS = (
    "PingFang SC",
    "Hiragino Sans GB",
    "Microsoft YaHei",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "system-ui",
    "sans-serif",
)
MONO_FONTS = ("SFMono-Regular", "Menlo", "Consolas", "Noto Sans Mono CJK SC", "WenQuanYi Micro Hei Mono", "monospace")
PRIVATE = "upload:"  # picker values of a session's own uploads: upload:<token>:<doc id>
UPLOAD_MODES = ("private", "shared", "off")
SESSION_UPLOADS = 3  # private uploads one session keeps (the oldest is deleted first)
MAX_UPLOADS = 30  # private uploads kept on the server at once (the oldest is deleted first)
SESSIONS = 1000  # browser sessions whose state the server keeps (the oldest is dropped first)
HISTORY_TURNS = 6  # turns of a conversation kept for follow-ups
ANSWER_CONCURRENCY = 4  # questions answered at once (chat and API share the limit)
EVIDENCE_HINT = (
    '<div class="bq-hint">每个回答下列有编号出处；点击这里出现的编号，即可查看原表（被引用的行高亮）或原文段落。</div>'
)
NO_CITATIONS = '<div class="bq-hint">这个回答没有可查看的出处。</div>'
INDENT = {"款": 1, "项": 2, "项目": 1}


# -- documents and services ------------------------------------------------------------------------


class Library:
    """What one page may read: the shared library (what the operator ingested) and, per browser session, the
    documents that session uploaded. An upload never changes what other visitors see: in the default
    "private" mode it goes into its own index under <index_dir>/uploads/<token>/, named in the picker by a
    value that carries an unguessable token (only the uploader's page holds it), and is deleted when the
    session ends. "shared" mode (settings.ui_uploads, for a one-person desktop) ingests uploads into the
    shared library, with the same consent rule as the CLI; "off" refuses uploads."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.shared = CoreLibrary(settings)
        self.mode = settings.ui_uploads
        if self.mode not in UPLOAD_MODES:
            raise BudgetQAError(f"设置 ui_uploads 的值无效：{self.mode!r}。可选：{'、'.join(UPLOAD_MODES)}。")
        self.uploads_dir = Path(settings.index_dir) / "uploads"
        self._private: dict[str, CoreLibrary] = {}  # token → the upload's library, oldest first
        self._tools: dict[str, tuple[str, TableTool]] = {}  # picker value → (version, tool)
        self._lock = threading.Lock()
        self.tmp = Path(tempfile.mkdtemp(prefix="budgetqa_ui_"))  # CSV downloads (a private 0700 folder)
        shutil.rmtree(self.uploads_dir, ignore_errors=True)  # uploads of an earlier run: their sessions are gone

    def _where(self, value: str) -> tuple[CoreLibrary, str]:
        if value.startswith(PRIVATE):
            token, _, doc_id = value[len(PRIVATE) :].partition(":")
            lib = self._private.get(token)
            if lib is None:
                raise IndexMissingError(
                    "这份上传的文档已不在服务器上（会话已结束或已被清理），请重新上传。 (upload expired)"
                )
            return lib, doc_id
        return self.shared, value

    def docs(self) -> dict[str, dict[str, Any]]:
        """The shared library's documents."""
        return self.shared.docs()

    def known(self, value: str, mine: Any = ()) -> bool:
        return value in self.docs() or (
            value in (mine or ()) and value[len(PRIVATE) :].split(":", 1)[0] in self._private
        )

    def choices(self, mine: Any = ()) -> list[tuple[str, str]]:
        shared = [(f"{m['unit']} · {m['year']}年预算", d) for d, m in sorted(self.docs().items())]
        own = [(f"{self.label(v)}（您上传的，仅您可见）", v) for v in (mine or ()) if self.known(v, mine)]
        return shared + own

    def default_doc(self) -> str:
        """settings.doc if set, else the only document, else the bundled one; "" when the index is empty."""
        docs = self.docs()
        if not docs:
            return ""
        if self.settings.doc:
            return self.shared.resolve(self.settings.doc)
        bundled = [d for d, m in sorted(docs.items()) if Path(str(m.get("path", ""))).name == BUNDLED]
        return (bundled or sorted(docs))[0]

    def service(self, value: str) -> BudgetQA:
        if not value:
            raise IndexMissingError(
                "还没有可以提问的文档：请先在「上传文档」中导入一份预算公开文件（PDF）。 (no document)"
            )
        lib, doc_id = self._where(value)
        return lib.qa(doc_id)

    def tool(self, value: str) -> TableTool:
        """The document's tables without loading any model (for the overview and the table browser)."""
        lib, doc_id = self._where(value)
        version = lib.index.current(doc_id)["version"]
        with self._lock:
            cached = self._tools.get(value)
            if cached is None or cached[0] != version:
                cached = lib.table_tool(doc_id)
                self._tools[value] = cached
            return cached[1]

    def csv_rows(self, value: str, label: str) -> pd.DataFrame:
        lib, doc_id = self._where(value)
        return lib.table_store(doc_id).csv_rows(doc_id, label)

    def label(self, value: str) -> str:
        try:
            lib, doc_id = self._where(value)
            m = lib.docs().get(doc_id)
        except BudgetQAError:
            m = None
        return f"{m['unit']} {m['year']}年预算" if m else "尚未导入文档"

    def upload(self, paths: list[str], progress: bool) -> tuple[IngestReport, str]:
        """Ingest one uploaded disclosure; returns its report and its picker value."""
        if self.mode == "off":
            raise InputFileError("本服务器不接受上传：文档由管理员用 budgetqa ingest 导入。 (uploads are off)")
        path: Any = paths if len(paths) > 1 else paths[0]
        if self.mode == "shared":
            report = self.shared.ingest(path, progress=progress)
            return report, report.doc.doc_id
        token = secrets.token_urlsafe(16)
        lib = CoreLibrary(replace(self.settings, index_dir=str(self.uploads_dir / token), doc=""))
        try:
            report = lib.ingest(path, progress=progress)
        except BaseException:
            shutil.rmtree(self.uploads_dir / token, ignore_errors=True)
            raise
        with self._lock:
            self._private[token] = lib
            while len(self._private) > MAX_UPLOADS:  # the oldest upload goes first
                self._drop_token(next(iter(self._private)))
        return report, f"{PRIVATE}{token}:{report.doc.doc_id}"

    def drop(self, values: Any) -> None:
        """A session ended: delete what it uploaded."""
        with self._lock:
            for value in values or ():
                if str(value).startswith(PRIVATE):
                    self._drop_token(str(value)[len(PRIVATE) :].split(":", 1)[0])

    def _drop_token(self, token: str) -> None:
        lib = self._private.pop(token, None)
        for value in [v for v in self._tools if v.startswith(f"{PRIVATE}{token}:")]:
            del self._tools[value]
        if lib is not None:
            lib.close()
        shutil.rmtree(self.uploads_dir / token, ignore_errors=True)


# -- answers as chat bubbles -----------------------------------------------------------------------


def emphasise(a: Answer) -> str:
    """The answer text with its main figure in bold."""
    if a.value is None or a.status != "answered":
        return a.text
    figure = f"{a.value}{a.unit or ''}"
    return a.text.replace(figure, f"**{figure}**", 1)


def citation_line(i: int, c: Citation) -> str:
    return f"{i}. {c.source} {c.title} · {c.locator}"


def bubble(a: Answer) -> str:
    """One answer as the chat shows it: the text, how a computed figure was computed, numbered sources."""
    parts = [emphasise(a)]
    if a.computation:
        parts.append(f"> **计算所得** `{a.computation}`  \n> 这个数由下列出处中的数字算出，文档中没有直接印出。")
    if a.citations:
        parts.append(
            "出处（点击右侧编号查看原表、原文）：\n"
            + "\n".join(citation_line(i, c) for i, c in enumerate(a.citations, 1))
        )
    parts.append(f"<sub>查询方式：{ROUTE_ZH.get(a.route, a.route)} · {html.escape(a.reason)}</sub>")
    return "\n\n".join(parts)


def citation_choices(a: Answer) -> list[tuple[str, int]]:
    return [(f"[{i}] {c.source} · 第{c.page}页", i - 1) for i, c in enumerate(a.citations, 1)]


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


def _columns(tool: TableTool, label: str, rows: list[dict]) -> list[str]:
    printed = [c for c in tool.tables[label]["columns"] if c]
    present = {c["column"] for r in rows for c in tool.row_cells.get(r["row_id"], [])}
    extra = sorted(present - set(printed))
    if rows and all(r["side"] == "收入" for r in rows) and extra:
        return extra  # the 收入 side of a two-sided table prints one 金额 column
    return printed + extra


def filled_columns(tool: TableTool, label: str, rows: list[dict], keep: str = "") -> tuple[list[str], list[str]]:
    """(columns holding a value in some row, printed columns left out because they are blank everywhere)."""
    present = {c["column"] for r in rows for c in tool.row_cells.get(r["row_id"], [])} | {keep}
    cols = _columns(tool, label, rows)
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
    cols, blank = filled_columns(tool, cited["table"], rows, col)
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


# -- 预算一览 ---------------------------------------------------------------------------------------

OVERVIEW = (  # (title, table kind, row levels, columns): one chart each
    ("支出按功能分类（类）", "expense_total", ("类",), ("合计",)),
    ("基本支出与项目支出", "expense_total", ("合计",), ("基本支出", "项目支出")),
    ("基本支出按经济分类（类）", "basic_by_econ", ("类",), ("合计",)),
    ("项目支出（本年预算）", "project", ("项目",), ("合计",)),
)


def _short(name: str, limit: int = 14) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def overview_section(tool: TableTool, kind: str, levels: tuple[str, ...], columns: tuple[str, ...]) -> dict[str, Any]:
    """One chart's data: bars (name, amount), the figures as printed with their shares, and the source."""
    table = next((t for t in tool.tables.values() if t["kind"] == kind), None)
    if table is None or table["empty"]:
        return {
            "source": "本文档没有这张表，或表中注明「本表无数据」。",
            "bars": pd.DataFrame({"名称": [], "金额": []}),
            "figures": pd.DataFrame(),
        }
    items = []  # (row, column, cell)
    for r in table_rows(tool, table["label"]):
        if r["level"] in levels:
            items += [(r, col, tool.cells[(r["row_id"], col)]) for col in columns if (r["row_id"], col) in tool.cells]
    items.sort(key=lambda item: item[2]["value"], reverse=True)
    total = sum((cell["value"] for _, _, cell in items), Decimal(0))
    names = _unique([col if len(columns) > 1 else r["name"] for r, col, _ in items])
    bars = pd.DataFrame({"名称": [_short(n) for n in names], "金额": [float(cell["value"]) for _, _, cell in items]})
    figures = pd.DataFrame(
        {
            "名称": names,
            f"金额（{table['unit']}）": [cell["raw"] for _, _, cell in items],
            "占比（计算）": [
                f"{(cell['value'] / total * 100).quantize(Decimal('0.01'))}%" if total else "" for _, _, cell in items
            ],
            "页 · 行": [f"{r['page']} · {r['line']}" for r, _, _ in items],
        }
    )
    source = f"**来源**：{table['label']} {table['title']}（单位：{table['unit']}），第{table['page']}页"
    return {"source": source, "bars": bars, "figures": figures}


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        seen[n] = seen.get(n, 0) + 1
        out.append(n if seen[n] == 1 else f"{n}（{seen[n]}）")
    return out


# -- table browser ---------------------------------------------------------------------------------


def table_choices(tool: TableTool) -> list[tuple[str, str]]:
    tables = sorted(tool.tables.values(), key=lambda t: t["number"])
    return [(f"{t['label']} {t['title']}" + ("（本表无数据）" if t["empty"] else ""), t["label"]) for t in tables]


def _matches(code: str, name: str, wanted: str) -> bool:
    return not wanted or wanted in code or wanted.lower() in name.lower()


def browse_frame(tool: TableTool, label: str, wanted: str = "") -> pd.DataFrame:
    """The table as printed (one line per row, one column per printed column), filtered by 科目编码 or name."""
    rows = [r for r in table_rows(tool, label) if _matches(r["code"], r["name"], wanted.strip())]
    cols = _columns(tool, label, table_rows(tool, label))
    two_sided = any(r["side"] for r in rows)
    records = []
    for r in rows:
        cells = {c["column"]: c["raw"] for c in tool.row_cells.get(r["row_id"], [])}
        rec = {"收支": r["side"]} if two_sided else {}
        rec |= {
            "科目编码": r["code"],
            "名称": r["name"],
            **{c: cells.get(c, "") for c in cols},
            "页码": r["page"],
            "行号": r["line"],
        }
        records.append(rec)
    head = (["收支"] if two_sided else []) + ["科目编码", "名称", *cols, "页码", "行号"]
    return pd.DataFrame(records, columns=head)


def browse_csv(lib: Library, doc_id: str, label: str, wanted: str = "") -> Path:
    """The tidy rows (as `budgetqa tables --csv`), filtered like the view, written for download.
    UTF-8 with a byte-order mark so that Excel opens the Chinese text correctly."""
    df = lib.csv_rows(doc_id, label)
    wanted = wanted.strip()
    if wanted:
        df = df[[_matches(c, n, wanted) for c, n in zip(df["code"], df["name"])]]
    path = lib.tmp / f"{label or '全部'}_{stable_id(doc_id, label, wanted, length=8)}.csv"
    df.to_csv(path, index=False, lineterminator="\n", encoding="utf-8-sig")
    return path


# -- upload ----------------------------------------------------------------------------------------


def ingest_summary(report: IngestReport) -> str:
    """What was read, table by table (kind, unit, figures, own sums that check out), then the parser's notes."""
    from app.catalogue import KIND_NAMES

    doc = report.doc
    kind = f"{doc.kind}，" if doc.kind else ""
    lines = [
        f"**已导入**：{doc.unit} {doc.year}年预算（{kind}{doc.encoding}）",
        f"- 数值 {sum(report.rows_per_table.values())} 个，绩效目标表 {report.perf_targets} 张，正文段落 {report.chunks} 段",
        f"- 表格 {len(report.tables)} 张：",
    ]
    for t in report.tables:
        checked, failed = report.checks.get(t.label, (0, 0))
        sums = f"，自身加总 {checked - failed}/{checked} 相符" if checked else ""
        empty = "（本表无数据）" if t.empty else ""
        lines.append(
            f"  - {t.label} {t.title or '（无标题）'}：{KIND_NAMES.get(t.kind, t.kind)}，单位 {t.unit or '未标明'}，"
            f"{report.rows_per_table.get(t.label, 0)} 个数值{sums}，第{t.page}页{empty}"
        )
    if report.document_notes:
        lines.append(
            f"- 文档自身的数字不一致 {len(report.document_notes)} 处（按原文照录，不是解析错误；「一致性审核」有全部核对）："
        )
        lines += [
            f"  - {w.table + ' ' if w.table else ''}第{w.line}行：{w.message}" for w in report.document_notes[:10]
        ]
    if report.parser_notes:
        lines.append(f"- 解析提示 {len(report.parser_notes)} 条（解析时不确定之处，请对照原文核对）：")
        lines += [f"  - {w.table + ' ' if w.table else ''}第{w.line}行：{w.message}" for w in report.parser_notes[:10]]
    lines.append("\n已在页面顶部的「文档」中选中，可以开始提问。")
    return "\n".join(lines)


UPLOAD_SUFFIXES = (".pdf", ".txt")


def ingest_upload(lib: Library, path: str | list[str], progress: Any = None) -> tuple[IngestReport, str]:
    """Ingest an uploaded disclosure (a PDF, several PDFs that are parts of one disclosure — 情况说明 + 报表 —
    or one .txt extracted from a PDF) for the uploader (see Library). Returns the report and the document's
    picker value. Raises BudgetQAError with a Chinese message that names the file, never a server path."""
    paths = [p for p in ([path] if isinstance(path, str) else list(path or [])) if p]
    if not paths:
        raise InputFileError(
            "请先选择文件：预算公开的 PDF（可多选，同一份文件的几个部分），或从 PDF 导出的 .txt。 (no file)"
        )
    for p in paths:
        if Path(p).suffix.lower() not in UPLOAD_SUFFIXES:
            raise InputFileError(f"只能导入 PDF 或 .txt 文件，收到的是「{Path(p).name}」。 (not a PDF or .txt file)")
    if progress is not None:
        progress(0.05, desc="读取并解析表格与正文…")
    try:
        return lib.upload(paths, progress=progress is not None)
    except BudgetQAError as e:
        message = str(e)
        for p in paths:  # the upload's temporary folder is the server's business, not the user's
            message = message.replace(str(Path(p).parent) + "/", "").replace(str(p), Path(p).name)
        message = message.replace(str(lib.uploads_dir) + "/", "").replace(
            "--replace", "命令行的 --replace（由管理员操作）"
        )
        raise type(e)(message) from e


# -- the page --------------------------------------------------------------------------------------

WELCOME = """### 您好，我是预算问答助手
我只根据已导入的**政府预算公开文件**回答问题：每个数字都注明出自哪张表、哪一页，点出处编号即可核对原文。

可以问金额（「三公经费是多少？」）、占比（「人员经费占基本支出的比例？」）、概念（「什么是机关运行经费？」），也可以接着追问。"""

CSS = """
.gradio-container { max-width: 1280px !important; width: 100% !important; margin: 0 auto; }
#bq-header { display: flex; align-items: center; gap: 14px; padding: 6px 2px 2px; }
#bq-header .bq-logo { width: 40px; height: 40px; border-radius: 10px; background: #c0392b; color: #fff;
  display: flex; align-items: center; justify-content: center; font-size: 20px; font-weight: 700; }
#bq-header h1 { font-size: 22px; margin: 0; line-height: 1.2; }
#bq-header p { margin: 2px 0 0; color: #64748b; font-size: 13px; }
.bq-chat .message.bot strong, .bq-chat .bot strong { color: #b42318; font-size: 1.08em; }
.bq-chat blockquote { border-left: 3px solid #f59e0b; background: #fffbeb; margin: 6px 0; padding: 4px 10px; }
.bq-chat sub { color: #94a3b8; }
.bq-chat .placeholder { max-width: 560px; margin: 0 auto; padding: 24px 28px; text-align: left; color: #334155; }
.bq-chat .placeholder h3 { color: #b42318; }
.bq-examples { flex-wrap: wrap !important; gap: 8px !important; }
.bq-examples button { font-size: 13px !important; white-space: nowrap; flex: 0 0 auto !important; width: auto !important;
  border-radius: 999px !important; padding: 4px 14px !important; }
.bq-hint { color: #64748b; padding: 18px 12px; border: 1px dashed #cbd5e1; border-radius: 10px; text-align: center; }
.bq-evidence { font-size: 14px; }
.bq-ev-head { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin-bottom: 4px; }
.bq-badge { background: #c0392b; color: #fff; border-radius: 6px; padding: 1px 8px; font-size: 13px; }
.bq-page { margin-left: auto; color: #475569; background: #f1f5f9; border-radius: 6px; padding: 1px 8px; font-size: 13px; }
.bq-sub { color: #64748b; font-size: 13px; margin: 4px 0 6px; }
.bq-table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 4px 0 8px; }
.bq-evidence .bq-table, .bq-evidence .bq-table tr, .bq-evidence .bq-table thead, .bq-evidence .bq-table tbody { border: none !important; }
.bq-evidence .bq-table th, .bq-evidence .bq-table td { border: none !important; border-bottom: 1px solid #eef2f6 !important; }
.bq-table th { background: #f8fafc; color: #334155; font-weight: 600; padding: 5px 6px; text-align: left; }
.bq-table td { padding: 4px 6px; vertical-align: top; }
.bq-table td.bq-num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.bq-table td.bq-code, .bq-table td.bq-loc { color: #64748b; white-space: nowrap; font-variant-numeric: tabular-nums; }
.bq-table tr.bq-total td { font-weight: 600; background: #fafafa; }
.bq-table tr.bq-hit td { background: #fff4ce; font-weight: 600; }
.bq-table td.bq-hit-cell { background: #fde68a !important; box-shadow: inset 0 0 0 2px #f59e0b; }
.bq-para { line-height: 1.9; background: #f8fafc; border-radius: 8px; padding: 10px 12px; }
.bq-para mark { background: #fde68a; padding: 1px 0; }
.bq-more summary { cursor: pointer; color: #2563eb; margin: 6px 0; }
.bq-facts { margin: 4px 0 6px 1em; padding: 0; color: #334155; }
.bq-facts li.bq-hit { background: #fff4ce; font-weight: 600; }
.bq-cites label { font-size: 13px !important; }
"""


def theme() -> gr.themes.Base:
    """Gradio's default theme with the system's Chinese fonts: no font file is fetched from anywhere."""
    return gr.themes.Default(
        primary_hue="red", neutral_hue="slate", radius_size="lg", font=list(SYSTEM_FONTS), font_mono=list(MONO_FONTS)
    )


def header_html(lib: Library, doc_id: str) -> str:
    return (
        '<div id="bq-header"><div class="bq-logo">预</div><div><h1>预算问答</h1>'
        f"<p>{html.escape(lib.label(doc_id))} · 只依据公开文件作答，每个数字附出处</p></div></div>"
    )


def build_ui(settings: Settings) -> gr.Blocks:
    """The whole page. Services are built on the first question about each document, not here."""
    lib = Library(settings)
    first = lib.default_doc()
    with gr.Blocks(title="预算问答 BudgetQA", analytics_enabled=False, delete_cache=(3600, 86400)) as demo:
        with gr.Row(equal_height=True):
            header = gr.HTML(header_html(lib, first), scale=3)
            doc = gr.Dropdown(
                lib.choices(), value=first or None, label="文档", scale=1, min_width=240, allow_custom_value=True
            )  # choices grow with uploads; unknown ids get a clear error
        with gr.Tabs():
            with gr.Tab("问答", id="chat"):
                chat_parts = _chat_tab()
            with gr.Tab("预算一览", id="overview"):
                overview_parts = _overview_tab(overview_values(lib, first))
            with gr.Tab("表格浏览", id="tables"):
                browse_parts = _browse_tab(browse_values(lib, first))
            with gr.Tab("一致性审核", id="audit"):
                audit_parts = _audit_tab()
            with gr.Tab("上传文档", id="upload"):
                upload_parts = _upload_tab()
                gr.Markdown(upload_note(lib.mode))
        # this session's own uploads (their picker values); deleted with the session
        upload_parts["mine"] = gr.State([], delete_callback=lib.drop)
        _wire(demo, lib, doc, header, chat_parts, overview_parts, browse_parts, upload_parts)
        _wire_audit(lib, doc, audit_parts)
    return demo


AUDIT_STATES = {"fail": "不一致", "insufficient_data": "数据不足", "not_applicable": "不适用", "pass": "通过"}


def _audit_tab() -> dict[str, Any]:
    gr.Markdown(
        "### 一致性审核\n逐项核对本文件的数字是否自洽：表内合计、上下级科目、各表之间、情况说明与表格、"
        "绩效目标表与项目支出表、表格是否齐全。每条结果都列出两处出处和两个数字。"
    )
    run = gr.Button("运行审核", variant="primary")
    summary = gr.Markdown()
    table = gr.Dataframe(
        headers=["状态", "严重程度", "检查项", "说明", "出处"],
        interactive=False,
        wrap=True,
        show_label=False,
        max_height=620,
    )
    return {"run": run, "summary": summary, "table": table}


def audit_rows(findings: list[dict]) -> tuple[str, pd.DataFrame]:
    """Findings as a table for people: failures first, then insufficient data, then the rest."""
    order = {"fail": 0, "insufficient_data": 1, "not_applicable": 2, "pass": 3}
    findings = sorted(findings, key=lambda f: (order.get(f["state"], 9), f["id"]))
    counts = {s: sum(1 for f in findings if f["state"] == s) for s in order}
    summary = "，".join(f"{AUDIT_STATES[s]} {n} 项" for s, n in counts.items() if n)
    rows = [
        [
            AUDIT_STATES.get(f["state"], f["state"]),
            f["severity"],
            f["id"],
            f["message"],
            "；".join(f"{c['source']} {c['locator']}" for c in f.get("citations", [])),
        ]
        for f in findings
    ]
    return f"**审核结果**：{summary}。", pd.DataFrame(rows, columns=["状态", "严重程度", "检查项", "说明", "出处"])


def _wire_audit(lib: Library, doc: Any, parts: dict) -> None:
    def run_audit(doc_id: str) -> tuple:
        from app.audit import findings_to_json

        try:
            return audit_rows(findings_to_json(lib.service(doc_id or lib.default_doc()).audit()))
        except BudgetQAError as e:
            raise gr.Error(str(e)) from e

    parts["run"].click(
        run_audit, doc, [parts["summary"], parts["table"]], api_name="audit", api_visibility="undocumented"
    )


def _chat_tab() -> dict[str, Any]:
    with gr.Row():
        with gr.Column(scale=7):
            chat = gr.Chatbot(
                label="对话",
                height=520,
                placeholder=WELCOME,
                elem_classes=["bq-chat"],
                buttons=["copy"],
                feedback_options=None,
                show_label=False,
                autoscroll=True,
            )
            with gr.Row():
                box = gr.Textbox(
                    placeholder="输入关于预算的问题，回车发送。例如：三公经费是多少？",
                    show_label=False,
                    container=False,
                    lines=1,
                    max_lines=4,
                    scale=8,
                    autofocus=True,
                    elem_id="bq-question",
                )
                send = gr.Button("发送", variant="primary", scale=1, min_width=80, elem_id="bq-send")
                clear = gr.Button("新对话", variant="secondary", scale=1, min_width=80)
            gr.Markdown("**试试这些问题：**")
            with gr.Row(elem_classes=["bq-examples"]):
                examples = [gr.Button(q, size="sm", variant="secondary", scale=0) for q in EXAMPLES]
        with gr.Column(scale=5):
            gr.Markdown("#### 查看出处")
            cites = gr.Radio(
                [],
                label="上一条回答的出处",
                show_label=False,
                visible=False,
                elem_classes=["bq-cites"],
                elem_id="bq-cites",
            )
            evidence = gr.HTML(EVIDENCE_HINT, elem_id="bq-evidence-panel")
    turns = gr.State([])
    return {
        "chat": chat,
        "box": box,
        "send": send,
        "clear": clear,
        "examples": examples,
        "cites": cites,
        "evidence": evidence,
        "turns": turns,
    }


def _overview_tab(initial: list) -> list[tuple[Any, Any, Any]]:
    gr.Markdown("各图数字均取自文档中的表格；右侧列出原数、占比（按图中各项之和计算）与出处页码。")
    parts = []
    for i, (title, *_) in enumerate(OVERVIEW):
        source_value, plot_value, figures_value = initial[3 * i : 3 * i + 3]
        gr.Markdown(f"### {title}")
        source = gr.Markdown(source_value)
        with gr.Row():
            plot = gr.BarPlot(
                plot_value,
                x="名称",
                y="金额",
                sort="-y",
                x_title=" ",
                y_title="金额",
                y_lim=[0, None],
                height=300,
                scale=3,
                show_label=False,
                x_label_angle=-30,
                tooltip="all",
            )
            figures = gr.Dataframe(
                figures_value, interactive=False, scale=2, show_label=False, wrap=True, max_height=300
            )
        parts.append((source, plot, figures))
    return parts


def _browse_tab(initial: dict[str, Any]) -> dict[str, Any]:
    with gr.Row():
        table = gr.Dropdown(initial["choices"], value=initial["value"], label="表格", scale=2, allow_custom_value=True)
        wanted = gr.Textbox(label="按科目编码或名称筛选", placeholder="例如 2140206 或 铁路", scale=2)
        download = gr.DownloadButton("下载 CSV（整洁数据，每个数值一行）", initial["csv"], scale=1, variant="primary")
    note = gr.Markdown(initial["note"])
    view = gr.Dataframe(initial["frame"], interactive=False, wrap=True, show_label=False, max_height=560)
    return {"table": table, "wanted": wanted, "download": download, "note": note, "view": view}


def _upload_tab() -> dict[str, Any]:
    gr.Markdown(
        "### 导入新的预算公开文件\n上传预算公开的 PDF（一份文件分成几个 PDF 时可一起选择，例如情况说明 + 报表），"
        "或从 PDF 导出的文字（.txt，UTF-8 或 GBK 编码）。导入后即可在页面顶部的「文档」中选择它提问。"
    )
    file = gr.File(
        label="预算公开文件（PDF 或 .txt，可多选）",
        file_types=list(UPLOAD_SUFFIXES),
        file_count="multiple",
        type="filepath",
    )
    go = gr.Button("导入", variant="primary")
    status = gr.Markdown()
    return {"file": file, "go": go, "status": status}


def upload_note(mode: str) -> str:
    return {
        "private": "上传的文件只在您自己的页面中可用，其他访问者看不到，也不会改变共享文档库；关闭页面后即删除。",
        "shared": "上传的文件会加入共享文档库，所有访问者都能看到。",
        "off": "本服务器不接受上传：文档由管理员导入。",
    }[mode]


def _wire(
    demo: gr.Blocks, lib: Library, doc: Any, header: Any, chat: dict, overview: list, browse: dict, upload: dict
) -> None:
    hidden = {"api_visibility": "undocumented"}
    mine = upload["mine"]

    def respond(question: str, doc_id: str, messages: list, turns: list) -> tuple:
        if not (question or "").strip():
            return question, messages, turns, gr.Radio(), gr.HTML()
        turns = turns[-HISTORY_TURNS:] if messages else []  # an emptied chat is a new conversation
        try:
            ans = lib.service(doc_id).ask(question, history=tuple(turns))
        except BudgetQAError as e:
            reply = f"抱歉，{e}"
            return (
                "",
                messages + _pair(question, reply),
                turns,
                gr.Radio(choices=[], value=None, visible=False),
                EVIDENCE_HINT,
            )
        choices = citation_choices(ans)
        return (
            "",
            messages + _pair(question, bubble(ans)),
            turns + [(question, ans)],
            gr.Radio(choices=choices, value=None, visible=bool(choices)),
            EVIDENCE_HINT if choices else NO_CITATIONS,
        )

    def show_evidence(index: int | None, doc_id: str, turns: list) -> str:
        if index is None or not turns or index >= len(turns[-1][1].citations):
            return EVIDENCE_HINT
        return evidence_html(lib.service(doc_id), turns[-1][1].citations[index])

    chat_io = [chat["box"], doc, chat["chat"], chat["turns"]]
    chat_out = [chat["box"], chat["chat"], chat["turns"], chat["cites"], chat["evidence"]]
    answer = {"concurrency_limit": ANSWER_CONCURRENCY, "concurrency_id": "answer", **hidden}
    chat["box"].submit(respond, chat_io, chat_out, api_name="chat", **answer)
    chat["send"].click(respond, chat_io, chat_out, api_name="chat_send", **answer)
    for button in chat["examples"]:
        button.click(respond, [button, doc, chat["chat"], chat["turns"]], chat_out, api_name="chat_example", **answer)
    chat["cites"].change(
        show_evidence, [chat["cites"], doc, chat["turns"]], chat["evidence"], api_name="evidence", **hidden
    )
    reset = [chat["chat"], chat["turns"], chat["cites"], chat["evidence"]]
    chat["clear"].click(reset_values, None, reset, api_visibility="private")
    chat["chat"].clear(reset_values, None, reset, api_visibility="private")

    def refresh(doc_id: str, mine: list) -> list:
        if doc_id and not lib.known(doc_id, mine):
            raise gr.Error(f"索引中没有文档「{doc_id}」。可选：{'、'.join(lib.docs()) or '（空）'}")
        return [
            header_html(lib, doc_id),
            *reset_values(),
            *overview_values(lib, doc_id),
            *browse_updates(browse_values(lib, doc_id)),
        ]

    flat_overview = [c for part in overview for c in part]
    browse_out = [browse["table"], browse["wanted"], browse["view"], browse["download"], browse["note"]]
    doc.change(refresh, [doc, mine], [header, *reset, *flat_overview, *browse_out], api_name="select_doc", **hidden)

    def on_load(doc_id: str | None, mine: list) -> Any:
        """A page opened later sees documents the operator ingested since (and its own uploads)."""
        current = doc_id if doc_id and lib.known(doc_id, mine) else lib.default_doc()
        return gr.Dropdown(choices=lib.choices(mine), value=current or None)

    demo.load(on_load, [doc, mine], doc, api_visibility="private")

    def view(doc_id: str, label: str, wanted: str) -> tuple:
        try:
            frame, csv_path, note = table_view(lib, doc_id, label, wanted)
        except BudgetQAError as e:
            raise gr.Error(str(e)) from e
        return frame, gr.DownloadButton(value=csv_path), note

    for trigger in (browse["table"].input, browse["wanted"].change):
        trigger(
            view,
            [doc, browse["table"], browse["wanted"]],
            [browse["view"], browse["download"], browse["note"]],
            api_name="table_view",
            **hidden,
        )

    def do_upload(
        path: str | list[str] | None,
        mine: list,
        progress: gr.Progress = gr.Progress(track_tqdm=True),  # noqa: B008 (Gradio's idiom)
    ) -> tuple:
        try:
            report, value = ingest_upload(lib, path or [], progress)
        except BudgetQAError as e:
            gr.Warning(str(e))
            return f"**导入失败**：{e}", gr.Dropdown(), mine
        if value.startswith(PRIVATE):
            lib.drop([v for v in mine if v != value][: max(0, len(mine) + 1 - SESSION_UPLOADS)])  # a few per session
            mine = [v for v in mine if lib.known(v, mine)][-(SESSION_UPLOADS - 1) :] + [value]
        return ingest_summary(report), gr.Dropdown(choices=lib.choices(mine), value=value), mine

    upload["go"].click(
        do_upload,
        [upload["file"], mine],
        [upload["status"], doc, mine],
        api_name="upload_doc",
        concurrency_limit=1,
        show_progress_on=upload["file"],
        **hidden,
    )

    def ask(question: str) -> str:
        """向默认文档提问。返回 Markdown：答案（主要数字加粗）、计算过程与编号出处。"""
        try:
            return answer_to_markdown(lib.service(lib.default_doc()).ask(question))
        except BudgetQAError as e:
            raise gr.Error(str(e)) from e

    gr.api(ask, api_name="ask", concurrency_limit=ANSWER_CONCURRENCY, concurrency_id="answer")


def _pair(question: str, reply: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": question}, {"role": "assistant", "content": reply}]


def reset_values() -> list:
    return [[], [], gr.Radio(choices=[], value=None, visible=False), EVIDENCE_HINT]


def overview_values(lib: Library, doc_id: str) -> list:
    """(source, bars, figures) for each chart of 预算一览, flattened."""
    if not doc_id:
        return ["尚未导入文档。", pd.DataFrame({"名称": [], "金额": []}), pd.DataFrame()] * len(OVERVIEW)
    tool = lib.tool(doc_id)
    out: list = []
    for _, kind, levels, columns in OVERVIEW:
        s = overview_section(tool, kind, levels, columns)
        out += [s["source"], s["bars"], s["figures"]]
    return out


def table_view(lib: Library, doc_id: str, label: str, wanted: str = "") -> tuple[pd.DataFrame, str | None, str]:
    """The browser's (view, CSV file, note) for one table and filter."""
    if not doc_id or not label:
        return pd.DataFrame(), None, ""
    tool = lib.tool(doc_id)
    if label not in tool.tables:
        raise BudgetQAError(f"没有这张表：{label}。可选：{'、'.join(tool.tables)}")
    t = tool.tables[label]
    frame = browse_frame(tool, label, wanted or "")
    note = f"**{t['label']} {t['title']}** · 单位：{t['unit']} · 第{t['page']}页 · 显示 {len(frame)} 行"
    if t["empty"]:
        note += f" · {t['empty_note'] or '注：本表无数据'}"
    return frame, str(browse_csv(lib, doc_id, label, wanted or "")), note


def browse_values(lib: Library, doc_id: str) -> dict[str, Any]:
    """The table browser for a document: its tables, the first one shown unfiltered."""
    choices = table_choices(lib.tool(doc_id)) if doc_id else []
    first = choices[0][1] if choices else ""
    frame, csv_path, note = table_view(lib, doc_id, first)
    return {"choices": choices, "value": first or None, "frame": frame, "csv": csv_path, "note": note}


def browse_updates(b: dict[str, Any]) -> list:
    return [
        gr.Dropdown(choices=b["choices"], value=b["value"]),
        "",
        b["frame"],
        gr.DownloadButton(value=b["csv"]),
        b["note"],
    ]


# -- serving ---------------------------------------------------------------------------------------


def launch(demo: gr.Blocks, host: str = "127.0.0.1", port: int = 7860, block: bool = True) -> str:
    """Start the page on host:port, offline: no share link, no SSR, no run history, no monitoring.
    With block=False the server runs in a thread and its URL is returned (tests, load script)."""
    demo.queue(default_concurrency_limit=1, max_size=128)
    _, url, _ = demo.launch(
        server_name=host,
        server_port=port,
        share=False,
        prevent_thread_lock=not block,
        inbrowser=False,
        theme=theme(),
        css=CSS,
        footer_links=["api"],
        run_history=False,
        ssr_mode=False,
        mcp_server=False,
        pwa=False,
        enable_monitoring=False,
        show_error=True,
        quiet=not block,
        max_file_size="20mb",
        state_session_capacity=SESSIONS,
    )
    return url


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 7860) -> None:
    print(
        f"预算问答 BudgetQA：共享文档库 {Path(settings.index_dir).resolve()}（{len(CoreLibrary(settings).docs())} 份文档）。"
        f"上传模式 ui_uploads = {settings.ui_uploads}：{upload_note(settings.ui_uploads)}",
        flush=True,
    )
    launch(build_ui(settings), host=host, port=port, block=True)
