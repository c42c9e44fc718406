"""Reading a question over the library: which documents it names (unit, short name, year, 部门/单位), and
whether it compares them — side by side, a ranking, a change between years of one unit, or a difference of two.
Pure text reading; the library answers each document's part with that document's own engine.

    read_across("万里街道2023年和2025年的三公经费各是多少", docs)
        → Across(op="side", docs=(2023 doc, 2025 doc), core="三公经费是多少")
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from app.answer.question_words import (
    _ALL,
    _BASE_YEAR,
    _BODY_END,
    _BOTH_KINDS,
    _CHANGE,
    _DIFF,
    _ENDS,
    _EVERY_YEAR,
    _KIND,
    _LAST_YEAR,
    _LEAST,
    _NOISE,
    _ORG_WORD,
    _PERCENT,
    _RANK,
    _RANK_UNITS,
    _SIDE,
    _YEAR,
)
from app.answer.scope import typo_of


@dataclass(frozen=True)
class Across:
    """A question over several documents. op: side (each document's figure), rank (largest first, or smallest
    when `least`), change (oldest → newest year of one unit; `percent` asks the rate), diff (first named minus
    second). `core` is the question each document's engine answers."""

    op: str
    docs: tuple[str, ...]
    core: str
    least: bool = False
    percent: bool = False
    reason: str = ""


def _org_mentions(text: str, docs: dict[str, dict[str, Any]]) -> list[tuple[int, int, list[str]]]:
    """(start, end, doc ids) for each place the text names a document's unit: the full name, or a short form
    whose characters appear in order in it (「万里街道」, 「普陀区司法局」, 「科技局」)."""
    out: list[tuple[int, int, list[str]]] = []
    taken: set[int] = set()
    for d, m in docs.items():
        unit = str(m.get("unit", ""))
        for hit in re.finditer(re.escape(unit), text) if unit else ():
            out.append((hit.start(), hit.end(), [d]))
            taken.update(range(hit.start(), hit.end()))
    for hit in _ORG_WORD.finditer(text):
        if taken & set(range(hit.start(), hit.end())):
            continue
        word = hit.group(0)
        for cut in range(len(word) - 2):  # the longest tail that abbreviates some unit: 「两个司法局」 → 「司法局」
            tail = word[cut:]
            named = _tightest(tail, docs) or [d for d, m in docs.items() if typo_of(tail, str(m.get("unit", "")))]
            if named:
                out.append((hit.start() + cut, hit.end(), named))
                break
        else:
            bare = re.sub(
                r"^.*?(?:年|的|和|与|跟|及|比|、|其中)|^[这那哪各每几两三四五六七八九十个些所有全部其他别]+", "", word
            )
            follows = text[hit.end() : hit.end() + 1]
            if (
                len(bare) >= 3
                and _BODY_END.search(bare)
                and not re.match(r"[\u4e00-\u9fff]", follows or " ")
                or (
                    len(bare) >= 3
                    and _BODY_END.search(bare)
                    and re.match(r"[的和与跟及、比在今去明是有这那各哪谁]", follows)
                )
            ):
                out.append((hit.start(), hit.end(), []))  # names a body no document is about
    merged: dict[tuple[int, int], list[str]] = {}
    for s, e, ds in out:
        merged.setdefault((s, e), [])
        merged[(s, e)] += [d for d in ds if d not in merged[(s, e)]]
    return sorted((s, e, ds) for (s, e), ds in merged.items())


def _spread(short: str, full: str) -> int:
    """How far apart in `full` the characters of `short` lie (0: side by side); large when it does not abbreviate."""
    i, first, last = 0, -1, -1
    for k, ch in enumerate(full):
        if i < len(short) and ch == short[i]:
            first = k if first < 0 else first
            last, i = k, i + 1
    return last - first + 1 - len(short) if i == len(short) else 1 << 30


def _tightest(short: str, docs: dict[str, dict[str, Any]]) -> list[str]:
    """The documents whose unit `short` abbreviates most tightly: 「区府办」 is 人民政府办公室, not 人民政府万里街道办事处."""
    spread = {d: _spread(short, str(m.get("unit", ""))) for d, m in docs.items()}
    best = min(spread.values(), default=1 << 30)
    return [d for d, v in spread.items() if v == best] if best < 1 << 30 else []


