"""Money is integer fen; every division says how it rounds."""

from __future__ import annotations

import re
from fractions import Fraction

from office.payroll.errors import MoneyError


def divide_half_up(numerator: int, denominator: int) -> int:
    """`numerator / denominator` rounded half away from zero (decimal ROUND_HALF_UP).

    Away from zero, not to even, so a reversal (a void) of a paid amount is its exact negative.
    """
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    quotient, remainder = divmod(abs(numerator), denominator)
    if 2 * remainder >= denominator:
        quotient += 1
    return quotient if numerator >= 0 else -quotient


def round_half_up(value: Fraction) -> int:
    return divide_half_up(value.numerator, value.denominator)


def _yuan(fen: int, grouping: str) -> str:
    """Fen as yuan with two decimals; `grouping` is the format spec of the whole yuan ("" or ",")."""
    sign = "-" if fen < 0 else ""
    yuan, rest = divmod(abs(fen), 100)
    return f"{sign}{yuan:{grouping}}.{rest:02d}"


def format_yuan(fen: int) -> str:
    """12345 -> '123.45' (what banks' batch files expect)."""
    return _yuan(fen, "")


def display_yuan(fen: int) -> str:
    """12345678 -> '123,456.78': for people reading a page, never for a bank file."""
    return _yuan(fen, ",")


def money(fen: int) -> str:
    """-1234567 -> '-¥12,345.67': an amount as a person reads it (pages, slips, sheets), the sign before ¥."""
    return ("-" if fen < 0 else "") + "¥" + display_yuan(abs(fen))


_YUAN = re.compile(r"^\s*(\d{1,9})(?:\.(\d{1,2}))?\s*$")


def parse_yuan(text: str) -> int:
    """'1.5' -> 150 fen; refuses negative amounts, more than two decimals and anything else."""
    match = _YUAN.match(text or "")
    if not match:
        raise MoneyError("not_an_amount", value=text)
    return int(match.group(1)) * 100 + int((match.group(2) or "0").ljust(2, "0"))
