"""What the question names: the question linked to the document's rows, concepts, projects and
indicators (colloquial words rewritten around what already names a row), the row and concept matches a table
can answer with the column words that qualify them, and the small readings of the wording the plan cascade
asks for — does it ask an amount or a total, name something besides its matches, or ask an attribute of a row
that the document never mentions.
"""

from __future__ import annotations

import re

from app.answer.english_words import by_its_words, in_chinese, long_names_first
from app.answer.intent import Intent
from app.answer.knowledge import Knowledge, concepts
from app.answer.linker import COLUMN_WORDS, Linker, Match, apply_synonyms, find_columns, full_width_parens
from app.answer.operands import not_the_other, one_side_of
from app.answer.question_words import _EACH, _ORDINARY, _SPLIT_SHARE, COLUMN_CONCEPTS, SOURCE_COLUMNS
from app.vocabulary import without_total_of


def link(kb: Knowledge, text: str) -> tuple[str, list[Match]]:
    """Link the question as written, rewrite colloquial words outside what already names a row
    (「自有资金安排业务工作经费」 stays a project name), then link again. A row matched only through words
    every budget line shares (「专项资金」, 「经费」) is not linked: 「工业互联网创新发展专项资金」 is not
    「T铁路道口安全管理专项资金」."""
    text = full_width_parens(text)  # 「(境)」 as printed
    text = _EN_QUOTES.sub("", text)  # "the 'three public expenses'": the words, not the quotes
    text = _homophones_corrected(
        kb,
        re.sub(
            r"[（(]\s*(?:含|包括|包含)[^）)]{1,20}[）)]|,?\s*\b(?:including|inclusive of)\b[^,?？.]{1,60}",
            "",
            without_total_of(text),
        ),
    )  # 「（含实户资金余额）」, ", including balances carried over" qualify
    text = _shared_front(
        kb, _shared_head(kb, re.sub(r"\s*\([A-Za-z][A-Za-z ,&'-]{1,80}\)", "", text))
    )  # "(office operating)": a gloss
    text = long_names_first(kb, text) if re.search(r"[A-Za-z]{3}", text) else text
    first = [m for m in kb.linker.link(text) if m.exact or m.score >= 45]  # strong: 5+ characters of a name
    rewritten = apply_synonyms(text, [(m.start, m.end) for m in first])
    rewritten = re.sub(r"([\u4e00-\u9fff]{2,})\s*[（(]\1[)）]", r"\1", rewritten)  # "office expense (办公费)": once
    rewritten = _INSIDE_EN.sub(_contained, rewritten)
    rewritten = in_chinese(kb, rewritten) if re.search(r"[A-Za-z]{3}", rewritten) else rewritten
    rewritten = by_its_words(kb, rewritten) if re.search(r"[A-Za-z]{3}", rewritten) else rewritten
    found = [m for m in kb.linker.link(rewritten) if not _generic_only(rewritten, m)]
    found = _each_not_one(kb, rewritten, found)
    halves = {m.entity.key for m in found if one_side_of(rewritten, m)}
    if halves:  # linked again without them: the words may name something else (the concept 公用经费)
        found = [
            m
            for m in _linked_without(kb, halves, rewritten)
            if not _generic_only(rewritten, m) and not one_side_of(rewritten, m)
        ]
    found = sorted(found + _named_by_its_own_part(kb, rewritten, found), key=lambda m: m.start)
    return rewritten, not_the_other(kb, rewritten, [m for m in found if not _total_of_another(rewritten, m, found)])


_EN_QUOTES = re.compile(r"(?:(?<=\s)|^)['‘\"“](?=[A-Za-z])|(?<=[A-Za-z])['’\"”](?=[\s,.?!;:)]|$)")


def _linked_without(kb: Knowledge, keys: set[str], text: str) -> list[Match]:
    """The question linked again as if the document had no entity of `keys` (the words may name another)."""
    return Linker([e for e in kb.entities if e.key not in keys]).link(text)


