"""English words of a row's or project's own name ("railway crossing safety", "natural science fund"): a run of
words app/resources/words_en.tsv knows is tried as one Chinese name (铁路道口安全, 自然科学基金) and written in
only when the document has a row, project or concept so named — otherwise the English stays, and the question is
declined as words the glossary does not know. The format's fixed phrases (glossary_en.tsv) are read before this."""

from __future__ import annotations

import itertools
import re
from functools import lru_cache
from importlib import resources

from app.answer.knowledge import Knowledge
from app.answer.linker import core_name
from app.answer.question_words import _EN_QUESTION_WORDS

_WORD = re.compile(r"[A-Za-z]+(?:'s)?")
_MAX_TRIES = 24  # spellings tried per run of words (each word may have two or three)


@lru_cache(maxsize=1)
def words_en() -> dict[str, tuple[str, ...]]:
    text = resources.files("app").joinpath("resources/words_en.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return {en.strip().lower(): tuple(cn.strip().split("|")) for en, cn in rows}


def in_chinese(kb: Knowledge, text: str) -> str:
    """`text` with each run of known English words that names something of the document written in Chinese."""
    known = words_en()
    words = list(_WORD.finditer(text))
    runs: list[list[re.Match]] = []
    for w in words:
        if w.group(0).lower() not in known:
            runs.append([])
            continue
        if runs and runs[-1] and re.fullmatch(r"[\s-]", text[runs[-1][-1].end() : w.start()]):
            runs[-1].append(w)
        else:
            runs.append([w])
    written = text
    for run in sorted((r for r in runs if r), key=lambda r: -r[0].start()):  # right to left: spans stay valid
        for part in _trimmed(run):
            name = _naming(kb, [w.group(0).lower() for w in part])
            if name:
                written = written[: part[0].start()] + name + written[part[-1].end() :]
                break
    left = [w for w in re.findall(r"[a-z]{4,}", written.lower()) if w not in _EN_QUESTION_WORDS]
    return text if left else written  # "farmland protection dynamic patrol": part of a name is no name


def long_names_first(kb: Knowledge, text: str) -> str:
    """A run of known words that spells a row's whole name ("basic public health services" → 基本公共卫生服务,
    "public health" → 公共卫生) is written in before the glossary reads its single words ("health" → 卫生健康支出);
    part of a name ("railway crossing safety management" of 铁路道口安全管理专项资金) is left to the glossary."""
    known = words_en()
    runs: list[list[re.Match]] = [[]]
    for w in _WORD.finditer(text):
        joined = runs[-1] and re.fullmatch(r"[\s-]", text[runs[-1][-1].end() : w.start()])
        if w.group(0).lower() in known and (joined or not runs[-1]):
            runs[-1].append(w)
        else:
            runs.append([w] if w.group(0).lower() in known else [])
    rows = {re.sub(r"^[A-Za-z]+", "", core_name(n)) for n in kb.rows["name"]}
    for run in sorted((r for r in runs if len(r) >= 2), key=lambda r: -r[0].start()):
        for part in _trimmed(run):
            spellings = itertools.islice(itertools.product(*(known[w.group(0).lower()] for w in part)), _MAX_TRIES)
            name = next((n for n in map("".join, spellings) if n in rows), "")  # a whole name ("public health")
            if name:
                text = text[: part[0].start()] + name + text[part[-1].end() :]
                break
    return text


def _trimmed(run: list[re.Match]) -> list[list[re.Match]]:
    """The run, then without the question words at its ends ("project", "fund" of "how much fund")."""
    inner = list(run)
    while inner and inner[0].group(0).lower() in _EN_QUESTION_WORDS:
        inner.pop(0)
    while inner and inner[-1].group(0).lower() in _EN_QUESTION_WORDS:
        inner.pop()
    return [p for p in (run, inner) if p and any(w.group(0).lower() not in _EN_QUESTION_WORDS for w in p)]


def _naming(kb: Knowledge, words: list[str]) -> str:
    """The first Chinese spelling of `words` that the document's names hold, or "" (two words at least, or one
    whose Chinese has three characters or more)."""
    known = words_en()
    for spelling in itertools.islice(itertools.product(*(known[w] for w in words)), _MAX_TRIES):
        name = "".join(spelling)
        if len(words) < 2 and len(name) < 3:
            continue
        if name in kb.row_vocabulary:
            return name
        linked = [m for m in kb.linker.link(name) if m.entity.kind in ("row", "perf", "concept")]
        if linked and (linked[0].exact or linked[0].score >= 45) and linked[0].end - linked[0].start >= 0.7 * len(name):
            return name
    return ""


_SMALL = frozenset({"in", "of", "to", "on", "at", "by", "is", "are", "a", "an", "its", "it", "was", "be", "as", "or"})


def by_its_words(kb: Knowledge, text: str) -> str:
    """English words that spell a name in another order ("staff stationed in villages for assistance work" →
    驻村帮扶工作人员经费): three or more words the word list knows, every one found (in one of its spellings) in
    the same name of the document's rows and projects, and in no other name — written in as that name."""
    known = words_en()
    content = [w for w in _WORD.finditer(text) if w.group(0).lower() not in _EN_QUESTION_WORDS | _SMALL]
    if len(content) < 3 or any(w.group(0).lower() not in known for w in content):
        return text
    names = {core_name(n) for n in kb.row_vocabulary.splitlines() if n}
    spelt = [n for n in names if all(any(cn in n for cn in known[w.group(0).lower()]) for w in content)]
    shortest = min(spelt, key=len) if spelt else ""
    if not shortest or any(shortest not in n for n in spelt):  # two different names: neither is sure
        return text
    return text[: content[0].start()] + shortest + text[content[-1].end() :]
