"""Where a table question's row is: in the table the question names (by number, by a title turned into its
label, or by a container concept such as 「“三公”经费里的…」, including a table printed across), and whether a
list of names asks to be added up (「A、B和C加起来」) or each (「A和B分别」), several columns of one row, and whether
words after 占 name a denominator."""

from __future__ import annotations

import re

from app.answer.intent import Intent
from app.answer.knowledge import Knowledge
from app.answer.linker import Match, find_columns
from app.answer.plan import Decline, Plan, TablePlan
from app.answer.question_words import (
    _EACH,
    _SPLIT_SHARE,
    _SUM_WORDS,
    _TABLE_REF,
    COLUMN_CONCEPTS,
    SOURCE_COLUMNS,
    table_labels,
)
from app.models import Subject
from app.numbers import cn_to_int, int_to_cn
from app.tools.table_query import TableQuery, Target

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


def _stem(name: str) -> str:
    """An item's name without its numbering and the word for money it ends in: 「其中：（三）公务接待费支出」 and
    「公务接待费」 are one item (a 三公 table names its items its own way)."""
    return re.sub(r"(?:费用|费|支出|经费)+$", "", _ITEM_NUMBER.sub("", name))


def _in_named_table(
    kb: Knowledge, text: str, first: Match, column: str, containers: list[Match]
) -> tuple[dict, str] | None:
    """「表五中社会保障和就业支出」: when the question names a table (by number, or by a title turned into its
    label), a row of that table answers, in the column asked (else the table's first). A container concept
    names its table too: 「“三公”经费里的公务接待费」 is the 三公 table's row, not 基本支出's."""
    named = table_labels(text)
    kinds = {
        o.table_kind for m in containers if m.entity.kind == "concept" for o in kb.concept_options.get(m.entity.key, [])
    }
    if not named and len(kinds) == 1:
        named = {label for label, kind in kb.kind_of.items() if kind in kinds}
    if len(named) != 1:
        return None
    (label,) = named
    if label not in kb.tables:
        return None  # 「表十九」: no such table (the scope says so), nothing read from another
    if column and column not in kb.columns(label) and column in str(kb.tables[label].get("title", "")):
        column = ""  # 「表十三上年结转项目里」: 上年结转 is what the table is (its title), not a column of it
    if first.entity.kind == "concept":
        return _named_table_total(kb, text, first, column, label)
    if first.entity.kind != "row":
        return None
    for r in kb.entity_rows.get(first.entity.key, []):
        if r["table"] == label:
            cols = ("金额",) if r["side"] == "收入" else kb.columns(label)
            if not column:
                return r, cols[0]
            if column in cols:
                return r, column
    for r in kb.rows[kb.rows["table"] == label].to_dict("records"):  # 「2、公务接待费」 is the row 公务接待费
        if _stem(r["name"]) == _stem(first.entity.name):
            cols = kb.columns(label)
            if not column or column in cols:
                return r, column or cols[0]
    if not column and first.entity.name in kb.columns(label):  # a table printed across: 三公 items are columns
        rows = kb.rows[kb.rows["table"] == label].to_dict("records")
        total = next((r for r in rows if r["level"] == "合计"), rows[0] if len(rows) == 1 else None)
        if total is not None:
            return total, first.entity.name
    return None


def _total_row(kb: Knowledge, label: str, levels: tuple[str, ...] = ("合计",)) -> dict | None:
    """A table's total row on its spending side (its 合计; for a project table, also its unit's row)."""
    rows = kb.rows[kb.rows["table"] == label].to_dict("records")
    return next((r for r in rows if r["level"] in levels and r["side"] != "收入"), None)


def named_table_total(kb: Knowledge, text: str) -> tuple[dict, str] | None:
    """The 合计 row (first column) of the one table the question names by number (a project table's unit row
    where it has no 合计), else None."""
    named = table_labels(text)
    label = next(iter(named)) if len(named) == 1 and named <= set(kb.tables) else ""
    total = (
        (_total_row(kb, label) or _total_row(kb, label, ("单位",))) if label else None
    )  # a project table's: its unit
    return (total, kb.columns(total["table"])[0]) if total is not None else None


