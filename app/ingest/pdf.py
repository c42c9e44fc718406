"""Read a PDF disclosure by geometry: each page's text lines (outside tables) and its ruled tables as grids of
cells with their row and column spans. pdfplumber (MIT) gives the characters with their positions and the
ruling lines; nothing here knows what a budget table means (that is app.ingest.grid).

Tables are found by their ruling (lines, rectangles or curves: pdfplumber's lattice finder). A page with
aligned figures but no ruling is read as a stream table: columns from the x-ranges of its figures
(app.ingest.pdf_stream). The shapes a page is read into are in app.ingest.pdf_page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from app.errors import IngestTimeout, InputFileError, NotADisclosureError
from app.ingest.budget import check
from app.ingest.pdf_page import Grid, GridCell, PdfPage, TextLine
from app.ingest.pdf_spill import SpillPage, spilled
from app.ingest.pdf_stream import stream_grids, titled

MAX_PAGES = 400
_EDGE_SNAP = 2.0  # points: cell edges closer than this are one grid line
_LINE_SNAP = 3.0  # points: words whose tops differ by less than this are one text line
_PAGE_NUMBER_RE = re.compile(
    r"^[-—–\s]*(?:第\s*)?\d{1,3}(?:\s*页)?[-—–\s]*$|^\d{1,3}\s*/\s*\d{1,3}$|^第\s*\d{1,3}\s*页\s*[,，]?\s*共\s*\d{1,3}\s*页$"
)
_CJK_RE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _open(path: Path) -> Any:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        return pdfplumber.open(path)
    except Exception as e:  # noqa: BLE001 - pdfplumber wraps pdfminer's errors, whose types vary by damage
        if isinstance(e, PDFPasswordIncorrect) or any(isinstance(a, PDFPasswordIncorrect) for a in e.args):
            raise InputFileError(
                f"PDF 已加密，需要密码才能打开：{path.name}。请提供未加密的文件。 (encrypted PDF)"
            ) from e
        raise InputFileError(
            f"PDF 文件已损坏或不完整，无法读取：{path.name}（{type(e).__name__}）。 (broken PDF)"
        ) from e


def read_pdf(path: str | Path) -> list[PdfPage]:
    """Every page's text lines and table grids. Raises InputFileError for an unreadable PDF and
    NotADisclosureError for one without a text layer (a scan)."""
    p = Path(path)
    pages: list[PdfPage] = []
    pdf = _open(p)
    try:
        try:
            n = len(pdf.pages)
        except Exception as e:  # noqa: BLE001 - pdfminer's errors on a broken page tree are of many types
            raise InputFileError(f"PDF 文件已损坏，无法读取页面：{p.name}（{type(e).__name__}）。 (broken PDF)") from e
        if n > MAX_PAGES:
            raise InputFileError(f"PDF 页数太多（{n} 页，上限 {MAX_PAGES} 页）：{p.name}。 (too many pages)")
        raw = []
        for i, page in enumerate(pdf.pages, start=1):
            check(f"读取 PDF 第{i}页")
            raw.append(_read_page(page, i))
            page.close()
        running = _running_heads(raw)
        pages = [_with_stream_tables(r, running) for r in raw]
    except Exception as e:
        if isinstance(e, (InputFileError, NotADisclosureError, IngestTimeout)):
            raise
        if type(e).__module__.startswith(("pdfminer", "pdfplumber")):
            raise InputFileError(f"PDF 文件已损坏，无法读取：{p.name}（{type(e).__name__}）。 (broken PDF)") from e
        raise
    finally:
        pdf.close()
    if not any(pg.chars for pg in pages):
        raise NotADisclosureError(
            f"这是扫描件，没有文字层，需要先做 OCR：{p.name}（{len(pages)} 页都没有可提取的文字）。 (scanned PDF without a text layer)"
        )
    return pages


def _read_page(page: Any, number: int) -> tuple[PdfPage, float]:
    """The page's text lines and ruled tables (stream tables come later, without its running head), and its
    height."""
    chars = len(page.chars)
    tables = page.find_tables() if chars else []
    if moved := spilled(page.chars, tables):  # a cell's text printed past its border, into the next cell
        page = SpillPage(page, moved)
        tables = page.find_tables()
    grids = [g for g in (_grid(t, number) for t in tables) if g is not None]
    if sum(g.n_rows == 1 for g in grids) >= 3:  # boxes drawn around runs of prose (a word processor's shading
        grids = [g for g in grids if g.n_rows > 1]  # or field frames), not tables: their words are the text's
    words = page.extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False) if chars else []
    outside = [w for w in words if not any(_inside(w, g) for g in grids)]
    lines = _text_lines(outside, number)
    return PdfPage(number, float(page.width), tuple(lines), tuple(grids), chars), float(page.height)


def _head_key(text: str) -> str:
    return re.sub(r"\d+|\s+", "", text)


def _running_heads(raw: list[tuple[PdfPage, float]]) -> set[str]:
    """The texts printed at the top or foot of many pages (「无锡市商务局 2026 年度部门预算公开」): page furniture,
    not prose and not a table's header."""
    seen: dict[str, set[int]] = {}
    for page, height in raw:
        for ln in page.lines:
            if ln.top < 0.09 * height or ln.bottom > 0.93 * height:
                seen.setdefault(_head_key(ln.text), set()).add(page.page)
    need = max(3, len(raw) // 3)
    return {k for k, pages in seen.items() if len(pages) >= need and len(k) >= 4}


def _with_stream_tables(raw: tuple[PdfPage, float], running: set[str]) -> PdfPage:
    """The page without its running head (but where it is printed first: it may be the document's title),
    with its unruled tables read from the lines left."""
    page, height = raw
    number = page.page
    lines = [
        ln
        for ln in page.lines
        if not (_head_key(ln.text) in running and (ln.top < 0.09 * height or ln.bottom > 0.93 * height) and number > 1)
    ]
    grids = list(page.grids)
    ruled = list(grids)
    for grid, used in stream_grids(lines, number):
        if any(grid.top < g.bottom and g.top < grid.bottom for g in ruled):
            continue  # figures beside a ruled table are that table's, not a table of their own
        if ruled and not _titled_above(lines, grid, ruled):
            continue  # on a page with ruled tables, an unruled one is taken only under its own title
        grids.append(grid)
        lines = [ln for ln in lines if id(ln) not in used]
    return PdfPage(number, page.width, tuple(lines), tuple(grids), page.chars)


def _titled_above(lines: list[TextLine], grid: Grid, ruled: list[Grid]) -> bool:
    """A table title between the unruled table and the ruled table (or page top) above it."""
    floor = max([g.bottom for g in ruled if g.bottom <= grid.top], default=0.0)
    return titled([ln for ln in lines if floor <= ln.top < grid.top])


def _inside(word: dict, g: Grid) -> bool:
    cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return g.x0 - 1 <= cx <= g.x1 + 1 and g.top - 1 <= cy <= g.bottom + 1


def _snap(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _EDGE_SNAP:
            out.append(v)
    return out


def _index(edges: list[float], v: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - v))


def _grid(table: Any, page: int) -> Grid | None:
    rows = table.rows
    texts = table.extract()
    boxes = [(bbox, text) for row, row_texts in zip(rows, texts) for bbox, text in zip(row.cells, row_texts) if bbox]
    if not boxes:
        return None
    xs = _snap([b[0] for b, _ in boxes] + [b[2] for b, _ in boxes])
    ys = _snap([b[1] for b, _ in boxes] + [b[3] for b, _ in boxes])
    if len(xs) < 2 or len(ys) < 2:
        return None
    cells = []
    for (x0, top, x1, bottom), text in boxes:
        c0, c1 = _index(xs, x0), _index(xs, x1) - 1
        r0, r1 = _index(ys, top), _index(ys, bottom) - 1
        if c1 < c0 or r1 < r0:
            continue
        cells.append(GridCell((text or "").strip(), r0, r1, c0, c1, x0, x1, top))
    x0, top, x1, bottom = table.bbox
    return Grid(page, top, bottom, x0, x1, len(ys) - 1, len(xs) - 1, tuple(cells), True, tuple(zip(xs, xs[1:])))


def _text_lines(words: list[dict], page: int) -> list[TextLine]:
    rows: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if rows and abs(rows[-1][0]["top"] - w["top"]) < _LINE_SNAP:
            rows[-1].append(w)
        else:
            rows.append([w])
    out = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        text = row[0]["text"]
        for a, b in zip(row, row[1:]):
            gap = b["x0"] - a["x1"]
            size = max(b["bottom"] - b["top"], 1.0)
            cjk = _CJK_RE.search(a["text"][-1]) and _CJK_RE.search(b["text"][0])
            sep = "" if (cjk and gap < 1.5 * size) else (" " if gap < 2 * size else "  ")
            text += sep + b["text"]
        text = text.strip()
        if not text or _PAGE_NUMBER_RE.match(text):
            continue
        out.append(
            TextLine(
                page,
                row[0]["top"],
                max(w["bottom"] for w in row),
                row[0]["x0"],
                row[-1]["x1"],
                text,
                tuple((w["x0"], w["x1"], w["text"]) for w in row),
            )
        )
    return out
