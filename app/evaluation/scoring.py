"""Scoring: one answer against its gold expectation (`judge` → Verdict), and the summaries of a run
(accuracy, cited accuracy, wrong figures, abstention precision/recall, route accuracy, percentiles).

The rules (pure functions below, unit-tested in tests/test_evaluate.py):
- a figure is correct when Answer.value, converted to the gold unit (元 ↔ 万元 ↔ 亿元; a % gold also accepts a
  unitless ratio, 0.9185 ↔ 91.85%; counting words 个/辆/人/人次/次/台 are interchangeable; a unitless value
  is taken in the gold unit), is within 0.005 of the gold value. Only Answer.value counts: a figure
  merely mentioned in the text does not. Answer.value present but different is a WRONG FIGURE — the worst
  outcome, counted separately; it scores zero whatever else is right. A figure on an `absent` question is a
  wrong figure too.
- phrases: every phrase occurs in Answer.text (after NFKC, ignoring whitespace), and the answer did not abstain.
- absent: Answer.status is not_found or refused, and Answer.value is None.
- correct with citation: correct, and some citation's `source` or `title` contains one of the gold sources
  (a table label such as 表十 must not be followed by another numeral: 表十 does not match 表十二).
- predicted abstention = status not_found/refused; a BudgetQAError raised by ask() counts as refused.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from app.evaluation.golden import CATEGORIES, GoldItem
from app.models import Answer, Citation

ABSTAIN_STATUSES = ("not_found", "refused")
TOLERANCE = Decimal("0.005")

_MONEY = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)}
_UNIT_SYNONYMS = {
    "万": "万元",
    "yuan": "元",
    "rmb": "元",
    "％": "%",
    "percent": "%",
    "pct": "%",
    "台（套）": "台",
    "台(套)": "台",
    "台套": "台",
    "套": "台",
    "㎡": "平方米",
    "m2": "平方米",
    "m²": "平方米",
    "平米": "平方米",
    "平方": "平方米",
    "vehicle": "辆",
    "vehicles": "辆",
    "项": "个",
    "个项目": "个",
}
# Counting words: a count is compared by its number alone (50人 vs gold 50人次 is the same count).
_COUNT_UNITS = {"个", "辆", "人", "人次", "次", "台", "家", "名", "位", "处"}


def normalize_unit(unit: str | None) -> str:
    """'万' → '万元', '％' → '%', '台（套）' → '台', None → ''."""
    if not unit:
        return ""
    u = unicodedata.normalize("NFKC", unit).strip()
    return _UNIT_SYNONYMS.get(u, _UNIT_SYNONYMS.get(u.lower(), u))


def in_gold_unit(value: Decimal, unit: str | None, gold_unit: str) -> list[Decimal]:
    """The readings of (value, unit) in the gold unit; [] when the units cannot be compared.
    A unitless value is read as already in the gold unit; for a % gold it may also be a ratio (0.9185).
    Counting words (个/辆/人/人次/次/台…) are interchangeable: only the number is compared."""
    u, g = normalize_unit(unit), normalize_unit(gold_unit)
    if u == g:
        return [value]
    if u in _MONEY and g in _MONEY:
        return [value * _MONEY[u] / _MONEY[g]]
    if u in _COUNT_UNITS and g in _COUNT_UNITS:
        return [value]
    if not u:
        return [value, value * 100] if g == "%" else [value]
    return []


def figure_matches(
    value: Decimal | None, unit: str | None, gold_value: str | Decimal, gold_unit: str, tolerance: Decimal = TOLERANCE
) -> bool:
    if value is None:
        return False
    gold = Decimal(str(gold_value))
    return any(abs(v - gold) <= tolerance for v in in_gold_unit(Decimal(value), unit, gold_unit))


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def phrases_present(text: str, phrases: Iterable[str]) -> bool:
    hay = _squash(text)
    return all(_squash(p) in hay for p in phrases)


_TABLE_LABEL = re.compile(r"^表[一二三四五六七八九十]+$")


def source_matches(text: str, source: str) -> bool:
    """`source` occurs in `text`; a table label must not run on into a longer one (表十 ≠ 表十二)."""
    if _TABLE_LABEL.match(source):
        return re.search(re.escape(source) + r"(?![一二三四五六七八九十])", text or "") is not None
    return source in (text or "")


def citation_matches(citations: Sequence[Citation], sources: Sequence[str]) -> bool:
    """True when no source is required, or some citation's source or title contains one of them."""
    if not sources:
        return True
    return any(source_matches(c.source, s) or source_matches(c.title, s) for c in citations for s in sources)


