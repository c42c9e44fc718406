"""The router's rules: a frozen Question, read once, and a registry of small named rules `Question → Plan | None`.
(app.answer.question reads the Question.) The first rule that returns a Plan decides; its name is recorded on the Plan (and in `--json` as `rule`), so
every answer says which rule routed it. A new case is a new rule placed in RULES, not a branch inside others.

    q = read_question(kb, text, intent, matches, asked)
    plan = decide(kb, q)            # plan.rule == "table", "yoy", "narrative", …
"""

from __future__ import annotations

import re
from collections.abc import Callable

from app.answer.doc_units import OWN_LEVEL, own_level_not_printed
from app.answer.econ_classes import class_plan, in_both_econ_tables
from app.answer.english_bodies import unlinked_body
from app.answer.except_plans import except_plan
from app.answer.intent import Intent
from app.answer.knowledge import Knowledge
from app.answer.op_guards import (
    amount_for_a_count,
    one_figure_for_a_difference,
    one_figure_for_a_sum,
    share_or_nothing,
)
from app.answer.operands import _drop_containers, narrower_words, unaccounted_words
from app.answer.plan import Decline, Plan, SearchPlan, TablePlan, YearOnYear
from app.answer.project_plans import (
    _MONEY,
    _indicator_plan,
    _row_purpose_plan,
    of_a_source,
    perf_forms_plan,
    row_sources_plan,
)
from app.answer.project_rules import (
    perf_field,
    perf_project,
    prefixed_projects,
    project_indicator,
    projects,
    projects_by_source,
)
from app.answer.prose_topics import prose_subject, prose_topic
from app.answer.question import Question
from app.answer.question_words import (
    _COMPARISON,
    _EACH,
    _EN_QUESTION_WORDS,
    _SPLIT_SHARE,
    _TABLE_REF,
    CHANGE_GENERIC,
    WHEN,
    english_subject_words,
)
from app.answer.subjects import (
    _asks_amount,
    _asks_total,
    _asks_unknown_attribute,
    _concept,
    _leftover,
)
from app.answer.table_plans import _table_plan
from app.answer.table_rows import _table_total_plan, stray_code
from app.answer.two_tables import not_in_the_named_table, one_row_two_tables, this_year_and_carried
from app.answer.yoy_plans import _reason_plan, _yoy_plan
from app.models import Subject
from app.tools.table_query import TableQuery, Target

# -- the rules, in the order they are tried --------------------------------------------------------------


def unknown_attribute(kb: Knowledge, q: Question) -> Plan | None:
    """An attribute of a row the document does not give (「X的负责人」): said, never a figure."""
    about = next((m for m in q.table_matches if m.end > m.start), None)
    if about is None or _EACH.search(q.text):  # 「A和B各是多少」: 各是 is no attribute of A
        return None
    following = min((m.start for m in q.matches if m.start >= about.end), default=len(q.text))
    unknown = _asks_unknown_attribute(kb, q.text[:following] + "是多少" if following < len(q.text) else q.text, about)
    if not unknown:
        return None
    return Decline(
        reason=f"问的是「{about.entity.name}」的「{unknown}」，文档中没有这项内容",
        status="not_found",
        message=f"文档中未找到「{about.entity.name}」的「{unknown}」；文档只列出它的预算金额。",
        matches=tuple(q.matches),
        intent=q.intent,
    )


def indicator(kb: Knowledge, q: Question) -> Plan | None:
    """A 绩效指标 by its words (「满意度」「每月检查几次」)."""
    return _indicator_plan(kb, q.text, q.intent, list(q.matches), list(q.table_matches), q.prose_unit)


def amount_and_definition(kb: Knowledge, q: Question) -> Plan | None:
    """「人员经费多少，主要包括哪些」: the row's figure, and the prose that says what it includes."""
    if not (q.intent.definition and q.table_matches and _asks_amount(q.text) and not q.prose_unit):
        return None
    plan = _table_plan(kb, q.text, q.intent, list(q.table_matches), q.column)
    if not isinstance(plan, TablePlan) or plan.query.op != "lookup":
        return None
    return plan.with_prose(q.text, plan.reason + "；又问它包括什么，这写在情况说明或名词解释里，所以也检索正文").but(
        intent=q.intent
    )


