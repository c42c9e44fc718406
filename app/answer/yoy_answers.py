"""Year-over-year answers: the comparison with last year as the 情况说明 states it — the change, its
reason, or last year's amount derived from this year's figure and the stated change — and the correction of a
question whose premise (「为什么比去年增加了500万」) the document contradicts.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from app.answer.knowledge import Knowledge
from app.answer.plain_answers import not_found, table_answer
from app.answer.plan import YearOnYear
from app.models import Answer
from app.numbers import MONEY_UNITS, fmt_value, fmt_yuan, to_wan
from app.tools.table_query import TableTool

_CHANGE = re.compile(
    r"(?P<word>减少|增加|下降|增长|降低|提高|上升|上涨)(?:[（(][^）)]*[）)])?\s*(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>万元|%|％)"
)


_SAME = re.compile(r"相同|持平|没有变化|无变化|不变")
_CLAIM = re.compile(
    r"(?P<word>增加|增长|上涨|涨|提高|多了|减少|下降|降低|降|少了)了?\s*(?P<num>\d[\d,]*(?:\.\d+)?)?\s*(?P<unit>万元|万|元|%|％)?"
)
_UP = ("增加", "增长", "上涨", "涨", "提高", "多了")


def false_premise(question: str, change: re.Match | None) -> str:
    """What the question asserts about the change against last year, when the document says otherwise
    (「为什么三公经费比去年增加了500万」 where the document says 与上年相同), else ""."""
    claim = _CLAIM.search(question)
    if claim is None or not (claim.group("num") or re.search(r"为什么|为何|原因|why", question)):
        return ""  # 「增加了多少」「涨幅多少」 ask; a premise is stated with a figure, or in a why-question
    said = claim.group(0).rstrip()
    if change is None:
        return said
    up_claimed = claim.group("word") in _UP
    up_doc = change.group("word") in _UP
    if up_claimed != up_doc:
        return said
    if claim.group("num"):
        num = Decimal(claim.group("num").replace(",", ""))
        unit = {"万": "万元", "％": "%", None: "万元"}.get(claim.group("unit"), claim.group("unit"))
        doc_num = Decimal(change.group("num").replace(",", ""))
        doc_unit = change.group("unit").replace("％", "%")
        if unit == "元" and doc_unit == "万元":
            num = num / 10000
        if unit in ("万元", "元") and doc_unit == "万元" and num != doc_num:
            return said
        if unit == "%" and doc_unit == "%" and num != doc_num:
            return said
    return ""


_REASON = re.compile(r"(?:主要)?原因(?:是|为|在于|：|:)?(.+?)(?:。|；|;|$)")


_THAN_LAST = re.compile(r"(比|较)(?:上年|去年)$")


def _find(sent: str, name: str) -> int:
    """Where `name` is said in `sent`; 「收入比上年」 is also said 「收入比 2025 年」."""
    if name in sent:
        return sent.find(name)
    if not _THAN_LAST.search(name):
        return -1
    said = re.search(re.escape(_THAN_LAST.sub("", name)) + r"(?:比|较)\s*20\d\d\s*年", sent)
    return said.start() if said else -1


def _change_sentence(kb: Knowledge, plan: YearOnYear, chunks: list) -> tuple[str, object, object] | None:
    """(sentence, chunk, match) of the 情况说明 sentence that states the subject's change vs last year."""
    from app.tools.narrative_search import sentences

    names = kb.prose_names(plan.matches[0].entity) if plan.matches else ()
    said_so = re.sub(r"^(?:本单位|本部门)的?|\s", "", re.split(r"比|较|同比|与上年|和上年", plan.search or "")[0])
    if len(said_so) >= 5:  # 「财政拨款支出预算比2024年预算增加了多少」: the sentence that says those very words
        names = (said_so, *names)
    best = None
    for chunk in chunks:
        if chunk.kind != "narrative":
            continue
        said = sentences(chunk.text)
        for k, sent in enumerate(said):
            pos = [p for p in (_find(sent, n) for n in names) if p >= 0]
            if not pos and _CHANGE.search(sent) and _named_before(said, k, names):
                pos = [-1]  # 「5、…信息化建设（13项）227.88万元。…比2025年预算执行数增加277.22%。」: its item's name
            if not pos:
                continue
            change = next((m for m in _CHANGE.finditer(sent) if m.start() > min(pos)), None)
            same = _SAME.search(sent) if change is None else None
            if change is None and same is None:
                continue
            anchor = change.start() if change else same.start()  # type: ignore[union-attr]
            if any(0 <= p < anchor and _NARROWER.search(sent, p + 1, anchor) for p in pos):
                continue  # 「涉外发展服务支出（款）行政运行（项）支出…增加45.45万元」 is 行政运行's change, not the 款's
            distance = anchor - max(p for p in pos if p < anchor) if any(p < anchor for p in pos) else 999
            distance = 900 if pos == [-1] else distance  # named only by its item: after any sentence naming it
            distance -= 500 if said_so in names and said_so in sent and sent.find(said_so) < anchor else 0
            if plan.kind == "reason" and not _REASON.search(sent, anchor):
                distance += 1000  # asked why: a sentence that gives the change and its reason comes first
            if best is None or distance < best[0]:
                best = (distance, sent, chunk, change)
    return None if best is None else best[1:]  # type: ignore[return-value]


