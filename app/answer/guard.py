"""The guard: a question is checked and normalised before anything else sees it.

It is only ever text: nothing derived from a question is evaluated or executed anywhere in BudgetQA.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from app.errors import QuestionRejected

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029]")
_UNDECODED = re.compile(r"[\ud800-\udfff\ufffd]")  # lone surrogates, replacement marks: bytes that were not text
_INJECTION = re.compile(
    r"忽略(之前|以上|前面|上述|所有)?的?(指令|指示|提示|规则|要求)|无视(之前|以上)?的?(指令|规则)|系统提示词?|提示词|"
    r"ignore (all |the )?(previous|above|prior) (instructions|prompts?)|system prompt|you are now|jailbreak|"
    r"__import__|\bos\.system\b|\beval\s*\(|\bexec\s*\(|subprocess|rm -rf|<script|drop table|;\s*--",
    re.IGNORECASE,
)


_CLAUSE = re.compile(r"[^。；;！!？?，,\n]+[。；;！!？?，,\n]?")


def without_instructions(text: str) -> str:
    """The question with every clause that carries an instruction or code removed (it is never run)."""
    kept = [c for c in _CLAUSE.findall(text) if not _INJECTION.search(c)]
    return "".join(kept).strip()


@dataclass(frozen=True)
class CleanQuestion:
    original: str
    text: str  # normalised: NFKC, simplified characters, lower-case ASCII, single spaces
    suspicious: bool  # carries instructions or code: answered as plain text or refused, never executed


@lru_cache(maxsize=1)
def _t2s():  # type: ignore[no-untyped-def]
    from opencc import OpenCC

    return OpenCC("t2s")


def normalize(text: str) -> str:
    """Full-width → half-width (NFKC), traditional → simplified, ASCII lower-case, collapsed spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = _t2s().convert(text)
    text = text.replace("\u3000", " ")
    return re.sub(r"\s+", " ", text).strip().lower()


def check(question: object, max_chars: int = 500) -> CleanQuestion:
    if not isinstance(question, str):
        raise QuestionRejected("问题必须是文字。 (the question must be text)")
    if _CONTROL.search(question):
        raise QuestionRejected("问题中含有控制字符，请只输入文字。 (control characters are not allowed)")
    if _UNDECODED.search(question):
        raise QuestionRejected("问题中含有无法识别的字符（编码损坏），请重新输入。 (invalid characters)")
    stripped = question.strip()
    if not stripped:
        raise QuestionRejected("问题是空的，请输入您想了解的预算问题，例如「三公经费是多少？」。 (empty question)")
    if len(stripped) > max_chars:
        raise QuestionRejected(
            f"问题太长（{len(stripped)} 字，上限 {max_chars} 字），请只问一个具体问题。 (question too long)"
        )
    text = normalize(stripped)
    if len(text) > max_chars:  # NFKC can grow a character into many (「﷽」 → 18): the limit holds after it too
        raise QuestionRejected(
            f"问题太长（规范化后 {len(text)} 字，上限 {max_chars} 字），请只问一个具体问题。 (question too long)"
        )
    return CleanQuestion(original=question, text=text, suspicious=bool(_INJECTION.search(stripped)))


QUIT_WORDS = frozenset({"quit", "exit", "q", ":q", "bye", "退出", "再见", "结束"})


def is_quit(text: str) -> bool:
    """「退出」「quit」「exit」 in a chat are commands to the chat, not questions about the budget."""
    return text.strip().strip("。.!！").lower() in QUIT_WORDS
