"""What the page does: answering in the chat (with the conversation's last turns), opening a citation's
evidence, switching documents, browsing tables, uploading, the audit, and the public `/ask` API."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import gradio as gr

import app  # noqa: F401  (offline switches before gradio is imported)
from app.answer.guard import is_quit
from app.answer.render import answer_to_markdown
from app.audit import findings_to_json
from app.errors import BudgetQAError, QuestionRejected

if TYPE_CHECKING:  # a type only: the UI reaches the tables through the library
    pass


from app.ui.answers import EVIDENCE_HINT, NO_CITATIONS, bubble, citation_choices, evidence_html
from app.ui.documents import ALL, PRIVATE, SESSION_UPLOADS, Library, header_html, ingest_summary, ingest_upload
from app.ui.tables import audit_rows, browse_updates, browse_values, overview_values, table_view

HISTORY_TURNS = 6  # turns of a conversation kept for follow-ups
QUIT_NOTE = "网页对话不需要「退出」：关闭页面即可；点「新对话」可以重新开始。"
EMPTY_NOTE = "请先输入问题，例如「三公经费是多少？」，或点下面的示例问题。"
REJECTED_NOTE = "问题没有被接受（原因见上方回复）；原文仍在输入框中，修改后可以再次发送。"
ANSWER_CONCURRENCY = 4  # questions answered at once (chat and API share the limit)


def wire(
    demo: gr.Blocks, lib: Library, doc: Any, header: Any, chat: dict, overview: list, browse: dict, upload: dict
) -> None:
    hidden = {"api_visibility": "undocumented"}
    mine = upload["mine"]

    def respond(question: str, doc_id: str, messages: list, turns: list) -> tuple:
        if not (question or "").strip():
            return question, messages, turns, gr.Radio(), gr.HTML(), EMPTY_NOTE
        if is_quit(question):  # a command to a terminal chat; here the page is closed, or a new chat started
            return "", messages, turns, gr.Radio(), gr.HTML(), QUIT_NOTE
        turns = turns[-HISTORY_TURNS:] if messages else []  # an emptied chat is a new conversation
        try:
            ans = lib.ask(doc_id, question, history=tuple(turns))
        except BudgetQAError as e:
            rejected = isinstance(e, QuestionRejected)  # the question stays in the box, to be edited
            return (
                question if rejected else "",
                messages + _pair(question, f"抱歉，{e}"),
                turns,
                gr.Radio(choices=[], value=None, visible=False),
                EVIDENCE_HINT,
                REJECTED_NOTE if rejected else "",
            )
        choices = citation_choices(ans)
        return (
            "",
            messages + _pair(question, bubble(ans)),
            turns + [(question, ans)],
            gr.Radio(choices=choices, value=None, visible=bool(choices)),
            EVIDENCE_HINT if choices else NO_CITATIONS,
            "",
        )

    def show_evidence(index: int | None, doc_id: str, turns: list) -> str:
        if index is None or not turns or index >= len(turns[-1][1].citations):
            return EVIDENCE_HINT
        c = turns[-1][1].citations[index]
        return evidence_html(lib.cited(doc_id, c), c)

    chat_io = [chat["box"], doc, chat["chat"], chat["turns"]]
    chat_out = [chat["box"], chat["chat"], chat["turns"], chat["cites"], chat["evidence"], chat["note"]]
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
        """向文档库提问：问题写明单位、年份时由那份文档回答，也可以跨文档比较（并列、排名、年度变化）；否则由默认文档回答。
        返回 Markdown：答案（主要数字加粗）、计算过程与编号出处（跨文档时每条出处标明所属文档）。"""
        try:
            return answer_to_markdown(lib.ask(ALL if len(lib.docs()) > 1 else lib.default_doc(), question))
        except BudgetQAError as e:
            raise gr.Error(str(e)) from e

    gr.api(ask, api_name="ask", concurrency_limit=ANSWER_CONCURRENCY, concurrency_id="answer")


def wire_audit(lib: Library, doc: Any, parts: dict) -> None:
    def run_audit(doc_id: str) -> tuple:

        try:
            return audit_rows(findings_to_json(lib.service(doc_id or lib.default_doc()).audit()))
        except BudgetQAError as e:
            raise gr.Error(str(e)) from e

    parts["run"].click(
        run_audit, doc, [parts["summary"], parts["table"]], api_name="audit", api_visibility="undocumented"
    )


def _pair(question: str, reply: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": question}, {"role": "assistant", "content": reply}]


def reset_values() -> list:
    return [[], [], gr.Radio(choices=[], value=None, visible=False), EVIDENCE_HINT]
