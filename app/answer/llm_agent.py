"""Optional LLM mode: a llama-index FunctionAgent over the same verified tool (`ask_budget`, which runs the
offline router and tools), talking to any OpenAI-compatible endpoint. It adds fluency, never figures:
every number the agent states must appear in (or be a 万元↔元 conversion of) what the tool returned;
otherwise the offline answer is shown instead.

Off by default (settings.llm.enabled). Needs the `llm` extra (llama-index-llms-openai-like).
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from app.answer.render import answer_to_text
from app.answer.verify import allowed_numbers, numbers_in
from app.config import LLMSettings
from app.errors import BudgetQAError, ConfigError
from app.models import Answer

PROMPTS = Path(__file__).resolve().parents[2] / "prompts"


def load_prompt(name: str, **values: Any) -> str:
    """A prompt template from prompts/NAME.md with its {placeholders} filled; a missing value is an error."""
    path = PROMPTS / f"{name}.md"
    if not path.exists():  # installed without the repository: the package carries no prompts
        raise ConfigError(f"找不到提示词模板 {path}")
    return path.read_text(encoding="utf-8").format(**values)


def make_llm(settings: LLMSettings) -> Any:
    try:
        from llama_index.llms.openai_like import OpenAILike
    except ImportError as e:
        raise ConfigError("LLM 模式需要安装可选依赖：.venv/bin/pip install -e '.[llm]'") from e
    if not settings.base_url or not settings.model:
        raise ConfigError("LLM 模式需要设置 llm.base_url 和 llm.model（任何 OpenAI 兼容的服务）。")
    return OpenAILike(
        model=settings.model,
        api_base=settings.base_url,
        api_key=os.environ.get(settings.api_key_env, "none"),
        is_chat_model=True,
        is_function_calling_model=True,
        context_window=8192,
        timeout=settings.timeout_s,
        max_retries=0,
    )


class LLMAgent:
    def __init__(self, settings: LLMSettings, ask: Callable[[str], Answer], unit: str, year: int):
        from llama_index.core import Settings as LlamaSettings
        from llama_index.core.agent.workflow import FunctionAgent
        from llama_index.core.tools import FunctionTool

        self.llm = make_llm(settings)
        LlamaSettings.llm = self.llm  # explicit: never the OpenAI default
        self._ask = ask
        self.unit, self.year = unit, year
        self.calls: list[Answer] = []
        self._lock = threading.Lock()  # one conversation with the agent at a time (it records tool calls)
        tool = FunctionTool.from_defaults(
            fn=self._tool, name="ask_budget", description=load_prompt("tool_ask_budget", unit=unit, year=year)
        )
        self.agent = FunctionAgent(
            tools=[tool], llm=self.llm, streaming=False, system_prompt=load_prompt("llm_system", unit=unit, year=year)
        )

    def _tool(self, question: str) -> str:
        """Answer one budget question from the document, with figures and sources."""
        try:
            ans = self._ask(question)
        except BudgetQAError as e:
            return f"问题无效：{e}"
        self.calls.append(ans)
        return answer_to_text(ans)

    def answer(self, question: str, offline: Answer) -> Answer:
        """The agent's fluent answer if every figure in it is backed by tool output; else `offline`."""
        with self._lock:
            return self._answer(question, offline)

    def _answer(self, question: str, offline: Answer) -> Answer:
        self.calls = []

        async def run() -> Any:
            return await self.agent.run(user_msg=question)

        try:
            result = asyncio.run(run())
        except Exception as e:  # the endpoint is the user's: any failure falls back to the offline answer
            return replace(offline, reason=offline.reason + f"；LLM 不可用（{type(e).__name__}），显示离线答案")
        text = str(result).strip()
        calls = self.calls or [offline]
        allowed = set().union(*(allowed_numbers(a, self.year) for a in calls)) | numbers_in(question)
        stray = sorted(n for n in numbers_in(text) if n not in allowed)
        if not text or stray:
            why = "、".join(str(s) for s in stray) or "空回答"
            return replace(offline, reason=offline.reason + f"；LLM 回答含未经核实的数字（{why}），已改用离线答案")
        main = next((a for a in calls if a.value is not None), calls[0])
        cites = tuple(c for a in calls for c in a.citations)
        return replace(
            main,
            question=question,
            text=text,
            citations=cites or main.citations,
            reason=main.reason + "；由 LLM 组织语言，数字已逐一核对",
        )
