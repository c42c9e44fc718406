"""Scope: who and when a question is about. The unit's own name (「大同市工业和信息化局」, 「工信局」) becomes
「本单位」 — it is who the document is about, not a budget row — and a question about a later or another year,
the final accounts (决算), one person's pay or another organisation is stopped before any planning, with a
not-found Plan that says why.
"""

from __future__ import annotations

import re

from app.answer.intent import Intent
from app.answer.knowledge import Knowledge
from app.answer.plan import Decline, Plan
from app.answer.question_words import _ORG, _ORG_WORD, PERSONAL, table_labels

_SHORT_ORG = re.compile(r"[\u4e00-\u9fff]{2,4}(?:局|委|厅|办|部|院|中心)")  # 「工信局」「福州文职中心」
_ORG_END = set("局委厅办部院会处站所室馆队心")


def typo_of(short: str, full: str) -> bool:
    """「大铜市工信局」 is 「大同市工业和信息化局」 typed with one 同音字: every other character abbreviates it in
    order, and that one sounds like (same pinyin, tones aside) the character it stands for. 「大同市工商局」 is
    another bureau: 商 does not sound like any character it could stand for."""
    if len(short) < 3 or _abbreviates(short, full):
        return False
    from pypinyin import lazy_pinyin

    for i, ch in enumerate(short):
        sound = lazy_pinyin(ch)[0]
        for j, other in enumerate(full):
            if (
                other != ch
                and _abbreviates(short[:i], full[:j])
                and _abbreviates(short[i + 1 :], full[j + 1 :])
                and lazy_pinyin(other)[0] == sound
            ):
                return True
    return False


def name_the_unit_plainly(text: str, unit: str) -> str:
    """The unit's own name (「大同市工业和信息化局」, 「工信局」) → 「本单位」: it is who the document is
    about, not a budget row, and its words must not link to rows such as 「工业和信息产业监管」."""
    text = re.sub(re.escape(unit.lower()) + r"\s*[（(]?本级[）)]?", "本单位（本级）", text)
    text = text.replace(unit.lower(), "本单位")
    upper = _upper_level(text, unit)
    for k, name in enumerate(upper):  # 「上海市财政局」 is the city's bureau, not 上海市普陀区财政局: kept
        text = text.replace(name, f"\x00{k}\x00")
    for size in range(
        len(unit) - 1, 4, -1
    ):  # a part of the name (5+ characters) that ends like an organisation: 「重庆市委宣传部」
        for i in range(len(unit) - size + 1):
            part = unit[i : i + size].lower()
            if part[-1] in _ORG_END and part in text:
                text = text.replace(part, "本单位")
    for size in range(
        len(unit) - 1, 2, -1
    ):  # the end of the name (「工务中心」 of 「…项目工务中心」) is its short name
        tail = unit[-size:].lower()
        if tail[-1] in _ORG_END and tail in text:
            text = text.replace(tail, "本单位")
    town = re.search(r"([\u4e00-\u9fff]{2}(?:街道|镇|乡))(?:办事处|人民政府)?$", unit)
    if town and town.group(1) in text:  # 「万里街道」 of 「…人民政府万里街道办事处」
        text = text.replace(town.group(1), "本单位")
    for short in set(_SHORT_ORG.findall(text)):
        if _abbreviates(short, unit):
            text = text.replace(short, "本单位")
    for word in _ORG_WORD.findall(text):  # 「大铜市工信局」: the unit's name with a 同音字 is still the unit
        tail = next((word[i:] for i in range(len(word) - 2) if typo_of(word[i:], unit)), "")
        if tail:
            text = text.replace(tail, "本单位")
    for k in range(
        len(unit), 0, -1
    ):  # 「泉州市政府办公室」 → 「泉州市本单位」 → 「本单位」: the place is the unit's too
        if f"{unit[:k].lower()}本单位" in text:
            text = text.replace(f"{unit[:k].lower()}本单位", "本单位")
    for m in list(re.finditer(r"([\u4e00-\u9fff]{2,8})本单位", text))[::-1]:  # 「长沙职教基地协调办」: its front too
        run = m.group(1)
        front = next((run[i:] for i in range(len(run) - 1) if _abbreviates(run[i:], unit)), "")
        if front:
            text = text[: m.end(1) - len(front)] + text[m.end(1) :]
    places = [p for m in _PLACE.finditer(unit) for p in (m.group(0), m.group(1))]
    for _ in places:  # 「普陀财政局」 of 上海市普陀区财政局: the place without its 区, or 上海 普陀 both
        found = [p for p in places if f"{p}本单位" in text]
        if not found:
            break
        text = text.replace(f"{max(found, key=len)}本单位", "本单位")
    for k, name in enumerate(upper):
        text = text.replace(f"\x00{k}\x00", name)
    return text


