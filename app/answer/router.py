"""The router: decides table, narrative, both or none for a question — and records why.

It links the question to the document's rows, concepts, projects and indicators, reads the intent from
the wording, resolves a follow-up against the previous subject, and turns all of that into a Plan: a
validated TableQuery for the table tool and/or a search for the narrative tool, or a structured look-up
in a 绩效目标表, or a comparison with last year as the document states it.

This module holds the entry point (route): what is out of scope, a follow-up, a refused instruction — then the
registry of named rules (app.answer.rules) over the frozen Question. The families the rules call live beside
it: scope (who and when the question is about), subjects and operands (what it names), table_plans,
project_plans and yoy_plans, all reading the wording through question_words and returning a Plan (plan).
"""

from __future__ import annotations

import re
from dataclasses import replace

from app.answer.compound import _own_column, after_premise, each_share, split_compound
from app.answer.english_bodies import bodies_in_chinese
from app.answer.guard import CleanQuestion, without_instructions
from app.answer.intent import REASON, YOY, Intent, read_intent
from app.answer.knowledge import _TOTAL_NAME, Knowledge
from app.answer.linker import Match, core_name, find_columns
from app.answer.plan import Compound, Decline, Plan, SearchPlan, TablePlan
from app.answer.project_plans import (
    _indicator_plan,
    _indicator_words,
    _perf_plan,
)
from app.answer.question import PROSE_UNITS, read_question
from app.answer.question_words import (
    _BODY_END,
    _FOLLOWUP,
    _GENERIC_WORDS,
    COLUMN_CONCEPTS,
    DOCUMENT_TOTALS,
    ENGLISH_FILLER,
    english_subject_words,
)
from app.answer.rules import decide
from app.answer.scope import (
    _out_of_scope,
    name_the_unit_in_english,
    name_the_unit_plainly,
)
from app.answer.subjects import (
    _concept,
    _without,
    link,
)
from app.answer.table_plans import _table_plan
from app.answer.table_rows import _named_after
from app.answer.table_titles import name_the_tables_plainly
from app.answer.unit_rows import own_level
from app.answer.yoy_plans import _reason_plan, _yoy_plan
from app.models import Subject

_LEAD_IN = re.compile(
    r"^(?:换个问题|换一个问题|再问一个|另外问一下|另外|对了|顺便问一下|顺便问下|我想问一下|我想问|想问一下)[，,：:\s]*"
)


_OF_THAT = re.compile(
    r"^\s*(?:and\s+)?how much of (?:that|it|this|the total)\s+(?:is\s+|goes\s+|went\s+)?(?:(?:for|on|to)\s+)?(.+?)[\s?？.]*$",
    re.IGNORECASE,
)


_SHARE_OF_THAT = re.compile(
    r"^\s*(?:and\s+)?what (?:share|percentage|proportion|percent|part) of (?:the )?(.+?)\s+(?:is|does|do)\s+"
    r"(?:that|it|this)(?:\s+(?:make up|account for|represent|take up))?[\s?？.]*$",
    re.IGNORECASE,
)


