"""Figures the 情况说明 states in words, read for questions a single figure does not answer: last year's amount
from this year's and the stated change (「692.81万元，比上年增加15.23万元」 → 677.58万元), every part of a
compound question from one sentence (「货物和服务预算各是多少」), and the part asked inside a container
(「基本支出里人员经费」)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

_STATED = re.compile(r"(?P<num>\d[\d,]*(?:\.\d+)?)\s*万元")
_STATED_CHANGE = re.compile(
    r"比(?:上年|去年|20\d\d年)[^，,。；;]{0,8}?(?P<word>减少|增加|下降|增长|降低|提高)(?:[（(][^）)]*[）)])?\s*"
    r"(?P<num>\d[\d,]*(?:\.\d+)?)\s*万元|(?P<same>与上年(?:预算数?)?(?:相同|持平))"
)


def previous_from_change(sent: str, named: Sequence[str] = ()) -> tuple[Decimal, str, str] | None:
    """Last year's amount from a sentence that states this year's amount and its change (「支出692.81万元，比上年
    增加15.23万元」 → 677.58万元, with how it was computed), or None. The amount that changed is the one labelled
    with the asked words (`named`), or the sentence's only amount before the change; else it is not known which
    (「收入总计1,222.75万元，其中：…上年结转0万元，比上年减少82.90万元」) and None."""
    change = _STATED_CHANGE.search(sent)
    if change is None:
        return None
    before = list(_STATED.finditer(sent[: change.start()]))
    labelled = [
        m
        for k, m in enumerate(before)
        if named and all(w in re.sub(r"\s+", "", sent[before[k - 1].end() if k else 0 : m.start()]) for w in named)
    ]
    chosen = labelled[-1] if labelled else before[0] if len(before) == 1 else None
    if chosen is None:
        return None
    now = Decimal(chosen.group("num").replace(",", ""))
    if change.group("same"):
        return now, "万元", f"本年 {now}万元，与上年相同"
    amount = Decimal(change.group("num").replace(",", ""))
    down = change.group("word") in ("减少", "下降", "降低")
    previous = now + amount if down else now - amount
    sign = "+" if down else "−"
    return (
        previous,
        "万元",
        f"本年 {now}万元，比上年{change.group('word')} {amount}万元，所以上年为 {now} {sign} {amount} = {previous}（万元）",
    )


_PART_BREAK = re.compile(r"[里中的，,、：:\s]|本单位|20\d\d年|政府采购|其中")
_CHANGED = re.compile(r"增加|减少|增长|下降|降低|提高|比|较")
_PART_TAIL = re.compile(r"(?:采购)?(?:预算|金额)?(?:数|额)?$")  # 「货物类采购预算」 → 货物类; 「基本支出」 stays whole


def listed_parts(question: str) -> list[str]:
    """「政府采购里货物类和服务类采购预算各是多少」 → [货物类, 服务类]: the names joined by 和/与/及/、 before 各/分别."""
    head = re.split(r"各是|各为|各有|各自|各多少|分别|各占|各安排", question, maxsplit=1)[0]
    head = re.sub(r"(?:这)?[两三四五六七八九十\d]+(?:类|项|个|种|部分)$", "", head.strip())  # 「货物、工程、服务三类」
    pieces = re.split(r"和|与|及|以及|、", head)
    if len(pieces) < 2:
        return []
    first = _PART_BREAK.split(pieces[0])[-1]
    names = [first, *pieces[1:]]
    out = [_tail_off(_PART_BREAK.split(n)[0] if k else n) for k, n in enumerate(names)]
    return out if all(len(p) >= 2 for p in out) else []


def _tail_off(name: str) -> str:
    """「货物类采购预算」 → 货物类; 「总额」 stays (「总」 alone names nothing)."""
    short = _PART_TAIL.sub("", name).strip()
    return short if len(short) >= 2 else name.strip()


def as_printed(part: str, sent: str) -> str:
    """「服务类」 where the prose says 「服务预算」: a part named by its class (类) is the class's name, when the
    sentence does not write the 类."""
    return part[:-1] if part.endswith("类") and len(part) >= 3 and part not in sent else part


def _part_figure(sent: str, part: str) -> tuple[Decimal, str, str] | None:
    part = as_printed(part, sent)
    m = re.search(
        rf"{re.escape(part)}([^，,。；;\d]{{0,12}}?)(\d[\d,]*(?:\.\d+)?)\s*(万元|元|%|％|辆|台|套|个|人|次|项|平方米)",
        sent,
    )  # 「机要通信用车3辆、…执法执勤用车1辆」: counts as well as amounts
    if m is None or _CHANGED.search(m.group(1)):
        return None  # 「基本支出增加659.75万元」 is a change, not the amount
    return Decimal(m.group(2).replace(",", "")), m.group(3).replace("％", "%"), m.group(2)


_ASKED_PART = re.compile(
    # 中 as 「…里」, never inside a word: 中心, 中央, 中国, 中小, 集中, 高中 …
    r"(?:里|(?<![其集高初空])中(?![心央国华等小期层间标型])|当中|之中|里面)的?"
    r"([\u4e00-\u9fff]{2,10}?)(?:预算|安排|是|有|为|占|多少|几|，|,|？|\?|$)"
)


def asked_part(question: str) -> str:
    """「一般公共预算基本支出里人员经费是多少」 → 人员经费: the part asked for inside a container."""
    m = _ASKED_PART.search(question)
    if m is None or m.group(1) in ("其中", "本单位", "文件", "文档", "表格", "说明", "情况说明"):
        return ""
    if re.search(r"的|提到|写|说|和|与|及|、|哪|什么", m.group(1)):
        return ""  # not a name: the rule applies only to 「A里B」 with B a plain name
    return m.group(1)
