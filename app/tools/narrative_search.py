"""The narrative tool: hybrid retrieval (Chroma dense vectors + jieba BM25, fused by reciprocal rank) over
the narrative chunks, then the best sentence of each passage, and — when the question wants a figure —
the figure in that sentence whose clause best matches the question and whose unit fits.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass
from decimal import Decimal

from app.errors import EmbedderBusy
from app.models import Chunk, Citation
from app.numbers import AMOUNT_IN_TEXT_RE, parse_amount
from app.stores.fusion import rrf

log = logging.getLogger(__name__)

STOP_PHRASES = re.compile(
    r"为什么|为啥|为何|什么|怎么|多少|哪些|哪个|请问|一共|总共|其中|另外|现在|目前|当前|今年|本年度|本单位|单位|预算|是不是|有没有|有多少|还有|能不能|可以|告诉我|一下|呢|吗|吧|啊|呀|"
    r"几辆|几台|几个|几人|几次|几项|几|多大|多长|花了|花|用了|给了|安排了|大概|大约|方面|这块|那块|管什么|负责什么|干什么|做什么|包括|包含|哪几块|哪几|都有|有哪些|"
    r"what|how|much|many|the|is|are|of|in|for|does|do"
)
STOPWORDS = set("的了是在和与及或这那个")
_CLAUSE_SPLIT = re.compile(r"[，,；;：:。！!？?、（）()]")


def bigrams(text: str) -> set[str]:
    """Adjacent character pairs of the text, without pairs that hold a stop character (的, 多少, 本年 …)."""
    pairs: set[str] = set()
    singles: set[str] = set()
    for segment in STOP_PHRASES.sub("|", text.lower()).split("|"):
        chars = [c for c in segment if ("\u4e00" <= c <= "\u9fff" or c.isalnum()) and c not in STOPWORDS]
        pairs |= {a + b for a, b in zip(chars, chars[1:])}
        singles |= set(chars)
    return pairs or singles


def content_words(text: str) -> list[str]:
    """The question's content words: jieba words of 2+ Chinese characters, without question words."""
    from app.stores.lexical_store import _jieba

    spaced = STOP_PHRASES.sub(lambda m: f" {m.group(0)} ", text.lower())  # question words stand apart
    words = _jieba().lcut(spaced)
    out = [
        w
        for w in words
        if len(w) >= 2
        and re.search(r"[\u4e00-\u9fff]", w)
        and not set(w) <= STOPWORDS
        and not STOP_PHRASES.fullmatch(w)
    ]
    return list(dict.fromkeys(out))


_SPACED = re.compile(r"(?<=[\d\u4e00-\u9fff])[ \u3000]+(?=[\d\u4e00-\u9fff])")


def coverage(question: str, text: str, weight=None) -> float:  # type: ignore[no-untyped-def]
    """Share of the question's content words that occur in the text (0..1), each weighted by how rare it
    is in the document: a word the document never uses weighs most, since the text cannot be about it.
    Falls back to character pairs when the question has no content word of two characters. English words left
    in a question the glossary turned into the document's words ("the total 政府采购 budget") are not counted: a
    Chinese sentence never holds them."""
    if re.search(r"[\u4e00-\u9fff]", question):
        question = _ENGLISH_WORD.sub(" ", question)
    words = content_words(question)
    if not words:
        q = bigrams(question)
        return len(q & bigrams(text)) / len(q) if q else 0.0
    w = {x: (weight(x) if weight else 1.0) for x in words}
    flat = _SPACED.sub("", text)  # a PDF's 「截至 2025 年 12 月 31 日」 holds the question's 「2025年」
    return sum(w[x] for x in words if x in text or x in flat) / sum(w.values())


class Rarity:
    """Word weights from the document itself: log((N+1)/(df+1)) + 1, df = chunks containing the word."""

    def __init__(self, texts: list[str]):
        self.texts = texts
        self.cache: dict[str, float] = {}

    def __call__(self, word: str) -> float:
        if word not in self.cache:
            df = sum(1 for t in self.texts if word in t)
            self.cache[word] = math.log((len(self.texts) + 1) / (df + 1)) + 1.0
        return self.cache[word]


def sentences(text: str) -> list[str]:
    """Whole sentences, cut as the chunker cuts them (figures such as 1,222.75 never split)."""
    from app.sentences import split_sentences

    return split_sentences(text)


@dataclass(frozen=True)
class Passage:
    chunk: Chunk
    score: float  # fused retrieval score
    sentence: str  # the sentence that best matches the question
    coverage: float  # lexical coverage of the question by that sentence and its chunk's section
    keywords_only: bool = False  # found without dense retrieval (the query model was busy)

    def citation(self) -> Citation:
        c = self.chunk
        source = " ".join(c.section[:1]) if c.kind != "perf" else f"绩效目标表：{c.section[-1]}"
        title = c.section[-1] if c.section else ""
        return Citation(
            source=source or title,
            title=title,
            locator=f"第{c.page}页 第{c.line}–{c.line_end}行 · {' > '.join(c.section)}",
            quote=self.sentence,
            kind="chunk",
            ref_id=c.chunk_id,
            page=c.page,
            line=c.line,
            part=part_of(c.section) if c.kind != "perf" else "绩效目标",
        )


def part_of(section: tuple[str, ...] | list[str]) -> str:
    """The national format's name for the part a passage is in: 「2025年单位预算编制说明」 and 「预算情况说明」 are its
    情况说明, 「部门概况」「单位职能」 its 概况, 「名词解释」 its 名词解释; "" when the headings say none."""
    first, path = (section[0] if section else ""), " ".join(section)
    for part, words in (
        ("名词解释", r"名词解释|术语"),
        ("概况", r"概况|职能|职责|机构设置|基本情况"),
        ("情况说明", r"说明|预算安排|收支预算|情况"),
    ):
        if re.search(words, first):
            return part
    return next(
        (p for p, w in (("名词解释", "名词解释"), ("概况", "概况|职能"), ("情况说明", "说明")) if re.search(w, path)),
        "",
    )


