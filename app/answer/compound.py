"""Compound questions: 「X是多少，其中Y是多少」「有几个项目，一共多少钱」「编制几辆，实有几辆」 ask several things.
Each clause that asks is a part, answered on its own (a later part may continue an earlier one, as a follow-up
does: 「其中项目支出是多少」 is the first part's 项目支出), verified and cited; the answer lists every part. Parts are
never added up — a sum is asked in one clause (「加起来」)."""

from __future__ import annotations

import re

from app.answer.question_words import _BODY_END, SOURCE_COLUMNS
from app.models import Answer, Subject

_ASKS = re.compile(
    r"多少|多大|多高|几(?:个|辆|项|人|台|成|张|处)?|最[大多高少小低].{0,8}哪|哪.{0,8}最[大多高少小低]|how many|how much|what (?:is|are|share|percentage|proportion)\b|what.s"
    r"|^(?:它|其|那)?占.{0,12}(?:比例|比重|百分比)"  # 「…有多少，占收入总计的比例」: the share is an ask of its own
)  # asks for a figure
_CLAUSE_END = re.compile(r"(?<=[，,；;？?])\s*")
_LEAD = re.compile(r"^(?:其中|另外|以及|还有|并且|同时|那么|and|also)\s*")


def split_compound(question: str) -> list[str]:
    """The clauses of a question that each ask for a figure, in order; else [question]. A clause that asks what
    something is or why (「是干什么的，多少钱」「多少，为什么」) stays with its figure: the router answers both."""
    text = re.sub(
        r"(?<=[a-z])\s+and\s+(?=how\s+(?:much|many)\b|what\s+(?:is|are|share|percentage|proportion)\b)",
        ", and ",
        question.strip(),
        flags=re.I,
    )  # "How many projects are there and what is their total?": two asks
    shares = each_share(text)  # "…budget and how much of it is for vehicles?": two asks, as with a comma
    if shares:
        return shares
    clauses = [c.strip() for c in _CLAUSE_END.split(text) if c.strip()]
    asking = [c for c in clauses if _ASKS.search(c)]
    total = re.compile(
        r"(?:总额|总计|合计|总数)[，,；;]?$"
    )  # 「政府采购预算总额，工程采购多少」: the total is asked too
    if len(clauses) == 2 and asking == clauses[1:] and total.search(clauses[0]) and len(clauses[0]) >= 4:
        return [total.sub(lambda m: m.group(0).rstrip("，,；;") + "是多少", clauses[0]), clauses[1]]
    if len(asking) < 2 or len(asking) != len(clauses):
        return [question]  # 「根据说明，X是多少」: one ask; a clause that asks nothing belongs to its neighbour
    if any(len(re.findall(r"[\u4e00-\u9fffa-zA-Z]", _LEAD.sub("", c))) < 3 for c in asking):
        return [question]
    return [c.rstrip("，,；;") for c in asking]


_EACH_SHARE = re.compile(r"^(?P<names>[^，,；;。？?]+?)(?:分别|各自|各)占(?P<rest>[^，,；;。]*[？?]?)$")
_CONTAINER = re.compile(r"^.*(?:其中|之中|当中|里面|中|里)(?=.)")


def each_share(text: str) -> list[str]:
    """「基本支出和项目支出各占多少比例」: each name's share, one part each (of the same whole); the container of
    the first (「三公经费中因公出国费和公务接待费…」) is every name's."""
    m = _EACH_SHARE.match(text)
    if m is None:
        return []
    names = [n for n in re.split(r"和|与|及|以及|、|跟", m.group("names")) if n.strip()]
    if len(names) < 2 or any(len(re.findall(r"[\u4e00-\u9fffa-zA-Z]", n)) < 2 for n in names):
        return []
    inside = _CONTAINER.match(names[0])
    prefix = inside.group(0) if inside else ""
    return [f"{'' if k == 0 else prefix}{n.strip()}占{m.group('rest')}" for k, n in enumerate(names)]


_THEN = re.compile(r"^(?:那么?|则|所以|请问|我想知道)[，,\s]*")


def after_premise(question: str) -> tuple[str, str]:
    """「三公经费比2023年增加了0.2万，那2023年三公预算是多少？」: clauses that state a figure and ask nothing are the
    asker's premise; the question is the clause after 那 → (premise, ask), else ("", question)."""
    clauses = [c.strip() for c in _CLAUSE_END.split(question.strip()) if c.strip()]
    if len(clauses) < 2 or not _THEN.match(clauses[-1]) or not _ASKS.search(clauses[-1]):
        return "", question
    premise = clauses[:-1]
    if any(_ASKS.search(c) for c in premise) or not re.search(r"\d", "".join(premise)):
        return "", question
    return "".join(premise), _THEN.sub("", clauses[-1])


