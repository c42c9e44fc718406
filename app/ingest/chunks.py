"""Narrative chunks: wrapped lines joined back into paragraphs, cut into chunks of whole sentences.

A chunk holds one paragraph or a few of its sentences (≤ MAX_CHUNK_CHARS unless one sentence is longer, and never
more than HARD_CAP_CHARS), never crossing a paragraph or a section, with its heading path and the file lines/pages it came from. Each 名词解释
definition is one chunk; each text of a 绩效目标表 (项目概况, 立项依据, …, 总体目标) gets its own chunks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from app.ingest.headings import marker
from app.ingest.performance_targets import perf_text_fields
from app.ingest.sections import DEFINITION, NARRATIVE, PERF, PERF_ROOT, Section
from app.models import Chunk, Line, SourceDoc, stable_id
from app.sentences import TERMINATORS, join_pieces, sentence_spans

MAX_CHUNK_CHARS = 200
MAX_DEFINITION_CHARS = 400  # a definition stays whole up to this size
HARD_CAP_CHARS = 600  # no chunk is longer: a longer "sentence" (a run-on line, junk) is cut at this length
_PARAGRAPH_END_SHARE = 0.8  # a line ending a sentence this much shorter than the longest line ends a paragraph

_Text = tuple[str, tuple[Line, ...]]  # joined text and the source line of each character


# ---------------------------------------------------------------- sentences


# ---------------------------------------------------------------- paragraphs


def paragraphs(lines: Sequence[Line]) -> list[_Text]:
    """Join wrapped lines into paragraphs. A paragraph starts at a numbered item (（一）…, 1、…) or after a
    line that ends a sentence well short of the full line width."""
    texts = [(ln, ln.text.strip()) for ln in lines if ln.text.strip()]
    longest = max((len(t) for _, t in texts), default=0)
    groups: list[list[tuple[Line, str]]] = []
    for ln, text in texts:
        prev = groups[-1][-1][1] if groups else ""
        ends_short = prev.endswith(tuple(TERMINATORS)) and len(prev) < _PARAGRAPH_END_SHARE * longest
        if not groups or marker(text) or ends_short:
            groups.append([])
        groups[-1].append((ln, text))
    return [join_pieces(g) for g in groups]


# ---------------------------------------------------------------- chunks


def chunk_text(text: str, owners: Sequence[Line], limit: int = MAX_CHUNK_CHARS) -> list[tuple[str, Line, Line]]:
    """Group whole sentences into pieces of at most `limit` characters (one longer sentence stays whole).
    A sentence longer than HARD_CAP_CHARS is cut into pieces of that length. Returns (text, first line, last line)."""
    groups: list[tuple[int, int]] = []
    spans = [
        (a, min(a + HARD_CAP_CHARS, end))
        for start, end in sentence_spans(text)
        for a in range(start, end, HARD_CAP_CHARS)
    ]
    for start, end in spans:
        if groups and end - groups[-1][0] <= limit:
            groups[-1] = (groups[-1][0], end)
        else:
            groups.append((start, end))
    return [(text[a:b], owners[a], owners[b - 1]) for a, b in groups]


def _make(doc: SourceDoc, path: tuple[str, ...], kind: str, piece: tuple[str, Line, Line]) -> Chunk:
    text, first, last = piece
    return Chunk(
        chunk_id=stable_id(doc.doc_id, path, text),
        doc_id=doc.doc_id,
        section=path,
        text=text,
        page=first.page,
        page_end=last.page,
        line=first.no,
        line_end=last.no,
        kind=kind,
    )


def _body(doc: SourceDoc, section: Section) -> list[Line]:
    lines = [ln for ln in section.lines(doc) if ln.text.strip()]
    return lines[1:] if section.heading and section.kind == NARRATIVE else lines


def _narrative_pieces(doc: SourceDoc, section: Section) -> Iterable[tuple[str, Line, Line]]:
    for text, owners in paragraphs(_body(doc, section)):
        yield from chunk_text(text, owners)


def _definition_pieces(doc: SourceDoc, section: Section) -> Iterable[tuple[str, Line, Line]]:
    text, owners = join_pieces((ln, ln.text) for ln in _body(doc, section))
    if not text:
        return []
    if len(text) <= MAX_DEFINITION_CHARS:
        return [(text, owners[0], owners[-1])]
    return chunk_text(text, owners)


def _section_chunks(doc: SourceDoc, section: Section) -> list[Chunk]:
    if section.kind == NARRATIVE:
        return [_make(doc, section.path, "narrative", p) for p in _narrative_pieces(doc, section)]
    if section.kind == DEFINITION:
        return [_make(doc, section.path, "definition", p) for p in _definition_pieces(doc, section)]
    if section.kind == PERF:
        return [
            _make(doc, (PERF_ROOT, section.title, field.label), "perf", piece)
            for field in perf_text_fields(doc, section)
            for piece in chunk_text(field.text, field.owners)
        ]
    return []


def _dedupe(chunks: list[Chunk]) -> list[Chunk]:
    """The same text twice in one section would share an id: the later one gets its line in the hash."""
    seen: set[str] = set()
    out = []
    for c in chunks:
        if c.chunk_id in seen:
            c = Chunk(
                stable_id(c.doc_id, c.section, c.text, c.line),
                c.doc_id,
                c.section,
                c.text,
                c.page,
                c.page_end,
                c.line,
                c.line_end,
                c.kind,
            )
        seen.add(c.chunk_id)
        out.append(c)
    return out


def chunk_narrative(doc: SourceDoc, sections: Sequence[Section]) -> list[Chunk]:
    """Chunks of every narrative section, definition and 绩效目标表 text, in document order. Tables are skipped
    (app.ingest.tables reads them)."""
    return _dedupe([c for section in sections for c in _section_chunks(doc, section)])


# ---------------------------------------------------------------- locating a quoted sentence