def _named_table_total(kb: Knowledge, text: str, first: Match, column: str, label: str) -> tuple[dict, str] | None:
    """「公开05表里的项目支出」「表五一般公共预算支出合计」: a concept asked of a table the question names is that
    table's 合计 row — in the concept's column when the table has it, else its first column when the words linked
    are the table's own title (一般公共预算支出 of 一般公共预算支出表). None when the table has neither."""
    if column and column in str(kb.tables[label].get("title", "")):
        column = ""  # 「表五一般公共预算支出合计」: 一般公共预算 is the table's own title, not a column asked
    home = kb.row_for(first.entity, column)
    if home is not None and home[0]["table"] == label:
        return home
    whole = first.entity.name == "总支出"  # 「表五的支出合计」: the named table's own total
    total = _total_row(kb, label)
    if total is None:
        return None
    cols = kb.columns(label)
    want = column or first.entity.name
    if want in cols:
        return total, want
    said = text[first.start : first.end]
    title = re.sub(r"20\d\d年?|表$", "", str(kb.tables[label].get("title", "")))
    if not column and (whole or (len(said) >= 4 and said in title)):
        return total, cols[0]
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
    said = first.entity.name if not column_first else text[: first.start]  # 「一般公共预算的基本支出和…」
    source = next((s for s in (*SOURCE_COLUMNS, "财政拨款") if said.startswith(s) or (column_first and s in said)), "")
    if concept is not None and source:
        own = [_total_row(kb, label) for label, t in kb.tables.items() if source in str(t.get("title", ""))]
        hits[:0] = [(r, words[0][0]) for r in own if r is not None]  # 「一般公共预算的基本支出和项目支出」: its table's
        hits.append(kb.row_for(concept, words[0][0]))  # 「一般公共预算基本支出中人员经费和公用经费」: the columns' row
    for hit in hits:
        if hit is not None and all(c in kb.row_columns.get(hit[0]["row_id"], set()) for c, _ in words):
            return [(hit[0], c) for c, _ in words]
    return []


def _named_after(after: str) -> bool:
    """Words after 占 that name a denominator (「占人社管理事务这一款的比例」), not only 「多少比例」."""
    named = re.sub(
        r"的|比例|比重|百分比|百分之几|百分之|多少|几成|是|为|了|这一?[类款项个]|全部|整个|总|预算|支出|收入|金额|合计|额|"
        r"[%？?。，,\s]",
        "",
        after,
    )
    return len(re.findall(r"[\u4e00-\u9fff]", named)) >= 2


def alongside(
    kb: Knowledge, first: tuple[dict, str], a: Match, b: Match, column: str
) -> tuple[dict, str, tuple[dict, str] | None]:
    """(row, column) of `a` and the (row, column) of `b` to compare it with: in `a`'s table when `b` is there,
    else in one table that has both (租赁费 and 委托业务费 of the 项目支出 table, not 租赁费 there and
    委托业务费 of the 基本支出 table), else each where it is best read."""
    row, col = first

    def in_table(m: Match, table: str) -> dict | None:
        return next((r for r in kb.entity_rows.get(m.entity.key, []) if r["table"] == table), None)

    if a.entity.kind == b.entity.kind == "row":
        for table in (row["table"], *(r["table"] for r in kb.entity_rows.get(a.entity.key, []))):
            mine, other = in_table(a, table), in_table(b, table)
            cols = kb.columns(table)
            if mine and other and (col in cols or not column):
                use = col if col in cols else cols[0]
                amount = use == cols[0]  # the 收入 side prints one figure: 金额
                own = ["金额" if r["side"] == "收入" and amount else use for r in (mine, other)]
                return mine, own[0], (other, own[1])
    return row, col, kb.row_for(b.entity, column)