_PURPOSE_ZH = re.compile(r"干什么用|做什么用|用途|用于什么|用于哪|用来干|用来做|干啥|做啥|是做什么|主要做什么")


def definition(kb: Knowledge, q: Question) -> Plan | None:
    """What a name means or includes: 名词解释 / 情况说明."""
    purpose = bool(_PURPOSE_ZH.search(q.text)) and not _MONEY.search(q.text)  # 「X的钱主要用来干什么」: not its amount
    if not ((q.intent.definition or purpose) and not q.codes_named and (purpose or not _asks_amount(q.text))):
        return None
    if not q.matches:
        return None
    if q.intent.reason and q.intent.yoy:  # 「…比上年增加的主要原因是什么」 asks why, not what it is
        return None
    name = (q.table_matches or q.matches)[0].entity.name
    includes = bool(re.search(r"包括|包含|哪些|哪几", q.text))
    return SearchPlan(
        reason=f"问的是「{name}」的含义或构成（名词解释/情况说明）",
        search=f"{name} 主要用于" if purpose else q.text,  # 「…124.29万元。主要用于：法制宣传工作支出。」
        kinds=() if includes or purpose else ("definition",),
        intent=q.intent,
        matches=tuple(q.matches),
        subject=Subject("topic", name),
    )


def reason_of_change(kb: Knowledge, q: Question) -> Plan | None:
    """Why a figure changed from last year (the prose's reason), with the figure when it is asked too."""
    if not (q.intent.reason and q.intent.yoy and not q.prose_unit):
        return None
    subject = q.table_matches[0] if q.table_matches else prose_topic(kb, q.text, q.matches) or _concept(kb, "总预算")
    plan = _reason_plan(kb, q.text, q.intent, subject)
    found = (
        kb.row_for(subject.entity, q.column)
        if subject is not None and q.table_matches and _asks_amount(q.text)
        else None
    )
    if found is not None and isinstance(plan, YearOnYear):  # 「机关运行经费安排了多少，为什么下降」
        return plan.but(query=TableQuery("lookup", (Target(found[0]["row_id"], found[1]),)))
    return plan


def change_from_last_year(kb: Knowledge, q: Question) -> Plan | None:
    """A figure against last year, as the document states it (amount, change, percent)."""
    i = q.intent
    if not (
        i.yoy
        and not i.reason
        and not q.share_of_whole
        and not q.prose_unit
        and (not i.narrative_topic or q.table_matches)
    ):
        return None
    inner = _drop_containers(q.text, i, list(q.table_matches))  # 「A里的B比上年…」: B's change
    if inner and narrower_words(kb, q.text, list(q.matches), inner[0]):
        return None  # 「水体污染防治比上年…」: a 项 the document does not print, never its class 污染防治's change
    subject = inner[0] if inner else _concept(kb, "总预算")
    unnamed = (
        [  # 「哈哈项目去年是多少」: 哈哈 names no row — never the whole budget's last year
            w
            for w in unaccounted_words(_COMPARISON.sub(" ", q.text), list(q.matches))
            if len(w) >= 3 or not CHANGE_GENERIC.fullmatch(w)
        ]
        if not q.table_matches
        else []
    )
    in_english = not re.search(r"[\u4e00-\u9fff]", re.sub(r"\d{4}\s*年度?|本单位|本部门", "", q.text))
    english = [w.group(0) for w in english_subject_words(q.text)] if not q.table_matches and in_english else []
    if unnamed or len(english) >= 2:  # 「2025年机关运行经费」, "the quantum teleportation expenses" where no row is
        subject = prose_topic(kb, q.text, q.matches)  # that: never the total's — the prose's sentence, if any
    if subject is None:
        return None
    return _yoy_plan(kb, q.text, q.intent, subject, q.column)


