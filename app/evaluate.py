"""The scoreboard: golden question sets → scores, a Markdown and JSON report, and a regression check.

`budgetqa eval [--set PATH] [--report DIR] [--no-baseline]` calls `main(args, settings)`.

A golden set is a .jsonl file. Its FIRST line names the document the questions are about:

    {"doc": "data/datong_gxj_2024.txt"}

(a path relative to the working directory, else to the repository root, else to the set's own folder).
Every further line is one question:

    {"id": "d001", "question": "…", "category": "lookup|computed|narrative|definition|abstain|english",
     "route": "table|narrative|both|none", "expect": {…}, "sources": ["表十二", "绩效目标表"],
     "dialogue": null | "dlg1", "note": "optional, for humans"}

expect is one of
    {"value": "9.00", "unit": "万元"}                  a key figure (Answer.value/unit), exact decimal string
    {"value": "9.00", "unit": "万元", "phrases": […]}  a key figure and phrases that must all appear
    {"phrases": ["人员减少", "项目经费减少"]}            phrases that must all appear in Answer.text
    {"absent": true}                                   the document does not say: the answer must abstain
A blank or zero cell is a figure: {"value": "0", "unit": "万元"}. Lines sharing a dialogue id are asked in
file order, each with the earlier turns of its dialogue as history.

Scoring (pure functions below, unit-tested in tests/test_evaluate.py):
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

The engine answers from a fresh index: each set's document is ingested into a temporary folder every run
(never a stale index after the parser changes). The baseline is the usual vector RAG — see `Baseline`.
"""

from __future__ import annotations

import dataclasses
import json
import re
import sys
import tempfile
import time
import traceback
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from app.errors import BudgetQAError
from app.models import Answer, Citation

ROOT = Path(__file__).resolve().parents[1]
GOLDEN_DIR = ROOT / "evals" / "golden"
THRESHOLDS = ROOT / "evals" / "thresholds.json"

CATEGORIES = ("lookup", "computed", "narrative", "definition", "abstain", "english")
ROUTES = ("table", "narrative", "both", "none")
REQUIRED_KEYS = ("id", "question", "category", "route", "expect", "sources", "dialogue")
ABSTAIN_STATUSES = ("not_found", "refused")
TOLERANCE = Decimal("0.005")

# Minimums (scores in 0..1) and maximums (counts) a thresholds entry may set. Never latency.
MIN_KEYS = ("accuracy", "cited_accuracy", "route_accuracy", "abstain_precision", "abstain_recall")
MAX_KEYS = ("max_wrong_figures", "max_errors")


class GoldenSetError(BudgetQAError):
    """A golden set or the thresholds file is malformed."""

    code = "golden_set"


# ================================================================================================ loading
@dataclass(frozen=True)
class GoldItem:
    id: str
    question: str
    category: str
    route: str
    expect: dict[str, Any]
    sources: tuple[str, ...]
    dialogue: str | None
    note: str = ""


@dataclass(frozen=True)
class GoldSet:
    name: str  # the file stem, e.g. datong_2024: the key in thresholds.json
    path: Path
    doc: Path
    items: tuple[GoldItem, ...]


def _bad(path: Path | str, lineno: int, message: str) -> GoldenSetError:
    return GoldenSetError(f"评测集格式错误 {path} 第{lineno}行：{message} (malformed golden set)")


def _check_expect(expect: Any, path: Path | str, lineno: int) -> None:
    if not isinstance(expect, dict) or not expect:
        raise _bad(path, lineno, "expect 应为非空对象")
    if expect.get("absent") is True:
        if set(expect) != {"absent"}:
            raise _bad(path, lineno, "absent 不能与 value/phrases 同时出现")
        return
    if "value" in expect:
        try:
            Decimal(str(expect["value"]))
        except InvalidOperation as e:
            raise _bad(path, lineno, f"value 不是十进制数：{expect['value']!r}") from e
        if not isinstance(expect.get("unit"), str) or not expect["unit"]:
            raise _bad(path, lineno, "value 需要 unit（万元 / 元 / % / 辆 …）")
    phrases = expect.get("phrases", [])
    if not isinstance(phrases, list) or not all(isinstance(p, str) and p for p in phrases):
        raise _bad(path, lineno, "phrases 应为非空字符串的列表")
    if "value" not in expect and not phrases:
        raise _bad(path, lineno, "expect 需要 value、phrases 或 absent 之一")
    unknown = set(expect) - {"value", "unit", "phrases"}
    if unknown:
        raise _bad(path, lineno, f"expect 中有未知键：{', '.join(sorted(unknown))}")


