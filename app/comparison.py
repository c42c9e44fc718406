"""Answers over several documents of the library: a figure side by side, a ranking, a change between two
years of one unit, a difference of two. Each document's figure is that document's own verified answer to the
same question (its engine links the subject in its own template); the cited cells are then read back from
the one SQL store of all documents (app.stores.warehouse) and must agree. Money is compared in one unit
(元 and 万元 are converted exactly, never mixed). When any document lacks the figure, no comparison is
given: the answer says which document does not have it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Any

from app.answer.across import Across
from app.models import Answer, Citation
from app.numbers import MONEY_UNITS, fmt_money, to_wan
from app.stores.warehouse import Warehouse

_COLUMN = re.compile(r"列「([^」]+)」")


def compare(
    question: str,
    across: Across,
    docs: dict[str, dict[str, Any]],
    ask: Callable[[str, str], Answer],
    warehouse: Warehouse,
) -> Answer:
    """Answer `question` over `across.docs`: `ask(doc_id, core)` is each document's own answer."""
    if not across.core:
        return _decline(
            question, across, [], "比较几份文档时，要比较的数需用中文写出（如「财政拨款收入」「三公经费」）"
        )
    label = {d: _label(docs, d) for d in across.docs}
    parts = [_part(ask(d, across.core), label[d]) for d in across.docs]
    missing = [(d, p) for d, p in zip(across.docs, parts) if p.value is None or p.unit is None]
    found = [(d, p) for d, p in zip(across.docs, parts) if (d, p) not in missing]
    if found:
        problem = _check_cells(found, warehouse)
        if problem:
            return _decline(question, across, parts, problem)
    if missing and (across.op != "side" or not found):
        names = "、".join(label[d] for d, _ in missing)
        return _decline(question, across, parts, f"{names}中未找到「{_subject(across.core)}」，无法比较")
    units = {p.unit for _, p in found}
    if len(units) > 1 and not units <= set(MONEY_UNITS):
        return _decline(
            question, across, parts, f"各文档的单位不同（{'、'.join(sorted(str(u) for u in units))}），无法比较"
        )
    subject = _subject(across.core)
    if across.op == "side":
        return _side(question, across, parts, missing, label, subject)
    values = [(d, p, _common(p, units)) for d, p in found]
    if across.op == "rank":
        ranked = sorted(values, key=lambda x: x[2], reverse=not across.least)
        top = ranked[0]
        tied = [d for d, _, v in ranked if v == top[2]]
        if len(tied) > 1:
            head = f"{'、'.join(label[d] for d in tied)}并列{'最少' if across.least else '最多'}"
        else:
            head = f"{'最少' if across.least else '最多'}的是{label[top[0]]}：{_show(top[1])}"
        lines = [f"{i}. {label[d]}：{_show(p)}" for i, (d, p, _) in enumerate(ranked, 1)]
        order = "从低到高" if across.least else "从高到低"
        text = f"{subject}，{len(ranked)} 份文档{order}：\n" + "\n".join(lines) + f"\n{head}。"
        return _answer(question, text, top[1].value, top[1].unit, [p for _, p, _ in ranked], across, "")
    (a_doc, a, a_v), (b_doc, b, b_v) = values[0], values[1]
    if across.op == "change":  # oldest → newest
        delta = b_v - a_v
        unit = _unit_of(units)
        word = "增加" if delta > 0 else "减少" if delta < 0 else "持平"
        pct = (delta / a_v * 100).quantize(Decimal("0.01")) if a_v else None
        text = (
            f"{subject}：{label[a_doc]} {_show(a)}，{label[b_doc]} {_show(b)}；"
            + (f"{word}{_amount(abs(delta), unit)}" if delta else "两年相同")
            + (f"，{'增长' if delta > 0 else '下降'}{abs(pct)}%" if pct is not None and delta else "")
            + "。"
        )
        comp = f"{_plain(b_v)} − {_plain(a_v)} = {_plain(delta)}{unit}" + (
            f"；{_plain(delta)} ÷ {_plain(a_v)} = {pct}%" if pct is not None else ""
        )
        if across.percent and pct is not None:
            return _answer(question, text, abs(pct), "%", [a, b], across, comp)
        return _answer(question, text, abs(delta), unit, [a, b], across, comp)
    delta = a_v - b_v  # diff: first named minus second
    unit = _unit_of(units)
    word = "多" if delta > 0 else "少" if delta < 0 else "一样多"
    text = f"{subject}：{label[a_doc]} {_show(a)}，{label[b_doc]} {_show(b)}；前者比后者{word}" + (
        f"{_amount(abs(delta), unit)}。" if delta else "。"
    )
    comp = f"{_plain(a_v)} − {_plain(b_v)} = {_plain(delta)}{unit}"
    if across.percent and b_v:
        pct = (abs(delta) / b_v * 100).quantize(Decimal("0.01"))
        return _answer(
            question, text + f"（相差 {pct}%）", pct, "%", [a, b], across, comp + f"；÷ {_plain(b_v)} = {pct}%"
        )
    return _answer(question, text, abs(delta), unit, [a, b], across, comp)