def table(kb: Knowledge, q: Question) -> Plan | None:
    """A figure in the tables: lookup, sum, share, difference, count, list, max, min over linked rows."""
    if q.table_matches and _TABLE_REF.search(q.text) and _bare_total(q):
        return table_total(kb, q)
    concepts_only = all(m.entity.kind == "concept" for m in q.table_matches)
    tabled = any(
        m.entity.kind == "concept" and "procurement" in kb.concept_kinds(m.entity.key) for m in q.table_matches
    )
    prose_first = q.intent.narrative_topic and concepts_only and not q.codes_named and not tabled
    if not q.table_matches or q.prose_unit or q.asks_words or prose_first or WHEN.search(q.text):
        return None  # 「安全生产月活动啥时候搞」 asks a time, which no table cell is
    stray = stray_code(kb, q.text)
    if stray:  # 「委托业务费(30227)」 where no row has code 30227: the name alone may be another 委托业务费
        return Decline(
            reason=f"问题写了科目编码 {stray}，但文档中没有这个编码的行",
            message=f"文档中未找到科目编码「{stray}」：文档的表格中没有这个编码（同名的行可能是别的科目，所以不给出数字）。",
            intent=q.intent,
            matches=q.matches,
        )
    plan = _table_plan(kb, q.text, q.intent, list(q.table_matches), q.column)
    if plan is None:
        return None
    plan = of_a_source(kb, plan, q.text)  # 「一般公共预算拨款政府采购」: 表九's column of that source
    plan = in_both_econ_tables(kb, plan, q.text)  # 「委托业务费」 in the 基本 and the 项目 经济分类 tables
    if q.intent.reason and isinstance(plan, TablePlan) and plan.query.op in ("list", "count"):
        return None  # 「为啥不公开明细」 asks why, not for the list: the prose
    if q.intent.reason and isinstance(plan, TablePlan):
        return plan.with_prose(q.text, plan.reason + "；又问到原因，这只写在情况说明里，所以也检索正文").but(
            intent=q.intent
        )
    return plan.but(intent=q.intent)


def _bare_total(q: Question) -> bool:
    """Nothing linked but a bare total word: 「表六里的总额」 is 表六's total, not the document's (表一)."""
    return all(re.fullmatch(r"总额|合计|总计|总数", q.text[m.start : m.end]) for m in q.table_matches)


def table_total(kb: Knowledge, q: Question) -> Plan | None:
    """A table named by number or title, asked for its total."""
    ref = _TABLE_REF.search(q.text)
    if ref and _bare_total(q) and re.search(r"合计|总计|一共|总共|总额|total", q.text):
        other = [w for w in unaccounted_words(q.text.replace(ref.group(0), " "), list(q.matches)) if len(w) >= 2]
        return None if other else _table_total_plan(kb, ref.group(1), q.intent)  # 「表六里哈哈合计」: not the table's
    return None


def whole_budget(kb: Knowledge, q: Question) -> Plan | None:
    """Nothing named but 项目 or the whole budget: 项目支出 or 总预算 (any other word left stops it)."""
    if q.matches or _leftover(q.text) or q.prose_unit:
        return None
    fallback = None
    if (
        re.search(r"项目|专项|project", q.text)
        and (_asks_amount(q.text) or q.intent.share)
        and not q.intent.narrative_topic
    ):
        fallback = _concept(kb, "项目支出")
    elif _asks_total(q.text, q.intent):
        fallback = _concept(kb, "总预算")
    plan = _table_plan(kb, q.text, q.intent, [fallback], q.column) if fallback is not None else None
    if plan is None or fallback is None:
        return None
    return plan.but(reason=f"问的是「{fallback.entity.name}」：" + plan.reason, intent=q.intent)


def _wants_figure(q: Question) -> bool:
    i = q.intent
    return (i.amount or i.count or bool(i.unit_hint)) and not i.reason and not q.asks_words