def _each_not_one(kb: Knowledge, text: str, found: list[Match]) -> list[Match]:
    """「人员经费支出和公用经费支出分别是多少」: a name said only loosely across the 「和」 of a question that asks
    for each (「人员经费和公用经费支出」) is not one row; the two names on either side are, when each links."""
    if not _EACH.search(text):
        return found
    for m in found:
        if m.exact or not re.search(r"和|与|及|、", text[m.start : m.end]):
            continue
        others = _linked_without(kb, {m.entity.key}, text)
        inside = [o for o in others if m.start <= o.start and o.end <= m.end]
        if len(inside) >= 2:
            return sorted([o for o in found if o is not m] + inside, key=lambda o: o.start)
    return found


def _named_by_its_own_part(kb: Knowledge, text: str, found: list[Match]) -> list[Match]:
    """「黄杨泵站那个工程」: a piece of four or more characters that only one row or project's name holds, followed
    by the word for what it is (工程, 项目 …), names that row (「黄杨泵站至缯坑水库第二条原水管建设工程-2026年」)."""
    out: list[Match] = []
    names = [(e, e.name) for e in kb.entities if e.kind in ("row", "perf")]
    i = 0
    while i < len(text):
        if any(m.start <= i < m.end for m in found + out) or not "\u4e00" <= text[i] <= "\u9fff":
            i += 1
            continue
        j = i + 4
        while j <= len(text) and any(text[i:j] in n for _, n in names):
            j += 1
        piece = text[i : j - 1]
        owners = {e.key: e for e, n in names if len(piece) >= 4 and piece in n}
        clear = not any(m.start < j - 1 and i < m.end for m in found + out)  # never across a name already read
        if len(owners) == 1 and clear and re.match(r"(?:那个|这个|的)?(?:工程|项目|专项)", text[j - 1 :]):
            out.append(Match(next(iter(owners.values())), 45.0, i, j - 1, False))
            i = j - 1
        else:
            i += 1
    return out


_INSIDE_EN = re.compile(
    r"([\u4e00-\u9fff“”（）]{2,})\s+(?:within|under|inside|in)\s+(?:the\s+)?([\u4e00-\u9fff“”（）]{2,})"
)
# "公用经费 within 基本支出" (English read through the glossary) is 「基本支出里的公用经费」: the container first


def _contained(m: re.Match) -> str:
    """「B in A」 as Chinese says it: 「A里的B」, or 「一般公共预算基本支出」 when A is a source of funds (it qualifies B)."""
    part, whole = m.group(1), m.group(2)
    source = re.sub(r"(?:拨款|资金|收入)$", "", whole)
    return f"{source}{part}" if source in SOURCE_COLUMNS else f"{whole}里的{part}"


def _shared_head(kb: Knowledge, text: str) -> str:
    """「社会保障和就业、卫生健康和住房保障支出」: the head the list's last name ends in (支出, 经费, 费) is every listed
    name's. A listed piece no name accounts for gets it when that makes it a name of this document."""
    exact = [m for m in kb.linker.link(text) if m.exact]
    if not exact:
        return text
    cuts = [0]
    for k in re.finditer(r"[、，,；;？?。\s]|和|与|及|以及", text):
        if not any(m.start < k.start() < m.end for m in exact):
            cuts += [k.start(), k.end()]
    cuts.append(len(text))
    for a, b in sorted(zip(cuts[::2], cuts[1::2]), reverse=True):
        tail = re.search(r"(?:^|(?<=[里中的\d\s]))[^里中的\d\s]{2,12}$", text[a:b])  # 「表10里东郊」: 东郊
        tail = tail if tail and re.fullmatch(r"[\u4e00-\u9fff]+", tail.group(0)) else None
        if tail is None or any(m.start < b and a + tail.start() < m.end for m in exact):
            continue
        piece = tail.group(0)
        after = [m for m in exact if m.start >= b and re.search(_HEAD + "$", m.entity.name)]
        head = re.search(_HEAD + "$", after[0].entity.name).group(0) if after else ""
        nxt = next((m for m in exact if m.start >= b), None)
        said = (
            text[nxt.start : nxt.end] if nxt is not None and re.fullmatch(r"、|和|与|及", text[b : nxt.start]) else ""
        )
        for end in dict.fromkeys([head, *(said[-k:] for k in (2, 3) if len(said) >= k + 2)]):  # 「东郊、西郊监狱」
            if not end or piece.endswith(end):
                continue
            whole = piece + end
            trial = [m for m in kb.linker.link(whole) if m.exact and m.start < len(piece) and m.end == len(whole)]
            if trial and (trial[0].start == 0 or trial[0].end - trial[0].start >= 4):
                text = text[:b] + end + text[b:]
                exact = [m for m in kb.linker.link(text) if m.exact]  # the name made is the next piece's follower
                break
    return text


