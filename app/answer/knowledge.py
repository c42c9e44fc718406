"""What one document offers to link questions to: its rows (grouped by name across tables), the
whole-table concepts (三公经费, 人员经费, …), its projects and their 绩效指标."""

from __future__ import annotations

import functools
import re
from collections import Counter

import pandas as pd

from app.answer.concept_data import Concept, _columns_as_concepts, concepts, other_funds
from app.answer.doc_units import own_level_entity, three_public_own
from app.answer.linker import Entity, Linker, aliases_for, core_name
from app.answer.question_words import _BODY_END
from app.models import PerfTarget

TABLE_PREFERENCE = (
    "project",
    "three_public",
    "expense_total",
    "gpb_expense",  # (西安's 一般公共预算支出 by 经济科目: all of it, before the 基本支出 part)
    "basic_by_econ",
    "admin_cost",
    "income_total",
    "income_expense_total",
    "fiscal_total",
    "project_carryover",
    "fund_expense",
    "fund_income",
    "soe",
    "unknown",
)
INCOME_KINDS = ("income_total", "income_expense_total", "fiscal_total")
_TOTAL_NAME = re.compile(r"^(合计|小计|总计|部门合计)$|合计$|总计$")


def _own_part(name: str, unit: str) -> tuple[str, ...]:
    """A unit of a department is called by what follows the name it shares with the department
    (「西安市安全生产执法监察支队」 of 西安市安全生产监督管理局 is 「执法监察支队」)."""
    if re.fullmatch(re.escape(unit) + r"\s*[（(]本级[）)]", name):
        return ("本单位（本级）",)  # the department's own part: what 「…商务局本级」 reads as (app.answer.scope)
    if not _BODY_END.search(name):
        return ()
    shared = 0
    while shared < min(len(name), len(unit)) and name[shared] == unit[shared]:
        shared += 1
    own = name[shared:]  # and its last words (「戒毒所」 of 富春强制隔离戒毒所, 「援助中心」), or its name without the
    tails = tuple(own[-k:] for k in (3, 4) if len(own) > k + 1 and own[-k:] not in ("办公室", "服务中心"))
    unplaced = re.sub(r"^[\u4e00-\u9fff]{2,3}?[省市区县](?=[\u4e00-\u9fff]{3})", "", name)  # city (「气象台」)
    return ((own, *tails) if len(own) >= 4 else ()) + ((unplaced,) if unplaced != name else ()) if shared >= 2 else ()


def _class_name(name: str, row: dict, kind: str, names: set[str]) -> str:
    """A 收支总表 names a 功能分类 类 on its 支出 side without 「支出」 (「23、灾害防治及应急管理」): it is the same
    类 as 「灾害防治及应急管理支出」 of the other tables, so one name, one entity."""
    if kind in ("income_expense_total", "fiscal_total") and row.get("side") == "支出" and not name.endswith("支出"):
        return name + "支出" if name + "支出" in names else name
    return name


