"""The router: decides table, narrative, both or none for a question — and records why.

It links the question to the document's rows, concepts, projects and indicators, reads the intent from
the wording, resolves a follow-up against the previous subject, and turns all of that into a Plan: a
validated TableQuery for the table tool and/or a search for the narrative tool, or a structured look-up
in a 绩效目标表, or a comparison with last year as the document states it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.answer.guard import CleanQuestion, without_instructions
from app.answer.intent import Intent, read_intent
from app.answer.knowledge import Knowledge
from app.answer.linker import COLUMN_WORDS, Match, apply_synonyms, core_name, find_columns
from app.models import Subject
from app.tools.table_query import TableQuery, Target

_SPLIT_SHARE = re.compile(r"占|相对于|out of|of the")
_INSIDE = re.compile(
    r"^\s*(?:的)?(?:中|里|里面|当中|之中|内|其中)(?:的)?\s*$"
)  # 「基本支出中人员经费占比」: the part is second
_EXCEPT = re.compile(r"除了?|除去|不算|不含|以外的|之外的|其余|其他的")
_EACH = re.compile(
    r"分别|各是|各为|各多少|各自|各安排|各有多少|各占|respectively|each|(?:多少|几)[^。？?]*其中[^。？?]*(?:多少|几)"
)
# Concepts that qualify the next named figure (「财政拨款基本支出」, 「一般公共预算的人员经费」) rather than being one.
_CONTAINER_AFTER = re.compile(r"\s*(?:的)?(?:中|里|里面|当中|之中|内)(?:的)?\s*[“”\"'「」]?")
_QUALIFIERS = {"一般公共预算拨款", "政府性基金", "上年结转"}
_SUM_WORDS = re.compile(r"和|与|及|加|、|以及|跟|同|plus|and|,|，")
PERSONAL = re.compile(
    r"局长|处长|科长|书记|主任|领导(?!用车)(?!.*车)|个人的|每个人|人均|平均每|某人|每名|每位|员工的工资|"
    r"月薪|年薪|工资条|一个月.{0,6}工资|拿多少"
)
_ORG = re.compile(
    r"((?<![这那本该此哪])[\u4e00-\u9fff]{1,6}(?:省|市|县|区|州|旗)[\u4e00-\u9fff]{1,12}?(?:局|委员会|委|厅|办|学校|医院|公司|研究院|中心))"
)
COLUMN_CONCEPTS = {"基本支出", "项目支出", "人员经费", "公用经费"}
SOURCE_COLUMNS = {"一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金", "单位资金", "上年结转"}
_FOLLOWUP = re.compile(
    r"^(那|那么|它|这个|这笔|这项|其中|那个|and |what about|how about)|呢[?？]?$|它|其|这钱|这笔|这项|这个项目|该项目|此项|那笔"
)
PERF_FIELDS = (  # (wording, what to read from the 绩效目标表)
    (
        re.compile(
            r"哪一级|哪级|什么级别的?财政|资金来源|来源|谁出(的)?钱|哪里的钱|从哪(里)?来|哪来的|省级|中央|市级财政"
        ),
        "funds",
    ),
    (re.compile(r"主管部门|哪个部门管|归谁管|谁主管"), "department"),
    (re.compile(r"实施单位|谁来实施|谁实施"), "implementer"),
    (re.compile(r"一次性|长期|经常性|项目属性|项目期|多长时间|几年"), "attribute"),
    (re.compile(r"立项依据|依据是什么|根据什么|凭什么立项"), "立项依据"),
    (re.compile(r"必要性|为什么要(设|立|搞)"), "项目设立必要性"),
    (re.compile(r"实施计划|怎么实施|什么时候(做|实施)|计划"), "项目实施计划"),
    (re.compile(r"总体目标|目标是什么|要达到什么"), "总体目标"),
    (re.compile(r"干什么用|做什么用|用途|用于|用在|干啥|概况|是做什么|主要做"), "项目概况"),
    (re.compile(r"年度资金总额|实施期资金总额|资金总额"), "total"),
)


@dataclass
class Plan:
    route: str  # table / narrative / both / none
    reason: str
    query: TableQuery | None = None
    search: str = ""  # text for the narrative tool
    kinds: tuple[str, ...] = ()  # narrative chunk kinds to prefer (definition, perf, narrative)
    want_figure: bool = False
    unit_hint: str = ""
    status: str = ""  # refused / not_found when decided here
    message: str = ""
    subject: Subject | None = None
    matches: list[Match] = field(default_factory=list)
    indicator: object = None  # (PerfTarget, Indicator) for a 绩效指标 question
    perf: object = None  # (PerfTarget, field) for a 绩效目标表 attribute question
    yoy: str = ""  # "change" / "value": a comparison with last year, from the prose
    intent: Intent | None = None


def link(kb: Knowledge, text: str) -> tuple[str, list[Match]]:
    """Link the question as written, rewrite colloquial words outside what already names a row
    (「自有资金安排业务工作经费」 stays a project name), then link again. A row matched only through words
    every budget line shares (「专项资金」, 「经费」) is not linked: 「工业互联网创新发展专项资金」 is not
    「T铁路道口安全管理专项资金」."""
    first = [m for m in kb.linker.link(text) if m.exact or m.score >= 45]  # strong: 5+ characters of a name
    rewritten = apply_synonyms(text, [(m.start, m.end) for m in first])
    return rewritten, [m for m in kb.linker.link(rewritten) if not _generic_only(rewritten, m)]


_GENERIC_PIECES = re.compile(
    r"专项资金|专项经费|工作经费|专项|资金|经费|项目|支出|费用|工作|管理|补助|业务|运行|事务|其他|安排|预算"
)


def _generic_only(text: str, m: Match) -> bool:
    if m.exact or m.entity.kind != "row":
        return False
    return len(re.findall(r"[\u4e00-\u9fff]", _GENERIC_PIECES.sub("", text[m.start : m.end]))) < 2


_SHORT_ORG = re.compile(r"[\u4e00-\u9fff]{2,4}(?:局|委|厅|办|部|院)")
_ORG_END = set("局委厅办部院会处站所室馆队心")


def name_the_unit_plainly(text: str, unit: str) -> str:
    """The unit's own name (「大同市工业和信息化局」, 「工信局」) → 「本单位」: it is who the document is
    about, not a budget row, and its words must not link to rows such as 「工业和信息产业监管」."""
    text = text.replace(unit.lower(), "本单位")
    for size in range(
        len(unit) - 1, 4, -1
    ):  # a part of the name (5+ characters) that ends like an organisation: 「重庆市委宣传部」
        for i in range(len(unit) - size + 1):
            part = unit[i : i + size].lower()
            if part[-1] in _ORG_END and part in text:
                text = text.replace(part, "本单位")
    for short in set(_SHORT_ORG.findall(text)):
        if _abbreviates(short, unit):
            text = text.replace(short, "本单位")
    return text


def route(kb: Knowledge, q: CleanQuestion, history: tuple = ()) -> Plan:
    asked = without_instructions(q.text) if q.suspicious else q.text
    text, matches = link(kb, name_the_unit_plainly(asked, kb.doc["unit"]))
    intent = read_intent(text)
    year = int(kb.doc["year"])

    stop = _out_of_scope(kb, text, intent, year)
    if stop:
        return stop
    if year - 1 in intent.years:
        intent = Intent(**{**intent.__dict__, "yoy": True})

    previous = _previous_subject(history)
    only_columns = bool(matches) and all(
        m.entity.kind == "concept" and m.entity.name in COLUMN_CONCEPTS for m in matches
    )
    share_of_previous = intent.share and bool(matches) and bool(_FOLLOWUP.search(q.text))
    if (
        previous
        and (not matches or only_columns or share_of_previous)
        and (_FOLLOWUP.search(q.text) or _says_nothing_new(text))
    ):
        return _follow_up(kb, text, intent, find_columns(text), previous, matches if share_of_previous else [])

    if q.suspicious and not matches:
        return Plan(
            "none",
            "问题含有指令或代码，且没有提到本文件的任何预算项目",
            status="refused",
            message="我只回答本预算公开文件中的问题；问题里的指令或代码不会被执行。请直接问预算数字或内容，例如「三公经费是多少？」。",
            intent=intent,
        )
    return _plan(kb, text, intent, matches, q.text)


_ORDINARY = {
    "一年",
    "每年",
    "今年",
    "全年",
    "目前",
    "现在",
    "我们",
    "局里",
    "单位",
    "这个",
    "那个",
    "多少",
    "一共",
    "总共",
    "大概",
    "大约",
    "一下",
    "请问",
    "告诉",
    "知道",
    "项目",
    "情况",
    "具体",
    "对应",
    "相应",
    "分别",
    "实际",
    "预计",
}
_ATTRIBUTE = re.compile(r"^(?:的|之)?([\u4e00-\u9fff]{2,8}?)(?:是|有|为)?(?:多少|几|什么|哪)")
_OWNED = re.compile(r"的([\u4e00-\u9fff]{2,8}?)(?:是|有|为)?(?:多少|几|什么|哪)")
_NOT_ATTRIBUTE = re.compile(
    r"[了过着这那该每花能和与及以外类款项钱费一共总方面里中内上下的年月日比占多少加减差]|^(?:资金|预算|金额|支出|数额|合计|安排|给|拿|交|用|出|科目)"
)


def _asks_unknown_attribute(kb: Knowledge, text: str, m: Match) -> str:
    """「铁路道口…的联系电话是多少」「三公经费决算执行率是多少」: the question asks something about the row
    that the document never mentions, so the row's amount is not the answer."""
    rest = text[m.end :] if m.end > m.start else ""
    hit = _ATTRIBUTE.search(rest) or _OWNED.search(rest)
    if not hit:
        return ""
    attr = hit.group(1)
    if _NOT_ATTRIBUTE.search(attr) or attr in _ORDINARY or any(attr in w or w in attr for w in COLUMN_WORDS):
        return ""
    return attr if attr not in kb.corpus else ""


