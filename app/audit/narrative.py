"""N checks, 情况说明 against the tables, sentence by sentence: every amount (N1), share (N2) and change (N3) it
states, read with the label → figure rules of app.audit.resolvers and recomputed from the tables; the 「其中」 parts
of 政府采购 and 车辆 (N5). The 绩效管理 paragraph (N4) is app.audit.project_text's."""

from __future__ import annotations

import re
from decimal import Decimal

from app.audit.document import Book
from app.audit.model import ZERO, Fig, diff_values, is_rounding, pct
from app.audit.project_text import check_projects_text
from app.audit.resolvers import SHARE_BASE, resolve
from app.audit.results import Results
from app.audit.sentences import Stated, narrative_sentences, stated_figures
from app.models import Chunk, Citation

_CHANGE_RE = re.compile(r"(?:比|较|同比).*?(?:增加|减少|增长|下降|上升|降低)|^(?:增加|减少)")
_CHANGE_PCT_RE = re.compile(r"增长|下降|增加|减少|上升|降低")
_DOWN_WORDS = ("减少", "下降", "降低")
_UP_WORDS = ("增加", "增长", "上升", "提高")


def check_narrative(book: Book, res: Results) -> None:
    """N1–N3 sentence by sentence; N4/N5 for 绩效管理, 政府采购 and 车辆."""
    sentences = list(narrative_sentences(book))
    if not sentences:
        for cid in ("N1.amount", "N2.share", "N3.change", "N4.project_count", "N5.parts_sum"):
            res.unsure(cid, "没有找到第三部分 情况说明，无法核对文中数字")
        return
    for key, chunk, sentence in sentences:
        _check_sentence(book, res, key, chunk, sentence)
    check_projects_text(book, res, [(c, s) for k, c, s in sentences if k == "perf"])
    _check_parts(
        book,
        res,
        [(c, s) for k, c, s in sentences if k == "procure"],
        r"总额|总计|合计",
        r"货物|工程|服务",
        "政府采购预算",
    )
    for key, chunk, sentence in sentences:
        if key == "assets":
            _check_vehicles(book, res, chunk, sentence)


# ------------------------------------------------------------------------------------------ N1–N3: one sentence


def _check_sentence(book: Book, res: Results, key: str, chunk: Chunk, sentence: str) -> None:
    """Each amount against the table; each % as the change of the amount before it, or as its share."""
    figs = stated_figures(sentence)
    money = [f for f in figs if f.unit == "万元"]
    if not money:
        return
    side = "支出" if "支出" in money[0].label and key == "change" else "收入"
    cite = book.cite.sentence(chunk, sentence)
    last: tuple[Stated, Fig | None] | None = None
    change: Stated | None = None
    base = next((f for f in money if not _CHANGE_RE.search(f.label)), None)
    for f in figs:
        if f.unit == "%":
            if change and _CHANGE_PCT_RE.search(f.label):
                _check_change(res, cite, base, change, f)
            elif "占" in f.label and last and key in SHARE_BASE:
                _check_share(book, res, key, cite, last, f)
        elif f.unit == "万元":
            if _CHANGE_RE.search(f.label):
                change = f
                continue
            last = (f, _check_amount(book, res, key, chunk, cite, f, side))


def _check_amount(book: Book, res: Results, key: str, chunk: Chunk, cite: Citation, f: Stated, side: str) -> Fig | None:
    """N1: the amount against the table figure its label names (None when it names none)."""
    fig = resolve(book, key, f.label, side)
    if fig is not None:
        stated = Fig(f.value, f"情况说明「{f.label}」", (cite,))
        res.compare("N1.amount", stated, fig, context=chunk.source)
    return fig


def _check_change(res: Results, cite: Citation, base: Stated | None, change: Stated, rate: Stated) -> None:
    """N3: the rate of a change = the change ÷ last year's figure (this year's ∓ the change)."""
    if base is None:
        return
    words = [(change.label.find(w), w) for w in _DOWN_WORDS + _UP_WORDS if w in change.label]
    down = min(words)[1] in _DOWN_WORDS
    last_year = base.value + change.value if down else base.value - change.value
    if last_year <= 0:
        return
    expected = pct(change.value, last_year)
    diff = rate.value - expected
    res.tally(
        "N3.change",
        rate.value == expected,
        f"{cite.source}：「{base.label}」{base.value}万元，「{change.label}」{change.value}万元，"
        f"上年数应为 {last_year}万元，变动率 = {change.value} ÷ {last_year} = {expected}%，文中为 {rate.value}%，相差 {diff}个百分点",
        diff_values(rate.value, expected, "%"),
        [cite],
        rounding=is_rounding(diff),
    )