def parse_item(record: Any, path: Path | str = "<set>", lineno: int = 0) -> GoldItem:
    """One question line → GoldItem; anything missing or invalid is a GoldenSetError naming the line."""
    if not isinstance(record, dict):
        raise _bad(path, lineno, "每行应为一个 JSON 对象")
    missing = [k for k in REQUIRED_KEYS if k not in record]
    if missing:
        raise _bad(path, lineno, f"缺少键：{', '.join(missing)}")
    if record["category"] not in CATEGORIES:
        raise _bad(path, lineno, f"category 无效：{record['category']!r}（可选 {'/'.join(CATEGORIES)}）")
    if record["route"] not in ROUTES:
        raise _bad(path, lineno, f"route 无效：{record['route']!r}（可选 {'/'.join(ROUTES)}）")
    if not isinstance(record["question"], str) or not record["question"].strip():
        raise _bad(path, lineno, "question 为空")
    if not isinstance(record["sources"], list) or not all(isinstance(s, str) and s for s in record["sources"]):
        raise _bad(path, lineno, "sources 应为字符串列表")
    if record["dialogue"] is not None and not isinstance(record["dialogue"], str):
        raise _bad(path, lineno, "dialogue 应为 null 或字符串")
    _check_expect(record["expect"], path, lineno)
    return GoldItem(
        id=str(record["id"]),
        question=record["question"],
        category=record["category"],
        route=record["route"],
        expect=record["expect"],
        sources=tuple(record["sources"]),
        dialogue=record["dialogue"],
        note=str(record.get("note", "")),
    )


def resolve_doc(doc: str, set_path: Path) -> Path:
    """The header's document path: as given (cwd), else under the repository root, else beside the set."""
    for candidate in (Path(doc), ROOT / doc, set_path.parent / doc):
        if candidate.is_file():
            return candidate
    raise GoldenSetError(f'评测集 {set_path} 指定的文档不存在：{doc}。请检查首行 {{"doc": …}}。 (document not found)')


def load_set(path: str | Path, must_exist: bool = True) -> GoldSet:
    """Read and validate a golden set. `must_exist=False` skips the document check (for tests)."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise GoldenSetError(f"无法读取评测集 {path}：{e}") from e
    records: list[tuple[int, Any]] = []
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            records.append((lineno, json.loads(line)))
        except json.JSONDecodeError as e:
            raise _bad(path, lineno, f"不是有效的 JSON：{e}") from e
    if not records or not isinstance(records[0][1], dict) or set(records[0][1]) != {"doc"}:
        raise _bad(path, records[0][0] if records else 1, '首行应为 {"doc": "文档路径"}')
    doc = str(records[0][1]["doc"])
    items = tuple(parse_item(rec, path, lineno) for lineno, rec in records[1:])
    dupes = [k for k, n in Counter(i.id for i in items).items() if n > 1]
    if dupes:
        raise GoldenSetError(f"评测集 {path} 中 id 重复：{', '.join(dupes)}")
    doc_path = resolve_doc(doc, path) if must_exist else Path(doc)
    return GoldSet(name=path.stem, path=path, doc=doc_path, items=items)


# ================================================================================================ scoring
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


# ================================================================================================ running
@dataclass
class Run:
    """One system's answers to one set."""

    answers: list[Answer] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # ids of questions whose ask() crashed


def _rejected(question: str, error: BudgetQAError) -> Answer:
    return Answer(
        question=question,
        text=str(error),
        value=None,
        unit=None,
        route="none",
        reason=f"rejected: {error.code}",
        status="refused",
    )