def _plan(kb: Knowledge, text: str, intent: Intent, matches: list[Match], asked: str = "") -> Plan:
    table_matches, column = _table_matches(kb, text, intent, matches)
    prose_unit = intent.unit_hint in ("辆", "平方米", "台", "人", "次")
    if asked and column in COLUMN_CONCEPTS and column in asked:
        # 「发工资这些人员经费多少」: a row reached only through a synonym yields to the concept asked by name
        derived = [
            m
            for m in table_matches
            if m.entity.kind == "row"
            and text[m.start : m.end] not in asked
            and any(kb.kind_of.get(r["table"]) == "basic_by_econ" for r in kb.entity_rows.get(m.entity.key, []))
        ]
        concept = next((m for m in matches if m.entity.key == f"concept:{column}"), None) or _concept(kb, column)
        if (
            derived
            and concept is not None
            and len(derived) == len([m for m in table_matches if m.entity.kind == "row"])
        ):
            table_matches, column, text = [concept], "", _without(text, derived)

    perf = _perf_plan(kb, text, intent, table_matches)
    if perf:
        return perf
    project_indicator = _project_indicator(kb, text, intent, table_matches)
    if project_indicator:
        return project_indicator
    asked_about = next((m for m in table_matches if m.end > m.start), None)
    following = min((m.start for m in matches if asked_about and m.start >= asked_about.end), default=len(text))
    unknown = (
        _asks_unknown_attribute(kb, text[:following] + "是多少" if following < len(text) else text, asked_about)
        if asked_about
        else ""
    )
    if unknown:
        return Plan(
            "none",
            f"问的是「{asked_about.entity.name}」的「{unknown}」，文档中没有这项内容",
            status="not_found",  # type: ignore[union-attr]
            message=f"文档中未找到「{asked_about.entity.name}」的「{unknown}」；文档只列出它的预算金额。",  # type: ignore[union-attr]
            matches=matches,
            intent=intent,
        )
    indicator = _indicator_plan(kb, text, intent, matches, table_matches, prose_unit)
    if indicator:
        return indicator

    codes_named = any(m.entity.code and m.entity.code in text for m in table_matches)
    if intent.definition and table_matches and _asks_amount(text) and not prose_unit:
        plan = _table_plan(kb, text, intent, table_matches, column)  # 「人员经费多少，主要包括哪些」
        if plan and plan.query is not None and plan.query.op == "lookup":
            plan.route, plan.search = "both", text
            plan.reason += "；又问它包括什么，这写在情况说明或名词解释里，所以也检索正文"
            plan.intent = intent
            return plan
    if intent.definition and not codes_named and not _asks_amount(text) and matches:
        name = (table_matches or matches)[0].entity.name
        includes = bool(re.search(r"包括|包含|哪些|哪几", text))
        return Plan(
            "narrative",
            f"问的是「{name}」的含义或构成（名词解释/情况说明）",
            search=text,
            kinds=() if includes else ("definition",),
            intent=intent,
            matches=matches,
            subject=Subject("topic", name),
        )

    if intent.reason and intent.yoy and not prose_unit:
        subject = table_matches[0] if table_matches else _concept(kb, "总预算")
        plan = _reason_plan(kb, text, intent, subject)
        found = (
            kb.row_for(subject.entity, column) if subject is not None and table_matches and _asks_amount(text) else None
        )
        if found is not None and plan.yoy == "reason":  # 「机关运行经费安排了多少，为什么下降」
            plan.route, plan.query = "both", TableQuery("lookup", (Target(found[0]["row_id"], found[1]),))
        return plan
    share_of_whole = intent.share and bool(re.search(r"占|比例|比重|share|proportion", text))
    if (
        intent.yoy
        and not intent.reason
        and not share_of_whole
        and not prose_unit
        and (not intent.narrative_topic or table_matches)
    ):
        subject = table_matches[0] if table_matches else _concept(kb, "总预算")
        if subject is not None:
            return _yoy_plan(kb, text, intent, subject, column)

    bare = _without(text, matches)
    asks_value = bool(VALUE.search(bare))
    asks_words = (
        bool(re.search(r"哪个|哪些|什么|谁|名字|叫啥|归不归|管不管|负不负责|负责|which|who|what kind", bare))
        and not asks_value
    )
    concepts_only = all(m.entity.kind == "concept" for m in table_matches)
    tabled = any(m.entity.kind == "concept" and "procurement" in kb.concept_kinds(m.entity.key) for m in table_matches)
    prose_first = (
        intent.narrative_topic and concepts_only and not codes_named and not tabled
    )  # a 政府采购表 is its home
    if table_matches and not prose_unit and not asks_words and not prose_first:
        plan = _table_plan(kb, text, intent, table_matches, column)
        if plan and intent.reason:
            plan.route, plan.search = "both", text
            plan.reason += "；又问到原因，这只写在情况说明里，所以也检索正文"
        if plan:
            plan.intent = intent
            return plan

    prefixed = _PREFIXED.search(text)
    if prefixed and not table_matches:
        plan = _prefixed_projects_plan(kb, prefixed.group(1), intent)
        if plan:
            return plan
    if (
        re.search(r"项目|project", text)
        and (intent.count or intent.list or intent.max or intent.min)
        and not intent.narrative_topic
    ):
        plan = _projects_plan(kb, intent)
        if plan:
            return plan

    table_ref = _TABLE_REF.search(text)
    if table_ref and not table_matches and re.search(r"合计|总计|一共|总共|总额|total", text):
        plan = _table_total_plan(kb, table_ref.group(1), intent)
        if plan:
            return plan
    fallback = None
    if not matches and not _leftover(text):
        if re.search(r"项目|专项|project", text) and _asks_amount(text) and not intent.narrative_topic:
            fallback = _concept(kb, "项目支出")
        elif _asks_total(text, intent):
            fallback = _concept(kb, "总预算")
    if fallback is not None and not prose_unit:
        plan = _table_plan(kb, text, intent, [fallback], column)
        if plan:
            plan.reason = f"问的是「{fallback.entity.name}」：" + plan.reason
            plan.intent = intent
            return plan

    want = (intent.amount or intent.count or bool(intent.unit_hint)) and not intent.reason and not asks_words
    unknown = [w for w in re.findall(r"[a-z]{4,}", text) if w not in _EN_QUESTION_WORDS]
    if want and len(unknown) >= 2:  # 「railway crossing safety」: English the glossary does not know is not guessed at
        phrase = " ".join(unknown)
        return Plan(
            "none",
            f"英文问题中的「{phrase}」对不上文档中的任何行或段落",
            status="not_found",
            intent=intent,
            message=f"文档中未找到「{phrase}」：英文问题里的这几个词不在术语表中，请用中文写出项目或科目名称。",
        )
    if intent.share and share_of_whole:
        intent = Intent(**{**intent.__dict__, "unit_hint": "%"})
    reason = (
        "没有对应的表格行；问题涉及情况说明/概况中的文字" if intent.narrative_topic else "没有匹配到表格行，检索正文"
    )
    return Plan(
        "narrative",
        reason,
        search=text,
        want_figure=want and _asks_amount(text),
        unit_hint=intent.unit_hint,
        intent=intent,
        matches=matches,
        kinds=("definition",) if intent.definition else (),
    )


