"""The web UI, served for real on a loopback port and driven through Gradio's API with gradio_client:
the public `/ask` endpoint, the chat with follow-ups and its evidence panel, 预算一览, the table browser
with its CSV download, and the upload area. One index and one server for the whole module."""

from __future__ import annotations

import csv
import re
import socket
from pathlib import Path

import pytest

import app  # noqa: F401  (offline switches first)
from app.config import Settings
from app.library import Library

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data" / "datong_gxj_2024.txt"
SECOND = ROOT / "evals" / "docs" / "gen_seed7.txt"
DOC_ID = "2024-大同市工业和信息化局"

# Gradio 6.31's queue still calls pandas options that pandas 3 deprecates; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    s = Settings(index_dir=str(tmp_path_factory.mktemp("ui_index")))
    Library(s).ingest(str(BUNDLED), progress=False)
    return s


@pytest.fixture(scope="module")
def server(settings: Settings):  # type: ignore[no-untyped-def]
    from app.ui import build_ui, launch

    demo = build_ui(settings)
    url = launch(demo, port=free_port(), block=False)
    yield url
    demo.close()


@pytest.fixture(scope="module")
def client(server: str):  # type: ignore[no-untyped-def]
    from gradio_client import Client

    return Client(server, verbose=False)


def bot_text(message: dict) -> str:
    content = message["content"]
    return content if isinstance(content, str) else "".join(part.get("text", "") for part in content)


# -- the public API --------------------------------------------------------------------------------


def test_ask_api_returns_the_figure_and_its_citation_as_markdown(client) -> None:  # type: ignore[no-untyped-def]
    md = client.predict("铁路道口安全管理专项资金是多少？", api_name="/ask")
    assert "**9.00万元**" in md
    assert "**出处**" in md and "1. 表十二 项目支出预算表（本年预算）" in md
    assert "第16页 第768行" in md


def test_ask_api_says_how_a_share_was_computed(client) -> None:  # type: ignore[no-untyped-def]
    md = client.predict("人员经费占基本支出的比例？", api_name="/ask")
    assert "**91.85%**" in md
    assert "计算：960.12 ÷ 1045.26 = 91.85%" in md


def test_ask_api_rejects_an_empty_question_in_chinese(client) -> None:  # type: ignore[no-untyped-def]
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="问题是空的"):
        client.predict("   ", api_name="/ask")


def test_only_ask_is_listed_in_the_api_docs(client) -> None:  # type: ignore[no-untyped-def]
    api = client.view_api(return_format="dict", print_info=False)
    assert list(api["named_endpoints"]) == ["/ask"]
    assert api["named_endpoints"]["/ask"]["parameters"][0]["parameter_name"] == "question"


# -- chat, follow-ups and evidence -----------------------------------------------------------------


def test_chat_answers_and_lists_the_citations_to_open(client) -> None:  # type: ignore[no-untyped-def]
    box, messages, cites, evidence, _ = client.predict("铁路道口安全管理专项资金是多少？", DOC_ID, [], api_name="/chat")
    assert box == ""
    assert [m["role"] for m in messages] == ["user", "assistant"]
    assert "**9.00万元**" in bot_text(messages[-1])
    assert cites["choices"] == [["[1] 表十二 · 第16页", 0], ["[2] 绩效目标表：T铁路道口安全管理专项资金 · 第24页", 1]]
    assert "点击这里出现的编号" in evidence


def test_evidence_of_a_table_answer_highlights_the_cited_row_among_its_table(client) -> None:  # type: ignore[no-untyped-def]
    client.predict("铁路道口安全管理专项资金是多少？", DOC_ID, [], api_name="/chat")
    html = client.predict(0, DOC_ID, api_name="/evidence")
    hit = html.split('<tr class="bq-hit"', 1)[1].split("</tr>", 1)[0]
    assert "T铁路道口安全管理专项资金" in hit
    assert '<td class="bq-num bq-hit-cell">9.00</td>' in hit
    assert "XM遗属补助" in html  # the other projects of the same unit, for context
    assert "第16页 第768行" in html