def _crashed(question: str, error: Exception) -> Answer:
    summary = "".join(traceback.format_exception_only(type(error), error)).strip()
    return Answer(
        question=question,
        text=f"(程序出错 crashed) {summary}",
        value=None,
        unit=None,
        route="none",
        reason="error",
        status="error",
    )


def ask_all(ask: Any, items: Sequence[GoldItem], use_history: bool = True, label: str = "") -> Run:
    """Ask every question in order (dialogue turns get their dialogue's earlier turns as history) and
    judge it. A BudgetQAError is the product refusing; any other exception is a bug in the engine: the
    question is scored as failed, named on stderr and in the report, and the run goes on."""
    run = Run()
    history: dict[str, list[tuple[str, Answer]]] = {}
    for item in items:
        past = tuple(history.get(item.dialogue, ())) if (item.dialogue and use_history) else ()
        start = time.perf_counter()
        try:
            answer = ask(item.question, history=past)
        except BudgetQAError as e:
            answer = _rejected(item.question, e)
        except Exception as e:  # noqa: BLE001 — skip-and-warn: one engine bug must not hide the other scores
            answer = _crashed(item.question, e)
            run.errors.append(item.id)
            print(f"警告 warning: {label} {item.id} 「{item.question}」 出错: {answer.text}", file=sys.stderr)
        run.latencies_ms.append((time.perf_counter() - start) * 1000)
        if item.dialogue:
            history.setdefault(item.dialogue, []).append((item.question, answer))
        run.answers.append(answer)
        run.verdicts.append(judge(item, answer))
    return run


def build_service(doc: Path, settings: Any, index_dir: str) -> tuple[Any, Any]:
    """Ingest `doc` into `index_dir` and build the service over it: (service, IngestReport)."""
    from app.library import Library, build

    local = dataclasses.replace(settings, index_dir=index_dir, doc="")
    report = Library(local).ingest(str(doc), progress=False)
    return build(dataclasses.replace(local, doc=report.doc.doc_id)), report


def run_engine(gold: GoldSet, settings: Any) -> tuple[Run, dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="budgetqa-eval-", ignore_cleanup_errors=True) as tmp:
        t0 = time.perf_counter()
        qa, report = build_service(gold.doc, settings, tmp)
        info = {
            "doc_id": report.doc.doc_id,
            "ingest_s": round(time.perf_counter() - t0, 2),
            "ingest_warnings": len(report.warnings),
        }
        _warm_up(qa.ask, gold.items[0].question if gold.items else "总预算是多少？")
        return ask_all(qa.ask, gold.items, label=gold.name), info


def _warm_up(ask: Any, question: str) -> None:
    """One untimed question first, so p50/p95 measure warm answers (models loaded, caches filled).
    A failure here is only warned about: the timed run scores the same failure question by question."""
    try:
        ask(question, history=())
    except Exception as e:  # noqa: BLE001
        print(f"警告 warning: 预热提问失败 (warm-up question failed): {e!r}", file=sys.stderr)


# ================================================================================================ baseline
BASELINE_CHUNK_SIZE = 256  # tokens; llama-index's default is 1024, which would make "top chunk" meaningless
BASELINE_CHUNK_OVERLAP = 32
# The baseline's key figure: the first number in its chunk that carries a money / percent / count unit,
# or failing that a bare decimal with two places (a table cell, read as 万元). Years (2024年), codes
# (2140206) and dates carry none of these and are skipped.
_BASELINE_FIGURE = re.compile(
    r"(?<![\d.,])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(?P<unit>万元|亿元|元|%|％|辆|个|人|台|平方米|次)"
    r"|(?<![\d.,])(?P<dec>\d+\.\d{2})(?![\d.%])"
)


def baseline_figure(text: str) -> tuple[Decimal | None, str | None]:
    """(value, unit) by the baseline's rule above; (None, None) when the chunk holds no such number."""
    m = _BASELINE_FIGURE.search(unicodedata.normalize("NFKC", text))
    if not m:
        return None, None
    if m.group("dec"):
        return Decimal(m.group("dec")), "万元"
    return Decimal(m.group("num").replace(",", "")), normalize_unit(m.group("unit"))