def _upper_level(text: str, unit: str) -> list[str]:
    """Names in the question of a body of the same kind one level up (「上海市财政局」 for 上海市普陀区财政局):
    a place of the unit with its suffix, straight before the unit's kind, without the unit's own lower place."""
    places = [m.group(0) for m in _PLACE.finditer(unit)]
    if len(places) < 2:
        return []
    kind = unit[unit.rfind(places[-1]) + len(places[-1]) :]
    out = []
    for place in places[:-1]:
        for ending in {kind, kind[-3:], kind[-2:]}:
            if len(ending) >= 2 and f"{place}{ending}" in text:
                out.append(f"{place}{ending}")
    return sorted(set(out), key=len, reverse=True)


_PLACE = re.compile(r"([\u4e00-\u9fff]{2,}?)(?:省|自治区|市|区|县|州|旗)")


_ORG_NOUN = r"bureau|office|department|commission|committee|government|administration|agency|council"  # a center: unit_kinds_en.tsv
_NOT_A_NAME = frozenset(
    re.findall(
        r"\S+",
        "what how many much is are was were the a an of for in at by to on does did do have has had as and or "
        "total budget budgets basic project projects expenditure expenditures revenue revenues income spending "
        "share percent percentage vehicles vehicle official reception expense expenses fee fees cost costs "
        "amount funds fund its their this that which year",
    )
)
_EN_WORD = re.compile(r"[a-z][a-z'’&-]*")


def name_the_unit_in_english(text: str) -> str:
    """「… of the Datong Municipal Bureau of Industry and Information Technology」 → 「… of 本单位」: an English
    name of an organisation (words before an organisation noun, and 「of …」 after it) is who the question is
    about, not budget words to link or to call unknown. Text is already lower case."""
    out, pos = [], 0
    for m in re.finditer(rf"\b(?:{_ORG_NOUN})(?:'s|’s)?\b", text):
        words = list(_EN_WORD.finditer(text[: m.start()]))
        start = m.start()
        for w in reversed(words):
            if w.group(0) in _NOT_A_NAME and w.group(0) != "and" or text[w.end() : start].strip(" "):
                break
            start = w.start()
        if start == m.start():
            continue  # 「the office expense」: no name before the noun
        end = m.end()
        more = re.match(rf"((?:\s+[a-z][a-z'’&-]*){{0,3}}?)\s+(?:{_ORG_NOUN})(?:'s|’s)?\b", text[end:])
        if more and not any(w in _NOT_A_NAME for w in more.group(1).split()):
            end += more.end()  # 「… government general office」: one name, two nouns
        tail = re.match(r"\s+of\s+((?:[a-z][a-z'’&-]*\s*)+)", text[end:])
        if tail:
            kept = []
            for w in tail.group(1).split():
                if w in _NOT_A_NAME and w != "and":
                    break
                kept.append(w)
            if kept:
                end += text[end:].index(kept[-1]) + len(kept[-1])
        paren = re.match(r"\s*[（(][^）)]{1,12}[）)]", text[end:])
        end += paren.end() if paren else 0
        if start >= pos:
            out.append(text[pos:start] + "本单位")
            pos = end
    text = "".join(out) + text[pos:]
    if len(re.findall(r"[a-z]{2,}", text)) >= 3:  # 「the total 2024 budget」: the year out of the noun phrase
        years = re.findall(r"\b(20\d\d)\s+(?=[a-z])", text)
        text = re.sub(r"\b20\d\d\s+(?=[a-z])", "", text) + "".join(f" {y}年" for y in years)
    return text


_FINAL_ACCOUNT = re.compile(
    r"决算|实际(?:支出|花费|花了|执行|发生)|执行数|执行率|actual(?:ly)? (?:spen|execut|expend|outturn)|execution (?:amount|rate)"
    r"|final account|outturn"
)
_FUTURE = re.compile(r"明年|下一年|下年度|未来|将来|后年|以后几年|next year|future")