def share_of_several(kb: Knowledge, text: str, matches: list[Match], column: str) -> Plan:
    """A share that names three or more rows: the names before 占 added up (「A和B加起来占C的比例」, 「A、B合计占C」)
    over the one name after it; anything else has no sure numerator and denominator, so no figure."""
    split = _SPLIT_SHARE.search(text)
    parts = [m for m in matches if split and m.end <= split.start()]
    wholes = [m for m in matches if split and m.start >= split.end()]
    rows = [kb.row_for(m.entity, column) for m in parts]
    whole = kb.row_for(wholes[0].entity, column) if len(wholes) == 1 else None
    if len(parts) >= 2 and len(parts) + 1 == len(matches) and whole and all(rows):
        return TablePlan(
            reason=f"问几项之和的占比：{'、'.join(m.entity.name for m in parts)} 之和 ÷ {wholes[0].entity.name}",
            query=TableQuery(
                "share", tuple(Target(r["row_id"], c) for r, c in rows), Target(whole[0]["row_id"], whole[1])
            ),
            matches=matches,
        )
    return Decline(
        reason="占比问题里提到了两项以上，分子分母无法确定",
        status="not_found",
        message="文档中未找到能确定的占比计算：问题里提到了多于两项（"
        + "、".join(m.entity.name for m in matches)
        + "），请只写出要比较的两项。",
        matches=matches,
    )


def _table_total_plan(kb: Knowledge, ref: str, intent: Intent) -> Plan | None:
    """「表十二的合计」: the named table's total row (its 合计 row, or the unit row of a project table)."""
    number = int(ref) if ref.isdigit() else cn_to_int(ref)
    label = next((lb for lb, t in kb.tables.items() if t["number"] == number), None)
    if label is None:
        return None
    total = _total_row(kb, label, ("合计", "单位"))
    if total is None:
        return None
    col = kb.columns(label)[0]
    return TablePlan(
        reason=f"问题点名{label}的合计：查 {label}「{total['name']}」{col}",
        query=TableQuery("lookup", (Target(total["row_id"], col),)),
        intent=intent,
        subject=Subject("row", total["name"], "", label, col),
    )


def in_source_table(kb: Knowledge, first: Match, source: str) -> tuple[dict, str] | None:
    """A name asked of one source of funds, read in the one table whose title is that source's: a concept
    (「一般公共预算基本支出」 where 表三 has no 一般公共预算 column) in that table's 合计 row; a row (「一般公共预算
    安排的电费」) in its own row there, first column (not the source's column of another table — 基本支出总表's
    is the basic part only)."""
    if source not in SOURCE_COLUMNS:
        return None
    if first.entity.kind == "row":
        rows = [
            r for r in kb.entity_rows.get(first.entity.key, []) if source in str(kb.tables[r["table"]].get("title", ""))
        ]
        return (rows[0], kb.columns(rows[0]["table"])[0]) if len({r["table"] for r in rows}) == 1 else None
    if first.entity.kind != "concept":
        return None
    spending = {"一般公共预算": "gpb_expense", "政府性基金预算": "fund_expense", "国有资本经营预算": "soe"}.get(source)
    # 「一般公共预算支出合计」: that source's table's total
    if first.entity.name in ("总支出", "本年支出") and spending:
        labels = [lb for lb, kind in kb.kind_of.items() if kind == spending]
        total = _total_row(kb, labels[0]) if len(labels) == 1 else None
        return (total, kb.columns(labels[0])[0]) if total is not None else None
    hits = []
    for label, t in kb.tables.items():
        if source in str(t.get("title", "")) and first.entity.name in kb.columns(label):
            total = _total_row(kb, label)
            hits += [(total, first.entity.name)] if total is not None else []
    return hits[0] if len(hits) == 1 else None


def stray_code(kb: Knowledge, text: str) -> str:
    """A 科目编码 of 5 or 7 digits the question names that no row of the document carries (nor starts with)."""
    codes = set(kb.rows["code"].astype(str))
    amount = r"\s*(?:万|元|块|%|％|个|人|辆|台|年|月|日)"  # 「超过10000元」: an amount or a date, no code
    for code in re.findall(rf"(?<![\d.,])(\d{{5}}|\d{{7}})(?![\d.,]|{amount})", text):
        if not any(c.startswith(code) or code.startswith(c) for c in codes if len(c) >= 5):
            return code
    return ""
