"""A unit of the department named in English ("the Work Safety Emergency Rescue Center", "the radio monitoring
station"): its kind of body (center → 中心, station → 站 …, app/resources/unit_kinds_en.tsv) and the words before it
(app/resources/words_en.tsv) are looked for in the names of the units the document lists. One unit whose name
holds the kind and most of the words (two at least) is written in Chinese; a body no unit answers to is named
so that the question is declined — never the department's own figure in its place."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from app.answer.english_words import words_en
from app.answer.knowledge import Knowledge
from app.answer.question_words import _BODY_END

_STOP = {"the", "a", "an", "of", "for", "by", "to", "in", "at", "on", "is", "are", "what", "how", "much", "its", "and"}


@lru_cache(maxsize=1)
def unit_kinds_en() -> dict[str, tuple[str, ...]]:
    text = resources.files("app").joinpath("resources/unit_kinds_en.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return {en.strip().lower(): tuple(cn.strip().split("|")) for en, cn in rows}


def _named_bodies(text: str) -> list[tuple[int, int, list[str], str]]:
    """(start, end, its words, its kind) of each English body: up to five words before a kind noun."""
    kinds = unit_kinds_en()
    found = []
    for m in re.finditer(r"[a-z]+", text):
        if m.group(0) not in kinds:
            continue
        words: list[re.Match] = []
        for w in reversed(list(re.finditer(r"[a-z][a-z'-]*", text[: m.start()]))):
            gap = text[w.end() : words[0].start() if words else m.start()]
            if w.group(0) in _STOP or not re.fullmatch(r"[\s-]*", gap) or len(words) == 5:
                break
            words.insert(0, w)
        if words:
            found.append((words[0].start(), m.end(), [w.group(0) for w in words], m.group(0)))
    return found


def _units(kb: Knowledge) -> list[str]:
    names = {n for n in kb.rows["name"] if _BODY_END.search(n)}
    own = str(kb.doc.get("unit") or "")
    return sorted(names | ({own} if own else set()))


def _best_unit(kb: Knowledge, words: list[str], kind: str) -> str:
    known = words_en()
    content = [w for w in words if w in known]
    best: list[tuple[int, str]] = []
    of_kind = [u for u in _units(kb) if any(u.endswith(k) or k in u[-4:] for k in unit_kinds_en()[kind])]
    for unit in of_kind:
        said = sum(any(cn in unit for cn in known[w]) for w in content)
        if (said >= 2 or said == 1 and len(of_kind) == 1) and said * 2 >= len(words):  # (the one 支队 of 执法)
            best.append((said, unit))
    best.sort(reverse=True)
    if not best or len(best) > 1 and best[1][0] == best[0][0]:
        return ""
    return best[0][1]


def bodies_in_chinese(kb: Knowledge, text: str) -> str:
    """`text` with each English body that one unit of the document answers to written as that unit's name."""
    own = str(kb.doc.get("unit") or "")
    for start, end, words, kind in reversed(_named_bodies(text)):
        ends = unit_kinds_en()[kind]
        unit = _best_unit(kb, words, kind) or (  # the document's own unit, when it is the one body of the kind
            own if any(own.endswith(k) for k in ends) and not _of_kind(kb, ends, own) else ""
        )
        if unit:
            text = text[:start] + ("本单位" if unit == kb.doc.get("unit") else unit) + text[end:]
    return text


def _of_kind(kb: Knowledge, ends: tuple[str, ...], own: str) -> list[str]:
    return [u for u in _units(kb) if u != own and any(u.endswith(k) for k in ends)]


def unlinked_body(text: str) -> str:
    """The first English body left in the (rewritten) question: no unit of the document answers to it."""
    found = _named_bodies(text)
    if found:
        return " ".join([*found[0][2], found[0][3]])
    kinds = "|".join(unit_kinds_en())  # 「人员经费 执法 detachment」: the words before it already read as Chinese
    named = re.search(rf"([\u4e00-\u9fff]{{2,12}}\s*)\b({kinds})\b", text)
    return named.group(0) if named else ""