# -- scope -----------------------------------------------------------------------------------------

_EN_QUESTION_WORDS = {
    "what",
    "much",
    "many",
    "does",
    "were",
    "will",
    "this",
    "that",
    "with",
    "from",
    "there",
    "their",
    "they",
    "have",
    "has",
    "been",
    "year",
    "years",
    "budget",
    "budgeted",
    "budgets",
    "total",
    "amount",
    "spend",
    "spent",
    "spending",
    "cost",
    "costs",
    "money",
    "yuan",
    "fund",
    "funds",
    "funding",
    "funded",
    "allocated",
    "allocation",
    "project",
    "projects",
    "item",
    "items",
    "unit",
    "department",
    "bureau",
    "office",
    "expense",
    "expenses",
    "expenditure",
    "expenditures",
    "figure",
    "number",
    "value",
    "plan",
    "planned",
    "percent",
    "percentage",
    "share",
    "proportion",
    "ratio",
    "compared",
    "than",
    "last",
    "previous",
    "next",
    "current",
    "about",
    "give",
    "gets",
    "get",
    "into",
    "each",
    "both",
    "respectively",
    "under",
    "over",
    "for",
    "the",
    "and",
    "how",
    "which",
    "who",
    "why",
    "when",
    "where",
    "doing",
    "overall",
    "whole",
    "sum",
    "combined",
    "together",
    "altogether",
    "also",
    "please",
    "tell",
    "show",
    "list",
    "name",
    "names",
    "kind",
    "type",
    "level",
    "year's",
}
_FINAL_ACCOUNT = re.compile(r"决算|实际(?:支出|花费|花了|执行|发生)|执行数|执行率|actual(?:ly)? spen|final account")
_FUTURE = re.compile(r"明年|下一年|下年度|未来|将来|后年|以后几年|next year|future")


