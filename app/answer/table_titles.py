"""A table named by its title or its printed number (「《…基本支出部门预算经济分类预算表》里」「公开05表」「2026年单位
“三公”经费和机关运行经费预算表里」) becomes its label (「表八」) before anything is linked: the title's words name the
table, not rows to add up."""

from __future__ import annotations

import re

_TITLE_CHARS = r"[\u4e00-\u9fff“”\"（）()0-9]"
_BRACKETED_TITLE = re.compile(
    r"《([^》]{4,60})》|[“「]([^”」]{4,60}表)[”」]|(表\s*[一二三四五六七八九十\d]{1,3})\s*[（(]([^）)]{4,60}表)[）)]"
)  # 《title》, “title表” (a title may hold 、 and ‘’: 「“一般公共预算‘三公’经费、会议费、培训费支出表”」), 表六（title）
_BREAK = "在里的和与及，,。？?：:、是按从对占据\\s"  # 「占项目支出表合计」「根据收支总表」: no part of a title
_RUN_TITLE = re.compile(
    rf"(?:^|(?<=[{_BREAK}]))([^{_BREAK}]{{2,60}}?(?:预算表|总表|情况表|明细表|分类表|科目表|支出表|收入表|一览表)"
    r"(?:[（(][^）)]{2,16}[）)])?)"
)  # 「一般公共预算项目支出情况表（按经济分类科目）」: the bracket is part of the title
_SPACED_CODE = re.compile(r"(?<![\d.])([2-5]\d\d)(?:\s+(\d\d))(?:\s+(\d\d))?(?![\d.])")


def name_the_tables_plainly(text: str, tables: dict[str, dict]) -> str:
    """A table named by its title (「《…基本支出部门预算经济分类预算表》里」, 「表六（一般公共预算安排基本支出分经济
    科目表）里」, 「基本支出经济分类表合计行里」) → its label (「表八里」): the title's words name the table, not
    rows to add up (一般公共预算 + 基本支出 + 人员经费). A code printed with spaces (「213 01 01」) is one code."""
    text = _SPACED_CODE.sub(lambda m: "".join(g for g in m.groups() if g), text)
    text = _PRINTED_NUMBER.sub(lambda m: _spaced(_label_numbered(int(m.group(1)), tables), m), text)
    text = _own_titles(text, tables)

    def bracketed(m: re.Match) -> str:
        if m.group(3):  # 表六（title）: the number names the table already
            return m.group(3).replace(" ", "")
        if m.group(2):  # a quoted name ending in 表 that is no table's stays as written
            return _closest_table(m.group(2).replace("‘", "“").replace("’", "”"), tables) or m.group(0)
        return _closest_table(m.group(1), tables) or " "

    text = _BRACKETED_TITLE.sub(bracketed, text)
    return _RUN_TITLE.sub(lambda m: _closest_table(m.group(1), tables) or m.group(0), text)


def _plain(text: str) -> str:
    """Brackets as the question's normalised text has them (half-width)."""
    return text.replace("（", "(").replace("）", ")")


def _own_titles(text: str, tables: dict[str, dict]) -> str:
    """A table's printed title written out in the question (「2026年单位“三公”经费和机关运行经费预算表里」,
    「一般公共预算支出表（按经济分类）里」) → its label, whatever 和 or bracket it holds: the longest title said first
    (the year and the 部门/单位 in front optional; the quotes may be left out)."""
    for clean in (_same_quotes, _no_quotes):
        flat = _plain(clean(text))
        said = [
            (len(name), name, label)
            for label, t in tables.items()
            for name in _title_forms(_plain(clean(str(t.get("title", "")))))
            if len(name) >= 8 and name in flat
        ]
        for _, name, label in sorted(said, reverse=True):
            flat = flat.replace(name, label)
        if said:
            return flat
    return text


def _title_forms(title: str) -> tuple[str, ...]:
    bare = re.sub(r"^20\d\d年度?", "", title)
    return (title, bare, re.sub(r"^(?:预算单位|部门|单位)", "", bare))


def _same_quotes(text: str) -> str:
    return text.replace('"', "“").replace("‘", "“").replace("’", "”")


def _no_quotes(text: str) -> str:
    return re.sub(r"[“”‘’\"]", "", text)


_PRINTED_NUMBER = re.compile(r"(?:公开|预算|收支)\s*0*(\d{1,2})\s*号?表")  # 公开05表, 预算01表


def _spaced(label: str, m: re.Match) -> str:
    """The label for a printed number, kept apart from a numeral right after it (「公开09表三公」 → 「表九 三公」)."""
    if not label:
        return m.group(0)
    return label + (" " if re.match(r"[一二三四五六七八九十\d]", m.string[m.end() : m.end() + 1]) else "")


def _label_numbered(number: int, tables: dict[str, dict]) -> str:
    """「公开05表」 as the template prints it → the label of the table numbered 5 (「表五」), or "" when none is."""
    return next((label for label, t in tables.items() if int(t.get("number") or 0) == number), "")


def _closest_table(title: str, tables: dict[str, dict]) -> str:
    """The label of the table whose printed title (or standard kind name) shares most of the question's title
    words — most of both — else ""."""
    from app.catalogue import KIND_NAMES

    words = re.sub(r"20\d\d年?|预算单位|部门|单位|本级|（[^）]*）|\([^)]*\)|[“”\"]", "", title)
    best, best_score = "", 0.0
    for label, t in tables.items():
        for name in (str(t.get("title", "")), KIND_NAMES.get(str(t.get("kind", "")), "")):
            name = re.sub(r"20\d\d年?|预算单位|部门|单位|本级|（[^）]*）|\([^)]*\)|[“”\"]", "", name)
            if not name or not words:
                continue
            shared = sum(1 for ch in set(words) if ch in name)
            score = min(shared / len(set(words)), shared / len(set(name)))
            if score > best_score:
                best, best_score = label, score
    return best if best_score >= 0.75 else ""