def route(kb: Knowledge, q: CleanQuestion, history: tuple = (), whole: bool = True) -> Plan:
    """The plan for one question; `whole` is False for a part of a compound question (it is not split again)."""
    of_that = _OF_THAT.match(q.text)  # "How much of that is for goods?": 「其中 goods 多少」, a part of the last answer
    q = replace(q, text=f"其中{of_that.group(1)}多少？") if of_that and history else q
    share = _SHARE_OF_THAT.match(q.text)  # "What share of the total budget is that?": 「占 total budget 的比例」
    q = replace(q, text=f"占{share.group(1)}的比例是多少？") if share and history else q
    rest = _LEAD_IN.sub("", q.text)
    if rest and rest != q.text:  # 「另外问一下，…」: the words of a conversation; a question of its own unless
        q, history = replace(q, text=rest), history if _FOLLOWUP.search(rest) or _REFERS.search(rest) else ()
    last = history[-1][1] if history else None
    if last is not None and last.value is not None and YOY.search(q.text) and re.search(r"呢\s*[?？]?\s*$", q.text):
        named = re.sub(r"去年|上年|上一年|前一年|那么?|的|呢|[?？\s]", "", q.text)
        if len(named) >= 2 and not re.search(r"多少|几|多大", q.text):  # 「去年的政府采购预算呢」: its amount
            q = replace(q, text=re.sub(r"呢\s*[?？]?\s*$", "是多少？", q.text))
    premise, ask = after_premise(q.text)
    if premise:  # 「X比上年增加了0.2万，那上年X是多少」: the clause after 那 is the question; the premise names X
        named = "".join(dict.fromkeys(m.entity.name for m in link(kb, premise)[1][:1]))
        q = replace(q, text=ask if link(kb, ask)[1] or not named else f"{named}{ask}")
    parts = split_compound(q.text) if whole else (each_share(q.text) or [q.text])  # a part may ask each share
    if len(parts) > 1:
        each = "compound/each_share" if each_share(q.text) else "compound"  # each share: parts of their own
        return Compound(reason=f"复合问题，分 {len(parts)} 部分回答", parts=tuple(parts), rule=each)
    asked = without_instructions(q.text) if q.suspicious else q.text
    plain = own_level(kb, name_the_unit_plainly(name_the_unit_in_english(bodies_in_chinese(kb, asked)), kb.doc["unit"]))
    text, matches = link(kb, name_the_tables_plainly(plain, kb.tables))
    intent = read_intent(text)
    if intent.yoy and not YOY.search(
        _without(text, matches)
    ):  # 「上年结转」「上年实户资金余额」 are names, not last year
        intent = Intent(**{**intent.__dict__, "yoy": False})
    year = int(kb.doc["year"])

    stop = _out_of_scope(kb, text, intent, year, asked) or _unnamed_in_english(text, matches, asked)
    if stop:
        return stop.but(rule="out_of_scope")
    if year - 1 in intent.years and not re.search(r"截至|截止|as of", text):  # a date is no 「last year」
        intent = Intent(**{**intent.__dict__, "yoy": True})

    previous = _previous_subject(history)
    if history and history[-1][1].status == "not_found" and not matches and _FOLLOWUP.search(q.text):
        return Decline(  # 「去年呢？」 after 「哈哈项目是多少」 (not found): nothing to go on, never the whole budget's
            reason="追问接着上一问，而上一问在文档中没有找到",
            message=f"文档中未找到：这一问接着上一问「{history[-1][0]}」，而上一问在文档中没有找到。",
            rule="follow_up_of_unfound",
        )
    if previous and intent.unit_hint in PROSE_UNITS and not _FOLLOWUP.search(q.text):
        previous = None  # 「单位有几辆车」 after 「三公经费是多少」 is a question of its own
    said = core_name(previous.name) if previous else ""  # 「二、政府性基金预算」 is said 「政府性基金预算」
    kept = _previous_share(history)
    if (
        kept and matches and not intent.share and _FOLLOWUP.search(q.text)
    ):  # 「那公用经费呢？」 after a share: its share
        return _again(kb, f"{matches[0].entity.name}占{kept}", q.text, "追问：沿用上一问的占比和分母；")
    money = re.search(r"占(?:了|用了?)?(?:多少|几)(?:万元|元|钱)", q.text)  # 「其中人员经费占了多少钱」: an amount
    if money and intent.share and not re.search(r"比例|比重|百分|几成|%|占比", q.text):
        intent = Intent(**{**intent.__dict__, "share": False})
    if previous and intent.share and matches and _FOLLOWUP.search(q.text):  # a share with 它 for the previous subject
        other = matches[0].entity.name
        if re.search(r"占(?:它|其|这|那|该)", q.text):  # 「公务用车运行费占它多少」: 它 is the whole
            return _again(
                kb,
                f"{other}占{said}的比例",
                q.text,
                f"追问：占「{said}」的比例；",
            )
        ratio = re.search(r"比例|比重|百分|几成|%|占比", q.text)  # 「其中Y占了多少钱」 asks Y's amount
        if ratio and re.match(r"^\s*(?:那么?)?(?:这)?(?:其中|里面|当中)", q.text):  # 「其中项目支出占多少比例」
            table = previous.table if previous.table in kb.tables and other in kb.columns(previous.table) else ""
            return _again(
                kb,
                f"{table}{other}占{table}{said}的比例",
                q.text,
                f"追问：占「{said}」的比例；",
            )
        return _again(kb, f"{said}占{other}的比例", q.text, f"追问：「{said}」的占比；")
    if _part_of_previous(kb, text, intent, matches, previous):  # 「服务类占多少比例？」 after 政府采购's total
        return _again(
            kb,
            f"{matches[0].entity.name}占{said}的比例",
            q.text,
            f"追问：占「{said}」的比例；",
        )
    if previous and intent.share and re.match(r"^\s*(?:那么?|它|这个?|其)?\s*占", text):  # 「占总支出多少」
        return _again(kb, f"{said}{text}", q.text, f"追问：「{said}」的占比；")
    part = re.match(r"^\s*(?:那么?)?其中", q.text)
    if previous and previous.kind == "topic" and part and not intent.share and not re.search(r"[a-z]{2}", q.text):
        return SearchPlan(  # 「…当年拨款1085.37万元，其中：人员经费697.67万元」→「其中人员经费多少？」
            reason=f"追问：「{said}」其中的一部分，在说它的那句原文里找",
            search=f"{said}里{q.text[part.end() :].strip()}",  # 「…里哈哈类」: only a sentence naming it
            want_figure=True,
            unit_hint=intent.unit_hint,
            intent=intent,
        )
    own = _own_column(q.text.strip(), previous, {lb: kb.columns(lb) for lb in kb.tables}) if previous else ""
    if own:  # 「其中单位资金多少？」 after a row: that row's 单位资金 (never the whole 单位资金)
        return _again(kb, own, q.text, f"追问：「{said}」的其中一列；")  # type: ignore[union-attr]
    if previous and _another_unit(previous, matches) and _FOLLOWUP.search(q.text) and not _new_words(text, matches):
        asked_of = f"{matches[0].entity.name}的{re.sub(r'支出$', '', previous.column)}"  # 「那应急救援中心呢」
        return _again(kb, asked_of, q.text, f"追问：沿用上一问的「{previous.column}」；")
    if previous and part and not matches and _new_words(text, matches):  # 「其中服务类多少」: a part of it, named
        plan = _again(
            kb,
            f"{said}{q.text[part.end() :]}",
            q.text,
            f"追问：「{said}」其中的一部分；",
        )
        if isinstance(plan, TablePlan) and plan.subject is not None and plan.subject.name == previous.name:
            named = q.text[part.end() :].strip("多少？?呢是的 ")  # 「其中 goods 多少」: no part linked, not the whole
            return Decline(
                reason=f"追问「{said}」其中的「{named}」，但它对不上文档中的任何一项",
                status="not_found",
                message=f"文档中未找到「{said}」其中的「{named}」，所以不给出数字（不用整体的数代替）。",
                intent=intent,
                rule="follow_up/part_not_found",
            )
        return plan
    only_columns = (
        bool(matches)
        and all(m.entity.kind == "concept" and m.entity.name in COLUMN_CONCEPTS for m in matches)
        and not re.search(r"[里中]的", text)  # 「基本支出里的公用经费」 names its own subject
    )
    share_of_previous = intent.share and bool(matches) and bool(_FOLLOWUP.search(q.text))
    if (
        previous
        and (not matches or only_columns or share_of_previous)
        and (
            _says_nothing_new(text)
            or _REFERS.search(q.text)
            or (_FOLLOWUP.search(q.text) and not _new_words(text, matches))
        )
    ):
        plan = _follow_up(kb, text, intent, find_columns(text), previous, matches if share_of_previous else [])
        return plan.but(rule="follow_up" + (f"/{plan.rule}" if plan.rule else ""))

    if q.suspicious and not matches:
        return Decline(
            reason="问题含有指令或代码，且没有提到本文件的任何预算项目",
            status="refused",
            message="我只回答本预算公开文件中的问题；问题里的指令或代码不会被执行。请直接问预算数字或内容，例如「三公经费是多少？」。",
            intent=intent,
            rule="refuse_instructions",
        )
    return decide(kb, read_question(kb, text, intent, matches, q.text))


