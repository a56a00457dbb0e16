"""What a pay slip says, row by row, and why: pieces × rate = amount per product, the guarantee
top-up and base pay, late changes of earlier periods (上期补扣), hand lines with their reason
(手工调整) and a carried negative net. The PNG slip and the A4 PDF both draw these rows, so
they never disagree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from office.i18n import translate
from office.payroll.compute import PayLine, Rate, WorkerPay
from office.payroll.money import display_yuan, money

_EXTRAS = ("top_up", "base")  # summed into one row each
_BY_HAND = ("back_pay", "bonus", "deduction")


@dataclass(frozen=True, slots=True)
class SlipProduct:
    name: str
    pictogram: str  # a PictureRef (sync.protocol.photos): a stored photo's hash or an asset name


@dataclass(frozen=True, slots=True)
class SlipRow:
    kind: str  # piece | late | top_up | base | carry | back_pay | bonus | deduction
    product_id: str | None
    count: int  # pieces (piece and late piece rows), else 0
    caption: str  # the sentence that explains the amount
    amount_fen: int


def rate_text(rate: Rate | None, language: str) -> str:
    """¥0.05, or ¥0.30/4件 when the rate is for several pieces; "?" when unknown."""
    if rate is None:
        return "?"
    if rate.per_pieces == 1:
        return money(rate.rate_fen)
    return translate("payslip.rate_per", language, rate=display_yuan(rate.rate_fen), per=rate.per_pieces)


def attendance_text(pay: WorkerPay, language: str) -> str:
    """ "20 天 · 152.5 小时": the days and hours the guarantee and base pay are counted from."""
    return translate("payslip.attended", language, days=pay.days_attended, hours=f"{pay.seconds / 3600:.1f}")


def slip_rows(
    pay: WorkerPay, products: Mapping[str, SlipProduct], rates: Mapping[int, Rate], language: str
) -> list[SlipRow]:
    """The rows of one worker's slip, in the order they are printed; they sum to `pay.total_fen`."""

    def word(key: str) -> str:
        return translate(f"payslip.{key}", language)

    def product(product_id: str | None) -> str:
        return products[product_id].name if product_id in products else str(product_id or "")

    pieces: dict[tuple[str, int | None], list[int]] = defaultdict(lambda: [0, 0])
    late: dict[tuple[str, str | None, int | None], list[int]] = defaultdict(lambda: [0, 0])
    extras: dict[str, int] = defaultdict(int)
    others: list[PayLine] = []
    for line in pay.lines:
        if line.kind == "carry" or line.kind in _BY_HAND:
            others.append(line)
        elif line.origin_period_id is not None:
            late[(line.kind, line.product_id, line.rate_id)][0] += line.count
            late[(line.kind, line.product_id, line.rate_id)][1] += line.amount_fen
        elif line.kind == "piece" and line.product_id is not None:
            pieces[(line.product_id, line.rate_id)][0] += line.count
            pieces[(line.product_id, line.rate_id)][1] += line.amount_fen
        else:
            extras[line.kind] += line.amount_fen
    rows = []
    for (product_id, rate_id), (count, amount) in sorted(pieces.items(), key=lambda item: str(item[0])):
        caption = f"{product(product_id)} {count} × {rate_text(rates.get(rate_id or -1), language)}"
        rows.append(SlipRow("piece", product_id, count, f"{caption} = {money(amount)}", amount))
    rows += [SlipRow(kind, None, 0, word(kind), extras[kind]) for kind in _EXTRAS if extras.get(kind)]
    for (kind, product_id, rate_id), (count, amount) in sorted(late.items(), key=lambda item: str(item[0])):
        what = f"{product(product_id)} {count} × {rate_text(rates.get(rate_id or -1), language)}"
        caption = f"{word('late')}：{what if kind == 'piece' else word(kind)}"
        rows.append(SlipRow("late", product_id, count if kind == "piece" else 0, caption, amount))
    for line in others:
        label = word(line.kind) if line.kind == "carry" else f"{word('manual')}：{word(line.kind)}"
        rows.append(SlipRow(line.kind, None, 0, f"{label} {line.note}".strip(), line.amount_fen))
    return rows