_NARROWER = re.compile(r"）[^，,。；;（]{2,24}（(?:款|项)）")  # a lower class named after the subject's own label
_EXECUTED = re.compile(r"执行|execut", re.I)
_ASKS_MONEY = re.compile(r"多少钱|多少万|万元|元|金额|how much money|amount")
_YEAR_AMOUNT = re.compile(r"(20\d\d)\s*年[^，,。；;\d]{0,16}?(?:为|安排|是)?\s*(\d[\d,]*(?:\.\d+)?)\s*万元")


def _rate_of(sent: str, change: re.Match, amount: Decimal, down: bool, this_year) -> tuple[Decimal, str] | None:  # type: ignore[no-untyped-def]
    """The rate of a change stated as an amount in 万元: amount ÷ last year's (this year's figure, stated just
    before the change or read from the table, ∓ the change) — or None when this year's figure is not sure."""
    stated = list(re.finditer(r"(\d[\d,]*(?:\.\d+)?)\s*万元", sent[: change.start()]))
    now = Decimal(stated[-1].group(1).replace(",", "")) if stated else None
    if now is None and this_year is not None and this_year.value is not None and this_year.unit in MONEY_UNITS:
        now = to_wan(this_year.value, this_year.unit).normalize()
    if now is None:
        return None
    before = now + amount if down else now - amount
    if before <= 0:
        return None
    rate = (amount / before * 100).quantize(Decimal("0.01"))
    return rate, f"{amount} ÷ ({now} {'+' if down else '−'} {amount}) = {rate}%"


def _stated_years(sent: str, question: str, this: int) -> dict[int, Decimal]:
    """{year: amount} a sentence states per year (「2025年当年预算执行数为60.41万元，2026年预算安排227.88万元」),
    where the label is what the question asks: last year's 执行数 only for a question about 执行, this year's
    budget never an 执行数."""
    out: dict[int, Decimal] = {}
    for m in _YEAR_AMOUNT.finditer(sent):
        executed = "执行" in m.group(0)
        if (not executed) if int(m.group(1)) == this else executed == bool(_EXECUTED.search(question)):
            out.setdefault(int(m.group(1)), Decimal(m.group(2).replace(",", "")))
    return out


_ITEM_START = re.compile(
    r"^\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[、.．]|^\s*[（(]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[)）]"
)