def _english_mentions(text: str, docs: dict[str, dict[str, Any]]) -> list[str]:
    """Documents an English question names: a place in pinyin ("Wanli", "Putuo", "Suzhou" — whole syllables of
    the unit's name) and/or a kind of body ("justice bureau" → 司法, app/resources/bodies_en.tsv)."""
    from pypinyin import lazy_pinyin

    from app.vocabulary import bodies_en

    low = text.lower()
    words = set(re.findall(r"[a-z]{4,}", low))
    kinds = [cn for en, names in bodies_en() if re.search(rf"\b(?:{en})", low) for cn in names]
    placed, kinded, any_place = [], [], False
    for d, m in docs.items():
        unit = str(m.get("unit", ""))
        syl = lazy_pinyin(unit)
        joined = {"".join(syl[i:j]) for i in range(len(syl)) for j in range(i + 2, min(i + 4, len(syl)) + 1)}
        place, kind = bool(words & joined), any(cn in unit for cn in kinds)
        any_place = any_place or place
        if place and (kind or not kinds):
            placed.append(d)
        elif kind:
            kinded.append(d)
    return placed or ([] if any_place else kinded)


def _places(docs: dict[str, dict[str, Any]]) -> set[str]:
    """The place names in the units' names (上海市, 普陀区, 苏州市 …) and their short forms (普陀, 苏州)."""
    out: set[str] = set()
    for m in docs.values():
        for p in re.findall(r"[\u4e00-\u9fff]{2,4}?[省市区县]", str(m.get("unit", ""))[:9]):
            out.add(p)
            if len(p) >= 3:
                out.add(p[:-1])
    return out


def named_docs(
    text: str, docs: dict[str, dict[str, Any]], loose: bool = False
) -> tuple[list[str], list[tuple[int, int]]]:
    """The documents the text names, in the order it names them, narrowed by the years and 部门/单位 it names;
    and the spans that named them. `loose` (choosing the one document to answer from): a place (杭州市) or a
    year alone names the documents of that place or year."""
    mentions = _org_mentions(text, docs)
    if not mentions and re.search(r"[a-zA-Z]{4}", text):
        mentions = [(0, 0, english)] if (english := _english_mentions(text, docs)) else []
    years = {int(y) for y in _YEAR.findall(text)}
    kinds = {"部门", "单位"} if _BOTH_KINDS.search(text) else {a or b for a, b in _KIND.findall(text)}
    if any(not ds for _, _, ds in mentions):
        return [], []  # a body the library has no document of: no document is named (the engine says so)
    order: list[str] = []
    for _, _, ds in mentions:
        order += [d for d in ds if d not in order]
    spans = [(s, e) for s, e, _ in mentions]
    units_ranked = bool(_RANK.search(text) and _RANK_UNITS.search(text))  # 「谁」「哪个单位」, not 「哪个项目」
    if not order and (
        _ALL.search(text) or units_ranked or (loose and (years or any(p in text for p in _places(docs))))
    ):
        places = [p for p in _places(docs) if p in text]
        order = [d for d, m in docs.items() if all(p in str(m.get("unit", "")) for p in places)]
        spans += [(h.start(), h.end()) for p in places for h in re.finditer(re.escape(p), text)]
    if years:
        order = [d for d in order if int(docs[d].get("year", 0)) in years] or order
    if kinds:
        order = [d for d in order if str(docs[d].get("kind") or "部门")[:2] in kinds] or order
    else:  # a body's 部门预算 stands for it; its 单位预算 (a part of it) only when asked for
        depts = {
            (docs[d].get("unit"), docs[d].get("year")) for d in order if not str(docs[d].get("kind")).startswith("单位")
        }
        order = [
            d
            for d in order
            if not (str(docs[d].get("kind")).startswith("单位") and (docs[d].get("unit"), docs[d].get("year")) in depts)
        ]
    return order, spans


