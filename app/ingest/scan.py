"""Plain string scans for the few line shapes that regular expressions would check in quadratic time on a
long line (a 1 MB line of 「-」 or spaces): 目录 leaders and page numbers at the end of a line."""

from __future__ import annotations

_LEADERS = ("……", "...", "···", "---")  # two ellipses, or three dots, middle dots or hyphens


def _ends_with_leader(text: str) -> bool:
    return text.endswith(_LEADERS)


def _split_trailing_digits(text: str) -> tuple[str, int]:
    end = len(text)
    while end and text[end - 1].isdecimal():
        end -= 1
    return text[:end], len(text) - end


def toc_entry_tail(text: str) -> bool:
    """A 目录 entry's end: leader dots (…… / ... / ··· / ---), then optionally a page number.
    Same as the pattern (?:…{2,}|\\.{3,}|·{3,}|-{3,})\\s*\\d*\\s*$, in linear time."""
    core, _ = _split_trailing_digits(text.rstrip())
    return _ends_with_leader(core.rstrip())


def toc_page_tail(text: str) -> bool:
    """A 目录 entry's end as a table title shows it: a page number of 1–3 digits after leader dots or a
    space, or leader dots (…… / ... / ···) alone. Same as (?:…{2,}|\\.{3,}|·{3,}|-{3,}|\\s)\\s*\\d{1,3}\\s*$ or
    (?:…{2,}|\\.{3,}|·{3,})\\s*$, in linear time."""
    t = text.rstrip()
    core, digits = _split_trailing_digits(t)
    if 1 <= digits <= 3 and core and (core[-1].isspace() or _ends_with_leader(core.rstrip())):
        return True
    return t.endswith(("……", "...", "···"))


def toc_grid_tail(text: str) -> bool:
    """A 目录 line as a PDF page prints it: leaders (…… / .... / ···) then optionally a page number, or a
    page number of 1–3 digits after a space. Same as (?:…{2,}|\\.{4,}|·{3,})\\s*\\d*\\s*$|\\s\\d{1,3}\\s*$, in
    linear time."""
    t = text.rstrip()
    core, digits = _split_trailing_digits(t)
    if core.rstrip().endswith(("……", "....", "···")):
        return True
    return 1 <= digits <= 3 and bool(core) and core[-1].isspace()