def _named_before(said: list[str], k: int, names: tuple[str, ...]) -> bool:
    """The item that sentence k belongs to (from its 「5、」 on, at most three sentences back) names the subject,
    and no other item starts in between."""
    if _ITEM_START.match(said[k]):
        return False  # sentence k opens an item of its own
    for j in range(k - 1, max(-1, k - 4), -1):
        start = _ITEM_START.match(said[j])
        if start:  # named in the item's head, before its first figure (「（2）节能环保支出（类）支出 39,803.47 万元，
            head = re.split(r"\d[\d,]*(?:\.\d+)?\s*万?元", said[j][start.end() :], maxsplit=1)[
                0
            ]  # 主要用于…污染防治」)
            return any(n in head for n in names)
    # no item marker: a sentence that only continues (「其中：…比上年增加…」) is a part's, not the subject's
    return False


_REASON_NEXT = re.compile(
    r"^(?:[^。]{0,16}?主要原因(?:说明)?[是为：:]?|主要(?:是|由于|因为|系)|(?:这|此)?主要是由于?|原因(?:是|为|：|:))(.+?)(?:。|；|;|$)"
)


def _reason_near(sent: str, chunk, chunks: list) -> tuple[re.Match | None, list[tuple[object, str]]]:  # type: ignore[no-untyped-def]
    """The reason for a change: in its own sentence (「…增加 24.17 万元，主要原因是…」) or in one of the two
    sentences after it (「…增长 6.1%。主要是单位在职人员增多…」「预算收支增加主要原因说明：在职人员经费增加。」),
    which may open the next chunk of the same section. Returns (the reason's match, the (chunk, sentence) pairs
    that state the change and its reason, to be cited)."""
    from app.tools.narrative_search import sentences

    own = _REASON.search(sent)
    if own is not None:
        return own, [(chunk, sent)]
    mine = sentences(chunk.text)
    at = next((i for i, x in enumerate(mine) if x == sent), None)
    if at is None:
        return None, [(chunk, sent)]
    following = [(chunk, x) for x in mine[at + 1 : at + 11]]
    later = sorted(
        (c for c in chunks if c.section == chunk.section and c.line >= chunk.line_end and c is not chunk),
        key=lambda c: c.line,
    )
    for nxt in later:  # the change ends its chunk: the next chunks of the section go on (收入…, 支出…, then why)
        if len(following) >= 10:
            break
        following += [(nxt, x) for x in sentences(nxt.text)[: 10 - len(following)]]
    for where, said in following:
        if _CHANGE.search(said):
            if _REASON.search(said):
                break  # another figure's change with its own reason: not this one's
            continue  # a parallel statement (收入…, then 支出…): the reason may follow both
        hit = _REASON_NEXT.search(said)
        if hit is not None:
            return hit, [(chunk, sent), (where, said)]
    return None, [(chunk, sent)]


