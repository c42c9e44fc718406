"""The 绩效管理 paragraph of 情况说明 against 项目支出预算表 and the 绩效目标表: how many 二级项目 and for how much
(N4, N1), how many published 绩效目标 and their share (N4, N1, N2), and its per-kind breakdowns (N5)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from app.audit.document import Book
from app.audit.model import WAN, ZERO, Fig, Row, diff_values, is_rounding, norm, pct
from app.audit.projects import annual, by_name, project_total
from app.audit.results import Results
from app.audit.sentences import Stated, stated_figures
from app.models import Chunk, Citation, Table

_KIND_RE = re.compile(r"(\S{2,6}类)项目$")


@dataclass
class _ProjectText:
    """What 「项目绩效目标」 states, by scope (all 二级项目 / published 绩效目标) and kind (其他运转类 …)."""

    count: dict[str, tuple[Decimal, Citation]] = field(default_factory=dict)  # scope → count
    amount: dict[str, tuple[Decimal, Citation]] = field(default_factory=dict)  # scope → 万元
    share: tuple[Decimal, Citation] | None = None
    kinds: dict[str, list[tuple[str, str, Decimal, Citation]]] = field(default_factory=lambda: defaultdict(list))

    def add_count(self, scope: str, f: Stated, cite: Citation) -> str:
        """A count of projects: of one kind (returns the kind) or of the whole scope (returns "")."""
        m = _KIND_RE.search(f.label)
        if m:
            self.kinds[scope].append((m.group(1), "count", f.value, cite))
            return m.group(1)
        self.count.setdefault(scope, (f.value, cite))
        return ""

    def add_amount(self, scope: str, kind: str, f: Stated, cite: Citation) -> None:
        if kind:
            self.kinds[scope].append((kind, "amount", f.value, cite))
        else:
            self.amount.setdefault(scope, (f.value, cite))


def _read_projects_text(book: Book, sentences: list[tuple[Chunk, str]]) -> _ProjectText:
    out = _ProjectText()
    scope = ""
    for chunk, sentence in sentences:
        cite = book.cite.sentence(chunk, sentence)
        kind = ""
        for f in stated_figures(sentence):
            if f.unit == "个" and "项目" in f.label:
                scope = "published" if "公开" in f.label else (scope or "all")
                kind = out.add_count(scope, f, cite) or kind
            elif f.unit == "万元" and scope:
                out.add_amount(scope, kind, f, cite)
            elif f.unit == "%" and scope == "published" and "占" in f.label:
                out.share = (f.value, cite)
    return out


def check_projects_text(book: Book, res: Results, sentences: list[tuple[Chunk, str]]) -> None:
    said = _read_projects_text(book, sentences)
    if not said.count and not said.amount:
        return
    t = book.table("project")
    if t is None:
        res.unsure(
            "N4.project_count",
            "文中提到项目个数，但没有找到项目支出预算表（本年预算）",
            [c for _, c in said.count.values()],
        )
        return
    projects = [r for r in book.rows[t.label] if r.ref.level == "项目"]
    head, _ = project_total(book, "project")
    _check_all_projects(book, res, t, said, projects, head)
    _check_published(book, res, said, projects, head)
    for scope, kinds in said.kinds.items():
        _check_kind_sums(res, scope, kinds, said)


# ------------------------------------------------------------------------------------------ all 二级项目


def _check_all_projects(book: Book, res: Results, t: Table, said: _ProjectText, projects: list[Row], head: Fig) -> None:
    if "all" in said.count:
        _check_count(book, res, t, said.count["all"], projects)
    if "all" in said.amount:
        value, cite = said.amount["all"]
        res.compare("N1.amount", Fig(value, "情况说明 二级项目共计金额", (cite,)), head, context=cite.source)


def _check_count(book: Book, res: Results, t: Table, stated: tuple[Decimal, Citation], projects: list[Row]) -> None:
    """N4: the number of 二级项目 = 表十二's project rows (or its distinct project names)."""
    value, cite = stated
    names = Counter(norm(r.ref.name) for r in projects)
    cites = (cite, *(book.cite.row(r) for r in projects))
    repeated = [f"「{r.ref.name}」出现{names[norm(r.ref.name)]}次" for r in projects if names[norm(r.ref.name)] > 1]
    repeated = list(dict.fromkeys(repeated))
    if value == len(projects):
        res.ok("N4.project_count")
    elif value == len(names):
        res.ok(
            "N4.project_count",
            f"情况说明的二级项目{value}个与{t.label}按项目名称计数一致（{t.label}列出{len(projects)}行，"
            f"其中{'、'.join(repeated)}，视为同一项目分列在不同科目）",
        )
    else:
        res.fail(
            "N4.project_count",
            f"{cite.source}：情况说明称二级项目{value}个，{t.label}列出{len(projects)}行项目"
            f"（按名称去重{len(names)}个）",
            diff_values(value, Decimal(len(projects)), "个"),
            cites,
        )


