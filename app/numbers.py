"""Numbers are parsed once, here: Decimal plus an explicit unit. Never compare money as floats."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－＋％", "0123456789.,-+%")

# A printed amount: 1222.75, 1,222.75, 54,900, -3.00, 0
AMOUNT_RE = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
# An amount inside running text, with its unit: 1,222.75万元, 6.35%, 42.43 万元, 90,000元
AMOUNT_IN_TEXT_RE = re.compile(
    r"(?P<num>[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(?P<unit>万元|亿元|元|%|％|个|辆|人|台|平方米|次)?"
)


def normalize_digits(text: str) -> str:
    """Full-width digits and punctuation to ASCII."""
    return text.translate(_FULLWIDTH)


def is_amount(token: str) -> bool:
    return bool(AMOUNT_RE.match(normalize_digits(token.strip())))


def parse_amount(token: str) -> Decimal | None:
    """'1,222.75' → Decimal('1222.75'); '' or '-' → None (a blank cell); raises ValueError on text."""
    text = normalize_digits(token.strip())
    if text in ("", "-", "—", "--"):
        return None
    if not AMOUNT_RE.match(text):
        raise ValueError(f"不是金额 (not an amount): {token!r}")
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation as e:  # pragma: no cover - AMOUNT_RE already guards this
        raise ValueError(f"不是金额 (not an amount): {token!r}") from e


MONEY_UNITS = ("元", "万元", "千元", "亿元")  # the units to_wan converts


def to_wan(value: Decimal, unit: str) -> Decimal:
    """Express an amount in 万元."""
    if unit == "万元":
        return value
    if unit == "元":
        return value / Decimal(10000)
    if unit == "千元":
        return value / Decimal(10)
    if unit == "亿元":
        return value * Decimal(10000)
    raise ValueError(f"not a money unit: {unit}")


def fmt_wan(value: Decimal) -> str:
    """9 → '9.00万元' (tables print 万元 with two decimals)."""
    return f"{value.quantize(Decimal('0.01'))}万元"


def fmt_yuan(value: Decimal) -> str:
    """90000 → '90,000元'."""
    q = value.quantize(Decimal("1")) if value == value.to_integral_value() else value.quantize(Decimal("0.01"))
    return f"{q:,}元"


def fmt_money(value: Decimal, unit: str) -> str:
    """The house format, in the document's own unit first: '9.00万元（90,000元）'; a table in 元 gives
    '371,514,655元（约37151.47万元）'; 万元 printed with more decimals (北京: 32,365.090089) keeps them all."""
    wan = to_wan(value, unit)
    if unit in ("元", "千元"):
        rounded = wan.quantize(Decimal("0.01"))
        exact = fmt_yuan(wan * 10000)
        return f"{exact}（{'' if rounded == wan else '约'}{rounded}万元）"
    if wan != wan.quantize(Decimal("0.01")):
        return f"{wan.normalize():f}万元（{fmt_yuan(wan * 10000)}）"
    return f"{fmt_wan(wan)}（{fmt_yuan(wan * 10000)}）"


def fmt_value(value: Decimal, unit: str) -> str:
    """A figure with its unit: money as fmt_money writes it (1,222.75万元), anything else as printed (6.35%)."""
    return fmt_money(value, unit) if unit in ("万元", "元", "千元") else f"{value}{unit}"


def cn_to_int(text: str) -> int:
    """表十三 → 13, 一百零二 → 102 (Chinese numerals up to 999; Arabic digits pass through; 0 if unreadable)."""
    if text.isdigit():
        return int(text)
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    total, current = 0, 0
    for ch in text:
        if ch in digits:
            if current:
                return 0  # 「三四」 is not a number
            current = digits[ch]
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            return 0
    return total + current


def int_to_cn(n: int) -> str:
    """13 → 十三, 102 → 一百零二 (1 … 999), the way table labels are written — never Arabic digits, which a
    verifier would take for figures."""
    ones = "零一二三四五六七八九"
    if n < 10:
        return ones[n]
    if n < 100:
        tens, one = divmod(n, 10)
        return ("" if tens == 1 else ones[tens]) + "十" + (ones[one] if one else "")
    hundreds, rest = divmod(n % 1000, 100)
    if rest == 0:
        return ones[hundreds] + "百"
    return ones[hundreds] + "百" + ("零" + ones[rest] if rest < 10 else ("一" if rest < 20 else "") + int_to_cn(rest))