class Baseline:
    """How this is usually built: llama-index VectorStoreIndex over plain-text chunks of the whole document
    (tables included as text), the same embedding model as ours, the top-1 chunk as the answer. No LLM:
    llama_index's global Settings get MockLLM and our embedding explicitly, so nothing falls back to OpenAI.
    It never abstains and has no memory (dialogue turns are asked alone). Its citation is its chunk: it
    matches when the chunk's text contains a gold source."""

    def __init__(self, doc: Path, settings: Any) -> None:
        from llama_index.core import Document, VectorStoreIndex
        from llama_index.core import Settings as LlamaSettings
        from llama_index.core.llms import MockLLM
        from llama_index.core.node_parser import SentenceSplitter

        from app.ingest.read import decode
        from app.stores.embedder import llama_index_embedding, make_embedder

        embed = llama_index_embedding(make_embedder(settings.embedding))
        LlamaSettings.llm = MockLLM()
        LlamaSettings.embed_model = embed
        text, _ = decode(doc.read_bytes(), str(doc))
        splitter = SentenceSplitter(chunk_size=BASELINE_CHUNK_SIZE, chunk_overlap=BASELINE_CHUNK_OVERLAP)
        index = VectorStoreIndex.from_documents(
            [Document(text=text)], transformations=[splitter], embed_model=embed, show_progress=False
        )
        self._retriever = index.as_retriever(similarity_top_k=1)

    def ask(self, question: str, history: tuple = ()) -> Answer:
        hits = self._retriever.retrieve(question)
        chunk = hits[0].node.get_content() if hits else ""
        value, unit = baseline_figure(chunk)
        first_line = next((ln.strip() for ln in chunk.splitlines() if ln.strip()), "")
        cite = Citation(
            source=first_line,
            title=chunk,
            locator="top-1 chunk",
            quote=chunk,
            kind="chunk",
            ref_id=hits[0].node.node_id if hits else "",
            page=0,
            line=0,
        )
        return Answer(
            question=question,
            text=chunk,
            value=value,
            unit=unit,
            route="baseline",
            reason="vector top-1 chunk",
            citations=(cite,) if hits else (),
            status="answered",
        )


def run_baseline(gold: GoldSet, settings: Any) -> Run:
    baseline = Baseline(gold.doc, settings)
    return ask_all(baseline.ask, gold.items, use_history=False, label=f"{gold.name} baseline")


# ================================================================================================ thresholds
def load_thresholds(path: Path = THRESHOLDS) -> dict[str, dict[str, float]]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise GoldenSetError(f"阈值文件 {path} 不是有效的 JSON：{e}") from e
    for name, entry in data.items():
        unknown = set(entry) - set(MIN_KEYS) - set(MAX_KEYS)
        if unknown:
            raise GoldenSetError(
                f"阈值文件 {path} 中 {name} 有未知键：{', '.join(sorted(unknown))}"
                f"（可用：{', '.join(MIN_KEYS + MAX_KEYS)}）"
            )
    return data


def regressions(name: str, summary: dict[str, Any], errors: int, limits: dict[str, float]) -> list[str]:
    """Every threshold of set `name` that the run falls below (or above, for the max_ counts)."""
    found = []
    for key in MIN_KEYS:
        if key in limits:
            got = summary.get(key)
            if got is None or got < limits[key]:
                found.append(f"{name}: {key} {_fmt(got)} < {limits[key]}")
    counts = {"max_wrong_figures": summary["wrong_figures"], "max_errors": errors}
    for key, got in counts.items():
        if key in limits and got > limits[key]:
            found.append(f"{name}: {key[4:]} {got} > {limits[key]}")
    return found


# ================================================================================================ report
def _fmt(x: float | None, pct: bool = True) -> str:
    if x is None:
        return "—"
    return f"{x * 100:.1f}%" if pct else f"{x:.1f}"


def _expected(item: GoldItem) -> str:
    e = item.expect
    if e.get("absent"):
        return "文档中未找到 (absent)"
    parts = [f"{e['value']} {e['unit']}"] if "value" in e else []
    if e.get("phrases"):
        parts.append("含 " + "、".join(e["phrases"]))
    return "；".join(parts)


