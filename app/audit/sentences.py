"""Reading 情况说明: its sentences by section, and the figures a sentence states, each with the words before it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from app.audit.document import Book
from app.audit.model import WAN
from app.models import Chunk
from app.sentences import split_sentences

DIGITS = str.maketrans("０１２３４５６７８９．％，", "0123456789.%，")
_FIGURE_RE = re.compile(
    r"(?<![\d.])(?<!\d,)(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<unit>亿元|万元|%|个|辆)"
)
_LABEL_CUT = "，,。；;：:、"

# The 情况说明 sections of the national template, recognised by their heading (order matters: first match wins).
SECTION_KEYS = (
    ("change", r"收支.*变动|变动情况及原因|收支增减"),
    ("basic", r"基本支出"),
    ("fiscal", r"财政拨款收支"),
    ("gpb", r"一般公共预算"),
    ("income", r"收入预算"),
    ("expense", r"支出预算"),
    ("three", r"三公"),
    ("admin", r"机关运行经费"),
    ("procure", r"政府采购"),
    ("perf", r"绩效"),
    ("assets", r"国有资产"),
)


@dataclass(frozen=True)
class Stated:
    """A figure as the narrative states it: the words before it (back to the last comma) and its value."""

    label: str
    value: Decimal
    unit: str
    start: int


def stated_figures(sentence: str) -> list[Stated]:
    """Figures with units (万元, %, 个, 辆) in a sentence, each with its label. 亿元 is turned into 万元."""
    text = re.sub(r"\s+", "", sentence.translate(DIGITS))
    out: list[Stated] = []
    prev = 0
    for m in _FIGURE_RE.finditer(text):
        seg = text[prev : m.start()]
        cut = max(seg.rfind(d) for d in _LABEL_CUT)
        value, unit = Decimal(m.group("num").replace(",", "")), m.group("unit")
        if unit == "亿元":
            value, unit = value * WAN, "万元"
        out.append(Stated(seg[cut + 1 :], value, unit, m.start()))
        prev = m.end()
    return out


def section_key(heading: str) -> str:
    return next((key for key, pattern in SECTION_KEYS if re.search(pattern, heading)), "")


def narrative_sentences(book: Book) -> Iterator[tuple[str, Chunk, str]]:
    """(section key, chunk, sentence) for every sentence of 第三部分 情况说明."""
    for ch in book.chunks:
        if ch.kind != "narrative" or not ch.section or not ch.section[0].startswith("第三部分"):
            continue
        key = section_key(ch.section[1] if len(ch.section) > 1 else "")
        for sentence in split_sentences(ch.text):
            yield key, ch, sentence
