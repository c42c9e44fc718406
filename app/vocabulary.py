"""The colloquial → official wording list (app/resources/synonyms.tsv) and the English glossary of the national
format's fixed vocabulary (app/resources/glossary_en.tsv), shared by the question linker and the BM25 search.
Data, not code: the files are the one place to add a phrase. Light: no heavy imports."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def synonyms() -> tuple[tuple[str, str], ...]:
    """(phrase, canonical) pairs, lower-cased, longest phrase first."""
    pairs = []
    for name in ("synonyms.tsv", "glossary_en.tsv"):
        text = resources.files("app").joinpath(f"resources/{name}").read_text(encoding="utf-8")
        pairs += [
            tuple(line.split("\t")[:2]) for line in text.splitlines() if line.strip() and not line.startswith("#")
        ]
    return tuple(
        sorted(((a.strip().lower(), b.strip().lower()) for a, b in pairs), key=lambda p: len(p[0]), reverse=True)
    )


def official_terms(text: str) -> list[str]:
    """The official terms for the colloquial phrases in `text` that it does not already use."""
    low = text.lower()
    out: list[str] = []
    for phrase, canonical in synonyms():
        if phrase in low and canonical not in low and canonical not in out:
            out.append(canonical)
    return out


@lru_cache(maxsize=1)
def bodies_en() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(English pattern, Chinese name parts) for kinds of government bodies (app/resources/bodies_en.tsv)."""
    text = resources.files("app").joinpath("resources/bodies_en.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return tuple((en.strip(), tuple(cn.strip().split("|"))) for en, cn in rows)
