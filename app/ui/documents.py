"""The web UI's documents: the shared library and each visitor's private uploads (picker values), and the
upload itself (a disclosure in, its ingest summary out, with no server path in any message)."""

from __future__ import annotations

import html
import secrets
import shutil
import tempfile
import threading
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

import app  # noqa: F401  (offline switches before gradio is imported)
from app.audit import note_text
from app.config import Settings
from app.errors import BudgetQAError, IndexMissingError, InputFileError
from app.library import Library as CoreLibrary
from app.models import IngestReport
from app.service import BudgetQA

if TYPE_CHECKING:  # a type only: the UI reaches the tables through the library
    from app.tools.table_query import TableTool


BUNDLED = "datong_gxj_2024.txt"  # the document shipped in data/: the default when the index holds several
PRIVATE = "upload:"  # picker values of a session's own uploads: upload:<token>:<doc id>
ALL = "*"  # the picker value of the whole shared library: questions may compare its documents
UPLOAD_MODES = ("private", "shared", "off")
SESSION_UPLOADS = 3  # private uploads one session keeps (the oldest is deleted first)
MAX_UPLOADS = 30  # private uploads kept on the server at once (the oldest is deleted first)


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
        if value == ALL:  # tables, overview and audit of "all documents" show the default one
            return self.shared, self.shared.default_doc()
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
        return (
            value in self.docs()
            or (value == ALL and len(self.docs()) > 1)
            or (value in (mine or ()) and value[len(PRIVATE) :].split(":", 1)[0] in self._private)
        )

    def choices(self, mine: Any = ()) -> list[tuple[str, str]]:
        docs = self.docs()
        shared = [(f"{m['unit']} · {m['year']}年{m.get('kind') or '预算'}", d) for d, m in sorted(docs.items())]
        if len(docs) > 1:
            shared.insert(0, (f"全部文档（{len(docs)} 份，可跨文档比较）", ALL))
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

    def ask(self, value: str, question: str, history: tuple = ()) -> Any:
        """A question to the chosen document, or (ALL) to the shared library: there it may compare documents,
        or be answered from the one it names; every citation then names its document."""
        if value != ALL:
            return self.service(value).ask(question, history=history)
        doc_id, ans = self.shared.ask(question, history)
        if doc_id:
            label = self.shared.describe(doc_id)
            ans = replace(ans, citations=tuple(replace(c, doc=label) for c in ans.citations))
        return ans

    def cited(self, value: str, c: Any) -> BudgetQA:
        """The document a citation belongs to: the one it names (an answer over several), else the chosen one."""
        if c.doc:
            for doc_id in self.docs():
                if self.shared.describe(doc_id) == c.doc:
                    return self.shared.qa(doc_id)
        return self.service(value)

    def compare(self, subject: str, doc_ids: list[str]) -> Any:
        return self.shared.compare(subject, doc_ids)

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
        if value == ALL:
            return f"全部 {len(self.docs())} 份文档"
        return f"{m['unit']} {m['year']}年{m.get('kind') or '预算'}" if m else "尚未导入文档"

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
        lines += [f"  - {note_text(w)}" for w in report.document_notes[:10]]
    if report.parser_notes:
        lines.append(f"- 解析提示 {len(report.parser_notes)} 条（解析时不确定之处，请对照原文核对）：")
        lines += [f"  - {note_text(w)}" for w in report.parser_notes[:10]]
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


def upload_note(mode: str) -> str:
    return {
        "private": "上传的文件只在您自己的页面中可用，其他访问者看不到，也不会改变共享文档库；关闭页面后即删除。",
        "shared": "上传的文件会加入共享文档库，所有访问者都能看到。",
        "off": "本服务器不接受上传：文档由管理员导入。",
    }[mode]


def header_html(lib: Library, doc_id: str) -> str:
    return (
        '<div id="bq-header"><div class="bq-logo">预</div><div><h1>预算问答</h1>'
        f"<p>{html.escape(lib.label(doc_id))} · 只依据公开文件作答，每个数字附出处</p></div></div>"
    )
