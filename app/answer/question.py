"""The question as the rules see it, computed once: its text, the words as asked, the intent, every linked name
with its span, the names that can be table rows and the column asked for."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.answer.intent import Intent
from app.answer.knowledge import Knowledge
from app.answer.linker import Match
from app.answer.question_words import _BODY_END, COLUMN_CONCEPTS, VALUE
from app.answer.subjects import _concept, _table_matches, _without

PROSE_UNITS = ("辆", "平方米", "台", "人", "次")


@dataclass(frozen=True)
class Question:
    """One question as the rules see it: its text (units and tables named plainly, synonyms linked), the words
    as asked, the intent, every linked name with its span, the names that can be table rows, the column asked
    for, and what follows from them."""

    text: str
    asked: str
    intent: Intent
    matches: tuple[Match, ...]
    table_matches: tuple[Match, ...]
    column: str

    @property
    def prose_unit(self) -> bool:  # counts and areas (辆, 平方米 …) are written in the prose, not the tables
        return self.intent.unit_hint in PROSE_UNITS

    @property
    def codes_named(self) -> bool:
        return any(m.entity.code and m.entity.code in self.text for m in self.table_matches)

    @property
    def bare(self) -> str:  # the text without the linked names
        return _without(self.text, list(self.matches))

    @property
    def asks_words(self) -> bool:  # 「哪个」「什么」「谁」 ask for names, not figures
        return bool(
            re.search(r"哪个|哪些|什么|谁|名字|叫啥|归不归|管不管|负不负责|负责|which|who|what kind", self.bare)
        ) and not VALUE.search(self.bare)

    @property
    def share_of_whole(self) -> bool:
        return self.intent.share and bool(re.search(r"占|比例|比重|share|proportion", self.text))


def read_question(kb: Knowledge, text: str, intent: Intent, matches: list[Match], asked: str = "") -> Question:
    """The Question: which linked names are table rows, and the column asked for. A row reached only through a
    synonym yields to the concept asked by name (「发工资这些人员经费多少」 is 人员经费, not 工资福利支出)."""
    table_matches, column = _table_matches(kb, text, intent, matches)
    if asked and column in COLUMN_CONCEPTS and column in asked:
        derived = [
            m
            for m in table_matches
            if m.entity.kind == "row"
            and text[m.start : m.end] not in asked
            and not _BODY_END.search(m.entity.name)  # 「工信局本级」 read as 「本单位（本级）」: a unit, no synonym
            and any(kb.kind_of.get(r["table"]) == "basic_by_econ" for r in kb.entity_rows.get(m.entity.key, []))
        ]
        concept = next((m for m in matches if m.entity.key == f"concept:{column}"), None) or _concept(kb, column)
        if (
            derived
            and concept is not None
            and len(derived) == len([m for m in table_matches if m.entity.kind == "row"])
        ):
            table_matches, column, text = [concept], "", _without(text, derived)
    return Question(text, asked, intent, tuple(matches), tuple(table_matches), column)