def is_abstention(answer: Answer) -> bool:
    return answer.status in ABSTAIN_STATUSES


@dataclass(frozen=True)
class Verdict:
    correct: bool
    cited: bool  # correct and backed by a matching citation
    wrong_figure: bool
    abstained: bool
    route_ok: bool
    why: str  # empty when correct and cited


@dataclass
class Run:
    """One system's answers to one set."""

    answers: list[Answer] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # ids of questions whose ask() crashed


def judge(item: GoldItem, answer: Answer) -> Verdict:
    """Score one answer against its gold expectation (see the module docstring for the rules)."""
    exp, abstained = item.expect, is_abstention(answer)
    why: list[str] = []
    if exp.get("absent"):
        wrong = answer.value is not None
        correct = abstained and not wrong
        if not correct:
            why.append(f"应回答「文档中未找到」，却给出数字 {answer.value}" if wrong else "没有拒答 (did not abstain)")
    else:
        wrong = False
        correct = True
        if "value" in exp:
            if answer.value is None:
                correct = False
                why.append("没有给出关键数字 (no key figure)")
            elif not figure_matches(answer.value, answer.unit, exp["value"], exp["unit"]):
                correct, wrong = False, True
                why.append(
                    f"数字错误 (wrong figure): {answer.value} {answer.unit or ''} ≠ {exp['value']} {exp['unit']}"
                )
        missing = [p for p in exp.get("phrases", []) if not phrases_present(answer.text, [p])]
        if missing:
            correct = False
            why.append("缺少 (missing phrases): " + "、".join(missing))
        if abstained:
            correct = False
            why.append(f"错误拒答 (abstained: {answer.status})")
    if answer.status == "error":
        why.insert(0, "程序出错 (crashed)")
    cited = correct and citation_matches(answer.citations, item.sources)
    if correct and not cited:
        why.append("引用不符 (no citation matches " + "/".join(item.sources) + ")")
    return Verdict(
        correct=correct,
        cited=cited,
        wrong_figure=wrong,
        abstained=abstained,
        route_ok=answer.route == item.route,
        why="；".join(why),
    )


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0–100) with linear interpolation between closest ranks; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def summarize(items: Sequence[GoldItem], verdicts: Sequence[Verdict]) -> dict[str, Any]:
    """Accuracy, cited accuracy, wrong figures, abstention precision/recall and route accuracy."""
    n = len(items)
    gold_abstain = [bool(i.expect.get("absent")) for i in items]
    pred_abstain = [v.abstained for v in verdicts]
    true_pos = sum(g and p for g, p in zip(gold_abstain, pred_abstain))
    return {
        "n": n,
        "correct": sum(v.correct for v in verdicts),
        "accuracy": _ratio(sum(v.correct for v in verdicts), n),
        "cited": sum(v.cited for v in verdicts),
        "cited_accuracy": _ratio(sum(v.cited for v in verdicts), n),
        "wrong_figures": sum(v.wrong_figure for v in verdicts),
        "abstain_precision": _ratio(true_pos, sum(pred_abstain)),
        "abstain_recall": _ratio(true_pos, sum(gold_abstain)),
        "route_accuracy": _ratio(sum(v.route_ok for v in verdicts), n),
    }


def by_category(items: Sequence[GoldItem], verdicts: Sequence[Verdict]) -> dict[str, dict[str, Any]]:
    out = {}
    for cat in CATEGORIES:
        pairs = [(i, v) for i, v in zip(items, verdicts) if i.category == cat]
        if pairs:
            out[cat] = summarize([p[0] for p in pairs], [p[1] for p in pairs])
    return out