def _no_such_table(kb: Knowledge, text: str) -> Plan | None:
    """「表十九的公务接待费」 where the document's tables stop before 表十九: that table is not found (never another's)."""
    named = table_labels(text)
    if not named or named & set(kb.tables):
        return None
    missing = "、".join(sorted(named))
    return Decline(
        reason=f"问题提到{missing}，文档中没有这张表",
        status="not_found",
        message=f"文档中未找到{missing}：这份文档的表格里没有这个编号（不拿别的表代替）。",
    )


def _out_of_scope(kb: Knowledge, text: str, intent: Intent, year: int, asked: str = "") -> Plan | None:
    if missing := _no_such_table(kb, text):
        return missing
    if _FUTURE.search(text):
        return Decline(
            reason="问的是以后的年份",
            status="not_found",
            message=f"文档中未找到以后年份的数据：本文件只含{kb.doc['unit']}{year}年预算（及与上年的比较），不作预测。",
            intent=intent,
        )
    other_years = [
        y
        for y in intent.years
        if y not in (year, year - 1)
        and not any(  # 「2026年-2027年信息化运维项目」: a span of years inside a printed name
            w.group(0) in re.sub(r"\s+", "", kb.corpus)
            for w in re.finditer(rf"\d{{4}}年?[-—–~至到]{y}年?[^，,。？?\s]{{2,6}}", text)
        )
    ]
    if other_years:
        return Decline(
            reason=f"问题问的是{other_years[0]}年，本文件是{year}年预算",
            status="not_found",
            message=f"文档中未找到{other_years[0]}年的数据：本文件是{kb.doc['unit']}{year}年的预算公开，只含{year}年预算（及与上年的比较）。",
            intent=intent,
        )
    final = _FINAL_ACCOUNT.search(text)
    if (
        final
        and not (re.search(r"执行数|execut", final.group(0)) and re.search(r"执行数为?\s*\d", kb.corpus))
        and not any(final.group(0) in i.name for p in kb.perf for i in p.indicators)  # 「预算执行率」 is a 绩效指标
    ):
        # 「比2025年执行数多了多少」 where the 编制说明 states 「2025年当年预算执行数为60.41万元」 is answered from it
        return Decline(
            reason="问的是决算（实际执行数）；本文件是预算",
            status="not_found",
            message=f"文档中未找到决算（实际收支）数据：本文件是{kb.doc['unit']}{year}年的预算公开，只有预算数，"
            "没有决算或实际执行数。",
            intent=intent,
        )
    if PERSONAL.search(text):
        return Decline(
            reason="问的是个人的收入或开支；预算公开只列单位的预算",
            status="not_found",
            message="文档中未找到个人层面的数据：预算公开只列出单位的预算（如工资福利支出总额），不含某个人的工资或开支。",
            intent=intent,
        )
    other = other_body(asked or text, kb.doc["unit"])
    if other and not _sub_unit(kb, other) and not _part_of_a_name(kb, asked or text, other):
        return Decline(
            reason=f"问题问的是「{other}」，本文件是{kb.doc['unit']}的预算",
            message=f"文档中未找到「{other}」的数据：本文件是{kb.doc['unit']}{year}年的预算公开。",
            intent=intent,
        )
    return None


def _part_of_a_name(kb: Knowledge, text: str, body: str) -> bool:
    """「驻沪办房屋修缮经费」: a body's name that runs on into the name of an item the document prints."""
    end = text.find(body) + len(body)
    last = re.split(r"和|与|及|、", body)[-1]
    if end >= len(body) and len(text[end : end + 4]) >= 2 and last + text[end : end + 4] in kb.corpus:
        return True
    # 「新建社区公共服务中心项目」: a project the document names with a few more words (「新建万里街道社区…」)
    flat = re.sub(r"\s+", "", kb.corpus + "\n" + kb.vocabulary)
    core = re.sub(r"^(?:新建|改建|扩建|续建|建设|修缮|维修|改造)", "", body)  # 「…服务中心新建工程」
    return (
        bool(re.match(r"项目|工程|专项", text[end : end + 2]))
        and len(body) >= 6
        and (
            core != body
            and core in flat
            or any(
                re.search(re.escape(body[:i]) + r"[\u4e00-\u9fff]{1,6}" + re.escape(body[i:]), flat)
                for i in range(2, len(body) - 1)
            )
        )
    )