def _out_of_scope(kb: Knowledge, text: str, intent: Intent, year: int) -> Plan | None:
    if _FUTURE.search(text):
        return Plan(
            "none",
            "问的是以后的年份",
            status="not_found",
            message=f"文档中未找到以后年份的数据：本文件只含{kb.doc['unit']}{year}年预算（及与上年的比较），不作预测。",
            intent=intent,
        )
    other_years = [y for y in intent.years if y not in (year, year - 1)]
    if other_years:
        return Plan(
            "none",
            f"问题问的是{other_years[0]}年，本文件是{year}年预算",
            status="not_found",
            message=f"文档中未找到{other_years[0]}年的数据：本文件是{kb.doc['unit']}{year}年的预算公开，只含{year}年预算（及与上年的比较）。",
            intent=intent,
        )
    if _FINAL_ACCOUNT.search(text):
        return Plan(
            "none",
            "问的是决算（实际执行数）；本文件是预算",
            status="not_found",
            message=f"文档中未找到决算（实际收支）数据：本文件是{kb.doc['unit']}{year}年的预算公开，只有预算数，"
            "没有决算或实际执行数。",
            intent=intent,
        )
    if PERSONAL.search(text):
        return Plan(
            "none",
            "问的是个人的收入或开支；预算公开只列单位的预算",
            status="not_found",
            message="文档中未找到个人层面的数据：预算公开只列出单位的预算（如工资福利支出总额），不含某个人的工资或开支。",
            intent=intent,
        )
    for org in _ORG.findall(text):
        if org not in kb.corpus and not _abbreviates(org, kb.doc["unit"]):
            return Plan(
                "none",
                f"问题问的是「{org}」，本文件是{kb.doc['unit']}的预算",
                status="not_found",
                message=f"文档中未找到「{org}」的数据：本文件是{kb.doc['unit']}{year}年的预算公开。",
                intent=intent,
            )
    return None


def _abbreviates(short: str, full: str) -> bool:
    """「工信局」 abbreviates 「大同市工业和信息化局」: its characters appear in order."""
    i = 0
    for ch in full:
        if i < len(short) and ch == short[i]:
            i += 1
    return i == len(short)


# -- what the question names -------------------------------------------------------------------------


def _table_matches(kb: Knowledge, text: str, intent: Intent, matches: list[Match]) -> tuple[list[Match], str]:
    """Row and concept matches, with column words turned into a column of the row they qualify
    (「社会保障和就业支出的项目支出」), and a whole-table concept dropped when a row inside it is named."""
    table_matches = [m for m in matches if m.entity.kind in ("row", "concept")]
    rows = [m for m in table_matches if m.entity.kind == "row" and m.entity.name not in COLUMN_WORDS.values()]
    column = ""
    split = _SPLIT_SHARE.search(text) if intent.share else None
    if not rows and table_matches and not intent.diff and not intent.share:
        first = table_matches[0]
        for word, pos in find_columns(text):
            if word in SOURCE_COLUMNS and word != first.entity.name and not (first.start <= pos < first.end):
                column = word
                table_matches = [m for m in table_matches if m.entity.name not in (word,)] or table_matches
                break
    if rows:
        for word, pos in find_columns(text):
            if split is not None and pos >= split.start():
                continue  # after 占 a column word names the denominator
            if any(m.start <= pos < m.end for m in rows):
                continue  # part of the row's own name
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
        if not intent.share and not _EACH.search(text):  # 「三公经费多少，其中公务接待费多少」 asks both
            inside = {kb.kind_of.get(r["table"]) for m in rows for r in kb.entity_rows.get(m.entity.key, [])}
            table_matches = [
                m
                for m in table_matches
                if not (
                    m.entity.kind == "concept"
                    and (kb.concept_kinds(m.entity.key) & inside or m.entity.name == "总预算")
                )
            ] or table_matches
    return table_matches, column