def _cite_text(c: Citation) -> str:
    return f"{c.source} · {c.locator}" if c.locator else c.source


def question_record(item: GoldItem, answer: Answer, verdict: Verdict, ms: float) -> dict[str, Any]:
    return {
        "id": item.id,
        "question": item.question,
        "category": item.category,
        "dialogue": item.dialogue,
        "expect": item.expect,
        "sources": list(item.sources),
        "route_gold": item.route,
        "text": answer.text,
        "value": None if answer.value is None else str(answer.value),
        "unit": answer.unit,
        "status": answer.status,
        "route": answer.route,
        "reason": answer.reason,
        "computation": answer.computation,
        "citations": [_cite_text(c) for c in answer.citations],
        "latency_ms": round(ms, 1),
        **dataclasses.asdict(verdict),
    }


def set_result(
    gold: GoldSet, ours: Run, base: Run | None, info: dict[str, Any], limits: dict[str, float]
) -> dict[str, Any]:
    summary = summarize(gold.items, ours.verdicts)
    result: dict[str, Any] = {
        "set": gold.name,
        "path": str(gold.path),
        "doc": str(gold.doc),
        **info,
        "summary": {
            **summary,
            "errors": len(ours.errors),
            "latency_p50_ms": percentile(ours.latencies_ms, 50),
            "latency_p95_ms": percentile(ours.latencies_ms, 95),
        },
        "categories": by_category(gold.items, ours.verdicts),
        "thresholds": limits,
        "regressions": regressions(gold.name, summary, len(ours.errors), limits),
        "questions": [
            question_record(i, a, v, ms)
            for i, a, v, ms in zip(gold.items, ours.answers, ours.verdicts, ours.latencies_ms)
        ],
    }
    if base is not None:
        bsum = summarize(gold.items, base.verdicts)
        result["baseline"] = {
            **bsum,
            "categories": by_category(gold.items, base.verdicts),
            "ratio": (summary["accuracy"] / bsum["accuracy"]) if bsum["accuracy"] else None,
        }
        for rec, a, v in zip(result["questions"], base.answers, base.verdicts):
            rec["baseline"] = {
                "value": None if a.value is None else str(a.value),
                "unit": a.unit,
                "correct": v.correct,
                "cited": v.cited,
                "wrong_figure": v.wrong_figure,
            }
    return result