def yoy_answer(question: str, plan: YearOnYear, kb: Knowledge, tables: TableTool, chunks: list) -> Answer:
    from app.tools.narrative_search import Passage as _P

    name = plan.subject.name if plan.subject else "该项"
    found = _change_sentence(kb, plan, chunks)
    if found is None:
        return not_found(
            question, plan.but(message=f"文档中未找到「{name}」与上年的比较：情况说明没有写它的上年数或增减。")
        )
    sent, chunk, change = found
    cite = _P(chunk, 0.0, sent, 1.0).citation()
    wrong = false_premise(question, change)
    if wrong:
        fact = (
            f"{change.group('word')}{change.group('num')}{change.group('unit')}" if change else "与上年相同，没有变化"
        )
        reason = _REASON.search(sent) if change else None
        why = f"，主要原因是{reason.group(1).strip('，,')}" if reason else ""
        text = f"问题的前提与文档不符：文档写的是{name}比上年{fact}{why}，并不是「{wrong}」。原文：「{sent}」"
        if change is None:
            text = f"问题的前提与文档不符：文档写的是{name}与上年相同，没有变化，并不是「{wrong}」。原文：「{sent}」"
        return Answer(
            question,
            text,
            None,
            None,
            plan.route,
            plan.reason + "；问题中的增减与文档不符，按文档更正",
            (cite,),
            "answered",
            subject=plan.subject,
        )
    if plan.kind == "reason":
        reason, stated = _reason_near(sent, chunk, chunks)
        cites_reason = tuple(dict.fromkeys(_P(c, 0.0, x, 1.0).citation() for c, x in stated))
        sent = stated[0][1] + "".join(
            (
                ""
                if c is stated[0][0] and stated[0][0].text.find(stated[0][1]) + len(stated[0][1]) >= c.text.find(x) - 1
                else "……"
            )
            + x
            for c, x in stated[1:]
        )  # 「……」 where the quote skips a sentence
        if reason is None:
            return not_found(
                question, plan.but(message=f"文档中未找到「{name}」变化的原因：情况说明只写了增减，没有写原因。")
            )
        what = f"{change.group('word')}{change.group('num')}{change.group('unit')}" if change else "与上年相同"
        text = f"{name}比上年{what}，主要原因是{reason.group(1).strip('，,')}。原文：「{sent}」"
        if plan.query is None:
            return Answer(
                question, text, None, None, plan.route, plan.reason, cites_reason, "answered", subject=plan.subject
            )
        main = table_answer(question, plan, tables.run(plan.query), kb)
        return replace(main, text=main.text + "\n" + text, citations=main.citations + cites_reason, route="both")
    this_year = tables.run(plan.query) if plan.query else None
    cites = ((this_year.facts[0].citation,) if this_year else ()) + (cite,)
    if change is None:  # 「与上年预算数相同」
        if plan.kind == "change":
            return Answer(
                question,
                f"{name}与上年相同，没有变化。原文：「{sent}」",
                Decimal(0),
                "万元",
                plan.route,
                plan.reason,
                cites,
                "answered",
                subject=plan.subject,
            )
        if this_year is None or this_year.value is None:
            return not_found(question, plan, f"{name}的上年数")
        text = f"{name}与上年相同：上年也是 {fmt_value(this_year.value, this_year.unit)}。原文：「{sent}」"
        value = Decimal(0) if plan.kind == "change" else this_year.value
        return Answer(question, text, value, "万元", plan.route, plan.reason, cites, "answered", subject=plan.subject)
    word = change.group("word")
    down = word in ("减少", "下降", "降低")
    amount = Decimal(change.group("num").replace(",", ""))
    unit = "%" if change.group("unit") in ("%", "％") else "万元"
    this, last_year = int(kb.doc["year"]), int(kb.doc["year"]) - 1
    stated = _stated_years(sent, question, this)
    if plan.kind not in ("change", "reason") and last_year in stated and _EXECUTED.search(question):
        text = f"{name}{last_year}年为 {stated[last_year]}万元。原文：「{sent}」"  # 「2025年执行数是多少」: printed
        return Answer(
            question,
            text,
            stated[last_year],
            "万元",
            plan.route,
            plan.reason,
            (cite,),
            "answered",
            subject=plan.subject,
        )
    if unit == "%" and plan.unit_hint != "%" and {this, last_year} <= stated.keys():
        # 「比2025年执行数多了多少钱」: the sentence states both years' amounts and only a rate of change
        now, before = stated[this], stated[last_year]
        if plan.kind == "change":
            diff = now - before
            how = f"{now} − {before} = {diff}"
            text = f"{name}{this}年 {now}万元，比{last_year}年的 {before}万元{'增加' if diff >= 0 else '减少'} {abs(diff)}万元（{how}）。原文：「{sent}」"
            return Answer(
                question, text, abs(diff), "万元", plan.route, plan.reason, cites, "answered", how, plan.subject
            )
        text = f"{name}{last_year}年为 {before}万元。原文：「{sent}」"
        return Answer(
            question, text, before, "万元", plan.route, plan.reason, (cite,), "answered", subject=plan.subject
        )
    if unit == "%" and plan.unit_hint != "%" and _ASKS_MONEY.search(question) and plan.kind == "change":
        return not_found(question, plan, f"{name}与上年相比的金额")  # only a rate is stated: never a rate for money
    if plan.kind == "change":
        if plan.unit_hint == "%" and unit != "%":
            pct = next(
                (m for m in _CHANGE.finditer(sent) if m.group("unit") in ("%", "％") and m.start() > change.start()),
                None,
            )
            if pct is not None:
                amount, unit, word = Decimal(pct.group("num")), "%", pct.group("word")
            else:  # 「较上年增加62.97万元」 and a rate asked: the amount over last year's (this year's ∓ the change)
                rated = _rate_of(sent, change, amount, down, this_year)
                if rated is None:
                    return not_found(question, plan, f"{name}与上年相比的增减幅度")
                rate, how = rated
                text = f"{name}比上年{word} {rate}%（{how}）。原文：「{sent}」"
                return Answer(question, text, rate, "%", plan.route, plan.reason, cites, "answered", how, plan.subject)
        text = f"{name}比上年{word} {amount}{unit}。原文：「{sent}」"
        return Answer(question, text, amount, unit, plan.route, plan.reason, cites, "answered", subject=plan.subject)
    if unit != "万元":
        amt = next((m for m in _CHANGE.finditer(sent) if m.group("unit") == "万元"), None)
        if amt is None:
            return not_found(question, plan, f"{name}的上年数")
        amount, word, down = (
            Decimal(amt.group("num").replace(",", "")),
            amt.group("word"),
            amt.group("word") in ("减少", "下降", "降低"),
        )
    base = this_year.value if this_year is not None and this_year.value is not None else None
    yuan = base if this_year is not None and this_year.unit == "元" else None  # a table in 元: reckoned in 元
    if base is not None and this_year is not None and this_year.unit in MONEY_UNITS:  # a table in 元: the prose is 万元
        base = to_wan(base, this_year.unit).normalize()
    stated = re.search(rf"{re.escape(name)}[^，,。；;\d]{{0,10}}?(\d[\d,]*(?:\.\d+)?)\s*万元", sent)
    said = Decimal(stated.group(1).replace(",", "")) if stated is not None else None
    if said is not None and (base is None or abs(said - base) > Decimal("0.01")):
        # 「安排委托业务费1,816.81万元，比上年增加296.76万元」 where the table's row is another amount (63.50): the
        # change is of the amount its sentence states (a rounding of the table's figure keeps the table's)
        base, yuan = said, None
        cites = tuple(c for c in cites if c.kind != "row") or cites
    if base is None:
        return not_found(question, plan, f"{name}的上年数")
    last = base + amount if down else base - amount
    if last < 0:  # the change belongs to another amount than the one read: no figure
        return not_found(question, plan, f"{name}的上年数")
    sign = "+" if down else "−"
    if yuan is not None:  # 「本年 91,016,775.35元，比上年减少 2,389.52万元」: last year in 元, to the fen
        change = amount * 10000
        computation = f"{yuan} {sign} {change} = {yuan + change if down else yuan - change}"
        last = yuan + change if down else yuan - change
        text = (
            f"上年{name}约为 {fmt_value(last, '元')}：本年 {fmt_value(yuan, '元')}，比上年{word} {amount}万元"
            f"（{fmt_yuan(change)}），所以上年为 {computation}（元）。文档没有直接列出上年数，"
            f"这是按情况说明的增减推算的。原文：「{sent}」"
        )
        return Answer(question, text, last, "元", plan.route, plan.reason, cites, "answered", computation, plan.subject)
    computation = f"{base} {sign} {amount} = {last}"
    text = (
        f"上年{name}约为 {fmt_value(last, '万元')}：本年 {base}万元，比上年{word} {amount}万元，"
        f"所以上年为 {computation}（万元）。文档没有直接列出上年数，这是按情况说明的增减推算的。原文：「{sent}」"
    )
    return Answer(question, text, last, "万元", plan.route, plan.reason, cites, "answered", computation, plan.subject)