@dataclass(frozen=True)
class Figure:
    value: Decimal
    unit: str
    text: str  # as printed, e.g. 42.43万元
    clause: str
    score: float


def figures(sentence: str) -> list[tuple[Decimal, str, str, int]]:
    """(value, unit, printed text, position) for each figure with a unit in a sentence."""
    out = []
    for m in AMOUNT_IN_TEXT_RE.finditer(sentence):
        unit = m.group("unit") or ""
        if not unit:
            continue
        value = parse_amount(m.group("num"))
        if value is None:
            continue
        out.append((value, unit.replace("％", "%"), m.group(0).replace(" ", ""), m.start()))
    return out


_ENGLISH_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z]{2,}(?![A-Za-z\u4e00-\u9fff])")
_COUNTS = {"个", "人", "辆", "台", "家", "处", "项", "次", "名"}
_COUNTED = re.compile(r"[\u4e00-\u9fff]{1,8}?(?=[，,。；;：:、（(）)]|$|包括|其中|分别|为|是)")

CHANGE_WORDS = re.compile(r"减少|增加|下降|增长|比上年|比20\d\d|较上年|持平|相同")


def best_figure(
    question: str, sentence: str, unit_hint: str = "", prefer: re.Pattern | None = None, idf=None
) -> Figure | None:  # type: ignore[no-untyped-def]
    """The figure whose clause (text since the previous figure or punctuation) best matches the question."""
    best: Figure | None = None
    prev_end = prev_start = 0
    found = figures(sentence)
    lead = sentence[: found[0][3]] if found else ""  # the sentence's subject, before its first figure
    for value, unit, printed, pos in found:
        if unit_hint == "辆" and unit == "台" and re.search(r"(?:车辆|用车|汽车)\s*$", sentence[max(0, pos - 8) : pos]):
            unit = "辆"  # 「共有车辆 17 台」: vehicles counted in 台 are that many vehicles
        start = max(prev_end, max((m.end() for m in _CLAUSE_SPLIT.finditer(sentence, 0, pos)), default=0) - 12)
        if unit == "%" and prev_end and re.fullmatch(r"\s*元?\s*[，,]?\s*占(?:比)?\s*", sentence[prev_end:pos]):
            start = prev_start  # 「人员支出 58,486.35 万元，占 59.0%」: the share of the amount just said
        prev_start = start
        if unit_hint and unit != unit_hint and not (unit_hint == "万元" and unit == "元"):
            prev_end = pos + len(printed)
            continue
        clause = sentence[start : pos + len(printed)]
        if unit in _COUNTS:  # 「设12个内设机构」: what is counted follows its number
            counted = _COUNTED.match(sentence, pos + len(printed))
            clause += counted.group(0) if counted else ""
        # in a breakdown (「政府采购…共有 262.90 万元，其中：货物类 116.87 万元」) the subject applies to every part:
        # a part's clause is read with it, so the words it adds decide (「政府采购货物类」 is 116.87)
        # the lead is the first figure's (the total's) and, in a breakdown, every part's
        with_lead = start > 0 and (pos == found[0][3] or "其中" in sentence[len(lead) : pos])
        score = coverage(question, f"{lead} {clause}" if with_lead else clause, idf) + 0.01 * (pos > 0)
        if prefer is not None and prefer.search(clause):
            score += 1.0
        if best is None or score > best.score:
            best = Figure(value, unit, printed, clause, score)
        prev_end = pos + len(printed)
    return best


class NarrativeTool:
    def __init__(self, doc_id: str, chunks: list[Chunk], vectors: object, lexical: object, k: int = 5):
        self.doc_id = doc_id
        self.chunks = {c.chunk_id: c for c in chunks}
        self.vectors, self.lexical, self.k = vectors, lexical, k
        self.idf = Rarity([c.text for c in chunks])

    def search(self, question: str, k: int | None = None, kinds: tuple[str, ...] = ()) -> list[Passage]:
        k = k or self.k
        question = question.replace("本单位", " ")  # the unit's name stood in for: every passage is about it
        if re.search(r"[\u4e00-\u9fff]", question):  # English turned into the document's words: the rest goes
            question = _ENGLISH_WORD.sub(" ", question)
        try:
            dense = self.vectors.search(question, self.doc_id, k * 3)  # type: ignore[attr-defined]
        except EmbedderBusy:  # the model is busy for longer than a question should wait: keywords alone
            log.warning("narrative search without dense retrieval: the query model is busy")
            dense = None
        sparse = self.lexical.search(question, self.doc_id, k * 3)  # type: ignore[attr-defined]
        fused = rrf([sparse, dense or []], weights=[2.0, 1.0])  # BM25 leads: measured better on budget prose
        out: list[Passage] = []
        for chunk_id, score in fused:
            chunk = self.chunks.get(chunk_id)
            if chunk is None or (kinds and chunk.kind not in kinds):
                continue
            sent = max(sentences(chunk.text) or [chunk.text], key=lambda s: coverage(question, s, self.idf))
            heads = [h for h in chunk.section[:-1] if "项目" in h and h.endswith("说明")] + list(chunk.section[-1:])
            cov = max(coverage(question, sent, self.idf), coverage(question, " ".join(heads) + sent, self.idf))
            out.append(Passage(chunk, score, sent, cov, keywords_only=dense is None))
            if len(out) >= k:
                break
        return out