_HEAD = r"(?:支出|经费|费|资金|补助|补贴)"


def _shared_front(kb: Knowledge, text: str) -> str:
    """「公务用车购置费和运行费」: the front of a listed name (公务用车) is the next listed piece's too, when the piece
    alone names nothing and front + piece is a row of this document (公务用车运行费). Where 「公务用车购置」 is no row, 「公务用车购置和运行费」 stays the
    one row 公务用车购置及运行费."""
    names = {e.aliases[0] for e in kb.entities if e.kind == "row" and e.aliases and len(e.aliases[0]) >= 3}
    for joint in reversed(list(re.finditer(r"和|与|及|、", text))):
        left = text[: joint.start()]
        said = next((left[-n:] for n in range(min(len(left), 14), 2, -1) if left[-n:] in names), "")
        run = re.match(r"[\u4e00-\u9fff]{2,10}", text[joint.end() :])
        if not said or run is None or any(run.group(0).startswith(n) for n in names):
            continue
        for j in range(len(run.group(0)), 1, -1):
            front = next((said[:k] for k in range(len(said) - 2, 1, -1) if said[:k] + run.group(0)[:j] in names), "")
            if front:
                text = text[: joint.end()] + front + text[joint.end() :]
                break
    return text


def _total_of_another(text: str, m: Match, found: list[Match]) -> bool:
    """「项目支出总额」: 总额 right after a name is that name's total, not the whole budget's."""
    if not re.fullmatch(r"(?:的)?(?:总额|总计|合计|总数|总和)", text[m.start : m.end]):
        return False
    return any(o is not m and o.end <= m.start and not text[o.end : m.start].strip("的 ") for o in found)


def _homophones_corrected(kb: Knowledge, text: str) -> str:
    """A name typed with one 同音字 (「住房公基金」 for 「住房公积金」) is that name: the question is read with the
    document's spelling. Only names of 3+ characters, only one character off, and only one that sounds the same
    (pinyin, tones aside): 「住房公基金」 is corrected, 「住房公用金」 is not."""
    chars = set(text)
    names = [alias for e in kb.entities for alias in e.aliases] + [a for c in concepts() for a in c.aliases]
    for alias in dict.fromkeys(names):  # rows, projects and the format's concepts (also those only the prose has)
        n = len(alias)
        if n < 3 or alias in text or not re.fullmatch(r"[\u4e00-\u9fff]+", alias):
            continue
        if sum(ch in chars for ch in alias) < n - 1:
            continue
        for i in range(len(text) - n + 1):
            window = text[i : i + n]
            diff = [k for k in range(n) if window[k] != alias[k]]
            if len(diff) == 1 and _sounds_alike(window[diff[0]], alias[diff[0]]):
                text = text[:i] + alias + text[i + n :]
                chars = set(text)
                break
    return text


def _sounds_alike(a: str, b: str) -> bool:
    from pypinyin import lazy_pinyin

    return bool(re.fullmatch(r"[\u4e00-\u9fff]", a)) and lazy_pinyin(a) == lazy_pinyin(b)


_GENERIC_PIECES = re.compile(
    r"专项资金|专项经费|工作经费|专项|资金|经费|项目|支出|费用|工作|管理|补助|业务|运行|事务|其他|安排|预算"
)


def _generic_only(text: str, m: Match) -> bool:
    if m.exact or m.entity.kind != "row":
        return False
    return len(re.findall(r"[\u4e00-\u9fff]", _GENERIC_PIECES.sub("", text[m.start : m.end]))) < 2


