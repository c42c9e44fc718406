"""LLM mode: the real llama-index FunctionAgent and OpenAILike client, against an OpenAI-compatible endpoint
on loopback. The endpoint is the user's own; here a small scripted server plays it (it calls the tool,
then answers from the tool's output — or, as the 'liar' model, states a figure the tool never gave)."""

from __future__ import annotations

import json
import re
import threading
from dataclasses import replace
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytest.importorskip("llama_index.llms.openai_like")

from app.answer.llm_agent import load_prompt  # noqa: E402
from app.config import LLMSettings, load_settings  # noqa: E402
from app.library import (
    Library,  # noqa: E402
    build,  # noqa: E402
)

ROOT = Path(__file__).resolve().parents[1]


def _completion(message: dict) -> dict:
    return {
        "id": "x",
        "object": "chat.completion",
        "created": 0,
        "model": "m",
        "choices": [
            {"index": 0, "message": message, "finish_reason": "tool_calls" if message.get("tool_calls") else "stop"}
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


class _Endpoint(BaseHTTPRequestHandler):
    def log_message(self, *args):  # quiet
        pass

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        messages = body["messages"]
        last = messages[-1]
        if last["role"] != "tool":
            question = re.sub(
                r"（上一问：.*?）", "", messages[-1]["content"] if isinstance(messages[-1]["content"], str) else ""
            )
            msg = {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": "call_1",
                        "type": "function",
                        "function": {
                            "name": "ask_budget",
                            "arguments": json.dumps({"question": question}, ensure_ascii=False),
                        },
                    }
                ],
            }
        else:
            tool_text = (
                last["content"] if isinstance(last["content"], str) else json.dumps(last["content"], ensure_ascii=False)
            )
            figure = re.search(r"\d+(?:\.\d+)?万元", tool_text)
            if body["model"] == "liar":
                content = "这笔钱是12.34万元。"
            elif figure:
                content = f"根据文件，这一项的预算是{figure.group(0)}，出处见表格。"
            else:
                content = "文档中未找到相关内容。"
            msg = {"role": "assistant", "content": content}
        data = json.dumps(_completion(msg), ensure_ascii=False).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture(scope="module")
def endpoint():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Endpoint)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("llm")
    settings = load_settings(index_dir=str(folder))
    Library(settings).ingest(str(ROOT / "data" / "datong_gxj_2024.txt"), progress=False)
    return str(folder)


def _qa(index, endpoint, model):
    settings = load_settings(index_dir=index)
    settings = replace(settings, llm=LLMSettings(enabled=True, base_url=endpoint, model=model))
    return build(settings)


def test_agent_words_the_answer_and_keeps_the_verified_figure(index, endpoint):
    qa = _qa(index, endpoint, "honest")
    a = qa.ask("铁路道口安全管理专项资金是多少？")
    assert a.text == "根据文件，这一项的预算是9.00万元，出处见表格。"
    assert (a.value, a.unit) == (Decimal("9.00"), "万元")
    assert any(c.source == "表十二" for c in a.citations)
    assert "LLM" in a.reason


def test_a_figure_the_tools_never_gave_is_not_shown(index, endpoint):
    qa = _qa(index, endpoint, "liar")
    a = qa.ask("铁路道口安全管理专项资金是多少？")
    assert "12.34" not in a.text and "9.00万元" in a.text
    assert "未经核实" in a.reason


def test_an_unreachable_endpoint_falls_back_to_the_offline_answer(index):
    qa = _qa(index, "http://127.0.0.1:9/v1", "any")
    a = qa.ask("三公经费是多少")
    assert a.value == Decimal("3.50") and "LLM 不可用" in a.reason


def test_prompt_placeholders_are_filled():
    for name in ("llm_system", "tool_ask_budget"):
        text = load_prompt(name, unit="某局", year=2025)
        assert "某局" in text and "2025" in text and "{" not in text
