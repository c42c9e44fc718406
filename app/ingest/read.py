"""Read a disclosure's text from disk into a SourceDoc: decode, number lines, infer pages, identify.

Bad input gets a clear error (InputFileError / NotADisclosureError) and nothing on disk is touched.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from pathlib import Path

from app.errors import InputFileError, NotADisclosureError
from app.models import Line, SourceDoc, doc_id_for

MAX_BYTES = 20 * 1024 * 1024
# 单位名称：X (a 单位 disclosure), 部门名称：X (a 部门 disclosure) or 编制单位：X; the name ends at a space or at a glued 「(金额)单位：」
_UNIT_RE = re.compile(r"(?:(?:单位|部门)名称|(?:编制|预算)单位)[:：]\s*(?P<unit>[^\s:：]+?)(?:\s|(?:金额)?单位[:：]|$)")
_YEAR_IN_TITLE_RE = re.compile(r"(?P<year>20\d\d)\s*年(?:度)?[^\n]{0,30}?(?:预算|表)")


_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\u2028\u2029\ufffe\uffff]")  # never text; \t \n \f \r stay


def read_file_bytes(path: str | Path) -> bytes:
    """The bytes of a regular file, at most MAX_BYTES (counted while reading, not trusted from the size the
    file system reports). Refuses, each in words: missing files, folders, symlink loops, devices, pipes and
    sockets (opening a pipe would wait forever), unreadable and oversized files."""
    p = Path(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise InputFileError(f"找不到文件：{p}。请检查路径。 (file not found)") from None
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise InputFileError(f"符号链接形成了循环，无法打开：{p}。 (symlink loop)") from None
        raise InputFileError(f"无法读取文件：{p}（{e.strerror}）。 (unreadable file)") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputFileError(f"这是一个文件夹，不是文件：{p}。 (is a directory)")
    if not stat.S_ISREG(st.st_mode):
        kind = "命名管道" if stat.S_ISFIFO(st.st_mode) else "套接字" if stat.S_ISSOCK(st.st_mode) else "设备文件"
        raise InputFileError(f"这不是普通文件（是{kind}），不能导入：{p}。 (not a regular file)")
    try:
        with open(p, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as e:
        raise InputFileError(f"无法读取文件：{p}（{e.strerror}）。 (unreadable file)") from None
    if len(data) > MAX_BYTES:
        raise InputFileError(f"文件太大（超过 {MAX_BYTES // 1024 // 1024} MB 上限）：{p}。 (file too large)")
    return data


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Bytes → (text, encoding). UTF-16 when it carries a byte-order mark, else UTF-8, then GB18030 (a superset
    of GBK) for older exports. Control characters other than tab, line and page breaks are dropped."""
    if not data.strip():
        raise InputFileError(f"文件为空：{path}。请提供预算公开文件导出的文本。 (empty file)")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return _clean(data.decode("utf-16")), "utf-16"
        except UnicodeDecodeError:
            raise InputFileError(f"文件标明是 UTF-16 编码，但内容不完整或已损坏：{path}。 (broken UTF-16)") from None
    head = data[:4096]
    if b"\x00" in head and len(head) >= 4:  # UTF-16 without a byte-order mark: every other byte of ASCII is NUL
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _looks_like_text(text[:2048]):
                return _clean(text), "utf-16"
    if b"\x00" in head:
        raise InputFileError(
            f"文件不是文本（像是二进制文件，例如 PDF 或图片）：{path}。请先把 PDF 导出为 .txt 文本。 (binary file)"
        )
    try:
        return _clean(data.decode("utf-8-sig")), "utf-8"
    except UnicodeDecodeError as e:
        if e.start >= len(data) - 3 and e.reason == "unexpected end of data":
            raise InputFileError(
                f"文件在一个字符的中间被截断了（不完整的文件）：{path}。请重新导出或下载完整的文件。 (truncated file)"
            ) from None
    try:
        return _clean(data.decode("gb18030")), "gb18030"
    except UnicodeDecodeError:
        pass
    raise InputFileError(f"无法识别文件编码：{path}。请另存为 UTF-8 文本。 (undecodable text)")


def _looks_like_text(text: str) -> bool:
    """Chinese or ASCII text, not binary bytes read as UTF-16 (which give control and unassigned characters)."""
    plain = sum(1 for ch in text if ch.isprintable() or ch in "\n\r\t\f")
    return bool(text) and plain >= 0.97 * len(text)


def _clean(text: str) -> str:
    return _CONTROL_RE.sub("", text)


def split_lines(text: str) -> tuple[Line, ...]:
    """Non-empty lines with their file line numbers. Lines of only spaces are kept: in a table they are
    rows of empty cells, or the lead-in of a wrapped row.

    Pages, by the first convention the text follows:
    - form feeds (pdftotext and similar): a form feed opens a new page; it is not kept in the line's text;
    - blank lines (the bundled extraction): every line is followed by a blank line, except at a page break,
      where the new page's first text line follows the previous text line directly and begins with a space;
    - neither (an extraction without blank lines): a line that begins with exactly one space opens a page.
      Rows of empty cells also begin with spaces, so these pages are a best effort (within a page or so).
    The first line is on page 1."""
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if raw_lines and raw_lines[0].startswith("\ufeff"):
        raw_lines[0] = raw_lines[0][1:]
    form_feeds = any("\f" in raw for raw in raw_lines)
    spaced = _blank_line_separated(raw_lines)
    lines: list[Line] = []
    page = 1
    previous = ""
    for no, raw in enumerate(raw_lines, start=1):
        if form_feeds:
            if "\f" in raw:
                page += raw.count("\f") if lines else 0
                raw = raw.replace("\f", "")
        elif (
            lines
            and raw.strip()
            and ((spaced and previous.strip() and raw.startswith(" ")) or (not spaced and re.match(r"^ \S", raw)))
        ):
            page += 1
        if raw == "":
            previous = raw
            continue
        lines.append(Line(no=no, page=page, text=raw))
        previous = raw
    return tuple(lines)


def _blank_line_separated(raw_lines: list[str]) -> bool:
    """Does the extraction follow (most) text lines with an empty line?"""
    text_lines = [i for i, raw in enumerate(raw_lines[:-1]) if raw.strip()]
    if not text_lines:
        return False
    followed = sum(1 for i in text_lines if raw_lines[i + 1] == "")
    return followed >= 0.4 * len(text_lines)


def identify(lines: tuple[Line, ...]) -> tuple[str, int]:
    """(unit name, budget year) as the document states them: 单位名称 (部门名称 in a 部门 disclosure) and the
    year in table titles."""
    units = [m.group("unit") for ln in lines for m in [_UNIT_RE.search(ln.text)] if m]
    years = [int(m.group("year")) for ln in lines for m in [_YEAR_IN_TITLE_RE.search(ln.text)] if m]
    if not units or not years:
        missing = "单位名称（或部门名称）" if not units else "预算年度"
        raise NotADisclosureError(
            f"没有找到{missing}：这不像一份标准格式的部门/单位预算公开文件（应含「单位名称：…」或「部门名称：…」和「20XX年预算收支总表」等表格）。"
            " (no budget disclosure recognised)"
        )
    unit = max(set(units), key=units.count)
    year = max(set(years), key=years.count)
    return unit, year


def read_document(path: str | Path) -> SourceDoc:
    p = Path(path)
    data = read_file_bytes(p)
    text, encoding = decode(data, str(p))
    lines = split_lines(text)
    unit, year = identify(lines)
    return SourceDoc(
        doc_id=doc_id_for(unit, year),
        unit=unit,
        year=year,
        path=str(p),
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        lines=lines,
    )
