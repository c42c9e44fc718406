"""BudgetQA: one document's questions answered over its stores, tools and router. The library
(app.library) opens it for a document's current version; the CLI, the web UI, the evaluation suite and the
tests all reach it through the library (`app.library.build(settings)` for the usual one)."""

from __future__ import annotations

import logging
import os
import re
from dataclasses import replace
from decimal import Decimal
from typing import Any

from app.answer import compose, guard
from app.answer.compound import as_rate, carry_subject, combine, in_context, leans_on_earlier
from app.answer.in_english import IN_ENGLISH, english_line
from app.answer.intent import read_intent
from app.answer.knowledge import Knowledge
from app.answer.plan import Compound
from app.answer.router import on_previous_topic, route
from app.answer.verify import verify
from app.config import Settings
from app.models import Answer, Citation
from app.numbers import MONEY_UNITS, to_wan
from app.stores.table_store import TableStore
from app.tools.narrative_search import best_figure

log = logging.getLogger(__name__)

_COUNT_ASKED = re.compile(r"(?:多少|几)(?:个?批次?|次|人次|辆|台|套|名|家|人)(?![民员])|how many", re.IGNORECASE)
_SHARE_OF_TWO = re.compile(
    r"^\s*([\u4e00-\u9fff“”]{2,16}?)占(?:了)?(?!多|几)([\u4e00-\u9fff“”]{2,12}?)的?(?:比例|比重|百分比|百分之几|多少|几成|%)(?:是|为|有)?(?:多少)?[\s?？。]*$"
)  # 「公用经费占基本支出多少」: two names, each answered on its own
_SHARE_OF_IT = re.compile(
    r"^\s*(?:那么?|它|这个?|这笔钱?|其)?\s*占(?:了)?([^，,。？?]{2,12}?)的?(?:比例|比重|百分之几|多少|几成|%)"
)  # 「占总支出多少？」: a share of the previous answer's figure