def test_evidence_of_a_perf_citation_marks_the_funds_row(client) -> None:  # type: ignore[no-untyped-def]
    client.predict("铁路道口安全管理专项资金是多少？", DOC_ID, [], api_name="/chat")
    html = client.predict(1, DOC_ID, api_name="/evidence")
    hit = html.split('<tr class="bq-hit"', 1)[1].split("</tr>", 1)[0]
    assert "省级财政资金" in hit and "90,000" in hit


def test_evidence_of_a_narrative_answer_marks_the_quoted_sentence(client) -> None:  # type: ignore[no-untyped-def]
    _, messages, _, _, _ = client.predict("今年政府采购预算多少", DOC_ID, [], api_name="/chat")
    assert "**42.43万元**" in bot_text(messages[-1])
    html = client.predict(0, DOC_ID, api_name="/evidence")
    assert "<mark>2024年大同市工业和信息化局政府采购预算总额42.43万元。</mark>" in html
    assert "九、政府采购情况" in html and "第" in html and "页" in html


def test_follow_up_uses_the_previous_turn(client) -> None:  # type: ignore[no-untyped-def]
    _, first, _, _, _ = client.predict("三公经费是多少？", DOC_ID, [], api_name="/chat")
    _, messages, _, _, _ = client.predict("那去年呢？", DOC_ID, first, api_name="/chat")
    assert len(messages) == 4
    reply = bot_text(messages[-1])
    assert "上年" in reply and "3.50万元" in reply and "追问" in reply


def test_computed_answer_carries_a_visible_note(client) -> None:  # type: ignore[no-untyped-def]
    _, messages, _, _, _ = client.predict("人员经费占基本支出的比例？", DOC_ID, [], api_name="/chat")
    assert "> **计算所得** `960.12 ÷ 1045.26 = 91.85%`" in bot_text(messages[-1])


def test_a_rejected_question_is_answered_with_the_reason_and_stays_in_the_box(client) -> None:  # type: ignore[no-untyped-def]
    box, messages, cites, _, note = client.predict("问" * 600, DOC_ID, [], api_name="/chat")
    assert "问题太长" in bot_text(messages[-1])
    assert cites["visible"] is False
    assert box == "问" * 600 and "原文仍在输入框中" in note  # the text is not lost: it can be shortened and sent
    box, messages, _, _, note = client.predict("三公经费是多少？", DOC_ID, [], api_name="/chat")
    assert box == "" and note == ""  # an answered question clears the box and the note


def test_an_empty_question_gets_a_hint_and_no_turn(client) -> None:  # type: ignore[no-untyped-def]
    box, messages, _, _, note = client.predict("   ", DOC_ID, [], api_name="/chat")
    assert messages == [] and "请先输入问题" in note


def test_quit_in_the_web_chat_is_a_command_not_a_question(client) -> None:  # type: ignore[no-untyped-def]
    box, messages, _, _, note = client.predict("退出", DOC_ID, [], api_name="/chat")
    assert messages == [] and box == "" and "关闭页面" in note and "新对话" in note


def test_a_figure_is_emphasised_whole_with_its_unit() -> None:
    from decimal import Decimal

    from app.models import Answer
    from app.ui.answers import emphasise

    def bold(text: str, value: str, unit: str | None = "万元") -> str:
        return emphasise(Answer("q", text, Decimal(value), unit, "table", "r"))

    assert bold("“三公”经费：3.50万元（35,000元）。", "3.50") == "“三公”经费：**3.50万元**（35,000元）。"
    assert bold("合计3.50万元，其中公务接待费0.50万元。", "0.5") == "合计3.50万元，其中公务接待费**0.50万元**。"
    assert bold("文档写「共计0万元」，本表合计为0万元。", "0") == "文档写「共计0万元」，本表合计为**0万元**。"
    assert bold("占比为91.85%。", "91.85", "%") == "占比为**91.85%**。"
    assert bold("共有车辆 2 辆。", "2", "辆") == "共有车辆 **2 辆**。"
    assert bold("金额为1,222.75万元。", "1222.75") == "金额为**1,222.75万元**。"
    assert bold("没有这个数。", "7") == "没有这个数。"


# -- 预算一览 ---------------------------------------------------------------------------------------


