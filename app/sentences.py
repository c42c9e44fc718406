"""Sentences and wrapped lines, shared by the reader, the narrative search and the audit (pure: no model,
no index): cut a text into whole sentences, join the wrapped pieces of lines into one text that remembers
the line of each character, and find the line on which a quoted sentence starts."""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.models import Chunk, Line, SourceDoc

TERMINATORS = frozenset("。；;！!？?")
_CLOSERS = frozenset("”’」』）)】》")
_LOCATE_PREFIX = 12


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: cut after 。；！？ (with any closing quote or bracket that follows).
    Figures such as 1,222.75 or 6.35% never split: ',' and '.' are not sentence ends."""
    spans: list[tuple[int, int]] = []
    start, i, n = 0, 0, len(text)
    while i < n:
        if text[i] not in TERMINATORS:
            i += 1
            continue
        j = i + 1
        while j < n and (text[j] in TERMINATORS or text[j] in _CLOSERS):
            j += 1
        spans.append((start, j))
        start = i = j
    if start < n:
        spans.append((start, n))
    return [s for s in (_strip_span(text, a, b) for a, b in spans) if s[0] < s[1]]


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str) -> list[str]:
    """Whole sentences of a text, in order."""
    return [text[a:b] for a, b in sentence_spans(text)]


def _is_ascii_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _needs_space(left: str, right: str) -> bool:
    return bool(left and right) and _is_ascii_letter(left[-1]) and _is_ascii_letter(right[0])


def join_text(left: str, right: str) -> str:
    """Join a wrapped line to the text before it: no space between CJK (the PDF wraps mid-word), one space
    only between two ASCII letters."""
    left, right = left.rstrip(), right.strip()
    return f"{left} {right}" if _needs_space(left, right) else left + right


_PUNCT_GAP = re.compile(
    r"(?<=[“‘「（《])\s+|\s+(?=[”’」）》])|(?<=[”’」）》])\s+(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])\s+(?=[“‘「（《])"
)


_SPACED_DECIMAL = re.compile(r"(?<![\d.,])\d(?: \d)* \. \d(?: \d)*(?![\d.])")


def unspace(piece: str) -> str:
    """A line printed letter-spaced (「2026 年 财 政 拨 款 “ 三 公 ” 经 费 预 算 3,704.75 万 元」) as the words it
    spells; a line with ordinary spaces (「会议费预算 0 万元」) as it is."""
    piece = _PUNCT_GAP.sub("", piece)  # 「“ 三公 ” 经费」: no space inside Chinese quotes and punctuation
    piece = _SPACED_DECIMAL.sub(lambda m: m.group(0).replace(" ", ""), piece)  # 「3 . 8 3 万元」 is 3.83
    cjk = len(re.findall(r"[\u4e00-\u9fff]", piece))
    gaps = len(re.findall(r"[\u4e00-\u9fff]\s+(?=[^\x00-\x7f])", piece))
    if cjk < 6 or gaps < 0.6 * cjk:
        return piece
    piece = re.sub(r"(?<=[^\x00-\x7f\s])\s+(?=[^\x00-\x7f\s])", "", piece)
    return re.sub(r"(?<=[^\x00-\x7f\s])\s+(?=\d)|(?<=\d)\s+(?=[^\x00-\x7f\s])", "", piece)


def join_pieces(pieces: Iterable[tuple[Line, str]]) -> tuple[str, tuple[Line, ...]]:
    """Join wrapped pieces of lines into one text, with the source Line of every character."""
    text = ""
    owners: list[Line] = []
    for line, raw in pieces:
        piece = unspace(raw.strip())
        if not piece:
            continue
        base = text.rstrip()
        sep = " " if _needs_space(base, piece) else ""
        owners = owners[: len(base)] + [line] * (len(sep) + len(piece))
        text = base + sep + piece
    return text, tuple(owners)


def locate_sentence(doc: SourceDoc, chunk: Chunk, sentence: str) -> Line | None:
    """The document line on which `sentence` (quoted from the chunk) starts — its .no and .page are what the
    UI highlights. Whitespace is ignored when matching; falls back to the sentence's first characters."""
    lines = [ln for ln in doc.lines if chunk.line <= ln.no <= chunk.line_end and ln.text.strip()]
    text, owners = join_pieces((ln, ln.text) for ln in lines)
    kept = [k for k, ch in enumerate(text) if not ch.isspace()]
    compact = "".join(text[k] for k in kept)
    target = re.sub(r"\s+", "", sentence)
    for probe in (target, target[:_LOCATE_PREFIX]):
        at = compact.find(probe) if probe else -1
        if at >= 0:
            return owners[kept[at]]
    return None
