"""The operands of a table question: the matched rows narrowed to what is asked (a container such as
「基本支出里…」 and the source of funds printed before a concept dropped, rows matched twice merged, numbered
twins 「…1和2」 added), and the checks that they are the question's own — listed items no match covers, and
stray words that name another row, project or concept of the document.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from app.answer.intent import Intent
from app.answer.knowledge import Knowledge, concepts
from app.answer.linker import Match, core_name, find_columns
from app.answer.question_words import _INSIDE, _TABLE_REF


def _dedupe(matches: list[Match], kb: Knowledge) -> list[Match]:
    seen: set = set()
    out = []
    for m in matches:
        found = kb.row_for(m.entity)
        key = (found[0]["row_id"], found[1]) if found else m.entity.key
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


def _numbered_siblings(kb: Knowledge, text: str, matches: list[Match]) -> list[Match]:
    """「QT业务工作经费1和2」: the same name with the other number is named too."""
    out = list(matches)
    for m in matches:
        base = re.match(r"^(.*?)(\d+)$", m.entity.name)
        if not base:
            continue
        for n in re.findall(r"(?:和|与|及|、|,|，|and)\s*(\d+)", text[m.end : m.end + 8]):
            twin = next((e for e in kb.entities if e.kind == "row" and e.name == f"{base.group(1)}{n}"), None)
            if twin is not None and all(o.entity.key != twin.key for o in out):
                out.append(Match(twin, m.score, m.end, m.end, m.exact))
    return out


def _unlinked_operands(text: str, matches: list[Match], each: bool = False) -> list[str]:
    """「A、B、C和D加起来」 (or, with `each`, 「A和B分别是多少」): the listed items no match covers — a sum over part
    of them would be wrong, and a list of part of them answers another question."""
    listing = re.search(
        r"([^，,。？?；;]*?)(?:这)?(?:[两三四五六七八九十\d]+[个项笔])?([^，,。？?；;、和与及]{0,6})"
        + (r"(?:分别|各自|各是|各为|各有|各)" if each else r"(?:加起来|加在一起|合计|一共|总共|共计|相加|之和)"),
        text,
    )
    if not listing:
        return []
    listed = listing.group(1)
    if re.search(r"(?:[、,，]|和|与|及)$", listed):  # 「A、B和C加起来」: the last name stands before the add word
        listed += listing.group(2)
    items = [t for t in re.split(r"[、,，]|和|与|及|以及", listed) if len(t.strip()) >= 2]
    if len(items) < 2:
        return []
    covered = [(m.start, m.end) for m in matches]
    base = listing.start(1)
    out, pos = [], 0
    for item in items:
        i = listed.find(item, pos)
        pos = i + len(item)
        a, b = base + i, base + i + len(item)
        if not any(min(b, e) - max(a, s) > 0 for s, e in covered):
            out.append(item.strip())
    return out


def _drop_containers(text: str, intent: Intent, matches: list[Match]) -> list[Match]:
    """「基本支出里人员经费」「一般公共预算基本支出中的人员经费」: A (and what qualifies A) only says where B is; B is
    what is asked — never A, never A + B. A share keeps A: it is the whole B is a share of."""
    if intent.share:
        return matches
    out = list(matches)
    # 「财政拨款“三公”经费」「一般公共预算机关运行经费」「一般公共预算安排的电费」: a source of funds printed right
    # before a concept or a row qualifies it
    out = [
        m
        for k, m in enumerate(out)
        if not (
            m.entity.kind in ("row", "concept")
            and _FUNDING_RE.search(m.entity.name)
            and k + 1 < len(out)
            and out[k + 1].start >= m.end
            and (
                (out[k + 1].entity.kind == "concept" or _THREE_PUBLIC.search(out[k + 1].entity.name))
                and len(_QUALIFIER_GAP.sub("", text[m.end : out[k + 1].start])) <= 1
                or out[k + 1].entity.kind == "row"  # 「一般公共预算安排的电费」, never 「…拨款和单位资金」
                and not _QUALIFIER_GAP.sub("", text[m.end : out[k + 1].start])
                and not _FUNDING_RE.search(out[k + 1].entity.name)
            )
        )
    ]
    i = 0
    while i < len(out) - 1:
        a, b = out[i], out[i + 1]
        if a.end > a.start and a.end <= b.start and _INSIDE.match(re.sub(r"[“”\"'「」]", "", text[a.end : b.start])):
            out.pop(i)
            while i > 0 and 0 <= a.start - out[i - 1].end <= 1:  # a qualifier printed right before A
                a = out.pop(i - 1)
                i -= 1
            continue
        i += 1
    return out or matches


_QUALIFIER_GAP = re.compile(r"安排的?|[“”\"'「」\s]")  # 「财政拨款安排的“三公”经费」: still right before it
_THREE_PUBLIC = re.compile(r"三公")
_FUNDING_RE = re.compile(r"财政拨款|一般公共预算|政府性基金|国有资本经营|财政专户|单位资金")
_SUBJECT_FILLER = re.compile(
    r"多少钱|多少|几[个辆项人台套]?|是|有|为|的|了|呢|吗|么|啥|请问|一下|今年|本年|全年|年度|本单位|单位|部门|根据|按照|说明|"
    r"情况|表格|表|(?<=[表件档其文])中|中(?![\u4e00-\u9fff])|里|里面|其中|一共|总共|合计|共计|共|总额|总数|总计|安排了?|用于|用在|花了?|钱|预算数|预算|金额|数额|资金|经费|"
    r"费用|支出|收入|项目|专项|财政|拨款|给|能|可以|大概|大约|具体|分别|各|万元|元|本级|当年|本部门|计划|这|那|该|个|哪|什么|"
    r"科目|方面|一大类|大类|一款|那块|那笔|一年|每年|上缴|缴纳|缴|交了|交|以外|之外|除了|除|类|款"
)


def unaccounted_words(text: str, matches: list[Match]) -> list[str]:
    """The words of the question that no linked row, project or concept accounts for: what is left after the
    linked spans, the document's own unit (「本单位」), question and money words. 「药品医疗器械化妆品抽检监测经费」
    linked to 「…Z药品医疗器械化妆」 leaves 「抽检监测」: the question names something the document does not."""
    chars = list(text)
    for m in matches:
        for i in range(m.start, min(m.end, len(chars))):
            chars[i] = " "
    rest = _SUBJECT_FILLER.sub(" ", re.sub(r"20\d\d年?|\d+", " ", "".join(chars)))
    names = "".join(m.entity.name + "".join(m.entity.aliases) for m in matches)
    return [run for run in re.findall(r"[\u4e00-\u9fff]{2,}", rest) if run not in names]


_PHRASE_BREAK = re.compile(r"[的是有为给交用在和与及了把对向从里中，,。？?！!\s]|[a-z0-9]")


def _same_phrase(text: str, word: str, m: Match) -> bool:
    """Is `word` part of the noun phrase the match sits in (「机关运行经费财政拨款」), not a qualifier elsewhere
    in the question (「给职工交的住房公积金」)? Only nouns may stand between them, no particle or verb."""
    for k in [i for i in range(len(text)) if text.startswith(word, i)]:
        between = text[k + len(word) : m.start] if k + len(word) <= m.start else text[m.end : k] if k >= m.end else ""
        if not _PHRASE_BREAK.search(between.replace("“", "").replace("”", "")):
            return True
    return False


def _stray_words(kb: Knowledge, text: str, linked: list[Match], first: Match) -> list[str]:
    """Words of the question that name another row, project or concept of this document but are no part of
    the row about to answer it (its name, its parent's, its table's title): 「食品安全监管能力提升…」 is not the
    function class 「食品安全监管」. Colloquial words the tables never use (「银行手续费」「冬天取暖」) are no sign."""
    rows = kb.entity_rows.get(first.entity.key, [])
    own = "".join(
        [
            first.entity.name,
            *first.entity.aliases,
            *(r["parent"] for r in rows),
            *(str(kb.tables.get(r["table"], {}).get("title", "")) for r in rows),
        ]
    )
    stray = [
        w
        for w in unaccounted_words(text, linked)
        if w not in own and w in kb.vocabulary and _same_phrase(text, w, first)
    ]
    if not first.exact:  # the words a loose match spans (and the phrase it sits in) must be the row's own,
        start, end = first.start, first.end  # but for a slip of one character
        while end < len(text) and "\u4e00" <= text[end] <= "\u9fff" and not _SUBJECT_FILLER.match(text, end):
            end += 1
        while start > 0 and "\u4e00" <= text[start - 1] <= "\u9fff" and not _SUBJECT_FILLER.match(text, start - 1):
            start -= 1
        inside = _SUBJECT_FILLER.sub("", text[start:end])
        foreign = "".join(ch for ch in inside if "\u4e00" <= ch <= "\u9fff" and ch not in own)
        if len(foreign) >= 2:
            stray.append(foreign)
        asked = text[start : first.end]  # 「事业单位离退休」 beside 行政单位离退休
        kin = [first.entity.name, *(c["name"] for r in rows for c in kb.children(r))]  # 「事业单位医疗」: 行政单位医疗
        project = first.entity.kind == "perf" or any("project" in kb.kind_of.get(r["table"], "") for r in rows)
        swapped = substituted(text, first) if len(foreign) < 2 and project else ""  # (a 经济分类 item: 接侍 is 接待)
        if not foreign and any(sibling_of(asked, core_name(n)) for n in kin):
            stray.append(asked)
        elif swapped:
            stray.append(swapped)
    return stray


def _cjk(s: str) -> bool:
    return bool(re.fullmatch(r"[\u4e00-\u9fff]+", s))


def substituted(text: str, first: Match) -> str:
    """Characters a loosely matched question writes in place of the name's own (「公路道口」 for 铁路道口, 「驻县」
    for 驻村, 「国有经济」 for 民营经济): another thing — unless they sound alike (「明营」 for 民营: a slip)."""
    name = re.sub(r"^[A-Za-z]+", "", core_name(first.entity.name))
    span = text[first.start : first.end]
    sm = SequenceMatcher(None, span, name, autojunk=False)
    pairs = [(span[i1:i2], name[j1:j2]) for tag, i1, i2, j1, j2 in sm.get_opcodes() if tag == "replace"]
    block = sm.get_matching_blocks()[0]
    if block.size and block.a == 0 and block.b > 0:  # the question's words start inside the name: what stands before
        before = text[max(0, first.start - min(block.b, 2)) : first.start]
        head = name[block.b - len(before) : block.b]
        filler = (
            any(  # 「本单位」「其中」「…的」 before the name: no qualifier (「国有」 is one: 有 stays)
                f.start() < first.start <= f.end() and f.end() - f.start() >= 2 for f in _SUBJECT_FILLER.finditer(text)
            )
            or text[first.start - 1 : first.start] in ("的", "是", "和", "与", "及", "在", "里", "中", "、")
        )
        if before and not set(before) & set(head) and not filler:
            pairs.append((before, head))  # (「其中基本养老保险缴费」: 其中 is no qualifier)
    return "".join(a for a, b in pairs if _cjk(a + b) and not _sounds_near(a, b))


def _sounds_near(a: str, b: str) -> bool:
    """「明」 for 民 (ming/min): a slip of the ear — tones, front/back nasals and zh/z, ch/c, sh/s aside."""
    from pypinyin import lazy_pinyin

    def fold(p: str) -> str:
        return re.sub(r"([aeiu])ng$", r"\1n", re.sub(r"^([zcs])h", r"\1", p))

    pa, pb = lazy_pinyin(a), lazy_pinyin(b)
    return len(pa) == len(pb) and all(fold(x) == fold(y) for x, y in zip(pa, pb, strict=True))


def sibling_of(asked: str, name: str) -> bool:
    """「事业单位离退休」 names 行政单位离退休's sibling, not it: the same tail (单位离退休) after another qualifier
    (事业, not 行政) — two qualifiers with no character in common (a slip of one character keeps one)."""
    n = 0
    while n < min(len(asked), len(name)) and asked[-1 - n] == name[-1 - n]:
        n += 1
    head_asked, head_name = asked[: len(asked) - n], name[: len(name) - n]
    return n >= 2 and len(head_asked) >= 2 and len(head_name) >= 2 and not set(head_asked) & set(head_name)


_MODIFIER_END = re.compile(r"[的是有为给交用在和与及了把对向从里，,、。？?！!\s“”「」]")


def narrower_words(kb: Knowledge, text: str, linked: list[Match], first: Match) -> str:
    """Words printed right before a class row's name that make it a narrower thing the document does not print:
    「高中教育支出」 is not the class 「教育支出」 (it would be one of its 项), though 「给职工交的住房公积金」 and
    「荆州市教育局教育支出」 are. Only for a row with children: a leaf row may carry a colloquial word
    (「银行手续费」)."""
    rows = kb.entity_rows.get(first.entity.key, [])
    if first.entity.kind != "row" or not first.exact or not any(kb.children(r) for r in rows):
        return ""
    start = first.start
    ends = [m.end for m in linked if m.end <= first.start]
    floor = max(ends, default=0)
    while start > floor and "\u4e00" <= text[start - 1] <= "\u9fff" and not _MODIFIER_END.match(text[start - 1]):
        start -= 1
    words = text[start : first.start]
    named = sorted((n for c in concepts() for n in (c.name, *c.aliases) if len(n) >= 3), key=len, reverse=True)
    for name in (kb.doc.get("unit", ""), *first.entity.aliases, *(r["parent"] for r in rows), *named):
        words = words.replace(name, " ") if name else words
    words = re.sub(
        r"20\d\d年?|今年|去年|明年|全年|本年|[第表][一二三四五六七八九十\d]+张?表?|[公开预算]*\d+表|[\u4e00-\u9fff]*(?:局|委|办|中心|厅|院|所|站|队)$",
        " ",
        words,
    )
    words = _SUBJECT_FILLER.sub(" ", words + text[first.start])[:-1]  # 「高中」 stays: its 中 is not 「表中」's
    return next((w for w in re.findall(r"[\u4e00-\u9fff]{2,}", words) if w not in kb.vocabulary), "")


def unnamed_words(text: str, linked: tuple[Match, ...] | list[Match]) -> list[str]:
    """The words no linked name, no column (「一般公共预算基本支出」: a source) and no table named (「表十二…」)
    accounts for."""
    text = _TABLE_REF.sub(lambda t: " " * len(t.group(0)), text)
    for word, _ in find_columns(text):
        text = text.replace(word, " " * len(word))
    return unaccounted_words(text, list(linked))


def _skipped(text: str, m: Match) -> list[str]:
    """The words a loose match of a concept skips (「政府采购服务预算」 read as 政府采购预算 skips 服务)."""
    if m.exact or m.entity.kind != "concept":
        return []
    said = text[m.start : m.end]
    for alias in m.entity.aliases:
        left, k = [], 0
        for ch in said:
            if k < len(alias) and ch == alias[k]:
                k += 1
                left.append(" ")
            else:
                left.append(ch)
        if k == len(alias):
            return re.findall(r"[\u4e00-\u9fff]{2,}", "".join(left))
    return []


def not_the_other(kb: Knowledge, text: str, found: list[Match]) -> list[Match]:
    """「监狱支出」 is the class 监狱, not its 「其他监狱支出」 (that row's name holds the words, but 其他 is what
    makes it that row): a 其他… row the question names without 其他 stands for the class the words name, or for
    nothing when the document has no such class."""
    out = []
    for m in found:
        said = text[m.start : m.end]
        if m.entity.kind != "row" or not core_name(m.entity.name).startswith("其他") or re.search(r"其他|\d", said):
            out.append(m)
            continue
        bare = {said, re.sub(r"支出$", "", said)}
        cls = next((e for e in kb.entities if e.kind == "row" and core_name(e.name) in bare), None)
        if cls is not None:
            out.append(Match(cls, m.score, m.start, m.end, True))
    return out


def one_side_of(text: str, m: Match) -> bool:
    """「公用经费支出」 said loosely of 「人员经费和公用经费支出」, 「公务用车购置费」 of the concept 「公务用车购置及运行
    维护费」: the words name one side of the name's 和/及, so the row or concept (both together) is not what is
    asked (「社会保障就业支出」 names both sides of 「社会保障和就业支出」; 「公务用车」 is the head they share)."""
    if m.exact or m.entity.kind not in ("row", "concept"):
        return False
    sides = re.split(r"和|与|及", m.entity.name, maxsplit=1)  # (the name is its core: no numbering)
    said = text[m.start : m.end]
    if len(sides) < 2 or len(sides[0]) < 2 or len(sides[1]) < 2:
        return False
    grams = [[side[i : i + 2] for i in range(len(side) - 1)] for side in sides[:2]]
    left = [g for g in grams[0] if g not in grams[1]]  # 「人员」 is the left side's own, 「经费」 both sides'
    right = [g for g in grams[1] if g not in grams[0]]
    if not left or not right:
        return False
    only_second = not any(g in said for g in left) and any(g in said for g in right)
    only_first = left[-1] in said and right[0] not in said and grams[1][0] not in said  # 「…购置费」, no 「运行」
    return only_second or only_first