def test_overview_draws_the_spending_structure_from_the_tables(settings: Settings) -> None:
    from app.ui.documents import Library
    from app.ui.tables import overview_values

    values = overview_values(Library(settings), DOC_ID)
    source, bars, figures = values[0:3]
    assert source == "**来源**：表三 预算支出总表（单位：万元），第7页"
    assert bars["名称"].tolist()[0] == "资源勘探工业信息等支出"
    assert figures.iloc[0].tolist() == ["资源勘探工业信息等支出", "702.44", "57.45%", "7 · 333"]
    assert figures["金额（万元）"].tolist() == ["702.44", "393.41", "82.88", "35.02", "9.00"]
    _, basic_vs_project, split = values[3:6]
    assert split[["名称", "金额（万元）"]].values.tolist() == [["基本支出", "1045.26"], ["项目支出", "177.49"]]
    econ = values[8]
    assert econ["名称"].tolist() == ["工资福利支出", "对个人和家庭的补助", "商品和服务支出"]
    projects = values[11]
    assert len(projects) == 11 and "J基础性项目（2）" in projects["名称"].tolist()


# -- table browser ---------------------------------------------------------------------------------


def read_csv(path: str) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_table_browser_filters_by_code_and_downloads_those_rows(client) -> None:  # type: ignore[no-untyped-def]
    view, download, note = client.predict(DOC_ID, "表三", "2140206", api_name="/table_view")
    assert view["headers"] == ["科目编码", "名称", "合计", "基本支出", "项目支出", "页码", "行号"]
    assert view["data"] == [["2140206", "铁路安全", "9.00", "", "9.00", 7, 331]]
    assert note == "**表三 预算支出总表** · 单位：万元 · 第7页 · 显示 1 行"
    assert read_csv(download["value"]) == [
        ["table", "title", "code", "name", "column", "value", "unit", "page", "line"],
        ["表三", "预算支出总表", "2140206", "铁路安全", "合计", "9.00", "万元", "7", "331"],
        ["表三", "预算支出总表", "2140206", "铁路安全", "项目支出", "9.00", "万元", "7", "331"],
    ]


def test_table_browser_filters_by_name(client) -> None:  # type: ignore[no-untyped-def]
    view, download, _ = client.predict(DOC_ID, "表十二", "铁路", api_name="/table_view")
    assert [row[:3] for row in view["data"]] == [["", "T铁路道口安全管理专项资金", "9.00"]]
    assert {row[3] for row in read_csv(download["value"])[1:]} == {"T铁路道口安全管理专项资金"}


def test_table_browser_without_filter_shows_the_whole_table(client) -> None:  # type: ignore[no-untyped-def]
    view, download, note = client.predict(DOC_ID, "表六", "", api_name="/table_view")
    assert len(view["data"]) == 23 and "显示 23 行" in note
    assert len(read_csv(download["value"])) == 1 + 47  # header + every printed value of 表六


def test_a_two_sided_table_is_shown_side_by_side_as_printed(client) -> None:  # type: ignore[no-untyped-def]
    view, _, note = client.predict(DOC_ID, "表一", "", api_name="/table_view")
    head = view["headers"]
    assert head == [
        "收入·项目",
        "收入·金额",
        "支出·项目",
        "支出·合计",
        "支出·当年预算安排",
        "支出·上年结转安排",
        "页码",
        "行号",
    ]
    rows = [dict(zip(head, r, strict=True)) for r in view["data"]]
    first = rows[0]  # the first printed line: 一般公共预算 1222.75 | 一般公共服务支出
    assert first["收入·项目"] == "一、一般公共预算" and first["收入·金额"] == "1222.75"
    assert first["支出·项目"] == "一、一般公共服务支出" and first["行号"] == 132
    last = rows[-1]
    assert (last["收入·项目"], last["收入·金额"], last["支出·项目"], last["支出·合计"]) == (
        "收入总计",
        "1222.75",
        "支出总计",
        "1222.75",
    )
    assert len(rows) == 33 and "显示 33 行" in note  # one line per printed line, not one per side
    view, _, _ = client.predict(DOC_ID, "表一", "社会保障", api_name="/table_view")
    assert view["headers"] == head and [r[2] for r in view["data"]] == ["八、社会保障和就业支出"]


def test_table_browser_names_an_unknown_table(client) -> None:  # type: ignore[no-untyped-def]
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="没有这张表：表九十"):
        client.predict(DOC_ID, "表九十", "", api_name="/table_view")