# -- follow-ups ---------------------------------------------------------------------------------------


def _another_unit(previous: Subject, matches: list[Match]) -> bool:
    """The previous question asked a column of a unit; this one names only another unit."""
    units = [m for m in matches if _BODY_END.search(m.entity.name)]
    return (
        previous.column not in ("", "合计")
        and bool(_BODY_END.search(previous.name))
        and len(units) == len(matches) == 1
        and units[0].entity.name != previous.name
    )


def _again(kb: Knowledge, joined: str, asked: str, why: str) -> Plan:
    """A follow-up read as the whole question it stands for (「公用经费占基本支出的比例」)."""
    text, matches = link(kb, joined)
    plan = decide(kb, read_question(kb, text, read_intent(text), matches, asked))
    return plan.but(reason=why + plan.reason, rule=f"follow_up/{plan.rule}")


def _part_of_previous(kb: Knowledge, text: str, intent: Intent, matches: list, previous: Subject | None) -> bool:
    """A share of one row with no denominator named, after a question about its table's total: the share is of
    that total (「政府采购总额多少？」→「服务类占多少比例？」 is 服务 ÷ 政府采购, not ÷ the whole budget)."""
    split = re.search(r"占", text)
    if previous is None or not intent.share or len(matches) != 1 or split is None or core_name(previous.name) in text:
        return False
    if _named_after(text[split.end() :]) or matches[0].end > split.start():
        return False
    part = kb.row_for(matches[0].entity)
    whole = kb.row_for(_entity_of(kb, previous).entity) if _entity_of(kb, previous) else None
    if part is None or whole is None or part[0]["table"] != whole[0]["table"]:
        return False
    return (
        whole[0]["level"] == "合计"
        or _TOTAL_NAME.search(whole[0]["name"]) is not None
        or whole[0]["name"] == part[0]["parent"]
    )