def ask_library(lib: Any, question: str, history: tuple, doc: str) -> tuple[str, Answer]:
    """Library.ask: a question comparing documents (side by side, ranking, change between years, difference) is
    answered from each one's own engine; any other from the document it names — in a conversation, the one
    the previous answer came from — else the default. Every citation then names its document."""
    from app.answer.across import named_docs, read_across, unknown_bodies
    from app.answer.guard import normalize

    docs = lib.docs()
    text = normalize(question)
    across = None if doc else read_across(text, docs)
    if across is not None:
        return "", compare(question, across, docs, lib._part, Warehouse(lib.index.dir, docs))
    if not doc and history and len(docs) > 1 and not named_docs(text, docs, loose=True)[0]:
        cited = [c.doc for c in getattr(history[-1][1], "citations", ()) if c.doc]
        doc = next((d for d in docs if cited and lib.describe(d) == cited[0]), "")  # the conversation's document
    doc_id = lib.resolve(doc) if doc else lib.doc_for(question)
    qa = lib.qa(doc_id)
    answer = qa.ask(question, history)
    if len(docs) > 1:
        unknown = [b for b in unknown_bodies(text, docs) if b not in qa.kb.corpus] if not doc else []
        if unknown:
            return doc_id, not_in_library(answer, docs, unknown[0])
        label = lib.describe(doc_id)
        answer = replace(answer, citations=tuple(replace(c, doc=c.doc or label) for c in answer.citations))
    return doc_id, answer


def side_by_side(
    subject: str,
    doc_ids: list[str],
    docs: dict[str, dict[str, Any]],
    ask: Callable[[str, str], Answer],
    warehouse: Warehouse,
) -> Answer:
    """One figure (「三公经费」) across chosen documents, each cited (the web UI's comparison view)."""
    across = Across("side", tuple(doc_ids), f"{subject}是多少", reason="对比所选文档的同一个数")
    return compare(f"{subject}（{len(doc_ids)} 份文档对比）", across, docs, ask, warehouse)


def _label(docs: dict[str, dict[str, Any]], doc_id: str) -> str:
    m = docs[doc_id]
    kind = str(m.get("kind") or "预算")
    return f"{m['unit']} {m['year']}年{kind}"


def _part(a: Answer, label: str) -> Answer:
    """A document's answer as one part: its citations name the document; only a plain figure counts (a
    compound answer, a decline or a figure without a unit is no figure)."""
    cites = tuple(replace(c, doc=label) for c in a.citations)
    plain = a.status in ("answered", "zero") and not a.parts and a.value is not None and bool(a.unit)
    return replace(
        a,
        question=label,
        citations=cites,
        value=a.value if plain else None,
        unit=a.unit if plain else None,
    )