# -- upload ----------------------------------------------------------------------------------------


def test_upload_of_a_text_that_is_not_a_disclosure_says_so_in_chinese(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from gradio_client import handle_file

    notice = tmp_path / "会议通知.txt"
    notice.write_text("关于召开2024年度工作会议的通知\n各科室：定于下周一上午九时召开全体会议。\n", encoding="utf-8")
    status, picker = client.predict([handle_file(str(notice))], api_name="/upload_doc")
    assert status.startswith("**导入失败**：")
    assert "不像一份标准格式的" in status
    assert "/tmp" not in status and "gradio" not in status  # no server path in what the user reads
    assert "choices" not in picker  # the document picker is left as it was


BAD_UPLOADS = {
    "坏.pdf": b"not a pdf at all",
    "空.pdf": b"",
    "半截.pdf": b"",  # the first 8 KB of a real disclosure PDF, cut: read in the test
    "乱码.txt": bytes(range(256)) * 20,
    "空.txt": b"",
}


@pytest.mark.parametrize("name", [*BAD_UPLOADS, "目录.pdf", "管道.txt", "循环.pdf"])
def test_a_bad_upload_is_named_in_chinese_without_any_server_path(
    settings: Settings, tmp_path: Path, name: str
) -> None:
    import os

    from app.errors import BudgetQAError
    from app.ui.documents import Library, ingest_upload

    path = tmp_path / "upload-cache-a1b2c3" / name
    path.parent.mkdir()
    if name == "半截.pdf":
        path.write_bytes((ROOT / "evals" / "blind" / "session10" / "gen_seed515_shanghai.pdf").read_bytes()[:8000])
    elif name in BAD_UPLOADS:
        path.write_bytes(BAD_UPLOADS[name])
    elif name == "目录.pdf":
        path.mkdir()
    elif name == "管道.txt":
        os.mkfifo(path)
    else:
        os.symlink(path, path)
    with pytest.raises(BudgetQAError) as caught:
        ingest_upload(Library(settings), [str(path)])
    message = str(caught.value)
    assert name in message and "/" not in message.replace(" (", "").split("(")[0]
    assert str(tmp_path) not in message and "upload-cache" not in message


def test_upload_requires_a_pdf_or_txt_file(settings: Settings, tmp_path: Path) -> None:
    from app.errors import InputFileError
    from app.ui.documents import Library, ingest_upload

    sheet = tmp_path / "预算.csv"
    sheet.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="只能导入 PDF 或 .txt 文件，收到的是「预算.csv」"):
        ingest_upload(Library(settings), str(sheet))


def test_upload_of_a_disclosure_adds_it_to_the_document_picker(client) -> None:  # type: ignore[no-untyped-def]
    from gradio_client import handle_file

    status, picker = client.predict([handle_file(str(SECOND))], api_name="/upload_doc")
    assert status.startswith("**已导入**：")
    new_id = picker["value"]
    assert new_id.startswith("upload:") and len(new_id.split(":")[1]) >= 20  # an unguessable token
    assert [value for _, value in picker["choices"]] == [DOC_ID, new_id]
    assert picker["choices"][1][0].endswith("（您上传的，仅您可见）")
    # with two documents, the API keeps answering from the bundled one
    assert "**9.00万元**" in client.predict("铁路道口安全管理专项资金是多少？", api_name="/ask")