_ATTRIBUTE = re.compile(r"^(?:的|之)?([\u4e00-\u9fff]{2,8}?)(?:是|有|为)?(?:多少|几|什么|哪)")
_OWNED = re.compile(r"的([\u4e00-\u9fff]{2,8}?)(?:是|有|为)?(?:多少|几|什么|哪)")
_NOT_ATTRIBUTE = re.compile(
    r"[了过着这那该每花能和与及以外类款项钱费一共总方面里中内上下的年月日比占多少加减差个些干做啥嘛]|合计|小计|百分|比例|比重|占比"
    r"|^(?:资金|预算|金额|支出|数额|合计|安排|给|拿|交|用|出|科目)"
    r"|^(?:采购|购置|购买)(?:预算|金额|资金)"  # 「…专业车的采购预算」: a purchase's amount
)


def _asks_unknown_attribute(kb: Knowledge, text: str, m: Match) -> str:
    """「铁路道口…的联系电话是多少」「三公经费决算执行率是多少」: the question asks something about the row
    that the document never mentions, so the row's amount is not the answer."""
    rest = text[m.end :] if m.end > m.start else ""
    for alias in (m.entity.name, *m.entity.aliases):  # 「2013801行政运行合计」: the code, then the row's name
        if alias and rest.startswith(alias):
            rest = rest[len(alias) :]
            break
    hit = _ATTRIBUTE.search(rest) or _OWNED.search(rest)
    if not hit:
        return ""
    attr = re.sub(r"[是有为]$", "", hit.group(1))  # 「…专项资经有多少」: a typo's last character and 有
    if (
        len(attr) < 2
        or _NOT_ATTRIBUTE.search(attr)
        or attr in _ORDINARY
        or any(attr in w or w in attr for w in COLUMN_WORDS)
    ):
        return ""
    return attr if attr not in kb.corpus else ""


def _table_matches(kb: Knowledge, text: str, intent: Intent, matches: list[Match]) -> tuple[list[Match], str]:
    """Row and concept matches, with column words turned into a column of the row they qualify
    (「社会保障和就业支出的项目支出」), and a whole-table concept dropped when a row inside it is named."""
    table_matches = [m for m in matches if m.entity.kind in ("row", "concept") and not _source_of(text, m, matches)]
    rows = [m for m in table_matches if m.entity.kind == "row" and m.entity.name not in COLUMN_WORDS.values()]
    column = ""
    split = _SPLIT_SHARE.search(text) if intent.share else None
    if not rows and table_matches and not intent.diff and not intent.share:
        first = table_matches[0]
        for word, pos in find_columns(text):
            if (
                word in SOURCE_COLUMNS
                and word != first.entity.name
                and not (first.start <= pos < first.end)
                and not _listed(text, table_matches, pos)
            ):
                own = [m for m in matches if m.entity.kind == "row" and m.start == pos and first.start - m.end <= 1]
                if first.entity.name == "总预算" and own:  # 「单位资金收入预算」: the source's own income row
                    return own[:1], ""
                column = word
                table_matches = [m for m in table_matches if m.entity.name not in (word,)] or table_matches
                break
    if rows:
        for word, pos in find_columns(text):
            if split is not None and pos >= split.start():
                continue  # after 占 a column word names the denominator
            if any(m.start <= pos < m.end for m in rows):
                continue  # part of the row's own name
            if _listed(text, table_matches, pos):
                continue  # 「一般公共预算拨款和单位资金各多少」: an item of the list, not the column of the next
            column = word
            break
        if column:
            table_matches = [
                m
                for m in table_matches
                if not (
                    m.entity.name in (column, *COLUMN_CONCEPTS)
                    and m.entity.kind == "concept"
                    and (split is None or m.start < split.start())
                )
                and not (m.entity.kind == "row" and m.entity.name == column)
            ]
        each = bool(_EACH.search(text))  # 「三公经费多少，其中公务接待费多少」 asks both
        if not intent.share:
            inside = {kb.kind_of.get(r["table"]) for m in rows for r in kb.entity_rows.get(m.entity.key, [])}
            table_matches = [
                m
                for m in table_matches
                if not (
                    m.entity.kind == "concept"
                    and (kb.concept_kinds(m.entity.key) & inside or m.entity.name == "总预算")
                    and (not each or _right_before(text, m, rows))  # 「政府采购货物和服务各是多少」: where they are
                    and not _LISTED.match(text, m.end)  # 「三公经费和机关运行经费一共多少」: an item of the list
                )
            ] or table_matches
    return table_matches, column