class BudgetQA:
    def __init__(self, settings: Settings, doc_id: str, store: TableStore, vectors: Any, lexical: Any):
        from app.tools.narrative_search import NarrativeTool
        from app.tools.table_query import TableTool

        self.settings = settings
        self.doc_id = doc_id
        self.store = store
        self.doc = store.docs()[doc_id]
        tables, rows, cells = store.tables(doc_id), store.rows(doc_id), store.cells(doc_id)
        self.perf = store.perf(doc_id)
        self.chunks = store.chunks(doc_id)
        corpus = "\n".join(
            [c.text for c in self.chunks]
            + list(rows["name"])
            + [
                " ".join(
                    [p.project, p.department, p.implementer, p.attribute, *(i.name + i.value for i in p.indicators)]
                )
                for p in self.perf
            ]
        )
        self.kb = Knowledge(self.doc, tables, rows, cells, self.perf, corpus)
        self.tables = TableTool(tables, rows, cells)
        self.narrative = NarrativeTool(doc_id, self.chunks, vectors, lexical, settings.top_k)
        self._chunk_ids = {c.chunk_id for c in self.chunks}
        self._perf_ids = {p.target_id for p in self.perf}
        self.version = ""  # the index version it was built from (set by the library), and the reader's lease on it
        self.lease: Any = None
        self.llm_agent = None
        if settings.llm.enabled:
            from app.answer.llm_agent import LLMAgent

            self.llm_agent = LLMAgent(settings.llm, self.ask_offline, self.doc["unit"], int(self.doc["year"]))

    @property
    def doc_label(self) -> str:
        return f"{self.doc['unit']} {self.doc['year']}年预算"

    @property
    def _columns(self) -> dict[str, tuple[str, ...]]:
        return {label: self.kb.columns(label) for label in self.kb.tables}

    def _resolves(self, c: Citation) -> bool:
        if c.kind == "row":
            return c.ref_id in self.tables.rows
        if c.kind == "chunk":
            return c.ref_id in self._chunk_ids
        return c.ref_id in self._perf_ids

    def ask(self, question: str, history: tuple = ()) -> Answer:
        """One question (with the previous (question, Answer) turns) → a verified Answer.
        Raises QuestionRejected for empty, over-long or non-text questions. In LLM mode the agent words
        the answer; its figures are checked against the tool output, else the offline answer stands."""
        offline = self.ask_offline(question, history)
        if self.llm_agent is None:
            return offline
        context = "".join(f"（上一问：{q}）" for q, _ in history[-2:])
        return self.llm_agent.answer(context + question, offline)

    def ask_offline(self, question: str, history: tuple = ()) -> Answer:
        """The deterministic path: guard → router → tools → compose → verify — for each part of a compound
        question (app.answer.compound), a later part continuing the earlier ones."""
        return self._answer(question, guard.check(question, self.settings.max_question_chars), history)

    def _parts(self, question: str, plan: Compound, history: tuple) -> Answer:
        answers: list[Answer] = []
        for part in plan.parts:
            earlier = () if plan.rule == "compound/each_share" else tuple((a.question, a) for a in answers)
            turns = history + earlier  # 「A和B各占多少比例」: B's share is not a share of A
            asked = carry_subject(
                part, answers, self._columns
            )  # 「占基本支出的比例是多少」 is the first part's 人员经费's share
            asked = as_rate(asked, [a.question for a in answers])  # 「增加多少，增长多少」: the rate
            if answers and answers[-1].status == "not_found" and leans_on_earlier(part):
                answers.append(_unfound_before(part, answers[-1]))
                continue
            ans = self._answer(part, guard.check(asked, self.settings.max_question_chars), turns, False)
            if ans.status == "not_found" and ans.rule.endswith(("share_guard", "narrative", "table")):
                ans = self._share_of_two(part, asked) or ans  # 「执法监察支队占总预算多少」: each looked up, divided
            again = in_context(part, plan.parts[0]) if answers and ans.status == "not_found" else ""
            if again:  # 「政府采购预算总额多少？货物类多少？」: 货物类 of 政府采购
                retry = self._answer(part, guard.check(again, self.settings.max_question_chars), turns, False)
                ans = retry if retry.status in ("answered", "zero") else ans
            answers.append(self._in_the_same_sentence(part, ans, answers[-1] if answers else None))
        return replace(combine(question, answers), rule=plan.rule)

    def _in_the_same_sentence(self, part: str, ans: Answer, before: Answer | None) -> Answer:
        """「公开了几个项目绩效目标，涉及金额多少」: a later part that its predecessor's sentence answers is read there
        (涉及项目金额63.02万元), not in another sentence that also says 涉及金额 (of other projects)."""
        if before is None or ans.route not in ("narrative", "none") or not before.citations:
            return ans
        cite = before.citations[0]
        if cite.kind != "chunk" or (ans.citations and ans.citations[0].quote == cite.quote):
            return ans
        fig = best_figure(part, cite.quote, read_intent(part).unit_hint, None, self.narrative.idf)
        if fig is None or fig.score < 0.6 or (fig.value, fig.unit) == (before.value, before.unit):
            return ans
        return replace(
            ans,
            text=f"{fig.text}。原文：「{cite.quote}」",
            value=fig.value,
            unit=fig.unit,
            route="narrative",
            reason=ans.reason + "；与上一部分同一句原文",
            citations=(cite,),
            status="answered",
        )

    def _answer(self, question: str, clean: guard.CleanQuestion, history: tuple, whole: bool = True) -> Answer:
        if history and IN_ENGLISH.match(clean.text):  # 「and in English?」: the previous answer, said again
            before, _ = history[-1]
            ans = self._answer(before, guard.check(before, self.settings.max_question_chars), history[:-1], whole)
            line = english_line(ans)
            return replace(
                ans,
                question=question,
                text=f"{line}\n{ans.text}" if line else ans.text,
                reason="追问：用英文重述上一问的答案；" + ans.reason,
                rule="follow_up/in_english",
            )
        try:
            plan = route(self.kb, clean, history, whole)
            if isinstance(plan, Compound):
                return self._parts(question, plan, history)
            ans = replace(
                compose.answer(question, plan, self.kb, self.tables, self.narrative, self.chunks), rule=plan.rule
            )
            if ans.status == "not_found" and history:
                ans = self._share_of_previous(question, clean.text, history) or ans
            if ans.status == "not_found" and whole and plan.rule.endswith(("share_guard", "narrative", "table")):
                ans = self._share_of_two(question, clean.text) or ans
            again = on_previous_topic(clean.text, history) if ans.status == "not_found" else ""
            if again:  # 「工程呢？」 after 政府采购: 政府采购's 工程
                retry = self._answer(question, guard.check(again, self.settings.max_question_chars), (), False)
                if retry.status in ("answered", "zero"):
                    return replace(retry, reason=f"追问：在上一问的主题里找；{retry.reason}")
        except (ValueError, KeyError, IndexError, TypeError, AttributeError) as e:
            # A defect in the engine on an odd document must not take down a batch or a server: the user gets
            # a clear no-answer (never a figure), and the defect is logged with its traceback for a fix. The
            # tests set BQA_STRICT_ERRORS so that such a defect fails them instead of hiding.
            if os.environ.get("BQA_STRICT_ERRORS"):
                raise
            log.exception("question failed: %r", question)
            return Answer(
                question,
                f"文档中未找到可以核实的答案：这个问题在处理时出错（{type(e).__name__}），已记录。请换个问法。",
                None,
                None,
                "none",
                f"内部错误 {type(e).__name__}",
                status="not_found",
                verified=False,
            )
        if (
            ans.unit in MONEY_UNITS
            and _COUNT_ASKED.search(clean.text)
            and not re.search(r"多少钱|金额|经费|资金", clean.text)
        ):
            ans = replace(  # 「接待了多少批次」 asks a count: an amount of money is no answer to it
                ans,
                text=f"文档中未找到「{clean.text.strip('？?')}」的数目：文档只写了金额，没有写这个数。",
                value=None,
                unit=None,
                citations=(),
                status="not_found",
            )
        ok, problem = verify(ans, self._resolves, int(self.doc["year"]))
        if not ok:
            return replace(
                ans,
                text=f"无法核实答案，不予显示：{problem}",
                value=None,
                unit=None,
                citations=(),
                status="not_found",
                verified=False,
            )
        return ans

    def _share_of_two(self, question: str, text: str) -> Answer | None:
        """「公用经费占基本支出多少」 where one of them only the prose states (no table has 公用经费): each asked on its
        own — answered, verified and cited as if asked alone — then divided. None unless both are sure amounts."""
        asked = _SHARE_OF_TWO.match(text)
        if asked is None:
            return None
        part = self._answer(f"{asked.group(1)}是多少", guard.check(f"{asked.group(1)}是多少"), (), False)
        if part.status != "answered":
            return None
        of_it = re.match(r"(?:它|其|该单位|这个单位)的?", asked.group(2))  # 「中心的基本支出占它总支出」: the 中心's
        named = f"{part.subject.name}的{asked.group(2)[of_it.end() :]}" if of_it and part.subject else asked.group(2)
        whole = self._answer(f"{named}是多少", guard.check(f"{named}是多少"), (), False)
        why = f"问占比：两项各自查到（{part.reason}；{whole.reason}），再相除"
        return _quotient(question, part, whole, f"{asked.group(1)}（{part.value}{part.unit}）", asked.group(2), why)

    def _share_of_previous(self, question: str, text: str, history: tuple) -> Answer | None:
        """「占总支出多少？」 after a figure the prose states (「政府采购预算总额42.43万元」): that figure ÷ the whole
        named after 占, read from the tables — both cited, the division shown. None when either is not a sure
        amount in 万元 or 元."""
        asked = _SHARE_OF_IT.match(text)
        before = history[-1][1]
        if asked is None or before.route != "narrative":
            return None
        whole = self._answer(f"{asked.group(1)}是多少", guard.check(f"{asked.group(1)}是多少"), (), False)
        if whole.route != "table":
            return None
        why = f"追问：上一问原文的数 ÷ 表格里的「{asked.group(1)}」"
        ans = _quotient(question, before, whole, f"上一问的 {before.value}{before.unit} ", asked.group(1), why)
        return replace(ans, rule="follow_up/share_of_previous") if ans is not None else None

    def audit(self) -> list:
        from app.audit import run_audit

        return run_audit(self)


