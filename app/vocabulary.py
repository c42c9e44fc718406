"""The colloquial → official wording list (app/resources/synonyms.tsv) and the English glossary of the national
format's fixed vocabulary (app/resources/glossary_en.tsv), shared by the question linker and the BM25 search.
Data, not code: the files are the one place to add a phrase. Light: no heavy imports."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

_TOTAL_OF = re.compile(r"\b(?:the )?(?:total )?(?:budget|amount|spending|expenditure)s? (?:for|of|on) (?:the )?")
_SHARED_HEAD = re.compile(
    r"\b([a-z][a-z-]+) and (?:the )?([a-z][a-z-]+) (expenditures?|expenses|spending|funds?|fees|costs|budgets?)\b"
)


@lru_cache(maxsize=1)
def synonyms() -> tuple[tuple[str, str], ...]:
    """(phrase, canonical) pairs, lower-cased, longest phrase first."""
    pairs = []
    for name in ("synonyms.tsv", "glossary_en.tsv"):
        text = resources.files("app").joinpath(f"resources/{name}").read_text(encoding="utf-8")
        pairs += [
            tuple(line.split("\t")[:2]) for line in text.splitlines() if line.strip() and not line.startswith("#")
        ]
    out = {a.strip().lower(): b.strip().lower() for a, b in reversed(pairs)}  # the first line of a phrase wins
    for phrase, canonical in list(out.items()):  # "electricity bills" is also said "electricity bill"
        if re.search(r"[a-z]{3}[^s]s$", phrase):
            out.setdefault(phrase[:-1], canonical)
    return tuple(sorted(out.items(), key=lambda p: len(p[0]), reverse=True))


def official_terms(text: str) -> list[str]:
    """The official terms for the colloquial phrases in `text` that it does not already use."""
    low = text.lower()
    out: list[str] = []
    for phrase, canonical in synonyms():
        if phrase in low and canonical not in low and canonical not in out:
            out.append(canonical)
    return out


def distribute_en(text: str) -> str:
    """ "basic and project expenditures" → "basic expenditures and project expenditures" when each half is a
    glossary term, so each links on its own."""
    known = {phrase for phrase, _ in synonyms()}

    def one(m: re.Match) -> str:
        a, b, head = m.group(1), m.group(2), m.group(3)
        heads = {head, head.rstrip("s")}
        if any(f"{a} {h}" in known for h in heads) and any(f"{b} {h}" in known for h in heads):
            return f"{a} {head} and {b} {head}"
        return m.group(0)

    return _SHARED_HEAD.sub(one, text)


def without_total_of(text: str) -> str:
    """ "the total budget for the three public expenses" asks the 三公 total, not the whole budget: "total budget
    for" goes when a glossary term follows it."""
    total = _TOTAL_OF.search(text)
    rest = text[total.end() :] if total else ""
    known = (p for p, _ in synonyms() if len(p) >= 6 and "budget" not in p and "total" not in p)
    if total and any(rest.startswith(p) for p in known):
        return text[: total.start()] + rest
    return text


@lru_cache(maxsize=1)
def bodies_en() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(English pattern, Chinese name parts) for kinds of government bodies (app/resources/bodies_en.tsv)."""
    text = resources.files("app").joinpath("resources/bodies_en.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return tuple((en.strip(), tuple(cn.strip().split("|"))) for en, cn in rows)


def english_name(name: str) -> str:
    """The glossary's English for one of the format's words (「机关运行经费」 → "administrative operating costs"):
    the longest phrase that stands for exactly that word, or "" when the glossary has none."""
    want = name.strip('“”"').lower()
    pairs = [en for en, zh in synonyms() if zh.strip('“”"') == want and re.fullmatch(r"[a-z][a-z ()&'-]*", en)]
    return pairs[0] if pairs else ""