def unknown_english(kb: Knowledge, q: Question) -> Plan | None:
    """English the glossary does not know (「railway crossing safety」) is not guessed at."""
    unknown = [w for w in re.findall(r"[a-z]{4,}", q.text) if w not in _EN_QUESTION_WORDS]
    anchored = re.sub(r"本单位|本部门|\d+年?", "", q.text)
    if _wants_figure(q) and len(re.findall(r"[a-z]+", q.text)) >= 4 and not re.search(r"[\u4e00-\u9fff]", anchored):
        return Decline(  # "what is the total budgeted cost of X": no word the document or glossary has, no figure
            reason="英文问题里没有一个词对上文档中的名称或术语表",
            status="not_found",
            intent=q.intent,
            message="文档中未找到能回答这个问题的内容：英文问题里没有对上文档中任何项目、科目或术语的词，请换个说法或用中文提问。",
        )
    if not (_wants_figure(q) and len(unknown) >= 2):
        return None
    phrase = " ".join(unknown)
    return Decline(
        reason=f"英文问题中的「{phrase}」对不上文档中的任何行或段落",
        status="not_found",
        intent=q.intent,
        message=f"文档中未找到「{phrase}」：这几个英文词对不上文档中任何项目或科目的名称（术语表和词表里也没有对应），请用中文写出名称。",
    )


def unknown_body(kb: Knowledge, q: Question) -> Plan | None:
    """ "The … Rescue Center" that no unit of the document answers to: not found, never the department's figure."""
    body = unlinked_body(q.text)
    if not body:
        return None
    return Decline(
        reason=f"英文问题里的单位「{body}」对不上文档中列出的任何单位",
        status="not_found",
        intent=q.intent,
        message=f"文档中未找到「{body}」：文档列出的单位里没有对得上的，请用中文写出单位名称。",
    )


def narrative(kb: Knowledge, q: Question) -> Plan:
    """Everything else: search the prose (a figure with its unit when one is asked for)."""
    intent = q.intent
    if intent.share and q.share_of_whole:
        intent = Intent(**{**intent.__dict__, "unit_hint": "%"})
    year = str(kb.doc.get("year") or "")
    words = q.text if intent.yoy or not year else re.sub(rf"{year}\s*年度?", " ", q.text)  # every sentence's year
    return SearchPlan(
        reason="没有对应的表格行；问题涉及情况说明/概况中的文字"
        if intent.narrative_topic
        else "没有匹配到表格行，检索正文",
        search=re.sub(r"(多少|几)\s*万?元", r"\1", words),  # 「是多少万元」 asks the unit, names nothing
        want_figure=_wants_figure(q) and (_asks_amount(q.text) or intent.unit_hint == "%"),  # a share: its figure
        unit_hint=intent.unit_hint,
        intent=intent,
        matches=tuple(q.matches),
        kinds=("definition",) if intent.definition else ("narrative",) if intent.reason else (),
        subject=prose_subject(q.text, q.matches),
    )


_NO_WHOLE = re.compile(
    r"\s*(?:了|用了)?(?:多少|几成|多大|百分之几)?的?(?:比例|比重|份额|百分比|占比)?(?:是|为)?(?:多少)?[？?。\s]*"
)


def printed_share(kb: Knowledge, q: Question) -> Plan | None:
    """「人员支出占多少比例」 with no denominator named, where the prose prints that figure's share (「人员支出
    58,486.35万元，占59.0%」): the share as printed — the whole the document itself meant."""
    split = _SPLIT_SHARE.search(q.asked)
    if not (q.share_of_whole and split) or not _NO_WHOLE.fullmatch(q.asked[split.end() :]):
        return None  # 「占收入的比例」「占总预算多少」 name the whole: computed from it
    said = re.sub(r"^(?:本单位|本部门|今年|本年)?的?(?:20\d\d年度?)?的?|的$", "", q.asked[: split.start()].strip())
    flat = re.sub(r"\s+", "", kb.corpus)
    printed = rf"{re.escape(said)}[^。；;，,]{{0,10}}?\d[\d,]*(?:\.\d+)?万?元[，,]?占(?:比)?(\d+(?:\.\d+)?)[%％]"
    found = [m for m in re.finditer(printed, flat)] if len(said) >= 2 else []
    if len({m.group(1) for m in found}) != 1:  # none, or two shares printed for it: the tables' computation
        return None
    return SearchPlan(
        reason=f"问「{said}」的占比，没有说分母；情况说明直接写了它的占比",
        search=found[0].group(0),  # the very words that print it
        want_figure=True,
        unit_hint="%",
        intent=Intent(**{**q.intent.__dict__, "unit_hint": "%"}),
        subject=prose_subject(q.text, q.matches),
    )  # no linked names: the prose's own words (人员支出) are the subject, never the concept a synonym reached