def _previous_share(history: tuple) -> str:
    """The denominator of the last answer when it was a share (「人员经费占基本支出的比例」 → 「基本支出的比例」)."""
    if not history:
        return ""
    q, a = history[-1]
    computed = getattr(a, "unit", None) == "%" and "÷" in (getattr(a, "computation", "") or "")
    if not computed or "占" not in q:
        return ""
    after = q.split("占", 1)[1]
    said = re.search(r"追问：占「(.+?)」的比例", getattr(a, "reason", "") or "")
    return f"{said.group(1)}的比例" if said and not _named_after(after) else after  # the whole it was read against


_REFERS = re.compile(
    r"它|其(?!他|余)|这钱|这笔|这项|这个项目|该项目|此项|那笔|\bits\b|\bthis (?:item|project|one)\b"
)  # points back: always a follow-up


def _says_nothing_new(text: str) -> bool:
    """「比去年少了多少？」 names no subject of its own: it continues the conversation."""
    return not _new_words(text, [])


_BODY_EN = re.compile(
    r"(?:\b[a-z][a-z'-]*\s+){0,3}(?:sub-?district|subdistrict office|street office|bureau|office|commission|committee"
    r"|cent(?:er|re)|department|administration|government|town(?:ship)?|district|county|city|agency)\b"
)


def _unnamed_in_english(text: str, matches: list[Match], asked: str = "") -> Plan | None:
    """An English question ("What is the total budget for quantum teleportation?") whose words name a subject
    no linked name accounts for, beside only the document's total: the total is not that subject's figure."""
    totals_only = bool(matches) and all(m.entity.name in DOCUMENT_TOTALS for m in matches)
    if not matches or (not totals_only and re.search(r"[\u4e00-\u9fff]", asked)):
        return None  # beside a name of its own, only a question wholly in English is read word by word
    if not totals_only and any(re.fullmatch(r"\d{3,7}", text[m.start : m.end]) for m in matches):
        return None  # "function code 2080501": a code names its row; the words around it only describe it
    linked = [(m.start, m.end) for m in matches]
    text = _BODY_EN.sub(lambda b: " " * len(b.group(0)), text)  # "of Wanli Subdistrict": a body, the unit or another
    left = [w.group(0) for w in english_subject_words(text) if not any(a <= w.start() < b for a, b in linked)]
    if not left or (not totals_only and len(set(left)) < 2):
        return None  # one word beside a linked name ("planned", "designated") does not name another subject
    named = " ".join(left)
    instead = "总预算" if totals_only else "、".join(dict.fromkeys(m.entity.name for m in matches))
    return Decline(
        reason=f"英文问题里的「{named}」没有对应的表格行或项目，只对上了{instead}",
        message=f"文档中未找到「{named}」：文档里没有这样命名的项目或科目，所以不用「{instead}」代替。",
        matches=matches,
    )


