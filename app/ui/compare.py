"""The comparison tab: one figure across chosen documents of the shared library — a bar chart in one unit of
money (元 and 万元 converted exactly) and, beside it, each document's cited cell or sentence."""

from __future__ import annotations

from typing import TYPE_CHECKING

import gradio as gr
import pandas as pd

import app  # noqa: F401  (offline switches before gradio is imported)
from app.answer.render import answer_to_markdown
from app.errors import BudgetQAError
from app.numbers import MONEY_UNITS, to_wan

if TYPE_CHECKING:
    from app.ui.documents import Library


def compare_choices(lib: Library) -> list[tuple[str, str]]:
    docs = lib.docs()
    return [(lib.label(d), d) for d in sorted(docs, key=lambda d: (docs[d]["unit"], docs[d]["year"]))]


def compare_values(lib: Library, subject: str, doc_ids: list[str]) -> tuple[str, pd.DataFrame, pd.DataFrame]:
    """(the answer as Markdown, the chart's rows, the cited cells) for `subject` across `doc_ids`."""
    subject = (subject or "").strip()
    if not subject or len(doc_ids or []) < 2:
        raise BudgetQAError("请填写要对比的数（例如「三公经费」），并选择至少两份文档。")
    ans = lib.compare(subject, list(doc_ids))
    found = [p for p in ans.parts if p.value is not None and p.unit]
    money = all(p.unit in MONEY_UNITS for p in found)
    chart = pd.DataFrame(
        [
            {
                "文档": p.question,
                "数值": float(to_wan(p.value, p.unit) if money else p.value),
                "单位": "万元" if money else p.unit,
            }
            for p in found
        ],
        columns=["文档", "数值", "单位"],
    )
    cells = pd.DataFrame(
        [
            [c.doc, f"{p.value}{p.unit}" if p.value is not None else "文档中未找到", f"{c.source} {c.title}", c.locator]
            for p in ans.parts
            for c in (p.citations or ())
        ],
        columns=["文档", "数值", "出处", "位置"],
    )
    return answer_to_markdown(ans), chart, cells


def wire_compare(demo: gr.Blocks, lib: Library, parts: dict) -> None:
    def run(subject: str, doc_ids: list[str]) -> tuple:
        try:
            text, chart, cells = compare_values(lib, subject, doc_ids)
        except BudgetQAError as e:
            raise gr.Error(str(e)) from e
        unit = chart["单位"].iloc[0] if len(chart) else ""
        return text, gr.BarPlot(value=chart, y_title=f"数值（{unit}）" if unit else "数值"), cells

    parts["go"].click(
        run,
        [parts["subject"], parts["docs"]],
        [parts["answer"], parts["plot"], parts["cells"]],
        api_name="compare",
        concurrency_limit=4,
        concurrency_id="answer",
        api_visibility="undocumented",
    )
    demo.load(lambda: gr.CheckboxGroup(choices=compare_choices(lib)), None, parts["docs"], api_visibility="private")