def read_across(text: str, docs: dict[str, dict[str, Any]]) -> Across | None:
    """The comparison a question asks over the library's documents, or None when it is about one document."""
    if len(docs) < 2:
        return None
    order, spans = named_docs(text, docs)
    base = _BASE_YEAR.search(text)  # 「比2023年」: the year compared against
    years = {int(y) for y in _YEAR.findall(text)}
    if len(order) == 1 and base and len(years) == 1 and _CHANGE.search(text):  # 「…比2023年增加了多少」: the latest
        unit = docs[order[0]].get("unit")
        later = [d for d, m in docs.items() if m.get("unit") == unit and int(m["year"]) > int(base.group(1))]
        if later:
            order = [order[0], max(later, key=lambda d: int(docs[d]["year"]))]
            years = {int(docs[d]["year"]) for d in order}
    if len(order) < 2:
        return None
    if years and any(int(docs[d].get("year", 0)) not in years for d in order):
        return None  # a year the library has no document of: the document's engine says so
    units = {str(docs[d].get("unit")) for d in order}
    same_unit_years = len(units) == 1 and len({docs[d]["year"] for d in order}) > 1
    if same_unit_years and not years and not _EVERY_YEAR.search(text):
        return None  # 「万里街道的三公经费」: the latest document; years are compared only when named
    if _LAST_YEAR.search(text) and len(years) < 2:
        return None  # 「比去年」: the document's own comparison with its previous year
    if len(order) > 2 and not (_ALL.search(text) or _RANK.search(text) or years or _SIDE.search(text)):
        return None
    core = _core(text, spans)
    if core is None:
        return None
    percent = bool(_PERCENT.search(text))
    if _RANK.search(text):
        if not years:  # units ranked: each by its latest year's document
            latest = {}
            for d in order:
                key = (docs[d].get("unit"), str(docs[d].get("kind") or "")[:2])
                if key not in latest or int(docs[d]["year"]) > int(docs[latest[key]]["year"]):
                    latest[key] = d
            order = [d for d in order if d in latest.values()]
        return Across("rank", tuple(order), core, least=bool(_LEAST.search(text)), reason="问题比较几份文档的数")
    if same_unit_years and _CHANGE.search(text):
        chrono = sorted(order, key=lambda d: int(docs[d]["year"]))
        first, last = chrono[0], chrono[-1]  # the two ends; 「2023年的…比2025年多」 is against 2025
        if base and int(docs[last]["year"]) == int(base.group(1)):
            first, last = last, first
        return Across("change", (first, last), core, percent=percent, reason="问题问同一单位两个年份之间的变化")
    if len(order) == 2 and (_DIFF.search(text) or _CHANGE.search(text)):
        return Across("diff", tuple(order), core, percent=percent, reason="问题问两份文档的数相差多少")
    if _SIDE.search(text) or _ALL.search(text) or years:
        return Across("side", tuple(order), core, reason="问题要几份文档的同一个数")
    return None


def _core(text: str, spans: list[tuple[int, int]]) -> str | None:
    """The question one document's engine answers: the text without the documents' names, years, kinds and
    comparison words — 「万里街道2023年和2025年的三公经费各是多少」 → 「三公经费是多少」."""
    chars = list(text)
    for s, e in spans:
        for i in range(s, e):
            chars[i] = "§"
    t = "".join(chars)
    t = _YEAR.sub("§", t)
    t = _KIND.sub("§", t)
    t = re.sub(
        r"(?:(?<![\u4e00-\u9fff])|(?<=[比和与跟、及]))(?:部门|单位)(?=的|比|和|与|跟|、|及|多|少|相比|[)）]|$)", "§", t
    )
    t = _ALL.sub("§", t)
    t = re.sub(r"(?:和|与|跟|及|、|比|较|到|至|从|相比|对比|同)?§+(?:相比|比较|之间|间)?", "§", t)
    for pat in _NOISE:
        t = re.sub(pat, "§", t)
    t = re.sub(r"[§\s]+", "§", t)
    parts = [p.strip(_ENDS) for p in t.split("§")]
    parts = [p for p in parts if len(p) >= 2 and not re.fullmatch(r"[的是了多少高低大小]+|预算|情况", p)]
    if not parts:
        return None
    chinese = [p for p in parts if re.search(r"[\u4e00-\u9fff]{2}", p)]  # "which has the larger 机关运行经费"
    return max(chinese, key=len) + "是多少" if chinese else ""  # "" : an English subject is not read across documents


def unknown_bodies(text: str, docs: dict[str, dict[str, Any]]) -> list[str]:
    """The bodies a question names (「发改委」) that no document of the library is about."""
    return [text[s:e] for s, e, ds in _org_mentions(text, docs) if not ds]