def combine(question: str, parts: list[Answer]) -> Answer:
    """One answer listing every part: the first part's figure is the answer's value; citations are the parts'."""
    lines = [f"{i}. {a.question}：{a.text}" for i, a in enumerate(parts, 1)]
    answered = [a for a in parts if a.status in ("answered", "zero")]
    first = parts[0]
    citations = tuple(dict.fromkeys(c for a in parts for c in a.citations))
    routes = {a.route for a in parts}
    return Answer(
        question,
        f"这个问题有 {len(parts)} 问，逐一回答：\n" + "\n".join(lines),
        first.value,
        first.unit,
        routes.pop() if len(routes) == 1 else "both",
        f"复合问题，分 {len(parts)} 部分回答：" + "；".join(f"「{a.question}」{a.reason}" for a in parts),
        citations,
        "answered" if answered else "not_found",
        first.computation,
        first.subject,
        all(a.verified for a in parts),
        tuple(parts),
    )


def carry_subject(part: str, earlier: list[Answer], columns: dict[str, tuple[str, ...]] | None = None) -> str:
    """A later part that starts with a comparison (「占…的比例」「比上年…」) compares the earlier part's subject. A
    part that names only columns or asks only the total (「其中项目支出多少」「一共多少钱」) asks them of the
    earlier part's row, in its table when that table has them (`columns`: each table's columns)."""
    kinds = ("projects", "projects_by_source", "table/unit_projects", "perf_forms")
    projects = earlier[-1].rule if earlier and earlier[-1].rule in kinds else ""
    if projects and (
        re.match(r"(?:那|这些项目)?(?:一共|总共|合计|加起来)", part) or _THEIR_TOTAL.match(part)
    ):  # 「有几个项目，一共多少钱」, "…, and what is their total?"
        unit = earlier[-1].subject if projects == "table/unit_projects" else None
        counted = _COUNT_TAIL.sub("", earlier[-1].question) if projects in ("projects_by_source", "perf_forms") else ""
        whose = f"{unit.name}的项目" if unit is not None else f"{counted}项目" if counted else "这些项目"
        rest = "一共多少" if _THEIR_TOTAL.match(part) else re.sub(r"^(?:那|这些项目)", "", part)
        return whose + rest  # the projects' sum (of the unit counted)
    listed = _EACH_TAIL.search(earlier[-1].question) if earlier else None
    if listed and _BOTH_ADDED.match(part.strip()):  # 「A和B分别是多少，两项加起来是多少」: A and B added
        return earlier[-1].question[: listed.start()] + "加起来是多少"
    if listed and re.match(r"(?:那么?)?(?:各|分别|各自)占", part.strip()):  # 「A和B分别是多少，各占多少」: each share
        return earlier[-1].question[: listed.start()] + part.strip()
    subject = next((a.subject for a in reversed(earlier) if a.subject is not None), None)
    of_column = _of_total_column(part, subject, columns or {})
    if of_column:
        return of_column
    own = _own_column(part, subject, columns or {}) or _of_a_unit(part, subject)
    if own:
        return own
    only_total = bool(_ONLY_TOTAL.fullmatch(part.strip()))
    asked = [c for c in ("基本支出", "项目支出", "人员经费", "公用经费") if c in part]
    if (
        subject is not None
        and subject.kind == "concept"
        and asked
        and _ONLY_COLUMNS.fullmatch(part.strip())
        and set(asked) <= set((columns or {}).get(subject.table, ()))
    ):  # 「一般公共预算支出合计多少，其中项目支出多少」: 表五's 项目支出, the table the total was read in
        return f"{subject.table}的{_LEAD.sub('', part.strip())}"
    if subject is not None and subject.kind == "row" and (_ONLY_COLUMNS.fullmatch(part.strip()) or only_total):
        asked = [c for c in ("基本支出", "项目支出", "人员经费", "公用经费") if c in part]
        table = subject.table if set(asked) <= set((columns or {}).get(subject.table, ())) else ""
        return f"{table}{subject.name}的{_LEAD.sub('', part.strip())}"  # 「X合计多少？基本支出和项目支出各多少？」
    if subject is not None and _THEY.search(part) and re.search(r"[a-z]{3}", part):  # "what share … are they?"
        return _THEY.sub(subject.name, part, count=1)
    if subject is None or not re.match(r"(?:它|其)?(?:占|比)", part):
        return part
    return subject.name + re.sub(r"^(?:它|其)", "", part)


def _of_total_column(part: str, subject: Subject | None, columns: dict[str, tuple[str, ...]]) -> str:
    """「收入预算总表里上年结转一共多少，其中交通运输支出用了多少」: a 其中 part names a row; the earlier part asked a
    column's total (上年结转), so the part asks that row's 上年结转 in the same table."""
    if subject is None or subject.kind != "row" or not part.startswith("其中") or subject.table not in columns:
        return ""
    cols = columns[subject.table]
    if not subject.column or subject.column == cols[0] or subject.name not in ("合计", "总计", subject.column):
        return ""
    rest = re.sub(r"(?:用了|花了|安排了?|占了?|有)$", "", _ASK_TAIL.sub("", part[2:]).strip("，,：: "))
    return f"{subject.table}{rest}的{subject.column}是多少" if len(rest) >= 2 else ""