VALUE = re.compile(
    r"多少|几|金额|数额|花|钱|预算|经费|资金|安排|万元|元|占|比例|how much|how many|amount|cost|budget|spend|share|percent"
)
_FILLER = re.compile(
    r"这个|这|该|搞|做|干|有|项目|专项|支出|经费|资金|预算|一共|总共|全部|全年|总|花|多少|钱|是|的|了|上|里|安排|能|今年|单位|本|我们|局|给|用|大概|呢|吗|"
    r"how|much|is|the|total|overall|whole|budget|what|project|spending|[\s?？,，。!！]"
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
    runs = [r for r in re.findall(r"[\u4e00-\u9fff]{3,}", text)]
    rows = [e.aliases[0] for e in kb.entities if e.kind == "row"]
    return any(longest_shared(name, run, minimum=3)[0] >= 3 for run in runs for name in rows)


def _concept(kb: Knowledge, name: str) -> Match | None:
    e = next((e for e in kb.entities if e.key == f"concept:{name}"), None)
    return Match(e, 1.0, 0, 0, True) if e else None


def _asks_amount(text: str) -> bool:
    return bool(
        re.search(
            r"多少|(?<!哪)几|多大|金额|数额|how much|how many|what percent|amount|what is the|what's the|what are the",
            text,
        )
    )


def _asks_total(text: str, intent: Intent) -> bool:
    if intent.narrative_topic:
        return False
    return bool(re.search(r"一共|总共|全部|全年|总|total|overall|whole", text)) and (
        intent.amount or _asks_amount(text)
    )


# -- 绩效目标表 ------------------------------------------------------------------------------------


def _perf_plan(kb: Knowledge, text: str, intent: Intent, table_matches: list[Match]) -> Plan | None:
    projects = [m for m in table_matches if m.entity.kind == "row" and kb.perf_for(m.entity.name) is not None]
    if not projects:
        return None
    wanted = next((f for pattern, f in PERF_FIELDS if pattern.search(text)), "")
    if not wanted:
        return None
    target = kb.perf_for(projects[0].entity.name)
    return Plan(
        "narrative",
        f"问的是项目「{target.project}」的{wanted}：查它的绩效目标表",
        perf=(target, wanted),  # type: ignore[union-attr]
        intent=intent,
        matches=table_matches,
        subject=Subject("row", projects[0].entity.name),
    )


def _project_indicator(kb: Knowledge, text: str, intent: Intent, table_matches: list[Match]) -> Plan | None:
    """A count, share or other non-money target of a named project (「QT业务工作经费要覆盖多少个乡镇」):
    the indicator of that project's 绩效目标表 whose name holds the question's other words."""
    from app.tools.narrative_search import content_words

    projects = [m for m in table_matches if m.entity.kind == "row" and kb.perf_for(m.entity.name) is not None]
    if not projects:
        return None
    rest = _without(text, projects)  # the project's own name (「…工作经费」) says nothing about what is asked
    unit = read_intent(rest).unit_hint
    money = re.search(r"钱|经费|资金|预算|金额|万元|元|花|安排|how much", rest)
    if unit == "万元" or (unit == "" and money):
        return None
    intent = Intent(**{**intent.__dict__, "unit_hint": unit})
    target = kb.perf_for(projects[0].entity.name)
    words = [w for w in content_words(_without(text, projects)) if w not in _ORDINARY]
    best, best_hits = None, 0
    for ind in target.indicators:  # type: ignore[union-attr]
        hits = sum(len(w) for w in words if w in ind.name)
        fits = intent.unit_hint in ind.value
        score = hits + (1 if fits else 0)
        if hits and score > best_hits and (fits or intent.unit_hint in ("", "个", "人", "次", "%")):
            best, best_hits = ind, score
    if best is None:
        return None
    year = [i for i in target.indicators if i.name == best.name and i.period == "年度"] or [best]  # type: ignore[union-attr]
    return Plan(
        "narrative",
        f"问项目「{target.project}」的绩效指标「{best.name}」",
        search=text,
        kinds=("perf",),  # type: ignore[union-attr]
        indicator=(target, year[0]),
        intent=intent,
        matches=table_matches,
        subject=Subject("indicator", best.name),
    )


def _indicator_words(kb: Knowledge, text: str, intent: Intent) -> list[Match]:
    """Indicators whose names hold most of the question's content words (「铁路道口每月检查几次」 →
    「每月检查铁路无人看守道口次数」), in any order."""
    from app.tools.narrative_search import content_words

    words = [w for w in content_words(text) if len(w) >= 2]
    out = []
    for e in kb.entities:
        if e.kind != "indicator" or len(words) < 2:
            continue
        hit = [w for w in words if w in e.name]
        if len(hit) >= 2 and len(hit) >= 0.75 * len(words):
            out.append(Match(e, 8.0 * sum(map(len, hit)), 0, 0, False))
    return out


def _indicator_plan(
    kb: Knowledge, text: str, intent: Intent, matches: list[Match], table_matches: list[Match], prose_unit: bool
) -> Plan | None:
    indicators = [m for m in matches if m.entity.kind == "indicator"]
    if not indicators and (prose_unit or intent.unit_hint in ("次", "%")):
        indicators = _indicator_words(kb, text, intent)
    if not indicators:
        return None
    hits = [(m, kb.indicator(m.entity)) for m in indicators]
    hits = [(m, h) for m, h in hits if h]
    if intent.unit_hint:  # 「每月检查几次」: an indicator whose value is in 次
        fitting = [(m, h) for m, h in hits if intent.unit_hint in h[1].value]
        hits = fitting or hits
    if not hits:
        return None
    m, hit = max(hits, key=lambda x: x[0].score)
    if table_matches and not prose_unit and (table_matches[0].score >= m.score or intent.unit_hint == "万元"):
        return None  # a money question about a project row: the table, not a 成本指标
    return Plan(
        "narrative",
        f"问题提到绩效指标「{m.entity.name}」",
        search=text,
        kinds=("perf",),
        indicator=hit,
        matches=matches,
        intent=intent,
        subject=Subject("indicator", m.entity.name),
    )


# -- last year ---------------------------------------------------------------------------------------


def _reason_plan(kb: Knowledge, text: str, intent: Intent, subject: Match | None) -> Plan:
    """「为什么预算减少了」: the reason is written beside the change, in the 情况说明."""
    if subject is not None and re.search(
        r"减少|增加|下降|增长|变化|变动|增减|少了|多了|降|涨|不变|相同|为什么|why|decrease|increase|change|fall|rise",
        text,
    ):
        return Plan(
            "narrative",
            f"问「{subject.entity.name}」变化的原因：写在情况说明的增减说明里",
            search=text,
            yoy="reason",
            intent=intent,
            matches=[subject],
            subject=Subject(subject.entity.kind, subject.entity.name, subject.entity.code),
        )
    return Plan("narrative", "问原因：检索情况说明", search=text, intent=intent)


def _yoy_plan(kb: Knowledge, text: str, intent: Intent, subject: Match, column: str) -> Plan:
    asks_change = bool(
        re.search(
            r"减少|增加|下降|增长|变化|变动|增减|差|少|多了|多出|降|涨|幅度|百分之|change|decrease|increase|fall|rise|drop",
            text.replace("多少", ""),
        )
    )
    kind = "change" if asks_change else "value"
    found = kb.row_for(subject.entity, column)
    query = TableQuery("lookup", (Target(found[0]["row_id"], found[1]),)) if found else None
    what = "与上年的变化" if kind == "change" else "上年的数额"
    route, why = (
        ("both", "本年数取自表格，上年的增减只写在情况说明里，两者相加减得上年数")
        if kind == "value" and query
        else ("narrative", "与上年的增减只写在情况说明里")
    )
    return Plan(
        route,
        f"问「{subject.entity.name}」{what}：{why}",
        query=query if kind == "value" else None,
        search=text,
        yoy=kind,
        unit_hint="%" if re.search(r"百分之|幅度|降幅|增幅|涨幅|%|percent|比例", text) else "万元",
        intent=intent,
        matches=[subject],
        subject=Subject(
            subject.entity.kind,
            subject.entity.name,
            subject.entity.code,
            found[0]["table"] if found else "",
            found[1] if found else "",
        ),
    )


# -- follow-ups ---------------------------------------------------------------------------------------

_GENERIC_WORDS = {
    "去年",
    "上年",
    "今年",
    "比例",
    "比重",
    "百分之",
    "增长",
    "减少",
    "下降",
    "增加",
    "变化",
    "占比",
    "总预算",
    "预算",
    "金额",
    "数额",
    "多少钱",
    "一共",
    "总共",
    "同比",
    "对比",
    "相比",
    "比较",
}


def _says_nothing_new(text: str) -> bool:
    """「比去年少了多少？」 names no subject of its own: it continues the conversation."""
    from app.tools.narrative_search import content_words

    return not [w for w in content_words(text) if w not in _GENERIC_WORDS]


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
    m = _entity_of(kb, previous)
    if m is None or previous.kind not in ("row", "concept"):
        plan = _plan(kb, f"{previous.name} {text}", intent, kb.linker.link(f"{previous.name} {text}"))
        plan.reason = f"追问：沿用上一问的主题「{previous.name}」；" + plan.reason
        plan.subject = plan.subject or previous
        return plan
    perf = _perf_plan(kb, text, intent, [m]) or _indicator_plan(
        kb, f"{previous.name} {text}", intent, _indicator_words(kb, text, intent), [], True
    )
    if perf:
        perf.reason = f"追问：沿用上一问的主题「{previous.name}」；" + perf.reason
        return perf
    if intent.reason:
        plan = _reason_plan(kb, f"{previous.name} {text}", intent, m)
        plan.reason = f"追问：沿用上一问的主题「{previous.name}」；" + plan.reason
        return plan
    if intent.yoy and not re.search(r"占|比例|比重", text):
        plan = _yoy_plan(kb, text, intent, m, previous.column if previous.kind == "row" else "")
        plan.reason = f"追问：沿用上一问的主题「{previous.name}」；" + plan.reason
        return plan
    column = columns[0][0] if columns else ""
    if column and m.entity.kind == "concept":
        concept = _concept(kb, column)
        if concept is not None and (m.entity.name in COLUMN_CONCEPTS or not kb.row_for(m.entity, column)):
            m, column = concept, ""  # 「基本支出是多少」→「那项目支出呢？」: the subject is now 项目支出
            previous = Subject(concept.entity.kind, concept.entity.name)
    if others:
        column = ""
    plan = _table_plan(kb, f"{previous.name}{text}", intent, [m, *others], column or previous.column)
    if plan is None:
        return Plan(
            "none",
            f"追问「{previous.name}」，但找不到对应的列",
            status="not_found",
            message=f"文档中未找到「{previous.name}」的{column or '该项'}数据。",
            intent=intent,
        )
    plan.reason = f"追问：沿用上一问的主题「{previous.name}」；" + plan.reason
    plan.intent = intent
    return plan


# -- table operations ----------------------------------------------------------------------------------


def _denominator(kb: Knowledge, text: str, numerator: Match, others: list[Match]) -> tuple[dict, str] | None:
    """占比的分母: what is named after 占, else the natural whole (人员/公用经费 → 基本支出, else the total)."""
    split = _SPLIT_SHARE.search(text)
    after = text[split.end() :] if split else ""
    if others:
        return kb.row_for(others[0].entity)
    for word, _ in find_columns(after):
        concept = _concept(kb, word)
        if concept is not None:
            return kb.row_for(concept.entity)
    if numerator.entity.name in ("人员经费", "公用经费"):
        hit = kb.row_for(numerator.entity)
        return (hit[0], "合计") if hit else None
    named = re.sub(
        r"的|比例|比重|百分比|百分之几|多少|几成|是|为|了|这一?[类款项个]|全部|整个|总|预算|支出|收入|金额|合计|额|"
        r"[%？?。，,\s]",
        "",
        after,
    )
    if len(re.findall(r"[\u4e00-\u9fff]", named)) >= 2:
        return None  # 「…占人社管理事务这一款的比例」: a denominator is named that no row matched — never the total instead
    total = _concept(kb, "总预算")
    return kb.row_for(total.entity) if total else None


_TABLE_REF = re.compile(r"表\s*([一二三四五六七八九十]+|\d{1,2})(?![\d一二三四五六七八九十])")


def _table_total_plan(kb: Knowledge, ref: str, intent: Intent) -> Plan | None:
    """「表十二的合计」: the named table's total row (its 合计 row, or the unit row of a project table)."""
    from app.numbers import cn_to_int

    number = int(ref) if ref.isdigit() else cn_to_int(ref)
    label = next((lb for lb, t in kb.tables.items() if t["number"] == number), None)
    if label is None:
        return None
    rows = kb.rows[kb.rows["table"] == label].to_dict("records")
    total = next((r for r in rows if r["level"] in ("合计", "单位") and r["side"] != "收入"), None)
    if total is None:
        return None
    col = kb.columns(label)[0]
    return Plan(
        "table",
        f"问题点名{label}的合计：查 {label}「{total['name']}」{col}",
        query=TableQuery("lookup", (Target(total["row_id"], col),)),
        intent=intent,
        subject=Subject("row", total["name"], "", label, col),
    )


def _first_row(kb: Knowledge, m: Match) -> tuple[str, str]:
    found = kb.row_for(m.entity)
    if found is None:
        raise LookupError(m.entity.name)
    return found[0]["row_id"], found[1]


_PREFIXED = re.compile(r"([a-zA-Z]{1,3}|[\u4e00-\u9fff]{1,4})(?:字)?(?:开头|打头)的(?:项目|专项)")


def _prefixed_projects_plan(kb: Knowledge, prefix: str, intent: Intent) -> Plan | None:
    """「Z开头的项目一共多少钱」: the projects whose names start so, summed (or counted / listed)."""
    rows = [r for r in kb.project_rows() if r["name"].lower().startswith(prefix.lower())]
    if not rows:
        return None
    col = kb.columns(rows[0]["table"])[0]
    op = "count" if intent.count and intent.unit_hint == "个" else ("sum" if len(rows) > 1 else "lookup")
    if op == "count":
        query = TableQuery("count", (), rows=tuple(r["row_id"] for r in rows))
    elif op == "sum":
        query = TableQuery("sum", tuple(Target(r["row_id"], col) for r in rows))
    else:
        query = TableQuery("lookup", (Target(rows[0]["row_id"], col),))
    return Plan(
        "table",
        f"问以「{prefix}」开头的项目：{rows[0]['table']}中有 {len(rows)} 个",
        query=query,
        intent=intent,
        subject=Subject("topic", f"{prefix}开头的项目"),
    )


def _projects_plan(kb: Knowledge, intent: Intent) -> Plan | None:
    rows = kb.project_rows()
    if not rows:
        return None
    op = "max" if intent.max else "min" if intent.min else "count" if intent.count else "list"
    label = rows[0]["table"]
    word = {"max": "最大值", "min": "最小值", "count": "个数", "list": "清单"}[op]
    return Plan(
        "table",
        f"问项目的{word}：查{label}（项目支出预算表）中的项目行",
        query=TableQuery(op, (), rows=tuple(r["row_id"] for r in rows)),
        intent=intent,
        subject=Subject("topic", "项目支出"),
    )


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


def _unlinked_operands(text: str, matches: list[Match]) -> list[str]:
    """「A、B、C和D加起来」: the listed items no match covers — a sum over part of them would be wrong."""
    listing = re.search(
        r"([^，。？?]*?)(?:这)?(?:[两三四五六七八九十\d]+[个项笔])?(?:[^，。？?]{0,6})?(?:加起来|加在一起|合计|一共|总共|共计|相加|之和)",
        text,
    )
    if not listing:
        return []
    items = [t for t in re.split(r"[、,，]|和|与|及|以及", listing.group(1)) if len(t.strip()) >= 2]
    if len(items) < 2:
        return []
    covered = [(m.start, m.end) for m in matches]
    base = listing.start(1)
    out, pos = [], 0
    for item in items:
        i = listing.group(1).find(item, pos)
        pos = i + len(item)
        a, b = base + i, base + i + len(item)
        if not any(min(b, e) - max(a, s) > 0 for s, e in covered):
            out.append(item.strip())
    return out


def _positions(text: str, word: str) -> list[int]:
    return [k for k in range(len(text)) if text.startswith(word, k)]


def _drop_containers(text: str, intent: Intent, matches: list[Match]) -> list[Match]:
    """「基本支出里人员经费」「一般公共预算基本支出中的人员经费」: A (and what qualifies A) only says where B is; B is
    what is asked — never A, never A + B. A share keeps A: it is the whole B is a share of."""
    if intent.share:
        return matches
    out = list(matches)
    # 「财政拨款“三公”经费」「一般公共预算机关运行经费」: a source of funds printed right before a concept qualifies it
    out = [
        m
        for k, m in enumerate(out)
        if not (
            m.entity.kind in ("row", "concept")
            and _FUNDING_RE.search(m.entity.name)
            and k + 1 < len(out)
            and out[k + 1].entity.kind == "concept"
            and 0 <= out[k + 1].start - m.end <= 1
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


_FUNDING_RE = re.compile(r"财政拨款|一般公共预算|政府性基金|国有资本经营|财政专户|单位资金")
_SUBJECT_FILLER = re.compile(
    r"多少钱|多少|几[个辆项人台套]?|是|有|为|的|了|呢|吗|么|啥|请问|一下|今年|本年|全年|年度|本单位|单位|部门|根据|按照|说明|"
    r"情况|表格|表|中|里|里面|其中|一共|总共|合计|共计|共|总额|总数|总计|安排了?|用于|用在|花了?|钱|预算数|预算|金额|数额|资金|经费|"
    r"费用|支出|收入|项目|专项|财政|拨款|给|能|可以|大概|大约|具体|分别|各|万元|元|本级|当年|本部门|计划|数|额|这|那|该|个|哪|什么|"
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
    return stray


def _table_plan(kb: Knowledge, text: str, intent: Intent, matches: list[Match], column: str) -> Plan | None:
    linked = matches
    matches = _dedupe(_numbered_siblings(kb, text, _drop_containers(text, intent, matches)), kb)
    first = matches[0]
    missing = _unlinked_operands(text, matches) if intent.sum else []
    if missing:
        return Plan(
            "none",
            f"要相加的「{'」「'.join(missing)}」在表格中找不到对应的行",
            status="not_found",
            message=f"文档中未找到「{'」「'.join(missing)}」对应的表格行，所以不做加总（只加其中几项会得出错误的数）。",
            matches=matches,
        )
    if intent.share and len(matches) > 2:
        qualifiers = [
            m
            for m in matches[:-1]
            if m.entity.kind == "concept"
            and m.entity.name in _QUALIFIERS
            and any(0 <= o.start - m.end <= 1 for o in matches)
        ]
        matches = [m for m in matches if m not in qualifiers]
        if len(matches) > 2:
            return Plan(
                "none",
                "占比问题里提到了两项以上，分子分母无法确定",
                status="not_found",
                message="文档中未找到能确定的占比计算：问题里提到了多于两项（"
                + "、".join(m.entity.name for m in matches)
                + "），请只写出要比较的两项。",
                matches=matches,
            )
        first = matches[0]
    split = _SPLIT_SHARE.search(text) if intent.share else None
    if split is not None and first.start >= split.start() and first.end > 0 and len(matches) == 1:
        return None  # 「…占总预算的比例」 with no numerator the document has a row for
    found = kb.row_for(first.entity, column, income=bool(re.search(r"收入|income|revenue", text)))
    if (
        found is None
        and column
        and not intent.share
        and any(
            _CONTAINER_AFTER.match(text, k + len(column)) and k + len(column) <= first.start
            for k in _positions(text, column)
        )
    ):
        # 「基本支出里公务用车运行维护费」: the row has no such column; its table (基本支出分经济科目) is where it is
        found = kb.row_for(first.entity, "", income=bool(re.search(r"收入|income|revenue", text)))
        column = "" if found else column
    if found is None:
        return None  # never drop the asked-for column and answer another figure
    row, col = found
    twins = kb.same_name_rows(row) if first.entity.kind == "row" else [row]
    for other in first.ties:  # the words fit several rows equally (「QT业务工作经费」 → …1 and …2)
        hit = kb.row_for(other, col if col else "")
        if hit and hit[0]["table"] == row["table"]:
            twins.append(hit[0])
    if len(twins) > 1 and not (len(matches) >= 2):
        op = "sum" if intent.sum or re.search(r"两个|两项|几个|都|全部|各", text) else "list"
        names = f"{row['table']}有 {len(twins)} 行都符合「{first.entity.name}」"
        query = (
            TableQuery("sum", tuple(Target(t["row_id"], col) for t in twins))
            if op == "sum"
            else TableQuery("list", (), rows=tuple(t["row_id"] for t in twins), column=col)
        )
        return Plan(
            "table",
            f"{names}：{'相加' if op == 'sum' else '分别列出，不替用户挑选'}",
            query=query,
            subject=Subject(first.entity.kind, first.entity.name, first.entity.code, row["table"], col),
            matches=matches,
        )
    subject = Subject(first.entity.kind, first.entity.name, first.entity.code, row["table"], col)
    where = f"{row['table']}「{row['name']}」{col}"

    inside = len(matches) == 2 and _INSIDE.match(text[matches[0].end : matches[1].start])
    if intent.share and len(matches) == 2 and (re.search(r"goes to|is spent on|go to", text) or inside):
        matches = [matches[1], matches[0]]  # "what share of A goes to B", 「A中B占多少」: B ÷ A
        first = matches[0]
        found = kb.row_for(first.entity, column)
        if found is None:
            return None
        row, col = found
        subject = Subject(first.entity.kind, first.entity.name, first.entity.code, row["table"], col)
        where = f"{row['table']}「{row['name']}」{col}"
        return Plan(
            "table",
            f"问占比：{where} ÷ {matches[1].entity.name}",
            query=TableQuery("share", (Target(row["row_id"], col),), Target(*_first_row(kb, matches[1]))),
            subject=subject,
            matches=matches,
        )
    except_ = _EXCEPT.search(text)
    if except_ and first.entity.kind == "row" and first.start >= except_.start():
        others = [
            k
            for k in (
                kb.project_rows()
                if kb.kind_of.get(row["table"]) == "project"
                else kb.children({**row, "code": row["code"][:-2], "name": row["parent"]})
                if row["parent"]
                else []
            )
            if k["row_id"] != row["row_id"]
        ]
        if others:
            return Plan(
                "table",
                f"问除「{row['name']}」以外的其余各项之和（{len(others)} 项）",
                query=TableQuery("sum", tuple(Target(k["row_id"], col) for k in others)),
                subject=subject,
                matches=matches,
            )
    weak = [m for m in matches[1:] if m.end > m.start and not m.exact and m.score < 45]
    if weak and (intent.share or intent.diff or intent.sum):
        return Plan(
            "none",
            f"「{text[weak[0].start : weak[0].end]}」只部分对上「{weak[0].entity.name}」，不足以计算",
            status="not_found",
            message=f"文档中未找到能确定的计算对象：「{text[weak[0].start : weak[0].end]}」对应哪一行不够确定，所以不做计算。",
            matches=matches,
        )
    if intent.share and len(matches) <= 2:
        split = _SPLIT_SHARE.search(text)
        after = (
            ([m for m in matches[1:] if split and m.start >= split.start()] or matches[1:]) if len(matches) > 1 else []
        )
        den = _denominator(kb, text, first, after)
        if den is not None and (den[0]["row_id"] != row["row_id"] or den[1] != col):
            d_row, d_col = den
            return Plan(
                "table",
                f"问占比：{where} ÷ {d_row['table']}「{d_row['name']}」{d_col}",
                query=TableQuery("share", (Target(row["row_id"], col),), Target(d_row["row_id"], d_col)),
                subject=subject,
                matches=matches,
            )
        if den is None and re.search(r"比例|比重|占比|百分|几成|%|percent|share|proportion", text):
            after = text[split.end() :] if split else ""
            return Plan(
                "none",
                "问占比，但分母对应哪一行不能确定",
                status="not_found",
                matches=matches,
                message=f"文档中未找到能确定的占比分母{('「' + after.strip('的比例是多少？?') + '」') if after.strip() else ''}，"
                "所以不做计算（不会用金额代替比例）。",
            )
    if len(matches) >= 2 and intent.diff:
        second = kb.row_for(matches[1].entity, column)
        if second:
            return Plan(
                "table",
                f"问差额：{where} − {second[0]['table']}「{second[0]['name']}」{second[1]}",
                query=TableQuery("difference", (Target(row["row_id"], col), Target(second[0]["row_id"], second[1]))),
                subject=subject,
                matches=matches,
            )
    listed = len(matches) >= 2 and all(
        _SUM_WORDS.search(text[a.end : b.start] or "") for a, b in zip(matches, matches[1:])
    )
    if listed and _EACH.search(text) and (not intent.sum or re.search(r"其中", text)):
        targets = [Target(row["row_id"], col)] + [
            Target(h[0]["row_id"], h[1]) for m in matches[1:] for h in [kb.row_for(m.entity, column)] if h
        ]
        if len(targets) == len(matches):
            names = "、".join(m.entity.name for m in matches)
            return Plan(
                "table",
                f"问几项各是多少（不相加）：{names}",
                query=TableQuery("each", tuple(targets)),
                subject=subject,
                matches=matches,
            )
    joined = len(matches) >= 2 and all(
        _SUM_WORDS.search(text[a.end : b.start] or "") or intent.sum for a, b in zip(matches, matches[1:])
    )
    if joined:
        targets = [Target(row["row_id"], col)]
        for m in matches[1:]:
            hit = kb.row_for(m.entity, column)
            if hit:
                targets.append(Target(hit[0]["row_id"], hit[1]))
        if len(targets) >= 2:
            names = "、".join(m.entity.name for m in matches)
            return Plan(
                "table",
                f"问多项之和：{names}",
                query=TableQuery("sum", tuple(targets)),
                subject=subject,
                matches=matches,
            )
    if (
        intent.max
        or intent.min
        or (intent.list and not _asks_amount(text))
        or (intent.count and intent.unit_hint != "万元")
    ):
        kids = kb.children(row) if first.entity.kind == "row" else []
        if not kids and first.entity.name in ("项目支出",):
            kids = kb.project_rows()
        if kids:
            op = "max" if intent.max else "min" if intent.min else "count" if intent.count else "list"
            kid_col = col if col in kb.columns(kids[0]["table"]) else kb.columns(kids[0]["table"])[0]
            word = {"max": "最大值", "min": "最小值", "count": "个数", "list": "明细"}[op]
            return Plan(
                "table",
                f"问「{first.entity.name}」下各项的{word}",
                query=TableQuery(op, (), rows=tuple(k["row_id"] for k in kids), column=kid_col),
                subject=subject,
                matches=matches,
            )
    unknown = _asks_unknown_attribute(kb, text, first)
    if unknown:
        return Plan(
            "none",
            f"问的是「{first.entity.name}」的「{unknown}」，文档中没有这项内容",
            status="not_found",
            message=f"文档中未找到「{first.entity.name}」的「{unknown}」；文档只列出它的预算金额。",
            matches=matches,
        )
    if all(m.entity.kind == "concept" for m in matches) and _names_unmatched_row(kb, _without(text, matches)):
        return None  # 「工业信息那类里的基本支出」: other words name a row we could not pin down
    qualifiers = [
        m
        for m in matches[1:]
        if m.entity.kind == "row"
        and m.entity.key != first.entity.key
        and m.end > m.start
        and 0 <= m.start - first.end <= 1
    ]
    if first.entity.kind == "row" and qualifiers and not except_:  # 「北郊监狱狱政设施建设项目」: no one row is both
        both = "」「".join([text[first.start : first.end], *(text[m.start : m.end] for m in qualifiers)])
        return Plan(
            "none",
            f"问题同时提到「{both}」，没有一行同时是它们",
            status="not_found",
            matches=matches,
            message=f"文档中未找到「{both}」合在一起的那一项：表格里它们是不同的行"
            f"（{'、'.join(core_name(m.entity.name) for m in [first, *qualifiers])}），所以不给出数字。",
        )
    stray = _stray_words(kb, text, linked, first) if first.entity.kind == "row" else []
    if stray and all(w not in kb.row_vocabulary for w in stray):
        return None  # 「机关运行经费财政拨款」 in a document without that table: its prose may say it
    if stray:
        asked = text[first.start : first.end]
        return Plan(
            "none",
            f"「{asked}」只部分对上「{first.entity.name}」，问题里的「{'」「'.join(stray)}」没有对应",
            status="not_found",
            message=f"文档中未找到「{'」「'.join(stray)}」对应的项目或科目。文档中相近的是「{core_name(first.entity.name)}」，"
            "但它不是问题所问的，所以不给出数字。",
            matches=matches,
        )
    reason = f"问题提到「{first.entity.name}」" + (
        f"（科目编码 {first.entity.code}）" if first.entity.code and first.entity.code in text else ""
    )
    return Plan(
        "table",
        f"{reason}：查 {where}",
        query=TableQuery("lookup", (Target(row["row_id"], col),)),
        subject=subject,
        matches=matches,
    )
