"""Where a table question's row is: in the table the question names (by number, by a title turned into its
label, or by a container concept such as 「“三公”经费里的…」, including a table printed across), and whether a
list of names asks to be added up (「A、B和C加起来」) or each (「A和B分别」), several columns of one row, and whether
words after 占 name a denominator."""

from __future__ import annotations

import re

from app.answer.knowledge import Knowledge
from app.answer.linker import Match, find_columns
from app.answer.operands import narrower_words
from app.answer.plan import Decline
from app.answer.question_words import _EACH, _SUM_WORDS, _TABLE_REF, COLUMN_CONCEPTS, SOURCE_COLUMNS
from app.numbers import int_to_cn

_ADD_AFTER = re.compile(
    r"加起来|合起来|加在一起|一共|总共|合计|共计|总和|之和|总数|总额|加总|等于|combined|together|in total|sum|total"
)


def _asks_sum_of_list(text: str, matches: list) -> bool:
    """「A、B和C加起来/一共/合计多少」: an add word after the last name of the list (「合计」 straight after one
    name is that row's 合计 column only when nothing else is listed)."""
    between = "".join(text[a.end : b.start] for a, b in zip(matches, matches[1:]))
    if re.search(r"加|\+|＋|plus", between):  # 「A加B」「A + B」
        return True
    return bool(_ADD_AFTER.search(text[matches[-1].end :])) or bool(
        re.search(
            r"^(?:把|将)?[^，,。？?]*(?:加起来|加上|相加)|\b(?:sum|total|combined)\b", text[: matches[0].start], re.I
        )
    )


_ITEM_NUMBER = re.compile(r"^(?:其中[:：])?\s*[（(]?[0-9一二三四五六七八九十]+[)）、.．]?\s*")


def _in_named_table(
    kb: Knowledge, text: str, first: Match, column: str, containers: list[Match]
) -> tuple[dict, str] | None:
    """「表五中社会保障和就业支出」: when the question names a table (by number, or by a title turned into its
    label), a row of that table answers, in the column asked (else the table's first). A container concept
    names its table too: 「“三公”经费里的公务接待费」 is the 三公 table's row, not 基本支出's."""
    named = {f"表{m.group(1)}" for m in _TABLE_REF.finditer(text)}
    kinds = {
        o.table_kind for m in containers if m.entity.kind == "concept" for o in kb.concept_options.get(m.entity.key, [])
    }
    if not named and len(kinds) == 1:
        named = {label for label, kind in kb.kind_of.items() if kind in kinds}
    named = {
        label if label in kb.tables else f"表{int_to_cn(int(label[1:]))}" if label[1:].isdigit() else label
        for label in named
    }
    if first.entity.kind != "row" or len(named) != 1:
        return None
    (label,) = named
    for r in kb.entity_rows.get(first.entity.key, []):
        if r["table"] == label:
            cols = ("金额",) if r["side"] == "收入" else kb.columns(label)
            if not column:
                return r, cols[0]
            if column in cols:
                return r, column
    for r in kb.rows[kb.rows["table"] == label].to_dict("records"):  # 「2、公务接待费」 is the row 公务接待费
        if _ITEM_NUMBER.sub("", r["name"]) == first.entity.name:
            cols = kb.columns(label)
            if not column or column in cols:
                return r, column or cols[0]
    if not column and first.entity.name in kb.columns(label):  # a table printed across: 三公 items are columns
        rows = kb.rows[kb.rows["table"] == label].to_dict("records")
        total = next((r for r in rows if r["level"] == "合计"), rows[0] if len(rows) == 1 else None)
        if total is not None:
            return total, first.entity.name
    return None


def _listed_columns(kb: Knowledge, text: str, first: Match) -> list[tuple[dict, str]]:
    """The row and each column when a question names one row, then two or more of its columns joined by 和/、
    and asked for each (「X的基本支出和项目支出各多少」); else []."""
    column_first = first.entity.kind == "concept" and first.entity.name in COLUMN_CONCEPTS
    if (first.entity.kind != "row" and not column_first) or not _EACH.search(text):
        return []  # 「人员经费和公用经费分别是多少」: two columns of the one row that holds both
    words = [(c, p) for c, p in find_columns(text) if p >= (first.start if column_first else first.end)]
    while len(words) >= 2 and not _SUM_WORDS.fullmatch(text[words[0][1] + len(words[0][0]) : words[1][1]].strip()):
        words = words[1:]  # 「基本支出中人员经费和公用经费」: the list is what follows the container
    if len(words) < 2 or any(
        not _SUM_WORDS.fullmatch(text[p + len(c) : q].strip() or "和") for (c, p), (_, q) in zip(words, words[1:])
    ):
        return []
    hits = [kb.row_for(first.entity, words[0][0])]
    named = [f"表{m.group(1)}" for m in _TABLE_REF.finditer(text)]
    label = next((n if n in kb.tables else f"表{int_to_cn(int(n[1:]))}" for n in named[:1]), "")
    if label in kb.tables and column_first:  # 「一般公共预算支出表中基本支出和项目支出」: that table's 合计 row
        total = next((r for r in kb.rows[kb.rows["table"] == label].to_dict("records") if r["level"] == "合计"), None)
        hits.insert(0, (total, words[0][0]) if total is not None else None)
    concept = next((e for e in kb.entities if e.kind == "concept" and e.name == words[0][0]), None)
    if concept is not None and first.entity.name.startswith((*SOURCE_COLUMNS, "财政拨款")):
        hits.append(kb.row_for(concept, words[0][0]))  # 「一般公共预算基本支出中人员经费和公用经费」: the columns' row
    for hit in hits:
        if hit is not None and all(c in kb.row_columns.get(hit[0]["row_id"], set()) for c, _ in words):
            return [(hit[0], c) for c, _ in words]
    return []


def _named_after(after: str) -> bool:
    """Words after 占 that name a denominator (「占人社管理事务这一款的比例」), not only 「多少比例」."""
    named = re.sub(
        r"的|比例|比重|百分比|百分之几|多少|几成|是|为|了|这一?[类款项个]|全部|整个|总|预算|支出|收入|金额|合计|额|"
        r"[%？?。，,\s]",
        "",
        after,
    )
    return len(re.findall(r"[\u4e00-\u9fff]", named)) >= 2


def narrower_decline(
    kb: Knowledge, text: str, linked: list[Match], first: Match, matches: list[Match]
) -> Decline | None:
    """「高中教育支出」 where only the 类 「教育支出」 is printed: no figure, and its printed children named instead."""
    narrower = narrower_words(kb, text, linked, first)
    if not narrower:
        return None
    kids = max((kb.children(r) for r in kb.entity_rows[first.entity.key]), key=len)[:4]
    return Decline(
        reason=f"问的是「{narrower}{first.entity.name}」，表格只有上一级「{first.entity.name}」",
        status="not_found",
        message=f"文档中未找到「{narrower}{first.entity.name}」。文档只列出上一级的「{first.entity.name}」"
        f"和它下面的「{'」「'.join(k['name'] for k in kids)}」，没有给出数字。",
        matches=matches,
    )