def _of_a_unit(part: str, subject: Subject | None) -> str:
    """「基本支出合计多少，其中广州市无线电监测站多少」: a 其中 part that names a unit asks the earlier part's column
    (基本支出 …) of that unit."""
    if (
        subject is None
        or not part.startswith("其中")
        or subject.name not in ("基本支出", "项目支出", "人员经费", "公用经费")
    ):
        return ""
    rest = re.sub(r"(?:用了|花了|安排了?|占了?|有)$", "", _ASK_TAIL.sub("", part[2:]).strip("，,：: "))
    return f"{rest}的{subject.name}是多少" if _BODY_END.search(rest) else ""


def _own_column(part: str, subject: Subject | None, columns: dict[str, tuple[str, ...]]) -> str:
    """「收入总表里X合计多少，其中上年结转多少」: a 其中 part that names only another column of the earlier part's
    table asks that column of the same row."""
    if subject is None or subject.kind != "row" or not part.startswith("其中") or subject.table not in columns:
        return ""
    rest = re.sub(r"(?:用了|花了|安排了?|占了?|有)$", "", _ASK_TAIL.sub("", part[2:]).strip("，,：: "))
    named = [c for c in columns[subject.table][1:] if c == rest] or [
        c for c in columns[subject.table][1:] if len(rest) >= 2 and c.startswith(rest)
    ]  # 「上年结转」 of a table whose only such column is 「上年结转一般公共预算」
    if not named and rest in SOURCE_COLUMNS | {"财政拨款"} and any(rest in cs for cs in columns.values()):
        return f"{subject.name}的{rest}是多少"  # 「其中单位资金多少」: the row's 单位资金, in the table that has it
    if len(named) != 1 or named[0] == subject.column:
        return ""
    return f"{subject.table}{subject.name}的{named[0]}是多少"


_COUNT_TAIL = re.compile(r"(?:的)?(?:项目)?(?:有|共有|一共有|总共有)?(?:几|多少)个(?:项目)?[？?]?$")
_ONLY_COLUMNS = re.compile(
    r"(?:其中|那么?)?(?:(?:基本支出|项目支出|人员经费|公用经费)(?:和|与|及|、)?)+"
    r"(?:分别|各自|各)?(?:是|为|有)?(?:多少|几)(?:万元|钱)?[？?]?"
)
_EACH_TAIL = re.compile(r"(?:分别|各自|各)(?:是|为|有)?(?:多少|几)[^，,？?]*[？?]?$")
_BOTH_ADDED = re.compile(
    r"(?:那么?)?(?:这|那)?(?:两|三|四|几)?(?:项|个|者)?(?:加起来|加在一起|相加|之和|合计|一共|总共)"
)
_THEIR_TOTAL = re.compile(
    r"(?:and\s+)?(?:what\s+(?:is|are)\s+(?:their|the)\s+(?:total|sum|combined)|how\s+much\s+(?:in\s+total|altogether))",
    re.I,
)
_THEY = re.compile(r"\b(?:they|it|them)\b", re.I)
_ONLY_TOTAL = re.compile(r"(?:那|那么)?(?:一共|总共|合计|加起来|总额)(?:是|为|有)?(?:多少|几)(?:万元|钱)?[？?]?")
_RATE = re.compile(r"^(?:增长|上升|增幅|下降|降低|降幅|减少)了?(?:多少|几)(?![万元])")
_AMOUNT = re.compile(r"(?:增加|减少|增长|下降)了?多少(?:万元|钱)?")
_ASK_TAIL = re.compile(r"(?:总额|总计|合计|一共|总数|共)?(?:是|为|有)?(?:多少|几).*$")


def leans_on_earlier(part: str) -> bool:
    """A part with no subject of its own (「一共多少钱」「占多少」「这些项目…」): it asks about the part before, so
    when that part was not found, neither is this one (never the document's total instead)."""
    part = part.strip()
    return bool(
        _ONLY_TOTAL.fullmatch(part)
        or re.match(r"(?:那|那么|这些|它|其)?(?:占|比|一共|总共|合计|加起来)", part)
        or _THEIR_TOTAL.match(part)
        or _THEY.search(part)
    )


def as_rate(part: str, earlier: list[str]) -> str:
    """「增加多少，增长多少」: after the amount of a change, 「增长多少」 asks its rate (the prose's 「增长 0.8%」)."""
    if _RATE.match(part) and any(_AMOUNT.search(e) for e in earlier):
        return re.sub(r"(多少|几)", r"百分之\1", part, count=1)
    return part


def in_context(part: str, first: str) -> str:
    """A later part that names only a piece (「货物类多少？」 after 「政府采购预算总额多少？」) is asked again with the
    first part's subject in front (「政府采购预算货物类多少？」) — used only when the part alone finds nothing."""
    subject = _ASK_TAIL.sub("", _LEAD.sub("", first)).strip()
    return f"{subject}{_LEAD.sub('', part)}" if len(subject) >= 2 and subject not in part else ""
