"""The table plan's steps (app.answer.table_plans.STEPS), tested directly on a small document held in memory: a
step decides (a Plan), narrows the ask (a new TableAsk, the old one unchanged), says there is no table plan
(NO_PLAN) or passes (None); the first step that decides makes the plan."""

from __future__ import annotations

import dataclasses

import libraries
import pytest

from app.answer import table_plans, table_row_plans
from app.answer.intent import read_intent
from app.answer.knowledge import Knowledge
from app.answer.operands import _dedupe, _drop_containers, _numbered_siblings
from app.answer.plan import Decline, TablePlan
from app.answer.subjects import link
from app.answer.table_ask import NO_PLAN, TableAsk
from app.answer.table_plans import STEPS, _table_plan


@pytest.fixture(scope="module")
def kb(tmp_path_factory) -> Knowledge:
    return libraries.knowledge(tmp_path_factory, 7)


def ask_of(kb: Knowledge, question: str, column: str = "") -> TableAsk:
    text, matches = link(kb, question)
    intent = read_intent(text)
    operands = _dedupe(_numbered_siblings(kb, text, _drop_containers(text, intent, matches)), kb)
    return TableAsk(text, intent, tuple(matches), tuple(operands), column)


def test_the_steps_are_named_once_and_the_look_up_comes_last():
    names = [name for name, _ in STEPS]
    assert len(names) == len(set(names)) and names[-1] == "lookup"
    assert names.index("the_row") < names.index("share") < names.index("listed")  # the row before what needs it


def test_finding_the_row_refines_the_ask_and_leaves_the_old_one_as_it_was(kb):
    a = ask_of(kb, "办公费是多少")
    found = table_plans.the_row(kb, a)
    assert isinstance(found, TableAsk) and found.row is not None and found.row["name"].endswith("办公费")
    assert found.subject is not None and found.subject.table == found.row["table"] and found.col
    assert a.row is None and a.subject is None  # frozen: the step made a new ask
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.column = "合计"  # type: ignore[misc]


def test_a_column_the_row_does_not_have_gives_no_table_plan(kb):
    a = ask_of(kb, "办公费的政府性基金预算是多少", column="政府性基金预算")  # only the income tables have it
    assert table_plans.the_row(kb, a) is NO_PLAN  # never the row's other column instead


def test_a_step_passes_what_is_not_its_kind(kb):
    found = table_plans.the_row(kb, ask_of(kb, "办公费是多少"))
    assert table_row_plans.difference(kb, found) is None and table_row_plans.share(kb, found) is None
    assert table_row_plans.listed(kb, found) is None and table_plans.whole_only(kb, found) is None


def test_a_share_with_only_its_whole_is_declined(kb):
    plan = table_plans.whole_only(kb, ask_of(kb, "占总支出多少"))
    assert isinstance(plan, Decline) and "分母" in plan.message


def test_the_first_step_that_decides_makes_the_plan(kb):
    listed = _table_plan(kb, *_args(kb, "办公费和水费加起来是多少"))
    assert isinstance(listed, TablePlan) and listed.query.op == "sum" and len(listed.query.targets) == 2
    each = _table_plan(kb, *_args(kb, "办公费和水费分别是多少"))
    assert isinstance(each, TablePlan) and each.query.op == "each"
    share = _table_plan(kb, *_args(kb, "人员经费占基本支出的比例"))
    assert isinstance(share, TablePlan) and share.query.op == "share"
    one = _table_plan(kb, *_args(kb, "住房公积金是多少"))
    assert isinstance(one, TablePlan) and one.query.op == "lookup" and "住房公积金" in one.reason


def _args(kb: Knowledge, question: str) -> tuple:
    text, matches = link(kb, question)
    return text, read_intent(text), matches, ""
