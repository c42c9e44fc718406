"""The page: its layout (header with the document picker; tabs 问答, 预算一览, 表格浏览, 一致性审核, 上传文档),
and serving it offline."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr

import app  # noqa: F401  (offline switches before gradio is imported)
from app.config import Settings
from app.library import Library as CoreLibrary

if TYPE_CHECKING:  # a type only: the UI reaches the tables through the library
    pass


from app.ui.answers import EVIDENCE_HINT
from app.ui.compare import compare_choices, wire_compare
from app.ui.documents import UPLOAD_SUFFIXES, Library, header_html, upload_note
from app.ui.events import wire, wire_audit
from app.ui.style import CSS, I18N, ON_LOAD_JS, theme
from app.ui.tables import OVERVIEW, browse_values, overview_values

EXAMPLES = (
    "铁路道口安全管理专项资金是多少？",
    "三公经费是多少？",
    "人员经费占基本支出的比例？",
    "政府采购预算一共多少？",
    "什么是机关运行经费？",
)
SESSIONS = 1000  # browser sessions whose state the server keeps (the oldest is dropped first)


# -- the page --------------------------------------------------------------------------------------

WELCOME = """### 您好，我是预算问答助手
我只根据已导入的**政府预算公开文件**回答问题：每个数字都注明出自哪张表、哪一页，点出处编号即可核对原文。

可以问金额（「三公经费是多少？」）、占比（「人员经费占基本支出的比例？」）、概念（「什么是机关运行经费？」），也可以接着追问。"""


def build_ui(settings: Settings) -> gr.Blocks:
    """The whole page. Services are built on the first question about each document, not here."""
    lib = Library(settings)
    first = lib.default_doc()
    with gr.Blocks(title="预算问答 BudgetQA", analytics_enabled=False, delete_cache=(3600, 86400)) as demo:
        with gr.Row(equal_height=True, elem_id="bq-top"):
            header = gr.HTML(header_html(lib, first), scale=3)
            doc = gr.Dropdown(
                lib.choices(),
                value=first or None,
                label="文档",
                scale=1,
                min_width=240,
                allow_custom_value=True,
                elem_id="bq-doc",
            )  # choices grow with uploads; unknown ids get a clear error
        with gr.Tabs(overflow_behavior="wrap", elem_id="bq-tabs"):  # every tab stays reachable (phones scroll)
            with gr.Tab("问答", id="chat"):
                chat_parts = _chat_tab()
            with gr.Tab("预算一览", id="overview"):
                overview_parts = _overview_tab(overview_values(lib, first))
            with gr.Tab("表格浏览", id="tables"):
                browse_parts = _browse_tab(browse_values(lib, first))
            with gr.Tab("跨文档对比", id="compare"):
                compare_parts = _compare_tab(lib)
            with gr.Tab("一致性审核", id="audit"):
                audit_parts = _audit_tab()
            with gr.Tab("上传文档", id="upload"):
                upload_parts = _upload_tab()
                gr.Markdown(upload_note(lib.mode))
        # this session's own uploads (their picker values); deleted with the session
        upload_parts["mine"] = gr.State([], delete_callback=lib.drop)
        wire(demo, lib, doc, header, chat_parts, overview_parts, browse_parts, upload_parts)
        wire_audit(lib, doc, audit_parts)
        wire_compare(demo, lib, compare_parts)
        demo.load(None, js=ON_LOAD_JS)
    return demo


def _compare_tab(lib: Library) -> dict[str, Any]:
    gr.Markdown(
        "### 跨文档对比\n同一个数在几份文档中并列：不同年份（同一单位）、不同单位、部门与单位。每个数由各自的文档"
        "回答并标明出处；元与万元统一换算成万元作图。也可以在「问答」里选「全部文档」直接问，例如"
        "「万里街道2023年和2025年的三公经费各是多少」「几个单位谁的三公经费最多」。"
    )
    with gr.Row():
        subject = gr.Textbox(value="三公经费", label="要对比的数", scale=1, max_lines=1)
        docs = gr.CheckboxGroup(compare_choices(lib), label="文档（选两份或更多）", scale=3)
    go = gr.Button("对比", variant="primary")
    answer = gr.Markdown()
    plot = gr.BarPlot(x="文档", y="数值", title="", label="对比图", height=320, sort="-y")
    cells = gr.Dataframe(
        headers=["文档", "数值", "出处", "位置"],
        interactive=False,
        wrap=True,
        elem_classes=["bq-wrap"],
        show_label=False,
    )
    return {"subject": subject, "docs": docs, "go": go, "answer": answer, "plot": plot, "cells": cells}


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
        column_widths=["8%", "7%", "19%", "40%", "26%"],
        elem_classes=["bq-wrap"],
        show_label=False,
        max_height=620,
    )
    return {"run": run, "summary": summary, "table": table}


def _chat_tab() -> dict[str, Any]:
    # On a phone the chat column dissolves (style.py) so that the evidence comes right under the answers,
    # above the question box: the order of the ids below is the phone's reading order.
    with gr.Row(elem_id="bq-main"):
        with gr.Column(scale=7, elem_id="bq-chatcol"):
            chat = gr.Chatbot(
                label="对话",
                height=520,
                placeholder=WELCOME,
                elem_classes=["bq-chat"],
                elem_id="bq-chatbot",
                buttons=["copy"],
                feedback_options=None,
                show_label=False,
                autoscroll=True,
            )
            with gr.Column(elem_id="bq-ask"):
                with gr.Row():
                    box = gr.Textbox(
                        placeholder="输入关于预算的问题，回车发送。例如：三公经费是多少？",
                        show_label=False,
                        container=False,
                        lines=1,
                        max_lines=4,
                        scale=8,
                        elem_id="bq-question",
                    )  # focused on load on wide screens only (ON_LOAD_JS): a phone opens at the top
                    send = gr.Button("发送", variant="primary", scale=1, min_width=80, elem_id="bq-send")
                    clear = gr.Button("新对话", variant="secondary", scale=1, min_width=80)
                note = gr.Markdown("", elem_id="bq-note")
                gr.Markdown("**试试这些问题：**")
                with gr.Row(elem_classes=["bq-examples"]):
                    examples = [gr.Button(q, size="sm", variant="secondary", scale=0) for q in EXAMPLES]
        with gr.Column(scale=5, elem_id="bq-evcol"):
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
        "note": note,
        "examples": examples,
        "cites": cites,
        "evidence": evidence,
        "turns": turns,
    }


def _overview_tab(initial: list) -> list[tuple[Any, Any, Any]]:
    gr.Markdown("各图数字均取自文档中的表格；每张图旁的表列出原数、占比（按图中各项之和计算）与出处页码。")
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
                figures_value,
                interactive=False,
                scale=2,
                show_label=False,
                wrap=True,
                max_height=300,
                column_widths=["46%", "20%", "17%", "17%"],  # long project names wrap; no column is cut off
                elem_classes=["bq-wrap"],
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
        i18n=I18N,
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
