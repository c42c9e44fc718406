"""Entity linking: from a (normalised) question to the rows, concepts, projects and indicators it names.

Chinese-aware: exact substrings of a name or its shorter forms first, then character-level fuzzy matching
(rapidfuzz partial alignment) for typos and partial names; colloquial words are first rewritten through
the synonym list in app/resources/synonyms.tsv (data, not code).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from app.answer.question_words import _BODY_END
from app.vocabulary import distribute_en, synonyms

_ORDINAL = re.compile(
    r"^[一二三四五六七八九十]+、|^\d{1,2}、(?=[\u4e00-\u9fff])|^[①②③④⑤⑥⑦⑧⑨⑩]"
    r"|^[（(](?:\d{1,2}|[一二三四五六七八九十]{1,3})[)）](?=[\u4e00-\u9fff])"  # 「(1)工资福利支出」「（三）公务接待费支出」
)
_PROJECT_PREFIX = re.compile(r"^(?:QT|XM|Z|J|T|Q|X|Y|S)(?=[\u4e00-\u9fff])", re.IGNORECASE)
_PROJECT_CODE = re.compile(r"^(?=[0-9a-z]*\d)[0-9a-z]{10,}\s+")  # a project's code written before its name
_CATALOGUE = re.compile(r"^(?:[a-z]\d{0,6}|\d{2,6})\s*[-－]\s*(?=[\u4e00-\u9fff])")  # 政府采购品目 / 购买服务目录
_LIST_NUMBER = re.compile(r"^\d{1,3}\s*[-－.．]\s*(?=[\u4e00-\u9fff])")  # 「43-」
_GENERIC_SUFFIX = re.compile(r"(专项资金|专项经费|工作经费|经费|资金|支出|事务|费)$")
_PAREN = re.compile(r"[（(][^）)]*[）)]")
_CODE = re.compile(r"(?<!\d)(\d{3}|\d{5}|\d{7})(?!\d)")
COLUMN_WORDS = {
    "基本支出": "基本支出",
    "项目支出": "项目支出",
    "人员经费": "人员经费",
    "公用经费": "公用经费",
    "一般公共预算": "一般公共预算",
    "政府性基金": "政府性基金预算",
    "国有资本经营": "国有资本经营预算",
    "财政专户": "财政专户管理资金",
    "单位资金": "单位资金",
    "上年结转": "上年结转",
    "当年预算安排": "当年预算安排",
    "财政拨款": "一般公共预算",
}


@dataclass(frozen=True)
class Entity:
    key: str
    kind: str  # row / concept / project / indicator
    name: str  # display name as the document writes it
    aliases: tuple[str, ...]  # normalised match strings, longest first
    code: str = ""
    min_share: float = 0.5  # a partial match must cover this share of the full name (projects: less)
    bonus: float = 0.0  # added to partial matches (a parent row wins over its children on 「公车」)


@dataclass(frozen=True)
class Match:
    entity: Entity
    score: float
    start: int
    end: int
    exact: bool
    ties: tuple[Entity, ...] = ()  # other entities the same words match equally well (QT业务工作经费1 / 2)


def core_name(name: str) -> str:
    """「八、社会保障和就业支出」「8、社会保障和就业支出」「(1)…」→「社会保障和就业支出」; 「②公务用车运行维护费」→「公务用车运行维护费」."""
    return _ORDINAL.sub("", name.strip()).strip()


_PLACE = re.compile(r"^[\u4e00-\u9fff]{2,3}[省市县](?![\u4e00-\u9fff]?(?:本级|级|直|属|场|民|委|政府|财政))")


def full_width_parens(text: str) -> str:
    """「因公出国(境)费」 → 「因公出国（境）费」: brackets beside Chinese as most documents print them."""
    return re.sub(r"\((?=[\u4e00-\u9fff])", "（", re.sub(r"(?<=[\u4e00-\u9fff])\)", "）", text))


def aliases_for(name: str) -> tuple[str, ...]:
    base = core_name(name).lower()
    out = {base}
    tail = re.split(r"[、)）]", base)[-1]  # long names are referred to by their distinctive end
    if tail != base and len(tail) >= 4:
        out.add(tail)
    no_prefix = _PROJECT_PREFIX.sub("", base)
    out.add(no_prefix)
    uncoded = _PROJECT_CODE.sub("", base)  # 「11000026t0000037495 43-经济责任…项目」: a project code, a number
    if uncoded != base:
        out |= {uncoded, _LIST_NUMBER.sub("", uncoded)}
    out.add(_CATALOGUE.sub("", base))  # 「A-货物」「0115-公共信息与宣传服务」: a catalogue's code before the name
    unplaced = _PLACE.sub("", base)  # 「东郊监狱」 is 「杭州市东郊监狱」: a unit is named without its city
    if len(unplaced) >= 4 and unplaced != base:
        out.add(unplaced)
    for v in list(out):
        out.add(_PAREN.sub("", v))
    for v in list(out):
        short = _GENERIC_SUFFIX.sub("", v)
        if len(short) >= 3:
            out.add(short)
    out = {re.sub(r"\d+$", "", v) if not v.isdigit() else v for v in out} | out
    out |= {full_width_parens(v) for v in out}  # the question's 「(境)」 is read as 「（境）」 (subjects.link)
    return tuple(sorted((a for a in out if len(a) >= 2), key=len, reverse=True))


def apply_synonyms(text: str, keep: list[tuple[int, int]] = ()) -> str:  # type: ignore[assignment]
    """Rewrite colloquial phrases to the document's words, outside the `keep` spans (parts of the question
    that already name a document row exactly, so 「基本工资」 is not rewritten through 「工资」)."""
    pieces: list[str] = []
    last = 0
    for start, end in sorted(keep):
        pieces.append(_rewrite(text[last:start]))
        pieces.append(text[start:end])
        last = end
    pieces.append(_rewrite(text[last:]))
    return "".join(pieces)


def _rewrite(segment: str) -> str:
    """Leftmost-longest: at each position the longest phrase that starts there ("basic expenditure budget" is
    基本支出 + budget, not basic + 支出预算); an English phrase only at word boundaries (a plural 's' goes with it)."""
    segment = distribute_en(segment)
    out, i = [], 0
    while i < len(segment):
        hit = None if _inside_word(segment, i) else next(_phrases_at(segment, i), None)
        if hit is None:
            out.append(segment[i])
            i += 1
        else:
            out.append(hit[1])
            i = hit[0]
    return "".join(out)


def _inside_word(text: str, i: int) -> bool:
    return i > 0 and text[i].isascii() and text[i].isalpha() and text[i - 1].isascii() and text[i - 1].isalpha()


def _phrases_at(text: str, i: int):  # type: ignore[no-untyped-def]
    """(end, canonical) of the phrases starting at i, longest first."""
    for phrase, canonical in synonyms():
        if not text.startswith(phrase, i) or canonical in text:
            continue
        end = i + len(phrase)
        if phrase[-1].isascii() and phrase[-1].isalpha():
            if text[end : end + 1] == "s" and not _letter(text, end + 1):
                end += 1  # "basic expenditures"
            elif _letter(text, end):
                continue  # "it" of "item"
        yield end, canonical


def _letter(text: str, i: int) -> bool:
    return i < len(text) and text[i].isascii() and text[i].isalpha()


def find_codes(text: str) -> list[str]:
    return _CODE.findall(text)


def find_columns(text: str) -> list[tuple[str, int]]:
    """Column words in the question with their positions, e.g. [("项目支出", 3)]."""
    found = []
    for word, column in COLUMN_WORDS.items():
        i = text.find(word)
        if i >= 0:
            found.append((column, i))
    return sorted(found, key=lambda x: x[1])


class Linker:
    def __init__(self, entities: list[Entity]):
        self.entities = entities
        self.by_code: dict[str, Entity] = {}
        for e in entities:  # the first row that prints a code is its 功能分类 row; a project carries it after
            if e.code:
                self.by_code.setdefault(e.code, e)
        self._names = [e.aliases[0] for e in entities if e.kind == "row" and e.aliases]
        self._generic_cache: dict[str, frozenset] = {}

    def _generic(self, text: str) -> frozenset:
        """Pieces of the question (4+ characters) that occur in 3 or more row names, such as 「事业单位」:
        too common to identify a row by themselves."""
        if text not in self._generic_cache:
            out = set()
            for size in range(4, min(len(text), 10) + 1):
                for start in range(0, len(text) - size + 1):
                    piece = text[start : start + size]
                    if _CJK.search(piece) and sum(piece in n for n in self._names) >= 3:
                        out.add(piece)
            self._generic_cache = {text: frozenset(out)}
        return self._generic_cache[text]

    def link(self, text: str, min_fuzzy: float = 86.0) -> list[Match]:
        """Non-overlapping matches, best first: codes, exact aliases, a long shared piece of an alias
        (「铁路道口安全」 of 「铁路道口安全管理专项资金」), then fuzzy aliases (typos)."""
        candidates: list[Match] = []
        spare: list[Match] = []
        for code in find_codes(text):
            if code in self.by_code:
                i = text.find(code)
                candidates.append(Match(self.by_code[code], 1000.0 + len(code), i, i + len(code), True))
        grams = {text[i : i + 2] for i in range(len(text) - 1)}
        for e in self.entities:
            best: Match | None = None
            sure: Match | None = None  # the entity's exact alias, if any
            for alias in e.aliases:
                m = _match_alias(e, alias, text, grams, min_fuzzy, self._generic(text))
                if m is not None and (best is None or m.score > best.score):
                    best = m
                if m is not None and m.exact and (sure is None or m.end - m.start > sure.end - sure.start):
                    sure = m
            if best and not best.exact and sure and sure.start <= best.start and best.end <= sure.end:
                best = Match(e, best.score, sure.start, sure.end, True)  # 「南郊监狱」 is said exactly, not loosely
            if best:
                candidates.append(best)
            if best and sure and not best.exact:
                spare.append(sure)  # 「…预算占总收入」: 总收入 said exactly, should the loose 「预算总收入」 overlap
        candidates.sort(key=lambda m: (-m.score, m.start))
        exact = [m for m in candidates if m.exact] + spare  # an exact alias, even where a loose one scored more
        chosen: list[Match] = []
        for m in candidates:
            if any(m.start < c.end and c.start < m.end for c in chosen):
                continue
            if not m.exact and _BODY_END.search(m.entity.name) and _BODY_END.search(text[m.start : m.end]):
                continue  # 「杭州市中郊监狱」 is another body, never 杭州市东郊监狱 with a slip
            if not m.exact and _across_an_operator(m, text):
                continue  # 「人员经费比公用经费」 is two names compared, not the row 「人员经费和公用经费支出」
            if not m.exact and any(_skipped(m, o, text) for o in exact):
                continue  # 「政府采购货物预算」 is not 「政府采购预算」: it skips 货物, a name of its own
            ties = tuple(
                o.entity
                for o in candidates
                if o is not m
                and (o.start, o.end) == (m.start, m.end)
                and abs(o.score - m.score) < 1e-9
                and o.entity.kind == m.entity.kind
            )
            chosen.append(Match(m.entity, m.score, m.start, m.end, m.exact, ties) if ties else m)
        for m in spare:  # an entity's exact alias, when its better loose match lost its place
            if all(c.entity.key != m.entity.key and (m.end <= c.start or c.end <= m.start) for c in chosen):
                chosen.append(m)
        return sorted(chosen + _said_again(exact, chosen, text), key=lambda m: m.start)


def _across_an_operator(m: Match, text: str) -> bool:
    said = text[m.start + 1 : m.end - 1]
    return any(op in said and not any(op in a for a in (m.entity.name, *m.entity.aliases)) for op in "比占")


def _said_again(exact: list[Match], chosen: list[Match], text: str) -> list[Match]:
    """A name said first inside a longer one and then on its own (「法律援助中心的法律援助项目」): the later
    mention, when it overlaps nothing chosen."""
    out: list[Match] = []
    keys = {c.entity.key for c in chosen}
    for m in exact:
        if m.entity.key in keys or not any(m.start < c.end and c.start < m.end for c in chosen):
            continue
        said = text[m.start : m.end]
        i = text.find(said, m.end)
        while i >= 0 and any(i < c.end and c.start < i + len(said) for c in chosen + out):
            i = text.find(said, i + 1)
        if i >= 0:
            out.append(Match(m.entity, m.score, i, i + len(said), True))
            keys.add(m.entity.key)
    return out


def _skipped(m: Match, o: Match, text: str) -> bool:
    """A loose match `m` that spans another entity's exact name (inside it, or at either end) whose words its own
    name lacks."""
    return (
        o.entity.key != m.entity.key
        and m.start <= o.start
        and o.end <= m.end
        and (m.start, m.end) != (o.start, o.end)
        and not any(text[o.start : o.end] in a for a in m.entity.aliases)
    )  # 「政府采购服务」 is not 「政府购买服务」 read loosely: it says 政府采购, a name of its own


def _word_at(text: str, i: int, n: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + n] if i + n < len(text) else " "
    return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())


def longest_shared(alias: str, text: str, minimum: int = 4) -> tuple[int, int]:
    """(length, position in text) of the longest piece of `alias` that occurs in `text`."""
    for size in range(len(alias), minimum - 1, -1):
        for start in range(0, len(alias) - size + 1):
            i = text.find(alias[start : start + size])
            if i >= 0:
                return size, i
    return 0, -1


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _match_alias(
    e: Entity, alias: str, text: str, grams: set[str], min_fuzzy: float, generic: frozenset = frozenset()
) -> Match | None:
    i = text.find(alias)
    if i >= 0 and (_CJK.search(alias) or _word_at(text, i, len(alias))):
        return Match(e, 10.0 * len(alias) + (5 if alias == e.aliases[0] else 0), i, i + len(alias), True)
    if (
        min_fuzzy > 100
        or len(alias) < 4
        or not _CJK.search(alias)
        or not any(alias[j : j + 2] in grams for j in range(len(alias) - 1))
    ):
        return None  # English and other ASCII aliases match whole words only
    found: list[Match] = []
    size, pos = longest_shared(alias, text)
    piece = text[pos : pos + size] if size else ""
    owned = bool(e.bonus) and alias.startswith(piece)  # a parent row owns its prefix (「公务用车」)
    common = piece in generic and not owned
    if size >= 4 and (size >= e.min_share * len(alias) or owned) and not common:
        weight = len(re.sub(r"[\d\s.,，、]", "", piece))  # digits (a year) do not make a shared piece distinctive
        score = 9.0 * weight + 3.0 * size / len(alias) + e.bonus
        found.append(
            Match(e, max(score, 45.0) if owned else score, pos, pos + size, False)
        )  # a parent's own prefix is sure
    spread = _in_order(e, alias, text)
    if spread is not None:
        found.append(spread)
    al = fuzz.partial_ratio_alignment(alias, text)
    if al is not None and al.score >= min_fuzzy and al.dest_end - al.dest_start >= max(3, int(len(alias) * 0.7)):
        found.append(Match(e, 8.0 * len(alias) * al.score / 100.0, al.dest_start, al.dest_end, False))
    # a loose match never spans a list's 、 or a clause's ，: 「社会保障和就业、卫生健康支出」 is two names
    found = [m for m in found if not re.search(r"[、，,；;。？?]", text[m.start : m.end]) or _LIST_MARK.search(alias)]
    return max(found, key=lambda m: m.score) if found else None


_LIST_MARK = re.compile(r"[、，,；;。？?]")


def in_order_span(alias: str, text: str) -> tuple[int, int, int]:
    """(characters of `alias` found in order — skipping words on either side — within a window of twice
    its length, start, end), for the best window."""
    best = (0, -1, -1)
    chars = set(alias)
    for start, ch in enumerate(text):
        if ch not in chars:
            continue
        window = text[start : start + 2 * len(alias)]
        n = int(LCSseq.similarity(alias, window))
        if n == 0:
            continue
        last = max(i for i, c in enumerate(window) if c in chars)
        # shrink the window from the right while the match holds: the tightest span wins ties
        while last > 0 and LCSseq.similarity(alias, window[:last]) == n:
            last -= 1
        span = (n, start, start + last + 1)
        if n > best[0] or (n == best[0] and span[2] - span[1] < best[2] - best[1]):
            best = span
    return best


def _in_order(e: Entity, alias: str, text: str) -> Match | None:
    """Most of the alias's characters in order within a short window of the question, with words in
    between (「公务用车一年运行维护」 for 「公务用车运行维护费」)."""
    if LCSseq.similarity(alias, text) < max(4, 0.8 * len(alias)):
        return None
    matched, start, end = in_order_span(alias, text)
    if matched < max(4, 0.8 * len(alias)):
        return None
    if re.search(r"\d", text[start:end]) and not re.search(r"\d", alias):
        return None  # a year or a figure between its characters: 「本单位2025年收入总计」 is not 「本年收入合计」
    return Match(e, 8.5 * matched + e.bonus, start, end, False)