def _sub_unit(kb: Knowledge, name: str) -> bool:
    """A unit of this department printed as a row of a table by unit, beside the department itself or its 本级
    (「317002 无锡市投资促进中心」 under 「317 无锡市商务局」): its rows answer for it."""
    unit, rows = kb.doc["unit"], kb.rows

    def listed(piece: str) -> bool:
        tables = set(
            rows.loc[rows["name"].map(lambda n, p=piece: n.endswith(p) or (len(n) >= 4 and p.endswith(n))), "table"]
        )
        return any(
            n == unit or n.startswith(unit + "（本级") or n.startswith(unit + "本级")
            for n in rows.loc[rows["table"].isin(tables), "name"]
        )

    pieces = [p for p in re.split(r"和|与|及|、", name) if len(p) >= 4]  # 「…气象台和广州市气象综合保障中心」
    return listed(name) or (len(pieces) > 1 and all(listed(p) for p in pieces))


_DATE = re.compile(r"\d{1,4}\s*(?:年度|年底|年初|年末|年|月底|月份|月|日|号)")
_SUB_BODY = re.compile(r"[\u4e00-\u9fff]{1,8}?(?:管理局|分局|局|中心|所|站|队|处|办公室)")


def other_body(text: str, unit: str) -> str:
    """The name of a body the question asks about that is not the document's unit, else "": another place's
    bureau of the same kind (「甘州区自然资源局」 in 张掖市自然资源局's budget), a sibling under the same parent
    (「…自然资源局福田管理局」 in the 盐田管理局's), the parent itself (「福州市公安局（本级）」 in its 文职人员管理中心's),
    or a body the document only names in a row (「长沙市教育局」 in a 三公 table's heading). The unit's own name,
    a short form of it or a 同音字 typo of it is the unit."""
    text = _DATE.sub(" ", text)  # 「2024年大同市工信局」「截至2024年12月31日…」: a date is no part of a name
    for m in _ORG.finditer(text):
        name = m.group(1)
        sub = _SUB_BODY.match(text, m.end())
        chain = name + sub.group(0) if sub else name
        after = text[m.start() + len(chain) :]
        own = re.match(r"[（(]?(?:机关|局|委|厅)?本级", after)  # 「福州市公安局（局本级）」: the parent's own
        parent = unit.startswith(chain) and chain != unit and not after.startswith(unit[len(chain) : len(chain) + 2])
        if (
            _same_body(chain, unit) and not parent
        ):  # 「福州市公安局（局本级）」: the 中心's parent; 「工信局局本级」: the unit
            continue
        if sub is None and unit.startswith(name) and text.startswith(unit[len(name) : len(name) + 2], m.end()):
            continue
        return chain + ("本级" if own else "")
    kind = re.search(r"(?:管理局|分局|服务中心|管理中心|中心|管理处|办公室|管理站)$", unit)  # 「福田管理局」: a sibling
    for m in re.finditer(rf"([\u4e00-\u9fff]{{2}}){kind.group(0)}", text) if kind else ():
        this = re.match(r"[这那该本此贵我咱]|单位", m.group(1))  # 「这个办公室」 is the unit itself
        if m.group(1) not in unit and not this and not _same_body(m.group(0), unit):
            return m.group(0)
    if re.search(r"(?:街道办事处|街道|镇|乡)(?:人民政府)?$", unit):  # 「长征镇」 in 万里街道's: another township
        for m in re.finditer(r"([\u4e00-\u9fff]{2})(?:街道|镇)", text):
            name = m.group(1)
            if name not in unit and not re.search(r"[这那该本此各全每其城乡村集市]", name):
                return m.group(0)
    return ""


def _same_body(name: str, unit: str) -> bool:
    """The unit, a short form of it (a 市 or 区 it omits may be added), or a 同音字 typo of it."""
    bare = "".join(ch for ch in name if ch in unit or ch not in "省市县区")
    if name != unit and _upper_level(name, unit):  # 「上海市财政局」 is not 上海市普陀区财政局
        return False
    return name == unit or _abbreviates(bare, unit) or typo_of(name, unit)


def _abbreviates(short: str, full: str) -> bool:
    """「工信局」 abbreviates 「大同市工业和信息化局」: its characters appear in order."""
    i = 0
    for ch in full:
        if i < len(short) and ch == short[i]:
            i += 1
    return i == len(short)