def _check_share(
    book: Book, res: Results, key: str, cite: Citation, last: tuple[Stated, Fig | None], rate: Stated
) -> None:
    """N2: 占xx% of the amount before it = that amount ÷ the section's total (both from the tables where possible)."""
    stated, fig = last
    base = SHARE_BASE[key](book, "", "")
    part = fig if fig is not None and not fig.unsure else Fig(stated.value, f"情况说明「{stated.label}」", (cite,))
    cites = [cite, *part.cites, *base.cites]
    if base.absent:
        res.unsure("N2.share", f"{cite.source}：「{stated.label}」占比 {rate.value}% 无法核对：{base.unsure}", cites)
        return
    if base.value == 0:
        return
    expected = pct(part.value, base.value)
    if rate.value != expected and base.unsure:
        res.unsure(
            "N2.share",
            f"{cite.source}：「{stated.label}」占比 {rate.value}% 与按表计算的 {expected}% 不同，"
            f"但{base.unsure}，无法判断",
            cites,
        )
        return
    diff = rate.value - expected
    res.tally(
        "N2.share",
        rate.value == expected,
        f"{cite.source}：「{stated.label}」占比文中为 {rate.value}%，按表计算 {part.what} {part.value} ÷ "
        f"{base.what} {base.value} = {expected}%，相差 {diff}个百分点",
        diff_values(rate.value, expected, "%"),
        cites,
        rounding=is_rounding(diff),
    )


# ------------------------------------------------------------------------------------------ N5: 其中 parts


def _check_parts(
    book: Book, res: Results, sentences: list[tuple[Chunk, str]], total_re: str, part_re: str, what: str
) -> None:
    """N5: the first amount labelled like `total_re` = the sum of those labelled like `part_re` (two or more)."""
    total, parts = _read_parts(book, sentences, total_re, part_re)
    if total is None or len(parts) < 2:
        return
    summed = sum((f.value for f, _ in parts), ZERO)
    stated, cite = total
    detail = " + ".join(f"{f.label}{f.value}" for f, _ in parts)
    res.tally(
        "N5.parts_sum",
        summed == stated.value,
        f"{cite.source}：{what}文中为 {stated.value}万元，其中各项 {detail} = {summed}万元，相差 {stated.value - summed}万元",
        diff_values(stated.value, summed, "万元"),
        [cite, *(c for _, c in parts)],
        rounding=is_rounding(stated.value - summed),
    )


def _read_parts(
    book: Book, sentences: list[tuple[Chunk, str]], total_re: str, part_re: str
) -> tuple[tuple[Stated, Citation] | None, list[tuple[Stated, Citation]]]:
    total: tuple[Stated, Citation] | None = None
    parts: list[tuple[Stated, Citation]] = []
    for chunk, sentence in sentences:
        cite = book.cite.sentence(chunk, sentence)
        for f in stated_figures(sentence):
            if f.unit != "万元":
                continue
            if total is None and re.search(total_re, f.label):
                total = (f, cite)
            elif re.search(part_re, f.label):
                parts.append((f, cite))
    return total, parts


def _check_vehicles(book: Book, res: Results, chunk: Chunk, sentence: str) -> None:
    """N5: 公务用车实有 N 辆 = the sum of the kinds listed after 其中."""
    figs = [f for f in stated_figures(sentence) if f.unit == "辆"]
    actual = next((f for f in figs if f.label.endswith("实有")), None)
    text = re.sub(r"\s+", "", sentence)
    if actual is None or "其中" not in text:
        return
    parts = [f for f in figs if f.start > text.find("其中") and f is not actual]
    if len(parts) < 2:
        return
    summed: Decimal = sum((f.value for f in parts), ZERO)
    res.tally(
        "N5.parts_sum",
        summed == actual.value,
        f"{chunk.source}：公务用车实有{actual.value}辆，其中各类之和为{summed}辆",
        diff_values(actual.value, summed, "辆"),
        [book.cite.sentence(chunk, sentence)],
    )