def _check_cells(found: list[tuple[str, Answer]], warehouse: Warehouse) -> str:
    """Read each cited table cell back from the library's SQL store: a figure taken from a table must be the
    figure stored in that document's row and column."""
    keys = []
    for d, p in found:
        for c in p.citations:
            m = _COLUMN.search(c.locator)
            if c.kind == "row" and m:
                keys.append((d, c.ref_id, m.group(1)))
    if not keys:
        return ""
    stored = warehouse.cells(keys)
    for d, p in found:
        rows = stored[stored["doc_id"] == d] if len(stored) else stored
        cited = [c for c in p.citations if c.kind == "row" and _COLUMN.search(c.locator)]
        if len(cited) != 1 or p.unit not in MONEY_UNITS or p.computation:
            continue  # a computed figure (a sum, a share) is checked by its own engine's verifier
        values = {Decimal(str(v)) for v in rows["value"]} if len(rows) else set()
        if p.value not in values:
            return f"{p.question}的数 {p.value} 与库中该单元格（{', '.join(map(str, values)) or '无'}）不一致"
    return ""


def _subject(core: str) -> str:
    return re.sub(r"是多少$", "", core)


def _common(p: Answer, units: set) -> Decimal:
    assert p.value is not None and p.unit is not None
    return to_wan(p.value, p.unit) if len(units) > 1 else p.value


def _unit_of(units: set) -> str:
    return "万元" if len(units) > 1 else str(next(iter(units)))


def _show(p: Answer) -> str:
    assert p.value is not None and p.unit is not None
    return fmt_money(p.value, p.unit) if p.unit in MONEY_UNITS else f"{_plain(p.value)}{p.unit}"


def _amount(v: Decimal, unit: str) -> str:
    return fmt_money(v, unit) if unit in MONEY_UNITS else f"{_plain(v)}{unit}"


def _plain(v: Decimal) -> str:
    s = f"{v.normalize():f}"
    return s


def _side(question: str, across: Across, parts: list[Answer], missing: list, label: dict, subject: str) -> Answer:
    lines = []
    for d, p in zip(across.docs, parts):
        lines.append(f"{label[d]}：{_show(p) if p.value is not None else '文档中未找到'}")
    text = f"{subject}：\n" + "\n".join(lines)
    first = next(p for p in parts if p.value is not None)
    if missing:
        text += f"\n（{'、'.join(label[d] for d, _ in missing)}中未找到「{subject}」）"
    return _answer(question, text, first.value, first.unit, parts, across, "")


def _answer(
    question: str,
    text: str,
    value: Decimal | None,
    unit: str | None,
    parts: list[Answer],
    across: Across,
    computation: str,
) -> Answer:
    citations: tuple[Citation, ...] = tuple(dict.fromkeys(c for p in parts for c in p.citations))
    return Answer(
        question,
        text,
        value,
        unit,
        "table" if all(p.route == "table" for p in parts) else "both",
        f"{across.reason}（{len(across.docs)} 份文档，各自回答「{across.core}」）",
        citations,
        "answered",
        computation,
        None,
        all(p.verified for p in parts),
        tuple(parts),
    )


def _decline(question: str, across: Across, parts: list[Answer], why: str) -> Answer:
    found = [f"{p.question}：{_show(p)}" for p in parts if p.value is not None]
    text = f"文档中未找到可比较的数：{why}。" + (f"\n已找到的：{'；'.join(found)}" if found else "")
    return Answer(
        question,
        text,
        None,
        None,
        "none",
        f"{across.reason}；{why}",
        tuple(dict.fromkeys(c for p in parts if p.value is not None for c in p.citations)),
        "not_found",
        "",
        None,
        True,
        tuple(parts),
    )


def library_list(docs: dict[str, dict[str, Any]]) -> str:
    return "；".join(_label(docs, d) for d in sorted(docs, key=lambda d: (docs[d]["unit"], docs[d]["year"])))


def not_in_library(answer: Answer, docs: dict[str, dict[str, Any]], body: str) -> Answer:
    """A question about a body no document of the library is about: no figure; say so, and list what the
    library has."""
    text = f"文档中未找到「{body}」：文档库中没有它的预算文件。库中有 {len(docs)} 份：{library_list(docs)}。"
    return replace(
        answer,
        text=text,
        value=None,
        unit=None,
        route="none",
        status="not_found",
        citations=(),
        parts=(),
        reason=f"问题问的是「{body}」，文档库中没有它的文件",
    )