# ------------------------------------------------------------------------------------------ published 绩效目标


def _check_published(book: Book, res: Results, said: _ProjectText, projects: list[Row], head: Fig) -> None:
    published = _published(book, projects)
    if "published" in said.count:
        value, cite = said.count["published"]
        res.compare(
            "N4.project_count",
            Fig(value, "情况说明 公开项目绩效目标个数", (cite,)),
            Fig(
                Decimal(len(book.perf)),
                "本文件所附项目支出绩效目标表张数",
                tuple(book.cite.perf(p, "项目名称", "项目名称") for p in book.perf),
            ),
            unit="个",
        )
    if "published" in said.amount:
        value, cite = said.amount["published"]
        res.compare(
            "N1.amount", Fig(value, "情况说明 公开项目绩效目标涉及金额", (cite,)), published, context=cite.source
        )
        if said.share:
            _check_share_of_projects(res, said.share, published, head)


def _published(book: Book, projects: list[Row]) -> Fig:
    """The 表十二 amount of the projects that have a 绩效目标表 (their 年度资金总额 ÷ 10000 if not in 表十二)."""
    total, cites, missing = ZERO, [], []
    rows_by_name = by_name(projects)
    for p in book.perf:
        rows = rows_by_name.get(norm(p.project), [])
        if rows:
            total += sum((r.get("合计") for r in rows), ZERO)
            cites += [book.cite.row(r, "合计") for r in rows]
        else:
            total += (annual(p) or ZERO) / WAN
            missing.append(p.project)
    what = f"{len(book.perf)} 张绩效目标表所列项目在项目支出预算表中的金额之和"
    if missing:
        what += f"（{'、'.join(missing)} 不在表中，按其年度资金总额计）"
    return Fig(total, what, tuple(cites))


def _check_share_of_projects(res: Results, share: tuple[Decimal, Citation], part: Fig, whole: Fig) -> None:
    """N2: the published projects' share of all project funds."""
    value, cite = share
    if whole.unsure or whole.value == 0:
        return
    expected = pct(part.value, whole.value)
    diff = value - expected
    res.tally(
        "N2.share",
        value == expected,
        f"{cite.source}：公开项目金额占项目支出总额文中为 {value}%，按表计算 {part.value} ÷ {whole.value} = "
        f"{expected}%，相差 {diff}个百分点",
        diff_values(value, expected, "%"),
        [cite, *part.cites, *whole.cites],
        rounding=is_rounding(diff),
    )


# ------------------------------------------------------------------------------------------ N5: by kind


def _check_kind_sums(
    res: Results, scope: str, kinds: list[tuple[str, str, Decimal, Citation]], said: _ProjectText
) -> None:
    """N5: the per-kind counts and amounts add up to the stated totals."""
    word = "公开项目" if scope == "published" else "二级项目"
    for measure, unit, totals in (("count", "个", said.count), ("amount", "万元", said.amount)):
        parts = [(k, v, c) for k, m, v, c in kinds if m == measure]
        if not parts or scope not in totals:
            continue
        total, cite = totals[scope]
        summed = sum((v for _, v, _ in parts), ZERO)
        detail = " + ".join(f"{k}{v}" for k, v, _ in parts)
        res.tally(
            "N5.parts_sum",
            summed == total,
            f"{cite.source}：{word}{'个数' if measure == 'count' else '金额'}文中为 {total}{unit}，"
            f"分类之和 {detail} = {summed}{unit}，相差 {total - summed}{unit}",
            diff_values(total, summed, unit),
            [cite, *(c for _, _, c in parts)],
            rounding=unit == "万元" and is_rounding(total - summed),
        )
