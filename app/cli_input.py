"""Questions as the terminal hands them over: stdin bytes (one question a line, in UTF-8, GB18030/GBK or
UTF-16) and command-line text the locale could not decode. app.cli's `ask` reads its questions through these."""

from __future__ import annotations

import sys


def read_questions(data: bytes) -> list[str]:
    """Questions from stdin bytes: one per "\n" (a "\r\n" ending is fine; no other character splits a
    question). Text with a UTF-16 byte-order mark is read as UTF-16; otherwise each line is decoded on its own
    (UTF-8, else GB18030/GBK), so one line in another encoding does not spoil the rest. A line that decodes in
    neither keeps U+FFFD marks, and the guard refuses that question alone."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return [q.removesuffix("\r") for q in data.decode("utf-16", errors="replace").split("\n")]
    return [_decode_line(line.removesuffix(b"\r")) for line in data.removeprefix(b"\xef\xbb\xbf").split(b"\n")]


def stdin_bytes() -> bytes:
    buffer = getattr(sys.stdin, "buffer", None)  # a text stream without bytes (an embedding program's) is UTF-8
    return buffer.read() if buffer is not None else sys.stdin.read().encode("utf-8", "surrogateescape")


def _decode_line(raw: bytes) -> str:
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace")


def from_argv(text: str) -> str:
    """A question from the command line: bytes the locale could not decode (kept by Python as lone surrogates)
    are decoded as UTF-8, or GB18030, or marked U+FFFD."""
    return _decode_line(text.encode("utf-8", "surrogateescape"))