def test_upload_of_a_pdf_shows_what_was_read_and_answers_from_it(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from gradio_client import handle_file
    from pdfgen import render

    pdf = tmp_path / "预算公开.pdf"
    truth = render(5, "shanghai", str(pdf))
    status, picker = client.predict([handle_file(str(pdf))], api_name="/upload_doc")
    assert status.startswith(f"**已导入**：{truth['unit']} {truth['year']}年预算（单位预算，pdf）")
    assert "单位 元" in status and "“三公”经费支出预算表，单位 万元" in status and "自身加总" in status
    # a 单位预算's id says so (the same body's 部门预算 of that year is another document)
    assert picker["value"].startswith("upload:") and picker["value"].endswith(f":{truth['year']}-{truth['unit']}-单位")


def test_a_strangers_upload_never_changes_what_others_see(server, settings: Settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Someone uploads a copy of the bundled document (same unit and year) with the 三公 figures changed:
    it is theirs alone; every other visitor, the API and the index keep the real figures."""
    from gradio_client import Client, handle_file

    lines = BUNDLED.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("表十2024年"))
    end = next(i for i, line in enumerate(lines) if line.strip().startswith("表十一2024年"))
    lines[start:end] = [line.replace("3.50", "9.90") for line in lines[start:end]]
    forged = tmp_path / "datong_gxj_2024.txt"
    forged.write_text("\n".join(lines), encoding="utf-8")
    stranger, visitor = Client(server, verbose=False), Client(server, verbose=False)
    status, picker = stranger.predict([handle_file(str(forged))], api_name="/upload_doc")
    assert status.startswith("**已导入**：大同市工业和信息化局 2024年预算"), status
    theirs = picker["value"]
    _, messages, _, _, _ = stranger.predict("三公经费是多少", theirs, [], api_name="/chat")
    assert "9.90万元" in bot_text(messages[-1])  # the uploader sees their own file
    # everyone else: the shared document, unchanged
    _, messages, _, _, _ = visitor.predict("三公经费是多少", DOC_ID, [], api_name="/chat")
    assert "3.50万元" in bot_text(messages[-1]) and "9.90" not in bot_text(messages[-1])
    assert "**3.50万元**" in visitor.predict("三公经费是多少？", api_name="/ask")
    from app.library import Library as Core

    assert list(Core(settings).docs()) == [DOC_ID]
    assert "3.50万元" in Core(settings).qa(DOC_ID).ask("三公经费是多少").text


def test_uploads_off_and_shared_modes(settings: Settings, tmp_path: Path) -> None:
    from dataclasses import replace

    from app.errors import InputFileError
    from app.ui.documents import Library, ingest_upload

    with pytest.raises(InputFileError, match="不接受上传"):
        ingest_upload(Library(replace(settings, ui_uploads="off")), str(SECOND))
    shared = Settings(index_dir=str(tmp_path / "shared"), ui_uploads="shared")
    report, value = ingest_upload(Library(shared), str(SECOND))
    assert value == report.doc.doc_id and list(Library(shared).docs()) == [value]


# -- evidence rendering ----------------------------------------------------------------------------


def test_every_citation_of_the_golden_questions_opens_highlighted_evidence(settings: Settings) -> None:
    import json
    from dataclasses import replace

    from app.errors import BudgetQAError
    from app.library import build
    from app.ui.answers import evidence_html

    qa = build(replace(settings, doc=DOC_ID))
    lines = (ROOT / "evals" / "golden" / "datong_2024.jsonl").read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line)["question"] for line in lines[1:] if line.strip()]
    unmarked, seen = [], 0
    for q in questions:
        try:
            ans = qa.ask(q)
        except BudgetQAError:
            continue
        for c in ans.citations:
            seen += 1
            html = evidence_html(qa, c)
            if 'class="bq-hit"' not in html and "<mark>" not in html:
                unmarked.append((q, c.kind, c.quote))
    assert seen > 100
    assert unmarked == []


def test_a_quote_is_found_across_the_line_breaks_of_the_extracted_text() -> None:
    from app.ui.answers import find_quote, highlight

    text = "2024年政府采购预算\n总额42.43万元。其中：货物5.72万元。"
    assert find_quote(text, "2024年政府采购预算总额42.43万元。") == (0, 22)
    assert highlight(text, "货物5.72万元。") == "2024年政府采购预算\n总额42.43万元。其中：<mark>货物5.72万元。</mark>"
    assert highlight("a < b", "无") == "a &lt; b"


def test_audit_tab_lists_failures_first_with_both_sources(client) -> None:  # type: ignore[no-untyped-def]
    summary, table = client.predict(DOC_ID, api_name="/audit")
    assert "不一致" in summary and "通过" in summary
    rows = table["data"]
    assert rows[0][0] == "不一致"
    assert {r[1] for r in rows} <= {"高", "中", "低"} and all(re.fullmatch(r".+（[A-Z]\d）", r[2]) for r in rows)
    medical = [r for r in rows if "34.72" in r[3]]
    assert medical and "表三" in medical[0][4] or any("表二" in r[4] for r in medical)