def own_level_not_printed_rule(kb: Knowledge, q: Question) -> Plan | None:
    """「审计局本级的基本支出」 of a department of several units whose tables print only the whole department."""
    unit = str(kb.doc.get("unit") or "")
    own = any(e.kind == "row" and e.name.startswith(unit) and OWN_LEVEL in e.aliases[0] for e in kb.entities)
    message = own_level_not_printed(unit, kb.corpus, own, q.text)
    if not message:
        return None
    return Decline(reason="问本级的数，但表格只列全部门的合计", status="not_found", intent=q.intent, message=message)


Rule = Callable[[Knowledge, Question], "Plan | None"]
RULES: tuple[tuple[str, Rule], ...] = (
    ("unknown_body", unknown_body),
    ("own_level_not_printed", own_level_not_printed_rule),
    ("all_but_named", except_plan),
    ("perf_field", perf_field),
    ("perf_project", perf_project),
    ("project_indicator", project_indicator),
    ("perf_forms", lambda kb, q: perf_forms_plan(kb, q.text, q.intent)),
    ("econ_class", lambda kb, q: class_plan(kb, q.text, q.intent, q.column, q.asked)),
    ("row_sources", lambda kb, q: row_sources_plan(kb, q.text, list(q.table_matches))),
    ("row_purpose", lambda kb, q: _row_purpose_plan(kb, q.text, q.intent, list(q.table_matches))),
    ("unknown_attribute", unknown_attribute),
    ("indicator", indicator),
    ("amount_and_definition", amount_and_definition),
    ("definition", definition),
    ("reason_of_change", reason_of_change),
    ("change_from_last_year", change_from_last_year),
    ("projects_by_source", projects_by_source),
    ("one_row_two_tables", one_row_two_tables),
    ("this_year_and_carried", this_year_and_carried),
    ("not_in_the_named_table", not_in_the_named_table),
    ("printed_share", printed_share),
    ("table", table),
    ("prefixed_projects", prefixed_projects),
    ("projects", projects),
    ("table_total", table_total),
    ("whole_budget", whole_budget),
    ("unknown_english", unknown_english),
    ("narrative", narrative),
)


def decide(kb: Knowledge, q: Question) -> Plan:
    """The Plan of the first rule that makes one, named after that rule."""
    for name, rule in RULES:
        plan = rule(kb, q)
        if plan is not None:
            plan = share_or_nothing(q, plan.but(rule=plan.rule or name))
            if amount_for_a_count(q, plan):  # the project rules (or the prose) count them
                continue
            if one_figure_for_a_sum(q, plan):
                return Decline(
                    reason=f"问的是几项之和，但只对上了一个数（{plan.reason}）",
                    message="文档中未找到能把问题列出的几项都对上的数字，所以不给出合计（不会用其中一项代替）。",
                    intent=q.intent,
                    matches=q.matches,
                    rule=f"{plan.rule}/sum_guard",
                )
            if one_figure_for_a_difference(q, plan):  # the prose may state both figures
                why = f"问的是差额，但表格只对上了一个数（{plan.reason}）；检索正文"
                return narrative(kb, q).but(reason=why, rule=f"{plan.rule}/diff_guard")
            return plan
    raise AssertionError("the narrative rule always decides")  # pragma: no cover