def _quotient(question: str, part: Answer, whole: Answer, part_said: str, whole_name: str, why: str) -> Answer | None:
    """part ÷ whole of two answered amounts (in 万元 or 元), both cited and the division shown; None unless both are
    sure amounts and the part is smaller than the whole."""
    if any(a.status != "answered" or a.value is None or a.unit not in MONEY_UNITS for a in (part, whole)):
        return None
    a, b = to_wan(part.value, part.unit), to_wan(whole.value, whole.unit)
    if not b or a >= b:
        return None
    rate = (a / b * 100).quantize(Decimal("0.01"))
    how = f"{part.value} ÷ {whole.value} = {rate}%" if part.unit == whole.unit else f"{a} ÷ {b} = {rate}%"
    return Answer(
        question,
        f"{part_said}占{whole_name}（{whole.value}{whole.unit}）的 {rate}%（{how}）。",
        rate,
        "%",
        "both",
        why,
        tuple(dict.fromkeys(part.citations + whole.citations)),
        "answered",
        how,
        part.subject,
        rule="share_of_two",
    )


def _unfound_before(part: str, before: Answer) -> Answer:
    """「…几个项目（未找到），一共多少钱」: a part that leans on a part the document does not answer."""
    return Answer(
        part,
        f"文档中未找到：「{part.strip()}」接着上一问「{before.question.strip()}」，而上一问在文档中没有找到。",
        None,
        None,
        "none",
        "复合问题的这一部分没有自己的主题，依赖上一部分，而上一部分未找到",
        status="not_found",
    )