_LISTED = re.compile(r"\s*(?:和|与|及|以及|、|,|，)")


def _listed(text: str, matches: list[Match], pos: int) -> bool:
    """The name at `pos` is an item of a list (「一般公共预算拨款和单位资金各多少」): a conjunction beside it."""
    return any(
        m.start <= pos < m.end and (_LISTED.match(text, m.end) or re.search(r"(?:和|与|及|、)\s*$", text[: m.start]))
        for m in matches
    )


def _source_of(text: str, m: Match, matches: list[Match]) -> bool:
    """「一般公共预算基本支出」: a source of funds said right before a concept qualifies it; it is not the row
    「（一）一般公共预算拨款」 the words loosely match."""
    said = text[m.start : m.end]
    return (
        m.entity.kind == "row"
        and said in SOURCE_COLUMNS | {"财政拨款", "政府性基金"}
        and any(o.entity.kind == "concept" and _SOURCE_GAP.fullmatch(text[m.end : o.start]) for o in matches)
    )


_SOURCE_GAP = re.compile(r"(?:拨款)?(?:安排)?的?")  # 「一般公共预算安排的基本支出」「财政拨款的人员经费」


def _right_before(text: str, m: Match, rows: list[Match]) -> bool:
    return any(
        r.start >= m.end and re.fullmatch(r"(?:里|中|的|里的|中的|里面的?)?", text[m.end : r.start]) for r in rows
    )


_FILLER = re.compile(
    r"这个|这|该|搞|做|干|有|项目|专项|支出|经费|资金|预算|一共|总共|全部|全年|总|花|多少|钱|是|的|了|上|里|安排|能|今年|单位|本|我们|局|给|用|大概|呢|吗|"
    r"how|much|is|the|total|overall|whole|budget|what|projects?|spending|for|on|spent|allocated|and|are|to|of|"
    r"share|percentage|percent|proportion|"
    r"[\s?？,，。!！]"
)


def _without(text: str, matches: list[Match]) -> str:
    chars = list(text)
    for m in matches:
        for i in range(m.start, min(m.end, len(chars))):
            chars[i] = " "
    return "".join(chars)


def _leftover(text: str) -> bool:
    """Does the question name something besides 'the total / the projects'? Then a fallback to a
    whole-budget figure would answer a different question."""
    return len(re.findall(r"[\u4e00-\u9fffa-z]", _FILLER.sub("", text))) >= 2


def _names_unmatched_row(kb: Knowledge, text: str) -> bool:
    from app.answer.linker import longest_shared

    for word in COLUMN_WORDS:
        text = text.replace(word, " ")
    runs = [r for r in re.findall(r"[\u4e00-\u9fff]{3,}", text) if _FILLER.sub("", r)]  # 「安排的」 names no row
    rows = [e.aliases[0] for e in kb.entities if e.kind == "row"]
    return any(longest_shared(name, run, minimum=3)[0] >= 3 for run in runs for name in rows)


def _concept(kb: Knowledge, name: str) -> Match | None:
    e = next((e for e in kb.entities if e.key == f"concept:{name}"), None)
    return Match(e, 1.0, 0, 0, True) if e else None


def _asks_amount(text: str) -> bool:
    return bool(
        re.search(
            r"多少|(?<!哪)几|多大|金额|数额|(?:预算|经费|资金|钱|费)呢|how much|how many|what percent|amount|what is the"
            r"|what's the|what are the",  # 「那政府采购预算呢」 asks the amount
            text,
        )
    )


def _asks_total(text: str, intent: Intent) -> bool:
    if intent.narrative_topic:
        return False
    return bool(re.search(r"一共|总共|全部|全年|总|total|overall|whole", text)) and (
        intent.amount or _asks_amount(text)
    )