def _new_words(text: str, matches: list[Match]) -> list[str]:
    """The words of a question that name something of its own and that no linked name accounts for:
    「会议费呢？」 after 培训费 asks about 会议费, and "How much is the railway crossing safety fund?" is a
    question of its own — neither continues the previous subject."""
    from app.tools.narrative_search import content_words

    linked = "".join(text[m.start : m.end] for m in matches) + "".join(m.entity.name for m in matches)
    text = re.sub(r"^\s*那么?", "", text)  # 「那比上年呢」: 那 opens a follow-up, it names nothing
    text = re.sub(r"\d{2,4}\s*年度?", " ", text)  # 「比2024年少了多少」: a year names nothing (nor is 「年少」 a word)
    chinese = [w for w in content_words(text) if w not in _GENERIC_WORDS and w not in linked]
    english = [w for w in re.findall(r"[A-Za-z]{3,}", text) if w.lower() not in ENGLISH_FILLER]
    return chinese + english


def on_previous_topic(question: str, history: tuple) -> str:
    """「工程呢？」 after 「政府采购预算多少？」, when it finds nothing on its own: the question read on the previous
    answer's topic in the prose (「政府采购情况 工程呢？」). Only for a prose topic — never a table row's name, so
    「会议费呢？」 after 培训费 can never become 培训费's figure. A reason (「为什么没公开明细？」) may continue a row: it
    carries no figure of its own."""
    previous = _previous_subject(history)
    why = bool(REASON.search(question))  # 「为什么没公开明细？」 after 公共安全支出: a reason carries no figure
    if previous is None or core_name(previous.name) in question or re.match(r"^\s*(?:那么?)?其中", question):
        return ""  # 「其中哈哈类多少」: a part is looked for in its topic's sentences (route), never the topic's figure
    if not why and (previous.kind != "topic" or not _FOLLOWUP.search(question)):
        return ""
    return f"{core_name(previous.name)} {question}"


def _previous_subject(history: tuple) -> Subject | None:
    for _, ans in reversed(history):
        subj = getattr(ans, "subject", None)
        if subj is not None:
            return subj
    return None


def _entity_of(kb: Knowledge, subj: Subject) -> Match | None:
    for e in kb.entities:
        if e.name == subj.name and e.kind == subj.kind:
            return Match(e, 1.0, 0, 0, True)
    return None


def _follow_up(kb: Knowledge, text: str, intent: Intent, columns: list, previous: Subject, others: list[Match]) -> Plan:
    said = core_name(previous.name)  # 「二、政府性基金预算」 is said 「政府性基金预算」
    again = f"追问：沿用上一问的主题「{said}」；"
    m = _entity_of(kb, previous)
    if m is None or previous.kind not in ("row", "concept"):
        joined = f"{said} {text}"
        plan = decide(kb, read_question(kb, joined, intent, kb.linker.link(joined)))
        return plan.but(reason=again + plan.reason, subject=plan.subject or previous)
    perf = _perf_plan(kb, text, intent, [m]) or _indicator_plan(
        kb, f"{said} {text}", intent, _indicator_words(kb, text, intent), [], True
    )
    if perf:
        return perf.but(reason=again + perf.reason)
    if intent.reason:
        plan = _reason_plan(kb, f"{said} {text}", intent, m)
        return plan.but(reason=again + plan.reason)
    if intent.yoy and not re.search(r"占|比例|比重", text):
        plan = _yoy_plan(kb, text, intent, m, previous.column if previous.kind == "row" else "")
        return plan.but(reason=again + plan.reason)
    column = columns[0][0] if columns else ""
    if column and m.entity.kind == "concept":
        concept = _concept(kb, column)
        whole = m.entity.name in COLUMN_CONCEPTS | DOCUMENT_TOTALS  # 「总预算」→「其中基本支出多少」: of the whole
        if concept is not None and (whole or not kb.row_for(m.entity, column)):
            m, column = concept, ""  # 「基本支出是多少」→「那项目支出呢？」: the subject is now 项目支出
            previous = Subject(concept.entity.kind, concept.entity.name)
            said = previous.name
    if others:
        column = ""
    where = previous.table if previous.kind == "row" and not others else ""  # 「其中项目支出多少」: the same table
    if where and not any(r["table"] == where for r in kb.entity_rows.get(m.entity.key, [])):
        where = ""
    if where and (column or previous.column) not in ("", *kb.columns(where)):
        where = ""
    plan = _table_plan(kb, f"{where}{said}{text}", intent, [m, *others], column or previous.column)
    if plan is None:
        return Decline(
            reason=f"追问「{said}」，但找不到对应的列",
            status="not_found",
            message=f"文档中未找到「{said}」的{column or '该项'}数据。",
            intent=intent,
        )
    return plan.but(reason=again + plan.reason, intent=intent)
