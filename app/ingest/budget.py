"""An overall time budget for one ingest, checked between pages, stages and embedding batches.

    with time_budget(settings.ingest_timeout_s):
        ... check("读取 PDF 页面") ...

A check past the deadline raises IngestTimeout with the stage it reached; nothing has been written by then
(the library builds the new version aside), so the index stays as it was.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Iterator
from contextlib import contextmanager

from app.errors import IngestTimeout

_DEADLINE: contextvars.ContextVar[tuple[float, float] | None] = contextvars.ContextVar("ingest_deadline", default=None)


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    token = _DEADLINE.set((time.monotonic() + seconds, seconds) if seconds > 0 else None)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check(stage: str) -> None:
    deadline = _DEADLINE.get()
    if deadline is not None and time.monotonic() > deadline[0]:
        raise IngestTimeout(
            f"导入超过了时间上限（{deadline[1]:.0f} 秒），停在「{stage}」。索引保持不变。文件可能过大或格式异常；"
            "如确需导入，可调大设置 ingest_timeout_s。 (ingest time budget exceeded)"
        )