def _item_names(rows: pd.DataFrame, kind_of: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """A procurement row is also named by what it buys (西安's 规格型号 「事故救援专业车」 of 「事故应急救援」): the
    words of its other text columns that no other row of its table prints — {row_id: aliases}."""
    out: dict[str, tuple[str, ...]] = {}
    for label in (t for t, k in kind_of.items() if k == "procurement"):
        table = rows[rows["table"] == label].to_dict("records")
        pieces = {
            r["row_id"]: [p for p in str(r["extra"] or "").split() if len(re.findall(r"[\u4e00-\u9fff]", p)) >= 4]
            for r in table
        }
        for rid, mine in pieces.items():
            own = [p for p in mine if sum(p in other for other in pieces.values()) == 1]
            if own:
                out[rid] = tuple(p.lower() for p in own)
    return out


def _preference(kind: str) -> int:
    """Where a figure is best read: the national tables' natural homes first; kinds of other templates
    (procurement, project by economic class …) after them, in the catalogue's order."""
    return TABLE_PREFERENCE.index(kind) if kind in TABLE_PREFERENCE else len(TABLE_PREFERENCE)


class Knowledge:
    def __init__(
        self,
        doc: dict,
        tables: pd.DataFrame,
        rows: pd.DataFrame,
        cells: pd.DataFrame,
        perf: list[PerfTarget],
        corpus: str = "",
    ):
        self.doc = doc
        # (table, unit) of the units a table lists its rows under (西安's 表六: 「125003 …执法监察支队」 heading its rows)
        self.rows_by_id = {r["row_id"]: r for r in rows.to_dict("records")}
        heads = Counter(r["table"] for r in rows.to_dict("records") if r["level"] == "单位")
        self.unit_heads = {  # a table listing two or more units (one unit's heading is the table's only unit)
            (r["table"], r["name"]) for r in rows.to_dict("records") if r["level"] == "单位" and heads[r["table"]] > 1
        }
        self.row_columns: dict[str, dict[str, None]] = {}  # the columns each row has a cell in, in printed order
        for rid, col in zip(cells["row_id"], cells["column"], strict=False) if len(cells) else ():
            self.row_columns.setdefault(rid, {})[col] = None
        self.corpus = corpus  # all the document's words: names of other units must be found here to count
        self.tables = {t["label"]: t for t in tables.to_dict("records")}
        self.rows = rows
        self.perf = perf
        self.kind_of = {label: t["kind"] for label, t in self.tables.items()}
        self.entity_rows: dict[str, list[dict]] = {}
        entities: list[Entity] = []
        parents = set(rows["parent"])
        names = {core_name(n) for n in rows["name"]}
        bought = _item_names(rows, self.kind_of)
        for r in rows.to_dict("records"):
            if _TOTAL_NAME.search(r["name"]) or r["name"] == doc.get("unit"):
                continue
            if r["level"] == "单位" and not _BODY_END.search(r["name"]):
                continue  # a unit heading of a table by unit: linked only as a unit the department's tables name
            key = "row:" + _class_name(core_name(r["name"]), r, self.kind_of.get(r["table"], ""), names)
            if not aliases_for(r["name"]) or not re.search(r"[\u4e00-\u9fffA-Za-z]{2}", r["name"]):
                continue  # a name of one character or of figures only (a year printed as a row: 「2026」) (a header fragment of an odd table) cannot be linked to
            if key not in self.entity_rows:
                self.entity_rows[key] = []
                project = self.kind_of.get(r["table"]) in ("project", "project_carryover")
                entities.append(
                    Entity(
                        key,
                        "row",
                        core_name(r["name"]),
                        aliases_for(r["name"])
                        + _own_part(r["name"], doc.get("unit", ""))
                        + bought.get(r["row_id"], ()),
                        r["code"],
                        min_share=0.3 if project else 0.5,
                        bonus=2.0 if r["name"] in parents else 0.0,
                    )
                )
            elif r["code"] and not next(e for e in entities if e.key == key).code:
                entities = [
                    Entity(e.key, e.kind, e.name, e.aliases, r["code"]) if e.key == key else e for e in entities
                ]
            elif r["code"] and r["code"] != next(e for e in entities if e.key == key).code:
                by_code = f"code:{r['code']}"  # 「2169999」 where 21699 prints the same name: linked by its code only
                if by_code not in self.entity_rows:
                    self.entity_rows[by_code] = []
                    entities.append(Entity(by_code, "row", core_name(r["name"]), (r["code"],), r["code"]))
                self.entity_rows[by_code].append(r)
            self.entity_rows[key].append(r)
        own = own_level_entity(rows, str(doc.get("unit") or ""))  # 「本级」 of a department listing its units
        if own is not None:
            entities.append(own[0])
            self.entity_rows[own[0].key] = own[1]
        rows_named = {e.name for e in entities if e.kind == "row"}
        funds = other_funds(cells, self.kind_of)  # 财政拨款 is more than 一般公共预算 (政府性基金 too)
        for c in concepts():
            if c.name == "财政拨款" and not funds:
                continue  # the total of all 财政拨款 is a concept of its own only where it is more
            if any(self.kind_of.get(t) == c.table_kind for t in self.tables) and not any(
                e.key == "concept:" + c.name for e in entities
            ):
                every = dict.fromkeys(a for o in concepts() if o.name == c.name for a in o.aliases)  # every home's
                own = [a for a in every if a == c.name.lower() or re.sub(r"收入$", "", a) not in rows_named]
                own = [a for a in own if not (funds and c.name == "一般公共预算拨款" and a.startswith("财政拨款"))]
                entities.append(  # 「财政拨款收入」 is the document's own row 「一、财政拨款」 when it prints one
                    Entity("concept:" + c.name, "concept", c.name, tuple(sorted(own, key=len, reverse=True)))
                )
        for p in perf:  # a project only its 绩效目标表 prints (泉州's ruled forms): linked by the form's name
            if not any(e.kind == "row" and core_name(e.name) == core_name(p.project) for e in entities):
                plain = re.sub(r"[“”\"「」]", "", p.project)
                names = tuple(dict.fromkeys(aliases_for(p.project) + aliases_for(plain)))
                entities.append(Entity(f"perf:{p.project}", "perf", p.project, names, min_share=0.6))
        for p in perf:
            for ind in p.indicators:
                if ind.name and len(ind.name) >= 3:
                    key = f"indicator:{p.project}:{ind.name}"
                    if not any(e.key == key for e in entities):
                        entities.append(Entity(key, "indicator", ind.name, (ind.name.lower(),), min_share=0.3))
        across = _columns_as_concepts(self.tables, cells, {e.name for e in entities})
        entities += [Entity("concept:" + c.name, "concept", c.name, aliases_for(c.name)) for c in across]
        self.entities = entities
        self.linker = Linker(entities)
        self.concepts: dict[str, Concept] = {}
        self.concept_options: dict[str, list[Concept]] = {}  # a concept's homes, in order (收支总表, else 支出总表)
        for c in (*concepts(), *across):
            self.concepts.setdefault("concept:" + c.name, c)
            self.concept_options.setdefault("concept:" + c.name, []).append(c)

    # -- choosing rows -----------------------------------------------------------------------------
    def concept_kinds(self, key: str) -> set[str]:
        """The table kinds a concept may be read from (all its homes)."""
        return {c.table_kind for c in self.concept_options.get(key, [])}

    def columns(self, label: str) -> tuple[str, ...]:
        return tuple(self.tables[label]["columns"])

    @functools.cached_property
    def row_vocabulary(self) -> str:
        """The names of this document's rows and projects, one per line."""
        return "\n".join(name for e in self.entities if e.kind == "row" for name in (e.name, *e.aliases))

    @functools.cached_property
    def vocabulary(self) -> str:
        """Every name the tables use (rows, projects) and the budget concepts' names and aliases (三公, 机关运行经费 …,
        whether or not this document prints their table), one per line."""
        return "\n".join(
            [
                *(name for e in self.entities for name in (e.name, *e.aliases)),
                *(name for c in concepts() for name in (c.name, *c.aliases)),
            ]
        )

    def closest_names(self, words: str, limit: int = 3) -> list[str]:
        """Row and project names that look most like `words` (a typo, a near name), best first, for a
        「文档中相近的有…」 suggestion that carries no figure."""
        from rapidfuzz import fuzz, process

        names = list(dict.fromkeys(e.name for e in self.entities if e.kind in ("row", "project")))
        found = process.extract(words, names, scorer=fuzz.partial_ratio, limit=limit, score_cutoff=60)
        return [name for name, _, _ in found]

    def row_for(self, entity: Entity, column: str = "", income: bool = False) -> tuple[dict, str] | None:
        """The best (row, column) for an entity: a table that has the column, by the national tables'
        natural home for each kind of figure — the income tables first when the question asks about 收入."""
        if entity.kind == "concept":
            for option in self.concept_options[entity.key]:
                hit = self._concept_row(option, column)
                if hit is not None:
                    return hit
            return None
        rows = self.entity_rows.get(entity.key, [])
        per_table = Counter(r["table"] for r in rows)
        body = bool(_BODY_END.search(entity.name))  # a unit of the department (「…执法监察支队」)
        ranked = sorted(
            rows,
            key=lambda r: (
                not (income and self.kind_of.get(r["table"]) in INCOME_KINDS),
                body and self.kind_of.get(r["table"]) not in ("income_total", "expense_total"),  # a unit: its totals
                self.under_unit(r),  # one unit's row: after rows of the whole department
                -per_table[r["table"]] if self.under_unit(r) else per_table[r["table"]] > 1,  # (all its units)
                _preference(self.kind_of.get(r["table"], "unknown")),  # per unit of a department (西安's 表五)
            ),
        )
        for r in ranked:
            cols = ("金额",) if r["side"] == "收入" else self.columns(r["table"])
            has = self.row_columns.get(r["row_id"], set())
            if not column and has and cols[0] not in has and "合计" in has:
                cols = ("合计", *cols)  # a header the table's columns lost (西安's 收入总表): the row's own 合计
            elif not column and has and not set(cols) & set(has):  # 北京's 项目总额 under a table read as indicators
                cols = (next(iter(has)), *cols)
            if not column:
                return r, cols[0]
            if column in cols:
                return r, column
            grouped = [c for c in cols if c.startswith(column)]  # 「上年结转」 over its one sub-column 一般公共预算
            if len(grouped) == 1 and len(column) >= 2:
                return r, grouped[0]
        return None

    def _concept_row(self, c: Concept, column: str = "") -> tuple[dict, str] | None:
        for label, t in self.tables.items():
            col = column or (t["columns"][0] if c.column == "*" and t["columns"] else c.column)  # *: its first
            col = column or three_public_own(t["columns"], c.table_kind, c.name) or col  # (合计 with 会议费 in it)
            if t["kind"] != c.table_kind or (col not in t["columns"] and col != "金额"):  # 金额: the 收入 side
                continue
            table = self.rows[self.rows["table"] == label]
            hit = table[table["name"].str.match(c.row)]
            if not len(hit) and re.match(c.row, "合计"):  # no 合计 row: the one unit's row is the total (深圳)
                hit = table[(table["level"] == "单位") | (table["name"] == self.doc.get("unit"))]
                hit = hit if len(hit) == 1 else hit.iloc[0:0]
            if len(hit):
                return hit.iloc[0].to_dict(), col
        if c.name == "项目支出" and column:  # 项目支出 by source (单位资金, 政府性基金 …): the project table's unit row
            for label, t in self.tables.items():
                if t["kind"] == "project" and column in t["columns"]:
                    hit = self.rows[(self.rows["table"] == label) & (self.rows["level"] == "单位")]
                    if len(hit):
                        return hit.iloc[0].to_dict(), column
        return None

    def under_unit(self, row: dict) -> bool:
        """A row a table lists under one of the department's units (not the department's own figure)."""
        return bool(row.get("parent")) and (row["table"], row["parent"]) in self.unit_heads

    def three_public_total(self, name: str) -> tuple[dict, str] | None:
        """(合计 row, column) of a “三公” table printed across that has `name` as a column (「会议费」, or
        「公务用车运行维护」 for 「公务用车运行维护费」): the department's own figure for it."""
        bare = re.sub(r"费用?$", "", name)
        for label, t in self.tables.items():
            col = next((c for c in t["columns"] if c in (name, bare)), "") if t["kind"] == "three_public" else ""
            total = self.rows[(self.rows["table"] == label) & (self.rows["level"] == "合计")]
            if col and len(total):
                return total.iloc[0].to_dict(), col
        return None

    def same_name_rows(self, row: dict) -> list[dict]:
        """Other rows of the same table with exactly this name (表十二 may list two 「J基础性项目」)."""
        same = self.rows[
            (self.rows["table"] == row["table"])
            & (self.rows["name"] == row["name"])
            & (self.rows["side"] == row["side"])
        ]
        return same.to_dict("records")

    def project_rows(self, label: str = "") -> list[dict]:
        """The projects of the project tables (or of the one table `label`, 上年结转's too). A template that prints
        each project with its 功能科目 code (张掖: 「T耕地保护激励资金 220 01 06」) has no 项目 level: there every row
        but the unit's and the totals is one."""
        rows = [
            r
            for r in self.rows.to_dict("records")
            if (r["table"] == label if label else self.kind_of.get(r["table"]) == "project")
        ]
        projects = [r for r in rows if r["level"] == "项目"]
        if projects or not rows:
            return projects
        return [
            r
            for r in rows
            if r["level"] != "单位" and not _TOTAL_NAME.search(r["name"]) and r["name"] != self.doc.get("unit")
        ]

    def children(self, row: dict) -> list[dict]:
        """Rows one level below `row` in the same table (科目 children, 表六 items, 表十二 projects)."""
        same = self.rows[self.rows["table"] == row["table"]].to_dict("records")
        if row["code"]:
            return [r for r in same if r["code"].startswith(row["code"]) and len(r["code"]) == len(row["code"]) + 2]
        return [r for r in same if r["parent"] == row["name"]]

    def perf_for(self, name: str) -> PerfTarget | None:
        target = core_name(name)
        for p in self.perf:
            if p.project == target or core_name(p.project) == target:
                return p
        return None

    def prose_names(self, entity: Entity) -> tuple[str, ...]:
        """How the 情况说明 refers to an entity, for finding its change vs last year."""
        if entity.kind == "concept":
            return self.concepts[entity.key].prose
        short = re.sub(r"^[一二三四五六七八九十]+、|(?<=预算)(?:资金|拨款|收入)$|(?<=费)用$", "", entity.name)
        return (entity.name, short) if short != entity.name and len(short) >= 4 else (entity.name,)

    def indicator(self, entity: Entity) -> tuple[PerfTarget, object] | None:
        _, project, name = entity.key.split(":", 2)
        for p in self.perf:
            if p.project == project:
                inds = [i for i in p.indicators if i.name == name]
                year = [i for i in inds if i.period == "年度"] or inds
                if year:
                    return p, year[0]
        return None