def _summary_table(results: Sequence[dict[str, Any]]) -> list[str]:
    lines = [
        "| set | n | accuracy | with citation | wrong figures | abstain P / R | route | p50 ms | p95 ms "
        "| errors | baseline acc | baseline wrong | ours ÷ baseline |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        s, b = r["summary"], r.get("baseline")
        ratio = "—" if not b or b["ratio"] is None else f"{b['ratio']:.2f}×"
        lines.append(
            f"| {r['set']} | {s['n']} | {_fmt(s['accuracy'])} | {_fmt(s['cited_accuracy'])} | {s['wrong_figures']} "
            f"| {_fmt(s['abstain_precision'])} / {_fmt(s['abstain_recall'])} | {_fmt(s['route_accuracy'])} "
            f"| {_fmt(s['latency_p50_ms'], False)} | {_fmt(s['latency_p95_ms'], False)} | {s['errors']} "
            f"| {_fmt(b['accuracy']) if b else '—'} | {b['wrong_figures'] if b else '—'} | {ratio} |"
        )
    return lines


def _category_table(r: dict[str, Any]) -> list[str]:
    base = r.get("baseline", {}).get("categories", {})
    lines = [
        "| category | n | accuracy | with citation | wrong figures | route | baseline acc |",
        "|---|---|---|---|---|---|---|",
    ]
    for cat, s in r["categories"].items():
        b = base.get(cat)
        lines.append(
            f"| {cat} | {s['n']} | {_fmt(s['accuracy'])} | {_fmt(s['cited_accuracy'])} | {s['wrong_figures']} "
            f"| {_fmt(s['route_accuracy'])} | {_fmt(b['accuracy']) if b else '—'} |"
        )
    return lines


def _failure_lines(q: dict[str, Any]) -> list[str]:
    got = f"{q['value']} {q['unit'] or ''}".strip() if q["value"] is not None else "无数字 (no figure)"
    text = " ".join(q["text"].split())
    lines = [
        f"### {q['id']} [{q['category']}] {q['question']}" + (f"  (对话 {q['dialogue']})" if q["dialogue"] else ""),
        f"- expected: {_expected_from_record(q)} · sources: {' / '.join(q['sources']) or '—'} · route: {q['route_gold']}",
        f"- got: {got} · status: {q['status']} · route: {q['route']} ({q['reason']})",
        f"- answer: {text[:300]}{'…' if len(text) > 300 else ''}",
        f"- citations: {'; '.join(q['citations']) or '—'}",
        f"- why: {q['why'] or '—'}" + ("  **WRONG FIGURE**" if q["wrong_figure"] else ""),
    ]
    return lines + [""]


def _expected_from_record(q: dict[str, Any]) -> str:
    return _expected(
        GoldItem(
            id=q["id"],
            question=q["question"],
            category=q["category"],
            route=q["route_gold"],
            expect=q["expect"],
            sources=tuple(q["sources"]),
            dialogue=q["dialogue"],
        )
    )


def render_markdown(results: Sequence[dict[str, Any]], when: str) -> str:
    out = [f"# BudgetQA 评测报告 — {when}", "", "## Summary", "", *_summary_table(results), ""]
    regs = [x for r in results for x in r["regressions"]]
    out += ["**Thresholds:** " + ("all met" if not regs else "REGRESSION — " + "; ".join(regs)), ""]
    for r in results:
        out += [
            f"## {r['set']} — {r['doc']} (doc id {r['doc_id']}, ingest {r['ingest_s']} s, "
            f"{r['ingest_warnings']} parse warnings)",
            "",
            *_category_table(r),
            "",
        ]
        failed = [q for q in r["questions"] if not q["cited"]]
        out += [f"### Failures ({len(failed)} of {len(r['questions'])})", ""]
        for q in failed:
            out += _failure_lines(q)
        routes = [q for q in r["questions"] if not q["route_ok"]]
        if routes:
            out += [
                f"### Route mismatches ({len(routes)})",
                "",
                ", ".join(f"{q['id']} ({q['route_gold']}→{q['route']})" for q in routes),
                "",
            ]
    return "\n".join(out)


def write_reports(results: Sequence[dict[str, Any]], folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    when = datetime.now().isoformat(timespec="seconds")
    md, js = folder / "latest.md", folder / "latest.json"
    md.write_text(render_markdown(results, when), encoding="utf-8")
    js.write_text(
        json.dumps({"generated": when, "sets": list(results)}, ensure_ascii=False, indent=1, default=str),
        encoding="utf-8",
    )
    return md, js


# ================================================================================================ main
def default_sets() -> list[Path]:
    return sorted(GOLDEN_DIR.glob("*.jsonl"))


def main(args: Any, settings: Any) -> int:
    """Run every set; write the reports; 1 if any set falls below its thresholds (never on speed)."""
    paths = [Path(p) for p in (getattr(args, "sets", None) or default_sets())]
    if not paths:
        raise GoldenSetError(f"没有找到评测集：{GOLDEN_DIR}/*.jsonl。请用 --set 指定文件。 (no golden sets)")
    sets = [load_set(p) for p in paths]
    thresholds = load_thresholds()
    results = []
    for gold in sets:
        print(f"评测 {gold.name}: {len(gold.items)} 个问题，文档 {gold.doc}", file=sys.stderr)
        ours, info = run_engine(gold, settings)
        base = None if getattr(args, "no_baseline", False) else run_baseline(gold, settings)
        results.append(set_result(gold, ours, base, info, thresholds.get(gold.name, {})))
    md, js = write_reports(results, Path(getattr(args, "report", None) or "evals/reports"))
    print("\n".join(_summary_table(results)))
    print(f"\n报告 report: {md} · {js}")
    regs = [x for r in results for x in r["regressions"]]
    for line in regs:
        print(f"回退 REGRESSION: {line}", file=sys.stderr)
    return 1 if regs else 0
